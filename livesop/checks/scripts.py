"""话术 (LS5xx): placeholders that are malformed, unknown, or have no value where they are used,
inline scripts nothing uses, and tabs inside texts that are spoken or shown."""

from __future__ import annotations

import re
from typing import Iterator

from livesop.checks.context import Context
from livesop.diagnostics import Diagnostic
from livesop.format.build import did_you_mean
from livesop.format.model import PRODUCT_FIELDS, Text, is_library_ref
from livesop.format.placeholders import SEGMENT_FIELDS, scan
from livesop.format.resolve import resolve_say
from livesop.format.source import Loc
from livesop.format.texts import SpokenText

FAMILY = "LS5"

_SHOWN_TAB = re.compile(r"\t[^\S\n]*\S+")  # a tab with text after it on its line


def check(ctx: Context) -> Iterator[Diagnostic]:
    for spoken in ctx.spoken:
        if spoken.has_placeholders:
            yield from _syntax(ctx, spoken.text, check_vars=spoken.kind != "library")
        if "\t" in spoken.text.value:
            yield from _tabs(ctx, spoken)
    for segment in ctx.segments:
        product = ctx.playbook.product(segment.product)
        if segment.product is not None and product is None:
            continue  # an unknown product (LS302) is the one cause: its placeholders are not findings too
        uses = [(segment.title, None)] + [(cue.do, None) for cue in segment.cues if cue.do is not None]
        uses += [(resolve_say(ctx.playbook, ctx.library, cue.say), cue) for cue in segment.cues if cue.say]
        for text, cue in uses:
            if text is not None:
                yield from _binding(ctx, text, segment, product, cue)
    for plan in ctx.playbook.emergencies:
        refs = [(plan.hold, plan.pos("hold"))] + [(step.say, step.pos("say")) for step in plan.steps]
        for ref, loc in refs:
            if is_library_ref(ref):
                text = resolve_say(ctx.playbook, ctx.library, ref)
                if text is not None:
                    yield from _library_vars(ctx, text, ref, loc)
    yield from _unused(ctx)


def _syntax(ctx: Context, text: Text, check_vars: bool) -> Iterator[Diagnostic]:
    for ph in scan(text.value):
        if ph.kind in ("countdown", "var") and (not check_vars or ph.name in ctx.playbook.variables):
            continue
        if ph.kind == "product" and ph.name in PRODUCT_FIELDS or ph.kind == "segment" and ph.name in SEGMENT_FIELDS:
            continue  # a known field: no finding, and no need to find where it is
        at = text.loc.point(text.value, ph.start, ph.end)
        if ph.kind == "bad":
            yield ctx.diag("LS502", at, ph.problem, "write `{name}`, `{product.name}`, `{segment.title}` or "
                           "`{countdown}`; `{{` and `}}` give literal braces")
        elif ph.kind == "product" and ph.name not in PRODUCT_FIELDS:
            yield ctx.diag("LS501", at, f"`{{{ph.expr}}}` is not a product field",
                           did_you_mean(ph.name, PRODUCT_FIELDS) or f"fields: {', '.join(PRODUCT_FIELDS)}")
        elif ph.kind == "segment" and ph.name not in SEGMENT_FIELDS:
            yield ctx.diag("LS501", at, f"`{{{ph.expr}}}` is not a segment field", "only `{segment.title}` exists")
        elif ph.kind == "var" and check_vars and ph.name not in ctx.playbook.variables:
            yield ctx.diag("LS501", at, f"`{{{ph.name}}}` is not defined in `variables`",
                           did_you_mean(ph.name, ctx.playbook.variables) or f"add `variables: {{{ph.name}: …}}`")


def _tabs(ctx: Context, spoken: SpokenText) -> Iterator[Diagnostic]:
    """A tab followed by text (two cells pasted from Excel) shows as a gap of any width."""
    text = spoken.text
    shown = list(_SHOWN_TAB.finditer(text.value))
    if shown:
        first = shown[0]
        more = f" ({len(shown)} places)" if len(shown) > 1 else ""
        yield ctx.diag("LS506", text.loc.point(text.value, first.start(), first.end()),
                       f"tab character in `{spoken.where}`{more}",
                       "write a space instead: prompters and printed sheets show a tab as a gap of any width "
                       "(cells pasted from Excel are separated by tabs)")


def _binding(ctx: Context, text: Text, segment, product, cue) -> Iterator[Diagnostic]:
    library = cue is not None and is_library_ref(cue.say)
    if library:
        yield from _library_vars(ctx, text, cue.say, cue.pos("say"))
    for ph in scan(text.value):
        if ph.kind != "product" or ph.name not in PRODUCT_FIELDS:
            continue
        if product is not None and product.field_value(ph.name) is not None:
            continue
        at = cue.pos("say") if library else text.loc.point(text.value, ph.start, ph.end)
        via = f" (via `{cue.say}`)" if library else ""
        if product is None:
            yield ctx.diag("LS503", at, f"`{{{ph.expr}}}`{via} is used in segment `{segment.id}`, which has no "
                           "product", "add `product: <id>` or `for_each: products` to the segment, or write the "
                           "name out")
        else:
            yield ctx.diag("LS504", at, f"`{{{ph.expr}}}`{via} has no value: product `{product.id}` has no "
                           f"`{ph.name}` (segment `{segment.id}`)", f"give product `{product.id}` a `{ph.name}`")


def _library_vars(ctx: Context, text: Text, ref: str, loc: Loc) -> Iterator[Diagnostic]:
    for ph in scan(text.value):
        if ph.kind == "var" and ph.name not in ctx.playbook.variables:
            yield ctx.diag("LS501", loc, f"`{ref}` uses `{{{ph.name}}}`, which is not defined in `variables`",
                           f"add `variables: {{{ph.name}: …}}`")


def _unused(ctx: Context) -> Iterator[Diagnostic]:
    used = {cue.say for segment in ctx.playbook.segments for cue in segment.cues}
    used |= {plan.hold for plan in ctx.playbook.emergencies}
    used |= {step.say for plan in ctx.playbook.emergencies for step in plan.steps}
    for script in ctx.playbook.scripts.values():
        if script.id not in used:
            yield ctx.diag("LS505", script.pos("id"), f"script `{script.id}` is never used",
                           "refer to it from a cue (`say: " + script.id + "`) or an emergency `hold`, or remove it")


