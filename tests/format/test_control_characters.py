"""LS111: a control character in a text, reported at the escape that writes it.

YAML refuses raw control characters (LS101), but a double-quoted string can write any of them
with an escape: ``"\\e[2J"``, ``"\\x1b"``, ``"\\u009b"``. The loader keeps the text as written and
reports LS111 at the escape's backslash; loading goes on, so the other findings are reported too.
"""

from __future__ import annotations

import pytest

from livesop.format.yamlio import load_text
from tests.helpers import MINIMAL, codes

HELLO = '  hello: "欢迎来到{room}！"'


def findings(text: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.column, d.message) for d in load_text(text, "p.yaml").diagnostics]


def hello_line() -> int:
    return MINIMAL.split("\n").index(HELLO) + 1


@pytest.mark.parametrize("escape, char", [
    ("\\e", 0x1B), ("\\x1b", 0x1B), ("\\x1B", 0x1B), ("\\u001b", 0x1B), ("\\U0000001b", 0x1B),
    ("\\u009b", 0x9B), ("\\x9b", 0x9B), ("\\N", 0x85), ("\\x7f", 0x7F),
    ("\\a", 0x07), ("\\b", 0x08), ("\\v", 0x0B), ("\\f", 0x0C), ("\\r", 0x0D), ("\\0", 0x00),
])
def test_each_escape_that_writes_a_control_character_is_reported_at_its_backslash(escape, char):
    text = MINIMAL.replace(HELLO, f'  hello: "欢迎来到{escape}[2J{{room}}！"')
    column = len('  hello: "欢迎来到') + 1  # columns count characters, not bytes
    assert findings(text) == [("LS111", hello_line(), column, f"control character U+{char:04X} in a text")]


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\\\e", "\\\\x1b", "\\x41", "\\u4e2d", "\\_", "\\L", "\\ "])
def test_escapes_of_printable_characters_tabs_and_newlines_are_fine(escape):
    assert findings(MINIMAL.replace(HELLO, f'  hello: "欢迎{escape}来到{{room}}！"')) == []


def test_the_text_still_loads_as_written_and_later_findings_are_reported():
    text = MINIMAL.replace(HELLO, '  hello: "\\e]52;c;aGk=\\a{room}"').replace("role: ops", "role: opz")
    loaded = load_text(text, "p.yaml")
    assert loaded.data["scripts"]["hello"] == "\x1b]52;c;aGk=\x07{room}"
    assert codes(text) == ["LS111", "LS301"]


def test_one_finding_per_text_at_its_first_control_character():
    text = MINIMAL.replace(HELLO, '  hello: "欢迎\\u009b2J来到\\e[2J{room}！"')
    column = len('  hello: "欢迎') + 1
    assert findings(text) == [("LS111", hello_line(), column, "control character U+009B in a text")]


def test_an_escape_on_a_continuation_line_of_a_quoted_text():
    text = MINIMAL.replace(HELLO, '  hello: "欢迎来到{room}，\n    今天\\x1b[2J有福袋"')
    assert findings(text) == [("LS111", hello_line() + 1, len("    今天") + 1, "control character U+001B in a text")]


def test_an_escaped_backslash_before_an_escape_is_skipped():
    text = MINIMAL.replace(HELLO, '  hello: "a\\\\e b\\\\\\e"')  # "a\\e b\\\e": a backslash, e; a backslash, ESC
    assert load_text(text, "p.yaml").data["scripts"]["hello"] == "a\\e b\\\x1b"
    assert findings(text) == [("LS111", hello_line(), len('  hello: "a\\\\e b\\\\') + 1,
                               "control character U+001B in a text")]


def test_every_text_with_one_is_reported_keys_and_tagged_strings_included():
    text = MINIMAL.replace(HELLO, '  hello: "\\e"\n  "\\x07bell": !!str "\\a"\n  list: ["ok", "\\u0085"]')
    line = hello_line()
    assert [(c, ln, col) for c, ln, col, _ in findings(text)] == [
        ("LS111", line, 11), ("LS111", line + 1, 4), ("LS111", line + 1, 22), ("LS111", line + 2, 17)]


def test_a_text_used_through_an_alias_is_reported_once_where_it_is_written():
    text = MINIMAL.replace(HELLO, '  hello: &evil "\\e[2J"\n  again: *evil')
    assert [(c, ln, col) for c, ln, col, _ in findings(text)] == [("LS111", hello_line(), 17)]


def test_plain_single_quoted_and_block_texts_cannot_write_one():
    text = MINIMAL.replace(HELLO, "  hello: 'a \\e b'\n  plain: a \\e b\n  block: |\n    a \\x1b b\n")
    assert findings(text) == []


def test_a_control_character_in_a_library_file_is_ls111_at_its_place(tmp_path):
    from livesop.format.library import load_library

    folder = tmp_path / "scripts_library"
    folder.mkdir()
    (folder / "bad.md").write_bytes("---\nid: bad\ncategory: 开场\n---\n欢迎\x1b[2J来到直播间\n".encode())
    found = [(d.code, d.line, d.column) for d in load_library(folder).diagnostics]
    assert found == [("LS111", 5, 3)]


def test_library_files_with_windows_line_endings_read_as_plain_lines(tmp_path):
    from livesop.format.library import load_library

    folder = tmp_path / "scripts_library"
    folder.mkdir()
    (folder / "crlf.md").write_bytes("---\r\nid: crlf\r\ncategory: 开场\r\n---\r\n## A\r\n欢迎\r\n## B\r\n你好\r\n".encode())
    library = load_library(folder)
    assert library.diagnostics == []
    entry = library.entries["crlf"]
    assert entry.variant("A").value.strip() == "欢迎" and "\r" not in entry.variant("B").value
