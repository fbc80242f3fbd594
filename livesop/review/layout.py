"""The room's numbers laid out as report blocks: headings, paragraphs, tables and charts.

The run report (``runner/report/layout.py``) appends these after its own; every format draws the
tables, and HTML draws the charts too (text and Markdown leave them out: the tables hold the
same numbers). A column the data does not have is left out of its table.
"""

from __future__ import annotations

from livesop.format.timefmt import mmss_ms
from livesop.review.align import AFTER, BEFORE, BETWEEN, WAITING
from livesop.review.charts import comments_chart, online_chart, sales_chart
from livesop.review.join import PRODUCT_ROLES, Review

NONE = "—"
BURST = 2  # negative comments in one minute that the table lists (a burst matters more than one comment)
PLACES = {BEFORE: "before the show", AFTER: "after the show", WAITING: "waiting for a hard start",
          BETWEEN: "between segments (not in the log)"}


def amount(value: float | None) -> str:
    """A sum of money or people: whole, with thousands separated; ``—`` for no data."""
    return NONE if value is None else f"{value:,.0f}"


def decimal(value: float | None, places: int = 1) -> str:
    return NONE if value is None else f"{value:,.{places}f}"


def percent(value: float | None) -> str:
    return NONE if value is None else f"{value * 100:.1f}%"


def signed(value: float | None) -> str:
    return NONE if value is None else f"{value:+,.0f}"


# table: its heading and columns (header, field of a Figures, format); a column shows when some row has a value
SEGMENT_TABLES = (
    ("Per segment: sales", (
        ("gmv", "GMV", amount), ("orders", "orders", amount), ("buyers", "buyers", amount), ("gpm", "GPM", amount),
        ("uv_value", "UV value", lambda v: decimal(v, 2)), ("click_rate", "click rate", percent),
        ("conversion", "conversion", percent))),
    ("Per segment: the room", (
        ("online_avg", "online avg", amount), ("online_peak", "online peak", amount), ("entries", "entries", amount),
        ("exits", "exits", amount), ("comments_per_min", "comments/min", decimal),
        ("fans_per_min", "new fans/min", decimal))),
)


def blocks(review: Review) -> list:
    out: list = [("h", "Room numbers: the platform's data joined with the run")]
    out.append(("p", _source(review)))
    if review.data:
        out += [chart for chart in (online_chart(review), sales_chart(review)) if chart]
        out += _segments(review)
        out += _outside(review)
        out += _products(review)
        out += _lines(review)
    if review.comments_file:
        out += _comments(review)
    if review.notes:
        out.append(("p", "Notes: " + "; ".join(review.notes) + "."))
    return out


def _source(review: Review) -> str:
    clock = (f"on the rehearsal's show clock (go-live {review.clock_at(0)[:5]})" if review.rehearsal
             else f"as {review.zone} time (--tz)")
    parts = []
    if review.data:
        columns = ", ".join(f"{header}" for header in review.columns.values())
        parts.append(f"Minute data {review.data} ({columns})")
    if review.comments_file:
        parts.append(f"comments {review.comments_file}")
    text = " and ".join(parts) + f", matched by clock time {clock}; each minute goes to the segment running at its " \
                                 "middle, by the log's actual times"
    if review.template:
        text += "; planned from template " + " ".join(f"{k} {v}" for k, v in review.template.items())
    return text + "."


def _segments(review: Review) -> list:
    rows = review.segments
    out: list = []
    for heading, columns in SEGMENT_TABLES:
        shown = [c for c in columns if any(getattr(s, c[0]) is not None for s in rows)]
        if shown:
            out += [("h", heading), ("table", ["segment", "title", "visits", "ran", "minutes", *(c[1] for c in shown)],
                                     [[s.id, s.title, s.visits or "", mmss_ms(s.ran_ms) if s.visits else "",
                                       decimal(s.minutes, 0), *(c[2](getattr(s, c[0])) for c in shown)]
                                      for s in rows])]
    total = review.total
    line = (f"In the segments: {decimal(total.minutes, 0)} minute(s) of data, GMV {amount(total.gmv)}, "
            f"{amount(total.orders)} order(s), peak online {amount(total.online_peak)}")
    if total.gpm is not None:
        line += f", GPM {amount(total.gpm)}"
    return out + [("p", line + ".")]


def _outside(review: Review) -> list:
    places = [p for p in review.outside if p.minutes]
    if not places:
        return [("p", "Every minute of data fell inside a segment.")]
    return [("h", "Minutes outside the segments"),
            ("p", "Counted apart from the segments, not dropped: the data covers more than the run."),
            ("table", ["when", "minutes", "GMV", "orders", "online avg", "comments"],
             [[PLACES.get(p.place, p.place), decimal(p.minutes, 0), amount(p.gmv), amount(p.orders),
               amount(p.online_avg), amount(p.comments)] for p in places])]


def _products(review: Review) -> list:
    if not review.products:
        return [("p", "Per product: needs the playbook that ran" + (f" ({review.ran})" if review.ran else "")
                 + ", whose segments name their products.")]
    headers = ["product", "link"]
    for role in PRODUCT_ROLES:
        headers += [f"{role} GMV", f"{role} orders"]
    headers += ["GMV", "orders", "minutes", "GMV/min"]
    rows = []
    for p in review.products:
        row = [p.name, p.link or ""]
        for role in PRODUCT_ROLES:
            cell = p.roles[role]
            row += [amount(cell["gmv"]) if cell["segments"] else "", amount(cell["orders"]) if cell["segments"] else ""]
        row += [amount(p.gmv), amount(p.orders), decimal(p.minutes, 0),
                amount(p.gmv / p.minutes) if p.gmv is not None and p.minutes else NONE]
        rows.append(row)
    return [("h", "Per product: 讲品, 返场, 秒杀"),
            ("p", "讲品 is a product's first product segment, 返场 each later one, 秒杀 its flash-sale segments."),
            ("table", headers, rows)]


def _lines(review: Review) -> list:
    if not review.lines:
        return []
    return [("h", "Per 话术: the three minutes after each line"),
            ("p", "Online three minutes after the line against online when it was said (the average over the "
                  "times it was said), and GMV and orders in those minutes, added up; lines said close together "
                  "share minutes."),
            ("table", ["话术", "category", "spoken", "segments", "online change", "GMV after", "orders after"],
             [[line.ref, line.category, line.spoken, ", ".join(line.segments), signed(line.online_change),
               amount(line.gmv_after), amount(line.orders_after)] for line in review.lines])]


def _comments(review: Review) -> list:
    total = review.total
    read = sum(s.comments_read or 0 for s in review.segments) + sum(p.comments_read or 0 for p in review.outside)
    out: list = [("h", "Comments"),
                 ("p", f"{read:,} comment(s) read from {review.comments_file}: {total.comments_read or 0:,} in the "
                       f"segments, {read - (total.comments_read or 0):,} outside them; "
                       f"{total.negative or 0:,} in the segments with a negative word.")]
    chart = comments_chart(review)
    if chart:
        out.append(chart)
    rows = [s for s in review.segments if s.comments_read]
    if rows:
        out.append(("table", ["segment", "title", "comments", "per minute", "negative", "top words"],
                    [[s.id, s.title, s.comments_read, _per_minute(s), s.negative or 0,
                      " ".join(f"{w}×{n}" for w, n in s.top_words)] for s in rows]))
    out.append(("h", "Negative feedback and emergencies"))
    if not review.negative and not review.emergencies:
        out.append(("p", "No comment with a negative word, and no emergency plan was opened."))
        return out
    bursts = [n for n in review.negative if n.count >= BURST]
    single = len(review.negative) - len(bursts)
    out.append(("p", f"Each minute with {BURST} or more comments with a negative word, beside the emergency plans "
                     "opened, in time order" + (f" ({single} other minute(s) had one each)" if single else "")
                + "; the words come from livesop's 舆情 list and the playbook's compliance.extra."))
    events = [(n.t, 0, [n.clock, _place(n.place), n.count, "、".join(f"{w}×{c}" for w, c in n.terms.items()),
                        n.example, ""]) for n in bursts]
    events += [(e["t"], 1, [e["clock"][:5], _place(e["seg"]), "", "", "",
                            f"{e['plan']}: {e['title']}"]) for e in review.emergencies]
    out.append(("table", ["time", "segment", "negative comments", "words", "first comment", "emergency opened"],
                [row for _, _, row in sorted(events, key=lambda item: (item[0], item[1]))]))
    if review.terms:
        out.append(("table", ["word", "comments", "first", "last", "segments"],
                    [[t["term"], t["comments"], t["first"], t["last"],
                      ", ".join(_place(s) for s in t["segments"])] for t in review.terms]))
    return out


def _per_minute(segment) -> str:
    minutes = segment.minutes or segment.ran_ms / 60_000
    return decimal(segment.comments_read / minutes) if minutes else NONE


def _place(place: str | None) -> str:
    return PLACES.get(place, place or "")
