"""Shared test helpers: the repository root, a minimal valid playbook, quick ways to validate text."""

from __future__ import annotations

import contextlib
import signal
import textwrap
from pathlib import Path

from livesop.checks import Context, run_checks
from livesop.format.build import build
from livesop.format.yamlio import load_text

REPO = Path(__file__).resolve().parent.parent

MINIMAL = """\
livesop: 1
id: demo
title: 演示直播
version: 1.0.0
schedule: {start: "20:00", length: 30m}
variables: {room: 衣橱小铺}
roles:
  host: {name: 主播}
  ops: {name: 中控}
products:
  - {id: coat, name: 羊绒大衣, link: 1, list_price: 1299, price_basis: 店铺日常售价, live_price: 899, stock: 80}
scripts:
  hello: "欢迎来到{room}！"
segments:
  - id: open
    title: 开场
    duration: 10m
    cues:
      - {at: 0s, role: host, say: hello}
  - id: pitch
    title: 讲品
    duration: 20m
    product: coat
    cues:
      - {at: 30s, role: ops, do: "上架{product.link}号链接"}
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def diagnose(text: str, name: str = "p.yaml", library=None):
    """All diagnostics of a playbook given as text (structure and checks)."""
    playbook, diagnostics = build(load_text(dedent(text), name))
    if playbook is not None:
        diagnostics += run_checks(Context(playbook, library))
    return diagnostics


def codes(text: str, **kwargs) -> list[str]:
    return [d.code for d in diagnose(text, **kwargs)]


def load_model(text: str, name: str = "p.yaml"):
    playbook, diagnostics = build(load_text(dedent(text), name))
    assert playbook is not None, diagnostics
    return playbook


@contextlib.contextmanager
def deadline(seconds: int = 5):
    """Fail with TimeoutError instead of hanging when the block takes longer (SIGALRM, main thread)."""
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a FIFO or device read or written blocking?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
