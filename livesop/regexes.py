"""Regular expressions compiled once per Python and kept in the user's cache folder.

Python's regex compiler is written in Python: a pattern with large character classes or many
alternatives takes milliseconds to compile, at every start of a command (the figures of
``livesop/checks/money.py`` take as long as checking a daily playbook). ``compile`` gives the same
pattern object as ``re.compile``, built from the code Python's compiler made of it in an earlier
run (``_sre.compile``, the last step of ``re.compile`` itself) and kept as plain data (JSON) in
``files.cache_folder()``, ``regex/`` below it, one file per Python build: the code depends on
nothing else. The code's 32-bit words are kept as one hex string in this machine's byte order
(``code_of``): JSON reads a string of them in a tenth of the time it takes to read them as a list
of numbers (2 of the 3 ms a cold ``validate`` spent reading the kept compliance matchers). A
pattern not kept yet is compiled as usual and written with the others when the process ends.
Whenever this Python's compiler does not have the expected parts, or a kept entry is not what it
should be, patterns are compiled as usual.

``compile(pattern, warm=True)`` also puts the pattern in ``re``'s own cache, so that a library
compiling the same pattern at import (PyYAML's reader does) finds it there.
"""

from __future__ import annotations

import json
import re
import sys

try:  # the parts of Python's regex compiler ``re.compile`` itself is made of
    import _sre

    try:
        from re import _compiler as _sre_compile, _parser as _sre_parse
    except ImportError:  # Python 3.10
        import sre_compile as _sre_compile  # type: ignore[no-redef]
        import sre_parse as _sre_parse  # type: ignore[no-redef]
    # what code is valid for
    BUILD = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.byteorder}"
except (ImportError, AttributeError):  # another Python: patterns are compiled as usual
    _sre = None
    BUILD = ""

# whether the regex engine's code words are what a memoryview reads as "I" (then code is kept packed)
_PACKED = _sre is not None and _sre.CODESIZE == memoryview(bytes(4)).cast("I").itemsize == 4
_FORMAT = 2
_store: dict | None = None  # pattern → the arguments of _sre.compile, as kept
_added: dict = {}  # compiled in this process, to be written when it ends
_where: list = []  # the file read, written again there (the cache folder as it was then)


def compile(pattern: str, warm: bool = False) -> re.Pattern:  # noqa: A001 - re.compile's counterpart
    """``re.compile(pattern)``, from the kept code when there is some (``warm``: also put in
    ``re``'s cache)."""
    compiled = None
    if _sre is not None:
        args = _kept().get(pattern)
        if args is not None:
            compiled = _from_args(pattern, args)
        if compiled is None:
            args = code_of(pattern)
            compiled = _from_args(pattern, args) if args is not None else None
            if compiled is not None:
                _keep(pattern, args)
    if compiled is None:
        return re.compile(pattern)
    if warm:
        try:
            re._cache[type(pattern), pattern, 0] = compiled  # what re.compile(pattern) looks for first
        except (AttributeError, TypeError):
            pass
    return compiled


def code_of(pattern: str) -> list | None:
    """The arguments ``_sre.compile`` makes ``pattern`` from, as ``re.compile`` computes them, or
    None when this Python's compiler does not have the expected parts."""
    if _sre is None:
        return None
    try:
        parsed = _sre_parse.parse(pattern, 0)
        code = _sre_compile._code(parsed, 0)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return [parsed.state.flags, _packed(list(code)), parsed.state.groups - 1, groupindex, indexgroup]
    except Exception:  # noqa: BLE001 - anything unexpected: compiled as usual
        return None


def _packed(code: list) -> str | list:
    """The code as hex of its words (the list itself where they are not what ``_unpacked`` reads)."""
    if not _PACKED:
        return code
    return b"".join(word.to_bytes(4, sys.byteorder) for word in code).hex()


def _unpacked(code) -> list | None:
    """The code ``_packed`` gave as the list of words ``_sre.compile`` takes, or None."""
    if isinstance(code, list):
        return code
    if not isinstance(code, str) or not _PACKED:
        return None
    return memoryview(bytes.fromhex(code)).cast("I").tolist()


def from_code(pattern: str, args) -> re.Pattern:
    """``pattern`` compiled from the arguments ``code_of`` gave (kept as plain data), else as usual."""
    compiled = _from_args(pattern, args) if _sre is not None and args is not None else None
    return compiled if compiled is not None else re.compile(pattern)


def _from_args(pattern: str, args) -> re.Pattern | None:
    try:
        flags, code, groups, groupindex, indexgroup = args
        code = _unpacked(code)
        if not (isinstance(code, list) and isinstance(groupindex, dict) and isinstance(indexgroup, list)):
            return None
        compiled = _sre.compile(pattern, flags, code, groups, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - a damaged entry (_sre checks the code it is given)
        return None
    return compiled if compiled.pattern == pattern and compiled.flags == flags else None


def _kept() -> dict:
    global _store
    if _store is None:
        _store = {}
        try:
            _where.append(_path())
            with open(_where[0], "rb") as handle:
                entry = json.loads(handle.read().decode("utf-8"))
            if isinstance(entry, dict) and entry.get("build") == BUILD and entry.get("format") == _FORMAT \
                    and isinstance(entry.get("patterns"), dict):
                _store = entry["patterns"]
        except Exception:  # noqa: BLE001 - no cache folder, no entry, a damaged one: compiled as usual
            pass
    return _store


def _keep(pattern: str, args: list) -> None:
    if not _added:
        import atexit

        atexit.register(_write)
    _added[pattern] = args


def _write() -> None:
    """Write the kept patterns and those compiled in this process (at exit)."""
    try:
        from livesop.files import write_atomic

        patterns = {**_kept(), **_added}
        if not _where:
            return
        path = _where[0]
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"format": _FORMAT, "build": BUILD, "patterns": patterns},
                                      ensure_ascii=False, separators=(",", ":")), durable=False)
    except Exception:  # noqa: BLE001 - a cache that cannot be written only means compiling again
        pass


def _path():
    import zlib

    from livesop.files import cache_folder

    return cache_folder() / "regex" / f"{sys.implementation.cache_tag}-{zlib.crc32(BUILD.encode()):08x}.json"
