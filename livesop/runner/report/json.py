"""The 复盘 report as JSON for tools: the summary's own fields, keys in a stable order, then each
section's data under its key."""

from __future__ import annotations

from livesop.checks.reporters.json import dumps
from livesop.runner.report.summary import RunReport


def render(report: RunReport, sections: tuple = ()) -> str:
    return dumps({**report.to_dict(), **{section.key: section.to_dict() for section in sections}}) + "\n"


def render_all(reports: list[RunReport]) -> str:
    """A JSON array of the reports (``render`` gives the one object of a single log)."""
    return dumps([report.to_dict() for report in reports]) + "\n"
