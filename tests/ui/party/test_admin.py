"""The Party tab's administrative parts: dues bands, member status, archiving organisations."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.party.dues import monthly_due, schedule_starts
from models.party.entities import PartyMember, PartyMemberStatus, PartyOrg
from models.party.members import MemberInput, create_member, save_org
from models.residents.registry import ResidentInput, create_resident
from models.safety.security import CLERK, Actor, acting_as


def _setup(db):
    today = dt.date.today()
    with db.write() as s:
        committee = save_org(s, name="幸福里社区党委")
        branch = save_org(s, name="测试党支部", parent_id=committee.id)
        group = save_org(s, name="空党小组", parent_id=branch.id)
        rid = create_resident(s, ResidentInput(name="钱多多", birth_date=dt.date(1980, 3, 1))).id
        mid = create_member(
            s,
            MemberInput(resident_id=rid, joined_on=dt.date(2005, 7, 1), full_on=dt.date(2006, 7, 1),
                        branch_id=branch.id, dues_base_fen=400_000),
            today=today,
        ).id
    return {"member": mid, "branch": branch.id, "group": group.id}


def _tab(qtbot, db):
    from ui.party.tab import PartyTab

    tab = PartyTab(db, today=dt.date(2026, 11, 20))
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    return tab


def test_an_administrator_edits_the_bands_from_the_dues_page(qtbot, db, scripted_dialogs):
    ids = _setup(db)
    tab = _tab(qtbot, db)
    page = tab.dues
    tab.pages.setCurrentWidget(page)
    assert page.bands_button.isEnabled()
    page.bands_button.click()
    dialog = page.bands_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.category.currentData() == "employed"
    assert dialog.table.rowCount() == 4
    assert [dialog.table.item(r, 1).text() for r in range(4)] == ["0.5", "1", "1.5", "2"]
    assert dialog.table.item(0, 0).text() == "3000.00" and dialog.table.item(3, 0).text() == ""

    # A new schedule from 2026-07: the 1% band becomes 0.8%. A bad date first.
    dialog.new_schedule()
    dialog.effective_from.setText("2026-07-15")
    dialog.table.item(1, 1).setText("0.8")
    dialog.save_button.click()
    assert "first day of a month" in dialog.error.text()
    dialog.effective_from.setText("2026-07")
    dialog.save_button.click()
    assert dialog.error.text() == ""
    with db.session() as s:
        assert schedule_starts(s, "employed")[-1] == dt.date(2026, 7, 1)
        assert monthly_due(s, ids["member"], dt.date(2026, 6, 1)) == 4_000
        assert monthly_due(s, ids["member"], dt.date(2026, 8, 1)) == 3_200
    assert dialog.starts.count() == 2 and "(in force)" in dialog.starts.currentItem().text()

    # Limits that do not rise are refused with the band's number.
    dialog.table.item(1, 0).setText("2000")
    dialog.save_button.click()
    assert "Band 2: the upper limits must rise." in dialog.error.text()

    # The retired schedule, and removing the new employed one again.
    dialog.category.setCurrentIndex(dialog.category.findData("retired"))
    assert dialog.table.rowCount() == 2
    dialog.category.setCurrentIndex(dialog.category.findData("employed"))
    scripted_dialogs.answers.append(True)
    dialog.delete_button.click()
    with db.session() as s:
        assert schedule_starts(s, "employed") == [dt.date(2008, 4, 1)]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.bands_dialog is None)


def test_a_clerk_cannot_open_the_bands_editor(qtbot, db):
    _setup(db)
    with acting_as(Actor("wang", CLERK)):
        tab = _tab(qtbot, db)
        page = tab.dues
        page.refresh()
        assert not page.bands_button.isEnabled()
        assert "administrator" in page.bands_button.toolTip()
        assert page.open_bands() is None


def _select_member(page, member_id):
    from PySide6.QtCore import QItemSelectionModel

    row = page.model.row_of(member_id)
    index = page.model.index(row, 0)
    page.table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )


def test_transfer_a_member_out_and_see_the_history(qtbot, db, typist):
    ids = _setup(db)
    tab = _tab(qtbot, db)
    page = tab.members
    _select_member(page, ids["member"])
    page.status_button.click()
    dialog = page.status_dialog
    assert dialog is not None and dialog.isVisible()
    assert "钱多多: Active since" in dialog.heading.text()
    assert dialog.history.rowCount() == 1
    assert dialog.status.currentData() == "transferred_out" and dialog.destination.isEnabled()
    # No destination: refused on the field, nothing written.
    qtbot.keyClicks(dialog.since, "2026-10-15")
    qtbot.keyClick(dialog.since, Qt.Key.Key_Return)
    assert "transferred to" in dialog.errors.label("destination").text()
    typist.type(dialog.destination, "某街道党工委")
    qtbot.keyClick(dialog.destination, Qt.Key.Key_Return)
    assert dialog.general_error.text() == ""
    assert dialog.history.rowCount() == 2
    assert dialog.history.item(1, 2).text() == "某街道党工委"
    assert "Transferred out to 某街道党工委" in dialog.heading.text()
    with db.session() as s:
        m = s.get(PartyMember, ids["member"])
        assert (m.status, m.status_on, m.destination) == ("transferred_out", dt.date(2026, 10, 15), "某街道党工委")
        assert s.scalars(select(PartyMemberStatus.status).where(PartyMemberStatus.member_id == m.id)).all() == [
            "active", "transferred_out"]
    # The member leaves the active list; "show transferred and deceased" brings them back.
    assert page.model.row_of(ids["member"]) is None
    page.show_inactive.setChecked(True)
    assert page.model.row_of(ids["member"]) is not None


def test_archive_and_restore_an_organisation(qtbot, db):
    ids = _setup(db)
    tab = _tab(qtbot, db)
    page = tab.members

    def item_of(org_id):
        from PySide6.QtWidgets import QTreeWidgetItemIterator

        it = QTreeWidgetItemIterator(page.tree)
        while it.value() is not None:
            if it.value().data(0, Qt.ItemDataRole.UserRole) == org_id:
                return it.value()
            it += 1
        return None

    page.tree.setCurrentItem(item_of(ids["branch"]))
    assert page.archive_button.text() == "Arc&hive"
    assert not page.toggle_archived()
    assert "sub-organisations (空党小组)" in page.org_error.text()
    page.tree.setCurrentItem(item_of(ids["group"]))
    page.archive_button.click()
    assert page.org_error.text() == "" and item_of(ids["group"]) is None
    page.tree.setCurrentItem(item_of(ids["branch"]))
    assert not page.toggle_archived()
    assert "still has 1 active member;" in page.org_error.text()
    with db.session() as s:
        assert s.get(PartyOrg, ids["group"]).archived
    # Shown greyed when asked for, and restored.
    page.show_archived.setChecked(True)
    item = item_of(ids["group"])
    assert item is not None and item.text(1) == "archived"
    page.tree.setCurrentItem(item)
    assert page.archive_button.text() == "Re&store"
    page.archive_button.click()
    with db.session() as s:
        assert not s.get(PartyOrg, ids["group"]).archived
