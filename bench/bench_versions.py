"""Figures for the versions commands.

1. ``livesop log`` over a generated 1,000-commit history of one playbook (target ≤ 3 s).
2. ``livesop diff`` of two 500-segment playbooks (target ≤ 0.5 s).

The history is written with one ``git fast-import`` run (a few hundred milliseconds), every
commit editing the playbook the way a team does: a duration, a price, a 话术 line, a new
segment, a version bump. Run: ``python bench/bench_versions.py [--commits N] [--segments N]``.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

from common import best_time
from generate import TEAM_ROLES

PRODUCTS = ["coat", "knit", "scarf", "boots", "bag", "hat", "gloves", "socks"]


def playbook(step: int, segments: int = 20) -> str:
    """The playbook as it stands after ``step`` edits (deterministic)."""
    minor, patch = divmod(step, 10)
    lines = [
        "# 女装日播模板（bench）",
        "livesop: 1",
        "id: bench-daily",
        "title: 女装日播",
        f"version: 1.{minor}.{patch}",
        "platform: douyin",
        "schedule: {start: \"20:00\", length: 4h}",
        "variables: {room: 衣橱小铺}",
        *TEAM_ROLES,
        "products:",
    ]
    for n, product in enumerate(PRODUCTS):
        price = 99 + n * 10 + (step % 7 if n == step % len(PRODUCTS) else 0)
        lines += [f"  - id: {product}", f"    name: 商品{n + 1}号", f"    link: {n + 1}",
                  f"    list_price: {price + 100}", "    price_basis: 店铺日常售价", f"    live_price: {price}",
                  f"    stock: {100 + (step % 13) * 5 if n == step % 5 else 100}"]
    lines += ["scripts:", "  hello: |", f"    欢迎来到{{room}}！今天第{step % 5 + 1}轮福袋马上开。",
              "    新来的朋友点个关注。",
              "  pitch: \"{product.name}，日常{product.list_price}元，今天{product.live_price}元，{product.link}号链接。\"",
              "segments:"]
    extra = step % 4 == 0  # every fourth step carries an extra segment
    count = segments + (1 if extra else 0)
    for n in range(count):
        duration = 10 + (step % 3 if n == step % segments else 0)
        lines += [f"  - id: seg{n}", f"    title: 环节{n}", f"    duration: {duration}m", "    cues:",
                  "      - {at: 0s, role: host, say: hello}",
                  f"      - {{at: 1m, role: ops, do: 弹出{n % 8 + 1}号讲解卡}}",
                  "      - {at: 5m, role: control, do: 发关注福袋, every: 4m}"]
        if n == 3:
            lines += ["  - id: pitch", "    title: \"讲品：{product.name}\"", "    for_each: products",
                      "    duration: 8m", "    cues:", "      - {at: 0s, role: host, say: pitch}"]
    return "\n".join(lines) + "\n"


def make_history(folder: Path, commits: int) -> Path:
    subprocess.run(["git", "init", "-q", folder], check=True)
    stream = io.BytesIO()
    for step in range(commits):
        body = playbook(step).encode()
        message = f"edit {step}".encode()
        stamp = 1_760_000_000 + step * 3600
        stream.write(b"commit refs/heads/main\n")
        stream.write(f"mark :{step + 1}\n".encode())
        stream.write(f"author 主播 <host@example.com> {stamp} +0800\n".encode())
        stream.write(f"committer 主播 <host@example.com> {stamp} +0800\n".encode())
        stream.write(f"data {len(message)}\n".encode() + message + b"\n")
        if step:
            stream.write(f"from :{step}\n".encode())
        stream.write(f"M 100644 inline playbooks/daily.yaml\ndata {len(body)}\n".encode() + body + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=stream.getvalue(), check=True)
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=folder, check=True)
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=folder, check=True)
    return folder / "playbooks" / "daily.yaml"


def big_playbook(segments: int, shift: int) -> str:
    lines = ["livesop: 1", "id: big", "title: 十小时大促", "version: 1.0.0",
             "schedule: {start: \"08:00\", length: 100h}",
             "roles:", "  host: {name: 主播}", "  ops: {name: 中控}", "scripts:"]
    lines += [f"  s{n}: \"第{n}段话术，欢迎来到直播间{'！' if n % 50 != shift else '～'}\"" for n in range(segments)]
    lines.append("segments:")
    for n in range(segments):
        duration = 10 + (1 if shift and n % 100 == 0 else 0)
        lines += [f"  - id: seg{n}", f"    title: 环节{n}", f"    duration: {duration}m", "    cues:",
                  f"      - {{at: 0s, role: host, say: s{n}}}", f"      - {{at: 2m, role: ops, do: 上架{n}号链接}}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=500)
    args = parser.parse_args()

    from livesop.cli.main import cli

    def run(argv: list[str]) -> None:
        with redirect_stdout(io.StringIO()):
            try:
                code = cli.main(argv, standalone_mode=False)
            except SystemExit as exit_:  # commands end with sys.exit(status)
                code = exit_.code
        assert code in (0, 1, None), code

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        path = make_history(Path(tmp) / "repo", args.commits)
        built = time.perf_counter() - start
        lines = playbook(0).count("\n")
        print(f"history: {args.commits} commits of a {lines}-line playbook, written in {built:.2f} s")
        log_time = best_time(lambda: run(["log", str(path)]), 2)
        print(f"livesop log (in process):      {log_time:.2f} s   target ≤ 3 s")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "livesop", "log", str(path)], check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))
        print(f"livesop log (new process):     {time.perf_counter() - start:.2f} s")
        limited = best_time(lambda: run(["log", str(path), "-n", "20"]), 3)
        print(f"livesop log -n 20:             {limited:.3f} s")

        old, new = Path(tmp) / "old.yaml", Path(tmp) / "new.yaml"
        old.write_text(big_playbook(args.segments, 0), encoding="utf-8")
        new.write_text(big_playbook(args.segments, 7), encoding="utf-8")
        diff_time = best_time(lambda: run(["diff", str(old), str(new)]), 3)
        print(f"livesop diff, {args.segments} segments (in process): {diff_time:.3f} s   target ≤ 0.5 s")
        json_time = best_time(lambda: run(["diff", str(old), str(new), "--format", "json"]), 3)
        print(f"livesop diff --format json:    {json_time:.3f} s")


if __name__ == "__main__":
    main()
