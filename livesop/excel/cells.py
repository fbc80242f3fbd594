"""Reading the cells of an Excel 直播脚本 the way teams write them: pure functions on cell values.

Durations (``15分钟``, ``15min``, ``15m``, ``1小时30分``, ``1.5小时``, ``半小时``, a time-formatted
cell), time ranges (``20:00-20:15``, ``20:00~20:15``, ``20点-20点15``, ``T+00:00-T+10:00``), cue
lines (``mm:ss text``, the repeat mark ``每15m×2`` and ``话术 <id>`` that ``livesop show``
writes), info lines (``日期：2026-11-25　主播：阿满　时长：3小时``) and segment kinds guessed from
their titles.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from livesop.format.timefmt import DAY, parse_clock, parse_duration

_HOURS = r"(?:个)?(?:小时|钟头|时|hours?|hrs?|h)"
_MINUTES = r"(?:分钟|分|minutes?|mins?|m|'|′)"
_SECONDS = r"(?:秒钟|秒|seconds?|secs?|s|\"|″)"
_ZH_DURATION = re.compile(rf"^(?:(\d+(?:\.\d+)?){_HOURS})?(?:(\d+(?:\.\d+)?){_MINUTES})?(?:(\d+){_SECONDS})?$")
UNIT_SECONDS = {"秒": 1, "秒钟": 1, "s": 1, "sec": 1, "分钟": 60, "分": 60, "min": 60, "mins": 60, "m": 60,
                "minutes": 60, "小时": 3600, "h": 3600, "hour": 3600, "hours": 3600}
_CLOCK = r"(\d{1,2})(?::|点)(\d{2})?(?::(\d{2}))?分?"
_SPAN = re.compile(rf"^{_CLOCK}\s*(?:-|–|—|~|～|至|到)+\s*{_CLOCK}(?:\s*[+-]\d+)?$")
_OFFSET_SPAN = re.compile(r"^T\+(\d+:\d{2}(?::\d{2})?)\s*-\s*T\+(\d+:\d{2}(?::\d{2})?)$")
_CUE_TIME = re.compile(r"^[\[【(（]?([0-9０-９]{1,2}[:：][0-9０-９]{2}(?:[:：][0-9０-９]{2})?)[\]】)）]?\s*(.*)$", re.S)
_REPEAT = re.compile(r"^每\s*([^\s×x]+?)\s*(?:[×x]\s*\d+)?\s+(.*)$", re.S)
_SAY = re.compile(r"^话术\s+(\S+?)(?:（(.*)）)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DASHES = str.maketrans({"—": "-", "–": "-", "−": "-"})


def fold(text: str) -> str:
    """Full-width forms folded (``：`` → ``:``, ``１５`` → ``15``), spaces trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_sheet_duration(value, unit: str = "") -> int | None:
    """Seconds of a 时长 cell, or None. A bare number needs ``unit`` (from a header like 时长(分钟))."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds())
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, (int, float)):
        factor = UNIT_SECONDS.get(fold(unit).lower())
        return int(round(value * factor)) if factor and value >= 0 else None
    text = fold(str(value)).lower().replace(" ", "")
    if not text:
        return None
    if text in ("半小时", "半个小时", "半个钟头"):
        return 1800
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return parse_sheet_duration(float(text), unit)
    match = _ZH_DURATION.match(text)
    if match and any(match.groups()):
        hours, minutes, seconds = match.groups()
        total = float(hours or 0) * 3600 + float(minutes or 0) * 60 + int(seconds or 0)
        return int(round(total))
    return parse_duration(text)


def _clock(hours: str, minutes: str | None, seconds: str | None) -> int | None:
    h, m, s = int(hours), int(minutes or 0), int(seconds or 0)
    if h > 24 or m > 59 or s > 59:
        return None
    return (h * 3600 + m * 60 + s) % DAY


@dataclass(frozen=True)
class Span:
    """A 时间段: clock times after midnight (``offsets`` False) or offsets from go-live (True)."""

    start: int
    end: int
    offsets: bool = False

    @property
    def duration(self) -> int:
        return self.end - self.start if self.offsets else (self.end - self.start) % DAY


def parse_span(value) -> Span | None:
    """A 时间段 cell: ``20:00-20:15`` (a trailing ``+1`` day mark is allowed), ``T+05:00-T+15:00``."""
    if value is None:
        return None
    text = fold(str(value)).translate(_DASHES)
    match = _OFFSET_SPAN.match(text.replace(" ", ""))
    if match:
        start, end = (parse_duration(group) for group in match.groups())
        return Span(start, end, offsets=True) if start is not None and end is not None and end >= start else None
    match = _SPAN.match(text)
    if not match:
        return None
    start, end = _clock(*match.groups()[:3]), _clock(*match.groups()[3:])
    return Span(start, end) if start is not None and end is not None else None


def parse_clock_text(value) -> int | None:
    """The first clock time in a text: ``20:00``, ``20点``, ``20点30``."""
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60
    text = fold(str(value or ""))
    match = re.search(_CLOCK, text)
    return _clock(*match.groups()) if match else None


def parse_date_text(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(fold(str(value or "")))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


@dataclass(frozen=True)
class CueLine:
    """One line of a role cell."""

    at: int | None  # None: the line has no time (it goes at 0s)
    at_text: str
    text: str
    every: int | None = None
    say: str | None = None  # ``话术 <ref>`` lines: the script reference
    note: str = ""


def split_time(line: str) -> tuple[int | None, str, str]:
    """(seconds, the time as written, the rest) of a line that may start with ``mm:ss``."""
    text = line.strip()
    match = _CUE_TIME.match(text)
    if not match:
        return None, "", text
    at_text = fold(match.group(1))
    return parse_duration(at_text), at_text, match.group(2).strip()


def parse_cue_line(line: str) -> CueLine:
    at, at_text, text = split_time(line)
    every = None
    repeat = _REPEAT.match(text)
    if repeat:
        seconds = parse_sheet_duration(repeat.group(1))
        if seconds:
            every, text = seconds, repeat.group(2).strip()
    say = _SAY.match(text)
    if say:
        return CueLine(at, at_text, text, every, say.group(1), (say.group(2) or "").strip())
    return CueLine(at, at_text, text, every)


def clock_offset(at_text: str, segment_start: int | None, duration: int) -> int | None:
    """A cue time written as a clock (``20:05`` in the 20:00-20:15 row) as an offset into the segment."""
    if segment_start is None or at_text.count(":") != 1:
        return None
    clock = parse_clock(at_text if len(at_text) == 5 else "0" + at_text)
    if clock is None:
        return None
    offset = (clock - segment_start) % DAY
    return offset if offset < duration else None


# ------------------------------------------------------------------------------- info lines

INFO_KEYS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "直播日期", "开播日期", "date"),
    "host": ("主播", "host"),
    "length": ("时长", "全场", "总时长", "直播时长", "length"),
    "start": ("开播", "开播时间", "开始时间", "start"),
    "version": ("版本", "version"),
    "platform": ("平台", "platform"),
    "room": ("直播间", "店铺", "room"),
}
PLATFORMS = {"抖音": "douyin", "douyin": "douyin", "快手": "kuaishou", "kuaishou": "kuaishou",
             "视频号": "channels", "微信视频号": "channels", "channels": "channels",
             "淘宝": "taobao", "淘宝直播": "taobao", "taobao": "taobao"}
# Labels that take the next cell as their value in an info row but mean nothing to livesop:
# ``助播 | 小鹿`` stays together in the description.
INFO_LABELS = ("助播", "场控", "中控", "客服", "技术", "投手", "运营", "目标", "主题", "场次", "备注")
_INFO_SPLIT = re.compile(r"\s{2,}|\u3000|\||｜|；|;")
_KEY_NAMES = sorted(((name, key) for key, names in INFO_KEYS.items() for name in names), key=lambda p: -len(p[0]))


def info_pieces(cells: list[str]) -> list[str]:
    """A row of info cells as ``key value`` pieces; a cell that is only a key takes the next cell."""
    pieces: list[str] = []
    pending = None
    for cell in cells:
        for part in (p.strip() for p in _INFO_SPLIT.split(cell)):
            if not part:
                continue
            bare = fold(part).rstrip(":").strip().lower()
            if pending is not None:
                pieces.append(f"{pending} {part}")
                pending = None
            elif bare in INFO_LABELS or any(bare == name for name, _ in _KEY_NAMES):
                pending = part.rstrip(":：").strip()
            else:
                pieces.append(part)
    if pending is not None:
        pieces.append(pending)
    return pieces


def info_item(piece: str) -> tuple[str, str] | None:
    """(key, value) of an info piece such as ``日期：2026-11-25``; None when it is not one."""
    text = fold(piece)
    for name, key in _KEY_NAMES:
        if text.lower().startswith(name):
            rest = text[len(name):].lstrip(" :").strip()
            if rest:
                return key, rest
    return None


# ------------------------------------------------------------------------------- segment kinds

KIND_WORDS = (
    ("warmup", ("预热",)),
    ("flash-sale", ("秒杀",)),
    ("giveaway", ("福袋", "抽奖")),
    ("interaction", ("互动", "问答", "答疑")),
    ("closing", ("下播", "收尾", "结束")),
    ("opening", ("开场",)),
    ("break", ("休息", "换场")),
    ("product", ("讲品", "过款", "返场", "促单", "逼单", "主推", "介绍")),
)


def guess_kind(title: str, has_product: bool) -> str | None:
    """The segment kind a title suggests (``21点秒杀`` → flash-sale); ``product`` for a row with a product."""
    for kind, words in KIND_WORDS:
        if any(word in title for word in words):
            return kind
    return "product" if has_product else None
