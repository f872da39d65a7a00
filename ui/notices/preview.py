"""The composer's live preview: laid out and drawn in a worker thread, a pause after the last keystroke.

A part of :class:`ui.notices.tab.NoticesTab` (a mixin: the widgets are made by
the tab). The page is the PDF that is saved and printed
(:func:`reports.notices.compose`, drawn by :func:`ui.notices.printing.render_pages`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap

from i18n import _
from models.notices import field_label
from ui.common.worker import Job
from ui.notices.printing import render_pages

if TYPE_CHECKING:
    from reports.notices import NoticePdf

PREVIEW_DPI = 60
#: The preview is laid out again this long after the last keystroke.
TYPING_PAUSE_MS = 400


class NoticePreview:
    """The preview's part of the Notices tab."""

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
