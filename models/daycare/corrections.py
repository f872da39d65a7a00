"""After the fact and on paper: correcting a visit, typing in a filled paper sheet,
and the blank attendance sheet to print (one day or an ISO week).

Every change to a visit is logged as a :class:`~models.daycare.entities.Correction`
with its reason and who made it (the logged-in account unless ``by`` says otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import ValidationFailed
from models.core.workdays import is_public_holiday
from models.daycare.desk import _collector, _enrolment_for_visit, _visit, board
from models.daycare.enrolment import actor_name, get_enrolment
from models.daycare.entities import PAPER_SHEET_REASON, Correction, Visit
from models.safety.security import require

# --- corrections and the filled paper sheet -----------------------------------------------------


def _describe(visit: Visit | None) -> str:
    """A visit in a few characters for the correction log: ``08:30-16:45 王芳``."""
    if visit is None:
        return "-"
    out = f"{visit.check_out:%H:%M}" if visit.check_out else "?"
    return f"{visit.check_in:%H:%M}-{out} {visit.collected_by}".strip()


def correct_visit(
    session: Session,
    enrolment_id: int,
    day: dt.date,
    *,
    check_in_time: dt.time | None,
    check_out_time: dt.time | None = None,
    collector_id: int | None = None,
    collector_name: str = "",
    reason: str,
    by: str | None = None,
) -> Visit | None:
    """Set a day's visit after the fact (a past day, a mistake, a paper sheet), with a reason.

    ``check_in_time=None`` removes the visit (the elder did not come). The
    change is recorded in :class:`Correction` (before, after, reason, who, when);
    ``by`` names who, by default the logged-in account.

    Raises:
        ValidationFailed: no reason, a check-out without or before the
            check-in, or no collector for a check-out.
        NotActive: adding a visit on a day the enrolment was not active.
    """
    require("daycare.write")
    enrolment = get_enrolment(session, enrolment_id)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Give the reason for the correction.")
    if check_out_time is not None and check_in_time is None:
        errors["check_out"] = _("A check-out needs a check-in time.")
    elif check_out_time is not None and check_in_time is not None and check_out_time < check_in_time:
        errors["check_out"] = _("The check-out ({out}) is before the check-in ({in_}).").format(
            out=check_out_time.strftime("%H:%M"), in_=check_in_time.strftime("%H:%M")
        )
    if errors:
        raise ValidationFailed(errors)
    visit = _visit(session, enrolment.id, day)
    before = _describe(visit)
    if check_in_time is None:
        if visit is None:
            raise ValidationFailed({"check_in": _("There is no visit on that day to remove.")})
        session.delete(visit)
        result = None
    else:
        if visit is None:
            _enrolment_for_visit(session, enrolment.resident_id, day)
            visit = Visit(enrolment_id=enrolment.id, visit_date=day, check_in=dt.datetime.combine(day, check_in_time))
            session.add(visit)
        visit.check_in = dt.datetime.combine(day, check_in_time)
        if check_out_time is None:
            visit.check_out, visit.collector_id, visit.collected_by, visit.unlisted_collector = None, None, "", False
        else:
            visit.collector_id, visit.collected_by, visit.unlisted_collector = _collector(
                session, enrolment, collector_id, collector_name
            )
            visit.check_out = dt.datetime.combine(day, check_out_time)
        visit.corrected = True
        result = visit
    after = _describe(result)
    if before != after:
        session.add(Correction(enrolment_id=enrolment.id, visit_date=day, before=before, after=after, reason=reason, corrected_by=actor_name(by)))
    session.flush()
    return result


@dataclass
class SheetEntry:
    """One line of a filled paper attendance sheet as the clerk types it in."""

    enrolment_id: int
    present: bool
    check_in: dt.time | None = None
    check_out: dt.time | None = None
    collected_by: str = ""


def enter_paper_sheet(session: Session, day: dt.date, entries: Iterable[SheetEntry], *, by: str | None = None) -> int:
    """Record a filled paper sheet for a day; returns how many visits changed.

    A present elder needs an arrival time; a departure needs who collected
    them. Lines that match what is stored already are left alone, and a
    check-in made on the PC is not undone by an unticked line. ``by`` names who
    typed it in, by default the logged-in account.

    Raises:
        ValidationFailed: ``line_<enrolment id>`` → what is wrong on that line.
    """
    require("daycare.write")
    errors: dict[str, str] = {}
    plans: list[tuple[SheetEntry, str]] = []
    for entry in entries:
        enrolment = get_enrolment(session, entry.enrolment_id)
        name = enrolment.resident.name
        visit = _visit(session, entry.enrolment_id, day)
        if not entry.present:
            if visit is not None and not visit.corrected and visit.check_in.date() == day:
                # Checked in on the PC before it went down: the sheet does not undo that.
                continue
            if visit is not None:
                plans.append((entry, name))
            continue
        if entry.check_in is None:
            errors[f"line_{entry.enrolment_id}"] = _("{name}: enter the arrival time.").format(name=name)
            continue
        if entry.check_out is not None and entry.check_out < entry.check_in:
            errors[f"line_{entry.enrolment_id}"] = _("{name}: the departure is before the arrival.").format(name=name)
            continue
        if entry.check_out is not None and not entry.collected_by.strip():
            errors[f"line_{entry.enrolment_id}"] = _("{name}: who collected them?").format(name=name)
            continue
        plans.append((entry, name))
    if errors:
        raise ValidationFailed(errors)
    changed = 0
    reason = _(PAPER_SHEET_REASON)
    for entry, _name in plans:
        visit = _visit(session, entry.enrolment_id, day)
        if entry.present and visit is not None:
            same_out = (visit.check_out.time() if visit.check_out else None) == entry.check_out
            if visit.check_in.time() == entry.check_in and same_out and (
                entry.check_out is None or visit.collected_by == entry.collected_by.strip()
            ):
                continue
        correct_visit(
            session,
            entry.enrolment_id,
            day,
            check_in_time=entry.check_in if entry.present else None,
            check_out_time=entry.check_out if entry.present else None,
            collector_name=entry.collected_by,
            reason=reason,
            by=by,
        )
        changed += 1
    return changed


# --- attendance sheet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    enrolment_id: int
    name: str
    care_level: str
    #: what is stored already (a partial day before the PC went down)
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None
    collected_by: str = ""


@dataclass(frozen=True)
class SheetDay:
    day: dt.date
    lines: list[SheetLine]
    #: a day of China's public holidays (the sheet says so; the centre may still open)
    holiday: bool = False


def attendance_sheet(session: Session, days: Sequence[dt.date], *, service_days_only: bool = False) -> list[SheetDay]:
    """The expected elders of each day (and anyone already checked in), for the paper sheet.

    With ``service_days_only`` (the week's sheet) a day is left out when it is
    none of the centre's service days: nobody enrolled is expected (it is no
    service day of any elder active that day) and nobody has come. A public
    holiday is kept and marked (``holiday``): the centre is open on public
    holidays unless it decides otherwise, and the board expects the elders
    whose service day it is, so the paper must be there when the PC is not.
    """
    require("daycare.read")
    out = []
    for day in days:
        b = board(session, day)
        rows = sorted(b.waiting + b.inside + b.left, key=lambda r: (r.name,))
        rows = [r for r in b.expected] + [r for r in rows if not r.expected]
        if service_days_only and not rows:
            continue
        out.append(
            SheetDay(
                day,
                [SheetLine(r.enrolment_id, r.name, r.care_level, r.check_in, r.check_out, r.collected_by) for r in rows],
                holiday=is_public_holiday(day),
            )
        )
    return out


def week_days(iso_week: str) -> list[dt.date]:
    """``2026-W47`` → its seven dates (Monday first).

    Raises:
        ValueError: a translated message when the text is not an ISO week.
    """
    try:
        year_text, week_text = iso_week.strip().upper().split("-W")
        monday = dt.date.fromisocalendar(int(year_text), int(week_text), 1)
    except ValueError:
        raise ValueError(_("Not a week: {text} (write it as 2026-W47).").format(text=iso_week)) from None
    return [monday + dt.timedelta(days=i) for i in range(7)]
