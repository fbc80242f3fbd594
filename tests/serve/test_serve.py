"""``serve``, the entry point of ``livesop run --serve``: it binds where it is told (refusing a port in use
before go-live), prints the links and their QR codes, drives the show to its end, answers commands typed
on the terminal, and closes the server however the run ends."""

from __future__ import annotations

import asyncio
import io
import json
import os
import socket

import aiohttp
import pytest

from livesop.errors import UsageError
from livesop.runner.clock import RealClock
from livesop.runner.plain import Stop
from livesop.serve import bind, qr
from livesop.serve.server import serve
from tests.helpers import deadline
from tests.runkit import new_show, plain_run
from tests.serve.servekit import SHOW, TOKENS, logged

__all__ = ["SHOW"]


def _watch(url: str, seen: list, loop_tasks: list):
    """An on_ready callback: one page connects and keeps every message it hears until the server closes."""
    def ready(server, links):
        async def page():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(url.replace("http://", "ws://").replace("/v/clock", "/ws")) as ws:
                    async for message in ws:
                        seen.append(json.loads(message.data))
        loop_tasks.append(asyncio.ensure_future(page()))
    return ready


def test_serve_runs_the_show_to_its_end_pushing_it_then_says_bye_and_closes(playbook_file, tmp_path):
    prepared = new_show(playbook_file, tmp_path, interactive=False)
    for event in prepared.events:
        prepared.log.event(event, 0)
    sock = bind.open_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    out, seen, tasks = io.StringIO(), [], []
    clock = RealClock(speed=4000)  # 8 minutes of show in 0.12 s
    link = f"http://127.0.0.1:{port}/v/clock?k={TOKENS.view}"
    with deadline(20):
        assert serve(prepared, clock, sock=sock, out=out, tokens=TOKENS, on_ready=_watch(link, seen, tasks)) == "end"
    assert prepared.engine.state == "finished"
    kinds = [m["type"] for m in seen]
    assert kinds[:2] == ["hello", "state"] and kinds[-1] == "bye" and seen[-1]["reason"] == "end"
    assert [m["d"]["state"] for m in seen if m["type"] == "state" and "state" in m["d"]][-1] == "finished"
    with pytest.raises(OSError):  # the server is gone
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    text = out.getvalue()
    assert link in text and f"/v/control?k={TOKENS.control}" in text and "█" in text
    assert "only this computer can open these links" in text
    assert [r["kind"] for r in logged(prepared.log)][-1] == "show-end"


def test_commands_typed_on_the_terminal_drive_the_show_and_q_stops_it(playbook_file, tmp_path):
    prepared = new_show(playbook_file, tmp_path, interactive=True)
    clock = RealClock()
    read_end, write_end = os.pipe()
    stdin = os.fdopen(read_end, "r")
    run = plain_run(prepared, clock, stdin=stdin)
    os.write(write_end, b"n\n")  # take the next segment
    os.write(write_end, b"q\n")
    with pytest.raises(Stop), deadline(20):
        serve(prepared, clock, "127.0.0.1", 0, emit=run.emit, command=run.command, stdin=stdin, out=io.StringIO(),
              codes=False)
    os.close(write_end)
    stdin.close()
    assert prepared.engine.idx == 1
    takes = [r for r in logged(prepared.log) if r["kind"] == "take"]
    assert len(takes) == 1 and "device" not in takes[0]  # typed at the terminal: no device
    assert "» take next" in run.out.getvalue()  # printed by the run's own emit


@pytest.mark.parametrize("text, bound", [
    ("8470", ("127.0.0.1", 8470)),
    ("192.168.1.23:8470", ("192.168.1.23", 8470)),
    ("0.0.0.0:80", ("0.0.0.0", 80)),
    ("[::1]:8470", ("::1", 8470)),
    ("localhost:9000", ("localhost", 9000)),
])
def test_serve_binds_the_address_the_user_gives_a_bare_port_only_this_computer(text, bound):
    assert bind.parse_bind(text) == bound


@pytest.mark.parametrize("text, says", [
    ("", "is not a port number"), ("http", "is not a port number"), ("99999", "is not a port number"),
    ("0", "is not a port number"), ("phone:8470", "is not an IP address"), ("::1:8470", "in brackets"),
    ("1.2.3.4:", "is not a port number"),
])
def test_a_wrong_serve_address_is_a_usage_error(text, says):
    with pytest.raises(UsageError, match=says):
        bind.parse_bind(text)


def test_a_port_in_use_is_refused_before_go_live():
    taken = bind.open_socket("127.0.0.1", 0)
    try:
        with pytest.raises(UsageError, match="cannot listen there") as caught:
            bind.open_socket("127.0.0.1", taken.getsockname()[1])
        assert "choose another one" in caught.value.hint
    finally:
        taken.close()


def test_there_is_a_link_per_view_and_per_role_with_the_control_token_only_on_control():
    links = bind.view_links("192.168.1.23", 8470, TOKENS, {"host": "主播", "ops": "中控", "control": "场控"})
    urls = [url for _, url in links]
    base = "http://192.168.1.23:8470"
    assert urls == [f"{base}/v/prompter?k={TOKENS.view}", f"{base}/v/role/host?k={TOKENS.view}",
                    f"{base}/v/role/ops?k={TOKENS.view}", f"{base}/v/role/control?k={TOKENS.view}",
                    f"{base}/v/clock?k={TOKENS.view}", f"{base}/v/control?k={TOKENS.control}"]
    assert bind.view_links("::1", 1, TOKENS, {})[0][1].startswith("http://[::1]:1/")


def test_the_qr_codes_sit_side_by_side_as_the_terminal_allows():
    links = [("提词器", "http://192.168.1.23:8470/v/prompter?k=" + TOKENS.view),
             ("clock", "http://192.168.1.23:8470/v/clock?k=" + TOKENS.view),
             ("control", "http://192.168.1.23:8470/v/control?k=" + TOKENS.control)]
    wide, narrow = qr.render(links, 200), qr.render(links, 40)
    size = len(qr.qr_lines(links[0][1])[0])
    assert all(url in wide for _, url in links)
    assert max(map(len, wide.splitlines())) == 3 * size + 2 * qr.GAP
    assert max(len(line) for line in narrow.splitlines() if "█" in line) == size
    assert "提词器" in wide.splitlines()[len(links) + 1]
    assert "█" not in qr.render(links, 80, codes=False)
