"""An .xlsx workbook's data sheet as a table, opened by ``excel.workbook`` (its limits applied first)."""

from __future__ import annotations

from pathlib import Path

from livesop.errors import LivesopError
from livesop.i18n import _
from livesop.review.sources import Bounds, ParseError, Table

SHEETS = ("分钟数据", "分钟级数据", "数据", "评论", "弹幕", "data", "minutes", "comments")


def load(path: Path, name: str, bounds: Bounds) -> Table:
    from livesop.excel.workbook import open_workbook, pick_sheet

    try:
        book = open_workbook(path, ", or export it as .csv")
        sheet = pick_sheet(book, path, None, SHEETS)
    except ParseError:
        raise
    except LivesopError as exc:
        raise ParseError(exc.message, exc.hint, exc.exit_code) from None
    rows = [list(values) for values in sheet.iter_rows(values_only=True)]
    if len(rows) > bounds.max_rows:
        raise ParseError(_("{where}: more than {count} rows").format(where=name, count=f"{bounds.max_rows:,}"),
                         _(bounds.hint))
    title = sheet.title
    return Table(name, rows, lambda index: f"{name}:{title}!{index + 1}")
