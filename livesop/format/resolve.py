"""Looking up what a cue says and the values its placeholders take."""

from __future__ import annotations

from livesop.format.library import Library
from livesop.format.model import Playbook, Product, Segment, Text, is_library_ref, split_library_ref
from livesop.format.placeholders import product_values, render
from livesop.format.timefmt import format_mmss


def resolve_say(playbook: Playbook, library: Library | None, say: str | None) -> Text | None:
    """The text of a ``say`` reference: an inline script, ``lib:<id>`` or ``lib:<id>#<variant>``."""
    if not say:
        return None
    if is_library_ref(say):
        if library is None:
            return None
        entry_id, variant = split_library_ref(say)
        entry = library.entries.get(entry_id)
        return entry.variant(variant) if entry else None
    script = playbook.scripts.get(say)
    return script.text if script else None


def render_values(playbook: Playbook, segment: Segment | None = None, product: Product | None = None,
                  countdown: int | None = None, overrides: dict | None = None) -> dict[str, object]:
    """Every placeholder value known for a text shown in ``segment`` (title rendered too)."""
    values: dict[str, object] = {name: text.value for name, text in playbook.variables.items()}
    if product is None and segment is not None and segment.product:
        product = playbook.product(segment.product)
    values.update(product_values(product))
    if overrides:
        values.update(overrides)
    if segment is not None and segment.title is not None:
        values["segment.title"] = render(segment.title.value, values)[0]
    if countdown is not None:
        values["countdown"] = format_mmss(countdown)
    return values
