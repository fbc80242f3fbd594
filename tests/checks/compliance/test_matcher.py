"""The compliance lexicon data and the matcher: folding, separators, longest match, carve-outs."""

from __future__ import annotations

from collections import Counter

import pytest

from livesop.checks.compliance.check import FINDING_CODES, finding_code, matcher_for
from livesop.checks.compliance.lexicon import PLATFORMS, Term, bundled
from livesop.checks.compliance.matcher import Matcher, fold, fold_key
from livesop.diagnostics import CODES


def found(text: str, platform: str = "generic") -> list[tuple[str, str]]:
    """(text as written, lexicon term) of every finding in ``text``."""
    return [(text[h.start:h.end], h.term.term) for h in matcher_for(platform).find(text)]


def terms(text: str, platform: str = "generic") -> list[str]:
    return [term for _, term in found(text, platform)]


# ---------------------------------------------------------------- the data file

def test_lexicon_size_and_shape():
    lexicon = bundled()
    assert len(lexicon.terms) >= 150
    assert set(lexicon.categories) == {"absolute", "authority", "medical", "superstition", "guarantee",
                                       "diversion", "inducement"}
    for term in lexicon.terms:
        assert term.ref.strip() and term.suggest.strip(), term
        assert all(p in PLATFORMS for p in term.platforms)
        for word in term.allow_in:
            assert fold_key(term.term) in fold_key(word), (term.term, word)


def test_lexicon_has_no_duplicates_after_folding():
    keys = Counter(fold_key(term.term) for term in bundled().terms)
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_term_maps_to_a_code_of_its_severity():
    for term in bundled().terms:
        code, _ = finding_code(term)
        assert CODES[code][0] == term.severity, term
    assert {code for code, _ in FINDING_CODES.values()} <= set(CODES)


def test_every_bundled_term_finds_itself():
    for term in bundled().terms:
        platform = term.platforms[0] if term.platforms else "generic"
        assert term.term in terms(f"她说{term.term}呀", platform), term.term


# ---------------------------------------------------------------- one category at a time:
# true hits, and near-misses that must stay clean

HITS = {
    "absolute": ["全网最低价", "销量第一", "顶级面料", "NO.1", "独一无二", "这是最好的锅"],
    "authority": ["国家级认证工艺", "特供人民大会堂", "央视推荐", "驰名商标"],
    "medical": ["根治失眠", "降血糖", "增强免疫力", "无副作用", "能代替药物"],
    "superstition": ["开光手串", "招财转运", "辟邪镇宅"],
    "guarantee": ["稳赚不赔", "保本保息", "包过包拿证", "月入过万"],
    "diversion": ["加微信下单", "私信下单", "扫码加群", "转账给我"],
    "inducement": ["出厂价", "错过再等一年", "明天涨价", "亏本甩卖"],
}

CLEAN = {
    "absolute": ["最近很多人问", "最后给大家讲一下", "第一步先预热", "第一次来的朋友", "第一款是炒锅",
                 "镜头顶部的小黄车", "100%纯棉", "大家最好提前领券", "追求极致的做工", "最多拍两件"],
    "authority": ["电商专供款", "国家级非遗技艺"],
    "medical": ["本品不能代替药物", "治愈系的颜色", "产生发热的感觉"],
    "superstition": ["招财猫摆件", "快递到了转运中心"],
    "guarantee": ["寄回本店就行", "打包过程全程录像", "面包过期了"],
    "diversion": ["支持微信支付"],
    "inducement": ["日常价299元，价格依据是店铺近30日成交价，今天199元"],
}


@pytest.mark.parametrize("category", sorted(HITS))
def test_true_hits_per_category(category):
    for text in HITS[category]:
        hits = matcher_for("generic").find(text)
        assert hits, text
        assert hits[0].term.category == category, (text, hits[0].term)


@pytest.mark.parametrize("category", sorted(CLEAN))
def test_near_misses_stay_clean(category):
    for text in CLEAN[category]:
        assert found(text) == [], text


# ---------------------------------------------------------------- matching behaviour

@pytest.mark.parametrize("text, shown, term", [
    ("全网最 低 价", "全网最 低 价", "全网最低价"),
    ("第-一名", "第-一", "第一"),
    ("最·低·价", "最·低·价", "最低价"),
    ("最\n低价", "最\n低价", "最低价"),
    ("ＮＯ．１", "ＮＯ．１", "NO.1"),
    ("no1", "no1", "NO.1"),
    ("TOP1单品", "TOP1", "Top1"),
    ("１００％有效", "１００％", "100%"),
    ("加微❤信", "加微❤信", "加微信"),
    ("⼀本万利", "⼀本万利", "一本万利"),  # Kangxi radical folds to 一
])
def test_folding_and_separators(text, shown, term):
    assert found(text) == [(shown, term)]


def test_too_many_separators_do_not_join():
    assert terms("第 \n \n 一") == []


def test_ascii_terms_are_whole_words():
    assert terms("top10") == []
    assert terms("laptop1") == []
    assert terms("10元购") == []
    assert terms("0元购") == ["0元购"]


def test_longest_match_wins():
    assert terms("全网最低价") == ["全网最低价"]
    assert terms("销量第一的款") == ["销量第一"]
    assert terms("最后一次机会") == ["最后一次"]


def test_carve_out_only_where_the_word_is_spelled():
    assert terms("第一次") == []
    assert terms("第一名") == ["第一"]
    assert terms("销量第一次破万") == []
    assert terms("最 近") == []  # separators inside a carve-out word too


def test_offsets_survive_multi_character_folds():
    text = "装入95℃热水，50㎏承重，全网最低价"
    [(shown, term)] = found(text)
    assert (shown, term) == ("全网最低价", "全网最低价")


def test_many_texts_scanned_together_never_join():
    matcher = matcher_for("generic")
    hits = matcher.scan(["今天最", "低价", "第一", "步"])
    assert [(h.index, h.term.term) for h in hits] == [(0, "最"), (2, "第一")]


def test_fold_keeps_length_for_common_text():
    text = "欢迎来到直播间，今天ＡＢＣ！"
    folded, remap = fold(text)
    assert remap is None and folded == "欢迎来到直播间，今天abc！"


def test_platform_filter():
    assert terms("淘宝同款", "douyin") == ["淘宝"]
    assert terms("淘宝同款", "taobao") == []
    assert terms("淘宝同款", "generic") == []
    assert terms("抖音直播间", "douyin") == []
    assert terms("抖音直播间", "kuaishou") == ["抖音"]
    assert terms("拼多多同款", "taobao") == ["拼多多"]


def test_team_terms_join_the_same_matcher():
    team = Term("某某牌", "team", "error", "ref", "换个说法", team=True)
    matcher = Matcher(bundled().for_platform("generic") + (team,))
    assert [h.term.term for h in matcher.find("某 某 牌，全网最低价")] == ["某某牌", "全网最低价"]
