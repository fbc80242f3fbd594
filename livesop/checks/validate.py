"""Validation of playbook files and folders: load, build, check, filter."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from livesop.checks import Context, family_selected, run_checks
from livesop.checks.compliance.check import FAMILY as COMPLIANCE_FAMILY, accepted_findings
from livesop.diagnostics import Diagnostic, matches_prefixes
from livesop.errors import UsageError
from livesop.files import is_regular, kind_of
from livesop.format.build import build
from livesop.format.library import Library, find_library, load_library
from livesop.format.model import Playbook
from livesop.format.texts import library_refs
from livesop.format.yamlio import has_livesop_key, load_file

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
    """Files named directly, plus every playbook-looking YAML file below named folders.

    A name ending in .yaml or .yml must be a regular file: a folder, FIFO or device by such a
    name, named or met in a folder, is kept so that loading reports it (LS100) without reading
    it; a folder by another name is walked."""
    files: list[Path] = []
    skipped = 0
    for raw in paths:
        path = Path(raw)
        if _walkable(path):
            for root, dirs, names in os.walk(path):
                files += [Path(root) / d for d in sorted(dirs) if d.endswith(YAML_SUFFIXES)]
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                                 and not d.endswith(YAML_SUFFIXES))
                for name in sorted(names):
                    if name.endswith(YAML_SUFFIXES):
                        candidate = Path(root) / name
                        if not is_regular(candidate) or has_livesop_key(candidate):
                            files.append(candidate)
                        else:
                            skipped += 1
        elif _present(path):
            files.append(path)
        else:
            raise UsageError(f"{raw}: no such file or folder", "check the path")
    return files, skipped


def _walkable(path: Path) -> bool:
    """A folder to look for playbooks in: one not named like a YAML file."""
    return not path.name.endswith(YAML_SUFFIXES) and os.path.isdir(path)


def _present(path: Path) -> bool:
    """Something is at ``path``, or the system cannot say (a name too long): loading says what."""
    try:
        return os.path.lexists(path) or kind_of(path) is not None
    except OSError:
        return True


def load_playbook(path: Path, library_dir: Path | None = None) -> tuple[Playbook | None, Library | None, list[Diagnostic], str]:
    """Load and build one playbook, and the scripts library it needs (when it uses one)."""
    playbook, diagnostics = build(load_file(path, str(path)))
    library, searched = None, ""
    if playbook is not None:
        library, searched = library_for(playbook, (path.parent,), library_dir)
    return playbook, library, diagnostics, searched


def library_for(playbook: Playbook, search_from: tuple[Path, ...],
                library_dir: Path | None = None) -> tuple[Library | None, str]:
    """The scripts library a playbook needs (None when it uses none or none is found) and where
    it was looked for, as ``library_folder`` finds it."""
    if next(library_refs(playbook), None) is None:
        return None, ""
    folder, searched = library_folder(recorded_library(playbook), search_from, library_dir)
    return (load_library(folder) if folder is not None else None), searched


def recorded_library(playbook: Playbook | None) -> str | None:
    """The playbook's ``session.library`` (a path relative to its folder), or None."""
    session = playbook.session if playbook is not None else None
    return session.library if session is not None else None


def library_folder(recorded: str | None, search_from: tuple[Path, ...],
                   library_dir: Path | None = None) -> tuple[Path | None, str]:
    """The scripts library folder (None when there is none) and where it was looked for, in the one
    order every command uses: ``library_dir`` (``--library``), else ``recorded`` (the playbook's
    ``session.library``, relative to its folder, the first of ``search_from``), else the nearest
    ``scripts_library/`` above the first of ``search_from`` that has one. A recorded library that
    is not there is None, never another library in its place."""
    if library_dir is not None:
        return (library_dir if library_dir.is_dir() else None), str(library_dir)
    if recorded is not None:
        # resolved: the folder of a session not yet written (`livesop new`) may not exist
        folder = ((search_from[0] if search_from else Path(".")) / recorded).resolve()
        if folder.is_dir():
            return folder, f"session.library `{recorded}`"
        return None, f"session.library `{recorded}` ({folder}), which is not there (has the library moved?)"
    searched = " and ".join(f"{folder} and its parents" for folder in search_from)
    for folder in search_from:
        found = find_library(folder)
        if found is not None:
            return found, searched
    return None, searched


def validate_paths(paths: list[str], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                   library_dir: Path | None = None) -> ValidationResult:
    """Check every playbook the paths name; diagnostics come back sorted by file and line."""
    files, skipped = collect_files(paths)
    result = ValidationResult(skipped=skipped)
    reported_libraries: set = set()
    for outcome in _outcomes(files, library_dir, select, ignore):
        result.files.append(outcome.file)
        found = outcome.diagnostics
        if outcome.library_folder is not None and outcome.library_folder not in reported_libraries:
            reported_libraries.add(outcome.library_folder)
            found = found + outcome.library_diagnostics
        result.diagnostics += [d for d in found if _selected(d.code, select, ignore)]
        result.accepted += [a for a in outcome.accepted if _selected(a.code, select, ignore)]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


@dataclass
class _Outcome:
    """What validating one file found; plain data, so a worker process can send it back."""

    file: str
    diagnostics: list
    accepted: list
    library_folder: Path | None = None
    library_diagnostics: list = field(default_factory=list)


def validate_file(path: Path, library_dir: Path | None = None, select: tuple[str, ...] = (),
                  ignore: tuple[str, ...] = ()) -> _Outcome:
    playbook, library, diagnostics, searched = load_playbook(path, library_dir)
    outcome = _Outcome(str(path), list(diagnostics), [])
    if playbook is not None:
        context = Context(playbook, library, searched)
        outcome.diagnostics += run_checks(context, select, ignore)
        if family_selected(COMPLIANCE_FAMILY, select, ignore):
            outcome.accepted = accepted_findings(context)
    if library is not None:
        outcome.library_folder = library.folder
        outcome.library_diagnostics = list(library.diagnostics)
    return outcome


# Below this many files one process is faster than starting workers.
PARALLEL_FROM = 24


def _outcomes(files: list[Path], library_dir: Path | None, select: tuple[str, ...], ignore: tuple[str, ...]):
    """Validate files in order; a large batch is spread over the machine's cores."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2 or os.environ.get("LIVESOP_JOBS") == "1":
        return (validate_file(path, library_dir, select, ignore) for path in files)
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
    except (ImportError, ValueError):  # no fork on this platform: stay in one process
        return (validate_file(path, library_dir, select, ignore) for path in files)
    # The first file, checked here, loads the library, lexicon and matchers once for every worker.
    first, rest = validate_file(files[0], library_dir, select, ignore), files[1:]
    chunk = max(1, len(rest) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        same = [[value] * len(rest) for value in (library_dir, select, ignore)]
        return [first] + list(pool.map(validate_file, rest, *same, chunksize=chunk))


def _selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    if select and not matches_prefixes(code, select):
        return False
    return not (ignore and matches_prefixes(code, ignore))
