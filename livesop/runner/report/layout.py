"""The 复盘 report laid out once as blocks (headings, paragraphs, tables) that each format draws.

Every text in the blocks has its control characters shown as ``\\x1b``-style text: titles, ids
and names come from the run log, which anyone can edit, and every format can reach a terminal.

A section (see ``Section``) adds its blocks after the run's own. Besides headings, paragraphs and
tables it may give charts, ``("chart", spec)``: the spec is plain data (``svg.py`` says what it
holds); HTML draws it, text and Markdown leave it out, as the section's tables hold its numbers.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Protocol

from livesop.controls import visible
from livesop.format.timefmt import ON_TIME_MS, hhmmss_ms, human_datetime, mmss_ms, signed_mmss_ms, up_to_second
from livesop.i18n import N_, _, is_chinese, pgettext
from livesop.runner import words
from livesop.runner.report.summary import RunReport

# ("h", text) | ("p", text) | ("p", text, "alert") | ("table", headers, rows) | ("chart", spec); a paragraph
# marked "alert" (the log altered or cut off) is drawn as an alarm where the format can (HTML: red)
Block = tuple


class Section(Protocol):
    """A further part of one report, computed elsewhere: its blocks, and its data under ``key`` in JSON."""

    key: str

    def blocks(self) -> list[Block]: ...

    def to_dict(self) -> dict[str, Any]: ...


def _target(value: int | None, target: int | None) -> str:
    if value is None:
        return _("not marked")
    if target is None:
        return mmss_ms(value)
    if value <= target:
        return _("{time} / {target} met").format(time=mmss_ms(value), target=mmss_ms(target))
    return _("{time} / {target} missed by {gap}").format(time=mmss_ms(value), target=mmss_ms(target),
                                                         gap=mmss_ms(up_to_second(value - target)))


def layout(report: RunReport, sections: tuple[Section, ...] = ()) -> list[Block]:
    def clock(anchor: int | None, t: int | None) -> str:
        if t is None:
            return ""
        if anchor is None:
            return mmss_ms(t)
        return hhmmss_ms(anchor + t)

    planned_anchor = report.planned_start_ms if report.planned_start_ms is not None else report.start_clock_ms
    integrity = report.integrity
    blocks: list[Block] = [("h", f"复盘 · {report.title} ({report.playbook} {report.version})")]
    went_live = _went_live(report.start_wall)
    if report.speed != 1:
        blocks.append(("p", _("Log {log}; went live {start}; rehearsal at {speed}× speed.").format(
            log=report.log, start=went_live, speed=f"{report.speed:g}")))
    else:
        blocks.append(("p", _("Log {log}; went live {start}.").format(log=report.log, start=went_live)))
    if integrity is not None:
        text, alert = _integrity_text(integrity)
        blocks.append(("p", text, "alert") if alert else ("p", text))
    blocks.append(("p", _("{total} {ending}").format(total=_total(report), ending=_ending(report.ending))))

    blocks.append(("h", _("Segments: planned vs actual")))
    blocks.append(("table", [_("segment"), _("title"), _("planned start"), _("actual start"),
                             pgettext("segments column", "planned"), pgettext("segments column", "added"),
                             pgettext("segments column", "actual"), _("over/under"), _("status")],
                   [[s.id, s.title, _hard(clock(planned_anchor, s.planned_start), s.hard),
                     _late(clock(report.start_clock_ms, s.actual_start), s.late),
                     mmss_ms(s.planned_duration), signed_mmss_ms(s.added, zero_sign="±") if s.added else "",
                     mmss_ms(s.actual_duration), signed_mmss_ms(s.over, zero_sign="±"), _status(s)]
                    for s in report.segments]))
    blocks.append(("p", _sums(report)))

    blocks.append(("h", _("Cues per role")))
    blocks.append(("table", [_("role"), _("name"), pgettext("cues column", "planned"), _("fired"), _("acknowledged"),
                             pgettext("cues column", "skipped"), pgettext("cues column", "not reached")],
                   [[r.role, r.name, r.planned, r.fired, r.acknowledged, r.skipped, r.not_reached]
                    for r in report.roles]))

    blocks.append(("h", _("Emergencies")))
    if report.emergencies:
        blocks.append(("table", [pgettext("emergencies column", "plan"), _("title"), _("severity"), _("opened"),
                                 _("response / target"), _("recovery / target")],
                       [[e.id, e.title, e.severity or "", clock(report.start_clock_ms, e.opened),
                         _target(e.response, e.respond_within),
                         _target(e.recovery, e.recover_within) if e.recovery is not None else _("not closed")]
                        for e in report.emergencies]))
    else:
        blocks.append(("p", _("No emergency plan was opened.")))

    blocks.append(("h", _("Pauses and added time")))
    if report.pauses:
        blocks.append(("table", [pgettext("report column", "at"), pgettext("pauses column", "length"), _("reason")],
                       [[clock(report.start_clock_ms, p.start),
                         mmss_ms(p.length) if p.length is not None else _("still paused"), _(p.reason)]
                        for p in report.pauses]))
    else:
        blocks.append(("p", _("No pauses.")))
    if report.adjustments:
        blocks.append(("table", [pgettext("report column", "at"), _("segment"), pgettext("adjustments column", "time")],
                       [[clock(report.start_clock_ms, a.t), a.seg, signed_mmss_ms(a.amount, zero_sign="±")]
                        for a in report.adjustments]))
    else:
        blocks.append(("p", _("No time was added or removed.")))
    if report.devices:
        blocks.append(("h", _("Actions from phones and tablets")))
        blocks.append(("table", [pgettext("report column", "at"), _("device"), _("action"), _("segment"),
                                 _("detail")],
                       [[clock(report.start_clock_ms, d.t), d.device, _operation(d.kind), d.seg, d.detail]
                        for d in report.devices]))
    if report.comments or report.comment_alerts:
        blocks += _comment_blocks(report, clock)
    for section in sections:
        blocks += section.blocks()
    return visible_blocks(blocks)


def _went_live(start_wall: str) -> str:
    """When the run went live, for a person: the log's ISO time in English (as it always was), a
    Chinese date and clock (``2026年11月25日 周三 20:00:00``) in Chinese."""
    if not is_chinese():
        return start_wall
    try:
        moment = _dt.datetime.fromisoformat(start_wall)
    except ValueError:
        return start_wall
    return human_datetime(moment, year=True, with_seconds=True)


def _total(report: RunReport) -> str:
    """The run's length against the plan, in one sentence."""
    fields = {"planned": words.length(report.planned_total), "ran": words.length(report.actual_total)}
    over = report.over
    if over is None:
        return _("Planned {planned}, ran {ran}.").format(**fields)
    if abs(over) < ON_TIME_MS:
        return _("Planned {planned}, ran {ran}: {delta} against the plan.").format(
            delta=signed_mmss_ms(over, zero_sign="±"), **fields)
    if over > 0:
        return _("Planned {planned}, ran {ran}: +{delta} against the plan.").format(
            delta=words.length(over), **fields)
    return _("Planned {planned}, ran {ran}: -{delta} against the plan.").format(delta=words.length(-over), **fields)


_ENDINGS = {"the show ended": N_("The show ended."),
            "the run was stopped before the end": N_("The run was stopped before the end."),
            "the run was cut off (no closing line: killed, crashed, or lines removed from the end)":
                N_("The run was cut off (no closing line: killed, crashed, or lines removed from the end).")}


def _ending(ending: str) -> str:
    """How the run ended (``RunReport.ending``, English data) as a sentence in the reader's language."""
    if ending in _ENDINGS:
        return _(_ENDINGS[ending])
    return f"{ending[:1].upper()}{ending[1:]}."


def _operation(kind: str) -> str:
    """An act from a phone (its event kind, as the log has it) in the reader's language; English keeps the kind."""
    names = {
        "pause": pgettext("operation", "pause"), "resume": pgettext("operation", "resume"),
        "take": pgettext("operation", "take"), "back": pgettext("operation", "back"),
        "adjust": pgettext("operation", "adjust"), "ack": pgettext("operation", "ack"),
        "message": pgettext("operation", "message"), "emergency-open": pgettext("operation", "emergency-open"),
        "emergency-respond": pgettext("operation", "emergency-respond"),
        "emergency-close": pgettext("operation", "emergency-close"),
    }
    return names.get(kind, kind)


def _comment_blocks(report: RunReport, clock) -> list[Block]:
    """The 弹幕 watch of a run with ``--comments``: per segment, then each alert."""
    rows = report.comments
    totals = {name: sum(getattr(r, name) for r in rows) for name in ("read", "negative", "diversion", "malformed")}
    alerts = len(report.comment_alerts)
    blocks: list[Block] = [("h", _("Live comments (弹幕 watch)"))]
    blocks.append(("p", _("Comments read: {read}; negative: {negative}; diversion attempts: {diversion}; malformed "
                          "lines skipped: {malformed}; alerts raised: {alerts}.").format(alerts=alerts, **totals)))
    blocks.append(("table", [_(h) for h in _COMMENT_COLUMNS],
                   [[r.seg or "-", r.title or _("before or after the segments"), r.read, r.negative, r.diversion,
                     r.malformed, r.alerts, r.level or ""] for r in rows]))
    if report.comment_alerts:
        blocks.append(("table", [_(h) for h in _ALERT_COLUMNS],
                       [[clock(report.start_clock_ms, a.t), a.seg or "-", a.level, a.count, a.told,
                         a.text, a.plan or "",
                         clock(report.start_clock_ms, a.cleared) if a.cleared is not None else _("not cleared")]
                        for a in report.comment_alerts]))
    return blocks


_COMMENT_COLUMNS = (N_("segment"), N_("title"), N_("comments read"), N_("negative"), N_("diversion attempts"),
                    N_("malformed lines"), N_("alerts"), N_("highest level"))
_ALERT_COLUMNS = (N_("raised at"), N_("segment"), N_("level"), N_("negative comments"), N_("told"), N_("what to do"),
                  N_("emergency plan suggested"), N_("cleared at"))


def visible_blocks(blocks: list[Block]) -> list[Block]:
    """``blocks`` with every text through ``visible``: what each format is given to draw."""
    return [_visible(block) for block in blocks]


def _visible(block: Block) -> Block:
    """The block with every text in it through ``visible`` (numbers stay numbers; a chart's
    spec is walked through its lists and dicts)."""
    def shown(value):
        if isinstance(value, str):
            return visible(value)
        if isinstance(value, (list, tuple)):
            return [shown(item) for item in value]
        if isinstance(value, dict):
            return {key: shown(item) for key, item in value.items()}
        return value

    return (block[0], *(shown(part) for part in block[1:]))


def _status(row) -> str:
    notes = [_(row.status)]
    if row.visits > 1:
        notes.append(_("{count} visits").format(count=row.visits))
    if row.waited:
        notes.append(_("waited {time} for its hard start").format(time=mmss_ms(row.waited)))
    return " · ".join(notes)


def _sums(report: RunReport) -> str:
    """The segments' times (every visit) and the waits for hard starts, against the run's length."""
    fields = {"segments": words.length(report.in_segments), "waited": words.length(report.waiting),
              "total": words.length(report.actual_total)}
    if report.in_segments + report.waiting == report.actual_total:
        text = (_("The segments ran {segments} in all (every visit, pauses included) and the show waited {waited} "
                  "for hard starts: {total}, the run's length.") if report.waiting else
                _("The segments ran {segments} in all (every visit, pauses included): {total}, the run's length."))
        return text.format(**fields)
    gap = signed_mmss_ms(report.actual_total - report.in_segments - report.waiting)
    text = (_("The segments ran {segments} in all (every visit, pauses included) and the show waited {waited} for "
              "hard starts; the run's length is {total} ({gap} not in any segment).") if report.waiting else
            _("The segments ran {segments} in all (every visit, pauses included); the run's length is {total} "
              "({gap} not in any segment)."))
    return text.format(gap=gap, **fields)


def _hard(clock: str, hard: str | None) -> str:
    """A planned start, with its hard start's clock time when it has one."""
    return _("{clock} (hard {hard})").format(clock=clock, hard=hard) if hard else clock


def _late(clock: str, late: int | None) -> str:
    """An actual start, with how late or early a hard start began."""
    if late is None:
        return clock
    return _("{clock} ({lateness})").format(clock=clock, lateness=words.late_by(late))


def _integrity_text(i) -> tuple[str, bool]:
    """Whether the log can be trusted, in words; and whether that is an alarm (the log altered or cut off)."""
    if not i.ok:
        problems = words.joined(i.altered[:5])
        if len(i.altered) > 5:
            text = _("ALTERED: this log does not verify — {problems}; and {count} more. Do not trust the figures "
                     "below.").format(problems=problems, count=len(i.altered) - 5)
        else:
            text = _("ALTERED: this log does not verify — {problems}. Do not trust the figures below.").format(
                problems=problems)
        return text, True
    parts = [_("Hash chain verified: {lines} lines, last line SHA-256 {hash}").format(lines=i.lines,
                                                                                      hash=i.last_hash)]
    if i.truncated:
        parts.append(_("TRUNCATED: the last line was cut off ({count} bytes, left out)").format(count=i.tail_bytes))
    for fault in i.faults:
        parts.append(_("the log could not be written from {since} to {until} ({reason}): {count} line(s) were held "
                       "in memory and written late, none is missing").format(
            since=fault.since[11:19], until=fault.until[11:19], reason=_(fault.reason), count=fault.lines))
    if i.unwritten:
        parts.append(_("NOT ALL WAS LOGGED: the run's last lines could not be written to this log and are in "
                       "{file}; append them to the log (`cat FILE >> LOG`) and report again").format(file=i.unwritten))
    elif not i.closed:
        parts.append(_("no closing line: what happened after the last line is not in the log (the run was killed "
                       "or crashed, the disk was full, or lines were removed from its end)"))
    if i.resumed:
        parts.append(_("resumed from the log {count} time(s)").format(count=i.resumed))
    parts.append(i.playbook)
    return words.sentence(parts), i.truncated
