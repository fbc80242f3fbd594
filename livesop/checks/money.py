"""Money and stock in the words: the prices, savings, discounts and stock a 话术 states.

``mentions(text)`` reads a text as a host would say it and returns each figure with its kind and
its place in the text: a price (``189元``, ``¥189``, ``189块``, ``一百八十九元``, ``9块9``,
``9.9秒杀``), a list or 日常 price (``日常价199``), a saving (``便宜了120元``, ``省100``), a
discount (``五折``, ``7.5折``, ``半价``) and a stock (``库存200件``). What is not a price is left
alone: thresholds (``满300减30``), quantities (``前100单``), sizes (``3L``), times (``48小时``,
``21:00``), sales counts, coupons and gifts (``5元券``, ``价值99元的赠品``), per-unit prices
(``每瓶39元``) and multi-buy deals (``第二件半价``). A price after a coupon (``领券后到手179元``)
is marked ``coupon`` so that a check can let it be lower than the live price. Placeholders such
as ``{product.live_price}`` are not figures. The words and patterns are tables, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livesop import regexes  # the figures' patterns take milliseconds to compile: kept between runs

PRICE, LIST_PRICE, SAVING, DISCOUNT, STOCK = "price", "list_price", "saving", "discount", "stock"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
           "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN = "零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万"
# A figure: Arabic (1,299 / 89.9) or Chinese numerals (一百八十九), with 万 allowed.
_NUMBER = rf"(?<![\d.:：,])(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?万?|[{_CN}]+)"
_YUAN = r"(?:元|块钱|块|rmb|RMB)"

# (kind, pattern): the figure is the group ``n`` (and ``m`` for the 角 of ``9块9``).
PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, regexes.compile(pattern)) for kind, pattern in (
    (DISCOUNT, r"(?P<n>(?:\d(?:\.\d)?|[一二三四五六七八九](?:[一二三四五六七八九])?))\s*折"),
    (DISCOUNT, r"(?P<half>半价)"),
    (SAVING, rf"(?:便宜了?|省了?|立减|直降|优惠了?|少了?)\s*(?P<n>{_NUMBER})\s*{_YUAN}?"),
    (LIST_PRICE, rf"(?:日常价?|原价|划线价|专柜价|市场价|吊牌价|平时(?:卖)?|官方价|门店价)\s*(?:是|要|都要|卖)?\s*"
                 rf"[¥￥]?\s*(?P<n>{_NUMBER})\s*{_YUAN}?"),
    (STOCK, rf"(?:库存|仅剩|只剩|还剩|就剩|限量|一共|总共|只有|只备了?|备了?)\s*(?P<n>{_NUMBER})\s*"
            r"(?:件|单|份|套|台|瓶|盒|袋|个|支)"),
    (PRICE, rf"(?<![\d.:：,])(?P<n>(?:\d+|[{_CN}]+))\s*块\s*(?P<m>\d|[一二三四五六七八九])(?![\d{_CN}]|\s*[块元毛角])"),
    (PRICE, rf"[¥￥]\s*(?P<n>{_NUMBER})"),
    (PRICE, rf"(?P<n>{_NUMBER})\s*{_YUAN}"),
    (PRICE, rf"(?:只要|只需|仅需|仅要|直播价|到手价?|秒杀价|特价|活动价|福利价|现价|价格)\s*(?:是|为|就)?\s*"
            rf"(?P<n>{_NUMBER})(?![\d.%])"),
    (PRICE, r"(?<![\d.:：,])(?P<n>\d+(?:\.\d+)?)\s*(?=秒杀|包邮|抢购|福利|专场)"),
))

# Words just before a figure that make it something other than the product's price.
NOT_A_PRICE_BEFORE = regexes.compile(
    r"(?:满|减|每\S{0,2}|均|折合|单价|一[瓶片包支盒袋]|加|价值|送|赠|红包|运费|邮费|已售|卖了|卖出|成交|销售额|"
    r"累计|GMV|gmv|前|第|超过|破|达|突破|一共|总共|合计|共计|加起来)\s*$")
# Words just after a figure that make it something other than the product's price (tried with
# ``match`` at the figure's end, so no ``^``).
NOT_A_PRICE_AFTER = regexes.compile(r"\s*(?:以内|以下|[券劵]|红包|优惠券|无门槛|换购|运费|邮费|的赠品|以上|起|左右|多|\+|万单|单|人|件)")
# A coupon or a store deal earlier in the same sentence: the price after it may be lower than the
# live price (领券后到手179元, 满399减80，到手319元).
COUPON_BEFORE = regexes.compile(r"(?:[券劵]|红包|补贴|满减|满\s*\d+|减\s*\d+)[^。！？!?\n；;]*$")
# A threshold before a saving (满300立减30) makes it a store deal, not the product's saving.
THRESHOLD_BEFORE = regexes.compile(rf"满\s*(?:{_NUMBER})\s*{_YUAN}?\s*$")
# A multi-buy deal before a discount (第二件半价, 两件8折) is a mechanism, not the product's discount.
DEAL_BEFORE = regexes.compile(r"(?:第\s*[二三2-9两]\s*件|[两三四2-9]\s*件|买[一二1-9]|拍[二两三2-9])\s*$")
# Numbers followed by these are times, sizes or counts whatever came before them.
NEVER_MONEY_AFTER = regexes.compile(r"\s*(?:小时|分钟|秒(?!杀)|天|点|号|cm|mm|ml|L|g|kg|斤|寸|码|岁|%|:|：)")
# The words before a figure that change what it is (a coupon earlier in the sentence, 满300 before
# 立减30, 第二件 before 半价) are looked for this far back; a sentence is far shorter.
LOOK_BACK = 1000
# Placeholders are values, not literal figures.
_PLACEHOLDER = regexes.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Mention:
    """One money or stock figure a text states: its kind, its value and its place in the text."""

    kind: str  # price, list_price, saving, discount or stock
    value: float  # 元 for money, tenths for a discount (五折 → 5), a count for stock
    start: int  # the figure's place in the text (indexes into the text as given)
    end: int
    coupon: bool = False  # a price after a coupon or a store deal, which may be lower than the live price


def mentions(text: str) -> list[Mention]:
    """Every money or stock figure ``text`` states, in text order, each place read once."""
    blank = _PLACEHOLDER.sub(lambda m: "\u3000" * len(m.group(0)), text)
    taken = bytearray(len(blank))  # 1 where a figure already read stands: each place read once
    found: list[Mention] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(blank):
            start, end = match.span()
            if taken.find(1, start, end) != -1:
                continue
            mention = _mention(kind, match, blank)
            if mention is not None:
                taken[start:end] = b"\x01" * (end - start)
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _back(start: int) -> int:
    """Where the words before a figure are looked for from: the ``LOOK_BACK`` characters before it
    (a text of thousands of figures then costs its length, not its square)."""
    return max(0, start - LOOK_BACK)


def _mention(kind: str, match: re.Match, text: str) -> Mention | None:
    if kind == DISCOUNT and match.groupdict().get("half"):
        start, end = match.span("half")
        return None if DEAL_BEFORE.search(text, _back(start), start) else Mention(DISCOUNT, 5, start, end)
    start, end = match.span("n")
    if NEVER_MONEY_AFTER.match(text, end):
        return None
    value = number(match.group("n"))
    if value is None:
        return None
    if kind == DISCOUNT:
        value = value / 10 if value >= 10 else value  # 七五折 is read 75: 7.5
        if DEAL_BEFORE.search(text, _back(start), start) or not 0 < value < 10:
            return None
        return Mention(DISCOUNT, value, start, match.end())
    if kind == SAVING and THRESHOLD_BEFORE.search(text, _back(match.start()), match.start()):
        return None
    if kind == PRICE:
        if NOT_A_PRICE_BEFORE.search(text, _back(start), start) or NOT_A_PRICE_AFTER.match(text, match.end()):
            return None
        if match.groupdict().get("m"):
            value += number(match.group("m")) / 10
            end = match.end("m")
        return Mention(PRICE, value, start, end, bool(COUPON_BEFORE.search(text, _back(start), start)))
    return Mention(kind, value, start, end)


def number(text: str) -> float | None:
    """The value of an Arabic or Chinese figure (``1,299``, ``89.9``, ``1.2万``, ``一百八十九``, ``两千``)."""
    text = text.replace(",", "")
    scale = 1
    if text.endswith("万"):
        text, scale = text[:-1], 10_000
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text) * scale
        except ValueError:
            return None
    value = _chinese(text)
    return None if value is None else value * scale


def _chinese(text: str) -> int | None:
    """一百八十九 → 189, 十五 → 15, 两千 → 2000, 一千二 → 1200, 九九 → 99 (read digit by digit)."""
    if all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit, last_unit, previous = 0, None, 1, ""
    for ch in text:
        if ch in _DIGITS:
            digit, previous = (_DIGITS[ch] or None), ("zero" if _DIGITS[ch] == 0 else previous + "digit")
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit, last_unit, previous = None, _UNITS[ch], "unit"
        else:
            return None
    if digit is not None:  # 一千二 means 1200: a digit right after 百 or 千 counts in the next unit down
        total += digit * (last_unit // 10 if previous == "unitdigit" and last_unit >= 100 else 1)
    return total
