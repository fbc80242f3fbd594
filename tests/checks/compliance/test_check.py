"""LS7xx checks on playbooks: positions, codes, allow and extra, platforms, bundled files, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from livesop.checks.compliance.check import review
from livesop.checks.validate import load_playbook
from livesop.cli.main import cli
from livesop.format.library import load_library
from tests.helpers import MINIMAL, REPO, deadline, dedent, diagnose

BLOCK = MINIMAL.replace('  hello: "欢迎来到{room}！"\n', """\
  hello: |
    欢迎来到{room}！
    今天全网 最 低 价，
    最近很火的第一款。
""")


def ls7(text: str, **kwargs):
    return [d for d in diagnose(text, **kwargs) if d.code.startswith("LS7")]


def test_minimal_playbook_is_clean():
    assert ls7(MINIMAL) == []


def test_exact_line_and_column_inside_a_block():
    [finding] = ls7(BLOCK)
    lines = dedent(BLOCK).split("\n")
    assert finding.code == "LS701"
    assert lines[finding.line - 1][finding.column - 1:].startswith("全网 最 低 价")
    assert (finding.line, finding.column) == (15, 7)
    assert "全网最低价" in finding.message and "广告法第九条第三项" in finding.message
    assert "直播间专属价" in finding.hint


def test_codes_per_category():
    text = MINIMAL.replace("欢迎来到{room}！", "根治失眠，开光手串，稳赚，加微信，国家级，明天涨价，完美")
    codes = sorted(d.code for d in ls7(text))
    assert codes == sorted({"LS702", "LS703", "LS704", "LS705", "LS706", "LS707", "LS711"})


def test_severities():
    text = MINIMAL.replace("欢迎来到{room}！", "明天涨价，完美，最低价")
    by_code = {d.code: d.severity for d in ls7(text)}
    assert by_code == {"LS707": "warning", "LS711": "warning", "LS701": "error"}


def test_every_spoken_field_is_checked():
    text = dedent(MINIMAL).replace("title: 开场", "title: 全网第一开场").replace(
        '{id: coat, name: 羊绒大衣, link: 1, list_price: 1299, price_basis: 店铺日常售价, live_price: 899, stock: 80}',
        '{id: coat, name: 顶级羊绒大衣, link: 1, list_price: 1299, price_basis: 店铺日常售价, live_price: 899, '
        'stock: 80, mechanism: 下单送开光手串}').replace(
        "variables: {room: 衣橱小铺}", "variables: {room: 国家级小铺}").replace(
        'do: "上架{product.link}号链接"', 'do: "上架{product.link}号链接，说稳赚"')
    where = sorted(d.message.split(" in ")[1].split(":")[0] for d in ls7(text))
    assert where == ["products.coat.mechanism", "products.coat.name", "segments.open.title",
                     "segments.pitch.cues[0].do", "variables.room"]


def test_emergency_steps_and_hold_scripts():
    text = MINIMAL + dedent("""
        emergencies:
          - id: freeze
            title: 卡顿
            severity: P2
            trigger: 画面卡顿
            owner: ops
            hold: hello
            steps:
              - {role: ops, do: 私信下单的粉丝先安抚}
        """)
    text = text.replace("欢迎来到{room}！", "欢迎来到{room}，最低价！")
    where = sorted(d.message.split(" in ")[1].split(":")[0] for d in ls7(text))
    assert where == ["emergencies.freeze.steps[0].do", "scripts.hello"]


def test_placeholder_names_are_not_words_on_air():
    text = MINIMAL.replace("variables: {room: 衣橱小铺}", "variables: {最低价: 衣橱小铺}").replace(
        "欢迎来到{room}！", "欢迎来到{最低价}！")
    assert ls7(text) == []


def test_claim_without_evidence_is_a_warning():
    text = MINIMAL.replace("stock: 80}", "stock: 80, claims: [{text: 羊绒含量95%}, {text: 不起球, evidence: 检测报告A1}]}")
    [finding] = ls7(text)
    assert (finding.code, finding.severity) == ("LS708", "warning")
    assert "羊绒含量95%" in finding.message


def test_allow_accepts_the_term_and_lists_it():
    text = BLOCK + dedent("""
        compliance:
          allow:
            - {term: 全网最低价, reason: 平台比价截图存档}
            - {term: 京东, reason: 品牌名}
        """)
    playbook = diagnose_model(text)
    result = review(playbook, None)
    assert [d.code for d in result.diagnostics] == ["LS710"]
    assert "京东" in result.diagnostics[0].message
    [accepted] = result.accepted
    assert (accepted.term, accepted.text, accepted.reason) == ("全网最低价", "全网 最 低 价", "平台比价截图存档")
    assert (accepted.line, accepted.column) == (15, 7)


def test_allow_is_per_term_not_per_substring():
    text = MINIMAL.replace("欢迎来到{room}！", "销量第一，第一名") + dedent("""
        compliance:
          allow:
            - {term: 第一, reason: 榜单截图存档}
        """)
    assert [shown(d) for d in ls7(text)] == ["销量第一"]


def test_allow_without_reason():
    text = MINIMAL.replace("欢迎来到{room}！", "最低价") + dedent("""
        compliance:
          allow:
            - {term: 最低价, reason: "  "}
        """)
    [finding] = ls7(text)
    assert finding.code == "LS710" and "no reason" in finding.message


def test_extra_terms():
    text = MINIMAL.replace("欢迎来到{room}！", "某某牌同款，医用材质") + dedent("""
        compliance:
          extra:
            - 某某牌
            - {term: 医用, category: medical, suggest: 食品级硅胶}
            - {term: 官方正品, category: nonsense}
        """)
    found = {d.code: d for d in ls7(text)}
    assert set(found) == {"LS709", "LS703", "LS712"}
    assert "某某牌" in found["LS709"].message
    assert "食品级硅胶" in found["LS703"].hint


def test_platform_rules_follow_the_playbook_platform():
    base = MINIMAL.replace("欢迎来到{room}！", "淘宝同款，拼多多也有")
    assert [shown(d) for d in ls7(base)] == ["拼多多"]
    douyin = base.replace("version: 1.0.0", "version: 1.0.0\nplatform: douyin")
    assert [shown(d) for d in ls7(douyin)] == ["淘宝", "拼多多"]
    taobao = base.replace("version: 1.0.0", "version: 1.0.0\nplatform: taobao")
    assert [shown(d) for d in ls7(taobao)] == ["拼多多"]


def shown(diagnostic) -> str:
    """The words a finding quotes."""
    return diagnostic.message.split("“", 1)[1].split("”", 1)[0]


def diagnose_model(text: str):
    from tests.helpers import load_model

    return load_model(text)


# ---------------------------------------------------------------- bundled playbooks and library

def test_bundled_playbooks_have_no_compliance_errors():
    for path in sorted((REPO / "playbooks").glob("*.yaml")):
        playbook, library, _, _ = load_playbook(path)
        errors = [d for d in review(playbook, library).diagnostics if d.is_error]
        assert errors == [], (path, errors)


def test_bundled_library_is_clean_on_every_platform():
    from livesop.checks.compliance.check import matcher_for

    library = load_library(REPO / "scripts_library")
    for platform in ("generic", "douyin", "kuaishou", "channels", "taobao"):
        matcher = matcher_for(platform)
        for entry in library.entries.values():
            for variant, text in entry.all_texts():
                assert matcher.find(text.value) == [], (platform, entry.id, variant)


# ---------------------------------------------------------------- through the CLI

def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(dedent(text), encoding="utf-8")
    return path


ALLOWED = BLOCK + """\
compliance:
  allow:
    - {term: 全网最低价, reason: 平台比价截图存档}
"""


def test_validate_text_lists_accepted_findings(tmp_path):
    path = write(tmp_path, ALLOWED)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"accepted: 全网最低价 at {path}:15:7 — 平台比价截图存档" in result.output


def test_validate_json_keeps_its_keys(tmp_path):
    path = write(tmp_path, ALLOWED.replace("今天全网", "今天根治，全网"))
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["code"] for d in data] == ["LS703"]
    assert all(set(d) == {"code", "severity", "file", "line", "column", "message", "hint"} for d in data)


def test_select_ls7_runs_only_compliance(tmp_path):
    bad = BLOCK.replace("duration: 20m", "duration: 90").replace("{room}", "{nope}")
    path = write(tmp_path, bad)
    everything = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert {d["code"][:3] for d in json.loads(everything.output)} > {"LS7"}
    only = CliRunner().invoke(cli, ["validate", str(path), "--format", "json", "--select", "LS7"])
    assert [d["code"] for d in json.loads(only.output)] == ["LS701"]
    ignored = CliRunner().invoke(cli, ["validate", str(path), "--ignore", "LS7", "--format", "json"])
    assert "LS701" not in ignored.output


def test_accepted_listing_follows_select(tmp_path):
    path = write(tmp_path, ALLOWED)
    result = CliRunner().invoke(cli, ["validate", str(path), "--ignore", "LS7"])
    assert "accepted:" not in result.output


@pytest.mark.parametrize("said, heard", [("醉低价", True), ("{room}第一", False)])
def test_a_text_of_thousands_of_findings_costs_its_length_not_its_square(said, heard):
    """Matches by sound are set against those by characters by place, and a finding's placeholder
    test looks up its place: 60,000 findings in one 话术 took half a minute and more, growing with the
    square. (A bound on hanging, not a speed figure.)"""
    index = MINIMAL.index("scripts:\n") + len("scripts:\n")
    text = MINIMAL[:index] + '  big: "' + said * 60_000 + '"\n' + MINIMAL[index:]
    with deadline(20):
        found = [d for d in diagnose(text) if d.code == "LS701"]
    assert len(found) == 60_000
    assert all(("sounds like" in d.message) == heard for d in found)
