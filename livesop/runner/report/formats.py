"""Rendering a run report as text, Markdown, HTML or JSON.

The report is first laid out as a list of blocks (headings, paragraphs, tables); each format
only knows how to draw those blocks.
"""

from __future__ import annotations

import html
import json
import unicodedata
from typing import Callable

from livesop.runner.report.summary import RunReport
from livesop.format.timefmt import ON_TIME_MS, hhmmss_ms, mmss_ms, signed_mmss_ms

FORMATS = ("text", "md", "html", "json")

Block = tuple  # ("h", text) | ("p", text) | ("table", headers, rows)


def _target(value: int | None, target: int | None) -> str:
    if value is None:
        return "not marked"
    if target is None:
        return mmss_ms(value)
    verdict = "met" if value <= target else f"missed by {mmss_ms(value - target)}"
    return f"{mmss_ms(value)} / {mmss_ms(target)} {verdict}"


def layout(report: RunReport) -> list[Block]:
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
                     mmss_ms(s.actual_duration), signed_mmss_ms(s.over, zero_sign="±"), s.status]
                    for s in report.segments]))

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
    return blocks


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
    if not i.closed:
        parts.append("no closing line: the run was killed or crashed, or lines were removed from its end")
    if i.resumed:
        parts.append(f"resumed from the log {i.resumed} time(s)")
    parts.append(i.playbook)
    return "; ".join(parts) + "."


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def render_text(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block[0] == "h":
            out += ["", block[1], "-" * _width(block[1])] if out else [block[1], "=" * _width(block[1])]
        elif block[0] == "p":
            out.append(block[1])
        else:
            headers, rows = block[1], [[str(c) for c in row] for row in block[2]]
            widths = [max(_width(str(x)) for x in column) for column in zip(headers, *rows)]
            for row in [headers, *rows]:
                out.append("  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths)).rstrip())
    return "\n".join(out) + "\n"


def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_md(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block[0] == "h":
            out += [("# " if not out else "## ") + block[1], ""]
        elif block[0] == "p":
            out += [block[1], ""]
        else:
            out.append("| " + " | ".join(_md_cell(h) for h in block[1]) + " |")
            out.append("|" + "---|" * len(block[1]))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block[2]]
            out.append("")
    return "\n".join(out)


_CSS = ("body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:2em}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;"
        "text-align:left}th{background:#f3f3f3}p.alert{color:#b00;font-weight:bold}")


def render_html(blocks: list[Block]) -> str:
    title = html.escape(blocks[0][1]) if blocks else "run report"
    out = ["<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">', f"<title>{title}</title>",
           f"<style>{_CSS}</style></head><body>"]
    first = True
    for block in blocks:
        if block[0] == "h":
            tag = "h1" if first else "h2"
            out.append(f"<{tag}>{html.escape(block[1])}</{tag}>")
            first = False
        elif block[0] == "p":
            alert = block[1].startswith(("ALTERED", "Hash chain verified")) and (
                "ALTERED" in block[1] or "TRUNCATED" in block[1])
            attrs = ' class="alert"' if alert else ""
            out.append(f"<p{attrs}>{html.escape(block[1])}</p>")
        else:
            out.append("<table><thead><tr>" + "".join(f"<th>{html.escape(str(h))}</th>" for h in block[1])
                       + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in block[2]]
            out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


_RENDERERS: dict[str, Callable[[list[Block]], str]] = {"text": render_text, "md": render_md, "html": render_html}


def render(fmt: str, report: RunReport) -> str:
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return _RENDERERS[fmt](layout(report))
