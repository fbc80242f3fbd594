"""Click in the reader's language: the language picked before parsing, help texts and click's own errors.

Command and option help is written in the code as English marked with ``N_`` and translated
each time a command is fetched, so help follows ``--lang`` even when the command's module was
imported earlier in the same process (tests). Click's built-in messages ("Missing argument",
"Show this message and exit.") go through click's module-level ``_``/``ngettext``, pointed here
at livesop's catalogue.
"""

from __future__ import annotations

import importlib

import click

from livesop import i18n
from livesop.i18n import N_

LANG_OPTION = "--lang"
# click's modules that speak through gettext: each binds ``_`` (and some ``ngettext``) at import
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
# the attributes that hold texts a person reads, on commands and on parameters
COMMAND_TEXTS = ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar")
PARAM_TEXTS = ("help",)
_MSGIDS = "_livesop_msgids"


# click's usage line words, written into its commands rather than asked of gettext
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


def speak_through_catalogue() -> None:
    """Point click's messages at livesop's catalogue (once per process; harmless to repeat)."""
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a click without one of them has nothing there to translate
            continue
        if hasattr(module, "_"):
            module._ = i18n._
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext


def choose_language(argv: list[str]) -> list[str]:
    """Set the language from ``--lang`` (anywhere before ``--``) or the environment.

    Returns the arguments with ``--lang`` moved in front of the subcommand, where the group's
    option reads it: ``livesop validate x --lang zh`` works as ``livesop --lang zh validate x``.
    """
    chosen = i18n.from_argv(argv)
    i18n.use(chosen or i18n.from_environment())
    moved, rest, index = [], [], 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest.extend(argv[index:])
            break
        if arg == LANG_OPTION and index + 1 < len(argv):
            moved += argv[index : index + 2]
            index += 2
            continue
        if arg.startswith(LANG_OPTION + "="):
            moved.append(arg)
        else:
            rest.append(arg)
        index += 1
    return moved + rest


def localize(command: click.Command) -> click.Command:
    """Set ``command``'s help texts (and its parameters' and subcommands') in the language in force."""
    _translate(command, COMMAND_TEXTS)
    if "_help_option" in command.__dict__:
        command._help_option = None  # click makes it again, with its help in the language in force
    for param in command.params:
        _translate(param, PARAM_TEXTS)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize(sub)
    return command


def _translate(thing, attributes: tuple[str, ...]) -> None:
    msgids = thing.__dict__.get(_MSGIDS)
    if msgids is None:
        msgids = {name: getattr(thing, name, None) for name in attributes}
        thing.__dict__[_MSGIDS] = msgids
    for name, msgid in msgids.items():
        if isinstance(msgid, str) and msgid:
            setattr(thing, name, i18n._(msgid))


def set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """The ``--lang`` option's callback: speak ``value`` from here on."""
    if value:
        i18n.use(value)
