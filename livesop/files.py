"""The user's files that livesop writes: atomically, never over a file or folder by accident."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from livesop.errors import LivesopError, UsageError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    The file is either fully the old one or fully the new one; an existing file keeps its
    permission bits.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def refuse_overwrite(path: Path, force: bool) -> None:
    """A usage error when ``path`` exists and ``--force`` was not given."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder", "name the file to write, e.g. -o sessions/2026-11-25.yaml")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists", "pass --force to replace it, or choose another -o path")


def write_output(path: Path, data: str | bytes) -> None:
    """Write ``data`` atomically, creating the folder when needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise LivesopError(f"cannot write {path}: {exc.strerror or exc}", "check the path and its permissions",
                           2) from None
