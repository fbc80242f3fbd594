"""``livesop import``: read an Excel 直播脚本 into a playbook file."""

from __future__ import annotations

from pathlib import Path

import click

from livesop.errors import LivesopError
from livesop.i18n import N_, _, ngettext

BLOCKING = ("LS1", "LS2", "LS4")  # findings that mean the import itself went wrong


@click.command("import", help=N_(
    "Read a 直播脚本 Excel sheet into a playbook.\n\n"
    "Read a 直播脚本 workbook (title row, info lines, a header row, one segment per row) into a playbook.\n\n"
    "Every cell that cannot be mapped is listed with its place. The playbook is written only when "
    "it is sound (structure and timing); findings about its content (话术, commerce, compliance) "
    "are listed for you to fix in the YAML. Exit status: 0 written, 1 the sheet cannot be read "
    "into a sound playbook, 2 usage error."))
@click.argument("sheet_file", metavar="SHEET.xlsx", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help=N_("The playbook file to write, e.g. imported.yaml."))
@click.option("--sheet", metavar="NAME", help=N_("The worksheet to read (default: 直播脚本, else the first)."))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help=N_("Read a column with an unusual header as a field (环节, 时长, 主播话术 …), a role's cues "
                      "(role:<id>) or not at all (ignore); COLUMN is the header text or the column letter. "
                      "Repeatable."))
@click.option("--force", is_flag=True, help=N_("Replace OUTPUT when it exists."))
def command(sheet_file, output, sheet, maps, force):
    from livesop.checks.draft import Checked, report
    from livesop.diagnostics import matches_prefixes
    from livesop.excel.columns import parse_map
    from livesop.excel.importer import import_workbook
    from livesop.files import refuse_overwrite, write_output

    refuse_overwrite(output, force)
    result = import_workbook(sheet_file, output, sheet, parse_map(maps))
    for note in result.notes:
        click.echo(_("note: {note}").format(note=note), err=True)
    blocking = [d for d in result.checked.errors if matches_prefixes(d.code, BLOCKING)]
    if blocking:
        click.echo(report(Checked(blocking), str(output)), err=True)
        raise LivesopError(_("{file} did not read into a sound playbook; nothing was written").format(file=sheet_file),
                           _("fix the cells listed above, or tell livesop what a column holds with --map COLUMN=FIELD"))
    if result.checked.diagnostics:
        click.echo(report(result.checked, str(output)), err=True)
    write_output(output, result.text)
    summary = _("wrote {file}: {segments} segments, {roles} roles, {products} products, {scripts} scripts, "
                "{cues} cues").format(file=output, **result.counts)
    if result.notes:
        summary = ngettext("{summary}; {count} note above", "{summary}; {count} notes above", len(result.notes)).format(
            summary=summary, count=len(result.notes))
    click.echo(summary)
