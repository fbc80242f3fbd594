"""``compliance.comments``, the 弹幕 watch's settings: types from the format table (LS2xx), the roles and
plans it names (LS301, LS310), a window and levels that can work (LS714); its `do` texts are the team's,
not words on air; the bundled playbooks carry it and stay clean."""

from __future__ import annotations

import pytest

from livesop.checks.validate import validate_paths
from tests.helpers import MINIMAL, REPO, diagnose, load_model

PLAN = """\
emergencies:
  - {id: negative-comments, title: 负面舆情, severity: P2, trigger: 刷屏, owner: ops, steps: [{role: ops, do: 分级}]}
"""


FIRST = len((MINIMAL + PLAN).splitlines()) + 3  # the line of the first key under `compliance.comments`


def findings(watch: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in diagnose(MINIMAL + PLAN + "compliance:\n  comments:\n" + watch)]


def test_a_complete_setting_is_clean_and_reaches_the_model():
    watch = "    window: 2m\n    levels:\n      - {at: 3, role: ops, do: 看弹幕}\n" \
            "      - {at: 10, role: host, emergency: negative-comments}\n"
    assert findings(watch) == []
    model = load_model(MINIMAL + PLAN + "compliance:\n  comments:\n" + watch).compliance.comments
    assert model.window == 120 and [(l.at, l.role, l.emergency) for l in model.levels] == [
        (3, "ops", None), (10, "host", "negative-comments")]
    assert model.levels[0].do.value == "看弹幕"


def test_an_empty_setting_takes_the_defaults():
    assert findings("    window: 1m\n") == []
    assert load_model(MINIMAL).compliance is None


@pytest.mark.parametrize("watch, expected", [
    ("    window: 10\n", [("LS402", FIRST, 13)]),  # a bare number
    ("    window: soon\n", [("LS401", FIRST, 13)]),
    ("    levels:\n      - {at: 0}\n", [("LS210", FIRST + 1, 14)]),
    ("    levels:\n      - {at: 2.5}\n", [("LS203", FIRST + 1, 14)]),
    ("    levels:\n      - {role: ops}\n", [("LS202", FIRST + 1, 9)]),
    ("    levels:\n      - {at: 3, tell: ops}\n", [("LS201", FIRST + 1, 17)]),
    ("    levels: {at: 3}\n", [("LS203", FIRST, 13)]),
    ("    sound: off\n", [("LS201", FIRST, 5)]),
])
def test_types_and_keys_come_from_the_format_table(watch, expected):
    assert findings(watch) == expected


def test_roles_and_plans_an_alert_names_must_exist():
    found = diagnose(MINIMAL + PLAN + "compliance:\n  comments:\n    levels:\n"
                     "      - {at: 3, role: contrl}\n      - {at: 9, emergency: negative-comment}\n")
    assert [(d.code, d.line, d.column) for d in found] == [("LS301", FIRST + 1, 23), ("LS310", FIRST + 2, 28)]
    assert found[0].message == "comment alert role `contrl` is not defined in `roles`"
    assert found[1].message == "comment alert level at 9 names unknown emergency plan `negative-comment`"
    assert found[1].hint == "did you mean `negative-comments`?"


def test_a_zero_window_and_levels_that_do_not_rise_are_ls714():
    found = diagnose(MINIMAL + PLAN + "compliance:\n  comments:\n    window: 0s\n    levels:\n"
                     "      - {at: 5}\n      - {at: 5}\n      - {at: 4}\n      - {at: 8}\n")
    assert [(d.code, d.line, d.column) for d in found] == [
        ("LS714", FIRST, 13), ("LS714", FIRST + 3, 14), ("LS714", FIRST + 4, 14)]
    assert found[1].message == "comment alert level 2 at 5 is not above level 1 at 5"
    assert found[2].message == "comment alert level 3 at 4 is not above level 2 at 5"


def test_the_alert_texts_are_the_teams_not_words_on_air():
    assert findings("    levels:\n      - {at: 3, role: ops, do: 有人说全网最低价是假的，加微信的先拉黑}\n") == []


@pytest.mark.parametrize("name", ["daily.yaml", "mega-sale.yaml"])
def test_the_bundled_playbooks_set_the_watch_and_stay_clean(name):
    path = REPO / "playbooks" / name
    watch = load_model(path.read_text(encoding="utf-8"), str(path)).compliance.comments
    assert [level.at for level in watch.levels][:1] and watch.levels[-1].emergency == "negative-comments"
    result = validate_paths([path])
    assert not [d for d in result.diagnostics if d.is_error] and not result.diagnostics, result.diagnostics
