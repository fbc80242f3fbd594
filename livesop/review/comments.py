"""Live comments (``--comments``): JSON Lines with ``text`` and ``time`` (as 弹幕 fetchers write them,
``user`` optional), or a CSV / .xlsx with 时间 and 内容 columns.

Times are read as ``review.values`` reads them (clock times, dated times, ISO 8601 with a zone,
epoch seconds or milliseconds). A comment without text is skipped; one whose time cannot be
read is an error with its place, as in the minute data. Who wrote a comment is not kept: the
复盘 counts comments and their words, not people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from livesop.excel.workbook import normalize_header
from livesop.i18n import N_, _, pgettext
from livesop.review.sources import Bounds, ParseError, load as load_table
from livesop.review.values import Stamp, stamps

BOUNDS = Bounds(256 << 20, 2_000_000, N_("a 14-hour show has some 100,000 comments; check that this is the right "
                                         "file"))
MAX_ERRORS = 20
TIME = ("时间", "评论时间", "发送时间", "弹幕时间", "发布时间", "time", "timestamp", "ts", "create_time", "created_at",
        "send_time", "datetime")
TEXT = ("内容", "评论内容", "弹幕内容", "评论", "弹幕", "text", "content", "msg", "message", "comment")
_ROLES = {**{normalize_header(n): "time" for n in TIME}, **{normalize_header(n): "text" for n in TEXT}}


class Comment(NamedTuple):
    at: Stamp
    text: str


@dataclass
class Comments:
    """The comments of a ``--comments`` file (time and text each) and notes on reading it."""

    file: str
    items: list[Comment]
    notes: list[str] = field(default_factory=list)


def load(path: str | Path) -> Comments:
    path = Path(path)
    table = load_table(path, str(path), BOUNDS, ("livesop.review.sources.jsonlines",
                                                 "livesop.review.sources.csvfile",
                                                 "livesop.review.sources.xlsxfile"))
    index, columns = _find_header(table)
    time_col, text_col = columns["time"], columns["text"]
    kept = [(offset, values) for offset, values in enumerate(table.rows[index + 1:], index + 1)
            if text_col < len(values) and _said(values[text_col])]
    moments = stamps(values[time_col] if time_col < len(values) else None for _, values in kept)
    errors = [(_("{where}: the time {value} cannot be read") if at is not None else
               _("{where}: the comment has no time")).format(where=table.where(offset), value=repr(str(at)))
              for (offset, _values), at in zip(kept, moments) if not isinstance(at, Stamp)]
    if errors:
        more = [_("… and more")] if len(errors) > MAX_ERRORS else []
        raise ParseError("\n".join(errors[:MAX_ERRORS] + more),
                         _("each comment needs a time such as 20:15:03, 2025-11-25 20:15:03 or epoch seconds"))
    items = [Comment(at, text if type(text) is str else str(text))
             for at, text in zip(moments, (values[text_col] for _, values in kept))]
    return Comments(table.file, items, list(table.notes))


def _said(text) -> bool:
    return text is not None and (type(text) is not str or bool(text.strip()))


def _find_header(table) -> tuple[int, dict[str, int]]:
    candidates = [0] if table.records else range(min(len(table.rows), 20))
    for index in candidates:
        columns: dict[str, int] = {}
        for col, cell in enumerate(table.rows[index]):
            role = _ROLES.get(normalize_header(str(cell))) if cell is not None else None
            if role and role not in columns:
                columns[role] = col
        if "time" in columns and "text" in columns:
            return index, columns
    listed = pgettext("list separator", ", ").join
    found = listed(str(c).strip() for c in (table.rows[0] if table.rows else []) if str(c or "").strip())
    raise ParseError(_("{file}: no time and text columns. Columns found: {found}. Understood: time — {time}; "
                       "text — {text}").format(file=table.file, found=found or _("none"), time=listed(TIME),
                                                text=listed(TEXT)),
                     _("give JSON Lines such as {example} or a CSV with 时间 and 内容 columns").format(
                         example='{"time": "2025-11-25 20:15:03", "text": "..."}'))


