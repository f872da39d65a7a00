"""The Dues page's “Statistics to sign…” (issue 15): pick last month or the year, see the figures
by branch, save them as PDF and Excel — written in a worker, with the sign-off."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from models.party.dues import record_payment
from models.party.entities import PartyOrg
from models.party.members import MemberInput, create_member, save_org
from models.residents.registry import ResidentInput, create_resident


def _setup(db) -> dt.date:
    """测试党支部: 钱多多 (¥4,000 → ¥40.00 a month) paid last month; 孙小圣 (¥2,000 → ¥10.00) did not."""
    today = dt.date.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with db.write() as s:
        committee = s.scalars(select(PartyOrg).where(PartyOrg.kind == "committee")).first()
        if committee is None:
            committee = save_org(s, name="幸福里社区党委")
        branch = save_org(s, name="测试党支部", parent_id=committee.id)
        for name, base in (("钱多多", 400_000), ("孙小圣", 200_000)):
            rid = create_resident(s, ResidentInput(name=name, birth_date=dt.date(1980, 3, 1))).id
            mid = create_member(s, MemberInput(resident_id=rid, joined_on=dt.date(2005, 7, 1),
                                               full_on=dt.date(2006, 7, 1), branch_id=branch.id,
                                               dues_base_fen=base), today=today).id
            if name == "钱多多":
                record_payment(s, mid, last_month, paid_on=today, today=today)
    return last_month


def _page(qtbot, db):
    from ui.party.tab import PartyTab

    tab = PartyTab(db)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    tab.pages.setCurrentWidget(tab.dues)
    qtbot.waitUntil(lambda: not tab.dues.loading, timeout=20_000)
    return tab.dues


def test_last_months_statistics_as_pdf_then_the_year_as_excel(qtbot, db, scripted_dialogs, tmp_path) -> None:
    last_month = _setup(db)
    page = _page(qtbot, db)
    assert page.stats_button.isVisible() and page.stats_button.text() == "Stat&istics to sign…"
    qtbot.mouseClick(page.stats_button, Qt.MouseButton.LeftButton)
    dialog = page.stats_dialog
    assert dialog is not None and dialog.isVisible()
    month = f"{last_month:%Y-%m}"
    assert dialog.period == (last_month.year, last_month.month)
    summary = dialog.summary.text()
    assert f"Party dues statistics, {month}" in summary
    assert "Members due: 2, paid in full: 1, in arrears: 1." in summary
    assert "Amount due ¥50.00, collected ¥40.00, deferred ¥0.00, arrears ¥10.00." in summary
    assert "测试党支部: 2 members due, collected ¥40.00, arrears ¥10.00" in summary
    assert "钱多多" not in summary and "孙小圣" not in summary

    target = tmp_path / "dues"
    scripted_dialogs.save_file = lambda parent, title, suggested="", file_filter="": (
        scripted_dialogs.calls.append(("save", title, suggested)) or target)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert scripted_dialogs.calls[-1] == ("save", "Save PDF", f"party-dues-{month}.pdf")
    qtbot.waitUntil(lambda: not dialog.export_worker.running, timeout=20_000)
    assert dialog.export_worker.outcome == "finished"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO((tmp_path / "dues.pdf").read_bytes())).pages)
    assert f"Party dues statistics, {month}" in text and "测试党支部" in text
    assert "¥50.00" in text and "Prepared by:" in text and "(Seal)" in text

    # The whole year, up to this month: this month's dues are not yet paid, not arrears.
    dialog.year.setValue(dt.date.today().year)
    dialog.by_year.setChecked(True)
    assert dialog.period == (dt.date.today().year, None)
    assert "has not ended yet" in dialog.summary.text() and "not yet paid" in dialog.summary.text()
    qtbot.mouseClick(dialog.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.export_worker.running, timeout=20_000)
    assert dialog.export_worker.outcome == "finished"
    ws = load_workbook(tmp_path / "dues.xlsx").active
    assert ws.title == str(dt.date.today().year)
    row = [c.value for c in ws[2]]
    assert row[0] == "测试党支部" and row[1] == 2
    assert ws.cell(1, 9).value == f"Not yet paid ({dt.date.today():%Y-%m})" and ws.cell(2, 9).value == 50


def test_this_month_is_the_latest_and_the_month_picker_chooses_the_month(qtbot, db) -> None:
    _setup(db)
    page = _page(qtbot, db)
    dialog = page.open_statistics()
    today = dt.date.today()
    dialog.by_year.setChecked(True)
    dialog.month.setDate(QDate(today.year + 1, 1, 1))  # beyond the latest: stays this month
    assert dialog.by_month.isChecked()
    assert dialog.period == (today.year, today.month)
    assert dialog.pdf_button.isEnabled()
    assert dialog.year.maximum() == today.year
