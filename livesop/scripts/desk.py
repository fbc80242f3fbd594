"""The 话术 desk behind ``livesop scripts``: list, look up, search and render scripts.

A script is a scripts-library entry (``scripts_library/<id>.md``, referred to as ``lib:<id>``)
or a playbook's inline script (``scripts.<id>``). Rendering fills the playbook's variables,
the segment's product, the segment title and the countdown at the cue, exactly as the host
will read it; nothing is evaluated.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from livesop.checks.validate import library_folder, recorded_library
from livesop.controls import visible
from livesop.errors import LivesopError, UsageError
from livesop.format.build import build
from livesop.format.expand import expand_segments
from livesop.format.library import Library, load_library
from livesop.format.model import LIB_PREFIX, Playbook, Segment, Text, is_library_ref, split_library_ref
from livesop.format.placeholders import render, scan
from livesop.format.resolve import render_values
from livesop.format.yamlio import load_file
from livesop.i18n import _, join, pgettext

LIBRARY, PLAYBOOK = "library", "playbook"


@dataclass(frozen=True)
class ScriptItem:
    """One script as the desk shows it."""

    id: str
    source: str  # library or playbook
    category: str | None
    tags: tuple[str, ...]
    file: str
    line: int
    text: str
    variants: dict[str, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """How a cue's ``say`` refers to this script."""
        return f"{LIB_PREFIX}{self.id}" if self.source == LIBRARY else self.id

    def texts(self):
        """(variant name or None, text) for the default text and each variant."""
        yield None, self.text
        yield from self.variants.items()

    def as_dict(self) -> dict:
        return {"id": self.id, "ref": self.ref, "source": self.source, "category": self.category,
                "tags": list(self.tags), "file": self.file, "line": self.line, "text": self.text,
                "variants": dict(self.variants),
                "placeholders": sorted({p.expr for _, t in self.texts() for p in scan(t) if p.kind != "bad"})}


@dataclass
class Desk:
    """The scripts in reach: a library and/or a playbook's inline scripts."""

    items: list[ScriptItem]
    playbook: Playbook | None = None
    library: Library | None = None


def open_desk(playbook_path: Path | None = None, library_dir: Path | None = None,
              cwd: Path | None = None) -> Desk:
    """Load the playbook (when given) and the library: ``library_dir``, else the playbook's
    ``session.library``, else the nearest ``scripts_library/`` above the playbook or ``cwd``
    (``livesop.checks.validate.library_folder``)."""
    playbook = load_playbook_or_fail(playbook_path) if playbook_path else None
    start = playbook_path.parent if playbook_path else (cwd or Path.cwd())
    recorded = recorded_library(playbook)
    folder, searched = library_folder(recorded, (start,), library_dir)
    if folder is None and recorded is not None and library_dir is None:
        raise LivesopError(visible(_("{playbook}: no scripts library: looked in {searched}").format(
                               playbook=playbook_path, searched=searched)),
                           _("pass --library DIR, or write where the library is now in `session.library` of "
                             "{playbook}").format(playbook=visible(str(playbook_path))))
    library = load_library(folder) if folder is not None else None
    if library is None and playbook is None:
        raise LivesopError(_("no scripts library found in {searched}").format(searched=searched),
                           _("pass --library DIR, or --playbook FILE for a playbook's own scripts"))
    return Desk(collect(library, playbook), playbook, library)


def load_playbook_or_fail(path: Path) -> Playbook:
    if not path.is_file():
        raise UsageError(_("{path}: no such playbook file").format(path=path), _("check the path"))
    playbook, diagnostics = build(load_file(path, str(path)))
    if playbook is None:
        first = diagnostics[0]
        raise LivesopError(visible(f"{first.file}:{first.line}:{first.column}: {first.message}"),
                           _("run `livesop validate {path}` and fix the playbook first").format(path=path))
    return playbook


def collect(library: Library | None, playbook: Playbook | None) -> list[ScriptItem]:
    """Library entries (by id) then the playbook's inline scripts (in file order)."""
    items = []
    if library is not None:
        for entry in sorted(library.entries.values(), key=lambda e: e.id):
            items.append(ScriptItem(entry.id, LIBRARY, entry.category, entry.tags, _display(entry.file),
                                    entry.text.loc.line, entry.text.value,
                                    {name: text.value for name, text in entry.variants.items()}))
    if playbook is not None:
        for script in playbook.scripts.values():
            if script.text is not None:
                items.append(ScriptItem(script.id, PLAYBOOK, script.category, script.tags, playbook.file,
                                        script.text.loc.line, script.text.value))
    return items


def _display(file: str) -> str:
    """A library file's path relative to the current folder when it is below it."""
    try:
        return str(Path(file).relative_to(Path.cwd()))
    except ValueError:
        return file


def filter_items(items: list[ScriptItem], category: str | None = None, tag: str | None = None) -> list[ScriptItem]:
    return [item for item in items
            if (category is None or item.category == category) and (tag is None or tag in item.tags)]


def find_item(desk: Desk, ident: str) -> ScriptItem:
    """``lib:<id>`` is a library entry; a bare id is the playbook's inline script if there is
    one, else the library entry. A ``#variant`` suffix is ignored here."""
    ref = ident.strip()
    if is_library_ref(ref):
        wanted, sources = split_library_ref(ref)[0], (LIBRARY,)
    else:
        wanted, sources = ref.partition("#")[0].strip(), (PLAYBOOK, LIBRARY)
    for source in sources:
        for item in desk.items:
            if item.source == source and item.id == wanted:
                return item
    close = difflib.get_close_matches(wanted, sorted({i.id for i in desk.items}), n=3)
    hint = (_("did you mean {names}?").format(names=join(close)) if close
            else _("`livesop scripts list` shows the ids"))
    raise LivesopError(_("no script `{ident}`").format(ident=ident), hint)


@dataclass(frozen=True)
class SearchHit:
    """One match of a search: the script, the text or field that matched, the line and what it says."""

    item: ScriptItem
    variant: str | None  # None: the default text, or the field that matched (id, category, tags)
    line: int  # 1-based line inside the text (0 when the id, category or a tag matched)
    snippet: str


def search(items: list[ScriptItem], query: str) -> list[SearchHit]:
    """Scripts whose id, category, tags or text contain ``query`` (case and width folded)."""
    from livesop.checks.compliance.matcher import fold

    needle = fold(query.strip())[0]
    if not needle:
        raise UsageError(_("the search text is empty"), _("give a word to look for, e.g. 福袋"))
    hits = []
    for item in items:
        meta = [("id", item.id), ("category", item.category or ""), ("tags", " ".join(item.tags))]
        for name, value in meta:
            if needle in fold(value)[0]:
                hits.append(SearchHit(item, name, 0, value))
        for variant, text in item.texts():
            for number, line in enumerate(text.split("\n"), 1):
                if needle in fold(line)[0]:
                    hits.append(SearchHit(item, variant, number, line.strip()))
    return hits


@dataclass(frozen=True)
class Rendered:
    """A script as the host will read it: its ref, variant, segment and product, text and the values used."""

    ref: str
    variant: str | None
    segment: str | None
    product: str | None
    text: str
    values: dict


def render_script(playbook: Playbook, library: Library | None, ident: str, segment_id: str | None = None,
                  overrides: dict | None = None) -> Rendered:
    """The script as the host will read it in ``segment_id``; every missing value is an error."""
    ref = ident.strip()
    if not is_library_ref(ref) and ref.partition("#")[0].strip() not in playbook.scripts:
        ref = LIB_PREFIX + ref  # a bare library id
    variant = split_library_ref(ref)[1] if is_library_ref(ref) else None
    text = _resolve(playbook, library, ref)
    segments = expand_segments(playbook)
    segment = _segment(segments, segment_id) if segment_id else None
    countdown = _countdown(segment, ref) if segment else None
    values = render_values(playbook, segment, countdown=countdown, overrides=overrides)
    rendered, missing = render(text.value, values)
    bad = [p.expr for p in scan(text.value) if p.kind == "bad"]
    if missing or bad:
        comma = pgettext("list separator", ", ")
        names = comma.join(f"{{{name}}}" for name in missing)
        exprs = comma.join(f"`{expr}`" for expr in bad)
        if missing and bad:
            message = _("cannot render {ref}: no value for {names}; malformed placeholder {exprs}")
        elif missing:
            message = _("cannot render {ref}: no value for {names}")
        else:
            message = _("cannot render {ref}: malformed placeholder {exprs}")
        raise LivesopError(visible(message.format(ref=ref, names=names, exprs=exprs)),
                           visible(_missing_hint(segments, ref, segment, missing)))
    return Rendered(ref, variant, segment.id if segment else None, segment.product if segment else None,
                    rendered, {k: values[k] for k in sorted(values) if k in {p.expr for p in scan(text.value)}})


def _resolve(playbook: Playbook, library: Library | None, ref: str) -> Text:
    if is_library_ref(ref):
        if library is None:
            raise LivesopError(_("{ref} needs the scripts library, and none was found").format(ref=ref),
                               _("pass --library DIR"))
        entry_id, variant = split_library_ref(ref)
        entry = library.entries.get(entry_id)
        if entry is None:
            close = difflib.get_close_matches(entry_id, sorted(library.entries), n=3)
            raise LivesopError(_("no script `{ident}` in the library or the playbook").format(ident=entry_id),
                               _("did you mean {names}?").format(names=join(close)) if close
                               else _("`livesop scripts list` shows the ids"))
        text = entry.variant(variant)
        if text is None:
            names = join(entry.variants) or _("none")
            raise LivesopError(_("library entry `{ident}` has no variant `{variant}`").format(
                ident=entry_id, variant=variant), _("its variants: {names}").format(names=names))
        return text
    script = playbook.scripts[ref.partition("#")[0].strip()]
    if script.text is None:
        raise LivesopError(_("script `{ident}` has no text").format(ident=script.id),
                           _("give it a text in the playbook"))
    return script.text


def _segment(segments: tuple[Segment, ...], segment_id: str) -> Segment:
    for segment in segments:
        if segment.id == segment_id:
            return segment
    copies = [s.id for s in segments if s.origin == segment_id]
    if copies:
        raise UsageError(_("segment `{segment}` repeats for each product").format(segment=segment_id),
                         _("name one copy: {names}").format(names=join(copies)))
    close = difflib.get_close_matches(segment_id, [s.id for s in segments if s.id], n=3)
    raise UsageError(_("no segment `{segment}` in the playbook").format(segment=segment_id),
                     _("did you mean {names}?").format(names=join(close)) if close
                     else _("`livesop show` lists the segments"))


def _countdown(segment: Segment, ref: str) -> int | None:
    """Time left in the segment when the first cue that says ``ref`` fires."""
    for cue in segment.cues:
        if cue.say == ref and cue.at is not None and segment.duration is not None:
            return max(segment.duration - cue.at, 0)
    return None


def _missing_hint(segments, ref: str, segment: Segment | None, missing: list[str]) -> str:
    used = [s.id for s in segments if any(cue.say == ref for cue in s.cues)]
    tips = []
    if segment is None and any(m.startswith(("product.", "segment.")) or m == "countdown" for m in missing):
        if used:
            tips.append(_("pick a segment with --segment (used in {segments})").format(segments=join(used)))
        else:
            tips.append(_("pick a segment with --segment (e.g. a product segment)"))
    if missing:
        tips.append(_("give values with --set {values}").format(values=" --set ".join(f"{m}=…" for m in missing)))
    return _("{tip}; or {other}").format(tip=tips[0], other=tips[1]) if len(tips) == 2 else (
        tips[0] if tips else _("fix the placeholder in the script"))


def parse_sets(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("room=小满", "product.name=锅")`` → a dict; a pair without ``=`` is a usage error."""
    values = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise UsageError(_("--set {value!r} is not NAME=VALUE").format(value=pair),
                             _("e.g. --set room=小满家居 --set product.name=炒锅"))
        values[name.strip()] = value
    return values
