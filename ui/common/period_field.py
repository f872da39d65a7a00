"""The period field of the reports made from the window: ``2026``, ``2026H1``, ``2026Q3``,
``2026-07`` or two dates, read by :func:`models.figures.parse_period`, with its error under it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from i18n import _
from models.core.errors import ValidationFailed
from ui.common.style import emphasize


class PeriodField(QLineEdit):
    """This year to start with; :meth:`period` reads it or says what is wrong in :attr:`error`
    (a label the owner places under the field's row)."""

    def __init__(self, object_name: str, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent, objectName=object_name)
        self.setText(str((today or dt.date.today()).year))
        self.setMaximumWidth(190)
        self.error = QLabel(objectName=f"{object_name}Error")
        self.error.setWordWrap(True)
        emphasize(self.error, px=12, color="#b3261e")
        self.error.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText("2026 | 2026H1 | 2026Q3 | 2026-07")
        self.setToolTip(_("A year (2025), a half-year (2025H1), a quarter (2025Q3), a month (2025-07) "
                          "or two dates (2025-01-01..2025-06-30)."))

    def period(self):  # type: ignore[no-untyped-def]
        """The period typed (a :class:`models.figures.Period`), or None with the reason shown and the focus here."""
        from models.figures import parse_period

        try:
            period = parse_period(self.text())
        except ValidationFailed as exc:
            self.error.setText(exc.errors.get("period", str(exc)))
            self.error.show()
            self.setFocus()
            return None
        self.error.hide()
        return period
