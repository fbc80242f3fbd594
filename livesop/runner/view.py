"""The full-screen view of a running show: an engine snapshot and a screen size in, a renderable out.

Pure: no clock, no keys, no I/O. ``render(snapshot, info, ui, width, height)`` draws one frame:
a header (wall clock, show elapsed and left, how late or early), the current segment (title,
product, a big countdown that turns amber at ``warn`` and red and negative in overtime), its
cues for the selected roles (done ✓ / now ▶ / next → with a countdown), a prompter with the
rendered 话术 of the current and next ``say`` cue (or an emergency's hold line), an open
emergency's steps and timers, the next segment and hard start, and a key line. Texts wrap to
the width their panel has (``linebreak``) instead of being cut; while an emergency or the plan
list is shown, the segment panel narrows so that the steps get the room. Screens under
80×24 get a compact layout; under 40×12 a message. Every state also has a text mark (⚠, ⏱, ‖)
so it reads without colour (NO_COLOR). While the run log cannot be written, a red banner under
the header says so on every frame. ``next_change`` says when the frame would next differ.
The pieces are drawn in ``runner/panels``; here they are laid out for the screen's size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.layout import Layout
from rich.panel import Panel
from rich.text import Text

from livesop.format.timefmt import SECOND_MS, mmss_ms
from livesop.i18n import _
from livesop.runner.keymap import HELP
from livesop.runner.linebreak import wrap_text
from livesop.runner.links import frame as links_frame
from livesop.runner.panels import (
    AMBER,
    TIMER_STYLES,
    big_countdown,
    comments_line,
    countdown_ms,
    countdown_text,
    cue_line,
    cue_panel,
    emergency_panel,
    header,
    help_panel,
    key_line,
    log_banner,
    next_line,
    plan_line,
    plans_panel,
    product_text,
    prompter_body,
    prompter_panel,
    shown_cues,
    status_line,
    styled,
    timer_state
)
from livesop.runner.viewstate import ShowInfo, UiState, shown

if TYPE_CHECKING:
    from livesop.runner.snapshot import Snapshot

MIN_SIZE = (40, 12)  # below this nothing useful fits
FULL_SIZE = (80, 24)  # below this the compact layout
EMERGENCY_LEFT = (50, 30)  # the segment's width while an emergency or the plan list is shown: large digits, or small


def next_change(snap: "Snapshot") -> int:
    """Show time (ms) at which the frame next shows different numbers, nothing else happening."""
    if snap.state == "running" and not snap.paused:
        return snap.t + (snap.remaining - 1) % SECOND_MS + 1
    if snap.state == "waiting" and not snap.paused and snap.waiting > 0:
        return snap.t + (snap.waiting - 1) % SECOND_MS + 1
    phase = snap.clock_ms if snap.clock_ms is not None else snap.t
    return snap.t + SECOND_MS - phase % SECOND_MS


# ----------------------------------------------------------------- layouts


def render(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int, height: int) -> RenderableType:
    """One frame for a ``width`` × ``height`` screen."""
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        return too_small(width, height)
    snap = shown(snap)
    if ui.mode == "links" and ui.links:  # a served run's links and QR codes (`u`)
        return links_frame(snap, info, ui, width, height)
    if width < FULL_SIZE[0] or height < FULL_SIZE[1]:
        return compact(snap, info, ui, width, height)
    return full(snap, info, ui, width, height)


def too_small(width: int, height: int) -> Text:
    return Text(_("window {width}×{height} is too small: livesop needs {min_width}×{min_height}\n"
                  "(enlarge it, or run with --plain)").format(width=width, height=height, min_width=MIN_SIZE[0],
                                                              min_height=MIN_SIZE[1]),
                justify="center", style="bold")


def _segment_panel(snap: "Snapshot", info: ShowInfo, width: int, height: int) -> Panel:
    inner_w, inner_h = width - 4, height - 2
    digits_h = inner_h - 5  # title, product, plan line, status, one blank
    count = f"{snap.index + 1}/{info.segments} " if snap.seg else ""
    product = info.products[snap.index] if snap.seg and snap.index < len(info.products) else None
    big = big_countdown(snap, inner_w, digits_h)
    used = big.plain.count("\n") + 1
    spare = max(0, digits_h - used)  # rows the digits leave: long titles and products wrap into them
    title = wrap_text(styled((snap.title, "bold")), inner_w, rows=1 + spare)
    spare -= title.plain.count("\n")
    goods = wrap_text(product_text(product), inner_w, rows=1 + spare)
    pad = spare - goods.plain.count("\n")
    parts = [title, goods, Text("\n" * (pad // 2 + 1), end=""), big,
             Text("\n" * ((pad + 1) // 2), end=""), status_line(snap, info), plan_line(snap)]
    border = {"warn": AMBER, "over": "red"}.get(timer_state(snap), "")
    return Panel(Group(*parts), title=f"{count}{snap.seg or ''}", title_align="left", box=box.ROUNDED,
                 border_style=border, padding=(0, 1))


def full(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int, height: int) -> Layout:
    banner = [Layout(log_banner(ui.log_alarm), size=1)] if ui.log_alarm else []
    if ui.comments is not None:  # the 弹幕 watch (`--comments`): its counts, or the alert raised
        banner.append(Layout(comments_line(ui.comments, info), size=1))
    available = height - 3 - len(banner)
    body_h = min(available - 5, max(13, round(available * 0.6)))
    left_w = 74 if width - 74 >= 44 else max(44, width // 2)
    if ui.mode == "plans" or snap.emergencies:  # the plans and steps need the room more than huge digits do
        left_w = EMERGENCY_LEFT[0] if width - EMERGENCY_LEFT[0] >= 60 else EMERGENCY_LEFT[1]
    root = Layout()
    body = Layout(name="body", size=body_h)
    root.split_column(Layout(header(snap, info, width), size=1), *banner, body,
                      Layout(prompter_panel(snap, info, ui, width), name="prompter"),
                      Layout(next_line(snap), size=1), Layout(key_line(ui, width=width), size=1))
    if ui.mode == "help":
        body.update(help_panel(width, served=bool(ui.links)))
        return root
    right_w = width - left_w
    if ui.mode == "plans":
        right = plans_panel(snap, info, right_w)
    elif snap.emergencies:
        right = emergency_panel(snap, info, ui, right_w, body_h)
    else:
        right = cue_panel(snap, info, ui.roles, body_h, right_w)
    body.split_row(Layout(_segment_panel(snap, info, left_w, body_h), size=left_w), Layout(right))
    return root


def compact(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int, height: int) -> Layout:
    """Under 80×24: the countdown, the next cue and the prompter, one line each for the rest."""
    count = f"{snap.index + 1}/{info.segments} " if snap.seg else ""
    rows: list[tuple[RenderableType, int | None]] = [(header(snap, info, width, compact=True), 1)]
    if ui.log_alarm:
        rows.append((log_banner(ui.log_alarm), 1))
    if ui.comments is not None and ui.comments.alert is not None:
        rows.append((comments_line(ui.comments, info), 1))
    rows.append((styled((f"{count}{snap.title}", "bold")), 1))
    product = info.products[snap.index] if snap.seg and snap.index < len(info.products) else None
    if height >= 16 and product is not None:
        rows.append((product_text(product), 1))
    big = big_countdown(snap, width, 3, ("small",)) if height >= 14 else None
    if big is not None and "\n" in big.plain:
        rows.append((big, 3))
    else:
        value = countdown_text(countdown_ms(snap), snap.overtime) if snap.state in ("running", "waiting") else "--:--"
        rows.append((styled((value, TIMER_STYLES[timer_state(snap)][0])), 1))
    rows.append((status_line(snap, info), 1))
    if ui.mode == "help":
        rows.append((Group(*[styled((f"{_(keys)} ", "bold"), _(what)) for keys, what in HELP],
                           *([styled(("u ", "bold"), _("the links and QR codes for phones"))] if ui.links else [])),
                     None))
    elif ui.mode == "plans":
        rows.append((plans_panel(snap, info, width + 4).renderable, None))
    else:
        if snap.emergencies:
            e = snap.emergencies[-1]
            spent = snap.t - e.opened
            target = e.recover_within
            late = target is not None and spent > target
            rows.append((styled((f"!! {e.severity or ''} {e.title} ", "bold red"),
                                (mmss_ms(spent), "bold red" if late else "bold"),
                                f" / {mmss_ms(target)}" if target is not None else "",
                                ("  " + _("h · x close"), "dim")), 1))
        else:
            upcoming = [(s, c) for s, c in shown_cues(snap, ui.roles) if s in ("now", "next")]
            rows.append((cue_line(snap, info, *upcoming[-1]) if upcoming else styled((_("no cues ahead"), "dim")), 1))
        body, title, border = prompter_body(snap, info, ui, width)
        rows.append((Group(styled((f"─ {title} ", border)), body), None))
    rows += [(next_line(snap, compact=True), 1), (key_line(ui, compact=True), 1)]
    root = Layout()
    root.split_column(*[Layout(r, size=size) if size else Layout(r) for r, size in rows])
    return root
