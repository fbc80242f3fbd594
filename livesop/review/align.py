"""The run placed on the clock the data is written in: which segment ran at each moment.

A real-time run (speed 1) went live at the log's ``start_wall_ms``; the data's clock times are
read in the zone ``--tz`` names. A rehearsal (``--speed``) ran on the plan's clock: show time 0 is
the playbook's start (or ``--start-at``), on the day of the rehearsal, or, when the data's dates
are all far from it, on the first day the data names. Show time comes from the run log's actual
events, so a late start, a held segment and a segment visited twice are measured as they ran.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from livesop.format.timefmt import DAY_MS, hhmmss_ms
from livesop.review.values import EPOCH_ORDINAL, Stamp
from livesop.runner.events import Event
from livesop.runner.runlog import LogRead

MINUTE_MS = 60_000
BEFORE, AFTER, WAITING = "before the show", "after the show", "waiting for a hard start"
BETWEEN = "between segments"  # the log has a gap between two visits (a run stopped and resumed)
OUTSIDE = (BEFORE, WAITING, BETWEEN, AFTER)  # places that are not a segment, in show order


@dataclass(frozen=True)
class Visit:
    """A stretch of show time (ms) and the segment that ran in it (None: waiting for a hard start)."""

    start: int  # show ms
    end: int
    seg: str | None  # None: the show waited for a hard start


@dataclass
class ShowTimes:
    """The run's visits on its show clock, and the moment (in the data's zone) show time 0 is."""

    visits: list[Visit]
    end: int  # show ms the run ended
    rehearsal: bool
    zone: dt.tzinfo
    local0_ms: int  # show time 0 as local ms since 1970-01-01 00:00 in ``zone`` (plan clock for a rehearsal)
    utc0_ms: int | None  # show time 0 as UTC epoch ms (a real-time run)
    starts: list[int] = field(default_factory=list)
    _offsets: dict = field(default_factory=dict)

    def __post_init__(self):
        self.starts = [visit.start for visit in self.visits]

    @property
    def clock0_ms(self) -> int:
        """Show time 0 as ms after its day's midnight (the data's clock)."""
        return self.local0_ms % DAY_MS

    def clock(self, t: int) -> str:
        """``HH:MM:SS`` on the data's clock at show time ``t``."""
        return hhmmss_ms(self.local0_ms + t)

    def minute(self, t: int) -> str:
        return self.clock(t)[:5]

    def place(self, t: int) -> str:
        """The segment running at show time ``t``: its id, or one of ``OUTSIDE``."""
        if t < 0:
            return BEFORE
        if t >= self.end:
            return AFTER
        index = bisect.bisect_right(self.starts, t) - 1
        if index < 0:
            return BEFORE
        visit = self.visits[index]
        if t >= visit.end:
            return BETWEEN
        return visit.seg if visit.seg is not None else WAITING

    def show_ms(self, mark: Stamp, day_shift: int | None = None) -> int:
        """Show time of ``mark``. An undated clock time takes the day (the show's, the one before or
        after) that puts it nearest the show; ``day_shift`` moves dated times of a rehearsal."""
        if mark.utc_ms is not None:
            if self.utc0_ms is not None:
                return mark.utc_ms - self.utc0_ms
            local = mark.utc_ms + self._offset_utc(mark.utc_ms)
            return local + (day_shift or 0) * DAY_MS - self.local0_ms
        if mark.day is None:
            base = self.local0_ms - self.clock0_ms  # midnight of the show's first day
            best = None
            for days in (-1, 0, 1):
                t = self._local_to_show(base + days * DAY_MS + mark.clock_ms)
                distance = -t if t < 0 else t - self.end if t > self.end else 0
                if best is None or distance < best[0]:
                    best = (distance, t)
            return best[1]
        local = (mark.day - EPOCH_ORDINAL) * DAY_MS + mark.clock_ms
        return self._local_to_show(local + (day_shift or 0) * DAY_MS)

    def day_shift(self, days: set[int]) -> int:
        """Days to move the data's dates by in a rehearsal: none when a date is within a day of the
        rehearsal's, else onto the first date the data names."""
        if self.utc0_ms is not None or not days:
            return 0
        show_day = EPOCH_ORDINAL + self.local0_ms // DAY_MS
        if any(abs(day - show_day) <= 1 for day in days):
            return 0
        return show_day - min(days)

    def _local_to_show(self, local_ms: int) -> int:
        if self.utc0_ms is None:
            return local_ms - self.local0_ms
        return local_ms - self._offset_local(local_ms) - self.utc0_ms

    def _offset_local(self, local_ms: int) -> int:
        """The zone's UTC offset (ms) at a local time, cached by the hour."""
        hour = local_ms // 3_600_000
        if hour not in self._offsets:
            moment = dt.datetime(1970, 1, 1) + dt.timedelta(hours=hour)
            self._offsets[hour] = int(moment.replace(tzinfo=self.zone).utcoffset().total_seconds() * 1000)
        return self._offsets[hour]

    def _offset_utc(self, utc_ms: int) -> int:
        hour = ("utc", utc_ms // 3_600_000)
        if hour not in self._offsets:
            moment = dt.datetime.fromtimestamp(hour[1] * 3600, dt.timezone.utc).astimezone(self.zone)
            self._offsets[hour] = int(moment.utcoffset().total_seconds() * 1000)
        return self._offsets[hour]


def show_times(read: LogRead, zone: dt.tzinfo) -> ShowTimes:
    """The run of ``read`` on the clock of ``zone``."""
    head = read.header or {}
    events = read.events
    end = next((e.t for e in reversed(events) if e.kind in ("show-end", "show-stop")), read.last_t)
    visits = _visits(events, end)
    rehearsal = float(head.get("speed") or 1) != 1  # on its show clock: the plan's, else go-live's clock of day
    wall0 = int(head.get("start_wall_ms") or 0)
    moment = dt.datetime.fromtimestamp(wall0 / 1000, dt.timezone.utc).astimezone(zone)
    local_wall0 = wall0 + int(moment.utcoffset().total_seconds() * 1000)
    if rehearsal:
        day0 = local_wall0 - local_wall0 % DAY_MS
        return ShowTimes(visits, end, True, zone, day0 + int(head.get("start_clock_ms") or 0), None)
    return ShowTimes(visits, end, False, zone, local_wall0, wall0)


def _visits(events: list[Event], end: int) -> list[Visit]:
    """Each stretch of show time with the segment that ran in it (None: waiting for a hard start)."""
    visits: list[Visit] = []
    current: tuple[str | None, int] | None = None

    def close(t: int) -> None:
        nonlocal current
        if current is not None and t > current[1]:
            visits.append(Visit(current[1], t, current[0]))
        current = None

    for e in events:
        if e.kind == "segment-start":
            close(e.t)
            current = (e.seg, e.t)
        elif e.kind == "hard-wait":
            close(e.t)
            current = (None, e.t)
        elif e.kind == "segment-end" and current is not None and current[0] == e.seg:
            close(e.t)
        elif e.kind in ("show-end", "show-stop"):
            close(e.t)
    close(max(end, current[1]) if current is not None else end)
    return visits
