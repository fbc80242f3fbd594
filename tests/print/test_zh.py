"""``show`` and ``checklist`` in Chinese: help, errors, the sheets' dates and lengths, terminal widths."""

import json

import pytest

from livesop import i18n
from livesop.errors import UsageError
from livesop.print.sheet import select_roles
from tests.helpers import MINIMAL, REPO, load_model

NIGHT = REPO / "tests" / "fixtures" / "print" / "night.yaml"
DAILY = REPO / "playbooks" / "daily.yaml"



@pytest.fixture
def dated(tmp_path):
    """The night fixture with a session date (a Wednesday)."""
    text = NIGHT.read_text(encoding="utf-8").replace("\nroles:", '\nsession:\n  date: "2026-12-02"\nroles:', 1)
    path = tmp_path / "night.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_help_in_chinese(invoke):
    result = invoke("--lang", "zh", "show", "--help")
    assert result.exit_code == 0
    assert "打印流程单：每个环节一行，每个岗位一列。" in result.output
    assert "只印话术编号" in result.output and "Print the run" not in result.output
    result = invoke("checklist", "--help", "--lang", "zh")
    assert "手册里的全部岗位" in result.output and "Every role" not in result.output


def test_unknown_role_in_chinese_lists_the_roles(invoke):
    result = invoke("--lang", "zh", "checklist", NIGHT, "--role", "导演")
    assert result.exit_code == 2
    assert "没有岗位 '导演'；手册里的岗位：host (主播)、ops (中控)" in result.output
    assert "例如 --role host，或者用 --all" in result.output


def test_select_roles_speaks_the_language_in_force():
    i18n.use("zh")
    with pytest.raises(UsageError) as caught:
        select_roles(load_model(MINIMAL), ["导演", "灯光"])
    assert caught.value.message == "没有岗位 '导演'、'灯光'；手册里的岗位：host (主播)、ops (中控)"


@pytest.mark.parametrize("args, words", [
    (("show", NIGHT, "--start", "8pm"), "--start '8pm' 不是有效的时间"),
    (("show", NIGHT, "--date", "2026-13-01"), "--date '2026-13-01' 不是有效的日期"),
    (("show", NIGHT, "--format", "xlsx"), "xlsx 格式只能输出到文件"),
    (("checklist", NIGHT), "用 --role 岗位 指定岗位"),
    (("checklist", NIGHT, "--role", "ops", "--all"), "--role 和 --all 不能同时用"),
])
def test_usage_errors_in_chinese(invoke, args, words):
    result = invoke("--lang", "zh", *args)
    assert result.exit_code == 2 and words in result.output


def test_a_missing_folder_and_a_written_file_in_chinese(invoke, tmp_path):
    result = invoke("--lang", "zh", "show", NIGHT, "--format", "md", "-o", tmp_path / "no" / "x.md")
    assert result.exit_code == 2 and "文件夹不存在" in result.output
    result = invoke("--lang", "zh", "show", NIGHT, "--format", "md", "-o", tmp_path / "x.md")
    assert result.exit_code == 0 and "已写入" in result.output


def test_an_unresolved_script_in_chinese(invoke, tmp_path):
    broken = tmp_path / "night.yaml"
    broken.write_text(NIGHT.read_text(encoding="utf-8").replace("say: pitch", "say: pitchh"), encoding="utf-8")
    result = invoke("--lang", "zh", "show", broken)
    assert result.exit_code == 1
    assert "有 1 处话术找不到，什么都没写：" in result.output
    assert "环节 `tea` +00:00 的提示（host）引用了话术 `pitchh`" in result.output


def test_the_sheet_date_as_the_room_writes_it(invoke, dated):
    assert "v2.1.0 · 12月2日 周三 · 开播 23:30" in invoke("--lang", "zh", "show", dated, "--format", "md").output
    assert "v2.1.0 · 2026-12-02 · 开播 23:30" in invoke("show", dated, "--format", "md").output
    assert "12月2日 周三" in invoke("--lang", "zh", "checklist", dated, "--all", "--format", "html").output
    data = json.loads(invoke("--lang", "zh", "checklist", dated, "--all", "--format", "json").output)
    assert data["meta"]["date"] == "2026-12-02"  # JSON stays the same in both languages


def test_lengths_in_the_sheets_are_chinese_in_chinese(invoke):
    zh = invoke("--lang", "zh", "checklist", NIGHT, "--role", "ops", "--format", "md").output
    en = invoke("checklist", NIGHT, "--role", "ops", "--format", "md").output
    assert "恢复 5分钟 内" in zh and "恢复 5m 内" in en
    assert "每10分钟×3" in invoke("--lang", "zh", "show", NIGHT, "--format", "md").output


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", [("show",), ("checklist", "--all")])
def test_terminal_tables_fit_and_align_in_chinese(dated, width, command):
    from click.testing import CliRunner
    from rich.cells import cell_len

    from livesop.cli.main import cli

    result = CliRunner(env={"COLUMNS": str(width)}).invoke(cli, ["--lang", "zh", command[0], str(dated), *command[1:]])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    table = [line for line in lines if line[:1] in "┌│├└"]
    assert len({cell_len(line) for line in table}) <= 1
    assert "12月2日 周三" in result.output
