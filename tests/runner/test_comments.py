"""Reading live comments (runner/comments): JSON Lines parsed or counted as malformed, a file followed
as a fetcher appends to it (half-written lines, truncation, rotation, a file still to come), standard
input read in a thread, and a SOURCE refused before go-live when it can never work."""

from __future__ import annotations

import io
import json
import os

import pytest

from livesop.errors import UsageError
from livesop.runner.comments import (
    BUDGET,
    MAX_LINE,
    Comment,
    FileSource,
    ReadTo,
    StreamSource,
    open_source,
    parse_line,
    parse_lines,
    parse_mark,
    read_to_of,
)
from livesop.runner.events import Event


def line(text: str, **more) -> str:
    return json.dumps({"text": text, **more}, ensure_ascii=False) + "\n"


def append(path, text: str | bytes) -> None:
    with open(path, "ab") as handle:
        handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))


@pytest.mark.parametrize("raw, expected", [
    (b'{"text": "\xe5\x81\x87\xe8\xb4\xa7", "user": "u1", "time": 1764072000}', Comment("假货", "u1")),
    ('{"text": "好看"}', Comment("好看")),
    ('\ufeff{"text": "扣1"}', Comment("扣1")),  # a BOM before the first line
    ('{"text": 666}', Comment("666")),  # a number typed by a viewer
    ('{"text": "好", "user": 42}', Comment("好")),  # a user that is no text is left out
    ("{'text': 'x'}", "json"),
    ("not json at all", "json"),
    ('{"text": "好"', "json"),  # a line cut off
    ("[" * 100_000 + "]" * 100_000, "long"),
    ("[" * 5_000, "json"),
    ('{"text": ' + "9" * 5_000 + "}", "json"),  # a 5,000-digit number Python refuses to read
    ('["好看"]', "object"),
    ('"好看"', "object"),
    ("{}", "text"),
    ('{"user": "u"}', "text"),
    ('{"text": "   "}', "text"),
    ('{"text": true}', "text"),
    ('{"text": null}', "text"),
    (b'{"text": "\xff\xfe"}', "encoding"),
    (b'{"text": "' + b"a" * MAX_LINE + b'"}', "long"),
    ("", None),
    ("   \r", None),
])
def test_a_line_is_a_comment_or_says_why_not(raw, expected):
    assert parse_line(raw) == expected


def test_parse_lines_skips_blank_lines():
    assert parse_lines([b'{"text":"a"}', b"", b"  ", b"x"]) == [Comment("a"), "json"]


def test_a_file_is_read_as_the_fetcher_appends_and_a_half_line_waits_for_its_end(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(line("第一条"), encoding="utf-8")
    source = FileSource(path)
    assert source.read() == ([Comment("第一条")], [])
    assert source.read() == ([], [])
    append(path, line("第二条") + '{"text": "第三')  # the fetcher is still writing the third
    assert source.read() == ([Comment("第二条")], [])
    append(path, '条", "user": "u"}')
    assert source.read() == ([], [])  # no newline yet
    append(path, "\n")
    assert source.read() == ([Comment("第三条", "u")], [])


def test_malformed_lines_come_back_as_reasons_and_the_next_line_is_read(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"oops\n[1]\n{}\n\xff\n\n" + line("好").encode())
    assert FileSource(path).read() == (["json", "object", "text", "encoding", Comment("好")], [])


def test_an_overlong_line_without_a_newline_is_reported_once_and_never_held_whole(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("", encoding="utf-8")
    source = FileSource(path)
    append(path, '{"text": "' + "长" * (MAX_LINE // 2))  # 24 KiB, no newline
    assert source.read() == (["long"], [])
    append(path, "啊" * 10_000)
    assert source.read() == ([], [])  # the same line goes on: not reported again
    assert len(source._split.partial) <= MAX_LINE
    append(path, '"}\n' + line("下一条"))
    assert source.read() == ([Comment("下一条")], [])


def test_a_truncated_file_is_read_again_from_its_start(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(line("旧1") + line("旧2"), encoding="utf-8")
    source = FileSource(path)
    assert len(source.read()[0]) == 2
    path.write_text(line("新"), encoding="utf-8")  # the fetcher started over (truncate and write)
    items, notes = source.read()
    assert items == [Comment("新")]
    assert notes == [f"Comments: {path} was truncated; reading it again from its start"]


def test_a_rotated_file_is_read_to_its_end_then_the_new_one_from_its_start(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(line("一"), encoding="utf-8")
    source = FileSource(path)
    assert source.read() == ([Comment("一")], [])
    append(path, line("二"))
    path.rename(tmp_path / "c.jsonl.1")  # rotated: the old file moves away, a new one takes its name
    path.write_text(line("三"), encoding="utf-8")
    items, notes = source.read()
    assert items == [Comment("二"), Comment("三")]
    assert notes == [f"Comments: {path} was replaced; reading the new file from its start"]
    append(path, line("四"))
    assert source.read() == ([Comment("四")], [])


def test_a_file_that_is_not_there_yet_is_waited_for(tmp_path):
    path = tmp_path / "later.jsonl"
    source = FileSource(path)
    assert source.read() == ([], [f"Comments: waiting for {path} to appear"])
    assert source.read() == ([], [])  # said once
    path.write_text(line("来了"), encoding="utf-8")
    assert source.read() == ([Comment("来了")], [f"Comments: {path} is there; reading it"])


def test_a_resumed_run_reads_only_what_is_appended_from_then_on(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(line("停机前"), encoding="utf-8")
    source = FileSource(path, from_end=True)
    assert source.read() == ([], [])
    append(path, line("续播后"))
    assert source.read() == ([Comment("续播后")], [])


def test_a_big_backlog_is_read_a_budget_at_a_time(tmp_path):
    path = tmp_path / "c.jsonl"
    one = line("扣1")
    count = BUDGET // len(one.encode()) * 3
    path.write_text(one * count, encoding="utf-8")
    source = FileSource(path)
    first, _ = source.read()
    assert 0 < len(first) < count and source.more
    total = len(first)
    while source.more:
        total += len(source.read()[0])
    assert total == count


def test_a_file_that_cannot_be_read_any_more_is_said_once_and_tried_again(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(line("一"), encoding="utf-8")
    source = FileSource(path)
    source.read()
    path.unlink()
    os.mkfifo(path)  # a pipe put in its place: never opened for reading (it could block)
    source.close()
    items, notes = source.read()
    assert items == [] and notes == [f"Comments: cannot read {path} (it is not a regular file); trying again"]
    assert source.read() == ([], [])
    path.unlink()
    path.write_text(line("二"), encoding="utf-8")
    assert source.read() == ([Comment("二")], [f"Comments: {path} can be read again"])


def test_standard_input_is_read_in_a_thread_and_its_last_line_counts_at_its_end():
    source = StreamSource(io.BytesIO((line("一") + "bad\n" + '{"text": "末行没有换行"}').encode()))
    source.thread.join(5)
    items, notes = source.read()
    assert items == [Comment("一"), "json", Comment("末行没有换行")]
    assert notes == ["Comments: standard input has ended; no more comments will come"]
    assert source.read() == ([], [])


class _Stdin:
    def __init__(self, tty: bool, buffer=True):
        self._tty = tty
        if buffer:
            self.buffer = io.BytesIO(b"")

    def isatty(self):
        return self._tty


def test_a_source_that_can_never_work_is_refused_before_go_live(tmp_path):
    with pytest.raises(UsageError, match="it is a folder"):
        open_source(str(tmp_path))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file") as refused:
        open_source(str(fifo))
    assert "--comments -" in refused.value.hint
    with pytest.raises(UsageError, match="does not exist"):
        open_source(str(tmp_path / "no" / "such" / "c.jsonl"))
    with pytest.raises(UsageError, match="standard input is a terminal"):
        open_source("-", _Stdin(tty=True))
    with pytest.raises(UsageError, match="no standard input"):
        open_source("-", None)
    assert isinstance(open_source(str(tmp_path / "later.jsonl")), FileSource)  # not there yet: waited for
    assert isinstance(open_source("-", _Stdin(tty=False)), StreamSource)


# ----------------------------------------------------------------- where lines end, and a resume


def file_of(path) -> str:
    info = os.stat(path)
    return f"{info.st_dev}:{info.st_ino}"


def test_each_line_is_marked_where_it_ends_and_a_half_line_is_not_read_to(tmp_path):
    path = tmp_path / "c.jsonl"
    first, second = line("一"), line("二二")
    path.write_text(first + "\n" + second + '{"text": "半', encoding="utf-8")
    source = FileSource(path)
    assert source.read()[0] == [Comment("一"), Comment("二二")]
    ends = [len(first.encode()), len((first + "\n" + second).encode())]
    assert [parse_mark(m)[:2] for m in source.marks] == [(file_of(path), end) for end in ends]
    place = parse_mark(source.read_to)
    assert place[:2] == (file_of(path), ends[1]) and len(place[2]) == 8  # the half line waits


def test_an_overlong_line_is_marked_and_read_past(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("x" * (MAX_LINE + 10) + "\n" + line("后"), encoding="utf-8")
    source = FileSource(path)
    assert source.read()[0] == ["long", Comment("后")]
    assert parse_mark(source.marks[1])[1] == path.stat().st_size == parse_mark(source.read_to)[1]


def resumed(path, **change) -> FileSource:
    """A resumed run's source going on from where a first run had read ``path`` to."""
    first = FileSource(path)
    first.read()
    file, offset, check = parse_mark(first.read_to)
    return FileSource(path, from_end=True, read_to=ReadTo(**{"file": file, "offset": offset, "check": check,
                                                             **change}))


def test_a_resumed_run_reads_what_came_while_it_was_stopped_as_late_then_the_new_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(line("停机前"), encoding="utf-8")
    source = resumed(path, flagged=7)
    append(path, line("停机时") + line("也在说"))
    items, notes = source.read()
    assert items == [Comment("停机时"), Comment("也在说")] and source.late and source.logged_to == 7
    assert notes == [f"Comments: reading what {path} received while the run was stopped, counted once and raising "
                     f"no alert"]
    append(path, line("续播后"))
    while source.more or source.late:
        items, _ = source.read()
        if items:
            break
    assert items == [Comment("续播后")] and not source.late


def test_late_lines_and_new_ones_never_come_in_one_read(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(line("前"), encoding="utf-8")
    source = resumed(path)
    append(path, line("停机时"))
    source._open([])  # the run opens the file: what is there now was written while it was stopped
    append(path, line("续播后"))  # written after: new
    assert source.read()[0] == [Comment("停机时")] and source.late and source.more
    read = [source.read() for _ in range(2)]
    assert [items for items, _ in read if items] == [[Comment("续播后")]] and not source.late


@pytest.mark.parametrize("change", ["other file", "shorter", "rewritten"])
def test_a_resume_on_another_file_reads_only_what_comes_from_then_on(tmp_path, change):
    path = tmp_path / "c.jsonl"
    path.write_text(line("停机前") + line("也是"), encoding="utf-8")
    source = resumed(path, **({"file": "1:2"} if change == "other file" else
                              {"offset": 10 ** 6} if change == "shorter" else {}))
    if change == "rewritten":  # the same inode, other bytes before the place: not the file that was read
        path.write_text(line("新文件") + line("也是"), encoding="utf-8")
    items, notes = source.read()
    assert items == [] and not source.late
    assert notes == [f"Comments: {path} is not the file this run was reading before it stopped; only what is "
                     f"written from now on is read"]
    append(path, line("续播后"))
    assert source.read()[0] == [Comment("续播后")]


def test_where_a_run_had_read_to_is_its_last_tally_and_the_flagged_comments_after_it():
    def tally(place):
        return Event("comments", 0, data=(("read", 1), ("read_to", place)))

    def flagged(place):
        return Event("comment", 0, data=(("at", place),))

    assert read_to_of([Event("segment-start", 0)]) is None
    events = [tally("1:2:10:0000abcd"), flagged("1:2:30"), tally("1:2:40:12345678"), flagged("1:2:55"),
              flagged("3:4:90"), flagged("1:2:50")]
    assert read_to_of(events) == ReadTo("1:2", 40, "12345678", 55)
    assert read_to_of([tally("not a mark"), flagged("1:2:5")]) is None
    assert [parse_mark(v) for v in ("1:2:3", "1:2:3:ab", "1:2", "a:2:3", 7, "1:2:3:4:5")] == [
        ("1:2", 3, ""), ("1:2", 3, "ab"), None, None, None, None]
