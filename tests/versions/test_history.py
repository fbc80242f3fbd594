"""Reading playbooks at git revisions: exact bytes, paths from any folder, clean errors, safety."""

from __future__ import annotations

import pytest

from livesop.errors import EXIT_USAGE, LivesopError
from livesop.versions.history import file_history, read_at, repo_path, repository
from tests.gitrepo import GitRepo
from tests.helpers import MINIMAL


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def test_reads_exact_bytes_at_a_revision(repo):
    repo.write("playbooks/p.yaml", MINIMAL)
    first = repo.commit()
    repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", "1.1.0"))
    repo.commit()
    name, data = read_at("HEAD~1", repo.root / "playbooks/p.yaml")
    assert name == "HEAD~1:playbooks/p.yaml"
    assert data == MINIMAL.encode()  # the trailing newline included
    assert read_at(first[:7], repo.root / "playbooks/p.yaml")[1] == MINIMAL.encode()


def test_paths_relative_to_the_current_folder_or_the_root(repo, monkeypatch):
    repo.write("playbooks/p.yaml", MINIMAL)
    repo.commit()
    monkeypatch.chdir(repo.root / "playbooks")
    assert read_at("HEAD", "p.yaml")[0] == "HEAD:playbooks/p.yaml"
    assert read_at("HEAD", "playbooks/p.yaml")[0] == "HEAD:playbooks/p.yaml"  # written from the root
    with repository("p.yaml") as opened:
        assert repo_path(opened, "p.yaml") == "playbooks/p.yaml"


def test_tags_resolve_to_their_commit(repo):
    repo.write("p.yaml", MINIMAL)
    repo.commit()
    repo.git("tag", "-a", "v1", "-m", "first release")
    assert read_at("v1", repo.root / "p.yaml")[1] == MINIMAL.encode()


@pytest.mark.parametrize("rev, message", [
    ("nope", "unknown revision"),
    ("HEAD~5", "unknown revision"),
    ("-", "is not a revision"),
    ("", "is not a revision"),
    ("HEAD:p.yaml", "not a commit"),
    (":/create", "not a commit"),
])
def test_bad_revisions_are_clean_usage_errors(repo, rev, message):
    repo.write("p.yaml", MINIMAL)
    repo.commit()
    with pytest.raises(LivesopError) as caught:
        read_at(rev, repo.root / "p.yaml")
    assert caught.value.exit_code == EXIT_USAGE
    assert message in caught.value.message


def test_not_a_repository_absent_path_binary_and_folder(repo, tmp_path):
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "p.yaml").write_text(MINIMAL, encoding="utf-8")
    repo.write("p.yaml", MINIMAL)
    repo.write("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    repo.commit()
    cases = [
        (lambda: read_at("HEAD", outside / "p.yaml"), "not in a git repository"),
        (lambda: read_at("HEAD", repo.root / "other.yaml"), "not in revision HEAD"),
        (lambda: read_at("HEAD", repo.root / "logo.png"), "binary file"),
        (lambda: read_at("HEAD", repo.root), "is the repository folder"),
    ]
    for call, message in cases:
        with pytest.raises(LivesopError) as caught:
            call()
        assert caught.value.exit_code == EXIT_USAGE and message in caught.value.message


@pytest.mark.parametrize("hostile", [
    "--output={x}", "--output={x} HEAD", "-c core.pager=touch {x}", "-o{x}", "HEAD --output={x}",
    "--exec=touch {x}", "$(touch {x})", "HEAD;touch {x}", ":/touch {x}", "HEAD^{{/touch {x}}}",
])
def test_hostile_revisions_write_nothing(repo, tmp_path, hostile, monkeypatch):
    import git

    repo.write("p.yaml", MINIMAL)
    repo.commit()
    target = tmp_path / "x"
    commands = []
    original = git.cmd.Git.execute
    monkeypatch.setattr(git.cmd.Git, "execute",
                        lambda self, command, *a, **k: (commands.append(command), original(self, command, *a, **k))[1])
    with pytest.raises(LivesopError) as caught:
        read_at(hostile.format(x=target), repo.root / "p.yaml")
    assert caught.value.exit_code == EXIT_USAGE
    assert not target.exists()
    assert not any(str(target) in " ".join(map(str, command)) for command in commands)


def test_repositories_are_closed_after_use(repo, monkeypatch):
    import git

    repo.write("p.yaml", MINIMAL)
    repo.commit()
    opened, closed = [], []
    original_init, original_close = git.Repo.__init__, git.Repo.close

    def init(self, *args, **kwargs):
        opened.append(self)
        original_init(self, *args, **kwargs)

    def close(self):
        closed.append(self)
        original_close(self)

    monkeypatch.setattr(git.Repo, "__init__", init)
    monkeypatch.setattr(git.Repo, "close", close)
    read_at("HEAD", repo.root / "p.yaml")
    with pytest.raises(LivesopError):
        read_at("nope", repo.root / "p.yaml")
    assert len(opened) == 2
    assert all(any(o is c for c in closed) for o in opened)


def test_file_history_follows_content_changes_on_the_first_parent(repo):
    repo.write("p.yaml", MINIMAL)
    first = repo.commit("create")
    repo.write("notes.txt", "unrelated")
    repo.commit("unrelated")
    repo.write("p.yaml", MINIMAL.replace("1.0.0", "1.0.1"))
    second = repo.commit("bump")
    (repo.root / "p.yaml").unlink()
    third = repo.commit("remove")
    with repository(repo.root / "p.yaml") as opened:
        revisions = file_history(opened, "p.yaml")
        assert [r.commit for r in revisions] == [third, second, first]
        assert revisions[0].blob is None and revisions[0].author == "主播小满"
        assert [r.commit for r in file_history(opened, "p.yaml", limit=1)] == [third, second]


def test_no_commits_yet(repo):
    repo.write("p.yaml", MINIMAL)
    with repository(repo.root / "p.yaml") as opened, pytest.raises(LivesopError) as caught:
        file_history(opened, "p.yaml")
    assert "no commits" in caught.value.message
