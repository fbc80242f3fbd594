"""Durations and clock times, parsed and formatted: format 1's in whole seconds, the runner's in ms (``_ms``).

``format_*`` write the playbook's own notation (``1h30m``, ``20:00``), the same in every language;
``human_*`` write durations, clock times and dates for a person, in the language in force
(``1h 25m`` / ``1小时25分``, ``Wed 2 Dec`` / ``12月2日 周三``).
"""

from __future__ import annotations

import datetime as _dt

from livesop import regexes
from livesop.i18n import _, pgettext

_UNITS = regexes.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?!s))?\s*(?:(\d+)\s*s)?$")
_COLON = regexes.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")
_CLOCK = regexes.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")

DAY = 24 * 3600
SECOND_MS = 1000
DAY_MS = DAY * SECOND_MS
ON_TIME_MS = SECOND_MS  # closer to the plan than this counts as on time
BEYOND = 10 ** 18  # what a run of more than 18 digits reads as: past every bound, never a ValueError


def parse_duration(text: str) -> int | None:
    """Seconds for ``90s``, ``10m``, ``1h30m``, ``1h 30m``, ``2:30`` (m:ss), ``1:02:30``; else None.

    Any length is read: a number of more than 18 digits counts as ``BEYOND`` (Python refuses to
    convert over 4,300), which the caller's bounds (``format.spec.BOUNDS``) refuse as too long."""
    text = text.strip()
    if not text:
        return None
    match = _UNITS.match(text)
    if match and any(match.groups()):
        hours, minutes, seconds = (read_whole(g) if g else 0 for g in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    match = _COLON.match(text)
    if match:
        first, second, third = match.groups()
        if third is None:
            return read_whole(first) * 60 + int(second)
        if int(second) > 59:
            return None
        return read_whole(first) * 3600 + int(second) * 60 + int(third)
    return None


def read_whole(digits: str) -> int:
    """The number a run of digits writes; over 18 digits (past every bound) ``BEYOND``, never a ValueError."""
    digits = digits.lstrip("0")
    return int(digits or "0") if len(digits) <= 18 else BEYOND


def parse_clock(text: str) -> int | None:
    """Seconds after midnight for ``HH:MM`` or ``HH:MM:SS`` (24 h); else None."""
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds or 0)


def format_duration(seconds: int) -> str:
    """The shortest unit form: ``1h30m``, ``10m``, ``45s``, ``0s``; negative values get a ``-``."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs}s")
    return sign + "".join(parts)


def format_clock(seconds: int, with_seconds: bool = False) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) for seconds after midnight; a later day gets ``+1`` etc."""
    day, rest = divmod(int(seconds), DAY)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if with_seconds or secs else "")
    return text + (f" +{day}" if day > 0 else "")


def format_mmss(seconds: int) -> str:
    """``mm:ss`` (``h:mm:ss`` from an hour on), with a leading ``-`` for negative values."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def seconds_to_ms(seconds: int | None) -> int | None:
    """Milliseconds of a whole-second duration; None stays None."""
    return None if seconds is None else seconds * SECOND_MS


def up_to_second(ms: int) -> int:
    """``ms`` rounded up to a whole second: a target missed by 400 ms is missed by a second, not by 0."""
    return -(-ms // SECOND_MS) * SECOND_MS


def mmss_ms(ms: int | None) -> str:
    """``format_mmss`` of ``ms`` cut to whole seconds toward zero; "" for None."""
    return "" if ms is None else format_mmss(int(ms / SECOND_MS))


def signed_mmss_ms(ms: int | None, zero_sign: str | None = None) -> str:
    """``+mm:ss`` or ``-mm:ss`` of ``ms`` cut to whole seconds; "" for None. Under a second either side of 0 the
    sign is ``zero_sign`` when given (the run report's ``±00:00``), else that of ``ms`` (``+00:00`` at 0)."""
    if ms is None:
        return ""
    if zero_sign is not None and abs(ms) < SECOND_MS:
        return zero_sign + mmss_ms(0)
    return ("+" if ms >= 0 else "-") + mmss_ms(abs(ms))


def hhmmss_ms(ms: int) -> str:
    """``HH:MM:SS`` of a time of day in ms, wrapped at midnight."""
    return format_clock((ms % DAY_MS) // SECOND_MS, with_seconds=True)


# -- for people, in the language in force ----------------------------------------------------


def human_duration(seconds: int, compact: bool = False) -> str:
    """A length for a person: ``1h 25m``, ``10m``, ``3m 20s``, ``45s`` (``compact``: ``1h25m``,
    exactly ``format_duration``); in Chinese ``1小时25分``, ``10分钟``, ``3分20秒``, ``45秒``."""
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours and minutes and secs:
        text = pgettext("duration", "{hours}h {minutes}m {seconds}s")
    elif hours and minutes:
        text = pgettext("duration", "{hours}h {minutes}m")
    elif hours and secs:
        text = pgettext("duration", "{hours}h {seconds}s")
    elif hours:
        text = pgettext("duration", "{hours}h")
    elif minutes and secs:
        text = pgettext("duration", "{minutes}m {seconds}s")
    elif minutes:
        text = pgettext("duration", "{minutes}m")
    else:
        text = pgettext("duration", "{seconds}s")
    if compact:
        text = text.replace(" ", "")
    return sign + text.format(hours=hours, minutes=minutes, seconds=secs)


def human_duration_ms(ms: int | None, compact: bool = False) -> str:
    """``human_duration`` of ``ms`` cut to whole seconds toward zero; "" for None."""
    return "" if ms is None else human_duration(int(ms / SECOND_MS), compact)


def human_clock(seconds: int, with_seconds: bool = False) -> str:
    """A clock time for a person: ``20:00`` in both languages; a later day ``00:30 +1`` /
    ``00:30（+1天）``."""
    day, rest = divmod(int(seconds), DAY)
    clock = format_clock(rest, with_seconds)
    if day <= 0:
        return clock
    return _("{clock} +{days}").format(clock=clock, days=day)


def human_clock_ms(ms: int, with_seconds: bool = True) -> str:
    """``human_clock`` of a time of day in ms (``HH:MM:SS`` by default), wrapped at midnight."""
    return human_clock((ms % DAY_MS) // SECOND_MS, with_seconds)


def human_weekday(day: _dt.date) -> str:
    """``Wed`` / ``周三``."""
    return (pgettext("weekday", "Mon"), pgettext("weekday", "Tue"), pgettext("weekday", "Wed"),
            pgettext("weekday", "Thu"), pgettext("weekday", "Fri"), pgettext("weekday", "Sat"),
            pgettext("weekday", "Sun"))[day.weekday()]


def _month(day: _dt.date) -> str:
    return (pgettext("month", "Jan"), pgettext("month", "Feb"), pgettext("month", "Mar"), pgettext("month", "Apr"),
            pgettext("month", "May"), pgettext("month", "Jun"), pgettext("month", "Jul"), pgettext("month", "Aug"),
            pgettext("month", "Sep"), pgettext("month", "Oct"), pgettext("month", "Nov"),
            pgettext("month", "Dec"))[day.month - 1]


def human_date(day: _dt.date, year: bool = False) -> str:
    """A date with its weekday: ``Wed 2 Dec`` / ``12月2日 周三``; with ``year`` ``Wed 2 Dec 2026`` /
    ``2026年12月2日 周三``."""
    text = _("{weekday} {day} {month} {year}") if year else _("{weekday} {day} {month}")
    return text.format(weekday=human_weekday(day), day=day.day, month=_month(day), year=day.year)


def human_datetime(moment: _dt.datetime | _dt.date, clock: int | None = None, year: bool = False,
                   with_seconds: bool = False) -> str:
    """A date, weekday and clock time: ``Wed 2 Dec 20:00`` / ``12月2日 周三 20:00``. ``moment`` is a
    datetime, or a date with ``clock`` in seconds after its midnight."""
    if clock is None:
        if not isinstance(moment, _dt.datetime):
            return human_date(moment, year)
        clock = moment.hour * 3600 + moment.minute * 60 + moment.second
    day = moment.date() if isinstance(moment, _dt.datetime) else moment
    return _("{date} {clock}").format(date=human_date(day, year), clock=human_clock(clock, with_seconds))
