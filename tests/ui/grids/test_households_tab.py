"""The Grids tab edits building heads and central households; a household split and merged back — as a
clerk does it: type a name and press Enter, tick, click, and see what is listed and stored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from models.grids.entities import (
    BuildingHead,
    CentralHousehold,
    CentralWard,
    Household,
    HouseholdMember,
    Room,
)
from models.grids.households import household_of, place_resident
from models.party.entities import PartyMember
from models.residents.entities import Resident


def _tab(window):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.lazy_tabs["grids"])
    return window.tab("grids")


def _resident(db, name: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(Resident.id).where(Resident.name == name))


def test_add_a_building_head_by_typing_a_name_and_pressing_enter_then_remove_them(qtbot, typist, window,
                                                                                   demo_db) -> None:
    tab = _tab(window)
    page = tab.grids
    tab.pages.setCurrentWidget(page)
    assert page.buildings.rowCount() > 0
    page.buildings.setCurrentCell(1, 0)
    building_id = page.building_id()
    before = page.heads.count()
    assert before == 1 and page.heads_heading.text().endswith(": 1")  # the demo's head
    typist.type(page.head_finder.input, "𠮷祥")
    qtbot.keyClick(page.head_finder.input, Qt.Key.Key_Return)
    assert page.head_error.text() == ""
    assert [page.heads.item(i).text() for i in range(page.heads.count())].count("𠮷祥") == 1
    assert page.building_id() == building_id and "𠮷祥" in page.buildings.item(1, 2).text()
    jixiang = _resident(demo_db, "𠮷祥")
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(BuildingHead).where(
            BuildingHead.building_id == building_id, BuildingHead.resident_id == jixiang)) == 1
    # Twice: refused, said under the field, nothing more stored.
    typist.type(page.head_finder.input, "𠮷祥")
    qtbot.keyClick(page.head_finder.input, Qt.Key.Key_Return)
    assert "already a head" in page.head_error.text()
    # Removed: gone from the list and the table.
    row = next(i for i in range(page.heads.count()) if page.heads.item(i).text() == "𠮷祥")
    page.heads.setCurrentRow(row)
    qtbot.mouseClick(page.remove_head_button, Qt.MouseButton.LeftButton)
    assert page.heads.count() == before and "𠮷祥" not in page.buildings.item(1, 2).text()
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(BuildingHead).where(
            BuildingHead.resident_id == jixiang)) == 0


def _member_without_central(db) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """An active Party member, placed, whose household is not central, with a name nobody else has and
    at least two neighbours (households of the building) nobody looks after."""
    from models.grids.entities import Unit

    with db.session() as s:
        centrals = set(s.scalars(select(CentralHousehold.household_id)))
        wards = set(s.scalars(select(CentralWard.household_id)))
        names = dict(s.execute(select(Resident.name, func.count()).group_by(Resident.name)).all())
        building_of = dict(s.execute(select(Household.id, Unit.building_id).join(Room, Room.id == Household.room_id)
                                     .join(Unit, Unit.id == Room.unit_id).where(Household.archived.is_(False))).all())
        for rid, name in s.execute(select(Resident.id, Resident.name).join(
                PartyMember, PartyMember.resident_id == Resident.id).where(PartyMember.status == "active")
                .order_by(Resident.id)):
            household = household_of(s, rid)
            if household is None or household in centrals or names[name] != 1:
                continue
            free = [h for h, b in building_of.items() if b == building_of[household] and h != household
                    and h not in wards and h not in centrals]
            if len(free) >= 2:
                return rid, name
    raise AssertionError("the demo has no such member")


def test_make_a_central_household_and_tick_the_households_it_looks_after(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    page = tab.centrals
    tab.pages.setCurrentWidget(page)
    rows_before = page.table.rowCount()
    # Not a Party member: refused under the field, nothing written.
    typist.type(page.finder.input, "𠮷祥")
    qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
    assert "𠮷祥" in page.chosen_label.text()
    qtbot.mouseClick(page.make_button, Qt.MouseButton.LeftButton)
    assert "not an active member" in page.member_error.text()
    assert page.table.rowCount() == rows_before
    # A member: their household is central, listed and chosen.
    member, name = _member_without_central(demo_db)
    typist.type(page.finder.input, name)
    qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
    qtbot.mouseClick(page.make_button, Qt.MouseButton.LeftButton)
    assert page.member_error.text() == ""
    assert page.table.rowCount() == rows_before + 1
    row = page.row_of(name)
    assert row >= 0 and page.table.currentRow() == row and page.table.item(row, 2).text() == "0"
    assert name in page.wards_heading.text()
    free = [page.wards.item(i) for i in range(page.wards.count())
            if page.wards.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
    assert len(free) >= 2
    chosen = {item.data(Qt.ItemDataRole.UserRole) for item in free[:2]}
    for item in free[:2]:  # ticked as a clerk does: the row, then Space
        page.wards.setCurrentItem(item)
        qtbot.keyClick(page.wards, Qt.Key.Key_Space)
    assert all(item.checkState() == Qt.CheckState.Checked for item in free[:2])
    assert page.count_label.text() == "2 households ticked"
    assert "10–15" in page.warning.text()  # gentle: a word, not a refusal
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.wards_done.text() == "Saved: it looks after 2 households."
    assert page.table.item(page.row_of(name), 2).text() == "2"
    with demo_db.session() as s:
        central = s.scalar(select(CentralHousehold).where(CentralHousehold.household_id == household_of(s, member)))
        assert set(s.scalars(select(CentralWard.household_id).where(CentralWard.central_id == central.id))) == chosen


def _room_path(db, room_id: int) -> tuple[str, str, str, str]:  # type: ignore[no-untyped-def]
    from models.grids.places import room_address

    with db.session() as s:
        a = room_address(s, room_id)
    return a.compound, f"Bldg {a.building}", f"Unit {a.unit}", f"Rm {a.room}"


def test_split_a_household_and_see_two_then_merge_them_back(qtbot, window, demo_db) -> None:
    jixiang = _resident(demo_db, "𠮷祥")
    with demo_db.write() as s:  # 𠮷祥 joins a household of one: a household of two
        room_id = s.scalar(select(Household.room_id).join(HouseholdMember).where(Household.archived.is_(False))
                           .group_by(Household.id, Household.room_id).having(func.count() == 1).order_by(Household.id))
        home = place_resident(s, jixiang, room_id).id
        head = s.get(Resident, s.get(Household, home).head_id).name
    tab = _tab(window)
    page = tab.places
    tab.pages.setCurrentWidget(page)
    page.tree.setCurrentItem(page.find_item(*_room_path(demo_db, room_id)))
    assert page.households.count() == 1 and "𠮷祥" in page.households.item(0).text()
    # Nobody ticked: the message under the field, nothing written.
    dialog = page.open_split()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "no member" in dialog.errors.messages()["members"]
    assert dialog.isVisible()
    dialog.members.setCurrentRow([dialog.members.item(i).text() for i in range(dialog.members.count())].index("𠮷祥"))
    qtbot.keyClick(dialog.members, Qt.Key.Key_Space)
    assert dialog.head.currentText() == "𠮷祥"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and page.dialog is None
    assert page.households.count() == 2
    assert [page.households.item(i).text() for i in range(2)] == [f"Household: {head}", "Household: 𠮷祥"]
    with demo_db.session() as s:
        new = household_of(s, jixiang)
        assert new != home and s.get(Household, new).room_id == room_id
    # Merge back: the other household of the room is offered first.
    page.households.setCurrentRow(0)
    dialog = page.open_merge()
    assert "(this room)" in dialog.others.item(0).text() and "𠮷祥" in dialog.others.item(0).text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.households.count() == 1 and page.households.item(0).text() == f"Household: {head}、𠮷祥"
    assert "Merged" in page.household_done.text()
    with demo_db.session() as s:
        assert household_of(s, jixiang) == home and s.get(Household, home).head_id != jixiang
        assert s.get(Household, new).archived
        assert s.scalar(select(func.count()).select_from(HouseholdMember).where(
            HouseholdMember.household_id == home)) == 2
        assert s.get(Room, room_id) is not None


def _board_text(db, tmp_path, monkeypatch, capsys) -> str:  # type: ignore[no-untyped-def]
    """The public grid board as ``grids board`` prints it (the command, in this process), as its text."""
    import io

    from pypdf import PdfReader

    import main
    from models.demo import DEMO_PASSWORD

    out = tmp_path / f"board-{len(list(tmp_path.glob('board-*.pdf')))}.pdf"
    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    code = main.main(["--lang", "en", "grids", "board", "--db", str(db.path), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    return "".join(page.extract_text() for page in PdfReader(out).pages).replace("\n", "")


def test_remove_a_central_household_after_confirming(qtbot, window, demo_db, scripted_dialogs, tmp_path,
                                                     monkeypatch, capsys) -> None:
    from models.grids.sheet import board_data

    tab = _tab(window)
    page = tab.centrals
    tab.pages.setCurrentWidget(page)
    with demo_db.session() as s:
        shown = board_data(s).names
    # A central household that looks after some, whose member the board names for nothing else.
    candidates = [r for r in page.rows if r.wards and shown.count(r.name) == 1
                  and sum(1 for o in page.rows if o.name == r.name) == 1]
    assert candidates, "the demo has no such central household"
    central = candidates[0]
    assert f"{central.name} (Unit" in _board_text(demo_db, tmp_path, monkeypatch, capsys)
    rows_before = page.table.rowCount()
    page.table.setCurrentCell(page.row_of(central.name), 0)
    assert page.remove_button.isEnabled()
    # The clerk thinks again: Cancel removes nothing.
    scripted_dialogs.answers = [False]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    kind, title, question = scripted_dialogs.calls[-1]
    assert (kind, title) == ("confirm", "Remove central household")
    assert central.name in question and central.place in question
    assert f"It looks after {len(central.wards)} household" in question
    assert page.table.rowCount() == rows_before and page.row_of(central.name) >= 0
    # Confirmed: gone from the table, the database and the board; the households it looked after stay.
    scripted_dialogs.answers = [True]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == rows_before - 1 and page.row_of(central.name) == -1
    assert page.removed_label.text() == f"{central.name}'s household is no longer a central household."
    with demo_db.session() as s:
        assert s.get(CentralHousehold, central.id) is None
        assert s.scalar(select(func.count()).select_from(CentralWard).where(CentralWard.central_id == central.id)) == 0
        assert s.scalar(select(func.count()).select_from(Household).where(
            Household.id.in_((central.household_id, *central.wards)), Household.archived.is_(False))) == \
            1 + len(central.wards)
        assert central.name not in board_data(s).names
    text = _board_text(demo_db, tmp_path, monkeypatch, capsys)
    assert "Grid board" in text and central.name not in text
