"""What the Meals tab's dialogs share: combo boxes of a vocabulary, dates, the
centre's details on a printout, writing a file (recorded in the audit trail when
it holds personal data) and saying where it went or why not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from i18n import _
from models.core.db import Database
from models.core.files import write_bytes  # whole or not at all: no partial file on a full disk
from models.core.settings import load_centre_info
from ui.common import dialogs


def combo(values, labeller, name: str) -> QComboBox:  # type: ignore[no-untyped-def]
    box = QComboBox(objectName=name)
    for v in values:
        box.addItem(labeller(v), v)
    return box


def relabel(box: QComboBox, labeller) -> None:  # type: ignore[no-untyped-def]
    for i in range(box.count()):
        data = box.itemData(i)
        if data is not None:
            box.setItemText(i, labeller(data))


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def doc_info(db: Database):  # type: ignore[no-untyped-def]
    from reports.pdf import DocumentInfo

    with db.session() as session:
        centre = load_centre_info(session)
    return DocumentInfo(centre_name=centre.name or _("Linli"), address=centre.address, phone=centre.phone,
                        issuer=centre.name)


def write_file(parent: QWidget, path: Path, data: bytes, missing: list[str] | None = None, *,
           db: Database | None = None, what: str = "", count: int = 0, personal: bool = True) -> bool:
    """Write ``data``; with ``db``, recorded in the audit trail in the same transaction (models.safety.export)."""
    from models.safety.security import PermissionDenied

    try:
        if db is None:
            write_bytes(path, data)
        else:
            from ui.common.export import write_recorded

            write_recorded(db, path, lambda: write_bytes(path, data), what=what, count=count, personal=personal)
    except OSError as exc:
        not_written(parent, path, exc.strerror)
        return False
    except PermissionDenied as exc:
        dialogs.error(parent, _("Not saved"), str(exc))
        return False
    tell_saved(parent, path, missing)
    return True


def not_written(parent: QWidget, path: Path, reason: str | None) -> None:
    dialogs.error(parent, _("Not saved"), _("Cannot write {path}: {reason}").format(path=path, reason=reason))


def tell_saved(parent: QWidget, path: Path, missing: list[str] | None = None) -> None:
    text = _("Saved to {path}.").format(path=path)
    if missing:
        text += "\n" + _("No font has these characters; they print blank: {chars}").format(chars="".join(missing))
    dialogs.info(parent, _("Saved"), text)
