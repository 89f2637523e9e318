"""The package's shape, checked: each wing imports only itself, the root and the wings beneath it; no cycles;
no module past ~300 lines; the data files load. docs/design.md states the rule these tests keep."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "qa"
# Lowest first. The root's records and helpers are beneath everything; api is the facade over the pipeline wings.
RANK = {"types": 0, "errors": 0, "config": 0, "text": 0, "tokens": 0, "question": 0, "cqc": 1, "ingest": 2, "search": 3,
        "answer": 4, "api": 5, "tools": 6, "app": 7}
EXEMPT = {"qa", "qa.__main__"}  # the lazy public facade and the `python -m qa` entry point


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(name: str, path: Path) -> set[str]:
    """Every qa module this module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "qa":
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{name}: relative import; use absolute imports (from qa.<wing> import ...)")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "qa")
    modules = _modules()
    return {m for m in found if m in modules and m != name}


def _wing(module: str) -> str:
    return module.split(".")[1]


MODULES = _modules()


@pytest.mark.parametrize("name", sorted(set(MODULES) - EXEMPT))
def test_each_module_imports_only_its_wing_the_root_and_wings_beneath(name):
    mine = RANK[_wing(name)]
    for imported in _imports(name, MODULES[name]):
        if imported in EXEMPT:
            continue
        theirs = RANK[_wing(imported)]
        if mine == 0:
            assert theirs == 0, f"{name} (root) imports {imported}"
        else:
            assert theirs <= mine, f"{name} imports {imported}, a wing above it"


@pytest.mark.parametrize("name", ["qa.app.cli", "qa.app.base", "qa.app.commands", "qa.app.tool_commands"])
def test_the_cli_imports_only_the_api_the_root_records_the_app_and_the_tools(name):
    allowed_wings = {"api", "types", "errors", "config", "question", "app", "tools"}
    for imported in _imports(name, MODULES[name]):
        assert imported in EXEMPT or _wing(imported) in allowed_wings, f"{name} imports {imported}"


def test_there_are_no_import_cycles():
    graph = {name: _imports(name, path) - EXEMPT for name, path in MODULES.items() if name not in EXEMPT}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join(trail[trail.index(nxt):] + [node, nxt]) if nxt in trail else nxt)
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def test_a_lower_wing_importing_a_higher_one_is_caught(tmp_path):
    """The rule above can fail: a cqc module importing the answer wing breaks it."""
    bad = tmp_path / "bad.py"
    bad.write_text("from qa.answer.answerer import Answerer\n", encoding="utf-8")
    assert RANK[_wing("qa.cqc.bad")] < RANK[_wing(next(iter(_imports("qa.cqc.bad", bad))))]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_300_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 300, f"{name} has {lines} lines: is it still one job?"


def test_the_data_files_load_and_are_well_formed():
    from qa.cqc import councils, framework, glossary
    from qa.tools import synthetic

    data = json.loads((PACKAGE / "cqc" / "framework.json").read_text(encoding="utf-8"))
    assert data["version"] >= 1 and len(framework.THEMES) == 4 and len(framework.STATEMENTS) == 9
    assert {s.theme for s in framework.STATEMENTS} == {1, 2, 3, 4} and set(framework.ABOUT) == {s.name for s in framework.STATEMENTS}
    assert sorted(framework.LABELS) == [1, 2, 3, 4] and len(framework.RATINGS) == 4
    assert all(s.aliases and all(a == a.lower() for a in s.aliases) for s in framework.STATEMENTS)
    assert len(glossary.TERMS) >= 150 and all(words and plain for words, plain in glossary.TERMS)
    assert len(councils.COUNCILS) >= 150 and len(set(councils.COUNCILS)) == len(councils.COUNCILS)
    assert len(synthetic.PLACES) >= 30 and len(synthetic.NAMES) == 5 * len(synthetic.PLACES)
