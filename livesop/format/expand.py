"""``for_each: products`` expansion: the concrete run of show every consumer works on."""

from __future__ import annotations

from dataclasses import replace

from livesop.format.model import Playbook, Segment


def expand_segments(playbook: Playbook) -> tuple[Segment, ...]:
    """Segments in show order, each ``for_each: products`` block repeated once per product.

    A copy's id is ``<segment id>-<product id>``, its cue ids get the same suffix, its
    ``product`` names the product and ``origin`` the template segment. A hard start stays on
    the first copy only.
    """
    result: list[Segment] = []
    for segment in playbook.segments:
        if segment.for_each != "products":
            result.append(segment)
            continue
        for index, product in enumerate(p for p in playbook.products if p.id):
            suffix = f"-{product.id}"
            cues = tuple(replace(cue, id=cue.id + suffix) if cue.id else cue for cue in segment.cues)
            result.append(replace(
                segment,
                id=(segment.id or "") + suffix,
                product=product.id,
                for_each=None,
                origin=segment.id,
                start=segment.start if index == 0 else None,
                cues=cues,
            ))
    return tuple(result)
