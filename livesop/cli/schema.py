"""``livesop schema``: print (or write) the JSON Schema of playbook format 1."""

from __future__ import annotations

from pathlib import Path

import click

from livesop.files import write_output
from livesop.format.schema import schema_text
from livesop.i18n import N_, _


@click.command("schema", help=N_("Print the JSON Schema of playbook format 1.\n\n"
                                 "The schema follows JSON Schema 2020-12, for editors and other tools."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Write the schema to this file (atomically) instead of printing it."))
def command(output):
    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(output, text)
        click.echo(_("wrote {path}").format(path=output), err=True)
