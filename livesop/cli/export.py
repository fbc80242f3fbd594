"""``livesop export``: write a playbook as an Excel 直播脚本 workbook."""

from __future__ import annotations

from pathlib import Path

import click

from livesop.errors import UsageError
from livesop.i18n import N_, _


@click.command("export", help=N_(
    "Write a playbook as a 直播脚本 Excel workbook that import reads back.\n\n"
    "Write PLAYBOOK as a 直播脚本 workbook: the run-of-show sheet of `livesop show --format xlsx` "
    "(with the 主播话术 column, every spoken line in full), then 话术, 商品, 岗位 and 变量 tables, "
    "so that `livesop import` reads it back.\n\n"
    "Exit status: 0 written, 1 the playbook's structure has errors or a 话术 cannot be found "
    "(nothing written), 2 usage error."))
@click.argument("playbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help=N_("The .xlsx file to write."))
@click.option("--start", metavar="HH:MM", help=N_("Go-live time (default: session.start, else schedule.start)."))
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help=N_("The scripts library folder (default: the nearest scripts_library/ above the playbook)."))
@click.option("--force", is_flag=True, help=N_("Replace OUTPUT when it exists."))
def command(playbook, output, start, library, force):
    from livesop.cli.print_options import load_or_exit
    from livesop.excel.export import export_bytes
    from livesop.files import refuse_overwrite, write_output

    if output.suffix.lower() != ".xlsx":
        raise UsageError(_("{file}: the output must be an .xlsx file").format(file=output),
                         _("e.g. -o {name}").format(name=output.with_suffix(".xlsx").name))
    refuse_overwrite(output, force)
    prepared = load_or_exit(playbook, library, start, None)
    timeline = prepared.timeline
    data = export_bytes(timeline.playbook, prepared.library, timeline.start_clock, prepared.library_searched)
    write_output(output, data)
    pb = timeline.playbook
    click.echo(_("wrote {file}: {rows} rows, {roles} roles, {products} products, {scripts} scripts").format(
        file=output, rows=len(timeline.slots), roles=len(pb.roles), products=len(pb.products), scripts=len(pb.scripts)))
