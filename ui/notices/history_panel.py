"""The composer's history: notices kept (here, in a module's composer window or by a command),
reopened or printed again.

A part of :class:`ui.notices.tab.NoticesTab` (a mixin: the widgets are made by
the tab). The history is :mod:`models.notices.history`.
"""

from __future__ import annotations

from i18n import _
from models.core.errors import LinliError
from models.notices import history_count, notice_pdf, notice_values, record_reprint
from ui.common import dialogs


class NoticeHistoryPanel:
    """The history's part of the Notices tab."""

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
