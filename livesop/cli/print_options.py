"""Options and output handling shared by ``livesop show`` and ``livesop checklist``."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from livesop.cli.options import color_option, wants_color
from livesop.errors import LivesopError, UsageError
from livesop.i18n import N_, _


def sheet_options(func):
    """``-o``, ``--start``, ``--date``, ``--library`` and ``--color``, taken by both sheets besides the playbook."""
    func = color_option(func)
    func = click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        help=N_("The scripts library folder "
                                "(default: the nearest scripts_library/ above the playbook)."))(func)
    func = click.option("--date", metavar="YYYY-MM-DD",
                        help=N_("The show's date for the header (default: session.date)."))(func)
    func = click.option("--start", metavar="HH:MM",
                        help=N_("Go-live time (default: session.start, else schedule.start)."))(func)
    func = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help=N_("Write to this file instead of standard output."))(func)
    return func


def load_or_exit(path: Path, library: Path | None, start: str | None, date: str | None):
    """The print input, or the blocking diagnostics on standard error and exit status 1."""
    from livesop.checks.reporters.text import render as render_text
    from livesop.files import check_input
    from livesop.print.prepare import prepare

    check_input(path, "playbook")
    prepared = prepare(path, library, start, date)
    if prepared.failed:
        click.echo(render_text(prepared.report()), err=True)
        raise LivesopError(_("the playbook has errors that stop it from being printed; fix them first"),
                           _("the findings above say where; `livesop validate` checks the file again"))
    return prepared


def text_options(output: Path | None, color_mode: str = "auto") -> dict:
    """Width and colour for the terminal renderer: the terminal's when printing to one."""
    color = wants_color(color_mode, to_file=output is not None)
    if output is not None:
        return {"width": 120, "color": color}
    return {"width": shutil.get_terminal_size((100, 24)).columns, "color": color}


def emit(data: str | bytes, output: Path | None, binary: bool = False, color: bool = False) -> None:
    """Write to ``output`` (``files.write_output``), or to standard output (binary formats need a file)."""
    if output is None:
        if binary:
            raise UsageError(_("{format} output needs a file").format(format="xlsx"),
                             _("add -o FILE.{suffix}").format(suffix="xlsx"))
        click.echo(data, nl=not data.endswith("\n"), color=color)
        return
    from livesop.files import write_output

    if output.parent != Path("") and not output.parent.is_dir():
        raise UsageError(_("{folder}: no such folder").format(folder=output.parent),
                         _("create it first or choose another -o path"))
    write_output(output, data)
    click.echo(_("wrote {file}").format(file=output), err=True)
