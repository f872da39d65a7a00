"""The delivery list: diners with meals delivered home on a day, in the order a
volunteer walks them (compound, building, unit, room), with phone and diet notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from models.meals.entities import Meal, MealDiner
from models.meals.vocabulary import kind_label
from models.residents.entities import Resident
from models.residents.names import format_address
from models.safety.security import require


@dataclass
class DeliveryLine:
    """A line of the delivery list (internal: full address, phone, diet notes)."""

    name: str
    address: str
    building_key: tuple
    phone: str
    meal: str
    quantity: int
    diet_notes: str


def delivery_list(session: Session, day: dt.date, kind: str | None = "lunch") -> list[DeliveryLine]:
    """Diners with meals delivered home on ``day``, sorted by compound, building, unit, room."""
    require("meals.read")
    conds = [Meal.day == day, Meal.mode == "delivered", Meal.cancelled == false()]
    if kind:
        conds.append(Meal.kind == kind)
    rows = session.execute(
        select(
            Resident.name,
            Resident.compound,
            Resident.building,
            Resident.unit,
            Resident.room,
            Resident.phone,
            Meal.kind,
            Meal.quantity,
            MealDiner.diet_notes,
        )
        .join(Resident, Resident.id == Meal.resident_id)
        .outerjoin(MealDiner, MealDiner.resident_id == Meal.resident_id)
        .where(*conds)
    )

    def num(text: str) -> tuple:
        return (0, int(text), "") if text.isdigit() else (1, 0, text)

    out = [
        DeliveryLine(
            name=r.name,
            address=format_address(r.compound, r.building, r.unit, r.room),
            building_key=(r.compound, num(r.building), num(r.unit), num(r.room)),
            phone=r.phone or "",
            meal=kind_label(r.kind),
            quantity=r.quantity,
            diet_notes=r.diet_notes or "",
        )
        for r in rows
    ]
    out.sort(key=lambda d: d.building_key)
    return out
