"""The Activities tab (活动预约): the sign-up desk, the catalogue with each
activity's bookings, and a week view of what is on."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_time
from models.activities.labels import STATUS_LABELS
from models.activities.programme import set_activity_status
from models.activities.schedule import ActivityListSource, activity_row, week_activities
from models.activities.sheet import signup_sheet_lines
from models.core.db import Database
from models.core.errors import LinliError
from models.core.files import write_bytes  # whole or not at all: no partial file on a full disk
from models.core.settings import load_centre_info
from models.safety.security import PermissionDenied, can, require
from ui.activities.bookings import BookingsPanel
from ui.activities.desk import SignUpDesk
from ui.activities.editor import ActivityEditor
from ui.activities.rooms import RoomsDialog
from ui.activities.stats import StatisticsDialog
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.lazy_model import LazyTableModel, list_view
from ui.common.style import emphasize


class WeekView(Retranslatable, QWidget):
    """A grid: one column per day of the week, the day's activities beneath."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, load: bool = True):
        super().__init__(parent)
        self.setObjectName("weekView")
        self._db = db
        self.loaded = False
        today = dt.date.today()
        self.monday = today - dt.timedelta(days=today.weekday())
        self.label = QLabel(objectName="weekLabel")
        emphasize(self.label, px=16, bold=True)
        self.prev_button = QPushButton(objectName="prevWeek")
        self.next_button = QPushButton(objectName="nextWeek")
        self.this_button = QPushButton(objectName="thisWeek")
        self.prev_button.clicked.connect(lambda: self.move(-7))
        self.next_button.clicked.connect(lambda: self.move(7))
        self.this_button.clicked.connect(self.go_today)
        self.grid = QTableWidget(0, 7, objectName="weekGrid")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.prev_button)
        top.addWidget(self.this_button)
        top.addWidget(self.next_button)
        top.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        self.activity_ids: dict[tuple[int, int], int] = {}
        self.retranslate()
        if load:
            self.reload()

    def retranslate(self) -> None:
        self.prev_button.setText(_("◀ &Previous week"))
        self.next_button.setText(_("Ne&xt week ▶"))
        self.this_button.setText(_("This &week"))
        if self.loaded:
            self.reload()

    def move(self, days: int) -> None:
        self.monday += dt.timedelta(days=days)
        self.reload()

    def go_today(self) -> None:
        today = dt.date.today()
        self.monday = today - dt.timedelta(days=today.weekday())
        self.reload()

    def reload(self) -> None:
        self.loaded = True
        with self._db.session() as s:
            rows = week_activities(s, self.monday)
        days: list[list] = [[] for _d in range(7)]
        for r in rows:
            days[(r.starts_at.date() - self.monday).days].append(r)
        self.label.setText(_("Week of {date}").format(date=format_date(self.monday, "long")))
        self.grid.setHorizontalHeaderLabels(
            [format_date(self.monday + dt.timedelta(days=d), "EEE M/d") for d in range(7)])
        self.grid.setRowCount(max([len(d) for d in days] + [1]))
        self.grid.clearContents()
        self.activity_ids.clear()
        for col, day in enumerate(days):
            for row, r in enumerate(day):
                text = f"{format_time(r.starts_at)}–{format_time(r.ends_at)}\n{r.title}\n{r.room}  {r.taken}/{r.capacity}"
                if r.status != "open":
                    text += f"\n[{_(STATUS_LABELS[r.status])}]"
                item = QTableWidgetItem(text)
                if r.status == "cancelled":
                    item.setForeground(Qt.GlobalColor.gray)
                self.grid.setItem(row, col, item)
                self.activity_ids[(row, col)] = r.id
        self.grid.resizeRowsToContents()


class ActivitiesTab(Retranslatable, QWidget):
    """Desk, catalogue + bookings, week view."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("activitiesTab")
        self._db = db
        self.editor: ActivityEditor | None = None
        self.pages = QTabWidget(objectName="activityPages")

        # The desk.
        self.desk = SignUpDesk(db)
        self.pages.addTab(self.desk, "")

        # The catalogue.
        self.source = ActivityListSource(scope="upcoming")
        # The catalogue and the week are read when their page is first shown (the desk is the first page).
        self.model = LazyTableModel(self.source, db.session, load=False, parent=self)
        self.search = QLineEdit(objectName="activitySearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.model.set_filter)
        self.scope = QComboBox(objectName="activityScope")
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.table = list_view(self.model, "activityTable", (205, 180, 110, 80, 165, 90, 60))
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selection_changed())
        self.panel = BookingsPanel(db)
        self.panel.changed.connect(self._after_booking)
        self.desk.booked.connect(self._after_booking)

        self.new_button = QPushButton(objectName="newActivity")
        self.new_button.clicked.connect(self.new_activity)
        self.edit_button = QPushButton(objectName="editActivity")
        self.edit_button.clicked.connect(self.edit_selected)
        self.cancel_button = QPushButton(objectName="cancelActivity")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.notice_button = QPushButton(objectName="printNotice")
        self.notice_button.clicked.connect(self.print_notice)
        self.sheet_button = QPushButton(objectName="printSheet")
        self.sheet_button.clicked.connect(self.print_sheet)
        self.stats_button = QPushButton(objectName="printStats")
        self.stats_button.clicked.connect(self.print_stats)
        self.rooms_button = QPushButton(objectName="editRooms")
        self.rooms_button.clicked.connect(self.edit_rooms)
        self.rooms_dialog: RoomsDialog | None = None
        self.stats_dialog: StatisticsDialog | None = None

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.scope)
        # Two rows (the activity; its papers and the rooms): one row of seven was wider
        # than a 1366 px screen beside the bookings in English.
        buttons = QVBoxLayout()
        for row_buttons in ((self.new_button, self.edit_button, self.cancel_button),
                            (self.notice_button, self.sheet_button, self.stats_button, self.rooms_button)):
            row = QHBoxLayout()
            for b in row_buttons:
                row.addWidget(b)
            row.addStretch(1)
            buttons.addLayout(row)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([860, 480])  # the catalogue's columns first; the bookings at their least
        self.pages.addTab(splitter, "")

        # The week.
        self.week = WeekView(db, load=False)
        self.week.grid.cellDoubleClicked.connect(self._week_open)
        self.pages.addTab(self.week, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._stale_pages: set[int] = {1, 2}
        self.pages.currentChanged.connect(self._page_shown)
        self.retranslate()
        self._selection_changed()

    def retranslate(self) -> None:
        self.pages.setTabText(0, _("Sign-up &desk"))
        self.pages.setTabText(1, _("&Catalogue and bookings"))
        self.pages.setTabText(2, _("Wee&k"))
        self.search.setPlaceholderText(_("Filter: title, category, organiser or room"))
        scope = self.scope.currentData() or "upcoming"
        self.scope.blockSignals(True)
        self.scope.clear()
        for key, label in (("upcoming", _("Coming")), ("past", _("Past")), ("all", _("All"))):
            self.scope.addItem(label, key)
        self.scope.setCurrentIndex(self.scope.findData(scope))
        self.scope.blockSignals(False)
        self.new_button.setText(_("&New activity or series"))
        self.edit_button.setText(_("&Edit"))
        self.cancel_button.setText(_("Cancel activit&y"))
        self.notice_button.setText(_("Notice &PDF"))
        self.sheet_button.setText(_("&Sign-up sheet PDF"))
        self.stats_button.setText(_("&Monthly statistics…"))
        self.rooms_button.setText(_("R&ooms…"))
        self.model.refresh_texts()

    # --- selection ------------------------------------------------------------------------

    def _scope_changed(self) -> None:
        self.source.scope = self.scope.currentData() or "upcoming"
        self.model.reload()
        self._selection_changed()

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_id(self, activity_id: int) -> None:
        row = self.model.row_of(activity_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _selection_changed(self) -> None:
        aid = self.selected_id()
        for b in (self.edit_button, self.cancel_button, self.notice_button, self.sheet_button):
            b.setEnabled(aid is not None)
        if aid != self.panel.activity_id:
            self.panel.set_activity(aid)

    def _after_booking(self, activity_id: int) -> None:
        """Seats changed on one activity: its desk row now, the hidden pages when next shown.

        Reloading the catalogue and the week after every booking at the desk
        made Enter → updated desk take 140 ms on ten years of data (issue 9).
        """
        if self.sender() is not self.desk:  # the desk updated its own row
            self.desk.update_activity(activity_id)
        self._stale_pages.update({1, 2})
        self._page_shown(self.pages.currentIndex())

    def _page_shown(self, index: int) -> None:
        if index not in self._stale_pages:
            return
        self._stale_pages.discard(index)
        if index == 1:
            current = self.selected_id()
            self.model.reload()
            if current is not None:
                self.select_id(current)
            self.panel.reload()
        elif index == 2:
            self.week.reload()

    def _week_open(self, row: int, col: int) -> None:
        aid = self.week.activity_ids.get((row, col))
        if aid is None:
            return
        self.scope.setCurrentIndex(self.scope.findData("all"))
        self.search.clear()
        self.pages.setCurrentIndex(1)
        self.select_id(aid)

    # --- actions ---------------------------------------------------------------------------

    def new_activity(self) -> ActivityEditor:
        return self._open_editor(None)

    def edit_selected(self) -> ActivityEditor | None:
        aid = self.selected_id()
        return self._open_editor(aid) if aid is not None else None

    def _open_editor(self, activity_id: int | None) -> ActivityEditor:
        editor = ActivityEditor(self._db, activity_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda aid, _p: self._saved(aid))
        editor.finished.connect(lambda _r: setattr(self, "editor", None))
        self.editor = editor
        editor.open()
        return editor

    def _saved(self, activity_id: int) -> None:
        self._after_booking(activity_id)
        self.select_id(activity_id)

    def cancel_selected(self) -> None:
        aid = self.selected_id()
        if aid is None:
            return
        with self._db.session() as s:
            title = activity_row(s, aid).title
        if not dialogs.confirm(self, _("Cancel activity"), _(
                "Cancel {title}? Its bookings stay on record; you will see whom to tell.").format(title=title),
                ok_text=_("Cancel activity")):
            return
        try:
            with self._db.write() as s:
                people = set_activity_status(s, aid, "cancelled")
        except LinliError as exc:
            dialogs.error(self, _("Cancel activity"), str(exc))
            return
        self._after_booking(aid)
        if people:
            dialogs.info(self, _("Cancelled"), _("Please tell:") + "\n" + "\n".join(
                f"{p.name}  {p.phone}" for p in people))

    # --- paper -------------------------------------------------------------------------------

    def print_notice(self) -> None:
        """The notice composer, filled from the activity: preview, privacy guard, save or print, history."""
        from ui.notices.tab import open_composer

        aid = self.selected_id()
        if aid is None:
            return
        open_composer(self, self._db, "activity", str(aid))

    def print_sheet(self):  # type: ignore[no-untyped-def]
        """Public or desk copy, then where; then read, build and write the sheet in a worker thread.

        Returns the worker (or None). A disk, font or permission problem is
        shown under "Save PDF" (run_in_worker's on_error).
        """
        from ui.common.worker import run_in_worker

        aid = self.selected_id()
        if aid is None:
            return None
        # Enter takes the public copy (names masked), the safe one; Escape prints nothing.
        copy = dialogs.choose(self, _("Sign-up sheet"), _(
            "Print the public copy (names masked), or the desk copy with full names and phones?"),
            [_("Public copy"), _("Desk copy")], default=0)
        if copy is None:
            return None
        public = copy == 0
        from models.safety.export import SIGNUP_DESK_COPY, SIGNUP_PUBLIC
        from ui.common.export import refused_personal_output, write_recorded

        if not public and refused_personal_output(self, _("Sign-up sheet")):  # the desk copy: export.personal
            return None
        path = dialogs.save_file(self, _("Save PDF"), f"signup-{aid}.pdf", _("PDF files (*.pdf)"))
        if path is None:
            return None

        def write(job):  # type: ignore[no-untyped-def]  # in the worker thread
            from reports.activities import signup_sheet_pdf

            with job.db.session() as s:
                row, lines, centre = activity_row(s, aid), signup_sheet_lines(s, aid), load_centre_info(s)
            result = signup_sheet_pdf(row, lines, centre, public=public)
            write_recorded(job.db, path, lambda: write_bytes(path, result.pdf),
                           what=SIGNUP_PUBLIC if public else SIGNUP_DESK_COPY, count=len(lines), personal=not public)
            return result.missing

        def written(missing) -> None:  # type: ignore[no-untyped-def]
            if missing:
                dialogs.warning(self, _("Save PDF"), _("No font could print: {chars}").format(chars=" ".join(missing)))

        self.sheet_worker = run_in_worker(
            self, self._db, write, title=_("Save PDF"), label=_("Writing the sign-up sheet…"), on_done=written,
        )
        return self.sheet_worker

    def print_stats(self) -> StatisticsDialog:
        """Choose the month, then save its figures as PDF or .xlsx."""
        dialog = StatisticsDialog(self._db, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "stats_dialog", None))
        self.stats_dialog = dialog
        dialog.open()
        return dialog

    # --- rooms -------------------------------------------------------------------------------

    def edit_rooms(self) -> RoomsDialog | None:
        """The rooms editor (administrators and clerks: ``activities.write``)."""
        if not can("activities.write"):
            try:
                require("activities.write")
            except PermissionDenied as exc:
                dialogs.error(self, _("Rooms"), str(exc))
            return None
        dialog = RoomsDialog(self._db, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._rooms_changed)
        dialog.finished.connect(lambda _r: setattr(self, "rooms_dialog", None))
        self.rooms_dialog = dialog
        dialog.open()
        return dialog

    def _rooms_changed(self) -> None:
        current = self.selected_id()
        self.model.reload()
        if current is not None:
            self.select_id(current)
        self.panel.reload()
        self.desk.reload()
        self.week.reload()
