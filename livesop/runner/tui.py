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
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from livesop.format.timefmt import SECOND_MS
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

    # PlainRun.emit logs every event, then hands its line here: the screen shows state instead.
    def say(self, line: str) -> None:
        self.last_line = line

    def emit(self, events: list[Event]) -> None:
        super().emit(events)
        viewstate.note_events(self.ui, events)

    def watch_log(self) -> None:
        """A failing log is a banner on every frame until it is written again, then a notice."""
        alarm = log_failing(self.log)
        if self.log_alarm and not alarm:
            self.ui.notice = log_recovered(self.log)
        self.log_alarm = self.ui.log_alarm = alarm

    def run(self) -> str:
        terminal = self.terminal
        if terminal is None:
            from livesop.runner.terminal import Terminal

            terminal = Terminal(console_for(), sys.stdin.fileno())
        with terminal as term:
            return self._loop(term)

    def _seconds_until(self, show_ms: int) -> float:
        return max(0.0, (show_ms - self.clock.now_ms()) / SECOND_MS / self.clock.speed)

    def _loop(self, term) -> str:
        engine = self.engine
        decoder = KeyDecoder()
        dirty = True
        redraw_at = 0  # show time at which the numbers on screen change
        min_gap = int(self.min_frame * SECOND_MS * self.clock.speed)
        while True:
            failing = self.log_alarm
            self.retry_log()
            dirty = dirty or failing != self.log_alarm
            now = self.clock.now_ms()
            events = engine.tick(now)
            if events:
                self.emit(events)
                dirty = True
            if engine.state == "finished":
                self.draw(term, engine.snapshot(now))
                return "end"
            snap = engine.snapshot(now)
            if dirty or now >= redraw_at:
                self.draw(term, snap)
                dirty = False
                redraw_at = max(view.next_change(snap), now + (min_gap if min_gap > SECOND_MS else 0))
            wake = redraw_at
            deadline = self.wake_at(engine.next_deadline())
            if deadline is not None:
                wake = min(wake, deadline)
            timeout = self._seconds_until(wake)
            if decoder.pending:
                timeout = min(timeout, ESCAPE_WAIT)
            data, resized = term.wait(timeout)
            dirty = dirty or resized
            if term.eof:  # the keyboard went away: `hold` segments move on by themselves
                engine.hold_as_next = True
            keys = decoder.feed(data) if data else decoder.flush() if decoder.pending else []
            for key in keys:
                self.key(key)
                dirty = True

    def draw(self, term, snap) -> None:
        width, height = term.size()
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
        run.ui.notice = f"there is no emergency plan {a.number}"
        return
    plan = plans[a.number - 1]
    run.operate("open", plan.id, nothing=f"{plan.title} is open already")


def _plans(run: TuiRun, a: Action, now: int) -> None:
    if run.info.plans:
        run.mode("plans")
    else:
        run.ui.notice = "this playbook has no emergency plans"


def _roles(run: TuiRun, a: Action, now: int) -> None:
    run.ui.roles = keymap.next_roles(run.role_cycle, run.ui.roles)
    names = [run.info.role_names.get(r, r) for r in run.ui.roles]
    run.ui.notice = "cues of " + (" ".join(names) if names else "all roles")


def _quit(run: TuiRun, a: Action, now: int) -> None:
    raise Stop(0)


def _operate(run: TuiRun, a: Action, now: int) -> None:
    run.operate(a.name)


# The view's side of the actions; every other action of the key map is an engine operation.
VIEW_ACTIONS: dict[str, Callable[[TuiRun, Action, int], None]] = {
    "emergency": _plans,
    "open": _open,
    "roles": _roles,
    "help": lambda run, a, now: run.mode("help"),
    "quit": lambda run, a, now: run.mode("quit"),
    "quit-yes": _quit,
    "dismiss": lambda run, a, now: run.mode("normal"),
}
