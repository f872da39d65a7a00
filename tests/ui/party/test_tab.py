"""The Party members tab driven as a clerk drives it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.party.entities import DuesPayment, PartyMember, PartyOrg
from models.party.members import MemberInput, create_member, save_org
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident


def _tab(qtbot, db):
    """The Party tab on a small database (built directly: no demo data needed)."""
    from ui.party.tab import PartyTab

    tab = PartyTab(db)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab


def _setup(db):
    """A branch, one member who owes last month, and a resident who is not a member yet."""
    today = dt.date.today()
    with db.write() as s:
        committee = s.scalars(select(PartyOrg).where(PartyOrg.kind == "committee")).first()
        if committee is None:
            committee = save_org(s, name="幸福里社区党委")
        branch = save_org(s, name="测试党支部", parent_id=committee.id)
        rid = create_resident(s, ResidentInput(name="钱多多", birth_date=dt.date(1980, 3, 1), phone="13700001111")).id
        mid = create_member(
            s,
            MemberInput(resident_id=rid, joined_on=dt.date(2005, 7, 1), full_on=dt.date(2006, 7, 1),
                        branch_id=branch.id, dues_base_fen=400_000),
            today=today,
        ).id
        create_resident(s, ResidentInput(name="孙悟空", birth_date=dt.date(1990, 5, 5), phone="13700002222"))
    return mid


def test_add_a_member_by_typing(qtbot, typist, db, scripted_dialogs):
    demo_db = db
    _setup(db)
    tab = _tab(qtbot, db)
    page = tab.members
    qtbot.waitUntil(page.table.isVisible)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.finder.input, "swk")
    qtbot.keyClick(dialog.finder.input, Qt.Key.Key_Return)
    assert "孙悟空" in dialog.resident_label.text()

    # Joined at 15: refused on the field, nothing written.
    qtbot.keyClicks(dialog.joined_on, "2005-07-01")
    qtbot.keyClicks(dialog.full_on, "2006-07-01")
    qtbot.keyClick(dialog.joined_on, Qt.Key.Key_Return)
    assert "joins at 18 or older" in dialog.errors.label("joined_on").text()
    dialog.joined_on.clear()
    qtbot.keyClicks(dialog.joined_on, "2015-07-01")
    dialog.full_on.clear()
    qtbot.keyClicks(dialog.full_on, "2016-09-01")  # not one year after: asks first
    typist.type(dialog.native_place, "江苏南京")
    qtbot.keyClicks(dialog.dues_base, "4500")
    scripted_dialogs.answers.append(True)
    qtbot.keyClick(dialog.dues_base, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert "normally one year after joining" in scripted_dialogs.calls[-1][2]
    with demo_db.session() as s:
        m = s.scalars(select(PartyMember).join(Resident, Resident.id == PartyMember.resident_id)
                      .where(Resident.name == "孙悟空")).one()
        assert (m.joined_on, m.full_on, m.native_place, m.dues_base_fen) == (
            dt.date(2015, 7, 1), dt.date(2016, 9, 1), "江苏南京", 450_000)
    assert page.model.data(page.table.currentIndex().siblingAtColumn(0)) == "孙悟空"
    # Search by initials in the member list.
    qtbot.keyClicks(page.search, "qdd")
    assert page.model.rowCount() == 1 and page.model.data(page.model.index(0, 0)) == "钱多多"


def test_record_a_month_and_see_the_arrears_shrink(qtbot, db):
    demo_db = db
    mid = _setup(db)
    tab = _tab(qtbot, db)
    tab.pages.setCurrentWidget(tab.dues)
    page = tab.dues
    # The page is read in a worker thread when shown: the window does not wait for 2,000 members.
    assert page.loading
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    owing = [page.arrears.item(i).text() for i in range(page.arrears.count())]
    mine = [t for t in owing if t.startswith("钱多多")]
    assert mine and "12 months, ¥480.00" in mine[0]
    row = next(r for r in range(page.grid_model.rowCount())
               if page.grid_model.data(page.grid_model.index(r, 0)) == "钱多多")
    before = [page.grid_model.data(page.grid_model.index(row, c)) for c in range(2, 5)]
    assert before == ["Unpaid"] * 3
    collected = page.totals.text()
    qtbot.keyClicks(page.finder.input, "qdd")
    qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
    assert page.amount.hasFocus() and page.amount.text() == "40.00"
    oldest = page.month.text()
    qtbot.keyClick(page.amount, Qt.Key.Key_Return)
    assert page.error.text() == ""
    with demo_db.session() as s:
        paid = s.scalars(select(DuesPayment).where(DuesPayment.member_id == mid)).all()
    assert [(p.period.strftime("%Y-%m"), p.amount_fen, p.method) for p in paid] == [(oldest, 4_000, "cash")]
    # The member's arrears and grid line are updated at once (no second read of the page).
    assert not page.loading
    owing = [page.arrears.item(i).text() for i in range(page.arrears.count())]
    assert "11 months, ¥440.00" in [t for t in owing if t.startswith("钱多多")][0]
    shown = [page.grid_model.data(page.grid_model.index(row, c)) for c in range(2, 5)]
    if oldest in page.grid_model._headers:
        assert shown[page.grid_model._headers.index(oldest) - 2] == "¥40.00"
        assert page.totals.text() != collected
    else:
        assert shown == before
    # The same month again is refused with a message.
    qtbot.keyClicks(page.finder.input, "qdd")
    qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
    page.month.setText(oldest)
    qtbot.keyClick(page.amount, Qt.Key.Key_Return)
    assert "already paid" in page.error.text()


def test_reminders_and_service_pages_show(qtbot, db):
    _setup(db)
    tab = _tab(qtbot, db)
    tab.pages.setCurrentWidget(tab.service)
    assert "members reporting in served" in tab.service.summary.text()
    tab.pages.setCurrentWidget(tab.reminders)
    tab.members.load_tree()
    assert tab.members.tree.topLevelItem(0).text(0) == "幸福里社区党委"


def test_the_roster_is_written_in_a_worker(qtbot, db, scripted_dialogs, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    _setup(db)
    tab = _tab(qtbot, db)
    page = tab.members
    out = tmp_path / "roster.pdf"
    scripted_dialogs.save_file = lambda *a, **k: out
    worker = page.export_roster()
    assert worker is not None and worker.running
    with qtbot.waitSignal(worker.finished, timeout=30000) as blocker:
        pass
    assert blocker.args[0][0] == 1
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "钱多多" in text and "测试党支部" in text
    assert scripted_dialogs.calls[-1][0] == "info" and "1 members" in scripted_dialogs.calls[-1][2]

    book = tmp_path / "roster.xlsx"
    scripted_dialogs.save_file = lambda *a, **k: book
    qtbot.mouseClick(page.roster_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.roster_worker.running, timeout=30000)
    assert page.roster_worker.outcome == "finished"
    values = [c.value for row in load_workbook(book).active.iter_rows() for c in row]
    assert "钱多多" in values and "13700001111" in values


def test_the_worker_reports_failure_and_cancellation(qtbot, db):
    import threading

    from ui.common.worker import Worker

    def broken(job):
        raise OSError("disk full")

    worker = Worker(db, broken)
    worker.start()
    with qtbot.waitSignal(worker.failed, timeout=10000) as blocker:
        pass
    assert blocker.args == ["disk full"] and worker.outcome == "failed"

    release = threading.Event()
    steps = []

    def slow(job):
        for i in range(3):
            release.wait(5)
            job.check()
            steps.append(i)
        return "done"

    worker = Worker(db, slow)
    worker.start()
    worker.cancel()
    release.set()
    with qtbot.waitSignal(worker.cancelled, timeout=10000):
        pass
    assert worker.outcome == "cancelled" and worker.result is None and steps == []


def test_a_failure_is_told_even_when_the_dialog_that_asked_was_closed(qtbot, db, scripted_dialogs):
    import threading

    from PySide6.QtWidgets import QDialog

    from ui.common.worker import run_in_worker

    dialog = QDialog()
    release = threading.Event()
    done: list[object] = []

    def broken(job):
        release.wait(5)
        raise OSError("disk full")

    worker = run_in_worker(dialog, db, broken, title="Import", label="Importing…", on_done=done.append,
                           on_error=done.append)
    dialog.deleteLater()  # the clerk closed it within the first half second
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(dialog), timeout=5000)
    release.set()
    with qtbot.waitSignal(worker.done, timeout=10000):
        pass
    assert done == []  # the closed dialog's callbacks are not called…
    assert scripted_dialogs.calls[-1] == ("error", "Import", "disk full")  # …but the clerk is told
