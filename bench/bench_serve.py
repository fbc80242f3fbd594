"""Figures for `livesop run --serve`: cue-to-client latency, countdown agreement, server CPU and memory.

The server is a child process running `serve` (livesop/serve/server.py) on 127.0.0.1 with a real clock,
a generated playbook and its run log in a temporary folder; it records when each cue event leaves the
engine. This process opens N simulated pages (aiohttp WebSockets, default 30, at most 100), each doing
the pages' clock probe (a ping at start and every 2 s), plus, where Debian's chromium is installed, two
real headless browsers: the 中控's role view and the studio clock.

(a) Cues: a 50 s segment fires a cue every 2 s from 10 s on (when the browsers are up). For every
    cue and every page: the time from the engine's event to the page receiving the state that
    carries it (logged with fsync first), and from the cue's due time (includes the server's
    wake-up). p50 / p99 / max. Target: p99 ≤ 100 ms.
(b) Countdowns: the two browsers read their countdown (the server's clock through each one's measured
    offset) at nearly the same moment, ten times; each pair is brought to the same instant with
    Date.now(). Target: they differ by ≤ 100 ms.
(c) CPU: the child's user+sys seconds over 20 s (8 s with --quick) of a steady countdown with all the
    pages connected (/proc/<pid>/stat). Target: ≤ 5 % of one core.
(d) Memory: the child's resident size before the pages connect, with them, and its peak.

    python bench/bench_serve.py [--clients 30] [--quick] [--no-browser]

Traffic goes to 127.0.0.1 only; every loop is bounded in count and time, and the child is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ticks_cpu

MAX_CLIENTS = 100
CUE_EVERY_MS = 2000  # playbook times are whole seconds
CUE_SEGMENT_S = 50
FIRST_CUE_S = 10  # the browsers have started by then


def playbook_text() -> str:
    cues = "\n".join(f"      - {{at: {ms // 1000}s, role: {'host' if n % 2 else 'ops'}, "
                     f"{'say: pitch' if n % 2 else 'do: 上架1号链接'}}}"
                     for n, ms in enumerate(range(FIRST_CUE_S * 1000, CUE_SEGMENT_S * 1000 - 1000, CUE_EVERY_MS)))
    return f"""\
livesop: 1
id: bench-serve
title: 服务基准
version: 1.0.0
roles:
  host: {{name: 主播}}
  ops: {{name: 中控}}
  control: {{name: 场控}}
products:
  - {{id: pan, name: 麦饭石色不粘炒锅 32cm, link: 1, list_price: 299, price_basis: 店铺日常售价, live_price: 199, stock: 300}}
scripts:
  pitch: "{{product.name}}今天直播间{{product.live_price}}元，{{product.link}}号链接，还有{{countdown}}这一轮就结束。"
segments:
  - id: cues
    title: 讲品
    product: pan
    duration: {CUE_SEGMENT_S}s
    end: next
    cues:
{cues}
  - id: steady
    title: 稳定倒计时
    duration: 30m
    end: next
"""


# ----------------------------------------------------------------------------- the server (child)

def child(folder: Path) -> None:
    """Serve the bench playbook; write each cue's (publish seq, emit ns, due show ms) to cues.jsonl."""
    from livesop.runner.clock import RealClock
    from livesop.runner.show import load_show, new_run
    from livesop.serve.server import serve

    path = folder / "bench.yaml"
    playbook, library = load_show(path)
    clock = RealClock()
    prepared = new_run(path, playbook, library, wall_ms=clock.wall0_ms, speed=1.0, start_at=None, roles=(),
                       interactive=False, log_path=folder / "run.jsonl")
    for event in prepared.events:
        prepared.log.event(event, clock.wall_ms())
    record = open(folder / "cues.jsonl", "w", encoding="utf-8")
    hubs = []

    def emit(events):
        emitted = time.time_ns()
        for event in events:
            prepared.log.event(event, clock.wall_ms())
        for event in events:
            if event.kind == "cue" and hubs:
                due_ns = (clock.wall0_ms + event.t) * 1_000_000
                record.write(json.dumps([hubs[0].seq + 1, emitted, due_ns]) + "\n")
        record.flush()

    def ready(server, links):
        hubs.append(server.hub)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, server.stop, "stopped")
        print(json.dumps({"links": links}), flush=True)

    serve(prepared, clock, "127.0.0.1", 0, emit=emit, out=open(os.devnull, "w"), codes=False, on_ready=ready)
    prepared.log.close("stopped", clock.now_ms(), clock.wall_ms())


# ----------------------------------------------------------------------------- the pages (this process)

async def page(session, url: str, received: dict, stop: asyncio.Event) -> None:
    """One simulated page: the pages' clock probe, and when each state message arrived (ns)."""
    async with session.ws_connect(url) as ws:
        async def pings():
            for _ in range(5):
                await ws.send_str(json.dumps({"type": "ping", "c": time.perf_counter() * 1000}))
                await asyncio.sleep(0.12)
            while not stop.is_set():
                await asyncio.sleep(2)
                await ws.send_str(json.dumps({"type": "ping", "c": time.perf_counter() * 1000}))
        pinger = asyncio.ensure_future(pings())
        try:
            while not stop.is_set():
                try:
                    message = await asyncio.wait_for(ws.receive(), 0.5)
                except asyncio.TimeoutError:
                    continue
                now = time.time_ns()
                if message.type != 1:  # not text: closed
                    break
                if message.data.startswith('{"type":"state"'):
                    received[json.loads(message.data)["seq"]] = now
        finally:
            pinger.cancel()


def browsers(links: dict, count: int):
    """Two headless chromium windows (the 中控 view and the clock), or none where chromium is missing."""
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if count == 0 or not chromium or not os.path.exists(driver_path):
        return []
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []
    for view in ("role/ops", "clock")[:count]:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        driver.get(links[view])
        drivers.append(driver)
    return drivers


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def spread(values: list[float]) -> str:
    return (f"p50 {percentile(values, 0.5):6.1f}  p99 {percentile(values, 0.99):6.1f}  max {max(values):6.1f} ms"
            if values else "no samples")


async def measure(args, links: dict, pid: int, folder: Path) -> None:
    import aiohttp

    control_url = links["control"]
    ws_url = control_url.split("/v/")[0].replace("http://", "ws://") + "/ws?k=" + links["prompter"].split("k=")[1]
    rss_before = rss_kib(pid)
    stop = asyncio.Event()
    received: list[dict] = [{} for _ in range(args.clients)]
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.ensure_future(page(session, ws_url + f"&d=sim{n}", received[n], stop))
                 for n in range(args.clients)]
        drivers = await asyncio.get_running_loop().run_in_executor(None, browsers, links, 0 if args.no_browser else 2)
        await asyncio.sleep(1.0)
        rss_with = rss_kib(pid)
        print(f"{args.clients} simulated pages and {len(drivers)} browser(s) connected; cues every "
              f"{CUE_EVERY_MS / 1000:g} s from {FIRST_CUE_S} s to {CUE_SEGMENT_S} s into the show")
        started = time.monotonic()
        while time.monotonic() - started < CUE_SEGMENT_S + 1 and not all(t.done() for t in tasks):
            await asyncio.sleep(0.5)

        agreement = []
        if len(drivers) == 2:
            for _ in range(10):
                readings = [d.execute_script("return [Date.now(), livesop.remaining()]") for d in drivers]
                (at_a, left_a), (at_b, left_b) = readings
                agreement.append(abs((left_a + (at_a - at_b)) - left_b))
                await asyncio.sleep(0.3)

        window = 8 if args.quick else 20
        cpu0, wall0 = ticks_cpu(pid), time.monotonic()
        await asyncio.sleep(window)
        cpu1, wall1 = ticks_cpu(pid), time.monotonic()
        peak = rss_kib(pid, "VmHWM")
        browser_received = [d.execute_script("return livesop.received") for d in drivers[:1]]
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        for driver in drivers:
            driver.quit()

    cues = [json.loads(line) for line in (folder / "cues.jsonl").read_text().splitlines()]
    from_event, from_due, browser_ms = [], [], []
    for seq, emitted, due in cues:
        for record in received:
            if seq in record:
                from_event.append((record[seq] - emitted) / 1e6)
                from_due.append((record[seq] - due) / 1e6)
        for entries in browser_received:
            for entry in entries:
                if entry["seq"] == seq:
                    browser_ms.append(entry["at"] - emitted / 1e6)
    reached = sum(1 for seq, _, _ in cues for record in received if seq in record)
    print(f"(a) cue → page, {len(cues)} cues × {args.clients} pages ({reached} of {len(cues) * args.clients} "
          "received):")
    print(f"    from the engine's event   {spread(from_event)}")
    print(f"    from the cue's due time   {spread(from_due)}")
    if browser_received:
        print(f"    real browser (中控 view)  {spread(browser_ms)}  ({len(browser_ms)} cues)")
    if agreement:
        print(f"(b) two browsers' countdowns differ by at most {max(agreement):.1f} ms "
              f"(mean {statistics.mean(agreement):.1f} ms, 10 readings)")
    else:
        print("(b) two browsers' countdowns: skipped (no chromium, or --no-browser)")
    if cpu0 is not None and cpu1 is not None:
        share = (cpu1 - cpu0) / (wall1 - wall0) * 100
        print(f"(c) server CPU during a steady countdown with {args.clients + len(drivers)} pages: "
              f"{share:.2f} % of one core ({cpu1 - cpu0:.2f} s over {wall1 - wall0:.1f} s)")
    per_page = (rss_with - rss_before) / max(1, args.clients + len(drivers))
    print(f"(d) server memory: {rss_before / 1024:.1f} MiB before the pages, {rss_with / 1024:.1f} MiB with them "
          f"({per_page:.0f} KiB a page), peak {peak / 1024:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30, help=f"simulated pages (1 to {MAX_CLIENTS})")
    parser.add_argument("--quick", action="store_true", help="a shorter CPU window")
    parser.add_argument("--no-browser", action="store_true", help="simulated pages only")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    args.clients = max(1, min(MAX_CLIENTS, args.clients))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "bench.yaml").write_text(playbook_text(), encoding="utf-8")
        server = subprocess.Popen([sys.executable, __file__, "--child", str(folder)], stdout=subprocess.PIPE,
                                  text=True)
        try:
            line = server.stdout.readline()
            if not line:
                raise SystemExit("the server did not start")
            links = {url.split("/v/")[1].split("?")[0]: url for _, url in json.loads(line)["links"]}
            asyncio.run(asyncio.wait_for(measure(args, links, server.pid, folder), CUE_SEGMENT_S + 120))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
