"""Timing (LS4xx): cues inside their segments, repeat intervals, hard starts and the slot length.

Duration and clock syntax (LS401-LS403) is reported while the model is built.
"""

from __future__ import annotations

from typing import Iterator

from livesop.checks.context import Context
from livesop.diagnostics import Diagnostic
from livesop.format.timefmt import format_clock, format_duration as fd
from livesop.i18n import _

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
        yield ctx.diag("LS406", schedule.pos("length"),
                       _("the run of show takes {total}, {over} more than the {slot} slot").format(
                           total=fd(total), over=fd(total - schedule.length), slot=fd(schedule.length)),
                       _("shorten segments (a for_each block counts once per product) or lengthen the slot"))


def _segment(ctx: Context, segment) -> Iterator[Diagnostic]:
    duration = segment.duration
    if duration is None:
        return
    if duration == 0:
        yield ctx.diag("LS409", segment.pos("duration"), _("segment `{segment}` lasts 0s").format(segment=segment.id),
                       _("give it a real duration or remove it"))
        return
    if segment.has("warn") and segment.warn >= duration:
        yield ctx.diag("LS410", segment.pos("warn"),
                       _("`warn: {warn}` is not shorter than the segment's {duration}, so it is amber from the "
                         "start").format(warn=fd(segment.warn), duration=fd(duration)),
                       _("use a shorter warning time"))
    for cue in segment.cues:
        if cue.at is not None and cue.at >= duration:
            yield ctx.diag("LS404", cue.pos("at"),
                           _("cue at {at} is outside segment `{segment}`, which lasts {duration}").format(
                               at=fd(cue.at), segment=segment.id, duration=fd(duration)),
                           _("use an offset below {duration}").format(duration=fd(duration)))
        if cue.every is not None and (cue.every == 0 or cue.every >= duration):
            yield ctx.diag("LS405", cue.pos("every"),
                           _("`every: {every}` must be above 0s and shorter than segment `{segment}` "
                             "({duration})").format(every=fd(cue.every), segment=segment.id, duration=fd(duration)),
                           _("repeat more often, or drop `every` for a single cue"))


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
            fields = {"clock": clock, "segment": segment.id, "overlap": fd(slot.overlap),
                      "planned": format_clock(timeline.clock(slot.start + slot.overlap))}
            if previous:
                message = _("hard start {clock} of `{segment}` comes {overlap} before `{before}` ends "
                            "(planned {planned})").format(before=previous.segment.id, **fields)
            else:
                message = _("hard start {clock} of `{segment}` comes {overlap} before the segments before it "
                            "end (planned {planned})").format(**fields)
            yield ctx.diag("LS407", where, message,
                           _("shorten what runs before by {overlap} or move the hard start").format(**fields))
        elif slot.hard == "gap":
            yield ctx.diag("LS408", where, _("{gap} of nothing before hard start {clock} of `{segment}`").format(
                gap=fd(slot.gap), clock=clock, segment=segment.id),
                           _("lengthen a segment before it by {gap} or add an interaction segment").format(
                               gap=fd(slot.gap)))
        elif slot.hard == "unanchored":
            yield ctx.diag("LS411", where, _("hard start {clock} of `{segment}` cannot be checked: the show has no "
                                             "start time").format(clock=clock, segment=segment.id),
                           _("set `schedule: {start: \"20:00\"}`"))
        elif slot.hard == "before-start":
            yield ctx.diag("LS412", where, _("hard start {clock} of `{segment}` is before the show starts at "
                                             "{start}").format(clock=clock, segment=segment.id,
                                                               start=format_clock(timeline.start_clock)),
                           _("use a clock time after go-live"))
        previous = slot
