"""``livesop new``: a session file from a template and a lineup, checked before it is written."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from livesop.checks.validate import validate_paths
from livesop.cli.main import cli
from livesop.excel.lineup import read_lineup
from livesop.format.yamlio import load_file, load_text
from livesop.plan.planner import plan_session
from tests.helpers import MINIMAL, REPO

DAILY = REPO / "playbooks" / "daily.yaml"
LINEUP = REPO / "playbooks" / "examples" / "lineup.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#") or " # " in line]


def test_new_from_template_id_with_lineup(project, monkeypatch):
    root, sha = project
    monkeypatch.chdir(root / "playbooks")  # the template is found by id in the nearest playbooks/
    result = run("new", "daily", "--date", "2026-11-25", "--start", "20:00", "--products", LINEUP,
                 "-o", "../sessions/2026-11-25.yaml")
    assert result.exit_code == 0, result.output
    assert f"from daily 1.0.0 @ {sha[:12]}" in result.output
    path = root / "sessions" / "2026-11-25.yaml"
    data = load_file(path).data
    assert data["id"] == "daily-2026-11-25" and data["version"] == "1.0.0"
    assert data["session"] == {"date": "2026-11-25", "start": "20:00",
                               "template": {"id": "daily", "version": "1.0.0", "commit": sha},
                               "library": "../scripts_library"}
    assert [p["live_price"] for p in data["products"]] == [189, 69, 9.9, 9.9]
    pan = data["products"][0]
    assert pan["stock"] == 200 and pan["claims"][0]["evidence"] == "第三方不粘性能检测报告 ZJ-2025-0815"
    ids = [s["id"] for s in data["segments"]]
    assert ids[2:6] == ["pitch-pan", "pitch-cup", "pitch-cloth", "pitch-bag"]
    assert all("for_each" not in s for s in data["segments"])
    assert [s["product"] for s in data["segments"][2:6]] == ["pan", "cup", "cloth", "bag"]
    assert data["segments"][2]["title"] == "讲品：{product.name}"  # placeholders stay placeholders
    assert validate_paths([str(path)]).errors == 0


def test_comments_and_key_order_are_kept(project):
    root, _ = project
    out = root / "sessions" / "s.yaml"
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "--products", LINEUP, "-o", out)
    assert result.exit_code == 0, result.output
    template, session = DAILY.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    assert comments(session) == comments(template)  # each comment once, in order, none duplicated by for_each
    assert "# 20:55 互动 + 秒杀预告，正好接上 21:00 秒杀" in session
    assert "backup: assistant          # 主播临时离开镜头时由助播接场" in session
    keys = [line.split(":")[0] for line in session.splitlines() if re.match(r"^[a-z]", line)]
    assert keys == ["livesop", "id", "title", "version", "platform", "description", "schedule", "session",
                    "variables", "roles", "products", "scripts", "checklists", "segments", "emergencies", "compliance"]
    untouched = template[template.index("scripts:"):template.index("segments:")]
    assert untouched in session  # byte for byte
    assert session.splitlines()[0] == "# yaml-language-server: $schema=../schema/playbook.schema.json"


def test_without_lineup_keeps_products_and_expands(project):
    root, _ = project
    out = root / "s.yaml"
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-26", "-o", out,
                 "--set", "host=小鹿", "--set", "next_show=后天20:00")
    assert result.exit_code == 0, result.output
    data = load_file(out).data
    assert data["variables"]["host"] == "小鹿" and data["variables"]["next_show"] == "后天20:00"
    assert data["session"]["start"] == "20:00"  # from schedule.start
    assert [p["id"] for p in data["products"]] == ["hero", "profit", "flash-a", "flash-b"]
    assert len(data["segments"]) == 16
    first_line = out.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=schema/playbook.schema.json"  # relinked from playbooks/


def test_template_outside_git_has_no_commit(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text(MINIMAL.replace("version: 1.0.0", "version: 2.3.1"), encoding="utf-8")
    result = run("new", template, "--date", "2026-11-25", "--start", "19:30", "-o", tmp_path / "s.yaml")
    assert result.exit_code == 0, result.output
    assert "(not in git)" in result.output
    data = load_file(tmp_path / "s.yaml").data
    assert data["session"] == {"date": "2026-11-25", "start": "19:30", "template": {"id": "demo", "version": "2.3.1"}}
    assert data["version"] == "1.0.0"


def test_uncommitted_template_changes_are_noted(project):
    root, sha = project
    template = root / "playbooks" / "daily.yaml"
    template.write_text(template.read_text(encoding="utf-8").replace("title: 小满", "title: 大满"), encoding="utf-8")
    result = run("new", template, "--date", "2026-11-25", "-o", root / "s.yaml")
    assert result.exit_code == 0, result.output
    assert f"not committed to git; the session records its last commit {sha[:12]}" in result.output


def test_existing_output_needs_force(project):
    root, _ = project
    out = root / "s.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "-o", out)
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "keep me\n"
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server")


@pytest.mark.parametrize("rows, words", [
    # tonight without a 利润款: the template's 促单 and 返场 segments would sell nothing
    ("编号,链接号,商品名,直播价\npan,1,炒锅,199\ncloth,3,抹布,9.9\nbag,4,垃圾袋,9.9\n", "slot 利润款 profit is empty"),
    ("链接号,商品名,日常价,价格依据,直播价,库存,机制\n1,炒锅,299,店铺日常售价,199,10,送锅铲\n2,杯子,69,店铺日常售价,79,10,x\n"
     "3,抹布,19.9,店铺日常售价,9.9,10,x\n4,垃圾袋,19.9,店铺日常售价,9.9,10,x\n", "LS601"),
])
def test_errors_write_nothing(project, tmp_path, rows, words):
    root, _ = project
    lineup = tmp_path / "lineup.csv"
    lineup.write_text(rows, encoding="utf-8")
    out = root / "sessions" / "s.yaml"
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "--products", lineup, "-o", out)
    assert result.exit_code == 1
    assert words in result.output
    assert "nothing was written" in result.output
    assert not out.exists() and not out.parent.exists()


def test_lineup_matches_template_products_by_name(project, tmp_path):
    root, _ = project
    lineup = tmp_path / "lineup.csv"
    lineup.write_text("link,name,live_price,stock\n1,麦饭石色不粘炒锅 32cm,189,50\n2,316不锈钢保温杯 500ml,69,60\n"
                      "3,加厚懒人抹布 50张/卷,9.9,70\n4,加厚抽绳垃圾袋 5卷150只,9.9,80\n", encoding="utf-8")
    out = root / "s.yaml"
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "--products", lineup, "-o", out)
    assert result.exit_code == 0, result.output
    products = load_file(out).data["products"]
    assert [p["id"] for p in products] == ["hero", "profit", "flash-a", "flash-b"]  # no 编号: the slots' ids
    assert products[0]["list_price"] == 299  # the same name, no 日常价 column: the template's price and basis stay
    assert products[0]["stock"] == 50


def test_xlsx_lineup(project, tmp_path):
    root, _ = project
    book = Workbook()
    ws = book.active
    ws.title = "排品"
    ws.append(["编号", "链接号", "商品名", "日常价", "价格依据", "直播价", "库存", "机制"])
    for row in (["pan", 1, "炒锅", 299, "店铺日常售价", 189, 20, "送锅铲"], ["cup", 2, "保温杯", 129, "店铺日常售价", 69, 30, "送杯盖"],
                ["cloth", 3, "抹布", 19.9, "店铺日常售价", 9.9, 40, "限购"], ["bag", 4, "垃圾袋", 19.9, "店铺日常售价", 9.9, 50, "限购"]):
        ws.append(row)
    book.save(tmp_path / "lineup.xlsx")
    out = root / "s.yaml"
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "--products",
                 tmp_path / "lineup.xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    products = load_file(out).data["products"]
    assert [(p["id"], p["name"], p["stock"]) for p in products] == [
        ("pan", "炒锅", 20), ("cup", "保温杯", 30), ("cloth", "抹布", 40), ("bag", "垃圾袋", 50)]
    assert products[0]["mechanism"] == "送锅铲" and "claims" not in products[0]  # another name: nothing carried over


def test_products_added_when_the_template_has_none(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text(
        "livesop: 1\nid: t\ntitle: 测试\nversion: 1.0.0\nroles:\n  host: {name: 主播}\n\n"
        "# 逐款讲品\nsegments:\n  - id: pitch\n    title: \"讲品：{product.name}\"\n    for_each: products\n"
        "    duration: 5m\n    cues:\n      - {id: go, at: 0s, role: host, do: \"上{product.link}号链接\"}\n",
        encoding="utf-8")
    lineup = tmp_path / "l.csv"
    lineup.write_text("link,name,live_price\n1,A,10\n2,B,20\n", encoding="utf-8")
    result = run("new", template, "--date", "2026-11-25", "--products", lineup, "-o", tmp_path / "s.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    data = load_file(tmp_path / "s.yaml").data
    assert [p["id"] for p in data["products"]] == ["p1", "p2"]
    assert [(s["id"], s["product"], s["cues"][0]["id"]) for s in data["segments"]] == [
        ("pitch-p1", "p1", "go-p1"), ("pitch-p2", "p2", "go-p2")]
    assert text.count("# 逐款讲品") == 1


@pytest.mark.parametrize("args, words", [
    (["--set", "hots=小鹿"], "did you mean `host`"),
    (["--set", "novalue"], "is not NAME=VALUE"),
    (["--date", "2026-13-01"], "is not a date"),
    (["--start", "25:00"], "is not a clock time"),
    (["--products", "nope.csv"], "no such file"),
])
def test_usage_errors(project, args, words):
    root, _ = project
    result = run("new", root / "playbooks" / "daily.yaml", "-o", root / "s.yaml", *args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert not (root / "s.yaml").exists()


def test_unknown_template_id_lists_the_known_ones(project, monkeypatch):
    root, _ = project
    monkeypatch.chdir(root)
    result = run("new", "weekly", "-o", "s.yaml")
    assert result.exit_code == 2
    assert "template 'weekly'" in result.output and "daily" in result.output


def test_bad_lineup_writes_nothing(project, tmp_path):
    root, _ = project
    lineup = tmp_path / "lineup.csv"
    lineup.write_text("链接号,商品名,直播价\n1,炒锅,¥abc\n", encoding="utf-8")
    result = run("new", root / "playbooks" / "daily.yaml", "--products", lineup, "-o", root / "s.yaml")
    assert result.exit_code == 1
    assert '直播价 "¥abc" is not a price' in result.output
    assert not (root / "s.yaml").exists()


def test_broken_template_is_reported_with_its_position(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text("livesop: 1\nid: t\ntitle: [oops\n", encoding="utf-8")
    result = run("new", template, "--date", "2026-11-25", "-o", tmp_path / "s.yaml")
    assert result.exit_code == 1
    assert f"{template}:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "s.yaml").exists()


def test_a_blank_cell_in_a_lineup_column_removes_the_template_value(project, tmp_path):
    root, _ = project
    lineup = tmp_path / "lineup.csv"  # the template's own products; 机制 column blank for the wok: no gift tonight
    lineup.write_text("链接号,商品名,直播价,机制\n1,麦饭石色不粘炒锅 32cm,189,\n2,316不锈钢保温杯 500ml,69,送杯盖\n"
                      "3,加厚懒人抹布 50张/卷,9.9,\n4,加厚抽绳垃圾袋 5卷150只,9.9,\n", encoding="utf-8")
    out = root / "s.yaml"
    plan = plan_session(root / "playbooks" / "daily.yaml", out, dt.date(2026, 11, 25), lineup=read_lineup(lineup))
    products = load_text(plan.text, "s.yaml").data["products"]
    assert "mechanism" not in products[0] and products[1]["mechanism"] == "送杯盖"
    assert products[0]["claims"][0]["text"] == "少油煎蛋不粘锅"  # the same name: what the lineup has no column for stays
    # the template's pitch-mechanism 话术 says {product.mechanism}: the session is refused, not written
    assert {d.code for d in plan.checked.errors} == {"LS504"}
    result = run("new", root / "playbooks" / "daily.yaml", "--date", "2026-11-25", "--products", lineup, "-o", out)
    assert result.exit_code == 1 and "LS504" in result.output and not out.exists()
