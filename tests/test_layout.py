"""The package's shape: small modules and functions, faces apart from the library, a light import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dyad"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
FACES = ("cli", "api")  # the only folders that print, speak HTTP or draw on a terminal


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_module_is_too_long() -> None:
    """No module in src/dyad has more than 450 lines."""
    long = {
        _name(p): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_is_too_long() -> None:
    """No function or method in src/dyad has more than 60 lines (decorators to last line)."""
    long = {}
    for path in _modules():
        for node in _functions(ast.parse(path.read_text())):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - first + 1
            if lines > MAX_FUNCTION_LINES:
                long[f"{_name(path)}:{node.lineno} {node.name}"] = lines
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("library", ["rich", "typer", "fastapi", "uvicorn"])
def test_faces_alone_import_terminal_and_web_libraries(library: str) -> None:
    """rich and typer only in dyad/cli, fastapi and uvicorn only in dyad/api and dyad/cli."""
    outside = [
        _name(p)
        for p in _modules()
        if p.relative_to(PACKAGE).parts[0] not in FACES
        and any(m == library or m.startswith(library + ".") for m in _imports(p))
    ]
    assert not outside, f"{library} imported outside the faces: {outside}"


def test_library_does_not_print() -> None:
    """Outside the faces, code logs or returns records; it never calls print()."""
    printing = [
        f"{_name(p)}:{node.lineno}"
        for p in _modules()
        if p.relative_to(PACKAGE).parts[0] not in FACES
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"
    ]
    assert not printing, f"print() in library code: {printing}"


@pytest.mark.parametrize("module", ["dyad", "dyad.records", "dyad.store", "dyad.cli"])
def test_importing_the_library_does_not_load_spacy(module: str) -> None:
    """The package surface, the records, the store and the CLI load without spaCy (lazy)."""
    code = f"import sys, {module}; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
