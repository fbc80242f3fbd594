"""The pieces of the full-screen view: header, segment, cues, prompter, emergency, plans, help and key lines."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from livesop.controls import visible
from livesop.format.timefmt import ON_TIME_MS, SECOND_MS, format_mmss, hhmmss_ms, mmss_ms, signed_mmss_ms, up_to_second
from livesop.i18n import N_, _ as gettext, ngettext, pgettext
from livesop.runner import bigdigits, words
from livesop.runner.keymap import HELP, KEY_LINE, SELF_EVIDENT
from livesop.runner.linebreak import wrap_text, wrapped
from livesop.runner.viewstate import EmergencyDetail, ProductLine, ShowInfo, UiState

if TYPE_CHECKING:
    from livesop.runner.snapshot import CueView, OpenEmergency, Snapshot
    from livesop.runner.watch import WatchView

# state of the segment's clock → (countdown style, mark that says it without colour; translated where shown)
TIMER_STYLES: dict[str, tuple[str, str]] = {
    "ok": ("bold green", ""),
    "warn": ("bold #ffaf00", N_("⚠ WARN")),
    "over": ("bold red", N_("⏱ OVERTIME")),
    "waiting": ("bold cyan", N_("… WAITING")),
    "ended": ("dim", N_("■ ENDED")),
}
BADGES: dict[str, tuple[str, str]] = {  # engine state → (badge, style); the badge translated where shown
    "ready": (N_("○ READY"), "bold"), "running": (N_("● LIVE"), "bold red"),
    "waiting": (N_("… WAITING"), "bold cyan"), "finished": (N_("■ SHOW OVER"), "bold"),
    "stopped": (N_("■ STOPPED"), "bold"),
}
CUE_MARKS: dict[str, tuple[str, str]] = {  # view status → (mark, style)
    "done": ("✓", "dim"), "acked": ("✓", "dim"), "now": ("▶", "bold"), "next": ("→", "bold cyan"),
    "pending": ("·", ""),
}
VERBS = {"say": "说", "do": "做"}
AMBER = "#ffaf00"


# ----------------------------------------------------------------- numbers


def ceil_seconds(ms: int) -> int:
    """A countdown's seconds: 00:01 until the very end, 00:00 at it, -00:01 a second over."""
    return -((-ms) // SECOND_MS)


def countdown_text(ms: int, overtime: bool = False) -> str:
    seconds = ceil_seconds(ms)
    text = format_mmss(seconds)
    return "-" + text if overtime and seconds == 0 else text


def behind_text(ms: int) -> tuple[str, str]:
    """(words, style) for the show's lateness."""
    if abs(ms) < ON_TIME_MS:
        return words.late(ms), "green"
    return words.late(ms), "red" if ms > 0 else "cyan"


def clock_text(ms: int | None) -> str:
    return "--:--:--" if ms is None else hhmmss_ms(ms)


def price(value: float | None) -> str:
    return "" if value is None else f"¥{value:g}"


def timer_state(snap: "Snapshot") -> str:
    if snap.state == "waiting":
        return "waiting"
    if snap.state != "running":
        return "ended"
    return "over" if snap.overtime else "warn" if snap.warn else "ok"


# ----------------------------------------------------------------- pieces


def styled(*parts: tuple[str, str] | str, justify: str = "left") -> Text:
    """One line from plain and (text, style) parts, cut with … when it is too long."""
    text = Text(no_wrap=True, overflow="ellipsis", justify=justify)
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            text.append(*part)
    return text


_FIELDS = string.Formatter()


def filled(template: str, style: str = "", **fields: tuple[str, str] | str) -> list[tuple[str, str] | str]:
    """The parts of a translated ``template`` for ``styled``: its own words in ``style``, each
    ``{field}`` as given (a text, or a (text, style) pair). A whole sentence goes to the catalogue,
    and its figures keep their own style in either language's word order."""
    parts: list[tuple[str, str] | str] = []
    for literal, name, _spec, _conversion in _FIELDS.parse(template):
        if literal:
            parts.append((literal, style) if style else literal)
        if name is not None:
            value = fields[name]
            parts.append(value if isinstance(value, tuple) else str(value))
    return parts


def _split(left: Text, right: Text, width: int) -> Text:
    """One line: ``left``, then ``right`` pushed to the right edge when there is room."""
    gap = width - left.cell_len - right.cell_len
    if gap < 2:
        return left
    return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="ellipsis")


def header(snap: "Snapshot", info: ShowInfo, width: int, compact: bool = False) -> Text:
    badge, badge_style = BADGES.get(snap.state, (snap.state, "bold"))
    badge = gettext(badge)
    if snap.paused and snap.state in ("running", "waiting"):
        badge, badge_style = gettext("‖ PAUSED"), "bold yellow"
    late, late_style = behind_text(snap.behind)
    left = styled((f" {clock_text(snap.clock_ms)} ", "bold reverse"), " ", (badge, badge_style))
    if compact:
        return Text.assemble(left, "  ", (mmss_ms(snap.t), "bold"), "  ", (late, late_style), no_wrap=True,
                             overflow="ellipsis")
    left_ms = max(0, snap.projected_end - snap.t)
    figures = {"elapsed": (mmss_ms(snap.t), "bold"), "total": mmss_ms(snap.total),
               "left": (countdown_text(left_ms), "bold")}
    if snap.clock_ms is None:
        shown = filled(gettext("show {elapsed}/{total} · left {left}"), **figures)
    else:
        shown = filled(gettext("show {elapsed}/{total} · left {left} · ends {clock}"),
                       clock=clock_text(snap.clock_ms + left_ms)[:5], **figures)
    right = styled(*shown, "  ", (late, f"bold {late_style}"), " ")
    room = width - left.cell_len - right.cell_len - 4
    if room >= 6:
        title = Text(info.title, style="dim")
        title.truncate(room, overflow="ellipsis")
        left.append("  ")
        left.append_text(title)
    return _split(left, right, width)


def product_text(product: ProductLine | None) -> Text:
    if product is None:
        return styled((gettext("no product in this segment"), "dim"))
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
    return styled(*parts)


def countdown_ms(snap: "Snapshot") -> int:
    """What the big countdown counts down: the wait for a hard start, or the segment's time left."""
    return snap.waiting if snap.state == "waiting" else snap.remaining if snap.state == "running" else 0


def big_countdown(snap: "Snapshot", width: int, height: int, sizes=bigdigits.ORDER) -> Text:
    """The countdown in the largest digits that fit; a plain bold line when none do."""
    state = timer_state(snap)
    style = TIMER_STYLES[state][0]
    value = countdown_text(countdown_ms(snap), snap.overtime) if state != "ended" else "--:--"
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
        parts += [(gettext("‖ PAUSED"), "bold yellow"), "  "]
    if state == "over":
        parts += [(overtime_text(snap.remaining), style), gettext(" · n: next segment")]
    elif state == "warn":
        parts += [(gettext("⚠ WARN {time} left").format(time=countdown_text(snap.remaining)), style)]
    elif state == "waiting":
        parts += [(gettext("… WAITING for the hard start"), style), gettext("  n starts it now")]
    elif state == "ended":
        parts += [(gettext("■ STOPPED") if snap.state == "stopped" else gettext(mark), style)]
    else:
        parts += [(gettext("left in this segment"), "dim")]
    return styled(*parts)


def overtime_text(remaining: int) -> str:
    """``⏱ OVERTIME +mm:ss``: how far past its end the segment runs."""
    return gettext("⏱ OVERTIME +{time}").format(time=mmss_ms(-remaining))


def plan_line(snap: "Snapshot") -> Text:
    added = f" {signed_mmss_ms(snap.added)}" if snap.added else ""
    end = gettext("then next") if snap.end == "next" else gettext("hold")
    return styled(*filled(gettext("of {planned}  elapsed {elapsed}  ·  {end}"), "dim",
                          planned=f"{mmss_ms(snap.planned)}{added}", elapsed=mmss_ms(snap.elapsed),
                          end=(end, "dim")))


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
    when = (gettext("in {time}").format(time=countdown_text(until_ms(snap, cue))) if status == "next" else
            mmss_ms(cue.at))
    text = " ".join(cue.text.split())
    line = styled((f"{mark} ", style), (when, "bold cyan" if status == "next" else "dim"),
                  f" {_role_name(info, cue.role)} ", (VERBS.get(cue.action, cue.action), "dim"), " ",
                  (text, style))
    if status == "now":
        line.append("  " + gettext("a ack"), "dim")
    return line


def _window(items: list, heights: list[int], rows: int) -> list[tuple[int, int]]:
    """(item, rows it gets) for ``rows`` lines: from one cue before now / next, every cue ahead as far
    as it goes (the last one cut short when it does not fit whole), then earlier ones when room is
    left. Cues before now take one line each once the list does not fit, and their whole text
    again, nearest first, as long as the rows left allow."""
    if sum(heights) <= rows:
        return [(i, h) for i, h in enumerate(heights)]
    anchor = next((i for i, (status, _) in enumerate(items) if status in ("now", "next")), len(items) - 1)
    sizes = [1 if i < anchor else h for i, h in enumerate(heights)]
    start = max(0, anchor - 1)
    shown: list[tuple[int, int]] = []
    used = 0
    for index in range(start, len(items)):
        if used >= rows:
            break
        take = min(sizes[index], rows - used)
        shown.append((index, take))
        used += take
    while start > 0 and used < rows:
        start -= 1
        shown.insert(0, (start, 1))
        used += 1
    for position in sorted(range(len(shown)), key=lambda p: abs(shown[p][0] - anchor)):  # room left: whole again
        index, take = shown[position]
        if take < heights[index]:
            if used + heights[index] - take > rows:
                break
            shown[position] = (index, heights[index])
            used += heights[index] - take
    return shown


def cue_panel(snap: "Snapshot", info: ShowInfo, roles: tuple[str, ...], height: int, width: int = 80) -> Panel:
    """The current segment's cues, each wrapped to the panel's width (never cut at a fixed length)."""
    items = shown_cues(snap, roles)
    rows = max(1, height - 2)
    inner = max(10, width - 4)
    who = gettext("all roles") if not roles else " ".join(_role_name(info, r) for r in roles)
    full = [wrap_text(cue_line(snap, info, status, cue), inner) for status, cue in items]
    heights = [text.plain.count("\n") + 1 for text in full]
    lines = []
    for index, take in _window(items, heights, rows):
        lines.append(full[index] if take >= heights[index] else
                     wrap_text(cue_line(snap, info, *items[index]), inner, rows=take))
    if not lines:
        lines = [styled((gettext("no cues for {who} in this segment").format(who=who), "dim"))]
    hidden = len(items) - (len(lines) if items else 0)
    title = (gettext("cues · {who} · {count} more").format(who=who, count=hidden) if hidden > 0 else
             gettext("cues · {who}").format(who=who))
    return Panel(Group(*lines), title=title, title_align="left", box=box.ROUNDED, padding=(0, 1),
                 subtitle=gettext("r roles"), subtitle_align="right")


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
        title, border = gettext("HOLD · 应急话术 · {plan}").format(plan=plan), "red"
    else:
        title, border = gettext("话术 · prompter"), "blue"
        if current is not None:
            over = [("  ", ""), (overtime_text(snap.remaining), "bold red")] if snap.overtime else []
            parts += [styled((f"▶ {_role_name(info, current.role)} 说", "dim"), *over),
                      wrapped(current.live or current.text, width, "bold")]
        elif upcoming is None:
            parts.append(Text(gettext("no 话术 in this segment"), style="dim"))
    if upcoming is not None:
        who = _role_name(info, upcoming.role)
        if snap.state == "running":
            heading = gettext("→ next in {time} · {role} 说").format(
                time=countdown_text(until_ms(snap, upcoming)), role=who)
        else:
            heading = gettext("→ next {time} · {role} 说").format(time=mmss_ms(upcoming.at), role=who)
        if parts:
            parts.append(Text(""))
        parts += [styled((heading, "cyan")), wrapped(upcoming.text, width)]
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
    """One of an emergency's two timers (``label``: response or recovery, translated) against its target."""
    if done_after is not None:
        if target is None:
            return styled(gettext("{label} after {time}").format(label=label, time=mmss_ms(done_after)), " ")
        met = done_after <= target
        verdict = (gettext("✓ met") if met else
                   gettext("✗ missed by {time}").format(time=mmss_ms(up_to_second(done_after - target))))
        return styled(*filled(gettext("{label} after {time} / {target} {verdict}"), label=label,
                              time=mmss_ms(done_after), target=mmss_ms(target),
                              verdict=(verdict, "green" if met else "red")))
    if target is None:
        return styled(*filled(gettext("{label} {time}"), label=label, time=(mmss_ms(spent), "bold")),
                      (gettext(" (no target)"), "dim"))
    over = spent > target
    state = gettext("✗ OVERDUE") if over else gettext("{time} to go").format(time=mmss_ms(target - spent))
    return styled(*filled(gettext("{label} {time} / {target}"), label=label,
                          time=(mmss_ms(spent), "bold red" if over else "bold"), target=mmss_ms(target)),
                  ("  " + state, "bold red" if over else "dim"))


def emergency_panel(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int = 80, height: int | None = None) -> Panel:
    """The open emergency: trigger, owner, both timers and every step, wrapped to the panel's width.

    Within ``height`` rows the timers always show; steps that do not fit are counted on the last row."""
    emergency: OpenEmergency = snap.emergencies[-1]
    plan = next((p for p in info.plans if p.id == emergency.id), None)
    detail = ui.details.get(emergency.id) or (plan.fallback if plan else None) or EmergencyDetail()
    spent = snap.t - emergency.opened
    inner = max(10, width - 4)
    head: list[Text] = []
    if plan is not None and plan.owner:
        head.append(styled(*filled(gettext("owner {owner}  open {time}"), "dim",
                                   owner=(_role_name(info, plan.owner), "bold"), time=mmss_ms(spent))))
    responded = None if emergency.responded is None else emergency.responded - emergency.opened
    head.append(_timer(pgettext("emergency timer", "response"), spent, emergency.respond_within, responded))
    head.append(_timer(pgettext("emergency timer", "recovery"), spent, emergency.recover_within))
    others = [e.id for e in snap.emergencies[:-1]]
    if others:
        head.append(wrap_text(styled((gettext("also open: {plans}").format(
            plans=pgettext("between names in a list", ", ").join(others)), "dim")), inner))
    rows = None if height is None else max(1, height - 2) - sum(t.plain.count("\n") + 1 for t in head)
    trigger = wrap_text(styled(*filled(gettext("trigger {trigger}"), "dim", trigger=plan.trigger)), inner,
                        rows=max(1, min(2, rows if rows is not None else 2))) \
        if plan is not None and plan.trigger else None
    if trigger is not None and rows is not None:
        rows -= trigger.plain.count("\n") + 1
    raws = [styled(("• ", "red"), (f"{_role_name(info, role)} ", "bold" if chosen else "dim"),
                   (VERBS.get(action, action) + " ", "dim"), (" ".join(text.split()), "" if chosen else "dim"))
            for role, action, text, chosen in ((r, a, t, not ui.roles or r in ui.roles) for r, a, t in detail.steps)]
    steps = [wrap_text(raw, inner) for raw in raws]
    sizes = [step.plain.count("\n") + 1 for step in steps]
    if rows is not None and sum(sizes) > rows:
        budget, whole = rows - 1, 0  # the last row says what is left out
        while whole < len(steps) and sizes[whole] <= budget:
            budget -= sizes[whole]
            whole += 1
        kept = steps[:whole] + ([wrap_text(raws[whole], inner, rows=budget)] if budget > 0 else [])
        steps = kept + [styled((gettext("… {count} more step(s): enlarge the window").format(
            count=len(raws) - whole), "dim"))] if rows > 0 else []
    lines = ([trigger] if trigger is not None else []) + head + steps
    severity = f"{emergency.severity} " if emergency.severity else ""
    return Panel(Group(*lines), title=f"!! {severity}{emergency.title} ({emergency.id})", title_align="left",
                 subtitle=gettext("h handling · x close"), subtitle_align="right",
                 border_style="bold red", box=box.DOUBLE, padding=(0, 1))


def plans_panel(snap: "Snapshot", info: ShowInfo, width: int = 80) -> Panel:
    open_ids = {e.id for e in snap.emergencies}
    inner = max(10, width - 4)
    lines = []
    for number, plan in enumerate(info.plans[:9], 1):
        state = (gettext("  (open)"), "bold red") if plan.id in open_ids else ("", "")
        lines.append(wrap_text(styled((f"{number} ", "bold"), (f"{plan.severity} ", "red"), (plan.title, "bold"),
                                      (f" — {plan.trigger}" if plan.trigger else "", "dim"), state), inner))
    if not lines:
        lines.append(styled((gettext("this playbook has no emergency plans"), "dim")))
    return Panel(Group(*lines), title=gettext("emergency plans · 1-9 open one"), title_align="left",
                 subtitle=gettext("esc back"),
                 subtitle_align="right", border_style="red", box=box.ROUNDED, padding=(0, 1))


def help_panel(width: int = 80, served: bool = False) -> Panel:
    rows = [(gettext(keys), gettext(what)) for keys, what in HELP]
    column = max(cell_len(keys) for keys, _ in rows) + 2
    lines = [wrap_text(styled((keys.ljust(column - cell_len(keys) + len(keys)), "bold"), what), max(10, width - 4),
                       indent=column) for keys, what in rows]
    title = gettext("keys · any key closes this help")
    if served:  # a served run: `u` shows the links for phones again (on the title: the rows are all taken at 80×24)
        title += " · " + gettext("u: the links and QR codes for phones")
    return Panel(Group(*lines), title=title, title_align="left", box=box.ROUNDED, padding=(0, 1))


def next_line(snap: "Snapshot", compact: bool = False) -> Text:
    parts: list[tuple[str, str] | str] = [(gettext("next ▸ "), "dim")]
    parts.append((snap.next_title, "bold") if snap.next_seg else (gettext("this is the last segment"), "dim"))
    hard = snap.next_hard
    if hard is not None:
        late, style = behind_text(hard.late)
        at = "" if hard.clock_ms is None else clock_text(hard.clock_ms)[:5] + " "
        label = gettext(" · hard ") if compact else gettext("  ·  hard start ")
        parts += [(label, "dim"), f"{at}", ("" if compact else f"({hard.seg}) ", "dim"), (late, f"bold {style}")]
    return styled(*parts)


def log_banner(alarm: str) -> Text:
    """The run log cannot be written: one red line on every frame until it can."""
    return styled((f" ✗ {visible(alarm)} ", "bold reverse red"))


def key_line(ui: UiState, compact: bool = False, width: int | None = None) -> Text:
    if ui.mode == "quit":
        return styled((gettext(" Quit the run?  y = quit · any other key = carry on "), "bold reverse red"))
    if ui.notice:
        return styled((ui.notice, "bold yellow"))
    keys = tuple((gettext(keys), gettext(label)) for keys, label in KEY_LINE)
    brief = tuple((key, "" if key in SELF_EVIDENT else label) for key, label in keys)
    # a served run: `u` shows the links for phones; how many pages are open follows it
    served = short = ()
    if ui.links:
        count = ui.pages_open
        served = (("u", ngettext("links · {count} page open", "links · {count} pages open",
                                 count).format(count=count)),)
        short = (("u", ngettext("links · {count} page", "links · {count} pages", count).format(count=count)),)
    if not compact:  # the first that fits: every label, then `u` kept before the labels arrows say
        for items, gap in ((keys + served, "  "), (keys + served, " "), (brief + served, " "), (brief + short, " "),
                           (keys, " "), (brief, " ")):
            line = styled(*[part for key, label in items
                            for part in ((key, "bold"), (f" {label}{gap}" if label else " ", "dim"))])
            line.rstrip()
            if width is None or line.cell_len <= width:
                return line
    return styled(*[part for key, _ in keys + served for part in ((key, "bold"), " ")])


def comments_line(watch: "WatchView", info: ShowInfo) -> Text:
    """The 弹幕 watch on one line: the alert raised (amber at level 1, red above), else the counts in
    the window and the latest flagged comment. Marked ⚑ so that it reads without colour."""
    from livesop.runner.watch import latest_text, status_text, view_alert_text

    if watch.alert is not None:
        plans = {plan.id: plan.title for plan in info.plans}
        text = view_alert_text(watch, lambda role: _role_name(info, role), lambda plan: plans.get(plan, plan))
        return styled((f" ⚑ {visible(text)} ", "bold reverse " + (AMBER if watch.level == 1 else "red")))
    latest = latest_text(watch)
    return styled((visible(status_text(watch)), "dim"), *((("  ", ""), (visible(latest), "")) if latest else ()))
