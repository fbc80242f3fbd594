"""Engine to socket on a fake clock: an in-process aiohttp client connects a view, the fake clock moves,
the hub ticks, and the pushed state carries the cue; a control act over the socket reaches the engine
and the run log with the device's name; tokens, paths and headers keep everyone else out."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer
from yarl import URL

from livesop.runner.clock import FakeClock
from livesop.serve.server import CSP, LiveServer, build_pages, device_name, load_assets
from tests.runkit import S
from tests.serve.servekit import SHOW, TOKENS, cue, logged, make_hub, receive, run

__all__ = ["SHOW"]

VIEW, CONTROL = TOKENS.view, TOKENS.control


def over_http(hub, steps):
    """``steps(server, client)`` against the hub's server on 127.0.0.1 (a free port); what it returns."""
    async def scenario():
        server = LiveServer(hub)
        async with TestClient(TestServer(server.app)) as client:
            return await steps(server, client)
    return run(scenario())


def on_page(hub, query: str, steps):
    """``steps(server, ws)`` with one page's socket open (``/ws?`` + ``query``); what it returns."""
    async def with_socket(server, client):
        ws = await client.ws_connect("/ws?" + query)
        try:
            return await steps(server, ws)
        finally:
            await ws.close()
    return over_http(hub, with_socket)


def test_a_view_gets_hello_and_the_full_state_then_the_cue_its_clock_fires(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)

    async def steps(server, ws):
        hello = await receive(ws, "hello")
        assert hello["access"] == "view" and hello["device"] == "中控手机@127.0.0.1"
        assert hello["info"]["roles"]["ops"] == "中控" and hello["presets"] == ["讲慢点", "看弹幕", "上福袋"]
        full = await receive(ws)
        assert full["full"] and cue(full["d"], "open:2")["status"] == "next"
        clock.advance(10 * S)
        hub.tick()
        pushed = await receive(ws)
        assert pushed["seq"] == full["seq"] + 1 and not pushed.get("full")
        assert cue(pushed["d"], "open:2") == {"key": "open:2", "role": "ops", "action": "do", "text": "上架1号链接",
                                              "at": 10 * S, "status": "done"}
        assert pushed["d"]["t"] == 10 * S
    on_page(hub, f"k={VIEW}&d=中控手机", steps)


def test_a_control_act_reaches_the_engine_and_the_log_with_the_device_name(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)

    async def steps(server, ws):
        assert (await receive(ws, "hello"))["access"] == "control"
        await receive(ws)
        clock.advance(42 * S)
        await ws.send_json({"type": "act", "id": 7, "op": "take", "args": None})
        result = await receive(ws, "result")
        assert result == {"type": "result", "id": 7, "ok": True, "note": ""}
        assert server.wake.is_set()  # the driver recomputes its next deadline
        await ws.send_json({"type": "act", "id": 8, "op": "adjust", "args": {"minutes": 1}})
        assert (await receive(ws, "result"))["ok"]
    on_page(hub, f"k={CONTROL}&d=场控 iPad", steps)
    assert hub.engine.idx == 1 and hub.engine.added[1] == 60 * S
    acts = [(r["kind"], r["t"], r["device"]) for r in logged(hub.log) if "device" in r]
    assert acts == [("take", 42 * S, "场控 iPad@127.0.0.1"), ("adjust", 42 * S, "场控 iPad@127.0.0.1")]


def test_a_view_token_cannot_act(playbook_file, tmp_path):
    hub = make_hub(playbook_file, tmp_path)
    lines = hub.log.seq

    async def steps(server, ws):
        await ws.send_json({"type": "act", "id": 1, "op": "take"})
        result = await receive(ws, "result")
        assert (result["ok"], result["note"]) == (False, "只读链接不能操作")
    on_page(hub, f"k={VIEW}", steps)
    assert hub.engine.idx == 0 and hub.log.seq == lines


def test_acts_faster_than_a_person_taps_are_refused(playbook_file, tmp_path):
    hub = make_hub(playbook_file, tmp_path)

    async def steps(server, ws):
        for number in range(7):
            await ws.send_json({"type": "act", "id": number, "op": "message", "args": {"text": "看弹幕"}})
        return [await receive(ws, "result") for _ in range(7)]
    results = on_page(hub, f"k={CONTROL}", steps)
    assert [r["ok"] for r in results] == [True] * 5 + [False] * 2
    assert results[-1]["note"] == "操作太快了，请稍后再试"


def test_a_ping_is_answered_with_the_engines_show_time(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)

    async def steps(server, ws):
        clock.advance(1234)
        await ws.send_json({"type": "ping", "c": 5.5})
        assert await receive(ws, "pong") == {"type": "pong", "c": 5.5, "s": 1234}
        await ws.send_str("not json")
        await ws.send_json({"type": "ping", "c": "x"})  # ignored
        await ws.send_json([1, 2])
        await ws.send_json({"type": "ping", "c": 1})
        assert (await receive(ws, "pong"))["c"] == 1
    on_page(hub, f"k={VIEW}", steps)


@pytest.mark.parametrize("path", [
    "/v/prompter", "/v/prompter?k=", "/v/prompter?k=wrong", "/v/role/ops?k=nope", "/a/live.js",
    "/a/live.js?k=wrong", "/ws", "/ws?k=wrong", f"/v/control?k={VIEW}", "/", "/v/nothing",
])
def test_a_request_without_the_right_token_is_refused_with_403(playbook_file, tmp_path, path):
    hub = make_hub(playbook_file, tmp_path)

    async def steps(server, client):
        response = await client.get(path)
        return response.status, response.headers.get("Content-Security-Policy"), await response.text()
    status, csp, text = over_http(hub, steps)
    assert status in ((403,) if path not in ("/",) else (403, 404))
    assert csp == CSP
    assert "var live" not in text and "<html" not in text


@pytest.mark.parametrize("raw", [
    "/a/..%2fhub.py?k={k}", "/a/%2e%2e%2fserver.py?k={k}", "/a/../server.py?k={k}", "/a/..%2F..%2Fpyproject.toml?k={k}",
    "/a/%2e%2e/%2e%2e/errors.py?k={k}", "/v/..%2f..%2fpyproject.toml?k={k}", "/v/role/..%2f..%2fhub.py?k={k}",
    "/a/prompter.html?k={k}", "/a/?k={k}", "/a/views?k={k}", "/a/%00live.js?k={k}", "//etc/passwd?k={k}",
    "/a/live.js/../../hub.py?k={k}", "/static/../../../etc/passwd?k={k}", "/v/role?k={k}", "/a/shell.html?k={k}",
])
def test_no_path_reads_anything_but_the_shipped_assets(playbook_file, tmp_path, raw):
    hub = make_hub(playbook_file, tmp_path)

    async def steps(server, client):
        url = URL(str(client.make_url("")).rstrip("/") + raw.format(k=VIEW), encoded=True)
        response = await client.session.get(url)
        return response.status, await response.text()
    status, text = over_http(hub, steps)
    assert status in (403, 404)
    assert "import " not in text and "[project]" not in text and "root:" not in text and "<html" not in text


def test_pages_and_assets_carry_a_strict_csp_and_the_token_only_in_their_own_links(playbook_file, tmp_path):
    hub = make_hub(playbook_file, tmp_path)

    async def steps(server, client):
        pages = {}
        for path in (f"/v/prompter?k={VIEW}", f"/v/role/ops?k={VIEW}", f"/v/clock?k={VIEW}",
                     f"/v/control?k={CONTROL}", f"/v/prompter?k={CONTROL}", f"/a/live.js?k={VIEW}",
                     f"/a/live.css?k={CONTROL}"):
            response = await client.get(path)
            pages[path] = (response.status, dict(response.headers), await response.text())
        return pages
    pages = over_http(hub, steps)
    for path, (status, headers, body) in pages.items():
        assert status == 200, path
        assert headers["Content-Security-Policy"] == CSP
        assert "'unsafe-inline'" not in CSP and "default-src 'none'" in CSP and "frame-ancestors 'none'" in CSP
        assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store"
    status, headers, body = pages[f"/v/prompter?k={VIEW}"]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'src="/a/live.js?k={VIEW}"' in body and "{{k}}" not in body
    assert "<script>" not in body and " style=" not in body  # nothing inline: the CSP would refuse it
    assert pages[f"/a/live.js?k={VIEW}"][1]["Content-Type"] == "text/javascript; charset=utf-8"


def test_no_page_or_script_loads_anything_from_elsewhere():
    assets = load_assets()
    for name, (body, _) in assets.items():
        text = body.decode("utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, name
    for view, page in build_pages(assets).items():
        text = page.decode("utf-8")
        assert "<script>" not in text and "style=" not in text and "on" + "click=" not in text, view
        assert text.startswith("<!doctype html>") and 'lang="zh-CN"' in text and f'data-view="{view}"' in text
        assert text.count("{{k}}") == 3 and "{{" not in text.replace("{{k}}", "")


def test_a_page_from_another_site_may_not_open_the_socket(playbook_file, tmp_path):
    hub = make_hub(playbook_file, tmp_path)

    async def steps(server, client):
        response = await client.get(f"/ws?k={VIEW}", headers={
            "Origin": "http://evil.example", "Connection": "Upgrade", "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        return response.status
    assert over_http(hub, steps) == 403


def test_a_page_too_far_behind_is_dropped(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)

    async def steps(server, ws):
        await receive(ws)
        (page,) = server.clients
        page.queue = asyncio.Queue(3)  # nobody reads it: as a frozen phone
        for _ in range(5):
            clock.advance(100)
            hub.publish()
        assert page.dropped and page not in server.clients
    on_page(hub, f"k={VIEW}", steps)


def test_closing_tells_every_page_the_show_ended(playbook_file, tmp_path):
    hub = make_hub(playbook_file, tmp_path)

    async def steps(server, ws):
        await receive(ws)
        await server.close("end")
        assert await receive(ws, "bye") == {"type": "bye", "reason": "end"}
        assert server.clients == set()
    on_page(hub, f"k={VIEW}", steps)


@pytest.mark.parametrize("name, remote, device", [
    ("场控 iPad", "192.168.1.31", "场控 iPad@192.168.1.31"),
    (None, "10.0.0.2", "phone@10.0.0.2"),
    ("  a\x1b[2J  b ", "::1", "a\\x1b[2J b@::1"),
    ("x" * 100, None, "x" * 24 + "@?"),
])
def test_a_device_is_named_by_its_page_and_its_address(name, remote, device):
    assert device_name(name, remote) == device
