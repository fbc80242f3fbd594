"""The 复盘 report of a run log: what ran against the plan, and whether the log can be trusted.

``summary`` reads the log into a ``RunReport``; ``layout`` lays it out as blocks once; each
reporter module (``REPORTERS``, imported when used) has ``render(report) -> str`` and
``render_all(reports) -> str`` for several logs: one whole report per log, in order, in one
output (one HTML page, one JSON array).
"""

from __future__ import annotations

import importlib

REPORTERS = {
    "text": "livesop.runner.report.text",
    "md": "livesop.runner.report.md",
    "html": "livesop.runner.report.html",
    "json": "livesop.runner.report.json",
}


def render(fmt: str, report) -> str:
    return importlib.import_module(REPORTERS[fmt]).render(report)


def render_all(fmt: str, reports: list) -> str:
    """Several reports, each whole with its own header, in the order given."""
    return importlib.import_module(REPORTERS[fmt]).render_all(reports)
