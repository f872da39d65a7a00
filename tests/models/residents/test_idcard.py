"""Tests for models.residents.idcard: resident ID numbers (GB 11643-1999)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date
from typing import Any

import pytest

from models.residents import idcard
from models.residents.idcard import (
    IdNumber,
    IdNumberError,
    check_digit,
    is_valid_id_number,
    mask_id_number,
    normalise_id_number,
    parse_id_number,
)

#: The fixed "today" for every parse, so the future-date rule is stable.
TODAY = date(2025, 6, 15)
FOREIGN = "foreign_permanent"
GENDER_OF = {d: ("male" if int(d) % 2 else "female") for d in "0123456789"}


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compare messages against the English source strings, whatever the language."""
    monkeypatch.setattr(idcard, "_", lambda message: message)
    monkeypatch.setattr(
        idcard, "ngettext", lambda singular, plural, n: singular if n == 1 else plural
    )


def ref_check(first17: str) -> str:
    """An independent ISO 7064 MOD 11-2 check character.

    The weight of the digit at 1-based position i is 2**(18 - i) mod 11, and
    the check value is (12 - sum mod 11) mod 11, 10 written as X.
    """
    assert len(first17) == 17 and first17.isascii() and first17.isdigit()
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def make(first17: str) -> str:
    """A complete number: ``first17`` plus its correct check character."""
    return first17 + ref_check(first17)


def wrong(first17: str) -> str:
    """A number whose check character is wrong (the next one in 0-9X)."""
    right = ref_check(first17)
    chars = "0123456789X"
    return first17 + chars[(chars.index(right) + 1) % 11]


def with_check(check: str) -> str:
    """A valid resident number born 1985-06-15 whose check character is ``check``."""
    for seq in range(1000):
        first17 = f"11010819850615{seq:03d}"
        if ref_check(first17) == check:
            return first17 + check
    raise AssertionError(f"no sequence gives check {check}")


def to_fullwidth(text: str) -> str:
    """Full-width forms of ASCII digits and letters (１２３Ｘ)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --------------------------------------------------------------------------
# The table. Each valid row: (raw, number, birth_date, gender, kind, upgraded).
# --------------------------------------------------------------------------


def ok(
    raw: str,
    born: date,
    gender: str,
    *,
    id: str,
    number: str | None = None,
    kind: str = "resident",
    upgraded: bool = False,
) -> Any:
    """A valid row; ``number`` defaults to the normalised ``raw``."""
    expected = number if number is not None else normalise_id_number(raw)
    return pytest.param(raw, expected, born, gender, kind, upgraded, id=id)


def bad(raw: str, code: str, message: str, *, id: str) -> Any:
    """An invalid row."""
    return pytest.param(raw, code, message, id=id)


LITERAL = "11010519491231002X"  # a literal known-valid number (check X)
D1949 = date(1949, 12, 31)

VALID = [
    # literal known-valid numbers, and what users and card readers type
    ok(LITERAL, D1949, "female", id="literal-X"),
    ok("11010519491231002x", D1949, "female", number=LITERAL, id="lowercase-x"),
    ok("1101051949123100２Ｘ", D1949, "female", number=LITERAL, id="fullwidth-tail"),
    ok(to_fullwidth("11010519491231002x"), D1949, "female", number=LITERAL, id="fullwidth-all"),
    ok("110105 19491231 002X", D1949, "female", number=LITERAL, id="spaces"),
    ok("\u3000110105\u300019491231\u3000002X", D1949, "female", number=LITERAL, id="ideo-space"),
    ok("\t110105-19491231-002x\n", D1949, "female", number=LITERAL, id="tab-hyphen-newline"),
    ok("110105－19491231—002X", D1949, "female", number=LITERAL, id="fullwidth-hyphen-dash"),
    # every check character, 0-9 and X (sequence varied, all born 1985-06-15)
    *[
        ok(with_check(c), date(1985, 6, 15), GENDER_OF[with_check(c)[16]], id=f"check-{c}")
        for c in "0123456789X"
    ],
    # gender from the parity of the 17th digit
    ok(make("32010219900307001"), date(1990, 3, 7), "male", id="male-odd"),
    ok(make("32010219900307008"), date(1990, 3, 7), "female", id="female-even-8"),
    ok(make("32010219900307010"), date(1990, 3, 7), "female", id="female-zero"),
    # dates at the edges
    ok(make("44030420000229123"), date(2000, 2, 29), "male", id="feb29-leap-2000"),
    ok(make("44030420240229124"), date(2024, 2, 29), "female", id="feb29-leap-2024"),
    ok(make("65010219000101001"), date(1900, 1, 1), "male", id="born-1900-01-01"),
    ok(make("50010320250615002"), TODAY, "female", id="born-today"),
    ok(make("71000019500505003"), date(1950, 5, 5), "male", id="area-71"),
    # residence permits for Hong Kong (81), Macao (82) and Taiwan (83) residents
    ok(make("81000019940823002"), date(1994, 8, 23), "female", kind="permit_hk_mo", id="p-81"),
    ok(make("82000020010101011"), date(2001, 1, 1), "male", kind="permit_hk_mo", id="p-82"),
    ok(make("83000019780310004"), date(1978, 3, 10), "female", kind="permit_tw", id="p-83"),
    # foreigner's permanent residence card, 2023 format (9 + province + nationality)
    ok(make("93184019800101005"), date(1980, 1, 1), "male", kind=FOREIGN, id="foreign-2023"),
    # old 15-digit numbers, upgraded
    ok("110105491231002", D1949, "female", number=LITERAL, upgraded=True, id="15-literal"),
    ok(
        "310104 650704 015",
        date(1965, 7, 4),
        "male",
        number=make("31010419650704015"),
        upgraded=True,
        id="15-male-spaces",
    ),
    ok(
        to_fullwidth("440524960229004"),
        date(1996, 2, 29),
        "female",
        number=make("44052419960229004"),
        upgraded=True,
        id="15-fullwidth-feb29-1996",
    ),
]


@pytest.mark.parametrize(("raw", "number", "born", "gender", "kind", "upgraded"), VALID)
def test_valid(raw: str, number: str, born: date, gender: str, kind: str, upgraded: bool) -> None:
    parsed = parse_id_number(raw, today=TODAY)
    assert parsed.number == number
    assert len(parsed.number) == 18
    assert parsed.number[17] == ref_check(parsed.number[:17])
    assert parsed.birth_date == born
    assert parsed.gender == gender
    assert parsed.kind == kind
    assert parsed.upgraded_from_15 is upgraded
    assert is_valid_id_number(raw, today=TODAY)


# --------------------------------------------------------------------------
# Invalid rows: (raw, code, exact message).
# --------------------------------------------------------------------------

LEN = "an ID number has 18 characters (or 15 for an old one), but {} were given"
POS = "position {} holds “{}”, but only digits may stand there"
OLD = "an old 15-digit ID number has only digits; position {} holds “{}”"
AREA = "no province has the area code prefix {}"
NO_DATE = "no such date {}"
WRONG = "check digit should be {}, not {}"
P1 = "32010219900307001"
F1 = "93184019800101005"

INVALID = [
    bad("", "empty", "no ID number was given", id="empty"),
    bad(" \u3000\t- ", "empty", "no ID number was given", id="only-separators"),
    # checksum, the message naming the right character
    bad("110105194912310021", "checksum", WRONG.format("X", "1"), id="checksum-X-not-1"),
    bad("110105194912310020", "checksum", WRONG.format("X", "0"), id="checksum-X-not-0"),
    bad(with_check("7")[:17] + "3", "checksum", WRONG.format(7, 3), id="checksum-7-not-3"),
    bad(with_check("0")[:17] + "X", "checksum", WRONG.format(0, "X"), id="checksum-0-not-X"),
    bad(wrong(P1), "checksum", WRONG.format(ref_check(P1), wrong(P1)[17]), id="checksum-next"),
    # dates
    bad(make("11010519990231002"), "date", NO_DATE.format("19990231"), id="date-19990231"),
    bad(make("11010520230229002"), "date", NO_DATE.format("20230229"), id="feb29-2023"),
    bad(make("11010519000229002"), "date", NO_DATE.format("19000229"), id="feb29-1900"),
    bad(make("11010519851301002"), "date", NO_DATE.format("19851301"), id="month-13"),
    bad(make("11010519850600002"), "date", NO_DATE.format("19850600"), id="day-00"),
    bad(
        make("11010520250616002"),
        "future",
        "birth date 20250616 is in the future",
        id="future-tomorrow",
    ),
    bad(
        make("11010520990101002"),
        "future",
        "birth date 20990101 is in the future",
        id="future-2099",
    ),
    bad(
        make("11010518991231002"),
        "too_early",
        "birth date 18991231 is before 1900",
        id="before-1900",
    ),
    # the GB 11643 example number: its checksum is right, but it was born in 1880
    bad(
        "440524188001010014",
        "too_early",
        "birth date 18800101 is before 1900",
        id="gb11643-example-1880",
    ),
    # characters, with the position
    bad("110105A9491231002X", "chars", POS.format(7, "A"), id="letter-position-7"),
    bad("1101X519491231002X", "chars", POS.format(5, "X"), id="X-in-the-middle"),
    bad("1101051949123100.X", "chars", POS.format(17, "."), id="dot-position-17"),
    bad("1101\u0661519491231002X", "chars", POS.format(5, "\u0661"), id="arabic-indic-digit"),
    bad(
        "11010519491231002Y",
        "chars",
        "the last character must be a digit or X; position 18 holds “Y”",
        id="last-Y",
    ),
    bad("11010549123100X", "chars", OLD.format(15, "X"), id="15-with-X"),
    bad("1101054912A1002", "chars", OLD.format(11, "A"), id="15-with-letter"),
    # lengths
    bad("11010519491231002", "length", LEN.format("17 characters"), id="length-17"),
    bad("11010519491231002X1", "length", LEN.format("19 characters"), id="length-19"),
    bad("1101051949123100", "length", LEN.format("16 characters"), id="length-16"),
    bad(
        "1",
        "length",
        "an ID number has 18 characters (or 15 for an old one), but 1 character was given",
        id="length-1",
    ),
    # old 15-digit numbers
    bad("110105990231002", "date", NO_DATE.format("19990231"), id="15-impossible-date"),
    bad(
        "810000940823002",
        "area",
        "an old 15-digit ID number must start with a mainland province code, not 81",
        id="15-permit-prefix",
    ),
    # area prefixes no province has
    bad(make("00010519491231002"), "area", AREA.format("00"), id="area-00"),
    bad(make("19010519491231002"), "area", AREA.format("19"), id="area-19"),
    bad(make("16010519491231002"), "area", AREA.format("16"), id="area-16"),
    bad(make("84000019491231002"), "area", AREA.format("84"), id="area-84"),
    # foreigners' permanent residence cards
    bad(
        make("99010519491231002"),
        "area",
        "a foreigner's permanent residence card starting with 9 must go on with a "
        "province code, not 90",
        id="foreign-2023-bad-province",
    ),
    bad(wrong(F1), "checksum", WRONG.format(ref_check(F1), wrong(F1)[17]), id="foreign-2023-sum"),
    bad(
        "USA 110180010112",
        "foreign_card",
        "this looks like a foreigner's permanent residence card (2017 format), which is "
        "not an ID number; put it in the notes instead",
        id="foreign-2017",
    ),
]


@pytest.mark.parametrize(("raw", "code", "message"), INVALID)
def test_invalid(raw: str, code: str, message: str) -> None:
    with pytest.raises(IdNumberError) as info:
        parse_id_number(raw, today=TODAY)
    error = info.value
    assert error.code == code
    assert error.message == message
    assert str(error) == message
    assert isinstance(error, ValueError)
    # personal data: neither the raw input nor its normalised form is echoed
    cleaned = normalise_id_number(raw)
    if len(cleaned) > 8:
        assert cleaned not in message
        assert cleaned[:-1] not in message
        assert cleaned not in repr(error)
    assert not is_valid_id_number(raw, today=TODAY)


def test_table_size() -> None:
    assert len(VALID) + len(INVALID) >= 40


# --------------------------------------------------------------------------
# The independent checksum agrees with the module's.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first17",
    [
        "11010519491231002",
        "44052418800101001",
        "81000019940823002",
        "00000000000000000",
        "99999999999999999",
        *[f"{n:017d}" for n in range(7, 10**17, 7_777_777_777_777_777)],
    ],
)
def test_check_digit_matches_reference(first17: str) -> None:
    assert check_digit(first17) == ref_check(first17)


def test_check_digit_known_values() -> None:
    assert check_digit("11010519491231002") == "X"
    assert check_digit("44052418800101001") == "4"


@pytest.mark.parametrize("bad", ["", "1101051949123100", "110105194912310021", "1101051949123100X"])
def test_check_digit_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        check_digit(bad)


# --------------------------------------------------------------------------
# Normalising.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        (" 110105\u300019491231\t002X\r\n", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
        ("110105\u201319491231\u2212002X", "11010519491231002X"),
        ("\ufeff110105\u200b19491231002X", "11010519491231002X"),
        ("", ""),
        ("abc", "ABC"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise_id_number(raw) == expected


# --------------------------------------------------------------------------
# Derived values.
# --------------------------------------------------------------------------


def test_upgrade_from_15() -> None:
    parsed = parse_id_number("110105491231002", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == "female"
    assert parsed.upgraded_from_15
    assert parsed.kind == "resident"
    # the upgraded number parses to the same person, no longer "upgraded"
    again = parse_id_number(parsed.number, today=TODAY)
    assert (again.number, again.birth_date, again.gender) == (
        parsed.number,
        parsed.birth_date,
        parsed.gender,
    )
    assert not again.upgraded_from_15


def test_today_defaults_to_the_real_today() -> None:
    assert parse_id_number("11010519491231002X").birth_date == date(1949, 12, 31)
    with pytest.raises(IdNumberError) as info:
        parse_id_number(make("11010529991231002"))
    assert info.value.code == "future"


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(1949, 12, 31), date(2025, 12, 30), 75),  # day before the birthday
        (date(1949, 12, 31), date(2025, 12, 31), 76),  # on the birthday
        (date(1949, 12, 31), date(2026, 1, 1), 76),
        (date(1980, 6, 15), date(1980, 6, 15), 0),  # the day of birth
        (date(1980, 6, 15), date(1981, 6, 14), 0),
        (date(1980, 6, 15), date(1981, 6, 15), 1),
        (date(2000, 2, 29), date(2023, 2, 28), 22),  # common year: not yet on Feb 28
        (date(2000, 2, 29), date(2023, 3, 1), 23),  # ... but on Mar 1
        (date(2000, 2, 29), date(2024, 2, 28), 23),  # leap year: day before
        (date(2000, 2, 29), date(2024, 2, 29), 24),  # leap year: on the birthday
    ],
)
def test_age_on(born: date, day: date, age: int) -> None:
    first17 = "110105" + born.strftime("%Y%m%d") + "001"
    parsed = parse_id_number(make(first17), today=TODAY)
    assert parsed.birth_date == born
    assert parsed.age_on(day) == age


def test_age_on_before_birth_is_an_error() -> None:
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    with pytest.raises(ValueError):
        parsed.age_on(date(1949, 12, 30))


def test_permit_region_and_area_code() -> None:
    assert parse_id_number(make("81000019940823002"), today=TODAY).permit_region == "hong_kong"
    assert parse_id_number(make("82000020010101011"), today=TODAY).permit_region == "macao"
    assert parse_id_number(make("83000019780310004"), today=TODAY).permit_region == "taiwan"
    resident = parse_id_number("11010519491231002X", today=TODAY)
    assert resident.permit_region is None
    assert resident.area_code == "110105"


def test_id_number_is_frozen_and_log_safe() -> None:
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    with pytest.raises(FrozenInstanceError):
        parsed.number = "x"  # type: ignore[misc]
    text = repr(parsed)
    assert "11010519491231002X" not in text
    assert "19491231" not in text
    assert "110***********002X" in text
    assert str(parsed) == "11010519491231002X"
    assert parsed.masked == "110***********002X"
    assert isinstance(parsed, IdNumber)


def test_messages_are_translated_when_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(idcard, "_", lambda message: "«" + message + "»")
    with pytest.raises(IdNumberError) as info:
        parse_id_number("110105194912310021", today=TODAY)
    assert info.value.message == "«check digit should be X, not 1»"
    assert info.value.params == {"expected": "X", "digit": "1"}


# --------------------------------------------------------------------------
# Masking.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("11010519491231002X", "110***********002X"),
        ("110105198506151234", "110***********1234"),
        ("11010519491231002x", "110***********002X"),
        ("110105 19491231 002X", "110***********002X"),
        ("110105491231002", "110********1002"),
        ("", ""),
        ("1", "*"),
        ("123", "***"),
        ("1234", "****"),
        ("12345", "1***5"),
        ("12345678", "1******8"),
        ("1234567890123", "123*******123"),
    ],
)
def test_mask(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@pytest.mark.parametrize("length", range(0, 25))
def test_mask_never_reveals_much(length: int) -> None:
    text = "".join(str(i % 10) for i in range(length))
    masked = mask_id_number(text)
    assert len(masked) == length
    shown = sum(1 for c in masked if c != "*")
    assert shown <= 7
    assert shown * 2 < length or shown == 0
    if length == 18:
        assert masked == text[:3] + "*" * 11 + text[-4:]
