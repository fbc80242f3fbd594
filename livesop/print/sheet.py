"""Printed sheets as data: the run-of-show rows and each role's checklist, every text rendered.

Built from a ``Timeline``; nothing here formats for a medium (renderers in ``livesop.print.render``
do that). A placeholder without a value stays marked as ``⟨name?⟩`` and is listed in
``missing``. A 话术 that cannot be found (a ``say``/``hold`` naming no script or library entry)
is different: the sheet would send someone to read a line nobody wrote, so building collects
every such reference and then raises ``UnresolvedScripts`` naming each one with its place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Mapping

from livesop.controls import first_control
from livesop.errors import LivesopError, UsageError
from livesop.format.library import Library
from livesop.format.model import Playbook, Product, Segment, is_library_ref
from livesop.format.placeholders import render
from livesop.format.resolve import render_values, resolve_say
from livesop.format.source import Loc
from livesop.format.timefmt import DAY, format_clock, format_mmss, human_duration
from livesop.format.timeline import CueTime, Slot, Timeline
from livesop.i18n import _, ngettext, pgettext

SCRIPTS_HEADER = "主播话术"  # the column of full 话术 texts, named as in the teams' Excel 直播脚本

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
    """A role as the sheets name it: its name, description, backup and the roles it stands in for."""

    id: str
    name: str
    description: str = ""
    backup: str = ""  # role id
    backup_name: str = ""
    covers: tuple[str, ...] = ()  # names of the roles this one stands in for
    known: bool = True  # False for a role a cue names but the playbook does not define


@dataclass(frozen=True)
class ProductCell:
    """The product of a run-of-show row, its prices written as the sheet prints them."""

    id: str
    name: str
    link: int | None
    live_price: str
    list_price: str
    stock: int | None
    mechanism: str


@dataclass(frozen=True)
class RowCue:
    """One cue in a run-of-show cell: ``mm:ss`` into the segment, then the action or script id;
    a spoken cue also carries its 话术 in full (``script_text``, placeholders filled in)."""

    at: int
    at_text: str
    kind: str  # "say" or "do"
    text: str
    ref: str  # the script reference of a say cue, "" for an action
    script_text: str  # the rendered 话术 of a say cue, "" for an action
    every: int | None
    count: int
    note: str
    missing: tuple[str, ...]

    @property
    def line(self) -> str:
        repeat = f" 每{human_duration(self.every, compact=True)}×{self.count}" if self.every and self.count > 1 else ""
        note = f"（{self.note}）" if self.note else ""
        return f"{self.at_text}{repeat} {self.text}{note}"


@dataclass(frozen=True)
class ShowRow:
    """One run-of-show row: a segment's times and hard start, its product, each role's cues and its notes."""

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
class SaidLine:
    """One entry of the 主播话术 column: when, who (blank for the sheet's main speaker), the full text."""

    at_text: str
    speaker: str
    text: str

    @property
    def line(self) -> str:
        return f"{self.at_text} {self.speaker + '：' if self.speaker else ''}{self.text}"


@dataclass(frozen=True)
class ShowSheet:
    """The run-of-show sheet: its header, the roles and one row per expanded segment."""

    meta: Meta
    roles: tuple[RoleInfo, ...]
    rows: tuple[ShowRow, ...]
    plain: bool = False  # no text but the header's can hold a control character (``plain_sources``)

    @cached_property
    def speaker(self) -> str:
        """The role that says the most lines (the first in role order on a tie): the 主播 of the
        主播话术 column, whose lines carry no name; "" when nobody speaks."""
        counts = {role.id: sum(c.kind == "say" for row in self.rows for c in row.cues.get(role.id, ()))
                  for role in self.roles}
        return max(counts, key=lambda rid: counts[rid], default="") if any(counts.values()) else ""

    def said(self, row: ShowRow) -> tuple[SaidLine, ...]:
        """The 主播话术 of ``row``: every spoken cue's full text in time order, another role's
        lines starting with its name."""
        speaker = self.speaker
        lines = [(cue.at, order, SaidLine(cue.at_text, "" if role.id == speaker else role.name,
                                          cue.script_text.strip()))
                 for order, role in enumerate(self.roles) for cue in row.cues.get(role.id, ()) if cue.kind == "say"]
        return tuple(line for _, _, line in sorted(lines, key=lambda item: item[:2]))


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
    """One step of an emergency plan on a role's card: whose step it is and its rendered text."""

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
    """An emergency plan as a role's checklist prints it: trigger, owner, time limits, hold line and steps."""

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
    """One role's checklist: items before the show, its cues, its emergency cards and items after."""

    role: RoleInfo
    before: tuple[Item, ...]
    cues: tuple[CueLine, ...]
    emergencies: tuple[EmergencyCard, ...]
    after: tuple[Item, ...]


@dataclass(frozen=True)
class ChecklistSheet:
    """The checklists: the header and one sheet per chosen role, in the order asked."""

    meta: Meta
    roles: tuple[RoleSheet, ...]
    plain: bool = False  # no text but the header's can hold a control character (``plain_sources``)


# ---------------------------------------------------------------- building

def plain_sources(playbook: Playbook, library: Library | None) -> bool:
    """Whether no text a sheet takes from ``playbook`` and ``library`` can hold a control character:
    the playbook's file holds none and no backslash (a YAML escape is the only other way to write
    one), and no library text holds one. The rest of a sheet's rows is livesop's own wording, so a
    renderer then need not look through thousands of rows for what ``controls.visible`` escapes."""
    source = playbook.loc.source if playbook.loc is not None else None
    if source is None or "\\" in source.text or first_control(source.text) is not None:
        return False
    if library is None:
        return True
    words = [piece for entry in library.entries.values()
             for piece in (entry.id, entry.category or "", *entry.tags, *entry.variants,
                           *(text.value for _name, text in entry.all_texts()))]
    return first_control("".join(words)) is None


class UnresolvedScripts(LivesopError):
    """话术 a sheet names but cannot find: nothing is printed (exit status 1), every one is listed."""


class _Texts:
    """Renders cue and step texts for one timeline, caching each slot's placeholder values, and
    collects the 话术 references it cannot resolve (``raise_unresolved`` reports them)."""

    def __init__(self, playbook: Playbook, library: Library | None, library_searched: str = ""):
        self.playbook = playbook
        self.library = library
        self.library_searched = library_searched
        self.unresolved: dict[tuple[Loc, str], str] = {}  # (where the say is written, ref) → what says it
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
        if cue.do is not None:
            raw = cue.do.value
        else:
            def where() -> tuple[Loc, str]:  # asked for only when the 话术 cannot be found
                fields = {"id": cue.id, "at": format_mmss(cue_time.at), "segment": slot.segment.id, "role": cue.role}
                return cue.pos("say"), (_("cue `{id}` at +{at} in segment `{segment}` ({role})") if cue.id
                                        else _("cue at +{at} in segment `{segment}` ({role})")).format(**fields)
            raw = self.script(cue.say, where)
        if raw is None:
            return f"⟨{cue.say}?⟩", (cue.say or "",)
        values = self.slot_values(slot)
        if "countdown" in raw:
            values = {**values, "countdown": format_mmss(slot.duration - cue_time.at)}
        text, missing = render(raw, values)
        return text, tuple(missing)

    def live(self, say: str | None, do, where: Loc, what: str) -> tuple[str, tuple[str, ...]]:
        raw = do.value if do is not None else self.script(say, lambda: (where, what))
        if raw is None:
            return f"⟨{say}?⟩", (say or "",)
        text, missing = render(raw, self._live)
        return text, tuple(missing)

    def script(self, say: str | None, where: Callable[[], tuple[Loc, str]]) -> str | None:
        """The 话术 ``say`` names, or None: then remembered with where it is written and what says
        it (``where()`` gives both, asked for only then)."""
        found = resolve_say(self.playbook, self.library, say)
        if found is None:
            place, what = where()
            self.unresolved.setdefault((place, say or ""), what)
            return None
        return found.value

    def raise_unresolved(self) -> None:
        """Every 话术 reference that could not be resolved, at once, as one error (nothing otherwise)."""
        if not self.unresolved:
            return
        from livesop.checks.context import Context
        from livesop.checks.references import say_ref

        context = Context(self.playbook, self.library, self.library_searched)
        lines = []
        for (where, ref), what in sorted(self.unresolved.items(), key=lambda item: item[0][0][:3]):
            why = next(say_ref(context, ref, where), None)
            reason = why.message if why is not None else _("cannot be found")
            if why is not None and why.hint and why.code != "LS306" and "scripts list" not in why.hint:
                # did you mean …, the known variants: the common hint says the rest
                reason = _("{reason} ({hint})").format(reason=reason, hint=why.hint)
            place = f"{where.file}:{where.line}:{where.col}"
            lines.append("  " + _("{place}: {what} says `{ref}`: {reason}").format(
                place=place, what=what, ref=ref, reason=reason))
        count = len(lines)
        raise UnresolvedScripts(
            ngettext("{count} 话术 reference cannot be resolved; nothing was written:",
                     "{count} 话术 references cannot be resolved; nothing was written:", count).format(count=count)
            + "\n" + "\n".join(lines), self._where_hint())

    def _where_hint(self) -> str:
        searched = self.library_searched or _("the playbook's folder and its parents")
        uses_library = any(is_library_ref(ref) for _unused, ref in self.unresolved)
        if uses_library and self.library is None:
            return _("no scripts library was found: looked for scripts_library/ in {searched}; "
                     "pass --library DIR").format(searched=searched)
        if uses_library:
            given = Path(searched).resolve() == self.library.folder  # --library names the folder itself
            if given:
                return _("the scripts library used is {folder}; `livesop scripts list` shows its entries, "
                         "--library DIR picks another").format(folder=self.library.folder)
            return _("the scripts library used is {folder} (looked in {searched}); `livesop scripts list` shows "
                     "its entries, --library DIR picks another").format(folder=self.library.folder, searched=searched)
        return _("define the script under `scripts:` or fix the reference; `livesop validate` reports the same")


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
        amount = human_duration(slot.gap or slot.overlap, compact=True)
        parts.append(HARD_NOTES[slot.hard].format(clock=format_clock(segment.start), amount=amount))
    if segment.end == "next":
        parts.append("到点自动切下一段")
    if segment.notes is not None:
        parts.append(segment.notes.value.strip())
    return "\n".join(parts)


def build_show(timeline: Timeline, library: Library | None = None, date: dt.date | str | None = None,
               library_searched: str = "") -> ShowSheet:
    """The run-of-show sheet: one row per expanded segment, one cell of cues per role, each spoken
    cue with its full 话术. Raises ``UnresolvedScripts`` when a 话术 cannot be found
    (``library_searched``, where the library was looked for, goes into its hint)."""
    texts = _Texts(timeline.playbook, library, library_searched)
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
            rendered, gaps = texts.cue(slot, t)
            missing += gaps
            role = cue.role or ""
            cue_roles.append(role)
            said = cue.do is None
            cells.setdefault(role, []).append(RowCue(
                at=t.at, at_text=format_mmss(t.at), kind="say" if said else "do",
                text=f"话术 {cue.say}" if said else rendered, ref=(cue.say or "") if said else "",
                script_text=rendered if said else "", every=cue.every, count=counts[id(cue)],
                note=cue.note.value if cue.note else "", missing=gaps))
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
    texts.raise_unresolved()
    return ShowSheet(_meta(timeline, date), _roles(timeline.playbook, cue_roles), tuple(rows),
                     plain_sources(timeline.playbook, library))


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
        comma = pgettext("list separator", ", ")
        listing = comma.join(f"{rid} ({role.name.value if role.name else rid})" for rid, role in playbook.roles.items())
        raise UsageError(ngettext("unknown role {names}; the playbook's roles: {roles}",
                                  "unknown roles {names}; the playbook's roles: {roles}", len(unknown)).format(
                             names=comma.join(repr(u) for u in unknown), roles=listing or _("none")),
                         _("pass a role id or its name, e.g. --role {role}, or --all").format(
                             role=next(iter(playbook.roles), "host")))
    return chosen


def _items(timeline: Timeline, phase: str, role: str) -> tuple[Item, ...]:
    items = []
    for item in timeline.playbook.checklists.get(phase, {}).get(role, ()):
        due_text = ""
        if item.due is not None:
            clock = timeline.clock(-item.due)
            due_text = clock_text(clock) if clock is not None else f"开播前{human_duration(item.due, compact=True)}"
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
            text, missing = texts.live(step.say, step.do, step.pos("say"),
                                       _("emergency `{id}` step {number} ({role})").format(
                                           id=plan.id, number=number, role=step.role))
            steps.append(StepLine(number=number, role=step.role or "", role_name=names.get(step.role or "", step.role or ""),
                                  mine=step.role == role, kind="do" if step.do is not None else "say",
                                  ref=step.say or "", text=text, missing=missing))
        hold_text, hold_missing = texts.live(plan.hold, None, plan.pos("hold"),
                                             _("emergency `{id}` hold").format(id=plan.id)) \
            if plan.hold else ("", ())
        cards.append(EmergencyCard(
            id=plan.id or "", title=plan.title.value if plan.title else (plan.id or ""), severity=plan.severity or "",
            trigger=plan.trigger.value if plan.trigger else "", owner=plan.owner or "",
            owner_name=names.get(plan.owner or "", plan.owner or ""), owned=plan.owner == role,
            respond_within=human_duration(plan.respond_within, compact=True) if plan.respond_within is not None else "",
            recover_within=human_duration(plan.recover_within, compact=True) if plan.recover_within is not None else "",
            hold_ref=plan.hold or "", hold_text=hold_text, hold_missing=hold_missing, steps=tuple(steps)))
    return tuple(cards)


def build_checklists(timeline: Timeline, library: Library | None = None, roles: Iterable[str] | None = None,
                     date: dt.date | str | None = None, library_searched: str = "") -> ChecklistSheet:
    """Each chosen role's sheet (every role when ``roles`` is None), in the order asked. Raises
    ``UnresolvedScripts`` when a 话术 these sheets print cannot be found."""
    pb = timeline.playbook
    texts = _Texts(pb, library, library_searched)
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
    texts.raise_unresolved()
    return ChecklistSheet(_meta(timeline, date), tuple(sheets), plain_sources(pb, library))
