"""The 复盘 report of a run log: what ran against the plan, and whether the log can be trusted."""

from livesop.runner.report.formats import FORMATS, render
from livesop.runner.report.summary import RunReport, summarize

__all__ = ["FORMATS", "render", "RunReport", "summarize"]
