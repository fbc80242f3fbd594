"""The figures in the words are checked against the product each text is said for."""

from __future__ import annotations

import pytest

from livesop.format.library import load_library
from tests.helpers import REPO, deadline, diagnose

HEAD = """\
livesop: 1
id: demo
title: 演示直播
version: 1.0.0
roles:
  host: {name: 主播}
products:
  - {id: serum, name: 精华液, link: 1, list_price: 259, price_basis: 官方旗舰店日常售价, live_price: 159, stock: 300}
  - {id: towel, name: 毛巾, link: 2, live_price: 89, stock: 50}
"""


def findings(body: str, library=None) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.column, d.message) for d in diagnose(HEAD + body, library=library)
            if d.code.startswith("LS6") and d.code != "LS605"]


def only_codes(body: str, library=None) -> list[str]:
    return [code for code, *_ in findings(body, library)]


def segment(product: str, cue: str) -> str:
    """A 10-minute segment selling ``product`` with one cue of the host (``say: …`` or ``do: …``)."""
    return f"""\
  - id: {product}
    title: 讲品
    duration: 10m
    product: {product}
    cues:
      - {{at: 0s, role: host, {cue}}}
"""


def test_a_wrong_price_in_a_script_is_reported_at_the_figure_with_the_products_price():
    found = findings("""\
scripts:
  pitch: "今天直播间只要189元"
segments:
  - id: pitch
    title: 讲品
    duration: 10m
    product: serum
    cues:
      - {at: 0s, role: host, say: pitch}
""")
    assert found == [("LS606", 11, 18, "「189」 is said for `serum`, whose live price is 159元")]


def test_a_sale_title_with_the_wrong_price_is_reported():
    assert only_codes("""\
segments:
  - {id: flash, title: "21点 9.9秒杀", duration: 5m, product: towel}
  - {id: pitch, title: 讲品, duration: 5m, product: serum}
""") == ["LS606"]


def test_a_price_where_no_product_is_on_must_be_some_products_price():
    body = """\
segments:
  - {id: pitch, title: 讲品, duration: 5m, product: serum}
  - {id: towel, title: 毛巾, duration: 5m, product: towel}
  - {id: flash, title: "21点 %s秒杀", duration: 5m}
"""
    assert only_codes(body % "9.9") == ["LS609"]
    assert only_codes(body % "89") == []


def test_a_script_in_a_for_each_block_is_checked_once_per_product():
    found = findings("""\
scripts:
  pitch: "{product.name}今天159元"
segments:
  - id: pitch
    title: 讲品
    duration: 10m
    for_each: products
    cues:
      - {at: 0s, role: host, say: pitch}
""")
    assert [(code, message) for code, _, _, message in found] == [
        ("LS606", "「159」 is said for `towel`, whose live price is 89元")]


def test_a_coupon_or_store_deal_may_lower_the_price():
    assert only_codes("""\
segments:
  - id: pitch
    title: 讲品
    duration: 10m
    product: serum
    cues:
      - {at: 0s, role: host, do: "领券后到手139元"}
      - {at: 1m, role: host, do: "满159减20，到手139元"}
""") == []


@pytest.mark.parametrize("words, expected", [
    ("日常价259元，今天{product.live_price}元", []),
    ("日常价299元", ["LS606"]),
    ("比日常便宜了100元", []),
    ("比日常便宜了120元", ["LS607"]),
    ("今天6.1折", []),
    ("今天六折", ["LS607"]),
    ("第二件半价", []),
    ("库存300件", []),
    ("库存200件", ["LS608"]),
])
def test_list_prices_savings_discounts_and_stock_follow_the_product(words, expected):
    assert only_codes("segments:\n" + segment("serum", f'do: "{words}"')) == expected


def test_a_comparison_for_a_product_without_a_list_price_needs_its_basis():
    found = findings("segments:\n" + segment("towel", 'do: "原价129元，今天{product.live_price}元"'))
    assert [(code, message) for code, _, _, message in found] == [
        ("LS602", "「129」 compares with a list price, but `towel` has no list_price and price_basis")]


def test_a_library_template_is_checked_with_the_product_of_each_cue_that_says_it(tmp_path):
    folder = tmp_path / "scripts_library"
    folder.mkdir()
    (folder / "cuidan.md").write_text("---\nid: cuidan\ncategory: 促单\n---\n只要89元，拍2号链接\n", encoding="utf-8")
    library = load_library(folder)
    found = findings("segments:\n" + segment("serum", 'say: "lib:cuidan"') + segment("towel", 'say: "lib:cuidan"'),
                     library=library)
    assert [(code, message) for code, _, _, message in found] == [
        ("LS606", "「89」 is said for `serum`, whose live price is 159元")]


def test_an_unknown_product_gets_no_price_finding_of_its_own():
    assert only_codes("""\
segments:
  - {id: pitch, title: 只要999元, duration: 5m, product: nosuch}
""") == []


def test_the_bundled_playbooks_and_library_say_their_prices_right():
    from livesop.checks.validate import validate_paths

    result = validate_paths([str(REPO / "playbooks")], select=("LS6",))
    assert result.diagnostics == []



def test_every_character_python_counts_as_a_digit_may_start_a_figure():
    from livesop.checks.prices import MAY_HOLD_FIGURES

    digits = [chr(c) for c in range(0x110000) if chr(c).isdigit()]
    assert all(MAY_HOLD_FIGURES.search(ch) for ch in digits + list("元块折价剩"))


def test_thousands_of_wrong_prices_in_one_script_are_each_placed_in_time():
    """Each finding's place inside the text is found once per text and figure, not by counting
    again from the start: 20,000 wrong prices in one 话术 took minutes. (A bound on hanging.)"""
    body = "scripts:\n  pitch: \"" + "只要189元。" * 20_000 + "\"\n" + segment("serum", "say: pitch").replace(
        "  - id: serum", "segments:\n  - id: serum", 1)
    with deadline(20):
        found = findings(body)
    assert len(found) == 20_000 and {code for code, *_ in found} == {"LS606"}
    columns = sorted(column for _, _, column, _ in found)
    assert columns[0] == 13 and columns[-1] == 13 + 7 * 19_999  # each 「189」 at its own place
