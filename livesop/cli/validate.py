"""``livesop validate``: check playbook files and folders."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from livesop.checks.reporters import REPORTERS, render
from livesop.checks.validate import validate_paths
from livesop.cli.options import color_option, format_option, split_codes, wants_color
from livesop.errors import EXIT_FINDINGS, EXIT_OK
from livesop.i18n import N_


@click.command("validate", help=N_(
    "Check playbooks: structure, references, timing, 话术, commerce, 广告法.\n\n"
    "PATHS are playbook files or folders; in a folder every *.yaml / *.yml with a top-level `livesop` key is "
    "checked. Exit status: 0 clean or warnings only, 1 errors, 2 usage error."))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(REPORTERS, N_("Output: text for people, json for tools, github for workflow annotations."))
@color_option
@click.option("--select", multiple=True, callback=split_codes, metavar="PREFIX",
              help=N_("Only report codes starting with PREFIX (e.g. LS7, LS301); repeatable or comma-separated."))
@click.option("--ignore", multiple=True, callback=split_codes, metavar="PREFIX",
              help=N_("Do not report codes starting with PREFIX; repeatable or comma-separated."))
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help=N_("The scripts library folder (default: the nearest scripts_library/ above each playbook)."))
@click.option("--require-bump", is_flag=True,
              help=N_("Error (LS901) when a playbook differs from HEAD by meaning but keeps HEAD's version."))
@click.option("--no-cache", is_flag=True,
              help=N_("Check every file again instead of reusing the findings kept for unchanged files "
                      "(kept in $LIVESOP_CACHE_DIR, else ~/.cache/livesop)."))
def command(paths, fmt, color_mode, select, ignore, library, require_bump, no_cache):
    result = validate_paths(list(paths), select, ignore, library, cache=not no_cache)
    if require_bump:
        from livesop.versions.require_bump import add_bump_findings

        add_bump_findings(result, select, ignore)
    color = fmt == "text" and wants_color(color_mode)
    click.echo(render(fmt, result, color), color=color)
    sys.exit(EXIT_FINDINGS if result.errors else EXIT_OK)
