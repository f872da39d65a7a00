"""The Reporting-in page of the Party tab: service of members reporting in, the hours and the rate."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from i18n import _, parse_date
from models.core.errors import ValidationFailed
from models.party.members import find_member
from models.party.service import (
    add_service,
    search_reporting_in,
    service_by_member,
    service_summary,
)
from ui.common.forms import ErrorLabel
from ui.common.quick_find import QuickFind
from ui.common.style import emphasize
from ui.party.page import PartyPage

if TYPE_CHECKING:
    from models.core.db import Database
    from ui.party.tab import PartyTab


class ServicePage(PartyPage):
    """Service entries of reporting-in members, the hours and the reporting-in rate."""

    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.member_id: int | None = None
        self.finder = QuickFind(self._search, self, visible_rows=3)
        self.finder.chosen.connect(self._chosen)
        self.chosen_label = QLabel()
        self.served_on = QLineEdit(objectName="servedOn")
        self.hours = QLineEdit(objectName="serviceHours")
        self.description = QLineEdit(objectName="serviceDescription")
        self.add_button = QPushButton(objectName="addService")
        self.add_button.clicked.connect(self.add)
        self.description.returnPressed.connect(self.add)
        self.hours.returnPressed.connect(self.add)
        self.error = ErrorLabel(self)
        self.summary = QLabel(objectName="serviceSummary")
        emphasize(self.summary, px=15)
        self.table = QTableWidget(objectName="serviceTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        entry = QVBoxLayout()
        self._labels = [QLabel() for _i in range(3)]
        entry.addWidget(self.finder)
        entry.addWidget(self.chosen_label)
        for label, w in zip(self._labels, (self.served_on, self.hours, self.description), strict=True):
            label.setBuddy(w)
            entry.addWidget(label)
            entry.addWidget(w)
        entry.addWidget(self.add_button)
        entry.addWidget(self.error)
        entry.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(entry, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(self._labels, (_("Served &on"), _("H&ours"), _("&What was done")), strict=True):
            label.setText(text)
        self.served_on.setPlaceholderText(_("today"))
        self.add_button.setText(_("&Add service"))
        self.refresh_if_shown()

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as s:
            return search_reporting_in(s, text)

    def _chosen(self, resident_id: int) -> None:
        with self._db.session() as s:
            found = find_member(s, resident_id)
        self.member_id = found.member_id if found is not None else None
        self.chosen_label.setText(found.name if found is not None else "")
        self.hours.setFocus()

    def add(self) -> bool:
        if self.member_id is None:
            self.error.show_message(_("Find the member first."))
            return False
        try:
            day = parse_date(self.served_on.text()) or self.today
            hours = float(self.hours.text().strip() or "0")
            with self._db.write() as s:
                add_service(s, self.member_id, day, round(hours * 60), description=self.description.text(),
                            today=self.today)
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except ValueError as exc:
            self.error.show_message(str(exc) if "date" in str(exc) else _("Write the hours as 1.5."))
            return False
        self.error.show_message("")
        self.member_id = None
        self.chosen_label.clear()
        for w in (self.served_on, self.hours, self.description):
            w.clear()
        self.refresh()
        self.finder.focus()
        return True

    def refresh(self) -> None:
        start, end = dt.date(self.today.year, 1, 1), self.today
        with self._db.session() as s:
            summary = service_summary(s, start, end)
            lines = service_by_member(s, start, end)
        self.summary.setText(
            _("{year}: {served} of {total} members reporting in served ({rate}); {hours} hours, {times} person-times.").format(
                year=start.year, served=summary.served, total=summary.reporting_in,
                rate=f"{summary.rate:.1%}", hours=f"{summary.hours:.1f}", times=summary.person_times,
            )
        )
        self.table.clear()
        self.table.setColumnCount(5)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Service post"), _("Times"), _("Hours"), _("Person-times")])
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, value in enumerate((line.name, line.service_post, str(line.times), f"{line.minutes / 60:.1f}",
                                       str(line.person_times))):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
