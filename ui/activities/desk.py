"""The weekend sign-up desk: large and readable, one person after another.

The screen lists this weekend's and next week's open activities with the seats
left. Find the resident (pinyin initials, phone tail, ID number — Enter), pick
the activity with ↑ ↓, Enter: booked (or waitlisted), the seats left update,
and the search box is ready for the next person.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_time
from models.activities.labels import TARGET_LABELS
from models.activities.schedule import ActivityRow, activity_row, desk_activities
from models.core.db import Database
from models.residents.registry import get_resident, search_residents
from ui.activities.booking import BookingFlow
from ui.common.forms import Retranslatable
from ui.common.quick_find import QuickFind
from ui.common.refresh import AutoRefresh, file_changes
from ui.common.style import emphasize


class SignUpDesk(Retranslatable, QWidget):
    """Emits :attr:`booked` (activity id) after every booking."""

    booked = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signUpDesk")
        self._db = db
        self.rows: list[ActivityRow] = []
        self.resident_id: int | None = None
        self.heading = QLabel(objectName="deskHeading")
        emphasize(self.heading, px=24, bold=True)
        self.find = QuickFind(self._search, self, visible_rows=3)
        self.find.chosen.connect(self.choose_resident)
        self.person = QLabel(objectName="deskPerson")
        emphasize(self.person, px=22, color="#1d4e89")
        self.seats = QSpinBox(objectName="deskSeats")
        self.seats.setRange(1, 6)
        self.seats_label = QLabel()
        self.seats_label.setBuddy(self.seats)
        self.walkin_name = QLineEdit(objectName="deskWalkinName")
        self.walkin_phone = QLineEdit(objectName="deskWalkinPhone")
        self.walkin_label = QLabel()
        self.reason = QLineEdit(objectName="deskOverrideReason")
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.result = QLabel(objectName="deskResult")
        self.result.setWordWrap(True)
        emphasize(self.result, px=22, bold=True)

        self.table = QTableWidget(0, 5, objectName="deskTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _i: self.book_current())
        for edit in (self.walkin_name, self.walkin_phone, self.reason):
            edit.returnPressed.connect(self._walkin_enter)

        self.flow = BookingFlow(db, self)

        # The left column has a width of its own (issue 15): the matches, the person and the
        # labels wrap inside it, so it never widens while the clerk types, and the activities
        # keep the rest.
        left_column = QWidget(objectName="deskLeft")
        left_column.setFixedWidth(400)
        left = QVBoxLayout(left_column)
        left.setContentsMargins(0, 0, 0, 0)
        for label in (self.person, self.seats_label, self.walkin_label, self.reason_label):
            label.setWordWrap(True)
        self.person.setMinimumHeight(2 * self.person.fontMetrics().height())
        left.addWidget(self.find)
        left.addWidget(self.person)
        seats = QHBoxLayout()
        seats.addWidget(self.seats_label)
        seats.addWidget(self.seats)
        seats.addStretch(1)
        left.addLayout(seats)
        left.addWidget(self.walkin_label)
        left.addWidget(self.walkin_name)
        left.addWidget(self.walkin_phone)
        left.addWidget(self.reason_label)
        left.addWidget(self.reason)
        left.addWidget(self.result)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(left_column)
        body.addWidget(self.table, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)
        # Big type at the weekend desk (read across the counter).
        emphasize(self.table, px=20)
        emphasize(self.seats, px=20)
        self.find.use_large_type(22)
        for edit in (self.walkin_name, self.walkin_phone, self.reason):
            emphasize(edit, px=22)
            edit.setTextMargins(6, 6, 6, 6)
        self.retranslate()
        self.reload()
        # Another desk's bookings change the seats left here within seconds while the desk is shown.
        self.auto = AutoRefresh(self, self.refresh_on_timer, changed=file_changes(db), on_show=True)

    def retranslate(self) -> None:
        self.heading.setText(_("Sign-up desk — this weekend and next week"))
        self.seats_label.setText(_("S&eats (a parent with a child: 2)"))
        self.walkin_label.setText(_("Walk-in (not registered): name and phone, then pick the activity"))
        self.walkin_name.setPlaceholderText(_("Walk-in's name"))
        self.walkin_phone.setPlaceholderText(_("Walk-in's phone"))
        self.reason_label.setText(_("Override &reason (only when the activity is for another group)"))
        self.table.setHorizontalHeaderLabels([_("When"), _("Activity"), _("Room"), _("For"), _("Seats left")])
        self.find.retranslate()
        self._show_person()
        self._fill()

    # --- data ------------------------------------------------------------------------

    def _search(self, text: str):
        with self._db.session() as s:
            return search_residents(s, text, limit=8)

    def reload(self) -> None:
        current = self.current_activity_id()
        with self._db.session() as s:
            self.rows = desk_activities(s)
        self._fill()
        self.select_activity(current)

    def refresh_on_timer(self) -> None:
        """The timer's read (:mod:`ui.common.refresh`): another desk's bookings change the seats left;
        shown again only when a row differs, the activity picked and the scroll kept."""
        with self._db.session() as s:
            rows = desk_activities(s)
        if rows == self.rows:
            return
        if [r.id for r in rows] == [r.id for r in self.rows]:
            # The same activities: only the rows whose seats changed (a whole fill takes ~65 ms on
            # ten years of data, the header sizing its columns at each cell; one row ~3 ms).
            for i, (row, shown) in enumerate(zip(rows, self.rows, strict=True)):
                if row != shown:
                    self.rows[i] = row
                    self._fill_row(i, row)
            return
        current = self.current_activity_id()
        scroll = self.table.verticalScrollBar().value()
        self.rows = rows
        self._fill()
        if current is None or any(r.id == current for r in rows):
            self.select_activity(current)
        else:  # cancelled or started meanwhile: Enter must not book whatever row took its place
            self.table.setCurrentCell(-1, -1)
        self.table.verticalScrollBar().setValue(scroll)

    def update_activity(self, activity_id: int) -> None:
        """After a booking or a cancellation: that one row read again, not the whole desk.

        Reloading every activity of the fortnight after each booking took
        140 ms on ten years of data (issue 9); one activity's row is a few ms.
        """
        i = next((i for i, r in enumerate(self.rows) if r.id == activity_id), None)
        if i is None:
            return
        with self._db.session() as s:
            row = activity_row(s, activity_id)
        if row.status != "open":
            self.reload()
            return
        self.rows[i] = row
        self._fill_row(i, row)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            self._fill_row(i, r)

    def _fill_row(self, i: int, r: ActivityRow) -> None:
        left = r.seats_left
        seats = str(left) if left else _("full, {n} waiting").format(n=r.waiting)
        cells = (
            f"{format_date(r.starts_at.date(), 'EEE M/d')} {format_time(r.starts_at)}",
            r.title, r.room, _(TARGET_LABELS[r.target_group]), seats,
        )
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col == 4:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not left:
                    item.setForeground(Qt.GlobalColor.darkRed)
            self.table.setItem(i, col, item)

    def current_activity_id(self) -> int | None:
        row = self.table.currentRow()
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def select_activity(self, activity_id: int | None) -> None:
        for i, r in enumerate(self.rows):
            if r.id == activity_id:
                self.table.selectRow(i)
                return
        if self.rows and self.table.currentRow() < 0:
            self.table.selectRow(0)

    # --- the queue --------------------------------------------------------------------

    def choose_resident(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self.walkin_name.clear()
        self.walkin_phone.clear()
        self._show_person()
        self.table.setFocus()
        if self.table.currentRow() < 0 and self.rows:
            self.table.selectRow(0)

    def _show_person(self) -> None:
        if self.resident_id is None:
            self.person.setText(_("Find the resident, pick the activity, Enter."))
            return
        with self._db.session() as s:
            name = get_resident(s, self.resident_id).name
        self.person.setText(_("Signing up: {name} — pick the activity, Enter").format(name=name))

    def _walkin_enter(self) -> None:
        if self.walkin_name.text().strip() or self.reason.text().strip():
            self.table.setFocus()

    def book_current(self) -> None:
        activity_id = self.current_activity_id()
        if activity_id is None:
            return
        walkin = self.resident_id is None
        if walkin and not (self.walkin_name.text().strip() or self.walkin_phone.text().strip()):
            self.result.setText(_("First find the resident (or type a walk-in's name and phone)."))
            self.find.focus()
            return
        outcome = self.flow.book(
            activity_id, resident_id=self.resident_id, seats=self.seats.value(),
            walkin_name=self.walkin_name.text(), walkin_phone=self.walkin_phone.text(),
            override_reason=self.reason.text(),
        )
        self.result.setText(outcome.message)
        emphasize(self.result, color="#1b5e20" if outcome.ok else "#b3261e")
        if outcome.ok:
            self.resident_id = None
            self.seats.setValue(1)
            for edit in (self.walkin_name, self.walkin_phone, self.reason):
                edit.clear()
            self._show_person()
            self.update_activity(activity_id)
            self.booked.emit(activity_id)
            self.find.focus()
        elif outcome.needs_reason:
            self.reason.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802  # type: ignore[no-untyped-def]
        if obj is self.table and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.book_current()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.find.focus()
                return True
        return super().eventFilter(obj, event)
