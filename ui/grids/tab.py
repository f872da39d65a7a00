"""The Grids tab (网格): places and households, grids, the care list, visits — and mediation beside them.

A thin tab over one module per page, each built as ``Page(db, tab)`` on
:class:`ui.grids.page.GridsPage`: :mod:`ui.grids.places` (the tree, a building
in one step, placing residents, a household split or merged), :mod:`ui.grids.grids_page` (grids and
building heads), :mod:`ui.grids.centrals` (central households and the households they look after),
:mod:`ui.grids.care` (the not-visited list first) and :mod:`ui.grids.visits`.
Every rule and query is in :mod:`models.grids`.

Enter on a resident of the not-visited list opens the visit form for them;
after a visit is recorded the list is refreshed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from i18n import _
from ui.common.forms import Retranslatable
from ui.grids.care import CarePage
from ui.grids.centrals import CentralsPage
from ui.grids.grids_page import GridsListPage
from ui.grids.mediation import MediationPage
from ui.grids.page import GridsPage
from ui.grids.places import PlacesPage
from ui.grids.visits import VisitsPage

if TYPE_CHECKING:
    from models.core.db import Database

__all__ = ["CarePage", "CentralsPage", "GridsListPage", "GridsPage", "GridsTab", "PlacesPage", "VisitsPage"]


class GridsTab(Retranslatable, QWidget):
    """The grids' pages; the not-visited list is the first screen."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("gridsTab")
        self._db = db
        self._today = today
        self.pages = QTabWidget(objectName="gridsPages")
        self.care = CarePage(db, self)
        self.visits = VisitsPage(db, self)
        self.places = PlacesPage(db, self)
        self.grids = GridsListPage(db, self)
        self.centrals = CentralsPage(db, self)
        self._titles = [(self.care, lambda: _("&Not visited / care list")), (self.visits, lambda: _("&Visits")),
                        (self.places, lambda: _("&Places and households")), (self.grids, lambda: _("&Grids")),
                        (self.centrals, lambda: _("&Central households"))]
        # Mediation (its own job, models/mediation): a mediator sees the cases, everyone else the counts.
        self.mediation = MediationPage(db, self, today=today)
        self._titles.append((self.mediation, lambda: _("&Mediation")))
        for page, _title in self._titles:
            self.pages.addTab(page, "")
        self.care.visit_requested.connect(self._visit)
        self.visits.recorded.connect(lambda _id: self.care.refresh())
        self.places.placed.connect(lambda _id: self.care.refresh())
        self.places.households_changed.connect(self.care.refresh)
        self.pages.currentChanged.connect(lambda i: self.pages.widget(i).refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.retranslate()
        self.care.refresh()
        self.visits.refresh()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def retranslate(self) -> None:
        for i, (_page, title) in enumerate(self._titles):
            self.pages.setTabText(i, title())

    def _visit(self, resident_id: int, name: str) -> None:
        self.pages.setCurrentWidget(self.visits)
        self.visits.choose(resident_id, name)
