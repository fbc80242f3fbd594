"""scripts/make_review_example.py: the same data every time, and data the 复盘 reads as it should."""

from __future__ import annotations

import importlib.util

from livesop.review import room
from livesop.runner.runlog import read_log
from tests.helpers import REPO


def generator():
    spec = importlib.util.spec_from_file_location("make_review_example", REPO / "scripts" / "make_review_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_data_is_the_same_every_time_and_joins_with_its_rehearsal(tmp_path):
    make = generator()
    logs = [make.make_week(tmp_path / name, 0) for name in ("a", "b")]
    for suffix in (".minutes.csv", ".comments.jsonl"):
        first, second = (log.with_name(log.stem + suffix).read_bytes() for log in logs)
        assert first == second
    log = logs[0]
    review = room(read_log(log), log.with_name(log.stem + ".minutes.csv"), log.with_name(log.stem + ".comments.jsonl"))
    assert review.rehearsal and review.ran == ""
    pitch = review.segment("pitch-profit")
    assert pitch.visits == 2  # the operator went back to it
    assert {p.place for p in review.outside if p.minutes} == {"before the show", "after the show"}
    assert review.segment("flash-2100").orders > review.segment("pitch-flash-a").orders
    assert review.emergencies and review.emergencies[0]["plan"] == "negative-comments"
    burst = max(review.negative, key=lambda minute: minute.count)
    assert burst.clock[:4] == "21:3" and burst.place == "encore-hero"
