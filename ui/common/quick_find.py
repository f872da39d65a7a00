"""Quick-find: the queue-speed resident picker every desk uses.

One input takes pinyin initials, a name fragment, a phone tail or a whole ID
number (an ID-card reader types it and Enter). The matches show beneath it as
you type. Enter takes the one match — or the exact one (whole ID number or
phone) — and otherwise asks for a choice with the arrow keys: Down highlights
the first match, Enter takes the highlighted one. After a pick the input is
cleared and ready for the next person at once.

The widget knows nothing of day care or meals: the caller passes the search
(a function from text to :class:`models.residents.registry.ResidentHit`) and listens to
:attr:`QuickFind.chosen`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from i18n import _, ngettext
from models.residents.registry import GENDER_LABELS, ResidentHit
from ui.common.forms import Retranslatable
from ui.common.style import emphasize

SearchFunction = Callable[[str], list[ResidentHit]]


def describe_hit(hit: ResidentHit) -> str:
    """One line for a match: name, gender, age, phone tail, address (no full ID/phone)."""
    parts = [hit.name]
    if hit.gender in GENDER_LABELS:
        parts.append(_(GENDER_LABELS[hit.gender]))
    if hit.age is not None:
        parts.append(_("{age} yrs").format(age=hit.age))
    if hit.phone_tail:
        parts.append(_("phone …{tail}").format(tail=hit.phone_tail))
    if hit.address:
        parts.append(hit.address)
    return "  ".join(parts)


class QuickFind(Retranslatable, QWidget):
    """A search line with its list of matches. Emits :attr:`chosen` (resident id)."""

    chosen = Signal(int)

    def __init__(self, search: SearchFunction, parent: QWidget | None = None, *, visible_rows: int = 6):
        super().__init__(parent)
        self._search = search
        self.hits: list[ResidentHit] = []
        self.input = QLineEdit(objectName="quickFindInput")
        self.input.setClearButtonEnabled(True)
        self.input.textChanged.connect(self._update)
        self.input.installEventFilter(self)
        self.list = QListWidget(objectName="quickFindList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemClicked.connect(lambda item: self._take(self.list.row(item)))
        # The matches have their room reserved (issue 15): the list keeps its height while
        # hidden, so nothing beneath it drops when the first match appears, and long lines
        # wrap inside it instead of widening the desk's column.
        self._visible_rows = visible_rows
        self.list.setFixedHeight(visible_rows * 30 + 6)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = self.list.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.list.setSizePolicy(policy)
        self.status = QLabel(objectName="quickFindStatus")
        emphasize(self.status, color="#555")
        # One line, always there (empty or not), never wider than the column it sits in.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.status.setFixedHeight(self.status.fontMetrics().height() + 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.input)
        layout.addWidget(self.status)
        layout.addWidget(self.list)
        self.list.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.input.setPlaceholderText(_("Initials (zsm), name, phone tail or ID number — then Enter"))
        self._show_status()

    def use_large_type(self, px: int = 20) -> None:
        """Bigger type at a queue desk (read across the counter, typed in a hurry)."""
        emphasize(self.input, px=px)
        self.input.setTextMargins(4, 4, 4, 4)
        emphasize(self.list, px=px - 2)
        self.list.setFixedHeight(self._visible_rows * (self.list.fontMetrics().height() + 6) + 6)

    def focus(self) -> None:
        self.input.setFocus()
        self.input.selectAll()

    def refresh(self) -> None:
        """Search again with the current text (after the data changed)."""
        self._update(self.input.text())

    # --- behaviour -------------------------------------------------------------------

    def _update(self, text: str) -> None:
        self.hits = self._search(text) if text.strip() else []
        self.list.clear()
        for hit in self.hits:
            QListWidgetItem(describe_hit(hit), self.list)
        self.list.setCurrentRow(-1)
        self.list.setVisible(bool(self.hits))
        self._show_status()

    def _show_status(self, message: str = "") -> None:
        text = self.input.text().strip()
        if message:
            self.status.setText(message)
        elif not text:
            self.status.setText("")
        elif not self.hits:
            self.status.setText(_("No match for “{text}”.").format(text=text))
        elif len(self.hits) == 1:
            self.status.setText(_("One match: press Enter."))
        else:
            self.status.setText(
                ngettext("{n} match: choose with ↓ ↑ and Enter.", "{n} matches: choose with ↓ ↑ and Enter.", len(self.hits)).format(
                    n=len(self.hits)
                )
            )

    def _move(self, step: int) -> None:
        if not self.hits:
            return
        row = self.list.currentRow()
        row = 0 if row < 0 else max(0, min(len(self.hits) - 1, row + step))
        self.list.setCurrentRow(row)

    def _enter(self) -> None:
        if not self.hits:
            self._show_status()
            return
        row = self.list.currentRow()
        if row >= 0:
            self._take(row)
        elif len(self.hits) == 1 or (self.hits[0].exact and not any(h.exact for h in self.hits[1:])):
            self._take(0)
        else:
            self.list.setCurrentRow(0)
            self._show_status()

    def _take(self, row: int) -> None:
        hit = self.hits[row]
        self.input.clear()
        self.input.setFocus()
        self.chosen.emit(hit.id)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.input and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key == Qt.Key.Key_Escape and self.input.text():
                self.input.clear()
                return True
        return super().eventFilter(obj, event)
