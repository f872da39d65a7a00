"""Diners: their names for messages, the diet notes the kitchen and the delivery
volunteers need, and the elders checked in to day care today (offered first
at lunch), asked of the day-care job through
:func:`models.daycare.checked_in_resident_ids`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import NotFound, ValidationFailed
from models.daycare import checked_in_resident_ids
from models.meals.entities import MealDiner
from models.residents.entities import Resident
from models.safety.security import require


def meal_diner_name(session: Session, resident_id: int) -> str:
    """The diner's name (for a message; from the session's identity map when loaded)."""
    resident = session.get(Resident, resident_id)
    return resident.name if resident is not None else ""


def diet_notes(session: Session, resident_id: int) -> str:
    require("meals.read")
    return session.scalar(select(MealDiner.diet_notes).where(MealDiner.resident_id == resident_id)) or ""


def set_diet_notes(session: Session, resident_id: int, notes: str) -> None:
    require("meals.write")
    notes = (notes or "").strip()
    if len(notes) > 200:
        raise ValidationFailed({"diet_notes": _("At most {max} characters.").format(max=200)})
    diner = session.get(MealDiner, resident_id)
    if diner is None:
        if session.get(Resident, resident_id) is None:
            raise NotFound(_("No resident with number {id}.").format(id=resident_id))
        session.add(MealDiner(resident_id=resident_id, diet_notes=notes))
    else:
        diner.diet_notes = notes
    session.flush()


def daycare_present_ids(session: Session, day: dt.date) -> list[int]:
    """Residents checked in to day care on ``day`` (offered first in the lunch queue):
    :func:`models.daycare.checked_in_resident_ids`."""
    return checked_in_resident_ids(session, day)


def diner_search_order(session: Session, day: dt.date, ids: Sequence[int]) -> list[int]:
    """``ids`` with the elders checked in to day care today first (stable otherwise)."""
    present = set(daycare_present_ids(session, day))
    return sorted(ids, key=lambda i: i not in present)
