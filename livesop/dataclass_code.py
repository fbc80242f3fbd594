"""The code ``dataclasses`` generates for each class, compiled once per Python and kept beside
livesop's own bytecode.

For every class it decorates, ``dataclasses`` writes the source of ``__init__``, ``__setattr__``,
``__eq__`` … and compiles it with ``exec`` when the module is imported: for the fifty dataclasses a
command imports, a fifth of a cold ``validate``. ``install()`` gives the ``dataclasses`` module an
``exec`` of its own that compiles each source once and keeps the code object, ``marshal``-ed
(each on its own, so that a start reads only the code it uses), in
``livesop/__pycache__/`` — where Python keeps the package's bytecode, so it is trusted exactly as
much as the ``.pyc`` files beside it, and, like them, it is not written when Python is told not to
write bytecode (``PYTHONDONTWRITEBYTECODE``) or cannot. The code is what ``compile`` makes of the
same source for the same Python (the file names its build); whenever anything is unexpected —
another Python, a damaged or unreadable file, an ``exec`` that is not given source — the source is
compiled as usual.
"""

from __future__ import annotations

import builtins
import marshal
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path

_HEADER = b"livesop dataclass code 2\n" + MAGIC_NUMBER + sys.version.encode("utf-8", "replace") + b"\n"
_store: dict | None = None  # source → its code, marshal-ed on its own (read only when used)
_added: dict = {}  # source → code object compiled in this process, written at exit
_used: set = set()  # sources whose kept code this process used
MAX_ENTRIES = 5000  # beyond this, a write keeps only what the process used or compiled


def path() -> Path:
    return Path(__file__).resolve().parent / "__pycache__" / f"dataclasses.{sys.implementation.cache_tag}.marshal"


def install() -> None:
    """Make ``dataclasses`` compile through the kept code (its ``exec``; nothing else changes)."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is not _exec:
        dataclasses.exec = _exec


def _exec(source, globals=None, locals=None):  # noqa: A002 - exec's own parameter names
    """``exec`` as ``dataclasses`` calls it, with the code kept for ``source`` when there is some."""
    if globals is None:  # exec would take the caller's (dataclasses') globals
        import dataclasses

        globals = vars(dataclasses)  # noqa: A001
    if isinstance(source, str):
        code = _code(source)
        if code is not None:
            source = code
    return builtins.exec(source, globals, locals)


def _code(source: str):
    code = _unpacked(_kept().get(source))
    if code is not None:
        _used.add(source)
    else:
        code = _added.get(source)
    if code is None:
        try:
            code = compile(source, "<string>", "exec")
        except Exception:  # noqa: BLE001 - let exec raise what it would raise
            return None
        if not _added and not sys.dont_write_bytecode:
            import atexit

            atexit.register(_write)
        _added[source] = code
    return code


def _unpacked(blob):
    """The code object a kept entry holds, or None (no entry, or not code)."""
    if blob is None:
        return None
    try:
        code = marshal.loads(blob)
    except Exception:  # noqa: BLE001 - a damaged entry: compiled as usual
        return None
    return code if type(code) is type(_unpacked.__code__) else None


def _kept() -> dict:
    global _store
    if _store is None:
        _store = {}
        try:
            data = path().read_bytes()
            if data.startswith(_HEADER):
                entries = marshal.loads(data[len(_HEADER):])
                if isinstance(entries, dict) and all(isinstance(k, str) and isinstance(v, bytes)
                                                     for k, v in entries.items()):
                    _store = entries
        except Exception:  # noqa: BLE001 - no file, another Python's, a damaged one: compiled as usual
            pass
    return _store


def _write() -> None:
    """Keep the code compiled in this process with the code read (at exit)."""
    if not _added or sys.dont_write_bytecode:
        return
    try:
        from livesop.files import write_atomic

        target = path()
        target.parent.mkdir(exist_ok=True)
        entries = {**_kept(), **{source: marshal.dumps(code) for source, code in _added.items()}}
        if len(entries) > MAX_ENTRIES:  # code of older versions of the package's classes: let go
            entries = {source: entries[source] for source in _used | set(_added)}
        write_atomic(target, _HEADER + marshal.dumps(entries), durable=False)
    except Exception:  # noqa: BLE001 - a package folder that cannot be written only means compiling again
        pass
