"""The Grids tab as a clerk uses it: bulk-create a building, place a resident in one of its rooms, record a
visit from the not-visited list and see the resident leave it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.grids.entities import Household, HouseholdMember, Room, Visit
from models.residents.entities import Resident


def _tab(window):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.lazy_tabs["grids"])
    return window.tab("grids")


def test_bulk_create_a_building_and_place_a_resident(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    page = tab.places
    tab.pages.setCurrentWidget(page)
    page.compound.setCurrentIndex(page.compound.findText("幸福小区"))
    typist.type(page.building, "30")
    page.last_unit.setValue(2)
    page.last_floor.setValue(3)
    qtbot.keyClick(page.building, Qt.Key.Key_Return)
    assert page.bulk_done.text() == "Building 30 created with 12 rooms."
    item = page.find_item("幸福小区", "Bldg 30", "Unit 2", "Rm 302")
    assert item is not None
    # The same number again: refused, named, nothing written.
    typist.type(page.building, "30")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "Building 30 is already in 幸福小区" in page.bulk_error.text()
    # 𠮷祥 came without an address: on the list to place.
    assert any("𠮷祥" in page.unplaced.item(i).text() for i in range(page.unplaced.count()))
    typist.type(page.finder.input, "13900001113")
    qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
    assert "𠮷祥" in page.chosen_label.text()
    page.tree.setCurrentItem(item)
    assert "Rm 302" in page.room_label.text()
    qtbot.mouseClick(page.place_button, Qt.MouseButton.LeftButton)
    assert page.place_done.text().startswith("𠮷祥 placed at 幸福小区")
    assert not any("𠮷祥" in page.unplaced.item(i).text() for i in range(page.unplaced.count()))
    with demo_db.session() as s:
        resident = s.scalar(select(Resident).where(Resident.name == "𠮷祥"))
        room = s.scalar(select(Household.room_id).join(HouseholdMember).where(
            HouseholdMember.resident_id == resident.id))
        assert s.get(Room, room).number == "302"
        assert (resident.compound, resident.building, resident.unit, resident.room) == ("幸福小区", "30", "2", "302")


def test_record_a_visit_and_the_resident_leaves_the_not_visited_list(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    care = tab.care
    assert tab.pages.currentWidget() is care and care.view.currentData() == "due"
    assert care.table.rowCount() > 0 and "not visited lately" in care.heading.text()
    name = care.table.item(0, 0).text()
    care.table.setCurrentCell(0, 0)
    care.table.setFocus()
    qtbot.keyClick(care.table, Qt.Key.Key_Return)
    visits = tab.visits
    assert tab.pages.currentWidget() is visits and visits.chosen_label.text() == name
    assert visits.visitor_kind.currentData() == "worker" and visits.visitor.count() > 0
    typist.type(visits.findings, "身体不错，按时吃药")
    typist.type(visits.follow_up, "下周再来")
    qtbot.keyClick(visits.follow_up, Qt.Key.Key_Return)
    assert visits.done_label.text().startswith("Visit recorded")
    assert "身体不错" in visits.history.item(0).text()
    tab.pages.setCurrentWidget(care)
    assert care.row_of(name) == -1
    with demo_db.session() as s:
        visit = s.scalars(select(Visit).order_by(Visit.id.desc()).limit(1)).one()
        assert (visit.findings, visit.follow_up, visit.method) == ("身体不错，按时吃药", "下周再来", "home")


def test_a_visit_in_the_future_is_refused_on_the_form(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    visits = tab.visits
    tab.pages.setCurrentWidget(visits)
    typist.type(visits.finder.input, "13900001113")
    qtbot.keyClick(visits.finder.input, Qt.Key.Key_Return)
    visits.day.setDate(visits.day.date().addDays(1))
    with demo_db.session() as s:
        before = len(s.scalars(select(Visit.id)).all())
    qtbot.mouseClick(visits.record_button, Qt.MouseButton.LeftButton)
    assert "in the future" in visits.error.text()
    with demo_db.session() as s:
        assert len(s.scalars(select(Visit.id)).all()) == before


def test_a_new_grid_with_its_worker_and_a_building(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    page = tab.grids
    tab.pages.setCurrentWidget(page)
    assert page.table.rowCount() == 6 and page.building_choice.count() == 0  # the demo's buildings are all covered
    typist.type(page.worker_name, "王网格")
    qtbot.keyClicks(page.worker_phone, "025-5888 1234")
    typist.type(page.grid_name, "第七网格")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == ""
    row = page.table.rowCount() - 1
    assert [page.table.item(row, j).text() for j in range(3)] == ["第七网格", "王网格", "025-58881234"]
    typist.type(page.grid_name, "第七网格")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "already a grid" in page.error.text()
