"""Fixtures shared by every test: the repository root and the module's SHOW as a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def playbook_file(request, tmp_path) -> Path:
    """The test module's ``SHOW`` playbook text, written to ``tmp_path/show.yaml``."""
    path = tmp_path / "show.yaml"
    path.write_text(request.module.SHOW, encoding="utf-8")
    return path
