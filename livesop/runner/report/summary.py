"""What a run log says happened: planned vs actual per segment, cues per role, emergencies,
pauses, added time, the total over/under, and whether the log verifies.

Everything comes from the log itself (its header carries the plan), so the report still works
when the playbook has moved or changed; the playbook file is only hashed to tell whether it is
the one that ran.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from livesop.i18n import N_, _
from livesop.runner.events import Event
from livesop.runner.runlog import LogRead, file_sha256, iso_wall, unwritten_lines

# A segment's status, a run's ending and a pause's reason stay these English values in JSON (stable,
# like enum values); the report's layout translates them where it shows them.
_END_STATUS = {"next": N_("done"), "auto-hold": N_("done (hold moved on by itself)"), "take": N_("taken"),
               "hard-start": N_("cut short by a hard start"), "back": N_("left by going back")}
STATUSES = (N_("not reached"), N_("running when the log ends"), N_("ended"), N_("skipped by a hard start"),
            N_("waited for when the log ends"))
ENDINGS = (N_("the show ended"), N_("the run was stopped before the end"),
           N_("the run was cut off (no closing line: killed, crashed, or lines removed from the end)"))
PAUSE_REASONS = (N_("operator"), N_("interrupted (run resumed from its log)"))


@dataclass
class SegmentRow:
    """One segment, planned against actual: start, length, added time, over/under, status and visits."""

    id: str
    title: str
    planned_start: int  # show ms
    planned_duration: int
    hard: str | None
    actual_start: int | None = None
    actual_duration: int | None = None
    added: int = 0
    over: int | None = None
    status: str = "not reached"
    late: int | None = None  # a hard start's lateness (+) or earliness (-)
    visits: int = 0  # times it was begun or taken up again (going back, then on)
    waited: int = 0  # ms the show waited for its hard start before it began


@dataclass
class RoleCues:
    """One role's cues: planned, fired, acknowledged, skipped and not reached."""

    role: str
    name: str
    planned: int = 0
    fired: int = 0
    acknowledged: int = 0
    skipped: int = 0
    not_reached: int = 0


@dataclass
class EmergencyRow:
    """An emergency plan opened: when, its time limits, and how long response and recovery took."""

    id: str
    title: str
    severity: str | None
    opened: int
    respond_within: int | None
    recover_within: int | None
    response: int | None = None
    recovery: int | None = None

    @property
    def response_met(self) -> bool | None:
        return _met(self.response, self.respond_within)

    @property
    def recovery_met(self) -> bool | None:
        return _met(self.recovery, self.recover_within)


@dataclass
class PauseRow:
    """A pause: when it began, how long it lasted and why."""

    start: int
    length: int | None  # None: still paused when the log ends
    reason: str  # operator, interrupted


@dataclass
class AdjustRow:
    """Time added to or removed from a segment: when, which segment and how much (ms)."""

    t: int
    seg: str
    amount: int


@dataclass
class DeviceAct:
    """An operation sent from a phone or tablet of a served run (``livesop run --serve``)."""

    t: int
    device: str
    kind: str
    seg: str
    detail: str  # what it carried: a message's text, a plan, a cue


@dataclass
class CommentRow:
    """The 弹幕 watch in one segment (``run --comments``): comments read, negative ones, diversion
    attempts, malformed lines skipped, alerts raised. ``seg`` is "" for comments before go-live or
    after the last segment."""

    seg: str
    title: str
    read: int = 0
    negative: int = 0
    diversion: int = 0
    malformed: int = 0
    alerts: int = 0
    level: int = 0  # the highest alert level raised in it


@dataclass
class AlertRow:
    """A 弹幕 alert raised: when, where, how many negative comments, whom it told, until when."""

    t: int
    seg: str
    level: int
    count: int
    role: str | None
    plan: str | None  # the emergency plan it suggested
    text: str
    told: str = ""  # the role's name
    cleared: int | None = None  # show time the alert fell below this level (None: not before the log ends)


@dataclass
class LogFault:
    """A time the run log could not be written; its lines were held in memory and written late."""

    since: str  # wall time (ISO 8601) of the first line held back
    until: str  # wall time it was written again
    lines: int
    reason: str


@dataclass
class Integrity:
    """Whether the log verifies: its hash chain, its end, resumes, write faults and the playbook file check."""

    ok: bool
    altered: list[str]
    truncated: bool
    tail_bytes: int
    closed: bool
    lines: int
    last_hash: str
    resumed: int
    playbook: str  # what the playbook file check found, in the reader's language
    faults: list[LogFault] = field(default_factory=list)
    unwritten: str | None = None  # a file holding the run's last lines, which never reached the log


@dataclass
class RunReport:
    """The report of one run log: its header, totals, per-segment and per-role rows, emergencies and pauses."""

    log: str
    playbook: str
    title: str
    version: str
    file: str
    sha256: str
    start_wall: str
    speed: float
    start_clock_ms: int | None
    planned_start_ms: int | None
    ending: str  # how the run ended, as a sentence fragment
    planned_total: int
    actual_total: int
    over: int | None  # actual minus planned length (when the show ended)
    in_segments: int = 0  # the segments' actual times added up (every visit, pauses included)
    waiting: int = 0  # time spent waiting for hard starts; with ``in_segments`` it makes ``actual_total``
    segments: list[SegmentRow] = field(default_factory=list)
    roles: list[RoleCues] = field(default_factory=list)
    emergencies: list[EmergencyRow] = field(default_factory=list)
    pauses: list[PauseRow] = field(default_factory=list)
    adjustments: list[AdjustRow] = field(default_factory=list)
    devices: list[DeviceAct] = field(default_factory=list)
    comments: list[CommentRow] = field(default_factory=list)  # per segment; empty when no comments were watched
    comment_alerts: list[AlertRow] = field(default_factory=list)
    integrity: Integrity | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for row, out in zip(self.emergencies, data["emergencies"]):
            out["response_met"], out["recovery_met"] = row.response_met, row.recovery_met
        return data


def _met(value: int | None, target: int | None) -> bool | None:
    return None if value is None or target is None else value <= target


def summarize(read: LogRead, playbook_file: Path | None = None) -> RunReport:
    head = read.header or {}
    plan = head.get("plan") or {}
    events = read.events
    report = RunReport(
        log=read.path, playbook=str(head.get("playbook", "?")), title=str(head.get("title", "")),
        version=str(head.get("version", "")), file=str(head.get("file", "")), sha256=str(head.get("sha256", "")),
        start_wall=str(head.get("start_wall", "")), speed=float(head.get("speed") or 1),
        start_clock_ms=head.get("start_clock_ms"), planned_start_ms=head.get("planned_start_ms"),
        ending="", planned_total=int(plan.get("total") or 0), actual_total=read.last_t, over=None)
    report.segments = _segments(plan, events, read.last_t)
    report.roles = _roles(plan, events)
    report.emergencies = _emergencies(plan, events)
    report.pauses = _pauses(events)
    report.adjustments = [AdjustRow(e.t, e.seg or "", e.amount or 0) for e in events if e.kind == "adjust"]
    report.devices = [DeviceAct(e.t, str(e.get("device")), e.kind, e.seg or "", e.text or e.plan or e.cue or "")
                      for e in events if e.get("device")]
    report.comments, report.comment_alerts = _comments(plan, events)
    end = next((e for e in reversed(events) if e.kind == "show-end"), None)
    if end is not None:
        report.ending, report.actual_total, report.over = "the show ended", end.t, end.over
    elif events and events[-1].kind == "show-stop" or read.closed:
        report.ending = "the run was stopped before the end"
    else:
        report.ending = "the run was cut off (no closing line: killed, crashed, or lines removed from the end)"
    report.in_segments = sum(row.actual_duration or 0 for row in report.segments)
    report.waiting = sum(row.waited for row in report.segments)
    report.integrity = Integrity(
        ok=read.ok, altered=list(read.altered), truncated=read.truncated, tail_bytes=read.tail_bytes,
        closed=read.closed, lines=len(read.records), last_hash=read.last_hash,
        resumed=sum(1 for e in events if e.kind == "interrupted"),
        playbook=_playbook_check(head, playbook_file),
        faults=[LogFault(iso_wall(f["since_wall_ms"]), iso_wall(f["wall_ms"]), f["lines"], str(f.get("reason", "")))
                for f in read.faults],
        unwritten=_unwritten(read))
    return report


def _unwritten(read: LogRead) -> str | None:
    found = unwritten_lines(read)
    return str(found) if found is not None else None


def _segments(plan: dict, events: list[Event], last_t: int) -> list[SegmentRow]:
    """Each segment's visits, timed from its start to its end on the show's clock and added up.

    A segment is visited again when the operator goes back to it and on again; the time between a
    ``hard-wait`` and the next start is the show waiting, counted apart. A visit or a wait still
    open when the log ends runs to the log's last show time, so the segments and the waits always
    add up to the run's length.
    """
    rows = {s["id"]: SegmentRow(s["id"], s.get("title", s["id"]), int(s.get("start", 0)), int(s.get("duration", 0)),
                                s.get("hard")) for s in plan.get("segments", [])}
    visit: tuple[SegmentRow, int] | None = None  # the segment running and since when
    wait: tuple[SegmentRow, int] | None = None  # the hard start waited for and since when

    def close_wait(t: int) -> None:
        nonlocal wait
        if wait is not None:
            wait[0].waited += t - wait[1]
            wait = None

    for e in events:
        if e.kind in ("segment-start", "show-end"):
            close_wait(e.t)
        row = rows.get(e.seg or "")
        if row is None:
            continue
        if e.kind == "hard-wait":
            wait = (row, e.t)
        elif e.kind == "segment-start":
            if row.actual_start is None:
                row.actual_start = e.t
                row.late = e.amount
            row.visits += 1
            visit = (row, e.t)
            row.status = "running when the log ends"
        elif e.kind == "segment-end":
            if visit is not None and visit[0] is row:
                row.actual_duration = (row.actual_duration or 0) + e.t - visit[1]
                visit = None
            row.added = int(e.get("added", 0) or 0)
            row.status = _END_STATUS.get(e.reason or "", e.reason or "ended")
        elif e.kind == "segment-skipped":
            row.status = "skipped by a hard start"
        elif e.kind == "adjust" and e.get("added") is not None:
            row.added = int(e.get("added"))
    if visit is not None:
        visit[0].actual_duration = (visit[0].actual_duration or 0) + max(0, last_t - visit[1])
    if wait is not None:
        wait[0].status = "waited for when the log ends"
        close_wait(max(last_t, wait[1]))
    for row in rows.values():
        if row.actual_duration is not None:
            row.over = row.actual_duration - row.planned_duration
    return list(rows.values())


def _roles(plan: dict, events: list[Event]) -> list[RoleCues]:
    names = plan.get("roles", {})
    table: dict[str, RoleCues] = {}

    def row(role: str | None) -> RoleCues:
        role = role or "?"
        if role not in table:
            table[role] = RoleCues(role, names.get(role, role))
        return table[role]

    for role in names:
        row(role)
    for segment in plan.get("segments", []):
        for role, count in (segment.get("cues") or {}).items():
            row(role).planned += int(count)
    counters = {"cue": "fired", "ack": "acknowledged"}
    fired = {(e.role, e.cue) for e in events if e.kind == "cue"}
    skipped: set = set()
    for e in events:
        name = counters.get(e.kind)
        if name:
            entry = row(e.role)
            setattr(entry, name, getattr(entry, name) + 1)
        elif e.kind == "cue-skipped" and (e.role, e.cue) not in fired and (e.role, e.cue) not in skipped:
            skipped.add((e.role, e.cue))  # once; not at all when going back to its segment let it fire after all
            row(e.role).skipped += 1
    for entry in table.values():
        entry.not_reached = max(0, entry.planned - entry.fired - entry.skipped)
    return [entry for entry in table.values() if entry.planned or entry.fired or entry.skipped]


def _comments(plan: dict, events: list[Event]) -> tuple[list[CommentRow], list[AlertRow]]:
    """The 弹幕 watch per segment, in the plan's order: negative comments and diversion attempts
    counted from each logged comment (they survive a crash), comments read and malformed lines from
    the tally logged at each segment's end; and every alert with when it cleared."""
    titles = {s.get("id"): s.get("title", s.get("id")) for s in plan.get("segments", [])}
    names = plan.get("roles") or {}
    rows: dict[str, CommentRow] = {}

    def row(seg: str | None) -> CommentRow:
        key = seg or ""
        if key not in rows:
            rows[key] = CommentRow(key, str(titles.get(key, key)))
        return rows[key]

    alerts: list[AlertRow] = []
    for e in events:
        if e.kind == "comment":
            categories = str(e.get("category", "")).split(",")
            entry = row(e.seg)
            entry.negative += "negative" in categories
            entry.diversion += "diversion" in categories
        elif e.kind == "comments":
            entry = row(e.seg)
            entry.read += int(e.get("read", 0) or 0)
            entry.malformed += int(e.get("malformed", 0) or 0)
        elif e.kind == "comment-alert":
            level = int(e.get("level", 0) or 0)
            entry = row(e.seg)
            entry.alerts += 1
            entry.level = max(entry.level, level)
            alerts.append(AlertRow(e.t, e.seg or "", level, int(e.get("count", 0) or 0), e.role, e.plan, e.text or "",
                                   str(names.get(e.role, e.role)) if e.role else ""))
        elif e.kind == "comment-clear":
            for alert in alerts:
                if alert.cleared is None and alert.level > int(e.get("level", 0) or 0):
                    alert.cleared = e.t
    order = {seg_id: index for index, seg_id in enumerate(titles)}
    return sorted(rows.values(), key=lambda r: order.get(r.seg, len(order))), alerts


def _emergencies(plan: dict, events: list[Event]) -> list[EmergencyRow]:
    plans = plan.get("emergencies", {})
    rows: list[EmergencyRow] = []
    open_rows: dict[str, EmergencyRow] = {}
    for e in events:
        if e.kind == "emergency-open":
            known = plans.get(e.plan, {})
            entry = EmergencyRow(e.plan or "?", e.text or known.get("title", e.plan), e.get("severity", known.get("severity")),
                                 e.t, e.get("respond_within", known.get("respond_within")),
                                 e.get("recover_within", known.get("recover_within")))
            rows.append(entry)
            open_rows[entry.id] = entry
        elif e.kind == "emergency-respond" and e.plan in open_rows:
            open_rows[e.plan].response = e.amount
        elif e.kind == "emergency-close" and e.plan in open_rows:
            open_rows.pop(e.plan).recovery = e.amount
    return rows


def _pauses(events: list[Event]) -> list[PauseRow]:
    rows: list[PauseRow] = []
    current: PauseRow | None = None
    for e in events:
        if e.kind == "pause":
            current = PauseRow(e.t, None, "operator")
            rows.append(current)
        elif e.kind == "resume" and current is not None:
            current.length = e.amount
            current = None
        elif e.kind == "interrupted":
            rows.append(PauseRow(e.t - (e.amount or 0), e.amount, "interrupted (run resumed from its log)"))
    return rows


def _playbook_check(head: dict, playbook_file: Path | None) -> str:
    path = playbook_file or (Path(head["file"]) if head.get("file") else None)
    if path is None:
        return _("no playbook file recorded")
    if not path.is_file():
        return _("{path} not found (give it with --playbook)").format(path=path)
    if file_sha256(path) == head.get("sha256"):
        return _("{path} is the file that ran (SHA-256 matches)").format(path=path)
    return _("{path} has changed since the run (SHA-256 differs); the plan shown is the one that ran").format(
        path=path)
