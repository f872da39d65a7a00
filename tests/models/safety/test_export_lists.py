"""Exporting a list: its own filter and order; personal lists need an administrator and are logged."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from models.residents.registry import ResidentInput, ResidentListSource, create_resident
from models.safety.export import export_list, is_personal
from models.safety.security import Actor, PermissionDenied, acting_as
from reports.export import write_xlsx


@pytest.fixture
def people(db, today):
    with db.write() as s:
        for name, phone in (("张三", "13800138000"), ("李四", "13900139000"), ("王五", "")):
            create_resident(s, ResidentInput(name=name, phone=phone), today=today)
    return db


def test_the_residents_list_exports_in_its_order_and_filter(people, tmp_path):
    source = ResidentListSource()
    assert is_personal(source)
    data = export_list(people, source, title="Residents", filter_text="张")
    assert [r[0] for r in data.rows] == ["张三"]
    full = export_list(people, source, title="Residents", sort_key="name", descending=True)
    assert [r[0] for r in full.rows] == ["张三", "王五", "李四"]
    out = tmp_path / "r.xlsx"
    write_xlsx(out, full.headers, full.rows, numeric=full.numeric)
    ws = load_workbook(out).active
    assert ws["A1"].value == "Name" and ws["A2"].value == "张三"


def test_a_clerk_may_not_export_personal_data(people):
    with acting_as(Actor("clerk1", "clerk")), pytest.raises(PermissionDenied):
        export_list(people, ResidentListSource(), title="Residents")


def test_exports_are_logged(people):
    from sqlalchemy import select

    audit = pytest.importorskip("models.safety.audit")
    export_list(people, ResidentListSource(), title="Residents")
    with people.session() as s:
        entries = s.scalars(select(audit.AuditEntry).where(audit.AuditEntry.action == "export")).all()
    assert entries and "3 rows" in entries[-1].summary and "张三" not in entries[-1].summary


def test_progress_is_reported_in_rows_and_a_stop_logs_nothing(people, monkeypatch):
    from sqlalchemy import func, select

    from models.safety import export
    from models.safety.audit import AuditEntry

    monkeypatch.setattr(export, "PAGE", 2)
    steps = []
    data = export_list(people, ResidentListSource(), title="Residents", progress=lambda done, total: steps.append((done, total)))
    assert steps == [(2, 3), (3, 3)] and len(data.rows) == 3

    class Stop(Exception):
        pass

    def stop(done, total):
        raise Stop

    with people.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "export"))
    with pytest.raises(Stop):
        export_list(people, ResidentListSource(), title="Residents", progress=stop)
    with people.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "export")) == before
