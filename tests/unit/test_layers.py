"""ui and cli never open a transaction themselves (DESIGN §2): the part import-linter cannot see.

The import contracts (pyproject, ``lint-imports``) keep SQLAlchemy, the ORM models and the store's
internals out of ui/ and cli/; they still hold the ``Store`` handle to pass to services, so this
scan checks that nothing there calls ``store.read()``/``store.write()`` or touches ``.engine``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import counterdesk

ROOT = Path(counterdesk.__file__).parent


def _store_like(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):  # ctx.store()
        node = node.func
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return "store" in name.lower()


def offences(source: str, filename: str = "<test>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("read", "write") and _store_like(node.func.value)):
            found.append(f"{filename}:{node.lineno}: {node.func.attr}() opens a transaction outside services")
        if isinstance(node, ast.Attribute) and node.attr == "engine" and _store_like(node.value):
            found.append(f"{filename}:{node.lineno}: the store's engine used outside services")
    return found


def test_ui_and_cli_open_no_transaction() -> None:
    found = [hit for package in ("ui", "cli") for path in sorted((ROOT / package).rglob("*.py"))
             for hit in offences(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_scan_sees_a_transaction_and_ignores_file_reads() -> None:
    assert len(offences("with self.store.read() as s:\n    pass")) == 1
    assert len(offences("with store.write() as s:\n    pass")) == 1
    assert len(offences("x = ctx.store().engine")) == 1
    assert offences("data = handle.read()\ntext = path.read_text()") == []
