"""`livesop run` at its edges: a speed that is no speed is a usage error that leaves no log behind,
and a terminal the full-screen view cannot drive (TERM=dumb) gets plain lines with a note."""

from __future__ import annotations

import io
import os
import time

import pytest

from livesop.runner.terminal import cannot_drive
from tests.runkit import ONE_MINUTE, show_text
from tests.runner.test_tui import _read_until, _spawned, a_pty  # noqa: F401  (a_pty is a fixture)

SHOW = show_text("edges", "边界", ONE_MINUTE, start=None)


@pytest.mark.parametrize("speed", ["nan", "NaN", "inf", "-inf", "0", "-1", "1e400"])
def test_a_speed_that_is_no_speed_is_a_usage_error_and_leaves_no_log(playbook_file, tmp_path, monkeypatch, invoke,
                                                                     speed):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", playbook_file, "--speed", speed)
    assert result.exit_code == 2 and "--speed" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["show.yaml"]  # no .livesop/, no log


class Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("environ, reason", [
    ({"TERM": "dumb"}, "TERM=dumb"), ({"TERM": "unknown"}, "TERM=unknown"), ({}, "TERM is not set"),
    ({"TERM": "xterm", "TTY_COMPATIBLE": "0"}, "TERM=xterm is not a terminal the full-screen view can drive"),
    ({"TERM": "xterm-256color"}, "")])
def test_which_terminals_the_view_cannot_drive(environ, reason):
    assert cannot_drive(environ, Tty()) == reason


def test_term_dumb_falls_back_to_plain_lines_with_a_note(playbook_file, tmp_path, a_pty):  # noqa: F811
    master, slave = a_pty
    log = tmp_path / "dumb.jsonl"
    seen = bytearray()
    with _spawned(slave, [str(playbook_file), "--speed", "600", "--log", str(log)], tmp_path, TERM="dumb") as child:
        assert _read_until(master, "主播 做：欢迎".encode(), 5, seen), seen[-400:]
        deadline = time.monotonic() + 5
        while child.poll() is None and time.monotonic() < deadline:
            _read_until(master, b"\x00", 0.1, seen)
        assert child.wait(timeout=5) == 0
    stderr = child.stderr.read().decode()
    assert "livesop: TERM=dumb: the full-screen view cannot be drawn here; plain lines instead (--plain)" in stderr
    assert stderr.count("TERM=dumb") == 1  # one line
    assert b"\x1b[?1049h" not in seen  # no alternate screen: nothing blank
    assert "▶ 开场 (01:00)".encode() in seen and os.path.getsize(log) > 0
