"""The mediation page (矛盾调解) of the Grids tab: the cases for a mediator, the counts for everyone else.

A mediator (or an administrator) sees the list of cases — number, date, kind,
the parties masked (张*明), the state; the chosen year's cases and every
case still open — opens one (every open is audited by the
domain: :func:`models.mediation.view_case`), opens a new case, adds a session
and closes it. Any other role sees only the counts by kind and month; the
domain refuses the cases to it whatever this page shows (``require``).
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_number, parse_date
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.mediation import (
    CaseInput,
    MediatorInput,
    PartyInput,
    add_session,
    case_years,
    close_case,
    list_cases,
    open_case,
    view_case,
    year_figures,
)
from models.mediation.labels import (
    KIND_LABELS,
    KINDS,
    OUTCOME_LABELS,
    OUTCOMES,
    STATE_LABELS,
    label,
)
from models.safety.audit import is_read_only
from models.safety.security import can
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.headers import keep_header_texts_whole
from ui.common.quick_find import QuickFind
from ui.common.style import emphasize
from ui.grids.page import ResidentSearch


def _rate(value: float | None) -> str:
    return "—" if value is None else format_number(value * 100, 1) + "%"


def _errors(exc: LinliError) -> str:
    return "\n".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else str(exc)


class MediationPage(ResidentSearch, Retranslatable, QWidget):
    """The page: ``MediationPage(db, parent, today=...)``; the role is the current actor's (``can``)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._db = db
        self._today = today
        self.confidential = can("mediation.read")
        self.rows: list = []
        self.case_id: int | None = None
        self.parties: list[PartyInput] = []
        self._names: dict[int, str] = {}  # the chosen residents' names, for the party list
        self.summary = QLabel(objectName="mediationSummary")
        emphasize(self.summary, px=15, bold=True)
        self.note = QLabel(objectName="mediationNote")
        self.note.setWordWrap(True)
        emphasize(self.note, color="#555")
        # The year shown: its counts and, for a mediator, its cases and every case still open.
        self.year = QComboBox(objectName="mediationYear")
        self._fill_years()
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        if self.confidential:
            self._build_cases(layout)
        else:
            self._build_counts(layout)
        self.retranslate()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _fill_years(self) -> None:
        years = set(range(self.today.year - 9, self.today.year + 1))
        if self.confidential:
            with self._db.session() as s:
                years |= set(case_years(s))
        for y in sorted(years, reverse=True):
            self.year.addItem(str(y), y)

    # --- the counts only (a role without the cases) ---------------------------------------------

    def _build_counts(self, layout: QVBoxLayout) -> None:
        self.by_kind = QTableWidget(objectName="countsByKind")
        self.by_month = QTableWidget(objectName="countsByMonth")
        row = QHBoxLayout()
        for table in (self.by_kind, self.by_month):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            row.addWidget(table)
        layout.addLayout(row, 1)

    def _fill_counts(self, table: QTableWidget, first: str, lines: list) -> None:  # type: ignore[type-arg]
        table.clear()
        table.setColumnCount(5)
        table.setHorizontalHeaderLabels([first, _("Cases"), _("Closed"), _("Resolved"), _("Success rate")])
        table.setRowCount(len(lines))
        for r, (name, c) in enumerate(lines):
            for col, text in enumerate((name, str(c.opened), str(c.closed), str(c.resolved), _rate(c.success_rate))):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, col, item)
        table.resizeColumnsToContents()
        keep_header_texts_whole(table)
        table.setMinimumWidth(table.horizontalHeader().length() + table.verticalScrollBar().sizeHint().width() + 4)

    # --- the cases (a mediator) ---------------------------------------------------------------------

    def _build_cases(self, layout: QVBoxLayout) -> None:
        self.table = QTableWidget(objectName="caseTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        # Open a case.
        self.new_box = QGroupBox(objectName="newCase")
        self.finder = QuickFind(self.search, self, visible_rows=3)
        self.finder.chosen.connect(self._chosen)
        self.outsider_name = QLineEdit(objectName="outsiderName")
        self.outsider_phone = QLineEdit(objectName="outsiderPhone")
        self.outsider_phone.returnPressed.connect(self.add_outsider)
        self.add_outsider_button = QPushButton(objectName="addOutsider", clicked=self.add_outsider)
        self.party_list = QListWidget(objectName="partyList")
        self.party_list.setFixedHeight(70)
        self.kind = QComboBox(objectName="kind")
        for value in KINDS:
            self.kind.addItem("", value)
        self.matter = QLineEdit(objectName="matter")
        self.mediators = QLineEdit(objectName="mediators")
        self.opened_on = QLineEdit(objectName="openedOn")
        self.matter.returnPressed.connect(self.open_new)
        self.open_button = QPushButton(objectName="openCase", clicked=self.open_new)
        self.new_error = ErrorLabel(self)
        self._labels = {k: QLabel() for k in ("outsider", "kind", "matter", "mediators", "opened_on", "held_on",
                                              "session_note", "outcome", "agreement", "referred_to", "closed_on")}
        form = QFormLayout()
        outsider = QHBoxLayout()
        outsider.addWidget(self.outsider_name, 2)
        outsider.addWidget(self.outsider_phone, 2)
        outsider.addWidget(self.add_outsider_button)
        form.addRow(self._labels["outsider"], outsider)
        for key, widget in (("kind", self.kind), ("matter", self.matter), ("mediators", self.mediators),
                            ("opened_on", self.opened_on)):
            form.addRow(self._labels[key], widget)
            self._labels[key].setBuddy(widget)
        box = QVBoxLayout(self.new_box)
        box.addWidget(self.finder)
        box.addWidget(self.party_list)
        box.addLayout(form)
        box.addWidget(self.open_button)
        box.addWidget(self.new_error)
        # The case open now.
        self.case_box = QGroupBox(objectName="theCase")
        # A read-only text box, not a word-wrapped label: a label's height inside a scroll area
        # does not follow its text (the case's lines were cut to the first one).
        self.detail = QPlainTextEdit(objectName="caseDetail", readOnly=True)
        self.detail.setFixedHeight(self.detail.fontMetrics().lineSpacing() * 8 + 12)
        self.held_on = QLineEdit(objectName="heldOn")
        self.session_note = QLineEdit(objectName="sessionNote")
        self.session_note.returnPressed.connect(self.add_session)
        self.session_button = QPushButton(objectName="addSession", clicked=self.add_session)
        self.outcome = QComboBox(objectName="outcome")
        for value in OUTCOMES:
            self.outcome.addItem("", value)
        self.agreement = QLineEdit(objectName="agreement")
        self.agreement.returnPressed.connect(self.close_case)
        self.referred_to = QLineEdit(objectName="referredTo")
        self.closed_on = QLineEdit(objectName="closedOn")
        self.close_button = QPushButton(objectName="closeCase", clicked=self.close_case)
        self.case_error = ErrorLabel(self)
        steps = QFormLayout()
        for key, widget in (("held_on", self.held_on), ("session_note", self.session_note)):
            steps.addRow(self._labels[key], widget)
            self._labels[key].setBuddy(widget)
        steps.addRow("", self.session_button)
        for key, widget in (("outcome", self.outcome), ("agreement", self.agreement),
                            ("referred_to", self.referred_to), ("closed_on", self.closed_on)):
            steps.addRow(self._labels[key], widget)
            self._labels[key].setBuddy(widget)
        steps.addRow("", self.close_button)
        case = QVBoxLayout(self.case_box)
        case.addWidget(self.detail)
        case.addLayout(steps)
        case.addWidget(self.case_error)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.new_box)
        side.addWidget(self.case_box)
        side.addStretch(1)
        scroll = QScrollArea(objectName="mediationSide")
        scroll.setWidget(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(right.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setCollapsible(1, False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._show_case(None)

    # --- text -------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        if self.confidential:
            self.note.setText(_("Mediation records are confidential: every case you open is recorded in the "
                                "audit trail. The list masks the parties' names."))
            self.new_box.setTitle(_("Open a case"))
            self.case_box.setTitle(_("The case"))
            texts = {"outsider": _("Or a party outside the registry"), "kind": _("&Kind"), "matter": _("&Matter"),
                     "mediators": _("M&ediators"), "opened_on": _("&Date"), "held_on": _("Session &on"),
                     "session_note": _("&Note"), "outcome": _("O&utcome"), "agreement": _("&Agreement"),
                     "referred_to": _("&Referred to"), "closed_on": _("C&losed on")}
            for key, text in texts.items():
                self._labels[key].setText(text)
            self.outsider_name.setPlaceholderText(_("name"))
            self.outsider_phone.setPlaceholderText(_("phone — then Enter"))
            self.add_outsider_button.setText(_("Add party"))
            for i in range(self.kind.count()):
                self.kind.setItemText(i, _(KIND_LABELS[self.kind.itemData(i)]))
            for i in range(self.outcome.count()):
                self.outcome.setItemText(i, _(OUTCOME_LABELS[self.outcome.itemData(i)]))
            self.matter.setPlaceholderText(_("what the dispute is about — then Enter"))
            self.mediators.setPlaceholderText(_("names, separated by 、 (empty: you)"))
            for w in (self.opened_on, self.held_on, self.closed_on):
                w.setPlaceholderText(_("today"))
            self.session_note.setPlaceholderText(_("a short note — then Enter"))
            self.agreement.setPlaceholderText(_("the agreement's text (resolved)"))
            self.referred_to.setPlaceholderText(_("to whom (referred)"))
            self.open_button.setText(_("Open the case"))
            self.session_button.setText(_("Add the session"))
            self.close_button.setText(_("Close the case"))
            self._show_parties()
        else:
            self.note.setText(_("Mediation records are confidential: your role sees the counts only."))
        self.refresh()

    # --- the list and the counts ----------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        year = self.year.currentData()
        with self._db.session() as s:
            fig = year_figures(s, year)
            rows = list_cases(s, year=year, with_open=True) if self.confidential else []
        t = fig.total
        self.summary.setText(_("{year}: cases {opened}, closed {closed}, resolved {resolved}, success rate {rate}; "
                               "open now {open}").format(year=year, opened=t.opened, closed=t.closed, resolved=t.resolved,
                                                     rate=_rate(t.success_rate), open=fig.open_at_end))
        if not self.confidential:
            self._fill_counts(self.by_kind, _("Kind"), [(label(KIND_LABELS, k), c) for k, c in fig.by_kind.items()])
            self._fill_counts(self.by_month, _("Month"), [(f"{y}-{m:02d}", c) for (y, m), c in fig.by_month.items()])
            return
        self.rows = rows
        self.table.blockSignals(True)
        self.table.clear()
        headers = [_("No."), _("Date"), _("Kind"), _("Parties"), _("State"), _("Sessions")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        selected = -1
        for r, row in enumerate(rows):
            state = label(OUTCOME_LABELS, row.outcome) if row.outcome else label(STATE_LABELS, row.state)
            for col, text in enumerate((row.number, format_date(row.opened_on, "short"), label(KIND_LABELS, row.kind),
                                        row.parties, state, str(row.sessions))):
                self.table.setItem(r, col, QTableWidgetItem(text))
            if row.id == select_id:
                selected = r
        self.table.resizeColumnsToContents()
        keep_header_texts_whole(self.table)
        self.table.blockSignals(False)
        if selected >= 0:
            self.table.selectRow(selected)  # opens it (audited)

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.number == number), -1)

    # --- a new case -------------------------------------------------------------------------------------

    def _chosen(self, resident_id: int) -> None:
        hit = next((h for h in self.hits if h.id == resident_id), None)
        if any(p.resident_id == resident_id for p in self.parties):
            return
        self.parties.append(PartyInput(resident_id=resident_id))
        self._names[resident_id] = hit.name if hit else str(resident_id)
        self._show_parties()
        self.finder.input.clear()
        self.finder.focus()

    def add_outsider(self) -> None:
        name, phone = self.outsider_name.text().strip(), self.outsider_phone.text().strip()
        if not name:
            self.new_error.show_message(_("Enter the party's name and phone."))
            return
        self.parties.append(PartyInput(name=name, phone=phone))
        self.outsider_name.clear()
        self.outsider_phone.clear()
        self.new_error.show_message("")
        self._show_parties()
        self.kind.setFocus()

    def _show_parties(self) -> None:
        names = self._names
        self.party_list.clear()
        for p in self.parties:
            text = names.get(p.resident_id, "") if p.resident_id is not None else \
                _("{name} (not in the registry), {phone}").format(name=p.name, phone=p.phone)
            self.party_list.addItem(text)
        if not self.parties:
            self.party_list.addItem(_("No party yet: find a resident above, or add one outside the registry."))

    def _day(self, widget: QLineEdit) -> dt.date | None:
        return parse_date(widget.text())

    def open_new(self) -> bool:
        try:
            opened = self._day(self.opened_on)
        except ValueError as exc:
            self.new_error.show_message(str(exc))
            return False
        names = [n for n in re.split(r"[,，、;；]", self.mediators.text()) if n.strip()]
        data = CaseInput(kind=self.kind.currentData(), parties=list(self.parties), matter=self.matter.text(),
                         mediators=[MediatorInput(name=n) for n in names], opened_on=opened)
        try:
            with self._db.write() as s:
                case_id = open_case(s, data, today=self.today).id
        except LinliError as exc:
            self.new_error.show_message(_errors(exc))
            return False
        self.new_error.show_message("")
        self.parties = []
        for w in (self.matter, self.mediators, self.opened_on):
            w.clear()
        self._show_parties()
        self.refresh(select_id=case_id)
        return True

    # --- the case open now --------------------------------------------------------------------------------

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_row(rows[0].row())

    def open_row(self, row: int) -> None:
        """Open the case of the list's ``row`` — the domain records the open in the audit trail."""
        case_id = self.rows[row].id
        if is_read_only(self._db):
            self.case_error.show_message(_("The database is open read-only: a case cannot be opened, because "
                                           "its opening cannot be recorded."))
            return
        try:
            with self._db.write() as s:
                view = view_case(s, case_id)
        except LinliError as exc:
            self.case_error.show_message(_errors(exc))
            return
        self.case_error.show_message("")
        self._show_case(view)

    def _show_case(self, view) -> None:  # type: ignore[no-untyped-def]
        self.case_id = view.id if view else None
        is_open = bool(view) and view.state == "open"
        for w in (self.held_on, self.session_note, self.session_button, self.outcome, self.agreement,
                  self.referred_to, self.closed_on, self.close_button):
            w.setEnabled(is_open)
        if view is None:
            self.detail.setPlainText(_("Choose a case in the list to open it."))
            return
        lines = [_("Case {number}: {kind}, opened {date}").format(
            number=view.number, kind=label(KIND_LABELS, view.kind), date=format_date(view.opened_on))]
        if view.matter:
            lines.append(_("Matter: {text}").format(text=view.matter))
        lines.append(_("Parties: {names}").format(names="；".join(
            f"{p.name} {p.phone}".strip() for p in view.parties)))
        lines.append(_("Mediators: {names}").format(names="、".join(view.mediators)))
        sessions = "、".join(format_date(x.held_on, "short") + (f"（{x.note}）" if x.note else "") for x in view.sessions)
        lines.append(_("Sessions: {list}").format(list=sessions or "—"))
        if view.outcome:
            lines.append(_("Closed {date}: {outcome}").format(date=format_date(view.closed_on),
                                                              outcome=label(OUTCOME_LABELS, view.outcome)))
            if view.agreement:
                lines.append(_("Agreement: {text}").format(text=view.agreement))
            if view.referred_to:
                lines.append(_("Referred to: {text}").format(text=view.referred_to))
        self.detail.setPlainText("\n".join(lines))

    def add_session(self) -> bool:
        if self.case_id is None:
            return False
        try:
            held = self._day(self.held_on)
            with self._db.write() as s:
                add_session(s, self.case_id, held_on=held, note=self.session_note.text(), today=self.today)
        except ValueError as exc:
            self.case_error.show_message(str(exc))
            return False
        except LinliError as exc:
            self.case_error.show_message(_errors(exc))
            return False
        self.held_on.clear()
        self.session_note.clear()
        self.refresh(select_id=self.case_id)
        return True

    def close_case(self) -> bool:
        if self.case_id is None:
            return False
        try:
            closed = self._day(self.closed_on)
            with self._db.write() as s:
                close_case(s, self.case_id, self.outcome.currentData(), agreement=self.agreement.text(),
                           referred_to=self.referred_to.text(), closed_on=closed, today=self.today)
        except ValueError as exc:
            self.case_error.show_message(str(exc))
            return False
        except LinliError as exc:
            self.case_error.show_message(_errors(exc))
            return False
        for w in (self.agreement, self.referred_to, self.closed_on):
            w.clear()
        self.refresh(select_id=self.case_id)
        return True
