"""Validation of playbook files and folders: load, build, check, filter."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from livesop.build import build
from livesop.checks import Context, run_checks
from livesop.compliance.check import accepted_findings
from livesop.diagnostics import Diagnostic, matches_prefixes
from livesop.errors import UsageError
from livesop.library import Library, find_library, load_library
from livesop.model import Playbook
from livesop.texts import library_refs
from livesop.yamlio import has_livesop_key, load_file

YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = {".git", ".livesop", "node_modules", "__pycache__", ".venv", "venv"}


@dataclass
class ValidationResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: int = 0
    accepted: list = field(default_factory=list)  # compliance findings accepted under compliance.allow

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def collect_files(paths: list[str]) -> tuple[list[Path], int]:
    """Files named directly, plus every playbook-looking YAML file below named folders."""
    files: list[Path] = []
    skipped = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(names):
                    if name.endswith(YAML_SUFFIXES):
                        candidate = Path(root) / name
                        if has_livesop_key(candidate):
                            files.append(candidate)
                        else:
                            skipped += 1
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{raw}: no such file or folder", "check the path")
    return files, skipped


def load_playbook(path: Path, library_dir: Path | None = None) -> tuple[Playbook | None, Library | None, list[Diagnostic], str]:
    """Load and build one playbook, and the scripts library it needs (when it uses one)."""
    name = str(path)
    playbook, diagnostics = build(load_file(path, name))
    library, searched = None, ""
    if playbook is not None and next(library_refs(playbook), None) is not None:
        folder = library_dir or find_library(path.parent if path.parent != Path("") else Path("."))
        searched = str(library_dir) if library_dir else f"{path.parent or '.'} and its parents"
        if folder is not None and folder.is_dir():
            library = load_library(folder)
    return playbook, library, diagnostics, searched


def validate_paths(paths: list[str], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                   library_dir: Path | None = None) -> ValidationResult:
    files, skipped = collect_files(paths)
    result = ValidationResult(skipped=skipped)
    reported_libraries: set = set()
    for path in files:
        result.files.append(str(path))
        playbook, library, diagnostics, searched = load_playbook(path, library_dir)
        found = list(diagnostics)
        if playbook is not None:
            found += run_checks(Context(playbook, library, searched))
            result.accepted += [a for a in accepted_findings(playbook, library) if _selected(a.code, select, ignore)]
        if library is not None and library.folder not in reported_libraries:
            reported_libraries.add(library.folder)
            found += library.diagnostics
        result.diagnostics += [d for d in found if _selected(d.code, select, ignore)]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    if select and not matches_prefixes(code, select):
        return False
    return not (ignore and matches_prefixes(code, ignore))
