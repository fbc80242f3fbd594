"""A template's products are slots (主推款, 利润款, 秒杀款 …); tonight's lineup fills them.

A lineup product fills a template product by id (a 编号 the template has), else by its 类型
column (the template product's ``slot``, or its id), else by link number, else in order. A
lineup product whose 类型 names no open slot fills none. What fills a slot takes its place: the
slot's id when the lineup gives none (so ``product: hero`` keeps working), else its own id, and
every ``product:`` of the template that named the slot is rewritten to it. Only a lineup product
with the template product's very name starts from that product (its ``claims`` …); any other
takes nothing from the template but the slot's name. Lineup products beyond the slots are
written as products, for the ``for_each`` blocks to sell. An empty slot is an error at the
template product.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field

from livesop.errors import LivesopError
from livesop.excel.lineup import FIELD_ORDER, Cell, Lineup, LineupProduct
from livesop.format.build import shown
from livesop.i18n import _, join, ngettext, pgettext
from livesop.plan.positions import Place, Sources


@dataclass
class Filled:
    """The products to write (lineup order), template id → id of what fills it, and the notes."""

    products: list
    renames: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _names(value) -> set[str]:
    """The names a slot text stands for: ``福利款/秒杀款`` → {福利, 秒杀}; width and case folded."""
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    return {part.strip().removesuffix("款") or part.strip() for part in re.split(r"[/、,，|]", text) if part.strip()}


def _same_name(a, b) -> bool:
    def norm(value) -> str:
        return " ".join(unicodedata.normalize("NFKC", str(value)).split())

    return a is not None and b is not None and norm(a) == norm(b)


def bound_segments(data) -> dict[str, list[str]]:
    """Template product id → the segments that sell it (``product: id``)."""
    bound: dict[str, list[str]] = {}
    for segment in data.get("segments") or ():
        if hasattr(segment, "get") and isinstance(segment.get("product"), str):
            bound.setdefault(segment["product"], []).append(str(segment.get("id")))
    return bound


def _typed(item: LineupProduct) -> bool:
    return bool(str(item.values.get("slot") or "").strip())


def _match(slots: list, items: list[LineupProduct]) -> dict[int, int]:
    """Slot index → lineup index: by id, by 类型, by link, in order."""
    filled: dict[int, int] = {}

    def fill(takes_part, fits) -> None:
        """Each lineup product still free that ``takes_part`` fills the first open slot it ``fits``."""
        for i, item in enumerate(items):
            if i in filled.values() or not takes_part(item):
                continue
            j = next((j for j, slot in enumerate(slots) if j not in filled and fits(item, slot)), None)
            if j is not None:
                filled[j] = i

    def untyped(item) -> bool:  # a product whose 类型 names no open slot fills none
        return not _typed(item)

    fill(lambda item: item.id_given, lambda item, slot: slot.get("id") == item.id)
    fill(_typed, lambda item, slot: bool(_names(item.values["slot"])
                                         & (_names(slot.get("slot") or "") | {str(slot.get("id")).lower()})))
    fill(untyped, lambda item, slot: slot.get("link") == item.values.get("link"))
    fill(untyped, lambda item, slot: True)
    return filled


def _label(slot) -> str:
    return f"{slot['slot']} {slot.get('id')}" if slot.get("slot") else str(slot.get("id"))


def _place(cell: Cell | None) -> Place | None:
    return None if cell is None else Place(cell.file, cell.line, cell.column, False, cell.label)


def _template_place(sources: Sources, node, key) -> Place | None:
    return sources.key_places(node, key)[1] if node is not None else None


def fill_slots(data, lineup: Lineup, sources: Sources) -> Filled:
    """The lineup's products for ``data`` (the template, as round-trip data), marked in ``sources``
    with the cell each value comes from; a ``LivesopError`` listing every empty slot."""
    from livesop.format.yamledit import block_map

    slots = [p for p in (data.get("products") or []) if hasattr(p, "get")]
    items = lineup.products
    filled = _match(slots, items)
    by_item = {i: j for j, i in filled.items()}
    bound = bound_segments(data)
    used = {item.id for item in items if item.id_given} | {str(slots[j].get("id")) for j in filled}
    result, renames, notes = [], {}, []
    for i, item in enumerate(items):
        slot = slots[by_item[i]] if i in by_item else None
        values = dict(item.values)
        places = {key: _place(item.cells.get(key)) or _place(item.row) for key in values}
        if slot is not None and not item.id_given:
            values["id"] = slot.get("id")
            places["id"] = _template_place(sources, slot, "id")
        elif slot is None and not item.id_given:
            values["id"] = _unused(values["id"], used)
        used.add(values["id"])
        if slot is not None and slot.get("slot"):
            values["slot"] = slot["slot"]
            places["slot"] = _template_place(sources, slot, "slot")
        if slot is not None and values["id"] != slot.get("id"):
            renames[str(slot.get("id"))] = values["id"]
        if slot is not None and _same_name(slot.get("name"), values.get("name")):
            product = copy.deepcopy(slot)  # the template's own product tonight: its claims … carry over
            for key in FIELD_ORDER:
                if key in values:
                    _set_in_order(product, key, values[key])
                elif key in lineup.columns and key in product and key != "id":
                    del product[key]
        else:
            product = block_map((k, values[k]) for k in FIELD_ORDER if k in values)
        sources.mark(product, _place(item.row), {k: places[k] for k in values if k in product and places.get(k)})
        result.append(product)
    notes += _mapping(slots, filled, result)
    extras = [result[i] for i in range(len(items)) if i not in by_item]
    if extras:
        sold = [str(s.get("id")) for s in data.get("segments") or () if hasattr(s, "get") and s.get("for_each")]
        if sold:
            where = ngettext("the for_each block {segments} sells them", "the for_each blocks {segments} sell them",
                             len(sold)).format(segments=join(sold))
        else:
            where = _("no segment sells them: add a for_each block or a segment with `product:`")
        listed = pgettext("list separator", ", ").join(
            _("{name} (`{id}`, {link}号链接)").format(name=p.get("name"), id=p.get("id"), link=p.get("link"))
            for p in extras)
        notes.append(ngettext("{count} lineup product beyond the template's slots, not bound to a fixed segment: "
                              "{products}; written as products, {where}",
                              "{count} lineup products beyond the template's slots, not bound to a fixed segment: "
                              "{products}; written as products, {where}", len(extras))
                     .format(count=len(extras), products=listed, where=where))
    _empty_slots(slots, filled, bound, lineup, sources, notes)
    return Filled(result, renames, notes)


def _unused(ident: str, used: set) -> str:
    candidate, number = ident, 2
    while candidate in used:
        candidate, number = f"{ident}-{number}", number + 1
    return candidate


def _mapping(slots: list, filled: dict[int, int], written: list) -> list[str]:
    """``主推款 hero ← 修护精华液 (1号链接, 199元)``, one line per filled slot, in template order."""
    lines = []
    for j, slot in enumerate(slots):
        if j not in filled:
            continue
        product = written[filled[j]]
        if product.get("id") != slot.get("id"):
            line = _("{slot} ← {name} ({link}号链接, {price}元) as `{id}`")
        else:
            line = _("{slot} ← {name} ({link}号链接, {price}元)")
        lines.append(line.format(slot=_label(slot), name=product.get("name"), link=product.get("link"),
                                 price=shown(product.get("live_price")), id=product.get("id")))
    return lines


def _empty_slots(slots: list, filled: dict[int, int], bound: dict[str, list[str]], lineup: Lineup,
                 sources: Sources, notes: list[str]) -> None:
    errors, left_out = [], []
    for j, slot in enumerate(slots):
        if j in filled:
            continue
        ident = str(slot.get("id"))
        if not slot.get("slot") and ident not in bound:
            left_out.append(ident)
            continue
        place = sources.node_place(slot) or Place(sources.template, 1, 1)
        selling = bound.get(ident, [])
        if selling:
            error = ngettext("{file}:{line}:{column}: slot {slot} is empty: no product of {lineup} fills it; "
                             "segment {segments} sells it",
                             "{file}:{line}:{column}: slot {slot} is empty: no product of {lineup} fills it; "
                             "segments {segments} sell it", len(selling))
        else:
            error = _("{file}:{line}:{column}: slot {slot} is empty: no product of {lineup} fills it")
        errors.append(error.format(file=place.file, line=place.line, column=place.column, slot=_label(slot),
                                   lineup=lineup.file, segments=join(selling)))
    if left_out:
        notes.append(_("template products not in the lineup, left out: {products}").format(
            products=join(left_out)))
    if errors:
        open_slots = pgettext("list separator", ", ").join(_label(slot) for j, slot in enumerate(slots) if j not in filled)
        typed = sorted({str(item.values["slot"]) for item in lineup.products if item.values.get("slot")})
        if typed:
            hint = _("add a row for {slots} to the lineup (its 类型 column may name the slot); the lineup's 类型 "
                     "values are {values}, or take the slot and its segments out of the template; nothing was written")
        else:
            hint = _("add a row for {slots} to the lineup (its 类型 column may name the slot), or take the slot and "
                     "its segments out of the template; nothing was written")
        raise LivesopError("\n".join(errors), hint.format(slots=open_slots, values=join(typed)))


def _set_in_order(mapping, key: str, value) -> None:
    if key in mapping:
        mapping[key] = value
        return
    from livesop.format.yamledit import insert_after

    insert_after(mapping, FIELD_ORDER[: FIELD_ORDER.index(key)], key, value)


def rename_products(data, renames: dict[str, str]) -> None:
    """Point every ``product:`` that named a slot at the product that fills it."""
    if not renames:
        return
    for segment in data.get("segments") or ():
        if hasattr(segment, "get") and isinstance(segment.get("product"), str) and segment["product"] in renames:
            segment["product"] = renames[segment["product"]]
