"""Options shared by commands: one way to name a format, one way to ask for colour."""

from __future__ import annotations

import pytest

from livesop.cli.options import wants_color
from tests.helpers import REPO

BROKEN = "livesop: 1\nid: demo\ntitle: 演示\nversion: 1.0.0\nroles: {host: {name: 主播}}\nsegments:\n" \
         "  - {id: open, title: 开场, duration: 10m, cues: [{at: 0s, role: hots, do: 欢迎}]}\n"


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_diff_takes_md_and_still_the_older_markdown(invoke):
    daily = REPO / "playbooks" / "daily.yaml"
    md = invoke("diff", daily, daily, "--format", "md")
    markdown = invoke("diff", daily, daily, "--format", "markdown")
    assert md.exit_code == markdown.exit_code == 0
    assert md.output == markdown.output


def test_an_unknown_format_lists_the_registry(invoke, broken):
    result = invoke("validate", broken, "--format", "xml")
    assert result.exit_code == 2 and "'text', 'json', 'github'" in result.output


@pytest.mark.parametrize("args, env, coloured", [
    (("--color", "always"), {}, True),
    (("--color", "never"), {}, False),
    ((), {}, False),  # auto, and CliRunner's output is no terminal
    (("--color", "always"), {"NO_COLOR": "1"}, True),  # an explicit flag beats the environment
])
def test_validate_colours_as_asked(invoke, broken, args, env, coloured):
    result = invoke("validate", broken, *args, env=env)
    assert result.exit_code == 1
    assert ("\x1b[" in result.output) is coloured


def test_show_colours_its_table_only_when_asked(invoke):
    daily = REPO / "playbooks" / "daily.yaml"
    assert "\x1b[" in invoke("show", daily, "--color", "always").output
    assert "\x1b[" not in invoke("show", daily).output


def test_auto_colour_needs_a_terminal_without_no_color(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdout", Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_color("auto") is True
    assert wants_color("auto", to_file=True) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert wants_color("auto") is False
    assert wants_color("always") is True
