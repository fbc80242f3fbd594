"""Reporters for validation diagnostics: text (default), json and github annotations."""

from __future__ import annotations

FORMATS = ("text", "json", "github")


def render(fmt: str, result, color: bool = False) -> str:
    if fmt == "json":
        from livesop.checks.reporters.json import render as render_json

        return render_json(result)
    if fmt == "github":
        from livesop.checks.reporters.github import render as render_github

        return render_github(result)
    from livesop.checks.reporters.text import render as render_text

    return render_text(result, color)
