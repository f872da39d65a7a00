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


class GridsPage(Retranslatable, QWidget):
    def __init__(self, db: Database, tab: GridsTab):
        super().__init__(tab)
        self._db = db
        self._tab = tab

    @property
    def today(self) -> dt.date:
        return self._tab.today

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass
