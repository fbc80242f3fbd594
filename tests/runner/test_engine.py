"""The cue engine, driven by hand-set show times (ms): every operation, hard starts, midnight."""

from __future__ import annotations

from livesop.format.timeline import build_timeline
from livesop.runner.engine import Engine
from tests.helpers import load_model
from tests.runkit import M, S, engine_for, freeze, show_text

SHOW = show_text("eng", "引擎", """\
products:
  - {id: pan, name: 炒锅, link: 1, list_price: 299, price_basis: 店铺日常售价, live_price: 199, stock: 30}
scripts:
  hello: "欢迎，还剩{countdown}"
segments:
  - id: open
    title: 开场
    duration: 10m
    end: next
    cues:
      - {at: 0s, role: host, say: hello}
      - {at: 5m, role: ops, do: 上架炒锅}
  - id: pitch
    title: "讲品：{product.name}"
    product: pan
    duration: 10m
    cues:
      - {at: 0s, role: host, do: "讲{product.name}"}
      - {at: 2m, role: control, do: 发福袋, every: 3m}
      - {at: 8m, role: ops, do: "改价{product.live_price}"}
  - id: close
    title: 下播
    duration: 5m
    end: next
    cues:
      - {at: 1m, role: host, do: 说再见}
""" + freeze("""\
respond_within: 30s
recover_within: 5m
hold: hello
steps:
  - {role: ops, do: 切备用机}
  - {role: host, say: hello}
"""), roles=("host", "ops", "control"))


def engine(text: str = SHOW, **kwargs) -> Engine:
    return engine_for(text, **kwargs)


def kinds(events, kind):
    return [e for e in events if e.kind == kind]


def test_next_segments_advance_and_cues_fire_at_due_times_even_when_ticked_late():
    e = engine()
    events = e.start(0)
    assert [x.kind for x in events] == ["show-start", "segment-start", "cue"]
    assert events[2].text == "欢迎，还剩10:00"  # {countdown} is the time left when the cue fires
    later = e.tick(11 * M + 123)  # one late tick: each event keeps its own due time
    assert [(x.kind, x.t) for x in later if x.kind in ("cue", "segment-end", "segment-start")] == [
        ("cue", 5 * M), ("segment-end", 10 * M), ("segment-start", 10 * M), ("cue", 10 * M)]
    assert kinds(later, "cue")[0].text == "上架炒锅"
    assert e.snapshot(11 * M).seg == "pitch" and e.snapshot(11 * M).elapsed == 1 * M


def test_hold_counts_into_overtime_and_take_ends_it():
    e = engine()
    e.start(0)
    events = e.tick(22 * M)
    assert kinds(events, "overtime")[0].t == 20 * M
    snap = e.snapshot(22 * M)
    assert snap.overtime and snap.remaining == -2 * M and snap.behind == 2 * M
    taken = e.take(22 * M)
    end = kinds(taken, "segment-end")[0]
    assert (end.reason, end.amount, end.over) == ("take", 12 * M, 2 * M)
    start = kinds(taken, "segment-start")[0]
    assert (start.seg, start.t, start.reason) == ("close", 22 * M, "take")
    assert kinds(e.tick(23 * M), "cue")[0].t == 23 * M
    final = e.tick(40 * M)
    assert final[-1].kind == "show-end" and final[-1].over == 2 * M


def test_hold_as_next_moves_on_by_itself_and_says_so():
    e = engine(hold_as_next=True)
    e.start(0)
    events = e.tick(21 * M)
    end = [x for x in events if x.kind == "segment-end" and x.seg == "pitch"][0]
    assert end.reason == "auto-hold" and end.t == 20 * M
    assert not kinds(events, "overtime")


def test_pause_across_a_cue_delays_it_by_the_pause():
    e = engine()
    e.start(0)
    e.tick(4 * M)
    paused = e.pause(4 * M)
    assert paused[-1].kind == "pause"
    assert e.tick(6 * M) == []  # the 5m cue does not fire while paused
    assert e.next_deadline() is None
    resumed = e.resume(7 * M)
    assert resumed[0].kind == "resume" and resumed[0].amount == 3 * M
    assert e.next_deadline() == 8 * M
    cue = kinds(e.tick(8 * M), "cue")[0]
    assert cue.t == 8 * M and cue.planned == 5 * M and cue.behind == 3 * M
    assert kinds(e.tick(13 * M), "segment-end")[0].amount == 13 * M


def test_take_skips_the_rest_of_the_segment():
    e = engine()
    e.start(0)
    events = e.take(1 * M)
    skipped = kinds(events, "cue-skipped")
    assert [x.cue for x in skipped] == ["open:2"]
    assert kinds(events, "segment-end")[0].over == -9 * M
    assert e.snapshot(1 * M).behind == -9 * M  # ahead of the plan


def test_add_and_remove_time_move_the_end_and_every_cues():
    e = engine()
    e.start(0)
    e.tick(10 * M)  # pitch starts at 10m; its `every` cue fires at 2, 5, 8 min
    added = e.adjust(11 * M, 3 * M)
    assert added[-1].kind == "adjust" and added[-1].amount == 3 * M and added[-1].get("added") == 3 * M
    assert e.snapshot(11 * M).remaining == 12 * M
    fired = e.tick(30 * M)
    assert [x.t - 10 * M for x in kinds(fired, "cue") if x.cue.startswith("pitch:2")] == [2 * M, 5 * M, 8 * M, 11 * M]
    assert kinds(fired, "overtime")[0].t == 23 * M
    e2 = engine()
    e2.start(0)
    events = e2.adjust(1 * M, -20 * M)  # the end is never in the past: the segment ends now
    assert events[0].kind == "adjust" and events[0].amount == -9 * M
    assert [(x.kind, x.t) for x in events[1:3]] == [("cue-skipped", 1 * M), ("segment-end", 1 * M)]
    assert kinds(events, "segment-end")[0].t == 1 * M
    e2.tick(22 * M)  # pitch (hold) is 2 minutes into overtime: nothing left to remove
    assert e2.snapshot(22 * M).overtime and e2.adjust(22 * M, -M) == []


def test_back_returns_to_where_the_previous_segment_was_left():
    e = engine()
    e.start(0)
    e.take(3 * M)
    back = e.back(4 * M)
    start = kinds(back, "segment-start")[-1]
    assert (start.seg, start.reason, start.get("elapsed")) == ("open", "back", 3 * M)
    assert not kinds(back, "cue")  # the 0s cue already fired: not repeated
    cue = kinds(e.tick(6 * M), "cue")[0]
    assert (cue.cue, cue.t) == ("open:2", 6 * M)  # 5m into the segment: 2 more minutes
    assert e.back(6 * M + 1) == [] or e.snapshot(6 * M + 1).seg == "open"  # nothing before the first


HARD = show_text("hard", "硬开始", """\
segments:
  - id: warm
    title: 预热
    duration: 50m
    cues:
      - {at: 40m, role: host, do: 预告秒杀}
      - {at: 55m, role: host, do: 加时话术}
  - id: flash
    title: 秒杀
    start: "21:00"
    duration: 10m
    end: next
    cues:
      - {at: 0s, role: host, do: 上链接}
""", roles=("host",))


def test_hard_start_when_early_waits_for_its_clock_time():
    e = engine(HARD, hold_as_next=True)  # warm ends at 50m and moves on by itself
    e.start(0)
    events = e.tick(55 * M)
    wait = kinds(events, "hard-wait")[0]
    assert (wait.t, wait.amount) == (50 * M, 10 * M)
    assert e.snapshot(55 * M).waiting == 5 * M
    begin = kinds(e.tick(60 * M), "segment-start")[0]
    assert (begin.t, begin.amount, begin.reason) == (60 * M, 0, "hard-start")


def test_hard_start_cuts_a_hold_segment_at_its_clock_time():
    e = engine(HARD)
    e.start(0)
    events = e.tick(61 * M)
    assert kinds(events, "overtime")[0].t == 50 * M
    assert [x.cue for x in kinds(events, "cue")] == ["warm:1", "warm:2", "flash:1"]  # 55m fires in overtime
    end = kinds(events, "segment-end")[0]
    assert (end.t, end.reason) == (60 * M, "hard-start")
    assert kinds(events, "segment-start")[-1].amount == 0


def test_hard_start_when_late_reports_by_how_much():
    e = engine(HARD)
    e.start(0)
    e.tick(30 * M)
    e.pause(30 * M)  # paused across 21:00
    events = e.resume(64 * M)
    start = kinds(events, "segment-start")[0]
    assert (start.seg, start.t, start.amount) == ("flash", 64 * M, 4 * M)
    assert [x.cue for x in kinds(events, "cue-skipped")] == ["warm:1", "warm:2"]


def test_hard_start_projection_in_the_snapshot():
    e = engine(HARD)
    e.start(0)
    e.adjust(1 * M, 15 * M)  # warm would now end at 65m: 5 minutes after 21:00
    hard = e.snapshot(1 * M).next_hard
    assert (hard.seg, hard.clock_ms, hard.late) == ("flash", 21 * 3600 * S, 5 * M)


def test_hard_start_across_midnight():
    text = HARD.replace('"20:00"', '"23:30"').replace('"21:00"', '"00:30"')
    e = engine(text, start_clock_ms=(23 * 3600 + 30 * 60) * S, hold_as_next=True)
    assert e.hard_at == {1: 60 * M}
    e.start(0)
    begin = [x for x in e.tick(70 * M) if x.kind == "segment-start" and x.seg == "flash"][0]
    assert begin.t == 60 * M and begin.amount == 0
    assert e.snapshot(61 * M).clock_ms == 31 * M  # 00:31 the next day


def test_go_live_late_counts_against_the_plan_and_the_hard_start_catches_up():
    e = engine(HARD, start_clock_ms=(20 * 3600 + 5 * 60) * S)  # live at 20:05 instead of 20:00
    e.start(0)
    assert e.snapshot(0).behind == 5 * M
    begin = [x for x in e.tick(56 * M) if x.kind == "segment-start" and x.seg == "flash"][0]
    assert begin.t == 55 * M and begin.behind == 0


def test_every_cues_match_the_timeline():
    playbook = load_model(SHOW)
    timeline = build_timeline(playbook)
    e = Engine(timeline, hold_as_next=True)
    fired = e.start(0) + e.tick(10 ** 9)
    assert [(x.t, x.cue.split(":")[0]) for x in kinds(fired, "cue")] == [
        (c.show_time * S, c.slot.segment.id) for c in timeline.cue_times]
    assert [x.cue for x in kinds(fired, "cue") if x.seg == "pitch"] == [
        "pitch:1", "pitch:2#1", "pitch:2#2", "pitch:2#3", "pitch:3"]


def test_ack_the_latest_cue_or_a_named_one():
    e = engine()
    e.start(0)
    e.tick(5 * M)
    ack = e.ack(5 * M + 4 * S)
    assert (ack[-1].kind, ack[-1].cue, ack[-1].amount, ack[-1].role) == ("ack", "open:2", 4 * S, "ops")
    assert e.ack(6 * M, "open:1")[-1].cue == "open:1"
    assert e.ack(6 * M, "open:1") == []  # once only
    assert e.ack(6 * M, "nope:1") == []


def test_emergency_open_respond_close_with_targets():
    e = engine()
    e.start(0)
    opened = e.open_emergency(2 * M, "freeze")
    assert [x.kind for x in opened] == ["emergency-open", "emergency-step", "emergency-step"]
    assert opened[0].get("recover_within") == 5 * M and opened[0].get("hold") == "欢迎，还剩08:00"
    assert [x.role for x in opened[1:]] == ["ops", "host"]
    assert e.snapshot(2 * M).emergencies[0].id == "freeze"
    assert e.respond_emergency(2 * M + 20 * S)[-1].amount == 20 * S
    closed = e.close_emergency(8 * M)
    assert closed[-1].kind == "emergency-close" and closed[-1].amount == 6 * M and closed[-1].get("target") == 5 * M
    assert e.snapshot(8 * M).emergencies == ()
    try:
        e.open_emergency(9 * M, "nope")
    except KeyError:
        pass
    else:
        raise AssertionError("an unknown plan must be refused")


def test_snapshot_for_a_display():
    e = engine()
    snap = e.snapshot(0)
    assert snap.state == "ready" and snap.total == 25 * M
    e.start(0)
    e.tick(9 * M + 30 * S)
    snap = e.snapshot(9 * M + 30 * S)
    assert snap.warn and not snap.overtime and snap.remaining == 30 * S
    assert [c.status for c in snap.cues] == ["done", "done"]
    assert snap.next_seg == "pitch" and snap.next_title == "讲品：炒锅"
    assert snap.clock_ms == (20 * 3600 + 9 * 60 + 30) * S
    assert snap.projected_end == 25 * M


def test_stop_and_interrupted_continue_the_show_with_the_gap_as_a_pause():
    e = engine()
    e.start(0)
    e.tick(2 * M)
    assert e.stop(2 * M)[-1].kind == "show-stop"
    assert e.tick(10 * M) == []
    events = e.interrupted(2 * M, 12 * M)
    assert events[0].kind == "interrupted" and events[0].amount == 10 * M
    assert e.snapshot(12 * M).elapsed == 2 * M
    assert kinds(e.tick(15 * M), "cue")[0].t == 15 * M  # open:2 at 5m of segment time
