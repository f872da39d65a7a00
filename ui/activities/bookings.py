"""One activity's bookings: seats left, book, cancel (whom to call), attendance,
no-shows, walk-ins registered as residents, a resident's history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, ngettext
from models.activities.attendance import check_in, mark_no_shows, set_attended
from models.activities.bookings import cancel_booking, register_walkin
from models.activities.labels import BOOKING_LABELS, OVERRIDE_LABELS
from models.activities.schedule import (
    BookingRow,
    activity_bookings,
    activity_row,
    booking_search_condition,
    resident_history,
)
from models.core.db import Database
from models.core.errors import LinliError, NeedsConfirmation
from models.residents.registry import get_resident, search_residents
from ui.activities.booking import BookingFlow
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.quick_find import QuickFind
from ui.common.style import emphasize


class BookingsPanel(Retranslatable, QWidget):
    """Emits :attr:`changed` (activity id) after any write."""

    changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bookingsPanel")
        self._db = db
        self.activity_id: int | None = None
        self.rows: list[BookingRow] = []
        self.flow = BookingFlow(db, self)
        self.last_called: list = []

        self.title = QLabel(objectName="bookingsTitle")
        emphasize(self.title, px=16, bold=True)
        self.title.setWordWrap(True)
        self.seats_left = QLabel(objectName="seatsLeft")
        emphasize(self.seats_left, px=18, color="#1d4e89")
        self.book_find = QuickFind(self._search_all, self, visible_rows=3)
        self.book_find.chosen.connect(self.book_resident)
        self.book_label = QLabel()
        self.seats = QSpinBox(objectName="bookingSeats")
        self.seats.setRange(1, 6)
        self.message = QLabel(objectName="bookingMessage")
        self.message.setWordWrap(True)
        self.attend_find = QuickFind(self._search_booked, self, visible_rows=3)
        self.attend_find.chosen.connect(self.check_in_resident)
        self.attend_label = QLabel()

        self.table = QTableWidget(0, 6, objectName="bookingsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._item_changed)

        self.cancel_button = QPushButton(objectName="cancelBooking")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.register_button = QPushButton(objectName="registerWalkin")
        self.register_button.clicked.connect(self.register_selected)
        self.history_button = QPushButton(objectName="residentHistory")
        self.history_button.clicked.connect(self.show_history)
        self.noshow_button = QPushButton(objectName="markNoShows")
        self.noshow_button.clicked.connect(self.mark_no_shows)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.seats_left)
        layout.addWidget(self.book_label)
        line = QHBoxLayout()
        line.addWidget(self.book_find, 1)
        line.addWidget(self.seats)
        layout.addLayout(line)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for b in (self.cancel_button, self.register_button, self.history_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.attend_label)
        attend = QHBoxLayout()
        attend.addWidget(self.attend_find, 1)
        attend.addWidget(self.noshow_button)
        layout.addLayout(attend)
        self.retranslate()
        self.set_activity(None)

    def retranslate(self) -> None:
        self.book_label.setText(_("Book a resident (quick-find, Enter); seats:"))
        self.attend_label.setText(_("On the day: tick “Came”, or find the resident and Enter"))
        self.cancel_button.setText(_("&Cancel booking"))
        self.register_button.setText(_("Register &walk-in as resident"))
        self.history_button.setText(_("Resident's &history"))
        self.noshow_button.setText(_("Mark the rest as &no-shows"))
        self.table.setHorizontalHeaderLabels([_("Came"), _("Name"), _("Phone"), _("Seats"), _("Status"), _("Notes")])
        self.book_find.retranslate()
        self.attend_find.retranslate()
        self.reload()

    # --- data ----------------------------------------------------------------------------

    def _search_all(self, text: str):
        with self._db.session() as s:
            return search_residents(s, text, limit=8)

    def _search_booked(self, text: str):
        if self.activity_id is None:
            return []
        with self._db.session() as s:
            return search_residents(s, text, where=booking_search_condition(self.activity_id), limit=8)

    def set_activity(self, activity_id: int | None) -> None:
        self.activity_id = activity_id
        self.message.setText("")
        self.reload()

    def reload(self) -> None:
        enabled = self.activity_id is not None
        for w in (self.book_find, self.seats, self.attend_find, self.table, self.cancel_button,
                  self.register_button, self.history_button, self.noshow_button):
            w.setEnabled(enabled)
        if not enabled:
            self.title.setText(_("Choose an activity to see its bookings."))
            self.seats_left.setText("")
            self.rows = []
            self.table.setRowCount(0)
            return
        with self._db.session() as s:
            row = activity_row(s, self.activity_id)
            self.rows = activity_bookings(s, self.activity_id)
        self.title.setText(f"{row.title}\n{row.when()}  {row.room}")
        self.seats_left.setText(
            ngettext("{left} seat left of {cap}", "{left} seats left of {cap}", row.seats_left).format(
                left=row.seats_left, cap=row.capacity)
            + ("  " + _("({n} waiting)").format(n=row.waiting) if row.waiting else "")
        )
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, b in enumerate(self.rows):
            came = QTableWidgetItem()
            if b.status in ("confirmed", "attended", "no_show"):
                came.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                came.setCheckState(Qt.CheckState.Checked if b.status == "attended" else Qt.CheckState.Unchecked)
            else:
                came.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            status = _(BOOKING_LABELS[b.status])
            if b.waitlist_position:
                status += " #" + str(b.waitlist_position)
            notes = [_("walk-in")] if b.walkin else []
            notes += [_(OVERRIDE_LABELS[k]) for k in b.overrides if k in OVERRIDE_LABELS]
            self.table.setItem(i, 0, came)
            for col, text in enumerate((b.name, b.phone, str(b.seats), status, "、".join(notes)), start=1):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(i, col, item)
        self.table.blockSignals(False)

    def selected(self) -> BookingRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_booking(self, booking_id: int) -> None:
        for i, b in enumerate(self.rows):
            if b.id == booking_id:
                self.table.selectRow(i)

    def _done(self) -> None:
        self.reload()
        if self.activity_id is not None:
            self.changed.emit(self.activity_id)

    # --- actions -------------------------------------------------------------------------

    def book_resident(self, resident_id: int) -> None:
        if self.activity_id is None:
            return
        outcome = self.flow.book(self.activity_id, resident_id=resident_id, seats=self.seats.value())
        self.message.setText(outcome.message)
        self.seats.setValue(1)
        if outcome.ok:
            self._done()

    def cancel_selected(self) -> None:
        b = self.selected()
        if b is None:
            return
        if not dialogs.confirm(self, _("Cancel booking"), _("Cancel {name}'s booking ({seats} seats)?").format(
                name=b.name, seats=b.seats), ok_text=_("Cancel booking")):
            return
        try:
            with self._db.write() as s:
                called = cancel_booking(s, b.id)
        except LinliError as exc:
            dialogs.error(self, _("Cancel booking"), str(exc))
            return
        self.last_called = called
        self._done()
        if called:
            dialogs.info(self, _("Waitlist moved up"), _("A seat is free. Please call:") + "\n" + "\n".join(
                _("{name}  {phone}  ({seats} seats)").format(name=p.name, phone=p.phone, seats=p.seats) for p in called))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or not 0 <= item.row() < len(self.rows):
            return
        b = self.rows[item.row()]
        try:
            with self._db.write() as s:
                set_attended(s, b.id, item.checkState() == Qt.CheckState.Checked)
        except LinliError as exc:
            self.message.setText(str(exc))
        self._done()

    def check_in_resident(self, resident_id: int) -> None:
        if self.activity_id is None:
            return
        try:
            with self._db.write() as s:
                booking = check_in(s, self.activity_id, resident_id)
                name = get_resident(s, resident_id).name
                bid = booking.id
        except LinliError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(_("{name} is here.").format(name=name))
        self._done()
        self.select_booking(bid)

    def mark_no_shows(self) -> None:
        if self.activity_id is None:
            return
        if not dialogs.confirm(self, _("No-shows"), _(
                "Mark every confirmed booking not ticked as a no-show, and the activity as done?")):
            return
        with self._db.write() as s:
            n = mark_no_shows(s, self.activity_id)
        self.message.setText(ngettext("{n} no-show marked.", "{n} no-shows marked.", n).format(n=n))
        self._done()

    def register_selected(self) -> None:
        b = self.selected()
        if b is None or not b.walkin:
            self.message.setText(_("Choose a walk-in's booking first."))
            return
        confirmed = False
        while True:
            try:
                with self._db.write() as s:
                    resident = register_walkin(s, b.id, confirmed=confirmed)
                    name = resident.name
                break
            except NeedsConfirmation as exc:
                if not dialogs.confirm(self, _("Register walk-in"), str(exc)):
                    return
                confirmed = True
            except LinliError as exc:
                self.message.setText(str(exc))
                return
        self.message.setText(_("{name} is now a registered resident.").format(name=name))
        self._done()

    def show_history(self) -> None:
        b = self.selected()
        if b is None or b.resident_id is None:
            self.message.setText(_("Choose a registered resident's booking first."))
            return
        with self._db.session() as s:
            history = resident_history(s, b.resident_id)
            name = get_resident(s, b.resident_id).name
        lines = [
            _("{n} bookings, {a} attended, {x} no-shows.").format(
                n=len(history.rows), a=history.attended, x=history.no_shows)
        ]
        lines += [f"{format_date(r.starts_at.date(), 'medium')}  {r.title}  {_(BOOKING_LABELS[r.status])}"
                  for r in history.rows[:30]]
        dialogs.info(self, _("{name}: activities").format(name=name), "\n".join(lines))
