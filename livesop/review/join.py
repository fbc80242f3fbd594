"""The room's numbers joined with the run: per segment, per product, per 话术, minute by minute.

Each minute row goes to the segment running at the middle of its minute, by the run log's actual
times (``review.align``); rows outside every segment (before the show, after it, while the show
waited for a hard start) are counted apart, never dropped. A segment visited twice gets the
minutes of both visits. Comments go to the segment running at the second they were written.

Figures per segment, where the columns exist: GMV, orders, buyers (each minute's buyers added
up), average and peak online, entries and exits, GPM (GMV per 1,000 viewers, the viewers being
those online at the segment's first minute plus those who came in during it), UV value (GMV per
viewer), click rate (product clicks / exposures), conversion (buyers / product clicks), and
comments and new fans per minute. Per 话术: each line spoken and the three minutes that follow
it (online then against online when it was said, GMV and orders in those minutes); lines said
close together share minutes, so read it as a pointer, not a measurement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from livesop.format.timefmt import hhmmss_ms
from livesop.i18n import _
from livesop.review.align import MINUTE_MS, OUTSIDE, ShowTimes
from livesop.review.comments import Comments
from livesop.review.minutes import Minutes
from livesop.review.ran import SAY, Ran
from livesop.review.words import negative_hits, top_words
from livesop.runner.runlog import LogRead

AFTER_LINE_MINUTES = 3  # the minutes after a 话术 that are put beside it
TOP_WORDS = 8
PRODUCT_ROLES = ("讲品", "返场", "秒杀")
SUMS = ("gmv", "orders", "buyers", "entries", "exits", "exposure", "clicks", "fans", "comments", "likes", "shares")


@dataclass
class Figures:
    """The numbers of a stretch of minutes (a segment, or minutes outside the show)."""

    minutes: float = 0  # minutes of data in it
    gmv: float | None = None
    orders: float | None = None
    buyers: float | None = None
    online_avg: float | None = None
    online_peak: float | None = None
    entries: float | None = None
    exits: float | None = None
    exposure: float | None = None
    clicks: float | None = None
    fans: float | None = None
    comments: float | None = None  # the platform's count when the data has it, else the comments read
    likes: float | None = None
    shares: float | None = None
    viewers: float | None = None
    gpm: float | None = None
    uv_value: float | None = None
    click_rate: float | None = None
    conversion: float | None = None
    comments_per_min: float | None = None
    fans_per_min: float | None = None
    comments_read: int | None = None  # comments of the --comments file in it
    negative: int | None = None  # of those, comments with a negative word


@dataclass
class SegmentNumbers(Figures):
    """The figures of one segment, with its kind, product, visits, time run and top comment words."""

    id: str = ""
    title: str = ""
    kind: str | None = None
    product: str | None = None
    visits: int = 0
    ran_ms: int = 0
    top_words: list = field(default_factory=list)  # [word, comments]


@dataclass
class PlaceNumbers(Figures):
    """Minutes and comments outside every segment: ``place`` is one of ``align.OUTSIDE``."""

    place: str = ""


@dataclass
class ProductNumbers:
    """The figures of one product, added up over its segments and split by role (讲品, 返场, 秒杀)."""

    id: str
    name: str
    link: int | None
    roles: dict  # 讲品 / 返场 / 秒杀 → {"gmv", "orders", "minutes", "segments"}
    gmv: float | None = None
    orders: float | None = None
    minutes: float = 0


@dataclass
class LineNumbers:
    """One 话术 (a script, or a library entry's variant) and what followed it."""

    ref: str
    category: str
    spoken: int = 0
    segments: list = field(default_factory=list)
    online_change: float | None = None  # average over the times it was said
    gmv_after: float | None = None
    orders_after: float | None = None


@dataclass
class NegativeMinute:
    """A minute with negative comments: where the show was, how many, which terms, and one example."""

    t: int
    clock: str
    place: str
    count: int
    terms: dict  # term → comments
    example: str


@dataclass
class Review:
    """Everything the room's numbers add to the 复盘 of one run (a report section: ``key``,
    ``blocks()``, ``to_dict()``)."""

    log: str
    playbook: str
    version: str
    sha256: str
    start_wall: str
    rehearsal: bool
    zone: str
    data: str | None
    comments_file: str | None
    platform: str
    columns: dict  # metric key → header read
    ran: str  # "" when the playbook that ran was read, else why not
    template: dict
    segments: list[SegmentNumbers]
    outside: list[PlaceNumbers]
    total: Figures
    products: list[ProductNumbers]
    lines: list[LineNumbers]
    minutes: list[dict]  # per minute of data: t, clock, place, online, gmv, orders, comments, negative
    comment_minutes: list[dict]  # per minute with comments read: t, clock, place, count, negative
    negative: list[NegativeMinute]
    terms: list[dict]  # term, comments, first, last, segments
    emergencies: list[dict]  # t, clock, plan, title
    cues: list[dict]  # t, seg, role, action, ref
    visits: list = field(default_factory=list)  # [start, end, segment id or None] on the show clock
    end: int = 0  # show ms the run ended
    clock0_ms: int = 0  # show time 0 on the data's clock, ms after midnight
    notes: list[str] = field(default_factory=list)
    key = "review"

    def clock_at(self, t: int) -> str:
        """``HH:MM:SS`` on the data's clock at show time ``t``."""
        return hhmmss_ms(self.clock0_ms + t)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def blocks(self) -> list:
        from livesop.review.layout import blocks

        return blocks(self)

    def segment(self, seg_id: str) -> SegmentNumbers | None:
        return next((s for s in self.segments if s.id == seg_id), None)


def join(read: LogRead, times: ShowTimes, ran: Ran, minutes: Minutes | None, comments: Comments | None,
         platform: str) -> Review:
    head = read.header or {}
    plan = head.get("plan") or {}
    events = read.events
    segments = [SegmentNumbers(id=s["id"], title=str(s.get("title", s["id"])),
                               kind=ran.segments[s["id"]].kind if s["id"] in ran.segments else None,
                               product=ran.segments[s["id"]].product if s["id"] in ran.segments else None)
                for s in plan.get("segments", []) if isinstance(s, dict) and "id" in s]
    by_id = {s.id: s for s in segments}
    for visit in times.visits:
        if visit.seg in by_id:
            by_id[visit.seg].visits += 1
            by_id[visit.seg].ran_ms += visit.end - visit.start
    outside = {place: PlaceNumbers(place=place) for place in OUTSIDE}
    notes: list[str] = []
    review = Review(
        log=read.path, playbook=str(head.get("playbook", "")), version=str(head.get("version", "")),
        sha256=str(head.get("sha256", "")), start_wall=str(head.get("start_wall", "")), rehearsal=times.rehearsal,
        zone=_zone_label(times), data=minutes.file if minutes else None,
        comments_file=comments.file if comments else None, platform=platform,
        columns=dict(minutes.columns) if minutes else {}, ran=ran.found, template=dict(ran.template),
        segments=segments, outside=[], total=Figures(), products=[], lines=[], minutes=[], comment_minutes=[],
        negative=[], terms=[], emergencies=[], cues=[], notes=notes,
        visits=[[v.start, v.end, v.seg] for v in times.visits], end=times.end, clock0_ms=times.clock0_ms)
    has = set(minutes.columns) if minutes else set()
    per_minute: dict[int, dict] = {}  # local minute → the row's values (lines, charts)
    if minutes is not None:
        notes += minutes.notes
        _join_minutes(review, times, minutes, by_id, outside, per_minute, has)
    if comments is not None:
        notes += comments.notes
        _join_comments(review, times, comments, by_id, outside, ran)
    for figures in [*segments, *outside.values(), review.total]:
        _derive(figures, has)
    review.outside = [p for p in outside.values() if p.minutes or p.comments_read]
    review.emergencies = [{"t": e.t, "clock": times.clock(e.t), "seg": e.seg or "", "plan": e.plan or "",
                           "title": e.text or e.plan or ""} for e in events if e.kind == "emergency-open"]
    review.cues = [{"t": e.t, "seg": e.seg or "", "role": e.role or "", "action": e.action or "",
                    "ref": _ref(ran, e) if e.action == SAY else ""} for e in events if e.kind == "cue"]
    review.lines = _lines(review, times, ran, per_minute, has)
    review.products = _products(segments, ran, plan)
    if ran.found:
        notes.append(_("products and 话术 names need the playbook that ran: {reason}; 话术 are named by their "
                       "first words").format(reason=ran.found))
    return review


def _zone_label(times: ShowTimes) -> str:
    from livesop.review.values import zone_name

    return zone_name(times.zone)


def _join_minutes(review: Review, times: ShowTimes, minutes: Minutes, by_id: dict, outside: dict,
                  per_minute: dict, has: set) -> None:
    shift = times.day_shift({row.at.day for row in minutes.rows if row.at.day is not None})
    placed = sorted(((times.show_ms(row.at, shift), row) for row in minutes.rows), key=lambda item: item[0])
    step = _step([t for t, _ in placed])
    groups: dict[str, list] = defaultdict(list)
    seen: set[int] = set()
    duplicates = 0
    for t, row in placed:
        if t in seen:
            duplicates += 1
            continue
        seen.add(t)
        place = times.place(t + step // 2)
        groups[place].append((t, row.values))
        minute = (times.local0_ms + t) // MINUTE_MS
        per_minute[minute] = row.values
        review.minutes.append({"t": t, "clock": times.clock(t)[:5], "place": place,
                               **{key: row.values.get(key) for key in ("online", "gmv", "orders", "comments")}})
    if duplicates:
        review.notes.append(_("{file}: {count} row(s) repeat a minute already read; the first was kept").format(
            file=minutes.file, count=duplicates))
    if step != MINUTE_MS:
        review.notes.append(_("{file}: one row every {minutes} minutes").format(
            file=minutes.file, minutes=f"{step / MINUTE_MS:g}"))
    for place, rows in groups.items():
        target = by_id.get(place) or outside.get(place)
        if target is not None:
            _add(target, [values for _, values in rows], step, has)
    inside = sorted((item for place, rows in groups.items() if place in by_id for item in rows), key=lambda i: i[0])
    _add(review.total, [values for _, values in inside], step, has)


def _step(ts: list[int]) -> int:
    """The time between rows: the commonest gap (a minute when there is no telling)."""
    gaps = Counter(b - a for a, b in zip(ts, ts[1:]) if b > a)
    return gaps.most_common(1)[0][0] if gaps else MINUTE_MS


def _add(figures: Figures, rows: list[dict], step: int, has: set) -> None:
    figures.minutes += len(rows) * step / MINUTE_MS
    for key in SUMS:
        if key in has:
            values = [row[key] for row in rows if row.get(key) is not None]
            if values:
                setattr(figures, key, (getattr(figures, key) or 0) + sum(values))
    online = [row["online"] for row in rows if row.get("online") is not None]
    if online:
        figures.online_avg = sum(online) / len(online)
        figures.online_peak = max(online)
        entries = sum(row.get("entries") or 0 for row in rows) if "entries" in has else None
        figures.viewers = online[0] + entries if entries is not None else max(online)
    for key, target in (("click_rate", "click_rate"), ("pay_rate", "conversion")):
        rates = [row[key] for row in rows if row.get(key) is not None]
        if rates:
            setattr(figures, target, sum(rates) / len(rates))


def _derive(figures: Figures, has: set) -> None:
    if figures.gmv is not None and figures.viewers:
        figures.gpm = figures.gmv / figures.viewers * 1000
        figures.uv_value = figures.gmv / figures.viewers
    if figures.clicks is not None and figures.exposure:
        figures.click_rate = figures.clicks / figures.exposure
    if figures.buyers is not None and figures.clicks:
        figures.conversion = figures.buyers / figures.clicks
    if "comments" not in has and figures.comments_read is not None:
        figures.comments = figures.comments_read
    if figures.minutes:
        if figures.comments is not None:
            figures.comments_per_min = figures.comments / figures.minutes
        if figures.fans is not None:
            figures.fans_per_min = figures.fans / figures.minutes
    elif figures.comments is not None and isinstance(figures, SegmentNumbers) and figures.ran_ms:
        figures.comments_per_min = figures.comments / (figures.ran_ms / MINUTE_MS)


def _join_comments(review: Review, times: ShowTimes, comments: Comments, by_id: dict, outside: dict,
                   ran: Ran) -> None:
    items = comments.items
    shift = times.day_shift({c.at.day for c in items if c.at.day is not None and c.at.utc_ms is None})
    show_ms, place_of, local0 = times.show_ms, times.place, times.local0_ms
    placed = [show_ms(c.at, shift) for c in items]
    places = [place_of(t) for t in placed]
    texts: dict[str, list[str]] = defaultdict(list)
    per_minute: Counter = Counter()
    for t, place, comment in zip(placed, places, items):
        texts[place].append(comment.text)
        per_minute[(local0 + t) // MINUTE_MS] += 1
    hits = negative_hits([c.text for c in items], ran.extra_terms)
    negative_of: dict[int, list[str]] = defaultdict(list)
    for index, term in hits:
        negative_of[index].append(term)
    for place, said in texts.items():
        target = by_id.get(place) or outside.get(place)
        if target is not None:
            target.comments_read = len(said)
            if place in by_id:
                target.top_words = [[w, n] for w, n in top_words(said, TOP_WORDS)]
    bad_per_place: Counter = Counter(places[index] for index in negative_of)
    for place, count in bad_per_place.items():
        target = by_id.get(place) or outside.get(place)
        if target is not None:
            target.negative = count
    for target in [*by_id.values(), *outside.values()]:
        if target.comments_read and target.negative is None:
            target.negative = 0
    review.total.comments_read = sum(len(texts[p]) for p in texts if p in by_id)
    review.total.negative = sum(n for p, n in bad_per_place.items() if p in by_id)
    bad_minutes: dict[int, list[int]] = defaultdict(list)
    for index in negative_of:
        bad_minutes[(local0 + placed[index]) // MINUTE_MS].append(index)
    review.comment_minutes = [{"t": minute * MINUTE_MS - local0, "clock": times.minute(minute * MINUTE_MS - local0),
                               "place": place_of(minute * MINUTE_MS - local0 + MINUTE_MS // 2), "count": count,
                               "negative": len(bad_minutes.get(minute, ()))}
                              for minute, count in sorted(per_minute.items())]
    for minute, indexes in sorted(bad_minutes.items()):
        t = minute * MINUTE_MS - local0
        terms = Counter(term for index in indexes for term in negative_of[index])
        review.negative.append(NegativeMinute(t, times.minute(t), place_of(t + MINUTE_MS // 2), len(indexes),
                                              dict(terms.most_common()), items[indexes[0]].text))
    first: dict[str, dict] = {}
    for index in sorted(negative_of, key=lambda i: placed[i]):
        for term in negative_of[index]:
            entry = first.setdefault(term, {"term": term, "comments": 0, "first": times.clock(placed[index]),
                                            "last": "", "segments": []})
            entry["comments"] += 1
            entry["last"] = times.clock(placed[index])
            if places[index] not in entry["segments"]:
                entry["segments"].append(places[index])
    review.terms = sorted(first.values(), key=lambda e: -e["comments"])


def _ref(ran: Ran, event) -> str:
    """The 话术 a cue said: its reference when the playbook is known, else its first words."""
    ref = ran.say_of(event.cue)
    if ref:
        return ref
    text = " ".join((event.text or "").split())
    return text[:16] + ("…" if len(text) > 16 else "")


def _lines(review: Review, times: ShowTimes, ran: Ran, per_minute: dict, has: set) -> list[LineNumbers]:
    table: dict[str, LineNumbers] = {}
    changes: dict[str, list[float]] = defaultdict(list)
    for cue in review.cues:
        if cue["action"] != SAY or not cue["ref"]:
            continue
        entry = table.setdefault(cue["ref"], LineNumbers(cue["ref"], ran.categories.get(cue["ref"], "")))
        entry.spoken += 1
        if cue["seg"] not in entry.segments:
            entry.segments.append(cue["seg"])
        minute = (times.local0_ms + cue["t"]) // MINUTE_MS
        window = [per_minute[m] for m in range(minute, minute + AFTER_LINE_MINUTES) if m in per_minute]
        for key, name in (("gmv", "gmv_after"), ("orders", "orders_after")):
            values = [row[key] for row in window if row.get(key) is not None]
            if key in has and values:
                setattr(entry, name, (getattr(entry, name) or 0) + sum(values))
        then = per_minute.get(minute, {}).get("online")
        later = next((per_minute[m]["online"] for m in range(minute + AFTER_LINE_MINUTES, minute, -1)
                      if per_minute.get(m, {}).get("online") is not None), None)
        if then is not None and later is not None:
            changes[cue["ref"]].append(later - then)
    for ref, values in changes.items():
        table[ref].online_change = sum(values) / len(values)
    return sorted(table.values(), key=lambda line: (not line.category, line.category, line.ref))


def _products(segments: list[SegmentNumbers], ran: Ran, plan: dict) -> list[ProductNumbers]:
    rows: dict[str, ProductNumbers] = {}
    for segment in segments:  # plan order: a product's first product segment is its 讲品
        if not segment.product or segment.kind not in ("product", "flash-sale"):
            continue
        name, link = ran.products.get(segment.product, (segment.product, None))
        row = rows.setdefault(segment.product, ProductNumbers(
            segment.product, name, link, {role: {"gmv": None, "orders": None, "minutes": 0, "segments": []}
                                          for role in PRODUCT_ROLES}))
        role = "秒杀" if segment.kind == "flash-sale" else "返场" if row.roles["讲品"]["segments"] else "讲品"
        cell = row.roles[role]
        cell["segments"].append(segment.id)
        cell["minutes"] += segment.minutes
        row.minutes += segment.minutes
        for key in ("gmv", "orders"):
            value = getattr(segment, key)
            if value is not None:
                cell[key] = (cell[key] or 0) + value
                setattr(row, key, (getattr(row, key) or 0) + value)
    return list(rows.values())

