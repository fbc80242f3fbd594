"""`livesop run --lang zh`: its help, its usage errors, the lines around the show and the full screen on a
real terminal speak Chinese; the run log they write is the same as in English."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from livesop.runner.runlog import read_log
from tests.runkit import ONE_MINUTE, show_text
from tests.runner.test_tui import _read_until, _spawned, a_pty  # noqa: F401  (a_pty is a fixture)
from tests.test_chinese_output import english_words

SHOW = show_text("zhcli", "中文开播", ONE_MINUTE, start=None)


@pytest.mark.parametrize("args, said", [
    (["--role", "boss"], "--role boss：手册里没有这个岗位"),
    (["--start-at", "8pm"], "--start-at '8pm' 不是时间"),
    (["--speed", "nan"], "nan 不是倍速（例如 60）"),
    (["--serve", "99999"], "--serve 99999：99999 不是 1 到 65535 之间的端口号"),
    (["--resume", "show.yaml", "--log", "x.jsonl"], "--resume 是接着已有的直播记录继续：--start-at 和 --log 不适用"),
])
def test_usage_errors_in_chinese_leave_no_log(playbook_file, tmp_path, monkeypatch, invoke, args, said):
    monkeypatch.chdir(tmp_path)
    result = invoke("--lang", "zh", "run", playbook_file, "--plain", *args)
    assert result.exit_code == 2 and said in result.output, result.output
    assert not english_words(result.output, {"boss", "pm", "nan", "zhcli"}), result.output
    assert not (tmp_path / ".livesop").exists()


def test_a_plain_run_says_where_it_logs_and_that_it_is_sealed(playbook_file, tmp_path, monkeypatch, invoke):
    monkeypatch.chdir(tmp_path)
    result = invoke("--lang", "zh", "run", playbook_file, "--plain", "--speed", "600", "--log", "run.jsonl")
    assert result.exit_code == 0, result.output
    assert "livesop：直播记录写入 run.jsonl；没有键盘：`hold` 环节到点自动进入下一环节" in result.output
    assert "livesop：已下播；直播记录 run.jsonl 已封存，校验值 `" in result.output
    assert "▶ 开播：共 1 个环节，计划 1分钟" in result.output and "主播 做：欢迎  [准时]" in result.output
    english = invoke("run", playbook_file, "--plain", "--speed", "600", "--log", "en.jsonl")
    kinds = [[(e.kind, e.t, e.text) for e in read_log(tmp_path / name).events] for name in ("run.jsonl", "en.jsonl")]
    assert kinds[0] == kinds[1] and "logging to en.jsonl" in english.output  # the log does not depend on the language


def test_the_help_of_run_is_chinese_and_english_unchanged(invoke):
    zh = invoke("--lang", "zh", "run", "--help").output
    assert "开播：按流程单实时提示（全屏或纯文本），并写直播记录。" in zh and "按 N 倍速彩排" in zh
    en = invoke("run", "--help").output
    assert "Run the show: the live cue sheet (full screen or plain lines) and its run" in en
    assert "Rehearse at N times real time (default 1)." in en


def test_the_full_screen_on_a_real_terminal_in_chinese(playbook_file, tmp_path, a_pty):  # noqa: F811
    master, slave = a_pty
    log = tmp_path / "live.jsonl"
    seen = bytearray()
    with _spawned(slave, [str(playbook_file), "--lang", "zh", "--speed", "20", "--log", str(log)], tmp_path) as child:
        assert _read_until(master, "空格".encode(), 4, seen), seen[-400:]
        assert "直播中".encode() in seen and "提示 · 全部岗位".encode() in seen
        os.write(master, b"?")
        assert _read_until(master, "按任意键关闭帮助".encode(), 2, seen)
        os.write(master, b"z")
        time.sleep(0.1)
        os.write(master, b"q")
        assert _read_until(master, "结束这场直播？".encode(), 2, seen)
        os.write(master, b"y")
        _read_until(master, b"\x1b[?1049l", 2, seen)
        assert child.wait(timeout=3) == 0
    stderr = child.stderr.read().decode()
    assert "livesop：已停止；直播记录" in stderr and "接着播：livesop run" in stderr
    assert read_log(log).closed


def test_the_resume_hint_keeps_a_language_chosen_with_lang(monkeypatch):
    from livesop import i18n
    from livesop.cli.run import resume_command

    monkeypatch.setenv("LIVESOP_LANG", "en")
    i18n.use("zh")
    hint = resume_command(Path("日播.yaml"), Path("run.jsonl"), library=None, roles=(), speed=None, plain=True)
    assert hint.endswith("--plain --lang zh")
    i18n.use("en")
    assert "--lang" not in resume_command(Path("日播.yaml"), Path("run.jsonl"), library=None, roles=(), speed=None,
                                          plain=True)
