"""``livesop new`` in Chinese: what it planned, its warnings and its errors."""

from __future__ import annotations

from tests.helpers import REPO

LINEUP = REPO / "playbooks" / "examples" / "lineup.csv"



def test_new_tells_what_it_planned_in_chinese(project, invoke, monkeypatch):
    root, commit = project
    monkeypatch.chdir(root)
    result = invoke("--lang", "zh", "new", "daily", "-o", "sessions/s.yaml", "--date", "2026-12-02",
                    "--products", LINEUP)
    assert result.exit_code == 0
    out = result.output
    assert "主推款 hero ← 麦饭石色不粘炒锅 32cm（1号链接，189元），id 改为 `pan`" in out
    assert "环节 `pitch` 已按商品逐个展开：" in out
    assert "已写入 sessions/s.yaml：16 个环节，4 个商品，" in out and f"来自模板 daily 1.0.0 @ {commit[:12]}" in out


def test_lineup_beyond_the_slots_is_noted_in_chinese(project, invoke, monkeypatch):
    root, _commit = project
    monkeypatch.chdir(root)
    extra = root / "lineup.csv"
    extra.write_text(LINEUP.read_text(encoding="utf-8") + "towel,5,纯棉毛巾 3条装,39,店铺日常售价,19.9,300,\n",
                     encoding="utf-8")
    result = invoke("--lang", "zh", "new", "daily", "-o", "sessions/s.yaml", "--products", extra)
    assert "排品表里有 1 个商品超出了模板的坑位" in result.output
    assert "纯棉毛巾 3条装（`towel`，5号链接）；已作为商品写入，由 for_each 环节 pitch 来卖" in result.output


def test_new_errors_in_chinese(project, invoke, monkeypatch):
    root, _commit = project
    monkeypatch.chdir(root)
    result = invoke("--lang", "zh", "new", "nosuch", "-o", "s.yaml")
    assert result.exit_code == 2 and "模板 'nosuch'：没有这个文件" in result.output
    assert "daily、mega-sale" in result.output
    result = invoke("--lang", "zh", "new", "mega-sale", "-o", "s.yaml", "--products", LINEUP)
    assert result.exit_code == 1 and "坑位 秒杀款 flash-b 空着" in result.output and "什么都没写" in result.output
    assert not (root / "s.yaml").exists()
    result = invoke("--lang", "zh", "new", "daily", "-o", "s.yaml", "--set", "nosuch=1")
    assert result.exit_code == 2 and "模板里没有变量 `nosuch`" in result.output


def test_a_finding_in_what_livesop_wrote_says_where_in_chinese():
    from livesop import i18n
    from livesop.diagnostics import Diagnostic
    from livesop.format.yamledit import block_map, dump, insert_after, rt_yaml
    from livesop.plan.positions import PositionMap, Sources, map_diagnostics

    i18n.use("zh")
    text = "livesop: 1\nid: t\nsegments:\n  - id: open\n    title: 开场\n"
    data = rt_yaml().load(text)
    insert_after(data, ("id",), "session", block_map([("date", "2026-11-25")]))
    positions = PositionMap(Sources("t.yaml", text), data, dump(data))
    mapped = map_diagnostics([Diagnostic("LS211", "s.yaml", 4, 10, "日期不对")], "s.yaml", positions)
    assert [(d.file, d.line, d.message) for d in mapped] == [("t.yaml", 1, "日期不对（位置：排出的场次里的 `session`）")]
