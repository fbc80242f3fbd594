"""Figures for the full-screen view of `livesop run`: CPU while counting down, and time per frame.

(a) CPU: the real `livesop run` on a pseudo-terminal (100×30, TERM=xterm-256color) showing a
    10-minute segment's countdown for 60 s of real time (10 s with --quick); this process reads
    and discards the screen output. Then `q` `y` ends the run. Printed: the child's user+sys
    seconds over its whole life (os.wait4), and the steady-state share of one core after the
    first frame (from /proc/<pid>/stat where available). Target: ≤ 1 % of one core.
(b) Frames: the view rendered N times in-process from engine snapshots one second apart, to an
    in-memory console with colour, at 80×24, 100×30, 120×40 and 60×20 (compact): mean and p95
    milliseconds per frame, and bytes per frame.

    python bench/bench_tui.py [--quick]
"""

from __future__ import annotations

import argparse
import fcntl
import io
import os
import select
import statistics
import struct
import subprocess
import tempfile
import termios
import time
from pathlib import Path

from common import livesop_command, ticks_cpu

SHOW = """\
livesop: 1
id: bench-tui
title: 全屏基准
version: 1.0.0
schedule: {start: "20:00"}
variables: {room: 小铺}
roles:
  host: {name: 主播}
  ops: {name: 中控}
  control: {name: 场控}
products:
  - {id: pan, name: 麦饭石色不粘炒锅 32cm, link: 1, list_price: 299, price_basis: 店铺日常售价, live_price: 199, stock: 300}
scripts:
  pitch: |
    {product.name}，日常{product.list_price}元，今天直播间{product.live_price}元，{product.link}号链接。
    少油煎蛋不粘锅，燃气灶电磁炉都能用，还有{countdown}这一轮就结束。
segments:
  - id: pitch
    title: "讲品：{product.name}"
    product: pan
    duration: 10m
    cues:
      - {at: 0s, role: host, say: pitch}
      - {at: 5m, role: ops, do: "弹出{product.link}号讲解卡"}
      - {at: 2m, role: control, do: 发关注福袋, every: 3m}
  - id: close
    title: 下播
    duration: 5m
    cues:
      - {at: 0s, role: host, do: 感谢}
"""


def drain(fd: int, seconds: float) -> int:
    """Read and discard the child's screen output for ``seconds``; returns bytes read."""
    total = 0
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            total += len(chunk)
    return total


def cpu(folder: Path, seconds: float) -> None:
    playbook = folder / "show.yaml"
    playbook.write_text(SHOW, encoding="utf-8")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("NO_COLOR", None)
    began = time.monotonic()
    child = subprocess.Popen(livesop_command() + ["run", str(playbook), "--log", str(folder / "run.jsonl")],
                             stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                             start_new_session=True)
    os.close(slave)
    drain(master, 3.0)  # start-up and the first frames
    before = ticks_cpu(child.pid)
    window_began = time.monotonic()
    screen_bytes = drain(master, seconds)
    window = time.monotonic() - window_began
    after = ticks_cpu(child.pid)
    os.write(master, b"q")
    drain(master, 0.3)
    os.write(master, b"y")
    drain(master, 1.0)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    os.close(master)
    life = time.monotonic() - began
    total = usage.ru_utime + usage.ru_stime
    print(f"CPU, full-screen countdown on a 100×30 pty for {window:.0f} s (exit status {child.returncode}):")
    print(f"  whole life: user {usage.ru_utime:.2f} s + sys {usage.ru_stime:.2f} s = {total:.2f} s over {life:.1f} s"
          f" ({100 * total / life:.2f} % of one core, start-up included)")
    if before is not None and after is not None:
        share = 100 * (after - before) / window
        verdict = "OK" if share <= 1 else "OVER the 1 % target"
        print(f"  steady state: {after - before:.2f} s CPU in {window:.1f} s = {share:.2f} % of one core "
              f"(target ≤ 1 %: {verdict}); {screen_bytes / window / 1024:.1f} KiB/s of screen output")


def frames(count: int) -> None:
    from rich.console import Console

    from livesop.runner import view, viewstate
    from livesop.runner.engine import Engine
    from livesop.format.timeline import build_timeline
    from livesop.checks.validate import load_playbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "show.yaml"
        path.write_text(SHOW, encoding="utf-8")
        playbook, library, _, _ = load_playbook(path)
    print(f"Frames, {count} renders each (engine snapshot + view + ANSI output, colour on):")
    for width, height in ((80, 24), (100, 30), (120, 40), (60, 20)):
        engine = Engine(build_timeline(playbook), library)
        engine.start(0)
        info, ui = viewstate.show_info(engine), viewstate.UiState()
        console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                          color_system="truecolor")
        times = []
        for n in range(count):
            now = 1000 * n + 400
            engine.tick(now)
            began = time.perf_counter()
            console.print(view.render(engine.snapshot(now), info, ui, width, height))
            times.append((time.perf_counter() - began) * 1000)
        size = len(console.file.getvalue()) / count
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"  {width}×{height}: mean {statistics.fmean(times):.2f} ms, p95 {p95:.2f} ms, {size:.0f} bytes/frame")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s of countdown instead of 60 s")
    args = parser.parse_args()
    frames(100 if args.quick else 600)
    with tempfile.TemporaryDirectory() as tmp:
        cpu(Path(tmp), 10.0 if args.quick else 60.0)


if __name__ == "__main__":
    main()
