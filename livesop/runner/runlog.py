"""The run log: append-only JSON Lines, each line chained to the one before it by SHA-256.

Line 1 is the header (playbook id, version, file SHA-256, start wall time, speed...), then one
line per event with its wall time and show time, and a ``close`` line when a run ends cleanly.
Every line carries ``prev``, the SHA-256 of the previous line's bytes (64 zeros for the header),
and is flushed and fsynced as it is written, so a ``kill -9`` loses at most the line being
written. ``read_log`` verifies the chain and tells a cut-off last line (truncated) from a
changed, removed or inserted line (altered), and refuses a line no run could have written.

One process writes a log: ``reserve`` and ``open_existing`` take an exclusive ``flock`` on it,
which the system releases when the process ends, however it ends. A write that fails during a
show (a full disk) never stops the show: the line is chained and kept in memory, written at the
next event or tick when there is room again, followed by a ``log-fault`` line that says what
was written late. Lines still unwritten when the run ends go to a ``.unwritten`` file that,
appended to the log, completes it.
"""

from __future__ import annotations

import datetime as _dt
import errno
import fcntl
import hashlib
import json
import os
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livesop.errors import LivesopError, UsageError
from livesop.i18n import N_, _
from livesop.runner import logcheck
from livesop.runner.events import Event

FORMAT = "livesop-run/1"
GENESIS = "0" * 64
MAX_LINE = 8 << 20  # bytes; a longer line is not something livesop wrote
MAX_PROBLEMS = 100  # reading stops after this many problems
UNWRITTEN = ".unwritten"  # suffix of the file that keeps the lines a full disk refused


def line_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def iso_wall(wall_ms: int) -> str:
    """Local wall time with its UTC offset, to the millisecond."""
    moment = _dt.datetime.fromtimestamp(wall_ms / 1000).astimezone()
    return moment.isoformat(timespec="milliseconds")


def encode(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def cannot_write(path: Path, reason: OSError | str) -> UsageError:
    text = reason if isinstance(reason, str) else reason.strerror or str(reason)
    return UsageError(_("cannot write {path}: {reason}").format(path=path, reason=_(text)),
                      _("choose a writable place with --log, or free some space; the show has not started"))


def unwritten_path(log_path: str | Path) -> Path:
    """Where the lines a run could not write to ``log_path`` are kept, next to it."""
    path = Path(log_path)
    return path.with_name(path.name + UNWRITTEN)


def unwritten_lines(read: "LogRead") -> Path | None:
    """The ``.unwritten`` file next to the log when its lines continue the log's chain (not appended yet)."""
    path = unwritten_path(read.path)
    try:
        with _open_regular(path) as handle:
            first = json.loads(handle.readline(MAX_LINE).decode("utf-8"))
    except (LivesopError, ValueError, RecursionError):
        return None
    return path if isinstance(first, dict) and first.get("prev") == read.last_hash else None


class RunLog:
    """An open run log; every ``write`` is one line chained to the previous one, fsynced when it can be."""

    def __init__(self, path: Path, fd: int, prev: str = GENESIS, seq: int = 0, size: int = 0,
                 made: tuple[Path, ...] = ()):
        self.path = path
        self._fd = fd
        self.prev = prev
        self.seq = seq
        self.size = size  # bytes of whole lines in the file
        self.closed = False
        self.pending: list[bytes] = []  # lines chained but not yet in the file, oldest first
        self.failure = ""  # why the last write failed; "" while the log is being written
        self.failed_at: int | None = None  # wall ms of the first line held back
        self.late = 0  # lines held back by the failure, to be written late
        self.recovered: dict[str, Any] | None = None  # the latest log-fault record written
        self.lost = 0  # lines that never reached the log (the run ended first)
        self.rescued: Path | None = None  # where those lines were saved
        self._made = made  # folders made for this log: removed with it when it is discarded
        self._dirty = False  # part of a failed line may be in the file

    # ----------------------------------------------------------------- opening

    @classmethod
    def reserve(cls, path: str | Path) -> "RunLog":
        """Create the file (never over an existing one) and lock it; ``begin`` writes the header."""
        path = Path(path)
        made = _make_folders(path.parent)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_NONBLOCK, 0o644)
        except FileExistsError:
            _remove_folders(made)
            raise LivesopError(_("{path}: a run log with this name exists already").format(path=path),
                               _("choose another file with --log, or continue that run with --resume")) from None
        except OSError as exc:
            _remove_folders(made)
            raise cannot_write(path, exc) from None
        _lock(fd, path)
        return cls(path, fd, made=made)

    def begin(self, header: dict[str, Any]) -> None:
        """Write the header line; a log that cannot take even that is removed, with a usage error."""
        self.write({"type": "header", "format": FORMAT, **header})
        if self.pending:
            failure = self.failure
            self.discard()
            raise cannot_write(self.path, failure)

    @classmethod
    def create(cls, path: str | Path, header: dict[str, Any]) -> "RunLog":
        log = cls.reserve(path)
        log.begin(header)
        return log

    @classmethod
    def open_existing(cls, path: str | Path) -> "RunLog":
        """Open a log to append to and lock it, before it is read (``continue_from`` then sets the chain)."""
        path = Path(path)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise UsageError(_("{path}: not a run log (not a regular file)").format(path=path),
                             _("give the .jsonl file `livesop run` wrote"))
        _lock(fd, path)
        return cls(path, fd)

    def continue_from(self, read: "LogRead") -> None:
        """Carry on the chain of ``read`` (this file, read under the lock); a cut-off last line is removed."""
        if read.tail_bytes:
            try:
                os.ftruncate(self._fd, read.good_size)
                os.fsync(self._fd)
            except OSError as exc:
                raise cannot_write(self.path, exc) from None
        self.prev, self.seq, self.size = read.last_hash, len(read.records), read.good_size

    # ----------------------------------------------------------------- writing

    def write(self, record: dict[str, Any]) -> str:
        """Append one record (``seq`` and ``prev`` added); returns the new line's hash.

        A line the file system refuses is kept, in order, and written by the next ``flush``.
        """
        line = encode({"seq": self.seq, **record, "prev": self.prev})
        self.prev = line_hash(line)
        self.seq += 1
        self.pending.append(line)
        self.flush(record.get("wall_ms"))
        return self.prev

    def flush(self, wall_ms: int | None = None) -> bool:
        """Write the lines held back; True when none is left. A failure is kept in ``failure``, not raised."""
        if self.closed:
            return not self.pending
        while self.pending:
            try:
                self._append(self.pending[0] + b"\n")
            except OSError as exc:
                if not self.failure:
                    self.failed_at = wall_ms
                self.failure = exc.strerror or str(exc)
                self.late = len(self.pending)
                return False
            self.pending.pop(0)
        if self.failure:  # room again: say in the log itself what was written late
            now = wall_ms if wall_ms is not None else time.time_ns() // 1_000_000
            since = self.failed_at if self.failed_at is not None else now
            self.recovered = {"type": "log-fault", "wall": iso_wall(now), "wall_ms": now, "since_wall_ms": since,
                              "lines": self.late, "reason": self.failure}
            self.failure, self.failed_at, self.late = "", None, 0
            self.write(self.recovered)
        return not self.pending

    def _append(self, data: bytes) -> None:
        """One whole line into the file and onto the disk, or nothing of it (a partial line is cut off)."""
        try:
            if self._dirty:  # the part of a line that failed earlier
                os.ftruncate(self._fd, self.size)
                self._dirty = False
            view = memoryview(data)
            while view:
                written = self._raw_write(view)
                if written <= 0:
                    raise OSError(errno.EIO, N_("the file system took no bytes"))  # translated where shown
                view = view[written:]
            self._raw_sync()
        except OSError:
            self._dirty = True
            try:
                os.ftruncate(self._fd, self.size)
                self._dirty = False
            except OSError:
                pass  # cut off at the next attempt
            raise
        self.size += len(data)

    def _raw_write(self, data: memoryview) -> int:
        return os.write(self._fd, data)

    def _raw_sync(self) -> None:
        os.fsync(self._fd)

    def event(self, event: Event, wall_ms: int) -> str:
        return self.write({"type": "event", "wall": iso_wall(wall_ms), "wall_ms": wall_ms, **event.to_dict()})

    # ----------------------------------------------------------------- closing

    def close(self, reason: str, t: int, wall_ms: int) -> str:
        if self.closed:
            return self.prev
        digest = self.write({"type": "close", "wall": iso_wall(wall_ms), "wall_ms": wall_ms, "t": t,
                             "reason": reason})
        self.abandon()
        return digest

    def abandon(self) -> None:
        """Close the file without a close line (the process is going down); unwritten lines are saved."""
        if not self.closed:
            if self.pending:
                self._rescue()
            os.close(self._fd)
            self.closed = True

    def discard(self) -> None:
        """Remove a log that never began (no header): the file and the folders made for it."""
        if not self.closed:
            os.close(self._fd)
            self.closed = True
        try:
            self.path.unlink()
        except OSError:
            pass
        _remove_folders(self._made)

    def _rescue(self) -> None:
        """Save the lines that never reached the log where they can be appended to it later."""
        self.lost = len(self.pending)
        data = b"".join(line + b"\n" for line in self.pending)
        spare = Path(tempfile.gettempdir()) / f"livesop-{os.getpid()}-{self.path.name}{UNWRITTEN}"
        for target in (unwritten_path(self.path), spare):
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except OSError:
                continue
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            except OSError:
                os.close(fd)
                target.unlink(missing_ok=True)
                continue
            os.close(fd)
            self.rescued = target
            return


def _lock(fd: int, path: Path) -> None:
    """The one-writer lock; released by the system when the process ends, even on ``kill -9``."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise UsageError(_("{path} is in use: another `livesop run` is writing this run log").format(path=path),
                         _("one run writes a log at a time: let that run end, or stop it (q or Ctrl-C) "
                           "and resume here")) from None
    except OSError:
        pass  # a file system without locks (some network shares): the run goes on unlocked


def _make_folders(folder: Path) -> tuple[Path, ...]:
    """Make ``folder`` and its missing parents; returns those made, deepest last."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    made: list[Path] = []
    for candidate in reversed(missing):
        try:
            candidate.mkdir()
        except FileExistsError:
            _remove_folders(tuple(made))
            raise UsageError(_("cannot write {folder}: {path} is a file, not a folder").format(
                folder=folder, path=candidate), _("choose another place with --log")) from None
        except OSError as exc:
            _remove_folders(tuple(made))
            raise cannot_write(candidate, exc) from None
        made.append(candidate)
    return tuple(made)


def _remove_folders(made: tuple[Path, ...]) -> None:
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            return


@dataclass
class LogRead:
    """A run log as read and verified."""

    path: str
    header: dict[str, Any] | None = None
    records: list[dict[str, Any]] = field(default_factory=list)  # every complete, well-formed line, header first
    numbers: list[int] = field(default_factory=list)  # the line number of each record
    altered: list[str] = field(default_factory=list)  # what does not verify, in plain words (the reader's language)
    tail_bytes: int = 0  # bytes of a cut-off last line (no newline)
    good_size: int = 0  # bytes up to the end of the last complete line
    last_hash: str = GENESIS

    @property
    def truncated(self) -> bool:
        return self.tail_bytes > 0

    @property
    def ok(self) -> bool:
        return not self.altered

    @property
    def events(self) -> list[Event]:
        return [event for _, event in self.numbered_events()]

    def numbered_events(self) -> list[tuple[int, Event]]:
        """(line number, event) for every event line."""
        return [(number, Event.from_dict(r)) for number, r in zip(self.numbers, self.records)
                if r.get("type") == "event"]

    @property
    def faults(self) -> list[dict[str, Any]]:
        """The ``log-fault`` lines: times the log could not be written and lines were written late."""
        return [r for r in self.records if r.get("type") == "log-fault"]

    @property
    def closed(self) -> bool:
        return bool(self.records) and self.records[-1].get("type") == "close"

    @property
    def last_t(self) -> int:
        for record in reversed(self.records):
            if isinstance(record.get("t"), int):
                return record["t"]
        return 0


def read_log(path: str | Path) -> LogRead:
    """Read and verify a run log; problems are reported in the result, not raised."""
    path = Path(path)
    read = LogRead(str(path))
    with _open_regular(path) as handle:
        prev, number = GENESIS, 0
        while len(read.altered) < MAX_PROBLEMS:
            line = handle.readline(MAX_LINE + 1)
            if not line:
                break
            if not line.endswith(b"\n"):
                if len(line) <= MAX_LINE:  # the last line, cut off
                    read.tail_bytes = len(line)
                    break
                read.altered.append(_("line {line}: longer than {size} MiB: a damaged line or not a livesop run log "
                                      "(reading stopped there)").format(line=number + 1, size=MAX_LINE >> 20))
                break
            number += 1
            line = line[:-1]
            problem = _check_line(line, number, prev, read)
            if problem:
                read.altered.append(problem)
            prev = line_hash(line)
            read.good_size += len(line) + 1
        else:
            read.altered.append(_("more than {count} problems: reading stopped at line {line}").format(
                count=MAX_PROBLEMS, line=number))
    read.last_hash = prev
    if read.header is None and not read.altered:
        if read.tail_bytes:
            read.altered.append(_("line 1: the header line is incomplete"))
        else:
            read.altered.append(_("the file is empty: no header line"))
    return read


def _open_regular(path: Path):
    """``path`` opened for reading, refused at once when it is not a regular file (a FIFO would hang)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LivesopError(_("{path}: cannot read the run log ({reason})").format(
            path=path, reason=_(exc.strerror) if exc.strerror else exc), _("check the path")) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LivesopError(_("{path}: not a run log (not a regular file)").format(path=path),
                           _("give the .jsonl file that `livesop run` wrote"))
    return os.fdopen(fd, "rb")


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number livesop writes")


def _check_line(line: bytes, number: int, prev: str, read: LogRead) -> str:
    try:
        record = json.loads(line.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, a 5,000-digit number, 100,000 nested `[`
        return _("line {line}: damaged: not a JSON record (changed by hand, or not a livesop run log)").format(
            line=number)
    if not isinstance(record, dict):
        return _("line {line}: damaged: not a JSON object").format(line=number)
    if number == 1 and (record.get("type") != "header" or record.get("format") != FORMAT):
        return _("line 1: not a livesop run log header (format {format})").format(format=FORMAT)
    wrong = logcheck.problem(record)
    if wrong:
        return _("line {line}: damaged: {problem}").format(line=number, problem=wrong)
    read.records.append(record)
    read.numbers.append(number)
    if number == 1:
        read.header = record
    if record.get("prev") != prev:
        if number > 1:
            return _("line {line}: its `prev` hash does not match line {previous} — a line was changed, removed "
                     "or inserted").format(line=number, previous=number - 1)
        return _("line 1: the header's `prev` is not the starting value — a line was changed, removed or inserted")
    if record.get("seq") != number - 1:
        return _("line {line}: sequence number {seq}, expected {expected}").format(
            line=number, seq=logcheck.brief(record.get("seq")), expected=number - 1)
    return ""


def default_log_path(playbook_id: str, wall_ms: int, root: Path | None = None) -> Path:
    """``.livesop/runs/<playbook id>/<start time>.jsonl`` (a suffix keeps names unique)."""
    stamp = _dt.datetime.fromtimestamp(wall_ms / 1000).strftime("%Y%m%d-%H%M%S")
    folder = (root or Path(".")) / ".livesop" / "runs" / _safe(playbook_id)
    candidate = folder / f"{stamp}.jsonl"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stamp}-{counter}.jsonl"
        counter += 1
    return candidate


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip(".") or "playbook"
