"""The checks speak Chinese when asked: findings, hints, the summary line and every code's summary."""

from __future__ import annotations

import re

import pytest

from livesop import i18n
from livesop.checks.reporters import render
from livesop.checks.validate import ValidationResult
from livesop.diagnostics import CODES, Diagnostic
from tests.helpers import MINIMAL, diagnose

BROKEN = (MINIMAL
          .replace("schedule: {start: \"20:00\", length: 30m}", "schedule: {start: \"20:00\", length: 20m}")
          .replace("{at: 0s, role: host, say: hello}", "{at: 0s, role: hots, say: hello}")
          .replace("live_price: 899, stock: 80}", "live_price: 899, stock: 80}\n"
                   "  - {id: knit, name: 针织衫, link: 1, live_price: 199}"))
# An English sentence left in a Chinese message: two or more English words in a row that are not
# a `code`, an id or a key (those stay as they are in both languages).
ENGLISH = re.compile(r"\b(?:is|are|the|not|of|in|has|no|and|or|with|use|add)\b \b[a-z]+\b")


@pytest.fixture
def zh():
    i18n.use("zh")
    yield
    i18n.use("en")


def by_code(diagnostics: list[Diagnostic]) -> dict[str, Diagnostic]:
    return {d.code: d for d in diagnostics}


def test_findings_and_hints_in_chinese(zh):
    found = by_code(diagnose(BROKEN))
    assert {"LS301", "LS406", "LS604", "LS605"} <= set(found), found
    assert found["LS301"].message == "提示的岗位 `hots` 没有在 `roles` 里定义"
    assert "`host`" in found["LS301"].hint
    assert found["LS604"].message == "`knit` 的 1号链接已经给了商品 `coat`"
    assert found["LS604"].hint == "每个商品用自己的链接号"
    assert found["LS605"].hint == "给某个环节写上 `product: knit`，或用 for_each 块"
    assert found["LS406"].message.startswith("流程共需 ")
    for diagnostic in found.values():
        text = diagnostic.message + " " + diagnostic.hint
        assert not ENGLISH.search(text), text


def test_the_same_findings_stay_english_by_default():
    found = by_code(diagnose(BROKEN))
    assert found["LS301"].message == "cue role `hots` is not defined in `roles`"
    assert found["LS604"].message == "link 1 of `knit` is also product `coat`'s"


def test_literal_placeholders_in_hints_keep_their_braces(zh):
    text = MINIMAL.replace("上架{product.link}号链接", "上架{product.colour}号链接")
    [finding] = [d for d in diagnose(text) if d.code == "LS501"]
    assert finding.message == "`{product.colour}` 不是商品字段"
    assert "name、live_price" in finding.hint  # ids listed the Chinese way


def test_summary_line_in_chinese(zh):
    error = Diagnostic("LS301", "p.yaml", 3, 5, "提示的岗位 `x` 没有在 `roles` 里定义", "是不是要写 `host`？")
    warning = Diagnostic("LS505", "p.yaml", 9, 3, "话术 `hi` 从没用到")
    text = render("text", ValidationResult([error, warning], ["p.yaml", "q.yaml"], skipped=1))
    assert "    建议：是不是要写 `host`？" in text
    assert text.endswith("已检查 2 个手册（跳过 1 个不是手册的 YAML 文件）：1 个错误，1 个警告")
    clean = render("text", ValidationResult([], ["p.yaml"]))
    assert clean == "已检查 1 个手册：没有问题"


def test_github_annotations_keep_their_syntax_and_say_the_message_in_chinese(zh):
    error = Diagnostic("LS301", "p.yaml", 3, 5, "提示的岗位 `x` 没有在 `roles` 里定义", "是不是要写 `host`？")
    line = render("github", ValidationResult([error], ["p.yaml"]))
    assert line.startswith("::error file=p.yaml,line=3,col=5,title=LS301::")
    assert line.endswith("（建议：是不是要写 `host`？）")


def test_every_code_summary_has_a_chinese_translation(zh):
    untranslated = [code for code, (_severity, summary) in CODES.items() if i18n._(summary) == summary]
    assert not untranslated
