"""A playbook's history: each commit that changed it, its ``version`` there, and what changed.

The walk comes from ``livesop.versions.history`` (object database, no revision on a command line).
Versions are modelled with ``livesop.versions.incremental`` (only the chunks that changed since an
earlier version are built again), and each entry is summarised against the one before it with
the semantic diff (``+1 segment, 2 scripts changed, −3m``). In a shallow clone the last entry
is the commit where the clone's history ends (``history_ends``): what it changed is unknown.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from livesop.format.build import build, shown
from livesop.format.expand import expand_segments
from livesop.format.timeline import build_timeline
from livesop.format.yamlio import load_bytes
from livesop.i18n import N_, _, current as current_language, pgettext
from livesop.versions.diff import diff, summarize
from livesop.versions.incremental import Chunked

ENDS_HERE = N_("history ends here (shallow clone); run `git fetch --unshallow` for the rest")


@dataclass(frozen=True)
class LogEntry:
    """One commit that changed the playbook: who made it and when, its ``version`` and what changed."""

    commit: str
    date: _dt.datetime
    author: str
    version: str | None
    summary: str
    changes: int
    history_ends: bool = False  # a shallow clone's boundary: the history before it is not in the clone
    label: str = ""  # the summary in the language in force (the table); the JSON keeps ``summary`` in English

    def as_dict(self) -> dict:
        return {"commit": self.commit, "date": self.date.isoformat(), "author": self.author,
                "version": self.version, "summary": self.summary, "changes": self.changes}


@dataclass(frozen=True)
class _Version:
    """The playbook at one commit and its ``version``, or why it cannot be read."""

    playbook: object  # Playbook, or None when this version cannot be read
    version: str | None
    problem: str = ""  # in English (the JSON's summary)
    problem_label: str = ""  # the same in the language in force
    copies: dict | None = field(default=None, compare=False, repr=False)  # ``Chunked.copies``

    @cached_property
    def timeline(self):
        return build_timeline(self.playbook, segments=expand_segments(self.playbook, self.copies))


def _read(blob, label: str, models: Chunked) -> _Version:
    if blob is None:
        return _Version(None, None, *_both(N_("deleted")))
    data = blob.data_stream.read()
    if b"\0" in data[:8000]:
        return _Version(None, None, *_both(N_("binary file")))
    playbook = models.model(data, label)
    if playbook is not None and playbook.version:
        return _Version(playbook, playbook.version, copies=models.copies)
    loaded = load_bytes(data, label)
    if playbook is not None:
        return _Version(playbook, _raw_version(loaded), copies=models.copies)
    first = next((d for d in build(loaded)[1]), None)
    problem = (_both(N_("unreadable playbook (line {line}: {message})"), line=first.line, message=first.message)
               if first else _both(N_("unreadable playbook")))
    return _Version(None, _raw_version(loaded), *problem)


def _both(msgid: str, /, **fields) -> tuple[str, str]:
    """(English, the language in force) of a text marked with ``N_``."""
    return msgid.format(**fields), _(msgid).format(**fields)


def _raw_version(loaded) -> str | None:
    """The ``version`` value as written, for a version the model could not take."""
    value = loaded.data.get("version") if loaded.data is not None else None
    return None if value is None else shown(value, quote=False)


def _summary(current: _Version, previous: _Version | None) -> tuple[str, str, int]:
    """(the summary in English, in the language in force, the number of changes)."""
    if current.problem:
        return current.problem, current.problem_label, 0
    if previous is None or previous.problem == "deleted":
        return (*_both(N_("created")), 0)
    if previous.playbook is None and previous.problem == "binary file":
        return (*_both(N_("changed (the version before is a binary file)")), 0)
    if previous.playbook is None:
        return (N_("changed (the version before is an {problem})").format(problem=previous.problem),
                _("changed (the version before is an {problem})").format(problem=previous.problem_label), 0)
    changes = diff(previous.playbook, current.playbook, timelines=(previous.timeline, current.timeline), lines=False,
                   shared=True)
    english = summarize(changes, english=True)
    return english, english if current_language() == "en" else summarize(changes), len(changes)


def playbook_log(path: str | Path, limit: int | None = None) -> list[LogEntry]:
    """Newest first: the commits on HEAD's first-parent line that changed ``path``.

    Versions are read one after the other and only the pair being compared is kept, so a long
    history costs time in proportion to its length and little memory.
    """
    from livesop.versions.history import quick_history

    found = quick_history(path, limit)
    if found is not None:  # the plain case, read without GitPython (all in memory: a fork may share it)
        return _split_entries(*found, limit)
    from livesop.versions.history import file_history, repo_path, repository

    with repository(path) as repo:
        relpath = repo_path(repo, path)
        return _entries(relpath, file_history(repo, relpath, limit), limit)


# From this many entries the history is split in two: the older half summarised by a forked
# process on a core other programs leave idle, the newer half here. Measured on two cores with
# bench_versions' histories of daily.yaml (in process, medians): 150 commits tie, 300 commits
# 209 → 179 ms, 1,000 commits 572 → 384 ms; with the second core kept busy, split or not tie
# (770 / 752 ms), and ``checks.validate.workers`` then says one process.
SPLIT_FROM = 300


def _split_entries(relpath: str, revisions: list, limit: int | None) -> list[LogEntry]:
    """``_entries`` of revisions whose blobs are in memory, the older half in a forked process
    (``forked.in_parts``) when the history is long and a second core is idle."""
    count = len(revisions) if limit is None else min(limit, len(revisions))
    if count < SPLIT_FROM:
        return _entries(relpath, revisions, limit)
    from livesop.checks.validate import workers

    if workers() < 2:
        return _entries(relpath, revisions, limit)
    from livesop.forked import in_parts

    middle = count // 2
    return in_parts([lambda: _entries(relpath, revisions, middle), lambda: _entries(relpath, revisions, limit, middle)])


def _entries(relpath: str, revisions: list, limit: int | None, start: int = 0) -> list[LogEntry]:
    """The log entries of a file's revisions (``history.file_history``, newest first), from the
    ``start``-th on."""
    entries: list[LogEntry] = []
    models = Chunked()
    shown = revisions if limit is None else revisions[:limit]
    current = _read(revisions[start].blob, _label(revisions[start], relpath), models) if start < len(revisions) \
        else None
    for index, revision in enumerate(shown[start:], start):
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        previous = None
        if older is not None:
            same = older.blob is not None and revision.blob is not None and older.blob.binsha == revision.blob.binsha
            previous = current if same else _read(older.blob, _label(older, relpath), models)
        summary, label, count = _summary(current, previous)
        if revision.history_ends:
            summary, count = "; ".join(filter(None, (current.problem, ENDS_HERE))), 0
            separator = pgettext("clause separator", "; ")
            label = separator.join(filter(None, (current.problem_label, _(ENDS_HERE))))
        entries.append(LogEntry(revision.commit, revision.date, revision.author, current.version,
                                summary, count, revision.history_ends, label))
        current = previous
    return entries


def _label(revision, relpath: str) -> str:
    return f"{revision.commit[:8]}:{relpath}"
