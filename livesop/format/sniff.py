"""What is told of a playbook file before it is read as YAML: the size limit of a playbook,
whether a YAML file looks like one (a top-level ``livesop`` key), and the nearest scripts library
folder. Cheap to import: ``validate`` answered from its result cache reads no YAML."""

from __future__ import annotations

import re
from pathlib import Path

from livesop.files import read_upto

MAX_BYTES = 4 * 1024 * 1024
LIBRARY_DIR = "scripts_library"
_LIVESOP_KEY = re.compile(rb"^livesop[ \t]*:", re.M)


def has_livesop_key(path: Path) -> bool:
    """Cheap test whether a YAML file looks like a playbook (a top-level ``livesop`` key)."""
    try:
        with open(path, "rb") as handle:
            return bytes_have_livesop_key(read_upto(handle, MAX_BYTES + 1))
    except OSError:
        return True  # let the loader report why it cannot be read


def bytes_have_livesop_key(raw: bytes) -> bool:
    """``has_livesop_key`` of a file's bytes already read (at most ``MAX_BYTES + 1`` of them)."""
    return bool(_LIVESOP_KEY.search(raw))


def find_library(start: Path) -> Path | None:
    """The nearest ``scripts_library/`` folder in ``start`` or one of its parents."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / LIBRARY_DIR
        if path.is_dir():
            return path
    return None
