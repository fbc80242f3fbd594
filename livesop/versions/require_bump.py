"""``validate --require-bump``: a playbook that changed since HEAD must carry a new version.

"Changed" means changed by meaning (the semantic diff, version field left out): editing a
comment or re-indenting needs no bump. A file that is new (absent at HEAD), or a repository
without commits, has nothing to compare with and passes.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

from livesop.diagnostics import Diagnostic, matches_prefixes
from livesop.errors import LivesopError

_NUMBERS = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def _key(version: str | None) -> tuple[int, ...] | None:
    match = _NUMBERS.match(version or "")
    return tuple(int(g) for g in match.groups()) if match else None


def compare(path: str, head, work) -> list[Diagnostic]:
    """Findings for one playbook: ``head`` and ``work`` are the models at HEAD and on disk."""
    from livesop.versions.diff import diff, summarize

    loc = work.pos("version")
    if work.version == head.version:
        changes = [c for c in diff(head, work, timing=False) if c.path != "version"]
        if not changes:
            return []
        where = "place" if len(changes) == 1 else "places"
        return [Diagnostic(
            "LS901", path, loc.line, loc.col,
            f"the playbook differs from HEAD in {len(changes)} {where} ({summarize(changes)}) "
            f"but keeps version {work.version}",
            f"raise the version: `livesop bump {path} patch` (or minor / major)")]
    old, new = _key(head.version), _key(work.version)
    if old is not None and new is not None and new < old:
        return [Diagnostic(
            "LS902", path, loc.line, loc.col,
            f"version {work.version} is lower than HEAD's {head.version}",
            f"versions only go up; start from HEAD's: `git show HEAD:{path}` has {head.version}")]
    return []


def bump_findings(files: list[str]) -> list[Diagnostic]:
    """LS9xx findings for playbook files compared with their HEAD versions."""
    from livesop.versions.history import read_blob, repo_path, repository, resolve_commit
    from livesop.versions.sides import model_from_bytes, read_working

    found: list[Diagnostic] = []
    with ExitStack() as stack:
        repos: dict = {}
        for path in files:
            try:
                work = model_from_bytes(read_working(path), path)
            except LivesopError:
                continue  # validate reports why the file cannot be read
            try:
                folder = str(Path(path).resolve().parent)
                repo = repos.get(folder)
                if repo is None:
                    repo = repos[folder] = stack.enter_context(repository(path))
                relpath = repo_path(repo, path)
                try:
                    head = resolve_commit(repo, "HEAD")
                except LivesopError:
                    continue  # no commit yet: nothing to compare with
                try:
                    blob = head.tree / relpath
                except KeyError:
                    continue  # a new playbook
                old = model_from_bytes(read_blob(blob, f"HEAD:{relpath}"), f"HEAD:{relpath}")
            except LivesopError as exc:
                loc = work.pos("version")
                found.append(Diagnostic("LS903", path, loc.line, loc.col,
                                        f"version not compared with HEAD: {exc.message}", exc.hint))
                continue
            found += compare(path, old, work)
    return found


def add_bump_findings(result, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> None:
    """Add the LS9xx findings for ``result``'s files to a validation result (kept sorted)."""
    for diagnostic in bump_findings(result.files):
        if select and not matches_prefixes(diagnostic.code, select):
            continue
        if ignore and matches_prefixes(diagnostic.code, ignore):
            continue
        result.diagnostics.append(diagnostic)
    result.diagnostics.sort(key=Diagnostic.sort_key)
