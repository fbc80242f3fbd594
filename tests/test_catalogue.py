"""The message catalogue is whole: every marked text translated, fields kept, the .mo compiled from the .po."""

from __future__ import annotations

import sys

import pytest

from tests.helpers import REPO

pytest.importorskip("babel")
sys.path.insert(0, str(REPO / "tools"))
import catalogue  # noqa: E402


def test_every_marked_text_is_translated_and_compiled():
    found = catalogue.problems()
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} problems; see docs/translating.md)"


def test_a_translation_that_names_a_field_the_text_lacks_is_caught():
    assert catalogue.fields("{count} 条 {name!r}") == {"count", "name"}
    assert catalogue.fields(("{a} one", "{b} many")) == {"a", "b"}
    assert catalogue.fields("{{literal}}") == set()


def test_an_untranslated_entry_fails_the_check(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog

    po = tmp_path / "livesop.po"
    template = Catalog(locale="zh_CN")
    template.add("Checked {count} files", "")
    po.write_bytes(catalogue.po_bytes(template))
    monkeypatch.setattr(catalogue, "PO_PATH", po)
    monkeypatch.setattr(catalogue, "MO_PATH", po.with_suffix(".mo"))
    extracted = Catalog()
    extracted.add("Checked {count} files", None, [("livesop/x.py", 1)])
    monkeypatch.setattr(catalogue, "extract", lambda: extracted)
    found = catalogue.problems()
    assert any(line.startswith("untranslated: 'Checked {count} files'") for line in found)
    assert any("not compiled" in line for line in found)
