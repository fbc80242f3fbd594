"""The full-screen view of a served run: the terminal's keys and frames on the web server's loop.

Driven through ``serve(..., screen=run)`` on the injected fake clock: a fake terminal hands over
keys at set show times and, between them, lets a phone act over the real socket; the clock moves
only inside the terminal's wait. A key and a phone's act both reach the engine and the run log, in
the order they came, both are on the next frame and on every page at once; every way out (quit,
end of show, Ctrl-C) leaves the terminal and closes the server.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading

import aiohttp
import pytest

from livesop.runner.clock import FakeClock
from livesop.runner.plain import Formatter, Stop
from livesop.runner.runlog import read_log
from livesop.runner.tui import TuiRun
from livesop.serve import bind
from livesop.serve.server import serve
from tests.helpers import deadline
from tests.runkit import ROLES, M, S, new_show
from tests.runner.test_tui import FakeTerminal
from tests.serve.servekit import SHOW, TOKENS, logged, receive

__all__ = ["SHOW"]


class FakeScreen(FakeTerminal):
    """The fake terminal of ``tests/runner/test_tui`` on an asyncio loop: at a scripted show time it gives
    keys (bytes), or runs a phone's step (a coroutine function) while the loop serves the socket."""

    def __init__(self, clock, **kwargs):
        super().__init__(clock, [], **kwargs)
        self.woken = 0  # waits a phone's act ended

    def play(self, script) -> None:
        """``(show time, bytes or coroutine function)`` in any order."""
        self.script = sorted(script, key=lambda item: item[0])

    async def wait_async(self, timeout, wake=None):
        self.waits.append(timeout)
        if self.clock.now_ms() > self.until:
            raise TimeoutError("the loop did not stop")
        due = self.clock.now_ms() + round(timeout * 1000 * self.clock.speed)
        if self.script and self.script[0][0] <= due:
            at, item = self.script.pop(0)
            self.clock.now = max(self.clock.now, at)
            if callable(item):
                await item()
                self.woken += bool(wake is not None and wake.is_set())
                return b"", False
            return item, False
        self.clock.now = due
        await asyncio.sleep(0)
        return b"", False


class Pages:
    """Two pages on the served run: a clock view that keeps every message, and the 控场 view that acts."""

    def __init__(self, port: int):
        self.base = f"ws://127.0.0.1:{port}/ws"
        self.seen: list[dict] = []
        self.control = None
        self.ready = asyncio.Event()
        self.results: list[dict] = []
        self.tasks: list[asyncio.Task] = []

    def on_ready(self, server, links):
        self.links = links
        self.tasks.append(asyncio.ensure_future(self._pages()))

    async def _pages(self):
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{self.base}?k={TOKENS.view}&d=时钟") as watch, \
                    session.ws_connect(f"{self.base}?k={TOKENS.control}&d=场控 iPad") as control:
                self.control = control
                self.seen.append(json.loads((await watch.receive()).data))  # hello
                self.seen.append(json.loads((await watch.receive()).data))  # the full state
                self.ready.set()
                async for message in watch:
                    self.seen.append(json.loads(message.data))

    async def wait_ready(self):
        await asyncio.wait_for(self.ready.wait(), 5)

    def act(self, op: str, args=None):
        async def step():
            await self.control.send_json({"type": "act", "id": len(self.results), "op": op, "args": args})
            self.results.append(await receive(self.control, "result"))
        return step

    def states(self) -> list[dict]:
        return [m["d"] for m in self.seen if m["type"] == "state"]


def served_screen(playbook_file, tmp_path, size=(120, 40), until=30 * M):
    """A new run on a fake clock, its full-screen view over a fake terminal, and the pages that watch it."""
    prepared = new_show(playbook_file, tmp_path)
    clock = FakeClock()
    term = FakeScreen(clock, size=size, until=until)
    run = TuiRun(prepared.engine, prepared.log, clock, Formatter((), ROLES, 72_000_000, {}), terminal=term)
    run.emit(prepared.events)
    sock = bind.open_socket("127.0.0.1", 0)
    return prepared, clock, term, run, sock, Pages(sock.getsockname()[1])


def go(prepared, clock, run, sock, pages):
    with deadline(30):
        return serve(prepared, clock, sock=sock, emit=run.emit, out=io.StringIO(), tokens=TOKENS,
                     on_ready=pages.on_ready, screen=run)


def frames_at(term) -> dict[int, str]:
    return {t: text for t, text in term.frames}


def closed(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_key_and_a_phone_act_both_reach_the_engine_the_log_the_screen_and_every_page(playbook_file, tmp_path):
    prepared, clock, term, run, sock, pages = served_screen(playbook_file, tmp_path)
    port = sock.getsockname()[1]
    term.play([(1 * S, pages.wait_ready), (2 * S, b"x"), (5 * S, b"n"), (8 * S, pages.act("pause")),
               (9 * S, pages.act("message", {"text": "看弹幕"})), (12 * S, b" "), (14 * S, b"u"),
               (15 * S, b"\x1b[C"), (16 * S, b"z"), (20 * S, pages.act("adjust", {"minutes": 1})), (21 * S, b"q"),
               (22 * S, b"y")])
    with pytest.raises(Stop):
        go(prepared, clock, run, sock, pages)
    assert term.entered == term.exited == 1 and closed(port)
    run.stop("stopped")

    # one place, in order: the terminal's keys without a device, the phone's acts with it
    acts = [(r["kind"], r["t"], r.get("device")) for r in logged(prepared.log)
            if r["kind"] in ("take", "pause", "resume", "message", "adjust", "show-stop")]
    phone = "场控 iPad@127.0.0.1"
    assert acts == [("take", 5 * S, None), ("pause", 8 * S, phone), ("message", 9 * S, phone),
                    ("resume", 12 * S, None), ("adjust", 20 * S, phone), ("show-stop", 22 * S, None)]
    assert [r["ok"] for r in pages.results] == [True, True, True]
    assert term.woken == 4  # each act, and the pages opening, ended the terminal's wait at once

    # the terminal: the links first, then each change on the frame drawn at its moment
    text = frames_at(term)
    first = term.frames[0][1]
    assert "Links for phones · page 1 of 2" in first
    assert all(url in first for _, url in pages.links)  # every URL whole on the screen, as printed before
    assert "cues · all roles" in text[2 * S] and "1/2 open" in text[2 * S]
    assert "2/2 pitch" in text[5 * S]
    assert "‖ PAUSED" in text[8 * S] and f"From {phone}: ‖ paused" in text[8 * S]
    assert f"Message to the prompter from {phone}: 看弹幕" in text[9 * S]
    assert "‖ PAUSED" not in text[12 * S]
    assert "page 1 of 2" in text[14 * S] and "page 2 of 2" in text[15 * S] and "Links for phones" not in text[16 * S]
    assert f"From {phone}: ± +01:00 on this segment" in text[20 * S]
    assert "Quit the run?" in text[21 * S]

    # every page: the key's change pushed at the key's own show time, not at the next beat
    states = pages.states()
    assert any(d.get("index") == 1 and d.get("t") == 5 * S for d in states)
    assert any(d.get("paused") is False and d.get("t") == 12 * S for d in states)
    assert any(d.get("paused") is True and d.get("t") == 8 * S for d in states)
    assert pages.seen[-1] == {"type": "bye", "reason": "stopped"}


def test_the_key_line_counts_the_pages_open(playbook_file, tmp_path):
    prepared, clock, term, run, sock, pages = served_screen(playbook_file, tmp_path)
    term.play([(1 * S, b"z"), (2 * S, pages.wait_ready), (4 * S, b"q"), (5 * S, b"y")])
    with pytest.raises(Stop):
        go(prepared, clock, run, sock, pages)
    run.stop("stopped")
    after = [text for t, text in term.frames if 2 * S <= t < 4 * S]
    assert after and "u links · 2 pages open" in after[-1]  # the clock view and the 控场 view


def test_the_show_ending_on_a_phones_act_closes_the_screen_and_the_server(playbook_file, tmp_path):
    prepared, clock, term, run, sock, pages = served_screen(playbook_file, tmp_path, size=(80, 24))
    port = sock.getsockname()[1]
    term.play([(1 * S, pages.wait_ready), (3 * M, pages.act("take")), (9 * M, pages.act("take"))])
    assert go(prepared, clock, run, sock, pages) == "end"
    assert term.entered == term.exited == 1 and closed(port)
    assert prepared.engine.state == "finished" and "■ SHOW OVER" in term.frames[-1][1]
    assert pages.seen[-1] == {"type": "bye", "reason": "end"}
    assert [r["kind"] for r in logged(prepared.log)][-1] == "show-end"
    # in overtime the `hold` segment waited for the phone: the control view is an operator
    records = logged(prepared.log)
    assert [(r["t"], r["device"]) for r in records if r["kind"] == "take"] == [
        (3 * M, "场控 iPad@127.0.0.1"), (9 * M, "场控 iPad@127.0.0.1")]
    assert next(r for r in records if r["kind"] == "show-end")["t"] == 9 * M
    # between frames the loop slept until the next change, never on a fast loop
    assert all(w > 0 for w in term.waits[3:-3])


def test_ctrl_c_leaves_the_screen_and_closes_the_server(playbook_file, tmp_path):
    prepared, clock, term, run, sock, pages = served_screen(playbook_file, tmp_path)
    port = sock.getsockname()[1]

    async def interrupt():  # as Ctrl-C does in the middle of the loop
        raise KeyboardInterrupt

    term.play([(1 * S, pages.wait_ready), (4 * S, interrupt)])
    with pytest.raises(KeyboardInterrupt):
        go(prepared, clock, run, sock, pages)
    assert term.entered == term.exited == 1 and closed(port)
    run.stop("stopped")
    assert [r["kind"] for r in logged(prepared.log)][-1] == "show-stop"


def test_u_without_serving_says_there_are_no_links(playbook_file, tmp_path):
    prepared = new_show(playbook_file, tmp_path)
    clock = FakeClock()
    term = FakeTerminal(clock, [(1 * S, b"u"), (2 * S, b"q"), (3 * S, b"y")])
    run = TuiRun(prepared.engine, prepared.log, clock, Formatter((), ROLES, 72_000_000, {}), terminal=term)
    run.emit(prepared.events)
    with pytest.raises(Stop):
        run.run()
    assert "This run is not served to phones" in frames_at(term)[1 * S]
    assert "u links" not in term.frames[0][1]


# ----------------------------------------------------------------- the real command on a pseudo-terminal

class PtyScreen:
    """What the child draws on the pty, read all along by a thread (as a terminal does: a pty nobody reads
    fills up and blocks the child's writes, and with them its loop)."""

    def __init__(self, master: int):
        self.master = master
        self.seen = bytearray()
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child and the test closed their ends
                chunk = b""
            with self.changed:
                self.seen += chunk
                self.changed.notify_all()
            if not chunk:
                return

    def mark(self) -> int:
        with self.changed:
            return len(self.seen)

    def until(self, marker: bytes, seconds: float, since: int | None = None) -> bool:
        """Whether ``marker`` shows up (after ``since``, by default from now) within ``seconds``."""
        start = self.mark() if since is None else since
        with self.changed:
            return self.changed.wait_for(lambda: marker in self.seen[start:], seconds)


def _phone(link: str, op: str) -> dict:
    async def act():
        url = link.replace("http://", "ws://").replace("/v/control?", "/ws?") + "&d=场控 iPad"
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(url) as ws:
                await ws.send_json({"type": "act", "id": 1, "op": op, "args": None})
                return await receive(ws, "result")
    return asyncio.run(asyncio.wait_for(act(), 10))


@pytest.mark.parametrize("way_out, status", [("quit", 0), ("sigterm", 130), ("sigint", 130)])
def test_the_real_command_draws_the_full_screen_while_serving(playbook_file, tmp_path, way_out, status):
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    screen = None
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        before = termios.tcgetattr(slave)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = tmp_path / "served.jsonl"
        environ = {**os.environ, "TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"}
        for name in ("NO_COLOR", "COLUMNS", "LINES"):
            environ.pop(name, None)
        child = subprocess.Popen([sys.executable, "-m", "livesop", "run", str(playbook_file), "--speed", "30",
                                  "--log", str(log), "--serve", f"127.0.0.1:{port}"], cwd=tmp_path, env=environ,
                                 stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        screen = PtyScreen(master)
        try:
            assert screen.until(b"Links for phones", 20, since=0), bytes(screen.seen[-600:])
            seen = screen.seen
            printed = bytes(seen[:seen.index(b"\x1b[?1049h")])  # before the full screen: the links and codes
            link = re.search(rb"http://127\.0\.0\.1:\d+/v/control\?k=[\w-]+", printed).group(0).decode()
            assert "█".encode() in printed and b"/v/prompter?k=" in printed
            mark = screen.mark()
            os.write(master, b"x")  # any key: the cue sheet
            assert screen.until("cues · all roles".encode(), 10, since=mark)
            mark = screen.mark()
            assert _phone(link, "take")["ok"]  # 下一环节 from the 场控's phone
            assert screen.until("From 场控 iPad@127.0.0.1: » take next".encode(), 10, since=mark)
            assert screen.until(b"2/2 pitch", 10, since=mark)
            mark = screen.mark()
            os.write(master, b"u")  # the links again
            assert screen.until(b"Links for phones", 10, since=mark)
            mark = screen.mark()
            os.write(master, b"z")
            os.write(master, b" ")  # a key on the terminal: pause
            assert screen.until("‖ PAUSED".encode(), 10, since=mark)
            if way_out == "quit":
                mark = screen.mark()
                os.write(master, b"q")
                assert screen.until(b"Quit the run?", 10, since=mark)
                os.write(master, b"y")
            else:
                child.send_signal(signal.SIGTERM if way_out == "sigterm" else signal.SIGINT)
            assert child.wait(timeout=20) == status
            screen.until(b"sealed with", 5, since=0)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        seen = bytes(screen.seen)
        tail = seen[seen.rindex(b"\x1b[?1049l"):].decode("utf-8", "replace")
        assert "sealed with" in tail and "--serve 127.0.0.1:" in tail and "Traceback" not in tail
        assert b"\x1b[?25h" in seen  # the cursor is back
        assert termios.tcgetattr(slave) == before  # the terminal's modes too
        assert closed(port)
        read = read_log(log)
        assert read.ok and read.closed
        acts = [(e.kind, e.get("device")) for e in read.events if e.kind in ("take", "pause", "show-stop")]
        assert acts == [("take", "场控 iPad@127.0.0.1"), ("pause", None), ("show-stop", None)]
    finally:
        os.close(slave)  # the reader's read ends (EIO) before its descriptor goes
        if screen is not None:
            screen.thread.join(5)
        os.close(master)


def test_a_terminal_too_small_is_refused_before_go_live_while_serving(playbook_file, tmp_path):
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 11, 60, 0, 0))
        environ = {**os.environ, "TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"}
        for name in ("COLUMNS", "LINES"):
            environ.pop(name, None)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        child = subprocess.run([sys.executable, "-m", "livesop", "run", str(playbook_file), "--log",
                                str(tmp_path / "x.jsonl"), "--serve", str(port)], cwd=tmp_path, env=environ,
                               stdin=slave, stdout=slave, stderr=subprocess.PIPE, timeout=30)
    finally:
        for fd in (master, slave):
            os.close(fd)
    assert child.returncode == 2
    assert "needs at least 40×12" in child.stderr.decode() and not (tmp_path / "x.jsonl").exists()


def test_the_terminal_waits_on_the_loop_for_a_key_a_resize_or_a_phones_act():
    from rich.console import Console

    from livesop.runner.terminal import Terminal

    master, slave = os.openpty()

    async def scenario(term):
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()
        os.write(master, b"n")
        assert await term.wait_async(None, wake) == (b"n", False)  # a key
        loop.call_soon(wake.set)
        assert await term.wait_async(None, wake) == (b"", False)  # a phone's act: the server sets wake
        loop.call_soon(os.kill, os.getpid(), signal.SIGWINCH)
        assert await term.wait_async(None, None) == (b"", True)  # a resize
        assert await term.wait_async(0, None) == (b"", False)  # nothing: the timeout
        os.write(master, "我".encode())
        assert await term.wait_async(None, None) == ("我".encode(), False)

    try:
        console = Console(file=io.StringIO(), force_terminal=True, width=80, height=24)
        with deadline(10), Terminal(console, slave) as term:
            asyncio.run(scenario(term))
    finally:
        for fd in (master, slave):
            os.close(fd)


class _Terminated(Exception):
    pass


def test_sigterm_stops_a_served_run_through_the_callers_handler_and_puts_it_back(playbook_file, tmp_path):
    """The CLI turns SIGTERM into an exception; on the server's loop it stops the run every time (raised
    straight from the signal inside one of the loop's callbacks, asyncio would log it and go on)."""
    def raise_terminated(signum, frame):
        raise _Terminated()

    prepared = new_show(playbook_file, tmp_path)
    clock = FakeClock()
    sock = bind.open_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]

    def ready(server, links):  # a busy loop: the signal comes while a callback of the loop runs
        loop = asyncio.get_running_loop()
        loop.call_soon(lambda: (os.kill(os.getpid(), signal.SIGTERM), sum(range(10**5))))

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        with deadline(20), pytest.raises(_Terminated):
            serve(prepared, clock, sock=sock, out=io.StringIO(), tokens=TOKENS, codes=False, on_ready=ready)
        assert signal.getsignal(signal.SIGTERM) is raise_terminated  # the caller's handler is back
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert closed(port)
