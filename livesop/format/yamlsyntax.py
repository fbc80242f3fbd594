"""What libyaml refuses: a syntax finding with a hint for each refusal, and the two refusals of
valid YAML (tabs on blank lines and starting a block's first line) worked around by re-reading."""

from __future__ import annotations

import re

import yaml

from livesop.diagnostics import Diagnostic
from livesop.i18n import N_, _

CANNOT_READ = "docs/format.md#yaml-livesop-cannot-read"
_ANCHOR_WITH_COLON = re.compile(r"(?:^[ \t]*|[-?:][ \t]+|[\[{,][ \t]*)[&*][^\s,\[\]{}]*:")


try:  # libyaml's C parser; the pure-Python one is slower but equivalent
    from yaml.cyaml import CParser as Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.composer import Composer
    from yaml.parser import Parser as PurePythonParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class Parser(Reader, Scanner, PurePythonParser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            PurePythonParser.__init__(self)
            Composer.__init__(self)


def tab_workaround(text: str, raw: bytes, exc: yaml.MarkedYAMLError, exact: bool) -> str | None:
    """The text with the tab libyaml refused made readable, when YAML allows it there; else None.

    Two refusals of valid YAML are worked around without changing what the document means. A
    tab on a line that holds only blanks or a comment: the line is emptied, and with it every
    other blank line holding a tab. A tab that starts the first line of a ``|`` or ``>`` block
    after its indentation (an Excel row whose first cell is empty): the indentation libyaml cannot
    detect there is written into the header (``|2``). Only blank lines are emptied once ``exact``
    is false (re-reading has used its budget).
    """
    mark = exc.problem_mark
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines) or lines[mark.line][mark.column:mark.column + 1] != "\t":
        return None
    line = lines[mark.line]
    if exc.context == "while scanning a block scalar" and exact:
        header = _block_header_with_indent(lines, raw, exc)
        if header is not None:
            lines[exc.context_mark.line] = header
            return "\n".join(lines)
    if line.strip(" \t\r") and not (exact and line.lstrip(" \t").startswith("#")):
        return None
    lines[mark.line] = line[len(line.rstrip("\r")):]
    return "\n".join(row[len(row.rstrip("\r")):] if "\t" in row and not row.strip(" \t\r") else row
                     for row in lines)


def _block_header_with_indent(lines: list[str], raw: bytes, exc: yaml.MarkedYAMLError) -> str | None:
    """The header line of the block scalar libyaml refused, with its indentation written out.

    libyaml refuses a tab right after the spaces of a block's first line because it cannot detect
    the indentation there; YAML takes the spaces as the indentation and the tab as text.
    """
    start, mark = exc.context_mark, exc.problem_mark
    header = lines[start.line] if start is not None and start.line < len(lines) else ""
    if start is None or header[start.column:start.column + 1] not in ("|", ">"):
        return None
    indicators = header[start.column + 1:].split("#", 1)[0].strip(" \t\r")
    known = any(char.isdigit() for char in indicators)
    known = known or any(row.strip(" \r") for row in lines[start.line + 1:mark.line])
    if known:  # the indentation was set: the tab stands where one of its spaces should
        return None
    indent = mark.column - max(_open_block_indent(raw, start), 0)
    if not 1 <= indent <= 9:
        return None
    return header[:start.column + 1] + str(indent) + header[start.column + 1:]


def _open_block_indent(raw: bytes, stop) -> int:
    """Column of the innermost block collection open where the scanner reaches ``stop`` (-1: none)."""
    scanner = Parser(raw)
    opened: list[int] = []
    try:
        while True:
            token = scanner.get_token()
            if token is None or (token.start_mark.line, token.start_mark.column) >= (stop.line, stop.column):
                break
            if isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken)):
                opened.append(token.start_mark.column)
            elif isinstance(token, yaml.BlockEndToken) and opened:
                opened.pop()
    except yaml.MarkedYAMLError:
        pass  # the refused block scalar itself
    finally:
        scanner.dispose()
    return opened[-1] if opened else -1


def syntax_diagnostic(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or N_("invalid YAML")
    rows = text.split("\n", line) if mark else []
    row = rows[line - 1] if len(rows) >= line else ""
    if row[col - 1:col] == "\t":
        return _tab_diagnostic(name, line, row, col)
    context = exc.context or ""
    if "duplicate anchor" in context and exc.context_mark is not None:
        said = _("this anchor is already defined on line {line}").format(line=exc.context_mark.line + 1)
        context = ""
    else:
        said = _(problem)  # libyaml's words (LIBYAML_TEXTS) in the reader's language
    hint = _unsupported_hint(exc, row, col)
    if hint:
        hint = _("{hint} (valid YAML, but not what libyaml reads: {link})").format(hint=hint, link=CANNOT_READ)
    elif "flow mapping" in context or "flow sequence" in context:
        hint = _("inside `{…}` or `[…]` on one line, quote texts that hold `{placeholders}`, "
                 "`:` or `,`: do: \"弹出{product.link}号讲解卡\"")
    else:
        hint = _(_SYNTAX_HINTS.get(problem.split(" ")[0], _ANY_SYNTAX_HINT))
    message = _("{problem} ({context})").format(problem=said, context=_(context)) if context else said
    return Diagnostic("LS101", name, line, col, message, hint)


def _tab_diagnostic(name: str, line: int, row: str, col: int) -> Diagnostic:
    """A tab where libyaml stopped: in the indentation (LS110), or after `-`, `?` or `:` (LS101)."""
    before = row[:col - 1]
    if not before.strip(" \t"):
        first = row.index("\t") + 1
        return Diagnostic("LS110", name, line, first, _("tab character in indentation"),
                          _("YAML indents with spaces only; replace the tab with spaces"))
    indicator = before.rstrip(" \t")[-1:]
    if indicator in ("-", "?", ":"):
        return Diagnostic("LS101", name, line, col,
                          _("tab after `{indicator}`: libyaml reads only spaces here").format(indicator=indicator),
                          _("replace the tab with a space (valid YAML, but not what libyaml reads: {link})").format(
                              link=CANNOT_READ))
    return Diagnostic("LS101", name, line, col, _("tab character where YAML expects a token"),
                      _("replace the tab with a space, or quote the text that holds it"))


def _unsupported_hint(exc: yaml.MarkedYAMLError, row: str, col: int) -> str:
    """What to write instead when libyaml refuses YAML that is valid but that it does not read."""
    problem, context = exc.problem or "", exc.context or ""
    if context in ("while scanning an anchor", "while scanning an alias") or (
            problem.startswith("mapping values") and _ANCHOR_WITH_COLON.search(row)):
        return _("name anchors and aliases with ASCII letters, digits, `_` and `-` only: `&common-cues`")
    if "duplicate anchor" in context:
        return _("give the second anchor its own name; libyaml does not let a name be defined twice")
    if "directive" in context or "directive" in problem or "incompatible YAML document" in problem:
        return _("remove the `%` directive line; a playbook needs none")
    if row[col - 1:col] == ":" and ("expected key" in problem or "expected node content" in problem):
        if row[col:col + 1].strip(" \t\r,]}"):
            return _("quote a text that starts with `:` inside `{…}` or `[…]`: `[\"::vector\"]`")
        return _("write the key before the `:`; an empty key is not supported")
    if "flow mapping" in context and row.lstrip(" ").startswith(":"):
        return _("keep `key: value` on one line inside `{…}`")
    return ""


_SYNTAX_HINTS = {
    "mapping": N_("a `key: value` line is indented differently from its neighbours, or a value "
                  "holding `: ` needs quotes"),
    "found": N_("quote values that contain `: `, `#`, `{`, `[` or start with `*`, `&`, `!`, `%`, `@`"),
}
_ANY_SYNTAX_HINT = N_("check indentation, colons and quotes near this spot")

# What libyaml says (a problem, then what it was doing), marked for the catalogue so a syntax
# finding reads in the reader's language; a text not listed here shows as libyaml wrote it.
LIBYAML_TEXTS = (
    N_("mapping values are not allowed in this context"),
    N_("mapping keys are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("did not find expected whitespace or line break"),
    N_("did not find expected hexdecimal number"),
    N_("did not find expected <document start>"),
    N_("found character that cannot start any token"),
    N_("found unexpected end of stream"),
    N_("found unknown escape character"),
    N_("found invalid Unicode character escape code"),
    N_("found undefined alias"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found an indentation indicator equal to 0"),
    N_("found incompatible YAML document"),
    N_("found unknown directive name"),
    N_("found undefined tag handle"),
    N_("control characters are not allowed"),
    N_("while scanning a simple key"),
    N_("while scanning a plain scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning for the next token"),
    N_("while scanning an anchor"),
    N_("while scanning an alias"),
    N_("while scanning a tag"),
    N_("while scanning a directive"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a block node"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow node"),
    N_("while parsing a quoted scalar"),
    N_("while parsing a node"),
)
