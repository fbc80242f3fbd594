"""Durations and clock times, parsed and formatted: format 1's in whole seconds, the runner's in ms (``_ms``)."""

from __future__ import annotations

import re

_UNITS = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?!s))?\s*(?:(\d+)\s*s)?$")
_COLON = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")

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
