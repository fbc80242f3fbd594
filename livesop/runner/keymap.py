"""One key map for every way the operator drives a show: key → action → engine operation.

The plain mode (a command, then Enter), the full-screen view (single keys) and the replay of a
run log (``--resume``) all go through these tables, so a key means the same thing everywhere:

- ``BINDINGS``: each action with its keys, how the plain mode types it, and its help text;
- ``KEYS``: key name (as ``runner/keys`` decodes it) → action name;
- ``operation``: the operation ``Event`` an action asks of the engine (None for the view's own
  actions: the emergency list, roles, help, quit);
- ``OPERATIONS`` / ``apply``: an operation event → the engine call. A key press and a logged line
  replayed by ``--resume`` take the same path, so what was logged is what is replayed.

Pure: no rich, no click; the engine is only named for types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from livesop.format.timefmt import SECOND_MS
from livesop.i18n import N_, _
from livesop.runner.events import Event

if TYPE_CHECKING:
    from livesop.runner.engine import Engine

MINUTE = 60 * SECOND_MS


@dataclass(frozen=True)
class Binding:
    """An action: its keys, how it is shown and typed, and what it does."""

    action: str
    keys: tuple[str, ...]  # key names, as ``runner/keys`` decodes a terminal's bytes
    shown: str  # the keys as the full-screen help shows them
    typed: str  # what the plain mode takes, then Enter
    help: str
    then: str = ""  # the full screen's second key, when it asks for one


BINDINGS: tuple[Binding, ...] = (
    Binding("pause", ("space",), N_("space"), N_("a space, `pause`"), N_("pause / resume the segment's clock")),
    Binding("next", ("n", "right"), "n  →", "`n`", N_("take the next segment (or start a hard start now)")),
    Binding("back", ("p", "b", "left"), "p  b  ←", "`p`, `b`", N_("back to the previous segment, where it was left")),
    Binding("add", ("+", "="), "+", "`+`, `+3`", N_("add one minute to this segment (plain mode: `+3` three)")),
    Binding("remove", ("-", "_"), "−", "`-`, `-2`", N_("remove one minute (plain mode: `-2` two)")),
    Binding("ack", ("a",), "a", "`a`", N_("acknowledge the latest cue")),
    Binding("emergency", ("e",), "e  1-9", "`e`, `e ID`, `e 2`",
            N_("list the emergency plans, open one (plain mode: `e ID`)"), then="`1`–`9`"),
    Binding("handled", ("h",), "h", "`h`, `h ID`", N_("the open emergency is being handled (response time)")),
    Binding("close", ("x",), "x", "`x`, `x ID`", N_("close the open emergency (recovery time)")),
    Binding("roles", ("r",), "r", "`r`", N_("cues of all roles, then of each role in turn")),
    Binding("help", ("?",), "?", "`?`", N_("this help")),
    Binding("quit", ("q",), "q  y", "`q`", N_("quit the run (full screen asks y first)"), then="`y`"),
)
BY_ACTION: dict[str, Binding] = {b.action: b for b in BINDINGS}
KEYS: dict[str, str] = {key: b.action for b in BINDINGS for key in b.keys}
# The full-screen help: (keys, what they do), one row for ± a minute so that it fits 80×24. Both are
# marked for the catalogue and translated where they are shown (``_(keys)``, ``_(what)``).
HELP: tuple[tuple[str, str], ...] = tuple(
    ("+  −", N_("add / remove one minute on this segment")) if b.action == "add" else (b.shown, b.help)
    for b in BINDINGS if b.action != "remove")
# The key line at the foot of the full screen: (keys, label), in this order; translated where shown.
KEY_LINE: tuple[tuple[str, str], ...] = (
    (N_("space"), N_("pause")), ("n→", N_("next")), ("p←", N_("back")), ("+−", N_("minute")), ("a", N_("ack")),
    ("e", N_("emergency")), ("r", N_("roles")), ("?", N_("help")), ("q", N_("quit")),
)
# Keys whose arrows and signs say what they do: a key line short of room drops their labels first.
SELF_EVIDENT = frozenset({"n→", "p←", "+−"})


def minutes(arg: str) -> int:
    """``+3`` → three minutes in ms; no number (or a bad one) is one minute."""
    try:
        value = float(arg) if arg.strip() else 1.0
    except ValueError:
        value = 1.0
    return int(abs(value) * MINUTE) if value == value and abs(value) < 24 * 60 else MINUTE


# action → the operation event it asks for (``arg``: what the plain mode typed after the key).
_ASKS: dict[str, Callable[["Engine", int, str], Event]] = {
    "pause": lambda e, now, arg: Event("resume" if e.paused else "pause", now),
    "next": lambda e, now, arg: Event("take", now),
    "back": lambda e, now, arg: Event("back", now),
    "add": lambda e, now, arg: Event("adjust", now, amount=minutes(arg)),
    "remove": lambda e, now, arg: Event("adjust", now, amount=-minutes(arg)),
    "ack": lambda e, now, arg: Event("ack", now),
    "open": lambda e, now, arg: Event("emergency-open", now, plan=arg),
    "handled": lambda e, now, arg: Event("emergency-respond", now, plan=arg or None),
    "close": lambda e, now, arg: Event("emergency-close", now, plan=arg or None),
}


def operation(action: str, engine: "Engine", now: int, arg: str = "") -> Event | None:
    """The operation ``action`` asks of ``engine`` at show time ``now``; None for the view's own actions."""
    ask = _ASKS.get(action)
    return None if ask is None else ask(engine, now, arg)


def _interrupted(engine: "Engine", event: Event) -> list[Event]:
    engine.hold_as_next = event.get("hold") == "auto"
    return engine.interrupted(event.t - (event.amount or 0), event.t, **dict(event.data))


# operation kind → the engine call. Every operation event in a run log is one of these.
OPERATIONS: dict[str, Callable[["Engine", Event], list[Event]]] = {
    "show-start": lambda e, ev: e.start(ev.t),
    "pause": lambda e, ev: e.pause(ev.t),
    "resume": lambda e, ev: e.resume(ev.t),
    "take": lambda e, ev: e.take(ev.t),
    "back": lambda e, ev: e.back(ev.t),
    "adjust": lambda e, ev: e.adjust(ev.t, ev.amount or 0),
    "ack": lambda e, ev: e.ack(ev.t, ev.cue),
    "message": lambda e, ev: e.message(ev.t, ev.text or ""),
    "emergency-open": lambda e, ev: e.open_emergency(ev.t, ev.plan),
    "emergency-respond": lambda e, ev: e.respond_emergency(ev.t, ev.plan),
    "emergency-close": lambda e, ev: e.close_emergency(ev.t, ev.plan),
    "show-stop": lambda e, ev: e.stop(ev.t),
    "interrupted": _interrupted,
}


def apply(engine: "Engine", event: Event) -> list[Event]:
    """Apply the operation ``event`` to ``engine``; the events it caused (the operation's own among them).

    Raises KeyError for an emergency plan the playbook lacks."""
    return OPERATIONS[event.kind](engine, event)


def nothing(event: Event) -> str:
    """What to tell the operator when the engine did nothing with ``event`` (in the language in force)."""
    if event.kind == "adjust":
        return _("no segment to add time to") if (event.amount or 0) > 0 else \
            _("cannot remove time: no segment runs, or its end would be in the past")
    if event.kind == "emergency-open":
        return _("{plan} is open already").format(plan=event.plan)
    return _(_NOTHING.get(event.kind, N_("nothing to do now")))


_NOTHING = {
    "pause": N_("nothing to pause now"), "resume": N_("nothing to resume"), "take": N_("no next segment to take"),
    "back": N_("this is the first segment"), "ack": N_("no cue to acknowledge"),
    "emergency-respond": N_("no emergency waiting for a response"), "emergency-close": N_("no emergency is open"),
}


def role_cycle(roles: tuple[str, ...], chosen: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """What ``r`` steps through: all roles, then each role alone (a --role choice of several first)."""
    cycle: list[tuple[str, ...]] = [()] + [(role,) for role in roles]
    if chosen and chosen not in cycle:
        cycle.insert(0, chosen)
    return cycle


def next_roles(cycle: list[tuple[str, ...]], current: tuple[str, ...]) -> tuple[str, ...]:
    """The roles ``r`` shows after ``current``."""
    position = cycle.index(current) if current in cycle else -1
    return cycle[(position + 1) % len(cycle)]


def docs_table() -> str:
    """The table docs/run.md shows (a test keeps the two the same)."""
    rows = ["| full screen | plain mode (then Enter) | does |", "|---|---|---|"]
    for b in BINDINGS:
        keys = ", ".join(_doc_key(k) for k in b.keys) + (f", then {b.then}" if b.then else "")
        rows.append(f"| {keys} | {b.typed} | {b.help} |")
    return "\n".join(rows)


def _doc_key(key: str) -> str:
    return {"space": "space", "right": "→", "left": "←"}.get(key, f"`{key}`")
