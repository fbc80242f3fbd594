"""A playbook's history: each commit that changed it, its ``version`` there, and what changed.

The walk comes from ``livesop.versions.history`` (object database, no revision on a command line).
Versions are modelled with ``livesop.versions.incremental`` (only the chunks that changed since an
earlier version are built again), and each entry is summarised against the one before it with
the semantic diff (``+1 segment, 2 scripts changed, −3m``). In a shallow clone the last entry
is the commit where the clone's history ends (``history_ends``): what it changed is unknown.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from livesop.format.build import build, shown
from livesop.format.timeline import build_timeline
from livesop.format.yamlio import load_bytes
from livesop.versions.diff import diff, summarize
from livesop.versions.incremental import Chunked

ENDS_HERE = "history ends here (shallow clone); run `git fetch --unshallow` for the rest"


@dataclass(frozen=True)
class LogEntry:
    commit: str
    date: _dt.datetime
    author: str
    version: str | None
    summary: str
    changes: int
    history_ends: bool = False  # a shallow clone's boundary: the history before it is not in the clone

    def as_dict(self) -> dict:
        return {"commit": self.commit, "date": self.date.isoformat(), "author": self.author,
                "version": self.version, "summary": self.summary, "changes": self.changes}


@dataclass(frozen=True)
class _Version:
    playbook: object  # Playbook, or None when this version cannot be read
    version: str | None
    problem: str = ""

    @cached_property
    def timeline(self):
        return build_timeline(self.playbook)


def _read(blob, label: str, models: Chunked) -> _Version:
    if blob is None:
        return _Version(None, None, "deleted")
    data = blob.data_stream.read()
    if b"\0" in data[:8000]:
        return _Version(None, None, "binary file")
    playbook = models.model(data, label)
    if playbook is not None and playbook.version:
        return _Version(playbook, playbook.version)
    loaded = load_bytes(data, label)
    if playbook is not None:
        return _Version(playbook, _raw_version(loaded))
    first = next((d for d in build(loaded)[1]), None)
    where = f" (line {first.line}: {first.message})" if first else ""
    return _Version(None, _raw_version(loaded), f"unreadable playbook{where}")


def _raw_version(loaded) -> str | None:
    """The ``version`` value as written, for a version the model could not take."""
    value = loaded.data.get("version") if loaded.data is not None else None
    return None if value is None else shown(value, quote=False)


def _summary(current: _Version, previous: _Version | None) -> tuple[str, int]:
    if current.problem:
        return current.problem, 0
    if previous is None or previous.problem == "deleted":
        return "created", 0
    if previous.playbook is None:
        return f"changed (the version before is an {previous.problem})", 0
    changes = diff(previous.playbook, current.playbook, timelines=(previous.timeline, current.timeline))
    return summarize(changes), len(changes)


def playbook_log(path: str | Path, limit: int | None = None) -> list[LogEntry]:
    """Newest first: the commits on HEAD's first-parent line that changed ``path``.

    Versions are read one after the other and only the pair being compared is kept, so a long
    history costs time in proportion to its length and little memory.
    """
    from livesop.versions.history import file_history, repo_path, repository

    entries: list[LogEntry] = []
    with repository(path) as repo:
        relpath = repo_path(repo, path)
        revisions = file_history(repo, relpath, limit)
        models = Chunked()
        shown = revisions if limit is None else revisions[:limit]
        current = _read(revisions[0].blob, _label(revisions[0], relpath), models) if revisions else None
        for index, revision in enumerate(shown):
            older = revisions[index + 1] if index + 1 < len(revisions) else None
            previous = None
            if older is not None:
                same = older.blob is not None and revision.blob is not None and older.blob.binsha == revision.blob.binsha
                previous = current if same else _read(older.blob, _label(older, relpath), models)
            summary, count = _summary(current, previous)
            if revision.history_ends:
                summary, count = "; ".join(filter(None, (current.problem, ENDS_HERE))), 0
            entries.append(LogEntry(revision.commit, revision.date, revision.author, current.version,
                                    summary, count, revision.history_ends))
            current = previous
    return entries


def _label(revision, relpath: str) -> str:
    return f"{revision.commit[:8]}:{relpath}"
