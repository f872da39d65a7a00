"""Month end: the reconciliation for the civil-affairs office (PDF, .xlsx), the
deliberate recompute of a month and its history, the public disclosure
(through the notice composer). Every figure comes from models.meals.month_end."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_money
from models.core.db import Database
from models.meals.month_end import recompute_history, recompute_month, reconcile_month
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.month_picker import MonthPicker
from ui.meals.common import doc_info, write_file


class MonthDialog(Retranslatable, QDialog):
    """Month end: totals, "recompute this month", the reconciliation (PDF, .xlsx), the disclosure."""

    saved = Signal(int)

    def __init__(self, db: Database, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("monthDialog")
        self._db = db
        self.resize(620, 360)
        self.month = MonthPicker(day)
        self.month.dateChanged.connect(lambda _d: self.refresh())
        self.month_label = QLabel()
        self.month_label.setBuddy(self.month)
        self.summary = QLabel(objectName="monthSummary")
        self.summary.setWordWrap(True)
        self.recompute_button = QPushButton(objectName="recompute")
        self.recompute_button.clicked.connect(self.recompute)
        self.pdf_button = QPushButton(objectName="reconcilePdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(objectName="reconcileXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.disclosure_button = QPushButton(objectName="disclosure")
        self.disclosure_button.clicked.connect(self.disclosure)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.month_label)
        top.addWidget(self.month)
        top.addStretch(1)
        actions = QHBoxLayout()
        for b in (self.pdf_button, self.xlsx_button, self.disclosure_button):
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary, 1)
        layout.addLayout(actions)
        layout.addWidget(self.recompute_button)
        layout.addWidget(self.buttons)
        self.retranslate()

    @property
    def year_month(self) -> tuple[int, int]:
        d = self.month.date()
        return d.year(), d.month()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Month end"))
        self.month_label.setText(_("&Month:"))
        self.recompute_button.setText(_("&Recompute this month's subsidies…"))
        self.pdf_button.setText(_("Reconciliation &PDF…"))
        self.xlsx_button.setText(_("Reconciliation &Excel…"))
        self.disclosure_button.setText(_("Public &disclosure PDF…"))
        self.refresh()

    def refresh(self) -> None:
        year, month = self.year_month
        with self._db.session() as session:
            rec = reconcile_month(session, year, month)
            history = recompute_history(session, year, month)
        t = rec.totals
        lines = [
            _("{month}: {meals} meals for {diners} diners — price {price}, subsidy {subsidy}, paid {paid}.").format(
                month=rec.month_text, meals=t.meals, diners=len(rec.diners), price=format_money(t.price_fen),
                subsidy=format_money(t.subsidy_fen), paid=format_money(t.paid_fen),
            ),
            _("Policies applied: {names}.").format(names="; ".join(rec.policies) or _("none")),
        ]
        if rec.example_policy:
            lines.append(_("Warning: the example policy was applied; enter the local policy and recompute."))
        for h in history:
            lines.append(
                _("Recomputed on {when} by {who}: {changed} of {checked} meals changed, subsidy {before} → {after}.").format(
                    when=format_date(h.done_at.date(), "medium") + " " + h.done_at.strftime("%H:%M"),
                    who=h.done_by or "?", changed=h.meals_changed, checked=h.meals_checked,
                    before=format_money(h.subsidy_before_fen), after=format_money(h.subsidy_after_fen),
                )
            )
        self.summary.setText("\n".join(lines))
        self.rec = rec

    def recompute(self) -> None:
        year, month = self.year_month
        if not dialogs.confirm(
            self,
            _("Recompute this month"),
            _(
                "Recompute the subsidy of every meal in {month} with the policy in force on each meal's date? "
                "Stored subsidies change; the change is recorded with your name and the time."
            ).format(month=f"{year:04d}-{month:02d}"),
            ok_text=_("Recompute"),
        ):
            return
        with self._db.write() as session:
            result = recompute_month(session, year, month)
        self.refresh()
        self.saved.emit(result.changed)
        dialogs.info(
            self, _("Recomputed"),
            _("{changed} of {checked} meals changed; subsidy {before} → {after}.").format(
                changed=result.changed, checked=result.checked,
                before=format_money(result.subsidy_before_fen), after=format_money(result.subsidy_after_fen),
            ),
        )

    def export(self, kind: str):  # type: ignore[no-untyped-def]
        """Ask where, then build and write the PDF or .xlsx in a worker thread; returns the worker (or None)."""
        from models.safety.export import RECONCILIATION
        from ui.common.export import refused_personal_output
        from ui.common.worker import run_in_worker

        if refused_personal_output(self, _("Month-end reconciliation")):  # the diners' names: export.personal
            return None
        self.refresh()
        rec = self.rec
        name = f"meal-reconciliation-{rec.month_text}.{kind}"
        file_filter = _("PDF (*.pdf)") if kind == "pdf" else _("Excel workbook (*.xlsx)")
        path = dialogs.save_file(self, _("Save the reconciliation"), name, file_filter)
        if path is None:
            return None

        def build(job):  # type: ignore[no-untyped-def]  # in the worker thread
            from models.safety.accounts import current_clerk_name
            from reports.meals import reconciliation_pdf, reconciliation_xlsx

            with job.db.session() as s:
                clerk = current_clerk_name(s)  # the sign-off's 制表人
            if kind == "pdf":
                result = reconciliation_pdf(rec, doc_info(job.db), prepared_by=clerk)
                return result.pdf, result.missing
            return reconciliation_xlsx(rec, prepared_by=clerk), None

        self.export_worker = run_in_worker(
            self, self._db, build, title=_("Month-end reconciliation"), label=_("Writing the reconciliation…"),
            on_done=lambda out: write_file(self, path, out[0], out[1], db=self._db, what=RECONCILIATION,
                                       count=len(rec.diners)),
        )
        return self.export_worker

    def disclosure(self) -> None:
        """The notice composer, filled with the month's disclosure: preview, privacy guard, save or print, history."""
        from ui.notices.tab import open_composer

        self.refresh()
        open_composer(self, self._db, "meal_subsidy", self.rec.month_text)
