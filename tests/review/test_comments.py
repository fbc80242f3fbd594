"""Reading live comments: JSON Lines as fetchers write them, a CSV with 时间/内容, and the words."""

from __future__ import annotations

import pytest

from livesop.review import comments
from livesop.review.sources import ParseError
from livesop.review.values import Stamp
from livesop.review.words import negative_hits, tokens, top_words
from tests.review.kit import comments_jsonl


def test_json_lines_with_text_and_time_are_read_and_blank_texts_skipped(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"time": "20:15:03", "text": "已拍", "user": {"nickname": "小王"}}\n\n'
                    '{"text": "   ", "time": "20:15:04"}\n'
                    '{"ts": 1764072903, "content": "x"}\n', encoding="utf-8")
    got = comments.load(path)
    assert [(c.at, c.text) for c in got.items] == [(Stamp(72_903_000), "已拍")]


def test_other_keys_for_time_and_text_are_understood(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"create_time": 1764072903, "content": "来了"}\n', encoding="utf-8")
    assert comments.load(path).items[0].at.utc_ms == 1_764_072_903_000


def test_a_csv_with_时间_and_内容_is_read(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("用户,时间,内容\n小王,2025-11-25 20:15:03,上链接\n小李,2025-11-25 20:15:09,\"假货, 别买\"\n",
                    encoding="utf-8")
    assert [c.text for c in comments.load(path).items] == ["上链接", "假货, 别买"]


def test_a_json_array_is_read_too(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('[{"time": "20:15", "text": "1"}, {"time": "20:16", "text": "2"}]', encoding="utf-8")
    assert [c.text for c in comments.load(path).items] == ["1", "2"]


def test_a_line_that_is_not_json_is_named(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"time": "20:15", "text": "1"}\n{"time": oops}\n', encoding="utf-8")
    with pytest.raises(ParseError, match=r"c.jsonl:2: not a JSON record"):
        comments.load(path)


def test_times_that_cannot_be_read_are_named_with_their_lines(tmp_path):
    path = comments_jsonl(tmp_path / "c.jsonl", [("20:15", "ok"), ("later", "bad"), (None, "no time")])
    with pytest.raises(ParseError) as caught:
        comments.load(path)
    assert caught.value.message.splitlines() == [f"{path}:2: the time 'later' cannot be read",
                                                 f"{path}:3: the comment has no time"]


def test_a_file_without_time_or_text_lists_what_it_understands(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"when": "20:15", "msg2": "x"}\n', encoding="utf-8")
    with pytest.raises(ParseError, match="Columns found: when, msg2. Understood: time — 时间"):
        comments.load(path)


@pytest.mark.parametrize("text, words", [
    ("已拍", {"已拍"}), ("抢到了", {"抢到了"}), ("1", {"1"}), ("ＶＸ多少", {"vx多少"}),
    ("这个锅到底能不能用电磁炉", {"个锅", "锅到", "到底", "底能", "能不", "不能", "能用", "用电", "电磁", "磁炉"}),
    ("666 主播讲得好清楚啊", {"666", "讲得", "播讲", "得好", "好清", "清楚", "楚啊"}),
])
def test_short_comments_count_whole_and_longer_ones_as_bigrams(text, words):
    assert tokens(text) == words


def test_top_words_count_each_word_once_per_comment():
    assert top_words(["上链接", "已拍", "已拍", "已拍两单了已拍两单"], 2) == [("已拍", 3), ("上链接", 1)]


def test_negative_words_come_from_the_bundled_list_and_the_playbooks_extra_terms():
    from types import SimpleNamespace

    texts = ["这是假货吧", "能杀菌吗", "主播不是假的", "客服不回消息", "骗紫"]
    assert negative_hits(texts) == [(0, "假货"), (3, "客服不回"), (4, "骗子")]
    assert (1, "杀菌") in negative_hits(texts, (SimpleNamespace(term="杀菌", category=None, suggest=None),))
