"""Money and stock in the words: what a host says is read as the figure a buyer hears."""

from __future__ import annotations

import pytest

from livesop.checks.money import DISCOUNT, LIST_PRICE, LOOK_BACK, PRICE, SAVING, STOCK, mentions, number
from tests.helpers import deadline


def said(text: str) -> list[tuple[str, float, str]]:
    return [(m.kind, m.value, text[m.start:m.end]) for m in mentions(text)]


@pytest.mark.parametrize("text, expected", [
    ("今天直播间只要189元", [(PRICE, 189, "189")]),
    ("¥189 拍一号链接", [(PRICE, 189, "189")]),
    ("189块，家人们冲", [(PRICE, 189, "189")]),
    ("一百八十九元到手", [(PRICE, 189, "一百八十九")]),
    ("9块9包邮", [(PRICE, 9.9, "9块9")]),
    ("九块九秒杀", [(PRICE, 9.9, "九块九")]),
    ("21点 9.9秒杀", [(PRICE, 9.9, "9.9")]),
    ("1,299元的大衣", [(PRICE, 1299, "1,299")]),
    ("两千元以内", []),
    ("只要89", [(PRICE, 89, "89")]),
    ("日常价199，今天159元", [(LIST_PRICE, 199, "199"), (PRICE, 159, "159")]),
    ("原价1299元", [(LIST_PRICE, 1299, "1299")]),
    ("比日常便宜了120元", [(SAVING, 120, "120")]),
    ("直接省100", [(SAVING, 100, "100")]),
    ("五折", [(DISCOUNT, 5, "五折")]),
    ("全场5折", [(DISCOUNT, 5, "5折")]),
    ("7.5折", [(DISCOUNT, 7.5, "7.5折")]),
    ("七五折", [(DISCOUNT, 7.5, "七五折")]),
    ("今天半价", [(DISCOUNT, 5, "半价")]),
    ("库存200件", [(STOCK, 200, "200")]),
    ("仅剩30单", [(STOCK, 30, "30")]),
])
def test_prices_savings_discounts_and_stock_are_read(text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text", [
    "满300减30",
    "满300元减30元",
    "满299立减30",
    "前100单送同款小样",
    "3L大容量，32cm大口径",
    "48小时发货，21:00开抢",
    "已售10万件",
    "累计卖了100万元",
    "领5元无门槛券",
    "再送价值99元的赠品",
    "折合每瓶39元",
    "加1元换购",
    "第二件半价",
    "两件8折",
    "上{product.live_price}元，日常{product.list_price}元",
    "拍{product.link}号链接",
])
def test_what_is_not_the_product_price_is_left_alone(text):
    assert said(text) == []


def test_a_price_after_a_coupon_is_marked_so():
    (found,) = mentions("领券后到手179元")
    assert found.kind == PRICE and found.value == 179 and found.coupon
    (plain,) = mentions("到手179元")
    assert not plain.coupon


def test_positions_point_into_the_text_as_written_placeholders_included():
    text = "{product.name}今天只要189元"
    (found,) = mentions(text)
    assert text[found.start:found.end] == "189"


@pytest.mark.parametrize("figure, value", [
    ("1,299", 1299), ("89.9", 89.9), ("1.2万", 12000), ("一百八十九", 189), ("十五", 15), ("两千", 2000),
    ("一千二", 1200), ("九九", 99), ("三百零五", 305), ("壹佰", 100),
])
def test_figures_in_arabic_and_chinese(figure, value):
    assert number(figure) == pytest.approx(value)


@pytest.mark.parametrize("text", ["准备21:00秒杀", "20:30秒杀：毛巾上架", "确认22:00秒杀设置", "1.5L装"])
def test_a_clock_time_before_a_sale_word_is_not_a_price(text):
    assert said(text) == []


def test_a_price_after_a_store_deal_in_the_same_sentence_may_be_lower():
    found = mentions("四件套399元，单买就满399，减80，到手319元。明天恢复399元")
    assert [(m.value, m.coupon) for m in found] == [(399, False), (319, True), (399, False)]


def test_a_total_of_several_products_is_not_a_price():
    assert said("家居服129元加记忆棉枕169元，一共298元") == [(PRICE, 129, "129"), (PRICE, 169, "169")]


def test_a_text_of_thousands_of_figures_costs_its_length_not_its_square():
    """Each figure's words before it are looked for in the LOOK_BACK characters before it, not in
    the whole text: 30,000 prices in one 话术 took minutes. (A bound on hanging, not a speed figure.)"""
    text = "满399减80，到手319元。" + "99元。" * 30_000 + "领券后到手179元"
    with deadline(10):
        found = mentions(text)
    assert len(found) == 1 + 30_000 + 1 and [m.value for m in found[:2]] == [319, 99]
    assert found[0].coupon and not found[1].coupon and found[-1].coupon  # each sentence read on its own


def test_the_words_before_a_figure_are_read_within_the_look_back():
    assert mentions("领券" + "，" * 10 + "到手179元")[0].coupon  # the same sentence: a coupon price
    assert not mentions("领券" + "好" * (LOOK_BACK + 10) + "到手179元")[0].coupon  # beyond it: read as said
