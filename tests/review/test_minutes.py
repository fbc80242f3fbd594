"""Reading the platform's minute export: header variants, title rows, units, XLSX, GBK, and the
messages for columns it does not know and cells it cannot read."""

from __future__ import annotations

import datetime as dt

import pytest

from livesop.review import minutes
from livesop.review.platforms import PLATFORMS, get
from livesop.review.sources import ParseError
from tests.review.kit import minutes_csv

DOUYIN = get("douyin")


def load(path):
    return minutes.load(path, DOUYIN)


@pytest.mark.parametrize("header", [
    ("时间", "在线人数", "进入直播间人数", "离开直播间人数", "成交金额", "成交订单数", "成交人数", "商品曝光人数", "商品点击人数",
     "新增粉丝数", "评论次数", "点赞次数"),
    ("time", "online_user_cnt", "watch_ucnt", "leave_ucnt", "pay_amt", "pay_cnt", "pay_ucnt", "product_show_ucnt",
     "product_click_ucnt", "incr_fans_cnt", "comment_cnt", "like_cnt"),
    ("时间点", "实时在线人数", "进房人数", "离开人数", "成交金额(元)", "订单数", "支付人数", "曝光人数", "点击人数", "涨粉数",
     "评论数", "点赞数"),
    ("  时间 ", "在线人数 ", "进入直播间人数（人）", "离开直播间人数", "成交金额（元）", "成交订单数*", "成交人数", "商品曝光人数",
     "商品点击人数", "新增粉丝数", "评论次数", "Like_Cnt"),
])
def test_headers_are_read_in_chinese_in_their_variants_and_as_the_api_keys(tmp_path, header):
    path = minutes_csv(tmp_path / "m.csv", [["20:00", 100, 10, 5, "1,299.00", 3, 3, 50, 8, 1, 4, "1.2万"]], header)
    data = load(path)
    assert set(data.columns) == {"online", "entries", "exits", "gmv", "orders", "buyers", "exposure", "clicks",
                                 "fans", "comments", "likes"}
    assert data.rows[0].values == {"online": 100, "entries": 10, "exits": 5, "gmv": 1299, "orders": 3, "buyers": 3,
                                   "exposure": 50, "clicks": 8, "fans": 1, "comments": 4, "likes": 12000}
    assert data.notes == []


def test_title_rows_above_the_header_are_skipped_and_a_total_row_below_it(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["2025-11-25 20:00", 100, "-"], ["2025-11-25 20:01", "1.1万", "12.5%"],
                                            ["合计", "", ""]],
                       ("日期时间", "在线人数", "商品点击率"), title="小满好物 分钟级数据")
    data = load(path)
    assert [row.values for row in data.rows] == [{"online": 100, "click_rate": None},
                                                 {"online": 11000, "click_rate": 0.125}]
    assert data.rows[0].where == f"{path}:4"


def test_a_unit_in_the_header_scales_the_column(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["20:00", "129900", "1.5", "12.5"]],
                       ("时间", "成交金额(分)", "在线人数(万)", "商品点击率"))
    assert load(path).rows[0].values == {"gmv": 1299, "online": 15000, "click_rate": 0.125}


def test_a_column_it_does_not_know_is_named_in_a_note(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["20:00", 100, 7]], ("时间", "在线人数", "千川消耗"))
    assert load(path).notes == [f"{path}: column(s) not used: 千川消耗"]


def test_no_time_column_is_one_message_listing_the_columns_found_and_those_understood(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["x", 100, 7]], ("分钟数", "在线人数", "成交金额"))
    with pytest.raises(ParseError) as caught:
        load(path)
    message = caught.value.message
    assert "no time column" in message
    assert "Columns found: 分钟数, 在线人数, 成交金额" in message
    for understood in ("时间/time", "在线人数/online_user_cnt", "进入直播间人数/watch_ucnt", "离开直播间人数/leave_ucnt",
                       "成交金额/gmv", "成交订单数/pay_cnt", "成交人数/pay_ucnt", "新增粉丝数/incr_fans_cnt",
                       "评论次数/comment_cnt", "商品曝光人数", "商品点击人数", "点赞次数"):
        assert understood in message
    assert "--platform" in caught.value.hint


def test_no_metric_column_it_knows_is_said_as_such(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["20:00", 1]], ("时间", "观看时长"))
    with pytest.raises(ParseError, match="no metric column it knows. Columns found: 时间, 观看时长"):
        load(path)


def test_two_columns_for_one_metric_are_refused(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["20:00", 1, 2]], ("时间", "在线人数", "online_user_cnt"))
    with pytest.raises(ParseError, match="two columns mean 在线人数: 在线人数 and online_user_cnt"):
        load(path)


def test_every_unreadable_cell_is_named_with_its_place(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["20:00", "abc", 1], ["20:61", 5, 1], ["20:02", 5, "1.2.3"]],
                       ("时间", "在线人数", "成交订单数"))
    with pytest.raises(ParseError) as caught:
        load(path)
    assert caught.value.message.splitlines() == [
        f"{path}:2: 在线人数 'abc' is not a number",
        f"{path}:3: 时间 '20:61' is not a time (write 20:15, 2025-11-25 20:15 or 2025/11/25 20:15:00)",
        f"{path}:4: 成交订单数 '1.2.3' is not a number"]


def test_a_date_column_beside_a_clock_column_dates_the_rows(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["2025/11/25", "20:00", 1]], ("日期", "时间", "在线人数"))
    row = load(path).rows[0]
    assert (row.at.date, row.at.clock_ms) == (dt.date(2025, 11, 25), 72_000_000)


def test_a_gbk_csv_is_read_with_a_note(tmp_path):
    path = minutes_csv(tmp_path / "m.csv", [["20:00", 100]], ("时间", "在线人数"), encoding="gbk")
    data = load(path)
    assert data.rows[0].values == {"online": 100}
    assert "read as GBK" in data.notes[0]


def test_an_xlsx_export_is_read_with_its_date_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "分钟数据"
    sheet.append(["直播间分钟级数据"])
    sheet.append(["时间", "在线人数", "成交金额（元）"])
    sheet.append([dt.datetime(2025, 11, 25, 20, 0), 100, 1299.5])
    sheet.append([dt.time(20, 1), "1.2万", "-"])
    book.save(tmp_path / "m.xlsx")
    data = load(tmp_path / "m.xlsx")
    assert [(row.at.day is not None, row.at.clock_ms, row.values) for row in data.rows] == [
        (False, 72_060_000, {"online": 12000, "gmv": None}),  # sorted: undated before dated
        (True, 72_000_000, {"online": 100, "gmv": 1299.5})]
    assert data.rows[1].where == f"{tmp_path / 'm.xlsx'}:分钟数据!3"


def test_a_file_of_another_kind_is_refused_with_the_kinds_it_reads(tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ParseError) as caught:
        load(path)
    assert ".csv" in caught.value.hint and ".xlsx" in caught.value.hint


def test_the_platform_registry_lists_the_known_platforms_for_an_unknown_one():
    from livesop.errors import UsageError

    with pytest.raises(UsageError) as caught:
        get("weibo")
    assert "weibo" in caught.value.message and ", ".join(PLATFORMS) in caught.value.hint
