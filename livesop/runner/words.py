"""Figures of a running show as a person reads them, in the language in force.

The plain lines, the full-screen view and the 复盘 report say lengths and lateness the same way:

- ``length(ms)``: a length in a sentence — ``05:00`` in English (as livesop always wrote it),
  ``5分钟`` / ``3分20秒`` in Chinese (``timefmt.human_duration``);
- ``late(ms)``: how late or early the show runs — ``on time``, ``+01:20 late``, ``-00:30 early`` /
  ``准时``, ``落后 01:20``, ``提前 00:30``: a figure that ticks, so ``mm:ss`` in both languages
  (``late_by``: a hard start's, without the sign);
- ``joined(parts)`` / ``sentence(parts)``: clauses of one line joined (``; `` / ``；``), and ended
  (``.`` / ``。``).

Pure: no rich, no click.
"""

from __future__ import annotations

from livesop.format.timefmt import ON_TIME_MS, human_duration_ms, mmss_ms
from livesop.i18n import _, is_chinese, pgettext


def length(ms: int | None) -> str:
    """A length in a sentence: ``mm:ss`` in English, ``1小时25分`` / ``3分20秒`` in Chinese."""
    if ms is None:
        return ""
    return human_duration_ms(ms, compact=True) if is_chinese() else mmss_ms(ms)


def late(ms: int) -> str:
    """How late (+) or early (-) the show runs: ``on time``, ``+01:20 late``, ``-00:30 early``."""
    if abs(ms) < ON_TIME_MS:
        return _("on time")
    if ms > 0:
        return _("+{time} late").format(time=mmss_ms(ms))
    return _("-{time} early").format(time=mmss_ms(-ms))


def late_by(ms: int) -> str:
    """A hard start's lateness without a sign: ``on time``, ``01:20 late``, ``00:30 early``."""
    if abs(ms) < ON_TIME_MS:
        return _("on time")
    if ms > 0:
        return _("{time} late").format(time=mmss_ms(ms))
    return _("{time} early").format(time=mmss_ms(-ms))


def joined(parts: list[str]) -> str:
    """Clauses of one sentence: ``a; b; c`` / ``a；b；c``."""
    return pgettext("between clauses", "; ").join(parts)


def sentence(parts: list[str]) -> str:
    """Clauses joined and ended: ``a; b.`` / ``a；b。``."""
    return joined(parts) + pgettext("end of a sentence", ".")
