"""An exact 复盘: going back to a segment keeps the time it ran, a segment's time is the sum of its
visits, and the segments (with the waits for hard starts) add up to the run's length — through
pauses, ±minute, hard starts, a stop and a resume, all on the fake clock."""

from __future__ import annotations

import pytest

from livesop.runner.clock import FakeClock
from livesop.runner.report import render
from livesop.runner.report.summary import summarize
from livesop.runner.runlog import read_log
from livesop.runner.show import load_show, new_run, resume_run
from tests.runkit import M, S, WALL0, drive, engine_for, plain_run, show_text

SHOW = show_text("visits", "来回复盘", """\
segments:
  - id: a
    title: 开场
    duration: 5m
    cues:
      - {at: 0s, role: host, do: 欢迎}
      - {at: 3m, role: ops, do: 上架}
  - id: b
    title: 讲品
    duration: 5m
    cues:
      - {at: 1m, role: host, do: 讲卖点}
  - id: c
    title: 整点秒杀
    start: "20:30"
    duration: 5m
    cues:
      - {at: 0s, role: ops, do: 改价}
  - id: d
    title: 下播
    duration: 2m
    end: next
""")


def rehearsal(playbook_file, tmp_path):
    """A run on the plan's clock (go-live 20:00, so c's hard start is 30 minutes in), on a fake clock."""
    playbook, library = load_show(playbook_file)
    prepared = new_run(playbook_file, playbook, library, wall_ms=WALL0, speed=60.0, start_at=None, roles=(),
                       interactive=True, log_path=tmp_path / "run.jsonl")
    return plain_run(prepared, FakeClock(0, wall0_ms=WALL0, speed=60.0))


def act(run, at: int, operation, *args) -> None:
    drive(run, at)
    run.emit(operation(run.clock.now, *args))


def back_and_forth(run) -> None:
    """n, p, n, p, n with a pause, a minute added and removed, a wait for a hard start."""
    engine = run.engine
    act(run, 1 * M, engine.pause)
    act(run, 2 * M, engine.resume)  # a: one minute paused
    act(run, 2 * M, engine.take)  # n: a ran 2:00 (pause included), b begins
    act(run, 3 * M, engine.back)  # p: b ran 1:00; a again where it was (1:00 run)
    act(run, 3 * M + 30 * S, engine.adjust, M)
    act(run, 4 * M, engine.take)  # n: a 1:00 more; b again at 1:00
    act(run, 5 * M, engine.back)  # p: b 1:00 more
    act(run, 6 * M, engine.take)  # n: a 1:00 more (4:00 in all)
    act(run, 9 * M, engine.take)  # n: b 3:00 more (5:00 in all); c waits for 20:30
    act(run, 32 * M, engine.adjust, -M)
    act(run, 35 * M, engine.take)  # c ran 5:00 (1:00 in overtime); d ends the show by itself
    drive(run, 40 * M)


def test_going_back_and_on_again_keeps_each_segments_time_and_fires_no_cue_twice():
    engine = engine_for(SHOW)
    events = engine.start(0)
    for when, operation in ((2 * M, engine.take), (3 * M, engine.back), (4 * M, engine.take)):
        events += engine.tick(when) + operation(when)
    snap = engine.snapshot(4 * M)
    assert (snap.seg, snap.elapsed) == ("b", M)  # b taken up again 1:00 in, not from 0:00
    events += engine.tick(5 * M)
    ends = [e for e in events if e.kind == "segment-end"]
    assert [(e.seg, e.amount, e.get("ran")) for e in ends] == [("a", 2 * M, None), ("b", M, None), ("a", M, 3 * M)]
    assert ends[-1].over == 3 * M - 5 * M  # against the plan: every visit counted
    starts = [(e.seg, e.reason, e.get("elapsed")) for e in events if e.kind == "segment-start"]
    assert starts == [("a", "start", None), ("b", "take", None), ("a", "back", 2 * M), ("b", "take", M)]
    cues = [e.cue for e in events if e.kind == "cue"]
    assert sorted(cues) == ["a:1", "a:2", "b:1"]  # each once: a's 3:00 cue when a had run 3:00 over two visits
    assert next(e.t for e in events if e.kind == "cue" and e.cue == "a:2") == 4 * M
    assert [e.t for e in events if e.kind == "cue-skipped"] == [2 * M]  # a:2, when a was taken at 2:00


def test_the_report_adds_up_every_visit_pause_minute_and_wait(playbook_file, tmp_path):
    run = rehearsal(playbook_file, tmp_path)
    back_and_forth(run)
    assert run.engine.state == "finished"
    run.stop("end")
    read = read_log(tmp_path / "run.jsonl")
    report = summarize(read)
    rows = {row.id: row for row in report.segments}
    assert {k: (r.actual_duration, r.visits, r.waited) for k, r in rows.items()} == {
        "a": (4 * M, 3, 0), "b": (5 * M, 3, 0), "c": (5 * M, 1, 21 * M), "d": (2 * M, 1, 0)}
    assert (rows["a"].over, rows["a"].added, rows["c"].added) == (-M, M, -M)
    assert report.actual_total == 37 * M
    assert report.in_segments == 16 * M and report.waiting == 21 * M
    assert report.in_segments + report.waiting == report.actual_total
    cues = [e.cue for e in read.events if e.kind == "cue"]
    assert len(cues) == len(set(cues)) and {"a:1", "a:2", "b:1", "c:1"} == set(cues)
    # a:2 was logged as skipped when a was taken at 2:00, then fired when a was taken up again
    assert any(e.kind == "cue-skipped" and e.cue == "a:2" for e in read.events)
    assert {r.role: (r.planned, r.fired, r.skipped, r.not_reached) for r in report.roles} == {
        "host": (2, 2, 0, 0), "ops": (2, 2, 0, 0)}
    text = render("text", report)
    assert "taken · 3 visits" in text and "waited 21:00 for its hard start" in text
    assert "The segments ran 16:00 in all (every visit, pauses included) and the show waited 21:00 for hard " \
           "starts: 37:00, the run's length." in text


@pytest.mark.parametrize("stop_at", [3 * M + 20 * S, 9 * M + 30 * S, 33 * M])
def test_a_run_stopped_anywhere_and_resumed_still_adds_up(playbook_file, tmp_path, stop_at):
    """Stopped inside a revisited segment, while waiting for a hard start, in a hard-start segment:
    the stopped log adds up (the open visit runs to its end), and so does the resumed one."""
    run = rehearsal(playbook_file, tmp_path)
    engine = run.engine
    plan = [(2 * M, engine.take), (3 * M, engine.back), (4 * M, engine.take), (9 * M, engine.take)]
    for when, operation in plan:
        if when > stop_at:
            break
        act(run, when, operation)
    drive(run, stop_at)
    run.stop("stopped")
    path = tmp_path / "run.jsonl"
    stopped = summarize(read_log(path))
    assert stopped.actual_total == stop_at
    assert stopped.in_segments + stopped.waiting == stop_at
    playbook, library = load_show(playbook_file)
    gap = 2 * M
    prepared = resume_run(path, playbook_file, playbook, library, wall_ms=WALL0 + (stop_at + gap) // 60,
                          speed=None, interactive=True)
    resumed = plain_run(prepared, FakeClock(prepared.now_ms, wall0_ms=WALL0, speed=60.0))
    for when, operation in plan:
        if when > prepared.now_ms:
            act(resumed, when, operation)
    drive(resumed, 38 * M)
    if resumed.engine.state != "finished":  # c holds in overtime: take it
        act(resumed, 40 * M, resumed.engine.take)
        drive(resumed, 45 * M)
    assert resumed.engine.state == "finished"
    resumed.stop("end")
    report = summarize(read_log(path))
    assert report.integrity.resumed == 1
    assert report.in_segments + report.waiting == report.actual_total
    assert sum(p.length or 0 for p in report.pauses) >= gap - 100  # the gap shows as an interruption


def test_an_old_style_log_is_summed_by_its_times_not_by_its_figures(playbook_file, tmp_path):
    """A log written before visits were kept apart (a second visit's ``amount`` counted the first again)
    still gives each segment the time it ran: the report times visits by their start and end."""
    from livesop.runner.events import Event
    from livesop.runner.report.summary import _segments

    plan = {"segments": [{"id": "a", "duration": 5 * M}, {"id": "b", "duration": 5 * M}]}
    events = [Event("segment-start", 0, seg="a"), Event("segment-end", 2 * M, seg="a", amount=2 * M),
              Event("segment-start", 2 * M, seg="b"), Event("segment-end", 3 * M, seg="b", amount=M),
              Event("segment-start", 3 * M, seg="a"), Event("segment-end", 4 * M, seg="a", amount=3 * M),
              Event("segment-start", 4 * M, seg="b")]
    rows = {row.id: row for row in _segments(plan, events, 6 * M)}
    assert (rows["a"].actual_duration, rows["b"].actual_duration) == (3 * M, 3 * M)
    assert rows["b"].status == "running when the log ends"
