"""The audit trail viewer (administrators): a lazy list, filters, and the chain check."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.db import Database
from models.safety.audit import ACTION_LABELS, AuditFilter, AuditListSource, verify_chain
from ui.common.forms import Retranslatable
from ui.common.lazy_model import LazyTableModel


class AuditViewer(Retranslatable, QDialog):
    """Newest entries first; filter by action and by text (actor, table, record, summary)."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditViewer")
        self.db = db
        self.resize(980, 560)
        self.action = QComboBox(objectName="auditAction")
        self.search = QLineEdit(objectName="auditSearch")
        self.search.setClearButtonEnabled(True)
        self.check_button = QPushButton(objectName="auditCheck")
        self.check_result = QLabel(objectName="auditCheckResult")
        self.model = LazyTableModel(AuditListSource(), db.session, parent=self)
        self.table = QTableView(objectName="auditTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.action)
        top.addWidget(self.search, 1)
        top.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.check_result)
        layout.addWidget(self.buttons)
        self.action.currentIndexChanged.connect(self._apply_filter)
        self.search.textChanged.connect(self.model.set_filter)
        self.check_button.clicked.connect(self.check_chain)
        self.retranslate()
        self.model.reload()
        for column, width in enumerate((150, 90, 120, 140, 70)):
            self.table.setColumnWidth(column, width)
        self.search.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Audit trail"))
        self.search.setPlaceholderText(_("Filter: who, table, record number or summary"))
        self.check_button.setText(_("&Verify chain"))
        current = self.action.currentData()
        self.action.blockSignals(True)
        self.action.clear()
        self.action.addItem(_("All actions"), None)
        for key, label in ACTION_LABELS.items():
            self.action.addItem(_(label), key)
        index = self.action.findData(current)
        self.action.setCurrentIndex(max(index, 0))
        self.action.blockSignals(False)
        self.model.refresh_texts()

    def _apply_filter(self) -> None:
        self.model.source.filter = AuditFilter(action=self.action.currentData())  # type: ignore[attr-defined]
        self.model.reload()

    def check_chain(self) -> bool:
        with self.db.session() as s:
            report = verify_chain(s)
        if report.sound:
            self.check_result.setText(_("Chain verified: {count} entries, none changed.").format(count=report.entries))
        else:
            self.check_result.setText(
                _("The chain is broken at entry {id}: {reason}.").format(id=report.broken_id, reason=report.reason)
            )
        return report.sound
