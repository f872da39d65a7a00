"""The meals job's tables: menus, subsidy policy versions and their rules, meals,
diners' notes, and the record of each deliberate month recompute."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.core.base import Base, now_local


class MealMenu(Base):
    """The menu of one meal on one day: the dishes and the price of a portion."""

    __tablename__ = "meal_menu"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    dishes: Mapped[str] = mapped_column(Text, default="")
    price_fen: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    __table_args__ = (UniqueConstraint("day", "kind"),)

    def __repr__(self) -> str:
        return f"<MealMenu {self.day} {self.kind}>"


class SubsidyPolicy(Base):
    """One version of the subsidy policy, in force from ``effective_from`` to ``effective_to``."""

    __tablename__ = "subsidy_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    combine: Mapped[str] = mapped_column(String(3), default="add")
    example: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    rules: Mapped[list[SubsidyRule]] = relationship(
        back_populates="policy", cascade="all, delete-orphan", order_by="SubsidyRule.position"
    )

    __table_args__ = (Index("ix_subsidy_policy_effective", "archived", "effective_from"),)

    def __repr__(self) -> str:
        return f"<SubsidyPolicy id={self.id} from={self.effective_from}>"


class SubsidyRule(Base):
    """An age band (``min_age``–``max_age``) or a household category, with its amount.

    ``meal_kind`` None means every meal; the default policy subsidises lunch only.
    """

    __tablename__ = "subsidy_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("subsidy_policy.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(10))  # "age" or "category"
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(30))
    meal_kind: Mapped[str | None] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(Integer)

    policy: Mapped[SubsidyPolicy] = relationship(back_populates="rules")


class Meal(Base):
    """One logged meal: who, when, how, what it cost and who paid what.

    ``subsidy_fen`` is computed when the meal is logged and stored, with
    ``policy_id``, ``age_band`` and ``categories`` naming the rule that
    produced it, or ``reason`` saying why there is none (``under_age:60``,
    ``no_birth_date``, ``no_rule``, ``no_policy``, ``extra_portion``).
    Mistakes are cancelled, not deleted.
    """

    __tablename__ = "meal"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10), default="lunch")
    mode: Mapped[str] = mapped_column(String(10), default="dine_in")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    price_fen: Mapped[int] = mapped_column(Integer)
    subsidy_fen: Mapped[int] = mapped_column(Integer, default=0)
    paid_fen: Mapped[int] = mapped_column(Integer)
    payment: Mapped[str] = mapped_column(String(10), default="cash")
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("subsidy_policy.id"))
    age: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str] = mapped_column(String(20), default="")
    categories: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(String(40), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    __table_args__ = (
        Index("ix_meal_day_kind", "day", "kind"),
        Index("ix_meal_resident_day", "resident_id", "day"),
    )

    def __repr__(self) -> str:
        return f"<Meal id={self.id} day={self.day} kind={self.kind}>"


class MealDiner(Base):
    """What the kitchen and the delivery volunteers need to know about a diner."""

    __tablename__ = "meal_diner"

    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), primary_key=True)
    diet_notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)


class MealRecompute(Base):
    """A record of a deliberate "recompute this month": who, when, what changed."""

    __tablename__ = "meal_recompute"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    done_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    done_by: Mapped[str] = mapped_column(String(60), default="")
    meals_checked: Mapped[int] = mapped_column(Integer, default=0)
    meals_changed: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_before_fen: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_after_fen: Mapped[int] = mapped_column(Integer, default=0)
    #: JSON list of [meal id, old subsidy, new subsidy, old rule, new rule]
    #: (a rule as "policy id|age band|categories|reason").
    details: Mapped[str] = mapped_column(Text, default="[]")
