"""JSON Lines (one object per line, as 弹幕 fetchers write them) or one JSON array, as a table.

The first row is every key met, in the order met; each record is a row below it. A blank line
is skipped; a line that is not a JSON object is an error with its line number. The lines are
parsed as one JSON array (one call into the C parser: 100,000 comments in about 0.15 s); only
when that fails are they parsed one by one, to name the line.
"""

from __future__ import annotations

import json
from operator import itemgetter
from pathlib import Path

from livesop.i18n import _
from livesop.review.sources import Bounds, ParseError, Table
from livesop.review.sources.csvfile import decode, read_bytes

EXAMPLE = '{"time": "20:15:03", "text": "..."}'


def load(path: Path, name: str, bounds: Bounds) -> Table:
    text, note = decode(read_bytes(path, name, bounds), name)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("{file}: not a JSON array ({error})").format(file=name, error=exc),
                             _("give one JSON object per line (JSON Lines)")) from None
        if not isinstance(records, list):
            raise ParseError(_("{file}: not a JSON array").format(file=name),
                             _("give one JSON object per line (JSON Lines)"))
        numbers = list(range(1, len(records) + 1))
        item = _("{file}:item {number}")  # a place in a JSON array
    else:
        numbers, records = _lines(text, name)
        item = "{file}:{number}"  # a line of the file, as every message names one
    if len(records) > bounds.max_rows:
        raise ParseError(_("{file}: more than {count} records").format(file=name, count=f"{bounds.max_rows:,}"),
                         _(bounds.hint))
    for number, record in zip(numbers, records):
        if type(record) is not dict:
            raise ParseError(_("{where}: not a JSON object").format(where=item.format(file=name, number=number)),
                             _("each line holds one object such as {example}").format(example=EXAMPLE))
    keys = list(dict.fromkeys(key for record in records for key in record))
    rows: list = [keys]
    if keys:
        get = itemgetter(*keys) if len(keys) > 1 else (lambda record: (record[keys[0]],))
        for record in records:
            try:
                rows.append(get(record))
            except KeyError:
                rows.append(tuple(record.get(key) for key in keys))
    else:
        rows += [() for _ in records]
    return Table(name, rows, lambda index: item.format(file=name, number=numbers[index - 1] if index else 1),
                 [note] if note else [], records=True)


def _lines(text: str, name: str) -> tuple[list[int], list]:
    lines = text.split("\n")
    numbers = [number for number, line in enumerate(lines, 1) if line.strip()]
    try:
        records = json.loads("[" + ",".join(lines[number - 1] for number in numbers) + "]")
        if len(records) == len(numbers):
            return numbers, records
    except (ValueError, RecursionError):
        pass
    for number in numbers:  # name the first line that is not one JSON value
        try:
            json.loads(lines[number - 1])
        except (ValueError, RecursionError):
            raise ParseError(_("{where}: not a JSON record").format(where=f"{name}:{number}"),
                             _("give one JSON object per line (JSON Lines)")) from None
    raise ParseError(_("{file}: not JSON Lines").format(file=name), _("give one JSON object per line (JSON Lines)"))
