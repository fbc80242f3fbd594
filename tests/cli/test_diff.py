"""``livesop diff`` against real temporary git repositories."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.gitrepo import GitRepo
from tests.helpers import MINIMAL

KEYS = ["area", "path", "kind", "old", "new", "old_line", "new_line"]


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("playbooks/p.yaml", MINIMAL)
    repo.commit("create")
    monkeypatch.chdir(repo.root)
    return repo


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_head_against_working_tree(repo):
    result = run("diff", "playbooks/p.yaml", "--exit-code")
    assert result.exit_code == 0, result.output
    assert "no difference" in result.output
    repo.write("playbooks/p.yaml", MINIMAL.replace("duration: 20m", "duration: 15m"))
    result = run("diff", "playbooks/p.yaml", "--exit-code")
    assert result.exit_code == 1
    assert "--- HEAD:playbooks/p.yaml" in result.output and "+++ playbooks/p.yaml" in result.output
    assert "segments[pitch].duration" in result.output and "20m → 15m" in result.output
    assert "timing.total" in result.output and "(−5m)" in result.output
    assert run("diff", "playbooks/p.yaml").exit_code == 0  # differences alone do not fail


def test_comment_and_format_only_edits_are_no_difference(repo):
    edited = "# 每周更新直播脚本\n" + MINIMAL.replace("title: 演示直播", "title: '演示直播'   # 标题")
    repo.write("playbooks/p.yaml", edited)
    result = run("diff", "playbooks/p.yaml", "--exit-code")
    assert result.exit_code == 0 and "no difference" in result.output


def test_text_report_shows_inline_character_diff_and_both_lines(repo):
    repo.write("playbooks/p.yaml", MINIMAL.replace("欢迎来到{room}！", "欢迎光临{room}！"))
    result = run("diff", "playbooks/p.yaml")
    line = MINIMAL.splitlines().index('  hello: "欢迎来到{room}！"') + 1
    assert f"{line} → {line}" in result.output
    assert "欢迎[-来到-]{+光临+}{room}！" in result.output
    assert "2 characters changed" in result.output


def test_json_records_have_exactly_the_keys(repo):
    repo.write("playbooks/p.yaml", MINIMAL.replace("live_price: 899", "live_price: 799"))
    result = run("diff", "playbooks/p.yaml", "--format", "json")
    records = json.loads(result.output)
    assert [list(r) for r in records] == [KEYS]
    assert records[0] == {"area": "products", "path": "products[coat].live_price", "kind": "changed",
                          "old": 899, "new": 799, "old_line": 11, "new_line": 11}


def test_markdown_report_for_a_merge_request(repo):
    repo.write("playbooks/p.yaml", MINIMAL.replace("欢迎来到", "欢迎光临"))
    result = run("diff", "playbooks/p.yaml", "--format", "md")
    assert result.output.startswith("### Playbook changes: `HEAD:playbooks/p.yaml` → `playbooks/p.yaml`")
    assert "| changed | `scripts[hello].text` | 欢迎<del>来到</del>{room}！ | 欢迎<ins>光临</ins>{room}！ |" \
        in result.output


def test_revisions_on_both_sides_and_from_to(repo):
    repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", "1.1.0"))
    repo.commit("bump")
    result = run("diff", "HEAD~1:playbooks/p.yaml", "HEAD:playbooks/p.yaml", "--format", "json")
    assert [(r["path"], r["old"], r["new"]) for r in json.loads(result.output)] == [("version", "1.0.0", "1.1.0")]
    result = run("diff", "--from", "HEAD~1", "--to", "HEAD", "playbooks/p.yaml", "--format", "json")
    assert len(json.loads(result.output)) == 1
    result = run("diff", "--from", "HEAD~1", "playbooks/p.yaml", "--exit-code")
    assert result.exit_code == 1
    result = run("diff", "HEAD~1:playbooks/p.yaml", "--exit-code")  # that revision against the working tree
    assert result.exit_code == 1


def test_from_another_folder_and_plain_files(repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    repo.write("playbooks/p.yaml", MINIMAL.replace("1.0.0", "1.0.1"))
    assert run("diff", str(repo.root / "playbooks/p.yaml"), "--exit-code").exit_code == 1
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    assert run("diff", "a.yaml", "b.yaml", "--exit-code").exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["diff", "nope:playbooks/p.yaml", "playbooks/p.yaml"], "unknown revision 'nope'"),
    (["diff", "HEAD:playbooks/missing.yaml", "playbooks/p.yaml"], "not in revision HEAD"),
    (["diff", "playbooks/missing.yaml", "playbooks/p.yaml"], "no such file"),
    (["diff", "a", "b", "c"], "expected OLD NEW or one PATH"),
    (["diff", "--from", "HEAD", "a.yaml", "b.yaml"], "--from/--to go with one PATH"),
    (["diff", ":playbooks/p.yaml", "playbooks/p.yaml"], "no revision before the colon"),
])
def test_usage_errors_exit_2_without_traceback(repo, args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_not_a_git_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", "p.yaml"])
    assert result.exit_code == 2 and "not in a git repository" in result.output


def test_binary_and_unreadable_sides(repo):
    repo.write("logo.png", b"\x89PNG\x00\x00")
    repo.write("broken.yaml", "livesop: 1\nroles: [\n")
    for args, message in ((["diff", "logo.png", "playbooks/p.yaml"], "binary file"),
                          (["diff", "broken.yaml", "playbooks/p.yaml"], "cannot be read as a playbook")):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and message in result.output


def test_option_looking_revisions_write_no_file(repo, tmp_path):
    target = tmp_path / "x"
    for args in (["diff", "--from", f"--output={target}", "playbooks/p.yaml"],
                 ["diff", f"--from=-c core.pager=touch {target}", "playbooks/p.yaml"],
                 ["diff", "--to", f"--output={target}", "playbooks/p.yaml"],
                 ["diff", f"--output={target}:playbooks/p.yaml", "playbooks/p.yaml"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert not target.exists()
