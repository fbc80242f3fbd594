"""A CSV file as a table: read whole within its bounds, UTF-8 (a BOM is fine) or else GBK."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from livesop.files import check_input, decode_text, read_input
from livesop.i18n import _
from livesop.review.sources import Bounds, ParseError, Table

MAX_FIELD = 1 << 20  # characters in one cell: a comment or a number is far shorter


def decode(raw: bytes, name: str) -> tuple[str, str | None]:
    """The text of ``raw`` and a note when it was not UTF-8 (read as GB18030, which covers GBK)."""
    try:
        text, gbk = decode_text(raw)
    except UnicodeDecodeError:
        raise ParseError(_("{file}: the file is neither UTF-8 nor GBK text").format(file=name),
                         _("save it as “CSV UTF-8 (逗号分隔)”, or hand in the .xlsx")) from None
    return text, _("{file}: not UTF-8; read as GBK (GB18030)").format(file=name) if gbk else None


def read_bytes(path: Path, name: str, bounds: Bounds) -> bytes:
    """The whole file, refused when it is larger than ``bounds`` allow (before it is read)."""
    check_input(path, "data")
    if path.stat().st_size > bounds.max_bytes:
        raise ParseError(_("{file}: larger than {size} MiB").format(file=name, size=bounds.max_bytes >> 20),
                         _(bounds.hint))
    return read_input(path, bounds.max_bytes, "data")


def load(path: Path, name: str, bounds: Bounds) -> Table:
    text, note = decode(read_bytes(path, name, bounds), name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list] = []
    lines: list[int] = []
    end = 0  # the line the previous record ended on
    limit = csv.field_size_limit(MAX_FIELD)
    try:
        for record in reader:
            if len(rows) == bounds.max_rows:
                raise ParseError(_("{where}: more than {count} rows").format(
                    where=f"{name}:{reader.line_num}", count=f"{bounds.max_rows:,}"), _(bounds.hint))
            rows.append(record)
            lines.append(end + 1)
            end = reader.line_num
    except csv.Error as exc:
        raise ParseError(_("{where}: cannot read the CSV ({error})").format(where=f"{name}:{reader.line_num}",
                                                                           error=exc),
                         _("check for an unclosed quote on that line")) from None
    finally:
        csv.field_size_limit(limit)
    return Table(name, rows, lambda index: f"{name}:{lines[index]}", [note] if note else [])
