"""A shop to plan in: a git repository with the bundled templates, scripts library and schema."""

from __future__ import annotations

import shutil

import git
import pytest

from tests.helpers import REPO


@pytest.fixture
def project(tmp_path):
    """A git repository holding the bundled templates (daily, mega-sale) and the scripts library, one commit."""
    root = tmp_path / "shop"
    (root / "playbooks").mkdir(parents=True)
    for name in ("daily.yaml", "mega-sale.yaml"):
        shutil.copy(REPO / "playbooks" / name, root / "playbooks" / name)
    shutil.copytree(REPO / "scripts_library", root / "scripts_library")
    shutil.copytree(REPO / "schema", root / "schema")
    repo = git.Repo.init(root)
    repo.index.add(["playbooks/daily.yaml", "playbooks/mega-sale.yaml"])
    actor = git.Actor("运营", "ops@example.com")
    commit = repo.index.commit("日播模板", author=actor, committer=actor)
    return root, commit.hexsha
