"""The request rules of the centre (类别与时限): the categories and their time limits, and how silence counts.

Opened from the Requests tab ("Categories and time limits…"). The list shows every category, retired
ones greyed, with how many requests carry it. A category is added or changed in the form below the
list; one that requests carry is retired (hidden from new requests, still shown on the old ones), not
deleted. The rules are :mod:`models.requests.categories`'.

The "count silence as satisfied" setting lives here rather than in the window's Settings: it is a
rule of this job (the Settings dialog of the shell holds the centre's details and the security
periods, and imports no job); administrators alone may switch it (``settings.write``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.errors import LinliError, ValidationFailed
from models.requests import (
    category_rows,
    delete_category,
    retire_category,
    save_category,
    set_silence_is_satisfied,
    silence_is_satisfied,
)
from models.requests.categories import MAX_DAYS
from models.safety.security import can
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable
from ui.common.headers import keep_header_texts_whole
from ui.common.style import emphasize

if TYPE_CHECKING:
    from models.core.db import Database

RETIRED_GREY = "#888888"


class CategoriesDialog(Retranslatable, QDialog):
    """Edit the categories and time limits. Emits :attr:`saved` after every stored change."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("categoriesDialog")
        self._db = db
        self.rows = []
        self.category_id: int | None = None  # the category in the form (None: a new one)
        self.setMinimumSize(620, 520)
        self.table = QTableWidget(objectName="categoryTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        keep_header_texts_whole(self.table)
        self.table.itemSelectionChanged.connect(self._selected)
        self.errors = FieldErrors()
        self.name = QLineEdit(objectName="categoryName")
        self.days = QSpinBox(objectName="categoryDays", minimum=1, maximum=MAX_DAYS, value=5)
        self.urgent_days = QSpinBox(objectName="categoryUrgentDays", minimum=1, maximum=MAX_DAYS, value=1)
        self.keywords = QLineEdit(objectName="categoryKeywords")
        self.name.returnPressed.connect(self.save)
        self.keywords.returnPressed.connect(self.save)
        self.new_button = QPushButton(objectName="categoryNew", clicked=self.new)
        self.save_button = QPushButton(objectName="categorySave", clicked=self.save)
        self.retire_button = QPushButton(objectName="categoryRetire", clicked=self.toggle_retired)
        self.delete_button = QPushButton(objectName="categoryDelete", clicked=self.delete)
        self.close_button = QPushButton(objectName="categoriesClose", clicked=self.reject)
        self.error = ErrorLabel(self)
        self.status = QLabel(objectName="categoriesStatus")
        emphasize(self.status, color="#1b5e20")

        self._labels = {k: QLabel() for k in ("name", "days", "urgent_days", "keywords")}
        form = QFormLayout()
        for key, widget in (("name", self.name), ("days", self.days), ("urgent_days", self.urgent_days),
                            ("keywords", self.keywords)):
            self._labels[key].setBuddy(widget)
            box = QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.errors.add(key, widget, self))
            form.addRow(self._labels[key], box)
        self.form_box = QGroupBox(objectName="categoryForm")
        form_column = QVBoxLayout(self.form_box)
        form_column.addLayout(form)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.retire_button, self.delete_button):
            buttons.addWidget(b)
        form_column.addLayout(buttons)

        # How silence counts in the figures (administrators only).
        self.silence = QCheckBox(objectName="silenceIsSatisfied")
        self.silence.setEnabled(can("settings.write"))
        self.silence.clicked.connect(self.set_silence)
        self.silence_hint = QLabel(objectName="silenceHint", wordWrap=True)
        emphasize(self.silence_hint, color="#666")
        self.ratings_box = QGroupBox(objectName="ratingsBox")
        ratings = QVBoxLayout(self.ratings_box)
        ratings.addWidget(self.silence)
        ratings.addWidget(self.silence_hint)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form_box)
        layout.addWidget(self.error)
        layout.addWidget(self.ratings_box)
        layout.addLayout(bottom)
        self.retranslate()
        self.load()
        self.new()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Categories and time limits"))
        self._labels["name"].setText(_("&Name"))
        self._labels["days"].setText(_("&Time limit"))
        self._labels["urgent_days"].setText(_("&Urgent limit"))
        self._labels["keywords"].setText(_("&Keywords"))
        for spin in (self.days, self.urgent_days):
            spin.setSuffix(" " + _("working days"))
        self.keywords.setPlaceholderText(_("words matched against members' posts and skills, e.g. 维修 水电"))
        self.new_button.setText(_("N&ew category"))
        self.save_button.setText(_("&Save"))
        self.delete_button.setText(_("&Delete"))
        self.close_button.setText(_("Close"))
        self.ratings_box.setTitle(_("Ratings"))
        self.silence.setText(_("Count requests not rated within 5 working days as &satisfied"))
        hint = _("Off: they count as “not rated”. On: the satisfaction rate counts them as satisfied, and every "
                 "figure and results notice says so.")
        if not can("settings.write"):
            hint += " " + _("Only an administrator may change this.")
        self.silence_hint.setText(hint)
        self._update_form_texts()
        if self.rows:
            self.load(self.category_id)

    def _update_form_texts(self) -> None:
        row = self._row(self.category_id)
        self.form_box.setTitle(_("Change “{name}”").format(name=row.name) if row else _("A new category"))
        self.retire_button.setText(_("&Bring back") if row and row.retired else _("&Retire"))

    # --- the list ----------------------------------------------------------------------------

    def _row(self, category_id: int | None):  # type: ignore[no-untyped-def]
        return next((r for r in self.rows if r.id == category_id), None)

    def load(self, select_id: int | None = None) -> None:
        with self._db.session() as s:
            self.rows = category_rows(s)
            silence = silence_is_satisfied(s)
        self.silence.setChecked(silence)
        headers = [_("Category"), _("Time limit"), _("Urgent"), _("Keywords"), _("Times used"), _("In use")]
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        grey = QBrush(QColor(RETIRED_GREY))
        chosen = -1
        for r, row in enumerate(self.rows):
            values = (row.name, str(row.days), str(row.urgent_days), row.keywords, str(row.used),
                      _("Retired") if row.retired else _("In use"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.id)
                if c in (1, 2, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.retired:
                    item.setForeground(grey)
                self.table.setItem(r, c, item)
            if row.id == select_id:
                chosen = r
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.blockSignals(False)
        if chosen >= 0:
            self.table.selectRow(chosen)
        self._update_buttons()

    def row_of(self, name: str) -> int:
        """The table row of the category called ``name`` (-1 when not listed)."""
        return next((i for i, r in enumerate(self.rows) if r.name == name), -1)

    def _selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        row = self._row(self.table.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole))
        if row is None:
            return
        self.category_id = row.id
        self.name.setText(row.name)
        self.days.setValue(row.days)
        self.urgent_days.setValue(row.urgent_days)
        self.keywords.setText(row.keywords)
        self.errors.clear()
        self.error.show_message("")
        self._update_form_texts()
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self._row(self.category_id)
        self.retire_button.setEnabled(row is not None)
        # A category requests carry is retired, never deleted: the button says so by being off.
        self.delete_button.setEnabled(row is not None and row.used == 0)
        self.delete_button.setToolTip(_("Requests carry this category: retire it instead.")
                                      if row is not None and row.used else "")

    # --- changes -------------------------------------------------------------------------------

    def new(self) -> None:
        """Empty the form for a new category."""
        self.table.clearSelection()
        self.category_id = None
        self.name.clear()
        self.days.setValue(5)
        self.urgent_days.setValue(1)
        self.keywords.clear()
        self.errors.clear()
        self.error.show_message("")
        self._update_form_texts()
        self._update_buttons()
        self.name.setFocus()

    def _write(self, change, done_text: str) -> bool:  # type: ignore[no-untyped-def]
        self.errors.clear()
        try:
            with self._db.write() as s:
                category_id = change(s)
        except ValidationFailed as exc:
            self.errors.show(exc.errors, self.error)
            self.status.clear()
            return False
        except LinliError as exc:
            self.error.show_message(str(exc))
            self.status.clear()
            return False
        self.error.show_message("")
        self.status.setText(done_text)
        self.category_id = category_id
        self.load(category_id)
        self._update_form_texts()
        self.saved.emit()
        return True

    def save(self) -> bool:
        """Add the category in the form, or store its changes."""
        category_id = self.category_id
        name = " ".join(self.name.text().split())
        return self._write(lambda s: save_category(
            s, self.name.text(), self.days.value(), self.urgent_days.value(), self.keywords.text(),
            category_id=category_id).id,
            (_("“{name}” added.") if category_id is None else _("“{name}” saved.")).format(name=name))

    def toggle_retired(self) -> bool:
        row = self._row(self.category_id)
        if row is None:
            return False
        retire = not row.retired
        return self._write(lambda s: retire_category(s, row.id, retire).id,
                           (_("“{name}” retired: new requests no longer offer it; old ones keep it.") if retire
                            else _("“{name}” is offered for new requests again.")).format(name=row.name))

    def delete(self) -> bool:
        row = self._row(self.category_id)
        if row is None:
            return False
        if not self._write(lambda s: (delete_category(s, row.id), None)[1],
                           _("“{name}” deleted.").format(name=row.name)):
            return False
        self.new()
        return True

    def set_silence(self, on: bool) -> bool:
        """Store the "silence is satisfied" setting as the checkbox now shows it."""
        try:
            with self._db.write() as s:
                set_silence_is_satisfied(s, on)
        except LinliError as exc:
            self.error.show_message(str(exc))
            self.silence.setChecked(not on)
            return False
        self.error.show_message("")
        self.status.setText(_("Requests not rated in time now count as satisfied.") if on
                            else _("Requests not rated in time now count as not rated."))
        self.saved.emit()
        return True
