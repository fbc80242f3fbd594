"""The scripts library finds its ``##`` variants without markdown-it-py when a body is only
paragraphs and ``## title`` lines, and finds exactly what markdown-it-py finds."""

from __future__ import annotations

import sys

from hypothesis import given, settings, strategies as st

from livesop.format.library import load_library, markdown_headings, plain_headings
from tests.helpers import REPO

LINES = st.lists(st.one_of(
    st.sampled_from(["", " ", "\t", "## A", "## 温和版 ", "##B", "## A #", "## a  b", "##", "# 一", "### 三", "---",
                     "===", "- 项", "* 项", "1. 项", "> 引", "```", "    code", "<div>", "[a]: /b", "{product.name}号",
                     "文字", "text", "## \u00a0x", "\\## x", "## x\x00", "\u3000", "## C#"]),
    st.text(alphabet="## -=*>`~<[a文{}\t\u00a0", max_size=8)), max_size=12)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_the_plain_reading_finds_what_markdown_it_finds_or_leaves_the_body_to_it(lines):
    found = plain_headings(lines)
    if found is not None:
        assert found == markdown_headings("\n".join(lines))


def test_the_bundled_library_is_read_without_markdown_it():
    sys.modules.pop("markdown_it", None)
    library = load_library(REPO / "scripts_library", REPO)
    assert library.entries and not library.diagnostics
    for path in sorted((REPO / "scripts_library").glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        assert plain_headings(lines[close + 1:]) == markdown_headings("\n".join(lines[close + 1:]))
