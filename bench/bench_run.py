"""Figures for `livesop run`: cue latency in a real-time plain run, and CPU while counting down.

(a) Latency: a real-time `livesop run --plain` of a generated playbook (cues every 2 s, about
    30 s in all); for each cue line, how long after its due time it was written, from the log's
    wall times (due = start wall time + show time). Target: every cue within 100 ms.
(b) CPU: `livesop run --start-at HH:MM` counting down for 60 s of real time; user+sys seconds
    of the child (os.wait4), and the steady-state share of one core after start-up (from
    /proc/<pid>/stat where available). Target: ≤ 1 % of one core. The CPU of the real-time show
    run of (a) is printed too.

    python bench/bench_run.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import livesop_command, ticks_cpu


def playbook_text(seconds: int, every: int = 2) -> str:
    segments = max(1, seconds // 10)
    lines = ["livesop: 1", "id: latency", "title: 延迟测试", "version: 1.0.0", 'schedule: {start: "20:00"}',
             "roles:", "  host: {name: 主播}", "  ops: {name: 中控}", "segments:"]
    for n in range(segments):
        lines += [f"  - id: s{n}", f"    title: 段落{n}", "    duration: 10s", "    end: next", "    warn: 0s",
                  "    cues:", f"      - {{at: 0s, role: host, do: 开讲{n}}}",
                  f"      - {{at: 1s, role: ops, do: 报数, every: {every}s}}"]
    return "\n".join(lines) + "\n"


def latency(folder: Path, seconds: int) -> None:
    playbook = folder / "latency.yaml"
    playbook.write_text(playbook_text(seconds), encoding="utf-8")
    log = folder / "latency.jsonl"
    began = time.monotonic()
    child = subprocess.Popen(livesop_command() + ["run", str(playbook), "--plain", "--log", str(log)],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - began
    if status != 0:
        print(child.stderr.read().decode(), file=sys.stderr)
        raise SystemExit("the latency run failed")
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    start = records[0]["start_wall_ms"]
    late = [r["wall_ms"] - (start + r["t"]) for r in records if r.get("kind") == "cue"]
    print(f"(a) latency: {len(late)} cues over {wall:.1f} s real time; written after their due time: "
          f"median {statistics.median(late):.0f} ms, max {max(late):.0f} ms, min {min(late):.0f} ms "
          f"(target ≤ 100 ms) — {'OK' if max(late) <= 100 else 'OVER TARGET'}")
    cpu = usage.ru_utime + usage.ru_stime
    print(f"    CPU of that run: {cpu:.2f} s user+sys in {wall:.1f} s, including start-up "
          f"({100 * cpu / wall:.2f} % of one core)")


def countdown(folder: Path, seconds: int) -> None:
    playbook = folder / "latency.yaml"
    now = dt.datetime.now()
    target = (now + dt.timedelta(seconds=seconds + 70)).replace(second=0, microsecond=0)
    child = subprocess.Popen(livesop_command() + ["run", str(playbook), "--plain", "--start-at",
                                                  target.strftime("%H:%M"), "--log", str(folder / "cd.jsonl")],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2)  # start-up done
    before, began = ticks_cpu(child.pid), time.monotonic()
    time.sleep(seconds)
    after, window = ticks_cpu(child.pid), time.monotonic() - began
    child.send_signal(signal.SIGINT)
    _, status, usage = os.wait4(child.pid, 0)
    lines = child.stdout.read().decode().splitlines()
    total = usage.ru_utime + usage.ru_stime
    print(f"(b) countdown: {seconds + 2} s counting down to {target:%H:%M}, {len(lines)} lines printed; "
          f"user+sys {total:.3f} s in all (start-up included) = {100 * total / (seconds + 2):.2f} % of one core")
    if before is not None and after is not None:
        share = 100 * (after - before) / window
        print(f"    steady state over {window:.0f} s after start-up: {after - before:.3f} s CPU = {share:.3f} % "
              f"of one core (target ≤ 1 %) — {'OK' if share <= 1 else 'OVER TARGET'}")
    print(f"    exit status after Ctrl-C: {os.waitstatus_to_exitcode(status)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 s latency run, 10 s countdown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        latency(folder, 8 if args.quick else 30)
        countdown(folder, 10 if args.quick else 60)


if __name__ == "__main__":
    main()
