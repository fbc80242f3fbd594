"""A real `livesop run --serve`: the links are printed, a view answers with its token and refuses
without it, the show runs to its end and the server closes with it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from livesop.runner.runlog import read_log
from tests.runkit import show_text

SHOW = show_text("served", "手机同步演练", """\
segments:
  - id: a
    title: 开场
    duration: 2m
    end: next
    cues:
      - {at: 0s, role: host, do: 欢迎, every: 30s}
  - id: b
    title: 讲品
    duration: 2m
    end: next
    cues:
      - {at: 0s, role: ops, do: 上架, every: 30s}
""")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_a_served_run_prints_its_links_serves_them_and_closes_with_the_show(playbook_file, tmp_path):
    port = free_port()
    log = tmp_path / "run.jsonl"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "80"}
    child = subprocess.Popen([sys.executable, "-m", "livesop", "run", str(playbook_file), "--plain", "--speed", "120",
                              "--log", str(log), "--serve", f"127.0.0.1:{port}"],
                             cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        seen, link, deadline = "", None, time.monotonic() + 15
        while link is None and time.monotonic() < deadline:
            line = child.stderr.readline().decode("utf-8", "replace")
            seen += line
            found = re.search(rf"http://127\.0\.0\.1:{port}/v/clock\?k=\S+", line)
            link = found.group(0) if found else None
        assert link, seen
        assert status(link) == 200
        assert status(link.split("?")[0] + "?k=wrong") == 403
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err.decode("utf-8", "replace")
    assert read_log(log).ok
    with socket.socket() as probe:  # the server closed with the show
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_busy_port_is_a_usage_error_before_go_live(playbook_file, tmp_path, invoke):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("run", playbook_file, "--plain", "--log", tmp_path / "run.jsonl", "--serve", f"127.0.0.1:{port}")
    assert result.exit_code == 2 and "cannot listen there" in result.output
    assert not (tmp_path / "run.jsonl").exists()
