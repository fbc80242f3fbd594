"""The show's cue engine: a pure state machine over the run of show, driven by an injected clock.

Times are integer milliseconds of show time passed in by the caller (a monotonic clock, 0 at
go-live). Every deadline is computed from the current segment's anchor (when it began plus the
time it spent paused), never by adding up sleeps, so a late ``tick`` still gives each event its
exact due time. Nothing here reads a clock, a file or a key: operations and ``tick`` return the
events they caused, ``next_deadline`` says when to tick again and ``snapshot`` answers what a
display needs.

Rules (docs/run.md): ``end: next`` advances by itself, ``end: hold`` counts into overtime until
taken (or advances like ``next`` when ``hold_as_next``); a hard start begins at its clock time,
cutting short what runs before it, or is reported late when it could not (paused, reached late);
``every`` cues repeat until the segment's planned end plus added time.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from livesop.format.library import Library
from livesop.format.model import Cue, Emergency
from livesop.format.placeholders import render
from livesop.format.resolve import render_values, resolve_say
from livesop.format.timeline import Slot, Timeline

SECOND = 1000
DAY_MS = 86_400_000
_LATEST_HARD_MS = 20 * 3600 * SECOND  # a hard start further away than this lay before go-live
_HALF_DAY_MS = DAY_MS // 2

# kind: what it records. Operations (the operator's acts) are replayed from a log to resume a run.
KINDS: dict[str, str] = {
    "show-start": "the show went live",
    "segment-start": "a segment began (reason: start, next, take, back, hard-start, auto-hold)",
    "hard-wait": "the show reached a hard-start segment early and waits for its clock time",
    "cue": "a cue fired",
    "cue-skipped": "a cue never fired: its segment ended or was skipped first",
    "segment-warn": "the segment's `warn` time before its end was reached",
    "overtime": "a `hold` segment's time is up; it counts into overtime until taken",
    "segment-end": "a segment ended",
    "segment-skipped": "a segment was skipped by a hard start",
    "show-end": "the last segment ended",
    "emergency-step": "a step of an emergency plan that was opened",
    "pause": "operator: pause",
    "resume": "operator: resume",
    "take": "operator: take the next segment",
    "back": "operator: go back to the previous segment",
    "adjust": "operator: add (or remove) time on the current segment",
    "ack": "operator: acknowledge a cue",
    "emergency-open": "operator: open an emergency plan",
    "emergency-respond": "operator: the emergency is being handled (response time)",
    "emergency-close": "operator: the emergency is over (recovery time)",
    "show-stop": "operator: the run was stopped before the end",
    "interrupted": "the run was resumed from its log; the gap counts as a pause",
}
OPERATIONS = ("show-start", "pause", "resume", "take", "back", "adjust", "ack", "emergency-open",
              "emergency-respond", "emergency-close", "show-stop", "interrupted")


@dataclass(frozen=True)
class Event:
    """One thing that happened, at show time ``t`` (ms). Unused fields stay None."""

    kind: str
    t: int
    seg: str | None = None  # segment id
    index: int | None = None  # slot index in the run of show
    role: str | None = None
    cue: str | None = None  # cue key ``<segment>:<n>`` (``#<k>`` for the k-th firing of an `every` cue)
    action: str | None = None  # "say" or "do"
    text: str | None = None  # the rendered 话术, action, title or plan title
    planned: int | None = None  # planned show time (a cue's due time, a segment's planned start)
    over: int | None = None  # a finished segment's actual minus planned duration (ms)
    behind: int | None = None  # the whole show against the plan at this moment (+ late, - early)
    amount: int | None = None  # ms: pause length, time added, hard start lateness, response time...
    plan: str | None = None  # emergency plan id
    reason: str | None = None
    data: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "data":
                out.update(value)
            elif value is not None:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Event":
        names = {f.name for f in fields(cls)} - {"data"}
        known = {k: v for k, v in record.items() if k in names}
        extra = tuple((k, v) for k, v in record.items() if k not in names and k not in _RECORD_KEYS)
        return cls(**known, data=extra)

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.data).get(name, default)

    @property
    def signature(self) -> tuple:
        """What a replay must reproduce exactly."""
        return (self.kind, self.t, self.seg, self.cue, self.plan)


_RECORD_KEYS = {"type", "seq", "wall", "wall_ms", "prev"}  # run-log fields around an event


@dataclass(frozen=True)
class CueItem:
    """One planned firing of a cue inside its segment."""

    at: int  # ms into the segment
    number: int  # 1-based position of the cue in its segment
    occurrence: int  # 0 for the first firing of an `every` cue
    cue: Cue
    key: str


@dataclass(frozen=True)
class CueView:
    key: str
    role: str | None
    action: str
    text: str
    due: int  # show time (ms) at which it fires / fired on the current segment's clock
    status: str  # done, acked, next, pending
    at: int = 0  # ms into the segment (a countdown to it is ``at - elapsed``, frozen while paused)


@dataclass(frozen=True)
class OpenEmergency:
    id: str
    title: str
    severity: str | None
    opened: int
    responded: int | None
    respond_within: int | None  # ms
    recover_within: int | None  # ms


@dataclass(frozen=True)
class HardStartView:
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


@dataclass
class _Visit:
    """A segment's state when it was left, for ``back``."""

    elapsed: int
    done: set[str]
    warned: bool
    overtimed: bool
    added: int


@dataclass
class _Open:
    plan: Emergency
    opened: int
    responded: int | None = None


class Engine:
    """The state of one show; see the module docstring for the rules."""

    def __init__(self, timeline: Timeline, library: Library | None = None,
                 start_clock_ms: int | None = None, hold_as_next: bool = False):
        self.timeline = timeline
        self.playbook = timeline.playbook
        self.library = library
        self.slots: tuple[Slot, ...] = timeline.slots
        planned_clock = None if timeline.start_clock is None else timeline.start_clock * SECOND
        self.start_clock_ms = start_clock_ms if start_clock_ms is not None else planned_clock
        # How late go-live was against the plan (a clock difference within ±12 h).
        self.go_live_late = 0
        if planned_clock is not None and self.start_clock_ms is not None:
            self.go_live_late = (self.start_clock_ms - planned_clock + _HALF_DAY_MS) % DAY_MS - _HALF_DAY_MS
        self.hard_at: dict[int, int | None] = {
            slot.index: self._hard_target(slot) for slot in self.slots if slot.segment.start is not None}
        self._hard_order = sorted(i for i, target in self.hard_at.items() if target is not None and target >= 0)
        self.hold_as_next = hold_as_next
        self.state = "ready"
        self.paused = False
        self.idx = 0
        self.seg_start = 0  # when the current segment's clock started (show ms)
        self.seg_paused = 0  # ms the current segment spent paused (finished pauses)
        self.entered = 0  # when the current segment was entered (for its actual duration)
        self.pause_began: int | None = None
        self.pause_mark: int | None = None  # start of the pause as the current segment counts it
        self.running_since = 0
        self.added: dict[int, int] = {}
        self.items: list[CueItem] = []
        self.pending: list[CueItem] = []
        self.done: set[str] = set()
        self.warned = False
        self.overtimed = False
        self.visits: dict[int, _Visit] = {}
        self.hard_started: set[int] = set()
        self.fired: dict[str, tuple[int, str | None, int]] = {}  # key -> (t, role, slot index)
        self.acked: set[str] = set()
        self.emergencies: dict[str, _Open] = {}
        self.paused_total = 0
        self.ended_at: int | None = None
        self._before_stop: str = "running"
        self._titles: dict[int, str] = {}
        self._floor = 0  # show time up to which everything due has been handled

    # ----------------------------------------------------------------- queries

    @property
    def total(self) -> int:
        return self.timeline.total * SECOND

    def duration(self, index: int) -> int:
        return self.slots[index].duration * SECOND + self.added.get(index, 0)

    def elapsed(self, now: int) -> int:
        """Running time of the current segment (pauses excluded)."""
        if not self._live():
            return 0
        paused = now - self.pause_mark if self.paused and self.pause_mark is not None else 0
        return now - self.seg_start - self.seg_paused - paused

    def _live(self) -> bool:
        """Whether the current segment's clock exists (running, or stopped while running)."""
        return self.state == "running" or (self.state == "stopped" and self._before_stop == "running")

    def remaining(self, now: int) -> int:
        return self.duration(self.idx) - self.elapsed(now) if self.slots else 0

    def behind(self, now: int) -> int:
        """How late (+) or early (-) the show runs against the plan's clock."""
        if not self.slots:
            return 0
        if self.state == "finished":
            end = self.ended_at if self.ended_at is not None else now
            return end - self.total + self.go_live_late
        if self.state == "waiting":
            begin = max(now, self.hard_at[self.idx] or 0)
            return begin - self.slots[self.idx].start * SECOND + self.go_live_late
        if self.state == "ready":
            return now + self.go_live_late
        projected_end = now + max(self.remaining(now), 0)
        return projected_end - self.slots[self.idx].end * SECOND + self.go_live_late

    def title(self, index: int) -> str:
        if index not in self._titles:
            slot = self.slots[index]
            raw = slot.segment.title.value if slot.segment.title else (slot.segment.id or "")
            self._titles[index] = render(raw, self._values(slot))[0]
        return self._titles[index]

    def next_deadline(self) -> int | None:
        """Show time of the next thing that will happen by itself (None: nothing will)."""
        step = self._next_step()
        return None if step is None else step[0]

    def cue_text(self, slot: Slot, cue: Cue, countdown_ms: int | None = None) -> tuple[str, str]:
        """(action, rendered text) of a cue; an unresolvable ``say`` shows as ⟨ref?⟩."""
        values = self._values(slot, countdown_ms)
        if cue.say:
            text = resolve_say(self.playbook, self.library, cue.say)
            return "say", render(text.value, values)[0].strip() if text else f"⟨{cue.say}?⟩"
        raw = cue.do.value if cue.do is not None else ""
        return "do", render(raw, values)[0].strip()

    def snapshot(self, now: int) -> Snapshot:
        slot = self.slots[self.idx] if self.slots else None
        base = self.seg_start + self.seg_paused
        cues = []
        if slot is not None and self.state in ("running", "waiting", "stopped"):
            next_key = self.pending[0].key if self.pending and self.state == "running" else None
            items = self.items if self.state == "running" else self.cue_plan(self.idx)
            for item in items:
                status = ("acked" if item.key in self.acked else "done") if item.key in self.done else (
                    "next" if item.key == next_key else "pending")
                action, text = self.cue_text(slot, item.cue, self.duration(self.idx) - item.at)
                due = (base if self.state == "running" else now) + item.at
                cues.append(CueView(item.key, item.cue.role, action, text, due, status, item.at))
        remaining = self.remaining(now) if slot is not None else 0
        nxt = self.idx + 1
        waiting = 0
        if self.state == "waiting":
            waiting = max(0, (self.hard_at[self.idx] or 0) - now)
        return Snapshot(
            t=now, state=self.state, paused=self.paused,
            clock_ms=None if self.start_clock_ms is None else (self.start_clock_ms + now) % DAY_MS,
            index=self.idx, seg=slot.segment.id if slot else None,
            title=self.title(self.idx) if slot else "", end=self._end_mode(self.idx) if slot else "next",
            planned=slot.duration * SECOND if slot else 0, added=self.added.get(self.idx, 0),
            elapsed=self.elapsed(now), remaining=remaining,
            warn=bool(slot) and self.state == "running" and 0 < remaining <= slot.segment.warn * SECOND,
            overtime=self.state == "running" and remaining < 0, behind=self.behind(now), waiting=waiting,
            cues=tuple(cues),
            next_seg=self.slots[nxt].segment.id if nxt < len(self.slots) else None,
            next_title=self.title(nxt) if nxt < len(self.slots) else "",
            next_hard=self._next_hard(now),
            emergencies=tuple(self._emergency_view(o) for o in self.emergencies.values()),
            total=self.total, projected_end=self._projected_end(now))

    # ----------------------------------------------------------------- operations

    def tick(self, now: int) -> list[Event]:
        """Every event due at or before ``now``, each at its own due time."""
        out: list[Event] = []
        while True:
            step = self._next_step()
            if step is None or step[0] > now:
                self._floor = max(self._floor, now)
                return out
            self._floor = step[0]
            self._do(step, out)

    def start(self, now: int) -> list[Event]:
        if self.state != "ready":
            return []
        self.state = "running"
        self.running_since = now
        out = [Event("show-start", now, amount=self.total, data=(("segments", len(self.slots)),))]
        if not self.slots:
            self._finish_show(now, out)
            return out
        self._enter(0, now, "start", out)
        return out + self.tick(now)

    def pause(self, now: int) -> list[Event]:
        out = self.tick(now)
        if self.paused or self.state not in ("running", "waiting"):
            return out
        self.paused = True
        self.pause_began = self.pause_mark = now
        out.append(self._ev("pause", now))
        return out

    def resume(self, now: int) -> list[Event]:
        out = self.tick(now)
        if not self.paused or self.state not in ("running", "waiting"):
            return out
        self._unpause(now)
        length = now - (self.pause_began if self.pause_began is not None else now)
        self.paused_total += length
        out.append(self._ev("resume", now, amount=length))
        return out + self.tick(now)

    def take(self, now: int) -> list[Event]:
        out = self.tick(now)
        if self.state == "waiting":
            out.append(self._ev("take", now))
            self._begin(self.idx, now, "take", out)
        elif self.state == "running":
            out.append(self._ev("take", now))
            self._finish_segment(now, "take", out)
            self._enter(self.idx + 1, now, "take", out)
        else:
            return out
        return out + self.tick(now)

    def back(self, now: int) -> list[Event]:
        out = self.tick(now)
        if self.state not in ("running", "waiting") or self.idx == 0:
            return out
        out.append(self._ev("back", now))
        if self.state == "running":
            self._finish_segment(now, "back", out)
        target = self.idx - 1
        visit = self.visits.pop(target, None)
        if visit is None:
            self._begin(target, now, "back", out)
        else:
            self._restore(target, visit, now, out)
        return out + self.tick(now)

    def adjust(self, now: int, delta_ms: int) -> list[Event]:
        """Add (``delta_ms`` > 0) or remove time on the current segment; it never goes below 0."""
        out = self.tick(now)
        if self.state != "running" or not delta_ms:
            return out
        planned = self.slots[self.idx].duration * SECOND
        before = self.added.get(self.idx, 0)
        elapsed = self.elapsed(now)
        after = max(before + delta_ms, -planned, min(before, elapsed - planned))  # the end is never in the past
        if after == before:
            return out
        self.added[self.idx] = after
        waiting = {item.key for item in self.pending}
        self.items = self.cue_plan(self.idx)
        self.pending = [i for i in self.items if i.key not in self.done and (i.key in waiting or i.at >= elapsed)]
        remaining = self.duration(self.idx) - elapsed
        if remaining > self.slots[self.idx].segment.warn * SECOND:
            self.warned = False
        if remaining > 0:
            self.overtimed = False
        out.append(self._ev("adjust", now, amount=after - before, data=(("added", after),)))
        return out + self.tick(now)

    def ack(self, now: int, key: str | None = None) -> list[Event]:
        """Acknowledge a fired cue: ``key``, or the latest fired cue not yet acknowledged."""
        out = self.tick(now)
        if key is None:
            key = next((k for k in reversed(self.fired) if k not in self.acked), None)
        if key is None or key not in self.fired or key in self.acked:
            return out
        self.acked.add(key)
        fired_t, role, index = self.fired[key]
        out.append(Event("ack", now, seg=self.slots[index].segment.id, index=index, role=role, cue=key,
                         amount=now - fired_t, behind=self.behind(now)))
        return out

    def open_emergency(self, now: int, plan_id: str) -> list[Event]:
        plan = self.playbook.emergency(plan_id)
        if plan is None:
            raise KeyError(plan_id)
        out = self.tick(now)
        if plan_id in self.emergencies or self.state in ("ready", "finished"):
            return out
        self.emergencies[plan_id] = _Open(plan, now)
        slot = self.slots[self.idx] if self.slots else None
        left = self.remaining(now) if self._live() else None
        hold = ""
        if plan.hold:
            text = resolve_say(self.playbook, self.library, plan.hold)
            hold = render(text.value, self._values(slot, left))[0].strip() if text else f"⟨{plan.hold}?⟩"
        data = (("severity", plan.severity), ("respond_within", _ms(plan.respond_within)),
                ("recover_within", _ms(plan.recover_within)), ("owner", plan.owner), ("hold", hold or None))
        out.append(self._ev("emergency-open", now, plan=plan_id, text=plan.title.value if plan.title else plan_id,
                            data=tuple((k, v) for k, v in data if v is not None)))
        for number, step in enumerate(plan.steps, 1):
            action, text = self.cue_text(slot, step, left) if slot else ("do", "")
            out.append(self._ev("emergency-step", now, plan=plan_id, role=step.role, action=action, text=text,
                                cue=f"{plan_id}:{number}"))
        return out

    def respond_emergency(self, now: int, plan_id: str | None = None) -> list[Event]:
        out = self.tick(now)
        candidates = [o for o in self.emergencies.values() if o.responded is None]
        found = self._pick_open(candidates, plan_id)
        if found is None:
            return out
        found.responded = now
        target = _ms(found.plan.respond_within)
        out.append(self._ev("emergency-respond", now, plan=found.plan.id, amount=now - found.opened,
                            data=(("target", target),) if target is not None else ()))
        return out

    def close_emergency(self, now: int, plan_id: str | None = None) -> list[Event]:
        out = self.tick(now)
        found = self._pick_open(list(self.emergencies.values()), plan_id)
        if found is None:
            return out
        del self.emergencies[found.plan.id]
        target = _ms(found.plan.recover_within)
        out.append(self._ev("emergency-close", now, plan=found.plan.id, amount=now - found.opened,
                            data=(("target", target),) if target is not None else ()))
        return out

    def stop(self, now: int) -> list[Event]:
        """The operator ends the run before the show's end (Ctrl-C, quit)."""
        out = self.tick(now)
        if self.state in ("finished", "stopped", "ready"):
            return out
        self._before_stop = self.state
        self.state = "stopped"
        out.append(self._ev("show-stop", now))
        return out

    def interrupted(self, since: int, now: int, **data: Any) -> list[Event]:
        """Continue after the run was cut off at ``since``: the gap counts as a pause."""
        out: list[Event] = []
        if self.state == "stopped":
            self.state = self._before_stop
        if self.state not in ("running", "waiting"):
            return out
        gap = max(0, now - since)
        if not self.paused:
            if self.state == "running":
                self.seg_paused += gap
            self.running_since = now
        out.append(self._ev("interrupted", now, amount=gap, data=tuple(sorted(data.items()))))
        return out + self.tick(now)

    # ----------------------------------------------------------------- internals

    def _hard_target(self, slot: Slot) -> int | None:
        if self.start_clock_ms is None:
            return None
        offset = (slot.segment.start * SECOND - self.start_clock_ms) % DAY_MS
        return offset - DAY_MS if offset > _LATEST_HARD_MS else offset

    def _values(self, slot: Slot | None, countdown_ms: int | None = None) -> dict:
        if slot is None:
            return render_values(self.playbook)
        countdown = None if countdown_ms is None else max(0, countdown_ms) // SECOND
        return render_values(self.playbook, slot.segment, slot.product, countdown=countdown)

    def _end_mode(self, index: int) -> str:
        return self.slots[index].segment.end or "hold"

    def _ev(self, kind: str, t: int, **fields_: Any) -> Event:
        slot = self.slots[self.idx] if self.slots and kind not in ("show-start", "show-end") else None
        if slot is not None:
            fields_.setdefault("seg", slot.segment.id)
            fields_.setdefault("index", slot.index)
        fields_.setdefault("behind", self.behind(t))
        return Event(kind, t, **fields_)

    def cue_plan(self, index: int) -> list[CueItem]:
        """Every firing planned for segment ``index`` with its current length, in firing order."""
        slot = self.slots[index]
        limit = self.duration(index)
        items = []
        for number, cue in enumerate(slot.segment.cues, 1):
            if cue.at is None:
                continue
            at, occurrence = cue.at * SECOND, 0
            while True:
                key = f"{slot.segment.id}:{number}" + (f"#{occurrence + 1}" if cue.every else "")
                items.append(CueItem(at, number, occurrence, cue, key))
                if not cue.every:
                    break
                at += cue.every * SECOND
                occurrence += 1
                if at >= limit:
                    break
        items.sort(key=lambda item: (item.at, item.number, item.occurrence))
        return items

    def _next_cut(self) -> tuple[int, int] | None:
        """(when, index) of the hard start that will cut in next; the latest one when several are due."""
        due = [(max(self.hard_at[index], self.running_since), -index) for index in self._hard_order
               if index > self.idx and index not in self.hard_started]
        if not due:
            return None
        when, negative = min(due)
        return when, -negative

    def _next_step(self) -> tuple | None:
        if self.paused or self.state not in ("running", "waiting"):
            return None
        if self.state == "waiting":
            return (max(self.hard_at[self.idx], self.running_since, self._floor), 0, "begin", None)
        base = self.seg_start + self.seg_paused
        duration = self.duration(self.idx)
        segment = self.slots[self.idx].segment
        steps = []
        if self.pending:
            steps.append((base + self.pending[0].at, 0, "cue", None))
        warn = segment.warn * SECOND
        if not self.warned and 0 < warn < duration:
            steps.append((base + duration - warn, 1, "warn", None))
        auto = self._end_mode(self.idx) == "next" or self.hold_as_next
        if auto:
            steps.append((base + duration, 2, "end", None))
        cut = self._next_cut()
        if cut is not None:
            steps.append((cut[0], 3, "cut", cut[1]))
        if not auto and not self.overtimed:
            steps.append((base + duration, 4, "overtime", None))
        if not steps:
            return None
        # Nothing is due before what has already been handled (after removing time, say).
        when, priority, action, arg = min(steps, key=lambda s: (s[0], s[1]))
        return max(when, self._floor), priority, action, arg

    def _do(self, step: tuple, out: list[Event]) -> None:
        t, _, action, arg = step
        if action == "cue":
            item = self.pending.pop(0)
            self._fire(item, t, out)
        elif action == "warn":
            self.warned = True
            out.append(self._ev("segment-warn", t, amount=self.slots[self.idx].segment.warn * SECOND))
        elif action == "end":
            auto_hold = self._end_mode(self.idx) != "next"
            self._finish_segment(t, "auto-hold" if auto_hold else "next", out)
            self._enter(self.idx + 1, t, "auto-hold" if auto_hold else "next", out)
        elif action == "cut":
            self._finish_segment(t, "hard-start", out)
            for index in range(self.idx + 1, arg):
                self._skip_segment(index, t, out)
            self._begin(arg, t, "hard-start", out)
        elif action == "overtime":
            self.overtimed = True
            out.append(self._ev("overtime", t))
        elif action == "begin":
            self._begin(self.idx, t, "hard-start", out)

    def _fire(self, item: CueItem, t: int, out: list[Event]) -> None:
        slot = self.slots[self.idx]
        action, text = self.cue_text(slot, item.cue, self.duration(self.idx) - item.at)
        self.done.add(item.key)
        self.fired[item.key] = (t, item.cue.role, self.idx)
        out.append(self._ev("cue", t, role=item.cue.role, cue=item.key, action=action, text=text,
                            planned=slot.start * SECOND + item.at))

    def _finish_segment(self, t: int, reason: str, out: list[Event]) -> None:
        slot = self.slots[self.idx]
        if reason != "back":
            for item in self.pending:
                out.append(self._ev("cue-skipped", t, role=item.cue.role, cue=item.key,
                                    planned=slot.start * SECOND + item.at))
        actual = t - self.entered
        elapsed = self.elapsed(t)
        out.append(self._ev("segment-end", t, reason=reason, amount=actual, over=actual - slot.duration * SECOND,
                            planned=slot.end * SECOND,
                            data=(("duration", slot.duration * SECOND), ("added", self.added.get(self.idx, 0)),
                                  ("elapsed", elapsed))))
        self.visits[self.idx] = _Visit(elapsed, set(self.done), self.warned, self.overtimed,
                                       self.added.get(self.idx, 0))
        self.pending = []

    def _skip_segment(self, index: int, t: int, out: list[Event]) -> None:
        slot = self.slots[index]
        out.append(Event("segment-skipped", t, seg=slot.segment.id, index=index, planned=slot.start * SECOND,
                         behind=self.behind(t)))
        for item in self.cue_plan(index):
            out.append(Event("cue-skipped", t, seg=slot.segment.id, index=index, role=item.cue.role, cue=item.key,
                             planned=slot.start * SECOND + item.at))

    def _enter(self, index: int, t: int, reason: str, out: list[Event]) -> None:
        if index >= len(self.slots):
            self._finish_show(t, out)
            return
        target = self.hard_at.get(index)
        if target is not None and target > t and index not in self.hard_started:
            self.idx = index
            self.state = "waiting"
            self.pending, self.items, self.done = [], [], set()
            if self.paused:
                self.pause_mark = t
            out.append(self._ev("hard-wait", t, amount=target - t, planned=self.slots[index].start * SECOND))
            return
        self._begin(index, t, reason, out)

    def _begin(self, index: int, t: int, reason: str, out: list[Event]) -> None:
        self.idx = index
        self.state = "running"
        self.seg_start = self.entered = t
        self.seg_paused = 0
        if self.paused:
            self.pause_mark = t
        self.added[index] = 0
        self.items = self.cue_plan(index)
        self.pending = list(self.items)
        self.done = set()
        self.warned = self.overtimed = False
        late = None
        if index in self.hard_at:
            self.hard_started.add(index)
            target = self.hard_at[index]
            late = None if target is None else t - target
        out.append(self._ev("segment-start", t, reason=reason, text=self.title(index),
                            planned=self.slots[index].start * SECOND, amount=late,
                            data=(("duration", self.slots[index].duration * SECOND),)))

    def _restore(self, index: int, visit: _Visit, t: int, out: list[Event]) -> None:
        self.idx = index
        self.state = "running"
        self.seg_start = t - visit.elapsed
        self.entered = t - visit.elapsed
        self.seg_paused = 0
        if self.paused:
            self.pause_mark = t
        self.added[index] = visit.added
        self.items = self.cue_plan(index)
        self.done = set(visit.done)
        self.pending = [i for i in self.items if i.key not in self.done]
        self.warned, self.overtimed = visit.warned, visit.overtimed
        out.append(self._ev("segment-start", t, reason="back", text=self.title(index),
                            planned=self.slots[index].start * SECOND, data=(("elapsed", visit.elapsed),)))

    def _finish_show(self, t: int, out: list[Event]) -> None:
        self.state = "finished"
        self.ended_at = t
        self.pending = []
        out.append(Event("show-end", t, amount=t, over=t - self.total, behind=self.behind(t)))

    def _unpause(self, now: int) -> None:
        if self.state == "running" and self.pause_mark is not None:
            self.seg_paused += now - self.pause_mark
        self.paused = False
        self.pause_mark = None
        self.running_since = now

    def _pick_open(self, candidates: list[_Open], plan_id: str | None) -> _Open | None:
        if plan_id is not None:
            return next((o for o in candidates if o.plan.id == plan_id), None)
        return max(candidates, key=lambda o: o.opened, default=None)

    def _emergency_view(self, o: _Open) -> OpenEmergency:
        plan = o.plan
        return OpenEmergency(plan.id, plan.title.value if plan.title else plan.id, plan.severity, o.opened,
                             o.responded, _ms(plan.respond_within), _ms(plan.recover_within))

    def _projected_end(self, now: int) -> int:
        if self.state == "finished":
            return self.ended_at if self.ended_at is not None else now
        if not self.slots:
            return now
        at = now + (max(self.remaining(now), 0) if self._live() else 0)
        first = self.idx + 1 if self._live() else self.idx
        for index in range(first, len(self.slots)):
            target = self.hard_at.get(index)
            if target is not None and target >= 0 and index not in self.hard_started:
                at = target if self.state != "waiting" or index != self.idx else max(at, target)
            at += self.slots[index].duration * SECOND
        return at

    def _next_hard(self, now: int) -> HardStartView | None:
        if self.state in ("finished",) or not self.slots:
            return None
        at = now + (max(self.remaining(now), 0) if self.state == "running" else 0)
        first = 0 if self.state == "ready" else self.idx + (self.state != "waiting")
        for index in range(first, len(self.slots)):
            target = self.hard_at.get(index)
            if target is not None and index not in self.hard_started:
                clock = None if self.start_clock_ms is None else (self.start_clock_ms + target) % DAY_MS
                return HardStartView(index, self.slots[index].segment.id, clock, target, at, at - target)
            at += self.slots[index].duration * SECOND
        return None


def _ms(seconds: int | None) -> int | None:
    return None if seconds is None else seconds * SECOND


__all__ = ["Engine", "Event", "Snapshot", "CueView", "HardStartView", "OpenEmergency", "KINDS", "OPERATIONS",
           "SECOND", "DAY_MS"]
