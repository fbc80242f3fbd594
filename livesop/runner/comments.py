"""Live comments for ``livesop run --comments SOURCE``: JSON Lines read while the show runs.

A 弹幕 fetcher writes one JSON object a line, ``{"text": "…", "user": "…", "time": …}``
(``user`` and ``time`` optional). SOURCE is a file the fetcher keeps appending to, followed by
its name as ``tail -F`` follows one, or ``-`` for standard input; comments pushed to the web
server of a served run (``POST /comments``) are parsed by ``parse_lines`` the same way.

Nothing here blocks the show's loop: a file is read where it stands, at most ``BUDGET`` bytes a
poll (``more`` says when there is more to read at once); standard input is read in a thread of
its own that hands whole lines over through a queue. A line is used only once it ends with a
newline: a fetcher's half-written last line waits for the rest (the last line of standard input
counts when the input ends). A file that shrinks was truncated (a fetcher started over) and is
read again from its start; a file replaced under its name (rotated) is read to its end, then the
new one from its start; a file not there yet is waited for.

A line that is not JSON, not an object, has no ``text``, is not UTF-8 or is longer than
``MAX_LINE`` bytes is malformed: it comes back as the key of ``MALFORMED`` that says why, to be
counted, never as an error. Blank lines are skipped silently.

A file's lines are marked with where they end (``marks``: the file's device and inode, and the
offset after the line), and the source says how far it has read whole lines (``read_to``); the
watch writes both into the run log. A resumed run (``ReadTo``, from the log) goes back to where
the log's last tally had read to in the same file and reads what the fetcher wrote since —
while livesop was stopped too — as late comments (``late``): counted once, never twice, and
raising no alert.
"""

from __future__ import annotations

import errno
import json
import os
import queue
import stat
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Union

from livesop.controls import visible
from livesop.errors import UsageError
from livesop.i18n import N_, _

MAX_LINE = 16 * 1024  # bytes of one line; a longer one is malformed (no fetcher writes a 16 KiB comment)
BLOCK = 64 * 1024  # bytes read from a file at a time
BUDGET = 256 * 1024  # bytes read from a file in one poll; the rest in the next, at once
QUEUE = 20_000  # whole lines read from standard input and not yet taken (then the reader waits)
TAKE = 5_000  # lines taken from standard input in one poll
POLL_SECONDS = 0.25  # real seconds between two looks at the source while nothing else wakes the loop

# why a line is malformed → what the operator reads (translated where it is shown)
MALFORMED: dict[str, str] = {
    "json": N_("not JSON"),
    "object": N_("not a JSON object"),
    "text": N_("no `text` in it"),
    "long": N_("longer than 16 KiB"),
    "encoding": N_("not UTF-8"),
}


@dataclass(frozen=True)
class Comment:
    """One live comment: what was said and, when the fetcher gives it, who said it."""

    text: str
    user: str = ""


Item = Union[Comment, str]  # a comment, or the MALFORMED key of a line that is not one


CHECKED = 64  # bytes before a tally's place that its mark keeps a checksum of


@dataclass(frozen=True)
class ReadTo:
    """How far a run had read its comments file when it stopped, as its log says: the file
    (``device:inode``), the offset after the last whole line its last tally counted with the
    checksum of the ``CHECKED`` bytes before it (a new file under a reused inode differs there),
    and the offset after the last flagged comment it logged (0: none since that tally)."""

    file: str
    offset: int
    check: str = ""
    flagged: int = 0


def mark(file: str, offset: int, check: str = "") -> str:
    """A place in a comments file as the run log keeps it: ``device:inode:offset[:checksum]``."""
    return f"{file}:{offset}:{check}" if check else f"{file}:{offset}"


def parse_mark(value: object) -> tuple[str, int, str] | None:
    """(file, offset, checksum or "") of a mark, or None when it is not one."""
    parts = value.split(":") if isinstance(value, str) else []
    if len(parts) not in (3, 4) or not all(part.isdigit() for part in parts[:3]):
        return None
    return f"{parts[0]}:{parts[1]}", int(parts[2]), parts[3] if len(parts) == 4 else ""


def read_to_of(events: Iterable) -> ReadTo | None:
    """Where the run whose watch events these are had read its comments file to: the mark of its
    last ``comments`` tally, and the furthest flagged ``comment`` after it in the same file."""
    found: ReadTo | None = None
    for event in events:
        if event.kind == "comments":
            place = parse_mark(event.get("read_to"))
            if place is not None:
                found = ReadTo(*place)
        elif event.kind == "comment" and found is not None:
            place = parse_mark(event.get("at"))
            if place is not None and place[0] == found.file and place[1] > found.flagged:
                found = ReadTo(found.file, found.offset, found.check, place[1])
    return found


def _checksum(fd: int, offset: int) -> str:
    """The checksum of the ``CHECKED`` bytes of an open file before ``offset`` (where it is read
    from is left as it was)."""
    here = os.lseek(fd, 0, os.SEEK_CUR)
    start = max(0, offset - CHECKED)
    try:
        os.lseek(fd, start, os.SEEK_SET)
        return f"{zlib.crc32(os.read(fd, offset - start)):08x}"
    finally:
        os.lseek(fd, here, os.SEEK_SET)


def parse_line(raw: bytes | str) -> Item | None:
    """One line of JSON Lines: a ``Comment``, the ``MALFORMED`` key saying why it is none, or None
    for a blank line."""
    if len(raw) > MAX_LINE:
        return "long"
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return "encoding"
    line = raw.strip().lstrip("\ufeff")
    if not line:
        return None
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        return "json"
    if not isinstance(data, dict):
        return "object"
    text = data.get("text")
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)  # 666, 1: what viewers type, written as numbers by some fetchers
    if not isinstance(text, str) or not text.strip():
        return "text"
    user = data.get("user")
    return Comment(text, user if isinstance(user, str) else "")


def parse_lines(lines: Iterable[bytes | str]) -> list[Item]:
    """Each non-blank line parsed (``parse_line``)."""
    return [item for item in map(parse_line, lines) if item is not None]


class _Splitter:
    """Bytes in, whole lines out: a partial last line waits for its newline; a line longer than
    ``MAX_LINE`` is dropped as it comes (never held whole in memory) and reported once."""

    def __init__(self) -> None:
        self.partial = b""
        self.skipping = False  # inside a line already reported as too long
        self.done = 0  # bytes of whole lines fed so far (since the last reset)
        self.dropped = 0  # bytes of the too-long line being skipped, not yet in ``done``
        self.ends: list[int] = []  # for each item of the last feed: ``done`` after its line

    def feed(self, data: bytes) -> list[Item]:
        items: list[Item] = []
        ends: list[int] = []
        pieces = (self.partial + data).split(b"\n")
        self.partial = pieces.pop()
        for piece in pieces:
            self.done += self.dropped + len(piece) + 1
            self.dropped = 0
            if self.skipping:
                self.skipping = False  # its newline: the next line is a new one
                continue
            item = parse_line(piece)
            if item is not None:
                items.append(item)
                ends.append(self.done)
        if len(self.partial) > MAX_LINE:
            if not self.skipping:
                items.append("long")
                ends.append(self.done)
            self.skipping = True
            self.dropped += len(self.partial)
            self.partial = b""
        self.ends = ends
        return items

    def end(self) -> list[Item]:
        """The input ended: a last line without its newline counts as a whole line."""
        rest, self.partial = self.partial, b""
        if self.skipping or not rest:
            self.skipping = False
            return []
        item = parse_line(rest)
        return [] if item is None else [item]

    def reset(self) -> None:
        self.partial = b""
        self.skipping = False
        self.done = self.dropped = 0
        self.ends = []


class FileSource:
    """A comments file that a fetcher keeps appending to, followed by its name."""

    def __init__(self, path: str | Path, from_end: bool = False, read_to: ReadTo | None = None):
        self.path = Path(path)
        self.from_end = from_end  # a resumed run: only what is written from now on …
        self.read_from = read_to  # … unless its log says how far it had read this file
        self.more = False  # the last read stopped at its budget: read again at once
        self.late = False  # the last read's items were written before this run (re)started reading
        self.logged_to = 0  # late items ending at or before this offset were logged before the stop
        self.marks: list[str | None] = []  # for each item of the last read: where its line ends
        self.read_to: str | None = None  # the mark after the last whole line read
        self._late_until: int | None = None  # the file's size when a resumed run opened it
        self._origin = 0  # the file offset the splitter started counting at
        self._fd: int | None = None
        self._id: tuple[int, int] | None = None  # (device, inode) of the open file
        self._split = _Splitter()
        self._waiting = False  # said that the file is not there yet
        self._failing = ""  # the last reason it could not be read, said once

    @property
    def name(self) -> str:
        return visible(str(self.path))

    def read(self) -> tuple[list[Item], list[str]]:
        """What the fetcher wrote since the last read: (comments and malformed keys, notes for the operator)."""
        notes: list[str] = []
        items: list[Item] = []
        self.more = False
        self.marks = []
        try:
            if self._fd is None and not self._open(notes):
                return items, notes
            self.late = self._late_until is not None
            items += self._follow(notes)
            if self._failing:
                notes.append(_("Comments: {file} can be read again").format(file=self.name))
                self._failing = ""
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if reason != self._failing:
                notes.append(_("Comments: cannot read {file} ({reason}); trying again").format(
                    file=self.name, reason=reason))
            self._failing = reason
            self.close()
        return items, notes

    def _open(self, notes: list[str]) -> bool:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        except FileNotFoundError:
            if not self._waiting:
                notes.append(_("Comments: waiting for {file} to appear").format(file=self.name))
            self._waiting = True
            return False
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device put in its place: never read (it could block)
            os.close(fd)
            raise OSError(errno.EINVAL, _("it is not a regular file"))
        if self._waiting:
            notes.append(_("Comments: {file} is there; reading it").format(file=self.name))
            self._waiting = False
        self._origin, self._late_until = 0, None
        if self.from_end:
            self._origin = self._resume_at(fd, info, notes)
            self.from_end = False
        os.lseek(fd, self._origin, os.SEEK_SET)
        self._fd, self._id = fd, (info.st_dev, info.st_ino)
        self._split.reset()
        return True

    def _resume_at(self, fd: int, info: os.stat_result, notes: list[str]) -> int:
        """Where a resumed run starts reading the file: where its log had read to, in the same file,
        the rest being late comments; else at its end."""
        read_to, self.read_from = self.read_from, None
        if read_to is None:
            return info.st_size
        if (read_to.file != f"{info.st_dev}:{info.st_ino}" or read_to.offset > info.st_size
                or read_to.check != _checksum(fd, read_to.offset)):
            notes.append(_("Comments: {file} is not the file this run was reading before it stopped; "
                           "only what is written from now on is read").format(file=self.name))
            return info.st_size
        if read_to.offset < info.st_size:
            notes.append(_("Comments: reading what {file} received while the run was stopped, counted once "
                           "and raising no alert").format(file=self.name))
            self._late_until, self.logged_to = info.st_size, read_to.flagged
        return read_to.offset

    def _follow(self, notes: list[str]) -> list[Item]:
        fd = self._fd
        assert fd is not None
        try:
            now = os.stat(self.path)
            replaced = (now.st_dev, now.st_ino) != self._id
        except FileNotFoundError:
            replaced = False  # moved away and not yet back: keep reading what was written to it
        if os.fstat(fd).st_size < os.lseek(fd, 0, os.SEEK_CUR):
            notes.append(_("Comments: {file} was truncated; reading it again from its start").format(file=self.name))
            os.lseek(fd, 0, os.SEEK_SET)
            self._split.reset()
            self._origin, self._late_until = 0, None
        items, ended = self._read_budget(fd)
        if replaced and ended and self._late_until is None:  # the old file read to its end: on to the new one
            notes.append(_("Comments: {file} was replaced; reading the new file from its start").format(
                file=self.name))
            last = self._split.end()  # a last line without its newline, in the old file
            items += last
            self.marks += [None] * len(last)
            self.close()
            if self._open(notes) and self._fd is not None:
                items += self._read_budget(self._fd)[0]
        return items

    def _read_budget(self, fd: int) -> tuple[list[Item], bool]:
        items: list[Item] = []
        left = BUDGET
        if self._late_until is not None:  # late lines and new ones never come in one read
            left = min(left, self._late_until - os.lseek(fd, 0, os.SEEK_CUR))
            if left <= 0:
                self._late_until = None
                self.more = True
                return items, False
        file = f"{self._id[0]}:{self._id[1]}" if self._id else ""
        ended = False
        while left > 0:
            data = os.read(fd, min(BLOCK, left))
            if not data:
                ended = True
                break
            left -= len(data)
            items += self._split.feed(data)
            self.marks += [mark(file, self._origin + end) for end in self._split.ends]
        offset = self._origin + self._split.done
        place = parse_mark(self.read_to)
        if place is None or place[:2] != (file, offset):
            self.read_to = mark(file, offset, _checksum(fd, offset))
        self.more = self.more or not ended
        return items, ended

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
        self._fd = self._id = None


class StreamSource:
    """Comments on standard input (``--comments -``), read in a thread: the loop never waits for a line."""

    # what a file says of its lines; standard input keeps no place a resumed run could go back to
    late = False
    logged_to = 0
    marks: tuple = ()
    read_to = None

    def __init__(self, stream: BinaryIO, name: str = "-"):
        self.name = name
        self.more = False
        self._stream = stream
        self._lines: queue.Queue = queue.Queue(QUEUE)
        self._ended = False
        self.thread = threading.Thread(target=self._pump, name="livesop-comments", daemon=True)
        self.thread.start()

    def _read_block(self):
        """What a read of the stream gives: the file descriptor read directly when it has one (a
        buffered reader's lock, held by a thread blocked in a read, aborts the interpreter at exit)."""
        try:
            fd = self._stream.fileno()
        except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation: a stream in memory
            fd = None
        if fd is not None:
            return lambda: os.read(fd, BLOCK)
        return lambda: self._stream.read1(BLOCK) if hasattr(self._stream, "read1") else self._stream.read(BLOCK)

    def _pump(self) -> None:
        split = _Splitter()
        try:
            read = self._read_block()
            while True:
                data = read()
                if not data:
                    break
                for item in split.feed(data):
                    self._lines.put(item)
            for item in split.end():
                self._lines.put(item)
        except (OSError, ValueError):  # the stream was closed under the thread: the input ended
            pass
        self._lines.put(None)  # the end

    def read(self) -> tuple[list[Item], list[str]]:
        items: list[Item] = []
        notes: list[str] = []
        self.more = False
        while len(items) < TAKE:
            try:
                item = self._lines.get_nowait()
            except queue.Empty:
                return items, notes
            if item is None:
                if not self._ended:
                    notes.append(_("Comments: standard input has ended; no more comments will come"))
                self._ended = True
                return items, notes
            items.append(item)
        self.more = True
        return items, notes

    def close(self) -> None:
        pass  # a daemon thread: it ends with the program


Source = Union[FileSource, StreamSource]


def open_source(spec: str, stdin=None, *, from_end: bool = False) -> Source:
    """The source ``--comments SPEC`` names, checked before go-live: ``-`` (standard input, not a
    terminal) or a file (there, or to come in a folder that is). ``from_end``: a resumed run reads
    only what is written from now on."""
    if spec == "-":
        if stdin is None or not hasattr(stdin, "buffer"):
            raise UsageError(_("--comments -: there is no standard input to read comments from"),
                             _("pipe the fetcher into livesop: `fetcher | livesop run PLAYBOOK --comments -`"))
        if stdin.isatty():
            raise UsageError(_("--comments -: standard input is a terminal, not a fetcher's output"),
                             _("pipe the fetcher into livesop (`fetcher | livesop run PLAYBOOK --comments -`), "
                               "or give the file it writes"))
        return StreamSource(stdin.buffer)
    path = Path(spec)
    shown = visible(spec)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise UsageError(_("--comments {file}: the folder {folder} does not exist").format(
                file=shown, folder=visible(str(path.parent))),
                _("give the file the fetcher writes, in a folder that exists")) from None
        return FileSource(path, from_end)
    except OSError as exc:
        raise UsageError(_("--comments {file}: cannot read it ({reason})").format(
            file=shown, reason=exc.strerror or str(exc)), _("check the path and its permissions")) from None
    if stat.S_ISDIR(mode):
        raise UsageError(_("--comments {file}: it is a folder").format(file=shown),
                         _("give the JSON Lines file the fetcher writes"))
    if not stat.S_ISREG(mode):
        raise UsageError(_("--comments {file}: it is not a regular file (a pipe or a device)").format(file=shown),
                         _("pipe the fetcher into livesop instead: `fetcher | livesop run PLAYBOOK --comments -`"))
    if not os.access(path, os.R_OK):
        raise UsageError(_("--comments {file}: cannot read it (permission denied)").format(file=shown),
                         _("check the file's permissions (ls -l)"))
    return FileSource(path, from_end)
