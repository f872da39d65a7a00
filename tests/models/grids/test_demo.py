"""The grids' demo: everyone placed, a grid per compound, heads, central households, a year of visits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from models.demo import fill_demo
from models.grids.care import care_list, not_visited
from models.grids.entities import BuildingHead, CentralWard, Visit
from models.grids.grids import list_grids
from models.grids.households import unplaced_count


def test_the_demo_places_everyone_and_visits_the_care_list(db) -> None:
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
