"""The one error handler: environment problems become a message and an exit code, not a crash."""

import os
import subprocess
import sys

import click
import pytest

from livesop.cli.errors import exit_code_for
from livesop.errors import LivesopError, UsageError
from tests.helpers import REPO


def test_terminal_that_cannot_show_chinese_gets_a_clear_message():
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([sys.executable, "-m", "livesop", "show", str(REPO / "playbooks" / "daily.yaml")],
                            capture_output=True, env=env, timeout=60)
    stderr = result.stderr.decode("latin-1")
    assert result.returncode == 2
    assert "cannot show the Chinese text" in stderr and "LANG=C.UTF-8" in stderr
    assert "Traceback" not in stderr and "internal error" not in stderr


def test_crash_report_is_short_and_the_traceback_only_on_request(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from livesop.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("livesop.cli.validate.validate_paths", broken)
    monkeypatch.setenv("LIVESOP_CACHE_DIR", str(tmp_path))
    result = CliRunner().invoke(main.cli, ["validate", str(REPO / "playbooks" / "daily.yaml")])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("exc, code", [
    (LivesopError("x"), 1),
    (LivesopError("x", exit_code=2), 2),
    (UsageError("x"), 2),
    (click.UsageError("x"), 2),
    (click.exceptions.Exit(0), 0),
    (click.exceptions.Abort(), 130),
    (KeyboardInterrupt(), 130),
    (UnicodeEncodeError("ascii", "直播", 0, 1, "x"), 2),
    (BrokenPipeError(), 0),
    (RuntimeError("boom"), 3),
])
def test_every_kind_of_exception_maps_to_its_exit_status(exc, code):
    assert exit_code_for(exc) == code


@pytest.fixture
def crashing_validate(monkeypatch, invoke):
    """``livesop validate`` with a bug in it, run with the crash logs under ``cache``."""
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("livesop.cli.validate.validate_paths", broken)
    return lambda cache: invoke("validate", REPO / "playbooks" / "daily.yaml", env={"LIVESOP_CACHE_DIR": str(cache)})


def test_a_crash_writes_its_traceback_and_versions_to_a_crash_log(tmp_path, crashing_validate):
    result = crashing_validate(tmp_path)
    assert result.exit_code == 3
    logs = list((tmp_path / "crashes").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in result.output
    text = logs[0].read_text(encoding="utf-8")
    assert text.startswith("livesop ") and "python " in text and "click " in text
    assert "Traceback" in text and "RuntimeError: boom" in text


def test_a_crash_log_that_cannot_be_written_leaves_the_debug_hint(tmp_path, crashing_validate):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    result = crashing_validate(blocker)
    assert result.exit_code == 3 and "LIVESOP_DEBUG=1" in result.output


@pytest.mark.parametrize("command, name, text, message, hint", [
    ("report", "notes.jsonl", "hello\n", "not a livesop run log", "give the .jsonl file"),
    ("show", "broken.yaml", "livesop: 1\nid: x\n", "the playbook has errors that stop it from being printed", "the findings above"),
])
def test_a_bad_input_file_is_an_error_with_a_hint(tmp_path, invoke, command, name, text, message, hint):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = invoke(command, path)
    assert result.exit_code == 1
    assert "livesop: error: " in result.output and message in result.output
    assert f"  hint: {hint}" in result.output


def test_an_error_message_never_prints_a_control_character_raw(tmp_path, invoke):
    result = invoke("show", tmp_path / "x\x1b]52;c;aGk=\x07.yaml")
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output and "\\x1b]52" in result.output
