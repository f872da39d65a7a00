"""The composer's fields: a template's blank or filled values shown in the form, and read back.

A part of :class:`ui.notices.tab.NoticesTab` (a mixin: the widgets are made by
the tab). No rules: the values are :class:`models.notices.NoticeValues`, the
data a template fills itself from is :func:`models.notices.fetch_source`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QHeaderView, QTableWidgetItem

from i18n import _
from models.core.errors import LinliError
from models.core.settings import load_centre_info
from models.notices import NoticeValues, fetch_source, posting_note, read_table_xlsx
from reports.notices import TEMPLATES
from ui.common import dialogs


def _qdate(day: dt.date | None) -> QDate:
    day = day or dt.date.today()
    return QDate(day.year, day.month, day.day)


def _pydate(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class NoticeFields:
    """The form's part of the Notices tab."""

    def _today(self) -> dt.date:
        return dt.date.today()

    def _centre(self):  # noqa: ANN202
        with self.db.session() as s:
            return load_centre_info(s)

    def _template_chosen(self, row: int) -> None:
        if row < 0:
            return
        key = self.templates.item(row).data(Qt.ItemDataRole.UserRole)
        self.load_values(TEMPLATES[key].blank(self._centre(), self._today()))

    def choose_template(self, key: str) -> None:
        """Select a template by key (the list's row)."""
        for i in range(self.templates.count()):
            if self.templates.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.templates.setCurrentRow(i)
                return
        raise KeyError(key)

    def load_values(self, values: NoticeValues) -> None:
        """Show ``values`` in the form (a fresh template, filled data or a notice reopened)."""
        self._loading = True
        try:
            self.values = values
            self.title_edit.setText(values.title)
            self.subtitle_edit.setText(values.subtitle)
            self.body_edit.setPlainText(values.body)
            self.closing_edit.setPlainText(values.closing)
            self.contact_edit.setText(values.contact)
            self.issuer_edit.setText(values.issuer)
            self.date_edit.setDate(_qdate(values.issue_date))
            self.from_edit.setDate(_qdate(values.posting_from))
            self.to_edit.setDate(_qdate(values.posting_to))
            for w in (self.from_edit, self.to_edit):
                w.setEnabled(values.disclosure)
            self._update_posting_note()
            self.large_type.setChecked(values.large_type)
            self.landscape.setChecked(values.landscape)
            self._set_table(values.table_header, values.table_rows)
            self.show_names.setChecked(False)
            self.reason_edit.clear()
            self.findings_label.show_message("")
            self.mask_label.hide()
            self._update_template_hint()
        finally:
            self._loading = False
        if self._painted:
            self.request_preview()

    def _update_posting_note(self, *_args: object) -> None:
        """The calendar's word on the posting period (:func:`models.notices.posting_note`), shown under it."""
        note = posting_note(_pydate(self.from_edit), _pydate(self.to_edit)) if self.values.disclosure else ""
        self.posting_note.setText(note)
        self.posting_note.setVisible(bool(note))

    def _set_table(self, header: list[str], rows: list[list[str]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem("" if cell is None else str(cell)))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def collect(self) -> NoticeValues:
        """The form's fields as :class:`NoticeValues` (the template's hidden fields kept)."""
        v = self.values
        header = [self.table.horizontalHeaderItem(c).text() if self.table.horizontalHeaderItem(c) else ""
                  for c in range(self.table.columnCount())]
        rows = []
        for r in range(self.table.rowCount()):
            rows.append([self.table.item(r, c).text() if self.table.item(r, c) else ""
                         for c in range(self.table.columnCount())])
        widths = v.col_widths if v.col_widths and len(v.col_widths) == len(header) else None
        align = v.align if v.align and len(v.align) == len(header) else None
        return NoticeValues(
            template=v.template, title=self.title_edit.text().strip(), subtitle=self.subtitle_edit.text().strip(),
            notice_line=v.notice_line, body=self.body_edit.toPlainText().strip(), table_header=header,
            table_rows=rows, col_widths=widths, align=align, closing=self.closing_edit.toPlainText().strip(),
            contact=self.contact_edit.text().strip(), issuer=self.issuer_edit.text().strip(),
            issue_date=_pydate(self.date_edit),
            posting_from=_pydate(self.from_edit) if v.disclosure else None,
            posting_to=_pydate(self.to_edit) if v.disclosure else None,
            disclosure=v.disclosure, public=v.public, large_type=self.large_type.isChecked(),
            landscape=self.landscape.isChecked(),
        )

    def add_row(self) -> None:
        if self.table.columnCount() == 0:
            self.table.setColumnCount(2)
            self.table.setHorizontalHeaderLabels([_("Item"), _("Details")])
        self.table.insertRow(self.table.rowCount())
        self._changed()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def import_xlsx(self) -> None:
        path = dialogs.open_file(self, _("Import a table"), _("Excel workbooks (*.xlsx)"))
        if path is None:
            return
        try:
            header, rows = read_table_xlsx(str(path))
        except LinliError as exc:
            dialogs.error(self, _("Import a table"), str(exc))
            return
        self._set_table(header, rows)
        self._changed()

    def fill_from(self, key: str, source_text: str) -> bool:
        """Pick the template ``key`` and fill it from the module's data named by ``source_text``
        (a module's notice button). False, with the reason shown, when the data cannot be read."""
        self.choose_template(key)
        self.source_edit.setText(source_text)
        return self.fill_from_source()

    def fill_from_source(self) -> bool:
        t = self._template()
        if t.source is None or t.fill is None:
            return False
        try:
            with self.db.session() as s:
                data = fetch_source(s, t.source, self.source_edit.text(), today=self._today())
            values = t.fill(data, self._centre(), self._today())
        except LinliError as exc:
            self.findings_label.show_message(str(exc))
            return False
        self.load_values(values)
        return True
