"""The one seam through which every message box and file dialog is opened.

Widgets call :func:`info`, :func:`error`, :func:`confirm`, :func:`choose`, :func:`open_file`
and :func:`save_file` from here, never QMessageBox or QFileDialog directly.
Tests :func:`install` a scripted service so that nothing blocks in ``exec()``.
Custom dialogs (the resident form, settings) are opened with ``open()`` —
window-modal but non-blocking — so tests drive them like any widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

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
        box, ok = confirmation_box(parent, title, text, ok_text=ok_text)
        box.exec()
        return box.clickedButton() is ok

    def choose(self, parent: QWidget | None, title: str, text: str, options: Sequence[str], *,
               default: int = 0) -> int | None:
        box, buttons = choice_box(parent, title, text, options, default=default)
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None

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


def confirmation_box(
    parent: QWidget | None, title: str, text: str, *, ok_text: str | None = None
) -> tuple[QMessageBox, QPushButton]:
    """The question every confirmation asks (not yet shown); returns the box and its "yes" button.

    The safe answer is the default: Enter and Escape both answer Cancel, so a
    reflex Enter at queue speed never logs a second meal, cancels a booking or
    archives a resident. Only a click (or the button's mnemonic, or Tab to it)
    says yes.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("confirmation")
    ok = box.addButton(ok_text or _("OK"), QMessageBox.ButtonRole.AcceptRole)
    ok.setObjectName("confirmYes")
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("confirmCancel")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, ok


def choice_box(
    parent: QWidget | None, title: str, text: str, options: Sequence[str], *, default: int = 0
) -> tuple[QMessageBox, list[QPushButton]]:
    """A question with several answers and Cancel (not yet shown): the box and one button per option.

    Enter chooses ``options[default]`` (the caller makes it the safe one);
    Escape is Cancel, which chooses nothing.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("choice")
    buttons = [box.addButton(option, QMessageBox.ButtonRole.AcceptRole) for option in options]
    for i, button in enumerate(buttons):
        button.setObjectName(f"choice{i}")
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("choiceCancel")
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(cancel)
    return box, buttons


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
    """Ask a yes/no question; True only when the clerk chose ``ok_text``.

    Every confirmation in ui/ comes here (:func:`confirmation_box`): Enter and
    Escape answer Cancel, the safe answer.
    """
    return _service.confirm(parent, title, text, ok_text=ok_text)


def choose(parent: QWidget | None, title: str, text: str, options: Sequence[str], *, default: int = 0) -> int | None:
    """Ask which of ``options``; the index chosen, or None for Cancel (Escape).

    For a question that is not yes/no (the public or the desk copy): Enter
    takes ``options[default]``, which the caller makes the safe answer.
    """
    return _service.choose(parent, title, text, options, default=default)


def open_file(parent: QWidget | None, title: str, file_filter: str = "") -> Path | None:
    return _service.open_file(parent, title, file_filter)


def save_file(parent: QWidget | None, title: str, suggested: str = "", file_filter: str = "") -> Path | None:
    return _service.save_file(parent, title, suggested, file_filter)


def print_pdf(parent: QWidget | None, title: str, pdf: bytes) -> bool:
    """Print PDF bytes through the system's print dialog (QPrinter); False when cancelled."""
    return _service.print_pdf(parent, title, pdf)
