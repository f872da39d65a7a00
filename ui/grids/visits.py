"""The Visits page (走访): whom, who, when, how, what was found, the follow-up — then Enter; the resident's
earlier visits below. The notes are personal data: shown here only.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date
from models.core.errors import LinliError, ValidationFailed
from models.grids import VisitInput, record_visit, visitor_choices, visits_of
from models.grids.labels import (
    CLERK,
    FINDING_FLAGS,
    FINDING_LABELS,
    HEAD,
    MEMBER,
    METHOD_LABELS,
    METHODS,
    VISITOR_KINDS,
    VISITOR_LABELS,
    WORKER,
    label,
)
from models.requests import categories
from ui.common.forms import ErrorLabel
from ui.common.quick_find import QuickFind, describe_hit
from ui.common.style import emphasize
from ui.grids.page import GridsPage


class VisitsPage(GridsPage):
    recorded = Signal(int)  # the visit's id

    def __init__(self, db, tab):  # type: ignore[no-untyped-def]
        super().__init__(db, tab)
        self.resident_id: int | None = None
        self.finder = QuickFind(self.search, self, visible_rows=4)
        self.finder.chosen.connect(self._chosen)
        self.chosen_label = QLabel(objectName="visitResident")
        emphasize(self.chosen_label, px=15)
        self.day = QDateEdit(objectName="visitDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.method = QComboBox(objectName="visitMethod")
        for m in METHODS:
            self.method.addItem("", m)
        self.visitor_kind = QComboBox(objectName="visitorKind")
        for k in VISITOR_KINDS:
            self.visitor_kind.addItem("", k)
        self.visitor = QComboBox(objectName="visitor")
        self.visitor_kind.currentIndexChanged.connect(lambda _i: self._fill_visitors())
        self.findings = QPlainTextEdit(objectName="findings")
        self.findings.setTabChangesFocus(True)
        self.findings.setFixedHeight(70)
        self.flags = {f: QCheckBox(objectName=f) for f in FINDING_FLAGS}
        self.follow_up = QLineEdit(objectName="followUp")
        self.follow_up.returnPressed.connect(self.submit)
        self.request = QComboBox(objectName="followUpRequest")
        self.record_button = QPushButton(objectName="recordVisit", clicked=self.submit)
        self.error = ErrorLabel(self)
        self.done_label = QLabel(objectName="visitDone")
        emphasize(self.done_label, px=15, color="#1b5e20")
        self.history_heading = QLabel()
        self.history = QListWidget(objectName="visitHistory")
        self.form_box = QGroupBox(objectName="visitForm")
        form = QFormLayout()
        self._labels = {k: QLabel() for k in ("day", "method", "visitor", "findings", "follow_up", "request")}
        form.addRow(self._labels["day"], self.day)
        form.addRow(self._labels["method"], self.method)
        who = QHBoxLayout()
        who.addWidget(self.visitor_kind)
        who.addWidget(self.visitor, 1)
        form.addRow(self._labels["visitor"], who)
        form.addRow(self._labels["findings"], self.findings)
        flags = QHBoxLayout()
        for box in self.flags.values():
            flags.addWidget(box)
        flags.addStretch(1)
        form.addRow("", flags)
        form.addRow(self._labels["follow_up"], self.follow_up)
        form.addRow(self._labels["request"], self.request)
        for key, widget in (("day", self.day), ("method", self.method), ("visitor", self.visitor_kind),
                            ("findings", self.findings), ("follow_up", self.follow_up)):
            self._labels[key].setBuddy(widget)
        box = QVBoxLayout(self.form_box)
        box.addWidget(self.finder)
        box.addWidget(self.chosen_label)
        box.addLayout(form)
        box.addWidget(self.record_button)
        box.addWidget(self.error)
        box.addWidget(self.done_label)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form_box)
        column.addWidget(self.history_heading)
        column.addWidget(self.history, 1)
        scroll = QScrollArea(objectName="visitScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.retranslate()

    def retranslate(self) -> None:
        self.form_box.setTitle(_("Record a visit"))
        for key, text in (("day", _("&Day")), ("method", _("&How")), ("visitor", _("&Who visited")),
                          ("findings", _("What was &found")), ("follow_up", _("F&ollow-up")),
                          ("request", _("As a request"))):
            self._labels[key].setText(text)
        for i in range(self.method.count()):
            self.method.setItemText(i, label(METHOD_LABELS, self.method.itemData(i)))
        for i in range(self.visitor_kind.count()):
            self.visitor_kind.setItemText(i, label(VISITOR_LABELS, self.visitor_kind.itemData(i)))
        for key, box in self.flags.items():
            box.setText(_(FINDING_LABELS[key]))
        self.follow_up.setPlaceholderText(_("what is to be done next (a note, or the request's text) — then Enter"))
        if self.request.count():
            self.request.setItemText(0, _("No, a note only"))
        self.record_button.setText(_("Record the visit"))
        self.history_heading.setText(_("Earlier visits"))

    def refresh(self) -> None:
        if not getattr(self, "_dated", False):
            self.day.setDate(QDate(self.today.year, self.today.month, self.today.day))
            self._dated = True
        self._fill_visitors()
        with self._db.session() as s:
            names = [(c.id, c.name) for c in categories(s)]
        self.request.clear()
        self.request.addItem(_("No, a note only"), None)
        for _cid, name in names:
            self.request.addItem(name, name)

    def _fill_visitors(self) -> None:
        kind = self.visitor_kind.currentData()
        with self._db.session() as s:
            choices = visitor_choices(s, kind)
        self.visitor.clear()
        for vid, name in choices:
            self.visitor.addItem(name, vid)
        self.visitor.setEnabled(kind != CLERK)

    # --- whom ----------------------------------------------------------------------------

    def _chosen(self, resident_id: int) -> None:
        hit = next((h for h in self.hits if h.id == resident_id), None)
        self.choose(resident_id, describe_hit(hit) if hit else "")

    def choose(self, resident_id: int, text: str) -> None:
        """Visit this resident (the Care page's Enter, or the quick-find)."""
        self.resident_id = resident_id
        self.chosen_label.setText(text)
        self.done_label.clear()
        self._show_history()
        self.method.setFocus()

    def _show_history(self) -> None:
        self.history.clear()
        if self.resident_id is None:
            return
        with self._db.session() as s:
            rows = visits_of(s, self.resident_id)
        for v in rows:
            marks = "、".join(_(FINDING_LABELS[f]) for f in FINDING_FLAGS if getattr(v, f))
            text = f"{format_date(v.visited_on)}  {label(METHOD_LABELS, v.method)}  {v.visitor}  {v.findings}"
            self.history.addItem(text + (f"  [{marks}]" if marks else ""))

    # --- record --------------------------------------------------------------------------

    def submit(self) -> bool:
        kind = self.visitor_kind.currentData()
        chosen = self.visitor.currentData()
        qd = self.day.date()
        data = VisitInput(
            visited_on=dt.date(qd.year(), qd.month(), qd.day()), method=self.method.currentData(),
            visitor_kind=kind, resident_id=self.resident_id,
            visitor_worker_id=chosen if kind == WORKER else None,
            visitor_resident_id=chosen if kind == HEAD else None,
            visitor_member_id=chosen if kind == MEMBER else None,
            findings=self.findings.toPlainText(), follow_up=self.follow_up.text(),
            request_category=self.request.currentData(),
            **{f: box.isChecked() for f, box in self.flags.items()},
        )
        try:
            with self._db.write() as s:
                visit = record_visit(s, data, today=self.today)
                visit_id, request_id = visit.id, visit.request_id
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except LinliError as exc:
            self.error.show_message(str(exc))
            return False
        self.error.show_message("")
        text = _("Visit recorded ({date}).").format(date=format_date(data.visited_on))
        if request_id is not None:
            text += " " + _("The follow-up is a request in the Requests tab.")
        self.done_label.setText(text)
        self._show_history()
        self.findings.clear()
        self.follow_up.clear()
        for box in self.flags.values():
            box.setChecked(False)
        self.request.setCurrentIndex(0)
        self.recorded.emit(visit_id)
        self.finder.focus()
        return True

