"""Rebuilding a show's state from its run log, for ``livesop run --resume``.

The engine is deterministic: replaying the operator's acts logged in the file (pause, take,
add time...) at their logged show times, through the same ``keymap.apply`` a key press takes,
reproduces every other event. The replayed events must
match the logged ones field by field (kind, show time, segment, role, text, every figure): that
proves the log belongs to this playbook, and refuses a log whose texts were edited and its hash
chain computed again. Events the engine
gives at or before the last logged time but that are missing from the log (the process died
before writing them) are returned, to be written when the run continues. The 弹幕 watch's events
(``events.WATCH_KINDS``) are not the engine's: they are left out of the comparison, and only their
show times count for where the log stood.
"""

from __future__ import annotations

from dataclasses import dataclass

from livesop.controls import visible
from livesop.errors import LivesopError
from livesop.format.timefmt import human_duration_ms
from livesop.i18n import _, pgettext
from livesop.runner.engine import Engine
from livesop.runner.events import WATCH_KINDS, Event
from livesop.runner.keymap import OPERATIONS, apply
from livesop.runner.logcheck import brief


@dataclass
class Replayed:
    """A replayed run: the engine, the events missing from the log, and the log's last show time."""

    engine: Engine
    unlogged: list[Event]  # due by the last logged time but missing from the log
    last_t: int


def replay(engine: Engine, logged: list[Event], lines: list[int] | None = None) -> Replayed:
    """Drive ``engine`` through the logged operations; it must reproduce every logged event exactly.

    ``lines`` are the events' line numbers in the log, for the message when one differs.
    """
    produced: list[Event] = []
    last_t = max((event.t for event in logged), default=0)
    if any(event.kind in WATCH_KINDS for event in logged):  # the 弹幕 watch's: not the engine's, not replayed
        kept = [index for index, event in enumerate(logged) if event.kind not in WATCH_KINDS]
        lines = [lines[index] for index in kept] if lines else None
        logged = [logged[index] for index in kept]
    for event in logged:
        last_t = max(last_t, event.t)
        if event.kind not in OPERATIONS:
            continue
        produced += engine.tick(event.t)
        try:
            produced += apply(engine, event)
        except KeyError as exc:
            raise LivesopError(_("the run log opens emergency plan {plan}, which the playbook lacks").format(
                plan=repr(visible(str(exc.args[0])))), _("resume with the playbook the run was started with")) from None
    produced += engine.tick(last_t)
    for position, (want, got) in enumerate(zip(logged, produced)):
        differences = _differences(want, got)
        if differences:
            raise LivesopError(
                _("the run log does not match the playbook at {where} ({event}): {differences}").format(
                    where=_where(lines, position), event=_describe(want),
                    differences=pgettext("between clauses", "; ").join(differences[:3])),
                _("the log was changed, or belongs to another playbook or options: resume with the same playbook "
                  "file and options the run was started with, or start a new run"))
    if len(produced) < len(logged):
        position = len(produced)
        raise LivesopError(_("the run log has events the playbook does not give, from {where} ({event})").format(
            where=_where(lines, position), event=_describe(logged[position])),
            _("resume with the same playbook file the run was started with"))
    return Replayed(engine, produced[len(logged):], last_t)


def _differences(want: Event, got: Event) -> list[str]:
    """Each field where the logged event and the replayed one differ, in words."""
    logged, replayed = want.to_dict(), got.to_dict()
    names = [name for name in dict.fromkeys([*logged, *replayed]) if name not in NOT_REPLAYED]
    return [_("`{name}` is {logged} in the log, the playbook gives {replayed}").format(
        name=name, logged=_value(logged, name), replayed=_value(replayed, name))
        for name in names if logged.get(name, _MISSING) != replayed.get(name, _MISSING)]


_MISSING = object()
# Fields a logged act carries that the playbook cannot give back: the phone that sent it.
NOT_REPLAYED = frozenset({"device"})


def _value(record: dict, name: str) -> str:
    if name not in record:
        return _("nothing")
    return visible(brief(record[name]))


def _where(lines: list[int] | None, position: int) -> str:
    """Where an event is: its line in the log, else its number among the events."""
    if lines:
        return _("line {line}").format(line=lines[position])
    return _("event {number}").format(number=position + 1)


def _describe(event: Event) -> str:
    where = f" {event.cue or event.seg or event.plan or ''}".rstrip()
    return visible(_("{event} at {t}").format(event=f"{event.kind}{where}", t=human_duration_ms(event.t)))
