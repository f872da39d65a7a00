"""What every page of the Grids tab shares: the database, the tab's today, refreshing when shown.

A page is built as ``Page(db, tab)`` — the mediation page (``ui/grids/mediation.py``,
``MediationPage``) takes the same constructor.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.common.forms import Retranslatable

if TYPE_CHECKING:
    from models.core.db import Database
    from ui.grids.tab import GridsTab


class ResidentSearch:
    """A page's quick-find (``QuickFind(self.search, …)``): the registry's search as of the page's
    ``today``, the hits kept in :attr:`hits` for the page to describe the one chosen."""

    _db: Database
    hits: list = []  # noqa: RUF012  (replaced per search, never mutated)

    today: dt.date  # each page's own (the tab's, or the one it was given)

    def search(self, text: str):  # type: ignore[no-untyped-def]
        from models.residents.registry import search_residents

        with self._db.session() as s:
            self.hits = search_residents(s, text, today=self.today)
        return self.hits


class GridsPage(ResidentSearch, Retranslatable, QWidget):
    def __init__(self, db: Database, tab: GridsTab):
        super().__init__(tab)
        self._db = db
        self._tab = tab

    @property
    def today(self) -> dt.date:
        return self._tab.today

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass
