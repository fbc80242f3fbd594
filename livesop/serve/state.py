"""What the web views draw: the engine's snapshot as plain JSON data, and the run's fixed details.

``view_state`` is a pure function of the engine at show time ``now``. Times are integer ms of show
time; a page counts down by itself from ``t`` (the show time the state was taken at) with the
clock offset it measured, so the state changes once a second only in the few figures that move.
Texts from the playbook pass through ``controls.visible`` (control characters as escapes); the pages
put them in with ``textContent``, never as HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livesop.controls import visible
from livesop.runner import cues
from livesop.runner.viewstate import ShowInfo, show_info

if TYPE_CHECKING:
    from livesop.runner.engine import Engine


def static_info(engine: "Engine", speed: float) -> dict[str, Any]:
    """What does not change during the run: title, roles, emergency plans, segment count, speed."""
    info = show_info(engine)
    return {
        "title": info.title,
        "roles": info.role_names,
        "plans": [{"id": p.id, "title": p.title, "severity": p.severity, "trigger": p.trigger, "owner": p.owner}
                  for p in info.plans],
        "segments": info.segments,
        "speed": speed,
    }


def view_state(engine: "Engine", now: int, info: ShowInfo) -> dict[str, Any]:
    """Everything a view draws at show time ``now``, as JSON-ready data (see docs/serve.md)."""
    snap = engine.snapshot(now)
    hard = snap.next_hard
    product = info.products[snap.index] if engine.slots else None
    return {
        "t": snap.t, "state": snap.state, "paused": snap.paused, "clock": snap.clock_ms,
        "index": snap.index, "seg": snap.seg, "title": visible(snap.title), "end": snap.end,
        "planned": snap.planned, "added": snap.added, "elapsed": snap.elapsed, "remaining": snap.remaining,
        "warn": snap.warn, "overtime": snap.overtime, "behind": snap.behind, "waiting": snap.waiting,
        "total": snap.total, "projected_end": snap.projected_end,
        "product": None if product is None else {
            "name": product.name, "link": product.link, "price": product.live_price,
            "list_price": product.list_price, "stock": product.stock, "mechanism": product.mechanism},
        "cues": [{"key": c.key, "role": c.role, "action": c.action, "text": visible(c.text), "at": c.at,
                  "status": c.status} for c in snap.cues],
        # the 话术 being said, its {countdown} the time left now: apart from the cues, which then change rarely
        "said": next(({"key": c.key, "text": visible(c.live)} for c in snap.cues if c.live is not None), None),
        "next": None if snap.next_seg is None else {"seg": snap.next_seg, "title": visible(snap.next_title)},
        "hard": None if hard is None else {"seg": hard.seg, "title": visible(engine.title(hard.index)),
                                           "clock": hard.clock_ms, "target": hard.target,
                                           "projected": hard.projected, "late": hard.late},
        "emergencies": [_emergency(engine, now, e) for e in snap.emergencies],
    }


def _emergency(engine: "Engine", now: int, open_) -> dict[str, Any]:
    """An open plan with its hold line and steps, rendered as the engine rendered them when it opened."""
    plan = engine.playbook.emergency(open_.id)
    slot = engine.slots[engine.idx] if engine.slots else None
    left = engine.remaining(now) if engine.live() else None
    hold = ""
    if plan is not None and plan.hold:
        hold = cues.render_say(engine.playbook, engine.library, plan.hold,
                               cues.placeholder_values(engine.playbook, slot, left))
    steps = []
    for step in plan.steps if plan is not None and slot is not None else ():
        action, text = engine.cue_text(slot, step, left)
        steps.append({"role": step.role, "action": action, "text": visible(text)})
    return {"id": open_.id, "title": visible(open_.title), "severity": open_.severity and visible(open_.severity),
            "opened": open_.opened, "responded": open_.responded, "respond_within": open_.respond_within,
            "recover_within": open_.recover_within, "hold": visible(hold), "steps": steps}
