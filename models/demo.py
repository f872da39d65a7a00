"""Deterministic synthetic data for demonstrations, screenshots and benchmarks.

The same seed gives the same database. Everything goes through the domain's
own write functions, so demo data obeys every rule real data does. No name,
number or address here belongs to a real person: ID numbers are built with a
valid check digit from random digits.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace

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
    """The demo residents for a seed, before they are written, grouped in households.

    Each person is drawn on their own (name, gender, birth, ID number, phone,
    flags, an address); then :func:`demo_households` groups them and every
    member takes the address of their household's first member. An ID number
    drawn twice (a random collision) keeps its first holder only, before the
    grouping, so no household loses a member afterwards.
    """
    rng = random.Random(seed)
    out: list[ResidentInput] = []
    ages: list[int] = []
    seen: set[str] = set()
    for i in range(count):
        male = rng.random() < 0.47
        gender = "male" if male else "female"
        birth = _birth(rng, today)
        has_id = rng.random() < 0.9
        age = today.year - birth.year
        elder = age >= 60
        flags = {f for f in HOUSEHOLD_FLAGS if rng.random() < (0.08 if elder else 0.02)}
        if age < 18:  # a child does not live alone
            flags.discard("lives_alone")
        if not elder:  # 空巢 is an elder whose children have left
            flags.discard("empty_nest")
        floor = rng.randint(1, 18)
        data = ResidentInput(
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
        if data.id_number and data.id_number in seen:
            continue
        seen.add(data.id_number)
        out.append(data)
        ages.append(age)
    return _share_addresses(random.Random(f"households-{seed}"), out, demo_households(seed, out, ages))


# --- households --------------------------------------------------------------------------

_MAX_HOUSEHOLD = 6
#: Surnames a renamed child may lose or take (not a minority name, not the rare 𠮷: the demo keeps every one).
_PLAIN = frozenset(SURNAMES) | frozenset(COMPOUND_SURNAMES)


def surname_of(name: str) -> str:
    """The surname a child would share (a compound surname whole; ``·`` for a minority name with a middle dot)."""
    if "·" in name:
        return "·"
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


@dataclass
class _Home:
    members: list[int]


@dataclass
class Households:
    """The demo's households (lists of indexes into the people, first member first) and the children renamed."""

    members: list[list[int]]
    renamed: dict[int, str]


def demo_households(seed: int, people: list[ResidentInput], ages: list[int]) -> Households:
    """The demo's households: lists of indexes into ``people`` (``ages[i]`` is person i's age).

    Like a real community: whoever is flagged living alone (独居) is a
    household of one, and nobody else is; married couples (a man and a woman
    of about the same age) found a household; children and young people join
    a couple, one of whom has their surname, 20–45 years older (or their
    grandparents, or a single parent; where nobody has their surname — a
    small demo — a family takes them in and they take its father's surname);
    a widowed elder moves in with a son's or daughter's family; an empty-nest
    (空巢) couple has nobody younger with it. Sizes 1–6, mostly 2–3.
    Deterministic for a seed.
    """
    rng = random.Random(f"households-{seed}")
    flags = [p.flags for p in people]
    male = [p.gender == "male" for p in people]
    surname = [surname_of(p.name) for p in people]
    renamed: dict[int, str] = {}
    homes: list[_Home] = [_Home([i]) for i in range(len(people)) if "lives_alone" in flags[i]]
    rest = [i for i in range(len(people)) if "lives_alone" not in flags[i]]
    # Couples: each man (in a random order) marries the unmarried woman nearest
    # to a few years younger than him, within 8 years younger to 3 older.
    women = sorted((ages[i], i) for i in rest if not male[i] and ages[i] >= 22)
    men = [i for i in rest if male[i] and ages[i] >= 22]
    rng.shuffle(men)
    single: set[int] = set(rest)
    for m in men:
        if rng.random() >= 0.86 or not women:
            continue
        target = ages[m] - rng.randint(0, 4)
        k = bisect.bisect_left(women, (target, -1))
        best = min((w for w in women[max(0, k - 3):k + 3] if ages[m] - 8 <= w[0] <= ages[m] + 3),
                   key=lambda w: (abs(w[0] - target), w[1]), default=None)
        if best is None:
            continue
        women.remove(best)
        w = best[1]
        single -= {m, w}
        homes.append(_Home([m, w]))
    by_surname: dict[str, list[_Home]] = defaultdict(list)
    for home in homes:
        if len(home.members) == 2:
            for s in {surname[i] for i in home.members}:
                by_surname[s].append(home)

    def welcomes(home: _Home, i: int) -> bool:
        """Room for i, and an empty-nester's home keeps nobody of a younger generation (20 years or more)."""
        if len(home.members) >= _MAX_HOUSEHOLD:
            return False
        everyone = [*home.members, i]
        nest = [ages[j] for j in everyone if "empty_nest" in flags[j]]
        return not nest or max(nest) - min(ages[j] for j in everyone) < 20

    def find(i: int, gaps: tuple[int, int]) -> _Home | None:
        """The smallest household that takes i, with a member of i's surname ``gaps`` years older (negative: younger)."""
        lo, hi = gaps
        fits = [h for h in by_surname[surname[i]] if welcomes(h, i)
                and any(surname[j] == surname[i] and lo <= ages[j] - ages[i] <= hi for j in h.members)]
        return min(fits, key=lambda h: len(h.members), default=None)

    def join(home: _Home, i: int) -> None:
        home.members.append(i)
        single.discard(i)
        if surname[i] not in {surname[j] for j in home.members[:-1]}:
            by_surname[surname[i]].append(home)

    def alone_with(i: int, j: int) -> None:
        home = _Home([i, j])
        homes.append(home)
        single.difference_update((i, j))
        for s in {surname[i], surname[j]}:
            by_surname[s].append(home)

    def adopt(i: int, gaps: tuple[int, int]) -> bool:
        """Nobody here has i's surname (a small demo): a family takes them in and they take its father's surname."""
        if surname[i] not in _PLAIN:
            return False
        lo, hi = gaps
        parents = [(h, j) for h in homes if len(h.members) > 1 and welcomes(h, i)
                   for j in h.members if lo <= ages[j] - ages[i] <= hi and surname[j] in _PLAIN]
        if not parents:
            return False
        home, j = min(parents, key=lambda hj: (len(hj[0].members), not male[hj[1]], hj[0].members[0], hj[1]))
        renamed[i] = surname[j] + people[i].name[len(surname[i]):]
        surname[i] = surname[j]
        join(home, i)
        return True

    young = sorted((i for i in single if ages[i] < 22), key=lambda i: (ages[i], i))
    for i in young:  # with their parents, else their grandparents, else a single parent
        home = find(i, (20, 45)) or find(i, (46, 80))
        if home is not None:
            join(home, i)
            continue
        parent = next((j for j in sorted(single) if ages[j] >= 22 and surname[j] == surname[i]
                       and 20 <= ages[j] - ages[i] <= 45 and "empty_nest" not in flags[j]), None)
        if parent is not None:
            alone_with(parent, i)
            continue
        adopt(i, (20, 45))
    for i in sorted(single, key=lambda i: (ages[i], i)):  # grown-ups and elders still single
        if i not in single:
            continue
        nest = "empty_nest" in flags[i]
        if nest:  # an empty-nester shares a home with their generation only: a brother or sister
            home = find(i, (-15, 15))
        elif ages[i] >= 60:  # a widowed elder moves in with a grown-up child's family
            home = find(i, (-45, -20)) or find(i, (-15, 15))
        else:  # a grown-up child still with their parents, or a brother's or sister's family
            home = find(i, (20, 45)) or find(i, (-15, 15))
        if home is not None:
            join(home, i)
            continue
        other = next((j for j in sorted(single) if j != i and surname[j] == surname[i]
                      and welcomes(_Home([j]), i)), None)
        if other is not None:
            alone_with(i, other)
            continue
        if ages[i] < 30 and adopt(i, (20, 80)):
            continue
        # Nobody of their family here: a relative by marriage takes them in.
        fits = [h for h in homes if len(h.members) > 1 and welcomes(h, i)]
        home = min(fits, key=lambda h: (len(h.members), h.members[0]), default=None)
        if home is None:  # a handful of residents (a tiny demo): any household with room
            home = min((h for h in homes if len(h.members) < _MAX_HOUSEHOLD and "lives_alone" not in flags[h.members[0]]),
                       key=lambda h: (len(h.members), h.members[0]), default=None)
        if home is None:
            home = _Home([])
            homes.append(home)
        join(home, i)
    return Households(sorted((sorted(h.members) for h in homes if h.members), key=lambda m: m[0]), renamed)


def _share_addresses(rng: random.Random, people: list[ResidentInput], households: Households) -> list[ResidentInput]:
    """Every member takes their household's first member's address and grid text; one household a room."""
    taken: set[tuple[str, str, str, str]] = set()
    out = list(people)
    for members in households.members:
        first = people[members[0]]
        where = (first.compound, first.building, first.unit, first.room)
        while where in taken:  # a room drawn twice: the later household moves to another
            where = (rng.choice(COMPOUNDS), str(rng.randint(1, 24)), str(rng.randint(1, 4)),
                     f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}")
        taken.add(where)
        for i in members:
            out[i] = replace(people[i], name=households.renamed.get(i, people[i].name), compound=where[0], building=where[1], unit=where[2], room=where[3],
                             grid=first.grid)
    return out


def refuse_unless_empty(session) -> None:  # type: ignore[no-untyped-def]
    """Demo data goes into an empty database only: a :class:`LinliError` when it holds residents."""
    existing = session.scalar(select(func.count()).select_from(Resident))
    if existing:
        raise LinliError(
            _("The database already holds {count} residents; demo data goes into an empty database.").format(
                count=existing))


def fill_demo(db: Database, *, seed: int = 2026, residents: int = 300, today: dt.date | None = None,
              accounts: bool = False) -> DemoSummary:
    """Fill an empty database with demo data (one transaction); with ``accounts``, also
    the demo accounts (:data:`DEMO_ACCOUNTS`, what ``main.py demo`` does).

    Raises:
        LinliError: the database already holds residents.
    """
    today = today or dt.date.today()
    with db.write() as session:
        refuse_unless_empty(session)
        written = 0
        for data in resident_inputs(seed, residents, today):  # an ID number drawn twice is already left out
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
        # --- job demo: mediation ---
        from models.mediation.demo import fill_mediation_demo

        summary.counts.update(fill_mediation_demo(session, seed, today))
        # --- job demo: grids ---
        from models.grids.demo import fill_grids_demo

        summary.counts.update(fill_grids_demo(session, seed, today))
        if accounts:
            summary.counts["accounts"] = len(add_demo_accounts(session))
    return summary
