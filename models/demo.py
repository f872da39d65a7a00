"""Deterministic synthetic data for demonstrations, screenshots and benchmarks.

The same seed gives the same database. Everything goes through the domain's
own write functions, so demo data obeys every rule real data does. No name,
number or address here belongs to a real person: ID numbers are built with a
valid check digit from random digits.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import func, select

from i18n import _
from models.core.db import Database
from models.core.errors import LinliError
from models.residents.demo_names import (
    AREA_CODES,
    CENTRE_PHONE,
    COMPOUND_SURNAMES,
    COMPOUNDS,
    GRIDS,
    MIDDLE_DOT_NAMES,
    RARE_GIVEN,
    RARE_SURNAME,
    SURNAMES,
    given_name,
    landline,
    mobile,
)
from models.residents.entities import HOUSEHOLD_FLAGS, Resident
from models.residents.idcard import check_digit
from models.residents.registry import ResidentInput, create_resident

DEMO_CENTRE = "幸福里社区党群服务中心"
DEMO_ADDRESS = "幸福路 88 号"
DEMO_PHONE = CENTRE_PHONE  # the centre is in Nanjing (see models.residents.demo_names)


#: The demo's accounts (``main.py demo`` only; a real database never gets them):
#: an administrator and a clerk, both with :data:`DEMO_PASSWORD`. The window
#: warns while one of them exists (:func:`demo_accounts_present`).
DEMO_ACCOUNTS: tuple[tuple[str, str], ...] = (("demo-admin", "admin"), ("demo-clerk", "clerk"))
DEMO_PASSWORD = "linli-demo"


def add_demo_accounts(session) -> list[str]:  # type: ignore[no-untyped-def]
    """Create the demo accounts that do not exist yet (in the caller's transaction); their names."""
    from models.safety.accounts import create_account, find_account

    made = []
    for username, role in DEMO_ACCOUNTS:
        if find_account(session, username) is None:
            create_account(session, username, DEMO_PASSWORD, role, display_name=username)
            made.append(username)
    return made


def demo_accounts_present(session) -> list[str]:  # type: ignore[no-untyped-def]
    """The demo accounts in this database that are still active (the window's warning)."""
    from models.safety.accounts import UserAccount

    names = [name for name, _role in DEMO_ACCOUNTS]
    return list(session.scalars(
        select(UserAccount.username).where(UserAccount.username.in_(names), UserAccount.active.is_(True))
        .order_by(UserAccount.username)
    ))


@dataclass
class DemoSummary:
    """How many rows the demo wrote, by kind (``residents``, then each job's)."""

    residents: int
    counts: dict[str, int] = field(default_factory=dict)


def make_id_number(rng: random.Random, birth: dt.date, male: bool) -> str:
    """A well-formed ID number (valid check digit) for synthetic data."""
    area = rng.choice(AREA_CODES)
    seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def _name(rng: random.Random, index: int, gender: str, birth: dt.date) -> str:
    """A name of the person's gender and generation (a few rare and middle-dot ones among them)."""
    if index % 97 == 13:
        names = MIDDLE_DOT_NAMES[gender]
        return names[(index // 97) % len(names)]
    if index % 89 == 7:
        rare = RARE_GIVEN[gender]
        return rng.choice(SURNAMES) + rare[(index // 89) % len(rare)]
    if index % 83 == 5:
        return RARE_SURNAME + given_name(rng, gender, birth.year)
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    return surname + given_name(rng, gender, birth.year)


def _phone(rng: random.Random, elder: bool) -> str:
    return landline(rng) if rng.random() < (0.3 if elder else 0.05) else mobile(rng)


def _birth(rng: random.Random, today: dt.date) -> dt.date:
    # A community centre's registry leans old: about half are 60 or over.
    age = rng.choice((rng.randint(60, 98), rng.randint(60, 90), rng.randint(3, 59)))
    start = dt.date(today.year - age - 1, today.month, 1) + dt.timedelta(days=1)
    return start + dt.timedelta(days=rng.randrange(0, 360))


def resident_inputs(seed: int, count: int, today: dt.date) -> list[ResidentInput]:
    """The demo residents for a seed, before they are written."""
    rng = random.Random(seed)
    out: list[ResidentInput] = []
    for i in range(count):
        male = rng.random() < 0.47
        gender = "male" if male else "female"
        birth = _birth(rng, today)
        has_id = rng.random() < 0.9
        elder = (today.year - birth.year) >= 60
        flags = {f for f in HOUSEHOLD_FLAGS if rng.random() < (0.08 if elder else 0.02)}
        floor = rng.randint(1, 18)
        out.append(
            ResidentInput(
                name=_name(rng, i, gender, birth),
                gender=gender,
                id_number=make_id_number(rng, birth, male) if has_id else "",
                birth_date=None if has_id else birth,
                # Mostly mobiles; some elders give their home landline.
                phone=_phone(rng, elder) if rng.random() < 0.92 else "",
                compound=rng.choice(COMPOUNDS),
                building=str(rng.randint(1, 24)),
                unit=str(rng.randint(1, 4)),
                room=f"{floor}{rng.randint(1, 4):02d}",
                grid=rng.choice(GRIDS),
                flags=frozenset(flags),
            )
        )
    return out


def fill_demo(db: Database, *, seed: int = 2026, residents: int = 300, today: dt.date | None = None,
              accounts: bool = False) -> DemoSummary:
    """Fill an empty database with demo data (one transaction); with ``accounts``, also
    the demo accounts (:data:`DEMO_ACCOUNTS`, what ``main.py demo`` does).

    Raises:
        LinliError: the database already holds residents.
    """
    today = today or dt.date.today()
    with db.write() as session:
        existing = session.scalar(select(func.count()).select_from(Resident))
        if existing:
            raise LinliError(
                _("The database already holds {count} residents; demo data goes into an empty database.").format(
                    count=existing
                )
            )
        seen: set[str] = set()
        written = 0
        for data in resident_inputs(seed, residents, today):
            if data.id_number and data.id_number in seen:  # a random collision: skip, stay deterministic
                continue
            seen.add(data.id_number)
            create_resident(session, data, confirmed=True, today=today)
            written += 1
        summary = DemoSummary(residents=written)
        # A centre's own details head every printout: give the demo centre some.
        from models.core.settings import CentreInfo, load_centre_info, save_centre_info

        if not load_centre_info(session).name:
            save_centre_info(session, CentreInfo(DEMO_CENTRE, DEMO_ADDRESS, DEMO_PHONE))
        # Each job adds its demo data here, in the same transaction, with its
        # own random.Random(seed + k) so one job's data does not shift another's.
        # --- job demo: day care ---
        from models.daycare.demo import fill_demo as fill_daycare_demo

        summary.counts.update(fill_daycare_demo(session, seed=seed, today=today))
        # --- job demo: meals ---
        from models.meals.demo import fill_demo_meals

        fill_demo_meals(session, seed, today, summary.counts)
        # --- job demo: activities ---
        from models.activities.demo import fill_demo_activities

        summary.counts.update(fill_demo_activities(session, seed, today))
        # --- job demo: party ---
        from models.party.demo import fill_party_demo

        summary.counts.update(fill_party_demo(session, seed, today))
        # --- job demo: requests ---
        from models.requests.demo import fill_requests_demo

        summary.counts.update(fill_requests_demo(session, seed, today))
        if accounts:
            summary.counts["accounts"] = len(add_demo_accounts(session))
    return summary
