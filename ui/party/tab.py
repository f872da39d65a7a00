"""The Party members tab (党员名册): organisation tree, members, reminders, dues, reporting-in.

One page a module: :mod:`ui.party.members` (the tree and the member list),
:mod:`ui.party.reminders`, :mod:`ui.party.dues` (the grid, payment entry,
arrears), :mod:`ui.party.service` (reporting in). Every rule and query is in
:mod:`models.party`.

Keyboard first: Ctrl+F searches the members (name, pinyin initials, phone,
ID, branch), Ctrl+N adds one; on the Dues page a member is found by initials,
Enter takes them and a second Enter records the month's dues.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from i18n import _
from ui.common.forms import Retranslatable
from ui.party.dues import DuesPage
from ui.party.members import MembersPage
from ui.party.page import PartyPage
from ui.party.reminders import RemindersPage
from ui.party.service import ServicePage

if TYPE_CHECKING:
    from models.core.db import Database

__all__ = ["DuesPage", "MembersPage", "PartyPage", "PartyTab", "RemindersPage", "ServicePage"]


class PartyTab(Retranslatable, QWidget):
    """The Party roster's pages.

    ``link_requested(tab key, id)`` asks the window to show a record of another tab (the
    Reporting-in page's request links: ``("requests", request id)``).
    """

    link_requested = Signal(str, object)

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("partyTab")
        self._db = db
        self._today = today
        self.pages = QTabWidget(objectName="partyPages")
        self.members = MembersPage(db, self)
        self.reminders = RemindersPage(db, self)
        self.dues = DuesPage(db, self)
        self.service = ServicePage(db, self)
        for page in (self.members, self.reminders, self.dues, self.service):
            self.pages.addTab(page, "")
        self.pages.currentChanged.connect(lambda i: self.pages.widget(i).refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.retranslate()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def retranslate(self) -> None:
        for i, text in enumerate((_("&Members"), _("Re&minders"), _("&Dues"), _("Reporting &in"))):
            self.pages.setTabText(i, text)
