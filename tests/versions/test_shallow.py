"""Shallow clones (issue 13, item 11): ``log``, ``diff REV:PATH`` and ``validate --require-bump`` in a
``git clone --depth N`` say where the history ends instead of crashing on the commits it lacks."""

from __future__ import annotations

import json

import pytest

from livesop.errors import EXIT_USAGE, LivesopError
from livesop.versions.history import file_history, read_at, repository
from tests.gitrepo import GitRepo
from tests.helpers import MINIMAL

PATH = "playbooks/p.yaml"
UNSHALLOW = "run `git fetch --unshallow` for the rest"


@pytest.fixture
def source(tmp_path) -> GitRepo:
    """Four commits: the playbook at 1.0.0, 1.1.0 (a segment shorter), an unrelated file, 1.2.0."""
    repo = GitRepo(tmp_path / "source")
    repo.write(PATH, MINIMAL)
    repo.commit("create")
    repo.write(PATH, MINIMAL.replace("1.0.0", "1.1.0").replace("duration: 20m", "duration: 15m"))
    repo.commit("shorter pitch")
    repo.write("README.md", "unrelated")
    repo.commit("docs")
    repo.write(PATH, MINIMAL.replace("1.0.0", "1.2.0").replace("duration: 20m", "duration: 12m"))
    repo.commit("shorter still")
    return repo


def shallow(source: GitRepo, depth: int, monkeypatch) -> GitRepo:
    """A ``git clone --depth DEPTH`` of ``source``, made the current folder."""
    target = source.root.parent / f"depth{depth}"
    source.git("clone", "-q", "--depth", str(depth), f"file://{source.root}", str(target))
    assert (target / ".git" / "shallow").is_file()
    monkeypatch.chdir(target)
    return GitRepo(target)  # `git init` in a clone only sets the identity


def head_of(repo: GitRepo, rev: str = "HEAD") -> str:
    return repo.git("rev-parse", rev).strip()


def test_log_of_a_depth_1_clone_ends_at_its_only_commit(source, monkeypatch, invoke):
    clone = shallow(source, 1, monkeypatch)
    result = invoke("log", PATH, "--format", "json")
    assert result.exit_code == 0
    (entry,) = json.loads(result.output)
    assert entry["commit"] == head_of(clone) and entry["version"] == "1.2.0"
    assert entry["summary"] == f"history ends here (shallow clone); {UNSHALLOW}" and entry["changes"] == 0
    text = invoke("log", PATH)
    assert text.exit_code == 0 and text.output.splitlines()[-1].startswith(head_of(clone)[:8])
    assert "history ends here (shallow clone)" in text.output


def test_log_of_a_deeper_clone_summarises_what_it_has(source, monkeypatch, invoke):
    clone = shallow(source, 3, monkeypatch)  # 1.2.0, docs, 1.1.0: the creation is cut off
    entries = json.loads(invoke("log", PATH, "--format", "json").output)
    assert [e["version"] for e in entries] == ["1.2.0", "1.1.0"]
    assert entries[0]["summary"] == "1 segment changed, −3m"
    assert entries[1]["commit"] == head_of(clone, "HEAD~2")
    assert entries[1]["summary"].startswith("history ends here (shallow clone)")
    assert [e["version"] for e in json.loads(invoke("log", PATH, "-n", "1", "--format", "json").output)] == ["1.2.0"]


def test_file_history_marks_the_boundary(source, monkeypatch):
    clone = shallow(source, 2, monkeypatch)
    with repository(clone.root / PATH) as repo:
        found = file_history(repo, PATH)
    assert [(r.commit, r.history_ends) for r in found] == [(head_of(clone), False), (head_of(clone, "HEAD~1"), True)]


def test_a_file_created_inside_the_clone_has_its_whole_history(source, monkeypatch, invoke):
    source.write("playbooks/new.yaml", MINIMAL)
    source.commit("new playbook")
    shallow(source, 2, monkeypatch)
    entries = json.loads(invoke("log", "playbooks/new.yaml", "--format", "json").output)
    assert [e["summary"] for e in entries] == ["created"]


@pytest.mark.parametrize("depth, rev", [(1, "HEAD~1"), (1, "HEAD^"), (1, "HEAD~2"), (2, "HEAD~2"), (2, "HEAD~3")])
def test_diff_beyond_the_boundary_is_a_usage_error_naming_it(source, monkeypatch, invoke, depth, rev):
    clone = shallow(source, depth, monkeypatch)
    boundary = head_of(clone, f"HEAD~{depth - 1}")[:7]
    for args in ([f"{rev}:{PATH}", PATH], ["--from", rev, PATH]):
        result = invoke("diff", *args)
        assert result.exit_code == EXIT_USAGE
        assert f"revision '{rev}' is not in this clone: history ends at commit {boundary} (shallow clone)" \
            in result.output
        assert UNSHALLOW in result.output


def test_diff_inside_the_clone_works(source, monkeypatch, invoke):
    shallow(source, 2, monkeypatch)
    result = invoke("diff", f"HEAD~1:{PATH}", PATH, "--format", "json")
    assert result.exit_code == 0
    changes = {c["path"]: (c["old"], c["new"]) for c in json.loads(result.output)}
    assert changes["version"] == ("1.1.0", "1.2.0")  # HEAD~1, the docs commit, has 1.1.0
    assert invoke("diff", PATH).exit_code == 0


def test_an_older_commit_by_hash_or_an_unfetched_name_hints_at_unshallow(source, monkeypatch, invoke):
    first = head_of(source, "HEAD~3")
    clone = shallow(source, 1, monkeypatch)
    for rev in (first[:8], first, "no-such-branch"):
        with pytest.raises(LivesopError) as caught:
            read_at(rev, clone.root / PATH)
        assert caught.value.exit_code == EXIT_USAGE
        assert f"history ends at commit {head_of(clone)[:7]} (shallow clone)" in caught.value.message + \
            caught.value.hint and UNSHALLOW in caught.value.hint


def test_a_full_clone_keeps_its_old_messages(source, monkeypatch):
    monkeypatch.chdir(source.root)
    with pytest.raises(LivesopError) as caught:
        read_at("HEAD~9", source.root / PATH)
    assert caught.value.message == "unknown revision 'HEAD~9'" and "shallow" not in caught.value.hint


def test_require_bump_compares_with_head_in_a_shallow_clone(source, monkeypatch, invoke):
    clone = shallow(source, 1, monkeypatch)
    assert invoke("validate", "--require-bump", PATH).exit_code == 0
    clone.write(PATH, MINIMAL.replace("1.0.0", "1.2.0").replace("duration: 20m", "duration: 10m"))
    result = invoke("validate", "--require-bump", PATH, "--format", "json")
    assert result.exit_code == 1 and [d["code"] for d in json.loads(result.output)] == ["LS901"]
