"""Timing (LS4xx): cues inside their segments, repeat intervals, hard starts and the slot length.

Duration and clock syntax (LS401-LS403) is reported while the model is built.
"""

from __future__ import annotations

from typing import Iterator

from livesop.checks.context import Context
from livesop.diagnostics import Diagnostic
from livesop.format.timefmt import format_clock, format_duration as fd

FAMILY = "LS4"
_HARD_FINDINGS = ("overlap", "gap", "unanchored", "before-start")  # the slots a hard start is reported at


def check(ctx: Context) -> Iterator[Diagnostic]:
    for segment in ctx.playbook.segments:
        yield from _segment(ctx, segment)
    if any(segment.duration is None for segment in ctx.segments):
        return  # a segment's length is unreadable (reported already): later times would be guesses
    yield from _hard_starts(ctx)
    schedule = ctx.playbook.schedule
    total = ctx.timeline.total
    if schedule is not None and schedule.length is not None and total > schedule.length:
        yield ctx.diag("LS406", schedule.pos("length"), f"the run of show takes {fd(total)}, "
                       f"{fd(total - schedule.length)} more than the {fd(schedule.length)} slot",
                       "shorten segments (a for_each block counts once per product) or lengthen the slot")


def _segment(ctx: Context, segment) -> Iterator[Diagnostic]:
    duration = segment.duration
    if duration is None:
        return
    if duration == 0:
        yield ctx.diag("LS409", segment.pos("duration"), f"segment `{segment.id}` lasts 0s",
                       "give it a real duration or remove it")
        return
    if segment.has("warn") and segment.warn >= duration:
        yield ctx.diag("LS410", segment.pos("warn"), f"`warn: {fd(segment.warn)}` is not shorter than the "
                       f"segment's {fd(duration)}, so it is amber from the start", "use a shorter warning time")
    for cue in segment.cues:
        if cue.at is not None and cue.at >= duration:
            yield ctx.diag("LS404", cue.pos("at"), f"cue at {fd(cue.at)} is outside segment `{segment.id}`, "
                           f"which lasts {fd(duration)}", f"use an offset below {fd(duration)}")
        if cue.every is not None and (cue.every == 0 or cue.every >= duration):
            yield ctx.diag("LS405", cue.pos("every"), f"`every: {fd(cue.every)}` must be above 0s and shorter "
                           f"than segment `{segment.id}` ({fd(duration)})",
                           "repeat more often, or drop `every` for a single cue")


def _hard_starts(ctx: Context) -> Iterator[Diagnostic]:
    timeline = ctx.timeline
    previous = None
    for slot in timeline.slots:
        if slot.hard not in _HARD_FINDINGS:
            previous = slot
            continue
        segment, where = slot.segment, slot.segment.pos("start")
        clock = format_clock(segment.start) if segment.start is not None else ""
        if slot.hard == "overlap":
            before = previous.segment.id if previous else "the segments before it"
            yield ctx.diag("LS407", where, f"hard start {clock} of `{segment.id}` comes {fd(slot.overlap)} "
                           f"before `{before}` ends (planned {format_clock(timeline.clock(slot.start + slot.overlap))})",
                           f"shorten what runs before by {fd(slot.overlap)} or move the hard start")
        elif slot.hard == "gap":
            yield ctx.diag("LS408", where, f"{fd(slot.gap)} of nothing before hard start {clock} of "
                           f"`{segment.id}`", f"lengthen a segment before it by {fd(slot.gap)} or add an "
                           "interaction segment")
        elif slot.hard == "unanchored":
            yield ctx.diag("LS411", where, f"hard start {clock} of `{segment.id}` cannot be checked: the show "
                           "has no start time", "set `schedule: {start: \"20:00\"}`")
        elif slot.hard == "before-start":
            yield ctx.diag("LS412", where, f"hard start {clock} of `{segment.id}` is before the show starts "
                           f"at {format_clock(timeline.start_clock)}", "use a clock time after go-live")
        previous = slot
