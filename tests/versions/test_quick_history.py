"""``log``'s history read with git's plumbing alone (``history.quick_history``): exactly what the
GitPython walk (``file_history``) gives, or None so that the GitPython walk answers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from livesop.versions.history import file_history, quick_history, repo_path, repository
from tests.gitrepo import GitRepo
from tests.helpers import MINIMAL


def seen(revisions) -> list:
    return [(r.commit, r.date.isoformat(), r.date.strftime("%Y-%m-%d %H:%M"), r.author, r.history_ends,
             None if r.blob is None else (r.blob.binsha, r.blob.data_stream.read())) for r in revisions]


def assert_same(path, limits=(None, 1, 2, 5)) -> None:
    for limit in limits:
        quick = quick_history(path, limit)
        assert quick is not None, (path, limit)
        with repository(path) as repo:
            relpath = repo_path(repo, path)
            assert quick[0] == relpath
            assert seen(quick[1]) == seen(file_history(repo, relpath, limit))


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("playbooks/p.yaml", MINIMAL)
    repo.commit("create")
    repo.write("README.md", "unrelated")
    repo.commit("docs")
    repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", "1.1.0"))
    repo.commit("bump")
    (repo.root / "playbooks/p.yaml").unlink()
    repo.commit("remove")
    repo.write("playbooks/p.yaml", b"\0binary")
    repo.commit("binary")
    repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", "2.0.0"))
    repo.commit("again")
    return repo


def test_the_same_revisions_as_gitpython(repo, monkeypatch):
    assert_same(repo.root / "playbooks/p.yaml")
    assert_same(repo.root / "README.md")
    monkeypatch.chdir(repo.root / "playbooks")
    assert_same("p.yaml")


def test_merges_are_followed_on_the_first_parent(repo):
    repo.git("checkout", "-q", "-b", "side")
    repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", "3.0.0"))
    repo.commit("side")
    repo.git("checkout", "-q", "-")
    repo.write("other.txt", "x")
    repo.commit("main")
    repo.git("merge", "-q", "--no-edit", "--no-ff", "side")
    assert_same(repo.root / "playbooks/p.yaml")


def test_a_folder_or_a_link_at_the_path(repo):
    (repo.root / "playbooks/p.yaml").unlink()
    (repo.root / "playbooks/p.yaml").mkdir()
    repo.write("playbooks/p.yaml/inner.yaml", MINIMAL)
    repo.commit("now a folder")
    assert_same(repo.root / "playbooks/p.yaml/inner.yaml")
    repo.write("target.yaml", MINIMAL)
    (repo.root / "link.yaml").symlink_to("target.yaml")
    repo.commit("a link")
    assert_same(repo.root / "link.yaml")


def test_anything_out_of_the_ordinary_is_left_to_gitpython(repo, tmp_path, monkeypatch):
    assert quick_history(tmp_path / "nowhere" / "p.yaml") is None  # not in a repository
    assert quick_history(repo.root) is None  # the repository folder itself
    monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    assert quick_history(repo.root / "playbooks/p.yaml") is None
    monkeypatch.delenv("GIT_DIR")
    empty = GitRepo(tmp_path / "empty")
    empty.write("p.yaml", MINIMAL)
    assert quick_history(empty.root / "p.yaml") is None  # no commits yet
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone))
    assert quick_history(clone / "playbooks/p.yaml") is None  # shallow: GitPython knows the boundary


def test_a_log_does_not_import_gitpython(repo, tmp_path):
    code = ("import sys; from livesop.versions.log import playbook_log; "
            f"entries = playbook_log({str(repo.root / 'playbooks/p.yaml')!r}); "
            "print(len(entries), 'git' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "LIVESOP_CACHE_DIR": str(tmp_path)})
    assert done.stdout.split() == ["5", "False"], done.stderr  # create, bump, remove, binary, again
