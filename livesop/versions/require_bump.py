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
from livesop.i18n import _, ngettext

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
        message = ngettext("the playbook differs from HEAD in {count} place ({summary}) but keeps version {version}",
                           "the playbook differs from HEAD in {count} places ({summary}) but keeps version {version}",
                           len(changes))
        return [Diagnostic(
            "LS901", path, loc.line, loc.col,
            message.format(count=len(changes), summary=summarize(changes), version=work.version),
            _("raise the version: `livesop bump {path} patch` (or minor / major)").format(path=path))]
    old, new = _key(head.version), _key(work.version)
    if old is not None and new is not None and new < old:
        return [Diagnostic(
            "LS902", path, loc.line, loc.col,
            _("version {version} is lower than HEAD's {head}").format(version=work.version, head=head.version),
            _("versions only go up; start from HEAD's: `git show HEAD:{path}` has {head}").format(
                path=path, head=head.version))]
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
                                        _("version not compared with HEAD: {reason}").format(reason=exc.message),
                                        exc.hint))
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
