"""The 复盘 report as one self-contained HTML page (inline CSS and SVG charts, no scripts)."""

from __future__ import annotations

import html

from livesop.i18n import _, ngettext
from livesop.runner.report import svg
from livesop.runner.report.layout import Block, layout
from livesop.runner.report.summary import RunReport


def render(report: RunReport, sections: tuple = ()) -> str:
    return draw(layout(report, sections))


def render_all(reports: list[RunReport]) -> str:
    """One page: each report under its own top heading, in order."""
    return page([layout(report) for report in reports])


_CSS = ("body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:2em}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;"
        "text-align:left}th{background:#f3f3f3;white-space:nowrap;word-break:keep-all}"
        "p.alert{color:#b00;font-weight:bold}" + svg.CSS)


def draw(blocks: list[Block]) -> str:
    return page([blocks])


def page(reports: list[list[Block]]) -> str:
    titles = [blocks[0][1] for blocks in reports if blocks]
    title = html.escape(titles[0] if len(titles) == 1 else
                        ngettext("复盘 · {count} run", "复盘 · {count} runs", len(titles)).format(count=len(titles))
                        if titles else _("run report"))
    out = ["<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">', f"<title>{title}</title>",
           f"<style>{_CSS}</style></head><body>"]
    for blocks in reports:
        out += _body(blocks)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _body(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    first = True
    for block in blocks:
        if block[0] == "h":
            tag = "h1" if first else "h2"
            out.append(f"<{tag}>{html.escape(block[1])}</{tag}>")
            first = False
        elif block[0] == "chart":
            out.append(svg.draw(block[1]))
        elif block[0] == "p":
            alert = len(block) > 2 and block[2] == "alert"  # the layout marks it: the log altered or cut off
            attrs = ' class="alert"' if alert else ""
            out.append(f"<p{attrs}>{html.escape(block[1])}</p>")
        else:
            out.append("<table><thead><tr>" + "".join(f"<th>{html.escape(str(h))}</th>" for h in block[1])
                       + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in block[2]]
            out.append("</tbody></table>")
    return out
