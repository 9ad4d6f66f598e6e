"""The layers hold by machine: import-linter checks module-level imports (`lint-imports`, its
contracts in pyproject.toml); this test checks the imports made inside functions, which hide a
dependency from a reader, against the short list in pyproject.toml that says why each is there."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def _function_local_imports() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((SRC / "kezek").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        app = module.split(".")[1]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.level == 0
                    and node.module
                    and node.module.startswith("kezek.")
                    and node.module.split(".")[1] != app
                ):
                    found.setdefault(module, []).append(f"{node.lineno}: {node.module}")
    return found


def test_imports_inside_functions_are_only_where_the_list_says_why() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    allowed = config["tool"]["kezek"]["function-local-imports"]
    found = _function_local_imports()
    unexplained = {module: lines for module, lines in found.items() if module not in allowed}
    assert unexplained == {}, "import at module level, or say why in pyproject.toml"
    stale = sorted(set(allowed) - set(found))
    assert stale == [], "these entries explain imports that are gone: remove them"
    assert all(reason.strip() for reason in allowed.values())


def test_the_pure_core_imports_no_django_and_no_app() -> None:
    """What the import contract `pure-core` says, also for imports inside functions."""
    for package in ("rules", "core"):
        for path in (SRC / "kezek" / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                for name in names:
                    assert not name.startswith(("django", "ninja")), f"{path}: {name}"
                    if name.startswith("kezek."):
                        assert name.split(".")[1] in ("rules", "core"), f"{path}: {name}"
