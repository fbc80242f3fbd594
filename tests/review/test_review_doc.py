"""docs/review.md lists exactly the headers the 抖音 reader understands, and README links it."""

from __future__ import annotations

from livesop.review.metrics import METRICS
from livesop.review.platforms import douyin
from tests.helpers import REPO

DOC = (REPO / "docs" / "review.md").read_text(encoding="utf-8")


def header_table() -> dict[str, list[str]]:
    start = DOC.index("| metric | headers read")
    rows = {}
    for line in DOC[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        name, headers = (cell.strip() for cell in line.strip("|").split("|"))
        rows[name] = [header.strip() for header in headers.split(",")]
    return rows


def test_the_doc_lists_every_header_the_reader_understands():
    expected = {"time": list(douyin.TIME), **{METRICS[key].label: list(names) for key, names in douyin.COLUMNS.items()}}
    assert header_table() == expected


def test_the_readme_links_the_doc_and_shows_the_report():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/review.md)" in readme and "docs/img/review-report.png" in readme
    assert (REPO / "docs" / "img" / "review-report.png").is_file()
