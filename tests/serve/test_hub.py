"""The hub of a served run on a fake clock: a phone's act goes through the engine into the run log with
its device, the state published is a delta of what changed, and the next publish is due at the engine's
next deadline or a second after the last one."""

from __future__ import annotations

import json

import pytest

from livesop.runner.clock import FakeClock
from livesop.runner.show import load_show, resume_run
from livesop.serve.hub import ACTS, Hub, Tokens
from livesop.serve.state import view_state
from tests.runkit import WALL0, M, S
from tests.serve.servekit import SHOW, cue, logged, make_hub

__all__ = ["SHOW"]  # the playbook_file fixture writes it


def test_a_phones_act_reaches_the_engine_and_the_log_with_its_device(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    clock.advance(20 * S)
    outcome = hub.control("take", "场控iPad@192.168.1.31")
    assert outcome.ok and hub.engine.idx == 1
    records = logged(hub.log)
    take = next(r for r in records if r["kind"] == "take")
    assert take["device"] == "场控iPad@192.168.1.31" and take["t"] == 20 * S
    # only the act carries the device; what it caused does not
    assert all("device" not in r for r in records if r["kind"] != "take")
    assert hub.last["seg"] == "pitch"


def test_every_act_of_the_control_view_is_an_operation_the_engine_knows(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    acts = [("pause", {}), ("resume", {}), ("adjust", {"minutes": 1}), ("adjust", {"minutes": -1}),
            ("ack", {}), ("emergency-open", {"plan": "freeze"}), ("emergency-respond", {}),
            ("emergency-close", {}), ("take", {}), ("back", {})]
    for kind, args in acts:
        clock.advance(5 * S)
        outcome = hub.control(kind, "phone@127.0.0.1", args)
        assert outcome.ok, (kind, outcome.note)
    kinds = [r["kind"] for r in logged(hub.log) if r.get("device") == "phone@127.0.0.1"]
    assert kinds == [kind for kind, _ in acts]
    assert set(kinds) == set(ACTS)


@pytest.mark.parametrize("kind, args, note", [
    ("show-stop", {}, "未知操作"),
    ("interrupted", {}, "未知操作"),
    ("adjust", {"minutes": 90}, "只能加减 1 到 10 分钟"),
    ("adjust", {"minutes": "1"}, "只能加减 1 到 10 分钟"),
    ("emergency-open", {"plan": "nope"}, "没有这个应急预案"),
    ("emergency-open", {}, "没有这个应急预案"),
    ("ack", {"cue": ["a"]}, "提示编号不对"),
    ("message", {"text": "   "}, "消息是空的"),
    ("message", {"text": "慢" * 41}, "消息最多 40 个字"),
])
def test_an_act_the_engine_must_not_take_is_refused_before_it_acts(playbook_file, tmp_path, kind, args, note):
    hub = make_hub(playbook_file, tmp_path)
    before = hub.log.seq
    outcome = hub.control(kind, "phone@127.0.0.1", args)
    assert (outcome.ok, outcome.note) == (False, note)
    assert hub.log.seq == before and hub.engine.state == "running"


def test_an_act_the_engine_does_nothing_with_says_why(playbook_file, tmp_path):
    hub = make_hub(playbook_file, tmp_path)
    outcome = hub.control("back", "phone@127.0.0.1")
    assert (outcome.ok, outcome.note) == (False, "这已是第一个环节")
    assert not any(r.get("device") for r in logged(hub.log))


def test_a_message_to_the_prompter_is_published_with_who_sent_it(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    sent = []
    hub.subscribe(sent.append)
    clock.advance(3 * S)
    assert hub.control("message", "场控@10.0.0.2", {"text": " 讲慢点\x1b[2J "}).ok
    message = json.loads(sent[-1])["d"]["msg"]
    assert message == {"id": 1, "text": "讲慢点\\x1b[2J", "from": "场控@10.0.0.2", "t": 3 * S}


def test_publish_sends_only_what_changed_and_full_sends_everything(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    sent = []
    hub.subscribe(sent.append)
    clock.advance(400)
    hub.tick()
    delta = json.loads(sent[-1])
    assert delta["type"] == "state" and delta["seq"] == hub.seq
    assert set(delta["d"]) == {"t", "clock", "elapsed", "remaining"}
    full = json.loads(hub.full())
    assert full["full"] is True and full["seq"] == hub.seq and full["d"] == hub.last
    assert full["d"]["product"] is None and full["d"]["title"] == "开场"


def test_a_fired_cue_is_pushed_when_its_time_comes(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    assert cue(hub.last, "open:2")["status"] == "next"
    sent = []
    hub.subscribe(sent.append)
    clock.now = hub.engine.next_deadline()
    assert clock.now == 10 * S
    events = hub.tick()
    assert [e.kind for e in events] == ["cue"]
    assert cue(json.loads(sent[-1])["d"], "open:2")["status"] == "done"


def test_the_next_publish_is_the_next_deadline_or_a_second_after_the_last(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    assert hub.next_wake() == 1 * S  # the cue at 10 s is later than the beat
    clock.now = 9_600
    hub.tick()
    assert hub.next_wake() == 10 * S  # the cue comes before the beat at 10.6 s
    rehearsal = make_hub(playbook_file, tmp_path / "fast", FakeClock(0, speed=60))
    assert rehearsal.next_wake() == 10 * S  # a second is 60 s of show time at --speed 60


def test_an_open_emergency_shows_its_hold_line_and_every_roles_steps(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    clock.advance(M)
    assert hub.control("emergency-open", "场控@1", {"plan": "freeze"}).ok
    (open_,) = hub.last["emergencies"]
    assert open_["hold"] == "画面马上回来，大家先别走开"
    assert open_["steps"] == [{"role": "ops", "action": "do", "text": "切换备用推流"},
                              {"role": "host", "action": "do", "text": "继续口播稳住观众"}]
    assert (open_["opened"], open_["respond_within"], open_["recover_within"]) == (M, 30 * S, 5 * M)


def test_the_state_carries_the_product_card_and_the_next_hard_start(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    clock.advance(S)
    hub.control("take", "p@1")
    state = view_state(hub.engine, clock.now, hub.info)
    assert state["product"] == {"name": "不粘炒锅", "link": 1, "price": 199, "list_price": 299, "stock": 300,
                                "mechanism": "下单送锅铲"}
    assert cue(state, "pitch:1")["text"] == "不粘炒锅今天只要199元，库存300件，05:00后恢复原价"
    clock.advance(30 * S)
    said = view_state(hub.engine, clock.now, hub.info)["said"]
    assert said == {"key": "pitch:1", "text": "不粘炒锅今天只要199元，库存300件，04:30后恢复原价"}
    assert state["next"] is None and state["hard"] is None
    assert hub.static["roles"] == {"host": "主播", "ops": "中控", "control": "场控"}
    assert hub.static["plans"][0]["id"] == "freeze"


def test_tokens_are_new_for_every_run_and_tell_view_from_control():
    first, second = Tokens.new(), Tokens.new()
    assert len({first.view, first.control, second.view, second.control}) == 4
    assert len(first.view) >= 22  # 128 bits
    assert first.access(first.view) == "view" and first.access(first.control) == "control"
    assert first.access(second.control) is None and first.access("") is None and first.access(None) is None
    assert first.access("é" + first.view) is None


def test_a_log_that_fails_is_tried_again_at_every_beat(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    hub.log.pending.append(b'{"not":"written"}')  # as a full disk leaves it
    calls = []
    hub.log.flush = lambda wall_ms=None: calls.append(wall_ms) or True
    clock.advance(S)
    hub.tick()
    assert calls == [clock.wall_ms()]
    hub.log.pending.clear()


def test_the_emit_given_to_the_hub_gets_the_events_and_the_hub_writes_none_itself(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    given = []
    other = Hub(hub.engine, hub.log, clock, emit=given.extend)  # as PlainRun.emit: it logs, then prints
    lines = hub.log.seq
    clock.advance(10 * S)
    other.control("pause", "p@1")
    assert [e.kind for e in given] == ["cue", "pause"] and given[1].get("device") == "p@1"
    assert hub.log.seq == lines


def test_a_served_run_whose_acts_name_their_device_can_be_resumed(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    clock.advance(20 * S)
    assert hub.control("take", "场控iPad@192.168.1.31").ok
    hub.log.close("stopped", clock.now, clock.wall_ms())
    playbook, library = load_show(playbook_file)
    resumed = resume_run(hub.log.path, playbook_file, playbook, library, wall_ms=WALL0 + M, speed=None,
                         interactive=True)
    assert resumed.engine.idx == 1


def test_a_message_to_the_prompter_is_logged_with_its_device_and_replays(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    clock.advance(20 * S)
    outcome = hub.control("message", "场控iPad@192.168.1.31", {"text": "看弹幕"})
    assert outcome.ok and hub.message["text"] == "看弹幕"
    messages = [r for r in logged(hub.log) if r["kind"] == "message"]
    assert [(r["text"], r["device"]) for r in messages] == [("看弹幕", "场控iPad@192.168.1.31")]
    hub.log.close("stopped", clock.now, clock.wall_ms())
    playbook, library = load_show(playbook_file)
    resumed = resume_run(hub.log.path, playbook_file, playbook, library, wall_ms=WALL0 + M, speed=None,
                         interactive=True)
    assert resumed.resumed


def test_the_report_lists_what_each_device_did(playbook_file, tmp_path):
    from livesop.runner.report import render
    from livesop.runner.report.summary import summarize
    from livesop.runner.runlog import read_log

    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    clock.advance(20 * S)
    assert hub.control("take", "场控iPad@192.168.1.31").ok
    assert hub.control("message", "场控iPad@192.168.1.31", {"text": "讲慢点"}).ok
    hub.log.close("stopped", clock.now, clock.wall_ms())
    report = summarize(read_log(hub.log.path))
    assert [(d.device, d.kind, d.detail) for d in report.devices] == [
        ("场控iPad@192.168.1.31", "take", ""), ("场控iPad@192.168.1.31", "message", "讲慢点")]
    text = render("text", report)
    assert "Actions from phones and tablets" in text and "场控iPad@192.168.1.31" in text and "讲慢点" in text
    assert render("json", report).count("场控iPad@192.168.1.31") == 2
