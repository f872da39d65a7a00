"""Opening a case, its sessions, closing it — and reading it, for the roles that may.

Mediation records are confidential (docs/mediation.md):

* ``mediation.write`` opens a case, adds a session and closes it;
* ``mediation.read`` lists the cases (parties masked) and opens one — and every
  open (:func:`view_case`) writes an audit entry "viewed mediation case 2026-007"
  in the caller's transaction, with nothing of the case's content;
* everyone else gets the counts only (:mod:`models.mediation.figures`,
  ``mediation.count``).

Mediators and administrators hold the first two (:data:`models.safety.security.MEDIATOR`);
the domain refuses (:func:`models.safety.security.require`), a hidden button is
never the only guard. Every change is one transaction in the caller's session
with its audit entry naming what changed, never the values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from i18n import _, format_date
from models.core.errors import NotFound, ValidationFailed
from models.mediation.entities import (
    MediationCase,
    MediationMediator,
    MediationParty,
    MediationSession,
)
from models.mediation.labels import (
    CLOSED,
    KIND_LABELS,
    KINDS,
    MAX_AGREEMENT,
    MAX_MATTER,
    MAX_NAME,
    MAX_NOTE,
    MAX_REFERRED,
    OPEN,
    OUTCOME_LABELS,
    OUTCOMES,
    PARTLY,
    REFERRED,
    RESOLVED,
    case_number,
    parse_number,
)
from models.residents.entities import Resident
from models.residents.names import (
    InvalidNameError,
    PhoneError,
    mask_name,
    normalise_name,
    normalise_phone,
)
from models.safety import audit
from models.safety.security import allowed, current_actor, require

TABLE = "mediation_case"


@dataclass(frozen=True)
class PartyInput:
    """A party: a resident found in the registry (``resident_id``), or someone outside it (name and phone)."""

    resident_id: int | None = None
    name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class MediatorInput:
    """A mediator: a staff account (``account_id``) or a named person (``name``)."""

    account_id: int | None = None
    name: str = ""


@dataclass
class CaseInput:
    """What the mediator types to open a case. ``mediators`` empty: the account acting now."""

    kind: str
    parties: list[PartyInput]
    mediators: list[MediatorInput] = field(default_factory=list)
    matter: str = ""
    opened_on: dt.date | None = None


def _text(value: str) -> str:
    return " ".join((value or "").split())


def _not_future(day: dt.date, today: dt.date, errors: dict[str, str], key: str) -> None:
    if day > today:
        errors[key] = _("The date {date} is in the future.").format(date=format_date(day))


def _parties(session: Session, parties: list[PartyInput], errors: dict[str, str]) -> list[MediationParty]:
    rows: list[MediationParty] = []
    seen: set[int] = set()
    if not parties:
        errors["parties"] = _("A case needs at least one party: find a resident, or enter a name and phone.")
        return rows
    for i, p in enumerate(parties, 1):
        key = f"party {i}"
        if p.resident_id is not None:
            resident = session.get(Resident, p.resident_id)
            if resident is None:
                raise NotFound(_("No resident {id}.").format(id=p.resident_id))
            if resident.archived:
                errors[key] = _("Resident {id} is archived.").format(id=p.resident_id)
            elif p.resident_id in seen:
                errors[key] = _("Party {n} is already a party of this case.").format(n=i)
            seen.add(p.resident_id)
            rows.append(MediationParty(position=i, resident_id=p.resident_id))
            continue
        try:
            name = normalise_name(p.name)
        except InvalidNameError as exc:
            errors[key] = _("Party {n}: {problem}").format(n=i, problem=exc)
            continue
        if len(name) > MAX_NAME:
            errors[key] = _("Party {n}: at most {max} characters.").format(n=i, max=MAX_NAME)
            continue
        try:
            phone = normalise_phone(p.phone)
        except PhoneError as exc:
            errors[key] = _("Party {n}: {problem}").format(n=i, problem=exc)
            continue
        rows.append(MediationParty(position=i, name=name, phone=phone))
    return rows


def _mediators(session: Session, mediators: list[MediatorInput], errors: dict[str, str]) -> list[MediationMediator]:
    from models.safety.accounts import UserAccount

    wanted = list(mediators)
    if not wanted:
        me = current_actor().user_id
        if me is None:
            errors["mediators"] = _("Name at least one mediator (a staff account or a person).")
            return []
        wanted = [MediatorInput(account_id=me)]
    rows: list[MediationMediator] = []
    seen: set[int | str] = set()
    for i, m in enumerate(wanted, 1):
        key = f"mediator {i}"
        if m.account_id is not None:
            account = session.get(UserAccount, m.account_id)
            if account is None or not account.active:
                raise NotFound(_("No active account {id}.").format(id=m.account_id))
            if not allowed(account.role, "mediation.read"):
                errors[key] = _("The account {name} may not see mediation cases: give it the Mediator role "
                                "first.").format(name=account.username)
                continue
            if account.id in seen:
                errors[key] = _("Mediator {n} is named twice.").format(n=i)
            seen.add(account.id)
            rows.append(MediationMediator(position=i, account_id=account.id,
                                          name=(account.display_name or account.username)[:MAX_NAME]))
            continue
        try:
            name = normalise_name(m.name)
        except InvalidNameError as exc:
            errors[key] = _("Mediator {n}: {problem}").format(n=i, problem=exc)
            continue
        if name in seen:
            errors[key] = _("Mediator {n} is named twice.").format(n=i)
        seen.add(name)
        rows.append(MediationMediator(position=i, name=name[:MAX_NAME]))
    return rows


def open_case(session: Session, data: CaseInput, *, today: dt.date | None = None) -> MediationCase:
    """Record a new case in the caller's transaction; its number is the next of its year.

    Raises:
        PermissionDenied: the role may not (``mediation.write``).
        NotFound: an unknown resident or account.
        ValidationFailed: no party, a party without name or with a bad phone, an
            unknown kind, no mediator, the date in the future — nothing written.
    """
    require("mediation.write")
    today = today or dt.date.today()
    opened = data.opened_on or today
    errors: dict[str, str] = {}
    if data.kind not in KINDS:
        errors["kind"] = _("Unknown kind “{text}”; choose one of: {names}.").format(
            text=data.kind, names=", ".join(KIND_LABELS))
    parties = _parties(session, data.parties, errors)
    mediators = _mediators(session, data.mediators, errors)
    matter = _text(data.matter)
    if len(matter) > MAX_MATTER:
        errors["matter"] = _("At most {max} characters.").format(max=MAX_MATTER)
    _not_future(opened, today, errors, "opened_on")
    if errors:
        raise ValidationFailed(errors)
    year = opened.year
    seq = (session.scalar(select(func.max(MediationCase.seq)).where(MediationCase.year == year)) or 0) + 1
    case = MediationCase(year=year, seq=seq, kind=data.kind, matter=matter, opened_on=opened, state=OPEN)
    case.parties.extend(parties)
    case.mediators.extend(mediators)
    session.add(case)
    session.flush()
    audit.record(session, "create", table=TABLE, record_id=case.id,
                 summary=f"mediation case {case.number} opened: {len(parties)} parties, {len(mediators)} mediators")
    return case


def get_case(session: Session, number: str) -> MediationCase:
    """The case with this number (2026-007), for the roles that see cases (not audited: use :func:`view_case` to show it).

    Raises:
        PermissionDenied: the role may not (``mediation.read``).
        ValueError: not a number.
        NotFound: no such case.
    """
    require("mediation.read")
    year, seq = parse_number(number)
    case = session.scalar(select(MediationCase).where(MediationCase.year == year, MediationCase.seq == seq))
    if case is None:
        raise NotFound(_("No mediation case {number}.").format(number=number.strip()))
    return case


def _case(session: Session, case_id: int) -> MediationCase:
    case = session.get(MediationCase, case_id)
    if case is None:
        raise NotFound(_("No mediation case {id}.").format(id=case_id))
    return case


def add_session(session: Session, case_id: int, *, held_on: dt.date | None = None, note: str = "",
                today: dt.date | None = None) -> MediationSession:
    """Add a session on ``held_on`` (default today) to an open case.

    Raises:
        PermissionDenied: the role may not (``mediation.write``).
        ValidationFailed: the case is closed; the day in the future or before the case's date; a long note.
    """
    require("mediation.write")
    today = today or dt.date.today()
    case = _case(session, case_id)
    day = held_on or today
    errors: dict[str, str] = {}
    if case.state != OPEN:
        errors["case"] = _("Case {number} is closed: no session can be added.").format(number=case.number)
    _not_future(day, today, errors, "held_on")
    if day < case.opened_on:
        errors["held_on"] = _("The session's date {date} is before the case was opened ({opened}).").format(
            date=format_date(day), opened=format_date(case.opened_on))
    text = _text(note)
    if len(text) > MAX_NOTE:
        errors["note"] = _("At most {max} characters.").format(max=MAX_NOTE)
    if errors:
        raise ValidationFailed(errors)
    row = MediationSession(held_on=day, note=text)
    case.sessions.append(row)
    session.flush()
    audit.record(session, "change", table=TABLE, record_id=case.id,
                 summary=f"mediation case {case.number}: session {len(case.sessions)} added")
    return row


def close_case(session: Session, case_id: int, outcome: str, *, agreement: str = "", referred_to: str = "",
               closed_on: dt.date | None = None, today: dt.date | None = None) -> MediationCase:
    """Close an open case with its outcome.

    Resolved needs the agreement's text and at least one session; partly resolved
    and not resolved need a session; referred needs to whom (a session is not
    needed: a case may be referred at once).

    Raises:
        PermissionDenied: the role may not (``mediation.write``).
        ValidationFailed: already closed; an unknown outcome; what the outcome needs is
            missing; the day in the future or before the case's date or its last session.
    """
    require("mediation.write")
    today = today or dt.date.today()
    case = _case(session, case_id)
    day = closed_on or today
    errors: dict[str, str] = {}
    if case.state != OPEN:
        raise ValidationFailed({"case": _("Case {number} is already closed.").format(number=case.number)})
    if outcome not in OUTCOMES:
        errors["outcome"] = _("Unknown outcome “{text}”; choose one of: {names}.").format(
            text=outcome, names=", ".join(OUTCOME_LABELS))
    text = (agreement or "").strip()
    referred = _text(referred_to)
    if outcome == RESOLVED and not text:
        errors["agreement"] = _("A case resolved with an agreement needs the agreement's text.")
    if len(text) > MAX_AGREEMENT:
        errors["agreement"] = _("At most {max} characters.").format(max=MAX_AGREEMENT)
    if outcome == REFERRED and not referred:
        errors["referred_to"] = _("Say to whom the case is referred.")
    if len(referred) > MAX_REFERRED:
        errors["referred_to"] = _("At most {max} characters.").format(max=MAX_REFERRED)
    if outcome in OUTCOMES and outcome != REFERRED and not case.sessions:
        errors["sessions"] = _("Record the mediation session first: only a referred case is closed without one.")
    _not_future(day, today, errors, "closed_on")
    last = max([case.opened_on, *(s.held_on for s in case.sessions)])
    if day < last:
        errors["closed_on"] = _("The closing date {date} is before the case's date or its last session ({last}).").format(
            date=format_date(day), last=format_date(last))
    if errors:
        raise ValidationFailed(errors)
    case.state = CLOSED
    case.outcome = outcome
    case.agreement = text if outcome in (RESOLVED, PARTLY) else ""
    case.referred_to = referred if outcome == REFERRED else ""
    case.closed_on = day
    session.flush()
    audit.record(session, "change", table=TABLE, record_id=case.id,
                 summary=f"mediation case {case.number} closed; fields: state, outcome, closed_on"
                         + (", agreement" if case.agreement else "") + (", referred_to" if case.referred_to else ""))
    return case


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyLine:
    name: str
    phone: str
    resident_id: int | None


@dataclass(frozen=True)
class SessionLine:
    held_on: dt.date
    note: str


@dataclass(frozen=True)
class CaseView:
    """One case as its mediator reads it (full names and phones: the role may)."""

    id: int
    number: str
    kind: str
    matter: str
    opened_on: dt.date
    state: str
    outcome: str | None
    agreement: str
    referred_to: str
    closed_on: dt.date | None
    parties: list[PartyLine]
    mediators: list[str]
    sessions: list[SessionLine]


def view_case(session: Session, case_id: int) -> CaseView:
    """Open one case: the whole record, and the audit entry of the open in the caller's transaction.

    Call it inside ``db.write()``: the entry is written with the transaction; a
    database that cannot take it (read-only) cannot show the case.

    Raises:
        PermissionDenied: the role may not (``mediation.read``).
        NotFound: no such case.
    """
    require("mediation.read")
    case = _case(session, case_id)
    residents = {r.id: r for r in session.scalars(select(Resident).where(
        Resident.id.in_([p.resident_id for p in case.parties if p.resident_id is not None])))}
    parties = []
    for p in case.parties:
        if p.resident_id is not None:
            r = residents[p.resident_id]
            parties.append(PartyLine(r.name, r.phone or "", r.id))
        else:
            parties.append(PartyLine(p.name, p.phone, None))
    audit.record(session, "view", table=TABLE, record_id=case.id, summary=f"viewed mediation case {case.number}")
    return CaseView(case.id, case.number, case.kind, case.matter, case.opened_on, case.state, case.outcome,
                    case.agreement, case.referred_to, case.closed_on, parties, [m.name for m in case.mediators],
                    [SessionLine(s.held_on, s.note) for s in case.sessions])


@dataclass(frozen=True)
class CaseRow:
    """A line of the cases list: the parties masked (张*明), never the matter or the agreement."""

    id: int
    number: str
    kind: str
    opened_on: dt.date
    parties: str
    state: str
    outcome: str | None
    sessions: int
    last_session: dt.date | None


def list_cases(session: Session, *, open_only: bool = False, year: int | None = None,
               with_open: bool = False) -> list[CaseRow]:
    """The cases, the newest first (by the day opened), the parties masked.

    ``open_only``: only the open ones; ``year``: those opened in that year, and
    with ``with_open`` also every case still open from an earlier year (the
    page's list: this year's work and what is still pending).

    Raises:
        PermissionDenied: the role may not (``mediation.read``).
    """
    require("mediation.read")
    c = MediationCase
    query = select(c.id, c.year, c.seq, c.kind, c.opened_on, c.state, c.outcome).order_by(
        c.opened_on.desc(), c.id.desc())
    if open_only:
        query = query.where(c.state == OPEN)
    if year is not None:
        query = query.where(or_(c.year == year, c.state == OPEN) if with_open else c.year == year)
    cases = session.execute(query).all()
    ids = [r.id for r in cases]
    names: dict[int, list[str]] = {i: [] for i in ids}
    sessions: dict[int, tuple[int, dt.date | None]] = {}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):  # a bound list SQLite always takes
        rows = session.execute(
            select(MediationParty.case_id, MediationParty.name, Resident.name.label("resident"))
            .outerjoin(Resident, Resident.id == MediationParty.resident_id)
            .where(MediationParty.case_id.in_(chunk)).order_by(MediationParty.case_id, MediationParty.position))
        for r in rows:
            names[r.case_id].append(mask_name(r.resident or r.name))
        for cid, n, last in session.execute(
                select(MediationSession.case_id, func.count(), func.max(MediationSession.held_on))
                .where(MediationSession.case_id.in_(chunk)).group_by(MediationSession.case_id)):
            sessions[cid] = (n, last)
    return [CaseRow(r.id, case_number(r.year, r.seq), r.kind, r.opened_on, "、".join(names[r.id]), r.state,
                    r.outcome, *sessions.get(r.id, (0, None))) for r in cases]


def case_years(session: Session) -> list[int]:
    """The years that have cases, the latest first (the page's choice of year).

    Raises:
        PermissionDenied: the role may not (``mediation.read``).
    """
    require("mediation.read")
    return list(session.scalars(select(MediationCase.year).distinct().order_by(MediationCase.year.desc())))
