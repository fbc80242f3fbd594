"""What a run-log record may hold: each field's type and range, checked as the log is read back.

``report`` and ``run --resume`` read logs that may have been damaged or made by hand. A number
no run could have written (a ``seq`` of 10**400, a negative show time, a speed of 0) or a text
where a number belongs is refused here, with the field and what was expected, instead of being
met later as a crash. ``problem(record)`` is "" for a record livesop could have written, else what is
wrong in the reader's language (the checks run as the log is read, after the language is chosen).
"""

from __future__ import annotations

from typing import Any, Callable

from livesop.format.timefmt import DAY_MS
from livesop.i18n import N_, _
from livesop.runner.events import KINDS

SHOW_MS = 7 * DAY_MS  # show time and durations: a show lasts hours, a week is far beyond any
WALL_MS = 253_402_300_799_999  # 9999-12-31 23:59:59.999 UTC, the last moment a date can show
COUNT = 10**9
SPEED = (0.01, 100_000)  # as `run --speed` takes it

Check = Callable[[Any], str]  # "" when the value is fine, else what was expected


def _whole(low: int, high: int) -> Check:
    def check(value: Any) -> str:
        if type(value) is int and low <= value <= high:
            return ""
        return _("a whole number from {low} to {high}").format(low=low, high=high)
    return check


def _optional(check: Check) -> Check:
    return lambda value: "" if value is None else check(value)


def _text(value: Any) -> str:
    return "" if isinstance(value, str) else _("a text")


def _speed(value: Any) -> str:
    fine = type(value) in (int, float) and SPEED[0] <= value <= SPEED[1]
    return "" if fine else _("a number from {low} to {high}").format(low=f"{SPEED[0]:g}", high=f"{SPEED[1]:g}")


def _kind(value: Any) -> str:
    return "" if value in KINDS else _("one of the event kinds livesop writes")


def _texts(value: Any) -> str:
    return "" if isinstance(value, list) and all(isinstance(v, str) for v in value) else _("a list of texts")


def _scalar(value: Any) -> str:
    return "" if value is None or isinstance(value, (str, bool, int, float)) else _("a single value")


def _mapping(key: Check, value: Check, what: str) -> Check:
    """A JSON object of ``key: value`` pairs; ``what`` (marked for the catalogue) names it."""
    def check(data: Any) -> str:
        if not isinstance(data, dict) or any(key(k) or value(v) for k, v in data.items()):
            return _(what)
        return ""
    return check


def _record(fields: dict[str, Check], what: str) -> Check:
    """A JSON object whose listed fields, when present, pass their checks; ``what`` (marked) names it."""
    def check(data: Any) -> str:
        if not isinstance(data, dict) or any(fields[k](v) for k, v in data.items() if k in fields):
            return _(what)
        return ""
    return check


SHOW = _whole(0, SHOW_MS)
SIGNED = _whole(-SHOW_MS, SHOW_MS)
DAY = _optional(_whole(0, DAY_MS))
WALL = _whole(0, WALL_MS)
NUMBER = _whole(0, COUNT)

_SEGMENT = _record({"id": _text, "title": _text, "start": SHOW, "duration": SHOW, "end": _text,
                    "hard": _optional(_text), "cues": _mapping(_text, NUMBER, N_("counts"))}, N_("segment"))
_EMERGENCY = _record({"title": _text, "severity": _optional(_text), "respond_within": _optional(SHOW),
                      "recover_within": _optional(SHOW)}, N_("plan"))
_PLAN = _record({"total": SHOW,
                 "segments": lambda v: "" if isinstance(v, list) and not any(_SEGMENT(s) for s in v) else _("list"),
                 "roles": _mapping(_text, _text, N_("names")),
                 "emergencies": _mapping(_text, _EMERGENCY, N_("plans"))},
                N_("the planned run of show as livesop writes it"))

COMMON: dict[str, Check] = {"seq": NUMBER, "type": _text, "prev": _text, "wall": _text, "wall_ms": WALL}
FIELDS: dict[str, dict[str, Check]] = {
    "header": {**dict.fromkeys(("format", "playbook", "title", "version", "file", "sha256", "start_wall", "clock",
                                "hold", "livesop"), _text),
               "start_wall_ms": WALL, "start_clock_ms": DAY, "planned_start_ms": DAY, "speed": _speed,
               "roles": _texts, "plan": _PLAN},
    "event": {**dict.fromkeys(("seg", "role", "cue", "action", "text", "plan", "reason", "severity", "owner", "hold",
                               "device", "category", "terms"),
                              _optional(_text)),
              "kind": _kind, "t": SHOW, "index": _optional(NUMBER), "segments": NUMBER, "dropped_bytes": NUMBER,
              **dict.fromkeys(("level", "was", "count", "read", "negative", "diversion", "malformed"), NUMBER),
              "window": SHOW,
              **dict.fromkeys(("planned", "over", "behind", "amount", "added", "duration", "elapsed",
                               "respond_within", "recover_within", "target"), _optional(SIGNED))},
    "close": {"t": SHOW, "reason": _text},
    "log-fault": {"since_wall_ms": WALL, "lines": NUMBER, "reason": _text},
}
REQUIRED = {"event": ("kind", "t"), "log-fault": ("since_wall_ms", "lines")}


def problem(record: dict[str, Any]) -> str:
    """What is wrong with one record ("" when livesop could have written it)."""
    kind = record.get("type")
    fields = FIELDS.get(kind) if isinstance(kind, str) else None
    if fields is None:
        return _("record type {type} is not one livesop writes").format(type=brief(kind))
    for name in REQUIRED.get(kind, ()):
        if name not in record:
            return _("the {type} has no `{name}`").format(type=kind, name=name)
    for name, value in record.items():
        check = fields.get(name) or COMMON.get(name) or (_scalar if kind == "event" else None)
        wrong = check(value) if check else ""
        if wrong:
            return _("`{name}` is {value}, expected {expected}").format(name=name, value=brief(value), expected=wrong)
    return ""


def brief(value: Any, room: int = 40) -> str:
    """A value as it appears in a message: short, whatever its size."""
    if type(value) is int and abs(value) >= 10**room:
        return _("a number of about {count} digits").format(count=int(abs(value).bit_length() * 0.30103) + 1)
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= room else _("{text}… ({count} characters)").format(text=text[:room], count=len(text))
