"""Two real processes on one run log: the second is refused while the first runs, and a
`kill -9` of the first releases the lock (the system drops it with the process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from livesop.runner.runlog import read_log
from livesop.runner.show import load_show, resume_run
from tests.cli.test_run_subprocess import SHOW  # noqa: F401  (the playbook_file fixture reads it)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_second_process_is_refused_and_kill_9_releases_the_lock(playbook_file, tmp_path):
    log = tmp_path / "run.jsonl"
    command = [sys.executable, "-m", "livesop", "run", str(playbook_file), "--plain"]
    first = subprocess.Popen(command + ["--speed", "30", "--log", str(log)], cwd=tmp_path,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not (log.exists() and log.read_bytes().count(b"\n") >= 3) and time.monotonic() < deadline:
            time.sleep(0.01)
        second = subprocess.run(command + ["--resume", str(log)], cwd=tmp_path, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=20)
        assert first.poll() is None  # still running while the second was refused
        assert second.returncode == 2, second.stderr
        assert "is in use: another `livesop run` is writing this run log" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    prepared = resume_run(log, playbook_file, *load_show(playbook_file), wall_ms=int(time.time() * 1000),
                          speed=None, interactive=False)  # the lock died with the killed process
    prepared.log.abandon()
    assert read_log(log).ok and os.path.getsize(log) > 0
