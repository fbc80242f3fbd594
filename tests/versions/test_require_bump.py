"""``validate --require-bump`` (LS9xx) and the pre-commit hook definition."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.diagnostics import CODES
from tests.gitrepo import GitRepo
from tests.helpers import MINIMAL, REPO

PATH = "playbooks/p.yaml"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PATH, MINIMAL)
    repo.commit("create")
    monkeypatch.chdir(repo.root)
    return repo


def findings(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["validate", "--require-bump", "--format", "json", *args])
    return result.exit_code, [d for d in json.loads(result.output) if d["code"].startswith("LS9")]


def test_unchanged_and_format_only_edits_pass(repo):
    assert findings(PATH) == (0, [])
    repo.write(PATH, "# 只改了注释和引号\n" + MINIMAL.replace("title: 演示直播", 'title: "演示直播"'))
    assert findings(PATH) == (0, [])


def test_a_change_of_meaning_without_a_bump_is_ls901(repo):
    repo.write(PATH, MINIMAL.replace("duration: 20m", "duration: 15m"))
    code, found = findings(PATH)
    assert code == 1
    (finding,) = found
    assert (finding["code"], finding["line"], finding["column"]) == ("LS901", 4, 10)
    assert "keeps version 1.0.0" in finding["message"] and "1 segment changed" in finding["message"]
    assert f"livesop bump {PATH} patch" in finding["hint"]
    repo.write(PATH, MINIMAL.replace("duration: 20m", "duration: 15m").replace("1.0.0", "1.0.1"))
    assert findings(PATH) == (0, [])


def test_a_lower_version_is_ls902(repo):
    repo.write(PATH, MINIMAL.replace("1.0.0", "0.9.0"))
    code, found = findings(PATH)
    assert code == 1 and [f["code"] for f in found] == ["LS902"]


def test_new_files_and_folders(repo):
    repo.write("playbooks/new.yaml", MINIMAL)
    assert findings("playbooks") == (0, [])
    repo.write(PATH, MINIMAL.replace("欢迎来到", "欢迎光临"))
    code, found = findings("playbooks")
    assert code == 1 and [(f["code"], f["file"].endswith("p.yaml")) for f in found] == [("LS901", True)]


def test_select_and_ignore_apply(repo):
    repo.write(PATH, MINIMAL.replace("duration: 20m", "duration: 15m"))
    assert findings(PATH, "--ignore", "LS901") == (0, [])
    assert findings(PATH, "--select", "LS3") == (0, [])


def test_outside_git_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(MINIMAL, encoding="utf-8")
    code, found = findings("p.yaml")
    assert code == 0 and [f["code"] for f in found] == ["LS903"]


def test_without_the_option_nothing_is_compared(repo):
    repo.write(PATH, MINIMAL.replace("duration: 20m", "duration: 15m"))
    result = CliRunner().invoke(cli, ["validate", PATH, "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_codes_are_registered():
    assert {"LS901", "LS902", "LS903"} <= set(CODES)
    docs = (REPO / "docs" / "versions.md").read_text(encoding="utf-8")
    for code in ("LS901", "LS902", "LS903"):
        assert code in docs


def test_pre_commit_hook_definition():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "livesop-validate"
    assert hook["entry"].split()[:3] == ["livesop", "validate", "--require-bump"]
    files = re.compile(hook["files"])
    assert files.search("playbooks/daily.yaml") and files.search("shop/playbooks/a.yml")
    assert not files.search(".pre-commit-config.yaml") and not files.search("scripts_library/a.md")
