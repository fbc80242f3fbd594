"""``livesop new``: plan a dated session file from a template playbook and a lineup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from livesop.errors import LivesopError, UsageError
from livesop.i18n import N_, _


def _pair(value: str) -> tuple[str, str]:
    name, sep, text = value.partition("=")
    if not sep or not name.strip():
        raise UsageError(_("--set {value!r} is not NAME=VALUE").format(value=value), _("e.g. --set host=阿满"))
    return name.strip(), text


@click.command("new", help=N_(
    "Plan tonight's session file from a template and a lineup (CSV/XLSX).\n\n"
    "Write a session file for one show from TEMPLATE (a playbook file or the id of one in playbooks/).\n\n"
    "The template's comments and key order are kept; the lineup fills the template's products (its slots: by id, "
    "else by a 类型 column, else by link number, else in order), for_each blocks are written out per product, and "
    "a session block records the date, start, the template (id, version, git commit) and where the scripts library "
    "is, relative to OUTPUT. Nothing is written when the result has errors. Exit status: 0 written, 1 the session "
    "or lineup has errors, 2 usage error."))
@click.argument("template")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help=N_("The session file to write, e.g. sessions/2026-11-25.yaml."))
@click.option("--date", metavar="YYYY-MM-DD", help=N_("The show's date (default: today)."))
@click.option("--start", metavar="HH:MM", help=N_("Go-live time (default: the template's schedule.start)."))
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help=N_("Set one of the template's variables; repeatable."))
@click.option("--products", type=click.Path(path_type=Path), metavar="FILE",
              help=N_("Tonight's lineup (排品), CSV or XLSX; replaces the template's products."))
@click.option("--sheet", metavar="NAME",
              help=N_("The lineup's sheet in an XLSX (default: 商品 or 排品, else the first)."))
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help=N_("The scripts library the session records, relative to OUTPUT's folder "
                      "(default: the template's, the nearest scripts_library/ above it)."))
@click.option("--title", metavar="TEXT", help=N_("The session's title (default: the template's)."))
@click.option("--force", is_flag=True, help=N_("Replace OUTPUT when it exists."))
def command(template, output, date, start, sets, products, sheet, library, title, force):
    from livesop.checks.draft import report
    from livesop.excel.lineup import read_lineup
    from livesop.files import check_input, refuse_overwrite, write_output
    from livesop.plan.planner import find_template, plan_session
    from livesop.print.prepare import parse_date, parse_start

    refuse_overwrite(output, force)
    day = parse_date(date) or dt.date.today()
    clock = parse_start(start)
    pairs = [_pair(value) for value in sets]
    if title is not None and not title.strip():
        raise UsageError(_("--title is empty"), _('give the session a title, e.g. --title "11月25日晚场"'))
    check_input(template, "template", missing_ok=True)  # a missing file may be a template id
    template_path = find_template(template)
    lineup = read_lineup(products, sheet) if products is not None else None
    plan = plan_session(template_path, output, day, clock, pairs, lineup, library=library, title=title)
    for note in plan.notes:
        click.echo(_("note: {note}").format(note=note), err=True)
    if plan.checked.errors:
        click.echo(report(plan.checked, str(output)), err=True)
        raise LivesopError(_("the session planned from {template} has errors; nothing was written").format(
                               template=template_path),
                           _("fix the template or the lineup at the places listed above"))
    if plan.checked.diagnostics:
        click.echo(report(plan.checked, str(output)), err=True)
    write_output(output, plan.text)
    playbook = plan.checked.playbook
    if plan.commit:
        wrote = _("wrote {output}: {segments} segments, {products} products, from {template} {version} @ {commit}")
    else:
        wrote = _("wrote {output}: {segments} segments, {products} products, from {template} {version} (not in git)")
    click.echo(wrote.format(output=output, segments=len(playbook.segments), products=len(playbook.products),
                            template=plan.template_id, version=plan.template_version,
                            commit=(plan.commit or "")[:12]))
