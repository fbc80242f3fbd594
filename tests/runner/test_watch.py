"""The 弹幕 watch (runner/watch): screening, the rolling window on the show's clock, graded alerts
with hysteresis, the per-segment tally. Pure: every call takes the show time, so no clock at all."""

from __future__ import annotations

import pytest

from livesop.runner.comments import Comment
from livesop.runner.events import Event
from livesop.runner.watch import CommentWatch, Level, alert_text, clear_text, settings, tally_text
from tests.helpers import MINIMAL, load_model
from tests.runkit import M, S

LEVELS = """\
emergencies:
  - {id: neg, title: 负面舆情, severity: P2, trigger: 刷屏, owner: ops, steps: [{role: ops, do: 分级}]}
compliance:
  extra: [智商税品牌]
  comments:
    window: 1m
    levels:
      - {at: 3, role: ops, do: 看弹幕}
      - {at: 6, role: ops, emergency: neg, do: 打开负面舆情预案}
"""
NEGATIVE = ("假货吧", "骗子", "退款", "用了过敏", "烂脸了", "货不对板", "投诉", "客服不回")


def watch(extra: str = LEVELS) -> CommentWatch:
    return CommentWatch(load_model(MINIMAL + extra))


def comments(*texts: str) -> list[Comment]:
    return [Comment(text) for text in texts]


def kinds(events: list[Event]) -> list[str]:
    return [e.kind for e in events]


def alerts(events: list[Event]) -> list[tuple[str, int, int]]:
    return [(e.kind, e.get("level"), e.get("count")) for e in events if e.kind.startswith("comment-")]


def test_a_playbook_without_settings_gets_the_documented_defaults():
    window, levels = settings(load_model(MINIMAL))
    assert window == 60 * S
    assert levels == (Level(1, 3, 2), Level(2, 10, 5))


def test_the_playbook_levels_are_numbered_in_order_and_clear_below_half_their_count():
    window, levels = settings(load_model(MINIMAL + LEVELS))
    assert window == M
    assert levels == (Level(1, 3, 2, "ops", None, "看弹幕"), Level(2, 6, 3, "ops", "neg", "打开负面舆情预案"))


def test_each_negative_comment_is_logged_with_its_terms_and_the_clean_ones_only_counted():
    w = watch()
    events = w.add(5 * S, "open", comments("主播好", "这是假货吧", "扣1", "骗紫"))
    assert [(e.kind, e.text, e.get("category"), e.get("terms")) for e in events] == [
        ("comment", "这是假货吧", "negative", "假货"), ("comment", "骗紫", "negative", "骗子")]
    assert all(e.t == 5 * S and e.seg == "open" for e in events)
    assert w.counts == {"read": 4, "negative": 2, "diversion": 0, "malformed": 0}


def test_a_diversion_attempt_is_its_own_category_and_raises_no_alert():
    w = watch()
    events = w.add(S, "open", comments("加我vx abc12345", "拼多多才卖59", "私我要号", "138 1234 5678"))
    assert [e.get("category") for e in events] == ["diversion"] * 4
    assert "WeChat id" in events[0].get("terms") and "abc12345" not in events[0].get("terms")
    assert w.level == 0 and w.view(S).diversion == 4 and w.view(S).negative == 0


def test_a_team_term_from_compliance_extra_counts_as_negative():
    events = watch().add(S, "open", comments("又是智商税品牌的货"))
    assert [(e.get("category"), e.get("terms")) for e in events] == [("negative", "智商税品牌")]


def test_one_alert_per_level_rise_and_a_burst_raises_only_the_highest():
    w = watch()
    assert alerts(w.add(S, "open", comments(*NEGATIVE[:2]))) == []
    rise = [e for e in w.add(2 * S, "open", comments(NEGATIVE[2])) if e.kind == "comment-alert"]
    assert [(e.get("level"), e.get("count"), e.role, e.plan, e.text) for e in rise] == [(1, 3, "ops", None, "看弹幕")]
    assert alerts(w.add(3 * S, "open", comments(NEGATIVE[3]))) == []  # still level 1: no second line
    burst = watch()
    events = burst.add(S, "open", comments(*NEGATIVE))  # eight at once: straight to level 2, one alert
    assert alerts(events) == [("comment-alert", 2, 8)]
    assert [e for e in events if e.kind == "comment-alert"][0].plan == "neg"


def test_a_count_wobbling_around_the_threshold_raises_no_second_alert():
    w = watch()
    out = w.add(0, "open", comments(*NEGATIVE[:3]))  # 3 at 0:00 → level 1
    out += w.add(30 * S, "open", comments(NEGATIVE[3]))  # 4 in the window
    out += w.tick(M, "open")  # the three of 0:00 leave: 1 left, below 2 → cleared
    assert alerts(out) == [("comment-alert", 1, 3), ("comment-clear", 0, 1)]
    w2 = watch()
    out = w2.add(0, "open", comments(*NEGATIVE[:3]))
    out += w2.add(20 * S, "open", comments(NEGATIVE[3]))
    out += w2.add(40 * S, "open", comments(NEGATIVE[4]))
    out += w2.tick(M, "open")  # 0:00's three leave: 2 left — under 3, not under 2: level 1 holds
    out += w2.add(65 * S, "open", comments(NEGATIVE[5]))  # back to 3: no new alert
    assert alerts(out) == [("comment-alert", 1, 3)]
    assert w2.level == 1


def test_the_alert_falls_a_level_at_a_time_as_comments_leave_the_window():
    w = watch()
    out = w.add(0, "open", comments(*NEGATIVE[:4]))
    out += w.add(30 * S, "open", comments(*NEGATIVE[4:7]))  # 7 ≥ 6: level 2
    assert w.next_deadline() == M  # the first four leave at 1:00
    out += w.tick(M, "open")  # 3 left: not under 3, level 2 holds
    out += w.add(70 * S, "open", comments("又退款"))  # 4
    out += w.tick(90 * S, "open")  # 0:30's three leave: 1 left — under 3 (level 2) and under 2 (level 1)
    assert alerts(out) == [("comment-alert", 1, 4), ("comment-alert", 2, 7), ("comment-clear", 0, 1)]
    clear = [e for e in out if e.kind == "comment-clear"][0]
    assert clear.get("was") == 2 and clear.t == 90 * S


def test_down_to_a_lower_level_is_said_as_such():
    w = watch()
    out = w.add(0, "open", comments(*NEGATIVE[:4]))
    out += w.add(30 * S, "open", comments(*NEGATIVE[4:6]))  # 6: level 2
    out += w.add(40 * S, "open", comments(NEGATIVE[6]))  # 7
    out += w.tick(M, "open")  # 0:00's four leave: 3, not under 3
    out += w.add(85 * S, "open", comments("又退款"))  # 4
    out += w.tick(90 * S, "open")  # 0:30's two leave: 2 — under 3 (level 2), not under 2 (level 1)
    assert alerts(out) == [("comment-alert", 1, 4), ("comment-alert", 2, 6), ("comment-clear", 1, 2)]


def test_the_window_follows_the_show_clock_and_says_when_it_next_changes():
    w = watch()
    assert w.next_deadline() is None
    w.add(10 * S, "open", comments("假货"))
    w.add(20 * S, "open", comments("加vx abc12345"))
    assert w.next_deadline() == 70 * S
    assert (w.view(69_999).negative, w.view(69_999).diversion) == (1, 1)
    assert (w.view(70 * S).negative, w.view(70 * S).diversion) == (0, 1)
    assert w.next_deadline() == 80 * S


def test_malformed_lines_are_counted_and_the_first_reason_kept():
    w = watch()
    assert w.add(S, "open", ["json", Comment("好"), "text"]) == []
    assert w.counts["malformed"] == 2 and w.totals["read"] == 1 and w.first_malformed == "json"


def test_the_tally_is_logged_when_the_segment_changes_and_when_the_run_ends():
    w = watch()
    w.tick(0, "open")
    w.add(S, "open", comments("好看", "假货") + ["json"])
    changed = w.tick(10 * M, "pitch")
    assert [(e.kind, e.seg, e.get("read"), e.get("negative"), e.get("malformed")) for e in changed] == [
        ("comments", "open", 2, 1, 1)]
    assert w.tick(11 * M, None) == []  # nothing read in pitch: no tally
    w.add(12 * M, None, comments("退款"))
    assert kinds(w.finish(13 * M)) == ["comments"]


def test_a_long_comment_is_logged_cut_to_200_characters():
    events = watch().add(0, "open", comments("假货" + "啊" * 500))
    assert len(events[0].text) == 201 and events[0].text.endswith("…")


def test_the_view_is_json_ready_for_the_served_pages():
    w = watch()
    w.add(0, "open", [Comment("假货吧", "路人甲"), Comment("骗子"), Comment("退款"), "json"])
    data = w.view(S).to_dict()
    assert data["level"] == 1 and data["negative"] == 3 and data["malformed"] == 1 and data["read"] == 3
    assert data["alert"] == {"level": 1, "at": 3, "role": "ops", "plan": None, "do": "看弹幕"}
    assert data["last"] == {"t": 0, "text": "退款", "user": "", "category": "negative"}


@pytest.mark.parametrize("window, said", [(60 * S, "in the last minute"), (30 * S, "in the last 30s")])
def test_the_alert_says_the_count_whom_to_tell_and_the_plan(window, said):
    event = Event("comment-alert", 0, role="control", plan="neg", text="打开负面舆情预案",
                  data=(("level", 2), ("count", 12), ("window", window)))
    text = alert_text(event, {"control": "场控"}.get)
    assert text == (f"Level 2 alert: 12 negative comments {said}.  Suggested: open the emergency plan neg.  "
                    "场控: 打开负面舆情预案")
    one = Event("comment-alert", 0, data=(("level", 1), ("count", 1), ("window", 60 * S)))
    assert alert_text(one, str) == "Level 1 alert: 1 negative comment in the last minute."


def test_the_clear_and_tally_lines():
    assert clear_text(Event("comment-clear", 0, data=(("level", 0), ("count", 1)))) == \
        "Comment alert cleared: 1 negative comment in the window."
    assert clear_text(Event("comment-clear", 0, data=(("level", 1), ("count", 4)))) == \
        "Comment alert down to level 1: 4 negative comments in the window."
    quiet = Event("comments", 0, data=(("read", 40), ("negative", 0), ("diversion", 0), ("malformed", 0)))
    assert tally_text(quiet) is None
    busy = Event("comments", 0, data=(("read", 40), ("negative", 2), ("diversion", 1), ("malformed", 3)))
    assert tally_text(busy) == ("Comments in this segment: read 40, negative 2, diversion attempts 1, "
                                "malformed lines skipped 3.")


def test_flagged_comments_and_tallies_say_where_they_were_read_to():
    w = watch()
    events = w.add(0, "open", comments("好看", "假货吧"), ["1:2:10", "1:2:25"], "1:2:25:cafe0001")
    assert [e.get("at") for e in events if e.kind == "comment"] == ["1:2:25"]
    w.add(S, "open", comments("好看"))  # pushed by the web server: no place in a file
    assert w.finish(2 * S)[0].get("read_to") == "1:2:25:cafe0001"


def test_late_comments_are_counted_and_logged_once_and_raise_no_alert():
    w = watch()
    w.tick(0, "pitch")
    texts = ("好看",) + NEGATIVE[:4]
    marks = ["1:2:10", "1:2:20", "1:2:30", "1:2:40", "1:2:50"]
    events = w.catch_up(M, "pitch", comments(*texts), marks, "1:2:50:cafe0002", logged_to=30)
    assert [(e.text, e.get("late"), e.get("at")) for e in events] == [
        (NEGATIVE[2], True, "1:2:40"), (NEGATIVE[3], True, "1:2:50")]  # the first two were logged before the stop
    view = w.view(M)
    assert (view.level, view.negative, view.read, view.last) == (0, 0, 5, None)
    tally = w.finish(2 * M)[0]
    assert (tally.get("read"), tally.get("negative"), tally.get("read_to")) == (5, 4, "1:2:50:cafe0002")
