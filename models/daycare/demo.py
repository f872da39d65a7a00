"""Demo data of day care: enrolments and a few months of visits for the demo
database (:func:`fill_demo`, called by :mod:`models.demo`), and ten years of
them for the benchmark database (:func:`fill_ten_years_daycare`, called by
:mod:`models.demo_large`).

It imports nothing from :mod:`models.demo` (the names and phone prefixes come
from :mod:`models.residents.demo_names`), so day care and the demo orchestrator
import each other in one direction only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import false, func, insert, select
from sqlalchemy.orm import Session

from models.daycare.enrolment import ContactInput, EnrolmentInput, enrol, set_status, status_on
from models.daycare.entities import CARE_LEVELS, ELDER_AGE, Contact, Enrolment, StatusChange, Visit
from models.residents.demo_names import RELATIONS, SURNAMES, given_name, mobile
from models.residents.entities import Resident
from models.residents.registry import age_on
from models.safety.audit import record

# --- the demo database -------------------------------------------------------------------------------

_RELATIONS = tuple(RELATIONS)
_BLOOD = ("儿子", "孙女", "孙子", "女儿")  # they carry the elder's surname


def contact_gender(relation: str, elder_gender: str | None, rng: random.Random) -> str:
    """The gender a contact of this relation has (a spouse: the other one than the elder's)."""
    gender = RELATIONS[relation]
    if gender == "spouse":
        return "female" if elder_gender == "male" else "male"
    return gender or rng.choice(("male", "female"))


def _contact_name(rng: random.Random, elder_name: str, elder_gender: str | None, elder_born: dt.date,
                  relation: str) -> str:
    gender = contact_gender(relation, elder_gender, rng)
    year = elder_born.year if relation == "老伴" else max(elder_born.year + 25, 1960)
    surname = elder_name[0] if relation in _BLOOD else rng.choice(SURNAMES)
    return surname + given_name(rng, gender, year)
_DIETS = ("", "", "", "低盐", "低糖", "软食", "清真", "素食")
_ALLERGIES = ("", "", "", "", "青霉素", "海鲜", "花生")
_CONDITIONS = ("", "高血压", "糖尿病", "冠心病", "高血压、糖尿病", "轻度认知障碍", "关节炎")


def fill_demo(session: Session, *, seed: int, today: dt.date, elders: int = 60, months: int = 3) -> dict[str, int]:
    """Enrol about ``elders`` demo residents aged 60+ and add ~``months`` of visits before today.

    Enrolments go through :func:`enrol` and :func:`set_status`; the visits are
    bulk-inserted (thousands of rows), built so that every rule holds (one per
    day, on service days while active, check-out after check-in, collected by
    a listed person — now and then an unlisted one).
    """
    rng = random.Random(seed + 1)
    start = today - dt.timedelta(days=months * 30)
    candidates = list(
        session.execute(
            select(Resident.id, Resident.name, Resident.birth_date, Resident.gender)
            .where(Resident.archived == false(), Resident.birth_date.is_not(None))
            .order_by(Resident.id)
        )
    )
    candidates = [r for r in candidates if age_on(r.birth_date, today) >= ELDER_AGE]
    rng.shuffle(candidates)
    chosen = sorted(candidates[:elders], key=lambda r: r.id)
    counts = {"daycare_enrolments": 0, "daycare_visits": 0}
    plans: list[tuple[Enrolment, list[int], float]] = []
    for r in chosen:
        contacts = []
        for k in range(rng.choice((1, 2, 2, 3))):
            relation = rng.choice(_RELATIONS)
            contacts.append(
                ContactInput(
                    name=_contact_name(rng, r.name, r.gender, r.birth_date, relation),
                    relation=relation,
                    phone=mobile(rng),
                    emergency=(emergency := k == 0 or rng.random() < 0.4),
                    may_collect=not emergency or relation != "邻居" or rng.random() < 0.5,
                )
            )
        days = (1, 2, 3, 4, 5) if rng.random() < 0.7 else tuple(sorted(rng.sample(range(1, 7), rng.choice((2, 3, 4)))))
        enrolled_on = start - dt.timedelta(days=rng.randrange(0, 400)) if rng.random() < 0.8 else start + dt.timedelta(
            days=rng.randrange(0, months * 30)
        )
        enrolment = enrol(
            session,
            EnrolmentInput(
                resident_id=r.id,
                enrolled_on=enrolled_on,
                care_level=rng.choice(("intact", "intact", "mild", "mild", "moderate", "severe", "total")),
                service_days=frozenset(days),
                diet=rng.choice(_DIETS),
                allergies=rng.choice(_ALLERGIES),
                conditions=rng.choice(_CONDITIONS),
                medications=rng.choice(("", "", "降压药（早）", "二甲双胍（午饭后）")),
                contacts=contacts,
            ),
            confirmed=True,
            today=today,
        )
        counts["daycare_enrolments"] += 1
        plans.append((enrolment, list(days), rng.uniform(0.7, 0.95)))
    # A few status changes: two paused a fortnight ago, one left last month.
    for enrolment, _days, _p in plans[:2]:
        when = max(enrolment.enrolled_on, today - dt.timedelta(days=14))
        set_status(session, enrolment.id, "paused", effective_on=when, reason="住院", today=today)
    if len(plans) > 2:
        enrolment = plans[2][0]
        when = max(enrolment.enrolled_on, today - dt.timedelta(days=40))
        set_status(session, enrolment.id, "left", effective_on=when, reason="搬去子女家", today=today)
    session.flush()
    rows: list[dict] = []
    for enrolment, days, presence in plans:
        listed = [c for c in enrolment.contacts if c.may_collect]
        day = max(start, enrolment.enrolled_on)
        while day < today:
            if day.isoweekday() in days and status_on(enrolment, day) == "active" and rng.random() < presence:
                check_in_at = dt.datetime.combine(day, dt.time(7, 50)) + dt.timedelta(minutes=rng.randrange(0, 80))
                check_out_at = dt.datetime.combine(day, dt.time(15, 30)) + dt.timedelta(minutes=rng.randrange(0, 120))
                unlisted = not listed or rng.random() < 0.03
                contact = None if unlisted else rng.choice(listed)
                rows.append(
                    dict(
                        enrolment_id=enrolment.id,
                        visit_date=day,
                        check_in=check_in_at,
                        check_out=check_out_at,
                        collector_id=contact.id if contact else None,
                        collected_by=contact.name if contact else rng.choice(SURNAMES) + "师傅",
                        unlisted_collector=unlisted,
                        corrected=False,
                        created_at=check_in_at,
                        updated_at=check_out_at,
                    )
                )
            day += dt.timedelta(days=1)
    if rows:
        session.execute(insert(Visit), rows)
    counts["daycare_visits"] = len(rows)
    return counts


# --- the ten-years benchmark database ------------------------------------------------------------


def _next_id(session: Session, model) -> int:  # type: ignore[no-untyped-def]
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _stamp(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def fill_ten_years_daycare(
    session: Session,
    *,
    seed: int,
    first_day: dt.date,
    today: dt.date,
    people: Sequence,
    elders: int,
    visits: int,
    bulk: Callable[[Session, type, Iterable[dict]], int],
) -> dict[str, int]:
    """The benchmark database's day care: about ``elders`` enrolments among ``people``
    (62 and over) since ``first_day``, a third of them left, and about ``visits``
    visits, written with ``bulk`` (the ten-years filler's chunked Core insert);
    one visit per elder and day, on service days, while enrolled; one summary
    entry in the audit trail."""
    rng = random.Random(seed + 11)
    candidates = [p for p in people if age_on(p.birth_date, today) >= ELDER_AGE + 2]
    chosen = sorted(rng.sample(candidates, min(elders, len(candidates))), key=lambda p: p.id)
    eid, cid = _next_id(session, Enrolment), _next_id(session, Contact)
    enrolments, history, contacts, plans = [], [], [], []
    for p in chosen:
        sixty = dt.date(p.birth_date.year + ELDER_AGE, p.birth_date.month, min(p.birth_date.day, 28))
        earliest = max(first_day, sixty)
        enrolled = earliest + dt.timedelta(days=rng.randrange(0, max(1, (today - earliest).days - 30)))
        left = enrolled + dt.timedelta(days=rng.randrange(200, 2500)) if rng.random() < 0.35 else None
        if left is not None and left >= today:
            left = None
        days = "12345" if rng.random() < 0.7 else "".join(sorted(rng.sample("123456", rng.choice((2, 3, 4)))))
        stamp = _stamp(enrolled, 9)
        enrolments.append(dict(
            id=eid, resident_id=p.id, enrolled_on=enrolled, care_level=rng.choice(CARE_LEVELS), service_days=days,
            status="left" if left else "active", status_since=left or enrolled, diet="", allergies="",
            conditions="", medications="", created_at=stamp, updated_at=_stamp(left, 9) if left else stamp))
        history.append(dict(enrolment_id=eid, status="active", effective_on=enrolled, reason="", recorded_by="",
                            recorded_at=stamp))
        if left:
            history.append(dict(enrolment_id=eid, status="left", effective_on=left, reason="搬去子女家",
                                recorded_by="", recorded_at=_stamp(left, 9)))
        listed = []
        for k in range(rng.choice((1, 2, 2))):
            relation = rng.choice(("女儿", "儿子"))
            name = _contact_name(rng, p.name, p.gender, p.birth_date, relation)
            contacts.append(dict(id=cid, enrolment_id=eid, position=k, name=name, relation=relation,
                                 phone=mobile(rng),
                                 emergency=k == 0, may_collect=True, active=True))
            listed.append((cid, name))
            cid += 1
        plans.append((eid, enrolled, left or today, {int(d) for d in days}, listed))
        eid += 1
    bulk(session, Enrolment, enrolments)
    bulk(session, StatusChange, history)
    bulk(session, Contact, contacts)
    # Presence chosen so the visits add up to the target.
    possible = sum(sum(1 for k in range((end - start).days) if (start + dt.timedelta(days=k)).isoweekday() in wd)
                   for _e, start, end, wd, _l in plans)
    presence = min(0.97, visits / max(1, possible))

    def rows():  # type: ignore[no-untyped-def]
        for e, start, end, weekdays, listed in plans:
            day = start
            while day < end:  # one visit per elder and day, on service days, while active
                if day.isoweekday() in weekdays and rng.random() < presence:
                    cin = _stamp(day, 7, 50) + dt.timedelta(minutes=rng.randrange(80))
                    cout = _stamp(day, 15, 30) + dt.timedelta(minutes=rng.randrange(120))
                    collector, name = rng.choice(listed)
                    yield dict(enrolment_id=e, visit_date=day, check_in=cin, check_out=cout, collector_id=collector,
                               collected_by=name, unlisted_collector=False, corrected=False, created_at=cin,
                               updated_at=cout)
                day += dt.timedelta(days=1)

    count = bulk(session, Visit, rows())
    record(session, "import", table="daycare_visit",
           summary=f"ten-years demo: {len(enrolments)} enrolments, {count} visits (bulk)")
    return {"daycare_enrolments": len(enrolments), "daycare_visits": count}
