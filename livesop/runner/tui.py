"""The full-screen loop of ``livesop run`` on a terminal: keys in, frames out, every act logged.

``TuiRun`` is the plain loop's sibling (it logs through the same ``PlainRun.emit``) with a
screen instead of lines. It sleeps in ``select`` until the first of: the engine's next deadline,
the moment the frame's numbers next change (the countdown's second rolling over), a key, or a
resize — never on a fixed fast loop — and redraws only then. Each frame is computed afresh
from the engine's snapshot at the clock's current time. At rehearsal speeds the countdown is
redrawn at most every ``min_frame`` real seconds. Keys mean what the one key map
(``runner/keymap``) says, as in the plain mode: those that act on the show (pause, next, back,
±1 minute, ack, open / handle / close an emergency, quit) become engine operations through
``PlainRun.operate`` and so run-log events; the view's own keys (role filter, help, the plan
list) change nothing in the show and are not logged.

The loop is three steps so that a served run (``serve/screen``) drives the same view on the web
server's asyncio loop: ``begin``, then ``step`` (tick, draw when due; how long to sleep) and
``feed`` (the bytes and resize a wait brought) in turn. ``on_change``, when set, is called after
the terminal's own tick or keys changed the show (the served pages are published then), and
an act from a phone, logged through ``emit`` with its device, is shown as the notice line.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from livesop.controls import visible
from livesop.format.timefmt import SECOND_MS
from livesop.i18n import _
from livesop.runner import keymap, view, viewstate
from livesop.runner.engine import Engine
from livesop.runner.events import Event
from livesop.runner.keys import Action, KeyDecoder, action
from livesop.runner.plain import Formatter, PlainRun, Stop, log_failing, log_recovered
from livesop.runner.runlog import RunLog

ESCAPE_WAIT = 0.05  # seconds to wait for the rest of an escape sequence before taking a lone ESC


def console_for(stream=None):
    """The rich console of the live view; NO_COLOR (any non-empty value) turns colour off."""
    from rich.console import Console

    return Console(file=stream or sys.stdout, no_color=bool(os.environ.get("NO_COLOR")), highlight=False,
                   emoji=False)


class TuiRun(PlainRun):
    """Drives an engine on a full-screen terminal; ``terminal`` is made on ``run`` unless given."""

    def __init__(self, engine: Engine, log: RunLog, clock, formatter: Formatter, roles: tuple[str, ...] = (),
                 terminal=None, min_frame: float = 0.2):
        super().__init__(engine, log, clock, sys.stdout, formatter, stdin=None)
        self.info = viewstate.show_info(engine)
        self.ui = viewstate.UiState(roles=tuple(roles))
        self.role_cycle = keymap.role_cycle(tuple(engine.playbook.roles), tuple(roles))
        self.terminal = terminal
        self.min_frame = min_frame
        self.frames = 0
        self.last_line = ""
        self.dirty = True  # the frame on screen is out of date
        self.hold_on_eof = True  # a keyboard that goes away makes `hold` segments move on (not while served)
        self.on_change: Callable[[], None] | None = None  # after the terminal's tick or keys changed the show
        self._fresh = False  # events were emitted since the last look
        self._decoder = KeyDecoder()
        self._redraw_at = 0  # show time at which the numbers on screen change
        self._min_gap = 0

    # PlainRun.emit logs every event, then hands its line here: the screen shows state instead.
    def say(self, line: str) -> None:
        self.last_line = line

    def emit(self, events: list[Event]) -> None:
        super().emit(events)
        viewstate.note_events(self.ui, events)
        if events:
            self.dirty = self._fresh = True
        for event in events:  # an act from a phone (served): say so where the keys are shown
            device = event.get("device")
            if device:
                self.ui.notice = phone_notice(self.formatter, event, device)

    def watch_log(self) -> None:
        """A failing log is a banner on every frame until it is written again, then a notice."""
        alarm = log_failing(self.log)
        if self.log_alarm and not alarm:
            self.ui.notice = log_recovered(self.log)
        self.log_alarm = self.ui.log_alarm = alarm

    def run(self) -> str:
        with self.open_terminal() as term:
            return self._loop(term)

    def open_terminal(self):
        """The terminal to draw on (a context manager): the one given, else the real one on stdin and stdout."""
        if self.terminal is not None:
            return self.terminal
        from livesop.runner.terminal import Terminal

        return Terminal(console_for(), sys.stdin.fileno())

    def show_links(self, links: tuple[viewstate.ViewLink, ...], first: bool = True) -> None:
        """A served run's links for phones: ``u`` shows them; with ``first`` they are the first thing on screen."""
        self.ui.links = tuple(links)
        if first and links:
            self.ui.mode, self.ui.page = "links", 0

    def _seconds_until(self, show_ms: int) -> float:
        return max(0.0, (show_ms - self.clock.now_ms()) / SECOND_MS / self.clock.speed)

    def _loop(self, term) -> str:
        self.begin()
        while True:
            timeout = self.step(term)
            if timeout is None:
                return "end"
            self.feed(term, *term.wait(timeout))

    def begin(self) -> None:
        """Before the first ``step``: a fresh key decoder, a frame due now."""
        self._decoder = KeyDecoder()
        self.dirty = True
        self._redraw_at = 0
        self._min_gap = int(self.min_frame * SECOND_MS * self.clock.speed)

    def step(self, term, wake_at: int | None = None) -> float | None:
        """Tick the engine and draw when the frame is due; the seconds to wait before the next step (at the
        latest by show time ``wake_at``), or None when the show is over (its last frame drawn)."""
        engine = self.engine
        failing = self.log_alarm
        self.retry_log()
        self.dirty = self.dirty or failing != self.log_alarm
        now = self.clock.now_ms()
        self._fresh = False
        self.emit(engine.tick(now))
        self.poll_comments()
        self._changed()
        if engine.state == "finished":
            self.draw(term, engine.snapshot(now))
            return None
        snap = engine.snapshot(now)
        if self.dirty or now >= self._redraw_at:
            self.draw(term, snap)
            self.dirty = False
            self._redraw_at = max(view.next_change(snap),
                                  now + (self._min_gap if self._min_gap > SECOND_MS else 0))
        wake = self._redraw_at
        for other in (self.wake_at(engine.next_deadline()), wake_at):
            if other is not None:
                wake = min(wake, other)
        timeout = self._seconds_until(wake)
        if self._decoder.pending:
            timeout = min(timeout, ESCAPE_WAIT)
        return timeout

    def feed(self, term, data: bytes, resized: bool) -> None:
        """What a wait brought: keys (each acted on in turn) and whether the window was resized."""
        self.dirty = self.dirty or resized
        if term.eof and self.hold_on_eof:  # the keyboard went away: `hold` segments move on by themselves
            self.engine.hold_as_next = True
        decoder = self._decoder
        keys = decoder.feed(data) if data else decoder.flush() if decoder.pending else []
        self._fresh = False
        try:
            for key in keys:
                self.key(key)
                self.dirty = True
        finally:
            self._changed()

    def _changed(self) -> None:
        if self._fresh and self.on_change is not None:
            self.on_change()
        self._fresh = False

    def draw(self, term, snap) -> None:
        width, height = term.size()
        self.ui.comments = self.comments_view()
        term.draw(view.render(snap, self.info, self.ui, width, height))
        self.frames += 1

    # ----------------------------------------------------------------- keys

    def key(self, name: str) -> None:
        """Act on one key in the view's current mode."""
        found = action(name, self.ui.mode)
        if found is None:
            return
        self.ui.notice = ""
        VIEW_ACTIONS.get(found.name, _operate)(self, found, self.clock.now_ms())

    def notice(self, text: str) -> None:
        self.ui.notice = text

    def mode(self, mode: str) -> None:
        self.ui.mode = mode


def _open(run: TuiRun, a: Action, now: int) -> None:
    plans = run.info.plans
    run.mode("normal")
    if a.number is None or a.number > len(plans):
        run.ui.notice = _("there is no emergency plan {number}").format(number=a.number)
        return
    plan = plans[a.number - 1]
    run.operate("open", plan.id, nothing=_("{plan} is open already").format(plan=plan.title))


def _plans(run: TuiRun, a: Action, now: int) -> None:
    if run.info.plans:
        run.mode("plans")
    else:
        run.ui.notice = _("this playbook has no emergency plans")


def _roles(run: TuiRun, a: Action, now: int) -> None:
    run.ui.roles = keymap.next_roles(run.role_cycle, run.ui.roles)
    names = [run.info.role_names.get(r, r) for r in run.ui.roles]
    run.ui.notice = _("cues of {who}").format(who=" ".join(names) if names else _("all roles"))


def _quit(run: TuiRun, a: Action, now: int) -> None:
    raise Stop(0)


def _operate(run: TuiRun, a: Action, now: int) -> None:
    run.operate(a.name)


def _links(run: TuiRun, a: Action, now: int) -> None:
    if run.ui.links:
        run.mode("links")
        run.ui.page = 0
    else:
        run.ui.notice = _("This run is not served to phones: there are no links (livesop run PLAYBOOK --serve PORT).")


def _page(step: int) -> Callable[[TuiRun, Action, int], None]:
    def turn(run: TuiRun, a: Action, now: int) -> None:
        run.ui.page += step
    return turn


def phone_notice(formatter: Formatter, event: Event, device: str) -> str:
    """The notice line for an act from a phone: who sent it and what it did."""
    if event.kind == "message":
        text = _("Message to the prompter from {device}: {text}").format(device=device, text=event.text or "")
    else:
        text = _("From {device}: {act}").format(device=device, act=formatter.body(event) or event.kind)
    return visible(" ".join(text.split()))


# The view's side of the actions; every other action of the key map is an engine operation.
VIEW_ACTIONS: dict[str, Callable[[TuiRun, Action, int], None]] = {
    "emergency": _plans,
    "open": _open,
    "roles": _roles,
    "help": lambda run, a, now: run.mode("help"),
    "quit": lambda run, a, now: run.mode("quit"),
    "quit-yes": _quit,
    "dismiss": lambda run, a, now: run.mode("normal"),
    "links": _links,
    "links-next": _page(1),
    "links-back": _page(-1),
}
