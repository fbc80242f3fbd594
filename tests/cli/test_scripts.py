"""``livesop scripts``: list, show, search and render, in text and JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.helpers import MINIMAL, REPO, dedent

DAILY = str(REPO / "playbooks" / "daily.yaml")
LIBRARY = str(REPO / "scripts_library")


def run(*args):
    return CliRunner().invoke(cli, ["scripts", *args])


def test_list_library_and_playbook_scripts():
    result = run("list", "--library", LIBRARY, "--playbook", DAILY, "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    refs = {item["ref"]: item for item in items}
    assert "lib:jiangpin-price" in refs and "flash-open" in refs
    assert refs["flash-open"]["source"] == "playbook" and refs["flash-open"]["category"] == "秒杀"
    assert refs["lib:jiangpin-price"]["variants"].keys() == {"A", "到手价版"}
    assert "product.live_price" in refs["lib:jiangpin-price"]["placeholders"]


def test_list_filters_by_category_and_tag():
    result = run("list", "--library", LIBRARY, "--playbook", DAILY, "--category", "秒杀", "--format", "json")
    assert {item["category"] for item in json.loads(result.output)} == {"秒杀"}
    result = run("list", "--library", LIBRARY, "--tag", "价格依据", "--format", "json")
    assert [item["id"] for item in json.loads(result.output)] == ["jiangpin-price"]


def test_list_text_has_one_line_per_script():
    result = run("list", "--library", LIBRARY, "--category", "讲品")
    lines = result.output.strip().split("\n")
    assert lines[0].split()[:3] == ["id", "from", "category"]
    assert any(line.startswith("lib:jiangpin-price ") for line in lines)
    assert len(lines) == 1 + 4


def test_list_without_any_library_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("list")
    assert result.exit_code == 1
    assert "no scripts library found" in result.output


def test_show_renders_text_and_variants():
    result = run("show", "jiangpin-price", "--library", LIBRARY)
    assert result.exit_code == 0, result.output
    for part in ("lib:jiangpin-price", "价格说清楚", "到手价版", "值不值大家自己算一算"):
        assert part in result.output


def test_show_json_and_unknown_id():
    data = json.loads(run("show", "lib:jiangpin-price", "--library", LIBRARY, "--format", "json").output)
    assert data["id"] == "jiangpin-price" and data["text"].startswith("价格说清楚")
    result = run("show", "jiangpin-prize", "--library", LIBRARY)
    assert result.exit_code == 1 and "did you mean jiangpin-price" in result.output


def test_show_inline_script_of_a_playbook():
    result = run("show", "flash-open", "--playbook", DAILY, "--format", "json")
    assert json.loads(result.output)["source"] == "playbook"


def test_search_finds_text_lines_and_tags():
    data = json.loads(run("search", "福袋", "--library", LIBRARY, "--format", "json").output)
    assert any(hit["id"] == "fudai-draw" and hit["line"] >= 1 for hit in data)
    result = run("search", "ＰＲＯＤＵＣＴ.LINK", "--library", LIBRARY)  # width and case folded
    assert result.exit_code == 0 and "lib:" in result.output
    missing = run("search", "没有这句话", "--library", LIBRARY)
    assert missing.exit_code == 1 and "no script contains" in missing.output


def test_render_fills_variables_and_the_segment_product():
    result = run("render", "flash-open", "--playbook", DAILY, "--segment", "flash-2100")
    assert result.exit_code == 0, result.output
    assert "这一轮是加厚懒人抹布 50张/卷，秒杀价9.9元" in result.output
    assert "{" not in result.output


def test_render_library_variant_in_a_for_each_copy():
    result = run("render", "lib:jiangpin-price#A", "--playbook", DAILY, "--segment", "pitch-hero",
                 "--library", LIBRARY, "--format", "json")
    data = json.loads(result.output)
    assert data["text"].startswith("今天直播间价格199元，另外还有：下单加赠硅胶锅铲一把。")
    assert data["segment"] == "pitch-hero" and data["product"] == "hero" and data["variant"] == "A"


def test_render_names_every_missing_placeholder():
    result = run("render", "flash-open", "--playbook", DAILY)
    assert result.exit_code == 1
    for name in ("{product.name}", "{product.live_price}", "{product.list_price}", "{product.stock}",
                 "{product.link}"):
        assert name in result.output
    assert "flash-2100" in result.output  # where the script is used


def test_render_with_set_values(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(dedent(MINIMAL).replace('hello: "欢迎来到{room}！"', 'hello: "欢迎来到{room}，{guest}也在！"'),
                    encoding="utf-8")
    missing = run("render", "hello", "--playbook", str(path))
    assert missing.exit_code == 1 and "{guest}" in missing.output and "{room}" not in missing.output
    ok = run("render", "hello", "--playbook", str(path), "--set", "guest=小鹿", "--set", "room=另一间")
    assert ok.exit_code == 0 and ok.output == "欢迎来到另一间，小鹿也在！\n"


def test_render_countdown_from_the_cue(tmp_path):
    text = dedent(MINIMAL).replace('hello: "欢迎来到{room}！"', 'hello: "还有{countdown}"')
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    assert run("render", "hello", "-p", str(path), "-s", "open").output == "还有10:00\n"


@pytest.mark.parametrize("args, code, message", [
    (["render", "flash-open", "--playbook", DAILY, "--segment", "pitch"], 2, "pitch-hero"),
    (["render", "flash-open", "--playbook", DAILY, "--segment", "flash-2100", "--set", "oops"], 2, "NAME=VALUE"),
    (["render", "flash-open", "--playbook", "nope.yaml"], 2, "no such playbook"),
    (["render", "lib:jiangpin-price#Z", "--playbook", DAILY, "--library", LIBRARY], 1, "no variant `Z`"),
])
def test_render_errors(args, code, message):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_render_broken_playbook(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("livesop: 1\nid: [\n", encoding="utf-8")
    result = run("render", "hello", "--playbook", str(path))
    assert result.exit_code == 1 and f"{path}:" in result.output


def test_scripts_is_registered():
    result = CliRunner().invoke(cli, ["--help"])
    assert "scripts" in result.output and "话术 tools" in result.output
