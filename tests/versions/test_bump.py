"""``livesop bump``: only the version's characters change; the write is atomic."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from livesop.cli.main import cli
from livesop.errors import LivesopError
from livesop.files import FileProblem
from livesop.format.yamlio import load_text
from livesop.versions.bump import bump_file, bumped, rewrite_version
from tests.helpers import MINIMAL


@pytest.mark.parametrize("version, part, expected", [
    ("1.4.2", "major", "2.0.0"), ("1.4.2", "minor", "1.5.0"), ("1.4.2", "patch", "1.4.3"),
    ("0.9.9", "minor", "0.10.0"), ("1.0.0-rc.1+build.5", "patch", "1.0.1"),
])
def test_bumped(version, part, expected):
    assert bumped(version, part) == expected


def test_cli_bump_keeps_every_other_byte(tmp_path):
    text = MINIMAL.replace("version: 1.0.0", "version: '1.0.0'    # 每次改话术都要升版本")
    text = "# 顶部注释\n" + text.replace("\n", "\r\n")
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    os.chmod(path, 0o640)
    result = CliRunner().invoke(cli, ["bump", str(path), "minor"])
    assert result.exit_code == 0, result.output
    assert "version 1.0.0 → 1.1.0" in result.output
    expected = b"\xef\xbb\xbf" + text.replace("'1.0.0'", "'1.1.0'").encode()
    assert path.read_bytes() == expected
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]  # no temporary file left


@pytest.mark.parametrize("line", [
    'version: "2.3.4"', "version: !!str 2.3.4", "version: &v 2.3.4", "version:   2.3.4  ",
])
def test_written_forms(line):
    text = MINIMAL.replace("version: 1.0.0", line)
    old, new_text = rewrite_version(text, "2.4.0")
    assert old == "2.3.4"
    assert new_text == text.replace("2.3.4", "2.4.0")


def test_flow_style_document():
    text = '{livesop: 1, id: demo, title: 演示, version: "1.0.0", roles: {h: {name: 主播}}, segments: []}\n'
    assert rewrite_version(text, "1.0.1")[1] == text.replace("1.0.0", "1.0.1")


def test_version_written_after_other_keys_with_the_same_text():
    text = MINIMAL.replace("title: 演示直播", "title: 演示直播 1.0.0").replace("version: 1.0.0\n", "") \
        + "version: 1.0.0\n"
    assert rewrite_version(text, "1.0.1")[1] == text[: text.rindex("1.0.0")] + "1.0.1\n"


@pytest.mark.parametrize("text, message, code", [
    (MINIMAL.replace("version: 1.0.0\n", ""), "has no `version`", 1),
    (MINIMAL.replace("version: 1.0.0", "version: 1.0"), "is not a semantic version", 1),
    (MINIMAL.replace("version: 1.0.0", "version: latest"), "is not a semantic version", 1),
    ("livesop: 1\nroles: [\n", "p.yaml:", 1),
])
def test_bump_refuses_what_it_cannot_edit(tmp_path, text, message, code):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["bump", str(path), "patch"])
    assert result.exit_code == code and message in result.output, result.output
    assert path.read_text(encoding="utf-8") == text


def test_bump_usage_errors(tmp_path):
    assert CliRunner().invoke(cli, ["bump", str(tmp_path / "none.yaml"), "patch"]).exit_code == 2
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert CliRunner().invoke(cli, ["bump", str(path), "huge"]).exit_code == 2


def test_failed_write_leaves_the_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(FileProblem, match="cannot write .*: disk full"):
        bump_file(path, "patch")
    assert path.read_text(encoding="utf-8") == MINIMAL
    assert [p.name for p in tmp_path.iterdir()] == ["p.yaml"]


COMMENT = st.lists(st.sampled_from(list("版本号 version: 1.0.0 '\"#-") + ["注释", "升级"]), max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["{}", "'{}'", '"{}"']), COMMENT, COMMENT, st.sampled_from(["\n", "\r\n"]),
       st.integers(0, 3), st.sampled_from(["major", "minor", "patch"]))
def test_only_the_version_characters_change(quote, above, after, newline, spaces, part):
    version_line = "version:" + " " * (spaces + 1) + quote.format("1.2.3") + ("  # " + after if after else "")
    lines = MINIMAL.replace("version: 1.0.0", version_line).split("\n")
    lines.insert(1, "# " + above)
    text = newline.join(lines)
    old, new_text = rewrite_version(text, bumped("1.2.3", part))
    assert old == "1.2.3"
    new_version = bumped("1.2.3", part)
    index = text.index(version_line) + version_line.index("1.2.3")
    assert new_text == text[:index] + new_version + text[index + 5:]
    assert load_text(new_text, "p.yaml").data["version"] == new_version


def test_core_error_for_a_non_string_version():
    with pytest.raises(LivesopError, match="not a semantic version"):
        rewrite_version(MINIMAL.replace("version: 1.0.0", "version: 3"), "3.0.1")
