"""The bundled templates take any lineup: planned with beauty products, the session validates
clean and nothing it prints — run of show, checklists, in text, md and json — nor the file
itself speaks of the template's home goods."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.helpers import REPO

BEAUTY = REPO / "playbooks" / "examples" / "lineup-beauty.csv"
# six products for the mega-sale template's slots (主推款, 利润款, 凑单款, 常规款, 秒杀款 ×2)
BEAUTY_SIX = """\
类型,链接号,商品名,日常价,价格依据,直播价,库存,机制
主推款,1,修护精华液 30ml,299,店铺日常售价（近30日成交价）,199,300,店铺满199减30、满399减80；前100单加赠同款7ml小样
利润款,2,保湿面霜 50g,259,店铺日常售价（近30日成交价）,169,400,店铺满199减30、满399减80
凑单款,3,温和卸妆水 400ml,99,店铺日常售价（近30日成交价）,69,500,店铺满199减30、满399减80
常规款,4,防晒乳 50ml,159,店铺日常售价（近30日成交价）,119,300,店铺满199减30、满399减80
秒杀款,5,氨基酸洁面乳 120g,69,店铺日常售价,29.9,800,秒杀商品，不参与店铺满减，每个账号限拍一件
秒杀款,6,补水面膜 10片装,89,店铺日常售价,39.9,600,秒杀商品，不参与店铺满减，每个账号限拍一件
"""
HOME_GOODS = ("锅", "杯", "抹布", "垃圾袋", "煎蛋", "灶", "粘钩", "保温", "承重", "家居", "厨房", "热水", "水温",
              "毛巾", "收纳", "四件套", "冬被", "被子", "枕", "床", "鹅绒", "家纺")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("template, lineup", [("daily", None), ("mega-sale", BEAUTY_SIX)])
def test_a_beauty_lineup_fills_the_bundled_template(project, tmp_path, template, lineup):
    root, _ = project
    products = BEAUTY
    if lineup is not None:
        products = tmp_path / "lineup.csv"
        products.write_text(lineup, encoding="utf-8")
    session = root / "sessions" / f"{template}-beauty.yaml"
    planned = run("new", root / "playbooks" / f"{template}.yaml", "--date", "2026-11-25", "--products", products,
                  "--title", "悦颜美妆 · 11月25日晚场", "-o", session)
    assert planned.exit_code == 0, planned.output
    assert "note: 主推款 hero ← 修护精华液 30ml (1号链接, 199元)" in planned.stderr
    checked = run("validate", session)
    assert checked.exit_code == 0 and checked.output.strip() == "1 playbook checked: no problems", checked.output
    printed = [session.read_text(encoding="utf-8"), planned.output]
    for fmt in ("text", "md", "json"):
        for command in (["show", session], ["checklist", session, "--all"]):
            result = run(*command, "--format", fmt)
            assert result.exit_code == 0, result.output
            printed.append(result.output)
    text = "\n".join(printed)
    assert "修护精华液" in text and "悦颜美妆 · 11月25日晚场" in text
    assert [word for word in HOME_GOODS if word in text] == []


def test_the_home_goods_lineup_still_fills_the_template_by_link(project):
    root, _ = project
    session = root / "s.yaml"
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "--products",
                 REPO / "playbooks" / "examples" / "lineup.csv", "-o", session)
    assert result.exit_code == 0, result.output
    assert "note: 主推款 hero ← 麦饭石色不粘炒锅 32cm (1号链接, 189元) as `pan`" in result.stderr
    assert "note: 秒杀款 flash-b ← 加厚抽绳垃圾袋 5卷150只 (4号链接, 9.9元) as `bag`" in result.stderr
    assert run("validate", session).exit_code == 0
