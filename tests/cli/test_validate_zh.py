"""``livesop validate`` and the error paths in Chinese: messages, hints, the summary, help, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import MINIMAL, REPO

BROKEN = MINIMAL.replace("{at: 0s, role: host, say: hello}", "{at: 0s, role: hots, say: hello}")


def write(tmp_path, text: str, name: str = "show.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_findings_hint_and_summary_in_chinese(tmp_path, invoke):
    path = write(tmp_path, BROKEN)
    result = invoke("--lang", "zh", "validate", path, "--no-cache")
    assert result.exit_code == 1
    assert f"{path}:19:24: LS301 提示的岗位 `hots` 没有在 `roles` 里定义" in result.output
    assert "    建议：" in result.output and "hint:" not in result.output
    assert result.output.rstrip().endswith("已检查 1 个手册：1 个错误")


def test_lang_after_the_command_and_a_clean_file(tmp_path, invoke):
    result = invoke("validate", write(tmp_path, MINIMAL), "--lang", "zh")
    assert result.exit_code == 0
    assert result.output.strip() == "已检查 1 个手册：没有问题"


def test_environment_chooses_chinese(tmp_path, invoke):
    result = invoke("validate", write(tmp_path, MINIMAL), env={"LIVESOP_LANG": "zh"})
    assert result.output.strip() == "已检查 1 个手册：没有问题"


def test_json_keeps_its_keys_and_codes_with_chinese_text(tmp_path, invoke):
    result = invoke("--lang", "zh", "validate", write(tmp_path, BROKEN), "--format", "json")
    [finding] = json.loads(result.output)
    assert set(finding) == {"code", "severity", "file", "line", "column", "message", "hint"}
    assert (finding["code"], finding["severity"]) == ("LS301", "error")
    assert finding["message"] == "提示的岗位 `hots` 没有在 `roles` 里定义"


def test_github_annotation_syntax_stays(tmp_path, invoke):
    result = invoke("--lang", "zh", "validate", write(tmp_path, BROKEN), "--format", "github")
    assert result.output.startswith("::error file=")
    assert "title=LS301::提示的岗位 `hots` 没有在 `roles` 里定义（建议：" in result.output


def test_missing_path_is_a_chinese_usage_error(tmp_path, invoke):
    result = invoke("--lang", "zh", "validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert f"livesop：错误：{tmp_path / 'nope.yaml'}：没有这个文件或文件夹" in result.output
    assert "  建议：检查一下路径" in result.output


def test_a_folder_named_like_a_playbook_says_what_it_is(tmp_path, invoke):
    folder = tmp_path / "show.yaml"
    folder.mkdir()
    result = invoke("--lang", "zh", "validate", folder)
    assert result.exit_code == 1
    assert "LS100 " in result.output and "这是文件夹，不是文件" in result.output
    assert "这里要的是手册" in result.output


def test_a_bad_code_prefix_is_explained_in_chinese(tmp_path, invoke):
    result = invoke("--lang", "zh", "validate", write(tmp_path, MINIMAL), "--select", "XX")
    assert result.exit_code == 2
    assert "'XX' 不是代码前缀" in result.output


def test_help_in_chinese(invoke):
    result = invoke("--lang", "zh", "validate", "--help")
    assert result.exit_code == 0
    assert "检查手册：结构、引用、时间、话术、商品、广告法。" in result.output
    assert "只报告以 PREFIX 开头的代码" in result.output and "文本输出是否着色" in result.output
    schema = invoke("--lang", "zh", "schema", "--help")
    assert "打印手册格式 1 的 JSON Schema。" in schema.output and "这份 Schema 遵循" in schema.output


def test_schema_written_to_a_file_says_so_in_chinese(tmp_path, invoke):
    target = tmp_path / "schema.json"
    result = invoke("--lang", "zh", "schema", "-o", target)
    assert result.exit_code == 0 and target.exists()
    assert f"已写入 {target}" in result.output


def test_schema_that_cannot_be_written(tmp_path, invoke):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = invoke("--lang", "zh", "schema", "-o", blocker / "schema.json")
    assert result.exit_code == 2
    assert f"livesop：错误：无法写入 {blocker / 'schema.json'}：" in result.output
    assert "  建议：" in result.output


def test_a_crash_in_chinese_is_still_two_lines(monkeypatch, tmp_path, invoke):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("livesop.cli.validate.validate_paths", broken)
    result = invoke("--lang", "zh", "validate", REPO / "playbooks" / "daily.yaml",
                    env={"LIVESOP_CACHE_DIR": str(tmp_path)})
    assert result.exit_code == 3
    assert "livesop：内部错误：RuntimeError：boom" in result.output
    assert "这是 livesop 的程序缺陷" in result.output and "Traceback" not in result.output


def test_a_terminal_that_cannot_show_chinese_is_told_in_english():
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "LIVESOP_LANG": "zh"}
    result = subprocess.run([sys.executable, "-m", "livesop", "validate", str(REPO / "playbooks" / "daily.yaml")],
                            capture_output=True, env=env, timeout=60)
    stderr = result.stderr.decode("latin-1")
    assert result.returncode == 2
    assert stderr.startswith("livesop: error: this terminal's encoding (latin-1) cannot show the Chinese text")
    assert "Traceback" not in stderr
