"""The show's state machine: what happens by itself as show time passes.

Times are integer milliseconds of show time passed in by the caller (a monotonic clock, 0 at
go-live). Every deadline is computed from the current segment's anchor (when it began plus the
time it spent paused), never by adding up sleeps, so a late ``tick`` still gives each event its
exact due time. Nothing here reads a clock, a file or a key: ``tick`` returns the events that
fell due and ``next_deadline`` says when to tick again; the operator's operations are in
``runner/engine``.

Rules (docs/run.md): ``end: next`` advances by itself, ``end: hold`` counts into overtime until
taken (or advances like ``next`` when ``hold_as_next``); a hard start begins at its clock time,
cutting short what runs before it, or is reported late when it could not (paused, reached late);
``every`` cues repeat until the segment's planned end plus added time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livesop.format.library import Library
from livesop.format.model import Cue
from livesop.format.placeholders import render
from livesop.format.timefmt import DAY_MS, SECOND_MS
from livesop.format.timeline import Slot, Timeline
from livesop.runner import cues
from livesop.runner.cues import CueItem
from livesop.runner.events import Event

_LATEST_HARD_MS = 20 * 3600 * SECOND_MS  # a hard start further away than this lay before go-live
_HALF_DAY_MS = DAY_MS // 2


@dataclass
class _Visit:
    """A segment's state when it was left, for ``back``."""

    elapsed: int
    done: set[str]
    warned: bool
    overtimed: bool
    added: int


class Machine:
    """The state of one show and its progress by itself; ``Engine`` adds the operator's operations."""

    def __init__(self, timeline: Timeline, library: Library | None = None,
                 start_clock_ms: int | None = None, hold_as_next: bool = False):
        self.timeline = timeline
        self.playbook = timeline.playbook
        self.library = library
        self.slots: tuple[Slot, ...] = timeline.slots
        planned_clock = None if timeline.start_clock is None else timeline.start_clock * SECOND_MS
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
        self.pause_mark: int | None = None  # start of the pause as the current segment counts it
        self.running_since = 0
        self.added: dict[int, int] = {}
        self.items: list[CueItem] = []
        self.pending: list[CueItem] = []
        self.done: set[str] = set()
        self.warned = False
        self.overtimed = False
        self.visits: dict[int, _Visit] = {}  # segments left before their end, to be taken up where they were
        self.ran: dict[int, int] = {}  # actual time of each segment's finished visits (pauses included)
        self.hard_started: set[int] = set()
        self.fired: dict[str, tuple[int, str | None, int]] = {}  # key -> (t, role, slot index)
        self.ended_at: int | None = None
        self._before_stop: str = "running"
        self._titles: dict[int, str] = {}
        self._floor = 0  # show time up to which everything due has been handled

    # ----------------------------------------------------------------- queries

    @property
    def total(self) -> int:
        return self.timeline.total * SECOND_MS

    def duration(self, index: int) -> int:
        return self.slots[index].duration * SECOND_MS + self.added.get(index, 0)

    def elapsed(self, now: int) -> int:
        """Running time of the current segment (pauses excluded)."""
        if not self.live():
            return 0
        paused = now - self.pause_mark if self.paused and self.pause_mark is not None else 0
        return now - self.seg_start - self.seg_paused - paused

    def live(self) -> bool:
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
            return begin - self.slots[self.idx].start * SECOND_MS + self.go_live_late
        if self.state == "ready":
            return now + self.go_live_late
        projected_end = now + max(self.remaining(now), 0)
        return projected_end - self.slots[self.idx].end * SECOND_MS + self.go_live_late

    def title(self, index: int) -> str:
        if index not in self._titles:
            slot = self.slots[index]
            raw = slot.segment.title.value if slot.segment.title else (slot.segment.id or "")
            self._titles[index] = render(raw, cues.placeholder_values(self.playbook, slot))[0]
        return self._titles[index]

    def end_mode(self, index: int) -> str:
        """How segment ``index`` ends: ``next`` or ``hold``."""
        return self.slots[index].segment.end or "hold"

    def next_deadline(self) -> int | None:
        """Show time of the next thing that will happen by itself (None: nothing will)."""
        step = self._next_step()
        return None if step is None else step[0]

    def cue_text(self, slot: Slot, cue: Cue, countdown_ms: int | None = None) -> tuple[str, str]:
        """(action, rendered text) of a cue; an unresolvable ``say`` shows as ⟨ref?⟩."""
        return cues.render_cue(self.playbook, self.library, slot, cue, countdown_ms)

    def cue_plan(self, index: int) -> list[CueItem]:
        """Every firing planned for segment ``index`` with its current length, in firing order."""
        return cues.firings(self.slots[index], self.duration(index))

    # ----------------------------------------------------------------- time passing

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

    # ----------------------------------------------------------------- internals

    def _hard_target(self, slot: Slot) -> int | None:
        if self.start_clock_ms is None:
            return None
        offset = (slot.segment.start * SECOND_MS - self.start_clock_ms) % DAY_MS
        return offset - DAY_MS if offset > _LATEST_HARD_MS else offset

    def _ev(self, kind: str, t: int, **fields_: Any) -> Event:
        slot = self.slots[self.idx] if self.slots and kind not in ("show-start", "show-end") else None
        if slot is not None:
            fields_.setdefault("seg", slot.segment.id)
            fields_.setdefault("index", slot.index)
        fields_.setdefault("behind", self.behind(t))
        return Event(kind, t, **fields_)

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
        warn = segment.warn * SECOND_MS
        if not self.warned and 0 < warn < duration:
            steps.append((base + duration - warn, 1, "warn", None))
        auto = self.end_mode(self.idx) == "next" or self.hold_as_next
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
            out.append(self._ev("segment-warn", t, amount=self.slots[self.idx].segment.warn * SECOND_MS))
        elif action == "end":
            auto_hold = self.end_mode(self.idx) != "next"
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
                            planned=slot.start * SECOND_MS + item.at))

    def _finish_segment(self, t: int, reason: str, out: list[Event]) -> None:
        slot = self.slots[self.idx]
        if reason != "back":
            for item in self.pending:
                out.append(self._ev("cue-skipped", t, role=item.cue.role, cue=item.key,
                                    planned=slot.start * SECOND_MS + item.at))
        visit = t - self.entered
        ran = self.ran.get(self.idx, 0) + visit
        self.ran[self.idx] = ran
        elapsed = self.elapsed(t)
        data = (("duration", slot.duration * SECOND_MS), ("added", self.added.get(self.idx, 0)), ("elapsed", elapsed))
        if ran != visit:  # visited before: `amount` is this visit, `ran` and `over` count every visit
            data += (("ran", ran),)
        out.append(self._ev("segment-end", t, reason=reason, amount=visit, over=ran - slot.duration * SECOND_MS,
                            planned=slot.end * SECOND_MS, data=data))
        self.visits[self.idx] = _Visit(elapsed, set(self.done), self.warned, self.overtimed,
                                       self.added.get(self.idx, 0))
        self.pending = []

    def _skip_segment(self, index: int, t: int, out: list[Event]) -> None:
        slot = self.slots[index]
        visit = self.visits.pop(index, None)  # left by going back: what it fired is not skipped
        done = visit.done if visit is not None else set()
        out.append(Event("segment-skipped", t, seg=slot.segment.id, index=index, planned=slot.start * SECOND_MS,
                         behind=self.behind(t)))
        for item in self.cue_plan(index):
            if item.key in done:
                continue
            out.append(Event("cue-skipped", t, seg=slot.segment.id, index=index, role=item.cue.role, cue=item.key,
                             planned=slot.start * SECOND_MS + item.at))

    def _enter(self, index: int, t: int, reason: str, out: list[Event]) -> None:
        if index >= len(self.slots):
            self._finish_show(t, out)
            return
        visit = self.visits.pop(index, None)
        if visit is not None:  # left by going back: taken up where it was, its fired cues not repeated
            self._restore(index, visit, t, reason, out)
            return
        target = self.hard_at.get(index)
        if target is not None and target > t and index not in self.hard_started:
            self.idx = index
            self.state = "waiting"
            self.pending, self.items, self.done = [], [], set()
            if self.paused:
                self.pause_mark = t
            out.append(self._ev("hard-wait", t, amount=target - t, planned=self.slots[index].start * SECOND_MS))
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
                            planned=self.slots[index].start * SECOND_MS, amount=late,
                            data=(("duration", self.slots[index].duration * SECOND_MS),)))

    def _restore(self, index: int, visit: _Visit, t: int, reason: str, out: list[Event]) -> None:
        self.idx = index
        self.state = "running"
        self.seg_start = t - visit.elapsed
        self.entered = t
        self.seg_paused = 0
        if self.paused:
            self.pause_mark = t
        self.added[index] = visit.added
        self.items = self.cue_plan(index)
        self.done = set(visit.done)
        self.pending = [i for i in self.items if i.key not in self.done]
        self.warned, self.overtimed = visit.warned, visit.overtimed
        out.append(self._ev("segment-start", t, reason=reason, text=self.title(index),
                            planned=self.slots[index].start * SECOND_MS, data=(("elapsed", visit.elapsed),)))

    def _finish_show(self, t: int, out: list[Event]) -> None:
        self.state = "finished"
        self.ended_at = t
        self.pending = []
        out.append(Event("show-end", t, amount=t, over=t - self.total, behind=self.behind(t)))
