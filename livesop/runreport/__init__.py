"""The 复盘 report of a run log: what ran against the plan, and whether the log can be trusted."""

from livesop.runreport.formats import FORMATS, render
from livesop.runreport.summary import RunReport, summarize

__all__ = ["FORMATS", "render", "RunReport", "summarize"]
