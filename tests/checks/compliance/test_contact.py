"""Off-platform contact: phone numbers in every form, WeChat and QQ ids, the known diversion
spellings and requests for private contact — and the numbers of an ordinary show (prices, times,
link numbers, order counts, dates) that must stay clean."""

from __future__ import annotations

import pytest

from livesop.checks.compliance.check import CONTACT, finding_code, matcher_for
from livesop.checks.compliance.contact import PHONE, QQ, WECHAT, ContactTerm, contact_rules
from livesop.diagnostics import CODES
from tests.helpers import MINIMAL, dedent, diagnose


def contacts(text: str, platform: str = "generic") -> list[tuple[str, str, str]]:
    """(text as written, number or id, kind) of every contact detail in ``text``."""
    return [(text[h.start:h.end], h.term.term, h.term.kind) for h in matcher_for(platform).find(text)
            if isinstance(h.term, ContactTerm)]


def terms(text: str, platform: str = "generic") -> list[tuple[str, str]]:
    return [(text[h.start:h.end], h.term.term) for h in matcher_for(platform).find(text)]


# ---------------------------------------------------------------- phone numbers

@pytest.mark.parametrize("text, shown", [
    ("电话13812345678", "13812345678"),
    ("打 138 1234 5678 找我", "138 1234 5678"),
    ("138-1234-5678", "138-1234-5678"),
    ("1 3 8 1 2 3 4 5 6 7 8", "1 3 8 1 2 3 4 5 6 7 8"),
    ("1、3、8、1、2、3、4、5、6、7、8", "1、3、8、1、2、3、4、5、6、7、8"),
    ("幺三八一二三四五六七八", "幺三八一二三四五六七八"),  # read aloud, 幺 for 1
    ("一三八 一二三四 五六七八", "一三八 一二三四 五六七八"),
    ("壹叁捌壹贰叁肆伍陆柒捌", "壹叁捌壹贰叁肆伍陆柒捌"),
    ("①③⑧①②③④⑤⑥⑦⑧", "①③⑧①②③④⑤⑥⑦⑧"),
    ("１３８１２３４５６７８", "１３８１２３４５６７８"),
    ("幺3八1二3四5六7八", "幺3八1二3四5六7八"),
    ("(138)1234-5678", "138)1234-5678"),
])
def test_mobile_numbers_in_every_form(text, shown):
    assert contacts(text) == [(shown, "13812345678", PHONE)]


@pytest.mark.parametrize("text, shown, number", [
    ("+86 138 1234 5678", "86 138 1234 5678", "13812345678"),
    ("400-123-4567", "400-123-4567", "4001234567"),
    ("客服800 123 4567", "800 123 4567", "8001234567"),
    ("0755-12345678", "0755-12345678", "075512345678"),
    ("010 1234 5678", "010 1234 5678", "01012345678"),
])
def test_other_phone_numbers(text, shown, number):
    assert contacts(text) == [(shown, number, PHONE)]


# ---------------------------------------------------------------- account ids

@pytest.mark.parametrize("text, shown, kind", [
    ("微信号abc_123", "abc_123", WECHAT),
    ("vx: mm2024abc", "mm2024abc", WECHAT),
    ("V：love_shop88", "love_shop88", WECHAT),
    ("wx号 Shop-2024", "Shop-2024", WECHAT),
    ("绿泡泡 mm888888", "mm888888", WECHAT),
    ("vx 12345678", "12345678", WECHAT),
    ("QQ 12345678", "12345678", QQ),
    ("扣扣：123456", "123456", QQ),
    ("企鹅号987654321", "987654321", QQ),
])
def test_account_ids(text, shown, kind):
    assert [(s, k) for s, _, k in contacts(text)] == [(shown, kind)]


def test_an_id_is_reported_beside_the_word_that_asks_for_it():
    assert terms("加微信 abc12345") == [("加微信", "加微信"), ("abc12345", "abc12345")]


# ---------------------------------------------------------------- diversion spellings

@pytest.mark.parametrize("text, term", [
    ("加V了解", "加V"), ("V信聊", "V信"), ("加我薇信", "加我微信"), ("有事找威信", "威信"),
    ("vx聊", "VX"), ("wx发你", "WX"), ("扣V的宝宝", "扣V"), ("加薇", "加薇"), ("绿泡泡聊", "绿泡泡"),
    ("私我要号", "私我…要号"), ("私信我，发你号码", "私信我…你号"), ("滴滴我拿号", "滴滴我…拿号"),
])
def test_diversion_spellings_and_requests(text, term):
    [hit] = matcher_for("generic").find(text)
    assert hit.term.term == term and hit.term.category == "diversion", hit
    assert finding_code(hit.term)[0] == "LS706"


# ---------------------------------------------------------------- near-misses

@pytest.mark.parametrize("text", [
    "原价¥1,299.00，今天到手899", "晚上8点开播，20:00-22:00", "3号链接", "1号2号3号链接都有",
    "已经卖出12345单", "累计10万+单", "2025-11-11", "2025年11月11日", "11.11", "库存80件",
    "满199减30", "前100名下单", "订单号 2025111112345678", "快递单号 SF1234567890123",
    "身高160-170体重100-120斤", "尺码S/M/L/XL", "型号ABC-12345", "12.5%", "1.5kg", "第1号链接",
    "0.99元秒杀", "3-5天发货", "1.3812345678", "12345678901234", "私我查单号", "有问题私我，3号链接",
    "私我问几号发货", "V领毛衣", "VIP8888", "支持微信支付", "扣1的宝宝", "qq糖", "三二一上链接",
    "一二三四五六七八九十", "vx", "v 5 折",
])
def test_numbers_of_an_ordinary_show_stay_clean(text):
    for platform in ("generic", "douyin"):
        found = matcher_for(platform).find(text)
        assert [h for h in found if h.heard == "contact" or h.term.category == "diversion"
                and h.term.term != "VX"] == [], (platform, text, found)


# ---------------------------------------------------------------- in a playbook

def test_contact_findings_in_a_playbook():
    text = MINIMAL.replace('  hello: "欢迎来到{room}！"\n', """\
  hello: |
    欢迎来到{room}！
    有问题打 138 1234 5678，
    或者加 vx：shop_2024。
""")
    found = [d for d in diagnose(text) if d.code.startswith("LS7")]
    lines = dedent(text).split("\n")
    assert [(d.code, lines[d.line - 1][d.column - 1:]) for d in found] == [
        ("LS713", "138 1234 5678，"), ("LS706", "加 vx：shop_2024。"), ("LS713", "shop_2024。")]
    assert "contact details “138 1234 5678” (phone number)" in found[0].message
    assert "站外引流" in found[0].message and "平台规则" in found[0].message
    assert "13812345678" in found[0].hint


def test_a_service_line_can_be_accepted():
    text = MINIMAL.replace("欢迎来到{room}！", "售后电话400-123-4567") + dedent("""
        compliance:
          allow:
            - {term: "4001234567", reason: 包装上印的官方售后电话，标签法规要求}
        """)
    assert [d for d in diagnose(text) if d.code.startswith("LS7")] == []


def test_the_code_and_the_rules():
    assert CONTACT[0] in CODES and CODES[CONTACT[0]][0] == "error"
    rules = contact_rules()
    assert rules.category == "diversion" and rules.severity == "error"
    assert {"vx", "微信号"} <= set(rules.wechat) and "qq" in rules.qq
