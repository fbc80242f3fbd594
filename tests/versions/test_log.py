"""``livesop log`` against real temporary git repositories."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.gitrepo import GitRepo
from tests.helpers import MINIMAL

QA = """\
  - id: qa
    title: 答疑
    duration: 5m
"""


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    repo.write("playbooks/p.yaml", MINIMAL)
    repo.commit("create")
    repo.write("README.md", "unrelated")
    repo.commit("docs")
    repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", "1.1.0") + QA)
    repo.commit("add qa")
    shorter = MINIMAL.replace("1.0.0", "1.1.1").replace("duration: 20m", "duration: 12m")
    repo.write("playbooks/p.yaml", shorter.replace("欢迎来到", "欢迎光临") + QA)
    repo.commit("tighten")
    return repo


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_log_lists_versions_and_semantic_summaries(repo):
    result = run("log", "playbooks/p.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert [e["version"] for e in entries] == ["1.1.1", "1.1.0", "1.0.0"]
    assert [e["summary"] for e in entries] == [
        "1 script changed, 1 segment changed, −8m",
        "+1 segment, +5m",
        "created",
    ]
    assert set(entries[0]) == {"commit", "date", "author", "version", "summary", "changes"}
    assert entries[0]["author"] == "主播小满" and entries[0]["date"].startswith("2026-11-")
    assert len(entries[0]["commit"]) == 40


def test_text_log_has_one_aligned_line_per_commit(repo):
    result = run("log", "playbooks/p.yaml")
    lines = result.output.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[4:] == ["1.1.1", "1", "script", "changed,", "1", "segment", "changed,", "−8m"]
    assert len({line.index("1.1") if "1.1" in line else line.index("1.0.0") for line in lines}) == 1


def test_limit_keeps_the_summary_against_the_older_commit(repo):
    entries = json.loads(run("log", "playbooks/p.yaml", "-n", "1", "--format", "json").output)
    assert len(entries) == 1 and entries[0]["summary"].startswith("1 script changed")


def test_log_from_a_subfolder_and_of_a_deleted_file(repo, monkeypatch):
    monkeypatch.chdir(repo.root / "playbooks")
    assert len(json.loads(run("log", "p.yaml", "--format", "json").output)) == 3
    (repo.root / "playbooks/p.yaml").unlink()
    repo.commit("remove")
    entries = json.loads(run("log", "p.yaml", "--format", "json").output)
    assert (entries[0]["summary"], entries[0]["version"]) == ("deleted", None)


def test_unreadable_version_in_history_does_not_stop_the_log(repo):
    repo.write("playbooks/p.yaml", "livesop: 1\nversion: 2.0.0\nroles: [\n")
    repo.commit("broken")
    entries = json.loads(run("log", "playbooks/p.yaml", "--format", "json").output)
    assert entries[0]["summary"].startswith("unreadable playbook (line")
    assert entries[0]["version"] is None or entries[0]["version"] == "2.0.0"
    assert entries[1]["summary"].startswith("1 script changed")


def test_log_errors(repo, tmp_path, monkeypatch):
    result = run("log", "playbooks/never.yaml")
    assert result.exit_code == 2 and "no commit" in result.output
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run("log", "p.yaml")
    assert result.exit_code == 2 and "not in a git repository" in result.output
    assert run("log", "p.yaml", "-n", "0").exit_code == 2


def test_a_long_history_split_over_two_processes_gives_the_same_log(repo, monkeypatch):
    from livesop import forked
    from livesop.versions import log

    for number in range(2, 7):
        repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", f"2.{number}.0") + QA * (number % 2))
        repo.commit(f"v{number}")
    monkeypatch.setenv("LIVESOP_JOBS", "1")
    alone = [run("log", "playbooks/p.yaml", *limit, "--format", "json").output for limit in ((), ("-n", "5"))]
    assert len(json.loads(alone[0])) == 8 and len(json.loads(alone[1])) == 5
    monkeypatch.setenv("LIVESOP_JOBS", "2")
    monkeypatch.setattr(log, "SPLIT_FROM", 2)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)  # threads another test left do not stop it
    forks, fork = [], forked.os.fork
    monkeypatch.setattr(forked.os, "fork", lambda: forks.append(1) or fork())
    split = [run("log", "playbooks/p.yaml", *limit, "--format", "json").output for limit in ((), ("-n", "5"))]
    assert split == alone and len(forks) == 2

    def broken(*args, **kwargs):  # the child fails: this process summarises its half
        raise RuntimeError("no pickle")

    monkeypatch.setattr(forked.pickle, "dumps", broken)
    assert run("log", "playbooks/p.yaml", "--format", "json").output == alone[0]
