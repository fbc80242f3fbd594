"""Compliance's compiled matchers kept between runs, so that a check does not build them again.

Building the lexicon's matchers (reading the lexicon, folding every term, its sounds and carve-outs,
the folding tables, and compiling their regular expressions) takes a tenth of a second, much more
than checking a daily playbook with them. The first process to build one writes it as plain data
(JSON) to the user's cache folder (``files.cache_folder()``, ``compliance/`` below it); the next
ones read it back in a few milliseconds.

An entry is found by a key that digests everything it follows from: livesop's version and the stamp
of its code (``checks.cache.code_stamp``), the bundled data (``checks.cache.lexicon_digest``: the
lexicon, the sound and contact rules, the character tables), the Python it was made by (the
compiled form of a regular expression belongs to one Python) and its Unicode tables; and, in its
name, what it was built for (the platform, the team's terms). An entry that cannot be read or does
not have the expected shape is built again and written over; a cache that cannot be written only
means building again next time. Entries of another key are removed when a new one is written.

Regular expressions are kept with the code Python's regex compiler made of them
(``compile_regex``), and rebuilt from it without parsing the pattern again; where that is not
possible (another Python), the pattern is compiled as usual.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import Any, Callable, TypeVar

from livesop import regexes

T = TypeVar("T")

FORMAT = 2  # raised whenever the shape of an entry changes
_FOLDER = "compliance"


# ---------------------------------------------------------------- regular expressions

def compile_regex(pattern: str) -> tuple[re.Pattern, list | None]:
    """``re.compile(pattern)``, and the arguments ``restore_regex`` makes it again from (None when
    this Python's compiler cannot give them: ``livesop.regexes.code_of``)."""
    args = regexes.code_of(pattern)
    return regexes.from_code(pattern, args), args


def restore_regex(pattern: str, args: list | None) -> re.Pattern:
    """The compiled ``pattern`` from the arguments ``compile_regex`` gave, else compiled as usual."""
    return regexes.from_code(pattern, args)


def regex_data(pattern: re.Pattern | None, args: list | None) -> dict | None:
    """A compiled pattern as plain data (``pattern`` as ``compile_regex`` gave it)."""
    return None if pattern is None else {"pattern": pattern.pattern, "args": args}


def regex_from_data(data: dict | None) -> tuple[re.Pattern | None, list | None]:
    if data is None:
        return None, None
    return restore_regex(data["pattern"], data["args"]), data["args"]


# ---------------------------------------------------------------- entries

_BASE: list[str] = []


def base_key() -> str:
    """The digest of everything every entry follows from (computed once per process)."""
    if not _BASE:
        import livesop
        from livesop.checks.cache import code_stamp, lexicon_digest

        parts = [FORMAT, livesop.__version__, code_stamp(), lexicon_digest(), regexes.BUILD, sys.version,
                 unicodedata.unidata_version]
        _BASE.append(_digest(json.dumps(parts)))
    return _BASE[0]


def name_of(*parts: Any) -> str:
    """An entry's name from what it was built for (plain data)."""
    return _digest(json.dumps(parts, ensure_ascii=False))[:32]


def kept(name: str, build: Callable[[], T], dump: Callable[[T], Any], restore: Callable[[Any], T]) -> T:
    """The value entry ``name`` keeps (``restore`` of its data), else ``build()``, written as
    ``dump`` of it for the next run."""
    path = None
    try:
        from livesop.files import cache_folder

        key = base_key()
        path = cache_folder() / _FOLDER / f"{key[:32]}-{name}.json"
        with open(path, "rb") as handle:
            entry = json.loads(handle.read().decode("utf-8"))
        if isinstance(entry, dict) and entry.get("key") == key and entry.get("name") == name:
            return restore(entry["data"])
    except Exception:  # noqa: BLE001 - no entry, or one that cannot be used: built again below
        pass
    value = build()
    if path is not None:
        try:
            _write(path, {"key": key, "name": name, "data": dump(value)})
        except Exception:  # noqa: BLE001 - a cache that cannot be written only means building again
            pass
    return value


def _write(path, entry: dict) -> None:
    from livesop.files import write_atomic

    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = path.name.split("-", 1)[0]
    for other in path.parent.glob("*.json"):  # entries of another livesop, lexicon or Python
        if not other.name.startswith(prefix + "-"):
            try:
                other.unlink()
            except OSError:
                pass
    write_atomic(path, text, durable=False)


def _digest(text: str) -> str:
    from livesop.checks.cache import content_digest

    return content_digest(text.encode("utf-8", "surrogatepass"))
