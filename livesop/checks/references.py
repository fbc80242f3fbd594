"""References (LS3xx): roles, products, scripts and scripts-library entries that must exist."""

from __future__ import annotations

from typing import Iterator

from livesop.checks.context import Context
from livesop.diagnostics import Diagnostic
from livesop.format.build import did_you_mean
from livesop.format.model import is_library_ref, split_library_ref
from livesop.format.source import Loc

FAMILY = "LS3"


def check(ctx: Context) -> Iterator[Diagnostic]:
    pb = ctx.playbook
    for role in pb.roles.values():
        if role.backup is not None:
            if role.backup == role.id:
                yield ctx.diag("LS307", role.pos("backup"), f"role `{role.id}` is its own backup",
                               "name another role who covers this one")
            else:
                yield from role_ref(ctx, role.backup, role.pos("backup"), "backup role")
    for phase, by_role in (pb.checklists or {}).items():
        for role_id in by_role:
            where = by_role.key_at(role_id, pb.pos("checklists")) if hasattr(by_role, "key_at") else pb.pos("checklists")
            yield from role_ref(ctx, role_id, where, f"{phase} checklist role")
    products = {product.id for product in pb.products}
    for segment in pb.segments:
        if segment.product is not None and segment.product not in products:
            yield ctx.diag("LS302", segment.pos("product"), f"segment `{segment.id}` names unknown product "
                           f"`{segment.product}`", did_you_mean(segment.product, [p.id for p in pb.products])
                           or _known("products", [p.id for p in pb.products]))
        if segment.for_each == "products" and not pb.products:
            yield ctx.diag("LS308", segment.pos("for_each"), f"for_each block `{segment.id}` has no products "
                           "to repeat, so it drops out of the run of show", "add `products:` or remove the block")
        for cue in segment.cues:  # where a reference is written is looked up only for a finding
            if cue.role is not None and cue.role not in pb.roles:
                yield from role_ref(ctx, cue.role, cue.pos("role"), "cue role")
            if cue.say is not None and not known_say(ctx, cue.say):
                yield from say_ref(ctx, cue.say, cue.pos("say"))


def role_ref(ctx: Context, role_id: str, loc: Loc, what: str) -> Iterator[Diagnostic]:
    roles = ctx.playbook.roles
    if role_id not in roles:
        yield ctx.diag("LS301", loc, f"{what} `{role_id}` is not defined in `roles`",
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
            yield ctx.diag("LS303", loc, f"script `{say}` is not defined in `scripts`",
                           did_you_mean(say, ctx.playbook.scripts) or _known("scripts", ctx.playbook.scripts)
                           + "; library templates are written `lib:<id>`")
        return
    entry_id, variant = split_library_ref(say)
    if ctx.library is None:
        if "LS306" not in ctx.memo:  # one cause, one finding: at the first reference, not at all of them
            ctx.memo["LS306"] = True
            yield ctx.diag("LS306", loc, f"`{say}` (and every other `lib:` reference) refers to the scripts "
                           "library, but no `scripts_library/` folder was found",
                           f"looked in {ctx.library_searched or 'the playbook folder and its parents'}; "
                           "pass --library DIR")
        return
    entry = ctx.library.entries.get(entry_id)
    if entry is None:
        yield ctx.diag("LS304", loc, f"scripts library has no entry `{entry_id}`",
                       did_you_mean(entry_id, ctx.library.entries) or "run `livesop scripts list` to see them")
    elif variant is not None and variant not in entry.variants:
        yield ctx.diag("LS305", loc, f"library entry `{entry_id}` has no variant `{variant}`",
                       _known("variants", entry.variants) if entry.variants else "it has no `##` variants")


def _known(what: str, names) -> str:
    names = [str(n) for n in names]
    return f"known {what}: {', '.join(names[:12])}" + (" …" if len(names) > 12 else "") if names else f"no {what} are defined"

