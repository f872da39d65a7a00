"""The counts against a database built by hand, and worked out by hand (docs/mediation.md, "Figures")."""

from __future__ import annotations

import datetime as dt

import pytest

from models.mediation import (
    CaseInput,
    PartyInput,
    add_session,
    close_case,
    mediation_figures,
    open_case,
    year_figures,
)

TODAY = dt.date(2027, 1, 10)
D = dt.date

#: (kind, opened, session, closed, outcome): seven cases around 2026.
CASES = (
    ("neighbours", D(2025, 12, 20), D(2025, 12, 22), D(2026, 1, 5), "resolved"),  # A: closed in 2026 only
    ("noise", D(2026, 1, 10), D(2026, 1, 12), D(2026, 1, 20), "resolved"),  # B
    ("noise", D(2026, 2, 1), D(2026, 2, 2), D(2026, 2, 3), "partly"),  # C
    ("parking", D(2026, 3, 15), None, D(2026, 3, 15), "referred"),  # D: referred at once
    ("family", D(2026, 3, 20), D(2026, 3, 21), None, None),  # E: still open
    ("property", D(2026, 11, 30), D(2026, 12, 2), D(2027, 1, 2), "resolved"),  # F: open at the end of 2026
    ("other", D(2026, 6, 1), D(2026, 6, 10), D(2026, 6, 30), "unresolved"),  # G
)


@pytest.fixture
def built(db, people):
    from models.safety.security import acting_as

    with acting_as(people["mediator"]), db.write() as s:
        for kind, opened, held, closed, outcome in CASES:
            case = open_case(s, CaseInput(kind=kind, parties=[PartyInput(resident_id=people["upstairs"])],
                                          opened_on=opened), today=TODAY)
            if held:
                add_session(s, case.id, held_on=held, today=TODAY)
            if closed:
                close_case(s, case.id, outcome, agreement="协议" if outcome == "resolved" else "",
                           referred_to="街道司法所" if outcome == "referred" else "", closed_on=closed, today=TODAY)
    return db


def test_the_year_by_hand(built) -> None:
    with built.session() as s:  # as the system (administrator): the counts need mediation.count only
        fig = year_figures(s, 2026)
    t = fig.total
    # Opened in 2026: B C D E F G; closed in 2026: A B C D G; resolved: A B.
    assert (t.opened, t.closed, t.resolved, t.partly, t.unresolved, t.referred) == (6, 5, 2, 1, 1, 1)
    assert t.success_rate == pytest.approx(2 / 5)
    assert fig.open_at_end == 2  # E, and F (closed only in 2027)
    kinds = {k: (c.opened, c.closed, c.resolved) for k, c in fig.by_kind.items()}
    assert kinds == {"neighbours": (0, 1, 1), "family": (1, 0, 0), "property": (1, 0, 0), "noise": (2, 2, 1),
                     "parking": (1, 1, 0), "other": (1, 1, 0)}
    assert list(fig.by_kind) == ["neighbours", "family", "property", "noise", "parking", "other"]
    months = {m: (c.opened, c.closed, c.resolved) for (_y, m), c in fig.by_month.items()}
    assert months == {1: (1, 2, 2), 2: (1, 1, 0), 3: (2, 1, 0), 4: (0, 0, 0), 5: (0, 0, 0), 6: (1, 1, 0),
                      7: (0, 0, 0), 8: (0, 0, 0), 9: (0, 0, 0), 10: (0, 0, 0), 11: (1, 0, 0), 12: (0, 0, 0)}
    assert fig.by_month[(2026, 1)].success_rate == 1.0 and fig.by_month[(2026, 4)].success_rate is None


def test_any_period(built) -> None:
    with built.session() as s:
        q1 = mediation_figures(s, D(2026, 1, 1), D(2026, 3, 31))
        nothing = mediation_figures(s, D(2020, 1, 1), D(2020, 12, 31))
    assert (q1.total.opened, q1.total.closed, q1.total.resolved) == (4, 4, 2)  # B C D E; A B C D
    assert q1.open_at_end == 1 and list(q1.by_month) == [(2026, 1), (2026, 2), (2026, 3)]  # E
    assert not nothing.has_data and nothing.total.success_rate is None


def test_the_years_work_report_carries_the_counts(built) -> None:
    """The year's figures (models.figures) show the same hand-counted numbers, for a clerk too."""
    from models.figures import parse_period, work_report
    from models.safety.security import CLERK, Actor, acting_as

    with built.session() as s, acting_as(Actor("clerk", CLERK)):
        section = work_report(s, parse_period("2026"), today=TODAY).section("mediation")
        before = work_report(s, parse_period("2020"), today=TODAY).section("mediation")
    assert section.has_data
    values = {f.key: f.value for f in section.headlines()}
    assert values == {"mediation.cases": 6, "mediation.closed": 5, "mediation.resolved": 2,
                      "mediation.success_rate": pytest.approx(2 / 5)}
    months, kinds = section.tables()
    assert months.rows[0] == ("2026-01", 1, 2, 2, 1.0) and months.total[1:4] == (6, 5, 2)
    assert [row[1:4] for row in kinds.rows] == [(0, 1, 1), (1, 0, 0), (1, 0, 0), (2, 2, 1), (1, 1, 0), (1, 1, 0)]
    # Before the centre recorded any case: "not recorded", never a made-up zero.
    assert not before.has_data and all(f.value is None for f in before.headlines())
