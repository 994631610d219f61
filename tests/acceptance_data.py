"""Shared acceptance cases (read at test time from the shared folder next to the repository)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_REL = Path("shared/acceptance/due-dates.json")


def due_cases_path() -> Path:
    local = Path(__file__).parents[1].parent / _REL
    return local if local.exists() else Path("/work") / _REL


def due_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(due_cases_path().read_text(encoding="utf-8"))
    return cases


def case_id(case: dict[str, Any]) -> str:
    return f"{case['received']}+{case['duration']}{case['unit']}"


def fee_cases() -> list[dict[str, Any]]:
    """shared/acceptance/fees.json: hand-computed fees (legal-rules.md §9)."""
    path = due_cases_path().with_name("fees.json")
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return cases
