"""The import contract of docs/architecture.md: arrows run one way between the packages.

``cli`` → capabilities → ``checks`` → ``format`` → the base modules (errors, diagnostics, files).
Nothing imports ``cli``; the core never imports click; the cue engine and everything it imports
stay free of rich and click. Imports inside functions count as much as those at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "livesop"
BASE_MODULES = {"errors", "diagnostics", "files", "controls", "i18n", "regexes", "dataclass_code", "forked"}

# package: the packages its modules may import (its own and "base" are always allowed).
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "format": set(),
    "checks": {"format"},
    "print": {"checks", "format"},
    "excel": {"print", "checks", "format"},
    "plan": {"excel", "checks", "format"},
    "versions": {"checks", "format"},
    "scripts": {"checks", "format"},
    "runner": {"checks", "format"},
    "serve": {"runner", "checks", "format"},
    "review": {"runner", "checks", "format", "excel"},
    "cli": {"format", "checks", "print", "excel", "plan", "versions", "scripts", "runner", "serve", "review"},
}
PURE_ROOTS = ("livesop.runner.engine",)  # with all they import: no rich, no click
UI_LIBRARIES = ("rich", "click")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in BASE_MODULES:
        return "base"
    if parts[1] == "__main__":
        return "cli"
    return parts[1]


def imports_of(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module named by an import statement anywhere in ``source``, relative ones resolved."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


def livesop_modules() -> dict[str, set[str]]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        modules[name] = imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    return modules


MODULES = livesop_modules()


def violations(modules: dict[str, set[str]]) -> list[str]:
    """Every import that breaks the contract, as ``importer → imported (reason)``."""
    found = []
    for name, imported in modules.items():
        own = package_of(name)
        allowed = ALLOWED[own] | {own, "base"}
        for target in sorted(imported):
            top = target.split(".")[0]
            if top == "livesop" and target in modules:
                if package_of(target) not in allowed:
                    found.append(f"{name} → {target} ({own} may not import {package_of(target)})")
            elif top == "click" and own != "cli":
                found.append(f"{name} → click (only cli/ speaks click)")
    for root in PURE_ROOTS:
        seen, todo = set(), [root]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for target in modules[current]:
                if target.split(".")[0] in UI_LIBRARIES:
                    found.append(f"{current} → {target} ({root} must stay free of {', '.join(UI_LIBRARIES)})")
                elif target in modules:
                    todo.append(target)
    return found


def test_every_package_of_livesop_is_in_the_contract():
    packages = {package_of(name) for name in MODULES}
    assert packages <= set(ALLOWED), f"packages missing from ALLOWED: {packages - set(ALLOWED)}"


def test_imports_run_one_way():
    assert violations(MODULES) == []


def test_only_a_handful_of_modules_sit_directly_in_the_package():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "controls.py", "dataclass_code.py", "diagnostics.py", "errors.py",
                   "files.py", "forked.py", "i18n.py", "regexes.py"]


@pytest.mark.parametrize("importer, statement, reason", [
    ("livesop.format.model", "from livesop.checks import run_checks", "format may not import checks"),
    ("livesop.checks.timing", "import livesop.cli.main", "checks may not import cli"),
    ("livesop.print.sheet", "from livesop.runner.engine import Engine", "print may not import runner"),
    ("livesop.versions.diff", "def f():\n    from livesop.plan.planner import plan_session",
     "versions may not import plan"),
    ("livesop.excel.lineup", "from livesop.plan import planner", "excel may not import plan"),
    ("livesop.format.yamlio", "import click", "only cli/ speaks click"),
    ("livesop.runner.clock", "from rich.text import Text", "must stay free of rich"),
])
def test_a_forbidden_import_is_caught(importer, statement, reason):
    modules = {name: set(imports) for name, imports in MODULES.items()}
    if importer == "livesop.runner.clock":  # reached from the engine only if the engine imports it
        modules["livesop.runner.engine"].add(importer)
    modules[importer] |= imports_of(statement, importer)
    found = violations(modules)
    assert any(reason in line for line in found), found


def test_relative_imports_are_resolved():
    assert "livesop.format.model" in imports_of("from .model import Playbook", "livesop.format.build")
    assert "livesop.format.model" in imports_of("from . import model", "livesop.format", is_package=True)


def _is_dataclass_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return (isinstance(target, ast.Name) and target.id == "dataclass") or (
        isinstance(target, ast.Attribute) and target.attr == "dataclass")


def test_every_dataclass_says_what_it_is_for():
    """A docstring of its own, also because without one ``dataclasses`` works out the class's
    signature with ``inspect`` at import, which every start of a command pays for."""
    missing = []
    for path in sorted((REPO / "livesop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ClassDef) and any(map(_is_dataclass_decorator, node.decorator_list))
                    and not ast.get_docstring(node)):
                missing.append(f"{path.relative_to(REPO)}: {node.name}")
    assert missing == []
