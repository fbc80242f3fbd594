"""话术 (LS5xx): placeholders that are malformed, unknown, or have no value where they are used,
inline scripts nothing uses, and tabs inside texts that are spoken or shown."""

from __future__ import annotations

from typing import Iterator

from livesop import regexes
from livesop.checks.context import Context
from livesop.checks.references import names_list
from livesop.diagnostics import Diagnostic
from livesop.format.build import did_you_mean
from livesop.format.model import PRODUCT_FIELDS, Text, is_library_ref
from livesop.format.placeholders import SEGMENT_FIELDS, scan
from livesop.format.resolve import resolve_say
from livesop.format.source import Loc
from livesop.format.texts import SpokenText
from livesop.i18n import _

FAMILY = "LS5"

_SHOWN_TAB = regexes.compile(r"\t[^\S\n]*\S+")  # a tab with text after it on its line


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
            yield ctx.diag("LS502", at, ph.problem, _("write `{name}`, `{product.name}`, `{segment.title}` or "
                                                      "`{countdown}`; `{{` and `}}` give literal braces"))
        elif ph.kind == "product" and ph.name not in PRODUCT_FIELDS:
            yield ctx.diag("LS501", at, _("`{placeholder}` is not a product field").format(placeholder=_braced(ph.expr)),
                           did_you_mean(ph.name, PRODUCT_FIELDS)
                           or _("fields: {names}").format(names=names_list(PRODUCT_FIELDS)))
        elif ph.kind == "segment" and ph.name not in SEGMENT_FIELDS:
            yield ctx.diag("LS501", at, _("`{placeholder}` is not a segment field").format(placeholder=_braced(ph.expr)),
                           _("only `{segment.title}` exists"))
        elif ph.kind == "var" and check_vars and ph.name not in ctx.playbook.variables:
            yield ctx.diag("LS501", at, _("`{placeholder}` is not defined in `variables`").format(
                placeholder=_braced(ph.name)),
                           did_you_mean(ph.name, ctx.playbook.variables) or _add_variable(ph.name))


def _braced(name: str) -> str:
    """A placeholder as it is written in a text: ``{name}``."""
    return "{" + name + "}"


def _add_variable(name: str) -> str:
    return _("add `variables: {example}`").format(example="{" + name + ": …}")


def _tabs(ctx: Context, spoken: SpokenText) -> Iterator[Diagnostic]:
    """A tab followed by text (two cells pasted from Excel) shows as a gap of any width."""
    text = spoken.text
    shown = list(_SHOWN_TAB.finditer(text.value))
    if shown:
        first = shown[0]
        if len(shown) > 1:
            message = _("tab character in `{where}` ({count} places)").format(where=spoken.where, count=len(shown))
        else:
            message = _("tab character in `{where}`").format(where=spoken.where)
        yield ctx.diag("LS506", text.loc.point(text.value, first.start(), first.end()), message,
                       _("write a space instead: prompters and printed sheets show a tab as a gap of any width "
                         "(cells pasted from Excel are separated by tabs)"))


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
        fields = {"placeholder": _braced(ph.expr), "ref": cue.say if library else "", "segment": segment.id}
        if product is None:
            message = (_("`{placeholder}` (via `{ref}`) is used in segment `{segment}`, which has no product")
                       if library else _("`{placeholder}` is used in segment `{segment}`, which has no product"))
            yield ctx.diag("LS503", at, message.format(**fields),
                           _("add `product: <id>` or `for_each: products` to the segment, or write the name out"))
        else:
            message = (_("`{placeholder}` (via `{ref}`) has no value: product `{product}` has no `{field}` "
                         "(segment `{segment}`)") if library else
                       _("`{placeholder}` has no value: product `{product}` has no `{field}` (segment `{segment}`)"))
            yield ctx.diag("LS504", at, message.format(product=product.id, field=ph.name, **fields),
                           _("give product `{product}` a `{field}`").format(product=product.id, field=ph.name))


def _library_vars(ctx: Context, text: Text, ref: str, loc: Loc) -> Iterator[Diagnostic]:
    for ph in scan(text.value):
        if ph.kind == "var" and ph.name not in ctx.playbook.variables:
            yield ctx.diag("LS501", loc, _("`{ref}` uses `{placeholder}`, which is not defined in `variables`").format(
                ref=ref, placeholder=_braced(ph.name)), _add_variable(ph.name))


def _unused(ctx: Context) -> Iterator[Diagnostic]:
    used = {cue.say for segment in ctx.playbook.segments for cue in segment.cues}
    used |= {plan.hold for plan in ctx.playbook.emergencies}
    used |= {step.say for plan in ctx.playbook.emergencies for step in plan.steps}
    for script in ctx.playbook.scripts.values():
        if script.id not in used:
            yield ctx.diag("LS505", script.pos("id"), _("script `{script}` is never used").format(script=script.id),
                           _("refer to it from a cue (`say: {script}`) or an emergency `hold`, or remove it").format(
                               script=script.id))


