"""``livesop checklist``: each role's own sheet — before, cues with clock times, emergencies, after."""

from __future__ import annotations

from pathlib import Path

import click

from livesop.cli.options import format_option
from livesop.cli.print_options import emit, load_or_exit, sheet_options, text_options
from livesop.errors import UsageError
from livesop.i18n import N_, _
from livesop.print.render import CHECKLIST_FORMATS, render_checklist


@click.command("checklist", help=N_(
    "Print each role's checklist: before items, timed cues, emergencies, after.\n\n"
    "Print checklists per role: the before items with due times and blocking marks, the role's "
    "cues in time order with the full rendered 话术, its emergency plans and the after items.\n\n"
    "Exit status: 0 printed, 1 the playbook's structure has errors or a 话术 cannot be found, "
    "2 usage error (such as an unknown role; the message lists the playbook's roles)."))
@click.argument("playbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--role", "roles", multiple=True, metavar="ROLE",
              help=N_("A role id or name (e.g. ops or 中控); repeatable."))
@click.option("--all", "all_roles", is_flag=True, help=N_("Every role of the playbook, in its order."))
@format_option(CHECKLIST_FORMATS, N_("text for the terminal, md, html (print-ready, one role per page) or json."))
@sheet_options
def command(playbook, roles, all_roles, fmt, output, start, date, library, color_mode):
    if bool(roles) == all_roles:
        raise UsageError(_("name the roles with --role ROLE (repeatable) or pass --all") if not roles
                         else _("--role and --all cannot be used together"),
                         _("e.g. livesop checklist show.yaml --role ops"))
    from livesop.print.sheet import build_checklists, select_roles

    prepared = load_or_exit(playbook, library, start, date)
    chosen = None if all_roles else select_roles(prepared.timeline.playbook, roles)
    sheet = build_checklists(prepared.timeline, prepared.library, chosen, prepared.date, prepared.library_searched)
    options = text_options(output, color_mode) if fmt == "text" else {}
    emit(render_checklist(fmt, sheet, **options), output, color=options.get("color", False))
