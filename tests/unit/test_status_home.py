"""Dossier status numbers live only in counterdesk/domain/status.py (issue 13: one home per rule).

The scan reads every module under counterdesk/ with ``ast`` and reports a dossier-status number
written as a literal: a status-named value (``status``, ``*_status``, ``TrangThaiHoSo``) compared
with, tested against, assigned or passed an int 0..10, and a set/tuple/frozenset/range of such
ints bound to a status-set name (``*STATUS*``, ``*FINAL*``, ``*TERMINAL*``, ``*OPEN*``…).

HTTP status codes are not dossier statuses: they are 100..599, and a name bound from an HTTP
attribute (``response.status_code``, ``exc.status``) is left out by its context, so ``status ==
429`` after ``status = response.status_code`` is fine while ``dossier.status == 9`` is not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import counterdesk
from counterdesk.domain import status as st

ROOT = Path(counterdesk.__file__).parent
HOME = ROOT / "domain" / "status.py"
STATUS_RANGE = range(11)  # TrangThaiHoSo 1..10, and 0 as a "no status" sentinel
HTTP_OWNERS = {"exc", "error", "err", "resp", "response", "reply", "answer", "http"}
# The constants' own names (RECEIVED, DONE…): rebinding one to a number makes a second home.
CONSTANTS = {name for name, value in vars(st).items() if name.isupper() and type(value) is int}
SET_NAME = re.compile(r"status|final|terminal|open|resolved|closed|not_accepted", re.IGNORECASE)


def _name(node: ast.AST) -> str | None:
    """The identifier a value is known by: ``x``, ``obj.x``, ``row["x"]``, ``row.get("x")``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return node.args[0].value
    return None


def _is_http(node: ast.AST, http_names: set[str]) -> bool:
    if isinstance(node, ast.Attribute):
        owner = node.value
        return node.attr == "status_code" or (isinstance(owner, ast.Name) and owner.id in HTTP_OWNERS)
    return isinstance(node, ast.Name) and node.id in http_names


def _is_status(node: ast.AST, http_names: set[str]) -> bool:
    name = _name(node)
    if name is None or _is_http(node, http_names):
        return False
    return name in ("status", "TrangThaiHoSo") or name.endswith("_status")


def _status_ints(node: ast.AST) -> list[int]:
    """Int literals in the dossier-status range that ``node`` spells out directly."""
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value in STATUS_RANGE:
        return [node.value]
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return [v for item in node.elts for v in _status_ints(item)]
    if isinstance(node, ast.IfExp):
        return _status_ints(node.body) + _status_ints(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "range"):
        return [v for arg in node.args for v in _status_ints(arg)]
    return []


def _is_range(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"


def _http_names(scope: ast.AST) -> set[str]:
    """Names a function binds from an HTTP status (``status = response.status_code``)."""
    names: set[str] = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and _is_http(node.value, set()):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _scopes(tree: ast.Module) -> list[tuple[ast.AST, set[str]]]:
    """Each node with the HTTP names of its innermost function (module level: none)."""
    out: list[tuple[ast.AST, set[str]]] = []

    def visit(node: ast.AST, http: set[str]) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            http = _http_names(node)
        out.append((node, http))
        for child in ast.iter_child_nodes(node):
            visit(child, http)

    visit(tree, set())
    return out


def _mixes_names_and_numbers(node: ast.AST) -> bool:
    """``(REFUSED, 7)``: a status set spelled half by name, half by number."""
    if not isinstance(node, ast.Set | ast.Tuple | ast.List):
        return False
    named = any(isinstance(e, ast.Name | ast.Attribute) and _name(e) in CONSTANTS for e in node.elts)
    return named and bool(_status_ints(node))


def offences(source: str, filename: str = "<test>") -> list[str]:
    tree = ast.parse(source, filename)
    found: list[str] = []

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    for node, http in _scopes(tree):
        if _mixes_names_and_numbers(node):
            report(node, "status set mixing names and numbers")
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_status(o, http) for o in operands) and any(_status_ints(o) for o in operands):
                report(node, "status compared with a number")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if value is None:
                continue
            flat = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
            if any(_name(t) in CONSTANTS for t in flat) and _status_ints(value):
                report(node, "a status constant redefined")
                continue
            for target in targets:
                name = _name(target) or ""
                defaults = [k.value for k in getattr(value, "keywords", []) if k.arg in ("default", "server_default")]
                if _is_status(target, http) and (_status_ints(value) or any(_status_ints(d) for d in defaults)):
                    report(node, f"{name} set to a number")
                elif SET_NAME.search(name) and isinstance(value, ast.Set | ast.Tuple | ast.Call) \
                        and len(_status_ints(value)) > (0 if _is_range(value) else 1):
                    report(node, f"{name} is a set of status numbers")
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg and (keyword.arg in ("status", "TrangThaiHoSo") or keyword.arg.endswith("_status")) \
                        and _status_ints(keyword.value):
                    report(node, f"{keyword.arg}= a number")
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("in_", "not_in") and _is_status(func.value, http) \
                    and any(_status_ints(arg) for arg in node.args):
                report(node, f"status.{func.attr}() with numbers")
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "TrangThaiHoSo" and _status_ints(value):
                    report(node, "TrangThaiHoSo set to a number")
    return found


def _scanned() -> list[Path]:
    return [p for p in sorted(ROOT.rglob("*.py")) if p != HOME and "migrations" not in p.parts]


def test_no_dossier_status_number_outside_domain_status() -> None:
    found = [hit for path in _scanned()
             for hit in offences(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_scan_catches_each_way_of_writing_a_status_number() -> None:
    cases = {
        "if dossier.status == 9: pass": 1,
        "if d.status != 3: pass": 1,
        "ok = status in (9, 10)": 1,
        "ok = 1 <= status <= 10": 1,
        "q = Dossier.status.in_((2, 4, 5, 6))": 1,
        "LOCAL_FINAL = frozenset({3, 7, 10})": 1,
        "STATUS_CODES = range(1, 11)": 1,
        "d = Dossier(status=2)": 1,
        "e = Event(from_status=4, to_status=9)": 2,
        "dossier.status = 10": 1,
        'x = record["TrangThaiHoSo"] == 9': 1,
        'payload = {"TrangThaiHoSo": 9}': 1,
        "old_status: int = 4": 1,
        "RECEIVED, REFUSED, DONE = 2, 3, 9": 1,
        "_NOT_DUPLICATES = (REFUSED, 7)": 1,
        "status: Mapped[int] = mapped_column(SmallInteger, default=2)": 1,
        "def f(response):\n    status = response.status_code\ndef g(raw):\n    return 1 <= raw['TrangThaiHoSo'] <= 10\n"
        "def h(status):\n    return status in (9, 10)": 2,
    }
    for source, expected in cases.items():
        assert len(offences(source)) == expected, source


def test_the_scan_leaves_http_codes_and_named_statuses_alone() -> None:
    clean = [
        "status = response.status_code\nif status in (401, 403): pass\nif status == 429: pass",
        "if exc.status is not None and 300 <= exc.status < 400: pass",
        "if resp.status_code != 200: pass",
        "if dossier.status == st.DONE: pass",
        "q = Dossier.status.in_(st.OPEN)",
        "ok = r.channel.not_in((2, 3))",
        "grid.setColumnStretch(1, 3)",
        "status = 'pending'",
    ]
    for source in clean:
        assert offences(source) == [], source
