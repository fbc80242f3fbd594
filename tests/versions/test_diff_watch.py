"""``diff`` of what was left out before: a product's slot and the 弹幕 watch (``compliance.comments``),
compared as the watch uses it (the one-minute window and the levels at 3 and 10 when none are written)."""

from __future__ import annotations

import pytest

from livesop import i18n
from livesop.versions.diff import diff
from livesop.versions.reporters import render
from tests.helpers import load_model
from tests.runkit import show_text

BODY = """\
products:
  - {{id: hero, slot: {slot}, name: 炒锅, link: 1, list_price: 299, price_basis: 日常价, live_price: 199}}
segments:
  - id: open
    title: 开场
    duration: 5m
    cues:
      - {{at: 0s, role: host, say: 欢迎}}
{compliance}"""


def model(compliance: str = "", slot: str = "主推款"):
    text = show_text("d", "日播", BODY.format(slot=slot, compliance=compliance), roles=("host", "ops", "control"))
    return load_model(text)


WATCH = """\
compliance:
  comments:
    window: {window}
    levels:
{levels}
"""
DEFAULTS = ["      - at: 3", "      - at: 10"]
TOLD = ["      - {at: 3, role: control}", "      - {at: 10, role: control, emergency: freeze}"]


def watch(window: str = "1m", levels=DEFAULTS) -> str:
    return WATCH.format(window=window, levels="\n".join(levels))


def records(changes):
    return [(c.kind, c.path, c.old, c.new) for c in changes]


def test_a_slot_that_changes_is_a_change():
    assert records(diff(model(), model(slot="利润款"))) == [("changed", "products[hero].slot", "主推款", "利润款")]


def test_the_default_watch_written_out_is_no_change():
    assert diff(model(), model(watch())) == []


def test_a_wider_window_is_a_change():
    changes = diff(model(), model(watch("2m")))
    assert [(c.kind, c.path) for c in changes] == [("changed", "compliance.comments.window")]
    assert changes[0].old != changes[0].new


def test_levels_that_tell_someone_are_changes_by_field():
    assert records(diff(model(watch()), model(watch(levels=TOLD)))) == [
        ("changed", "compliance.comments.levels[#1].role", None, "control"),
        ("changed", "compliance.comments.levels[#2].role", None, "control"),
        ("changed", "compliance.comments.levels[#2].emergency", None, "freeze")]


def test_a_level_added_and_one_removed():
    three = TOLD + ["      - {at: 20, role: host}"]
    assert [(c.kind, c.path, c.new) for c in diff(model(watch(levels=TOLD)), model(watch(levels=three)))] == [
        ("added", "compliance.comments.levels[#3]", "at 20 tell host")]
    assert [(c.kind, c.path, c.old) for c in diff(model(watch(levels=three)), model(watch(levels=TOLD)))] == [
        ("removed", "compliance.comments.levels[#3]", "at 20 tell host")]


@pytest.mark.parametrize("language, said", [("en", "at 20 tell host"),
                                             ("zh", "负面弹幕达到 20 条：通知 host")])
def test_an_added_level_reads_in_the_reader_language(language, said):
    three = TOLD + ["      - {at: 20, role: host}"]
    i18n.use(language)
    try:
        text = render("text", diff(model(watch(levels=TOLD)), model(watch(levels=three))), "a.yaml", "b.yaml")
    finally:
        i18n.use("en")
    assert said in text
