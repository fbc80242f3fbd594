"""LS506: a tab with text after it in a spoken or shown text is a warning at the tab, never an
error; tabs YAML drops (folding, separation) or that show nothing (end of a line) are not."""

from __future__ import annotations

import pytest

from livesop.diagnostics import CODES, WARNING
from livesop.format.library import load_library
from tests.helpers import MINIMAL, diagnose

HELLO = '  hello: "欢迎来到{room}！"'


def with_hello(script: str) -> str:
    assert HELLO in MINIMAL
    return MINIMAL.replace(HELLO, script)


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if fragment in line)


def tabs(text: str, **kwargs):
    found = diagnose(text, **kwargs)
    assert not [d for d in found if d.code != "LS506"], found
    return [(d.line, d.column, d.message) for d in found if d.code == "LS506"]


def test_ls506_is_a_warning():
    assert CODES["LS506"][0] == WARNING
    found = [d for d in diagnose(with_hello("  hello: 欢迎\t来到{room}！")) if d.code == "LS506"]
    assert len(found) == 1 and not found[0].is_error and "space" in found[0].hint


@pytest.mark.parametrize("script, col", [
    ("  hello: 欢迎\t来到{room}！", 12),     # plain
    ("  hello: '欢迎\t来到{room}！'", 13),   # single-quoted
    ('  hello: "欢迎\t来到{room}！"', 13),   # double-quoted
])
def test_tab_in_a_one_line_scalar_is_reported_at_the_tab(script, col):
    text = with_hello(script)
    assert tabs(text) == [(line_of(text, "hello:"), col, "tab character in `scripts.hello`")]


def test_escaped_tab_in_a_double_quoted_scalar_is_reported_at_the_scalar():
    text = with_hello('  hello: "欢迎\\t来到{room}！"')
    assert tabs(text) == [(line_of(text, "hello:"), 10, "tab character in `scripts.hello`")]


@pytest.mark.parametrize("style", ["|", ">", "|-"])
def test_excel_paste_inside_a_block_is_reported_at_the_first_tab(style):
    text = with_hello(f"  hello: {style}\n    欢迎来到{{room}}！\n    尺码\t价格\n    \tM码\t100-115斤")
    assert tabs(text) == [(line_of(text, "尺码"), 7, "tab character in `scripts.hello` (3 places)")]


def test_excel_paste_on_the_first_line_of_a_block_is_reported_at_the_tab():
    text = with_hello("  hello: |\n    \t价格\n    欢迎来到{room}！")
    assert tabs(text) == [(line_of(text, "价格"), 5, "tab character in `scripts.hello`")]


@pytest.mark.parametrize("script", [
    "  hello: |\n    欢迎来到{room}！\t\n    好",     # at the end of a line: nothing shows
    "  hello: |\n    欢迎来到{room}！\n    \t\n    好",  # a line of blanks
    '  hello: "欢迎\t\n    来到{room}！"',              # dropped by folding
    '  hello: "欢迎\n  \t来到{room}！"',                # dropped by folding
    "  hello:\n    欢迎\n    \t来到{room}！",            # plain continuation: separation
    '  hello:\t"欢迎来到{room}！"',                      # after the colon: separation
])
def test_tabs_that_show_nothing_are_not_reported(script):
    assert tabs(with_hello(script)) == []


def test_tab_on_a_blank_line_between_keys_is_not_reported():
    assert tabs(MINIMAL.replace("roles:\n", "\t\nroles:\n")) == []


def test_tab_after_a_fold_that_dropped_another_is_still_found():
    text = with_hello('  hello: "欢迎\t\n    来到\t{room}！"')
    assert tabs(text) == [(line_of(text, "来到"), 7, "tab character in `scripts.hello`")]


@pytest.mark.parametrize("old, new, where", [
    ('do: "上架{product.link}号链接"', 'do: "上架\t{product.link}号链接"', "segments.pitch.cues[0].do"),
    ("title: 讲品", "title: 讲\t品", "segments.pitch.title"),
    ("name: 羊绒大衣", "name: 羊绒\t大衣", "products.coat.name"),
    ("variables: {room: 衣橱小铺}", "variables: {room: 衣橱\t小铺}", "variables.room"),
])
def test_every_spoken_or_shown_text_is_checked(old, new, where):
    text = MINIMAL.replace(old, new)
    assert [message for _, _, message in tabs(text)] == [f"tab character in `{where}`"]
    assert tabs(text)[0][0] == line_of(text, "\t")


def test_emergency_step_is_checked():
    text = MINIMAL + ("emergencies:\n  - id: freeze\n    title: 卡顿\n    severity: P1\n    trigger: 画面卡顿\n    recover_within: 5m\n"
                      "    owner: ops\n    steps:\n      - {role: ops, do: \"切备用\t推流\"}\n")
    assert tabs(text) == [(line_of(text, "\t"), 29, "tab character in `emergencies.freeze.steps[0].do`")]


def test_library_text_is_checked(tmp_path):
    (tmp_path / "sizes.md").write_text("---\nid: sizes\ncategory: 讲品\n---\nS码\t90-100斤\n", encoding="utf-8")
    text = MINIMAL.replace("say: hello}", "say: \"lib:sizes\"}") + "  # hello is kept for LS505\n"
    text = text.replace("      - {at: 30s", "      - {at: 0s, role: host, say: hello}\n      - {at: 30s", 1)
    found = [d for d in diagnose(text, library=load_library(tmp_path)) if d.code == "LS506"]
    assert [(d.file.endswith("sizes.md"), d.line, d.column, d.message) for d in found] == [
        (True, 5, 3, "tab character in `lib:sizes`")]
