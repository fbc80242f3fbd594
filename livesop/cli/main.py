"""The ``livesop`` command group: lazy subcommands, every exception handed to ``cli/errors.py``."""

from __future__ import annotations

import gc
import importlib
import sys

import click

from livesop import __version__
from livesop.cli.ending import end
from livesop.cli.errors import report, watch_stdout
from livesop.cli.localize import choose_language, localize, speak_through_catalogue
from livesop.i18n import N_, _

# name: (module, one-line help). Modules are imported only when their command runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("livesop.cli.validate", N_("Check playbooks: structure, references, timing, 话术, commerce, 广告法.")),
    "show": ("livesop.cli.show", N_("Print the run-of-show sheet: one row per segment, one column per role.")),
    "checklist": ("livesop.cli.checklist", N_("Print each role's checklist: before items, timed cues, emergencies, after.")),
    "run": ("livesop.cli.run", N_("Run the show: the live cue sheet (full screen or plain lines) and its run log.")),
    "report": ("livesop.cli.report", N_("The 复盘 report of a run log: planned vs actual, cues, emergencies.")),
    "review": ("livesop.cli.review", N_("Compare runs of one template: how each segment, product and 话术 moved, show to show.")),
    "new": ("livesop.cli.new", N_("Plan tonight's session file from a template and a lineup (CSV/XLSX).")),
    "import": ("livesop.cli.importxlsx", N_("Read a 直播脚本 Excel sheet into a playbook.")),
    "export": ("livesop.cli.export", N_("Write a playbook as a 直播脚本 Excel workbook that import reads back.")),
    "diff": ("livesop.cli.diff", N_("Compare two versions of a playbook by meaning (files or REV:PATH).")),
    "log": ("livesop.cli.log", N_("A playbook's git history: version and what changed in each commit.")),
    "bump": ("livesop.cli.bump", N_("Raise a playbook's version (major, minor or patch), keeping every other byte.")),
    "scripts": ("livesop.cli.scripts", N_("话术 tools: list, show, search and render scripts with the playbook's values.")),
    "schema": ("livesop.cli.schema", N_("Print the JSON Schema of playbook format 1.")),
}


# Commands that keep running (the show's loop): the cyclic garbage collector stays on for them.
# Every other command reads, checks or prints and ends; it runs with the collector held off,
# which otherwise rescans the whole long-lived model at each full collection (43–70 % of the
# time of a 5,000-segment playbook). The model holds no reference cycles: reference counting
# frees it all the same (an xlsx workbook's few cycles wait for the end of the command).
COLLECTING_COMMANDS = {"run"}


class LazyGroup(click.Group):
    """A group that knows its commands' short help and imports a command only to run it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return localize(importlib.import_module(COMMANDS[name][0]).command)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _(help_text)) for name, (_module, help_text) in COMMANDS.items()]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:  # the reader went away (`| head`): said as ``report`` says it,
            return report(exc)  # before click makes it exit status 1

    def resolve_command(self, ctx, args):
        name = args[0] if args else None
        if name is not None and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=1)
            if close:
                message = _("No such command `{name}`. Did you mean `{close}`?").format(name=name, close=close[0])
            else:
                message = _("No such command `{name}`.").format(name=name)
            raise click.UsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        watch_stdout()
        argv = choose_language(sys.argv[1:] if args is None else list(args))
        localize(self)
        hold = gc.isenabled() and not (argv and argv[0] in COLLECTING_COMMANDS)
        if hold:
            gc.disable()
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            sys.stdout.flush()  # a full standard output fails here, not after the exit status is chosen
        except (Exception, KeyboardInterrupt) as exc:
            code = report(exc)
        finally:
            if hold:
                gc.enable()
        if not isinstance(code, int):
            code = 0
        if standalone_mode:
            sys.exit(code)
        return code


speak_through_catalogue()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("livesop — live-room SOP playbooks for livestream-commerce teams.\n\n"
                     "Keep the run of show, 话术, checklists and emergency plans as YAML in git; validate them, "
                     "print each role's sheet and run the show's countdown."))
@click.version_option(__version__, "--version", "-V", prog_name="livesop", message="%(prog)s %(version)s",
                      help=N_("Show the version and exit."))
# --lang is read by choose_language before parsing (help texts need it first); here click checks its value
@click.option("--lang", type=click.Choice(["zh", "en"]), expose_value=False, is_eager=True,
              help=N_("Language of every message: zh (简体中文) or en. Default: LIVESOP_LANG, else the locale."))
@click.help_option("-h", "--help", help=N_("Show this message and exit."))
def cli() -> None:
    pass


def main() -> None:
    """The ``livesop`` program: the group, then an ending that frees nothing (``cli/ending.py``)."""
    try:
        cli.main(prog_name="livesop")
    except SystemExit as exc:
        end(exc.code)


__all__ = ["cli", "main"]
