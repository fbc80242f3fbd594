"""Cue scheduling: every planned firing of a segment's cues, and the rendered text of a cue or 话术."""

from __future__ import annotations

from dataclasses import dataclass

from livesop.format.library import Library
from livesop.format.model import Cue, Playbook
from livesop.format.placeholders import render
from livesop.format.resolve import render_values, resolve_say
from livesop.format.timefmt import SECOND_MS
from livesop.format.timeline import Slot


@dataclass(frozen=True)
class CueItem:
    """One planned firing of a cue inside its segment."""

    at: int  # ms into the segment
    number: int  # 1-based position of the cue in its segment
    occurrence: int  # 0 for the first firing of an `every` cue
    cue: Cue
    key: str


def firings(slot: Slot, limit: int) -> list[CueItem]:
    """Every firing planned for ``slot`` when it lasts ``limit`` ms, in firing order."""
    items = []
    for number, cue in enumerate(slot.segment.cues, 1):
        if cue.at is None:
            continue
        at, occurrence = cue.at * SECOND_MS, 0
        while True:
            key = f"{slot.segment.id}:{number}" + (f"#{occurrence + 1}" if cue.every else "")
            items.append(CueItem(at, number, occurrence, cue, key))
            if not cue.every:
                break
            at += cue.every * SECOND_MS
            occurrence += 1
            if at >= limit:
                break
    items.sort(key=lambda item: (item.at, item.number, item.occurrence))
    return items


def placeholder_values(playbook: Playbook, slot: Slot | None, countdown_ms: int | None = None) -> dict:
    """The placeholder values of a text shown in ``slot``, ``{countdown}`` being ``countdown_ms``."""
    if slot is None:
        return render_values(playbook)
    countdown = None if countdown_ms is None else max(0, countdown_ms) // SECOND_MS
    return render_values(playbook, slot.segment, slot.product, countdown=countdown)


def render_say(playbook: Playbook, library: Library | None, say: str, values: dict) -> str:
    """The rendered 话术 of the ``say`` reference; an unresolvable one shows as ⟨ref?⟩."""
    text = resolve_say(playbook, library, say)
    return render(text.value, values)[0].strip() if text else f"⟨{say}?⟩"


def render_cue(playbook: Playbook, library: Library | None, slot: Slot, cue: Cue,
               countdown_ms: int | None = None) -> tuple[str, str]:
    """(action, rendered text) of a cue shown in ``slot``; an unresolvable ``say`` shows as ⟨ref?⟩."""
    values = placeholder_values(playbook, slot, countdown_ms)
    if cue.say:
        return "say", render_say(playbook, library, cue.say, values)
    raw = cue.do.value if cue.do is not None else ""
    return "do", render(raw, values)[0].strip()
