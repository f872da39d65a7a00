"""Booking from any screen: calls the domain, asks the clerk about overrides.

The rules are the domain's (:func:`models.activities.book`); this only turns
its refusals into a question (override the sign-up window?) or a message.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from i18n import _
from models.activities.bookings import BookingRequest, BookingResult, book
from models.activities.entities import BookingRefused, get_activity
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.residents.registry import get_resident
from ui.common import dialogs


@dataclass
class Outcome:
    ok: bool
    message: str
    result: BookingResult | None = None
    needs_reason: bool = False
    errors: dict[str, str] | None = None


class BookingFlow:
    def __init__(self, db: Database, parent: QWidget):
        self._db = db
        self._parent = parent

    def book(self, activity_id: int, *, resident_id: int | None, seats: int = 1, walkin_name: str = "",
             walkin_phone: str = "", override_reason: str = "") -> Outcome:
        request = BookingRequest(
            activity_id=activity_id, resident_id=resident_id, seats=seats, walkin_name=walkin_name,
            walkin_phone=walkin_phone, override_reason=override_reason,
        )
        while True:
            try:
                with self._db.write() as s:
                    result = book(s, request)
                    title = get_activity(s, activity_id).title
                    name = get_resident(s, resident_id).name if resident_id is not None else walkin_name.strip()
                break
            except BookingRefused as exc:
                if exc.kind == "deadline" and exc.overridable and not request.override_deadline:
                    if dialogs.confirm(self._parent, _("Outside the sign-up window"),
                                       str(exc) + "\n\n" + _("Book anyway? The override is recorded."),
                                       ok_text=_("Book anyway")):
                        request.override_deadline = True
                        continue
                    return Outcome(False, str(exc))
                if exc.kind == "target_group":
                    return Outcome(False, str(exc) + " " + _("To book anyway, type the reason and press Enter again."),
                                   needs_reason=True)
                return Outcome(False, str(exc))
            except ValidationFailed as exc:
                return Outcome(False, " ".join(exc.errors.values()), errors=exc.errors)
            except LinliError as exc:
                return Outcome(False, str(exc))
        return Outcome(True, result.describe(name, title), result=result)
