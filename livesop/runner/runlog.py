"""The run log: append-only JSON Lines, each line chained to the one before it by SHA-256.

Line 1 is the header (playbook id, version, file SHA-256, start wall time, speed...), then one
line per event with its wall time and show time, and a ``close`` line when a run ends cleanly.
Every line carries ``prev``, the SHA-256 of the previous line's bytes (64 zeros for the header),
and is flushed and fsynced as it is written, so a ``kill -9`` loses at most the line being
written. ``read_log`` verifies the chain and tells a cut-off last line (truncated) from a
changed, removed or inserted line (altered).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livesop.errors import LivesopError
from livesop.runner.events import Event

FORMAT = "livesop-run/1"
GENESIS = "0" * 64
MAX_LINE = 1_000_000  # bytes; a longer line is not something livesop wrote


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


class RunLog:
    """An open run log; every ``write`` is one fsynced line chained to the previous one."""

    def __init__(self, path: Path, fd: int, prev: str, seq: int):
        self.path = path
        self._fd = fd
        self.prev = prev
        self.seq = seq
        self.closed = False

    @classmethod
    def create(cls, path: str | Path, header: dict[str, Any]) -> "RunLog":
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        except FileExistsError:
            raise LivesopError(f"{path}: a run log with this name exists already",
                               "choose another file with --log, or continue that run with --resume") from None
        log = cls(path, fd, GENESIS, 0)
        log.write({"type": "header", "format": FORMAT, **header})
        return log

    @classmethod
    def append_to(cls, read: "LogRead") -> "RunLog":
        """Reopen a verified log for appending; a cut-off last line is removed first."""
        fd = os.open(read.path, os.O_WRONLY | os.O_APPEND)
        if read.tail_bytes:
            os.ftruncate(fd, read.good_size)
            os.fsync(fd)
        return cls(Path(read.path), fd, read.last_hash, len(read.records))

    def write(self, record: dict[str, Any]) -> str:
        """Append one record (``seq`` and ``prev`` added); returns the new line's hash."""
        body = {"seq": self.seq, **record, "prev": self.prev}
        line = encode(body)
        os.write(self._fd, line + b"\n")
        os.fsync(self._fd)
        self.prev = line_hash(line)
        self.seq += 1
        return self.prev

    def event(self, event: Event, wall_ms: int) -> str:
        return self.write({"type": "event", "wall": iso_wall(wall_ms), "wall_ms": wall_ms, **event.to_dict()})

    def close(self, reason: str, t: int, wall_ms: int) -> str:
        if self.closed:
            return self.prev
        digest = self.write({"type": "close", "wall": iso_wall(wall_ms), "wall_ms": wall_ms, "t": t,
                             "reason": reason})
        os.close(self._fd)
        self.closed = True
        return digest

    def abandon(self) -> None:
        """Close the file without a close line (the process is going down)."""
        if not self.closed:
            os.close(self._fd)
            self.closed = True


@dataclass
class LogRead:
    """A run log as read and verified."""

    path: str
    header: dict[str, Any] | None = None
    records: list[dict[str, Any]] = field(default_factory=list)  # every complete line, header first
    altered: list[str] = field(default_factory=list)  # what does not verify, in plain words
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
        return [Event.from_dict(r) for r in self.records if r.get("type") == "event"]

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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LivesopError(f"{path}: cannot read the run log ({exc.strerror or exc})", "check the path") from None
    read = LogRead(str(path))
    lines = raw.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline
    read.tail_bytes = len(tail)
    prev, offset = GENESIS, 0
    for number, line in enumerate(lines, 1):
        offset += len(line) + 1
        problem = _check_line(line, number, prev, read)
        if problem:
            read.altered.append(problem)
        prev = line_hash(line)
        read.good_size = offset
    read.last_hash = prev
    if read.header is None and not read.altered:
        if read.tail_bytes:
            read.altered.append("line 1: the header line is incomplete")
        else:
            read.altered.append("the file is empty: no header line")
    return read


def _check_line(line: bytes, number: int, prev: str, read: LogRead) -> str:
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return f"line {number}: not a JSON record (changed by hand?)"
    if not isinstance(record, dict):
        return f"line {number}: not a JSON object"
    read.records.append(record)
    if number == 1:
        if record.get("type") != "header" or record.get("format") != FORMAT:
            return f"line 1: not a livesop run log header (format {FORMAT})"
        read.header = record
    if record.get("prev") != prev:
        return (f"line {number}: its `prev` hash does not match line {number - 1}" if number > 1 else
                "line 1: the header's `prev` is not the starting value") + \
            " — a line was changed, removed or inserted"
    if record.get("seq") != number - 1:
        return f"line {number}: sequence number {record.get('seq')!r}, expected {number - 1}"
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
