"""The room's numbers laid out as report blocks: headings, paragraphs, tables and charts.

The run report (``runner/report/layout.py``) appends these after its own; every format draws the
tables, and HTML draws the charts too (text and Markdown leave them out: the tables hold the
same numbers). A column the data does not have is left out of its table.
"""

from __future__ import annotations

from livesop.format.timefmt import mmss_ms
from livesop.i18n import N_, _, pgettext
from livesop.review.align import AFTER, BEFORE, BETWEEN, WAITING
from livesop.review.charts import comments_chart, online_chart, sales_chart
from livesop.review.join import PRODUCT_ROLES, Review

NONE = "—"
BURST = 2  # negative comments in one minute that the table lists (a burst matters more than one comment)
PLACES = {BEFORE: N_("before the show"), AFTER: N_("after the show"), WAITING: N_("waiting for a hard start"),
          BETWEEN: N_("between segments (not in the log)")}
# (minute data, comments, template) → the paragraph that says what was read and how it was matched
SOURCES = {
    (True, True, False): N_("Minute data {data} ({columns}) and comments {comments}, matched by clock time {clock}; "
                            "each minute goes to the segment running at its middle, by the log's actual times."),
    (True, False, False): N_("Minute data {data} ({columns}), matched by clock time {clock}; each minute goes to the "
                             "segment running at its middle, by the log's actual times."),
    (False, True, False): N_("Comments {comments}, matched by clock time {clock}; each minute goes to the segment "
                             "running at its middle, by the log's actual times."),
    (True, True, True): N_("Minute data {data} ({columns}) and comments {comments}, matched by clock time {clock}; "
                           "each minute goes to the segment running at its middle, by the log's actual times; "
                           "planned from template {template}."),
    (True, False, True): N_("Minute data {data} ({columns}), matched by clock time {clock}; each minute goes to the "
                            "segment running at its middle, by the log's actual times; planned from template "
                            "{template}."),
    (False, True, True): N_("Comments {comments}, matched by clock time {clock}; each minute goes to the segment "
                            "running at its middle, by the log's actual times; planned from template {template}."),
}
TEMPLATE_KEYS = {"id": N_("id"), "version": N_("version"), "commit": N_("commit")}


def joined(items) -> str:
    """Items listed as the reader's language lists them: ``a, b`` (``a、b`` in Chinese)."""
    return pgettext("list separator", ", ").join(items)


def noted(notes: list[str]) -> str:
    """The ``Notes: …`` paragraph of a list of notes."""
    return _("Notes: {notes}.").format(notes=pgettext("clause separator", "; ").join(notes))


def place_name(place: str | None) -> str:
    """A segment id as it is, a place outside the segments (``align.OUTSIDE``) in words."""
    return _(PLACES[place]) if place in PLACES else place or ""


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
    (N_("Per segment: sales"), (
        ("gmv", N_("GMV"), amount), ("orders", N_("orders"), amount), ("buyers", N_("buyers"), amount),
        ("gpm", N_("GPM"), amount), ("uv_value", N_("UV value"), lambda v: decimal(v, 2)),
        ("click_rate", N_("click rate"), percent), ("conversion", N_("conversion"), percent))),
    (N_("Per segment: the room"), (
        ("online_avg", N_("online avg"), amount), ("online_peak", N_("online peak"), amount),
        ("entries", N_("entries"), amount), ("exits", N_("exits"), amount),
        ("comments_per_min", N_("comments/min"), decimal), ("fans_per_min", N_("new fans/min"), decimal))),
)


def blocks(review: Review) -> list:
    out: list = [("h", _("Room numbers: the platform's data joined with the run"))]
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
        out.append(("p", noted(review.notes)))
    return out


def _source(review: Review) -> str:
    clock = (_("on the rehearsal's show clock (go-live {time})").format(time=review.clock_at(0)[:5])
             if review.rehearsal else _("as {zone} time (--tz)").format(zone=review.zone))
    template = " ".join(f"{_(TEMPLATE_KEYS[k]) if k in TEMPLATE_KEYS else k} {v}" for k, v in review.template.items())
    sentence = SOURCES[(bool(review.data), bool(review.comments_file) or not review.data, bool(review.template))]
    return _(sentence).format(data=review.data, columns=joined(str(h) for h in review.columns.values()),
                              comments=review.comments_file, clock=clock, template=template)


def _segments(review: Review) -> list:
    rows = review.segments
    out: list = []
    for heading, columns in SEGMENT_TABLES:
        shown = [c for c in columns if any(getattr(s, c[0]) is not None for s in rows)]
        if shown:
            out += [("h", _(heading)), ("table", [_("segment"), _("title"), _("visits"), _("ran"), _("minutes"),
                                                  *(_(c[1]) for c in shown)],
                                     [[s.id, s.title, s.visits or "", mmss_ms(s.ran_ms) if s.visits else "",
                                       decimal(s.minutes, 0), *(c[2](getattr(s, c[0])) for c in shown)]
                                      for s in rows])]
    total = review.total
    line = (_("In the segments: {minutes} minute(s) of data, GMV {gmv}, {orders} order(s), peak online {peak}.")
            if total.gpm is None else
            _("In the segments: {minutes} minute(s) of data, GMV {gmv}, {orders} order(s), peak online {peak}, "
              "GPM {gpm}."))
    return out + [("p", line.format(minutes=decimal(total.minutes, 0), gmv=amount(total.gmv),
                                    orders=amount(total.orders), peak=amount(total.online_peak),
                                    gpm=amount(total.gpm)))]


def _outside(review: Review) -> list:
    places = [p for p in review.outside if p.minutes]
    if not places:
        return [("p", _("Every minute of data fell inside a segment."))]
    return [("h", _("Minutes outside the segments")),
            ("p", _("Counted apart from the segments, not dropped: the data covers more than the run.")),
            ("table", [_("when"), _("minutes"), _("GMV"), _("orders"), _("online avg"), _("comments")],
             [[place_name(p.place), decimal(p.minutes, 0), amount(p.gmv), amount(p.orders),
               amount(p.online_avg), amount(p.comments)] for p in places])]


def _products(review: Review) -> list:
    if not review.products:
        if review.ran:
            return [("p", _("Per product: needs the playbook that ran ({reason}), whose segments name their "
                            "products.").format(reason=review.ran))]
        return [("p", _("Per product: needs the playbook that ran, whose segments name their products."))]
    headers = [_("product"), _("link")]
    for role in PRODUCT_ROLES:
        headers += [_("{role} GMV").format(role=role), _("{role} orders").format(role=role)]
    headers += [_("GMV"), _("orders"), _("minutes"), _("GMV/min")]
    rows = []
    for p in review.products:
        row = [p.name, p.link or ""]
        for role in PRODUCT_ROLES:
            cell = p.roles[role]
            row += [amount(cell["gmv"]) if cell["segments"] else "", amount(cell["orders"]) if cell["segments"] else ""]
        row += [amount(p.gmv), amount(p.orders), decimal(p.minutes, 0),
                amount(p.gmv / p.minutes) if p.gmv is not None and p.minutes else NONE]
        rows.append(row)
    return [("h", _("Per product: 讲品, 返场, 秒杀")),
            ("p", _("讲品 is a product's first product segment, 返场 each later one, 秒杀 its flash-sale segments.")),
            ("table", headers, rows)]


def _lines(review: Review) -> list:
    if not review.lines:
        return []
    return [("h", _("Per 话术: the three minutes after each line")),
            ("p", _("Online three minutes after the line against online when it was said (the average over the "
                    "times it was said), and GMV and orders in those minutes, added up; lines said close together "
                    "share minutes.")),
            ("table", ["话术", _("category"), _("spoken"), _("segments"), _("online change"), _("GMV after"),
                       _("orders after")],
             [[line.ref, line.category, line.spoken, joined(line.segments), signed(line.online_change),
               amount(line.gmv_after), amount(line.orders_after)] for line in review.lines])]


def _comments(review: Review) -> list:
    total = review.total
    read = sum(s.comments_read or 0 for s in review.segments) + sum(p.comments_read or 0 for p in review.outside)
    inside = total.comments_read or 0
    out: list = [("h", _("Comments")),
                 ("p", _("{read} comment(s) read from {file}: {inside} in the segments, {outside} outside them; "
                         "{negative} in the segments with a negative word.").format(
                     read=f"{read:,}", file=review.comments_file, inside=f"{inside:,}", outside=f"{read - inside:,}",
                     negative=f"{total.negative or 0:,}"))]
    chart = comments_chart(review)
    if chart:
        out.append(chart)
    rows = [s for s in review.segments if s.comments_read]
    if rows:
        out.append(("table", [_("segment"), _("title"), _("comments"), _("per minute"), _("negative"),
                              _("top words")],
                    [[s.id, s.title, s.comments_read, _per_minute(s), s.negative or 0,
                      " ".join(f"{w}×{n}" for w, n in s.top_words)] for s in rows]))
    out.append(("h", _("Negative feedback and emergencies")))
    if not review.negative and not review.emergencies:
        out.append(("p", _("No comment with a negative word, and no emergency plan was opened.")))
        return out
    bursts = [n for n in review.negative if n.count >= BURST]
    single = len(review.negative) - len(bursts)
    text = (_("Each minute with {burst} or more comments with a negative word, beside the emergency plans opened, "
              "in time order ({single} other minute(s) had one each); the words come from livesop's 舆情 list and "
              "the playbook's compliance.extra.") if single else
            _("Each minute with {burst} or more comments with a negative word, beside the emergency plans opened, "
              "in time order; the words come from livesop's 舆情 list and the playbook's compliance.extra."))
    out.append(("p", text.format(burst=BURST, single=single)))
    events = [(n.t, 0, [n.clock, _place(n.place), n.count, "、".join(f"{w}×{c}" for w, c in n.terms.items()),
                        n.example, ""]) for n in bursts]
    events += [(e["t"], 1, [e["clock"][:5], _place(e["seg"]), "", "", "",
                            f"{e['plan']}: {e['title']}"]) for e in review.emergencies]
    out.append(("table", [_("time"), _("segment"), _("negative comments"), _("words"), _("first comment"),
                          _("emergency opened")],
                [row for _, _, row in sorted(events, key=lambda item: (item[0], item[1]))]))
    if review.terms:
        out.append(("table", [_("word"), _("comments"), pgettext("the first time", "first"),
                              pgettext("the last time", "last"), _("segments")],
                    [[t["term"], t["comments"], t["first"], t["last"],
                      joined(_place(s) for s in t["segments"])] for t in review.terms]))
    return out


def _per_minute(segment) -> str:
    minutes = segment.minutes or segment.ran_ms / 60_000
    return decimal(segment.comments_read / minutes) if minutes else NONE


def _place(place: str | None) -> str:
    return place_name(place)
