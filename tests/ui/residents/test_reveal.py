"""Revealing an ID number or phone in a resident's record is deliberate and logged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from models.residents.entities import Resident
from models.safety.audit import AuditEntry, verify_chain
from models.safety.security import VOLUNTEER, Actor, acting_as
from ui.residents.dialog import ResidentDialog


def _resident_id(db, name: str = "张三明") -> int:
    with db.session() as s:
        return s.scalars(select(Resident.id).where(Resident.name == name)).one()


def _reveals(db) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "reveal").order_by(AuditEntry.id)))


def test_existing_resident_is_masked_and_saving_keeps_the_stored_values(qtbot, demo_db) -> None:
    rid = _resident_id(demo_db)
    dialog = ResidentDialog(demo_db, rid)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.id_number.text() == "110***********002X" and dialog.id_number.isReadOnly()
    assert "*" in dialog.phone.text() and dialog.phone.isReadOnly()
    assert dialog.show_id_button.isVisible() and dialog.show_phone_button.isVisible()
    assert dialog.id_hint.text().startswith("Born ")  # the hint still helps, without the number
    dialog.notes.setPlainText("moved to the ground floor")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    with demo_db.session() as s:
        stored = s.get(Resident, rid)
        assert stored.id_number == "11010519491231002X" and "*" not in stored.phone
        assert stored.notes == "moved to the ground floor"
    assert _reveals(demo_db) == []


def test_show_reveals_the_value_and_records_it(qtbot, demo_db) -> None:
    rid = _resident_id(demo_db)
    with demo_db.session() as s:
        phone = s.get(Resident, rid).phone
    dialog = ResidentDialog(demo_db, rid)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.show_id_button, Qt.MouseButton.LeftButton)
    assert dialog.id_number.text() == "11010519491231002X" and not dialog.id_number.isReadOnly()
    assert not dialog.show_id_button.isVisible() and dialog.phone.isReadOnly()
    qtbot.mouseClick(dialog.show_phone_button, Qt.MouseButton.LeftButton)
    assert dialog.phone.text() == phone and not dialog.phone.isReadOnly()
    entries = _reveals(demo_db)
    assert [(e.table_name, e.record_id, e.summary) for e in entries] == [
        ("resident", rid, "ID number"), ("resident", rid, "phone")
    ]
    assert all("11010519491231002X" not in e.summary and phone not in e.summary for e in entries)
    with demo_db.session() as s:
        assert verify_chain(s).sound


def test_a_volunteer_cannot_reveal(qtbot, demo_db) -> None:
    rid = _resident_id(demo_db)
    dialog = ResidentDialog(demo_db, rid)  # opened by someone allowed to read the record
    qtbot.addWidget(dialog)
    dialog.open()
    with demo_db.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    with acting_as(Actor("xiaoli", VOLUNTEER, user_id=None)):
        qtbot.mouseClick(dialog.show_id_button, Qt.MouseButton.LeftButton)
        assert not dialog.reveal("phone")
    assert "may not do this" in dialog.general_error.text()
    assert dialog.id_number.text() == "110***********002X" and dialog.id_number.isReadOnly()
    assert dialog.is_masked("id_number") and dialog.is_masked("phone")
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert _reveals(demo_db) == []


def test_new_resident_is_typed_in_full(qtbot, demo_db) -> None:
    dialog = ResidentDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.id_number.isReadOnly() and not dialog.phone.isReadOnly()
    assert not dialog.show_id_button.isVisible() and not dialog.show_phone_button.isVisible()
