"""The Resident: one registry shared by day care, meals, activities and the Party roster."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.core.base import Base, now_local

#: Household flags, in the order the form and the list show them. The values
#: are the column names; the labels live in the UI's translation catalog.
HOUSEHOLD_FLAGS: tuple[str, ...] = (
    "lives_alone",  # 独居
    "empty_nest",  # 空巢
    "minimum_allowance",  # 低保
    "extreme_poverty",  # 特困
    "disabled",  # 残疾
    "entitled_group",  # 优抚对象
)

GENDERS: tuple[str, ...] = ("male", "female")


class Resident(Base):
    """A person the centre knows.

    Attributes:
        name: exactly as typed (rare characters kept); middle dot normalised.
        name_pinyin / name_initials: search keys kept up to date on write
            (see :func:`models.residents.readings.name_keys`), or taken from
            ``pinyin_reading`` when the clerk typed the reading.
        pinyin_reading: the reading the clerk typed in the form, one syllable
            per character (``ji ming hua``), when the dictionary had none or
            the clerk corrected it; empty when the reading is computed.
        id_number: canonical 18 characters, optional, unique when present.
        phone: digits only.
        archived: records are archived, never deleted.
    """

    __tablename__ = "resident"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    name_pinyin: Mapped[str] = mapped_column(String(400), default="")
    name_initials: Mapped[str] = mapped_column(String(100), default="")
    pinyin_reading: Mapped[str] = mapped_column(String(400), default="", server_default="")
    gender: Mapped[str | None] = mapped_column(String(6))
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(20))

    compound: Mapped[str] = mapped_column(String(60), default="")
    building: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    room: Mapped[str] = mapped_column(String(20), default="")
    grid: Mapped[str] = mapped_column(String(40), default="")

    lives_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    empty_nest: Mapped[bool] = mapped_column(Boolean, default=False)
    minimum_allowance: Mapped[bool] = mapped_column(Boolean, default=False)
    extreme_poverty: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    entitled_group: Mapped[bool] = mapped_column(Boolean, default=False)

    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_resident_name", "name"),
        Index("ix_resident_name_pinyin", "name_pinyin"),
        Index("ix_resident_phone", "phone"),
        Index("ix_resident_archived_pinyin", "archived", "name_pinyin"),
    )

    def __repr__(self) -> str:  # never the name, ID or phone: repr may reach a log
        return f"<Resident id={self.id}>"
