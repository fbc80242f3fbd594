"""Keep livesop's message catalogue in step with the code (needs Babel: ``pip install -e '.[test]'``).

    python tools/catalogue.py update     # extract every marked text, add new ones to the .po, compile
    python tools/catalogue.py compile    # .po (and any i18n-work/*.po drafts) → .mo
    python tools/catalogue.py merge      # fold i18n-work/*.po drafts into the .po, then update
    python tools/catalogue.py check      # untranslated, missing or stale entries; exit 1 if any
    python tools/catalogue.py todo PATH… # texts marked in these files that neither the .po nor a draft translates

The English text is the message id. Texts are marked in the code with ``_``, ``N_``,
``ngettext`` and ``pgettext`` (livesop/i18n.py); click's own messages (usage errors, "Show this
message and exit.") are extracted from the installed click so they can be translated too.
"""

from __future__ import annotations

import io
import re
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "livesop"
PO_PATH = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "livesop.po"
MO_PATH = PO_PATH.with_suffix(".mo")
DRAFTS = ROOT / "i18n-work"
KEYWORDS = dict(DEFAULT_KEYWORDS)
# dates in the header stay put, so an update changes the .po only where a text changed
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
HEADER = "# Chinese (Simplified) messages of livesop. How to add and update them: docs/translating.md\n"
# click's modules that speak to the user through gettext
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def click_files() -> list[Path]:
    import click

    folder = Path(click.__file__).parent
    return [folder / f"{name}.py" for name in CLICK_MODULES if (folder / f"{name}.py").exists()]


def extract() -> Catalog:
    """Every marked text of livesop and click, as a template catalogue."""
    template = Catalog(project="livesop", fuzzy=False, creation_date=FIXED_DATE)
    for path, base in [(p, ROOT) for p in source_files()] + [(p, None) for p in click_files()]:
        where = str(path.relative_to(base)) if base else f"click/{path.name}"
        for lineno, message, comments, context in extract_from_file("python", str(path), keywords=KEYWORDS):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            template.add(message, None, [(where, lineno)], auto_comments=comments, context=context,
                         flags=("python-brace-format",) if _braced(message) and base else ())
    return template


def _braced(message) -> bool:
    text = message[0] if isinstance(message, tuple) else message
    return "{" in text


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain="livesop")


def drafts() -> list[Path]:
    return sorted(DRAFTS.glob("*.po")) if DRAFTS.is_dir() else []


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, omit_header=False, include_previous=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def with_drafts(catalog: Catalog) -> Catalog:
    """``catalog`` with every translation of the i18n-work drafts laid over it."""
    for path in drafts():
        for message in read(path):
            if message.id and _translated(message.string):
                existing = catalog.get(message.id, context=message.context)
                if existing is not None:
                    existing.string = message.string
                    existing.flags.discard("fuzzy")
                else:
                    catalog.add(message.id, message.string, context=message.context)
    return catalog


def compile_catalogue() -> None:
    catalog = with_drafts(read(PO_PATH))
    _write_atomic(MO_PATH, mo_bytes(catalog))


def update() -> Catalog:
    catalog = read(PO_PATH) if PO_PATH.exists() else Catalog(locale="zh_CN", domain="livesop", project="livesop")
    catalog.update(extract(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    _settle_header(catalog)
    _write_atomic(PO_PATH, po_bytes(catalog))
    compile_catalogue()
    return catalog


def _settle_header(catalog: Catalog) -> None:
    catalog.fuzzy = False  # a fuzzy header is left out of the .mo, and its plural rule with it
    catalog.header_comment = HEADER
    catalog.project, catalog.version = "livesop", "1"
    catalog.last_translator = catalog.language_team = "livesop"
    catalog.revision_date = FIXED_DATE
    catalog.msgid_bugs_address = ""


def merge() -> None:
    catalog = with_drafts(read(PO_PATH))
    _write_atomic(PO_PATH, po_bytes(catalog))
    update()
    for path in drafts():
        path.unlink()


def problems() -> list[str]:
    """What keeps the catalogue from being complete: one line per problem."""
    found = []
    catalog = read(PO_PATH)
    template = extract()
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        if entry is None:
            if not any(where.startswith("click/") for where, _ in message.locations):
                found.append(f"missing from the catalogue: {message.id!r} ({_where(message)})")
        elif (problem := _entry_problem(message, entry)) is not None:
            found.append(problem)
    if not MO_PATH.exists() or MO_PATH.read_bytes() != mo_bytes(catalog):
        found.append(f"{MO_PATH.name} is not compiled from the .po: run `python tools/catalogue.py compile`")
    return found


FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def fields(text) -> set[str]:
    """The ``{name}`` fields of a text (or of each form of a plural)."""
    texts = text if isinstance(text, (tuple, list)) else (text,)
    return {name for part in texts if part for name in FIELD.findall(part)}


def todo(paths: list[Path]) -> list[str]:
    """Marked texts of ``paths`` (files or folders) that neither the .po nor any draft translates."""
    catalog = with_drafts(read(PO_PATH))
    wanted = [str(p.relative_to(ROOT)) for p in paths]
    found = []
    for message in extract():
        if not message.id or not any(w == where or where.startswith(w.rstrip("/") + "/")
                                     for where, _ in message.locations for w in wanted):
            continue
        problem = _entry_problem(message, catalog.get(message.id, context=message.context))
        if problem is not None:
            found.append(problem)
    return found


def _translated(string) -> bool:
    """A msgstr with every form written (a plural has one per form)."""
    return bool(string) and (not isinstance(string, tuple) or all(string))


def _entry_problem(message, entry) -> str | None:
    """What is wrong with the catalogue's ``entry`` for the extracted ``message``, if anything."""
    if entry is None or not _translated(entry.string):
        return f"untranslated: {message.id!r} ({_where(message)})"
    if entry.fuzzy:
        return f"fuzzy: {message.id!r}"
    extra = fields(entry.string) - fields(entry.id)
    if extra:
        return f"translation names fields the text lacks {sorted(extra)}: {message.id!r}"
    return None


def _where(message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:2])


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_catalogue()
    elif command == "merge":
        merge()
    elif command == "todo":
        found = todo([Path(p).resolve() for p in argv[1:]])
        for line in found:
            print(line)
        return 1 if found else 0
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
