"""The day-care package: its public names, its modules' size, and no import of the demo orchestrator."""

from __future__ import annotations

import ast
from pathlib import Path

import models.daycare

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "models" / "daycare"

#: What other jobs, reports/, ui/, main.py, the benchmarks and the tests import by name.
USED_ELSEWHERE = {
    "CARE_LEVELS", "CARE_LEVEL_LABELS", "ELDER_AGE", "STATUS_LABELS", "WEEKDAY_LABELS",
    "Board", "BoardRow", "Contact", "ContactInput", "Correction", "ElderMonth", "Enrolment", "EnrolmentInput",
    "MonthStats", "SheetDay", "SheetEntry", "SheetLine", "StatusChange", "Visit",
    "attendance_sheet", "board", "check_in", "checked_in_resident_ids", "enrol", "fill_demo", "get_enrolment",
    "month_stats", "week_days", "off_service_day_note", "serves_on",
}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_public_api_is_exported() -> None:
    assert USED_ELSEWHERE <= set(models.daycare.__all__)
    missing = [name for name in models.daycare.__all__ if not hasattr(models.daycare, name)]
    assert missing == []


def test_day_care_never_imports_the_demo_orchestrator() -> None:
    """models.demo imports day care's filler; day care must not import models.demo back (no circle)."""
    modules = sorted(PACKAGE.glob("*.py"))
    assert {p.stem for p in modules} >= {"__init__", "entities", "enrolment", "desk", "corrections", "statistics", "demo"}
    for path in modules:
        bad = {m for m in _imports(path) if m in ("models.demo", "models.demo_large") or m.startswith("models.demo.")}
        assert not bad, f"{path.name} imports {bad}"
    # The shared demo vocabulary imports nothing of the domain.
    vocabulary = _imports(ROOT / "models" / "residents" / "demo_names.py")
    assert not {m for m in vocabulary if m.startswith("models")}
    # And the orchestrators do import day care's filler (the one direction).
    assert "models.daycare.demo" in _imports(ROOT / "models" / "demo.py")
    assert "models.daycare.demo" in _imports(ROOT / "models" / "demo_large.py")


def test_modules_stay_small() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 500, f"{path.name} has {lines} lines"
