"""The result cache of ``livesop validate``: what checking a file found, kept as JSON entries in
the user's cache folder (``files.cache_folder()``, ``validate/`` below it).

An entry's key is a digest of everything the findings follow from that is known before checking:
the file's bytes (their digest) and the name it is shown by, livesop's version and the stamp of its code, the
bundled lexicon and the tables compliance reads (``livesop/data/``), the language messages are written in
(``i18n.current()``, and the stamp of its catalogue), ``--select``/``--ignore`` and ``--library``. What the
findings depend on beyond that, the scripts library, is written into the entry (the folder
chosen, where it was looked for, the name, size and modification time of each of its files) and
checked again before the entry is used (``checks.validate``); the entry keeps their digest.

Entries are plain data (JSON), written through a temporary file and a rename: runs side by side
see an old entry or a new one, never half of one. An entry that cannot be read or does not have
the expected shape is ignored, and the fresh result is written over it. A cache that cannot be
written (a read-only disk, no home folder) only means the next run checks again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

try:  # BLAKE2 from its own small module: hashlib's first import loads OpenSSL, a few milliseconds
    from _blake2 import blake2b as _blake2b
except ImportError:  # another Python
    from hashlib import blake2b as _blake2b

import livesop
from livesop import i18n
from livesop.files import cache_folder, write_atomic

ENTRY_FORMAT = 2  # raised whenever the shape of an entry changes
_PACKAGE = Path(livesop.__file__).parent


class ResultCache:
    """Entries for one set of options: ``key`` names an entry, ``get`` reads it, ``put`` writes it."""

    def __init__(self, options: tuple, folder: Path | None = None):
        self.folder = (folder or cache_folder()) / "validate"
        self.salt = _digest(json.dumps([ENTRY_FORMAT, livesop.__version__, code_stamp(), lexicon_digest(),
                                        language_stamp(), list(options)], ensure_ascii=False).encode("utf-8"))

    def key(self, name: str, content: str) -> str:
        """The key of the file shown as ``name`` whose bytes have the digest ``content``."""
        return _digest(f"{self.salt}\0{content}\0".encode() + name.encode("utf-8", "surrogateescape"))

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The entry of ``key`` as written, or None when there is none or it cannot be read as one."""
        try:
            with open(self.path(key), "rb") as handle:
                entry = json.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) and entry.get("key") == key else None

    def put(self, key: str, entry: dict) -> None:
        """Write ``entry`` for ``key``, atomically; a failure to write is ignored."""
        path = self.path(key)
        data = json.dumps({**entry, "key": key}, ensure_ascii=False, separators=(",", ":"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data, durable=False)
        except OSError:
            pass


def file_stamps(folder: Path, suffixes: tuple[str, ...] = (".md",), below: bool = False,
                prefix: str = "") -> list[list]:
    """``[name, size, mtime_ns]`` of each entry of ``folder`` whose name ends with one of
    ``suffixes`` (by default a scripts library's ``*.md``, as its ``glob`` lists them), sorted by
    name, ``prefix`` before each (size and time None when it cannot be looked at); with ``below``,
    then those of its other folders (``__pycache__`` left out), their names after the folder's."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return []
    stamps, folders = [], []
    for entry in entries:
        if entry.name.endswith(suffixes):
            try:
                info = entry.stat()
                stamps.append([prefix + entry.name, info.st_size, info.st_mtime_ns])
            except OSError:
                stamps.append([prefix + entry.name, None, None])
        elif below and entry.name != "__pycache__" and entry.is_dir():
            folders.append(entry.name)
    for name in folders:
        stamps += file_stamps(Path(folder, name), suffixes, True, f"{prefix}{name}/")
    return stamps


_STAMPS: dict[str, str] = {}


def code_stamp() -> str:
    """A digest of the name, size and modification time of the modules findings come from (the
    base modules, ``format/`` and ``checks/``): a livesop changed in place (a development install
    keeps its version) has other entries."""
    if "code" not in _STAMPS:
        stamps = file_stamps(_PACKAGE, (".py",))
        for top in ("format", "checks"):
            stamps += file_stamps(_PACKAGE / top, (".py",), True, top + "/")
        _STAMPS["code"] = state_digest(stamps)
    return _STAMPS["code"]


def lexicon_digest() -> str:
    """A digest of the name, size and modification time of the bundled data (``livesop/data/``:
    the compliance lexicon and its rules, ``*.yaml``, and the character tables, ``*.txt``)."""
    if "data" not in _STAMPS:
        _STAMPS["data"] = state_digest(file_stamps(_PACKAGE / "data", (".yaml", ".txt"), prefix="data/"))
    return _STAMPS["data"]


def language_stamp() -> list:
    """The language findings are written in (``i18n.current()``), with the size and modification
    time of its message catalogue (a catalogue compiled again gives other entries)."""
    language = i18n.current()
    folder = i18n.CATALOGUES.get(language)
    if folder is None:  # English: the messages as written
        return [language, None, None]
    try:
        info = os.stat(i18n.LOCALE_DIR / folder / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo")
    except OSError:
        return [language, None, None]
    return [language, info.st_size, info.st_mtime_ns]


def state_digest(state: list) -> str:
    """The digest of plain data (a scripts library's state, the stamps of the code and the data)."""
    return _digest(json.dumps(state).encode("ascii"))  # every character escaped: any file name is fine


def content_digest(raw: bytes) -> str:
    """The digest of a file's bytes, as keys use it."""
    return _digest(raw)


def _digest(data: bytes) -> str:
    return _blake2b(data, digest_size=32).hexdigest()
