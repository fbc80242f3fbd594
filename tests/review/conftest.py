"""Fixtures the review tests share: the small show of ``kit.SHOW`` written to a file."""

from __future__ import annotations

import pytest

from tests.review.kit import SHOW


@pytest.fixture
def show(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SHOW, encoding="utf-8")
    return path
