"""GitHub Actions workflow annotations (``::error file=…,line=…::message``).

A workflow log renders escape sequences, so control characters are shown as ``\\x1b``-style text.
"""

from __future__ import annotations

from livesop.controls import visible


def _data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, color: bool = False) -> str:
    lines = []
    for d in result.diagnostics:
        level = "error" if d.is_error else "warning"
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{level} file={_prop(d.file)},line={d.line},col={d.column},title={_prop(d.code)}::"
                     f"{_data(message)}")
    return "\n".join(lines)
