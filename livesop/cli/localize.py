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
# click's words it translates from a variable, where no extractor can see them
CLICK_WORDS = (N_("required"),)


def speak_through_catalogue() -> None:
    """Point click's messages at livesop's catalogue (once per process; harmless to repeat), and
    let its help pages measure and wrap Chinese by the cells it takes on screen."""
    import click.formatting as formatting

    if formatting.wrap_text is not wrap_text:
        global _click_wrap_text
        _click_wrap_text = formatting.wrap_text
        formatting.wrap_text, formatting.term_len = wrap_text, term_len
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


_click_wrap_text = None


def term_len(text: str) -> int:
    """Cells ``text`` takes on screen (a Chinese character takes two), colour codes aside."""
    from rich.cells import cell_len

    return cell_len(click.unstyle(text))


def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """click's ``wrap_text``, breaking Chinese between characters and measuring it in cells.

    Text without wide characters goes to click's own, so English help is laid out as before.
    """
    if term_len(text) == len(click.unstyle(text)):  # no wide character
        return _click_wrap_text(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
    from livesop.runner.linebreak import wrap

    paragraphs = text.expandtabs().split("\n\n") if preserve_paragraphs else [text.expandtabs()]
    out = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        if lines and lines[0].strip() == "\b":  # click's mark for a block kept as written
            out.append("\n".join(initial_indent + line for line in lines[1:]))
            continue
        joined = " ".join(line.strip() for line in lines)
        first = max(10, width - term_len(initial_indent))
        rest = max(10, width - term_len(subsequent_indent))
        wrapped = wrap(joined, first, rest)
        out.append("\n".join((initial_indent if i == 0 else subsequent_indent) + line
                             for i, line in enumerate(wrapped)))
    return "\n\n".join(out)


def localize(command: click.Command) -> click.Command:
    """Set ``command``'s help texts (and its parameters' and subcommands') in the language in force."""
    _translate(command, COMMAND_TEXTS)
    if "_help_option" in command.__dict__:
        command._help_option = None  # click makes it again, with its help in the language in force
    for param in command.params:
        _translate(param, PARAM_TEXTS)
        if isinstance(param.type, click.Path):  # click names the kind when the type is made, in that language
            param.type.name = i18n._(_path_kind(param.type))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize(sub)
    return command


def _path_kind(kind: click.Path) -> str:
    """The English name click gives a Path type (its own catalogue entries "file", "directory", "path")."""
    if kind.file_okay and not kind.dir_okay:
        return "file"
    if kind.dir_okay and not kind.file_okay:
        return "directory"
    return "path"


def _translate(thing, attributes: tuple[str, ...]) -> None:
    msgids = thing.__dict__.get(_MSGIDS)
    if msgids is None:
        msgids = {name: getattr(thing, name, None) for name in attributes}
        thing.__dict__[_MSGIDS] = msgids
    for name, msgid in msgids.items():
        if isinstance(msgid, str) and msgid:
            setattr(thing, name, i18n._(msgid))
