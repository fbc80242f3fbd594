"""Emergencies (LS8xx): every plan has an owner who is a role, steps, and P1 a recovery target."""

from __future__ import annotations

from typing import Iterator

from livesop.checks.context import Context
from livesop.checks.references import names_list, say_ref
from livesop.diagnostics import Diagnostic
from livesop.format.build import did_you_mean
from livesop.i18n import _

FAMILY = "LS8"


def check(ctx: Context) -> Iterator[Diagnostic]:
    roles = ctx.playbook.roles
    for plan in ctx.playbook.emergencies:
        if plan.owner is not None and plan.owner not in roles:
            yield ctx.diag("LS801", plan.pos("owner"),
                           _("owner `{owner}` of plan `{plan}` is not a role").format(owner=plan.owner, plan=plan.id),
                           did_you_mean(plan.owner, roles) or _("roles: {names}").format(names=names_list(roles)))
        if not plan.steps:
            yield ctx.diag("LS802", plan.pos("steps"), _("emergency plan `{plan}` has no steps").format(plan=plan.id),
                           _("list who does what: `steps: [{role: ops, do: 切换备用机}]`"))
        if plan.severity == "P1" and plan.recover_within is None:
            yield ctx.diag("LS803", plan.pos("severity"),
                           _("P1 plan `{plan}` sets no `recover_within`").format(plan=plan.id),
                           _("stop-the-show faults need a recovery target, e.g. `recover_within: 5m`"))
        if plan.hold is not None:
            for finding in say_ref(ctx, plan.hold, plan.pos("hold")):
                yield ctx.diag("LS805", plan.pos("hold"), _("hold script of plan `{plan}`: {problem}").format(
                    plan=plan.id, problem=finding.message), finding.hint)
        for step in plan.steps:
            if step.role is not None and step.role not in roles:
                yield ctx.diag("LS804", step.pos("role"),
                               _("step of plan `{plan}` is for unknown role `{role}`").format(plan=plan.id, role=step.role),
                               did_you_mean(step.role, roles) or _("roles: {names}").format(names=names_list(roles)))
            if step.say is not None:
                yield from say_ref(ctx, step.say, step.pos("say"))
