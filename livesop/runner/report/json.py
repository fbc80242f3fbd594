"""The 复盘 report as JSON for tools: the summary's own fields, keys in a stable order."""

from __future__ import annotations

import json

from livesop.runner.report.summary import RunReport


def render(report: RunReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
