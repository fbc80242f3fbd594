"""What the full-screen view shows besides the snapshot: the show's fixed details and the view's own state.

Every text from the playbook or the run (titles, role names, 话术, emergency steps) passes
through ``controls.visible`` here, on its way into the view: an ESC, a CSI or an OSC 52
clipboard write in a playbook is drawn as ``\\x1b`` text, never sent to the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from livesop.controls import visible

if TYPE_CHECKING:
    from livesop.runner.engine import Engine
    from livesop.runner.snapshot import Snapshot
    from livesop.runner.watch import WatchView


@dataclass(frozen=True)
class ProductLine:
    """A segment's product as the view shows it: name, link, prices, stock and mechanism."""

    name: str
    link: int | None
    live_price: float | None
    list_price: float | None
    stock: int | None
    mechanism: str


@dataclass(frozen=True)
class PlanInfo:
    """An emergency plan in the view's plan list, with its steps as shown before it is opened."""

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


@dataclass(frozen=True)
class ViewLink:
    """A served run's link for phones (``--serve``): its label, its URL and its QR code as terminal lines."""

    label: str
    url: str
    code: tuple[str, ...] = ()


@dataclass
class UiState:
    """The view's own state, changed by keys: nothing here changes the show."""

    roles: tuple[str, ...] = ()  # () = all roles
    mode: str = "normal"  # normal, plans, help, quit, links
    notice: str = ""
    log_alarm: str = ""  # while the run log cannot be written: a banner on every frame
    details: dict[str, EmergencyDetail] = field(default_factory=dict)
    links: tuple[ViewLink, ...] = ()  # a served run's links for phones (`u` shows them); () when not served
    page: int = 0  # the page of links and QR codes shown
    pages_open: int = 0  # a served run: how many pages (phones, tablets) are connected now
    comments: "WatchView | None" = None  # the 弹幕 watch at the last frame (runner/watch); None without one


def _text(value) -> str:
    """A playbook text as the view shows it: control characters written as escapes, never sent."""
    return visible(value.value if value is not None and hasattr(value, "value") else (value or ""))


def show_info(engine: "Engine") -> ShowInfo:
    pb = engine.playbook
    products = tuple(None if slot.product is None else ProductLine(
        _text(slot.product.name) or slot.product.id or "", slot.product.link, slot.product.live_price,
        slot.product.list_price, slot.product.stock, _text(slot.product.mechanism)) for slot in engine.slots)
    first = engine.slots[0] if engine.slots else None
    plans = tuple(PlanInfo(p.id or "", _text(p.title) or p.id or "", _text(p.severity), _text(p.trigger), p.owner or "",
                           EmergencyDetail(steps=tuple(_step(s.role, *engine.cue_text(first, s)) for s in p.steps)
                                           if first else ()))
                  for p in pb.emergencies)
    return ShowInfo(_text(pb.title) or pb.id or "", {rid: _text(r.name) or rid for rid, r in pb.roles.items()},
                    products, plans, len(engine.slots))


def _step(role: str | None, action: str | None, text: str | None) -> tuple[str, str, str]:
    return role or "", action or "do", _text(text)


def note_events(ui: UiState, events) -> None:
    """Keep what the engine rendered for an opened emergency plan: its hold line and steps."""
    for event in events:
        if event.kind == "emergency-open" and event.plan:
            ui.details[event.plan] = EmergencyDetail(hold=_text(event.get("hold")))
        elif event.kind == "emergency-step" and event.plan:
            detail = ui.details.get(event.plan, EmergencyDetail())
            step = _step(event.role, event.action, event.text)
            ui.details[event.plan] = EmergencyDetail(detail.hold, detail.steps + (step,))


def shown(snap: "Snapshot") -> "Snapshot":
    """``snap`` with every text the frame draws made visible (control characters as escapes)."""
    return replace(snap, title=_text(snap.title), next_title=_text(snap.next_title),
                   cues=tuple(replace(c, text=_text(c.text), live=c.live and _text(c.live)) for c in snap.cues),
                   emergencies=tuple(replace(e, title=_text(e.title), severity=e.severity and _text(e.severity))
                                     for e in snap.emergencies))
