"""The show's cue engine: the operator's operations on the state machine, and its snapshot.

Every operation takes the show time ``now`` (ms) and returns the events it caused, those that
fell due first included; ``snapshot`` answers what a display needs. What happens by itself
(cues, warnings, segment ends, hard starts) and the rules it follows are in ``runner/machine``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livesop.format.library import Library
from livesop.format.model import Emergency
from livesop.format.timefmt import SECOND_MS, seconds_to_ms
from livesop.format.timeline import Timeline
from livesop.runner import cues
from livesop.runner.events import Event
from livesop.runner.machine import Machine
from livesop.runner.snapshot import OpenEmergency, Snapshot, snapshot_of


@dataclass
class _Open:
    """An emergency plan open in the show: when it was opened and, once responded to, when."""

    plan: Emergency
    opened: int
    responded: int | None = None

    def view(self) -> OpenEmergency:
        plan = self.plan
        return OpenEmergency(plan.id, plan.title.value if plan.title else plan.id, plan.severity, self.opened,
                             self.responded, seconds_to_ms(plan.respond_within), seconds_to_ms(plan.recover_within))


class Engine(Machine):
    """The state of one show and what the operator does to it; see ``runner/machine`` for the rules."""

    def __init__(self, timeline: Timeline, library: Library | None = None,
                 start_clock_ms: int | None = None, hold_as_next: bool = False):
        super().__init__(timeline, library, start_clock_ms, hold_as_next)
        self.pause_began: int | None = None
        self.paused_total = 0
        self.acked: set[str] = set()
        self.emergencies: dict[str, _Open] = {}

    def snapshot(self, now: int) -> Snapshot:
        return snapshot_of(self, now)

    # ----------------------------------------------------------------- operations

    def start(self, now: int) -> list[Event]:
        if self.state != "ready":
            return []
        self.state = "running"
        self.running_since = now
        out = [Event("show-start", now, amount=self.total, data=(("segments", len(self.slots)),))]
        if not self.slots:
            self._finish_show(now, out)
            return out
        self._enter(0, now, "start", out)
        return out + self.tick(now)

    def pause(self, now: int) -> list[Event]:
        out = self.tick(now)
        if self.paused or self.state not in ("running", "waiting"):
            return out
        self.paused = True
        self.pause_began = self.pause_mark = now
        out.append(self._ev("pause", now))
        return out

    def resume(self, now: int) -> list[Event]:
        out = self.tick(now)
        if not self.paused or self.state not in ("running", "waiting"):
            return out
        self._unpause(now)
        length = now - (self.pause_began if self.pause_began is not None else now)
        self.paused_total += length
        out.append(self._ev("resume", now, amount=length))
        return out + self.tick(now)

    def take(self, now: int) -> list[Event]:
        out = self.tick(now)
        if self.state == "waiting":
            out.append(self._ev("take", now))
            self._begin(self.idx, now, "take", out)
        elif self.state == "running":
            out.append(self._ev("take", now))
            self._finish_segment(now, "take", out)
            self._enter(self.idx + 1, now, "take", out)
        else:
            return out
        return out + self.tick(now)

    def back(self, now: int) -> list[Event]:
        out = self.tick(now)
        if self.state not in ("running", "waiting") or self.idx == 0:
            return out
        out.append(self._ev("back", now))
        if self.state == "running":
            self._finish_segment(now, "back", out)
        target = self.idx - 1
        visit = self.visits.pop(target, None)
        if visit is None:
            self._begin(target, now, "back", out)
        else:
            self._restore(target, visit, now, "back", out)
        return out + self.tick(now)

    def adjust(self, now: int, delta_ms: int) -> list[Event]:
        """Add (``delta_ms`` > 0) or remove time on the current segment; it never goes below 0."""
        out = self.tick(now)
        if self.state != "running" or not delta_ms:
            return out
        planned = self.slots[self.idx].duration * SECOND_MS
        before = self.added.get(self.idx, 0)
        elapsed = self.elapsed(now)
        after = max(before + delta_ms, -planned, min(before, elapsed - planned))  # the end is never in the past
        if after == before:
            return out
        self.added[self.idx] = after
        waiting = {item.key for item in self.pending}
        self.items = self.cue_plan(self.idx)
        self.pending = [i for i in self.items if i.key not in self.done and (i.key in waiting or i.at >= elapsed)]
        remaining = self.duration(self.idx) - elapsed
        if remaining > self.slots[self.idx].segment.warn * SECOND_MS:
            self.warned = False
        if remaining > 0:
            self.overtimed = False
        out.append(self._ev("adjust", now, amount=after - before, data=(("added", after),)))
        return out + self.tick(now)

    def message(self, now: int, text: str) -> list[Event]:
        """A short message to the 主播's prompter: logged like any operation, it changes nothing else."""
        out = self.tick(now)
        if not text or self.state not in ("running", "waiting"):
            return out
        segment = self.slots[self.idx].segment.id if self.state == "running" else None
        out.append(Event("message", now, seg=segment, text=text, behind=self.behind(now)))
        return out

    def ack(self, now: int, key: str | None = None) -> list[Event]:
        """Acknowledge a fired cue: ``key``, or the latest fired cue not yet acknowledged."""
        out = self.tick(now)
        if key is None:
            key = next((k for k in reversed(self.fired) if k not in self.acked), None)
        if key is None or key not in self.fired or key in self.acked:
            return out
        self.acked.add(key)
        fired_t, role, index = self.fired[key]
        out.append(Event("ack", now, seg=self.slots[index].segment.id, index=index, role=role, cue=key,
                         amount=now - fired_t, behind=self.behind(now)))
        return out

    def open_emergency(self, now: int, plan_id: str) -> list[Event]:
        plan = self.playbook.emergency(plan_id)
        if plan is None:
            raise KeyError(plan_id)
        out = self.tick(now)
        if plan_id in self.emergencies or self.state in ("ready", "finished"):
            return out
        self.emergencies[plan_id] = _Open(plan, now)
        slot = self.slots[self.idx] if self.slots else None
        left = self.remaining(now) if self.live() else None
        hold = ""
        if plan.hold:
            values = cues.placeholder_values(self.playbook, slot, left)
            hold = cues.render_say(self.playbook, self.library, plan.hold, values)
        data = (("severity", plan.severity), ("respond_within", seconds_to_ms(plan.respond_within)),
                ("recover_within", seconds_to_ms(plan.recover_within)), ("owner", plan.owner), ("hold", hold or None))
        out.append(self._ev("emergency-open", now, plan=plan_id, text=plan.title.value if plan.title else plan_id,
                            data=tuple((k, v) for k, v in data if v is not None)))
        for number, step in enumerate(plan.steps, 1):
            action, text = self.cue_text(slot, step, left) if slot else ("do", "")
            out.append(self._ev("emergency-step", now, plan=plan_id, role=step.role, action=action, text=text,
                                cue=f"{plan_id}:{number}"))
        return out

    def respond_emergency(self, now: int, plan_id: str | None = None) -> list[Event]:
        out = self.tick(now)
        candidates = [o for o in self.emergencies.values() if o.responded is None]
        found = self._pick_open(candidates, plan_id)
        if found is None:
            return out
        found.responded = now
        target = seconds_to_ms(found.plan.respond_within)
        out.append(self._ev("emergency-respond", now, plan=found.plan.id, amount=now - found.opened,
                            data=(("target", target),) if target is not None else ()))
        return out

    def close_emergency(self, now: int, plan_id: str | None = None) -> list[Event]:
        out = self.tick(now)
        found = self._pick_open(list(self.emergencies.values()), plan_id)
        if found is None:
            return out
        del self.emergencies[found.plan.id]
        target = seconds_to_ms(found.plan.recover_within)
        out.append(self._ev("emergency-close", now, plan=found.plan.id, amount=now - found.opened,
                            data=(("target", target),) if target is not None else ()))
        return out

    def stop(self, now: int) -> list[Event]:
        """The operator ends the run before the show's end (Ctrl-C, quit)."""
        out = self.tick(now)
        if self.state in ("finished", "stopped", "ready"):
            return out
        self._before_stop = self.state
        self.state = "stopped"
        out.append(self._ev("show-stop", now))
        return out

    def interrupted(self, since: int, now: int, **data: Any) -> list[Event]:
        """Continue after the run was cut off at ``since``: the gap counts as a pause."""
        out: list[Event] = []
        if self.state == "stopped":
            self.state = self._before_stop
        if self.state not in ("running", "waiting"):
            return out
        gap = max(0, now - since)
        if not self.paused:
            if self.state == "running":
                self.seg_paused += gap
            self.running_since = now
        out.append(self._ev("interrupted", now, amount=gap, data=tuple(sorted(data.items()))))
        return out + self.tick(now)

    def _unpause(self, now: int) -> None:
        if self.state == "running" and self.pause_mark is not None:
            self.seg_paused += now - self.pause_mark
        self.paused = False
        self.pause_mark = None
        self.running_since = now

    def _pick_open(self, candidates: list[_Open], plan_id: str | None) -> _Open | None:
        if plan_id is not None:
            return next((o for o in candidates if o.plan.id == plan_id), None)
        return max(candidates, key=lambda o: o.opened, default=None)
