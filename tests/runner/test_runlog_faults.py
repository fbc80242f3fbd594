"""A run log that cannot be written: at the start the run is refused (exit 2, nothing left behind);
during a show the cue sheet goes on, says loudly that the log fails, holds the lines in memory and
writes them when there is room again; what never reached the log is saved and the report says so."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.errors import LivesopError, UsageError
from livesop.runner import runlog
from livesop.runner.clock import FakeClock
from livesop.runner.plain import Formatter, PlainRun, Stop
from livesop.runner.report import render
from livesop.runner.report.summary import summarize
from livesop.runner.runlog import RunLog, read_log
from livesop.runner.show import load_show, new_run, resume_run, unlogged_note
from livesop.runner.tui import TuiRun
from tests.runkit import HOST_OPS, WALL0, M, S, drive, new_show, plain_run, show_text
from tests.runner.test_tui import FakeTerminal

SHOW = show_text("full", "磁盘满演练", """\
segments:
  - id: a
    title: 开场
    duration: 5m
    end: next
    cues:
      - {at: 0s, role: host, do: 欢迎, every: 20s}
  - id: b
    title: 长段
    duration: 30m
    end: next
    cues:
      - {at: 0s, role: ops, do: 上架}
""", start=None)

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullDisk:
    """The log's file system: ENOSPC while ``full()`` (after ``partial`` bytes of a line, or at fsync
    with ``at="fsync"``), the real write and fsync otherwise."""

    def __init__(self, log: RunLog, monkeypatch, full=None, partial: int = 0, at: str = "write"):
        self.full = full or (lambda: self.on)
        self.on = False
        self.partial, self.at, self.half = partial, at, False
        self.real_write, self.real_sync = log._raw_write, log._raw_sync
        self.attempts = 0
        monkeypatch.setattr(log, "_raw_write", self.write)
        monkeypatch.setattr(log, "_raw_sync", self.sync)

    def write(self, data):
        if self.full() and self.at == "write":
            self.attempts += 1
            if self.partial and not self.half:  # some bytes of the line reach the file, then the disk is full
                self.half = True
                return self.real_write(data[:self.partial])
            self.half = False
            raise ENOSPC
        return self.real_write(data)

    def sync(self):
        if self.full() and self.at == "fsync":
            self.attempts += 1
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        self.real_sync()


def started(playbook_file, tmp_path, monkeypatch, **disk):
    prepared = new_show(playbook_file, tmp_path, interactive=False)
    out = io.StringIO()
    run = plain_run(prepared, FakeClock(prepared.now_ms, wall0_ms=WALL0), out=out,
                    formatter=Formatter((), HOST_OPS, None, {}))
    return run, out, FullDisk(run.log, monkeypatch, **disk)


@pytest.mark.parametrize("disk", [{"partial": 9}, {"at": "fsync"}], ids=["write", "fsync"])
def test_a_full_disk_never_stops_the_show_and_the_log_catches_up(playbook_file, tmp_path, monkeypatch, disk):
    run, out, fault = started(playbook_file, tmp_path, monkeypatch, **disk)
    log = tmp_path / "run.jsonl"
    drive(run, M)
    before = len(read_log(log).records)
    fault.on = True
    drive(run, 2 * M)  # three cues come and go while nothing can be written
    assert run.log.failure and len(run.log.pending) == 3 and fault.attempts >= 3
    during = read_log(log)
    assert during.ok and not during.truncated and len(during.records) == before  # never a partial line
    text = out.getvalue()
    alarm = "!! RUN LOG FAILING: 1 line(s) held in memory — cannot write run.jsonl: " + run.log.failure
    assert alarm in text and "the show goes on" in text
    shown = text.split(alarm)[1].splitlines()[1:]
    assert len(shown) == 3 and all("主播 做：欢迎" in x and x.endswith("[!! LOG FAILING]") for x in shown)
    fault.on = False
    drive(run, 2 * M + 20 * S)  # the next cue: the held lines are written first, in order
    assert not run.log.pending and not run.log.failure
    assert "✓ run log written again: 3 line(s) held for 01:00 are in run.jsonl" in out.getvalue()
    assert not out.getvalue().splitlines()[-1].endswith("[!! LOG FAILING]")
    run.stop("stopped")
    read = read_log(log)
    assert read.ok and read.closed and not read.truncated
    cues = [e.cue for e in read.events if e.kind == "cue"]
    assert cues == [f"a:1#{k}" for k in range(1, 9)]  # every cue once, in order
    [record] = read.faults
    assert record["lines"] == 3 and record["since_wall_ms"] == WALL0 + M + 20 * S
    assert record["wall_ms"] == WALL0 + 2 * M + 20 * S and record["reason"] == run.log.recovered["reason"]
    report = render("text", summarize(read))
    assert "could not be written from" in report and "3 line(s) were held in memory and written late, " \
                                                     "none is missing" in report
    resumed = resume_run(log, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 4 * M, speed=None,
                         interactive=False)  # the log-fault line is no event: the replay goes past it
    assert [e.kind for e in resumed.events] == ["interrupted"]
    resumed.log.abandon()


def test_the_loop_retries_on_its_tick_when_no_event_comes(playbook_file, tmp_path, monkeypatch):
    prepared = new_show(playbook_file, tmp_path, interactive=False)
    clock = FakeClock(0, wall0_ms=WALL0)
    run = PlainRun(prepared.engine, prepared.log, clock, io.StringIO(), Formatter((), HOST_OPS, None, {}))
    drive(run, 5 * M)  # segment b began: its one cue, then nothing for 30 minutes
    FullDisk(run.log, monkeypatch, full=lambda: clock.now < 5 * M + 12 * S)
    run.emit(run.engine.adjust(clock.now, M))  # an act that cannot be written now
    assert run.log.pending
    assert run.run() == "end"
    read_fault = read_log(tmp_path / "run.jsonl").faults
    # written at the third retry (5 s apart on the loop's own tick), not 31 minutes later with the next event
    assert [f["wall_ms"] for f in read_fault] == [WALL0 + 5 * M + 15 * S]


def test_lines_never_written_are_saved_and_the_report_says_so(playbook_file, tmp_path, monkeypatch):
    run, out, fault = started(playbook_file, tmp_path, monkeypatch)
    log = tmp_path / "run.jsonl"
    drive(run, M)
    fault.on = True
    drive(run, 2 * M)
    digest = run.stop("stopped")  # the disk is still full: the stop and close lines cannot be written either
    assert run.log.lost == 5 and run.log.rescued == tmp_path / "run.jsonl.unwritten"
    note = unlogged_note(run.log)
    assert "5 line(s) of this run could not be written" in note and "No space left on device" in note
    assert f"cat {run.log.rescued} >> {log}" in note
    report = CliRunner().invoke(cli, ["report", str(log)])
    assert "NOT ALL WAS LOGGED" in report.stdout and "run.jsonl.unwritten" in report.stdout
    with pytest.raises(LivesopError, match="could not be written are still in"):
        resume_run(log, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 3 * M, speed=None,
                   interactive=False)
    with open(log, "ab") as handle:  # `cat FILE >> LOG`, as the note says
        handle.write(run.log.rescued.read_bytes())
    read = read_log(log)
    assert read.ok and read.closed and read.last_hash == digest
    assert "NOT ALL WAS LOGGED" not in CliRunner().invoke(cli, ["report", str(log)]).stdout


def test_without_room_next_to_the_log_the_lines_go_to_the_temp_folder(playbook_file, tmp_path, monkeypatch):
    run, out, fault = started(playbook_file, tmp_path, monkeypatch)
    monkeypatch.setattr(runlog, "unwritten_path", lambda path: tmp_path / "no-such-folder" / "x")
    fault.on = True
    run.stop("stopped")
    assert run.log.rescued.parent == Path(tempfile.gettempdir()) and run.log.rescued.name.startswith("livesop-")
    assert run.log.rescued.read_bytes().count(b"\n") == run.log.lost == 2
    run.log.rescued.unlink()


def test_the_full_screen_view_shows_a_banner_while_the_log_fails(playbook_file, tmp_path, monkeypatch):
    prepared = new_show(playbook_file, tmp_path)
    clock = FakeClock(0, wall0_ms=WALL0)
    term = FakeTerminal(clock, [(50 * S, b"q"), (51 * S, b"y")], size=(100, 30))
    run = TuiRun(prepared.engine, prepared.log, clock, Formatter((), HOST_OPS, None, {}), terminal=term)
    run.emit(prepared.events)
    FullDisk(run.log, monkeypatch, full=lambda: 10 * S <= clock.now < 30 * S)
    with pytest.raises(Stop):
        run.run()
    frames = dict(term.frames)
    assert "RUN LOG FAILING" not in frames[5 * S]
    banner = "✗ RUN LOG FAILING: 1 line(s) held in memory — cannot write run.jsonl: No"
    failing = [t for t, frame in term.frames if banner in frame]
    assert failing and min(failing) == 20 * S and max(failing) < 31 * S  # the cue at 20 s, until written again
    assert all("RUN LOG FAILING" in frames[t] for t in range(20 * S, 30 * S, S))  # on every frame meanwhile
    assert "run log written again: 1 line(s)" in frames[30 * S]
    run.stop("stopped")
    assert read_log(tmp_path / "run.jsonl").ok


# ----------------------------------------------------------------- at the start


def test_a_log_that_cannot_take_its_header_is_refused_and_removed(playbook_file, tmp_path, monkeypatch):
    def full(self, data):
        raise ENOSPC

    monkeypatch.setattr(RunLog, "_raw_write", full)
    playbook, library = load_show(playbook_file)
    with pytest.raises(UsageError, match=r"cannot write .*run.jsonl: No space left on device") as caught:
        new_run(playbook_file, playbook, library, wall_ms=WALL0, speed=1.0, start_at=None, roles=(),
                interactive=False, log_path=tmp_path / "deep" / "er" / "run.jsonl")
    assert caught.value.exit_code == 2
    assert not (tmp_path / "deep").exists()  # neither the file nor the folders made for it


def run_cli(*args):
    result = CliRunner().invoke(cli, ["run", *map(str, args)])
    assert "Traceback" not in result.output and not isinstance(result.exception, (AssertionError, OSError))
    return result


def test_run_log_where_a_file_is_in_the_way(playbook_file, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    result = run_cli(playbook_file, "--speed", "50000", "--log", tmp_path / "notes.txt" / "run.jsonl")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "notes.txt is a file, not a folder" in result.stderr


def test_default_log_in_a_folder_that_cannot_take_it(playbook_file, tmp_path, monkeypatch):
    """A read-only file system (as root, chmod would not stop the write): mkdir says EROFS."""
    def read_only(path, mode=0o777):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "mkdir", read_only)
    result = run_cli(playbook_file, "--speed", "50000")
    assert result.exit_code == 2
    assert "cannot write .livesop: Read-only file system" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["show.yaml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_default_log_when_the_current_folder_is_read_only(playbook_file, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    monkeypatch.chdir(folder)
    folder.chmod(0o555)
    try:
        result = run_cli(playbook_file, "--speed", "50000")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2 and "cannot write .livesop: Permission denied" in result.stderr
    assert not any(folder.iterdir())
