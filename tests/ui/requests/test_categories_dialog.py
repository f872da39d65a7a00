"""The categories and time limits dialog as a clerk uses it: add a category, change a limit and see a new
request's deadline follow it; retire one (gone from the intake list, still on the old requests); switch
"silence is satisfied" on by clicking, and the month's figures say so."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from models.core.settings import load_centre_info
from models.requests import deadline_for, get_request, list_requests
from models.requests.entities import RequestCategory, ServiceRequest
from models.requests.statistics import month_figures
from models.safety.security import CLERK, Actor, acting_as
from reports.requests import month_figures_pdf
from ui.requests.categories import CategoriesDialog


def _tab(window):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.lazy_tabs["requests"])
    return window.tab("requests")


def _open(qtbot, tab):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.categories_button, Qt.MouseButton.LeftButton)
    dialog = tab.categories_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _set_spin(qtbot, spin, value: int) -> None:  # type: ignore[no-untyped-def]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    assert spin.value() == value


def _take(qtbot, typist, tab, category: str, text: str) -> str:  # type: ignore[no-untyped-def]
    form = tab.intake
    typist.type(form.finder.input, "13800138000")  # 张三明's phone
    qtbot.keyClick(form.finder.input, Qt.Key.Key_Return)
    index = form.category.findText(category)
    assert index >= 0, category
    form.category.setCurrentIndex(index)
    typist.type(form.text, text)
    qtbot.keyClick(form.text, Qt.Key.Key_Return)
    assert "taken" in form.done_label.text(), form.error.text()
    return form.done_label.text().split()[1]


def test_add_a_category_change_its_limit_and_new_requests_follow(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    dialog = _open(qtbot, tab)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    typist.type(dialog.name, "助浴")
    _set_spin(qtbot, dialog.days, 4)
    _set_spin(qtbot, dialog.urgent_days, 2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isHidden(), dialog.error.text()
    assert "“助浴” added" in dialog.status.text()
    row = dialog.row_of("助浴")
    assert row >= 0 and [dialog.table.item(row, c).text() for c in (1, 2, 4, 5)] == ["4", "2", "0", "In use"]
    assert tab.intake.category.findText("助浴") >= 0  # offered at once

    today = dt.date.today()
    first = _take(qtbot, typist, tab, "助浴", "帮老人洗澡")
    # Change the limit: the next request is due sooner; the first keeps its date.
    dialog.table.selectRow(dialog.row_of("助浴"))
    assert dialog.name.text() == "助浴" and dialog.days.value() == 4
    _set_spin(qtbot, dialog.days, 2)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter in the name field saves too
    assert "“助浴” saved" in dialog.status.text(), dialog.error.text()
    assert dialog.table.item(dialog.row_of("助浴"), 1).text() == "2"
    second = _take(qtbot, typist, tab, "助浴", "帮老人洗头")
    with demo_db.session() as s:
        assert get_request(s, first).deadline == deadline_for(today, 4)
        assert get_request(s, second).deadline == deadline_for(today, 2)
        assert deadline_for(today, 4) != deadline_for(today, 2)


def test_a_bad_limit_or_a_taken_name_is_refused_inline(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    dialog = _open(qtbot, tab)
    typist.type(dialog.name, "维修")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "already a category “维修”" in dialog.errors.messages().get("name", "")
    dialog.name.clear()
    typist.type(dialog.name, "助洁")
    _set_spin(qtbot, dialog.days, 2)
    _set_spin(qtbot, dialog.urgent_days, 3)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "cannot be longer than the normal one" in dialog.errors.messages().get("urgent_days", "")
    assert dialog.days.maximum() == 60 and dialog.days.minimum() == 1  # the spin boxes hold 1–60 too
    with demo_db.session() as s:
        assert s.scalar(select(RequestCategory.id).where(RequestCategory.name == "助洁")) is None


def test_retiring_hides_a_category_from_the_intake_but_old_requests_keep_it(qtbot, window, demo_db) -> None:
    tab = _tab(window)
    with demo_db.session() as s:
        old = s.scalar(select(ServiceRequest).join(RequestCategory).where(RequestCategory.name == "维修").limit(1))
        old_number, used = old.number, s.scalar(select(ServiceRequest.id).where(
            ServiceRequest.category_id == old.category_id).limit(1))
    assert used is not None
    dialog = _open(qtbot, tab)
    dialog.table.selectRow(dialog.row_of("维修"))
    assert not dialog.delete_button.isEnabled() and "retire it instead" in dialog.delete_button.toolTip()
    assert dialog.retire_button.text() == "&Retire"
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert "retired" in dialog.status.text(), dialog.error.text()
    assert dialog.table.item(dialog.row_of("维修"), 5).text() == "Retired"
    assert dialog.retire_button.text() == "&Bring back"
    assert tab.intake.category.findText("维修") == -1  # no new request can take it
    tab.view.setCurrentIndex(tab.view.findData("all"))
    tab.search.setText(old_number)
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    row = tab.row_of(old_number)
    assert row >= 0 and tab.table.item(row, 2).text().startswith("维修")  # the old request still shows it
    with demo_db.session() as s:
        assert list_requests(s, text=old_number)[0].category == "维修"
    # Brought back, it is offered again.
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert tab.intake.category.findText("维修") >= 0


def _figures_text(db) -> str:  # type: ignore[no-untyped-def]
    """The month's figures PDF of a month with requests done and never rated, as text."""
    today = dt.date.today()
    with db.session() as s:
        for back in range(1, 13):
            month = (today.replace(day=1) - dt.timedelta(days=28 * back)).replace(day=1)
            fig = month_figures(s, month.year, month.month)
            if fig.counts.not_rated or fig.counts.assumed:
                break
        else:
            raise AssertionError("no month with requests not rated")
        centre = load_centre_info(s)
    pdf = month_figures_pdf(fig, centre).pdf
    return " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_switch_silence_is_satisfied_on_by_clicking_and_the_figures_say_so(qtbot, window, demo_db) -> None:
    tab = _tab(window)
    assert "counted as satisfied" not in _figures_text(demo_db)
    dialog = _open(qtbot, tab)
    assert dialog.silence.isEnabled() and not dialog.silence.isChecked()
    qtbot.mouseClick(dialog.silence, Qt.MouseButton.LeftButton)
    assert dialog.silence.isChecked() and "now count as satisfied" in dialog.status.text()
    text = _figures_text(demo_db)
    assert "Requests not rated within 5 working days are counted as satisfied (the centre's setting)." in text
    qtbot.mouseClick(dialog.silence, Qt.MouseButton.LeftButton)  # and off again
    assert "counted as satisfied" not in _figures_text(demo_db)


def test_a_clerk_edits_the_categories_but_not_the_silence_setting(qtbot, demo_db) -> None:
    with acting_as(Actor("clerk1", CLERK)):
        dialog = CategoriesDialog(demo_db)
        qtbot.addWidget(dialog)
        assert not dialog.silence.isEnabled() and "Only an administrator" in dialog.silence_hint.text()
        assert dialog.set_silence(True) is False and "may not do this" in dialog.error.text()
        dialog.name.setText("助浴")
        assert dialog.save() and dialog.row_of("助浴") >= 0
