"""References (LS3xx): roles, products, scripts and scripts-library entries that must exist."""

from __future__ import annotations

from typing import Iterator

from livesop.checks.context import Context
from livesop.diagnostics import Diagnostic
from livesop.format.build import did_you_mean
from livesop.format.model import is_library_ref, split_library_ref
from livesop.format.source import Loc
from livesop.i18n import N_, _, pgettext

FAMILY = "LS3"
# what ``_known`` lists: (the names there are, there are none), marked for the catalogue
_KNOWN = {
    "products": (N_("known products: {names}"), N_("no products are defined")),
    "roles": (N_("known roles: {names}"), N_("no roles are defined")),
    "scripts": (N_("known scripts: {names}"), N_("no scripts are defined")),
    "variants": (N_("known variants: {names}"), N_("no variants are defined")),
    "emergencies": (N_("known emergencies: {names}"), N_("no emergencies are defined")),
}
# a checklist role that is not a role, by the checklist's phase (``format.model.PHASES``)
_CHECKLIST_ROLE = {
    "before": N_("before checklist role `{role}` is not defined in `roles`"),
    "after": N_("after checklist role `{role}` is not defined in `roles`"),
}


def check(ctx: Context) -> Iterator[Diagnostic]:
    pb = ctx.playbook
    for role in pb.roles.values():
        if role.backup is not None:
            if role.backup == role.id:
                yield ctx.diag("LS307", role.pos("backup"), _("role `{role}` is its own backup").format(role=role.id),
                               _("name another role who covers this one"))
            else:
                yield from role_ref(ctx, role.backup, role.pos("backup"),
                                    _("backup role `{role}` is not defined in `roles`"))
    for phase, by_role in (pb.checklists or {}).items():
        for role_id in by_role:
            where = by_role.key_at(role_id, pb.pos("checklists")) if hasattr(by_role, "key_at") else pb.pos("checklists")
            message = _(_CHECKLIST_ROLE[phase]) if phase in _CHECKLIST_ROLE else \
                _("{phase} checklist role `{role}` is not defined in `roles`")
            yield from role_ref(ctx, role_id, where, message, phase=phase)
    products = {product.id for product in pb.products}
    for segment in pb.segments:
        if segment.product is not None and segment.product not in products:
            yield ctx.diag("LS302", segment.pos("product"),
                           _("segment `{segment}` names unknown product `{product}`").format(
                               segment=segment.id, product=segment.product),
                           did_you_mean(segment.product, [p.id for p in pb.products])
                           or _known("products", [p.id for p in pb.products]))
        if segment.for_each == "products" and not pb.products:
            yield ctx.diag("LS308", segment.pos("for_each"),
                           _("for_each block `{segment}` has no products to repeat, so it drops out of the run of "
                             "show").format(segment=segment.id),
                           _("add `products:` or remove the block"))
        for cue in segment.cues:  # where a reference is written is looked up only for a finding
            if cue.role is not None and cue.role not in pb.roles:
                yield from role_ref(ctx, cue.role, cue.pos("role"), _("cue role `{role}` is not defined in `roles`"))
            if cue.say is not None and not known_say(ctx, cue.say):
                yield from say_ref(ctx, cue.say, cue.pos("say"))
    yield from _comment_alerts(ctx)


def _comment_alerts(ctx: Context) -> Iterator[Diagnostic]:
    """The roles and emergency plans the 弹幕 watch's alert levels name (``compliance.comments``)."""
    pb = ctx.playbook
    watch = pb.compliance.comments if pb.compliance is not None else None
    for level in watch.levels if watch is not None else ():
        if level.role is not None and level.role not in pb.roles:
            yield ctx.diag("LS301", level.pos("role"),
                           _("comment alert role `{role}` is not defined in `roles`").format(role=level.role),
                           did_you_mean(level.role, pb.roles) or _known("roles", pb.roles))
        if level.emergency is not None and pb.emergency(level.emergency) is None:
            plans = [plan.id for plan in pb.emergencies if plan.id]
            yield ctx.diag("LS310", level.pos("emergency"),
                           _("comment alert level at {count} names unknown emergency plan `{plan}`").format(
                               count=level.at, plan=level.emergency),
                           did_you_mean(level.emergency, plans) or _known("emergencies", plans))


def role_ref(ctx: Context, role_id: str, loc: Loc, message: str, **fields) -> Iterator[Diagnostic]:
    """LS301 when ``role_id`` is not a role; ``message`` is the finding's text (translated), its
    ``{role}`` the role and its other fields ``fields``."""
    roles = ctx.playbook.roles
    if role_id not in roles:
        yield ctx.diag("LS301", loc, message.format(role=role_id, **fields),
                       did_you_mean(role_id, roles) or _known("roles", roles))


def known_say(ctx: Context, say: str) -> bool:
    """Whether ``say_ref`` finds nothing wrong with a ``say`` or ``hold`` reference."""
    if not is_library_ref(say):
        return say in ctx.playbook.scripts
    if ctx.library is None:
        return False
    entry_id, variant = split_library_ref(say)
    entry = ctx.library.entries.get(entry_id)
    return entry is not None and (variant is None or variant in entry.variants)


def say_ref(ctx: Context, say: str, loc: Loc) -> Iterator[Diagnostic]:
    """LS303/LS304/LS305/LS306 for a ``say`` or ``hold`` reference."""
    if not is_library_ref(say):
        if say not in ctx.playbook.scripts:
            yield ctx.diag("LS303", loc, _("script `{script}` is not defined in `scripts`").format(script=say),
                           did_you_mean(say, ctx.playbook.scripts) or _("{known}; library templates are written "
                                                                        "`lib:<id>`").format(
                               known=_known("scripts", ctx.playbook.scripts)))
        return
    entry_id, variant = split_library_ref(say)
    if ctx.library is None:
        if "LS306" not in ctx.memo:  # one cause, one finding: at the first reference, not at all of them
            ctx.memo["LS306"] = True
            yield ctx.diag("LS306", loc,
                           _("`{ref}` (and every other `lib:` reference) refers to the scripts library, but no "
                             "`scripts_library/` folder was found").format(ref=say),
                           _("looked in {places}; pass --library DIR").format(
                               places=ctx.library_searched or _("the playbook folder and its parents")))
        return
    entry = ctx.library.entries.get(entry_id)
    if entry is None:
        yield ctx.diag("LS304", loc, _("scripts library has no entry `{entry}`").format(entry=entry_id),
                       did_you_mean(entry_id, ctx.library.entries) or _("run `livesop scripts list` to see them"))
    elif variant is not None and variant not in entry.variants:
        yield ctx.diag("LS305", loc, _("library entry `{entry}` has no variant `{variant}`").format(
            entry=entry_id, variant=variant),
                       _known("variants", entry.variants) if entry.variants else _("it has no `##` variants"))


def names_list(names) -> str:
    """Ids in a message, as the reader's language lists them (``a, b, c``; ``a、b、c``)."""
    return pgettext("between names in a list", ", ").join(str(name) for name in names)


def _known(what: str, names) -> str:
    names = [str(n) for n in names]
    some, none = _KNOWN.get(what, (N_("known {what}: {names}"), N_("no {what} are defined")))
    if not names:
        return _(none).format(what=what)
    return _(some).format(what=what, names=names_list(names[:12])) + (" …" if len(names) > 12 else "")

