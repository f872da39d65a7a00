"""The lazy table model: Qt's model tester, paging, SQL sort and filter."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.residents.registry import ResidentListSource
from ui.common.lazy_model import LazyTableModel


class CountingSource(ResidentListSource):
    def __init__(self):
        super().__init__()
        self.row_calls: list[int] = []

    def rows(self, session, ids):
        self.row_calls.append(len(ids))
        return super().rows(session, ids)


def test_model_passes_qtmodeltester(qtmodeltester, demo_db):
    model = LazyTableModel(ResidentListSource(), demo_db.session, page_size=50)
    qtmodeltester.check(model)
    model.set_filter("zsm")
    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_fetches_only_the_pages_asked_for(demo_db):
    source = CountingSource()
    model = LazyTableModel(source, demo_db.session, page_size=50)
    assert model.rowCount() == 303
    assert source.row_calls == []  # nothing fetched until a row is shown
    model.data(model.index(0, 0))
    model.data(model.index(49, 0))
    assert source.row_calls == [50]
    model.data(model.index(250, 0))
    assert source.row_calls == [50, 50]


def test_sort_and_filter_run_in_sql(demo_db):
    model = LazyTableModel(ResidentListSource(), demo_db.session)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    first = model.data(model.index(0, 0))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(model.rowCount() - 1, 0)) == first
    model.set_filter("13900001113")
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "𠮷祥"
    assert model.data(model.index(0, 0), LazyTableModel.IdRole) == model.id_at(0)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"


class DamagedPages(ResidentListSource):
    """Rows from page two on cannot be read (a damaged file's pages)."""

    def rows(self, session, ids):
        if ids and ids[0] != self.first:
            from sqlalchemy.exc import DatabaseError

            raise DatabaseError("SELECT …", {"name": "张三"}, Exception("database disk image is malformed"))
        return super().rows(session, ids)


def test_a_page_that_cannot_be_read_shows_empty_rows_and_logs_no_parameters(demo_db, caplog):
    source = DamagedPages()
    model = LazyTableModel(source, demo_db.session, page_size=50)
    source.first = model.id_at(0)
    assert model.data(model.index(0, 0))  # page one reads
    assert model.data(model.index(60, 0)) is None  # page two is shown empty, no exception
    assert model.rowCount() == 303
    assert "disk image is malformed" in caplog.text and "张三" not in caplog.text
