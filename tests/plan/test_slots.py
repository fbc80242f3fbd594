"""A template's products are slots: the lineup fills them by id, by 类型, by link, in order; what
fills a slot takes nothing from a template product of another name; an empty slot is an error at
the template product; products beyond the slots are written and sold by the for_each blocks."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.errors import LivesopError
from livesop.excel.lineup import read_lineup
from livesop.format.yamlio import load_file, load_text
from livesop.plan.planner import plan_session

TEMPLATE = """\
livesop: 1
id: shop
title: 小店日播
version: 1.0.0
schedule: {start: "20:00", length: 3h}
roles:
  host: {name: 主播}
  ops: {name: 中控}
products:
  - id: hero
    slot: 主推款
    name: 样品甲
    link: 1
    list_price: 299
    price_basis: 店铺日常售价
    live_price: 199
    mechanism: 赠小样
    claims:
      - {text: 含某成分, evidence: 检测报告 A-1}
  - id: profit
    slot: 利润款
    name: 样品乙
    link: 2
    live_price: 99
  - id: flash
    slot: 福利款/秒杀款
    name: 样品丙
    link: 3
    live_price: 9.9
segments:
  - id: pitch
    title: "讲品：{product.name}"
    for_each: products
    duration: 10m
    cues:
      - {at: 0s, role: ops, do: "上架{product.link}号链接"}
  - id: encore
    title: "返场：{product.name}"
    duration: 10m
    product: hero
    cues:
      - {at: 0s, role: host, do: "{product.name}返场，{product.link}号链接"}
  - id: flash-sale
    title: "秒杀：{product.name}"
    duration: 10m
    product: flash
    cues:
      - {at: 0s, role: ops, do: "放{product.name}的库存"}
"""


def plan(tmp_path, rows: str, template: str = TEMPLATE):
    (tmp_path / "t.yaml").write_text(template, encoding="utf-8")
    (tmp_path / "l.csv").write_text(rows, encoding="utf-8")
    result = plan_session(tmp_path / "t.yaml", tmp_path / "s.yaml", dt.date(2026, 11, 25),
                          lineup=read_lineup(tmp_path / "l.csv"))
    return result, load_text(result.text, "s.yaml").data


def bound(data) -> dict:
    return {s["id"]: s["product"] for s in data["segments"] if "product" in s}


def names(data) -> dict:
    return {p["id"]: p["name"] for p in data["products"]}


def test_by_id(tmp_path):
    result, data = plan(tmp_path, "编号,链接号,商品名,直播价\nflash,5,C,8\nhero,6,A,150\nprofit,7,B,80\n")
    assert names(data) == {"flash": "C", "hero": "A", "profit": "B"}  # in lineup order
    assert bound(data)["encore"] == "hero" and bound(data)["flash-sale"] == "flash"
    assert result.notes[:3] == ["主推款 hero ← A (6号链接, 150元)", "利润款 profit ← B (7号链接, 80元)",
                                "福利款/秒杀款 flash ← C (5号链接, 8元)"]
    assert not result.checked.errors


def test_by_slot_column_and_segments_follow_the_product(tmp_path):
    rows = "类型,编号,链接号,商品名,直播价\n秒杀,c,3,C,8\n利润款,b,1,B,80\n主推,a,2,A,150\n"
    result, data = plan(tmp_path, rows)
    assert names(data) == {"c": "C", "b": "B", "a": "A"}
    assert bound(data) == {"pitch-c": "c", "pitch-b": "b", "pitch-a": "a", "encore": "a", "flash-sale": "c"}
    assert [p["slot"] for p in data["products"]] == ["福利款/秒杀款", "利润款", "主推款"]  # the template's slot names
    assert "主推款 hero ← A (2号链接, 150元) as `a`" in result.notes
    assert not result.checked.errors


def test_by_link_number(tmp_path):
    _, data = plan(tmp_path, "链接号,商品名,直播价\n3,C,8\n1,A,150\n2,B,80\n")
    assert names(data) == {"flash": "C", "hero": "A", "profit": "B"}  # no 编号: each takes its slot's id


def test_in_order(tmp_path):
    _, data = plan(tmp_path, "链接号,商品名,直播价\n7,A,150\n8,B,80\n9,C,8\n")
    assert names(data) == {"hero": "A", "profit": "B", "flash": "C"}
    assert [p["link"] for p in data["products"]] == [7, 8, 9]


def test_id_then_type_then_link_then_order(tmp_path):
    rows = "编号,类型,链接号,商品名,直播价\nflash,,9,X,8\n,主推款,8,Y,150\n,,2,Z,80\n,,5,W,20\n"
    result, data = plan(tmp_path, rows)
    assert names(data) == {"flash": "X", "hero": "Y", "profit": "Z", "p5": "W"}
    assert "W (`p5`, 5号链接)" in result.notes[3]


def test_a_lineup_product_never_inherits_from_another_name(tmp_path):
    rows = "编号,链接号,商品名,直播价\nhero,1,修护精华液,199\nprofit,2,B,80\nflash,3,C,9.9\n"
    _, data = plan(tmp_path, rows)
    assert dict(data["products"][0]) == {"id": "hero", "slot": "主推款", "name": "修护精华液", "link": 1, "live_price": 199}
    _, same = plan(tmp_path, rows.replace("修护精华液", "样品甲"))
    hero = same["products"][0]
    assert hero["claims"] == [{"text": "含某成分", "evidence": "检测报告 A-1"}]  # the same product: its claims stay
    assert (hero["mechanism"], hero["list_price"], hero["price_basis"]) == ("赠小样", 299, "店铺日常售价")


def test_an_empty_slot_is_an_error_at_the_template_product(tmp_path):
    with pytest.raises(LivesopError) as caught:
        plan(tmp_path, "链接号,商品名,直播价\n1,A,150\n2,B,80\n")
    line = TEMPLATE.splitlines().index("  - id: flash") + 1
    assert caught.value.message == (f"{tmp_path / 't.yaml'}:{line}:5: slot 福利款/秒杀款 flash is empty: "
                                    f"no product of {tmp_path / 'l.csv'} fills it; segment flash-sale sells it")
    assert "nothing was written" in caught.value.hint
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "t.yaml"), "--products", str(tmp_path / "l.csv"),
                                      "-o", str(out)])
    assert result.exit_code == 1 and f"t.yaml:{line}:5: slot" in result.output and not out.exists()


def test_a_template_product_without_slot_or_segment_is_left_out(tmp_path):
    template = TEMPLATE.replace("    slot: 利润款\n", "")
    result, data = plan(tmp_path, "类型,链接号,商品名,直播价\n主推款,1,A,150\n秒杀款,3,C,9\n", template)
    assert names(data) == {"hero": "A", "flash": "C"}
    assert "template products not in the lineup, left out: profit" in result.notes
    assert not result.checked.errors


def test_products_beyond_the_slots_are_written_and_sold_by_for_each(tmp_path):
    rows = "类型,链接号,商品名,直播价\n主推款,1,A,150\n利润款,2,B,80\n秒杀款,3,C,9\n引流款,4,D,19.9\n秒杀款,5,E,5\n"
    result, data = plan(tmp_path, rows)
    assert names(data) == {"hero": "A", "profit": "B", "flash": "C", "p4": "D", "p5": "E"}
    assert data["products"][3]["slot"] == "引流款"  # no such slot in the template: it fills none
    assert [s["id"] for s in data["segments"]][:5] == ["pitch-hero", "pitch-profit", "pitch-flash", "pitch-p4",
                                                      "pitch-p5"]
    assert ("2 lineup products beyond the template's slots, not bound to a fixed segment: D (`p4`, 4号链接), "
            "E (`p5`, 5号链接); written as products, the for_each block pitch sells them") in result.notes
    assert not result.checked.errors


def test_new_prints_the_mapping_and_takes_a_title(tmp_path):
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "l.csv").write_text("类型,链接号,商品名,直播价\n秒杀款,3,C,9.9\n主推款,1,A,199\n利润款,2,B,80\n",
                                    encoding="utf-8")
    out = tmp_path / "s.yaml"
    args = ["new", str(tmp_path / "t.yaml"), "--products", str(tmp_path / "l.csv"), "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--title", "周五晚场 · 新品"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:3] == ["note: 主推款 hero ← A (1号链接, 199元)", "note: 利润款 profit ← B (2号链接, 80元)",
                         "note: 福利款/秒杀款 flash ← C (3号链接, 9.9元)"]
    assert load_file(out).data["title"] == "周五晚场 · 新品"
    empty = CliRunner().invoke(cli, [*args, "--force", "--title", " "])
    assert empty.exit_code == 2 and "--title is empty" in empty.output
