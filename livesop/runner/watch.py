"""The 弹幕 watch of ``livesop run --comments``: live comments screened, counted over a rolling
window on the show's clock, and graded alerts from the playbook's ``compliance.comments``.

Pure: no clock, no I/O. Every method takes the show time ``now`` (ms) and the segment running
(``seg``), and returns the events to log, as the engine's operations do. The comments come from
``runner/comments`` (a file, standard input) or from the web server; the loop that drives the
show polls them and hands them here.

- **Screening**: each comment is read with the compliance matcher (characters, sound, folded
  forms, contact details) against the 舆情 lexicon (``livesop/data/negative.yaml``), the team's
  ``compliance.extra`` terms, and the diversion terms of the playbook's platform. A comment with
  a negative term counts as negative; one that sends viewers off the platform (加微信, a phone
  number, a WeChat id, another platform) as a diversion attempt, a category of its own. Each
  such comment is logged (``comment``); the others are only counted.
- **Window**: a comment counts from the show time it arrived until ``window`` later (default one
  minute); the window is the engine's clock, so a rehearsal at ``--speed 60`` counts in show time.
- **Levels, with hysteresis**: level *n* is raised when the negative comments in the window reach
  its ``at`` (one ``comment-alert`` per rise, the highest level reached, however many comments a
  burst brings at once); it falls when the count drops below half its ``at`` (rounded up), one
  ``comment-clear`` per fall. A count that wobbles around ``at`` raises no second alert.
- **Tally**: what was read in each segment (comments, negative, diversion, malformed lines) is
  logged as one ``comments`` event when the segment changes and when the run ends; the 复盘
  counts them per segment from there.

These events are not the engine's: ``--resume`` and the report's plan ignore them for the show's
state (``events.WATCH_KINDS``). From a file, a flagged comment says where its line ends (``at``)
and a tally how far the file was read (``read_to``), so that a resumed run reads what it missed
(``catch_up``): counted once, logged once, never in the window.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from livesop.format.model import DEFAULT_ALERT_LEVELS, DEFAULT_COMMENT_WINDOW, Playbook
from livesop.format.timefmt import SECOND_MS, human_duration_ms
from livesop.i18n import _, ngettext
from livesop.runner.comments import MALFORMED, Comment, Item, parse_mark
from livesop.runner.events import Event

TEXT_KEPT = 200  # characters of a comment written to the run log
COUNTS = ("read", "negative", "diversion", "malformed")


@dataclass(frozen=True)
class Level:
    """One alert level: raised at ``at`` negative comments in the window, cleared below ``clear``."""

    number: int
    at: int
    clear: int
    role: str | None = None
    plan: str | None = None  # the emergency plan to suggest opening
    do: str = ""


@dataclass(frozen=True)
class Flagged:
    """The latest comment that was negative or a diversion attempt, for the views."""

    t: int
    text: str
    user: str
    category: str  # negative, diversion, or negative,diversion


@dataclass(frozen=True)
class WatchView:
    """What a view shows of the watch at a moment."""

    window: int  # ms
    negative: int  # negative comments in the window
    diversion: int  # diversion attempts in the window
    level: int  # 0: no alert
    alert: Level | None  # the level raised, when one is
    read: int  # comments read this run
    malformed: int  # lines skipped this run
    last: Flagged | None

    def to_dict(self) -> dict:
        alert = self.alert
        return {"window": self.window, "negative": self.negative, "diversion": self.diversion, "level": self.level,
                "alert": None if alert is None else {"level": alert.number, "at": alert.at, "role": alert.role,
                                                     "plan": alert.plan, "do": alert.do},
                "read": self.read, "malformed": self.malformed,
                "last": None if self.last is None else {"t": self.last.t, "text": self.last.text,
                                                        "user": self.last.user, "category": self.last.category}}


def settings(playbook: Playbook) -> tuple[int, tuple[Level, ...]]:
    """(window in ms, levels) of a playbook's ``compliance.comments``, or the defaults: one minute,
    level 1 at 3 and level 2 at 10 negative comments, telling no role in particular."""
    watch = playbook.compliance.comments if playbook.compliance is not None else None
    window = (watch.window if watch is not None else DEFAULT_COMMENT_WINDOW) * SECOND_MS
    written = [level for level in (watch.levels if watch is not None else ()) if level.at is not None]
    if not written:
        return window, tuple(Level(n, at, _clear(at)) for n, at in enumerate(DEFAULT_ALERT_LEVELS, 1))
    return window, tuple(Level(n, level.at, _clear(level.at), level.role, level.emergency,
                               level.do.value if level.do is not None else "")
                         for n, level in enumerate(written, 1))


def _clear(at: int) -> int:
    return -(-at // 2)


@lru_cache(maxsize=4)
def comment_screener(platform: str, team: tuple = ()):
    """The matcher for live comments: the 舆情 lexicon, the team's terms, the platform's diversion
    terms, and contact details; by characters and by sound. Built once (pypinyin's tables load on
    the first comment, not at go-live)."""
    from livesop.checks.compliance.lexicon import bundled, negative
    from livesop.checks.compliance.screen import Screener

    diversion = tuple(term for term in bundled().for_platform(platform) if term.category == "diversion")
    return Screener(negative().terms + team + diversion, sound=True, contact=True)


def _team_terms(playbook: Playbook) -> tuple:
    from livesop.checks.compliance.lexicon import negative, team_terms

    extra = playbook.compliance.extra if playbook.compliance is not None else ()
    return team_terms(extra, negative().categories)


def classify(hits) -> tuple[bool, bool, list[str]]:
    """(negative, diversion, the terms found) of one comment's matches."""
    negative = diversion = False
    terms: list[str] = []
    for hit in hits:
        if hit.term.category == "diversion":
            diversion = True
        else:
            negative = True
        name = getattr(hit.term, "kind", "") or hit.term.term  # a contact detail by its kind, not the number
        if name not in terms:
            terms.append(name)
    return negative, diversion, terms


class CommentWatch:
    """Screening, the rolling window, the alert levels and the per-segment tally of one run."""

    def __init__(self, playbook: Playbook, screener=None):
        self.window, self.levels = settings(playbook)
        self._platform = playbook.platform or "generic"
        self._team = _team_terms(playbook)
        self._screener = screener
        self.negative: deque[int] = deque()  # arrival times (show ms) of negative comments in the window
        self.diversion: deque[int] = deque()
        self.level = 0
        self.seg: str | None = None  # the segment the tally counts for
        self.started = False  # the tally has begun (the first look)
        self.counts = dict.fromkeys(COUNTS, 0)  # this segment's
        self.totals = dict.fromkeys(COUNTS, 0)  # the run's
        self.last: Flagged | None = None
        self.first_malformed: str | None = None  # why the run's first malformed line was skipped
        self.read_to: str | None = None  # how far the comments file has been read (``comments.mark``)

    @property
    def screener(self):
        if self._screener is None:
            self._screener = comment_screener(self._platform, self._team)
        return self._screener

    # ----------------------------------------------------------------- what happens

    def add(self, now: int, seg: str | None, items: Iterable[Item], marks: Sequence[str | None] = (),
            read_to: str | None = None) -> list[Event]:
        """Comments (and malformed lines) that arrived at ``now``, during ``seg`` (``marks``: where
        each one's line ends in the comments file; ``read_to``: how far the file is read now)."""
        out = self._segment(now, seg)
        self._expire(now)
        out += self._screen(now, seg, items, marks, late=False)
        self.read_to = read_to or self.read_to
        return out + self._levels(now, seg)

    def catch_up(self, now: int, seg: str | None, items: Iterable[Item], marks: Sequence[str | None],
                 read_to: str | None, logged_to: int) -> list[Event]:
        """Comments a resumed run reads that were written while it was stopped, or read before the
        stop and never tallied: counted in ``seg``'s tally, each flagged one logged (marked
        ``late``) unless its line ends at or before ``logged_to`` (logged before the stop); stale,
        they stay out of the window and raise no alert."""
        out = self._segment(now, seg)
        out += self._screen(now, seg, items, marks, late=True, logged_to=logged_to)
        self.read_to = read_to or self.read_to
        return out

    def _screen(self, now: int, seg: str | None, items: Iterable[Item], marks: Sequence[str | None], late: bool,
                logged_to: int = 0) -> list[Event]:
        out: list[Event] = []
        for item, at in itertools.zip_longest(items, marks):
            if not isinstance(item, Comment):
                self._count("malformed")
                self.first_malformed = self.first_malformed or item
                continue
            self._count("read")
            negative, diversion, terms = classify(self.screener.find(item.text))
            if not (negative or diversion):
                continue
            category = ",".join(name for name, found in (("negative", negative), ("diversion", diversion)) if found)
            for name, found, times in (("negative", negative, self.negative), ("diversion", diversion, self.diversion)):
                if found:
                    self._count(name)
                    if not late:
                        times.append(now)
            place = parse_mark(at)
            if late and place is not None and place[1] <= logged_to:
                continue  # logged before the run stopped
            text = item.text if len(item.text) <= TEXT_KEPT else item.text[:TEXT_KEPT] + "…"
            if not late:
                self.last = Flagged(now, text, item.user, category)
            data = (("category", category), ("terms", "、".join(terms)))
            data += ((("at", at),) if at else ()) + ((("late", True),) if late else ())
            out.append(Event("comment", now, seg=seg, text=text, data=data))
        return out

    def tick(self, now: int, seg: str | None) -> list[Event]:
        """What time alone changes: comments leaving the window, the segment the tally is for."""
        out = self._segment(now, seg)
        self._expire(now)
        return out + self._levels(now, seg)

    def finish(self, now: int) -> list[Event]:
        """The run ends: the tally of the segment that was running."""
        return self._tally(now)

    def next_deadline(self) -> int | None:
        """Show time at which the oldest comment in the window leaves it."""
        first = [times[0] for times in (self.negative, self.diversion) if times]
        return min(first) + self.window if first else None

    def view(self, now: int) -> WatchView:
        self._expire(now)
        alert = self.levels[self.level - 1] if self.level else None
        return WatchView(self.window, len(self.negative), len(self.diversion), self.level, alert,
                         self.totals["read"], self.totals["malformed"], self.last)

    # ----------------------------------------------------------------- inside

    def _count(self, name: str) -> None:
        self.counts[name] += 1
        self.totals[name] += 1

    def _expire(self, now: int) -> None:
        for times in (self.negative, self.diversion):
            while times and times[0] + self.window <= now:
                times.popleft()

    def _segment(self, now: int, seg: str | None) -> list[Event]:
        if not self.started:
            self.started, self.seg = True, seg
            return []
        if seg == self.seg:
            return []
        out = self._tally(now)
        self.seg = seg
        return out

    def _tally(self, now: int) -> list[Event]:
        counts, self.counts = self.counts, dict.fromkeys(COUNTS, 0)
        if not any(counts.values()):
            return []
        place = (("read_to", self.read_to),) if self.read_to else ()
        return [Event("comments", now, seg=self.seg, data=tuple(counts.items()) + place)]

    def _levels(self, now: int, seg: str | None) -> list[Event]:
        count = len(self.negative)
        reached = max((level.number for level in self.levels if count >= level.at), default=0)
        if reached > self.level:
            self.level = reached
            level = self.levels[reached - 1]
            return [Event("comment-alert", now, seg=seg, role=level.role, plan=level.plan, text=level.do or None,
                          data=(("level", reached), ("count", count), ("window", self.window)))]
        was = self.level
        while self.level and count < self.levels[self.level - 1].clear:
            self.level -= 1
        if self.level < was:
            return [Event("comment-clear", now, seg=seg,
                          data=(("level", self.level), ("was", was), ("count", count), ("window", self.window)))]
        return []


# ----------------------------------------------------------------- what a person reads


def count_sentence(level: int, count: int, window: int) -> str:
    """``Level 2 alert: 12 negative comments in the last minute.``"""
    if window == 60 * SECOND_MS:
        return ngettext("Level {level} alert: {count} negative comment in the last minute.",
                        "Level {level} alert: {count} negative comments in the last minute.",
                        count).format(level=level, count=count)
    return ngettext("Level {level} alert: {count} negative comment in the last {window}.",
                    "Level {level} alert: {count} negative comments in the last {window}.",
                    count).format(level=level, count=count, window=human_duration_ms(window))


def alert_text(event: Event, who: Callable[[str | None], str], plan: Callable[[str], str] = str) -> str:
    """A ``comment-alert`` in words: the count, who is told what, the emergency plan suggested."""
    level = Level(int(event.get("level", 0)), 0, 0, event.role, event.plan, event.text or "")
    return _alert(level, int(event.get("count", 0)), int(event.get("window", DEFAULT_COMMENT_WINDOW * SECOND_MS)),
                  who, plan)


def view_alert_text(view: WatchView, who: Callable[[str | None], str], plan: Callable[[str], str] = str) -> str:
    """The alert raised now, in words, with the count in the window now."""
    return "" if view.alert is None else _alert(view.alert, view.negative, view.window, who, plan)


def _alert(level: Level, count: int, window: int, who: Callable[[str | None], str], plan: Callable[[str], str]) -> str:
    parts = [count_sentence(level.number, count, window)]
    if level.plan:  # before the instruction: on a narrow screen the line is cut at its end
        parts.append(_("Suggested: open the emergency plan {plan}.").format(plan=plan(level.plan)))
    if level.role and level.do:
        parts.append(_("{role}: {action}").format(role=who(level.role), action=level.do))
    elif level.role:
        parts.append(_("Tell {role}.").format(role=who(level.role)))
    elif level.do:
        parts.append(level.do)
    return "  ".join(" ".join(part.split()) for part in parts)


def clear_text(event: Event) -> str:
    """A ``comment-clear`` in words."""
    count, level = int(event.get("count", 0)), int(event.get("level", 0))
    if level:
        return ngettext("Comment alert down to level {level}: {count} negative comment in the window.",
                        "Comment alert down to level {level}: {count} negative comments in the window.",
                        count).format(level=level, count=count)
    return ngettext("Comment alert cleared: {count} negative comment in the window.",
                    "Comment alert cleared: {count} negative comments in the window.", count).format(count=count)


def tally_text(event: Event) -> str | None:
    """A ``comments`` tally in words; None when it holds nothing worth a line (comments read, none flagged)."""
    counts = {name: int(event.get(name, 0) or 0) for name in COUNTS}
    if not (counts["negative"] or counts["diversion"] or counts["malformed"]):
        return None
    return _("Comments in this segment: read {read}, negative {negative}, diversion attempts {diversion}, "
             "malformed lines skipped {malformed}.").format(**counts)


def status_text(view: WatchView) -> str:
    """The watch's state on one line, when no alert is raised."""
    text = _("弹幕 · last {window}: negative {negative} · diversion attempts {diversion} · read {read}").format(
        window=human_duration_ms(view.window), negative=view.negative, diversion=view.diversion, read=view.read)
    if view.malformed:
        text += "  " + _("({count} malformed lines skipped)").format(count=view.malformed)
    return text


def latest_text(view: WatchView) -> str:
    """The latest flagged comment, with who wrote it when the fetcher says."""
    last = view.last
    if last is None:
        return ""
    if last.user:
        return _("Latest flagged: {user}: {text}").format(user=last.user, text=" ".join(last.text.split()))
    return _("Latest flagged: {text}").format(text=" ".join(last.text.split()))


def malformed_note(reason: str) -> str:
    """Said once, at the first malformed line of a run: the fetcher may be writing something else."""
    return _("Comments: a line was skipped ({reason}); malformed lines are counted, not shown, and the "
             "复盘 lists them per segment").format(reason=_(MALFORMED.get(reason, reason)))
