"""Several runs of one template side by side (``livesop review``): per segment, product and 话术,
how the numbers moved from show to show, and which playbook version (and commit) each show ran.

Runs are put oldest first by their go-live time. Segments are matched by id, products by id,
话术 by their reference (``lib:kaichang-welcome#A``), so a variant swapped in one week shows as
"—" in the weeks that did not say it. Each figure is shown with its change against the run
before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from livesop.format.timefmt import human_date, human_datetime
from livesop.i18n import N_, _, is_chinese
from livesop.review.join import Review
from livesop.review.layout import amount, joined, noted, signed

NONE = "—"
# segment figure → the table's heading
SEGMENT_FIGURES = {"gmv": N_("Per segment: GMV"), "orders": N_("Per segment: orders"),
                   "online_avg": N_("Per segment: average online"), "gpm": N_("Per segment: GPM"),
                   "comments": N_("Per segment: comments")}
PRODUCT_FIGURES = {"gmv": N_("Per product: GMV"), "orders": N_("Per product: orders")}
LINE_FIGURES = {"gmv_after": N_("Per 话术: GMV in the three minutes after"),
                "online_change": N_("Per 话术: online change in the three minutes after")}


@dataclass
class RunInfo:
    """One run in the comparison: its label, files, the playbook version and commit it ran, and its totals."""

    label: str
    log: str
    playbook: str
    title: str
    version: str
    commit: str
    sha256: str
    started: str
    data: str | None
    comments: str | None
    gmv: float | None
    orders: float | None
    online_peak: float | None
    ran: str


@dataclass
class Comparison:
    """Runs side by side, oldest first: each run's figures per segment, product and 话术, and notes."""

    runs: list[RunInfo]
    segments: list[dict]  # id, title, runs: [{figure: value}]
    products: list[dict]  # id, name, runs: [{gmv, orders, roles}]
    lines: list[dict]  # ref, category, runs: [{spoken, gmv_after, orders_after, online_change}]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def compare(runs: list[tuple[dict, Review]]) -> Comparison:
    """``runs``: (log header, room numbers) of each run, in any order."""
    runs = sorted(runs, key=lambda run: int(run[0].get("start_wall_ms") or 0))
    labels = _labels([str(head.get("start_wall", ""))[:16].replace("T", " ") for head, _ in runs])
    infos = [RunInfo(label, review.log, str(head.get("playbook", "")), str(head.get("title", "")),
                     str(head.get("version", "")), str(review.template.get("commit", "")),
                     str(head.get("sha256", "")), str(head.get("start_wall", "")), review.data, review.comments_file,
                     review.total.gmv, review.total.orders, review.total.online_peak, review.ran)
             for label, (head, review) in zip(labels, runs)]
    notes = []
    templates = {review.template.get("id") or head.get("playbook") for head, review in runs}
    if len(templates) > 1:
        notes.append(_("these runs are of different templates ({templates}): only segments, products and 话术 with "
                       "the same id are compared").format(templates=joined(sorted(map(str, templates)))))
    reviews = [review for _, review in runs]
    segments = _matched([[(s.id, s.title, {k: getattr(s, k) for k in SEGMENT_FIGURES}) for s in r.segments]
                         for r in reviews])
    products = _matched([[(p.id, p.name, {"gmv": p.gmv, "orders": p.orders,
                                          "roles": {role: cell["gmv"] for role, cell in p.roles.items()
                                                    if cell["segments"]}}) for p in r.products] for r in reviews])
    lines = _matched([[(line.ref, line.category, {"spoken": line.spoken, "gmv_after": line.gmv_after,
                                                   "orders_after": line.orders_after,
                                                   "online_change": line.online_change}) for line in r.lines]
                      for r in reviews])
    return Comparison(infos, [{"id": k, "title": t, "runs": v} for k, t, v in segments],
                      [{"id": k, "name": t, "runs": v} for k, t, v in products],
                      [{"ref": k, "category": t, "runs": v} for k, t, v in lines], notes)


def _labels(starts: list[str]) -> list[str]:
    """Each run's date, with its time when two runs share a date."""
    dates = [start[:10] for start in starts]
    return [start if dates.count(date) > 1 else date for start, date in zip(starts, dates)]


def _matched(per_run: list[list[tuple[str, str, dict]]]) -> list[tuple[str, str, list]]:
    """Items of every run by id, in first-seen order; a run without the item has None."""
    order: dict[str, str] = {}
    for items in per_run:
        for key, name, _figures in items:
            order.setdefault(key, name)
    found = [{key: figures for key, _, figures in items} for items in per_run]
    return [(key, name, [run.get(key) for run in found]) for key, name in order.items()]


# ------------------------------------------------------------------------------- blocks

def blocks(comparison: Comparison) -> list:
    runs = comparison.runs
    title = runs[-1].title if runs else ""
    labels = shown_labels(runs)
    out: list = [("h", _("复盘 week over week · {title}").format(title=title)),
                 ("p", _("{count} run(s), oldest first; each figure with its change against the run before it. "
                         "The playbook's version, commit (from its session block) and SHA-256 tell which script "
                         "each show ran.").format(count=len(runs)))]
    out.append(("table", [_("run"), _("went live"), _("version"), _("commit"), _("playbook SHA-256"), _("GMV"),
                          _("orders"), _("online peak"), _("data"), _("log")],
                [[label, _went_live(r.started, runs), r.version, r.commit[:12] or NONE, r.sha256[:12],
                  amount(r.gmv), amount(r.orders), amount(r.online_peak), r.data or _("no data"), r.log]
                 for label, r in zip(labels, runs)]))
    chart = _chart(comparison, labels)
    if chart:
        out.append(chart)
    for key, heading in SEGMENT_FIGURES.items():
        rows = [[s["id"], s["title"], *_moves([None if f is None else f[key] for f in s["runs"]])]
                for s in comparison.segments]
        if any(cell != NONE for row in rows for cell in row[2:]):
            out += [("h", _(heading)), ("table", [_("segment"), _("title"), *labels], rows)]
    if comparison.products:
        for key, heading in PRODUCT_FIGURES.items():
            out += [("h", _(heading)),
                    ("table", [_("product"), *labels],
                     [[p["name"], *_moves([None if f is None else f[key] for f in p["runs"]])]
                      for p in comparison.products])]
    if comparison.lines:
        for key, heading in LINE_FIGURES.items():
            show = signed if key == "online_change" else amount
            out += [("h", _(heading)),
                    ("p", _("— where a run did not say the line; (n×) how often it was said.")),
                    ("table", ["话术", _("category"), *labels],
                     [[line["ref"], line["category"], *_moves([None if f is None else f[key] for f in line["runs"]],
                                                               show, [f and f["spoken"] for f in line["runs"]])]
                      for line in comparison.lines])]
    if comparison.notes:
        out.append(("p", noted(comparison.notes)))
    return out


def shown_labels(runs: list[RunInfo]) -> list[str]:
    """Each run's label for a person: ``2025-11-25`` (``2025-11-25 20:00`` when two runs share a
    date); in Chinese ``11月25日 周二`` (``11月25日 周二 20:00``), with the year when the runs span two."""
    if not is_chinese():
        return [r.label for r in runs]
    year = len({r.label[:4] for r in runs}) > 1
    shown = []
    for r in runs:
        try:
            day = dt.date.fromisoformat(r.label[:10])
        except ValueError:
            shown.append(r.label)
            continue
        clock = r.label[11:16]
        if len(clock) == 5 and clock[2] == ":" and (clock[:2] + clock[3:]).isdigit():
            shown.append(human_datetime(day, int(clock[:2]) * 3600 + int(clock[3:]) * 60, year=year))
        else:
            shown.append(human_date(day, year=year))
    return shown


def _went_live(started: str, runs: list[RunInfo]) -> str:
    """The go-live moment as the log wrote it (``2025-11-25 20:00:00``; ``11月25日 周二 20:00`` in Chinese)."""
    if is_chinese():
        try:
            moment = dt.datetime.fromisoformat(started)
        except ValueError:
            pass
        else:
            return human_datetime(moment, year=len({r.started[:4] for r in runs}) > 1)
    return started[:19].replace("T", " ")


def _moves(values: list, show=amount, spoken: list | None = None) -> list[str]:
    """Each run's value with its change against the previous run that has one (and how often it was said)."""
    cells, previous = [], None
    for index, value in enumerate(values):
        notes = []
        if value is not None and previous is not None:
            if show is signed:
                notes.append(f"{value - previous:+,.0f}")
            elif previous:
                notes.append(f"{(value - previous) / abs(previous) * 100:+.0f}%")
        if spoken is not None and spoken[index]:
            notes.append(f"{spoken[index]}×")
        text = NONE if value is None else show(value)
        cells.append(text + (f" ({', '.join(notes)})" if notes else ""))
        if value is not None:
            previous = value
    return cells


def _chart(comparison: Comparison, labels: list[str]) -> tuple | None:
    rows = [s for s in comparison.segments if any(f and f["gmv"] is not None for f in s["runs"])]
    if not rows:
        return None
    series = [{"name": label, "values": [(s["runs"][i] or {}).get("gmv") for s in rows]}
              for i, label in enumerate(labels)]
    return ("chart", {"type": "bars", "title": "各环节成交金额（逐场对比）", "rows": [s["title"] for s in rows],
                      "panels": [{"title": "成交金额（元）", "series": series}]})


def render(fmt: str, comparison: Comparison) -> str:
    """The comparison in a report format: text, md and html draw its blocks, json dumps its data."""
    import importlib

    from livesop.runner.report import REPORTERS

    if fmt == "json":
        from livesop.checks.reporters.json import dumps

        return dumps(comparison.to_dict()) + "\n"
    from livesop.runner.report.layout import visible_blocks

    return importlib.import_module(REPORTERS[fmt]).draw(visible_blocks(blocks(comparison)))
