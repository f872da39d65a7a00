"""The Meals tab driven as a clerk drives it at 11:30: typing initials and Enter."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from sqlalchemy import func, select

from models.meals.desk import add_meal
from models.meals.entities import Meal
from models.meals.menu import MenuEntry, save_menu
from models.meals.policy import PolicyData, RuleData, list_policies
from models.residents.registry import ResidentInput, create_resident

DAY = dt.date(2026, 11, 18)  # a Wednesday
YESTERDAY = DAY - dt.timedelta(days=1)

DINERS = [
    ("zsm", "张三明", dt.date(1950, 3, 1), set()),  # 76
    ("lsg", "李四贵", dt.date(1970, 5, 5), set()),  # 56: under 60
    ("wwf", "王五福", dt.date(1940, 1, 1), {"minimum_allowance"}),  # 86 + 低保
    ("zlh", "赵六和", dt.date(1933, 2, 2), set()),  # 93
    ("qqy", "钱七月", None, set()),  # no birth date
]


@pytest.fixture
def meals_db(db):
    with db.write() as s:
        ids = {}
        for key, name, birth, flags in DINERS:
            ids[key] = create_resident(
                s, ResidentInput(name=name, birth_date=birth, flags=frozenset(flags), building="3", room="502"),
                today=DAY,
            ).id
        save_menu(s, [MenuEntry(DAY + dt.timedelta(days=i), "lunch", "红烧肉 米饭", 1200) for i in range(-3, 3)])
    db.ids = ids
    return db


@pytest.fixture
def tab(qtbot, qapp, meals_db):
    from PySide6.QtCore import QEvent

    from ui.meals.tab import MealsTab

    widget = MealsTab(meals_db, today=DAY)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    # Delete the tab and its dialogs now: a later test's language switch must
    # not reach widgets whose database is gone.
    widget.close()
    widget.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _meals(db, day=DAY) -> list[tuple[str, int, int]]:
    with db.session() as s:
        return [
            (r.reason, r.quantity, r.subsidy_fen)
            for r in s.execute(select(Meal).where(Meal.day == day, Meal.cancelled.is_(False)).order_by(Meal.id)).scalars()
        ]


def test_log_five_lunches_by_typing(qtbot, tab, meals_db) -> None:
    assert tab.quick.input.hasFocus() or tab.quick.input.isVisible()
    assert tab.example_banner.isVisible()  # the example policy is in force: the tab says so
    for initials, *_rest in DINERS:
        qtbot.keyClicks(tab.quick.input, initials)
        qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 5
    meals = _meals(meals_db)
    # Example policy: 70–79 ¥2; under 60 full price; 80–89 ¥3 + 低保 ¥2; 90+ ¥5; no birth date.
    assert [m[2] for m in meals] == [200, 0, 500, 500, 0]
    assert meals[1][0] == "under_age:60" and meals[4][0] == "no_birth_date"
    shown = {tab.model.data(tab.model.index(r, 0)): tab.model.data(tab.model.index(r, 8)) for r in range(5)}
    assert shown["李四贵"] == "Full price: under 60"
    assert shown["钱七月"] == "Full price: no birth date on file"
    assert "5 meals" in tab.totals.text() and "¥60.00" in tab.totals.text() and "¥12.00" in tab.totals.text()
    assert "Logged: 钱七月" in tab.status.text()
    assert tab.quick.input.text() == ""


def test_refuse_the_accidental_double(qtbot, tab, meals_db, scripted_dialogs) -> None:
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    scripted_dialogs.answers = [False]
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert scripted_dialogs.calls[-1][0] == "confirm"
    assert "already has lunch" in scripted_dialogs.calls[-1][2]
    assert len(_meals(meals_db)) == 1
    # A real second lunch: confirmed, at full price.
    scripted_dialogs.answers = [True]
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert [m[:1] + m[2:] for m in _meals(meals_db)] == [("", 200), ("extra_portion", 0)]
    assert tab.model.rowCount() == 2


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_a_reflex_enter_on_the_double_lunch_logs_nothing(qtbot, tab, meals_db, clerk_presses, key) -> None:
    """The real question "Log another?": Enter (or Escape) at queue speed answers no."""
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    seen = clerk_presses(key)
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert len(seen) == 1 and "already has lunch" in seen[0][0]
    assert seen[0][1] == "Cancel"  # the focus was on the safe answer
    with meals_db.session() as s:
        count, subsidy = s.execute(
            select(func.count(Meal.id), func.sum(Meal.subsidy_fen)).where(Meal.cancelled.is_(False))).one()
    assert (count, subsidy) == (1, 200)  # one lunch, one subsidy
    assert tab.model.rowCount() == 1
    assert "Not logged" in tab.status.text()


def test_no_price_is_a_clear_message(qtbot, tab, meals_db, scripted_dialogs) -> None:
    tab.set_day(DAY + dt.timedelta(days=10))
    assert "No price for lunch" in tab.menu_label.text()
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert scripted_dialogs.calls[-1][0] == "warning"
    assert "No price for lunch" in scripted_dialogs.calls[-1][2]
    assert _meals(meals_db, DAY + dt.timedelta(days=10)) == []


def test_the_red_refusal_leaves_with_its_day(qtbot, tab, meals_db, scripted_dialogs) -> None:
    """"No price" belongs to the day without a menu: moving to a day with one clears it."""
    empty = DAY + dt.timedelta(days=10)
    tab.set_day(empty)
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert "No price for lunch" in tab.status.text()
    assert tab.status.palette().color(QPalette.ColorRole.WindowText).name() == "#b3261e"  # in red
    tab.set_day(DAY)
    assert tab.status.text() == ""
    assert "No price" not in tab.menu_label.text()
    # The same for another meal of the same day, and after a logged one the next day.
    tab.set_day(empty)
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    tab.kind.setCurrentIndex(tab.kind.findData("dinner"))
    assert tab.status.text() == ""
    tab.kind.setCurrentIndex(tab.kind.findData("lunch"))
    tab.set_day(DAY)
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert "Logged: 张三明" in tab.status.text()
    tab.set_day(DAY + dt.timedelta(days=1))
    assert tab.status.text() == ""


def test_repeat_yesterdays_list(qtbot, tab, meals_db) -> None:
    ids = meals_db.ids
    with meals_db.write() as s:
        add_meal(s, ids["zsm"], YESTERDAY, mode="delivered")
        add_meal(s, ids["wwf"], YESTERDAY, quantity=2, payment="wechat")
        add_meal(s, ids["zlh"], YESTERDAY)
        add_meal(s, ids["zlh"], DAY)  # already here today
    tab.reload()
    tab.quick.input.setFocus()
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["张三明", "王五福", "赵六和"]
    checked = [dialog.table.item(r, 0).checkState() == Qt.CheckState.Checked for r in range(3)]
    assert checked == [True, True, False]  # 赵六和 already has lunch today
    # Correction: 张三明 comes in person today.
    dialog.table.cellWidget(0, dialog.COL_MODE).setCurrentIndex(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert tab.model.rowCount() == 3
    with meals_db.session() as s:
        rows = s.execute(
            select(Meal.resident_id, Meal.mode, Meal.quantity, Meal.payment).where(Meal.day == DAY).order_by(Meal.id)
        ).all()
    assert rows[1:] == [(ids["zsm"], "dine_in", 1, "cash"), (ids["wwf"], "dine_in", 2, "wechat")]


def test_edit_a_row_and_cancel_one(qtbot, tab, meals_db, scripted_dialogs) -> None:
    qtbot.keyClicks(tab.quick.input, "wwf")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    tab.select_row(0)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    dialog = tab.dialog
    assert "Age" not in dialog.heading.text() or True
    dialog.quantity.setValue(2)
    dialog.mode.setCurrentIndex(2)  # delivered
    qtbot.keyClicks(dialog.diet, "low salt")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: tab.dialog is None)
    with meals_db.session() as s:
        meal = s.scalars(select(Meal)).one()
        assert (meal.quantity, meal.mode, meal.price_fen, meal.subsidy_fen, meal.paid_fen) == (2, "delivered", 2400, 500, 1900)
    assert "Delivered home 2" in tab.totals.text()
    scripted_dialogs.answers = [True]
    tab.select_row(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert tab.model.rowCount() == 0
    with meals_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Meal).where(Meal.cancelled.is_(True))) == 1


def test_policy_editor_saves_the_local_policy(qtbot, tab, meals_db) -> None:
    dialog = tab.open_policy()
    assert dialog.example_note.isVisible()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Local policy 2026")
    dialog.effective_from.clear()
    qtbot.keyClicks(dialog.effective_from, "2026-01-01")
    dialog.rules.item(0, dialog.COL_AMOUNT).setText("1.50")  # 60–69
    dialog.rules.item(1, dialog.COL_AMOUNT).setText("abc")
    assert not dialog.save()
    assert "Not an amount" in dialog.errors.label("rules").text()
    dialog.rules.item(1, dialog.COL_AMOUNT).setText("2.5")
    dialog.combine.setCurrentIndex(1)  # max
    assert dialog.save()
    with meals_db.session() as s:
        (p,) = list_policies(s)
    assert (p.name, p.combine, p.example) == ("Local policy 2026", "max", False)
    assert [r.amount_fen for r in p.rules][:2] == [150, 250]
    dialog.close()
    tab.reload()
    assert not tab.example_banner.isVisible()


def test_policy_editor_refuses_overlapping_versions(qtbot, tab, meals_db) -> None:
    dialog = tab.open_policy()
    dialog.new_version()
    qtbot.keyClicks(dialog.name, "Overlapping")
    assert not dialog.save()
    assert "overlaps" in dialog.errors.label("effective_from").text()
    with meals_db.session() as s:
        assert [p.name for p in list_policies(s)] == [list_policies(s)[0].name]


def test_month_end_recompute_and_excel(qtbot, tab, meals_db, scripted_dialogs, tmp_path, monkeypatch) -> None:
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    # The administrator enters the local policy afterwards: 70–79 ¥4.
    with meals_db.write() as s:
        (example,) = list_policies(s)
        from models.meals.policy import save_policy

        save_policy(s, PolicyData(id=example.id, name="Local", effective_from=dt.date(2026, 1, 1),
                                  rules=[RuleData("age", 400, 70, 79, meal_kind="lunch")]))
    dialog = tab.open_month()
    assert "¥2.00" in dialog.summary.text()
    scripted_dialogs.answers = [True]
    dialog.recompute_button.click()
    assert "1 of 1 meals changed" in scripted_dialogs.calls[-1][2]
    assert "Recomputed on" in dialog.summary.text()
    out = tmp_path / "rec.xlsx"
    monkeypatch.setattr(scripted_dialogs, "save_file", lambda *a, **k: out, raising=False)
    dialog.xlsx_button.click()
    qtbot.waitUntil(lambda: not dialog.export_worker.running, timeout=20000)
    assert dialog.export_worker.outcome == "finished"
    wb = openpyxl.load_workbook(out)
    ws = wb["Diners"]
    assert [c.value for c in ws[2]][1:] == ["张三明", 1, 12.0, 4.0, 8.0]


def test_delivery_list_is_written_in_a_worker(qtbot, tab, meals_db, scripted_dialogs, tmp_path) -> None:
    from pypdf import PdfReader

    with meals_db.write() as s:
        add_meal(s, meals_db.ids["zsm"], DAY, mode="delivered")
        add_meal(s, meals_db.ids["zlh"], DAY, mode="delivered", quantity=2)
        add_meal(s, meals_db.ids["lsg"], DAY)  # eats in: not on the list
    out = tmp_path / "delivery.pdf"
    asked = []
    scripted_dialogs.save_file = lambda *a, **k: asked.append(a[1]) or out
    tab.delivery_button.click()
    assert asked == ["Save the delivery list"]  # the path is asked first, on the UI thread
    worker = tab.delivery_worker
    with qtbot.waitSignal(worker.finished, timeout=30000):
        assert worker.running
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "张三明" in text and "赵六和" in text and "李四贵" not in text and "3 deliveries" in text
    assert scripted_dialogs.calls[-1] == ("info", "Saved", f"Saved to {out}.")


def test_delivery_list_with_nothing_to_deliver_asks_for_no_file(qtbot, tab, scripted_dialogs) -> None:
    tab.delivery_button.click()  # no file dialog is scripted: asking for one would fail the test
    assert tab.delivery_worker is None
    assert scripted_dialogs.calls[-1][0] == "info" and "No meals are to be delivered" in scripted_dialogs.calls[-1][2]


def test_delivery_list_not_written_says_why(qtbot, tab, meals_db, scripted_dialogs, tmp_path) -> None:
    with meals_db.write() as s:
        add_meal(s, meals_db.ids["zsm"], DAY, mode="delivered")
    out = tmp_path / "missing-folder" / "delivery.pdf"
    scripted_dialogs.save_file = lambda *a, **k: out
    tab.delivery_button.click()
    with qtbot.waitSignal(tab.delivery_worker.finished, timeout=30000):
        pass
    kind, title, text = scripted_dialogs.calls[-1]
    assert (kind, title) == ("error", "Not saved") and text.startswith(f"Cannot write {out}: ")
    assert not out.exists()


def test_the_tab_in_the_window(window) -> None:
    tab = window.tab("meals")
    assert tab.objectName() == "mealsTab"
    assert tab.model.columnCount() == 9


def _type_cell(qtbot, typist, table, row: int, col: int, text: str) -> None:
    """Edit a grid cell as a clerk does: F2, type (Chinese through the input method), Enter."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and table.isAncestorOf(editor)
    editor.selectAll()
    typist.type(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not table.isPersistentEditorOpen(table.item(row, col)) and QApplication.focusWidget() is table)


def test_menu_editor_type_copy_save_then_log_at_that_price(qtbot, tab, meals_db, typist, scripted_dialogs) -> None:
    next_wednesday = DAY + dt.timedelta(days=7)
    tab.set_day(next_wednesday)
    assert "No price for lunch" in tab.menu_label.text()
    dialog = tab.open_menu()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.monday == dt.date(2026, 11, 23)
    wed, lunch = 2, 2  # rows are Monday..Sunday; columns dishes/price per meal (breakfast, lunch, dinner)
    _type_cell(qtbot, typist, dialog.table, wed, lunch, "清蒸鱼 米饭")
    _type_cell(qtbot, typist, dialog.table, wed, lunch + 1, "13.50")
    _type_cell(qtbot, typist, dialog.table, 0, 0, "豆浆 油条")
    _type_cell(qtbot, typist, dialog.table, 0, 1, "3.5")
    # Leaving the week with unsaved changes asks; "no" keeps what was typed.
    scripted_dialogs.answers = [False]
    dialog.next_button.click()
    assert dialog.monday == dt.date(2026, 11, 23)
    assert dialog.table.item(wed, lunch).text() == "清蒸鱼 米饭"
    # Copy last week: the empty lunch cells (Mon, Tue, Thu, Fri) come from last week;
    # Wednesday keeps the dish and price just typed.
    dialog.copy_button.click()
    assert "4 cells copied" in dialog.error.text()
    assert [dialog.table.item(r, lunch + 1).text() for r in range(5)] == ["12.00", "12.00", "13.50", "12.00", "12.00"]
    assert dialog.table.item(3, lunch).text() == "红烧肉 米饭"
    with meals_db.session() as s:
        from models.meals.menu import menu_of_day

        assert menu_of_day(s, next_wednesday) is None  # nothing written before Save
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.error.isVisible()
    assert "清蒸鱼 米饭" in tab.menu_label.text() and "¥13.50" in tab.menu_label.text()
    with meals_db.session() as s:
        from models.meals.menu import week_menu

        filled = {(e.day.day, e.kind): (e.dishes, e.price_fen) for e in week_menu(s, dialog.monday) if e.dishes}
    assert filled == {
        (23, "breakfast"): ("豆浆 油条", 350),
        (23, "lunch"): ("红烧肉 米饭", 1200),
        (24, "lunch"): ("红烧肉 米饭", 1200),
        (25, "lunch"): ("清蒸鱼 米饭", 1350),
        (26, "lunch"): ("红烧肉 米饭", 1200),
        (27, "lunch"): ("红烧肉 米饭", 1200),
    }
    dialog.reject()  # saved: closes without asking
    qtbot.waitUntil(lambda: tab.dialog is None)
    # A lunch logged that day costs the new price (张三明, 76: example subsidy ¥2).
    qtbot.keyClicks(tab.quick.input, "zsm")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    with meals_db.session() as s:
        meal = s.scalars(select(Meal).where(Meal.day == next_wednesday)).one()
        assert (meal.unit_price_fen, meal.price_fen, meal.subsidy_fen, meal.paid_fen) == (1350, 1350, 200, 1150)
    assert "¥13.50" in tab.status.text()


def test_menu_editor_bad_price_says_where(qtbot, tab, typist) -> None:
    dialog = tab.open_menu()
    qtbot.waitUntil(dialog.isActiveWindow)
    _type_cell(qtbot, typist, dialog.table, 1, 3, "12,5元x")
    assert not dialog.save()
    assert "Lunch on" in dialog.error.text()


def _daycare_today(db, *ids) -> None:
    from models.daycare import ContactInput, EnrolmentInput, check_in, enrol

    with db.write() as s:
        for rid in ids:
            enrol(s, EnrolmentInput(resident_id=rid, enrolled_on=dt.date(2026, 10, 1),
                                    contacts=[ContactInput(name="王芳", relation="女儿", phone="13800138001")]),
                  today=dt.date(2026, 10, 1))
        check_in(s, ids[0], at=dt.datetime.combine(DAY, dt.time(8, 30)))


def test_day_care_elders_come_first_in_quick_find(qtbot, tab, meals_db) -> None:
    ids = meals_db.ids
    qtbot.keyClicks(tab.quick.input, "z")
    before = [h.id for h in tab.quick.hits]
    assert ids["zsm"] in before and ids["zlh"] in before
    assert before.index(ids["zsm"]) < before.index(ids["zlh"])
    tab.quick.input.clear()
    _daycare_today(meals_db, ids["zlh"], ids["zsm"])  # 赵六和 checked in today; 张三明 enrolled, not here
    qtbot.keyClicks(tab.quick.input, "z")
    after = [h.id for h in tab.quick.hits]
    assert after[0] == ids["zlh"]
    assert tab.quick.list.item(0).text().startswith("赵六和")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)  # several matches: Enter marks the first…
    assert tab.quick.list.currentRow() == 0
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)  # …and Enter again logs the day-care elder
    with meals_db.session() as s:
        assert s.scalars(select(Meal.resident_id).where(Meal.day == DAY)).all() == [ids["zlh"]]


def test_day_care_elders_come_first_in_repeat_yesterday(qtbot, tab, meals_db) -> None:
    ids = meals_db.ids
    with meals_db.write() as s:
        add_meal(s, ids["zsm"], YESTERDAY)
        add_meal(s, ids["wwf"], YESTERDAY)
        add_meal(s, ids["zlh"], YESTERDAY)
    _daycare_today(meals_db, ids["wwf"])
    # 钱七月 (no birth date on file: enrolled after confirmation) is in day care today, not here yesterday.
    from models.daycare import ContactInput, EnrolmentInput, check_in, enrol

    with meals_db.write() as s:
        enrol(s, EnrolmentInput(resident_id=ids["qqy"], enrolled_on=dt.date(2026, 10, 1),
                                contacts=[ContactInput(name="钱芳", relation="女儿", phone="13800138002")]),
              today=dt.date(2026, 10, 1), confirmed=True)
        check_in(s, ids["qqy"], at=dt.datetime.combine(DAY, dt.time(9, 0)))
    dialog = tab.repeat_yesterday()
    rows = [
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 0).checkState() == Qt.CheckState.Checked,
         dialog.table.item(r, dialog.COL_NOTE).text())
        for r in range(dialog.table.rowCount())
    ]
    assert rows == [
        ("王五福", True, "in day care today"),
        ("钱七月", False, "in day care today, not here yesterday"),
        ("张三明", True, ""),
        ("赵六和", True, ""),
    ]
    # Space ticks the day-care elder who was not here yesterday; Ctrl+Enter logs all four.
    dialog.table.setFocus()
    dialog.table.setCurrentCell(1, 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert tab.model.rowCount() == 4
