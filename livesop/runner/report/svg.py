"""Charts of the HTML report, drawn as inline SVG from a chart block's spec (plain data).

Written by hand rather than with a charting library: the two kinds needed are a few dozen lines
each, the page stays one self-contained file with no script, and every label is SVG text, so
Chinese shows in whatever CJK font the reader's browser has (no embedded raster or font).

``timeline``: ``x0``/``x1`` (show ms), ``ticks`` [[t, label]], ``bands`` [[t0, t1, label, n]] (the
segments), ``shade`` [[t0, t1, label]] (outside the show), ``series`` [{name, kind: line|bars,
color, points: [[t, value]], width}], ``marks`` [{t, label, kind: emergency|word}], and optional
``ticks_below`` [{t, label}] under ``below_title`` (the 话术 spoken). ``bars``: ``rows`` (labels)
and ``panels`` [{title, series: [{name, color, values}]}]. Both have a ``title`` and ``unit``.
"""

from __future__ import annotations

import html
import math

WIDTH = 1200
FONT = 12
CSS = (".chart{width:100%;max-width:1200px;height:auto;margin:.5em 0 1.5em;font-family:'Noto Sans CJK SC',"
       "'PingFang SC','Microsoft YaHei','Source Han Sans SC',sans-serif}.chart text{font-size:12px;fill:#333}"
       ".chart .title{font-size:15px;font-weight:bold}.chart .small{font-size:10px;fill:#555}"
       ".chart .warn{fill:#c53030;font-weight:bold}")
COLORS = {"online": "#2b6cb0", "gmv": "#dd8a0b", "orders": "#2f855a", "comments": "#8a94a6", "negative": "#e53e3e"}
SERIES = ("#2b6cb0", "#dd8a0b", "#2f855a", "#805ad5", "#d53f8c", "#319795", "#718096")
BANDS = ("#edf2fa", "#f8f8f8")
MARK_LANES = 5  # rows of mark labels at the top of a timeline


def draw(spec: dict) -> str:
    return {"timeline": _timeline, "bars": _bars}[spec["type"]](spec)


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn: CJK and full-width characters one em, others ~0.58 em."""
    return sum(size if ord(ch) > 0x2e7f else size * 0.58 for ch in str(text))


def fit(text: str, width: float, size: float = FONT) -> str:
    """``text`` cut with … to fit ``width`` (empty when not even one character and … fit)."""
    text = str(text)
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…" if text else ""


def nice_max(value: float) -> tuple[float, float]:
    """(top of the axis, step between grid lines) for values up to ``value``."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step), step


def number(value: float) -> str:
    if abs(value) >= 10000:
        return f"{value / 10000:,.1f}万".replace(".0万", "万")
    return f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:.1f}"


def _svg(height: int, body: list[str], title: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
            f'aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")


def _timeline(spec: dict) -> str:
    left, right, top, plot_h = 64, 16, 78, 240
    plot_w = WIDTH - left - right
    x0, x1 = spec["x0"], max(spec["x1"], spec["x0"] + 1)
    below = spec.get("ticks_below") or []
    height = top + plot_h + 28 + (26 if below else 0) + 6

    def x(t: float) -> float:
        return left + (min(max(t, x0), x1) - x0) / (x1 - x0) * plot_w

    values = [p[1] for s in spec["series"] for p in s["points"] if p[1] is not None]
    y_top, y_step = nice_max(max(values, default=0))

    def y(v: float) -> float:
        return top + plot_h - v / y_top * plot_h

    out = [f'<text class="title" x="{left}" y="18">{_e(spec["title"])}</text>']
    out += _legend(spec["series"])
    for t0, t1, label in spec.get("shade", []):
        out.append(f'<rect x="{x(t0):.1f}" y="{top}" width="{max(x(t1) - x(t0), 0):.1f}" height="{plot_h}" '
                   f'fill="#e2e2e2"/>')
        out.append(f'<text class="small" x="{(x(t0) + x(t1)) / 2:.1f}" y="{top + 14}" text-anchor="middle">'
                   f'{_e(fit(label, x(t1) - x(t0) + 6, 10))}</text>')
    bands = spec.get("bands", [])
    for index, (t0, t1, label, n) in enumerate(bands):
        a, b = x(t0), x(t1)
        room = (x(bands[index + 2][0]) if index + 2 < len(bands) else left + plot_w) - a  # its row's next label
        out.append(f'<rect x="{a:.1f}" y="{top}" width="{max(b - a, 0):.1f}" height="{plot_h}" '
                   f'fill="{BANDS[n % 2]}"><title>{_e(label)}</title></rect>')
        out.append(f'<line x1="{a:.1f}" y1="{top - (30 if n % 2 else 14)}" x2="{a:.1f}" y2="{top + plot_h}" '
                   f'stroke="#b8c2d6" stroke-width="1"/>')
        shown = fit(label, room - 6)
        if shown:
            out.append(f'<text x="{a + 3:.1f}" y="{top - (20 if n % 2 else 4)}">{_e(shown)}<title>{_e(label)}</title>'
                       f'</text>')
    grid = 0.0
    while grid <= y_top + 1e-9:
        out.append(f'<line x1="{left}" y1="{y(grid):.1f}" x2="{left + plot_w}" y2="{y(grid):.1f}" stroke="#d0d0d0" '
                   f'stroke-width="{1 if grid else 1.5}"/>')
        out.append(f'<text x="{left - 6}" y="{y(grid) + 4:.1f}" text-anchor="end">{_e(number(grid))}</text>')
        grid += y_step
    out.append(f'<text class="small" x="{left - 6}" y="{top - 42}" text-anchor="end">{_e(spec.get("unit", ""))}</text>')
    for series in spec["series"]:
        color = COLORS.get(series.get("color"), SERIES[0])
        points = [p for p in series["points"] if p[1] is not None]
        if series["kind"] == "line" and points:
            path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        elif series["kind"] == "bars":
            width = max(series.get("width", 60_000) / (x1 - x0) * plot_w - 0.5, 1)
            out += [f'<rect x="{x(t):.1f}" y="{y(v):.1f}" width="{width:.1f}" height="{max(y(0) - y(v), 0):.1f}" '
                    f'fill="{color}"/>' for t, v in points if v]
    lanes: list[float] = []  # where each row of mark labels is free again
    for mark in sorted(spec.get("marks", []), key=lambda m: (m["t"], m["kind"] != "emergency")):
        at = x(mark["t"])
        if mark["kind"] == "emergency":
            out.append(f'<line x1="{at:.1f}" y1="{top}" x2="{at:.1f}" y2="{top + plot_h}" stroke="#c53030" '
                       f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        lane = next((i for i, free in enumerate(lanes) if free <= at), len(lanes))
        if lane >= MARK_LANES:
            continue  # no room left for its label: the bar or line still shows
        if lane == len(lanes):
            lanes.append(0)
        lanes[lane] = at + text_width(mark["label"], 11) + 8
        out.append(f'<text class="warn" x="{at + 3:.1f}" y="{top + 16 + 14 * lane}" style="font-size:11px">'
                   f'{_e(mark["label"])}</text>')
    for t, label in spec.get("ticks", []):
        out.append(f'<line x1="{x(t):.1f}" y1="{top + plot_h}" x2="{x(t):.1f}" y2="{top + plot_h + 4}" stroke="#555"/>')
        out.append(f'<text x="{x(t):.1f}" y="{top + plot_h + 17}" text-anchor="middle">{_e(label)}</text>')
    if below:
        base = top + plot_h + 30
        out.append(f'<text class="small" x="{left - 6}" y="{base + 12}" text-anchor="end">'
                   f'{_e(spec.get("below_title", ""))}</text>')
        out += [f'<line x1="{x(tick["t"]):.1f}" y1="{base + 2}" x2="{x(tick["t"]):.1f}" y2="{base + 16}" '
                f'stroke="#6b46c1" stroke-width="1.2"><title>{_e(tick["label"])}</title></line>' for tick in below]
    return _svg(height, out, spec["title"])


def _legend(series: list[dict]) -> list[str]:
    out, at = [], WIDTH - 16
    for item in reversed(series):
        width = text_width(item["name"]) + 22
        at -= width
        color = COLORS.get(item.get("color"), item.get("color") or SERIES[0])
        out.append(f'<rect x="{at:.1f}" y="8" width="12" height="12" fill="{color}"/>'
                   f'<text x="{at + 16:.1f}" y="18">{_e(item["name"])}</text>')
        at -= 10
    return out


def _bars(spec: dict) -> str:
    rows, panels = spec["rows"], spec["panels"]
    label_w, gap, top, row_h = 250, 24, 54, 24
    panel_w = (WIDTH - label_w - 16 - gap * (len(panels) - 1)) / max(len(panels), 1)
    series_n = max((len(p["series"]) for p in panels), default=1)
    bar_h = max((row_h - 6) / series_n, 3)
    height = top + row_h * len(rows) + 10
    out = [f'<text class="title" x="16" y="18">{_e(spec["title"])}</text>']
    if series_n > 1:
        out += _legend([{"name": s["name"], "color": s.get("color") or SERIES[i % len(SERIES)]}
                        for i, s in enumerate(panels[0]["series"])])
    for index, label in enumerate(rows):
        ty = top + index * row_h
        if index % 2:
            out.append(f'<rect x="0" y="{ty}" width="{WIDTH}" height="{row_h}" fill="#f6f7f9"/>')
        out.append(f'<text x="{label_w - 8}" y="{ty + row_h / 2 + 4:.1f}" text-anchor="end">'
                   f'{_e(fit(label, label_w - 16))}<title>{_e(label)}</title></text>')
    for p_index, panel in enumerate(panels):
        px = label_w + p_index * (panel_w + gap)
        peak = max((v for s in panel["series"] for v in s["values"] if v is not None), default=0) or 1
        out.append(f'<text x="{px:.1f}" y="{top - 10}" style="font-weight:bold">{_e(panel["title"])}</text>')
        out.append(f'<line x1="{px:.1f}" y1="{top}" x2="{px:.1f}" y2="{top + row_h * len(rows)}" stroke="#999"/>')
        room = panel_w - 70
        for s_index, series in enumerate(panel["series"]):
            color = COLORS.get(series.get("color"), series.get("color") or SERIES[s_index % len(SERIES)])
            for index, value in enumerate(series["values"]):
                if value is None:
                    continue
                by = top + index * row_h + 3 + s_index * bar_h
                width = max(value / peak * room, 0)
                out.append(f'<rect x="{px:.1f}" y="{by:.1f}" width="{width:.1f}" height="{bar_h - 1:.1f}" '
                           f'fill="{color}"><title>{_e(series["name"])}: {_e(number(value))}</title></rect>')
                if series_n == 1 or bar_h >= 9:
                    out.append(f'<text class="small" x="{px + width + 4:.1f}" y="{by + bar_h / 2 + 3:.1f}">'
                               f'{_e(number(value))}</text>')
    return _svg(height, out, spec["title"])
