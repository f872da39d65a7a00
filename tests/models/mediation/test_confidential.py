"""Mediation never reaches a notice (no notice module reads it) and never a log (a whole case's life logs nothing)."""

from __future__ import annotations

import ast
import datetime as dt
import logging
from pathlib import Path

from models.mediation import (
    CaseInput,
    PartyInput,
    add_session,
    close_case,
    list_cases,
    open_case,
    view_case,
)
from models.safety.security import acting_as

ROOT = Path(__file__).resolve().parents[3]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "mediation" in node.value:
            found.add(node.value)  # import_module("models.mediation"), a source kind named so
    return found


def test_no_notice_module_can_reach_mediation() -> None:
    files = [*(ROOT / "models" / "notices").rglob("*.py"), *(ROOT / "reports" / "notices").rglob("*.py"),
             *(ROOT / "ui" / "notices").rglob("*.py"), ROOT / "cli" / "notices.py"]
    assert len(files) > 10
    reached = {str(f.relative_to(ROOT)): m for f in files for m in _imports(f) if "mediation" in m}
    assert reached == {}


def test_a_case_from_opening_to_closing_logs_nothing(db, people, caplog) -> None:
    today = dt.date(2026, 11, 20)
    caplog.set_level(logging.DEBUG)
    with acting_as(people["mediator"]), db.write() as s:
        case = open_case(s, CaseInput(kind="family", parties=[PartyInput(resident_id=people["upstairs"]),
                                                              PartyInput(name="王秀英", phone="13912345678")],
                                      matter="赡养费分担", opened_on=dt.date(2026, 11, 3)), today=today)
        add_session(s, case.id, held_on=dt.date(2026, 11, 4), note="双方到场", today=today)
        close_case(s, case.id, "resolved", agreement="按月分担", closed_on=dt.date(2026, 11, 5), today=today)
        view_case(s, case.id)
        list_cases(s)
    text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("张三明", "王秀英", "13912345678", "赡养", "双方到场", "按月分担"):
        assert secret not in text
