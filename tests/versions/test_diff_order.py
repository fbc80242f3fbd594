"""The order of entries without ids is meaning: steps done in another order, cues at one time swapped."""

from __future__ import annotations

from livesop.versions.diff import diff
from tests.helpers import load_model
from tests.runkit import show_text

BODY = """\
segments:
  - id: open
    title: 开场
    duration: 5m
    cues:
{cues}
emergencies:
  - id: freeze
    title: 卡顿
    severity: P1
    trigger: 画面卡住
    owner: ops
    steps:
{steps}
"""
CUES = ["      - {at: 0s, role: host, say: 欢迎}", "      - {at: 0s, role: ops, do: 上架福袋}"]
STEPS = ["      - {role: ops, do: 切备用机}", "      - {role: host, say: 稍等一下}", "      - {role: ops, do: 报平台}"]


def model(cues, steps):
    return load_model(show_text("d", "日播", BODY.format(cues="\n".join(cues), steps="\n".join(steps))))


def test_steps_in_another_order_are_reported_as_one_move():
    changes = diff(model(CUES, STEPS), model(CUES, [STEPS[1], STEPS[0], STEPS[2]]))
    assert [(c.kind, c.path, c.old, c.new) for c in changes] == [
        ("moved", "emergencies[freeze].steps[#1]", 2, 1)]


def test_cues_at_one_time_swapped_are_a_change():
    changes = diff(model(CUES, STEPS), model(CUES[::-1], STEPS))
    assert [c.kind for c in changes] == ["moved"]
    assert changes[0].path.startswith("segments[open].cues[#")


def test_the_same_order_reports_nothing():
    assert list(diff(model(CUES, STEPS), model(CUES, STEPS))) == []
