"""Printed sheets as data: the run-of-show rows and each role's checklist, every text rendered.

Built from a ``Timeline``; nothing here formats for a medium (renderers in ``livesop.print.render``
do that). A text whose placeholders or script cannot be resolved keeps the missing names
marked as ``⟨name?⟩`` and lists them in ``missing``; building never fails on content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from livesop.errors import UsageError
from livesop.format.library import Library
from livesop.format.model import Playbook, Product, Segment
from livesop.format.placeholders import render
from livesop.format.resolve import render_values, resolve_say
from livesop.format.timefmt import DAY, format_clock, format_duration, format_mmss
from livesop.format.timeline import CueTime, Slot, Timeline

# Emergencies happen during any segment: their product placeholders name the product on air.
LIVE_PRODUCT_LABELS = {
    "product.name": "〔当前商品〕",
    "product.live_price": "〔直播价〕",
    "product.list_price": "〔日常价〕",
    "product.link": "〔链接号〕",
    "product.stock": "〔库存〕",
    "product.mechanism": "〔机制〕",
    "segment.title": "〔当前环节〕",
    "countdown": "〔剩余时间〕",
}

HARD_NOTES = {
    "on-time": "硬开始 {clock}",
    "gap": "硬开始 {clock}，前有空档 {amount}",
    "overlap": "硬开始 {clock}，前段超出 {amount}",
    "unanchored": "硬开始 {clock}（未定开播时间，无法核对）",
    "before-start": "硬开始 {clock} 早于开播，按顺序排",
}


# ---------------------------------------------------------------- clock and duration labels

def clock_text(clock: int) -> str:
    """``HH:MM[:SS]`` for seconds after go-live day's midnight, with ``+1`` / ``-1`` day marks."""
    day, rest = divmod(int(clock), DAY)
    text = format_clock(rest)
    return f"{text} {day:+d}" if day else text


def zh_duration(seconds: int) -> str:
    """``15分钟``, ``1小时30分``, ``45秒``, ``2分30秒`` — how the Excel sheets write a length."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}小时" + (f"{minutes}分" if minutes else "") + (f"{secs}秒" if secs else "")
    if minutes:
        return f"{minutes}分钟" if not secs else f"{minutes}分{secs}秒"
    return f"{secs}秒"


def _money(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---------------------------------------------------------------- data

@dataclass(frozen=True)
class Meta:
    """What a sheet's header shows."""

    id: str
    title: str
    version: str
    platform: str
    date: str  # ISO date or ""
    start: str  # go-live clock label, or "" when unknown
    end: str
    total: int
    total_text: str
    file: str


@dataclass(frozen=True)
class RoleInfo:
    id: str
    name: str
    description: str = ""
    backup: str = ""  # role id
    backup_name: str = ""
    covers: tuple[str, ...] = ()  # names of the roles this one stands in for
    known: bool = True  # False for a role a cue names but the playbook does not define


@dataclass(frozen=True)
class ProductCell:
    id: str
    name: str
    link: int | None
    live_price: str
    list_price: str
    stock: int | None
    mechanism: str


@dataclass(frozen=True)
class RowCue:
    """One cue in a run-of-show cell: ``mm:ss`` into the segment, then the action or script id."""

    at: int
    at_text: str
    kind: str  # "say" or "do"
    text: str
    every: int | None
    count: int
    note: str
    missing: tuple[str, ...]

    @property
    def line(self) -> str:
        repeat = f" 每{format_duration(self.every)}×{self.count}" if self.every and self.count > 1 else ""
        note = f"（{self.note}）" if self.note else ""
        return f"{self.at_text}{repeat} {self.text}{note}"


@dataclass(frozen=True)
class ShowRow:
    index: int
    segment_id: str
    origin: str
    kind: str
    title: str
    start: int
    end: int
    duration: int
    start_text: str
    end_text: str
    duration_text: str
    hard: str
    end_mode: str
    product: ProductCell | None
    cues: Mapping[str, tuple[RowCue, ...]]
    notes: str
    missing: tuple[str, ...]

    @property
    def span_text(self) -> str:
        """``20:00-20:15``; a shared day mark is written once: ``00:00-00:30 +1``."""
        start, _, start_day = self.start_text.partition(" ")
        end_day = self.end_text.partition(" ")[2]
        return f"{start if start_day == end_day else self.start_text}-{self.end_text}"


@dataclass(frozen=True)
class ShowSheet:
    meta: Meta
    roles: tuple[RoleInfo, ...]
    rows: tuple[ShowRow, ...]


@dataclass(frozen=True)
class Item:
    """A checklist item with its due time (``before`` items) and blocking mark."""

    text: str
    due: int | None
    due_text: str
    blocking: bool
    ref: str


@dataclass(frozen=True)
class CueLine:
    """One firing of one of a role's cues, with the full rendered text."""

    offset: int
    clock_text: str
    at: int
    at_text: str
    segment_id: str
    segment_title: str
    kind: str
    ref: str  # the script reference of a say cue
    text: str
    missing: tuple[str, ...]
    note: str
    cue_id: str
    every: int | None
    occurrence: int


@dataclass(frozen=True)
class StepLine:
    number: int
    role: str
    role_name: str
    mine: bool
    kind: str
    ref: str
    text: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class EmergencyCard:
    id: str
    title: str
    severity: str
    trigger: str
    owner: str
    owner_name: str
    owned: bool
    respond_within: str
    recover_within: str
    hold_ref: str
    hold_text: str
    hold_missing: tuple[str, ...]
    steps: tuple[StepLine, ...]


@dataclass(frozen=True)
class RoleSheet:
    role: RoleInfo
    before: tuple[Item, ...]
    cues: tuple[CueLine, ...]
    emergencies: tuple[EmergencyCard, ...]
    after: tuple[Item, ...]


@dataclass(frozen=True)
class ChecklistSheet:
    meta: Meta
    roles: tuple[RoleSheet, ...]


# ---------------------------------------------------------------- building

class _Texts:
    """Renders cue and step texts for one timeline, caching each slot's placeholder values."""

    def __init__(self, playbook: Playbook, library: Library | None):
        self.playbook = playbook
        self.library = library
        self._values: dict[int, dict] = {}
        self._titles: dict[int, tuple[str, tuple[str, ...]]] = {}
        self._live = {**LIVE_PRODUCT_LABELS, **render_values(playbook)}

    def slot_values(self, slot: Slot) -> dict:
        values = self._values.get(slot.index)
        if values is None:
            values = self._values[slot.index] = render_values(self.playbook, slot.segment, slot.product)
        return values

    def title(self, slot: Slot) -> tuple[str, tuple[str, ...]]:
        found = self._titles.get(slot.index)
        if found is None:
            segment = slot.segment
            if segment.title is None:
                found = (segment.id or "", ())
            else:
                text, missing = render(segment.title.value, self.slot_values(slot))
                found = (text, tuple(missing))
            self._titles[slot.index] = found
        return found

    def cue(self, slot: Slot, cue_time: CueTime) -> tuple[str, tuple[str, ...]]:
        cue = cue_time.cue
        raw = cue.do.value if cue.do is not None else self.script(cue.say)
        if raw is None:
            return f"⟨{cue.say}?⟩", (cue.say or "",)
        values = self.slot_values(slot)
        if "countdown" in raw:
            values = {**values, "countdown": format_mmss(slot.duration - cue_time.at)}
        text, missing = render(raw, values)
        return text, tuple(missing)

    def live(self, say: str | None, do) -> tuple[str, tuple[str, ...]]:
        raw = do.value if do is not None else self.script(say)
        if raw is None:
            return f"⟨{say}?⟩", (say or "",)
        text, missing = render(raw, self._live)
        return text, tuple(missing)

    def script(self, say: str | None) -> str | None:
        found = resolve_say(self.playbook, self.library, say)
        return found.value if found is not None else None


def _meta(timeline: Timeline, date: dt.date | str | None) -> Meta:
    pb = timeline.playbook
    if date is None and pb.session and pb.session.date:
        date = pb.session.date
    start = timeline.clock(0)
    end = timeline.clock(timeline.total)
    return Meta(
        id=pb.id or "",
        title=pb.title.value if pb.title else (pb.id or ""),
        version=pb.version or "",
        platform=pb.platform,
        date=str(date) if date else "",
        start=clock_text(start) if start is not None else "",
        end=clock_text(end) if end is not None else "",
        total=timeline.total,
        total_text=zh_duration(timeline.total),
        file=pb.file,
    )


def _point(timeline: Timeline, offset: int) -> str:
    """A clock label when the go-live time is known, else the offset from go-live."""
    clock = timeline.clock(offset)
    return clock_text(clock) if clock is not None else f"T+{format_mmss(offset)}"


def _roles(playbook: Playbook, extra: Iterable[str] = ()) -> tuple[RoleInfo, ...]:
    names = {rid: (role.name.value if role.name else rid) for rid, role in playbook.roles.items()}
    covers: dict[str, list[str]] = {}
    for rid, role in playbook.roles.items():
        if role.backup:
            covers.setdefault(role.backup, []).append(names[rid])
    infos = [RoleInfo(
        id=rid,
        name=names[rid],
        description=role.description.value if role.description else "",
        backup=role.backup or "",
        backup_name=names.get(role.backup or "", role.backup or ""),
        covers=tuple(covers.get(rid, ())),
    ) for rid, role in playbook.roles.items()]
    for rid in dict.fromkeys(extra):
        if rid and rid not in names:
            infos.append(RoleInfo(id=rid, name=rid, known=False))
    return tuple(infos)


def _product_cell(product: Product | None) -> ProductCell | None:
    if product is None:
        return None
    return ProductCell(
        id=product.id or "",
        name=product.name.value if product.name else (product.id or ""),
        link=product.link,
        live_price=_money(product.live_price),
        list_price=_money(product.list_price),
        stock=product.stock,
        mechanism=product.mechanism.value if product.mechanism else "",
    )


def _row_notes(timeline: Timeline, slot: Slot, segment: Segment) -> str:
    parts = []
    if slot.hard and segment.start is not None:
        amount = format_duration(slot.gap or slot.overlap)
        parts.append(HARD_NOTES[slot.hard].format(clock=format_clock(segment.start), amount=amount))
    if segment.end == "next":
        parts.append("到点自动切下一段")
    if segment.notes is not None:
        parts.append(segment.notes.value.strip())
    return "\n".join(parts)


def build_show(timeline: Timeline, library: Library | None = None, date: dt.date | str | None = None) -> ShowSheet:
    """The run-of-show sheet: one row per expanded segment, one cell of cues per role."""
    texts = _Texts(timeline.playbook, library)
    by_slot: dict[int, list[CueTime]] = {}
    for cue_time in timeline.cue_times:
        by_slot.setdefault(cue_time.slot.index, []).append(cue_time)
    rows = []
    cue_roles: list[str] = []
    for slot in timeline.slots:
        firsts = [t for t in by_slot.get(slot.index, ()) if t.occurrence == 0]
        counts: dict[int, int] = {}
        for t in by_slot.get(slot.index, ()):
            counts[id(t.cue)] = counts.get(id(t.cue), 0) + 1
        cells: dict[str, list[RowCue]] = {}
        missing: list[str] = []
        for t in sorted(firsts, key=lambda t: t.at):
            cue = t.cue
            if cue.do is not None:
                text, gaps = texts.cue(slot, t)
            else:
                resolved = texts.script(cue.say) is not None
                text, gaps = (f"话术 {cue.say}", ()) if resolved else (f"话术 ⟨{cue.say}?⟩", (cue.say or "",))
            missing += gaps
            role = cue.role or ""
            cue_roles.append(role)
            cells.setdefault(role, []).append(RowCue(
                at=t.at, at_text=format_mmss(t.at), kind="do" if cue.do is not None else "say", text=text,
                every=cue.every, count=counts[id(cue)], note=cue.note.value if cue.note else "",
                missing=gaps))
        title, title_missing = texts.title(slot)
        segment = slot.segment
        rows.append(ShowRow(
            index=slot.index,
            segment_id=segment.id or "",
            origin=segment.origin or "",
            kind=segment.kind or "",
            title=title,
            start=slot.start,
            end=slot.end,
            duration=slot.duration,
            start_text=_point(timeline, slot.start),
            end_text=_point(timeline, slot.end),
            duration_text=zh_duration(slot.duration),
            hard=slot.hard,
            end_mode=segment.end,
            product=_product_cell(slot.product),
            cues={role: tuple(items) for role, items in cells.items()},
            notes=_row_notes(timeline, slot, segment),
            missing=tuple(dict.fromkeys(title_missing + tuple(missing))),
        ))
    return ShowSheet(_meta(timeline, date), _roles(timeline.playbook, cue_roles), tuple(rows))


def select_roles(playbook: Playbook, wanted: Iterable[str]) -> list[str]:
    """Role ids for ``--role`` values given as an id or a display name; unknown ones are a usage error."""
    by_name = {}
    for rid, role in playbook.roles.items():
        by_name.setdefault(rid, rid)
        if role.name is not None:
            by_name.setdefault(role.name.value, rid)
    chosen, unknown = [], []
    for value in wanted:
        rid = by_name.get(value) or by_name.get(value.strip())
        if rid is None:
            unknown.append(value)
        elif rid not in chosen:
            chosen.append(rid)
    if unknown:
        listing = ", ".join(f"{rid} ({role.name.value if role.name else rid})" for rid, role in playbook.roles.items())
        which = "roles" if len(unknown) > 1 else "role"
        raise UsageError(f"unknown {which} {', '.join(repr(u) for u in unknown)}; the playbook's roles: {listing or 'none'}",
                         "pass a role id or its name, e.g. --role " + (next(iter(playbook.roles), "host")) + ", or --all")
    return chosen


def _items(timeline: Timeline, phase: str, role: str) -> tuple[Item, ...]:
    items = []
    for item in timeline.playbook.checklists.get(phase, {}).get(role, ()):
        due_text = ""
        if item.due is not None:
            clock = timeline.clock(-item.due)
            due_text = clock_text(clock) if clock is not None else f"开播前{format_duration(item.due)}"
        items.append(Item(text=item.text.value if item.text else "", due=item.due, due_text=due_text,
                          blocking=item.blocking, ref=item.ref or ""))
    if phase == "before":  # earliest due first; undated items keep their order at the end
        items.sort(key=lambda i: -i.due if i.due is not None else 1)
    return tuple(items)


def _role_cues(timeline: Timeline, texts: _Texts, roles: Iterable[str]) -> dict[str, list[CueLine]]:
    """The cue lines of ``roles`` in one pass over the timeline, each role's in show order."""
    lines: dict[str, list[CueLine]] = {role: [] for role in roles}
    for t in timeline.cue_times:
        cue = t.cue
        bucket = lines.get(cue.role or "")
        if bucket is None:
            continue
        slot = t.slot
        text, missing = texts.cue(slot, t)
        bucket.append(CueLine(
            offset=t.show_time, clock_text=_point(timeline, t.show_time), at=t.at, at_text=format_mmss(t.at),
            segment_id=slot.segment.id or "", segment_title=texts.title(slot)[0],
            kind="do" if cue.do is not None else "say", ref=cue.say or "", text=text, missing=missing,
            note=cue.note.value if cue.note else "", cue_id=cue.id or "", every=cue.every, occurrence=t.occurrence))
    return lines


def _emergencies(playbook: Playbook, texts: _Texts, role: str, names: Mapping[str, str]) -> tuple[EmergencyCard, ...]:
    cards = []
    for plan in playbook.emergencies:
        if plan.owner != role and not any(step.role == role for step in plan.steps):
            continue
        steps = []
        for number, step in enumerate(plan.steps, 1):
            text, missing = texts.live(step.say, step.do)
            steps.append(StepLine(number=number, role=step.role or "", role_name=names.get(step.role or "", step.role or ""),
                                  mine=step.role == role, kind="do" if step.do is not None else "say",
                                  ref=step.say or "", text=text, missing=missing))
        hold_text, hold_missing = texts.live(plan.hold, None) if plan.hold else ("", ())
        cards.append(EmergencyCard(
            id=plan.id or "", title=plan.title.value if plan.title else (plan.id or ""), severity=plan.severity or "",
            trigger=plan.trigger.value if plan.trigger else "", owner=plan.owner or "",
            owner_name=names.get(plan.owner or "", plan.owner or ""), owned=plan.owner == role,
            respond_within=format_duration(plan.respond_within) if plan.respond_within is not None else "",
            recover_within=format_duration(plan.recover_within) if plan.recover_within is not None else "",
            hold_ref=plan.hold or "", hold_text=hold_text, hold_missing=hold_missing, steps=tuple(steps)))
    return tuple(cards)


def build_checklists(timeline: Timeline, library: Library | None = None, roles: Iterable[str] | None = None,
                     date: dt.date | str | None = None) -> ChecklistSheet:
    """Each chosen role's sheet (every role when ``roles`` is None), in the order asked."""
    pb = timeline.playbook
    texts = _Texts(pb, library)
    infos = {info.id: info for info in _roles(pb)}
    names = {rid: info.name for rid, info in infos.items()}
    chosen = list(roles) if roles is not None else list(pb.roles)
    cues = _role_cues(timeline, texts, chosen)
    sheets = []
    for rid in chosen:
        sheets.append(RoleSheet(
            role=infos[rid],
            before=_items(timeline, "before", rid),
            cues=tuple(cues[rid]),
            emergencies=_emergencies(pb, texts, rid, names),
            after=_items(timeline, "after", rid),
        ))
    return ChecklistSheet(_meta(timeline, date), tuple(sheets))
