"""Reports of a semantic diff: text (rich, for people), json (for tools), markdown (for reviews)."""

from __future__ import annotations

FORMATS = ("text", "json", "markdown")


def render(fmt: str, changes, old_name: str, new_name: str, color: bool = False) -> str:
    """The report of ``changes`` (from ``livesop.versions.diff.diff``) in format ``fmt``."""
    if fmt == "json":
        from livesop.versions.reporters.json import render as render_json

        return render_json(changes)
    if fmt == "markdown":
        from livesop.versions.reporters.markdown import render as render_markdown

        return render_markdown(changes, old_name, new_name)
    from livesop.versions.reporters.text import render as render_text

    return render_text(changes, old_name, new_name, color)
