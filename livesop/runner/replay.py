"""Rebuilding a show's state from its run log, for ``livesop run --resume``.

The engine is deterministic: replaying the operator's acts logged in the file (pause, take,
add time...) at their logged show times reproduces every other event. The replayed events must
match the logged ones, which also proves the log belongs to this playbook. Events the engine
gives at or before the last logged time but that are missing from the log (the process died
before writing them) are returned, to be written when the run continues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from livesop.errors import LivesopError
from livesop.runner.engine import Engine
from livesop.runner.events import Event

_OPERATIONS: dict[str, Callable[[Engine, Event], list[Event]]] = {
    "show-start": lambda e, ev: e.start(ev.t),
    "pause": lambda e, ev: e.pause(ev.t),
    "resume": lambda e, ev: e.resume(ev.t),
    "take": lambda e, ev: e.take(ev.t),
    "back": lambda e, ev: e.back(ev.t),
    "adjust": lambda e, ev: e.adjust(ev.t, ev.amount or 0),
    "ack": lambda e, ev: e.ack(ev.t, ev.cue),
    "emergency-open": lambda e, ev: e.open_emergency(ev.t, ev.plan),
    "emergency-respond": lambda e, ev: e.respond_emergency(ev.t, ev.plan),
    "emergency-close": lambda e, ev: e.close_emergency(ev.t, ev.plan),
    "show-stop": lambda e, ev: e.stop(ev.t),
    "interrupted": lambda e, ev: _interrupted(e, ev),
}


def _interrupted(engine: Engine, event: Event) -> list[Event]:
    engine.hold_as_next = event.get("hold") == "auto"
    return engine.interrupted(event.t - (event.amount or 0), event.t, **dict(event.data))


@dataclass
class Replayed:
    engine: Engine
    unlogged: list[Event]  # due by the last logged time but missing from the log
    last_t: int


def replay(engine: Engine, logged: list[Event]) -> Replayed:
    """Drive ``engine`` through the logged operations; check it reproduces the logged events."""
    produced: list[Event] = []
    last_t = 0
    for event in logged:
        last_t = max(last_t, event.t)
        operation = _OPERATIONS.get(event.kind)
        if operation is None:
            continue
        produced += engine.tick(event.t)
        try:
            produced += operation(engine, event)
        except KeyError as exc:
            raise LivesopError(f"the run log opens emergency plan {exc.args[0]!r}, which the playbook lacks",
                               "resume with the playbook the run was started with") from None
    produced += engine.tick(last_t)
    for number, (want, got) in enumerate(zip(logged, produced), 1):
        if want.signature != got.signature:
            raise LivesopError(
                f"the run log does not match the playbook at event {number}: the log has "
                f"{_describe(want)}, the playbook gives {_describe(got)}",
                "resume with the same playbook file and options the run was started with")
    if len(produced) < len(logged):
        extra = logged[len(produced)]
        raise LivesopError(f"the run log has events the playbook does not give ({_describe(extra)})",
                           "resume with the same playbook file the run was started with")
    return Replayed(engine, produced[len(logged):], last_t)


def _describe(event: Event) -> str:
    where = f" {event.cue or event.seg or event.plan or ''}".rstrip()
    return f"{event.kind}{where} at {event.t} ms"
