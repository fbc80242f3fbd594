"""A real `livesop run --plain --speed 600`, killed with SIGKILL mid-show, then resumed to the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from livesop.runner.runlog import read_log
from tests.runkit import show_text

SHOW = show_text("killme", "断电演练", """\
segments:
  - id: a
    title: 开场
    duration: 2m
    end: next
    cues:
      - {at: 0s, role: host, do: 欢迎, every: 10s}
  - id: b
    title: 讲品
    duration: 2m
    end: next
    cues:
      - {at: 0s, role: ops, do: 上架, every: 10s}
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_mid_show_then_resume_to_the_end(playbook_file, tmp_path):
    log = tmp_path / "run.jsonl"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "livesop", "run", str(playbook_file), "--plain"]
    child = subprocess.Popen(command + ["--speed", "600", "--log", str(log)], cwd=tmp_path, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # wait until the show is under way (a few cues logged)
        if log.exists() and log.read_bytes().count(b"\n") >= 8:
            break
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    before = read_log(log)
    assert before.ok and not before.closed  # killed: chain intact, no closing line
    assert not any(e.kind == "show-end" for e in before.events)
    done = subprocess.run(command + ["--resume", str(log)], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert "continuing" in done.stderr and "↻ continued from the run log" in done.stdout
    after = read_log(log)
    assert after.ok and after.closed and not after.truncated
    assert after.events[-1].kind == "show-end"
    cues = [e.cue for e in after.events if e.kind == "cue"]
    assert sorted(cues) == sorted({f"a:1#{k}" for k in range(1, 13)} | {f"b:1#{k}" for k in range(1, 13)})
    assert sum(e.kind == "interrupted" for e in after.events) == 1
