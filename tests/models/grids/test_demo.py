"""The grids' demo: everyone placed in households like a community, a grid per compound, heads, central households,
a year of visits; the ten-years residents' households."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from models.demo import fill_demo
from models.grids.care import care_list, not_visited
from models.grids.entities import BuildingHead, CentralWard, HouseholdMember, Visit
from models.grids.grids import list_grids
from models.grids.households import unplaced_count


def test_the_demo_places_everyone_in_households_and_visits_the_care_list(db) -> None:
    today = dt.date(2026, 11, 22)
    summary = fill_demo(db, residents=150, today=today)
    assert summary.counts["grid_visits"] > 100 and summary.counts["grids"] == 6
    with db.session() as s:
        assert unplaced_count(s) == 0
        grids = list_grids(s)
        assert all(g.worker and g.work_phone.startswith("025") and g.buildings for g in grids)
        assert s.scalar(select(func.count()).select_from(BuildingHead)) > 0
        assert s.scalar(select(func.count()).select_from(CentralWard)) > 0
        assert s.scalar(select(func.max(Visit.visited_on))) <= today
        assert s.scalar(select(func.min(Visit.visited_on))) >= today - dt.timedelta(days=365)
        cared, due = care_list(s, today), not_visited(s, today)
        assert cared and 0 < len(due) < len(cared)
        _households_like_a_community(s, today, 150)


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _households_like_a_community(s, today: dt.date, residents: int) -> None:  # type: ignore[no-untyped-def]
    """Couples and families share a room; whoever lives alone is alone; an empty nest keeps no children."""
    from models.demo import surname_of
    from models.residents.entities import Resident

    people = {r.id: r for r in s.scalars(select(Resident))}
    homes: dict[int, list] = {}
    for household_id, resident_id in s.execute(select(HouseholdMember.household_id, HouseholdMember.resident_id)):
        homes.setdefault(household_id, []).append(people[resident_id])
    assert sum(map(len, homes.values())) == len(people) == residents
    assert residents / 3 <= len(homes) <= residents / 2  # about 2.5 a household, not one each
    sizes = [len(m) for m in homes.values()]
    assert max(sizes) <= 6 and sum(1 for n in sizes if n in (2, 3)) > len(sizes) / 2
    for members in homes.values():
        assert len({(r.compound, r.building, r.unit, r.room, r.grid) for r in members}) == 1  # one address
        alone = [r.lives_alone for r in members]
        assert all(alone) if len(members) == 1 else not any(alone), [r.name for r in members]
        youngest = min(_age(r.birth_date, today) for r in members)
        for nest in (r for r in members if r.empty_nest):  # their children have left: nobody a generation younger
            assert _age(nest.birth_date, today) - youngest < 20, [r.name for r in members]
        for child in (r for r in members if _age(r.birth_date, today) < 18):  # with a parent or grandparent
            assert any(surname_of(r.name) == surname_of(child.name)
                       and _age(r.birth_date, today) - _age(child.birth_date, today) >= 20 for r in members)


def test_the_ten_years_residents_make_about_two_thousand_households() -> None:
    """5,000 residents in ~2,000 households of 1–6, mostly 2–3, the same for a seed (the inputs, no database)."""
    from collections import Counter

    from models.demo import resident_inputs, surname_of
    from models.residents.demo_names import name_gender

    today = dt.date(2026, 11, 22)
    people = resident_inputs(2026, 5000, today)
    homes: dict[tuple, list] = {}
    for p in people:
        homes.setdefault((p.compound, p.building, p.unit, p.room), []).append(p)
    sizes = Counter(len(m) for m in homes.values())
    assert len(people) == 5000 and 1900 <= len(homes) <= 2100
    assert set(sizes) <= set(range(1, 7)) and sizes[2] + sizes[3] > len(homes) / 2
    assert sizes[1] == sum(1 for p in people if "lives_alone" in p.flags)
    assert all(len(m) == 1 for m in homes.values() if any("lives_alone" in p.flags for p in m))
    assert all(name_gender(p.name) == p.gender for p in people)
    # Families share a surname: in nearly every household of three or more, two members do.
    big = [m for m in homes.values() if len(m) >= 3]
    assert sum(1 for m in big if len({surname_of(p.name) for p in m}) < len(m)) >= 0.99 * len(big)
    assert resident_inputs(2026, 5000, today) == people
    assert resident_inputs(7, 5000, today) != people
