"""The search filter with fewer LIKEs selects exactly the residents the rank scores above 0."""

from __future__ import annotations

from sqlalchemy import select

from models.demo import resident_inputs
from models.residents.entities import Resident
from models.residents.registry import (
    ResidentInput,
    ResidentListSource,
    create_resident,
    match_condition,
    parse_terms,
    rank_expression,
    search_residents,
)

QUERIES = [
    "z", "zh", "zs", "zhang", "zhangs", "wxl", "li", "x", "l%", "a_b", "张", "张三", "王", "明", "欣", "1", "13",
    "138", "1381234", "0001", "3201", "11010", "x", "19", "5", "%", "_", "张 三", "ZS", "13800138000",
]


def _fill(db, today) -> None:
    with db.write() as s:
        for data in resident_inputs(7, 150, today):
            create_resident(s, data)
        create_resident(s, ResidentInput(name="𠮷田", phone="13800138000"))
        create_resident(s, ResidentInput(name="Anna_b%", phone="010-12345678"))


def test_match_condition_selects_what_the_rank_scores(db, today) -> None:
    _fill(db, today)
    with db.session() as s:
        names = list(s.scalars(select(Resident.name)))
        queries = QUERIES + [n[:1] for n in names[:20]] + [n[1:] for n in names[:20]]
        for query in queries:
            terms = parse_terms(query)
            by_rank = set(s.scalars(select(Resident.id).where(rank_expression(terms) > 0)))
            by_filter = set(s.scalars(select(Resident.id).where(match_condition(terms))))
            assert by_filter == by_rank, query


def test_the_list_and_the_quick_find_keep_the_ranked_order(db, today) -> None:
    _fill(db, today)
    with db.session() as s:
        ids = ResidentListSource().ids(s, "13800138000", None, False)
        assert s.get(Resident, ids[0]).name == "𠮷田"  # the whole phone ranks first
        hits = search_residents(s, "13800138000")
        assert hits[0].name == "𠮷田" and hits[0].exact
