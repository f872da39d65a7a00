"""The one seam through which every message box and file dialog is opened.

Widgets call :func:`info`, :func:`error`, :func:`confirm`, :func:`open_file`
and :func:`save_file` from here, never QMessageBox or QFileDialog directly.
Tests :func:`install` a scripted service so that nothing blocks in ``exec()``.
Custom dialogs (the resident form, settings) are opened with ``open()`` —
window-modal but non-blocking — so tests drive them like any widget.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from i18n import _


class DialogService:
    """The real dialogs (blocking, modal) used by the running application."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str, *, ok_text: str | None = None) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        ok = box.addButton(ok_text or _("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok

    def open_file(self, parent: QWidget | None, title: str, file_filter: str = "") -> Path | None:
        name, _sel = QFileDialog.getOpenFileName(parent, title, "", file_filter)
        return Path(name) if name else None

    def save_file(self, parent: QWidget | None, title: str, suggested: str = "", file_filter: str = "") -> Path | None:
        name, _sel = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return Path(name) if name else None

    def print_pdf(self, parent: QWidget | None, title: str, pdf: bytes) -> bool:
        """The system's print dialog, then the PDF's pages to the printer; False if cancelled."""
        from ui.notices.printing import print_pdf_with_dialog

        return print_pdf_with_dialog(parent, title, pdf)


_service: DialogService = DialogService()


def install(service: DialogService) -> DialogService:
    """Replace the dialog service (tests); returns the previous one."""
    global _service
    previous, _service = _service, service
    return previous


def current() -> DialogService:
    return _service


def info(parent: QWidget | None, title: str, text: str) -> None:
    _service.info(parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    _service.warning(parent, title, text)


def error(parent: QWidget | None, title: str, text: str) -> None:
    _service.error(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, *, ok_text: str | None = None) -> bool:
    return _service.confirm(parent, title, text, ok_text=ok_text)


def open_file(parent: QWidget | None, title: str, file_filter: str = "") -> Path | None:
    return _service.open_file(parent, title, file_filter)


def save_file(parent: QWidget | None, title: str, suggested: str = "", file_filter: str = "") -> Path | None:
    return _service.save_file(parent, title, suggested, file_filter)


def print_pdf(parent: QWidget | None, title: str, pdf: bytes) -> bool:
    """Print PDF bytes through the system's print dialog (QPrinter); False when cancelled."""
    return _service.print_pdf(parent, title, pdf)
