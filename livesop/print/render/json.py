"""JSON output of the sheets: the sheet data as plain objects, keys in a stable order.

Times are given twice: seconds (``start``, ``offset``, ``due`` …; offsets from go-live, ``due``
before it) and the printed label (``*_text``: a clock time with a day mark, or ``T+mm:ss``).
"""

from __future__ import annotations

import dataclasses

from livesop.checks.reporters.json import dumps

SHOW_FORMAT = "livesop.show/1"
CHECKLIST_FORMAT = "livesop.checklist/1"


def _plain(sheet, kind: str) -> dict:
    data = dataclasses.asdict(sheet)
    del data["plain"]  # how the sheet was made (its sources hold no control character), not what it says
    return {"format": kind, **data}


def show(sheet, **_) -> str:
    data = _plain(sheet, SHOW_FORMAT)
    for row, source in zip(data["rows"], sheet.rows):  # the printed cell line, as the other formats show it
        for role, cues in row["cues"].items():
            for cue, original in zip(cues, source.cues[role]):
                cue["line"] = original.line
    return dumps(data) + "\n"


def checklist(sheet, **_) -> str:
    return dumps(_plain(sheet, CHECKLIST_FORMAT)) + "\n"
