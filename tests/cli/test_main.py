"""The command group: one summary per command, shared by ``livesop --help`` and the command's own help."""

from __future__ import annotations

import importlib

import pytest

from livesop.cli.main import COMMANDS


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_group_lists_the_summary_the_command_opens_its_help_with(name):
    module, summary = COMMANDS[name]
    command = importlib.import_module(module).command
    assert command.help.strip().splitlines()[0] == summary
