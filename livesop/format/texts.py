"""Every text of a playbook that is spoken or shown, with where it is used.

Checks that read words (placeholders, scarcity, compliance) walk this one list instead of
knowing the format's layout themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from livesop.format.library import Library
from livesop.format.model import Playbook, Text, is_library_ref, split_library_ref


@dataclass(frozen=True)
class SpokenText:
    """One text the show says or shows: what kind it is, where it is in the playbook, and the text."""

    kind: str  # script, library, do, title, product, mechanism, claim, variable, hold, step, trigger
    where: str  # a readable path such as ``scripts.hello`` or ``segments.open.cues[2].do``
    text: Text
    has_placeholders: bool = True  # whether placeholders are expanded in this text


def spoken_texts(playbook: Playbook, library: Library | None = None) -> Iterator[SpokenText]:
    """Each text once: inline scripts, used library entries, cue actions, titles, products,
    variables and emergency texts."""
    for script in playbook.scripts.values():
        if script.text is not None:
            yield SpokenText("script", f"scripts.{script.id}", script.text)
    for entry_id, variant, text in used_library_texts(playbook, library):
        suffix = f"#{variant}" if variant else ""
        yield SpokenText("library", f"lib:{entry_id}{suffix}", text)
    for segment in playbook.segments:
        if segment.title is not None:
            yield SpokenText("title", f"segments.{segment.id}.title", segment.title)
        for index, cue in enumerate(segment.cues):
            if cue.do is not None:
                yield SpokenText("do", f"segments.{segment.id}.cues[{index}].do", cue.do)
    for product in playbook.products:
        for name in ("name", "mechanism"):
            value = getattr(product, name)
            if value is not None:
                yield SpokenText(name if name == "mechanism" else "product", f"products.{product.id}.{name}",
                                 value, False)
        for index, claim in enumerate(product.claims):
            if claim.text is not None:
                yield SpokenText("claim", f"products.{product.id}.claims[{index}]", claim.text, False)
    for name, value in playbook.variables.items():
        yield SpokenText("variable", f"variables.{name}", value, False)
    for plan in playbook.emergencies:
        for index, step in enumerate(plan.steps):
            if step.do is not None:
                yield SpokenText("step", f"emergencies.{plan.id}.steps[{index}].do", step.do)


def used_library_texts(playbook: Playbook, library: Library | None):
    """(entry id, variant, text) for each library text the playbook refers to, once each."""
    if library is None:
        return
    seen = set()
    for ref in library_refs(playbook):
        entry_id, variant = split_library_ref(ref)
        entry = library.entries.get(entry_id)
        text = entry.variant(variant) if entry else None
        if text is not None and (entry_id, variant) not in seen:
            seen.add((entry_id, variant))
            yield entry_id, variant, text


def library_refs(playbook: Playbook) -> Iterator[str]:
    for segment in playbook.segments:
        for cue in segment.cues:
            if is_library_ref(cue.say):
                yield cue.say
    for plan in playbook.emergencies:
        if is_library_ref(plan.hold):
            yield plan.hold
        for step in plan.steps:
            if is_library_ref(step.say):
                yield step.say
