"""Fixtures shared by every test: the repository root, the module's SHOW as a file, and ``invoke``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory, monkeypatch):
    """Every test keeps livesop's cache (validate's results, crash logs) in a folder of its own,
    never in the user's ~/.cache."""
    monkeypatch.setenv("LIVESOP_CACHE_DIR", str(tmp_path_factory.mktemp("livesop-cache")))


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Every test speaks English unless it asks for Chinese (``LIVESOP_LANG`` or ``--lang zh``),
    whatever the machine's locale, and leaves the language as it found it."""
    from livesop import i18n

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIVESOP_LANG", "en")
        i18n.use("en")
        yield
    i18n.use("en")
    _commands_in_english()


def _commands_in_english() -> None:
    """Commands already imported keep the help texts of the last language they were fetched in;
    put them back in English for the next test."""
    import sys

    from livesop.cli.localize import localize
    from livesop.cli.main import COMMANDS, cli

    localize(cli)
    for module_name, _help in COMMANDS.values():
        module = sys.modules.get(module_name)
        if module is not None and hasattr(module, "command"):
            localize(module.command)


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def playbook_file(request, tmp_path) -> Path:
    """The test module's ``SHOW`` playbook text, written to ``tmp_path/show.yaml``."""
    path = tmp_path / "show.yaml"
    path.write_text(request.module.SHOW, encoding="utf-8")
    return path


@pytest.fixture
def invoke():
    """Run ``livesop ARGS`` in process; no traceback may reach the user, the output shows on failure."""
    from click.testing import CliRunner

    from livesop.cli.main import cli

    def run(*args, input=None, env=None):
        result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env)
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        print(result.output)
        return result

    return run
