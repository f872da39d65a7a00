"""The Notices tab: pick a template, adjust its fields, see the page, save or print; the history.

No rules here: the fields are :class:`models.notices.NoticeValues`, the
layout is :func:`reports.notices.compose`, the privacy guard and the history
are :func:`models.notices.check_privacy`; saving and printing go through
:func:`models.notices.publish`, the command line's path too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.core.settings import load_centre_info
from models.notices import (
    ACTION_PRINTED,
    ACTION_SAVED,
    Finding,
    NameOverride,
    NoticeHistorySource,
    NoticeValues,
    PrivacyBlocked,
    check_privacy,
    fetch_source,
    field_label,
    history_count,
    notice_pdf,
    notice_values,
    posting_note,
    publish,
    read_table_xlsx,
    record_reprint,
    validate_notice,
)
from models.safety.security import can
from reports.notices import TEMPLATES
from ui.common import dialogs
from ui.common.background import BackgroundRefresh
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.lazy_model import LazyTableModel
from ui.common.style import emphasize
from ui.common.worker import Job
from ui.notices.printing import render_pages

if TYPE_CHECKING:
    from reports.notices import NoticePdf

PREVIEW_DPI = 60
#: The preview is laid out again this long after the last keystroke.
TYPING_PAUSE_MS = 400


def _qdate(day: dt.date | None) -> QDate:
    day = day or dt.date.today()
    return QDate(day.year, day.month, day.day)


def _pydate(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class NoticesTab(Retranslatable, QWidget):
    """The composer (template, fields, live preview, save/print) and the history.

    The preview is laid out and drawn in a worker thread (:meth:`request_preview`,
    400 ms after the last change): typing never waits for ReportLab or PDFium,
    and the tab appears before the first notice of the session has loaded them.
    """

    #: A preview was shown (or its failure reported).
    previewed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noticesTab")
        self.db = db
        self.values = NoticeValues()
        self.result: NoticePdf | None = None
        self.pages: list = []
        self.page_index = 0
        self.warnings: list[Finding] = []
        self._loading = False
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.request_preview)
        self._painted = False  # the first page is laid out once the tab itself has been painted
        self._preview = BackgroundRefresh(db, self)
        self._preview.ready.connect(lambda payload: self._show_preview(*payload))
        self._preview.failed.connect(self._preview_failed)

        # --- left: templates and history --------------------------------------------------
        self.templates = QListWidget(objectName="templates")
        for key in TEMPLATES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.templates.addItem(item)
        self.templates.currentRowChanged.connect(self._template_chosen)
        self.history_filter = QLineEdit(objectName="historyFilter")
        self.history_source = NoticeHistorySource({k: t.label for k, t in TEMPLATES.items()})
        self.history_model = LazyTableModel(self.history_source, db.session, parent=self)
        self.history_view = QTableView(objectName="history")
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.history_view.verticalHeader().hide()
        self.history_view.doubleClicked.connect(lambda _i: self.reopen_selected())
        self.history_filter.textChanged.connect(self.history_model.set_filter)
        self.reopen_button = QPushButton(objectName="reopen", clicked=self.reopen_selected)
        self.reprint_button = QPushButton(objectName="reprint", clicked=self.reprint_selected)
        self.history_box = QGroupBox()
        hb = QVBoxLayout(self.history_box)
        hb.addWidget(self.history_filter)
        hb.addWidget(self.history_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.reopen_button)
        row.addWidget(self.reprint_button)
        hb.addLayout(row)
        self.templates_box = QGroupBox()
        tb = QVBoxLayout(self.templates_box)
        tb.addWidget(self.templates)
        self.template_hint = QLabel(objectName="templateHint", wordWrap=True)
        emphasize(self.template_hint, color="#555")
        tb.addWidget(self.template_hint)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.templates_box)
        left.addWidget(self.history_box)

        # --- middle: the fields -------------------------------------------------------------
        self.source_edit = QLineEdit(objectName="source")
        self.source_button = QPushButton(objectName="fillSource", clicked=self.fill_from_source)
        self.source_edit.returnPressed.connect(self.fill_from_source)
        self.title_edit = QLineEdit(objectName="title")
        self.subtitle_edit = QLineEdit(objectName="subtitle")
        self.body_edit = QPlainTextEdit(objectName="body")
        self.body_edit.setTabChangesFocus(True)
        self.table = QTableWidget(objectName="table")
        self.table.setMinimumHeight(120)
        self.add_row_button = QPushButton(objectName="addRow", clicked=self.add_row)
        self.remove_row_button = QPushButton(objectName="removeRow", clicked=self.remove_row)
        self.import_button = QPushButton(objectName="importXlsx", clicked=self.import_xlsx)
        self.closing_edit = QPlainTextEdit(objectName="closing")
        self.closing_edit.setTabChangesFocus(True)
        self.closing_edit.setMaximumHeight(60)
        self.contact_edit = QLineEdit(objectName="contact")
        self.issuer_edit = QLineEdit(objectName="issuer")
        self.date_edit = QDateEdit(objectName="issueDate", calendarPopup=True)
        self.from_edit = QDateEdit(objectName="postingFrom", calendarPopup=True)
        self.to_edit = QDateEdit(objectName="postingTo", calendarPopup=True)
        for edit in (self.date_edit, self.from_edit, self.to_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.large_type = QCheckBox(objectName="largeType")
        self.landscape = QCheckBox(objectName="landscape")
        self.show_names = QCheckBox(objectName="showNames")
        self.reason_edit = QLineEdit(objectName="overrideReason")
        self.reason_edit.setEnabled(False)
        self.show_names.toggled.connect(self.reason_edit.setEnabled)
        self.findings_label = ErrorLabel(self)
        self.findings_label.setObjectName("findings")
        self.warnings_label = QLabel(objectName="noticeWarnings", wordWrap=True)
        emphasize(self.warnings_label, color="#8a5a00")
        self.save_button = QPushButton(objectName="savePdf", clicked=self.save_pdf)
        self.print_button = QPushButton(objectName="printNotice", clicked=self.print_notice)

        self.form = QFormLayout()
        self.form_labels: dict[str, QLabel] = {}

        def add(key: str, widget: QWidget | QHBoxLayout) -> None:
            label = QLabel()
            if isinstance(widget, QWidget):
                label.setBuddy(widget)
            self.form_labels[key] = label
            self.form.addRow(label, widget)

        source_row = QHBoxLayout()
        source_row.addWidget(self.source_edit, 1)
        source_row.addWidget(self.source_button)
        add("source", source_row)
        self.form_labels["source"].setBuddy(self.source_edit)
        add("title", self.title_edit)
        add("subtitle", self.subtitle_edit)
        add("body", self.body_edit)
        table_box = QVBoxLayout()
        table_box.addWidget(self.table)
        table_buttons = QHBoxLayout()
        for b in (self.add_row_button, self.remove_row_button, self.import_button):
            table_buttons.addWidget(b)
        table_buttons.addStretch(1)
        table_box.addLayout(table_buttons)
        table_holder = QWidget()
        table_holder.setLayout(table_box)
        table_box.setContentsMargins(0, 0, 0, 0)
        add("table", table_holder)
        self.form_labels["table"].setBuddy(self.table)
        add("closing", self.closing_edit)
        add("contact", self.contact_edit)
        add("issuer", self.issuer_edit)
        add("date", self.date_edit)
        posting = QHBoxLayout()
        posting.addWidget(self.from_edit)
        self.to_label = QLabel("–")
        posting.addWidget(self.to_label)
        posting.addWidget(self.to_edit)
        posting.addStretch(1)
        add("posting", posting)
        # Told when the period falls in a year whose public holidays are not known yet.
        self.posting_note = QLabel(objectName="postingNote", wordWrap=True)
        emphasize(self.posting_note, color="#8a5a00")
        self.posting_note.hide()
        self.form.addRow("", self.posting_note)
        self.form_labels["posting"].setBuddy(self.from_edit)
        options = QHBoxLayout()
        options.addWidget(self.large_type)
        options.addWidget(self.landscape)
        options.addStretch(1)
        add("options", options)
        names = QHBoxLayout()
        names.addWidget(self.show_names)
        names.addWidget(self.reason_edit, 1)
        add("names", names)
        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.addLayout(self.form)
        mv.addWidget(self.findings_label)
        mv.addWidget(self.warnings_label)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        mv.addLayout(actions)
        middle_scroll = QScrollArea()
        middle_scroll.setWidgetResizable(True)
        middle_scroll.setWidget(middle)

        # --- right: the preview -------------------------------------------------------------
        self.preview = QLabel(objectName="preview", alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(380)
        emphasize(self.preview, background="#888")
        preview_scroll = QScrollArea()
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setWidget(self.preview)
        self.preview_scroll = preview_scroll
        self.prev_button = QPushButton(objectName="prevPage", clicked=lambda: self.show_page(self.page_index - 1))
        self.next_button = QPushButton(objectName="nextPage", clicked=lambda: self.show_page(self.page_index + 1))
        self.page_label = QLabel(objectName="pageLabel")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(preview_scroll, 1)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.page_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        rv.addLayout(nav)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle_scroll)
        splitter.addWidget(right)
        splitter.setSizes([260, 460, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for edit in (self.title_edit, self.subtitle_edit, self.contact_edit, self.issuer_edit):
            edit.textChanged.connect(self._changed)
        for edit in (self.body_edit, self.closing_edit):
            edit.textChanged.connect(self._changed)
        for edit in (self.date_edit, self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._update_posting_note)
        for box in (self.large_type, self.landscape):
            box.toggled.connect(self._changed)
        self.table.itemChanged.connect(self._changed)

        self.retranslate()
        self.templates.setCurrentRow(0)
        self._history_total = self.history_model.rowCount()

    def showEvent(self, event) -> None:  # noqa: N802, ANN001
        """Show notices kept meanwhile elsewhere (a module's composer window, a command)."""
        super().showEvent(event)
        with self.db.session() as s:
            total = history_count(s)
        if total != self._history_total:
            self._reload_history(total)

    def _reload_history(self, total: int | None = None) -> None:
        self.history_model.reload()
        if total is None:
            with self.db.session() as s:
                total = history_count(s)
        self._history_total = total

    # --- texts --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        for i in range(self.templates.count()):
            item = self.templates.item(i)
            item.setText(_(TEMPLATES[item.data(Qt.ItemDataRole.UserRole)].label))
        self.templates_box.setTitle(_("Templates"))
        self.history_box.setTitle(_("History"))
        self.history_filter.setPlaceholderText(_("Filter by title…"))
        self.reopen_button.setText(_("Re&open"))
        self.reprint_button.setText(_("Re&print"))
        self.source_button.setText(_("&Fill"))
        labels = {
            "source": _("Fill &from"), "title": _("&Title"), "subtitle": _("Subtitle"), "body": _("&Body"),
            "table": _("T&able"), "closing": _("Closing text"), "contact": _("&Contact for objections"),
            "issuer": _("&Issued by"), "date": _("&Date"), "posting": _("&Posting period"),
            "options": _("Layout"), "names": _("Full names"),
        }
        for key, text in labels.items():
            self.form_labels[key].setText(text)
        self.add_row_button.setText(_("Add &row"))
        self.remove_row_button.setText(_("Remove row"))
        self.import_button.setText(_("Import .&xlsx…"))
        self.large_type.setText(_("&Large type"))
        self.landscape.setText(_("Lands&cape"))
        self.show_names.setText(_("Show full &names on purpose"))
        self.reason_edit.setPlaceholderText(_("Why (recorded with the notice)"))
        self.save_button.setText(_("&Save PDF…"))
        self.print_button.setText(_("P&rint…"))
        self.prev_button.setText(_("◀ Previous"))
        self.next_button.setText(_("Next ▶"))
        self._update_template_hint()
        self._update_page_label()
        self._update_posting_note()
        self.history_model.refresh_texts()

    def _template(self):  # noqa: ANN202
        return TEMPLATES[self.values.template]

    def _update_template_hint(self) -> None:
        t = self._template()
        self.template_hint.setText(_(t.description))
        self.source_edit.setEnabled(t.source is not None)
        self.source_button.setEnabled(t.source is not None)
        self.source_edit.setPlaceholderText(_(t.source_hint) if t.source else _("Typed by hand"))

    # --- the fields -----------------------------------------------------------------------------

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

    # --- preview -----------------------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._preview.invalidate()  # a layout under way is out of date
            self._timer.start(TYPING_PAUSE_MS)

    def build(self) -> NoticePdf | None:
        """Lay out the notice as it stands, here and now; None (and a message) when no font is installed."""
        from reports.fonts import FontError
        from reports.notices import compose

        try:
            self.result = compose(self.collect(), self._centre())
        except FontError as exc:
            self.result = None
            self.findings_label.show_message(str(exc))
        return self.result

    def refresh_preview(self) -> None:
        """Lay out the notice now, on this thread, and show its pages."""
        self._timer.stop()
        self._preview.invalidate()
        result = self.build()
        self._show_preview(result, render_pages(result.pdf, PREVIEW_DPI) if result else [])

    @property
    def preview_pending(self) -> bool:
        """A change not yet shown in the preview (the tab not painted yet, waiting for the pause in
        typing, or being drawn)."""
        return not self._painted or self._timer.isActive() or self._preview.pending

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        """The first page is laid out after the tab's first paint: the tab shows at once, and the
        worker (which loads ReportLab and the CJK fonts the first time, ~0.8 s) does not compete
        with drawing it."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self._timer.start(0)

    def request_preview(self) -> None:
        """Lay out and draw the notice in a worker thread; show it when done
        (:class:`ui.common.background.BackgroundRefresh`: a change made meanwhile wins)."""
        self._timer.stop()
        values, centre = self.collect(), self._centre()

        def work(_job: Job) -> tuple[NoticePdf, list]:
            from reports.notices import compose

            result = compose(values, centre)
            return result, render_pages(result.pdf, PREVIEW_DPI)

        if not self.pages:
            self.preview.setText(_("Drawing the page…"))
        self._preview.request(work)

    def _preview_failed(self, message: str) -> None:
        self.result = None
        self.findings_label.show_message(message)
        self._show_preview(None, [])

    def _show_preview(self, result: NoticePdf | None, pages: list) -> None:
        self.result = result
        self.pages = pages
        self._show_missing()
        self.show_page(min(self.page_index, max(len(self.pages) - 1, 0)))
        self.previewed.emit()

    def _show_missing(self) -> None:
        if self.result is None:
            return
        lines = [
            _("{field}: no font can print {chars}").format(
                field=field_label(key), chars=" ".join(f"{c} (U+{ord(c):04X})" for c in chars))
            for key, chars in self.result.where.items()
        ]
        self.warnings_label.setText("\n".join(lines))

    def show_page(self, index: int) -> None:
        if not self.pages:
            self.page_index = 0
            self.preview.setPixmap(QPixmap())
            self._update_page_label()
            return
        self.page_index = max(0, min(index, len(self.pages) - 1))
        pixmap = QPixmap.fromImage(self.pages[self.page_index])
        # The whole page width in view: scale down to the preview's width.
        width = self.preview_scroll.viewport().width() - 12
        if 100 < width < pixmap.width():
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)
        self._update_page_label()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        super().resizeEvent(event)
        if self.pages:
            self.show_page(self.page_index)

    def _update_page_label(self) -> None:
        total = self.result.pages if self.result else 0
        self.page_label.setText(_("Page {page} of {pages}").format(page=self.page_index + 1 if total else 0,
                                                                   pages=total))
        self.prev_button.setEnabled(self.page_index > 0)
        self.next_button.setEnabled(self.page_index + 1 < len(self.pages))

    # --- save and print ------------------------------------------------------------------------------

    def _override(self) -> NameOverride | None:
        if not self.show_names.isChecked():
            return None
        with self.db.session() as s:
            from models.notices import scan_notice

            names = sorted({f.found for f in scan_notice(s, self.collect()) if f.kind == "name"})
        return NameOverride(self.reason_edit.text(), names)

    def _point_at(self, finding: Finding) -> None:
        """Put the cursor on the finding's spot (Qt counts UTF-16 units: 𠮷 is two)."""
        def utf16(text: str, index: int) -> int:
            return len(text[:index].encode("utf-16-le")) // 2

        if finding.field in ("body", "closing"):
            edit = self.body_edit if finding.field == "body" else self.closing_edit
            text = edit.toPlainText()
            cursor = edit.textCursor()
            cursor.setPosition(utf16(text, finding.start))
            cursor.setPosition(utf16(text, finding.end), cursor.MoveMode.KeepAnchor)
            edit.setTextCursor(cursor)
            edit.setFocus()
        elif finding.field.startswith("table:"):
            _t, r, c = finding.field.split(":")
            self.table.setCurrentCell(int(r) - 1, int(c) - 1)
            self.table.setFocus()
        else:
            widget = {"title": self.title_edit, "subtitle": self.subtitle_edit, "contact": self.contact_edit,
                      "issuer": self.issuer_edit}.get(finding.field)
            if widget is not None:
                text = widget.text()
                start = utf16(text, finding.start)
                widget.setSelection(start, utf16(text, finding.end) - start)
                widget.setFocus()

    def check(self) -> tuple[NoticeValues, NoticePdf, NameOverride | None] | None:
        """Everything that must hold before saving or printing; None (and the reason shown) if not."""
        values = self.collect()
        override = self._override()
        try:
            validate_notice(values)
            with self.db.session() as s:
                self.warnings = check_privacy(s, values, override)
        except PrivacyBlocked as exc:
            self.findings_label.show_message(str(exc))
            self._point_at(exc.findings[0])
            dialogs.error(self, _("Personal data on a public notice"), str(exc))
            return None
        except ValidationFailed as exc:
            self.findings_label.show_message(str(exc))
            return None
        self.findings_label.show_message("")
        result = self.build()
        if result is None:
            return None
        self._show_missing()
        if result.where:
            text = _("Some characters cannot be printed by any installed font:") + "\n" + self.warnings_label.text()
            if not dialogs.confirm(self, _("Characters that will print blank"), text,
                                   ok_text=_("Continue anyway")):
                return None
        return values, result, override

    def _publish(self, values: NoticeValues, result: NoticePdf, override: NameOverride | None, action: str,
                 path: Path | None = None) -> bool:
        """Keep the notice through :func:`models.notices.publish` (the command line's path too):
        checked again, then the history, the audit entry and the file in one transaction."""
        try:
            publish(self.db, values, result, path=path, action=action, override=override)
        except OSError as exc:
            dialogs.error(self, _("Save the notice as PDF"),
                          _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror))
            return False
        except LinliError as exc:
            self.findings_label.show_message(str(exc))
            return False
        self._reload_history()
        return True

    def save_pdf(self) -> bool:
        """Check, ask where, then publish: the file written and recorded in the history together."""
        checked = self.check()
        if checked is None:
            return False
        values, result, override = checked
        suggested = f"{values.title or 'notice'}.pdf".replace("/", "-")
        path = dialogs.save_file(self, _("Save the notice as PDF"), suggested, _("PDF files (*.pdf)"))
        if path is None:
            return False
        return self._publish(values, result, override, ACTION_SAVED, path)

    def print_notice(self) -> bool:
        """Check, print through the system's dialog, then publish (no file) into the history."""
        checked = self.check()
        if checked is None:
            return False
        values, result, override = checked
        if not dialogs.print_pdf(self, values.title, result.pdf):
            return False
        return self._publish(values, result, override, ACTION_PRINTED)

    # --- history ----------------------------------------------------------------------------------------

    def selected_notice(self) -> int | None:
        index = self.history_view.currentIndex()
        return self.history_model.id_at(index.row()) if index.isValid() else None

    def reopen_selected(self) -> None:
        notice_id = self.selected_notice()
        if notice_id is None:
            return
        with self.db.session() as s:
            values = notice_values(s, notice_id)
        self.templates.blockSignals(True)
        try:
            self.choose_template(values.template)
        finally:
            self.templates.blockSignals(False)
        self.load_values(values)

    def reprint_selected(self) -> None:
        notice_id = self.selected_notice()
        if notice_id is None:
            return
        with self.db.session() as s:
            pdf = notice_pdf(s, notice_id)
        title = self.history_model.data(self.history_model.index(self.history_view.currentIndex().row(), 1))
        if dialogs.print_pdf(self, str(title), pdf):
            try:
                with self.db.write() as s:
                    record_reprint(s, notice_id)
            except LinliError as exc:
                dialogs.error(self, _("Reprint"), str(exc))
                return
            self._reload_history()


class NoticeComposerDialog(Retranslatable, QDialog):
    """The Notices tab's composer in a window of its own, opened by a module's notice button.

    The same widget as the tab: preview, save, print, the privacy guard and the history.
    """

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noticeComposer")
        self.resize(1180, 760)
        self.composer = NoticesTab(db, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.composer, 1)
        layout.addWidget(self.buttons)
        # Enter in a field must never press a button (a print or a reprint) by itself.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Notice for the bulletin board"))


def open_composer(parent: QWidget, db: Database, template_key: str, source_text: str) -> NoticeComposerDialog | None:
    """A module's notice button: the composer filled from the module's data, ready to check,
    preview, save or print — through the privacy guard and into the history.

    Args:
        template_key: ``"activity"``, ``"menu"``, ``"meal_subsidy"``, ``"dues"``.
        source_text: What the clerk would type under "Fill from" (the activity's
            number, 2026-W48, 2026-11, 2026Q4).

    Returns:
        The open dialog, or None when the actor may not make notices.
    """
    if not can("notices.create"):
        dialogs.error(parent, _("Notice for the bulletin board"),
                      _("Your role may not make notices for the bulletin board; ask a clerk."))
        return None
    dialog = NoticeComposerDialog(db, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.composer.fill_from(template_key, source_text)
    dialog.open()
    return dialog
