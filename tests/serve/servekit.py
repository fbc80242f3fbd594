"""Shared pieces of the serve tests: a small show, a hub over it on a fake clock, a socket's next messages."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from livesop.runner.clock import FakeClock
from livesop.runner.runlog import RunLog, read_log
from livesop.serve.hub import Hub, Tokens
from tests.runkit import new_show, show_text

SHOW = show_text("served", "小满家居 · 夜场", """\
scripts:
  hello: "大家好，欢迎来到直播间！"
  price: "{product.name}今天只要{product.live_price}元，库存{product.stock}件，{countdown}后恢复原价"
  hold: "画面马上回来，大家先别走开"
products:
  - {id: pan, name: 不粘炒锅, link: 1, live_price: 199, list_price: 299, price_basis: 店铺日常售价, stock: 300, mechanism: 下单送锅铲}
segments:
  - id: open
    title: 开场
    duration: 3m
    cues:
      - {at: 0s, role: host, say: hello}
      - {at: 10s, role: ops, do: 上架1号链接}
      - {at: 1m, role: control, do: 报在线人数}
  - id: pitch
    title: 讲品：不粘炒锅
    product: pan
    duration: 5m
    cues:
      - {at: 0s, role: host, say: price}
      - {at: 30s, role: ops, do: 弹讲解卡}
emergencies:
  - id: freeze
    title: 画面卡顿
    severity: P1
    trigger: 画面卡住
    owner: ops
    respond_within: 30s
    recover_within: 5m
    hold: hold
    steps:
      - {role: ops, do: 切换备用推流}
      - {role: host, do: 继续口播稳住观众}
""", roles=("host", "ops", "control"))

TOKENS = Tokens("view-token-for-tests", "control-token-for-tests")


def make_hub(playbook_file: Path, tmp_path: Path, clock=None, **kwargs) -> Hub:
    """A hub over a new run of ``playbook_file`` (live at show time 0), its first events logged."""
    prepared = new_show(playbook_file, tmp_path)
    hub = Hub(prepared.engine, prepared.log, clock or FakeClock(0), tokens=TOKENS, **kwargs)
    hub.emit(prepared.events)
    return hub


def logged(log: RunLog) -> list[dict]:
    """The event records of the run log so far (the log verifies)."""
    read = read_log(log.path)
    assert read.ok, read.altered
    return [record for record in read.records if record.get("type") == "event"]


def run(coroutine):
    """Run one test scenario on a fresh event loop, failing instead of hanging after 20 s."""
    return asyncio.run(asyncio.wait_for(coroutine, 20))


async def receive(ws, kind: str = "state") -> dict:
    """The next message of ``kind`` on a test client's socket (pongs and others in between are skipped)."""
    while True:
        message = json.loads((await ws.receive(timeout=5)).data)
        if message["type"] == kind:
            return message


def cue(state: dict, key: str) -> dict:
    return next(c for c in state["cues"] if c["key"] == key)
