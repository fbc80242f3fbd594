"""``livesop export``: write a playbook as an Excel 直播脚本 workbook."""

from __future__ import annotations

from pathlib import Path

import click

from livesop.errors import UsageError


@click.command("export")
@click.argument("playbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .xlsx file to write.")
@click.option("--start", metavar="HH:MM", help="Go-live time (default: session.start, else schedule.start).")
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The scripts library folder (default: the nearest scripts_library/ above the playbook).")
@click.option("--force", is_flag=True, help="Replace OUTPUT when it exists.")
def command(playbook, output, start, library, force):
    """Write a playbook as a 直播脚本 Excel workbook that import reads back.

    Write PLAYBOOK as a 直播脚本 workbook: the run-of-show sheet of `livesop show --format xlsx`
    (with the 主播话术 column, every spoken line in full), then 话术, 商品, 岗位 and 变量 tables,
    so that `livesop import` reads it back.

    Exit status: 0 written, 1 the playbook's structure has errors or a 话术 cannot be found
    (nothing written), 2 usage error.
    """
    from livesop.cli.print_options import load_or_exit
    from livesop.excel.export import export_bytes
    from livesop.files import refuse_overwrite, write_output

    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the output must be an .xlsx file", f"e.g. -o {output.with_suffix('.xlsx').name}")
    refuse_overwrite(output, force)
    prepared = load_or_exit(playbook, library, start, None)
    timeline = prepared.timeline
    data = export_bytes(timeline.playbook, prepared.library, timeline.start_clock, prepared.library_searched)
    write_output(output, data)
    click.echo(f"wrote {output}: {len(timeline.slots)} rows, {len(timeline.playbook.roles)} roles, "
               f"{len(timeline.playbook.products)} products, {len(timeline.playbook.scripts)} scripts")
