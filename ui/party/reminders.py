"""The Reminders page of the Party tab: probationary years ending soon, this month's political birthdays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QVBoxLayout

from i18n import _
from models.party.reminders import political_birthdays, probation_reminders
from ui.party.page import PartyPage

if TYPE_CHECKING:
    from models.core.db import Database
    from ui.party.tab import PartyTab


class RemindersPage(PartyPage):
    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.probation_label = QLabel()
        self.probation = QListWidget(objectName="probationList")
        self.birthday_label = QLabel()
        self.birthdays = QListWidget(objectName="birthdayList")
        layout = QHBoxLayout(self)
        for label, widget in ((self.probation_label, self.probation), (self.birthday_label, self.birthdays)):
            box = QVBoxLayout()
            box.addWidget(label)
            box.addWidget(widget, 1)
            layout.addLayout(box)
        self.retranslate()

    def retranslate(self) -> None:
        self.probation_label.setText(_("Probationary year ending within 30 days"))
        self.birthday_label.setText(_("Political birthdays this month (joining anniversaries)"))
        self.refresh_if_shown()

    def refresh(self) -> None:
        today = self.today
        with self._db.session() as s:
            reminders = probation_reminders(s, today)
            birthdays = political_birthdays(s, today.year, today.month)
        self.probation.clear()
        for r in reminders:
            when = (
                _("overdue by {n} days").format(n=-r.days_left) if r.days_left < 0
                else _("in {n} days").format(n=r.days_left)
            )
            self.probation.addItem(
                _("{name}: joined {joined}, year ends {ends} ({when})").format(
                    name=r.name, joined=r.joined_on.isoformat(), ends=r.year_ends.isoformat(), when=when
                )
            )
        self.birthdays.clear()
        for b in birthdays:
            self.birthdays.addItem(
                _("{day:02d}: {name} — {years} years in the Party (joined {joined})").format(
                    day=b.joined_on.day, name=b.name, years=b.years, joined=b.joined_on.isoformat()
                )
            )
