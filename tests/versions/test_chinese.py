"""diff, log, bump and --require-bump in Chinese: the words are Chinese, the JSON stays as it is."""

from __future__ import annotations

import json

import pytest

from livesop import i18n
from livesop.format.build import build
from livesop.format.yamlio import load_text
from livesop.versions.diff import diff, summarize
from livesop.versions.require_bump import compare
from tests.gitrepo import GitRepo
from tests.helpers import MINIMAL

QA = """\
  - id: qa
    title: 答疑
    duration: 5m
"""
CHANGED = MINIMAL.replace("1.0.0", "1.1.0").replace("duration: 20m", "duration: 12m") + QA



@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    repo.write("playbooks/p.yaml", MINIMAL)
    repo.commit("create")
    repo.write("playbooks/p.yaml", CHANGED)
    return repo


def model(text: str, name: str = "p.yaml"):
    return build(load_text(text, name))[0]


def test_diff_text_and_markdown_speak_chinese(repo, invoke):
    result = invoke("--lang", "zh", "diff", "playbooks/p.yaml")
    assert result.exit_code == 0
    out = result.output
    assert "环节" in out and "新增" in out and "答疑（5分钟）" in out
    assert "segments[pitch].duration" in out and "20分钟 → 12分钟" in out  # paths stay, durations read as Chinese
    assert "总时长 −3分钟" in out and "处改动：" in out
    md = invoke("--lang", "zh", "diff", "playbooks/p.yaml", "--format", "md").output
    assert md.startswith("### 手册改动：") and "| 改动 | 位置 | 改前 | 改后 | 行号 |" in md


def test_diff_json_is_the_same_in_both_languages(repo, invoke):
    english = invoke("diff", "playbooks/p.yaml", "--format", "json").output
    chinese = invoke("--lang", "zh", "diff", "playbooks/p.yaml", "--format", "json").output
    assert chinese == english
    assert {"kind": "added", "new": "答疑 (5m)"}.items() <= next(
        c for c in json.loads(chinese) if c["path"] == "segments[qa]").items()


def test_log_table_in_chinese_json_summary_in_english(repo, invoke):
    repo.commit("qa")
    table = invoke("--lang", "zh", "log", "playbooks/p.yaml").output
    assert "新建" in table and "新增 1 个环节" in table and "2026年11月21日 周六 20:00" in table
    entries = json.loads(invoke("--lang", "zh", "log", "playbooks/p.yaml", "--format", "json").output)
    assert entries[-1]["summary"] == "created" and "+1 segment" in entries[0]["summary"]


def test_bump_and_git_errors_in_chinese(repo, invoke, tmp_path):
    result = invoke("--lang", "zh", "bump", "playbooks/p.yaml", "patch")
    assert result.exit_code == 0 and "playbooks/p.yaml：版本 1.1.0 → 1.1.1" in result.output
    outside = tmp_path / "outside.yaml"
    outside.write_text(MINIMAL, encoding="utf-8")
    result = invoke("--lang", "zh", "log", str(outside))
    assert result.exit_code == 2 and "不在 git 仓库里" in result.output
    result = invoke("--lang", "zh", "diff", "nosuch~3:playbooks/p.yaml", "playbooks/p.yaml")
    assert result.exit_code == 2 and "找不到版本 'nosuch~3'" in result.output


def test_summary_in_chinese_and_in_english_on_request():
    changes = diff(model(MINIMAL), model(CHANGED))
    i18n.use("zh")
    assert summarize(changes) == "新增 1 个环节，修改 1 个环节，总时长 −3分钟"
    assert summarize(changes, english=True) == "+1 segment, 1 segment changed, −3m"
    assert summarize([]) == "没有改动"


def test_require_bump_finding_in_chinese():
    i18n.use("zh")
    found = compare("p.yaml", model(MINIMAL), model(MINIMAL.replace("duration: 20m", "duration: 12m")))
    assert [d.code for d in found] == ["LS901"]
    assert found[0].message.startswith("手册和 HEAD 相比有 1 处改动（修改 1 个环节）")
    assert "livesop bump p.yaml patch" in found[0].hint
