"""The care list, the not-visited rule at its edges, recording visits and their refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.core.errors import ValidationFailed
from models.grids.care import care_list, intervals, not_visited, set_interval
from models.grids.entities import Visit
from models.grids.grids import assign_buildings, save_grid, save_worker
from models.grids.households import create_household, place_resident
from models.grids.visits import VisitInput, record_visit, visits_of
from models.requests.entities import ServiceRequest

ON = dt.date(2026, 11, 30)


@pytest.fixture
def grid(db, place):
    with db.write() as s:
        worker = save_worker(s, "王网格", "025-8888 1234")
        g = save_grid(s, "第一网格", worker.id)
        assign_buildings(s, g.id, [place["building"]])
        create_household(s, place["r101"], [place["alone"], place["nest"]])
        place_resident(s, place["poor"], place["r302"])
    return {**place, "worker": worker.id, "grid": g.id}


def visit(db, whom: int | None, day: dt.date, **kw):  # type: ignore[no-untyped-def]
    data = VisitInput(visited_on=day, method=kw.pop("method", "home"), visitor_kind="worker",
                      visitor_worker_id=kw.pop("worker"), resident_id=whom, **kw)
    with db.write() as s:
        return record_visit(s, data, today=ON).id


def test_the_care_list_is_the_residents_household_flags(db, grid) -> None:
    with db.session() as s:
        rows = care_list(s, ON)
    assert {r.name for r in rows} == {"张三明", "郑𠮷", "欧阳明理"}  # 钱多多 has no category
    nest = next(r for r in rows if r.name == "郑𠮷")
    assert nest.categories == ("empty_nest", "disabled") and nest.grid == "第一网格"
    assert nest.building == "幸福小区 Bldg 3 Unit 1" and nest.interval == 30


@pytest.mark.parametrize(("days_ago", "due"), [(6, False), (7, True), (8, True)])
def test_living_alone_is_due_exactly_seven_days_after_a_visit(db, grid, days_ago, due) -> None:
    visit(db, grid["alone"], ON - dt.timedelta(days=days_ago), worker=grid["worker"])
    with db.session() as s:
        names = [r.name for r in not_visited(s, ON)]
    assert ("张三明" in names) is due


@pytest.mark.parametrize(("days_ago", "due"), [(29, False), (30, True)])
def test_other_categories_are_due_after_thirty_days(db, grid, days_ago, due) -> None:
    visit(db, grid["poor"], ON - dt.timedelta(days=days_ago), worker=grid["worker"])
    with db.session() as s:
        assert ("欧阳明理" in [r.name for r in not_visited(s, ON)]) is due


def test_a_household_visit_counts_for_its_members_a_not_at_home_one_does_not(db, grid) -> None:
    with db.session() as s:
        from models.grids.households import household_of

        household = household_of(s, grid["alone"])
    with db.write() as s:
        record_visit(s, VisitInput(visited_on=ON - dt.timedelta(days=2), method="home", visitor_kind="worker",
                                   visitor_worker_id=grid["worker"], household_id=household), today=ON)
    visit(db, grid["poor"], ON - dt.timedelta(days=1), worker=grid["worker"], not_home=True)
    with db.session() as s:
        assert [r.name for r in not_visited(s, ON)] == ["欧阳明理"]
        # A later visit does not count on an earlier day.
        assert {r.name for r in not_visited(s, ON - dt.timedelta(days=3))} == {"张三明", "郑𠮷", "欧阳明理"}


def test_intervals_are_editable_and_the_shortest_category_wins(db, grid) -> None:
    visit(db, grid["nest"], ON - dt.timedelta(days=10), worker=grid["worker"])
    with db.write() as s:
        set_interval(s, "disabled", 10)
    with db.session() as s:
        assert intervals(s)["disabled"] == 10 and intervals(s)["lives_alone"] == 7
        assert "郑𠮷" in [r.name for r in not_visited(s, ON)]
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        set_interval(s, "disabled", 0)
    assert "days" in err.value.errors


def test_not_visited_is_oldest_first_per_grid(db, grid) -> None:
    visit(db, grid["alone"], ON - dt.timedelta(days=20), worker=grid["worker"])
    visit(db, grid["nest"], ON - dt.timedelta(days=40), worker=grid["worker"])
    with db.session() as s:
        rows = not_visited(s, ON, grid_id=grid["grid"])
    assert [r.name for r in rows] == ["欧阳明理", "郑𠮷", "张三明"]  # never, 40 days, 20 days
    assert [r.days_since for r in rows] == [None, 40, 20]


def test_a_visit_in_the_future_or_without_whom_is_refused(db, grid) -> None:
    with pytest.raises(ValidationFailed) as err:
        visit(db, grid["alone"], ON + dt.timedelta(days=1), worker=grid["worker"])
    assert "future" in err.value.errors["visited_on"]
    with pytest.raises(ValidationFailed) as err:
        visit(db, None, ON, worker=grid["worker"], method="mail")
    assert {"whom", "method"} <= set(err.value.errors)
    with pytest.raises(ValidationFailed) as err:
        visit(db, grid["alone"], ON, worker=None)
    assert "visitor" in err.value.errors
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 0


def test_a_follow_up_becomes_a_request(db, grid) -> None:
    visit(db, grid["alone"], ON, worker=grid["worker"], findings="厨房水管漏水，老人行动不便", needs_help=True,
          follow_up="上门维修水管", request_category="维修")
    with db.session() as s:
        request = s.scalars(select(ServiceRequest)).one()
        assert (request.resident_id, request.channel, request.text) == (grid["alone"], "grid", "上门维修水管")
        [row] = visits_of(s, grid["alone"])
        assert row.request_id == request.id and row.needs_help and row.visitor == "王网格"


def test_visit_notes_are_not_in_the_audit_trail(db, grid) -> None:
    from models.safety.audit import AuditEntry

    visit(db, grid["alone"], ON, worker=grid["worker"], findings="血压偏高，独自服药", health_worse=True)
    with db.session() as s:
        summaries = " ".join(s.scalars(select(AuditEntry.summary)))
        tables = set(s.scalars(select(AuditEntry.table_name)))
    assert "grid_visit" in tables and "血压" not in summaries


def test_the_years_figures_count_visits_and_the_care_lists_coverage(db, grid) -> None:
    """The report's visits section against visits counted by hand (models/figures/visits.py)."""
    from models.figures import parse_period, work_report

    visit(db, grid["nest"], dt.date(2026, 10, 15), worker=grid["worker"])  # October: seen
    visit(db, grid["alone"], dt.date(2026, 11, 2), worker=grid["worker"])  # November: seen
    visit(db, grid["poor"], dt.date(2026, 11, 10), worker=grid["worker"], not_home=True)  # nobody at home
    with db.session() as s:
        q4 = work_report(s, parse_period("2026Q4"), today=ON).section("visits")
        nov = work_report(s, parse_period("2026-11"), today=ON).section("visits")
        before = work_report(s, parse_period("2020"), today=ON).section("visits")
    # Three on the care list (张三明, 郑𠮷, 欧阳明理); two seen at home in Q4; one not at home.
    assert (q4.visits, q4.not_home, q4.care_residents, q4.care_seen) == (3, 1, 3, 2)
    assert q4.coverage == pytest.approx(2 / 3)
    assert [(m.key, m.visits, m.care_seen) for m in q4.months] == [("2026-10", 1, 1), ("2026-11", 2, 1),
                                                                   ("2026-12", 0, 0)]
    assert {f.key: f.value for f in nov.headlines()}["visits.care_seen"] == 1
    assert not before.has_data and all(f.value is None for f in before.headlines())
