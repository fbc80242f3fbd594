"""A served run in Chinese: the links' labels, the address errors and the lines on the terminal follow
``--lang``; the pages themselves speak Chinese whatever the terminal speaks (no English label in them)."""

from __future__ import annotations

import io
import re
from importlib import resources

import pytest

from livesop import i18n
from livesop.errors import UsageError
from livesop.runner.clock import FakeClock
from livesop.serve import bind, qr
from livesop.serve.hub import log_alarm
from tests.runkit import S
from tests.serve.servekit import SHOW, TOKENS, make_hub
from tests.test_chinese_output import english_words

__all__ = ["SHOW"]  # the playbook_file fixture writes it


@pytest.fixture
def zh():
    i18n.use("zh")
    yield
    i18n.use("en")


def test_the_links_are_labelled_in_chinese(zh):
    links = bind.view_links("192.168.1.23", 8470, TOKENS, {"host": "主播", "ops": "中控"})
    assert [label for label, _ in links] == ["提词器", "岗位 主播（host）", "岗位 中控（ops）", "演播时钟",
                                              "控场（可以操作直播）"]
    out = io.StringIO()
    qr.show(links, bind.reach_note("0.0.0.0"), out, codes=False)
    text = out.getvalue()
    assert text.startswith("livesop：已开启手机同步；每台手机扫自己的码打开对应视图：\n")
    assert "只发给场控" in text and not english_words(text, {"host", "ops", "view", "token", "for", "tests",
                                                            "control"})


def test_and_in_english_as_before():
    links = bind.view_links("192.168.1.23", 8470, TOKENS, {"host": "主播"})
    assert [label for label, _ in links] == ["prompter 提词器", "role 主播 (host)", "clock 时钟",
                                              "control 控场 (can drive the show)"]


@pytest.mark.parametrize("address, said", [("8470x", "--serve 8470x：8470x 不是 1 到 65535 之间的端口号"),
                                           ("::1:80", "--serve ::1:80：IPv6 地址要写在方括号里"),
                                           ("wifi:8470", "--serve wifi:8470：wifi 不是 IP 地址")])
def test_a_wrong_address_is_refused_in_chinese(zh, address, said):
    with pytest.raises(UsageError) as caught:
        bind.parse_bind(address)
    assert caught.value.message == said and not english_words(caught.value.hint, {"wifi"})


def test_the_control_view_hears_of_a_failing_log_in_chinese(playbook_file, tmp_path):
    hub = make_hub(playbook_file, tmp_path, FakeClock(0))
    assert hub.state()["log"] == ""
    hub.log.failure = "No space left on device"
    hub.log.pending.append(b"{}")
    alarm = hub.state()["log"]
    assert alarm == log_alarm(hub.log)
    assert alarm.startswith("内存中暂存 1 行，写不进 run.jsonl（磁盘没有剩余空间）")  # an English session too
    hub.log.pending.clear()
    hub.log.failure = ""


def test_a_refused_act_is_told_in_chinese_whatever_the_terminal_speaks(playbook_file, tmp_path):
    clock = FakeClock(0)
    hub = make_hub(playbook_file, tmp_path, clock)
    clock.advance(5 * S)
    assert hub.control("back", "场控@1").note == "这已是第一个环节"
    assert hub.control("adjust", "场控@1", {"minutes": 99}).note == "只能加减 1 到 10 分钟"


VIEWS = resources.files("livesop.serve") / "views"
ALLOWED = {"livesop", "title", "view", "body"}  # the shell's placeholders: {{title}}, {{view}}, {{body}}


@pytest.mark.parametrize("page", sorted(entry.name for entry in VIEWS.iterdir() if entry.name.endswith(".html")))
def test_the_pages_labels_are_chinese(page):
    html = (VIEWS / page).read_text(encoding="utf-8")
    shown = re.findall(r">([^<>]+)<", html) + re.findall(r'(?:placeholder|aria-label|title)="([^"]*)"', html)
    assert not english_words(" ".join(shown), ALLOWED), shown


@pytest.mark.parametrize("script", sorted(entry.name for entry in VIEWS.iterdir() if entry.name.endswith(".js")))
def test_the_scripts_say_their_words_in_chinese(script):
    """Every literal a script puts on the page (``live.text``, ``live.el``, a toast) is Chinese: the English
    words left are code (keys, classes, element ids), never a whole word in a text with Chinese in it."""
    code = (VIEWS / script).read_text(encoding="utf-8")
    texts = [t for t in re.findall(r'"([^"\\]*)"', code) if re.search(r"[\u4e00-\u9fff]", t)]
    assert texts
    assert not [t for t in texts if english_words(t)], texts
