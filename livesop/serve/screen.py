"""The full-screen view of a served run: the terminal's keys and frames on the web server's loop.

``livesop run PLAYBOOK --serve PORT`` on a terminal draws the same full-screen view as a run
without ``--serve`` (``runner.tui.TuiRun``), in the same process and on the same asyncio loop as
the server: one thread, so the engine needs no lock, and every operation — a key on the
terminal, a tap on the control view — is applied, logged and published in the order it came.

``drive(server, run, term)`` takes the place of ``LiveServer.drive``:

- it sleeps (``term.wait_async``) until the first of: the frame's next change, the engine's next
  deadline, the hub's next beat, a key, a resize, or a phone's act or page opening or closing
  (``server.wake``; the key line counts the pages open);
- the hub's beat (``Hub.tick``: at every deadline, and at least once a second) logs and publishes;
- ``run.step`` ticks the engine and draws when the frame is due; ``run.feed`` acts on the keys;
  what the terminal changed is published at once (``run.on_change`` is ``Hub.publish``); what a
  phone changed was logged (with its device) and published by the hub, and is drawn at once:
  its act woke the wait, and the run's ``emit`` marked the frame out of date.

The engine is the only clock: every time here is the run's clock (a ``FakeClock`` in the tests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from livesop.controls import visible
from livesop.runner.viewstate import ViewLink
from livesop.serve import qr

if TYPE_CHECKING:
    from livesop.runner.tui import TuiRun
    from livesop.serve.server import LiveServer


def view_links(links: list[tuple[str, str]], codes: bool = True) -> tuple[ViewLink, ...]:
    """The links as the full-screen view shows them, each with its QR code drawn for the terminal."""
    return tuple(ViewLink(visible(label), url, tuple(qr.qr_lines(url)) if codes else ()) for label, url in links)


async def drive(server: "LiveServer", run: "TuiRun", term) -> str:
    """Drive the show and the full-screen view until the show is over ("end"); a quit key raises ``plain.Stop``."""
    hub = server.hub
    clock = hub.clock
    run.on_change = hub.publish  # a key or a tick of the terminal's: the pages hear of it at once
    run.hold_on_eof = False  # the control view is an operator too: `hold` segments still wait for one
    run.begin()
    hub.tick()
    while True:
        if clock.now_ms() >= hub.next_wake():
            hub.tick()
        if run.ui.pages_open != len(server.clients):  # a page opened or closed: the key line says so
            run.ui.pages_open = len(server.clients)
            run.dirty = True
        timeout = run.step(term, wake_at=hub.next_wake())
        if timeout is None:
            return "end"
        server.wake.clear()
        data, resized = await term.wait_async(timeout, server.wake)
        run.feed(term, data, resized)
