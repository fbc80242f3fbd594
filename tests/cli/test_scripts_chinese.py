"""``livesop scripts`` in Chinese: column names, sources, messages and errors."""

from __future__ import annotations

import json

from tests.helpers import REPO

DAILY = str(REPO / "playbooks" / "daily.yaml")
LIBRARY = str(REPO / "scripts_library")



def test_list_speaks_chinese_and_json_keeps_its_values(invoke):
    result = invoke("--lang", "zh", "scripts", "list", "--library", LIBRARY, "--playbook", DAILY)
    assert result.exit_code == 0
    header = result.output.splitlines()[0]
    assert header.split()[:5] == ["id", "来源", "分类", "标签", "变体"]
    assert "话术库" in result.output and "手册" in result.output
    items = json.loads(invoke("--lang", "zh", "scripts", "list", "--library", LIBRARY, "--format", "json").output)
    assert {item["source"] for item in items} == {"library"}


def test_search_and_render_messages_in_chinese(invoke):
    result = invoke("--lang", "zh", "scripts", "search", "没有这句话", "--library", LIBRARY)
    assert result.exit_code == 1 and "没有话术含有 '没有这句话'" in result.output
    result = invoke("--lang", "zh", "scripts", "render", "lib:jiangpin-price", "--library", LIBRARY,
                    "--playbook", DAILY)
    assert result.exit_code == 1 and "无法生成 lib:jiangpin-price：" in result.output and "没有值" in result.output
    assert "用 --segment 选一个环节" in result.output
    result = invoke("--lang", "zh", "scripts", "show", "nosuch", "--library", LIBRARY)
    assert result.exit_code == 1 and "没有话术 `nosuch`" in result.output
