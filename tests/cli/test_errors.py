"""The one error handler: environment problems become a message and an exit code, not a crash."""

import os
import subprocess
import sys

from tests.helpers import REPO


def test_terminal_that_cannot_show_chinese_gets_a_clear_message():
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([sys.executable, "-m", "livesop", "show", str(REPO / "playbooks" / "daily.yaml")],
                            capture_output=True, env=env, timeout=60)
    stderr = result.stderr.decode("latin-1")
    assert result.returncode == 2
    assert "cannot show the Chinese text" in stderr and "LANG=C.UTF-8" in stderr
    assert "Traceback" not in stderr and "internal error" not in stderr


def test_crash_report_is_short_and_the_traceback_only_on_request(monkeypatch):
    from click.testing import CliRunner

    from livesop.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("livesop.checks.validate.validate_paths", broken)
    monkeypatch.setattr("livesop.cli.validate.validate_paths", broken, raising=False)
    result = CliRunner().invoke(main.cli, ["validate", str(REPO / "playbooks" / "daily.yaml")])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.output and "Traceback" not in result.output
