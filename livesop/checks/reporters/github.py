"""GitHub Actions workflow annotations (``::error file=…,line=…::message``).

A workflow log renders escape sequences, so control characters are shown as ``\\x1b``-style text.
The annotation's syntax (``::error``, ``::warning``, ``file=``, ``title=`` and the code) is read by
GitHub and stays as it is; the message and its hint are read by people on the pull request, so
they are in the reader's language like every other output.
"""

from __future__ import annotations

from livesop.controls import visible
from livesop.i18n import _


def _data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, color: bool = False) -> str:
    lines = []
    for d in result.diagnostics:
        level = "error" if d.is_error else "warning"
        message = _("{message} (hint: {hint})").format(message=d.message, hint=d.hint) if d.hint else d.message
        lines.append(f"::{level} file={_prop(d.file)},line={d.line},col={d.column},title={_prop(d.code)}::"
                     f"{_data(message)}")
    return "\n".join(lines)
