"""Cells as exports write them: numbers (``1,299.00``, ``1.2万``, ``12.5%``, ``-``) and times
(``20:15``, ``2025-11-25 20:15``, ``2025/11/25 20:15:03``, ISO 8601 with a zone, epoch seconds or
milliseconds), and the time zone the clock times are in (``--tz``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from livesop.errors import UsageError
from livesop.format.timefmt import DAY_MS
from livesop.i18n import _

BLANK = frozenset({"", "-", "--", "—", "——", "–", "/", "n/a", "na", "null", "none", "nan", "暂无", "无"})
_NUMBER = re.compile(r"^([+-]?)(?:¥|rmb|cny)?(\d+(?:,\d{3})*(?:\.\d*)?|\d*\.\d+)(万|w|亿|千|k|元|%)?$")
_SCALE = {"万": 1e4, "w": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "元": 1, None: 1}
_TIME = re.compile(r"^(?:(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ t]+|$))?"
                   r"(?:(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:\.\d+)?秒?)?)?\s*(z|[+-]\d{2}:?\d{2})?$")
_PLAIN = re.compile(r"^(?:(\d{4})-(\d\d)-(\d\d)[ T])?(\d\d):(\d\d)(?::(\d\d))?$")  # the common forms, read fast
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class Unreadable(ValueError):
    """A cell that holds something, but not a number or a time."""


def number(value) -> float | None:
    """A cell's number; None for an empty cell or a dash. ``1.2万`` is 12000, ``12.5%`` is 0.125,
    ``1,299.00`` is 1299. Anything else raises ``Unreadable``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return None
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().lower().replace(" ", "")
    if text in BLANK:
        return None
    match = _NUMBER.match(text)
    if not match:
        raise Unreadable(text)
    sign, digits, unit = match.groups()
    amount = float(digits.replace(",", "")) * (0.01 if unit == "%" else _SCALE[unit])
    return -amount if sign == "-" else amount


class Stamp(NamedTuple):
    """A moment as written: a clock time (ms after midnight) and, when given, its date; ``utc_ms``
    when the text fixed the moment itself (an epoch number, or an ISO time with its zone)."""

    clock_ms: int
    day: int | None = None  # the date's ordinal (``date.toordinal()``)
    utc_ms: int | None = None

    @property
    def date(self) -> dt.date | None:
        return None if self.day is None else dt.date.fromordinal(self.day)


def stamp(value) -> Stamp | None:
    """A cell's moment; None when empty. Raises ``Unreadable`` for anything that is not a time."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        clock = ((value.hour * 60 + value.minute) * 60 + value.second) * 1000 + value.microsecond // 1000
        if value.tzinfo is not None:
            return Stamp(clock, value.toordinal(), int(value.timestamp() * 1000))
        return Stamp(clock, value.toordinal())
    if isinstance(value, dt.time):
        return Stamp(((value.hour * 60 + value.minute) * 60 + value.second) * 1000)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch(float(value), str(value))
    text = str(value).strip()
    if not text:
        return None
    plain = _PLAIN.match(text)
    if plain:
        year, month, day, hours, minutes, seconds = plain.groups()
        if int(hours) < 24 and int(minutes) < 60 and int(seconds or 0) < 60:
            clock = ((int(hours) * 60 + int(minutes)) * 60 + int(seconds or 0)) * 1000
            if year is None:
                return Stamp(clock)
            ordinal = _ordinal(year, month, day)
            if ordinal is None:
                raise Unreadable(text)
            return Stamp(clock, ordinal)
    if _EPOCH.match(text):
        return _epoch(float(text), text)
    match = _TIME.match(unicodedata.normalize("NFKC", text).lower())
    if not match or match.group(4) is None:
        raise Unreadable(text)
    year, month, day, hours, minutes, seconds, zone = match.groups()
    hours, minutes, seconds = int(hours), int(minutes), int(seconds or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise Unreadable(text)
    clock = ((hours * 60 + minutes) * 60 + seconds) * 1000
    if year is None:
        if zone is not None:
            raise Unreadable(text)
        return Stamp(clock)
    try:
        ordinal = dt.date(int(year), int(month), int(day)).toordinal()
    except ValueError:
        raise Unreadable(text) from None
    if zone is None:
        return Stamp(clock, ordinal)
    offset = 0 if zone == "z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[-2:])) * 60_000
    return Stamp(clock, ordinal, (ordinal - EPOCH_ORDINAL) * DAY_MS + clock - offset)


def stamps(cells) -> list:
    """``stamp`` of each cell, or the ``Unreadable`` it raised; times written to the second
    (``2025-11-25 20:15:03``) are read once per minute, which makes 100,000 comments cheap."""
    minutes: dict = {}
    out: list = []
    for cell in cells:
        if type(cell) is str and len(cell) == 19 and cell[16] == ":" and cell[17:].isdigit() and cell[17] < "6":
            base = minutes.get(cell[:16])
            if base is None:
                try:
                    base = minutes[cell[:16]] = stamp(cell[:16])
                except Unreadable as exc:
                    base = minutes[cell[:16]] = exc
            if isinstance(base, Stamp):
                out.append(Stamp(base.clock_ms + int(cell[17:]) * 1000, base.day, base.utc_ms))
                continue
        try:
            out.append(stamp(cell))
        except Unreadable as exc:
            out.append(exc)
    return out


@lru_cache(maxsize=4096)
def _ordinal(year: str, month: str, day: str) -> int | None:
    try:
        return dt.date(int(year), int(month), int(day)).toordinal()
    except ValueError:
        return None


def _epoch(seconds: float, text: str) -> Stamp:
    if seconds >= 1e12:  # milliseconds
        seconds /= 1000
    if not 1e9 <= seconds < 1e10:  # 2001–2286: anything else is not a moment an export writes
        raise Unreadable(text)
    utc_ms = int(round(seconds * 1000))
    return Stamp(utc_ms % DAY_MS, EPOCH_ORDINAL + utc_ms // DAY_MS, utc_ms)


# ------------------------------------------------------------------------------- time zones

_OFFSET = re.compile(r"^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$")


def zone(name: str | None) -> dt.tzinfo:
    """The time zone ``--tz`` names: ``local`` (the default), an IANA name (``Asia/Shanghai``),
    ``UTC``, or an offset (``+08:00``, ``UTC+8``)."""
    if name is None or name.strip().lower() in ("", "local"):
        return dt.datetime.now().astimezone().tzinfo
    text = name.strip()
    if text.lower() in ("utc", "gmt", "z"):
        return dt.timezone.utc
    match = _OFFSET.match(text.lower())
    if match:
        sign, hours, minutes = match.groups()
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta <= dt.timedelta(hours=14):
            return dt.timezone(delta if sign == "+" else -delta)
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(text)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise UsageError(_("--tz {name}: not a time zone").format(name=repr(name)),
                         _("name one as Asia/Shanghai, UTC or +08:00 (exports of 抖音 are in Beijing time, "
                           "Asia/Shanghai)")) from None


def zone_name(tz: dt.tzinfo) -> str:
    return getattr(tz, "key", None) or dt.datetime.now(tz).strftime("UTC%z")
