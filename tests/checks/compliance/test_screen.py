"""``screen``: one live comment against the compliance and 舆情 lexicons, and the 舆情 lexicon itself
(negative feedback, for comments only)."""

from __future__ import annotations

from collections import Counter

import pytest

from livesop.checks.compliance.lexicon import bundled, negative
from livesop.checks.compliance.matcher import fold_key
from livesop.checks.compliance.screen import Screener, screen, screener
from tests.helpers import MINIMAL, diagnose


def said(comment: str, platform: str = "generic") -> list[tuple[str, str, str]]:
    return [(comment[h.start:h.end], h.term.term, h.term.category) for h in screen(comment, platform)]


def test_negative_lexicon_shape():
    lexicon = negative()
    assert set(lexicon.categories) == {"negative"}
    assert len(lexicon.terms) >= 30
    keys = Counter(fold_key(term.term) for term in lexicon.terms)
    assert [k for k, n in keys.items() if n > 1] == []
    for term in lexicon.terms:
        assert term.category == "negative" and term.severity == "warning", term
        assert term.ref.strip() and term.suggest.strip(), term
        for word in term.allow_in:
            assert fold_key(term.term) in fold_key(word), (term.term, word)
    assert not {fold_key(t.term) for t in lexicon.terms} & {fold_key(t.term) for t in bundled().terms}


@pytest.mark.parametrize("comment, shown, term", [
    ("假货吧这是", "假货", "假货"),
    ("骗子主播", "骗子", "骗子"),
    ("骗紫", "骗紫", "骗子"),  # by sound, as comments dodge the platform's filter
    ("我要退款", "退款", "退款"),
    ("我要投诉你们", "投诉", "投诉"),
    ("用了过敏了", "过敏", "过敏"),
    ("買了過敏", "過敏", "过敏"),
    ("烂脸了", "烂脸", "烂脸"),
    ("收到货不对板", "货不对板", "货不对板"),
    ("客服不回消息", "客服不回", "客服不回"),
    ("发货慢死了", "发货慢", "发货慢"),
    ("价格不对啊", "价格不对", "价格不对"),
    ("打12315", "12315", "12315"),
])
def test_negative_feedback_in_comments(comment, shown, term):
    assert said(comment) == [(shown, term, "negative")]


@pytest.mark.parametrize("comment", [
    "放假了", "发货快吗", "客服回了，谢谢", "真的假的", "敏感肌能用吗", "防过敏配方吗", "主播好漂亮",
    "几号链接", "退一步说", "拍片子好看", "123456",
])
def test_ordinary_comments_stay_clean(comment):
    assert said(comment) == []


def test_compliance_and_contact_in_comments():
    assert said("加个威信聊", "douyin") == [("威信", "威信", "diversion")]
    assert said("醉低价多少") == [("醉低价", "最低价", "absolute")]
    assert said("私我要号") == [("私我要号", "私我…要号", "diversion")]
    [hit] = screen("电话一三八一二三四五六七八")
    assert (hit.heard, hit.term.term, hit.term.kind) == ("contact", "13812345678", "phone number")


def test_negative_words_are_not_reported_on_playbooks():
    text = MINIMAL.replace("欢迎来到{room}！", "有人说假货，我们说明一下，支持退款")
    assert [d for d in diagnose(text) if d.code.startswith("LS7")] == []


def test_a_given_lexicon():
    only = Screener([t for t in negative().terms if t.term == "假货"], contact=False)
    assert [h.term.term for h in only.find("假货，加微信，138 1234 5678")] == ["假货"]


def test_screener_is_built_once_per_platform():
    assert screener("douyin") is screener("douyin")
    assert screener("douyin") is not screener("taobao")


# Each kind of finding, and texts that end or start where one could run on into the next.
_ALONE_POOL = ["加V", "蔻V", "加微信", "vx", "variables: {room: 衣橱小铺}", "12345678", "abcdefg1", "138 0013 8000",
               "全网最低价", "醉低价", "zui di jia", "私信我要号码", "今天99元到手", "欢迎来到直播间", "", "一百八十九元到手",
               "第一", "1", "：", "  ", "号"]


@pytest.mark.parametrize("platform", ["generic", "douyin"])
def test_many_texts_are_each_read_as_if_alone(platform):
    """A playbook's texts are screened in one pass, joined; no finding may run from one text into
    the next (加V at the end of one cue and `variables` at the start of another are no WeChat id)."""
    import random

    from livesop.checks.compliance.check import matcher_for

    read = matcher_for(platform, ())._read  # one pass over the texts joined, nothing remembered
    assert [h.heard for h in read(["加V", "variables: x"])] == [""]
    assert [h.heard for h in read(["加V    variables"])] == ["", "contact"]  # in one text it is

    alone = {text: read([text]) for text in _ALONE_POOL}
    rng = random.Random(18)
    for _ in range(200):
        texts = [rng.choice(_ALONE_POOL) for _ in range(rng.randint(1, 8))]
        expected = [f for index, text in enumerate(texts) for f in _found(alone[text], index)]
        assert _found(read(texts)) == expected, texts


def _found(hits, index=None) -> list[tuple]:
    return [(index if index is not None else h.index, h.start, h.end, h.term.term, h.term.category, h.heard)
            for h in hits]


def test_a_text_met_again_is_not_read_again(monkeypatch):
    import random

    import livesop.checks.compliance.screen as screen_module

    screener_ = Screener(bundled().terms)
    passes = []
    read = screener_._read
    monkeypatch.setattr(screener_, "_read", lambda texts: passes.append(list(texts)) or read(texts))
    texts = ["全网最低价", "欢迎来到直播间", "加V", "全网最低价"]
    first = screener_.scan(texts)
    assert passes == [["全网最低价", "欢迎来到直播间", "加V"]]  # each text once
    assert _found(first) == _found(read(texts)) and [h.index for h in first] == [0, 2, 3]
    assert _found(screener_.scan(["加V", "醉低价", "全网最低价"])) == _found(read(["加V", "醉低价", "全网最低价"]))
    assert passes[1:] == [["醉低价"]]  # only the text not met before
    monkeypatch.setattr(screen_module, "KNOWN_CHARS", 12)  # a small memory: it lets go, findings stay right
    rng = random.Random(5)
    for _ in range(100):
        texts = [rng.choice(_ALONE_POOL) for _ in range(rng.randint(1, 6))]
        assert _found(screener_.scan(texts)) == _found(read(texts)), texts
    assert screener_._known_chars <= 12 + max(map(len, _ALONE_POOL)) * 6
