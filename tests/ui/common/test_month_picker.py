"""The one month field (issue 14): meals' month end, activities' statistics and the dues desk ask for a month
through ui/common/month_picker.py."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from ui.common.month_picker import MonthPicker, month_from_text


def test_the_picker_shows_a_month_and_steps_by_months(qtbot):
    picker = MonthPicker(dt.date(2026, 11, 22), latest=dt.date(2027, 12, 31))
    qtbot.addWidget(picker)
    assert picker.objectName() == "month" and picker.displayFormat() == "yyyy-MM"
    assert picker.year_month == (2026, 11) and picker.first_day == dt.date(2026, 11, 1)
    assert picker.date() == QDate(2026, 11, 1)
    picker.setFocus()
    picker.setCurrentSection(MonthPicker.Section.MonthSection)
    qtbot.keyClick(picker, Qt.Key.Key_Up)
    assert picker.year_month == (2026, 12)
    picker.set_month(dt.date(2030, 5, 9))
    assert picker.year_month == (2027, 12)  # never after the latest day
    assert picker.maximumDate() == QDate(2027, 12, 31)


def test_the_meals_and_activities_dialogs_use_it():
    import ui.activities.stats
    import ui.meals.month_end

    assert ui.activities.stats.MonthPicker is MonthPicker
    assert ui.meals.month_end.MonthPicker is MonthPicker


def test_a_month_typed_in_a_line_edit():
    assert month_from_text(" 2026-11 ") == dt.date(2026, 11, 1)
    assert month_from_text("2026-11-15") == dt.date(2026, 11, 15)
    assert month_from_text("") is None
    assert month_from_text("November") is None
