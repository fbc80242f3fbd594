"""The 弹幕 watch of a served run: the pages get its state, the hub polls the source on each beat, and a
fetcher elsewhere pushes comments to ``POST /comments`` with the control token (the view token and a
run without a watch are refused)."""

from __future__ import annotations

import io
import json

from aiohttp.test_utils import TestClient, TestServer

from livesop.runner.clock import FakeClock
from livesop.runner.comments import FileSource
from livesop.runner.plain import Formatter, PlainRun
from livesop.runner.watch import CommentWatch
from livesop.serve.hub import Hub
from livesop.serve.server import LiveServer
from tests.runkit import S, new_show
from tests.serve.servekit import SHOW, TOKENS, logged, run

__all__ = ["SHOW"]

NEGATIVE = ["假货吧", "骗子", "退款"]


def jsonl(*texts: str) -> bytes:
    return "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts).encode()


def watched_hub(playbook_file, tmp_path, clock, source=None, attach=True) -> Hub:
    """A hub over a new run whose plain loop (printing to a string) has the 弹幕 watch attached."""
    prepared = new_show(playbook_file, tmp_path)
    plain = PlainRun(prepared.engine, prepared.log, clock, io.StringIO(), Formatter((), {}, None, {}))
    if attach:
        plain.attach_comments(CommentWatch(prepared.playbook), source)
    hub = Hub(prepared.engine, prepared.log, clock, emit=plain.emit, tokens=TOKENS,
              comments=plain if attach else None)
    hub.emit(prepared.events)
    return hub


def post(hub, query: str, body: bytes):
    async def scenario():
        server = LiveServer(hub)
        async with TestClient(TestServer(server.app)) as client:
            response = await client.post("/comments?" + query, data=body)
            return response.status, await response.text(), server.wake.is_set()
    return run(scenario())


def test_pushed_comments_are_screened_logged_and_published(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = watched_hub(playbook_file, tmp_path, clock)
    clock.advance(20 * S)
    status, text, woke = post(hub, f"k={TOKENS.control}", jsonl("好看", *NEGATIVE) + b"oops\n\n")
    assert status == 200 and json.loads(text) == {"read": 4, "malformed": 1} and woke
    state = hub.last["comments"]
    assert (state["negative"], state["level"], state["read"], state["malformed"]) == (3, 1, 4, 1)
    assert state["last"]["text"] == "退款"
    records = logged(hub.log)
    assert [r["kind"] for r in records if r["kind"].startswith("comment")] == ["comment"] * 3 + ["comment-alert"]
    assert all(r["t"] == 20 * S and r["seg"] == "open" for r in records if r["kind"].startswith("comment"))


def test_the_view_token_and_a_run_without_a_watch_are_refused(playbook_file, tmp_path):
    hub = watched_hub(playbook_file, tmp_path, FakeClock(0))
    assert post(hub, f"k={TOKENS.view}", jsonl("假货"))[0] == 403
    assert post(hub, "k=nope", jsonl("假货"))[0] == 403
    assert not any(r["kind"] == "comment" for r in logged(hub.log))
    bare = watched_hub(playbook_file, tmp_path / "bare", FakeClock(0), attach=False)
    assert post(bare, f"k={TOKENS.control}", jsonl("假货"))[0] == 404
    assert "comments" not in bare.state()  # no watch: the pages' state is as before


def test_the_hub_polls_the_source_on_its_beat_and_wakes_for_it(playbook_file, tmp_path):
    comments = tmp_path / "c.jsonl"
    comments.write_bytes(b"")
    clock = FakeClock(0)
    hub = watched_hub(playbook_file, tmp_path, clock, FileSource(comments))
    hub.tick()
    assert hub.next_wake() == 250  # the next look at the file comes before the one-second beat
    comments.write_bytes(jsonl(*NEGATIVE))
    clock.advance(250)
    hub.tick()
    assert hub.last["comments"]["level"] == 1
    assert [r["kind"] for r in logged(hub.log)].count("comment-alert") == 1
