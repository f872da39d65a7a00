"""The Notices tab: pick a template, adjust its fields, see the page, save or print; the history.

No rules here: the fields are :class:`models.notices.NoticeValues`, the
layout is :func:`reports.notices.compose`, the privacy guard and the history
are :func:`models.notices.check_privacy`; saving and printing go through
:func:`models.notices.publish`, the command line's path too.

The tab is made of parts: the widgets, the texts and saving/printing here;
the form (:mod:`ui.notices.fields`), the live preview
(:mod:`ui.notices.preview`) and the history (:mod:`ui.notices.history_panel`)
as mixins beside it; the composer window of a module's notice button
(:class:`NoticeComposerDialog`, :func:`open_composer`) at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
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
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.notices import (
    ACTION_PRINTED,
    ACTION_SAVED,
    Finding,
    NameOverride,
    NoticeHistorySource,
    NoticeValues,
    PrivacyBlocked,
    check_privacy,
    publish,
    validate_notice,
)
from models.safety.security import can
from reports.notices import TEMPLATES
from ui.common import dialogs
from ui.common.background import BackgroundRefresh
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.headers import keep_header_texts_whole
from ui.common.lazy_model import LazyTableModel
from ui.common.style import emphasize
from ui.notices.fields import NoticeFields
from ui.notices.history_panel import NoticeHistoryPanel
from ui.notices.preview import TYPING_PAUSE_MS, NoticePreview

if TYPE_CHECKING:
    from reports.notices import NoticePdf


class NoticesTab(NoticeFields, NoticePreview, NoticeHistoryPanel, Retranslatable, QWidget):
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
        # Each column as wide as its contents and its title, the title of the notice at a
        # readable width (elided, the whole title in its tooltip): the panel scrolls sideways
        # rather than squeezing six columns into it (issue 15).
        history_header = self.history_view.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        history_header.setStretchLastSection(False)
        self.history_view.setColumnWidth(1, 200)
        self.history_view.setWordWrap(False)
        self.history_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        keep_header_texts_whole(self.history_view)
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
        mv.addStretch(1)
        middle_scroll = QScrollArea(objectName="noticeForm")
        middle_scroll.setWidgetResizable(True)
        middle_scroll.setWidget(middle)
        # The form is taller than a 1366×768 screen leaves it: its scroll bar is always there,
        # so that the form does not narrow (and reflow) when it appears.
        middle_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        middle_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        middle_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The privacy guard's findings, the font warnings and Save/Print stay in sight under the form.
        middle_column = QWidget()
        mc = QVBoxLayout(middle_column)
        mc.setContentsMargins(0, 0, 0, 0)
        mc.addWidget(middle_scroll, 1)
        mc.addWidget(self.findings_label)
        mc.addWidget(self.warnings_label)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        mc.addLayout(actions)

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
        splitter.addWidget(middle_column)
        splitter.addWidget(right)
        splitter.setSizes([400, 520, 420])
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
