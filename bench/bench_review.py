"""Figures for the 复盘 with the room's numbers: joining a 14-hour show's minute data and 100,000
comments with its run log. Target: ≤ 2 s.

A generated 14-hour playbook (84 ten-minute segments: 讲品, 返场, 秒杀, 互动, each with 话术) is
rehearsed on a fake clock (scripts/make_review_example.py drives it), then given a minute export
of 850 rows (CSV, 电商罗盘 headers) and 100,000 comments (JSON Lines). The figure is the time of
``review.room``: reading both files, placing every minute and comment on the run, the figures
per segment, product and 话术, the top words and the negative-word screen. The time to lay the
result out as the HTML report (charts included), and that of the whole command, are printed
beside it.

    python bench/bench_review.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import livesop_command, timings  # noqa: E402
from make_review_example import COMMENTS, NEGATIVE, minute_rows, rehearse, write_minutes  # noqa: E402

HOURS = 14
COMMENT_COUNT = 100_000
KINDS = ("product", "product", "interaction", "product", "flash-sale", "giveaway")


def playbook_text() -> str:
    lines = ["livesop: 1", "id: marathon", "title: 日不落 14 小时", "version: 1.0.0", "platform: douyin",
             'schedule: {start: "08:00"}', "roles:", "  host: {name: 主播}", "  ops: {name: 中控}", "products:"]
    for n in range(1, 9):
        lines += [f"  - {{id: p{n}, name: 商品{n}号, link: {n}, live_price: {19 + n * 20}, list_price: {39 + n * 30}, "
                  "price_basis: 店铺日常售价}"]
    lines += ["scripts:"] + [f"  line-{k}: 话术{k}号：{{product.name}}今天{{product.live_price}}元。" for k in range(6)]
    lines += [f"  talk-{k}: 互动{k}号：评论区扣1。" for k in range(6)]
    lines.append("segments:")
    for n in range(HOURS * 6):
        kind = KINDS[n % len(KINDS)]
        product = f"    product: p{n % 8 + 1}" if kind in ("product", "flash-sale") else None
        lines += [f"  - id: s{n:02d}", f"    title: 段落{n + 1}", f"    kind: {kind}", "    duration: 10m"]
        if product:
            lines.append(product)
        say = "line" if product else "talk"
        lines += ["    cues:", f"      - {{at: 0s, role: host, say: {say}-{n % 6}}}",
                  f"      - {{at: 4m, role: host, say: {say}-{(n + 2) % 6}}}", "      - {at: 6m, role: ops, do: 上架}"]
    return "\n".join(lines) + "\n"


def comments(path: Path, minutes: list, rng: random.Random) -> None:
    pools = [text for pool in COMMENTS.values() for text in pool]
    per_minute = COMMENT_COUNT / len(minutes)
    out, made = [], 0
    for index, (stamp, _, _, _) in enumerate(minutes):
        count = round((index + 1) * per_minute) - made
        made += count
        for _ in range(count):
            text = rng.choice(NEGATIVE) if rng.random() < 0.01 else rng.choice(pools)
            out.append(json.dumps({"time": f"{stamp}:{rng.randrange(60):02d}", "user": f"用户{rng.randrange(10**5)}",
                                   "text": text}, ensure_ascii=False))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="three runs instead of seven")
    args = parser.parse_args()
    from livesop.review import room
    from livesop.runner.report import render
    from livesop.runner.report.summary import summarize
    from livesop.runner.runlog import read_log

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        playbook = folder / "marathon.yaml"
        playbook.write_text(playbook_text(), encoding="utf-8")
        log = folder / "marathon.jsonl"
        rehearse(playbook, log, 1_764_028_800_000, [])
        rng = random.Random(14)
        rows, _ = minute_rows(log, rng)
        write_minutes(folder / "minutes.csv", rows, "日不落 分钟级数据")
        comments(folder / "comments.jsonl", rows, rng)
        read = read_log(log)
        runs = 3 if args.quick else 7
        result = None

        def join():
            nonlocal result
            result = room(read, folder / "minutes.csv", folder / "comments.jsonl", "UTC")

        times = sorted(timings(join, runs))
        report = summarize(read)
        started = time.perf_counter()
        page = render("html", report, (result,))
        drawn = time.perf_counter() - started
        count = sum(s.comments_read or 0 for s in result.segments) + sum(p.comments_read or 0 for p in result.outside)
        median = times[len(times) // 2]
        print(f"python {sys.version.split()[0]}; {len(result.segments)} segments over {HOURS} h, "
              f"{len(rows)} minute rows, {count:,} comments ({sum(n.count for n in result.negative):,} with a "
              f"negative word)")
        print(f"join (read both files, place, figures, words, negative screen): median {median:.2f} s, "
              f"best {times[0]:.2f} s of {runs} (target ≤ 2 s) — {'OK' if median <= 2 else 'OVER TARGET'}")
        print(f"HTML report with charts: {drawn:.2f} s, {len(page) / 1024:.0f} KiB")
        command = livesop_command() + ["report", str(log), "--data", str(folder / "minutes.csv"), "--comments",
                                       str(folder / "comments.jsonl"), "--tz", "UTC", "--format", "html", "-o",
                                       str(folder / "report.html")]
        whole = sorted(timings(lambda: subprocess.run(command, check=True, capture_output=True), runs))
        print(f"the whole command (`livesop report LOG --data --comments --format html -o FILE`, start-up and "
              f"the hash chain included): median {whole[len(whole) // 2]:.2f} s")


if __name__ == "__main__":
    main()
