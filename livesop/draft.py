"""A playbook text that a command is about to write: round-trip YAML, validation, the guarded write.

``livesop new`` and ``livesop import`` build a playbook in memory, dump it, check the dumped
text exactly as ``livesop validate`` would check the file, and only then write it (atomically,
never over an existing file without ``--force``).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from livesop.diagnostics import Diagnostic
from livesop.errors import LivesopError, UsageError

SCHEMA_FILE = Path("schema") / "playbook.schema.json"
SCHEMA_URL = "https://livesop.dev/schema/playbook-1.json"
_SCHEMA_LINE = re.compile(r"^(# yaml-language-server: \$schema=)(\S+)(.*)$")


def rt_yaml():
    """ruamel.yaml round-trip settings that keep a bundled playbook byte for byte."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


def dump(data) -> str:
    buffer = io.StringIO()
    rt_yaml().dump(data, buffer)
    return buffer.getvalue()


@dataclass
class Checked:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    playbook: object = None  # the built model (livesop.model.Playbook), None when it did not build

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def check_text(text: str, name: str, search_from: tuple[Path, ...] = ()) -> Checked:
    """Structure and checks of a playbook text as ``livesop validate`` reports them for file ``name``.

    The scripts library (needed only when the text refers to it) is the nearest
    ``scripts_library/`` above the first of ``search_from`` that has one.
    """
    from livesop.build import build
    from livesop.checks import Context, run_checks
    from livesop.validate import library_for
    from livesop.yamlio import load_text

    playbook, diagnostics = build(load_text(text, name))
    if playbook is None:
        return Checked(sorted(diagnostics, key=Diagnostic.sort_key))
    library, searched = library_for(playbook, search_from)
    found = list(diagnostics) + run_checks(Context(playbook, library, searched))
    if library is not None:
        found += library.diagnostics
    return Checked(sorted(found, key=Diagnostic.sort_key), playbook)


def report(checked: Checked, name: str) -> str:
    """The findings as ``livesop validate`` prints them."""
    from livesop.report.text import render
    from livesop.validate import ValidationResult

    return render(ValidationResult(diagnostics=list(checked.diagnostics), files=[name]))


def refuse_overwrite(path: Path, force: bool) -> None:
    """A usage error when ``path`` exists and ``--force`` was not given."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder", "name the file to write, e.g. -o sessions/2026-11-25.yaml")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists", "pass --force to replace it, or choose another -o path")


def write_output(path: Path, data: str | bytes) -> None:
    """Write ``data`` atomically, creating the folder when needed."""
    from livesop.yamlio import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise LivesopError(f"cannot write {path}: {exc.strerror or exc}", "check the path and its permissions",
                           2) from None


def schema_reference(output: Path) -> str:
    """The ``$schema=`` target for a file written at ``output``: a relative path to the nearest
    ``schema/playbook.schema.json`` above it, else the schema's public id."""
    folder = output.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return _relative(candidate / SCHEMA_FILE, folder) or SCHEMA_URL
    return SCHEMA_URL


def _relative(target: Path, folder: Path) -> str | None:
    """``target`` relative to ``folder``; None when the two share nothing but the filesystem root."""
    if Path(os.path.commonpath([target, folder])) == Path(folder.anchor):
        return None
    return Path(os.path.relpath(target, folder)).as_posix()


def schema_comment(output: Path) -> str:
    return f"# yaml-language-server: $schema={schema_reference(output)}"


def relink_schema(text: str, template: Path, output: Path) -> str:
    """Point a first-line ``$schema=`` comment with a relative path at the same schema from ``output``."""
    first, newline, rest = text.partition("\n")
    match = _SCHEMA_LINE.match(first)
    if not match or "://" in match.group(2):
        return text
    target = (template.resolve().parent / match.group(2)).resolve()
    if not target.exists():
        return text
    relative = _relative(target, output.resolve().parent) or SCHEMA_URL
    return f"{match.group(1)}{relative}{match.group(3)}{newline}{rest}"
