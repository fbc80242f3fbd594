"""JSON reporter: an array of diagnostic objects with a fixed set of keys.

``dumps`` is how every JSON output of livesop is written: UTF-8 text as it is, and every control
character escaped (``json`` leaves DEL and the C1 range, U+009B CSI among them, raw).
"""

from __future__ import annotations

import json

from livesop.controls import CONTROL


def dumps(data) -> str:
    """``data`` as indented JSON that a terminal can show: control characters as ``\\u009b``."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def render(result, color: bool = False) -> str:
    return dumps([d.as_dict() for d in result.diagnostics])
