"""The command printed when a run stops works as printed: paths with spaces quoted, and the library,
roles, speed and plain lines the run needs. The stop happens on a fake clock; the printed command
is then run by a real shell."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from livesop.cli.run import resume_command
from livesop.runner.runlog import read_log
from tests.runkit import show_text

SHOW = show_text("hint", "续播演练", """\
segments:
  - id: open
    title: 开场
    duration: 1m
    end: next
    cues:
      - {at: 0s, role: host, say: "lib:hello"}
      - {at: 10s, role: ops, do: 上架福袋}
  - id: close
    title: 下播
    duration: 1m
    end: next
    cues:
      - {at: 0s, role: host, do: 再见}
      - {at: 5s, role: ops, do: 下架}
""", start=None)

ENTRY = """\
---
id: hello
category: 开场
---
欢迎来到续播演练！
"""


class StoppingClock:
    """Stands in for RealClock: show time jumps to each deadline, and the second wait is a Ctrl-C."""

    def __init__(self, speed: float = 1.0, offset_ms: int = 0):
        self.speed, self.offset_ms, self.now = speed, offset_ms, offset_ms
        self.wall0_ms = time.time_ns() // 1_000_000
        self.waits = 0

    def now_ms(self) -> int:
        return self.now

    @staticmethod
    def wall_ms() -> int:
        return time.time_ns() // 1_000_000

    def wait(self, until_ms, stream=None) -> bool:
        self.waits += 1
        if self.waits >= 2:
            raise KeyboardInterrupt
        self.now = max(self.now, until_ms)
        return False


def test_the_printed_resume_command_continues_the_run_to_its_end(tmp_path, monkeypatch, invoke):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my shows").mkdir()
    (tmp_path / "my shows" / "日播 演练.yaml").write_text(SHOW, encoding="utf-8")
    (tmp_path / "话术 库").mkdir()
    (tmp_path / "话术 库" / "hello.md").write_text(ENTRY, encoding="utf-8")
    monkeypatch.setattr("livesop.runner.clock.RealClock", StoppingClock)
    result = invoke("run", "my shows/日播 演练.yaml", "--library", "话术 库", "--role", "host", "--speed", "600",
                    "--plain", "--log", "logs dir/run 1.jsonl")
    assert result.exit_code == 130
    hint = next(line for line in result.stderr.splitlines() if "continue with:" in line).split("continue with: ")[1]
    assert shlex.split(hint) == ["livesop", "run", "my shows/日播 演练.yaml", "--resume", "logs dir/run 1.jsonl",
                                 "--library", "话术 库", "--role", "host", "--speed", "600", "--plain"]
    stopped = read_log(tmp_path / "logs dir" / "run 1.jsonl")
    assert stopped.ok and stopped.closed and not any(e.kind == "show-end" for e in stopped.events)

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "-c", hint], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "continuing logs dir/run 1.jsonl" in done.stderr
    assert "主播 做：再见" in done.stdout and "中控" not in done.stdout  # --role host carried over
    after = read_log(tmp_path / "logs dir" / "run 1.jsonl")
    assert after.ok and after.closed and after.events[-1].kind == "show-end"
    assert sorted(e.cue for e in after.events if e.kind == "cue") == ["close:1", "close:2", "open:1", "open:2"]
    said = next(e for e in after.events if e.cue == "open:1" and e.kind == "cue")
    assert said.text == "欢迎来到续播演练！"  # the 话术 from the library given with --library


def test_the_command_names_only_what_the_run_needs_and_quotes_what_the_shell_would_split():
    plain = resume_command(Path("daily.yaml"), Path(".livesop/runs/daily/20261125-200000.jsonl"), library=None,
                           roles=(), speed=1.0, plain=False)
    assert plain == "livesop run daily.yaml --resume .livesop/runs/daily/20261125-200000.jsonl"
    odd = resume_command(Path("it's $HOME.yaml"), Path("a;b.jsonl"), library=Path("lib"), roles=("host", "ops"),
                         speed=1 / 3, plain=True)
    words = shlex.split(odd)
    assert words[2:5] == ["it's $HOME.yaml", "--resume", "a;b.jsonl"]
    assert words[words.index("--speed") + 1] == repr(1 / 3)  # exactly the run's speed, or --resume refuses it
    assert words.count("--role") == 2 and words[-1] == "--plain"
