"""Shared by the review tests: a small show, runs of it on a fake clock, minute data and comments."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from livesop.runner.clock import FakeClock
from livesop.runner.runlog import read_log
from livesop.runner.show import load_show, new_run
from tests.runkit import M, S, WALL0, plain_run

# 2025-11-25 12:00 UTC is 20:00 in Beijing: a real-time run going live at WALL0 starts at 20:00 there.
SHOW = """\
livesop: 1
id: small
title: 小场
version: 1.2.0
schedule: {start: "20:00"}
roles:
  host: {name: 主播}
  ops: {name: 中控}
products:
  - {id: pan, name: 炒锅, link: 1, live_price: 100, list_price: 199, price_basis: 店铺日常售价, stock: 50}
  - {id: rag, name: 抹布, link: 2, live_price: 10, list_price: 20, price_basis: 店铺日常售价, stock: 500}
scripts:
  hello: {category: 开场, text: 欢迎来到直播间}
  pitch: "{product.name}今天{product.live_price}元"
  push: {category: 促单, text: 还没拍的朋友抓紧}
segments:
  - id: open
    title: 开场
    kind: opening
    duration: 5m
    cues:
      - {at: 0s, role: host, say: hello}
  - id: pitch
    title: 讲品：炒锅
    kind: product
    product: pan
    duration: 10m
    cues:
      - {at: 0s, role: host, say: pitch}
      - {at: 5m, role: host, say: push}
  - id: flash
    title: 秒杀：抹布
    kind: flash-sale
    product: rag
    duration: 5m
    cues:
      - {at: 0s, role: host, say: pitch}
  - id: encore
    title: 返场：炒锅
    kind: product
    product: pan
    duration: 5m
    end: next
    cues:
      - {at: 0s, role: host, say: push}
emergencies:
  - id: negative
    title: 负面舆情
    severity: P2
    trigger: 评论区质疑
    owner: host
    respond_within: 1m
    steps:
      - {role: host, do: 正面回应}
compliance:
  extra: [杀菌]
"""


def run_show(playbook: Path, log: Path, acts=(), *, wall_ms: int = WALL0, speed: float = 1.0,
             start_at: str | None = None, until: int = 40 * M) -> Path:
    """A run of ``playbook`` on a fake clock, logged to ``log``: each segment is taken when its time
    is up, and ``acts`` (show ms, engine method, arguments…) are done on time."""
    model, library = load_show(playbook)
    prepared = new_run(playbook, model, library, wall_ms=wall_ms, speed=speed, start_at=start_at, roles=(),
                       interactive=False, log_path=log)
    run = plain_run(prepared, FakeClock(0, wall0_ms=wall_ms, speed=speed))
    engine, clock = run.engine, run.clock
    for at, name, *args in [*acts, (until, None)]:
        while (deadline := engine.next_deadline()) is not None and deadline <= at and engine.state != "finished":
            clock.now = deadline
            run.emit(engine.tick(deadline))
        if engine.state == "finished":
            break
        clock.now = at
        run.emit(engine.tick(at))
        if name:
            run.emit(getattr(engine, name)(at, *args))
    run.stop("end")
    return log


def read(log: Path):
    return read_log(log)


def minutes_csv(path: Path, rows, header=("时间", "在线人数", "进入直播间人数", "成交金额", "成交订单数", "成交人数",
                                           "商品曝光人数", "商品点击人数", "评论次数", "新增粉丝数"),
                title: str | None = None, encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if title:
        writer.writerow([title])
        writer.writerow([])
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def every_minute(first: str, count: int, values=lambda n: (100 + n, 10, 100, 1, 1, 50, 5, 3, 1)) -> list[list]:
    """``count`` rows from ``first`` (HH:MM, or YYYY-MM-DD HH:MM), one a minute, with ``values(n)``."""
    day, _, clock = first.rpartition(" ")
    hours, minutes = map(int, clock.split(":"))
    rows = []
    for n in range(count):
        total = hours * 60 + minutes + n
        stamp = f"{total // 60 % 24:02d}:{total % 60:02d}"
        rows.append([f"{day} {stamp}" if day else stamp, *values(n)])
    return rows


def comments_jsonl(path: Path, items) -> Path:
    path.write_text("".join(json.dumps({"time": t, "user": "u", "text": text}, ensure_ascii=False) + "\n"
                            for t, text in items), encoding="utf-8")
    return path


__all__ = ["M", "S", "SHOW", "WALL0", "comments_jsonl", "every_minute", "minutes_csv", "read", "run_show"]
