"""The scripts library: 话术 templates kept as Markdown files with YAML front matter.

``scripts_library/<id>.md``: front matter (``id``, ``category``, ``tags``) between ``---`` lines,
then the default text; each ``##`` heading starts a named variant (A/B versions). A playbook
refers to an entry as ``lib:<id>`` or ``lib:<id>#<heading>``.

Finding the folder is ``format.sniff``'s; reading it imports the YAML reader and the model when it
happens, and markdown-it-py only for a body its one-pass reading cannot be sure of.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from livesop import regexes
from livesop.diagnostics import Diagnostic
from livesop.format.sniff import LIBRARY_DIR, find_library  # noqa: F401 (part of this module's API)
from livesop.i18n import _, current, pgettext

if TYPE_CHECKING:
    from livesop.format.model import Text
    from livesop.format.source import Source

CATEGORIES = ("开场", "留人", "互动", "关注", "福袋", "讲品", "促单", "秒杀", "下播", "应急")


@dataclass(frozen=True)
class LibraryEntry:
    """One library template: its id, file, category and tags, its default text and its named variants."""

    id: str
    file: str
    category: str | None
    tags: tuple[str, ...]
    text: Text
    variants: dict[str, Text] = field(default_factory=dict)

    def variant(self, name: str | None) -> Text | None:
        """The default text, or the named variant (None when there is no such variant)."""
        return self.text if name is None else self.variants.get(name)

    def all_texts(self):
        yield None, self.text
        yield from self.variants.items()


@dataclass
class Library:
    """A library folder's entries by id, and the findings on its files."""

    folder: Path | None
    entries: dict[str, LibraryEntry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


MAX_ENTRY_BYTES = 256 * 1024  # one 话术 template; the whole bundled library is about 40 KiB
_CACHE: dict[tuple[Path, str], Library] = {}  # per folder and language: the findings are in words


def load_library(folder: Path, display_root: Path | None = None) -> Library:
    """Every entry of a library folder; bad files become diagnostics (cached per folder)."""
    from livesop.controls import first_control
    from livesop.files import FileProblem, read_input
    from livesop.format.source import line_col

    folder = folder.resolve()
    key = (folder, current())
    if key in _CACHE:
        return _CACHE[key]
    library = Library(folder)
    for path in sorted(folder.glob("*.md")):
        name = _display(path, display_root)
        try:
            raw = read_input(path, MAX_ENTRY_BYTES, "library")
            if len(raw) > MAX_ENTRY_BYTES:
                raise ValueError(_("larger than {size} KiB").format(size=MAX_ENTRY_BYTES // 1024))
            text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text did
        except FileProblem as exc:
            library.diagnostics.append(Diagnostic("LS309", name, 1, 1,
                                                  _("cannot read library file: {reason}").format(reason=exc.reason),
                                                  exc.hint))
            continue
        except (UnicodeDecodeError, ValueError) as exc:
            message = (pgettext("not UTF-8", "cannot read library file: {reason}")
                       if isinstance(exc, UnicodeDecodeError) else _("cannot read library file: {reason}"))
            library.diagnostics.append(Diagnostic("LS309", name, 1, 1, message.format(reason=exc),
                                                  _("save it as UTF-8 text; one 话术 template is far smaller")))
            continue
        control = first_control(text)
        if control is not None:
            line, col = line_col(text, control)
            library.diagnostics.append(Diagnostic(
                "LS111", name, line, col,
                _("control character U+{code} in a text").format(code=f"{ord(text[control]):04X}"),
                _("remove it: printed, it can move the cursor, clear the screen or write the clipboard")))
        entry = parse_entry(text, name, library.diagnostics)
        if entry is None:
            continue
        if entry.id in library.entries:
            library.diagnostics.append(Diagnostic(
                "LS309", name, 2, 1, _("library id `{id}` is also used by {file}").format(
                    id=entry.id, file=library.entries[entry.id].file),
                _("give each template its own id")))
            continue
        library.entries[entry.id] = entry
    _CACHE[key] = library
    return library


def _display(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def parse_entry(text: str, name: str, diagnostics: list[Diagnostic]) -> LibraryEntry | None:
    """One library file; appends LS309 diagnostics and returns None when it is malformed."""
    from livesop.format.model import Text
    from livesop.format.source import Loc, Source
    from livesop.format.yamlio import YSeq, load_text

    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        diagnostics.append(Diagnostic("LS309", name, 1, 1, _("library file does not start with `---` front matter"),
                                      _("start with `---`, `id: …`, `category: …`, `---`")))
        return None
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        diagnostics.append(Diagnostic("LS309", name, 1, 1, _("front matter is not closed by a `---` line"),
                                      _("add a `---` line after the front matter")))
        return None
    loaded = load_text("\n" + "\n".join(lines[1:close]), name)
    if loaded.diagnostics:
        diagnostics.extend(loaded.diagnostics)
        return None
    meta = loaded.data
    entry_id = meta.get("id")
    if not isinstance(entry_id, str) or not entry_id:
        diagnostics.append(Diagnostic("LS309", name, 2, 1, _("front matter needs `id`"), _("add `id: <template id>`")))
        return None
    tags = meta.get("tags") or ()
    tags = tuple(str(t) for t in tags) if isinstance(tags, YSeq) else (str(tags),)
    category = meta.get("category")
    source = Source(name, text)
    default, variants = _sections(lines, close + 1, name, source)
    if default is None:
        default = next(iter(variants.values()), None) or Text("", Loc(name, close + 2, 1, close + 2, 1, source))
    return LibraryEntry(entry_id, name, str(category) if category is not None else None, tags, default, variants)


def _sections(lines: list[str], body_start: int, name: str, source: Source):
    """The default text and the ``##`` variants of a body, located as CommonMark reads it."""
    from livesop.format.model import Text
    from livesop.format.source import Loc

    body = lines[body_start:]
    headings = plain_headings(body)
    if headings is None:
        headings = markdown_headings("\n".join(body))
    bounds = [h[0] for h in headings] + [len(lines) - body_start]

    def text_of(first: int, last: int) -> Text | None:
        chunk = lines[body_start + first: body_start + last]
        while chunk and not chunk[0].strip():
            chunk, first = chunk[1:], first + 1
        while chunk and not chunk[-1].strip():
            chunk = chunk[:-1]
        if not chunk:
            return None
        line = body_start + first + 1
        return Text("\n".join(chunk), Loc(name, line, 1, line + len(chunk) - 1, len(chunk[-1]) + 1, source))

    default = text_of(0, bounds[0])
    variants = {}
    for index, (line, title) in enumerate(headings):
        text = text_of(line + 1, bounds[index + 1])
        if text is not None:
            variants[title] = text
    return default, variants


# A line that starts with one of these may open a CommonMark block other than a paragraph.
_BLOCK_START = frozenset(" \t#`~<>-*+=_[|\\!0123456789")
_PLAIN_H2 = regexes.compile(r"## +([^\s#\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s#\x00-\x1f\x7f])?) *")


def plain_headings(body: list[str]) -> list[tuple[int, str]] | None:
    """``(line index, title)`` of each ``##`` heading of a body made only of blank lines,
    paragraph lines that cannot open another block, and ``## title`` lines; None for any other
    body (markdown-it-py reads it). Such a body has no block but paragraphs and those headings,
    so this is what CommonMark finds, without importing a Markdown parser."""
    headings = []
    for index, line in enumerate(body):
        if not line.strip(" \t"):
            continue
        if line[0] == "#":
            match = _PLAIN_H2.fullmatch(line)
            if match is None:
                return None
            headings.append((index, match.group(1)))
        elif line[0] in _BLOCK_START or "\x00" in line:
            return None
    return headings


def markdown_headings(body: str) -> list[tuple[int, str]]:
    """``(line index, title)`` of each level-2 heading markdown-it-py finds in a body."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    return [(tok.map[0], tokens[i + 1].content.strip())
            for i, tok in enumerate(tokens) if tok.type == "heading_open" and tok.tag == "h2" and tok.map]
