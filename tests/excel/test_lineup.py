"""Lineup files (排品表): CSV and XLSX, Chinese and English headers, prices, encodings, bad input."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from livesop.errors import LivesopError, UsageError
from livesop.excel.lineup import parse_count, parse_price, read_lineup
from tests.helpers import REPO

CHINESE = "链接号,商品名,日常价,价格依据,直播价,库存,机制\n1,不粘炒锅,¥299,店铺日常售价,¥199,300,赠锅铲\n2,保温杯,129元,店铺日常售价,79元,500,\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def xlsx(tmp_path, rows, name="lineup.xlsx", title="排品", first_sheet=None):
    book = Workbook()
    if first_sheet:
        book.active.title = first_sheet
        ws = book.create_sheet(title)
    else:
        ws = book.active
        ws.title = title
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    book.save(path)
    return path


@pytest.mark.parametrize("text, expected", [
    ("¥199", 199), ("199元", 199), ("￥1,299.00", 1299), ("9.9", 9.9), (" ¥ 19.90 ", 19.9), ("RMB 88", 88),
    (199, 199), (9.9, 9.9), ("abc", None), ("-5", None), ("", None), ("199元起", None),
])
def test_prices(text, expected):
    assert parse_price(text) == expected


@pytest.mark.parametrize("text, expected", [("3", 3), ("3号", 3), ("#3", 3), ("300件", 300), (4.0, 4), ("x", None)])
def test_counts(text, expected):
    assert parse_count(text) == expected


def test_shipped_lineup_reads_with_chinese_headers_and_price_forms():
    lineup = read_lineup(REPO / "playbooks" / "examples" / "lineup.csv")
    assert [p.id for p in lineup.products] == ["pan", "cup", "cloth", "bag"]
    first, second, _, last = (p.values for p in lineup.products)
    assert first["list_price"] == 299 and first["live_price"] == 189 and first["stock"] == 200
    assert second["live_price"] == 69 and last["list_price"] == 19.9 and last["live_price"] == 9.9
    assert last["mechanism"] == "一件发5卷，共150只"
    assert lineup.columns == ("id", "name", "link", "list_price", "price_basis", "live_price", "stock", "mechanism")
    assert lineup.notes == []


def test_csv_chinese_headers_without_id_derive_ids_from_links(tmp_path):
    lineup = read_lineup(write(tmp_path, "lineup.csv", CHINESE))
    assert [p.id for p in lineup.products] == ["p1", "p2"]
    assert not any(p.id_given for p in lineup.products)
    assert lineup.products[0].values == {"id": "p1", "name": "不粘炒锅", "link": 1, "list_price": 299,
                                         "price_basis": "店铺日常售价", "live_price": 199, "stock": 300,
                                         "mechanism": "赠锅铲"}
    assert "mechanism" not in lineup.products[1].values  # a blank cell is no value


def test_csv_english_headers_and_tabs(tmp_path):
    text = "id\tlink\tname\tlive_price\tstock\npan\t1\tWok\t199\t30\nmug\t2\tMug\t79\t50\n"
    lineup = read_lineup(write(tmp_path, "lineup.tsv", text))
    assert [(p.id, p.values["name"], p.values["live_price"]) for p in lineup.products] == [("pan", "Wok", 199),
                                                                                             ("mug", "Mug", 79)]
    assert all(p.id_given for p in lineup.products)
    assert "list_price" not in lineup.columns


def test_csv_with_bom(tmp_path):
    path = tmp_path / "lineup.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CHINESE.encode("utf-8"))
    lineup = read_lineup(path)
    assert lineup.products[0].values["link"] == 1  # the BOM is not part of the first header
    assert lineup.notes == []


def test_gbk_csv_is_read_with_a_note(tmp_path):
    lineup = read_lineup(write(tmp_path, "lineup.csv", CHINESE.replace("¥", "￥"), "gbk"))  # as Excel saves it
    assert lineup.products[0].values["name"] == "不粘炒锅"
    assert lineup.products[0].values["live_price"] == 199
    assert any("GBK" in note for note in lineup.notes)


def test_xlsx_lineup_with_title_row_numbers_and_preferred_sheet(tmp_path):
    path = xlsx(tmp_path, [
        ["11月25日排品"],
        [],
        ["编号", "链接号", "商品名", "日常价", "价格依据", "直播价", "库存"],
        ["pan", 1, "不粘炒锅", 299, "店铺日常售价", 199.0, 300],
        [None, None, None, None],
        ["cup", "2号", "保温杯", "¥129", "店铺日常售价", "¥79", "500件"],
    ], first_sheet="说明")
    lineup = read_lineup(path)
    assert [(p.id, p.values["link"], p.values["live_price"], p.values["stock"]) for p in lineup.products] == [
        ("pan", 1, 199, 300), ("cup", 2, 79, 500)]
    assert lineup.products[1].where == f"{path}:排品!6"


def test_no_link_column_numbers_in_row_order(tmp_path):
    lineup = read_lineup(write(tmp_path, "l.csv", "商品名,直播价\n炒锅,199\n杯子,79\n"))
    assert [p.values["link"] for p in lineup.products] == [1, 2]
    assert any("链接号" in note for note in lineup.notes)


@pytest.mark.parametrize("text, message", [
    ("链接号,商品名,直播价\n1,炒锅,199\n2,杯子,abc\n", 'l.csv:3:6: 直播价 "abc" is not a price'),
    ("链接号,商品名,直播价\n1,炒锅,199\n1,杯子,79\n", "l.csv:3:1: 链接号 1 is used twice (first at l.csv:2:1)"),
    ("链接号,商品名,直播价\n1,炒锅,199\nx,杯子,79\n", 'l.csv:3:1: 链接号 "x" is not a whole number'),
    ("链接号,商品名,直播价\n1,,199\n", "l.csv:2:3: 商品名 is empty"),
    ("编号,链接号,商品名,直播价\nmy pan,1,炒锅,199\n", 'l.csv:2:1: 编号 "my pan" is not a valid id'),
    ("编号,链接号,商品名,直播价\na,1,炒锅,199\na,2,杯子,79\n", "l.csv:3:1: 编号 a is used twice"),
    ("日期,2026-11-25\n\n炒锅,199\n", "l.csv: no header row found"),
    ("链接号,商品名,库存\n1,炒锅,3\n", "l.csv:1: the header row has no 直播价 column"),
    ("链接号,商品名,直播价\n", "l.csv:1: no products below the header row"),
])
def test_bad_content_names_the_place(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "l.csv", text)
    with pytest.raises(LivesopError) as info:
        read_lineup("l.csv")
    assert message in info.value.message
    assert info.value.exit_code == 1
    assert info.value.hint


def test_every_problem_is_listed_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "l.csv", "链接号,商品名,直播价\n1,炒锅,abc\n2,杯子,免费\n")
    with pytest.raises(LivesopError) as info:
        read_lineup("l.csv")
    assert info.value.message.splitlines() == ['l.csv:2:6: 直播价 "abc" is not a price',
                                               'l.csv:3:6: 直播价 "免费" is not a price']


def test_xlsx_errors_name_sheet_column_and_row(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    xlsx(tmp_path, [["链接号", "商品名", "直播价"], [1, "炒锅", "待定"]], name="l.xlsx")
    with pytest.raises(LivesopError) as info:
        read_lineup("l.xlsx")
    assert info.value.message == 'l.xlsx:排品!C2: 直播价 "待定" is not a price'


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as info:
        read_lineup(tmp_path / "nope.csv")
    assert info.value.exit_code == 2


@pytest.mark.parametrize("content, words", [
    (b"this is not a workbook", "not an .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "password-protected"),
    (b"PK\x03\x04 truncated", "damaged"),
])
def test_files_that_are_not_workbooks(tmp_path, content, words):
    path = tmp_path / "lineup.xlsx"
    path.write_bytes(content)
    with pytest.raises(LivesopError) as info:
        read_lineup(path)
    assert words in info.value.message and str(path) in info.value.message
    assert info.value.exit_code == 1


def test_zip_without_a_workbook(tmp_path):
    path = tmp_path / "lineup.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(LivesopError) as info:
        read_lineup(path)
    assert "damaged" in info.value.message


def test_a_lineup_that_is_no_workbook_is_told_csv_works_too(tmp_path):
    path = tmp_path / "lineup.xlsx"
    path.write_bytes(b"name,price\nwok,199\n")
    with pytest.raises(LivesopError) as caught:
        read_lineup(path)
    assert "not an .xlsx workbook" in caught.value.message and ".csv" in caught.value.hint


def test_type_column_and_the_place_of_every_cell(tmp_path):
    text = '类型,链接号,商品名,直播价,机制\n主推款,1,"精华液, 30ml",199,赠小样\n\n秒杀款,2,"面膜\n10片",39.9, 限购\n'
    lineup = read_lineup(write(tmp_path, "l.csv", text))
    first, second = lineup.products
    assert lineup.columns == ("slot", "name", "link", "live_price", "mechanism")
    assert (first.values["slot"], second.values["slot"]) == ("主推款", "秒杀款")
    assert (first.cells["name"].line, first.cells["name"].column) == (2, 7)  # the quoted cell's opening quote
    assert (first.cells["live_price"].line, first.cells["live_price"].column) == (2, 19)  # after the comma in quotes
    assert first.row.ref == f"{tmp_path / 'l.csv'}:2:1"
    assert (second.cells["link"].line, second.cells["link"].column) == (4, 5)  # a blank line before it counts
    assert (second.cells["live_price"].line, second.cells["live_price"].column) == (5, 6)  # after a quoted line break
    assert (second.cells["mechanism"].line, second.cells["mechanism"].column) == (5, 12)  # past the leading space
    path = xlsx(tmp_path, [["款型", "链接号", "商品名", "直播价"], ["利润款", 3, "面霜", 169]])
    cell = read_lineup(path).products[0].cells["live_price"]
    assert (cell.line, cell.column, cell.ref) == (2, 4, f"{path}:排品!D2")
