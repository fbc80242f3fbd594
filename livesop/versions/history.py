"""A file's content at git revisions, read through GitPython's object database.

A user's revision is resolved with ``repo.rev_parse`` (GitPython's own parser over refs and the
object database); it is never handed to a git command line, so text such as ``--output=/tmp/x``
or ``-c core.pager=…`` can do nothing but fail to resolve. Blobs are read with
``(commit.tree / path).data_stream``, which keeps the bytes exactly (trailing newline included).
Every repository opened here is closed again (``repo.close()`` stops its cat-file helpers).

A shallow clone (``git clone --depth N``) lacks the commits behind its boundary: the walk stops
there and says so, and a revision past it is a usage error whose hint is ``git fetch --unshallow``.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from livesop.errors import EXIT_USAGE, LivesopError

BINARY_SNIFF = 8000  # like git: a NUL byte among the first bytes makes a file binary
UNSHALLOW_HINT = "run `git fetch --unshallow` for the rest"


def _git():
    try:
        import git
    except ImportError as exc:  # GitPython refuses to import without a git executable
        raise LivesopError("git is not available", f"install git and check it runs ({exc})", EXIT_USAGE) from None
    return git


def _usage(message: str, hint: str = "") -> LivesopError:
    return LivesopError(message, hint, EXIT_USAGE)


@contextmanager
def repository(path: str | Path) -> Iterator:
    """The git repository holding ``path`` (searched upwards from its folder), closed afterwards."""
    git = _git()
    start = Path(os.path.abspath(path))
    while not start.is_dir() and start != start.parent:
        start = start.parent
    try:
        repo = git.Repo(start, search_parent_directories=True)
    except (git.exc.InvalidGitRepositoryError, git.exc.NoSuchPathError):
        raise _usage(f"{path}: not in a git repository",
                     "run the command inside a git working tree (or `git init` one)") from None
    try:
        if repo.bare or repo.working_tree_dir is None:
            raise _usage(f"{path}: the repository has no working tree", "use a normal (non-bare) clone")
        yield repo
    finally:
        repo.close()


def repo_path(repo, path: str | Path) -> str:
    """``path`` (relative to the current folder, or absolute) as a path inside the repository."""
    root = Path(os.path.realpath(repo.working_tree_dir))
    full = Path(os.path.realpath(os.path.abspath(path)))
    try:
        relative = full.relative_to(root)
    except ValueError:
        raise _usage(f"{path}: outside the git repository at {root}", "name a file inside the repository") from None
    if not relative.parts:
        raise _usage(f"{path}: is the repository folder, not a file", "name a playbook file")
    return relative.as_posix()


def shallow_ends(repo) -> tuple[str, ...]:
    """The commits where a shallow clone's history ends (their parents were not fetched); () when
    the clone is complete. Git lists them in the ``shallow`` file of the repository."""
    try:
        text = (Path(repo.common_dir) / "shallow").read_text("ascii")
    except (OSError, UnicodeDecodeError):
        return ()
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def history_ends(commits) -> str:
    """``history ends at commit abc1234 (shallow clone)``, naming each boundary commit."""
    where = "commit" if len(commits) == 1 else "commits"
    return f"history ends at {where} {', '.join(sha[:7] for sha in commits)} (shallow clone)"


def resolve_commit(repo, rev: str):
    """The commit a revision names (``HEAD``, ``main~2``, a tag, a short hash), or a clean error."""
    git = _git()
    import gitdb.exc

    if not rev or rev.startswith("-") or any(ch in rev for ch in "\0\n\r"):
        raise _usage(f"{rev!r} is not a revision", "give a branch, tag or commit such as HEAD, main~1 or a1b2c3d")
    if ":" in rev or "{/" in rev:  # blob paths and message searches (the latter would run git)
        raise _usage(f"{rev!r} is not a commit", "give a branch, tag or commit such as HEAD, main~1 or a1b2c3d; "
                     "write the path after the revision as REV:PATH")
    hint = "check the name with `git log --oneline`; a revision is a branch, tag or commit"
    ends = shallow_ends(repo)
    try:
        obj = repo.rev_parse(rev)
        while obj.type == "tag":
            obj = obj.object
        if obj.type == "commit":
            obj.tree  # reads the commit: one behind a shallow clone's boundary is named but absent
    except ValueError as exc:  # GitPython: an object the repository does not have
        if ends and "missing" in str(exc):
            raise _usage(f"revision {rev!r} is not in this clone: {history_ends(ends)}", UNSHALLOW_HINT) from None
        raise _usage(f"unknown revision {rev!r}", hint) from None
    except (gitdb.exc.ODBError, git.exc.GitError, IndexError, KeyError, NotImplementedError, AttributeError,
            TypeError):
        raise _usage(f"unknown revision {rev!r}",
                     f"{hint}; {history_ends(ends)}: {UNSHALLOW_HINT}" if ends else hint) from None
    if obj.type != "commit":
        raise _usage(f"revision {rev!r} names a {obj.type}, not a commit", "give a branch, tag or commit")
    return obj


def read_blob(blob, label: str) -> bytes:
    data = blob.data_stream.read()
    if b"\0" in data[:BINARY_SNIFF]:
        raise _usage(f"{label}: is a binary file, not a playbook", "name a playbook YAML file")
    return data


def read_at(rev: str, path: str | Path) -> tuple[str, bytes]:
    """(``REV:path`` label, bytes) of a file at a revision.

    ``path`` is taken relative to the current folder like any other path; a path written from
    the repository's root works too when the first reading names nothing at that revision.
    """
    with repository(path) as repo:
        commit = resolve_commit(repo, rev)
        candidates = [repo_path(repo, path)]
        rooted = Path(path).as_posix().lstrip("/")
        if not Path(path).is_absolute() and rooted not in candidates:
            candidates.append(rooted)
        for relpath in candidates:
            try:
                obj = commit.tree / relpath
            except KeyError:
                obj = None
            if obj is not None and obj.type == "blob":
                return f"{rev}:{relpath}", read_blob(obj, f"{rev}:{relpath}")
            if obj is not None:
                raise _usage(f"{rev}:{relpath}: is a folder, not a file", "name a playbook file")
        raise _usage(f"{path}: not in revision {rev} ({commit.hexsha[:8]})",
                     f"the file did not exist there; see `livesop log {path}` for its history")


@dataclass(frozen=True)
class Revision:
    """One commit that changed a file: who, when, and the file's blob there (None: deleted).

    ``history_ends``: the commit is where a shallow clone's history ends; what it changed is unknown."""

    commit: str
    date: _dt.datetime
    author: str
    blob: object  # a git Blob, or None when the commit deleted the file
    history_ends: bool = False


def file_history(repo, relpath: str, limit: int | None = None) -> list[Revision]:
    """Commits on HEAD's first-parent line where the file's content changed, newest first.

    The walk reads commit and tree objects through the object database (one persistent
    ``cat-file`` helper), so no path or revision reaches a git command line. With ``limit``
    the walk stops once ``limit + 1`` revisions are known (the last one is for comparison).
    In a shallow clone the walk ends at the boundary; the file there is the last revision
    (``history_ends``), since what came before it is not in the clone.
    """
    try:
        commit = repo.head.commit
    except ValueError:
        raise _usage("the repository has no commits yet", "commit the playbook first") from None
    prefetch(repo, relpath)
    ends = set(shallow_ends(repo))
    found: list[Revision] = []
    blob = _walk(commit.tree, relpath)
    while commit is not None:
        parent = commit.parents[0] if commit.parents and commit.hexsha not in ends else None
        try:
            parent_blob = _walk(parent.tree, relpath) if parent is not None else None
        except ValueError:  # the parent is missing although git did not list a boundary: end here too
            parent, ends = None, ends | {commit.hexsha}
        if parent is None and commit.hexsha in ends:
            if blob is not None:
                found.append(Revision(commit.hexsha, commit.authored_datetime, commit.author.name or "", blob, True))
            break
        if _sha(blob) != _sha(parent_blob):
            found.append(Revision(commit.hexsha, commit.authored_datetime, commit.author.name or "", blob))
            if limit is not None and len(found) > limit:
                break
        commit, blob = parent, parent_blob
    return found


PREFETCH_BYTES = 32 * 1024 * 1024  # the file's versions read ahead at most (the rest one by one)


def prefetch(repo, relpath: str) -> None:
    """Read ahead, in a few batched ``git cat-file --batch`` runs, the objects a walk of the file's
    history asks for one at a time: the commits of HEAD's first-parent line, their trees down to
    the file, and the file's versions (up to ``PREFETCH_BYTES``). GitPython reads them from
    memory then, with its own parsing, so the walk gives what it gave; any object not read ahead
    (past a shallow clone's boundary, or when git fails here) is read the usual way. Only object
    names reach git, on its standard input; the command lines are fixed."""
    try:
        listed = repo.git.execute(["git", "rev-list", "--first-parent", "HEAD"], stdout_as_string=False)
    except Exception:  # noqa: BLE001 - a repository git cannot walk: read objects the usual way
        return
    wanted = [bytes.fromhex(line.decode("ascii")) for line in listed.split() if len(line) == 40]
    cache: dict[bytes, tuple[bytes, bytes]] = {}
    objects = _Prefetched(repo.odb, cache)
    level = _batch(repo, wanted, cache)
    trees = [data.split(b"\n", 1)[0][5:] for kind, data in level if kind == b"commit" and data.startswith(b"tree ")]
    wanted = [bytes.fromhex(sha.decode("ascii")) for sha in trees if len(sha) == 40]
    parts = relpath.split("/")
    for depth, part in enumerate(parts):
        level = _batch(repo, wanted, cache)
        name, wanted = part.encode("utf-8", "surrogateescape"), []
        for kind, data in level:
            entry = _entry(data, name) if kind == b"tree" else None
            if entry is not None:
                wanted.append(entry)
        if depth == len(parts) - 1:
            head = cache.get(wanted[0]) if wanted else None
            size = len(head[1]) if head else 0
            budget = PREFETCH_BYTES // max(size, 1)
            _batch(repo, list(dict.fromkeys(wanted))[:budget], cache)
    repo.odb = objects


class _Prefetched:
    """An object database that answers from objects read ahead, and asks ``inner`` for the rest."""

    def __init__(self, inner, cache: dict):
        self._inner = inner
        self._cache = cache

    def stream(self, binsha: bytes):
        from gitdb.base import OStream

        found = self._cache.get(binsha)
        if found is None:
            return self._inner.stream(binsha)
        return OStream(binsha, found[0], len(found[1]), io.BytesIO(found[1]))

    def info(self, binsha: bytes):
        from gitdb.base import OInfo

        found = self._cache.get(binsha)
        return self._inner.info(binsha) if found is None else OInfo(binsha, found[0], len(found[1]))

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _batch(repo, shas: list[bytes], cache: dict) -> list[tuple[bytes, bytes]]:
    """``(type, data)`` of each object named (those already read come from ``cache``; one missing
    from the repository is left out), all read by one ``git cat-file --batch``."""
    todo = [sha for sha in dict.fromkeys(shas) if sha not in cache]
    if todo:
        import subprocess

        done = subprocess.run(["git", "cat-file", "--batch"], cwd=repo.git_dir, capture_output=True, check=False,
                              input=b"".join(sha.hex().encode("ascii") + b"\n" for sha in todo))
        out, at = done.stdout, 0
        for sha in todo:
            end = out.find(b"\n", at)
            if end < 0:
                break
            header = out[at:end].split()
            if len(header) != 3:  # "<sha> missing"
                at = end + 1
                continue
            size = int(header[2])
            cache[sha] = (header[1], out[end + 1:end + 1 + size])
            at = end + 1 + size + 1
    return [cache[sha] for sha in shas if sha in cache]


def _entry(tree: bytes, name: bytes) -> bytes | None:
    """The object name of entry ``name`` in a tree object's data, or None."""
    at = 0
    while at < len(tree):
        space = tree.find(b" ", at)
        nul = tree.find(b"\0", space)
        if space < 0 or nul < 0:
            return None
        if tree[space + 1:nul] == name:
            return tree[nul + 1:nul + 21]
        at = nul + 21
    return None


def _sha(obj):
    return None if obj is None else obj.binsha


def _walk(tree, relpath: str):
    """The blob at ``relpath`` below ``tree`` (None when absent or not a file)."""
    try:
        node = tree / relpath
    except KeyError:
        return None
    return node if node.type == "blob" else None
