"""Choosing the language, and click speaking it: --lang, LIVESOP_LANG, the locale, English."""

from __future__ import annotations

import pytest

from livesop import i18n
from livesop.cli.localize import choose_language


@pytest.mark.parametrize("value, expected", [
    ("zh", "zh"), ("zh_CN.UTF-8", "zh"), ("zh-Hans", "zh"), ("ZH_tw", "zh"),
    ("en", "en"), ("en_US.UTF-8", "en"), ("C", "en"), ("C.UTF-8", "en"), ("POSIX", "en"),
    ("fr_FR", None), ("", None), (None, None),
])
def test_normalize(value, expected):
    assert i18n.normalize(value) == expected


@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # the first set decides, as the C library does
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LIVESOP_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
    ({"LIVESOP_LANG": "zh", "LANG": "C"}, "zh"),
    ({"LIVESOP_LANG": "klingon", "LANG": "zh_CN.UTF-8"}, "zh"),  # an unknown value is passed over
    ({"LANG": "fr_FR.UTF-8"}, "en"),
])
def test_language_from_the_environment(environ, expected):
    assert i18n.from_environment(environ) == expected


@pytest.mark.parametrize("argv, expected", [
    (["validate", "x.yaml"], None),
    (["--lang", "zh", "validate"], "zh"),
    (["validate", "x.yaml", "--lang=en"], "en"),
    (["validate", "--", "--lang", "zh"], None),
])
def test_language_from_the_arguments(argv, expected):
    assert i18n.from_argv(argv) == expected


def test_lang_anywhere_is_moved_before_the_subcommand():
    assert choose_language(["validate", "x.yaml", "--lang", "zh"]) == ["--lang", "zh", "validate", "x.yaml"]
    assert choose_language(["show", "--lang=en", "a"]) == ["--lang=en", "show", "a"]
    assert choose_language(["scripts", "show", "--", "--lang", "zh"]) == ["scripts", "show", "--", "--lang", "zh"]


def test_chinese_catalogue_is_found_and_english_is_the_text_itself():
    i18n.use("zh")
    assert i18n._("Show this message and exit.") == "显示这份帮助后退出。"
    assert i18n.ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 2)
    i18n.use("en")
    assert i18n._("Show this message and exit.") == "Show this message and exit."
    assert i18n.ngettext("one file", "{n} files", 2) == "{n} files"


def test_a_missing_catalogue_falls_back_to_english(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_loaded", {})
    i18n.use("zh")
    assert i18n._("Show this message and exit.") == "Show this message and exit."


def test_help_follows_lang_in_one_process(invoke):
    chinese = invoke("--lang", "zh", "validate", "--help")
    assert "用法" in chinese.output and "显示这份帮助后退出" in chinese.output
    english = invoke("validate", "--help")
    assert "Usage:" in english.output and "Show this message and exit." in english.output
    assert "显示" not in english.output


def test_lang_after_the_subcommand_and_from_the_environment(invoke):
    assert "用法" in invoke("validate", "--help", "--lang", "zh").output
    assert "用法" in invoke("validate", "--help", env={"LIVESOP_LANG": "zh"}).output


def test_clicks_own_errors_speak_chinese(invoke):
    result = invoke("--lang", "zh", "validate", "--no-such-option")
    assert result.exit_code == 2
    assert "没有 '--no-such-option' 这个选项" in result.output


def test_an_unknown_language_is_a_usage_error(invoke):
    result = invoke("--lang", "fr", "validate", "--help")
    assert result.exit_code == 2
    assert "fr" in result.output
