"""The full-screen view of a running show: an engine snapshot and a screen size in, a renderable out.

Pure: no clock, no keys, no I/O. ``render(snapshot, info, ui, width, height)`` draws one frame:
a header (wall clock, show elapsed and left, how late or early), the current segment (title,
product, a big countdown that turns amber at ``warn`` and red and negative in overtime), its
cues for the selected roles (done ✓ / now ▶ / next → with a countdown), a prompter with the
rendered 话术 of the current and next ``say`` cue (or an emergency's hold line), an open
emergency's steps and timers, the next segment and hard start, and a key line. Screens under
80×24 get a compact layout; under 40×12 a message. Every state also has a text mark (⚠, ⏱, ‖)
so it reads without colour (NO_COLOR). ``next_change`` says when the frame would next differ.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Group, RenderableType
from rich.layout import Layout
from rich.panel import Panel
from rich.text import Text

from livesop.runner import bigdigits
from livesop.runner.keys import HELP, KEY_LINE
from livesop.format.timefmt import format_clock, format_mmss

if TYPE_CHECKING:
    from livesop.runner.engine import CueView, Engine, OpenEmergency, Snapshot

SECOND = 1000
DAY_MS = 86_400_000
ON_TIME_MS = 1000
MIN_SIZE = (40, 12)  # below this nothing useful fits
FULL_SIZE = (80, 24)  # below this the compact layout

# state of the segment's clock → (countdown style, mark that says it without colour)
TIMER_STYLES: dict[str, tuple[str, str]] = {
    "ok": ("bold green", ""),
    "warn": ("bold #ffaf00", "⚠ WARN"),
    "over": ("bold red", "⏱ OVERTIME"),
    "waiting": ("bold cyan", "… WAITING"),
    "ended": ("dim", "■ ENDED"),
}
BADGES: dict[str, tuple[str, str]] = {  # engine state → (badge, style)
    "ready": ("○ READY", "bold"), "running": ("● LIVE", "bold red"), "waiting": ("… WAITING", "bold cyan"),
    "finished": ("■ SHOW OVER", "bold"), "stopped": ("■ STOPPED", "bold"),
}
CUE_MARKS: dict[str, tuple[str, str]] = {  # view status → (mark, style)
    "done": ("✓", "dim"), "acked": ("✓", "dim"), "now": ("▶", "bold"), "next": ("→", "bold cyan"),
    "pending": ("·", ""),
}
VERBS = {"say": "说", "do": "做"}
AMBER = "#ffaf00"


@dataclass(frozen=True)
class ProductLine:
    name: str
    link: int | None
    live_price: float | None
    list_price: float | None
    stock: int | None
    mechanism: str


@dataclass(frozen=True)
class PlanInfo:
    id: str
    title: str
    severity: str
    trigger: str
    owner: str
    fallback: "EmergencyDetail | None" = None  # steps rendered without a segment, until the plan is opened


@dataclass(frozen=True)
class ShowInfo:
    """What the frame needs besides the snapshot; fixed for the whole run."""

    title: str
    role_names: dict[str, str]
    products: tuple[ProductLine | None, ...]  # per slot index
    plans: tuple[PlanInfo, ...]
    segments: int


@dataclass(frozen=True)
class EmergencyDetail:
    """An opened plan as the engine rendered it: its hold line and its steps (role, action, text)."""

    hold: str = ""
    steps: tuple[tuple[str, str, str], ...] = ()


@dataclass
class UiState:
    """The view's own state, changed by keys: nothing here changes the show."""

    roles: tuple[str, ...] = ()  # () = all roles
    mode: str = "normal"  # normal, plans, help, quit
    notice: str = ""
    details: dict[str, EmergencyDetail] = field(default_factory=dict)


def _text(value) -> str:
    return value.value if value is not None and hasattr(value, "value") else (value or "")


def show_info(engine: "Engine") -> ShowInfo:
    pb = engine.playbook
    products = tuple(None if slot.product is None else ProductLine(
        _text(slot.product.name) or slot.product.id or "", slot.product.link, slot.product.live_price,
        slot.product.list_price, slot.product.stock, _text(slot.product.mechanism)) for slot in engine.slots)
    first = engine.slots[0] if engine.slots else None
    plans = tuple(PlanInfo(p.id or "", _text(p.title) or p.id or "", p.severity or "", _text(p.trigger), p.owner or "",
                           EmergencyDetail(steps=tuple((s.role or "", *engine.cue_text(first, s)) for s in p.steps)
                                           if first else ()))
                  for p in pb.emergencies)
    return ShowInfo(_text(pb.title) or pb.id or "", {rid: _text(r.name) or rid for rid, r in pb.roles.items()},
                    products, plans, len(engine.slots))


def note_events(ui: UiState, events) -> None:
    """Keep what the engine rendered for an opened emergency plan: its hold line and steps."""
    for event in events:
        if event.kind == "emergency-open" and event.plan:
            ui.details[event.plan] = EmergencyDetail(hold=event.get("hold") or "")
        elif event.kind == "emergency-step" and event.plan:
            detail = ui.details.get(event.plan, EmergencyDetail())
            step = (event.role or "", event.action or "do", event.text or "")
            ui.details[event.plan] = EmergencyDetail(detail.hold, detail.steps + (step,))


# ----------------------------------------------------------------- numbers


def ceil_seconds(ms: int) -> int:
    """A countdown's seconds: 00:01 until the very end, 00:00 at it, -00:01 a second over."""
    return -((-ms) // SECOND)


def mmss(ms: int) -> str:
    return format_mmss(int(ms / SECOND))


def countdown_text(ms: int, overtime: bool = False) -> str:
    seconds = ceil_seconds(ms)
    text = format_mmss(seconds)
    return "-" + text if overtime and seconds == 0 else text


def behind_text(ms: int) -> tuple[str, str]:
    """(words, style) for the show's lateness."""
    if abs(ms) < ON_TIME_MS:
        return "on time", "green"
    late = ms > 0
    return f"{'+' if late else '-'}{mmss(abs(ms))} {'late' if late else 'early'}", "red" if late else "cyan"


def clock_text(ms: int | None) -> str:
    return "--:--:--" if ms is None else format_clock((ms % DAY_MS) // SECOND, with_seconds=True)


def price(value: float | None) -> str:
    return "" if value is None else f"¥{value:g}"


def timer_state(snap: "Snapshot") -> str:
    if snap.state == "waiting":
        return "waiting"
    if snap.state != "running":
        return "ended"
    return "over" if snap.overtime else "warn" if snap.warn else "ok"


def next_change(snap: "Snapshot") -> int:
    """Show time (ms) at which the frame next shows different numbers, nothing else happening."""
    if snap.state == "running" and not snap.paused:
        return snap.t + (snap.remaining - 1) % SECOND + 1
    if snap.state == "waiting" and not snap.paused and snap.waiting > 0:
        return snap.t + (snap.waiting - 1) % SECOND + 1
    phase = snap.clock_ms if snap.clock_ms is not None else snap.t
    return snap.t + SECOND - phase % SECOND


# ----------------------------------------------------------------- wrapping

CLOSING = set("，。、；：！？）》」』】〕〉…—,.;:!?)]}%～")  # never at the start of a line
OPENING = set("（《「『【〔〈“‘([{")  # never at the end of a line


def _units(line: str) -> list[str]:
    """Unbreakable pieces: a CJK character, a run of other letters, a run of spaces; punctuation sticks."""
    units: list[str] = []
    for char in line:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        space = char.isspace()
        if units and not wide and not space and char not in OPENING and not units[-1][-1].isspace() \
                and unicodedata.east_asian_width(units[-1][-1]) not in ("W", "F") and units[-1][-1] not in OPENING:
            units[-1] += char
        elif units and space and units[-1][-1].isspace():
            units[-1] += char
        else:
            units.append(char)
    merged: list[str] = []
    for unit in units:
        if merged and unit[0] in CLOSING and not merged[-1][-1].isspace():
            merged[-1] += unit
        elif merged and merged[-1][-1] in OPENING and not unit[0].isspace():
            merged[-1] += unit
        else:
            merged.append(unit)
    return merged


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells; Chinese breaks between any two characters, other words at spaces."""
    width = max(2, width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for unit in _units(paragraph):
            size = cell_len(unit)
            if used + size <= width:
                line, used = line + unit, used + size
                continue
            if line.strip():
                out.append(line.rstrip())
            line, used = "", 0
            if unit.isspace():
                continue
            while cell_len(unit) > width:
                head = chop_cells(unit, width)[0]
                out.append(head)
                unit = unit[len(head):]
            line, used = unit, cell_len(unit)
        out.append(line.rstrip())
    return out


def wrapped(text: str, width: int, style: str = "") -> Text:
    return Text("\n".join(wrap(text, width)), style=style, no_wrap=True, overflow="crop")


# ----------------------------------------------------------------- pieces


def _line(*parts: tuple[str, str] | str, justify: str = "left") -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", justify=justify)
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            text.append(*part)
    return text


def _split(left: Text, right: Text, width: int) -> Text:
    """One line: ``left``, then ``right`` pushed to the right edge when there is room."""
    gap = width - left.cell_len - right.cell_len
    if gap < 2:
        return left
    return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="ellipsis")


def header(snap: "Snapshot", info: ShowInfo, width: int, compact: bool = False) -> Text:
    badge, badge_style = BADGES.get(snap.state, (snap.state, "bold"))
    if snap.paused and snap.state in ("running", "waiting"):
        badge, badge_style = "‖ PAUSED", "bold yellow"
    late, late_style = behind_text(snap.behind)
    left = _line((f" {clock_text(snap.clock_ms)} ", "bold reverse"), " ", (badge, badge_style))
    if compact:
        return Text.assemble(left, "  ", (mmss(snap.t), "bold"), "  ", (late, late_style), no_wrap=True,
                             overflow="ellipsis")
    left_ms = max(0, snap.projected_end - snap.t)
    ends = "" if snap.clock_ms is None else f" · ends {clock_text(snap.clock_ms + left_ms)[:5]}"
    right = _line("show ", (mmss(snap.t), "bold"), f"/{mmss(snap.total)} · left ", (countdown_text(left_ms), "bold"),
                  ends, "  ", (late, f"bold {late_style}"), " ")
    room = width - left.cell_len - right.cell_len - 4
    if room >= 6:
        title = Text(info.title, style="dim")
        title.truncate(room, overflow="ellipsis")
        left.append("  ")
        left.append_text(title)
    return _split(left, right, width)


def product_text(product: ProductLine | None) -> Text:
    if product is None:
        return _line(("no product in this segment", "dim"))
    parts: list[tuple[str, str] | str] = []
    if product.link is not None:
        parts.append((f"{product.link}号链接", "bold"))
    if product.live_price is not None:
        parts += ["  ", (price(product.live_price), "bold")]
        if product.list_price is not None:
            parts.append((f" (日常{price(product.list_price)})", "dim"))
    if product.stock is not None:
        parts.append(f"  库存 {product.stock}")
    parts.append(f"  {product.name}")
    if product.mechanism:
        parts.append((f" · {product.mechanism}", "dim"))
    return _line(*parts)


def _countdown_ms(snap: "Snapshot") -> int:
    return snap.waiting if snap.state == "waiting" else snap.remaining if snap.state == "running" else 0


def big_countdown(snap: "Snapshot", width: int, height: int, sizes=bigdigits.ORDER) -> Text:
    """The countdown in the largest digits that fit; a plain bold line when none do."""
    state = timer_state(snap)
    style = TIMER_STYLES[state][0]
    value = countdown_text(_countdown_ms(snap), snap.overtime) if state != "ended" else "--:--"
    size = bigdigits.fit(value, width, height, sizes)
    drawn = [value] if size is None else bigdigits.lines(value, size)
    pad = " " * max(0, (width - cell_len(drawn[0])) // 2)
    return Text("\n".join(pad + line for line in drawn), style=style, no_wrap=True, overflow="crop")


def status_line(snap: "Snapshot", info: ShowInfo) -> Text:
    """What the countdown means, in words and marks (so it reads without colour)."""
    state = timer_state(snap)
    style, mark = TIMER_STYLES[state]
    parts: list[tuple[str, str] | str] = []
    if snap.paused and snap.state in ("running", "waiting"):
        parts += [("‖ PAUSED", "bold yellow"), "  "]
    if state == "over":
        parts += [(f"{mark} +{mmss(-snap.remaining)}", style), " · n: next segment"]
    elif state == "warn":
        parts += [(f"{mark} {countdown_text(snap.remaining)} left", style)]
    elif state == "waiting":
        parts += [(f"{mark} for the hard start", style), "  n starts it now"]
    elif state == "ended":
        parts += [(mark if snap.state != "stopped" else "■ STOPPED", style)]
    else:
        parts += [("left in this segment", "dim")]
    return _line(*parts)


def plan_line(snap: "Snapshot") -> Text:
    added = f" {'+' if snap.added >= 0 else '-'}{mmss(abs(snap.added))}" if snap.added else ""
    end = "then next" if snap.end == "next" else "hold"
    return _line(("of ", "dim"), f"{mmss(snap.planned)}{added}", ("  elapsed ", "dim"), mmss(snap.elapsed),
                 ("  ·  " + end, "dim"))


def _role_name(info: ShowInfo, role: str | None) -> str:
    return info.role_names.get(role or "", role or "?")


def shown_cues(snap: "Snapshot", roles: tuple[str, ...]) -> list[tuple[str, "CueView"]]:
    """(view status, cue) for the selected roles: done / now (latest fired) / next / pending."""
    cues = [c for c in snap.cues if not roles or c.role in roles]
    fired = [i for i, c in enumerate(cues) if c.status in ("done", "acked")]
    now = fired[-1] if fired else None
    out: list[tuple[str, CueView]] = []
    next_found = False
    for i, cue in enumerate(cues):
        if cue.status in ("done", "acked"):
            out.append(("now" if i == now and cue.status == "done" else cue.status, cue))
        elif not next_found and snap.state == "running":
            out.append(("next", cue))
            next_found = True
        else:
            out.append(("pending", cue))
    return out


def until_ms(snap: "Snapshot", cue: "CueView") -> int:
    return cue.at - snap.elapsed


def cue_line(snap: "Snapshot", info: ShowInfo, status: str, cue: "CueView") -> Text:
    mark, style = CUE_MARKS[status]
    when = f"in {countdown_text(until_ms(snap, cue))}" if status == "next" else mmss(cue.at)
    text = " ".join(cue.text.split())
    line = _line((f"{mark} ", style), (when, "bold cyan" if status == "next" else "dim"),
                 f" {_role_name(info, cue.role)} ", (VERBS.get(cue.action, cue.action), "dim"), " ",
                 (text, style))
    if status == "now":
        line.append("  a ack", "dim")
    return line


def _window(items: list, rows: int) -> list:
    """The rows around now and next: one done cue before, the rest ahead."""
    if len(items) <= rows:
        return items
    anchor = next((i for i, (status, _) in enumerate(items) if status in ("now", "next")), len(items) - 1)
    start = max(0, min(anchor - 1, len(items) - rows))
    return items[start:start + rows]


def cue_panel(snap: "Snapshot", info: ShowInfo, roles: tuple[str, ...], height: int) -> Panel:
    items = shown_cues(snap, roles)
    rows = max(1, height - 2)
    who = "all roles" if not roles else " ".join(_role_name(info, r) for r in roles)
    lines = [cue_line(snap, info, status, cue) for status, cue in _window(items, rows)]
    if not lines:
        lines = [_line((f"no cues for {who} in this segment", "dim"))]
    hidden = len(items) - len(lines)
    title = f"cues · {who}" + (f" · {hidden} more" if hidden > 0 else "")
    return Panel(Group(*lines), title=title, title_align="left", box=box.ROUNDED, padding=(0, 1),
                 subtitle="r roles", subtitle_align="right")


def _say_cues(snap: "Snapshot") -> tuple["CueView | None", "CueView | None"]:
    says = [c for c in snap.cues if c.action == "say"]
    fired = [c for c in says if c.status in ("done", "acked")]
    ahead = [c for c in says if c.status not in ("done", "acked")]
    return (fired[-1] if fired else None), (ahead[0] if ahead else None)


def prompter_body(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int) -> tuple[Group, str, str]:
    """(content, title, border style): the hold line of an open emergency, else the current 话术."""
    current, upcoming = _say_cues(snap)
    parts: list[Text] = []
    hold = _open_hold(snap, ui)
    if hold is not None:
        plan, text = hold
        parts.append(wrapped(text, width, "bold"))
        title, border = f"HOLD · 应急话术 · {plan}", "red"
    else:
        title, border = "话术 · prompter", "blue"
        if current is not None:
            parts += [_line((f"▶ {_role_name(info, current.role)} 说", "dim")), wrapped(current.text, width, "bold")]
        elif upcoming is None:
            parts.append(Text("no 话术 in this segment", style="dim"))
    if upcoming is not None:
        when = f"in {countdown_text(until_ms(snap, upcoming))}" if snap.state == "running" else mmss(upcoming.at)
        if parts:
            parts.append(Text(""))
        parts += [_line((f"→ next {when} · {_role_name(info, upcoming.role)} 说", "cyan")),
                  wrapped(upcoming.text, width)]
    return Group(*parts), title, border


def _open_hold(snap: "Snapshot", ui: UiState) -> tuple[str, str] | None:
    for emergency in reversed(snap.emergencies):
        detail = ui.details.get(emergency.id)
        if detail is not None and detail.hold:
            return emergency.title, detail.hold
    return None


def prompter_panel(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int) -> Panel:
    body, title, border = prompter_body(snap, info, ui, width - 4)
    return Panel(body, title=title, title_align="left", border_style=border, box=box.HEAVY, padding=(0, 1))


def _timer(label: str, spent: int, target: int | None, done_after: int | None = None) -> Text:
    if done_after is not None:
        met = target is None or done_after <= target
        verdict = ("✓ met" if met else f"✗ missed by {mmss(done_after - target)}") if target is not None else ""
        return _line(f"{label} after {mmss(done_after)}", f" / {mmss(target)} " if target is not None else " ",
                     (verdict, "green" if met else "red"))
    if target is None:
        return _line(f"{label} ", (mmss(spent), "bold"), (" (no target)", "dim"))
    over = spent > target
    return _line(f"{label} ", (mmss(spent), "bold red" if over else "bold"), f" / {mmss(target)}",
                 ("  ✗ OVERDUE" if over else f"  {mmss(target - spent)} to go", "bold red" if over else "dim"))


def emergency_panel(snap: "Snapshot", info: ShowInfo, ui: UiState) -> Panel:
    emergency: OpenEmergency = snap.emergencies[-1]
    plan = next((p for p in info.plans if p.id == emergency.id), None)
    detail = ui.details.get(emergency.id) or (plan.fallback if plan else None) or EmergencyDetail()
    spent = snap.t - emergency.opened
    lines = []
    if plan is not None and plan.trigger:
        lines.append(_line(("trigger ", "dim"), plan.trigger))
    if plan is not None and plan.owner:
        lines.append(_line(("owner ", "dim"), (_role_name(info, plan.owner), "bold"), ("  open ", "dim"), mmss(spent)))
    responded = None if emergency.responded is None else emergency.responded - emergency.opened
    lines.append(_timer("response", spent, emergency.respond_within, responded))
    lines.append(_timer("recovery", spent, emergency.recover_within))
    for role, action, text in detail.steps:
        chosen = not ui.roles or role in ui.roles
        lines.append(_line(("• ", "red"), (f"{_role_name(info, role)} ", "bold" if chosen else "dim"),
                           (VERBS.get(action, action) + " ", "dim"), (" ".join(text.split()), "" if chosen else "dim")))
    others = [e.id for e in snap.emergencies[:-1]]
    if others:
        lines.append(_line(("also open: " + ", ".join(others), "dim")))
    lines.append(_line(("h handling · x close", "dim")))
    severity = f"{emergency.severity} " if emergency.severity else ""
    return Panel(Group(*lines), title=f"!! {severity}{emergency.title} ({emergency.id})", title_align="left",
                 border_style="bold red", box=box.DOUBLE, padding=(0, 1))


def plans_panel(snap: "Snapshot", info: ShowInfo) -> Panel:
    open_ids = {e.id for e in snap.emergencies}
    lines = []
    for number, plan in enumerate(info.plans[:9], 1):
        state = ("  (open)", "bold red") if plan.id in open_ids else ("", "")
        lines.append(_line((f"{number} ", "bold"), (f"{plan.severity} ", "red"), (plan.title, "bold"),
                           (f" — {plan.trigger}" if plan.trigger else "", "dim"), state))
    if not lines:
        lines.append(_line(("this playbook has no emergency plans", "dim")))
    return Panel(Group(*lines), title="emergency plans · 1-9 open one", title_align="left", subtitle="esc back",
                 subtitle_align="right", border_style="red", box=box.ROUNDED, padding=(0, 1))


def help_panel() -> Panel:
    width = max(cell_len(keys) for keys, _ in HELP) + 2
    lines = [_line((keys.ljust(width - cell_len(keys) + len(keys)), "bold"), what) for keys, what in HELP]
    return Panel(Group(*lines), title="keys · any key closes this help", title_align="left", box=box.ROUNDED,
                 padding=(0, 1))


def next_line(snap: "Snapshot", compact: bool = False) -> Text:
    parts: list[tuple[str, str] | str] = [("next ▸ ", "dim")]
    parts.append((snap.next_title, "bold") if snap.next_seg else ("this is the last segment", "dim"))
    hard = snap.next_hard
    if hard is not None:
        words, style = behind_text(hard.late)
        at = "" if hard.clock_ms is None else clock_text(hard.clock_ms)[:5] + " "
        label = " · hard " if compact else "  ·  hard start "
        parts += [(label, "dim"), f"{at}", ("" if compact else f"({hard.seg}) ", "dim"), (words, f"bold {style}")]
    return _line(*parts)


def key_line(ui: UiState, compact: bool = False, width: int | None = None) -> Text:
    if ui.mode == "quit":
        return _line((" Quit the run?  y = quit · any other key = carry on ", "bold reverse red"))
    if ui.notice:
        return _line((ui.notice, "bold yellow"))
    if not compact:
        for gap in ("  ", " "):
            line = _line(*[part for keys, label in KEY_LINE for part in ((keys, "bold"), (f" {label}{gap}", "dim"))])
            line.rstrip()
            if width is None or line.cell_len <= width:
                return line
    return _line(*[part for keys, _ in KEY_LINE for part in ((keys, "bold"), " ")])


# ----------------------------------------------------------------- layouts


def render(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int, height: int) -> RenderableType:
    """One frame for a ``width`` × ``height`` screen."""
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        return too_small(width, height)
    if width < FULL_SIZE[0] or height < FULL_SIZE[1]:
        return compact(snap, info, ui, width, height)
    return full(snap, info, ui, width, height)


def too_small(width: int, height: int) -> Text:
    return Text(f"window {width}×{height} is too small: livesop needs {MIN_SIZE[0]}×{MIN_SIZE[1]}\n"
                "(enlarge it, or run with --plain)", justify="center", style="bold")


def _segment_panel(snap: "Snapshot", info: ShowInfo, width: int, height: int) -> Panel:
    inner_w, inner_h = width - 4, height - 2
    digits_h = inner_h - 5  # title, product, plan line, status, one blank
    count = f"{snap.index + 1}/{info.segments} " if snap.seg else ""
    product = info.products[snap.index] if snap.seg and snap.index < len(info.products) else None
    big = big_countdown(snap, inner_w, digits_h)
    used = big.plain.count("\n") + 1
    pad = max(0, digits_h - used)
    parts = [_line((snap.title, "bold")), product_text(product), Text("\n" * (pad // 2 + 1), end=""), big,
             Text("\n" * ((pad + 1) // 2), end=""), status_line(snap, info), plan_line(snap)]
    border = {"warn": AMBER, "over": "red"}.get(timer_state(snap), "")
    return Panel(Group(*parts), title=f"{count}{snap.seg or ''}", title_align="left", box=box.ROUNDED,
                 border_style=border, padding=(0, 1))


def full(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int, height: int) -> Layout:
    available = height - 3
    body_h = min(available - 5, max(13, round(available * 0.6)))
    left_w = 74 if width - 74 >= 44 else max(44, width // 2)
    root = Layout()
    body = Layout(name="body", size=body_h)
    root.split_column(Layout(header(snap, info, width), size=1), body,
                      Layout(prompter_panel(snap, info, ui, width), name="prompter"),
                      Layout(next_line(snap), size=1), Layout(key_line(ui, width=width), size=1))
    if ui.mode == "help":
        body.update(help_panel())
        return root
    if ui.mode == "plans":
        right = plans_panel(snap, info)
    elif snap.emergencies:
        right = emergency_panel(snap, info, ui)
    else:
        right = cue_panel(snap, info, ui.roles, body_h)
    body.split_row(Layout(_segment_panel(snap, info, left_w, body_h), size=left_w), Layout(right))
    return root


def compact(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int, height: int) -> Layout:
    """Under 80×24: the countdown, the next cue and the prompter, one line each for the rest."""
    count = f"{snap.index + 1}/{info.segments} " if snap.seg else ""
    rows: list[tuple[RenderableType, int | None]] = [(header(snap, info, width, compact=True), 1),
                                                     (_line((f"{count}{snap.title}", "bold")), 1)]
    product = info.products[snap.index] if snap.seg and snap.index < len(info.products) else None
    if height >= 16 and product is not None:
        rows.append((product_text(product), 1))
    big = big_countdown(snap, width, 3, ("small",)) if height >= 14 else None
    if big is not None and "\n" in big.plain:
        rows.append((big, 3))
    else:
        value = countdown_text(_countdown_ms(snap), snap.overtime) if snap.state in ("running", "waiting") else "--:--"
        rows.append((_line((value, TIMER_STYLES[timer_state(snap)][0])), 1))
    rows.append((status_line(snap, info), 1))
    if ui.mode == "help":
        rows.append((Group(*[_line((f"{keys} ", "bold"), what) for keys, what in HELP]), None))
    elif ui.mode == "plans":
        rows.append((plans_panel(snap, info).renderable, None))
    else:
        if snap.emergencies:
            e = snap.emergencies[-1]
            spent = snap.t - e.opened
            target = e.recover_within
            late = target is not None and spent > target
            rows.append((_line((f"!! {e.severity or ''} {e.title} ", "bold red"),
                               (mmss(spent), "bold red" if late else "bold"),
                               f" / {mmss(target)}" if target is not None else "", ("  h · x close", "dim")), 1))
        else:
            upcoming = [(s, c) for s, c in shown_cues(snap, ui.roles) if s in ("now", "next")]
            rows.append((cue_line(snap, info, *upcoming[-1]) if upcoming else _line(("no cues ahead", "dim")), 1))
        body, title, border = prompter_body(snap, info, ui, width)
        rows.append((Group(_line((f"─ {title} ", border)), body), None))
    rows += [(next_line(snap, compact=True), 1), (key_line(ui, compact=True), 1)]
    root = Layout()
    root.split_column(*[Layout(r, size=size) if size else Layout(r) for r, size in rows])
    return root
