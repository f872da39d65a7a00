"""The Dues page of the Party tab: the quarter's grid, quick payment entry, the arrears list, and the
dues statistics the branch secretary signs (:class:`DuesStatisticsDialog`).

On this page a member is found by initials, Enter takes them and a second
Enter records the month's dues. The grid and the arrears are read in a worker
thread; which months are in arrears is :func:`models.party.dues.arrears_window`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_money, ngettext
from models.core.errors import LinliError, ValidationFailed
from models.party.bands import parse_yuan
from models.party.dues import (
    DUES_STATISTICS,
    METHOD_LABELS,
    arrears,
    arrears_window,
    can_edit_bands,
    dues_grid,
    dues_statistics,
    member_arrears,
    member_due,
    month_start,
    next_unpaid_month,
    quarter_months,
    record_payment,
)
from models.party.members import find_member
from models.party.roster import search_members
from ui.common.background import BackgroundRefresh
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.month_picker import MonthPicker, month_from_text
from ui.common.quick_find import QuickFind
from ui.common.worker import Job
from ui.party.dues_bands import DuesBandsDialog
from ui.party.page import PartyPage

if TYPE_CHECKING:
    from models.core.db import Database
    from ui.party.tab import PartyTab


class _DuesGridModel(QAbstractTableModel):
    """The quarter's dues grid as plain rows (no 12,000 QTableWidgetItems: issue 9)."""

    _RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list = []
        self._headers: list[str] = []
        self._texts: dict[str, str] = {}

    def set_rows(self, rows: list, headers: list[str], texts: dict[str, str]) -> list[int]:
        """Show ``rows`` (from ``dues_grid``); returns the three months' collected totals in fen."""
        self.beginResetModel()
        self._rows, self._headers, self._texts = list(rows), headers, texts
        self.endResetModel()
        return self.totals()

    def replace_member(self, member_id: int, rows: list) -> bool:
        """Put a member's new line (``dues_grid(member_id=)``: one row or none) in place of the
        old one; False when the member was not shown (the whole grid must be read again)."""
        at = next((i for i, r in enumerate(self._rows) if r.member_id == member_id), None)
        if at is None or len(rows) != 1:
            return False
        self._rows[at] = rows[0]
        self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))
        return True

    def totals(self) -> list[int]:
        """The three months' collected totals in fen."""
        totals = [0, 0, 0]
        for row in self._rows:
            for c, (state, fen) in enumerate(row.cells):
                if state in ("paid", "short"):
                    totals[c] += fen
        return totals

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole):
            return None
        row, col = self._rows[index.row()], index.column()
        if col < 2:
            return (row.name if col == 0 else row.branch) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._RIGHT
        if col == 5:
            return format_money(row.total_fen) if role == Qt.ItemDataRole.DisplayRole else None
        state, fen = row.cells[col - 2]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.darkRed) if state in ("unpaid", "short") else None
        return format_money(fen) if state in ("paid", "short") else self._texts[state]


class DuesPage(PartyPage):
    """The quarter's grid, quick payment entry and the arrears list."""

    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.member_id: int | None = None
        today = self.today
        self.year = QSpinBox(objectName="duesYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.quarter = QComboBox(objectName="duesQuarter")
        for q in range(1, 5):
            self.quarter.addItem(f"Q{q}", q)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.quarter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.grid_model = _DuesGridModel(self)
        self.grid = QTableView(objectName="duesGrid")
        self.grid.setModel(self.grid_model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setAlternatingRowColors(True)
        # Column widths from the first rows only: measuring 2,000 rows took 1.5 s (issue 9).
        self.grid.horizontalHeader().setResizeContentsPrecision(100)

        self.finder = QuickFind(self._search, self, visible_rows=3)
        self.finder.chosen.connect(self.choose_member)
        self.chosen_label = QLabel(objectName="duesChosen")
        self.month = QLineEdit(objectName="duesMonth")
        self.amount = QLineEdit(objectName="duesAmount")
        self.method = QComboBox(objectName="duesMethod")
        self.paid_by = QLineEdit(objectName="duesPaidBy")
        self.record_button = QPushButton(objectName="recordPayment")
        self.record_button.clicked.connect(self.record)
        for edit in (self.month, self.amount, self.paid_by):
            edit.returnPressed.connect(self.record)
        self.error = ErrorLabel(self)
        self.arrears_label = QLabel()
        self.arrears = QListWidget(objectName="arrearsList")
        self.bands_button = QPushButton(objectName="duesBands")
        self.bands_button.clicked.connect(self.open_bands)
        self.bands_dialog: DuesBandsDialog | None = None
        self.stats_button = QPushButton(objectName="duesStatistics")
        self.stats_button.clicked.connect(self.open_statistics)
        self.stats_dialog: DuesStatisticsDialog | None = None
        self.owing: list = []  # the arrears shown (models.party.dues.Arrears)
        # The grid and the arrears (2,000 members: ~0.3 s) are read in a worker thread.
        self._loader = BackgroundRefresh(db, self)
        self._loader.ready.connect(self._show)
        self._loader.failed.connect(self.error.show_message)

        entry = QVBoxLayout()
        self.entry_title = QLabel()
        entry.addWidget(self.entry_title)
        entry.addWidget(self.finder)
        entry.addWidget(self.chosen_label)
        self._entry_labels = [QLabel() for _i in range(4)]
        for label, widget in zip(self._entry_labels, (self.month, self.amount, self.method, self.paid_by), strict=True):
            label.setBuddy(widget)
            entry.addWidget(label)
            entry.addWidget(widget)
        entry.addWidget(self.record_button)
        entry.addWidget(self.error)
        entry.addWidget(self.arrears_label)
        entry.addWidget(self.arrears, 1)
        top = QHBoxLayout()
        self.period_label = QLabel()
        top.addWidget(self.period_label)
        top.addWidget(self.year)
        top.addWidget(self.quarter)
        top.addStretch(1)
        self.totals = QLabel(objectName="duesTotals")
        top.addWidget(self.totals)
        top.addWidget(self.stats_button)
        top.addWidget(self.bands_button)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.grid, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(entry, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.entry_title.setText(_("Record a payment"))
        for label, text in zip(self._entry_labels, (_("Mon&th (YYYY-MM)"), _("Amo&unt (yuan)"), _("Met&hod"),
                                                       _("Paid on &behalf by")), strict=True):
            label.setText(text)
        current = self.method.currentData()
        self.method.clear()
        for key, label in METHOD_LABELS.items():
            self.method.addItem(_(label), key)
        self.method.setCurrentIndex(max(0, self.method.findData(current)))
        self.record_button.setText(_("&Record (Enter)"))
        self.period_label.setText(_("Quarter"))
        self.arrears_label.setText(_("Arrears (the last twelve months)"))
        self.bands_button.setText(_("Dues ba&nds…"))
        self.stats_button.setText(_("Stat&istics to sign…"))
        self.refresh_if_shown()

    def open_bands(self) -> DuesBandsDialog | None:
        """The bands editor (administrators only: the button is disabled for others)."""
        if not can_edit_bands():
            return None
        dialog = DuesBandsDialog(self._db, self, today=self.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.refresh)
        dialog.finished.connect(lambda _r: setattr(self, "bands_dialog", None))
        self.bands_dialog = dialog
        dialog.open()
        return dialog

    def open_statistics(self) -> DuesStatisticsDialog:
        """The month's or year's dues by branch, to save as PDF or Excel and sign."""
        dialog = DuesStatisticsDialog(self._db, self.today, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "stats_dialog", None))
        self.stats_dialog = dialog
        dialog.open()
        return dialog

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as s:
            return search_members(s, text)

    def choose_member(self, resident_id: int) -> None:
        with self._db.session() as s:
            found = find_member(s, resident_id)
            self.member_id = found.member_id if found is not None else None
            month = next_unpaid_month(s, self.member_id, self.today) if found is not None else month_start(self.today)
        self.month.setText(month.strftime("%Y-%m"))
        self._show_due()
        self.amount.setFocus()
        self.amount.selectAll()

    def _show_due(self) -> None:
        month = self._month()
        if self.member_id is None or month is None:
            return
        with self._db.session() as s:
            due = member_due(s, self.member_id, month)
        self.amount.setText(f"{due.due_fen / 100:.2f}")
        self.chosen_label.setText(_("{name}: {due} a month").format(name=due.name, due=format_money(due.due_fen)))

    def _month(self) -> dt.date | None:
        return month_from_text(self.month.text())

    def record(self) -> bool:
        if self.member_id is None:
            self.error.show_message(_("Find the member first."))
            self.finder.focus()
            return False
        month = self._month()
        if month is None:
            self.error.show_message(_("Write the month as 2026-11."))
            return False
        try:
            amount = parse_yuan(self.amount.text())
            with self._db.write() as s:
                record_payment(s, self.member_id, month, amount_fen=amount, method=self.method.currentData(),
                               paid_by=self.paid_by.text(), today=self.today)
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except (ValueError, LinliError) as exc:
            self.error.show_message(str(exc))
            return False
        self.error.show_message("")
        self.chosen_label.setText(_("Recorded {month}.").format(month=month.strftime("%Y-%m")))
        paid_member, self.member_id = self.member_id, None
        self.month.clear()
        self.amount.clear()
        self.paid_by.clear()
        self._update_member(paid_member)
        self.finder.focus()
        return True

    @property
    def loading(self) -> bool:
        """The grid and the arrears are being read."""
        return self._loader.pending

    def _months(self) -> list[dt.date]:
        return quarter_months(self.year.value(), self.quarter.currentData() or 1)

    def refresh(self) -> None:
        """Read the quarter's grid and the arrears again, in a worker thread (shown when read)."""
        editable = can_edit_bands()
        self.bands_button.setEnabled(editable)
        self.bands_button.setToolTip("" if editable else _("Only an administrator can change the dues bands."))
        months, window = self._months(), arrears_window(self.today)

        def read(job: Job) -> tuple[list[dt.date], list, list]:
            with job.db.session() as s:
                return months, dues_grid(s, months), arrears(s, *window)

        self.totals.setText(_("Reading the dues…"))
        self._loader.request(read)

    def _show(self, payload: tuple[list[dt.date], list, list]) -> None:
        months, rows, self.owing = payload
        texts = {"deferred": _("Deferred"), "unpaid": _("Unpaid"), "none": "—"}
        headers = [_("Name"), _("Branch"), *(m.strftime("%Y-%m") for m in months), _("Total")]
        self.grid_model.set_rows(rows, headers, texts)
        self.grid.resizeColumnsToContents()
        self._show_totals()
        self._fill_arrears()

    def _show_totals(self) -> None:
        self.totals.setText(_("Collected: {total}").format(total=format_money(sum(self.grid_model.totals()))))

    def _fill_arrears(self) -> None:
        self.arrears.clear()
        self.arrears.addItems([
            ngettext("{name} ({branch}): {n} month, {owed}", "{name} ({branch}): {n} months, {owed}", len(a.months)).format(
                name=a.name, branch=a.branch, n=len(a.months), owed=format_money(a.owed_fen))
            for a in self.owing
        ])

    def _update_member(self, member_id: int) -> None:
        """After a payment: that member's line and arrears read again here (a few ms), not the whole page.

        While the page is still being read, the read starts again instead (it may predate the payment).
        """
        if self._loader.pending:
            self.refresh()
            return
        with self._db.session() as s:
            line = dues_grid(s, self._months(), member_id=member_id)
            mine = member_arrears(s, member_id, self.today)
        if not self.grid_model.replace_member(member_id, line):
            self.refresh()
            return
        self._show_totals()
        at = next((i for i, a in enumerate(self.owing) if a.member_id == member_id), None)
        if at is not None:
            self.owing[at:at + 1] = mine
            self._fill_arrears()
        elif mine:  # not in arrears before the payment: the list's order needs the whole read
            self.refresh()


class DuesStatisticsDialog(Retranslatable, QDialog):
    """A month (last month to start with) or a year, its figures by branch, then PDF or Excel.

    The figures are :func:`models.party.dues.dues_statistics`; the paper
    :func:`reports.party.dues_statistics_pdf` / ``_xlsx`` (the sign-off at the end).
    """

    def __init__(self, db: Database, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duesStatisticsDialog")
        self._db = db
        self._today = today
        self.resize(600, 360)
        last_month = month_start(today) - dt.timedelta(days=1)
        self.by_month = QRadioButton(objectName="statsByMonth")
        self.by_year = QRadioButton(objectName="statsByYear")
        self.by_month.setChecked(True)
        self.month = MonthPicker(last_month, latest=today, objectName="statsMonth")
        self.year = QSpinBox(objectName="statsYear")
        self.year.setRange(2000, today.year)
        self.year.setValue(today.year)
        self.summary = QLabel(objectName="statsSummary", wordWrap=True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.error = ErrorLabel(self)
        self.pdf_button = QPushButton(objectName="statsPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(objectName="statsXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        for button in (self.pdf_button, self.xlsx_button):
            button.setAutoDefault(False)
        self.by_month.toggled.connect(lambda _on: self.refresh())
        self.month.dateChanged.connect(lambda _d: self.by_month.setChecked(True) or self.refresh())
        self.year.valueChanged.connect(lambda _v: self.by_year.setChecked(True) or self.refresh())
        period = QHBoxLayout()
        period.addWidget(self.by_month)
        period.addWidget(self.month)
        period.addSpacing(16)
        period.addWidget(self.by_year)
        period.addWidget(self.year)
        period.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.stats = None
        self.export_worker = None
        self.retranslate()

    @property
    def period(self) -> tuple[int, int | None]:
        """(year, month) or (year, None) for the whole year."""
        if self.by_month.isChecked():
            return self.month.year_month
        return self.year.value(), None

    def retranslate(self) -> None:
        self.setWindowTitle(_("Party dues statistics"))
        self.by_month.setText(_("&Month:"))
        self.by_year.setText(_("Whole &year:"))
        self.pdf_button.setText(_("Save as &PDF…"))
        self.xlsx_button.setText(_("Save as &Excel…"))
        self.refresh()

    def refresh(self) -> None:
        from reports.party import dues_period_label

        year, month = self.period
        try:
            with self._db.session() as s:
                self.stats = dues_statistics(s, year, month, today=self._today)
        except ValidationFailed as exc:
            self.stats = None
            self.summary.setText("")
            self.error.show_message("\n".join(exc.errors.values()))
        except LinliError as exc:
            self.stats = None
            self.summary.setText("")
            self.error.show_message(str(exc))
        else:
            self.error.show_message("")
            self.summary.setText(self._summary_text(dues_period_label(self.stats)))
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(self.stats is not None)

    def _summary_text(self, period: str) -> str:
        st = self.stats
        t = st.total
        lines = [_("Party dues statistics, {period}").format(period=period),
                 _("Members due: {due}, paid in full: {paid}, in arrears: {owing}.").format(
                     due=t.members_due, paid=t.members_paid, owing=t.members_in_arrears),
                 _("Amount due {due}, collected {collected}, deferred {deferred}, arrears {arrears}.").format(
                     due=format_money(t.due_fen), collected=format_money(t.collected_fen),
                     deferred=format_money(t.deferred_fen), arrears=format_money(t.arrears_fen))]
        if st.unfinished:
            lines.append(_("{month} has not ended yet: {amount} not yet paid.").format(
                month=st.months[-1].strftime("%Y-%m"), amount=format_money(t.pending_fen)))
        lines.append("")
        for b in st.branches:
            lines.append(_("{branch}: {due} members due, collected {collected}, arrears {arrears}").format(
                branch=b.branch, due=b.members_due, collected=format_money(b.collected_fen),
                arrears=format_money(b.arrears_fen)))
        if not st.branches:
            lines.append(_("No member owed dues in this period."))
        return "\n".join(lines)

    def export(self, kind: str):  # type: ignore[no-untyped-def]
        """Ask where, then write the PDF or .xlsx in a worker thread; returns the worker (or None)."""
        from reports.party import dues_statistics_pdf, dues_statistics_xlsx
        from ui.common.export import save_statistics

        self.refresh()
        if self.stats is None:
            return None
        stats = self.stats
        period = f"{stats.year}-{stats.month:02d}" if stats.month else str(stats.year)
        self.export_worker = save_statistics(  # counts and amounts by branch: a publication
            self, self._db, kind, f"party-dues-{period}.{kind}", what=DUES_STATISTICS,
            pdf=lambda centre, clerk: dues_statistics_pdf(stats, centre, prepared_by=clerk),
            xlsx=lambda path, clerk: dues_statistics_xlsx(stats, path, prepared_by=clerk))
        return self.export_worker
