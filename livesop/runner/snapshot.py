"""What a display needs from the engine: the snapshot of a show at a moment, and how it is computed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from livesop.format.timefmt import DAY_MS, SECOND_MS

if TYPE_CHECKING:
    from livesop.runner.engine import Engine


@dataclass(frozen=True)
class CueView:
    """One cue of the current segment as a display shows it: its text, when it fires, and its status."""

    key: str
    role: str | None
    action: str
    text: str
    due: int  # show time (ms) at which it fires / fired on the current segment's clock
    status: str  # done, acked, next, pending
    at: int = 0  # ms into the segment (a countdown to it is ``at - elapsed``, frozen while paused)
    live: str | None = None  # the 话术 being said: rendered with the time left now, as the countdown shows it


@dataclass(frozen=True)
class OpenEmergency:
    """An open emergency plan: when it was opened and responded to, and its time limits (ms)."""

    id: str
    title: str
    severity: str | None
    opened: int
    responded: int | None
    respond_within: int | None  # ms
    recover_within: int | None  # ms


@dataclass(frozen=True)
class HardStartView:
    """The next hard start: its clock time, its target show time, and how late the current pace makes it."""

    index: int
    seg: str
    clock_ms: int | None  # ms after midnight of the go-live day
    target: int  # show time of its clock time
    projected: int  # show time it would begin at the current pace
    late: int  # projected - target (+ late, - early)


@dataclass(frozen=True)
class Snapshot:
    """What a display needs, computed from the state at ``t``."""

    t: int
    state: str  # ready, running, waiting, finished, stopped
    paused: bool
    clock_ms: int | None  # wall time of day (ms) the show clock stands at
    index: int
    seg: str | None
    title: str
    end: str
    planned: int  # planned duration (ms) of the current segment
    added: int
    elapsed: int
    remaining: int  # negative in overtime
    warn: bool
    overtime: bool
    behind: int
    waiting: int  # ms until a hard start the show waits for (0 otherwise)
    cues: tuple[CueView, ...]
    next_seg: str | None
    next_title: str
    next_hard: HardStartView | None
    emergencies: tuple[OpenEmergency, ...]
    total: int  # planned length of the show (ms)
    projected_end: int


def snapshot_of(engine: "Engine", now: int) -> Snapshot:
    """The snapshot of ``engine``'s state at show time ``now`` (ms)."""
    slot = engine.slots[engine.idx] if engine.slots else None
    base = engine.seg_start + engine.seg_paused
    cues: list[CueView] = []
    items: list = []
    if slot is not None and engine.state in ("running", "waiting", "stopped"):
        next_key = engine.pending[0].key if engine.pending and engine.state == "running" else None
        items = engine.items if engine.state == "running" else engine.cue_plan(engine.idx)
        for item in items:
            status = ("acked" if item.key in engine.acked else "done") if item.key in engine.done else (
                "next" if item.key == next_key else "pending")
            action, text = engine.cue_text(slot, item.cue, engine.duration(engine.idx) - item.at)
            due = (base if engine.state == "running" else now) + item.at
            cues.append(CueView(item.key, item.cue.role, action, text, due, status, item.at))
    remaining = engine.remaining(now) if slot is not None else 0
    said = [i for i, c in enumerate(cues) if c.action == "say" and c.status in ("done", "acked")]
    if said and engine.live():  # its {countdown} is the time left now (00:00 in overtime), whole seconds up
        cue = cues[said[-1]]
        left = -(-remaining // SECOND_MS) * SECOND_MS
        live = engine.cue_text(slot, items[said[-1]].cue, left)[1]
        cues[said[-1]] = replace(cue, live=live)
    nxt = engine.idx + 1
    waiting = 0
    if engine.state == "waiting":
        waiting = max(0, (engine.hard_at[engine.idx] or 0) - now)
    return Snapshot(
        t=now, state=engine.state, paused=engine.paused,
        clock_ms=None if engine.start_clock_ms is None else (engine.start_clock_ms + now) % DAY_MS,
        index=engine.idx, seg=slot.segment.id if slot else None,
        title=engine.title(engine.idx) if slot else "", end=engine.end_mode(engine.idx) if slot else "next",
        planned=slot.duration * SECOND_MS if slot else 0, added=engine.added.get(engine.idx, 0),
        elapsed=engine.elapsed(now), remaining=remaining,
        warn=bool(slot) and engine.state == "running" and 0 < remaining <= slot.segment.warn * SECOND_MS,
        overtime=engine.state == "running" and remaining < 0, behind=engine.behind(now), waiting=waiting,
        cues=tuple(cues),
        next_seg=engine.slots[nxt].segment.id if nxt < len(engine.slots) else None,
        next_title=engine.title(nxt) if nxt < len(engine.slots) else "",
        next_hard=_next_hard(engine, now),
        emergencies=tuple(o.view() for o in engine.emergencies.values()),
        total=engine.total, projected_end=_projected_end(engine, now))


def _projected_end(engine: "Engine", now: int) -> int:
    if engine.state == "finished":
        return engine.ended_at if engine.ended_at is not None else now
    if not engine.slots:
        return now
    at = now + (max(engine.remaining(now), 0) if engine.live() else 0)
    first = engine.idx + 1 if engine.live() else engine.idx
    for index in range(first, len(engine.slots)):
        target = engine.hard_at.get(index)
        if target is not None and target >= 0 and index not in engine.hard_started:
            at = target if engine.state != "waiting" or index != engine.idx else max(at, target)
        at += engine.slots[index].duration * SECOND_MS
    return at


def _next_hard(engine: "Engine", now: int) -> HardStartView | None:
    if engine.state in ("finished",) or not engine.slots:
        return None
    at = now + (max(engine.remaining(now), 0) if engine.state == "running" else 0)
    first = 0 if engine.state == "ready" else engine.idx + (engine.state != "waiting")
    for index in range(first, len(engine.slots)):
        target = engine.hard_at.get(index)
        if target is not None and index not in engine.hard_started:
            clock = None if engine.start_clock_ms is None else (engine.start_clock_ms + target) % DAY_MS
            return HardStartView(index, engine.slots[index].segment.id, clock, target, at, at - target)
        at += engine.slots[index].duration * SECOND_MS
    return None
