"""Validation of playbook files and folders: load, build, check, filter.

With ``cache``, each file's findings come from the result cache (``checks.cache``) when its
entry is there and the scripts library it used has not changed, and are written to it when
not. The modules that read YAML, build the model and check it are imported only for a file
that has to be checked, so a run answered from the cache starts quickly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from livesop.diagnostics import CODES, ERROR, WARNING, Diagnostic, matches_prefixes
from livesop.errors import UsageError
from livesop.files import FileProblem, is_regular, kind_of, read_input
from livesop.format.sniff import MAX_BYTES, bytes_have_livesop_key, find_library, has_livesop_key
from livesop.i18n import _, pgettext

if TYPE_CHECKING:
    from livesop.format.library import Library
    from livesop.format.model import Playbook

YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = {".git", ".livesop", "node_modules", "__pycache__", ".venv", "venv"}


@dataclass
class ValidationResult:
    """What validating found: the findings, the files checked, the YAML files skipped and the findings accepted."""

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


def collect_files(paths: list[str], contents: dict | None = None) -> tuple[list[Path], int]:
    """Files named directly, plus every playbook-looking YAML file below named folders.

    A name ending in .yaml or .yml must be a regular file: a folder, FIFO or device by such a
    name, named or met in a folder, is kept so that loading reports it (LS100) without reading
    it; a folder by another name is walked. With ``contents``, the bytes read to tell whether a
    file in a folder looks like a playbook are kept there by its path (as ``_read`` reads them),
    so that the result cache need not read the file again."""
    files: list[Path] = []
    skipped, kept = 0, [0]
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
                        if contents is not None:
                            data = _read(candidate)  # None for a FIFO, a device, a file it cannot read
                            if data is None or bytes_have_livesop_key(data):  # loading says why
                                files.append(candidate)
                                if data is not None and kept[0] + len(data) <= _KEEP_BYTES:
                                    contents[candidate] = data
                                    kept[0] += len(data)
                            else:
                                skipped += 1
                        elif not is_regular(candidate) or has_livesop_key(candidate):
                            files.append(candidate)
                        else:
                            skipped += 1
        elif _present(path):
            files.append(path)
        else:
            raise UsageError(_("{path}: no such file or folder").format(path=raw), _("check the path"))
    return files, skipped


_KEEP_BYTES = 32 * 1024 * 1024  # at most this many bytes are kept by ``collect_files`` for the cache


def _walkable(path: Path) -> bool:
    """A folder to look for playbooks in: one not named like a YAML file."""
    return not path.name.endswith(YAML_SUFFIXES) and os.path.isdir(path)


def _present(path: Path) -> bool:
    """Something is at ``path``, or the system cannot say (a name too long): loading says what."""
    try:
        return os.path.lexists(path) or kind_of(path) is not None
    except OSError:
        return True


def load_playbook(path: Path, library_dir: Path | None = None,
                  raw: bytes | None = None) -> tuple[Playbook | None, Library | None, list[Diagnostic], str]:
    """Load and build one playbook (from ``raw``, its bytes, when they have been read already),
    and the scripts library it needs (when it uses one)."""
    from livesop.format.build import build
    from livesop.format.yamlio import load_bytes, load_file

    playbook, diagnostics = build(load_file(path, str(path)) if raw is None else load_bytes(raw, str(path)))
    library, searched = None, ""
    if playbook is not None:
        library, searched = library_for(playbook, (path.parent,), library_dir)
    return playbook, library, diagnostics, searched


def library_for(playbook: Playbook, search_from: tuple[Path, ...],
                library_dir: Path | None = None) -> tuple[Library | None, str]:
    """The scripts library a playbook needs (None when it uses none or none is found) and where
    it was looked for, as ``library_folder`` finds it."""
    from livesop.format.library import load_library
    from livesop.format.texts import library_refs

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
            return folder, _("session.library `{recorded}`").format(recorded=recorded)
        return None, _("session.library `{recorded}` ({folder}), which is not there (has the library moved?)").format(
            recorded=recorded, folder=folder)
    searched = pgettext("between places looked in", " and ").join(
        _("{folder} and its parents").format(folder=folder) for folder in search_from)
    for folder in search_from:
        found = find_library(folder)
        if found is not None:
            return found, searched
    return None, searched


def validate_paths(paths: list[str], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                   library_dir: Path | None = None, cache: bool = False) -> ValidationResult:
    """Check every playbook the paths name; diagnostics come back sorted by file and line. With
    ``cache``, findings are taken from and kept in the result cache (``checks.cache``)."""
    contents: dict | None = {} if cache else None  # the bytes read while collecting, for the cache's keys
    files, skipped = collect_files(paths, contents)
    result = ValidationResult(skipped=skipped)
    reported_libraries: set = set()
    for outcome in _outcomes(files, library_dir, select, ignore, cache, contents):
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
    library_state: dict = field(default_factory=lambda: {"uses": False})  # what the cache checks again
    content: str | None = None  # the digest of the bytes checked, when asked for (the cache's key)


def validate_file(path: Path, library_dir: Path | None = None, select: tuple[str, ...] = (),
                  ignore: tuple[str, ...] = (), digest: bool = False) -> _Outcome:
    """What checking one file finds; with ``digest`` (for the result cache), also the digest of the
    bytes it checked and the state of the scripts library it used."""
    from livesop.checks import family_selected, run_checks
    from livesop.checks.compliance.check import FAMILY as COMPLIANCE_FAMILY, accepted_findings
    from livesop.checks.context import Context
    from livesop.format.texts import library_refs

    raw = _read(path) if digest else None
    playbook, library, diagnostics, searched = load_playbook(path, library_dir, raw)
    outcome = _Outcome(str(path), list(diagnostics), [])
    if raw is not None:
        from livesop.checks.cache import content_digest

        outcome.content = content_digest(raw)
    if playbook is not None:
        context = Context(playbook, library, searched)
        outcome.diagnostics += run_checks(context, select, ignore)
        if family_selected(COMPLIANCE_FAMILY, select, ignore):
            outcome.accepted = accepted_findings(context)
        if digest and next(library_refs(playbook), None) is not None:  # for the cache's entry
            outcome.library_state = library_state(recorded_library(playbook), path, library_dir)
    if library is not None:
        outcome.library_folder = library.folder
        outcome.library_diagnostics = list(library.diagnostics)
    return outcome


def library_state(recorded: str | None, path: Path, library_dir: Path | None) -> dict:
    """What a playbook that uses the scripts library depends on beyond its own bytes: the folder
    ``library_folder`` chooses, where it looked, and each file of the folder as it is now (kept
    as their digest: the state of one library is the same in every entry that uses it)."""
    from livesop.checks.cache import file_stamps, state_digest

    folder, searched = library_folder(recorded, (path.parent,), library_dir)
    return {"uses": True, "recorded": recorded,
            "state": state_digest([None if folder is None else str(folder), searched,
                                   None if folder is None else file_stamps(folder)])}


# Below this many files one process is as fast as two. Measured on two cores with daily.yaml
# copies, a forked copy taking half (medians of 9): 20 and 30 files tie with the second core free,
# 30 lose by a tenth with it busy; 40 files win by a quarter with it free and by 7 % with it busy;
# 100 win by a third and by a tenth.
PARALLEL_FROM = 40


def workers() -> int:
    """How many processes to check files with: ``LIVESOP_JOBS`` when set, else the cores this
    process may use that other programs leave idle (a core kept busy by another program makes
    a worker wait for it), at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    asked = os.environ.get("LIVESOP_JOBS", "")
    if asked.isdigit() and int(asked) > 0:
        return min(int(asked), 8)
    return max(1, min(cores, 8, int(cores - _busy_elsewhere() + 0.5)))


def _busy_elsewhere() -> float:
    """How many cores other programs keep busy: the programs running at this moment besides this
    one (Linux's /proc/loadavg), else the load average of the last minute, else none."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return int(handle.read().split()[3].split("/")[0]) - 1
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def _outcomes(files: list[Path], library_dir: Path | None, select: tuple[str, ...], ignore: tuple[str, ...],
              cache: bool = False, contents: dict | None = None) -> list[_Outcome]:
    """The outcome of each file, in order: from the cache when it has them, the others checked
    (``contents``: bytes already read, by path, as ``_read`` read them; used once, then let go)."""
    store, outcomes, states = None, {}, {}
    contents = {} if contents is None else contents
    if cache and files:
        from livesop.checks.cache import ResultCache, content_digest

        store = ResultCache(("select", *select, "ignore", *ignore, "library",
                             str(library_dir.resolve()) if library_dir is not None else ""))
        for index, path in enumerate(files):
            raw = contents.pop(path) if path in contents else _read(path)
            if raw is not None:  # one that cannot be read is checked below, which says why
                hit = _from_entry(store.get(store.key(str(path), content_digest(raw))), path, library_dir, states)
                if hit is not None:
                    outcomes[index] = hit
    todo = [index for index in range(len(files)) if index not in outcomes]
    for index, outcome in zip(todo, _check_files([files[i] for i in todo], library_dir, select, ignore,
                                                 store is not None)):
        outcomes[index] = outcome
        if store is not None and outcome.content is not None:  # kept under the bytes it checked
            store.put(store.key(outcome.file, outcome.content), _entry(outcome))
    return [outcomes[index] for index in range(len(files))]


def _read(path: Path) -> bytes | None:
    """The bytes of a playbook file as ``load_file`` reads them, or None when it cannot read them."""
    try:
        return read_input(path, MAX_BYTES, "playbook")
    except FileProblem:
        return None


def _check_files(files: list[Path], library_dir: Path | None, select: tuple[str, ...], ignore: tuple[str, ...],
                 digest: bool = False):
    """Validate files in order; a large batch is shared with forked copies of this process on the
    machine's idle cores (``forked.in_parts``: one share of the files each)."""
    count = workers() if len(files) >= PARALLEL_FROM else 1
    if count < 2:
        return (validate_file(path, library_dir, select, ignore, digest) for path in files)
    from livesop.forked import in_parts

    # The first file, checked here, loads the library, lexicon and matchers once for every copy.
    first, rest = validate_file(files[0], library_dir, select, ignore, digest), files[1:]
    shares = [rest[index * len(rest) // count:(index + 1) * len(rest) // count] for index in range(count)]
    return [first] + in_parts([lambda share=share: [validate_file(path, library_dir, select, ignore, digest)
                                                    for path in share] for share in shares])


def _entry(outcome: _Outcome) -> dict:
    """An outcome as the plain data of a cache entry."""
    return {"file": outcome.file, "diagnostics": [_plain(d) for d in outcome.diagnostics],
            "accepted": [a.as_dict() for a in outcome.accepted], "library": outcome.library_state,
            "library_folder": None if outcome.library_folder is None else str(outcome.library_folder),
            "library_diagnostics": [_plain(d) for d in outcome.library_diagnostics]}


def _from_entry(entry: dict | None, path: Path, library_dir: Path | None, states: dict) -> _Outcome | None:
    """The outcome a cache entry holds, or None when there is none, it is not well formed, or the
    scripts library it used is no longer the same (``states``: the library states looked at in
    this run, by what they depend on)."""
    if entry is None:
        return None
    try:
        state = entry["library"]
        if state["uses"]:
            where = (state["recorded"], str(path.parent))
            if where not in states:
                states[where] = library_state(state["recorded"], path, library_dir)
            if states[where] != state:
                return None
        folder = entry["library_folder"]
        outcome = _Outcome(entry["file"], [_diagnostic(d) for d in entry["diagnostics"]], [],
                           None if folder is None else Path(folder),
                           [_diagnostic(d) for d in entry["library_diagnostics"]], state)
        if entry["accepted"]:
            from livesop.checks.compliance.check import Accepted

            outcome.accepted = [Accepted(**accepted) for accepted in entry["accepted"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return outcome if outcome.file == str(path) else None


def _plain(d: Diagnostic) -> list:
    return [d.code, d.file, d.line, d.column, d.message, d.hint, d.severity]


def _diagnostic(fields: list) -> Diagnostic:
    """A diagnostic back from ``_plain``'s list; a ValueError when the list is not one."""
    code, file, line, column, message, hint, severity = fields
    if (code not in CODES or severity not in (ERROR, WARNING) or type(line) is not int or type(column) is not int
            or not all(isinstance(v, str) for v in (file, message, hint))):
        raise ValueError(fields)
    return Diagnostic(code, file, line, column, message, hint, severity)


def _selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    if select and not matches_prefixes(code, select):
        return False
    return not (ignore and matches_prefixes(code, ignore))
