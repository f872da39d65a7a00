"""The year's mediation figures on paper: the PDF's extracted text and the .xlsx cells (numbers as numbers)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import i18n
from models.core.settings import CentreInfo
from models.mediation.figures import Counts, MediationFigures
from models.mediation.labels import KINDS
from reports.mediation import year_figures_pdf, year_figures_xlsx

CENTRE = CentreInfo(name="幸福里社区党群服务中心", address="幸福路88号", phone="010-65529988")


@pytest.fixture(autouse=True)
def english():
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def _figures() -> MediationFigures:
    by_kind = {k: Counts() for k in KINDS}
    by_kind["noise"] = Counts(opened=3, closed=2, resolved=1, partly=1)
    by_kind["parking"] = Counts(opened=1, closed=2, resolved=2)
    months = {(2026, m): Counts() for m in range(1, 13)}
    months[(2026, 3)] = Counts(opened=4, closed=1, resolved=1)
    months[(2026, 7)] = Counts(closed=3, resolved=2, partly=1)
    total = Counts(opened=4, closed=4, resolved=3, partly=1)
    return MediationFigures(dt.date(2026, 1, 1), dt.date(2026, 12, 31), total, 2, by_kind, months)


def _text(pdf: bytes) -> str:
    """The pages' text, white space folded (a table's cells come out one per line)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_pdf_says_the_figures_the_definition_and_ends_with_the_signoff() -> None:
    result = year_figures_pdf(_figures(), CENTRE, prepared_by="周调解", today=dt.date(2026, 12, 7))
    text = _text(result.pdf)
    assert "Mediation of disputes in 2026" in text and "Internal: counts only." in text
    for line in ("Cases 4", "Closed 4", "Resolved with an agreement 3", "Partly resolved 1", "Success rate 75.0%",
                 "Open at the end of the period 2", "Noise 3 2 1 50.0%", "Parking 1 2 2 100.0%",
                 "Family 0 0 0 —", "2026-03 4 1 1 100.0%", "2026-07 0 3 2 66.7%", "Total 4 4 3 75.0%"):
        assert line in text, line
    assert "Success rate: cases closed as resolved with an agreement over all cases closed" in text
    assert text.index("Total 4 4 3") < text.index("Success rate: cases") < text.index("Prepared by:")
    assert "周调解" in text and "(Seal)" in text
    assert not result.missing


def test_the_pdf_in_chinese() -> None:
    i18n.set_language("zh_CN")
    text = _text(year_figures_pdf(_figures(), CENTRE, today=dt.date(2026, 12, 7)).pdf)
    for expected in ("2026年矛盾纠纷调解统计", "调解成功率", "75.0%", "噪音", "停车", "制表人："):
        assert expected in text, expected


def test_the_sheet_holds_numbers_and_rates_as_numbers(tmp_path: Path) -> None:
    path = year_figures_xlsx(_figures(), tmp_path / "m.xlsx", prepared_by="周调解", today=dt.date(2026, 12, 7))
    ws = load_workbook(path).active
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
    assert rows["Cases"][1].value == 4 and rows["Closed"][1].value == 4
    rate = rows["Success rate"][1]
    assert rate.value == pytest.approx(0.75) and rate.number_format == "0.0%"
    noise = [c.value for c in rows["Noise"][:5]]
    assert noise == ["Noise", 3, 2, 1, pytest.approx(0.5)]
    assert [c.value for c in rows["2026-07"][:5]] == ["2026-07", 0, 3, 2, pytest.approx(2 / 3)]
    assert rows["Family"][4].value is None  # nothing closed: no rate, not a made-up zero
    assert rows["Total"][1].value == 4 and rows["Total"][4].number_format == "0.0%"
    assert rows["Prepared by:"][1].value == "周调解" and rows["Date:"][1].value == "December 7, 2026"
