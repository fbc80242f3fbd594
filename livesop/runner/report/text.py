"""The 复盘 report as plain text for the terminal: underlined headings, aligned columns (charts are left to HTML)."""

from __future__ import annotations

import unicodedata

from livesop.runner.report.layout import Block, layout
from livesop.runner.report.summary import RunReport


def render(report: RunReport, sections: tuple = ()) -> str:
    return draw(layout(report, sections))


def render_all(reports: list[RunReport]) -> str:
    return "\n\n".join(render(report) for report in reports)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def draw(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block[0] == "h":
            out += ["", block[1], "-" * _width(block[1])] if out else [block[1], "=" * _width(block[1])]
        elif block[0] == "p":
            out.append(block[1])
        elif block[0] == "table":
            headers, rows = block[1], [[str(c) for c in row] for row in block[2]]
            widths = [max(_width(str(x)) for x in column) for column in zip(headers, *rows)]
            for row in [headers, *rows]:
                out.append("  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths)).rstrip())
    return "\n".join(out) + "\n"
