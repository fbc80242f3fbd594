"""The run log: hash chain, fsynced lines, truncation and alteration, and resuming from it."""

from __future__ import annotations

import json

import pytest

from livesop.errors import LivesopError
from livesop.runner.clock import FakeClock
from livesop.runner.runlog import GENESIS, RunLog, line_hash, read_log
from livesop.runner.show import load_show, resume_run
from tests.runkit import FREEZE, WALL0, M, drive, new_show, plain_run, show_text

SHOW = show_text("logged", "日志演练", """\
segments:
  - id: a
    title: 开场
    duration: 3m
    end: next
    cues:
      - {at: 0s, role: host, do: 欢迎, every: 20s}
  - id: b
    title: 讲品
    duration: 3m
    cues:
      - {at: 0s, role: ops, do: 上架, every: 30s}
  - id: c
    title: 下播
    duration: 2m
    end: next
    cues:
      - {at: 10s, role: host, do: 再见}
""" + FREEZE, start=None)


def start(playbook_file, tmp_path, interactive=False):
    prepared = new_show(playbook_file, tmp_path, interactive=interactive)
    run = plain_run(prepared, FakeClock(prepared.now_ms, wall0_ms=WALL0))
    return run, run.clock


def test_every_line_is_chained_to_the_one_before(playbook_file, tmp_path):
    run, clock = start(playbook_file, tmp_path)
    drive(run, 4 * M)
    run.stop("stopped")
    raw = (tmp_path / "run.jsonl").read_bytes().split(b"\n")[:-1]
    records = [json.loads(line) for line in raw]
    assert records[0]["type"] == "header" and records[0]["prev"] == GENESIS
    assert records[0]["playbook"] == "logged" and len(records[0]["sha256"]) == 64 and records[0]["speed"] == 1.0
    assert [r["seq"] for r in records] == list(range(len(records)))
    for before, line in zip(raw, records[1:]):
        assert line["prev"] == line_hash(before)
    cue = next(r for r in records if r.get("kind") == "cue")
    assert cue["t"] == 0 and cue["wall_ms"] == WALL0 and cue["wall"].startswith("2025-11-2")
    assert records[-1]["type"] == "close"
    read = read_log(tmp_path / "run.jsonl")
    assert read.ok and read.closed and not read.truncated


def test_a_changed_line_breaks_the_chain(playbook_file, tmp_path):
    run, clock = start(playbook_file, tmp_path)
    drive(run, 2 * M)
    run.stop("stopped")
    path = tmp_path / "run.jsonl"
    path.write_bytes(path.read_bytes().replace("欢迎".encode(), "欢乐".encode(), 1))
    read = read_log(path)
    assert not read.ok
    assert "does not match line" in read.altered[0]
    with pytest.raises(LivesopError, match="does not verify"):
        resume_run(path, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 3 * M, speed=None,
                   interactive=False)


def test_a_cut_off_last_line_is_truncation_not_alteration(playbook_file, tmp_path):
    run, clock = start(playbook_file, tmp_path)
    drive(run, 2 * M)
    run.log.abandon()  # killed: no close line
    path = tmp_path / "run.jsonl"
    whole = path.read_bytes()
    path.write_bytes(whole[:-25])  # the last line was being written
    read = read_log(path)
    assert read.ok and read.truncated and not read.closed
    assert read.good_size == whole[:-1].rfind(b"\n") + 1


def test_resume_from_a_truncated_log_continues_where_it_stood(playbook_file, tmp_path):
    run, clock = start(playbook_file, tmp_path)
    drive(run, 4 * M)  # in segment b, one minute in
    run.emit(run.engine.adjust(clock.now, M))  # and a minute added
    drive(run, 4 * M + 40_000)
    run.log.abandon()
    path = tmp_path / "run.jsonl"
    path.write_bytes(path.read_bytes()[:-10])  # kill -9 while writing the last line (the 4:30 cue)
    playbook, library = load_show(playbook_file)
    prepared = resume_run(path, playbook_file, playbook, library, wall_ms=WALL0 + 6 * M, speed=None,
                          interactive=False)
    engine = prepared.engine
    gap = prepared.events[0]
    assert gap.kind == "interrupted" and gap.amount == 2 * M and gap.get("dropped_bytes") > 0
    snap = engine.snapshot(6 * M)
    assert (snap.seg, snap.added, snap.elapsed) == ("b", M, M)  # where the log stood: 1:00 into b, +1 min
    resumed = plain_run(prepared, FakeClock(prepared.now_ms, wall0_ms=WALL0 + 6 * M))
    drive(resumed, 30 * M)
    assert engine.state == "finished"
    resumed.stop("end")
    read = read_log(path)
    assert read.ok and read.closed and not read.truncated
    cues = [e for e in read.events if e.kind == "cue"]
    assert len({e.cue for e in cues}) == len(cues)  # nothing fired twice
    lost = next(e for e in cues if e.cue == "b:1#4")
    assert lost.t == 6 * M + 30_000  # the cut-off cue fires after the gap, 1:30 into b
    assert {"a:1#9", "b:1#8", "c:1"} <= {e.cue for e in cues}  # b has 4 minutes now: 8 firings


def test_events_missing_from_the_log_are_written_when_resuming(playbook_file, tmp_path):
    run, clock = start(playbook_file, tmp_path)
    drive(run, 3 * M)  # a ends, b starts and its first cue fires, all at 3:00
    run.log.abandon()
    path = tmp_path / "run.jsonl"
    lines = path.read_bytes().split(b"\n")
    assert [json.loads(x)["kind"] for x in lines[-4:-1]] == ["segment-end", "segment-start", "cue"]
    path.write_bytes(b"\n".join(lines[:-3]) + b"\n" + lines[-3][:9])  # died writing segment-start
    prepared = resume_run(path, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 3 * M + 500,
                          speed=None, interactive=False)
    assert [(e.kind, e.t) for e in prepared.events] == [
        ("segment-start", 3 * M), ("cue", 3 * M), ("interrupted", 3 * M + 500)]


def test_resume_refuses_another_playbook_or_a_changed_file(playbook_file, tmp_path):
    run, clock = start(playbook_file, tmp_path)
    drive(run, M)
    run.stop("stopped")
    path = tmp_path / "run.jsonl"
    playbook_file.write_text(SHOW.replace("再见", "明天见"), encoding="utf-8")
    with pytest.raises(LivesopError, match="has changed since the run"):
        resume_run(path, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 2 * M, speed=None,
                   interactive=False)
    other = tmp_path / "other.yaml"
    other.write_text(SHOW.replace("id: logged", "id: other"), encoding="utf-8")
    with pytest.raises(LivesopError, match="not 'other'"):
        resume_run(path, other, *load_show(other), wall_ms=WALL0 + 2 * M, speed=None, interactive=False)


def test_resume_after_a_clean_stop_and_operations_replays_them(playbook_file, tmp_path):
    run, clock = start(playbook_file, tmp_path)
    drive(run, M)
    run.emit(run.engine.pause(clock.now))
    drive(run, 2 * M)
    run.emit(run.engine.resume(clock.now))
    run.emit(run.engine.open_emergency(clock.now, "freeze"))
    drive(run, 2 * M + 5000)
    run.emit(run.engine.ack(clock.now))
    run.emit(run.engine.take(clock.now))
    run.emit(run.engine.back(clock.now + 1000))
    run.stop("stopped")
    path = tmp_path / "run.jsonl"
    prepared = resume_run(path, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 3 * M, speed=None,
                          interactive=False)
    assert prepared.engine.snapshot(3 * M).seg == "a"
    assert "freeze" in prepared.engine.emergencies and prepared.engine.acked
    prepared.log.abandon()  # one writer at a time: the lock goes with the file
    with pytest.raises(LivesopError, match="--speed 2 differs"):
        resume_run(path, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 3 * M, speed=2.0,
                   interactive=False)


def test_an_existing_log_is_never_overwritten(playbook_file, tmp_path):
    (tmp_path / "run.jsonl").write_text("keep me\n")
    with pytest.raises(LivesopError, match="exists already"):
        RunLog.create(tmp_path / "run.jsonl", {"playbook": "x"})
    assert (tmp_path / "run.jsonl").read_text() == "keep me\n"
