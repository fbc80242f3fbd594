"""``livesop show``: the run-of-show sheet, one row per segment and one column per role."""

from __future__ import annotations

from pathlib import Path

import click

from livesop.cli.options import format_option
from livesop.cli.print_options import emit, load_or_exit, sheet_options, text_options
from livesop.errors import UsageError
from livesop.i18n import N_, _
from livesop.print.render import BINARY_FORMATS, SCRIPT_MODES, SHOW_FORMATS, render_show


@click.command("show", help=N_(
    "Print the run-of-show sheet: one row per segment, one column per role.\n\n"
    "Print the run of show: start, length, title, product (链接号, 直播价), each role's cues and, "
    "for every spoken line, its full 话术 (the 主播话术 column; --scripts id for script ids only).\n\n"
    "Times are clock times when the go-live time is known (session, schedule or --start), "
    "otherwise offsets from go-live (T+mm:ss). Exit status: 0 printed, 1 the playbook's "
    "structure has errors or a 话术 cannot be found, 2 usage error."))
@click.argument("playbook", type=click.Path(dir_okay=False, path_type=Path))
@format_option(SHOW_FORMATS, N_("text for the terminal, md, html (print-ready), json, or xlsx (needs -o)."))
@click.option("--scripts", type=click.Choice(SCRIPT_MODES), default="full", show_default=True,
              help=N_("full: each spoken line's 话术 in full (the 主播话术 column); id: only the script ids."))
@sheet_options
def command(playbook, fmt, scripts, output, start, date, library, color_mode):
    if fmt in BINARY_FORMATS and output is None:
        raise UsageError(_("{format} output needs a file").format(format=fmt),
                         _("add -o FILE.{suffix}").format(suffix=fmt))
    from livesop.print.sheet import build_show

    prepared = load_or_exit(playbook, library, start, date)
    sheet = build_show(prepared.timeline, prepared.library, prepared.date, prepared.library_searched)
    options = text_options(output, color_mode) if fmt == "text" else {}
    emit(render_show(fmt, sheet, scripts=scripts, **options), output, binary=fmt in BINARY_FORMATS,
         color=options.get("color", False))
