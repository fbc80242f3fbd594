"""Hostile and broken input: each case gives exactly one diagnostic with its line, exit 1 through
the CLI, and never a traceback; nothing in a file is ever constructed or run."""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.format.library import find_library, load_library
from livesop.format.yamlio import MAX_BYTES, MAX_DEPTH, load_bytes, load_file
from tests.helpers import MINIMAL, deadline

MINIMAL_LINES = MINIMAL.count("\n")


def with_line(text: str, after: str, inserted: str) -> str:
    """MINIMAL-like text with ``inserted`` put on its own line right after the line ``after``."""
    lines = text.split("\n")
    index = lines.index(after)
    return "\n".join(lines[: index + 1] + [inserted] + lines[index + 1:])


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if fragment in line)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["livesop: 1", 'l0: &l0 "lol"']
    for level in range(1, levels + 1):
        items = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{items}]")
    return "\n".join(lines) + "\n"


DEEP_FLOW = "livesop: 1\ndescription: " + "[" * 3000 + "]" * 3000 + "\n"
DEEP_BLOCK = "livesop: 1\ndescription:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 100)) + "  " * 100 + "end\n"
SYNTAX = MINIMAL.replace('hello: "欢迎来到{room}！"', "hello: 欢迎来到: {room}")
DUPLICATE = with_line(MINIMAL, "title: 演示直播", "title: 第二个标题")
TABS = MINIMAL.replace("  ops: {name: 中控}", "\tops: {name: 中控}")
SECOND_DOC = MINIMAL + "---\nlivesop: 1\nid: other\n"

# name: (file bytes, code, line)
HOSTILE: dict[str, tuple[bytes, str, int]] = {
    "empty": (b"", "LS103", 1),
    "only-comments": (b"# nothing here\n\n", "LS103", 1),
    "list-document": (b"- livesop: 1\n- id: demo\n", "LS103", 1),
    "scalar-document": (b"\n\njust some text\n", "LS103", 3),
    "several-documents": (SECOND_DOC.encode(), "LS104", MINIMAL_LINES + 2),
    "invalid-utf8": ("livesop: 1\nid: demo\ntitle: 演示".encode() + b"\xff\xfe\n", "LS102", 3),
    "gbk-encoded": (MINIMAL.encode("gbk"), "LS102", line_of(MINIMAL, "演示直播")),
    "tab-indent": (TABS.encode(), "LS110", line_of(TABS, "\t")),
    "duplicate-key": (DUPLICATE.encode(), "LS105", line_of(DUPLICATE, "第二个标题")),
    "syntax-error": (SYNTAX.encode(), "LS101", line_of(SYNTAX, "欢迎来到: ")),
    "control-character": (MINIMAL.replace("演示直播", "演示\x07直播").encode(), "LS101", 3),
    "alias-bomb": (billion_laughs().encode(), "LS109", 7),
    "too-large": (b"livesop: 1\ndescription: " + b"x" * MAX_BYTES + b"\n", "LS107", 1),
    "deep-flow": (DEEP_FLOW.encode(), "LS108", 2),
    "deep-block": (DEEP_BLOCK.encode(), "LS108", MAX_DEPTH + 2),
    "self-alias": (b"livesop: 1\ndescription: &d [*d]\n", "LS108", 2),
}
TAGS = ["!!python/object/apply:os.system ['echo unsafe']", "!!python/name:os.system",
        "!!python/object/new:builtins.dict [[]]", "!custom 话术", "!!binary aGVsbG8=", "!!set {a: null}",
        "!!timestamp 2026-11-25", "!!int 十"]
for tag in TAGS:
    text = MINIMAL.replace("title: 演示直播", f"title: {tag}")
    HOSTILE[f"tag {tag.split()[0]}"] = (text.encode(), "LS106", 3)


def validate(*args: str):
    result = CliRunner().invoke(cli, ["validate", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gives_one_diagnostic(name):
    raw, code, line = HOSTILE[name]
    found = load_bytes(raw, "p.yaml").diagnostics
    assert [(d.code, d.line) for d in found] == [(code, line)], found
    assert found[0].column >= 1 and found[0].hint


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_through_the_cli(name, tmp_path):
    raw, code, line = HOSTILE[name]
    path = tmp_path / "show.yaml"
    path.write_bytes(raw)
    result = validate(str(path))
    assert result.exit_code == 1, result.output
    reported = [row for row in result.output.splitlines() if row.startswith(str(path))]
    assert len(reported) == 1 and f":{line}:" in reported[0] and code in reported[0], result.output


def test_positions_of_utf8_and_gbk_errors():
    bad = load_bytes("livesop: 1\nid: demo\ntitle: 演示".encode() + b"\xff\n", "p.yaml").diagnostics[0]
    assert (bad.line, bad.column) == (3, 10) and "0xff" in bad.message
    gbk = load_bytes(MINIMAL.encode("gbk"), "p.yaml").diagnostics[0]
    assert (gbk.line, gbk.column) == (3, 8) and "GBK" in gbk.hint


def test_tags_are_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    text = MINIMAL.replace("title: 演示直播", f"title: !!python/object/apply:os.system ['touch {marker}']")
    found = load_bytes(text.encode(), "p.yaml").diagnostics
    assert [d.code for d in found] == ["LS106"]
    assert "!!python/object/apply:os.system" in found[0].message
    assert not marker.exists()


def test_alias_bomb_is_refused_fast_with_bounded_memory():
    text = billion_laughs()  # 9 levels × 9 aliases: 9**9 ≈ 387 million nodes when expanded
    tracemalloc.start()
    started = time.perf_counter()
    found = load_bytes(text.encode(), "p.yaml").diagnostics
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [d.code for d in found] == ["LS109"]
    assert (found[0].line, found[0].column) == (7, 10)  # the alias at which the count crossed the limit
    assert elapsed < 1.0, elapsed
    assert peak < 32 * 1024 * 1024, peak


def test_ordinary_aliases_are_allowed():
    text = MINIMAL.replace("  host: {name: 主播}", "  host: &person {name: 主播}\n  backup: *person")
    loaded = load_bytes(text.encode(), "p.yaml")
    assert loaded.diagnostics == [] and loaded.data["roles"]["backup"] == {"name": "主播"}


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "show.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_file(path).diagnostics == []
    result = validate(str(path))
    assert result.exit_code == 0 and "no problems" in result.output


def test_error_after_a_byte_order_mark_keeps_its_line(tmp_path):
    text = MINIMAL.replace("role: ops", "role: opz")
    found = load_bytes(b"\xef\xbb\xbf" + text.encode(), "p.yaml").diagnostics
    assert found == []  # the loader is fine; the reference check reports the role
    path = tmp_path / "show.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = validate(str(path))
    assert f"show.yaml:{line_of(text, 'opz')}:" in result.output and "LS301" in result.output


def test_windows_line_endings_keep_positions(tmp_path):
    text = MINIMAL.replace("role: ops", "role: opz")
    path = tmp_path / "show.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    result = validate("--format", "json", str(path))
    [finding] = json.loads(result.output)
    line = line_of(text, "opz")
    assert (finding["code"], finding["line"]) == ("LS301", line)
    assert finding["column"] == text.split("\n")[line - 1].index("opz") + 1


def test_a_folder_in_place_of_a_file_cannot_be_read(tmp_path):
    found = load_file(tmp_path).diagnostics
    assert [(d.code, d.line, d.column) for d in found] == [("LS100", 1, 1)]


def test_unreadable_file(tmp_path):
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user can read files without read permission (root)")
        found = load_file(path).diagnostics
        assert [(d.code, d.line) for d in found] == [("LS100", 1)]
        result = validate(str(path))
        assert result.exit_code == 1 and "LS100" in result.output
    finally:
        path.chmod(0o644)


def test_size_cap_is_checked_before_reading_everything(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"livesop: 1\n")
        handle.seek(3 * MAX_BYTES)
        handle.write(b"\n")
    found = load_file(path).diagnostics
    assert [d.code for d in found] == ["LS107"]


# -- the scripts library (LS309, and LS1xx inside front matter) ------------------------------------

LIBRARY_FILES = {
    "no-front-matter.md": (b"\xe6\xac\xa2\xe8\xbf\x8e\n", "LS309", 1),
    "unclosed.md": (b"---\nid: unclosed\n", "LS309", 1),
    "no-id.md": ("---\ncategory: 开场\n---\n欢迎\n".encode(), "LS309", 2),
    "bad-yaml.md": (b"---\nid: [bad\n---\ntext\n", "LS101", 3),
    "duplicate-key.md": (b"---\nid: dup\nid: dup\n---\ntext\n", "LS105", 3),
    "tagged.md": (b"---\nid: !!python/name:os.system\n---\ntext\n", "LS106", 2),
    "not-utf8.md": (b"---\nid: gbk\n---\n" + "欢迎".encode("gbk") + b"\n", "LS309", 1),
    "zz-same-id.md": ("---\nid: welcome\n---\n欢迎\n".encode(), "LS309", 2),
}


def make_library(folder: Path) -> Path:
    folder.mkdir()
    (folder / "welcome.md").write_text("---\nid: welcome\ncategory: 开场\n---\n欢迎来到直播间！\n", encoding="utf-8")
    for name, (raw, _, _) in LIBRARY_FILES.items():
        (folder / name).write_bytes(raw)
    return folder


def test_malformed_library_files_are_reported_once_each(tmp_path):
    library = load_library(make_library(tmp_path / "scripts_library"))
    assert set(library.entries) == {"welcome"}
    found = {Path(d.file).name: (d.code, d.line) for d in library.diagnostics}
    assert found == {name: (code, line) for name, (_, code, line) in LIBRARY_FILES.items()}
    assert all(d.hint for d in library.diagnostics)


def test_malformed_library_through_the_cli(tmp_path):
    make_library(tmp_path / "scripts_library")
    (tmp_path / "show.yaml").write_text(MINIMAL.replace("say: hello", 'say: "lib:welcome"')
                                        .replace('  hello: "欢迎来到{room}！"\n', "").replace("scripts:\n", ""),
                                        encoding="utf-8")
    result = validate(str(tmp_path))
    assert result.exit_code == 1, result.output
    assert result.output.count(": LS309 ") == 5 and "no-front-matter.md:1:1: LS309" in result.output
    assert "1 playbook checked" in result.output


def test_library_is_not_needed_without_lib_references(tmp_path):
    (tmp_path / "show.yaml").write_text(MINIMAL, encoding="utf-8")
    result = validate(str(tmp_path / "show.yaml"))
    assert result.exit_code == 0 and "no problems" in result.output


def test_missing_library_is_reported_at_the_reference(tmp_path):
    if find_library(tmp_path) is not None:
        pytest.skip("a scripts_library/ folder exists above the temporary folder")
    text = MINIMAL.replace("say: hello", 'say: "lib:welcome"')
    (tmp_path / "show.yaml").write_text(text, encoding="utf-8")
    result = validate(str(tmp_path / "show.yaml"))
    assert result.exit_code == 1
    assert f"show.yaml:{line_of(text, 'lib:welcome')}:" in result.output and "LS306" in result.output


@pytest.mark.parametrize("value, read", [
    ("a" + " " * 400_000 + "b", "a" + " " * 400_000 + "b"),  # spaces inside a plain value
    ("a" + " " * 400_000 + "# c", "a"),  # spaces before a comment
    ("a" + " :b" * 130_000, "a" + " :b" * 130_000),  # ` :` again and again
    ("[a" + " " * 400_000 + "b]", ["a" + " " * 400_000 + "b"]),  # spaces inside a flow scalar
    ("{a: b" + " " * 400_000 + "c}", {"a": "b" + " " * 400_000 + "c"}),
])
def test_a_long_line_costs_its_length_not_its_square(value, read):
    """A value's spaces are read once: a pattern trying every split of a 400,000-space run took
    minutes. (A bound on hanging, not a speed figure: those are in bench/.)"""
    with deadline(5):
        loaded = load_bytes(f"livesop: 1\nk: {value}\n".encode(), "p.yaml")
    assert loaded.diagnostics == [] and loaded.data["k"] == read
