"""The room's numbers joined with a run: time zones, a late show, minutes outside the show, a segment
visited twice, rehearsals on the plan's clock, and the figures per segment, product and 话术."""

from __future__ import annotations

import json

import pytest

from livesop.review import room
from livesop.runner.report import render
from livesop.runner.report.summary import summarize
from tests.review.kit import M, SHOW, WALL0, comments_jsonl, every_minute, minutes_csv, read, run_show


@pytest.fixture
def show(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SHOW, encoding="utf-8")
    return path


def places(review) -> dict[str, float]:
    """Minutes of data per segment and outside place."""
    found = {s.id: s.minutes for s in review.segments if s.minutes}
    found.update({p.place: p.minutes for p in review.outside if p.minutes})
    return found


def test_a_real_time_run_is_matched_in_the_zone_the_export_is_written_in(show, tmp_path):
    """The run went live at 12:00 UTC, 20:00 in Beijing; the export says 20:00–20:24."""
    log = run_show(show, tmp_path / "run.jsonl")  # open 5, pitch 10, flash 5, encore 5: 25 minutes
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 25))
    beijing = room(read(log), data, tz="Asia/Shanghai")
    assert places(beijing) == {"open": 5, "pitch": 10, "flash": 5, "encore": 5}
    offset = room(read(log), data, tz="+08:00")
    assert places(offset) == places(beijing)
    utc = room(read(log), data, tz="UTC")  # 20:00 UTC is eight hours after this show
    assert places(utc) == {"after the show": 25}
    assert all(s.gmv is None for s in utc.segments)


def test_dated_rows_and_zoned_comment_times_are_matched_too(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    data = minutes_csv(tmp_path / "m.csv", every_minute("2025-11-25 20:00", 25))
    said = comments_jsonl(tmp_path / "c.jsonl", [("2025-11-25T12:06:30Z", "已拍"), ("1764072120", "来了"),
                                                 ("2025-11-26 20:06:30", "明天的")])
    review = room(read(log), data, said, tz="Asia/Shanghai")
    assert places(review) == {"open": 5, "pitch": 10, "flash": 5, "encore": 5}
    assert review.segment("pitch").comments_read == 1 and review.segment("open").comments_read == 1
    assert [p.comments_read for p in review.outside if p.place == "after the show"] == [1]


def test_a_late_show_is_measured_as_it_ran_and_the_minutes_before_it_are_counted_apart(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl", wall_ms=WALL0 + 7 * M)  # went live at 20:07
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 35, lambda n: (100, 10, 100 * n, 1, 1, 50, 5, 3, 1)))
    review = room(read(log), data, tz="Asia/Shanghai")
    assert places(review) == {"before the show": 7, "open": 5, "pitch": 10, "flash": 5, "encore": 5,
                              "after the show": 3}
    assert review.segment("open").gmv == sum(100 * n for n in range(7, 12))  # 20:07–20:11
    before = next(p for p in review.outside if p.place == "before the show")
    assert before.gmv == sum(100 * n for n in range(7)) and before.orders == 7
    assert review.total.gmv == sum(100 * n for n in range(7, 32))  # only the minutes in the segments
    text = render("text", summarize(read(log)), (review,))
    assert "before the show  7" in text and "after the show   3" in text


def test_a_segment_visited_twice_gets_the_minutes_of_both_visits(show, tmp_path):
    """pitch runs 05–08, flash 08–10, back to pitch 10–17 (where it was left), flash 17–20."""
    log = run_show(show, tmp_path / "run.jsonl", [(8 * M, "take"), (10 * M, "back")])
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 25, lambda n: (100, 10, n, 1, 1, 50, 5, 3, 1)))
    review = room(read(log), data, tz="Asia/Shanghai")
    pitch, flash = review.segment("pitch"), review.segment("flash")
    assert (pitch.visits, pitch.ran_ms, pitch.minutes) == (2, 10 * M, 10)
    assert pitch.gmv == sum(range(5, 8)) + sum(range(10, 17))
    assert (flash.visits, flash.minutes, flash.gmv) == (2, 5, sum(range(8, 10)) + sum(range(17, 20)))
    assert review.visits[:4] == [[0, 5 * M, "open"], [5 * M, 8 * M, "pitch"], [8 * M, 10 * M, "flash"],
                                 [10 * M, 17 * M, "pitch"]]


def test_a_minute_goes_to_the_segment_running_at_its_middle(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl", wall_ms=WALL0 + 40_000)  # live at 20:00:40
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 27))
    review = room(read(log), data, tz="Asia/Shanghai")
    # 20:00's middle (20:00:30) is before go-live; open runs 20:00:40–20:05:40: 20:01…20:05
    assert places(review) == {"before the show": 1, "open": 5, "pitch": 10, "flash": 5, "encore": 5,
                              "after the show": 1}


def test_a_rehearsal_is_matched_on_its_show_clock_from_the_plans_start(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl", speed=60.0)  # a rehearsal whenever it ran: the show clock is 20:00
    data = minutes_csv(tmp_path / "m.csv", every_minute("19:58", 30))
    for zone in ("UTC", "Asia/Shanghai", None):
        review = room(read(log), data, tz=zone)
        assert places(review) == {"before the show": 2, "open": 5, "pitch": 10, "flash": 5, "encore": 5,
                                  "after the show": 3}
        assert review.rehearsal and review.clock_at(0) == "20:00:00"


def test_a_rehearsal_with_start_at_runs_on_that_clock(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl", speed=60.0, start_at="21:30")
    data = minutes_csv(tmp_path / "m.csv", every_minute("21:30", 25))
    assert places(room(read(log), data)) == {"open": 5, "pitch": 10, "flash": 5, "encore": 5}


def test_a_rehearsals_dated_rows_of_another_day_are_moved_onto_the_show(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl", speed=60.0)
    data = minutes_csv(tmp_path / "m.csv", every_minute("2024-03-01 20:00", 25))
    assert places(room(read(log), data, tz="UTC")) == {"open": 5, "pitch": 10, "flash": 5, "encore": 5}


def test_a_show_past_midnight_takes_undated_minutes_on_the_next_day(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl", speed=60.0, start_at="23:50")
    data = minutes_csv(tmp_path / "m.csv", every_minute("23:50", 25))  # 23:50 … 00:14
    assert places(room(read(log), data)) == {"open": 5, "pitch": 10, "flash": 5, "encore": 5}


def test_the_figures_per_segment_product_and_line(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    # online 100 + n, entries 10, GMV 100, orders 1, buyers 1, exposure 50, clicks 5, comments 3, fans 1
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 25))
    review = room(read(log), data, tz="Asia/Shanghai")
    pitch = review.segment("pitch")
    assert (pitch.gmv, pitch.orders, pitch.buyers, pitch.entries) == (1000, 10, 10, 100)
    assert (pitch.online_avg, pitch.online_peak) == (109.5, 114)
    assert pitch.viewers == 105 + 100 and pitch.gpm == pytest.approx(1000 / 205 * 1000)
    assert (pitch.click_rate, pitch.conversion) == (0.1, 0.2)
    assert (pitch.comments_per_min, pitch.fans_per_min) == (3, 1)
    products = {p.name: p for p in review.products}
    assert products["炒锅"].roles["讲品"]["segments"] == ["pitch"]
    assert products["炒锅"].roles["返场"]["segments"] == ["encore"]
    assert (products["炒锅"].gmv, products["抹布"].roles["秒杀"]["gmv"]) == (1500, 500)
    lines = {line.ref: line for line in review.lines}
    assert (lines["push"].category, lines["push"].spoken, lines["push"].segments) == ("促单", 2, ["pitch", "encore"])
    assert lines["hello"].gmv_after == 300 and lines["hello"].online_change == 3  # 20:00–20:02; 103 - 100


def test_without_the_playbook_that_ran_lines_are_named_by_their_first_words(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    show.write_text(SHOW.replace("小场", "小场（改）"), encoding="utf-8")
    review = room(read(log), minutes_csv(tmp_path / "m.csv", every_minute("20:00", 25)), tz="Asia/Shanghai")
    assert "欢迎来到直播间" in {line.ref for line in review.lines}
    assert review.products == [] and "has changed since the run" in review.ran
    assert any("products and 话术 names need the playbook that ran" in note for note in review.notes)


def test_json_carries_the_figures_of_each_segment(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 25))
    said = comments_jsonl(tmp_path / "c.jsonl", [("20:06:00", "假货吧"), ("20:06:30", "能杀菌吗")])
    out = json.loads(render("json", summarize(read(log)), (room(read(log), data, said, tz="Asia/Shanghai"),)))
    assert out["playbook"] == "small"  # the run report as before, the numbers beside it
    pitch = next(s for s in out["review"]["segments"] if s["id"] == "pitch")
    assert {k: pitch[k] for k in ("id", "gmv", "orders", "online_avg", "online_peak", "comments")} == {
        "id": "pitch", "gmv": 1000, "orders": 10, "online_avg": 109.5, "online_peak": 114, "comments": 30}
    assert (pitch["comments_read"], pitch["negative"]) == (2, 2)
    assert [t["term"] for t in out["review"]["terms"]] == ["假货", "杀菌"]  # 杀菌: the playbook's compliance.extra


def test_negative_words_sit_beside_the_emergencies_opened(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl", [(7 * M, "open_emergency", "negative")])
    said = comments_jsonl(tmp_path / "c.jsonl", [("20:06:10", "假货"), ("20:06:20", "退款退款"), ("20:06:50", "骗人"),
                                                 ("20:12:00", "已拍")])
    text = render("md", summarize(read(log)), (room(read(log), None, said, tz="Asia/Shanghai"),))
    table = text[text.index("| time | segment | negative comments"):]
    rows = [line for line in table.splitlines()[2:4]]
    assert rows[0].startswith("| 20:06 | pitch | 3 |") and "假货×1" in rows[0]
    assert rows[1].startswith("| 20:07:00 | pitch |") or rows[1].startswith("| 20:07 | pitch |")
    assert "negative: 负面舆情" in rows[1]


def test_a_minute_given_twice_is_read_once_with_a_note(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    rows = every_minute("20:00", 25)
    data = minutes_csv(tmp_path / "m.csv", rows[:8] + [rows[7]] + rows[8:])
    review = room(read(log), data, tz="Asia/Shanghai")
    assert places(review) == {"open": 5, "pitch": 10, "flash": 5, "encore": 5}
    assert any("1 row(s) repeat a minute already read" in note for note in review.notes)


def test_rows_every_five_minutes_are_placed_by_their_middle(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    rows = [["20:00", 100], ["20:05", 110], ["20:10", 120], ["20:15", 130], ["20:20", 140]]
    review = room(read(log), minutes_csv(tmp_path / "m.csv", rows, ("时间", "在线人数")), tz="Asia/Shanghai")
    assert places(review) == {"open": 5, "pitch": 10, "flash": 5, "encore": 5}
    assert any("one row every 5 minutes" in note for note in review.notes)


def test_minutes_while_the_show_waits_for_a_hard_start_are_counted_apart(tmp_path):
    show = tmp_path / "hard.yaml"
    show.write_text(SHOW.replace("    kind: flash-sale\n", '    kind: flash-sale\n    start: "20:20"\n'), encoding="utf-8")
    log = run_show(show, tmp_path / "run.jsonl", speed=60.0)  # pitch ends 20:15; flash waits for 20:20
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 30))
    review = room(read(log), data)
    assert places(review) == {"open": 5, "pitch": 10, "waiting for a hard start": 5, "flash": 5, "encore": 5}
    page = render("html", summarize(read(log)), (review,))
    assert ">等待整点<" in page and "waiting for a hard start" in page
