"""Control characters in text that reaches a terminal: found, and shown as visible escapes.

A playbook, a lineup, a run log or a git author can carry ESC, CSI (U+009B) or an OSC 52
clipboard write. Printed raw, such a text could move the cursor, retitle the window or write
the operator's clipboard. Every text from outside goes through ``visible`` before it is printed.
"""

from __future__ import annotations

import re

# C0 except tab and newline, DEL, and C1 (which includes the single-byte CSI U+009B).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character written as ``\\x1b``-style escape text."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def first_control(text: str) -> int | None:
    """The index of the first control character in ``text``, or None."""
    match = CONTROL.search(text)
    return match.start() if match else None
