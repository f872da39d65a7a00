"""Form helpers shared by every dialog: inline error labels, retranslation, the save."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from models.core.db import Database
from models.core.errors import NeedsConfirmation, ValidationFailed
from ui.common.style import emphasize


class ErrorLabel(QLabel):
    """A red message under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        emphasize(self, color="#b3261e")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldErrors:
    """Field name → its error label, so that a domain error lands on its field."""

    def __init__(self) -> None:
        self._labels: dict[str, ErrorLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def add(self, field: str, widget: QWidget, parent: QWidget | None = None) -> ErrorLabel:
        label = ErrorLabel(parent)
        label.setObjectName(f"error_{field}")
        self._labels[field] = label
        self._widgets[field] = widget
        return label

    def label(self, field: str) -> ErrorLabel:
        return self._labels[field]

    def clear(self) -> None:
        for label in self._labels.values():
            label.show_message("")

    def show(self, errors: dict[str, str], fallback: ErrorLabel | None = None) -> None:
        """Show each message by its field and focus the first bad field."""
        self.clear()
        first: QWidget | None = None
        leftovers = []
        for field, message in errors.items():
            if field in self._labels:
                self._labels[field].show_message(message)
                first = first or self._widgets[field]
            else:
                leftovers.append(message)
        if leftovers and fallback is not None:
            fallback.show_message("\n".join(leftovers))
        if first is not None:
            first.setFocus()

    def messages(self) -> dict[str, str]:
        """The messages shown now (for tests and accessibility)."""
        return {f: lbl.text() for f, lbl in self._labels.items() if lbl.isVisibleTo(lbl.parentWidget()) and lbl.text()}


class Retranslatable:
    """Mixin: call ``retranslate()`` on QEvent.LanguageChange.

    The widget's ``changeEvent`` must reach this class (list it first).
    """

    def retranslate(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def write_form(
    parent: QWidget,
    db: Database,
    write: Callable[[Session, bool], int],
    errors: FieldErrors,
    general: ErrorLabel,
    *,
    confirm_title: str,
    ok_text: str,
) -> int | None:
    """Run a form's domain write in one transaction and show its refusals.

    ``write(session, confirmed)`` does the domain call and returns the saved
    record's id. A :class:`ValidationFailed` lands on the form's fields (and
    ``general`` for the rest); a :class:`NeedsConfirmation` asks the clerk
    through :mod:`ui.common.dialogs` and, if they agree, writes again confirmed.

    Returns:
        The saved id, or None when refused or not confirmed (nothing written).
    """
    from ui.common import dialogs

    confirmed = False
    while True:
        try:
            with db.write() as session:
                saved_id = write(session, confirmed)
        except ValidationFailed as exc:
            errors.show(exc.errors, general)
            return None
        except NeedsConfirmation as exc:
            if confirmed or not dialogs.confirm(parent, confirm_title, str(exc), ok_text=ok_text):
                return None
            confirmed = True
            continue
        errors.clear()
        return saved_id


def open_dialog(owner: QWidget, dialog: QWidget, done_signal, on_done: Callable) -> QWidget:  # type: ignore[no-untyped-def]
    """Open ``dialog`` window-modal without blocking (never ``exec()``).

    ``owner.dialog`` holds it while it is open (tests and the owner reach it
    there) and is cleared when it closes; ``done_signal`` (its ``saved`` or
    ``completed``) calls ``on_done``. The dialog deletes itself on close.
    """
    from PySide6.QtCore import Qt

    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    done_signal.connect(on_done)
    dialog.finished.connect(lambda _result: setattr(owner, "dialog", None))
    owner.dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog
