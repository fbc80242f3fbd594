"""The 复盘's charts as data: what to draw, never how (``runner/report/svg.py`` draws them).

A chart is a ``("chart", spec)`` block; its texts are Chinese and go into the picture as SVG
text. ``timeline`` charts run along show time (ms) with the segments as bands, the 话术 spoken as
ticks and the emergencies opened as marks; ``bars`` charts put one row per segment beside
panels of bars.
"""

from __future__ import annotations

from livesop.review.align import AFTER, BEFORE, MINUTE_MS, WAITING

MAX_WORD_MARKS = 12  # negative words written over the comment bars (the busiest minutes)
OUTSIDE_LABELS = {BEFORE: "开播前", AFTER: "下播后", WAITING: "等待整点"}


def short_title(title: str) -> str:
    """A segment title for a band, which may cut it: ``讲品·麦饭石色…`` reads better cut than ``讲品：麦饭石色…``."""
    return title.replace("：", "·", 1)


def _frame(review) -> dict:
    """What every timeline shares: its span, clock ticks, segment bands and emergency marks."""
    ts = [m["t"] for m in review.minutes] + [m["t"] for m in review.comment_minutes]
    titles = {s.id: s.title for s in review.segments}
    visits = [(start, stop, titles.get(seg, seg) if seg else OUTSIDE_LABELS[WAITING]) for start, stop, seg in review.visits]
    x0 = min(ts + [0])
    x1 = max([t + MINUTE_MS for t in ts] + [review.end])
    span = max(x1 - x0, MINUTE_MS)
    step = next((s for s in (5, 10, 15, 30, 60, 120, 240) if span / (s * MINUTE_MS) <= 14), 480) * MINUTE_MS
    ticks = []
    t = x0 + (-(review.clock0_ms + x0)) % step
    while t <= x1:
        ticks.append([t, review.clock_at(t)[:5]])
        t += step
    bands = [[start, stop, short_title(title), index] for index, (start, stop, title) in enumerate(visits)]
    marks = [{"t": e["t"], "label": "⚠ " + e["title"].split("：")[0], "kind": "emergency"} for e in review.emergencies]
    shade = []
    if x0 < 0:
        shade.append([x0, 0, OUTSIDE_LABELS[BEFORE]])
    if x1 > review.end:
        shade.append([review.end, x1, OUTSIDE_LABELS[AFTER]])
    return {"x0": x0, "x1": x1, "ticks": ticks, "bands": bands, "shade": shade, "marks": marks}


def online_chart(review) -> tuple | None:
    points = [[m["t"], m["online"]] for m in review.minutes if m.get("online") is not None]
    if not points:
        return None
    spec = _frame(review)
    spec.update(type="timeline", title="在线人数（每分钟）", unit="人",
                series=[{"name": "在线人数", "kind": "line", "color": "online", "points": points}])
    spec["ticks_below"] = [{"t": c["t"], "label": c["ref"], "kind": "say"} for c in review.cues if c["ref"]]
    spec["below_title"] = "话术"
    return ("chart", spec)


def sales_chart(review) -> tuple | None:
    rows = [s for s in review.segments if s.gmv is not None or s.orders is not None]
    if not rows:
        return None
    panels = []
    if any(s.gmv is not None for s in rows):
        panels.append({"title": "成交金额（元）", "series": [{"name": "成交金额", "color": "gmv",
                                                        "values": [s.gmv or 0 for s in rows]}]})
    if any(s.orders is not None for s in rows):
        panels.append({"title": "成交订单数", "series": [{"name": "成交订单数", "color": "orders",
                                                     "values": [s.orders or 0 for s in rows]}]})
    return ("chart", {"type": "bars", "title": "各环节成交金额与订单数", "rows": [s.title for s in rows],
                      "panels": panels})


def comments_chart(review) -> tuple | None:
    if review.comment_minutes:
        counts = [[m["t"], m["count"]] for m in review.comment_minutes]
        bad = [[m["t"], m["negative"]] for m in review.comment_minutes if m["negative"]]
        title = "每分钟评论数（红色：含负面词）"
    else:
        counts = [[m["t"], m["comments"]] for m in review.minutes if m.get("comments") is not None]
        bad = []
        title = "每分钟评论次数"
    if not counts:
        return None
    spec = _frame(review)
    busiest = sorted(review.negative, key=lambda n: -n.count)[:MAX_WORD_MARKS]
    spec["marks"] = spec["marks"] + [
        {"t": n.t, "label": "、".join(list(n.terms)[:2]) + (f"×{n.count}" if n.count > 1 else ""), "kind": "word"}
        for n in sorted(busiest, key=lambda n: n.t)]
    spec.update(type="timeline", title=title, unit="条",
                series=[{"name": "评论", "kind": "bars", "color": "comments", "points": counts, "width": MINUTE_MS},
                        {"name": "含负面词", "kind": "bars", "color": "negative", "points": bad,
                         "width": MINUTE_MS}])
    return ("chart", spec)
