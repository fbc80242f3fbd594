"""The concrete run of show: expanded segments placed in time, with every cue occurrence.

Offsets are seconds from go-live. A hard start (``start: "21:00"``) places its segment at that
clock time when the go-live time is known; the slot records the gap or overlap it causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from livesop.format.expand import expand_segments
from livesop.format.model import Cue, Playbook, Product, Segment
from livesop.format.timefmt import DAY

# A hard start further than this after go-live is read as "before go-live" (a mistake).
_LATEST_HARD_START = 20 * 3600


@dataclass(frozen=True)
class Slot:
    """One segment of the run of show placed in time."""

    index: int
    segment: Segment
    product: Product | None
    start: int
    duration: int
    hard: str = ""  # "", "on-time", "gap", "overlap", "unanchored", "before-start"
    gap: int = 0  # seconds of nothing before a hard start
    overlap: int = 0  # seconds the previous segments run into a hard start

    @property
    def end(self) -> int:
        return self.start + self.duration


@dataclass(frozen=True)
class CueTime:
    """One firing of a cue: an ``every`` cue fires several times."""

    slot: Slot
    cue: Cue
    occurrence: int
    at: int  # seconds into the segment

    @property
    def show_time(self) -> int:
        return self.slot.start + self.at


@dataclass(frozen=True)
class Timeline:
    """The run of show placed in time: its slots in order and the go-live time (None: unknown)."""

    playbook: Playbook
    slots: tuple[Slot, ...]
    start_clock: int | None

    @property
    def total(self) -> int:
        return self.slots[-1].end if self.slots else 0

    def clock(self, offset: int) -> int | None:
        """Seconds after go-live day's midnight for a show offset (may exceed a day)."""
        return None if self.start_clock is None else self.start_clock + offset

    @cached_property
    def cue_times(self) -> tuple[CueTime, ...]:
        """Every cue occurrence in show order (ties keep the playbook's order)."""
        times = []
        for slot in self.slots:
            for cue in slot.segment.cues:
                if cue.at is None:
                    continue
                at, occurrence = cue.at, 0
                while True:
                    times.append(CueTime(slot, cue, occurrence, at))
                    if not cue.every:
                        break
                    at += cue.every
                    occurrence += 1
                    if at >= slot.duration:
                        break
        times.sort(key=lambda t: t.show_time)
        return tuple(times)


def build_timeline(playbook: Playbook, start_clock: int | None = None,
                   segments: tuple[Segment, ...] | None = None) -> Timeline:
    """Place the expanded segments; ``start_clock`` overrides the playbook's go-live time."""
    anchor = start_clock if start_clock is not None else playbook.start_clock
    slots: list[Slot] = []
    cursor = 0
    for index, segment in enumerate(segments if segments is not None else expand_segments(playbook)):
        duration = segment.duration or 0
        start, hard, gap, overlap = cursor, "", 0, 0
        if segment.start is not None:
            if anchor is None:
                hard = "unanchored"
            else:
                offset = (segment.start - anchor) % DAY
                if offset > _LATEST_HARD_START:
                    hard = "before-start"
                else:
                    start = offset
                    gap, overlap = max(0, offset - cursor), max(0, cursor - offset)
                    hard = "gap" if gap else "overlap" if overlap else "on-time"
        slots.append(Slot(index, segment, playbook.product(segment.product), start, duration, hard, gap, overlap))
        cursor = start + duration
    return Timeline(playbook, tuple(slots), anchor)
