"""The sub-district's window: type a period, press Enter, read the centres side by side; PDF… and Excel…."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from models.district import Centre


@pytest.fixture
def district(qtbot, demo_template, tmp_path):  # type: ignore[no-untyped-def]
    from ui.district.window import DistrictWindow

    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    shutil.copy(demo_template, a)
    shutil.copy(demo_template, b)
    centres = [Centre("幸福里社区", str(a), 1), Centre("𠮷祥社区", str(b), 2),
               Centre("东风社区", str(tmp_path / "gone.sqlite3"), 3)]
    window = DistrictWindow(centres)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _column(table, title_start: str) -> int:
    for col in range(table.columnCount()):
        if table.horizontalHeaderItem(col).text().startswith(title_start):
            return col
    raise AssertionError(title_start)


def _row(table, label: str) -> int:
    for row in range(table.rowCount()):
        if table.item(row, 1).text() == label:
            return row
    raise AssertionError(label)


def test_the_centres_side_by_side_and_the_files(district, qtbot, scripted_dialogs, tmp_path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    w = district
    w.period.clear()
    qtbot.keyClicks(w.period, "2026Q5")
    qtbot.keyClick(w.period, Qt.Key.Key_Return)
    assert w.error.isVisibleTo(w) and "2026Q5" in w.error.text() and w.worker is None

    w.period.clear()
    qtbot.keyClicks(w.period, "2026")
    qtbot.keyClick(w.period, Qt.Key.Key_Return)
    assert not w.error.isVisibleTo(w)
    qtbot.waitUntil(lambda: w.figures is not None, timeout=60_000)
    t = w.table
    assert t.rowCount() > 20
    a, b, gone, total = (_column(t, "幸福里社区"), _column(t, "𠮷祥社区"), _column(t, "东风社区"),
                         _column(t, "Sub-district total"))
    assert "did not answer" in t.horizontalHeaderItem(gone).text()
    meals = _row(t, "Meals served")
    served = int(t.item(meals, a).text().replace(",", ""))
    assert served > 0 and t.item(meals, b).text() == t.item(meals, a).text()  # the same demo at both
    assert t.item(meals, gone).text() == "—"
    assert int(t.item(meals, total).text().replace(",", "")) == 2 * served
    rate = _row(t, "Attendance rate")
    assert t.item(rate, total).text() == t.item(rate, a).text()  # recomputed from the sums: the same rate
    assert w.failures.isVisibleTo(w) and "东风社区: no database at" in w.failures.text()

    target = tmp_path / "district"
    asked: list[str] = []

    def save_file(parent, title, suggested="", file_filter=""):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return target

    scripted_dialogs.save_file = save_file
    qtbot.mouseClick(w.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(w.written) == 1, timeout=60_000)
    assert asked == ["district-2026.pdf"]
    reader = PdfReader(tmp_path / "district.pdf")
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    text = "".join(p.extract_text() for p in reader.pages)
    for expected in ("幸福里社区", "𠮷祥社区", "东风社区", "did not answer", "Made on", "Sub-district total"):
        assert expected in text, expected

    qtbot.mouseClick(w.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(w.written) == 2, timeout=60_000)
    ws = load_workbook(tmp_path / "district.xlsx").active
    rows = {r[1]: r for r in ws.iter_rows(values_only=True) if len(r) > 1}
    line = rows["Meals served"]
    assert line[2] == served and line[3] == served and line[4] == "did not answer" and line[5] == 2 * served
    assert any("Did not answer: 东风社区" in str(r[0]) for r in ws.iter_rows(values_only=True))
