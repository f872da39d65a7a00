"""The Day care tab (日间照料): the daily board, check-in at queue speed, check-out.

Keyboard first: the check-in box has the focus; initials (zsm), a name
fragment, a phone tail or an ID number, then Enter checks the one match in
and clears the box for the next elder. The board shows who is expected,
in, gone home (and who collected them) and absent, with counts on top.

The widgets hold no rules: every refusal comes from :mod:`models.daycare`,
and "who did it" is taken there from the logged-in account. Health notes are
never shown here (only in the elder's own record).

Beside it: :mod:`ui.daycare.visits` (the check-out and correction dialogs),
:mod:`ui.daycare.printouts` (the attendance sheet and the monthly statistics,
in a worker thread), :mod:`ui.daycare.enrol` (the elder's record) and
:mod:`ui.daycare.sheet` (the paper-sheet grid).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_time, ngettext
from models.core.db import Database
from models.core.errors import LinliError
from models.daycare.desk import (
    Board,
    BoardRow,
    birthdays,
    board,
    check_in,
    off_service_day_note,
    search_for_checkin,
)
from models.daycare.enrolment import get_enrolment, set_status
from models.daycare.entities import CARE_LEVEL_LABELS, NotActive, NotEnrolled
from ui.common import dialogs
from ui.common.forms import Retranslatable, open_dialog
from ui.common.quick_find import QuickFind
from ui.common.refresh import AutoRefresh, file_changes
from ui.common.style import emphasize
from ui.daycare.visits import CheckoutDialog, CorrectionDialog


def _table(columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns, objectName=name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setAlternatingRowColors(True)
    return table


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DaycareTab(Retranslatable, QWidget):
    """The daily board with the check-in box."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("daycareTab")
        self._db = db
        self.board: Board | None = None
        self._shown: tuple | None = None  # what the board shows: (day, today, board, birthdays)
        self.dialog: QDialog | None = None

        self.date_edit = QDateEdit(objectName="daycareDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(_qdate(dt.date.today()))
        self.date_edit.dateChanged.connect(lambda _d: self._day_changed())
        self.today_button = QPushButton(objectName="daycareToday")
        self.today_button.clicked.connect(lambda: self.date_edit.setDate(_qdate(dt.date.today())))
        self.counts = QLabel(objectName="daycareCounts")
        emphasize(self.counts, px=15, bold=True)

        self.quick = QuickFind(self._search, visible_rows=4)
        self.quick.use_large_type(18)
        self.quick.chosen.connect(self.check_in_resident)
        self.message = QLabel(objectName="daycareMessage")
        emphasize(self.message, color="#1b5e20")
        self.past_note = QLabel(objectName="daycarePastNote")
        emphasize(self.past_note, color="#8a4b00")

        self.waiting_box, self.in_box, self.left_box = QGroupBox(), QGroupBox(), QGroupBox()
        self.waiting_table = _table(2, "waitingTable")
        self.in_table = _table(2, "inTable")
        self.left_table = _table(4, "leftTable")
        for box, table in ((self.waiting_box, self.waiting_table), (self.in_box, self.in_table), (self.left_box, self.left_table)):
            lay = QVBoxLayout(box)
            lay.setContentsMargins(4, 4, 4, 4)
            lay.addWidget(table)
        self.in_table.doubleClicked.connect(lambda _i: self.check_out_selected())
        self.left_table.setColumnWidth(0, 110)
        self.left_table.setColumnWidth(1, 60)
        self.left_table.setColumnWidth(2, 60)
        self.waiting_table.setColumnWidth(0, 110)
        self.in_table.setColumnWidth(0, 110)

        self.checkout_button = QPushButton(objectName="checkoutButton")
        self.checkout_button.clicked.connect(self.check_out_selected)
        self.correct_button = QPushButton(objectName="correctButton")
        self.correct_button.clicked.connect(self.correct_selected)
        self.closing_button = QPushButton(objectName="closingButton")
        self.closing_button.clicked.connect(self.show_still_in)
        self.enrol_button = QPushButton(objectName="enrolButton")
        self.enrol_button.clicked.connect(lambda: self.open_enrolment())
        self.record_button = QPushButton(objectName="recordButton")
        self.record_button.clicked.connect(self.open_selected_record)
        self.paper_button = QPushButton(objectName="paperButton")
        self.paper_menu = QMenu(self)
        self.sheet_day_action = self.paper_menu.addAction("")
        self.sheet_day_action.triggered.connect(lambda: self.print_sheet(week=False))
        self.sheet_week_action = self.paper_menu.addAction("")
        self.sheet_week_action.triggered.connect(lambda: self.print_sheet(week=True))
        self.paper_entry_action = self.paper_menu.addAction("")
        self.paper_entry_action.triggered.connect(self.enter_paper_sheet)
        self.paper_button.setMenu(self.paper_menu)
        self.stats_button = QPushButton(objectName="statsButton")
        self.stats_button.clicked.connect(self.export_month)
        self.birthdays = QLabel(objectName="daycareBirthdays")
        self.birthdays.setWordWrap(True)
        emphasize(self.birthdays, color="#6a1b9a")

        top = QHBoxLayout()
        self._date_label = QLabel()
        self._date_label.setBuddy(self.date_edit)
        top.addWidget(self._date_label)
        top.addWidget(self.date_edit)
        top.addWidget(self.today_button)
        top.addSpacing(16)
        top.addWidget(self.counts, 1)
        checkin = QVBoxLayout()
        self._checkin_label = QLabel()
        self._checkin_label.setBuddy(self.quick.input)
        emphasize(self._checkin_label, bold=True)
        checkin.addWidget(self._checkin_label)
        checkin.addWidget(self.quick)
        # The messages share one line whose height is kept while they are empty: the boards stay put.
        notes = QHBoxLayout()
        notes.addWidget(self.message, 1)
        notes.addWidget(self.past_note)
        for note in (self.message, self.past_note):
            note.setMinimumHeight(note.fontMetrics().height() + 2)
        checkin.addLayout(notes)
        lists = QHBoxLayout()
        lists.addWidget(self.waiting_box, 2)
        lists.addWidget(self.in_box, 2)
        lists.addWidget(self.left_box, 3)
        buttons = QHBoxLayout()
        for b in (self.checkout_button, self.correct_button, self.closing_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.enrol_button, self.record_button, self.paper_button, self.stats_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(checkin)
        layout.addLayout(lists, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.birthdays)
        self.retranslate()
        # Another desk's check-in or check-out appears within seconds while the board is shown.
        self.auto = AutoRefresh(self, self.refresh_on_timer, changed=file_changes(db), on_show=True)

    # --- texts ---------------------------------------------------------------------

    def retranslate(self) -> None:
        self._date_label.setText(_("&Day"))
        self.today_button.setText(_("&Today"))
        self._checkin_label.setText(_("Check in (F2): initials, name, phone tail or ID number, then Enter"))
        self.in_box.setTitle(_("In"))
        self.left_box.setTitle(_("Gone home"))
        self.waiting_table.setHorizontalHeaderLabels([_("Name"), _("Care level")])
        self.in_table.setHorizontalHeaderLabels([_("Name"), _("Checked in")])
        self.left_table.setHorizontalHeaderLabels([_("Name"), _("In"), _("Out"), _("Collected by")])
        self.checkout_button.setText(_("Check &out…"))
        self.correct_button.setText(_("&Correct…"))
        self.closing_button.setText(_("Still in at c&losing"))
        self.enrol_button.setText(_("&Enrol…"))
        self.record_button.setText(_("Elder's &record…"))
        self.paper_button.setText(_("&Paper"))
        self.sheet_day_action.setText(_("Attendance sheet for this day…"))
        self.sheet_week_action.setText(_("Attendance sheet for this week…"))
        self.paper_entry_action.setText(_("Enter a filled paper sheet…"))
        self.stats_button.setText(_("&Monthly statistics…"))
        self.refresh()

    # --- the board -------------------------------------------------------------------

    @property
    def day(self) -> dt.date:
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_day(self, day: dt.date) -> None:
        self.date_edit.setDate(_qdate(day))

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as session:
            return search_for_checkin(session, text)

    def keyPressEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_F2:
            self.quick.focus()
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.quick.focus()

    def _day_changed(self) -> None:
        """Another day shown: the message about the last check-in or check-out was about the one before."""
        self._tell("")
        self.refresh()

    def _tell(self, text: str, *, note: bool = False) -> None:
        """The message line: green for what was done, amber when it carries a note to read."""
        self.message.setText(text)
        emphasize(self.message, color="#8a4b00" if note else "#1b5e20")

    def _read(self) -> tuple:
        day = self.day
        today = dt.date.today()
        with self._db.session() as session:
            return day, today, board(session, day), birthdays(session, today.year, today.month)

    def refresh(self) -> None:
        """Read the board of the day shown and show it (keeping each list's selection and scroll)."""
        self._show_board(self._read())

    def refresh_on_timer(self) -> None:
        """The timer's read (:mod:`ui.common.refresh`): shown again only when it differs, so another
        desk's check-in appears and a quiet board is left as it is."""
        read = self._read()
        if read != self._shown:
            self._show_board(read)

    def _show_board(self, read: tuple) -> None:
        self._shown = read
        day, today, b, bdays = read
        self.board = b
        c = b.counts
        past = day < today
        self.counts.setText(
            _("Expected {expected} · In {in_} · Gone home {left} · {absent_label} {absent}").format(
                expected=c["expected"],
                in_=c["in"],
                left=c["left"],
                absent_label=_("Absent") if past else _("Not arrived"),
                absent=c["absent"],
            )
        )
        self.waiting_box.setTitle(_("Absent") if past else _("Expected, not arrived"))
        self._fill(self.waiting_table, b.waiting, lambda r: [r.name, _(CARE_LEVEL_LABELS.get(r.care_level, r.care_level))])
        self._fill(self.in_table, b.inside, lambda r: [r.name, format_time(r.check_in)])
        self._fill(
            self.left_table,
            b.left,
            lambda r: [
                r.name,
                format_time(r.check_in),
                format_time(r.check_out),
                ("⚠ " + _("{name} (not on the list)").format(name=r.collected_by)) if r.unlisted_collector else r.collected_by,
            ],
        )
        is_today = day == today
        self.quick.setEnabled(is_today)
        self.checkout_button.setEnabled(is_today)
        self.past_note.setText(
            ""
            if is_today
            else _("Another day is shown: check-in is for today only; change a visit with Correct… and a reason.")
        )
        if bdays:
            names = "、".join(f"{b_.name}（{b_.birth_date.month}/{b_.birth_date.day}，{b_.age}）" for b_ in bdays)
            self.birthdays.setText(_("Birthdays this month: {names}").format(names=names))
        else:
            self.birthdays.setText("")

    def _fill(self, table: QTableWidget, rows: list[BoardRow], cells) -> None:  # type: ignore[no-untyped-def]
        """Fill one list; the elder selected stays selected (wherever the row moved), the scroll stays."""
        current = table.currentRow()
        keep = None
        if current >= 0 and table.selectionModel().isRowSelected(current, table.rootIndex()):
            item = table.item(current, 0)
            keep = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        scroll = table.verticalScrollBar().value()
        table.setRowCount(len(rows))
        attention = QBrush(QColor("#fdecea"))
        for i, row in enumerate(rows):
            for j, text in enumerate(cells(row)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.resident_id)
                if row.unlisted_collector:
                    item.setBackground(attention)
                if row.corrected and j == 0:
                    item.setToolTip(_("Corrected after the fact"))
                table.setItem(i, j, item)
        at = next((i for i, row in enumerate(rows) if row.resident_id == keep), None) if keep is not None else None
        if at is not None:
            table.selectRow(at)
        elif keep is not None:
            table.clearSelection()  # that elder is in another list now
        table.verticalScrollBar().setValue(scroll)

    def _selected(self, table: QTableWidget, rows: list[BoardRow]) -> BoardRow | None:
        r = table.currentRow()
        if r < 0 or r >= len(rows) or not table.selectionModel().isRowSelected(r, table.rootIndex()):
            return None
        return rows[r]

    def selected_row(self) -> BoardRow | None:
        assert self.board is not None
        for table, rows in (
            (self.in_table, self.board.inside),
            (self.left_table, self.board.left),
            (self.waiting_table, self.board.waiting),
        ):
            if table.hasFocus() or table is self.focusWidget():
                return self._selected(table, rows)
        for table, rows in (
            (self.in_table, self.board.inside),
            (self.left_table, self.board.left),
            (self.waiting_table, self.board.waiting),
        ):
            row = self._selected(table, rows)
            if row is not None:
                return row
        return None

    def select_in(self, resident_id: int) -> None:
        assert self.board is not None
        for i, row in enumerate(self.board.inside):
            if row.resident_id == resident_id:
                self.in_table.selectRow(i)

    # --- check-in ----------------------------------------------------------------------

    def check_in_resident(self, resident_id: int) -> bool:
        """Check a resident in now; refusals are shown, with the offer to enrol or resume."""
        try:
            with self._db.write() as session:
                visit = check_in(session, resident_id)
                name = get_enrolment(session, visit.enrolment_id).resident.name
                when = visit.check_in
                note = off_service_day_note(session, visit)
        except NotEnrolled as exc:
            if dialogs.confirm(self, _("Not enrolled"), str(exc) + "\n\n" + _("Enrol in day care now?"), ok_text=_("&Enrol…")):
                self.open_enrolment(resident_id=exc.resident_id)
            self.quick.focus()
            return False
        except NotActive as exc:
            if exc.status == "paused":
                if dialogs.confirm(
                    self, _("Day care paused"), str(exc) + "\n\n" + _("Resume day care from today and check in?"),
                    ok_text=_("&Resume and check in"),
                ):
                    with self._db.write() as session:
                        set_status(session, exc.enrolment_id, "active", effective_on=dt.date.today())
                    return self.check_in_resident(resident_id)
            elif exc.status == "left":
                if dialogs.confirm(self, _("Not enrolled"), str(exc) + "\n\n" + _("Enrol in day care again?"), ok_text=_("&Enrol…")):
                    self.open_enrolment(resident_id=resident_id)
            else:
                dialogs.warning(self, _("Check-in refused"), str(exc))
            self.quick.focus()
            return False
        except LinliError as exc:
            dialogs.warning(self, _("Check-in refused"), str(exc))
            self.quick.focus()
            return False
        # A check-in on a day outside the elder's service days is kept, with a short note why
        # the board counts them in but not among the expected (models.daycare.off_service_day_note).
        self._tell(_("{name} checked in at {time}.").format(name=name, time=format_time(when))
                   + (" " + note if note else ""), note=bool(note))
        self.refresh()
        self.quick.focus()
        return True

    # --- check-out and corrections --------------------------------------------------------

    def check_out_selected(self) -> CheckoutDialog | None:
        assert self.board is not None
        row = self._selected(self.in_table, self.board.inside)
        if row is None:
            dialogs.info(self, _("Check out"), _("Choose an elder in the “In” list first."))
            return None
        return self.open_checkout(row)

    def open_checkout(self, row: BoardRow) -> CheckoutDialog:
        dialog = CheckoutDialog(self._db, row.resident_id, row.name, parent=self)
        return self._open(dialog, lambda rid: self._after_checkout(rid))

    def _after_checkout(self, resident_id: int) -> None:
        self.refresh()
        assert self.board is not None
        row = next((r for r in self.board.left if r.resident_id == resident_id), None)
        if row is not None:
            self._tell(
                _("{name} went home at {time} with {who}.").format(name=row.name, time=format_time(row.check_out), who=row.collected_by)
            )
        self.quick.focus()

    def correct_selected(self) -> CorrectionDialog | None:
        row = self.selected_row()
        if row is None:
            dialogs.info(self, _("Correct a visit"), _("Choose an elder in one of the lists first."))
            return None
        dialog = CorrectionDialog(self._db, row, self.day, parent=self)
        return self._open(dialog, lambda _rid: self.refresh())

    def _open(self, dialog, on_done):  # type: ignore[no-untyped-def]
        return open_dialog(self, dialog, dialog.completed, on_done)

    def show_still_in(self) -> list[str]:
        assert self.board is not None
        names = [f"{r.name}  {format_time(r.check_in)}" for r in self.board.inside]
        if names:
            text = ngettext("{n} elder is still in:", "{n} elders are still in:", len(names)).format(n=len(names))
            dialogs.warning(self, _("Closing time"), text + "\n\n" + "\n".join(names))
        else:
            dialogs.info(self, _("Closing time"), _("Everyone has gone home."))
        return names

    # --- enrolment and the elder's record ----------------------------------------------------

    def open_enrolment(self, *, resident_id: int | None = None, enrolment_id: int | None = None):  # type: ignore[no-untyped-def]
        from ui.daycare.enrol import EnrolmentDialog

        dialog = EnrolmentDialog(self._db, enrolment_id=enrolment_id, resident_id=resident_id, parent=self)
        return self._open(dialog, lambda _id: self.refresh())

    def open_selected_record(self):  # type: ignore[no-untyped-def]
        row = self.selected_row()
        if row is None:
            dialogs.info(self, _("Elder's record"), _("Choose an elder in one of the lists first."))
            return None
        return self.open_enrolment(enrolment_id=row.enrolment_id)

    # --- paper and numbers ---------------------------------------------------------------------

    def print_sheet(self, *, week: bool):  # type: ignore[no-untyped-def]
        """Ask where, then write the attendance sheet in a worker thread; returns the worker (or None)."""
        from ui.daycare.printouts import print_sheet

        worker = print_sheet(self, self._db, self.day, week=week, show=self.message.setText)
        if worker is not None:
            self.sheet_worker = worker
        return worker

    def export_month(self):  # type: ignore[no-untyped-def]
        """Ask where, then write the month's statistics in a worker thread; returns the worker (or None)."""
        from ui.daycare.printouts import export_month

        worker = export_month(self, self._db, self.day, show=self.message.setText)
        if worker is not None:
            self.export_worker = worker
        return worker

    def enter_paper_sheet(self):  # type: ignore[no-untyped-def]
        from ui.daycare.sheet import PaperSheetDialog

        dialog = PaperSheetDialog(self._db, self.day, parent=self)
        return self._open(dialog, lambda _n: self.refresh())
