"""The 复盘 report as Markdown: headings and pipe tables (charts are left to HTML).

Texts come from the run log: ``<``, ``>`` and ``&`` are written as entities, so a title such as
``<script>`` stays text wherever the Markdown is rendered; table cells also escape ``|`` and
line breaks.
"""

from __future__ import annotations

from livesop.runner.report.layout import Block, layout
from livesop.runner.report.summary import RunReport


def render(report: RunReport, sections: tuple = ()) -> str:
    return draw(layout(report, sections))


def render_all(reports: list[RunReport]) -> str:
    return "\n---\n\n".join(render(report) for report in reports)


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _md_text(value) -> str:
    return str(value).translate(_HTML)


def _md_cell(value) -> str:
    return _md_text(value).replace("|", "\\|").replace("\n", " ")


def draw(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block[0] == "h":
            out += [("# " if not out else "## ") + _md_text(block[1]).replace("\n", " "), ""]
        elif block[0] == "p":
            out += [_md_text(block[1]), ""]
        elif block[0] == "table":
            out.append("| " + " | ".join(_md_cell(h) for h in block[1]) + " |")
            out.append("|" + "---|" * len(block[1]))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block[2]]
            out.append("")
    return "\n".join(out)
