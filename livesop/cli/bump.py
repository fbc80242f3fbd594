"""``livesop bump``: raise a playbook's version in place."""

from __future__ import annotations

import click

from livesop.versions.bump import PARTS


@click.command("bump")
@click.argument("path", type=click.Path(dir_okay=False))
@click.argument("part", type=click.Choice(PARTS))
def command(path, part):
    """Raise a playbook's version (major, minor or patch), keeping every other byte.

    Raise PATH's `version` by PART (major, minor or patch).

    Only the version's characters change: comments, key order, quoting and indentation stay
    byte for byte. The file is replaced atomically.
    """
    from livesop.versions.bump import bump_file

    old, new = bump_file(path, part)
    click.echo(f"{path}: version {old} → {new}")
