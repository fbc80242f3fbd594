"""Tabs in playbook YAML: LS110 only where a tab is read as indentation, from libyaml's own
refusal; tabs in texts, on blank lines and after `key:` load as YAML says; the valid YAML that
libyaml refuses gets an LS101 whose hint names docs/format.md."""

from __future__ import annotations

import pytest

from livesop.format import yamlio, yamlnodes
from livesop.format.yamlio import load_text
from tests.helpers import MINIMAL, REPO, codes, diagnose

HELLO = '  hello: "欢迎来到{room}！"'
DOC_ANCHOR = "docs/format.md#yaml-livesop-cannot-read"


def with_hello(script: str) -> str:
    """MINIMAL with the `hello` script written as ``script`` (its lines, indented under `scripts:`)."""
    assert HELLO in MINIMAL
    return MINIMAL.replace(HELLO, script)


def hello_line() -> int:
    return MINIMAL.split("\n").index(HELLO) + 1


def loaded(text: str):
    result = load_text(text, "p.yaml")
    return result.data, [(d.code, d.line, d.column) for d in result.diagnostics]


def hello(text: str):
    data, found = loaded(text)
    assert found == [], found
    return data["scripts"]["hello"]


# -- tabs that are text, separation or nothing: no LS1xx, the value is YAML's -----------------

def test_tab_in_a_plain_scalar_is_text():
    assert hello(with_hello("  hello: 欢迎\t来到{room}！")) == "欢迎\t来到{room}！"


def test_tab_in_a_single_quoted_scalar_is_text():
    assert hello(with_hello("  hello: '欢迎\t来到{room}！'")) == "欢迎\t来到{room}！"


def test_tab_in_a_double_quoted_scalar_is_text():
    assert hello(with_hello('  hello: "欢迎\t来到{room}！"')) == "欢迎\t来到{room}！"


def test_tab_starting_a_continuation_line_of_a_quoted_scalar_is_folded_away():
    assert hello(with_hello('  hello: "欢迎\n  \t来到{room}！"')) == "欢迎 来到{room}！"
    assert hello(with_hello("  hello: '欢迎\n\t来到{room}！'")) == "欢迎 来到{room}！"


def test_tab_after_the_indentation_of_a_plain_continuation_line_is_separation():
    assert hello(with_hello("  hello:\n    欢迎\n    \t来到{room}！")) == "欢迎 来到{room}！"


@pytest.mark.parametrize("style, value", [("|", "欢迎来到{room}！\n尺码\t价格\n"),
                                          (">", "欢迎来到{room}！ 尺码\t价格\n")])
def test_tab_inside_a_block_scalar_is_text(style, value):
    assert hello(with_hello(f"  hello: {style}\n    欢迎来到{{room}}！\n    尺码\t价格")) == value


@pytest.mark.parametrize("style", ["|", ">"])
def test_block_line_starting_with_a_tab_after_its_indentation_is_text(style):
    """The Excel paste: the first cell is empty, so the line starts with a tab."""
    text = with_hello(f"  hello: {style}\n    欢迎来到{{room}}！\n    \t第二列")
    assert hello(text) == "欢迎来到{room}！\n\t第二列\n"


@pytest.mark.parametrize("header, value", [("|", "\t第二列\n欢迎来到{room}！\n"),
                                           ("|-", "\t第二列\n欢迎来到{room}！"),
                                           (">", "\t第二列\n欢迎来到{room}！\n"),
                                           ("|  # pasted from Excel", "\t第二列\n欢迎来到{room}！\n")])
def test_first_block_line_starting_with_a_tab_is_text(header, value):
    """libyaml cannot detect the indentation there; livesop reads it as YAML does."""
    assert hello(with_hello(f"  hello: {header}\n    \t第二列\n    欢迎来到{{room}}！")) == value


def test_first_block_line_with_a_tab_under_a_list_item_and_a_deeper_mapping():
    data, found = loaded("livesop: 1\nlist:\n  - |\n    \tx\n  - key: >-\n      \ty\n")
    assert found == [] and data["list"] == ["\tx\n", {"key": "\ty"}]


def test_first_block_line_with_a_tab_after_leading_blank_lines():
    data, found = loaded("livesop: 1\ntext: |\n\n  \n  \tx\n")
    assert found == [] and data["text"] == "\n\n\tx\n"


@pytest.mark.parametrize("blank", ["\t", " \t", "  \t  ", "\t\t", "    \t"])
def test_tab_on_a_blank_line_is_nothing(blank):
    text = MINIMAL.replace("roles:\n", f"{blank}\nroles:\n").replace("segments:\n", f"segments:\n{blank}\n")
    data, found = loaded(text)
    assert found == [] and data["roles"]["host"] == {"name": "主播"}
    assert diagnose(text) == []


def test_tab_on_a_blank_line_inside_texts_and_lists():
    text = with_hello('  hello: "欢迎\n\t\n  来到{room}！"').replace(
        "    cues:\n      - {at: 0s", "    cues:\n\t\n      - {at: 0s")
    assert hello(text) == "欢迎\n来到{room}！"


def test_many_blank_lines_with_tabs_are_read_in_one_go():
    text = MINIMAL.replace("\n  ", "\n\t\n  ")
    assert loaded(text) == loaded(MINIMAL)


def test_tab_before_a_comment_is_nothing():
    text = MINIMAL.replace("roles:\n", "\t# who is on shift\nroles:\n")
    assert loaded(text)[1] == []


def test_tab_on_a_blank_line_of_a_literal_block_stays_inside_it():
    data, found = loaded("livesop: 1\ntext: |\n  a\n \t\n  b\n")
    assert found == [] and data["text"] == "a\n\nb\n"


def test_tab_after_key_colon_is_separation():
    text = MINIMAL.replace("title: 演示直播", "title:\t演示直播").replace("id: demo", "id: \tdemo")
    data, found = loaded(text)
    assert found == [] and (data["title"], data["id"]) == ("演示直播", "demo")


def test_tab_after_the_colon_inside_a_flow_mapping_is_separation():
    assert loaded(MINIMAL.replace("host: {name: 主播}", "host: {name:\t主播}"))[1] == []


def test_tab_before_a_trailing_comment_and_at_the_end_of_a_line():
    assert loaded(MINIMAL.replace("title: 演示直播", "title: 演示直播\t# 标题\t"))[1] == []


# -- tabs read as indentation: LS110 at the tab ------------------------------------------------

@pytest.mark.parametrize("old, new, col", [
    ("  ops: {name: 中控}", "\tops: {name: 中控}", 1),
    ("  ops: {name: 中控}", " \tops: {name: 中控}", 2),
    ("    duration: 10m", "\t\tduration: 10m", 1),
    ("    duration: 10m", "  \tduration: 10m", 3),
    ("      - {at: 0s, role: host, say: hello}", "\t- {at: 0s, role: host, say: hello}", 1),
])
def test_tab_as_indentation_is_ls110_at_the_tab(old, new, col):
    text = MINIMAL.replace(old, new, 1)
    line = text.split("\n").index(new) + 1
    _, found = loaded(text)
    assert found == [("LS110", line, col)]


def test_tab_indenting_a_plain_continuation_line_is_ls110():
    _, found = loaded(with_hello("  hello: 欢迎\n\t来到{room}！"))
    assert found == [("LS110", hello_line() + 1, 1)]


def test_tab_where_a_block_scalar_expects_its_indentation_is_ls110():
    _, found = loaded(with_hello("  hello: |\n    欢迎\n  \t来到{room}！"))
    assert found == [("LS110", hello_line() + 2, 3)]
    _, found = loaded(with_hello("  hello: |\n\t欢迎来到{room}！"))
    assert found == [("LS110", hello_line() + 1, 1)]


def test_ls110_has_its_message_and_hint():
    found = load_text(MINIMAL.replace("  ops:", "\tops:"), "p.yaml").diagnostics
    assert [d.message for d in found] == ["tab character in indentation"]
    assert "spaces" in found[0].hint


# -- valid YAML that libyaml refuses: LS101 that says so --------------------------------------

@pytest.mark.parametrize("old, new, col", [
    ("      - {at: 0s, role: host, say: hello}", "      -\t{at: 0s, role: host, say: hello}", 8),
    ("      - {at: 0s, role: host, say: hello}", "      - \t{at: 0s, role: host, say: hello}", 9),
])
def test_tab_after_a_dash_is_ls101_pointing_to_the_docs(old, new, col):
    text = MINIMAL.replace(old, new, 1)
    found = load_text(text, "p.yaml").diagnostics
    assert [(d.code, d.line, d.column) for d in found] == [("LS101", text.split("\n").index(new) + 1, col)]
    assert "tab after `-`" in found[0].message and DOC_ANCHOR in found[0].hint


@pytest.mark.parametrize("yaml, words", [
    (": 演示\n", "empty key"),
    ("roles2: {: x}\n", "empty key"),
    ("cues: &常用 [1]\n", "ASCII letters"),
    ("a: &x 1\nb: &x 2\n", "its own name"),
    ("%FOO bar\n---\nlivesop: 1\n", "directive"),
    ("a: {x\n  : 1}\n", "one line"),
    ("a: [::vector]\n", "starts with `:`"),
])
def test_unsupported_yaml_points_to_the_docs(yaml, words):
    found = load_text(yaml, "p.yaml").diagnostics
    assert [d.code for d in found] == ["LS101"], found
    assert words in found[0].hint and DOC_ANCHOR in found[0].hint


def test_duplicate_anchor_message_names_the_first_line():
    found = load_text("livesop: 1\na: &x 1\nb: &x 2\n", "p.yaml").diagnostics
    assert [(d.line, d.message) for d in found] == [(3, "this anchor is already defined on line 2")]


def test_ordinary_syntax_errors_do_not_point_to_the_docs():
    found = load_text(MINIMAL.replace("title: 演示直播", "title: 演示: 直播"), "p.yaml").diagnostics
    assert [d.code for d in found] == ["LS101"] and DOC_ANCHOR not in found[0].hint


def test_the_docs_section_exists():
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    assert "\n## YAML livesop cannot read\n" in text and f"(#{DOC_ANCHOR.split('#')[1]})" in text


# -- positions and the rest of the pipeline -----------------------------------------------------

def test_positions_after_a_worked_around_tab_are_those_of_the_file():
    text = with_hello("  hello: |\n    \t第二列\n    欢迎来到{room}！").replace("roles:\n", "\t\nroles:\n")
    result = load_text(text, "p.yaml")
    assert result.diagnostics == []
    lines = text.split("\n")
    assert result.data.at("segments").line == lines.index("segments:") + 2
    assert result.data["scripts"].at("hello").line == lines.index("  hello: |") + 1
    assert result.text == text


def test_a_clean_playbook_with_tabs_in_texts_has_no_errors():
    text = with_hello("  hello: |\n    \t欢迎来到{room}！\n    尺码\t价格").replace("roles:\n", "  \t\nroles:\n")
    assert codes(text) == ["LS506"]


# -- bounded work ---------------------------------------------------------------------------------

def count_reads(monkeypatch) -> list[int]:
    reads = [0]
    original = yamlnodes._Loader

    class Counting(original):
        def __init__(self, stream):
            reads[0] += 1
            original.__init__(self, stream)

    monkeypatch.setattr(yamlnodes, "_Loader", Counting)
    return reads


def test_clean_file_and_tabs_in_texts_are_read_once(monkeypatch):
    reads = count_reads(monkeypatch)
    loaded(MINIMAL)  # the fast reader's: libyaml does not read it
    assert reads[0] == 0
    loaded(with_hello("  hello: |\n    欢迎来到{room}！\n    \t价格"))
    assert reads[0] == 1


def test_blank_lines_with_tabs_cost_one_more_read(monkeypatch):
    reads = count_reads(monkeypatch)
    text = MINIMAL.replace("\n  ", "\n\t\n  ")
    assert loaded(text)[1] == [] and reads[0] == 2


def test_work_arounds_stop_when_the_reread_budget_is_spent(monkeypatch):
    monkeypatch.setattr(yamlnodes, "_REREAD_BUDGET", 0)
    assert loaded(MINIMAL.replace("\n  ", "\n\t\n  "))[1] == []  # blank lines: still all at once
    text = MINIMAL.replace("roles:\n", "\t# 岗位\nroles:\n")
    assert loaded(text)[1] == [("LS110", text.split("\n").index("\t# 岗位") + 1, 1)]
