"""The 复盘 report laid out once as blocks (headings, paragraphs, tables) that each format draws.

Every text in the blocks has its control characters shown as ``\\x1b``-style text: titles, ids
and names come from the run log, which anyone can edit, and every format can reach a terminal.

A section (see ``Section``) adds its blocks after the run's own. Besides headings, paragraphs and
tables it may give charts, ``("chart", spec)``: the spec is plain data (``svg.py`` says what it
holds); HTML draws it, text and Markdown leave it out, as the section's tables hold its numbers.
"""

from __future__ import annotations

from typing import Any, Protocol

from livesop.controls import visible
from livesop.format.timefmt import ON_TIME_MS, hhmmss_ms, mmss_ms, signed_mmss_ms
from livesop.i18n import N_, _
from livesop.runner.report.summary import RunReport

Block = tuple  # ("h", text) | ("p", text) | ("table", headers, rows) | ("chart", spec)


class Section(Protocol):
    """A further part of one report, computed elsewhere: its blocks, and its data under ``key`` in JSON."""

    key: str

    def blocks(self) -> list[Block]: ...

    def to_dict(self) -> dict[str, Any]: ...


def _target(value: int | None, target: int | None) -> str:
    if value is None:
        return "not marked"
    if target is None:
        return mmss_ms(value)
    verdict = "met" if value <= target else f"missed by {mmss_ms(value - target)}"
    return f"{mmss_ms(value)} / {mmss_ms(target)} {verdict}"


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
    blocks.append(("p", f"Log {report.log}; went live {report.start_wall}"
                        + (f"; rehearsal at {report.speed:g}× speed" if report.speed != 1 else "") + "."))
    if integrity is not None:
        blocks.append(("p", _integrity_text(integrity)))
    total = f"Planned {mmss_ms(report.planned_total)}, ran {mmss_ms(report.actual_total)}"
    if report.over is not None:
        total += f": {signed_mmss_ms(report.over, zero_sign='±')} against the plan"
    blocks.append(("p", f"{total}. {report.ending[:1].upper()}{report.ending[1:]}."))

    blocks.append(("h", "Segments: planned vs actual"))
    blocks.append(("table", ["segment", "title", "planned start", "actual start", "planned", "added", "actual",
                             "over/under", "status"],
                   [[s.id, s.title, clock(planned_anchor, s.planned_start) + (f" (hard {s.hard})" if s.hard else ""),
                     clock(report.start_clock_ms, s.actual_start) + _late(s.late),
                     mmss_ms(s.planned_duration), signed_mmss_ms(s.added, zero_sign="±") if s.added else "",
                     mmss_ms(s.actual_duration), signed_mmss_ms(s.over, zero_sign="±"), _status(s)]
                    for s in report.segments]))
    blocks.append(("p", _sums(report)))

    blocks.append(("h", "Cues per role"))
    blocks.append(("table", ["role", "name", "planned", "fired", "acknowledged", "skipped", "not reached"],
                   [[r.role, r.name, r.planned, r.fired, r.acknowledged, r.skipped, r.not_reached]
                    for r in report.roles]))

    blocks.append(("h", "Emergencies"))
    if report.emergencies:
        blocks.append(("table", ["plan", "title", "severity", "opened", "response / target", "recovery / target"],
                       [[e.id, e.title, e.severity or "", clock(report.start_clock_ms, e.opened),
                         _target(e.response, e.respond_within),
                         _target(e.recovery, e.recover_within) if e.recovery is not None else "not closed"]
                        for e in report.emergencies]))
    else:
        blocks.append(("p", "No emergency plan was opened."))

    blocks.append(("h", "Pauses and added time"))
    if report.pauses:
        blocks.append(("table", ["at", "length", "reason"],
                       [[clock(report.start_clock_ms, p.start),
                         mmss_ms(p.length) if p.length is not None else "still paused", p.reason]
                        for p in report.pauses]))
    else:
        blocks.append(("p", "No pauses."))
    if report.adjustments:
        blocks.append(("table", ["at", "segment", "time"],
                       [[clock(report.start_clock_ms, a.t), a.seg, signed_mmss_ms(a.amount, zero_sign="±")]
                        for a in report.adjustments]))
    else:
        blocks.append(("p", "No time was added or removed."))
    if report.devices:
        blocks.append(("h", "Actions from phones and tablets"))
        blocks.append(("table", ["at", "device", "action", "segment", "detail"],
                       [[clock(report.start_clock_ms, d.t), d.device, d.kind, d.seg, d.detail]
                        for d in report.devices]))
    if report.comments or report.comment_alerts:
        blocks += _comment_blocks(report, clock)
    for section in sections:
        blocks += section.blocks()
    return visible_blocks(blocks)


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
    notes = [row.status]
    if row.visits > 1:
        notes.append(f"{row.visits} visits")
    if row.waited:
        notes.append(f"waited {mmss_ms(row.waited)} for its hard start")
    return " · ".join(notes)


def _sums(report: RunReport) -> str:
    """The segments' times (every visit) and the waits for hard starts, against the run's length."""
    text = f"The segments ran {mmss_ms(report.in_segments)} in all (every visit, pauses included)"
    if report.waiting:
        text += f" and the show waited {mmss_ms(report.waiting)} for hard starts"
    if report.in_segments + report.waiting == report.actual_total:
        return text + f": {mmss_ms(report.actual_total)}, the run's length."
    gap = report.actual_total - report.in_segments - report.waiting
    return text + f"; the run's length is {mmss_ms(report.actual_total)} ({signed_mmss_ms(gap)} not in any segment)."


def _late(late: int | None) -> str:
    if late is None:
        return ""
    if abs(late) < ON_TIME_MS:
        return " (on time)"
    return f" ({mmss_ms(abs(late))} {'late' if late > 0 else 'early'})"


def _integrity_text(i) -> str:
    if not i.ok:
        text = "ALTERED: this log does not verify — " + "; ".join(i.altered[:5])
        if len(i.altered) > 5:
            text += f"; and {len(i.altered) - 5} more"
        return text + ". Do not trust the figures below."
    parts = [f"Hash chain verified: {i.lines} lines, last line SHA-256 {i.last_hash}"]
    if i.truncated:
        parts.append(f"TRUNCATED: the last line was cut off ({i.tail_bytes} bytes, left out)")
    for fault in i.faults:
        parts.append(f"the log could not be written from {fault.since[11:19]} to {fault.until[11:19]} "
                     f"({fault.reason}): {fault.lines} line(s) were held in memory and written late, none is missing")
    if i.unwritten:
        parts.append(f"NOT ALL WAS LOGGED: the run's last lines could not be written to this log and are in "
                     f"{i.unwritten}; append them to the log (`cat FILE >> LOG`) and report again")
    elif not i.closed:
        parts.append("no closing line: what happened after the last line is not in the log (the run was killed "
                     "or crashed, the disk was full, or lines were removed from its end)")
    if i.resumed:
        parts.append(f"resumed from the log {i.resumed} time(s)")
    parts.append(i.playbook)
    return "; ".join(parts) + "."
