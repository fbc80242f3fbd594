"""The user's files: read only when they are regular files, written atomically, never a node
replaced by accident.

Reading (``check_input``, ``read_input``): a regular file is read (a symbolic link is followed);
a folder, a named pipe (FIFO), a device or a socket is refused at once, before anything is read
from it, so that a FIFO can never hang a command. Writing (``write_atomic``, ``write_output``):
a regular file, or a new one, is written through a temporary file in the same folder and a
rename, so it is either the old file or the new one, never half of either; a symbolic link is
followed and its target replaced that way, the link kept; a device or a FIFO is written to
directly, because there is nothing to rename over (a FIFO only while a program reads it).

``KINDS`` says what each kind of path is and what happens to it; every failure is one message,
``cannot read PATH: REASON`` or ``cannot write PATH: REASON`` (exit 2), its hint chosen from
``HINTS`` by the system's error number.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from livesop.errors import UsageError
from livesop.i18n import N_, _, pgettext


@dataclass(frozen=True)
class Kind:
    """What a path is, as ``stat`` tells, and what livesop does with it."""

    name: str  # as a message says it: "a folder" (marked for the catalogue: ``_(kind.name)`` where shown)
    test: object  # the stat.S_IS* function that recognises it
    readable: bool  # read as an input file
    write: str  # "replace" (atomically, by a rename), "direct" (opened and written) or "refuse"


KINDS = (
    Kind(N_("a regular file"), stat.S_ISREG, True, "replace"),
    Kind(N_("a folder"), stat.S_ISDIR, False, "refuse"),
    Kind(N_("a named pipe (FIFO)"), stat.S_ISFIFO, False, "direct"),
    Kind(N_("a device"), stat.S_ISCHR, False, "direct"),
    Kind(N_("a device"), stat.S_ISBLK, False, "direct"),
    Kind(N_("a socket"), stat.S_ISSOCK, False, "refuse"),
)
_OTHER = Kind(N_("not a regular file"), lambda mode: True, False, "refuse")

# The system's errors that are the user's environment, never a bug: the hint for each (marked
# for the catalogue, translated where shown).
HINTS = {
    errno.ENOENT: N_("check the path"),
    errno.ENOTDIR: N_("check the path: a part of it is a file, not a folder"),
    errno.EACCES: N_("check the permissions of the file and its folder (ls -l)"),
    errno.EPERM: N_("check the permissions of the file and its folder (ls -l)"),
    errno.ENAMETOOLONG: N_("a file or folder name has at most 255 bytes: choose a shorter name"),
    errno.ELOOP: N_("the path is a loop of symbolic links: fix or remove the link"),
    errno.ENOSPC: N_("the disk is full: free some space, or write to another disk"),
    errno.EDQUOT: N_("the disk quota is used up: free some space, or write to another disk"),
    errno.EROFS: N_("the file system is read-only: write to another folder"),
    errno.EIO: N_("the disk or device reported an error: check it, or write somewhere else"),
    errno.ENXIO: N_("start the program that reads the pipe first, or write to a regular file"),
    errno.EISDIR: N_("name a file, not a folder"),
}
_NO_READER = N_("no program is reading the named pipe (FIFO)")
# The system's own words for those errors (the C library's, as Linux and macOS write them): a
# reason the catalogue knows is shown in the reader's language, any other as the system wrote it.
SYSTEM_REASONS = (
    N_("No such file or directory"), N_("Not a directory"), N_("Permission denied"),
    N_("Operation not permitted"), N_("File name too long"), N_("Too many levels of symbolic links"),
    N_("No space left on device"), N_("Disk quota exceeded"), N_("Read-only file system"),
    N_("Input/output error"), N_("No such device or address"), N_("Is a directory"),
    N_("Device not configured"), N_("Bad file descriptor"), N_("File too large"), N_("it is closed"), _NO_READER,
)
# ``cannot VERB PATH: REASON``, one whole sentence for each verb.
_CANNOT = {
    "read": N_("cannot read {path}: {reason}"),
    "write": N_("cannot write {path}: {reason}"),
    "open": N_("cannot open {path}: {reason}"),
}


class FileProblem(UsageError):
    """``cannot read PATH: REASON`` or ``cannot write PATH: REASON``, with a hint (exit 2)."""

    def __init__(self, verb: str, path: str | Path, reason: str, hint: str):
        super().__init__(_(_CANNOT[verb]).format(path=path, reason=reason), hint)
        self.path = str(path)
        self.reason = reason


def kind_of(path: str | Path) -> Kind | None:
    """What ``path`` is, symbolic links followed; None when nothing is there (or a link's target
    is missing). Any other failure (a name too long, a link loop, no permission) is an OSError."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    return _kind(mode)


def is_regular(path: str | Path) -> bool:
    """Whether ``path`` is a regular file (a link followed); False on any failure to tell."""
    try:
        kind = kind_of(path)
        return kind is not None and kind.readable
    except OSError:
        return False


def _kind_or_problem(verb: str, path: str | Path) -> Kind | None:
    """``kind_of``, a failure to tell being ``cannot VERB PATH: REASON``."""
    try:
        return kind_of(path)
    except OSError as exc:
        raise os_problem(verb, path, exc) from None


def _kind(mode: int) -> Kind:
    return next((kind for kind in KINDS if kind.test(mode)), _OTHER)


def os_problem(verb: str, path: str | Path, exc: OSError) -> FileProblem:
    """The message of an OSError met reading or writing ``path``."""
    if exc.errno == errno.ENOENT and verb == "read":
        reason = _("no such file")
    else:
        reason = system_reason(exc)
    hint = HINTS.get(exc.errno)
    return FileProblem(verb, path, reason, _(hint) if hint else _("check the path and its permissions"))


def system_reason(exc: OSError) -> str:
    """The system's reason for ``exc`` (its ``strerror``), in the reader's language when the
    catalogue knows it (``SYSTEM_REASONS``)."""
    return _(exc.strerror) if exc.strerror else str(exc)


def _what(what: str) -> str:
    """The kind of input a hint names (``check_input``'s ``what``) in the reader's language."""
    names = {
        "file": pgettext("kind of input file", "file"),
        "playbook": pgettext("kind of input file", "playbook"),
        "template": pgettext("kind of input file", "template"),
        "library": pgettext("kind of input file", "library"),
        "lineup": pgettext("kind of input file", "lineup"),
        "workbook": pgettext("kind of input file", "workbook"),
        "run log": pgettext("kind of input file", "run log"),
        "data": pgettext("kind of input file", "data"),
    }
    return names.get(what, what)


# ------------------------------------------------------------------------------- reading

def check_input(path: str | Path, what: str = "file", missing_ok: bool = False) -> None:
    """Refuse at once a ``path`` that is not a regular file (``what`` names it in the hint):
    missing (unless ``missing_ok``: the caller has its own message), a folder, a FIFO, a device,
    a socket, or a name the system refuses. Nothing is opened."""
    kind = _kind_or_problem("read", path)
    if kind is None and missing_ok:
        return
    if kind is None:
        raise FileProblem("read", path, _("no such file"), _("check the path of the {what}").format(what=_what(what)))
    if not kind.readable:
        raise _not_a_file(path, kind.name, what)


def read_input(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit + 1`` of them (so that the caller
    sees a file over its limit), or a ``FileProblem``. The file is opened without waiting and
    checked again once open, so a FIFO put in its place in between cannot hang the read."""
    check_input(path, what)
    try:
        with open(path, "rb", opener=_open_nonblocking) as handle:
            info = os.fstat(handle.fileno())
            kind = _kind(info.st_mode)
            if not kind.readable:
                raise _not_a_file(path, kind.name, what)
            return read_upto(handle, limit + 1, info.st_size)
    except OSError as exc:
        raise os_problem("read", path, exc) from None


def read_upto(handle, count: int, size: int | None = None) -> bytes:
    """At most ``count`` bytes from an open file, read with a buffer of the file's size (``size``
    when the caller has just looked) rather than of ``count`` (a 4 MiB limit need not cost a 4 MiB
    buffer for each 20 KiB file)."""
    if size is None:
        size = os.fstat(handle.fileno()).st_size
    if not 0 < size < count:
        return handle.read(count)
    data = handle.read(size + 1)
    if len(data) > size:  # the file grew since: read on, to the limit
        data += handle.read(count - len(data))
    return data


def _not_a_file(path: str | Path, kind: str, what: str) -> FileProblem:
    hint = (_("name the {what} file itself, not a folder") if kind == "a folder"
            else _("livesop reads a {what} from a regular file only: save it to a file and name that"))
    return FileProblem("read", path, _("it is {kind}, not a file").format(kind=_(kind)),
                       hint.format(what=_what(what)))


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


# ------------------------------------------------------------------------------- the cache folder

def cache_folder() -> Path:
    """The user's cache folder for livesop (crash logs, validation results): ``$LIVESOP_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/livesop``, else ``~/.cache/livesop``."""
    if os.environ.get("LIVESOP_CACHE_DIR"):
        return Path(os.environ["LIVESOP_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "livesop"


# ------------------------------------------------------------------------------- writing

def write_atomic(path: str | Path, data: str | bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` as ``KINDS`` says: a regular or new file via a temporary file in
    the same folder and a rename (an existing file keeps its permission bits; a symbolic link's
    target is the file replaced), a device or FIFO directly. The system's failures are OSErrors
    (``write_output`` turns them into the message); no temporary file is left behind. Without
    ``durable`` the data is not flushed to the disk before the rename (a cache entry: readers
    still see the old file or the new one, never a mix)."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    kind = kind_of(path)
    if kind is not None and kind.write == "refuse":
        raise _refused(path, kind)
    if kind is not None and kind.write == "direct":
        _write_direct(path, payload, kind)
        return
    if path.is_symlink():
        target = _link_target(path)
        if target is None:  # a link that names no path, e.g. /proc/self/fd/1 to a deleted file
            _write_direct(path, payload, kind, truncate=True)
            return
        path = target
    _replace(path, payload, durable)


def _replace(path: Path, payload: bytes, durable: bool = True) -> None:
    import tempfile  # only when writing: reading commands never pay for it

    folder = path.parent if str(path.parent) else Path(".")
    # The temporary name keeps only the start of the file's: a name near 255 bytes stays writable.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    try:
        try:
            _write_all(fd, payload)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
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


def _link_target(link: Path) -> Path | None:
    """The file a symbolic link leads to (a missing one is created there), or None when the path
    it names is not that file."""
    resolved = Path(os.path.realpath(link))
    try:
        here = os.stat(link)
    except FileNotFoundError:
        return resolved
    try:
        return resolved if os.path.samestat(here, os.stat(resolved)) else None
    except OSError:
        return None


def _refused(path: Path, kind: Kind) -> FileProblem:
    return FileProblem("write", path, _("it is {kind}").format(kind=_(kind.name)),
                       _("name the file to write, not a folder") if kind.name == "a folder"
                       else _("name a regular file to write, or a device or FIFO"))


def _write_direct(path: Path, payload: bytes, kind: Kind | None, truncate: bool = False) -> None:
    """Open ``path`` and write to it: a FIFO is opened without waiting, so one that no program
    reads is an error instead of a hang."""
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else 0)
    try:
        fd = _open_nonblocking(str(path), flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and kind is not None and kind.test is stat.S_ISFIFO:
            raise OSError(errno.ENXIO, _NO_READER) from None
        raise
    try:
        os.set_blocking(fd, True)
        _write_all(fd, payload)
    finally:
        os.close(fd)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]


def refuse_overwrite(path: Path, force: bool) -> None:
    """A usage error when ``path`` is a file that exists and ``--force`` was not given, or a
    folder or socket; a device or FIFO is written to, never replaced, so it needs no --force."""
    kind = _kind_or_problem("write", path)
    if kind is None or kind.write == "direct":
        return
    if kind.write == "refuse":
        raise _refused(path, kind)
    if not force:
        raise UsageError(_("{path} already exists").format(path=path),
                         _("pass --force to replace it, or choose another -o path"))


def write_output(path: Path, data: str | bytes) -> None:
    """Write ``data`` with ``write_atomic``, creating the folder when needed; a failure is
    ``cannot write PATH: REASON`` (exit 2)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise os_problem("write", path, exc) from None


def decode_text(raw: bytes) -> tuple[str, bool]:
    """A text file as Excel on a Chinese system saves it: UTF-8 (a BOM is fine), else GBK read as
    GB18030; True when it was not UTF-8. UnicodeDecodeError when it is neither."""
    try:
        return raw.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return raw.decode("gb18030"), True
