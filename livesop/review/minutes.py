"""The platform's minute data (``--data``): one row per minute, a time column and metric columns.

``load`` reads a CSV or .xlsx export: the header row may sit under title rows; headers are read
in Chinese or as the API's English keys (``review.platforms``); numbers as exports write them
(``review.values``). A missing time column, or no column it understands, is one message that
lists the columns found and those understood; columns it does not know are named in a note.
Every unreadable cell is reported with its place, and nothing is returned until all read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from livesop.excel.limits import MAX_CSV_BYTES, MAX_ROWS
from livesop.excel.workbook import normalize_header, unit_of
from livesop.i18n import N_, _, pgettext
from livesop.review.metrics import METRICS
from livesop.review.sources import Bounds, ParseError, Table, load as load_table
from livesop.review.values import Stamp, Unreadable, number, stamp

BOUNDS = Bounds(MAX_CSV_BYTES, MAX_ROWS, N_("a minute export has one row a minute: 840 rows for 14 hours; check "
                                            "that this is the right file"))
HEADER_SCAN_ROWS = 20
MAX_ERRORS = 20
TOTAL_ROWS = ("合计", "总计", "汇总", "total", "sum")
DATE = ("日期", "date", "stat_date")  # a date column beside a time column of clock times
# a unit in a header's parentheses → what the column's numbers are multiplied by
UNITS = {"分": 0.01, "万": 1e4, "万元": 1e4, "千": 1e3, "元": 1, "人": 1, "个": 1, "次": 1, "单": 1, "%": 1}


@dataclass(frozen=True)
class MinuteRow:
    """One minute of the platform's data: its time, each metric's value, and where it was read."""

    at: Stamp
    values: dict  # metric key -> number or None (no data that minute)
    where: str


@dataclass
class Minutes:
    """The minute data of a ``--data`` file: the metric columns read, the rows, and notes on reading it."""

    file: str
    columns: dict[str, str]  # metric key -> the header it was read from
    rows: list[MinuteRow]
    notes: list[str] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.columns


def load(path: str | Path, platform) -> Minutes:
    """The minute rows of ``path``; ``platform`` is a module of ``review.platforms``."""
    path = Path(path)
    table = load_table(path, str(path), BOUNDS, ("livesop.review.sources.csvfile",
                                                 "livesop.review.sources.xlsxfile",
                                                 "livesop.review.sources.jsonlines"))
    lookup = headers(platform)
    index, time_col, columns = _find_header(table, lookup, platform)
    header = table.rows[index]
    scale = {key: UNITS.get(unit_of(str(header[col])), 1) for key, col in columns.items()}
    notes = list(table.notes)
    unused = [str(cell).strip() for col, cell in enumerate(header)
              if col != time_col and col not in columns.values() and str(cell or "").strip()]
    date_col = next((col for col, cell in enumerate(header) if normalize_header(str(cell or "")) in DATE), None)
    if date_col is not None and str(header[date_col]).strip() in unused:
        unused.remove(str(header[date_col]).strip())
    rows: list[MinuteRow] = []
    errors: list[str] = []
    for offset, values in enumerate(table.rows[index + 1:], index + 1):
        cell = values[time_col] if time_col < len(values) else None
        if _blank(values) or (isinstance(cell, str) and cell.strip().lower() in TOTAL_ROWS):
            continue
        where = table.where(offset)
        try:
            at = stamp(cell)
        except Unreadable as exc:
            errors.append(_("{where}: {column} {value} is not a time (write 20:15, 2025-11-25 20:15 or "
                            "2025/11/25 20:15:00)").format(where=where, column=header[time_col], value=repr(str(exc))))
            continue
        if at is None:
            errors.append(_("{where}: the time is empty").format(where=where))
            continue
        if at.day is None and date_col is not None:
            at = _dated(at, values[date_col] if date_col < len(values) else None)
        read: dict = {}
        for key, col in columns.items():
            try:
                value = number(values[col] if col < len(values) else None)
            except Unreadable as exc:
                errors.append(_("{where}: {column} {value} is not a number").format(
                    where=where, column=header[col], value=repr(str(exc))))
                continue
            if value is not None:
                value *= scale[key]
                if METRICS[key].kind == "rate" and value > 1 and not _percent(values[col]):
                    value /= 100  # 12.5 in a rate column is 12.5 %
            read[key] = value
        rows.append(MinuteRow(at, read, where))
    if unused:
        notes.append(_("{file}: column(s) not used: {columns}").format(
            file=table.file, columns=pgettext("list separator", ", ").join(unused)))
    if errors:
        more = [_("… and {count} more").format(count=len(errors) - MAX_ERRORS)] if len(errors) > MAX_ERRORS else []
        raise ParseError("\n".join(errors[:MAX_ERRORS] + more),
                         _("fix these cells (or export the data again) and run the report again"))
    if not rows:
        raise ParseError(_("{where}: no minute rows below the header row").format(where=table.where(index)),
                         _("export the show's minute data"))
    rows.sort(key=lambda row: (row.at.day or 0, row.at.clock_ms))
    return Minutes(table.file, {key: str(header[col]).strip() for key, col in columns.items()}, rows, notes)


def headers(platform) -> dict[str, str]:
    """Normalized header → ``time`` or a metric key."""
    lookup = {normalize_header(name): "time" for name in platform.TIME}
    for key, names in platform.COLUMNS.items():
        lookup.update((normalize_header(name), key) for name in names)
    return lookup


def understood(platform) -> str:
    """The columns the platform's reader knows, one Chinese and one English name each."""
    def pair(names):
        chinese = next((n for n in names if not n.isascii()), names[0])
        english = next((n for n in names if n.isascii()), None)
        return f"{chinese}/{english}" if english else chinese

    return pgettext("list separator", ", ").join([pair(platform.TIME)] + [pair(names) for names in
                                                                          platform.COLUMNS.values()])


def _find_header(table: Table, lookup: dict[str, str], platform) -> tuple[int, int, dict[str, int]]:
    """(row index, time column, metric key → column) of the header row."""
    candidates = [0] if table.records else range(min(len(table.rows), HEADER_SCAN_ROWS * 3))
    best: tuple[int, list] | None = None
    scanned = 0
    for index in candidates:
        values = table.rows[index]
        if _blank(values):
            continue
        scanned += 1
        found = [(col, lookup.get(normalize_header(str(cell)))) for col, cell in enumerate(values)
                 if cell is not None and str(cell).strip()]
        keys = [key for _, key in found if key]
        if best is None or len(keys) > len([k for _, k in best[1] if k]):
            best = (index, found)
        if "time" in keys and len(keys) >= 2:
            return index, *_columns(table, index, found)
        if scanned >= HEADER_SCAN_ROWS:
            break
    shown = [str(cell).strip() for cell in (table.rows[best[0]] if best else []) if str(cell or "").strip()]
    where = table.where(best[0]) if best else table.file
    has_time = best is not None and any(key == "time" for _, key in best[1])
    message = (_("{where}: the minute data has no metric column it knows. Columns found: {found}. "
                 "Understood ({platform}): {understood}") if has_time else
               _("{where}: the minute data has no time column. Columns found: {found}. "
                 "Understood ({platform}): {understood}"))
    raise ParseError(message.format(where=where, found=pgettext("list separator", ", ").join(shown) or _("none"),
                                    platform=platform.NAME, understood=understood(platform)),
                     _("rename the columns to one of the names understood (docs/review.md lists their variants), "
                       "or give the platform with --platform"))


def _columns(table: Table, index: int, found: list) -> tuple[int, dict[str, int]]:
    time_col = next(col for col, key in found if key == "time")
    columns: dict[str, int] = {}
    header = table.rows[index]
    for col, key in found:
        if not key or key == "time":
            continue
        if key in columns:
            raise ParseError(_("{where}: two columns mean {metric}: {first} and {second}").format(
                where=table.where(index), metric=METRICS[key].label, first=header[columns[key]], second=header[col]),
                _("keep one of them"))
        columns[key] = col
    return time_col, columns


def _dated(at: Stamp, cell) -> Stamp:
    """``at`` on the date of a separate date column (left undated when that cell is not a date)."""
    try:
        day = stamp(cell if not isinstance(cell, str) else cell.strip() + " 00:00")
    except Unreadable:
        return at
    return Stamp(at.clock_ms, day.day) if day is not None and day.day is not None else at


def _blank(values: list) -> bool:
    return all(value is None or not str(value).strip() for value in values)


def _percent(value) -> bool:
    return isinstance(value, str) and value.strip().endswith(("%", "％"))
