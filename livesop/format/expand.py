"""``for_each: products`` expansion: the concrete run of show every consumer works on."""

from __future__ import annotations

from dataclasses import replace

from livesop.format.model import Playbook, Segment


def expand_segments(playbook: Playbook, copies: dict | None = None) -> tuple[Segment, ...]:
    """Segments in show order, each ``for_each: products`` block repeated once per product.

    A copy's id is ``<segment id>-<product id>``, its cue ids get the same suffix, its
    ``product`` names the product and ``origin`` the template segment. A hard start stays on
    the first copy only. ``copies``, a dictionary kept by the caller across versions of one
    playbook, keeps the copies of a segment object for the product ids they were made for.
    """
    result: list[Segment] = []
    ids = None
    for segment in playbook.segments:
        if segment.for_each != "products":
            result.append(segment)
            continue
        if copies is not None:
            if ids is None:
                ids = tuple(p.id for p in playbook.products if p.id)
            made = copies.get((id(segment), ids))
            if made is not None and made[0] is segment:
                result += made[1]
                continue
            start = len(result)
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
        if copies is not None:  # the segment itself is kept too, so that its id stays its own
            copies[(id(segment), ids)] = (segment, tuple(result[start:]))
    return tuple(result)
