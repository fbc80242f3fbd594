"""The engine's events: every kind of thing a run records, and the operator's operations among them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

# kind: what it records. Operations (the operator's acts) are replayed from a log to resume a run.
KINDS: dict[str, str] = {
    "show-start": "the show went live",
    "segment-start": "a segment began (reason: start, next, take, back, hard-start, auto-hold)",
    "hard-wait": "the show reached a hard-start segment early and waits for its clock time",
    "cue": "a cue fired",
    "cue-skipped": "a cue never fired: its segment ended or was skipped first",
    "segment-warn": "the segment's `warn` time before its end was reached",
    "overtime": "a `hold` segment's time is up; it counts into overtime until taken",
    "segment-end": "a segment ended",
    "segment-skipped": "a segment was skipped by a hard start",
    "show-end": "the last segment ended",
    "emergency-step": "a step of an emergency plan that was opened",
    "pause": "operator: pause",
    "resume": "operator: resume",
    "take": "operator: take the next segment",
    "back": "operator: go back to the previous segment",
    "adjust": "operator: add (or remove) time on the current segment",
    "ack": "operator: acknowledge a cue",
    "emergency-open": "operator: open an emergency plan",
    "emergency-respond": "operator: the emergency is being handled (response time)",
    "emergency-close": "operator: the emergency is over (recovery time)",
    "show-stop": "operator: the run was stopped before the end",
    "message": "operator: a short message to the 主播's prompter (from the control view)",
    "interrupted": "the run was resumed from its log; the gap counts as a pause",
    "comment": "the 弹幕 watch: a live comment with negative feedback or a diversion attempt (`--comments`)",
    "comment-alert": "the 弹幕 watch: negative comments in the window reached an alert level",
    "comment-clear": "the 弹幕 watch: the alert fell to a lower level, or cleared",
    "comments": "the 弹幕 watch: what was read in a segment (comments, negative, diversion, malformed lines)",
}
OPERATIONS = ("show-start", "pause", "resume", "take", "back", "adjust", "ack", "message", "emergency-open",
              "emergency-respond", "emergency-close", "show-stop", "interrupted")
# Events that do not come from the engine (the 弹幕 watch, ``runner/watch``): logged and reported,
# never replayed; ``--resume`` rebuilds the show's state without them.
WATCH_KINDS = ("comment", "comment-alert", "comment-clear", "comments")


@dataclass(frozen=True)
class Event:
    """One thing that happened, at show time ``t`` (ms). Unused fields stay None."""

    kind: str
    t: int
    seg: str | None = None  # segment id
    index: int | None = None  # slot index in the run of show
    role: str | None = None
    cue: str | None = None  # cue key ``<segment>:<n>`` (``#<k>`` for the k-th firing of an `every` cue)
    action: str | None = None  # "say" or "do"
    text: str | None = None  # the rendered 话术, action, title or plan title
    planned: int | None = None  # planned show time (a cue's due time, a segment's planned start)
    over: int | None = None  # a finished segment's actual minus planned duration (ms)
    behind: int | None = None  # the whole show against the plan at this moment (+ late, - early)
    amount: int | None = None  # ms: pause length, time added, hard start lateness, response time...
    plan: str | None = None  # emergency plan id
    reason: str | None = None
    data: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "data":
                out.update(value)
            elif value is not None:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Event":
        names = {f.name for f in fields(cls)} - {"data"}
        known = {k: v for k, v in record.items() if k in names}
        extra = tuple((k, v) for k, v in record.items() if k not in names and k not in _RECORD_KEYS)
        return cls(**known, data=extra)

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.data).get(name, default)


_RECORD_KEYS = {"type", "seq", "wall", "wall_ms", "prev"}  # run-log fields around an event
