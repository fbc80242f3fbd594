"""Hostile spreadsheets: each is built here, refused fast and small, with the file named and nothing written.

A merged range over the whole sheet, a zip bomb, a sheet of a million rows, a CSV lineup of a
million rows, and the smaller tricks that make openpyxl build cells by the billion (hyperlink
ranges, comments far out, a DTD, elements by the hundred thousand).
"""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from livesop.cli.main import cli
from livesop.errors import LivesopError
from livesop.excel import limits
from livesop.excel.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, check_archive, check_sheets
from tests.helpers import REPO

SHEET = "xl/worksheets/sheet1.xml"
SECONDS, PEAK_MB = 2.0, 200


def base_workbook() -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "直播脚本"
    for row in (["环节", "时长", "主播话术"], ["开场", "5分钟", "大家好"]):
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def hostile(path, sheet=lambda xml: xml, extra=(), level=6):
    """The base workbook with its sheet's XML changed by ``sheet`` and ``extra`` (name, bytes or a
    list of chunks) parts added, written streaming so that even a 4 GiB part never sits in memory."""
    source = zipfile.ZipFile(io.BytesIO(base_workbook()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            data = source.read(info)
            archive.writestr(info.filename, sheet(data) if info.filename == SHEET else data)
        for name, content in extra:
            with archive.open(name, "w", force_zip64=True) as handle:
                for chunk in ([content] if isinstance(content, bytes) else content):
                    handle.write(chunk)
    return path


def after_data(xml_text: bytes):
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + xml_text)


def in_data(rows: bytes):
    return lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")


def refused(*args) -> str:
    """Run livesop under tracemalloc; the output of a refusal (exit 1) that came fast and small."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = CliRunner().invoke(cli, [str(a) for a in args])
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "hint:" in result.output
    assert seconds < SECONDS and peak < PEAK_MB, (seconds, peak)
    return result.output


def import_refused(source, tmp_path) -> str:
    out = tmp_path / "out.yaml"
    output = refused("import", source, "-o", out)
    assert str(source) in output
    assert not out.exists()
    return output


def lineup_refused(source, tmp_path) -> str:
    out = tmp_path / "sessions" / "s.yaml"
    output = refused("new", REPO / "playbooks" / "daily.yaml", "--date", "2026-11-25", "--products", source, "-o", out)
    assert str(source) in output
    assert not out.exists()
    return output


# ------------------------------------------------------------------------------- the four of the issue

def test_a_small_workbook_with_the_whole_sheet_merged(tmp_path):
    source = hostile(tmp_path / "merged.xlsx", after_data(b'<mergeCells count="1"><mergeCell ref="A5:XFD1048576"/>'
                                                           b"</mergeCells>"))
    assert source.stat().st_size < 6000
    for output in (import_refused(source, tmp_path), lineup_refused(source, tmp_path)):
        assert "sheet 直播脚本: merged range A5:XFD1048576 goes beyond row 10,000 and column GR" in output


def test_a_zip_bomb(tmp_path):
    zeros = bytes(2 ** 20)
    source = hostile(tmp_path / "bomb.xlsx", extra=[("xl/media/image1.png", (zeros for _ in range(80)))], level=1)
    assert source.stat().st_size < 2 ** 20
    for output in (import_refused(source, tmp_path), lineup_refused(source, tmp_path)):
        assert "the workbook unpacks to 80 MiB from 0.4 MiB (a zip bomb?); livesop reads at most 64 MiB" in output


@pytest.mark.parametrize("rows, message", [
    (b"<row><c><v>1</v></c></row>" * 1_000_000, "sheet 直播脚本: more than 10,000 rows"),
    (b'<row r="1000000"><c r="A1000000"><v>1</v></c></row>', "sheet 直播脚本: row 1,000,000 goes beyond row 10,000"),
    (b'<row r="3"><c r="A1000000"><v>1</v></c></row>', "sheet 直播脚本: cell A1000000 goes beyond row 10,000"),
], ids=["a-million-rows", "one-row-far-down", "a-cell-far-down"])
def test_a_sheet_of_a_million_rows(tmp_path, rows, message):
    source = hostile(tmp_path / "rows.xlsx", in_data(rows))
    for output in (import_refused(source, tmp_path), lineup_refused(source, tmp_path)):
        assert message in output


def test_a_csv_lineup_of_a_million_rows(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("链接号,商品名,直播价\n" + "".join(f"{i},商品{i},199\n" for i in range(1, 1_000_001)), encoding="utf-8")
    assert "big.csv: larger than 5 MiB; livesop reads lineups of at most 5 MiB" in lineup_refused(big, tmp_path)
    blank = tmp_path / "blank.csv"
    blank.write_text("链接号,商品名,直播价\n1,炒锅,199\n" + "\n" * 1_000_000, encoding="utf-8")
    assert "blank.csv:10001: more than 10,000 rows" in lineup_refused(blank, tmp_path)


def test_a_csv_lineup_row_of_too_many_columns(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("链接号,商品名,直播价\n1,炒锅,199" + "," * 1_000_000 + "\n", encoding="utf-8")
    assert "wide.csv:2: 1,000,003 columns; livesop reads lineups of at most 10,000 rows and 200 columns" \
        in lineup_refused(wide, tmp_path)


# ------------------------------------------------------------------------------- the other tricks

COMMENTS = (b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>a'
            b'</author></authors><commentList><comment ref="XFD1048576" authorId="0"><text><t>x</t></text></comment>'
            b"</commentList></comments>")


@pytest.mark.parametrize("sheet, extra, message", [
    (after_data(b'<hyperlinks><hyperlink ref="A1:Z99999" display="x"/></hyperlinks>'), (),
     "hyperlink range A1:Z99999 goes beyond row 10,000"),
    (after_data(b'<hyperlinks><hyperlink ref="A:A" display="x"/></hyperlinks>'), (),
     "hyperlink range A:A goes beyond row 10,000"),
    (after_data(b'<mergeCells count="1"><mergeCell ref="A1:CV2000"/></mergeCells>'), (),
     "the table reaches CV2000, 200,000 cells; livesop reads sheets of at most 100,000 cells"),
    (after_data(b"<mergeCells>" + b'<mergeCell ref="A3:B3"/>' * 10_001 + b"</mergeCells>"), (),
     "more than 10,000 merged ranges, hyperlinks and comments"),
    (in_data(b'<row r="3"><c r="GR3"><v>1</v></c></row><row r="9000"><c r="A9000"><v>1</v></c></row>'), (),
     "sheet 直播脚本: the table reaches GR9000, 1,800,000 cells"),
    (in_data(b'<row r="3"><c r="GS3"><v>1</v></c></row>'), (), "cell GS3 goes beyond column GR"),
    (lambda xml: xml.replace(b"<sheetData>", b"<cols>" + b'<col min="1" max="1" width="9"/>' * 60_000 + b"</cols>"
                             b"<sheetData>"), (), "more than 50,000 XML elements of formatting, drawings"),
    (in_data(b'<row r="3"><c r="A3">' + b"<v>1</v>" * 500_000 + b"</c></row>"), (),
     "more than 400,000 XML elements in the workbook"),
    (lambda xml: xml.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1), (),
     "sheet 直播脚本: declares a DTD (<!DOCTYPE>)"),
    (lambda xml: xml, [("xl/comments1.xml", COMMENTS)], "xl/comments1.xml: comment cell XFD1048576 goes beyond"),
    (lambda xml: xml, [(f"xl/media/p{i}.bin", b"") for i in range(1001)],
     "the workbook holds 1,010 files; livesop reads at most 1,000"),
], ids=["hyperlink-range", "hyperlink-column", "merged-area", "merges", "used-range", "column", "formatting",
        "elements", "dtd", "comment", "files"])
def test_other_tricks_are_refused_before_openpyxl_builds_cells(tmp_path, sheet, extra, message):
    source = hostile(tmp_path / "trick.xlsx", sheet, extra)
    assert message in import_refused(source, tmp_path)


def test_a_sheet_at_the_bounds_passes_the_check(tmp_path):
    columns = MAX_CELLS // MAX_ROWS
    row = b"".join(b"<c><v>1</v></c>" for _ in range(columns))
    source = hostile(tmp_path / "full.xlsx", in_data(b"<row>" + row + b"</row>"
                                                     + b"<row><c><v>1</v></c></row>" * (MAX_ROWS - 3)))
    check_archive(source)  # 10,000 rows, 10 columns: exactly MAX_CELLS used
    source = hostile(tmp_path / "over.xlsx", in_data(b"<row><c><v>1</v></c></row>" * (MAX_ROWS - 1)))
    with pytest.raises(LivesopError, match="more than 10,000 rows"):
        check_archive(source)


def test_a_dimension_that_claims_the_whole_grid_is_not_believed(tmp_path):
    # openpyxl places cells by their own references and ignores <dimension>; some writers get it wrong
    whole_grid = b'<dimension ref="A1:XFD1048576"'
    source = hostile(tmp_path / "dim.xlsx", lambda xml: re.sub(rb'<dimension ref="[^"]*"', whole_grid, xml))
    assert b"XFD1048576" in zipfile.ZipFile(source).read(SHEET)
    result = CliRunner().invoke(cli, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output


def test_a_loaded_sheet_beyond_the_bounds_is_refused(tmp_path):
    class Sheet:
        title, max_row, max_column = "商品", 3, MAX_COLUMNS + 1

    class Book:
        worksheets = [Sheet()]

    with pytest.raises(LivesopError) as caught:
        check_sheets(Book(), tmp_path / "l.xlsx")
    assert caught.value.message.endswith(f"l.xlsx: sheet 商品: cell GS3 goes beyond column GR; livesop reads sheets "
                                         f"of at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns")
    assert caught.value.exit_code == 1


def test_column_names_and_range_bounds():
    assert [limits.column_name(n) for n in (1, 26, 27, 200, 16384)] == ["A", "Z", "AA", "GR", "XFD"]
    assert limits._bounds("A5:XFD1048576") == (5, 1, 1_048_576, 16_384)
    assert limits._bounds("$B$2") == (2, 2, 2, 2)
    assert limits._bounds("C:A") == (1, 1, 1_048_576, 3)
    assert limits._bounds("3:9") == (3, 1, 9, 16_384)
    assert limits._bounds("A1:B2:C3") is None and limits._bounds("A-1") is None
