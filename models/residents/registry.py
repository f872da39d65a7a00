"""The resident registry's rules: validation, duplicate guard, writes and search.

Every write validates the whole record first (all field messages at once),
then checks duplicates, then writes in the caller's transaction — so a refused
record leaves nothing behind.

About 600 lines on purpose: the search and the Residents list reuse
the form's validation (``ResidentInput``, ``validate_resident``) and labels, so
splitting them off would only move an import circle elsewhere.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace

from sqlalchemy import ColumnElement, and_, case, false, literal, or_, select, true
from sqlalchemy.orm import Session

from i18n import N_, _
from models.core.errors import NeedsConfirmation, NotFound, ValidationFailed
from models.core.listing import ListColumn
from models.residents.entities import HOUSEHOLD_FLAGS, Resident
from models.residents.idcard import IdNumberError, mask_id_number, parse_id_number
from models.residents.names import (
    InvalidNameError,
    PhoneError,
    fold_middle_dots,
    format_address,
    mask_phone,
    normalise_name,
    normalise_phone,
)
from models.residents.readings import (
    InvalidReadingError,
    format_reading,
    keys_of_reading,
    missing_readings,
    name_keys,
    parse_reading,
    suggested_reading,
)
from models.safety.security import can, require

#: Labels of the household flags and genders (translated where shown).
FLAG_LABELS: dict[str, str] = {
    "lives_alone": N_("Lives alone"),
    "empty_nest": N_("Empty nest"),
    "minimum_allowance": N_("Minimum living allowance"),
    "extreme_poverty": N_("Extreme poverty"),
    "disabled": N_("Disabled"),
    "entitled_group": N_("Entitled group (veterans, military families)"),
}
GENDER_LABELS: dict[str, str] = {"male": N_("Male"), "female": N_("Female")}

_TEXT_LIMITS = {"compound": 60, "building": 20, "unit": 20, "room": 20, "grid": 40}


@dataclass
class ResidentInput:
    """What a clerk typed into the resident form (raw, not yet validated)."""

    name: str = ""
    gender: str | None = None
    id_number: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    compound: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    grid: str = ""
    flags: frozenset[str] = field(default_factory=frozenset)
    notes: str = ""
    #: The name's reading as the form shows it (``ji ming hua``; ``?`` for a
    #: character with no reading). None: the caller has no reading field — an
    #: update then keeps a reading the clerk typed while the name stays the same.
    pinyin: str | None = None

    @classmethod
    def from_resident(cls, r: Resident) -> ResidentInput:
        require("residents.read")
        return cls(
            name=r.name,
            gender=r.gender,
            id_number=r.id_number or "",
            birth_date=r.birth_date,
            phone=r.phone or "",
            compound=r.compound,
            building=r.building,
            unit=r.unit,
            room=r.room,
            grid=r.grid,
            flags=frozenset(f for f in HOUSEHOLD_FLAGS if getattr(r, f)),
            notes=r.notes,
            pinyin=r.pinyin_reading or None,
        )


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years between a birth date and a day (a 29 Feb birthday counts on 1 Mar)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def validate_resident(data: ResidentInput, *, today: dt.date | None = None, search_keys: bool = True) -> dict:
    """Check every field; return the values to store.

    ``search_keys=False`` leaves out the pinyin keys (``name_pinyin``,
    ``name_initials``, ``pinyin_reading``): an import checks 100,000 rows
    before it writes any.

    The keys come from the reading the clerk typed (``data.pinyin``) when it
    differs from the computed one — it is then kept in ``pinyin_reading`` —
    and are computed from the name otherwise.

    The ID number, when given, fixes the birth date and gender; a typed birth
    date or gender that disagrees is an error on that field.

    Raises:
        ValidationFailed: field → message for every field that is wrong.
    """
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    clean: dict = {}
    try:
        clean["name"] = normalise_name(data.name)
    except InvalidNameError as exc:
        errors["name"] = str(exc)
    clean["gender"] = data.gender or None
    if clean["gender"] not in (None, "male", "female"):
        errors["gender"] = _("Choose male or female.")
    clean["birth_date"] = data.birth_date
    clean["id_number"] = None
    if data.id_number and data.id_number.strip():
        try:
            idn = parse_id_number(data.id_number, today=today)
        except IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            clean["id_number"] = idn.number
            if data.birth_date and data.birth_date != idn.birth_date:
                errors["birth_date"] = _("The ID number gives the birth date {date}.").format(
                    date=idn.birth_date.isoformat()
                )
            if data.gender and data.gender != idn.gender:
                errors["gender"] = (
                    _("The ID number belongs to a man.") if idn.gender == "male" else _("The ID number belongs to a woman.")
                )
            clean["birth_date"] = idn.birth_date
            clean["gender"] = idn.gender
    if clean["birth_date"] is not None and "birth_date" not in errors:
        if clean["birth_date"] > today:
            errors["birth_date"] = _("The birth date is in the future.")
        elif clean["birth_date"].year < 1900:
            errors["birth_date"] = _("The birth date is before 1900.")
    clean["phone"] = None
    if data.phone and data.phone.strip():
        try:
            clean["phone"] = normalise_phone(data.phone)
        except PhoneError as exc:
            errors["phone"] = str(exc)
    for key, limit in _TEXT_LIMITS.items():
        value = " ".join((getattr(data, key) or "").split())
        if len(value) > limit:
            errors[key] = _("At most {max} characters.").format(max=limit)
        clean[key] = value
    unknown = set(data.flags) - set(HOUSEHOLD_FLAGS)
    if unknown:
        errors["flags"] = _("Unknown household flag: {flag}.").format(flag=", ".join(sorted(unknown)))
    for flag in HOUSEHOLD_FLAGS:
        clean[flag] = flag in data.flags
    clean["notes"] = (data.notes or "").strip()
    typed = None
    if search_keys and data.pinyin is not None and data.pinyin.strip() and "name" in clean:
        try:
            typed = parse_reading(data.pinyin, clean["name"])
        except InvalidReadingError as exc:
            errors["pinyin"] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    if search_keys:
        computed = suggested_reading(clean["name"])
        if typed is not None and format_reading(typed) != computed:
            keys = keys_of_reading(typed)
            clean["pinyin_reading"] = format_reading(typed)
        else:
            keys = name_keys(clean["name"])
            clean["pinyin_reading"] = ""
        clean["name_pinyin"], clean["name_initials"] = keys.pinyin, keys.initials
    return clean


def unread_characters(clean: dict) -> list[str]:
    """The characters of a validated record's name that its keys skip: no reading, none typed."""
    if clean.get("pinyin_reading"):
        return [] if "?" not in clean["pinyin_reading"].split() else missing_readings(clean["name"])
    return missing_readings(clean["name"])


def _reading_warnings(data: ResidentInput, clean: dict) -> list[str]:
    """Ask the clerk about a character with no reading — only a caller with a reading field (the form)."""
    if data.pinyin is None:
        return []
    chars = unread_characters(clean)
    if not chars:
        return []
    return [_("{chars} has no reading in the pinyin dictionary, so {name} cannot be found by initials "
              "or sorted by them. Type the reading in the Pinyin field, or save without it.").format(
        chars="、".join(chars), name=clean["name"])]


def _duplicates(session: Session, clean: dict, exclude_id: int | None) -> tuple[dict, list[str]]:
    """Errors (same ID number) and warnings (same name and phone)."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    not_self = Resident.id != exclude_id if exclude_id is not None else literal(True)
    if clean["id_number"]:
        other = session.scalar(select(Resident).where(Resident.id_number == clean["id_number"], not_self))
        if other is not None:
            msg = _("This ID number is already registered to {name}.").format(name=other.name)
            if other.archived:
                msg += " " + _("That record is archived: restore it instead of adding a new one.")
            errors["id_number"] = msg
    if clean["phone"]:
        same = session.scalars(
            select(Resident).where(Resident.name == clean["name"], Resident.phone == clean["phone"], not_self)
        ).first()
        if same is not None:
            warnings.append(
                _("{name} with the same phone number is already registered. Is this the same person?").format(
                    name=same.name
                )
            )
    return errors, warnings


def create_resident(
    session: Session, data: ResidentInput, *, confirmed: bool = False, today: dt.date | None = None
) -> Resident:
    """Validate and add a resident (flushed, committed by the caller's transaction).

    Raises:
        ValidationFailed: a field is wrong or the ID number is taken.
        NeedsConfirmation: a resident with the same name and phone exists.
    """
    require("residents.write")
    clean = validate_resident(data, today=today)
    errors, warnings = _duplicates(session, clean, None)
    if errors:
        raise ValidationFailed(errors)
    warnings += _reading_warnings(data, clean)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    resident = Resident(**clean)
    session.add(resident)
    session.flush()
    return resident


def get_resident(session: Session, resident_id: int) -> Resident:
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound(_("No resident with number {id}.").format(id=resident_id))
    return resident


def update_resident(
    session: Session,
    resident_id: int,
    data: ResidentInput,
    *,
    confirmed: bool = False,
    today: dt.date | None = None,
) -> Resident:
    """Validate and change a resident; same refusals as :func:`create_resident`.

    A reading the clerk typed survives an update that does not say otherwise
    (``data.pinyin`` None) while the name stays the same; a new name is read
    anew.
    """
    require("residents.write")
    resident = get_resident(session, resident_id)
    if data.pinyin is None and resident.pinyin_reading and _same_name(data.name, resident.name):
        data = replace(data, pinyin=resident.pinyin_reading)
    clean = validate_resident(data, today=today)
    errors, warnings = _duplicates(session, clean, resident_id)
    if errors:
        raise ValidationFailed(errors)
    if clean["name"] != resident.name or clean["pinyin_reading"] != resident.pinyin_reading:
        warnings += _reading_warnings(data, clean)  # else nothing new: asked when the name was saved
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    for key, value in clean.items():
        setattr(resident, key, value)
    session.flush()
    return resident


def has_residents(session: Session) -> bool:
    """Whether the registry holds anyone at all (archived residents count): an empty one shows a hint."""
    return session.scalar(select(Resident.id).limit(1)) is not None


def _same_name(raw: str, stored: str) -> bool:
    try:
        return normalise_name(raw) == stored
    except InvalidNameError:
        return False


def is_archived(session: Session, resident_id: int) -> bool:
    """Whether the resident's record is archived (one column, not the whole record: the list asks at every
    keystroke). False for a number that is not in the registry."""
    require("residents.list")
    return bool(session.scalar(select(Resident.archived).where(Resident.id == resident_id)))


def set_archived(session: Session, resident_id: int, archived: bool) -> Resident:
    """Archive (or restore) a resident. Records are never deleted."""
    require("residents.write")
    resident = get_resident(session, resident_id)
    resident.archived = archived
    session.flush()
    return resident


# --- search -------------------------------------------------------------------


@dataclass(frozen=True)
class SearchTerms:
    """A clerk's query, classified once."""

    text: str  # as typed, trimmed (for name matching: never NFKC on names)
    folded: str  # NFKC, no spaces, lower case (pinyin, phone, ID)
    digits: bool  # only digits (maybe a final x): a phone or an ID fragment
    latin: bool  # only ASCII letters: pinyin


def parse_terms(query: str) -> SearchTerms:
    text = fold_middle_dots(" ".join((query or "").split()))
    folded = "".join(unicodedata.normalize("NFKC", text).split()).lower()
    digits = bool(folded) and folded.rstrip("x").isdigit()
    latin = bool(folded) and folded.isascii() and folded.isalpha()
    return SearchTerms(text=text, folded=folded, digits=digits, latin=latin)


def rank_expression(terms: SearchTerms) -> ColumnElement[int]:
    """A SQL expression scoring how well a resident matches (0: no match).

    Exact ID or phone beat exact initials, which beat a name prefix, which beat
    fragments. Portable SQL only (CASE, LIKE, ||), so PostgreSQL runs it too.
    """
    whens: list[tuple[ColumnElement[bool], int]] = []
    if terms.text:
        whens += [
            (Resident.name == terms.text, 100),
            (Resident.name.startswith(terms.text, autoescape=True), 88),
        ]
    if terms.latin:
        bar_initials = literal("|") + Resident.name_initials + literal("|")
        bar_pinyin = literal("|") + Resident.name_pinyin
        whens += [
            (bar_initials.contains("|" + terms.folded + "|", autoescape=True), 95),
            (bar_initials.contains("|" + terms.folded, autoescape=True), 85),
            (bar_pinyin.contains("|" + terms.folded, autoescape=True), 80),
            (Resident.name_initials.contains(terms.folded, autoescape=True), 50),
            (Resident.name_pinyin.contains(terms.folded, autoescape=True), 40),
        ]
    if terms.digits:
        id_text = terms.folded.upper()
        whens += [
            (Resident.id_number == id_text, 100),
            (Resident.phone == terms.folded, 98),
        ]
        if len(terms.folded) >= 3:
            whens += [
                (Resident.phone.endswith(terms.folded, autoescape=True), 75),
                (Resident.id_number.endswith(id_text, autoescape=True), 65),
                (Resident.id_number.contains(id_text, autoescape=True), 60),
                (Resident.phone.contains(terms.folded, autoescape=True), 45),
            ]
    if terms.text and not terms.digits and not terms.latin:
        whens.append((Resident.name.contains(terms.text, autoescape=True), 70))
    elif terms.text and terms.latin:
        whens.append((Resident.name.contains(terms.text, autoescape=True), 30))
    if not whens:
        return literal(0)
    return case(*whens, else_=0)


def match_condition(terms: SearchTerms) -> ColumnElement[bool]:
    """Exactly the residents :func:`rank_expression` scores above 0, with the fewest LIKEs.

    ``rank > 0`` evaluates every branch of the CASE on each resident that does
    not match (eight LIKEs for pinyin initials) and the CASE once more to sort
    the matches. Each branch here is implied by a wider one — ``|zs|`` in the
    initials implies ``zs`` in them, a prefix or a whole name implies a
    fragment, a phone or ID ending implies a fragment of it — so the filter
    keeps only the widest ones (issue 9: the Residents search keystroke).
    tests/models/residents/test_search_filter.py checks both select the same rows.
    """
    conditions: list[ColumnElement[bool]] = []
    name_fragment = terms.text and not terms.digits  # rank_expression scores name.contains then
    if terms.text:
        if name_fragment:
            conditions.append(Resident.name.contains(terms.text, autoescape=True))
        else:
            conditions += [Resident.name == terms.text, Resident.name.startswith(terms.text, autoescape=True)]
    if terms.latin:
        conditions += [
            Resident.name_initials.contains(terms.folded, autoescape=True),
            Resident.name_pinyin.contains(terms.folded, autoescape=True),
        ]
    if terms.digits:
        id_text = terms.folded.upper()
        if len(terms.folded) >= 3:
            conditions += [
                Resident.id_number.contains(id_text, autoescape=True),
                Resident.phone.contains(terms.folded, autoescape=True),
            ]
        else:
            conditions += [Resident.id_number == id_text, Resident.phone == terms.folded]
    return or_(*conditions) if conditions else false()


@dataclass(frozen=True)
class ResidentHit:
    """A search result as a quick-find list shows it (no full ID or phone)."""

    id: int
    name: str
    gender: str | None
    age: int | None
    phone_tail: str
    id_masked: str
    address: str
    archived: bool
    #: The query named this resident exactly (whole ID number or whole phone):
    #: a quick-find may take it on Enter even when other rows match partly.
    exact: bool = False


def search_residents(
    session: Session,
    query: str,
    *,
    include_archived: bool = False,
    limit: int = 20,
    today: dt.date | None = None,
    where: ColumnElement[bool] | None = None,
) -> list[ResidentHit]:
    """Best matches first for a quick-find box (name, pinyin, phone, ID).

    Args:
        where: an extra condition on ``Resident`` (e.g. only enrolled elders),
            so each job's quick-find searches its own people in SQL.
    """
    terms = parse_terms(query)
    if not terms.folded:
        return []
    today = today or dt.date.today()
    rank = rank_expression(terms).label("rank")
    stmt = (
        select(
            Resident.id,
            Resident.name,
            Resident.gender,
            Resident.birth_date,
            Resident.phone,
            Resident.id_number,
            Resident.compound,
            Resident.building,
            Resident.unit,
            Resident.room,
            Resident.archived,
            rank,
        )
        .where(
            match_condition(terms),
            true() if include_archived else Resident.archived == false(),
            true() if where is None else where,
        )
        .order_by(rank.desc(), Resident.name_pinyin, Resident.id)
        .limit(limit)
    )
    return [
        ResidentHit(
            id=row.id,
            name=row.name,
            gender=row.gender,
            age=age_on(row.birth_date, today) if row.birth_date else None,
            phone_tail=(row.phone or "")[-4:],
            id_masked=mask_id_number(row.id_number) if row.id_number else "",
            address=format_address(row.compound, row.building, row.unit, row.room),
            archived=row.archived,
            exact=terms.digits and (row.id_number == terms.folded.upper() or row.phone == terms.folded),
        )
        for row in session.execute(stmt)
    ]


# --- the Residents list ---------------------------------------------------------


class ResidentListSource:
    """The Residents tab's list: filter and order in SQL, display strings per page.

    ID numbers are masked in the list (first 3, last 4; blank for a role
    without ``residents.ids``) and so are phones; the full values are shown
    only in the resident's own record.
    """

    columns: Sequence[ListColumn] = (
        ListColumn("name", N_("Name")),
        ListColumn("gender", N_("Gender"), align="center"),
        ListColumn("age", N_("Age"), align="right"),
        ListColumn("id_number", N_("ID number")),
        ListColumn("phone", N_("Phone")),
        ListColumn("address", N_("Address")),
        ListColumn("grid", N_("Grid")),
        ListColumn("flags", N_("Household"), sortable=False),
    )

    _sort_columns = {
        "name": (Resident.name_pinyin,),
        "gender": (Resident.gender,),
        # Age ascending is birth date descending.
        "age": (Resident.birth_date,),
        "id_number": (Resident.id_number,),
        "phone": (Resident.phone,),
        "address": (Resident.compound, Resident.building, Resident.unit, Resident.room),
        "grid": (Resident.grid,),
    }

    def __init__(self, *, include_archived: bool = False, today: dt.date | None = None):
        self.include_archived = include_archived
        self._today = today

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        terms = parse_terms(filter_text)
        conditions: list[ColumnElement[bool]] = []
        if not self.include_archived:
            conditions.append(Resident.archived == false())
        order: list = []
        if terms.folded:
            rank = rank_expression(terms)
            conditions.append(match_condition(terms))
            if sort_key is None:
                order.append(rank.desc())
        if sort_key in self._sort_columns:
            cols = self._sort_columns[sort_key]
            flip = not descending if sort_key == "age" else descending
            order += [c.desc().nulls_last() if flip else c.asc().nulls_last() for c in cols]
        order += [Resident.name_pinyin, Resident.id]
        stmt = select(Resident.id).where(and_(true(), *conditions)).order_by(*order)
        # Core, not the ORM's row loading: thousands of ids at each keystroke.
        return list(session.connection().execute(stmt).scalars())

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        stmt = select(
            Resident.id,
            Resident.name,
            Resident.gender,
            Resident.birth_date,
            Resident.id_number,
            Resident.phone,
            Resident.compound,
            Resident.building,
            Resident.unit,
            Resident.room,
            Resident.grid,
            Resident.archived,
            *(getattr(Resident, f) for f in HOUSEHOLD_FLAGS),
        ).where(Resident.id.in_(list(ids)))
        today = self.today
        show_ids = can("residents.ids")  # volunteers see no ID numbers, not even masked
        out: dict[int, tuple[str, ...]] = {}
        for row in session.execute(stmt):
            flags = [_(FLAG_LABELS[f]) for f in HOUSEHOLD_FLAGS if getattr(row, f)]
            name = row.name + (" " + _("(archived)") if row.archived else "")
            out[row.id] = (
                name,
                _(GENDER_LABELS[row.gender]) if row.gender in GENDER_LABELS else "",
                str(age_on(row.birth_date, today)) if row.birth_date else "",
                mask_id_number(row.id_number) if row.id_number and show_ids else "",
                mask_phone(row.phone) if row.phone else "",
                format_address(row.compound, row.building, row.unit, row.room),
                row.grid,
                "、".join(flags) if flags else "",
            )
        return out


def resident_input_fields() -> list[str]:
    """Names of the form's fields, for the UI to map messages to widgets."""
    return [f.name for f in fields(ResidentInput)]


__all__ = [
    "FLAG_LABELS",
    "GENDER_LABELS",
    "ResidentHit",
    "ResidentInput",
    "ResidentListSource",
    "age_on",
    "create_resident",
    "get_resident",
    "parse_terms",
    "match_condition",
    "rank_expression",
    "search_residents",
    "set_archived",
    "unread_characters",
    "update_resident",
    "validate_resident",
]
