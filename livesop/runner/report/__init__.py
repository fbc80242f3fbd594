"""The 复盘 report of a run log: what ran against the plan, and whether the log can be trusted.

``summary`` reads the log into a ``RunReport``; ``layout`` lays it out as blocks once; each
reporter module (``REPORTERS``, imported when used) has ``render(report, sections=()) -> str``
and ``render_all(reports) -> str`` for several logs: one whole report per log, in order, in one
output (one HTML page, one JSON array). ``sections`` are further parts of one report that other
packages compute (the room's numbers of ``livesop.review``): each gives its blocks, appended to
the layout, and a dict that JSON carries under the section's ``key``.
"""

from __future__ import annotations

import importlib

REPORTERS = {
    "text": "livesop.runner.report.text",
    "md": "livesop.runner.report.md",
    "html": "livesop.runner.report.html",
    "json": "livesop.runner.report.json",
}


def render(fmt: str, report, sections: tuple = ()) -> str:
    return importlib.import_module(REPORTERS[fmt]).render(report, sections)


def render_all(fmt: str, reports: list) -> str:
    """Several reports, each whole with its own header, in the order given."""
    return importlib.import_module(REPORTERS[fmt]).render_all(reports)
