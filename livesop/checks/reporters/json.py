"""JSON reporter: an array of diagnostic objects with a fixed set of keys."""

from __future__ import annotations

import json


def render(result, color: bool = False) -> str:
    return json.dumps([d.as_dict() for d in result.diagnostics], ensure_ascii=False, indent=2)
