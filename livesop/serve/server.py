"""The HTTP + WebSocket server of a served run, and ``serve``: what ``livesop run --serve`` calls.

Routes (every one needs the run's token in ``?k=``; anything else is 403, an unknown path 404):

- ``GET /v/prompter``, ``/v/clock``, ``/v/role/<role id>`` — a page, with the view token (or the
  control token); ``GET /v/control`` — the 控场 page, with the control token only;
- ``GET /a/<name>`` — a file shipped in ``views/``, looked up by name in a table read once at start
  (no path from a request ever reaches the file system);
- ``GET /ws`` — the socket: ``hello`` and the full state at once, then a state delta on every change
  and at least once a second, ``pong`` to each ``ping`` (the page's clock-offset probe), and the
  ``result`` of each act (control token only; at most ``ACTS_PER_SECOND`` a second).
- ``POST /comments`` — live comments as JSON Lines for the 弹幕 watch (control token only), answered
  with ``{"read": n, "malformed": m}``.

Every response carries a strict Content-Security-Policy (scripts, styles and connections to this
origin only; no inline code, no frames, no forms) and ``Referrer-Policy: no-referrer``, since the
token is in the URL. One asyncio loop runs it all: the engine is touched on that loop only.

Contract of ``serve(prepared, clock, host, port, ...) -> str``:

- ``prepared`` is a ``runner.show.Prepared`` whose ``events`` the caller has already emitted
  (logged), as it does before ``PlainRun.run``; ``clock`` is the run's ``RealClock``.
- Binds ``host:port`` (or takes ``sock``, bound earlier with ``bind.open_socket`` so that a port in
  use is refused before go-live), prints the view links and their QR codes to ``out`` (standard
  error), and drives the show: it ticks the engine at each deadline, and a phone's act is applied
  through the hub, logged with its device through ``emit`` (the run's own ``PlainRun.emit``, which
  logs, then prints the line; by default the events are only logged) and then published.
- With ``stdin`` and ``command`` (``PlainRun.command``), each line typed on the terminal is a
  command as in the plain mode; the state is published after it.
- With ``comments`` (the run whose 弹幕 watch is attached, ``PlainRun.attach_comments``), the source is
  polled at each wake, the pages get the watch's state under ``comments``, and ``POST /comments`` (control
  token) takes JSON Lines of comments from a fetcher elsewhere.
- With ``screen`` (a ``runner.tui.TuiRun`` whose ``emit`` is ``emit``), the full-screen view runs on the
  server's loop instead of plain lines (``serve/screen``): the links are printed first, then shown over
  the view until a key is pressed, and again with ``u``; the terminal is restored however the run ends.
- Returns ``"end"`` when the show is over; whatever ``command`` raises (``plain.Stop``) and
  ``KeyboardInterrupt`` pass through. In every case the server is closed before it returns: the
  pages are told the show ended (or the server stopped), and the caller closes the log
  (``run.stop(reason)``) as it does after ``PlainRun.run``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Awaitable, Callable, TextIO
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from livesop.controls import visible
from livesop.format.timefmt import SECOND_MS
from livesop.serve import bind, qr
from livesop.serve.hub import PRESETS, Hub, Tokens, encode

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Server": "livesop",  # not the server's make and version
}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
# view: (the title of its page, the token it needs); each page is ``shell.html`` around ``<view>.html``
PAGES = {"prompter": ("提词器", "view"), "role": ("我的提示", "view"), "clock": ("演播室时钟", "view"),
         "control": ("控场", "control")}
TOKEN_MARK = b"{{k}}"  # in a page: where the token goes (asset links carry it)

MAX_CLIENTS = 200
MAX_MESSAGE = 4096  # bytes of one message from a page
QUEUE = 256  # messages waiting for one page; a page this far behind is dropped and reconnects
ACTS_PER_SECOND = 5
HEARTBEAT = 10.0  # seconds between the server's pings; a page that stops answering is dropped
NAME_MAX = 24  # characters of a device name
FORBIDDEN = "403: 链接无效或缺少令牌（每次开播的链接都不同）\nthis link's token is wrong or missing; each run has new links\n"


def load_assets() -> dict[str, tuple[bytes, str]]:
    """Every file shipped in ``views/``: name → (bytes, content type), read once."""
    found = {}
    for entry in (resources.files("livesop.serve") / "views").iterdir():
        suffix = "." + entry.name.rpartition(".")[2]
        if entry.is_file() and suffix in TYPES:
            found[entry.name] = (entry.read_bytes(), TYPES[suffix])
    return found


def build_pages(assets: dict[str, tuple[bytes, str]]) -> dict[str, bytes]:
    """Each view's page: the shared frame (head, style, scripts) around the view's own body."""
    shell = assets["shell.html"][0]
    return {view: shell.replace(b"{{title}}", title.encode()).replace(b"{{view}}", view.encode())
            .replace(b"{{body}}", assets[f"{view}.html"][0]) for view, (title, _) in PAGES.items()}


@dataclass(eq=False)
class Client:
    """One open page: its socket, what its token allows, the device it names, what waits to be sent."""

    ws: web.WebSocketResponse
    access: str
    device: str
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE))
    acts: deque = field(default_factory=lambda: deque(maxlen=ACTS_PER_SECOND))
    dropped: bool = False


class LiveServer:
    """The web side of a served run: the application, its pages and the loop that drives the show."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self.assets = load_assets()
        self.pages = build_pages(self.assets)
        self.clients: set[Client] = set()
        self.wake = asyncio.Event()  # set by an act or a typed command: the next deadline may have moved
        self.runner: web.AppRunner | None = None
        self._stopped: asyncio.Future | None = None
        self._typed = b""  # a line typed on the terminal, not finished yet
        self.app = web.Application()
        self.app.router.add_get("/v/role/{role}", self.role_page)
        self.app.router.add_get("/v/{view}", self.page)
        self.app.router.add_get("/a/{name}", self.asset)
        self.app.router.add_get("/ws", self.socket)
        self.app.router.add_post("/comments", self.comments)
        self.app.on_response_prepare.append(_secure)
        hub.subscribe(self.broadcast)

    # ----------------------------------------------------------------- HTTP

    def _access(self, request: web.Request, need: str = "view") -> str:
        access = self.hub.tokens.access(request.query.get("k"))
        if access is None or (need == "control" and access != "control"):
            raise web.HTTPForbidden(text=FORBIDDEN)
        return access

    def _page(self, request: web.Request, view: str) -> web.Response:
        token = request.query["k"].encode("ascii", "ignore")  # checked: it is one of the run's tokens
        return web.Response(body=self.pages[view].replace(TOKEN_MARK, token), content_type="text/html",
                            charset="utf-8")

    async def page(self, request: web.Request) -> web.Response:
        view = request.match_info["view"]
        if view not in PAGES or view == "role":
            self._access(request)
            raise web.HTTPNotFound(text="404: 没有这个页面\n")
        self._access(request, PAGES[view][1])
        return self._page(request, view)

    async def role_page(self, request: web.Request) -> web.Response:
        self._access(request)
        if request.match_info["role"] not in self.hub.static["roles"]:
            raise web.HTTPNotFound(text="404: 本场没有这个岗位\n")
        return self._page(request, "role")

    async def comments(self, request: web.Request) -> web.Response:
        """``POST /comments?k=<control token>``: live comments from a fetcher on another machine, JSON
        Lines as ``--comments`` reads them (at most 1 MiB a request); answers how many were read."""
        self._access(request, "control")
        if self.hub.comments is None:
            raise web.HTTPNotFound(text="404: 本场没有开启弹幕监控\nthis run watches no comments\n")
        body = await request.read()  # the application's client_max_size (1 MiB) bounds it: 413 beyond
        result = self.hub.push_comments(body.split(b"\n"))
        self.wake.set()
        return web.json_response(result)

    async def asset(self, request: web.Request) -> web.Response:
        self._access(request)
        found = self.assets.get(request.match_info["name"])
        if found is None or found[1].startswith("text/html"):
            raise web.HTTPNotFound(text="404\n")
        body, content_type = found
        return web.Response(body=body, content_type=content_type.split(";")[0], charset="utf-8")

    # ----------------------------------------------------------------- the socket

    async def socket(self, request: web.Request) -> web.StreamResponse:
        access = self._access(request)
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="403: 不能从别的网站的页面连接\nanother site's page may not connect\n")
        if len(self.clients) >= MAX_CLIENTS:
            raise web.HTTPServiceUnavailable(text="503: 打开的页面太多了\ntoo many pages open\n")
        ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, compress=False, heartbeat=HEARTBEAT)
        await ws.prepare(request)
        client = Client(ws, access, device_name(request.query.get("d"), request.remote))
        client.queue.put_nowait(encode({"type": "hello", "access": access, "device": client.device,
                                        "presets": PRESETS, "info": self.hub.static}))
        client.queue.put_nowait(self.hub.full())
        self.clients.add(client)  # after the full state: every delta from now on follows it
        self.wake.set()  # the terminal counts the pages open
        writer = asyncio.ensure_future(self._write(client))
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    break
                self._receive(client, message.data)
        finally:
            self.clients.discard(client)
            self.wake.set()
            writer.cancel()
        return ws

    async def _write(self, client: Client) -> None:
        try:
            while True:
                await client.ws.send_str(await client.queue.get())
        except (ConnectionError, RuntimeError):
            pass  # the page went away; the reader ends too

    def broadcast(self, text: str) -> None:
        """Queue ``text`` for every page."""
        for client in list(self.clients):
            self._send(client, text)

    def _send(self, client: Client, text: str) -> None:
        """Queue ``text`` for one page; a page ``QUEUE`` messages behind is dropped (it reconnects)."""
        if client.dropped:
            return
        try:
            client.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.clients.discard(client)
            self.wake.set()
            client.dropped = True
            asyncio.ensure_future(client.ws.close(code=1013, message=b"too slow"))

    def _receive(self, client: Client, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == "ping":
            sent = message.get("c")
            if type(sent) in (int, float):
                self._send(client, encode({"type": "pong", "c": sent, "s": self.hub.clock.now_ms()}))
        elif kind == "act":
            self._send(client, encode({"type": "result", "id": _small_int(message.get("id")),
                                       **self._act(client, message)}))

    def _act(self, client: Client, message: dict[str, Any]) -> dict[str, Any]:
        if client.access != "control":
            return {"ok": False, "note": "只读链接不能操作"}
        now = time.monotonic()
        if len(client.acts) == client.acts.maxlen and now - client.acts[0] < 1:
            return {"ok": False, "note": "操作太快了，请稍后再试"}
        client.acts.append(now)
        op, args = message.get("op"), message.get("args")
        if not isinstance(op, str) or not (args is None or isinstance(args, dict)):
            return {"ok": False, "note": "未知操作"}
        outcome = self.hub.control(op, client.device, args)
        self.wake.set()
        return {"ok": outcome.ok, "note": outcome.note}

    # ----------------------------------------------------------------- life

    async def start(self, sock) -> None:
        self._stopped = asyncio.get_running_loop().create_future()
        self.runner = web.AppRunner(self.app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self.runner.setup()
        await web.SockSite(self.runner, sock).start()

    async def drive(self) -> str:
        """Tick the engine at each deadline and publish at least once a second, to the end of the show."""
        hub, clock = self.hub, self.hub.clock
        hub.tick()
        while not hub.finished:
            delay = (hub.next_wake() - clock.now_ms()) / SECOND_MS / clock.speed
            if delay > 0:
                self.wake.clear()
                try:
                    await asyncio.wait_for(self.wake.wait(), delay)
                    continue  # an act or a command: the next deadline may have moved
                except asyncio.TimeoutError:
                    pass
            hub.tick()
        return "end"

    async def run(self, driving: Awaitable[str] | None = None) -> str:
        """Drive the show until it ends or ``stop`` is called; returns why, or raises what stopped it.

        ``driving`` replaces ``drive``: the full-screen view's loop (``serve/screen``) drives the show then."""
        if self._stopped is None:
            self._stopped = asyncio.get_running_loop().create_future()
        driver = asyncio.ensure_future(driving if driving is not None else self.drive())
        try:
            done, _ = await asyncio.wait({driver, self._stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            driver.cancel()
        return (driver if driver in done else self._stopped).result()

    def stop(self, outcome: str | BaseException) -> None:
        """End ``run``: with ``outcome`` as its reason, or raising it."""
        if self._stopped is None or self._stopped.done():
            return
        if isinstance(outcome, BaseException):
            self._stopped.set_exception(outcome)
        else:
            self._stopped.set_result(outcome)

    def typed(self, command: Callable[[str], None], fd: int) -> None:
        """Lines typed on the terminal: plain-mode commands, each followed by the new state published."""
        data = os.read(fd, 4096)
        if not data:  # end of input: the plain mode carries on without a keyboard
            asyncio.get_running_loop().remove_reader(fd)
            lines = [self._typed.decode("utf-8", "replace")] if self._typed else []
            lines.append("")
            self._typed = b""
        else:
            *whole, self._typed = (self._typed + data).split(b"\n")
            lines = [line.decode("utf-8", "replace") + "\n" for line in whole]
        for line in lines:
            try:
                command(line)
            except BaseException as exc:  # plain.Stop: the operator quits
                self.stop(exc)
                return
        self.hub.publish()
        self.wake.set()

    async def close(self, reason: str) -> None:
        """Tell every page the show ended (or the server stopped), close their sockets, stop listening."""
        self.hub.unsubscribe(self.broadcast)
        bye = encode({"type": "bye", "reason": reason})
        for client in list(self.clients):
            try:
                await asyncio.wait_for(client.ws.send_str(bye), 1.0)
                await asyncio.wait_for(client.ws.close(code=1001, message=b"show over"), 1.0)
            except (ConnectionError, RuntimeError, asyncio.TimeoutError):
                pass
        self.clients.clear()
        if self.runner is not None:
            await self.runner.cleanup()


async def _secure(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(HEADERS)


def _small_int(value: Any) -> int | None:
    return value if type(value) is int and 0 <= value < 2**31 else None


def device_name(name: str | None, remote: str | None) -> str:
    """What the log calls a device: the name its page gives (shortened, made visible) and its address."""
    words = " ".join(visible(name or "").split())[:NAME_MAX] or "phone"
    return f"{words}@{remote or '?'}"


def serve(prepared, clock, host: str | None = None, port: int | None = None, *, sock=None,
          emit: Callable[[list], None] | None = None, command: Callable[[str], None] | None = None,
          stdin: TextIO | None = None, out: TextIO | None = None, tokens: Tokens | None = None, codes: bool = True,
          on_ready: Callable[[LiveServer, list[tuple[str, str]]], None] | None = None, screen=None,
          comments=None) -> str:
    """Serve the running show on ``host:port`` until it ends; see the module's docstring for the contract."""
    hub = Hub(prepared.engine, prepared.log, clock, emit=emit, tokens=tokens, comments=comments)
    if sock is None:
        sock = bind.open_socket(host or bind.DEFAULT_HOST, port or 0)
    bound_host, bound_port = sock.getsockname()[:2]
    host = host or bound_host
    links = bind.view_links(host, bound_port, hub.tokens, hub.static["roles"])
    qr.show(links, bind.reach_note(host), out or sys.stderr, shutil.get_terminal_size().columns, codes)
    if screen is None:
        return asyncio.run(_serve(hub, sock, links, command, stdin, on_ready))
    from livesop.serve.screen import drive, view_links

    screen.show_links(view_links(links, codes))  # after the printed links, before the full screen covers them
    with screen.open_terminal() as term:  # restored however the run ends
        return asyncio.run(_serve(hub, sock, links, None, None, on_ready,
                                  lambda server: drive(server, screen, term)))


async def _serve(hub: Hub, sock, links, command, stdin, on_ready, driving=None) -> str:
    server = LiveServer(hub)
    await server.start(sock)
    loop = asyncio.get_running_loop()
    reading = stdin is not None and command is not None
    if reading:
        loop.add_reader(stdin.fileno(), server.typed, command, stdin.fileno())
    reason = "stopped"
    restore = _on_the_loop(loop, signal.SIGTERM, server.stop)
    try:
        running = asyncio.ensure_future(server.run(driving(server) if driving is not None else None))
        if on_ready is not None:
            on_ready(server, links)
        reason = await running
        return reason
    finally:
        restore()
        if reading:
            loop.remove_reader(stdin.fileno())
        await server.close(reason)


def _on_the_loop(loop, signum: int, stop: Callable[[BaseException], None]) -> Callable[[], None]:
    """Run the caller's Python handler of ``signum`` (the CLI's turns SIGTERM into an exception) on the loop,
    and stop the run with what it raises. Raised straight from the signal, such an exception would land in
    whatever callback of the loop runs at that moment, which asyncio logs and forgets: the run would go on.
    Returns what puts the handler back as it was (the main thread only; elsewhere nothing is changed)."""
    previous = signal.getsignal(signum)
    if not callable(previous):
        return lambda: None

    def handle() -> None:
        try:
            previous(signum, None)
        except BaseException as exc:  # the caller's way to stop: raised from ``run`` as from its own loop
            stop(exc)

    try:
        loop.add_signal_handler(signum, handle)
    except (RuntimeError, ValueError, NotImplementedError):  # not the main thread, or no signals here
        return lambda: None

    def restore() -> None:
        loop.remove_signal_handler(signum)
        signal.signal(signum, previous)  # remove_signal_handler leaves SIG_DFL; the caller's handler goes back
    return restore
