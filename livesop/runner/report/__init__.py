"""The 复盘 report of a run log: what ran against the plan, and whether the log can be trusted.

``summary`` reads the log into a ``RunReport``; ``layout`` lays it out as blocks once; each
reporter module (``REPORTERS``, imported when used) has ``render(report) -> str``.
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
