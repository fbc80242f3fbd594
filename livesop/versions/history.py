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
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from livesop.errors import EXIT_USAGE, LivesopError
from livesop.i18n import N_, _, join, ngettext, pgettext

BINARY_SNIFF = 8000  # like git: a NUL byte among the first bytes makes a file binary
UNSHALLOW_HINT = N_("run `git fetch --unshallow` for the rest")


def _git():
    try:
        import git
    except ImportError as exc:  # GitPython refuses to import without a git executable
        raise LivesopError(_("git is not available"), _("install git and check it runs ({error})").format(error=exc),
                           EXIT_USAGE) from None
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
        raise _usage(_("{path}: not in a git repository").format(path=path),
                     _("run the command inside a git working tree (or `git init` one)")) from None
    try:
        if repo.bare or repo.working_tree_dir is None:
            raise _usage(_("{path}: the repository has no working tree").format(path=path),
                         _("use a normal (non-bare) clone"))
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
        raise _usage(_("{path}: outside the git repository at {root}").format(path=path, root=root),
                     _("name a file inside the repository")) from None
    if not relative.parts:
        raise _usage(_("{path}: is the repository folder, not a file").format(path=path), _("name a playbook file"))
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
    return ngettext("history ends at commit {commits} (shallow clone)",
                    "history ends at commits {commits} (shallow clone)",
                    len(commits)).format(commits=join(sha[:7] for sha in commits))


def resolve_commit(repo, rev: str):
    """The commit a revision names (``HEAD``, ``main~2``, a tag, a short hash), or a clean error."""
    git = _git()
    import gitdb.exc

    if not rev or rev.startswith("-") or any(ch in rev for ch in "\0\n\r"):
        raise _usage(_("{rev!r} is not a revision").format(rev=rev),
                     _("give a branch, tag or commit such as HEAD, main~1 or a1b2c3d"))
    if ":" in rev or "{/" in rev:  # blob paths and message searches (the latter would run git)
        raise _usage(_("{rev!r} is not a commit").format(rev=rev),
                     _("give a branch, tag or commit such as HEAD, main~1 or a1b2c3d; "
                       "write the path after the revision as REV:PATH"))
    hint = _("check the name with `git log --oneline`; a revision is a branch, tag or commit")
    ends = shallow_ends(repo)
    try:
        obj = repo.rev_parse(rev)
        while obj.type == "tag":
            obj = obj.object
        if obj.type == "commit":
            obj.tree  # reads the commit: one behind a shallow clone's boundary is named but absent
    except ValueError as exc:  # GitPython: an object the repository does not have
        if ends and "missing" in str(exc):
            raise _usage(_("revision {rev!r} is not in this clone: {ends}").format(rev=rev, ends=history_ends(ends)),
                         _(UNSHALLOW_HINT)) from None
        raise _usage(_("unknown revision {rev!r}").format(rev=rev), hint) from None
    except (gitdb.exc.ODBError, git.exc.GitError, IndexError, KeyError, NotImplementedError, AttributeError,
            TypeError):
        raise _usage(_("unknown revision {rev!r}").format(rev=rev),
                     _("{hint}; {ends}: {unshallow}").format(hint=hint, ends=history_ends(ends),
                                                              unshallow=_(UNSHALLOW_HINT)) if ends else hint) from None
    if obj.type != "commit":
        kinds = {"tree": pgettext("git object", "tree"), "blob": pgettext("git object", "blob"),
                 "tag": pgettext("git object", "tag")}
        raise _usage(_("revision {rev!r} names a {kind}, not a commit").format(
                         rev=rev, kind=kinds.get(obj.type, obj.type)),
                     _("give a branch, tag or commit"))
    return obj


def read_blob(blob, label: str) -> bytes:
    data = blob.data_stream.read()
    if b"\0" in data[:BINARY_SNIFF]:
        raise _usage(_("{path}: is a binary file, not a playbook").format(path=label), _("name a playbook YAML file"))
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
                raise _usage(_("{rev}:{path}: is a folder, not a file").format(rev=rev, path=relpath),
                             _("name a playbook file"))
        raise _usage(_("{path}: not in revision {rev} ({commit})").format(path=path, rev=rev, commit=commit.hexsha[:8]),
                     _("the file did not exist there; see `livesop log {path}` for its history").format(path=path))


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
        raise _usage(_("the repository has no commits yet"), _("commit the playbook first")) from None
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


class RawBlob:
    """A file's version read with ``git cat-file`` (what ``log`` reads of a GitPython blob)."""

    type = "blob"

    def __init__(self, binsha: bytes, data: bytes):
        self.binsha = binsha
        self._data = data

    @property
    def data_stream(self):
        return io.BytesIO(self._data)


# Variables that tell git where a repository is, which GitPython does not all read the same way.
_LOCATING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
             "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_NAMESPACE", "GIT_REPLACE_REF_BASE",
             "GIT_NO_REPLACE_OBJECTS", "GIT_GRAFT_FILE")
# An author line as git writes it: ``author Name <email> 1760000000 +0800``.
_AUTHOR = re.compile(rb"author ([^<>\n]*) <[^<>\n]*> (\d{1,12}) ([+-])(\d\d)(\d\d)")


def quick_history(path: str | Path, limit: int | None = None) -> tuple[str, list[Revision]] | None:
    """``(repo_path(…), file_history(…))`` of ``path`` read with git's plumbing alone, without
    importing GitPython (a tenth of a second) or having it parse every commit: None whenever the
    repository is anything but the plain case (not found, bare, shallow, no commits, a path outside
    it, a commit or tree out of the ordinary, more versions than ``PREFETCH_BYTES``), and the
    caller then asks GitPython, which gives the same answer or the right error. The command lines
    are fixed; only object names reach git, on its standard input."""
    try:
        return _quick_history(path, limit)
    except Exception:  # noqa: BLE001 - anything unexpected: GitPython's walk instead
        return None


def _quick_history(path: str | Path, limit: int | None) -> tuple[str, list[Revision]] | None:
    import subprocess

    if any(os.environ.get(name) for name in _LOCATING):  # git and GitPython might find different repositories
        return None
    start = Path(os.path.abspath(path))
    while not start.is_dir() and start != start.parent:
        start = start.parent

    def git(*args: str, folder, data: bytes | None = None) -> bytes | None:
        done = subprocess.run(["git", *args], cwd=folder, input=data, capture_output=True, check=False)
        return done.stdout if done.returncode == 0 else None

    found = git("rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir", folder=start)
    lines = found.decode("utf-8", "surrogateescape").splitlines() if found else []
    if len(lines) != 3:
        return None
    top, git_dir, common = (Path(line) if os.path.isabs(line) else start / line for line in lines)
    if (common / "shallow").exists() or (git_dir / "shallow").exists():
        return None
    try:
        relative = Path(os.path.realpath(os.path.abspath(path))).relative_to(os.path.realpath(top))
    except ValueError:
        return None
    if not relative.parts:
        return None
    relpath = relative.as_posix()
    listed = git("rev-list", "--first-parent", "HEAD", folder=git_dir)
    if not listed:
        return None
    line = [bytes.fromhex(sha.decode("ascii")) for sha in listed.split()]
    cache: dict = {}
    commits = []  # (sha, tree, first parent or None, author name, date), newest first
    for sha, (kind, data) in zip(line, _batch(str(git_dir), line, cache)):
        commit = _parse_commit(kind, data)
        if commit is None:
            return None
        commits.append((sha, *commit))
    if len(commits) != len(line) or any(commit[2] != older[0] for commit, older in zip(commits, commits[1:])) \
            or commits[-1][2] is not None:
        return None  # not one unbroken first-parent line down to a root commit
    blobs = _blobs_at(str(git_dir), [commit[1] for commit in commits], relpath, cache)
    if blobs is None:
        return None
    revisions: list[tuple[int, bytes | None]] = []  # (commit number, the file's blob there)
    for index in range(len(commits)):
        blob, parent_blob = blobs[index], blobs[index + 1] if index + 1 < len(blobs) else None
        if blob != parent_blob:
            revisions.append((index, blob))
            if limit is not None and len(revisions) > limit:
                break
    wanted = [blob for index, blob in revisions if blob is not None]
    head = _batch(str(git_dir), wanted[:1], cache)
    budget = PREFETCH_BYTES // max(len(head[0][1]), 1) if head else 0
    if len(set(wanted)) > budget and wanted:
        return None
    data = dict(zip(dict.fromkeys(wanted), _batch(str(git_dir), list(dict.fromkeys(wanted)), cache)))
    if len(data) != len(set(wanted)) or any(found[0] != b"blob" for found in data.values()):
        return None
    history = []
    for index, blob in revisions:
        sha, author, date = commits[index][0], commits[index][3], commits[index][4]
        history.append(Revision(sha.hex(), date, author, None if blob is None else RawBlob(blob, data[blob][1])))
    return relpath, history


def _parse_commit(kind: bytes, data: bytes):
    """(tree, first parent or None, author's name, authored date) of a commit object as GitPython
    reads it, or None for anything out of the ordinary (another encoding, an odd author line)."""
    if kind != b"commit":
        return None
    header = data.split(b"\n\n", 1)[0].split(b"\n")
    if not header[0].startswith(b"tree ") or b"\nencoding " in b"\n" + data.split(b"\n\n", 1)[0]:
        return None
    tree = bytes.fromhex(header[0][5:].decode("ascii"))
    at, parents = 1, []
    while at < len(header) and header[at].startswith(b"parent "):
        parents.append(bytes.fromhex(header[at][7:].decode("ascii")))
        at += 1
    author = _AUTHOR.fullmatch(header[at]) if at < len(header) else None
    if author is None or len(tree) != 20:
        return None
    name = author.group(1).decode("utf-8").rstrip()  # strict: an author GitPython would decode otherwise falls back
    minutes = int(author.group(4)) * 60 + int(author.group(5))
    offset = _dt.timedelta(minutes=-minutes if author.group(3) == b"-" else minutes)
    moment = _dt.datetime.fromtimestamp(int(author.group(2)), _dt.timezone.utc)
    if abs(offset) < _dt.timedelta(hours=24):
        moment = moment.astimezone(_dt.timezone(offset))
    return tree, (parents[0] if parents else None), name, moment


def _blobs_at(folder: str, trees: list[bytes], relpath: str, cache: dict) -> list[bytes | None] | None:
    """The object name of the file at ``relpath`` in each tree (None where there is no file there,
    as ``tree / relpath`` finds it), or None when a tree cannot be read."""
    parts = [part.encode("utf-8", "surrogateescape") for part in relpath.split("/")]
    current: list[bytes | None] = list(trees)
    for depth, name in enumerate(parts):
        wanted = [sha for sha in current if sha is not None]
        read = dict(zip(dict.fromkeys(wanted), _batch(folder, list(dict.fromkeys(wanted)), cache)))
        if len(read) != len(set(wanted)) or any(found[0] != b"tree" for found in read.values()):
            return None
        last = depth == len(parts) - 1
        step = []
        for sha in current:
            entry = _tree_entry(read[sha][1], name) if sha is not None else None
            if entry is None:
                step.append(None)
            elif last:  # a file (a blob or a symbolic link), not a folder or a submodule
                step.append(entry[1] if entry[0] >> 12 in (0o10, 0o12) else None)
            else:
                step.append(entry[1] if entry[0] >> 12 == 0o04 else None)
        current = step
    return current


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
    from the repository is left out), all read by one ``git cat-file --batch`` (``repo``: a
    repository, or the path of its git folder)."""
    todo = [sha for sha in dict.fromkeys(shas) if sha not in cache]
    if todo:
        import subprocess

        folder = repo if isinstance(repo, str) else repo.git_dir
        done = subprocess.run(["git", "cat-file", "--batch"], cwd=folder, capture_output=True, check=False,
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
    found = _tree_entry(tree, name)
    return found[1] if found is not None else None


def _tree_entry(tree: bytes, name: bytes) -> tuple[int, bytes] | None:
    """(mode, object name) of entry ``name`` in a tree object's data, or None."""
    at = 0
    while at < len(tree):
        space = tree.find(b" ", at)
        nul = tree.find(b"\0", space)
        if space < 0 or nul < 0:
            return None
        if tree[space + 1:nul] == name:
            return int(tree[at:space], 8), tree[nul + 1:nul + 21]
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
