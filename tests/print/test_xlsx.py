"""``show --format xlsx``: every cell written from playbook text is a text, never a formula or an error."""

from __future__ import annotations

import re
import zipfile

from click.testing import CliRunner
from openpyxl import load_workbook

from livesop.checks.validate import validate_paths
from livesop.cli.main import cli

# Texts Excel or WPS would run as formulas (=, +, -, @) or show as errors (#N/A), in every place
# a playbook's text reaches a cell: title, role names (headers), segment titles, products, cues, notes.
FORMULAS = """\
livesop: 1
id: formulas
title: '=HYPERLINK("http://evil.example","点我")'
version: 1.0.0
schedule: {start: "19:30", length: 30m}
variables: {room: "=1+1", code: "@SUM(A1)"}
roles:
  host: {name: 主播}
  helper: {name: "+助播", description: "=cmd|' /C calc'!A0"}
products:
  - {id: wok, name: "=炒锅()", link: 1, live_price: 199, stock: 30, mechanism: "-2+3"}
scripts:
  hello: "=HYPERLINK(\\"http://x\\")欢迎"
segments:
  - id: open
    title: "-开场"
    duration: 10m
    notes: "@备注"
    cues:
      - {at: 0s, role: host, say: hello}
      - {at: 1m, role: helper, do: "=发福袋"}
  - id: pitch
    title: "#N/A"
    duration: 20m
    product: wok
    cues:
      - {at: 0s, role: host, do: 讲炒锅}
"""
RISKY = ('=HYPERLINK("http://evil.example","点我")', "+助播", "-开场", "=炒锅()", "@备注", "#N/A")


def sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.startswith("xl/worksheets/")}


def assert_only_texts(path) -> None:
    """No formula (``<f>``) and no error cell (``t="e"``) anywhere; every text an inline string."""
    for name, xml in sheet_xml(path).items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert not re.search(r'<c [^>]*t="(e|str)"', xml), name


def test_show_xlsx_writes_formula_like_text_as_text(tmp_path):
    source = tmp_path / "formulas.yaml"
    source.write_text(FORMULAS, encoding="utf-8")
    assert validate_paths([str(source)]).errors == 0
    book = tmp_path / "show.xlsx"
    result = CliRunner().invoke(cli, ["show", str(source), "--format", "xlsx", "-o", str(book)])
    assert result.exit_code == 0, result.output
    assert_only_texts(book)
    ws = load_workbook(book)["直播脚本"]
    cells = {cell.value: cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in RISKY:
        assert cells[text].data_type == "s", text
    assert ws["A1"].value == RISKY[0] and ws["A1"].quotePrefix  # '= in Excel: stays text when edited
    assert not cells["环节"].quotePrefix
