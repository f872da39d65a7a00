"""Resident ID numbers (居民身份证号, GB 11643-1999): normalise, check, derive, mask.

This module is pure domain code: no Qt, no database. (A little over 500 lines: one concept —
the number's layout, its check digit, the old 15-digit form, masking — documented at length.) It accepts what a clerk
or an ID-card reader types, turns it into the canonical 18-character form and
says exactly what is wrong when it cannot.

Layout of an 18-character number::

    110105 19491231 002 X
    ^area  ^birth   ^seq ^check

* **area** (6 digits): the GB/T 2260 county code; its first two digits name a
  province. Only prefixes that some province actually has are accepted (see
  :data:`PROVINCE_PREFIXES`): 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71
  (Taiwan), 81 / 82 (residence permits for Hong Kong / Macao residents) and 83
  (residence permits for Taiwan residents). Everything else (00, 19, 99, ...)
  is rejected. The remaining four area digits are not checked against the
  county list, which changes every year.
* **birth** (8 digits): YYYYMMDD; a real calendar date, not before 1900-01-01
  and not after today.
* **seq** (3 digits): the last one is odd for men and even for women.
* **check** (1 character): ISO 7064 MOD 11-2 over the first 17 digits, with
  weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the sum modulo 11 indexes
  ``"10X98765432"``.

Old first-generation numbers have 15 digits (6 area, YYMMDD in the 1900s,
3 sequence, no check digit); they are upgraded to 18 characters by inserting
``19`` before the year and appending the computed check digit.

Foreigners' permanent residence cards (外国人永久居留身份证) are a different
document:

* the **2017 format** has 15 characters, three Latin letters (the nationality)
  followed by 12 digits. It is *not* accepted as an ID number: parsing raises
  :class:`IdNumberError` with code ``"foreign_card"``, and the message tells
  the clerk to put the card number in the notes (the ID field is optional).
* the **2023 format** has 18 characters laid out like a resident number but
  starting with ``9`` (then a two-digit province code, a three-digit
  nationality code, the birth date at the same place as on a resident number,
  a sequence and the same MOD 11-2 check digit). It is accepted, with kind
  ``"foreign_permanent"``, only when the province code after the ``9`` is one
  of :data:`PROVINCE_PREFIXES` and the check digit is right.

Error messages never repeat the whole number (personal data must not reach a
log); at most a date fragment, a position or a check digit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from i18n import _, ngettext

__all__ = [
    "CHECK_CHARS",
    "ERROR_CODES",
    "FEMALE",
    "KIND_FOREIGN_PERMANENT",
    "KIND_PERMIT_HK_MO",
    "KIND_PERMIT_TW",
    "KIND_RESIDENT",
    "KINDS",
    "MALE",
    "PROVINCE_PREFIXES",
    "WEIGHTS",
    "IdNumber",
    "IdNumberError",
    "check_digit",
    "is_valid_id_number",
    "mask_id_number",
    "normalise_id_number",
    "parse_id_number",
]

#: Weights of the first 17 digits in the GB 11643-1999 checksum.
WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: The check character, indexed by the weighted sum modulo 11.
CHECK_CHARS = "10X98765432"

#: Two-digit province prefixes of mainland resident numbers (GB/T 2260), 71 included.
MAINLAND_PREFIXES: frozenset[str] = frozenset(
    [f"{n}" for n in range(11, 16)]
    + [f"{n}" for n in range(21, 24)]
    + [f"{n}" for n in range(31, 38)]
    + [f"{n}" for n in range(41, 47)]
    + [f"{n}" for n in range(50, 55)]
    + [f"{n}" for n in range(61, 66)]
    + ["71"]
)
#: Every two-digit prefix an 18-character number may start with.
PROVINCE_PREFIXES: frozenset[str] = MAINLAND_PREFIXES | {"81", "82", "83"}

KIND_RESIDENT = "resident"
"""Mainland resident identity card (居民身份证)."""
KIND_PERMIT_HK_MO = "permit_hk_mo"
"""Residence permit for Hong Kong (prefix 81) or Macao (82) residents (港澳居民居住证)."""
KIND_PERMIT_TW = "permit_tw"
"""Residence permit for Taiwan residents, prefix 83 (台湾居民居住证)."""
KIND_FOREIGN_PERMANENT = "foreign_permanent"
"""Foreigner's permanent residence card, 2023 format, prefix 9 (外国人永久居留身份证)."""
KINDS: tuple[str, ...] = (
    KIND_RESIDENT,
    KIND_PERMIT_HK_MO,
    KIND_PERMIT_TW,
    KIND_FOREIGN_PERMANENT,
)

MALE = "male"
FEMALE = "female"

#: Machine codes carried by :class:`IdNumberError`.
ERROR_CODES: tuple[str, ...] = (
    "empty",  # nothing left after normalising
    "length",  # neither 18 nor 15 characters
    "chars",  # a character that is not a digit (or a final X)
    "foreign_card",  # a 2017-format foreigner's permanent residence card
    "area",  # the first two digits are no province
    "date",  # the birth date does not exist
    "too_early",  # the birth date is before 1900-01-01
    "future",  # the birth date is after today
    "checksum",  # the check character is wrong
)

_EARLIEST_BIRTH = date(1900, 1, 1)
_DIGITS = frozenset("0123456789")
# Characters removed by normalise_id_number besides whitespace: the minus sign
# and a few dashes NFKC leaves alone (category Pd covers the rest).
_EXTRA_DASHES = frozenset("\u2212\u2043\ufe63\uff0d")


class IdNumberError(ValueError):
    """An ID number that cannot be accepted.

    Attributes:
        code: A machine-readable reason, one of :data:`ERROR_CODES`.
        message: The translated, human-readable explanation (also ``str(error)``).
            It never contains the whole ID number.
        params: The values substituted into the message (a position, a date
            fragment, a digit...), for callers that want to build their own text.
    """

    def __init__(self, code: str, message: str, /, **params: Any) -> None:
        """Create the error.

        Args:
            code: One of :data:`ERROR_CODES`.
            message: The already translated and formatted message.
            **params: The values used in ``message``.
        """
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def __repr__(self) -> str:
        """Show the code and the message (both free of the full number)."""
        return f"IdNumberError(code={self.code!r}, message={self.message!r})"


@dataclass(frozen=True)
class IdNumber:
    """A checked ID number and what it says about its holder.

    Build one with :func:`parse_id_number`; the constructor itself does not
    validate. ``repr()`` shows only the masked number, so an ``IdNumber`` that
    ends up in a log does not leak the holder's number or birth date.

    Attributes:
        number: The canonical 18 characters (digits, possibly a final ``X``).
        birth_date: The birth date encoded in the number.
        gender: ``"male"`` (odd 17th digit) or ``"female"`` (even).
        kind: One of :data:`KINDS`: ``"resident"``, ``"permit_hk_mo"``,
            ``"permit_tw"`` or ``"foreign_permanent"``.
        upgraded_from_15: True if the input was an old 15-digit number.
    """

    number: str
    birth_date: date
    gender: str
    kind: str
    upgraded_from_15: bool = False

    def __repr__(self) -> str:
        """A log-safe representation: the masked number and the kind only."""
        return f"IdNumber({mask_id_number(self.number)!r}, kind={self.kind!r})"

    def __str__(self) -> str:
        """The canonical 18-character number."""
        return self.number

    @property
    def masked(self) -> str:
        """The number as a public notice may show it: ``110***********1234``."""
        return mask_id_number(self.number)

    @property
    def area_code(self) -> str:
        """The six-digit area code (for permits 810000, 820000 or 830000)."""
        return self.number[:6]

    @property
    def permit_region(self) -> str | None:
        """``"hong_kong"``, ``"macao"`` or ``"taiwan"`` for a residence permit, else None."""
        if self.kind not in (KIND_PERMIT_HK_MO, KIND_PERMIT_TW):
            return None
        return {"81": "hong_kong", "82": "macao", "83": "taiwan"}.get(self.number[:2])

    def age_on(self, day: date) -> int:
        """The age in full years on ``day``.

        The birthday counts as the day the age changes. Someone born on
        29 February becomes a year older on 1 March in a common year (on
        28 February they have not yet reached the birthday).

        Args:
            day: The day to compute the age for.

        Returns:
            The number of full years lived on ``day``.

        Raises:
            ValueError: If ``day`` is before the birth date.
        """
        born = self.birth_date
        if day < born:
            raise ValueError("day is before the birth date")
        years = day.year - born.year
        if (day.month, day.day) < (born.month, born.day):
            years -= 1
        return years


def normalise_id_number(raw: str) -> str:
    """Turn what was typed into plain ASCII without separators.

    Applies Unicode NFKC (full-width digits and ``Ｘ`` become ASCII, the
    ideographic space U+3000 becomes a space), then removes all whitespace
    (spaces, tabs, line breaks), all dashes and hyphens users type
    (Unicode category Pd and the minus sign) and invisible format characters
    such as a zero-width space or a byte-order mark (category Cf), and finally
    upper-cases letters (``x`` becomes ``X``). It does not check anything.

    Args:
        raw: The text as typed or sent by an ID-card reader.

    Returns:
        The cleaned text; may be empty or still invalid.
    """
    text = unicodedata.normalize("NFKC", raw)
    kept = [
        ch
        for ch in text
        if not ch.isspace()
        and ch not in _EXTRA_DASHES
        and unicodedata.category(ch) not in ("Pd", "Cf")
    ]
    return "".join(kept).upper()


def check_digit(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits.

    Args:
        first17: Exactly 17 ASCII digits.

    Returns:
        One of ``"0123456789X"``.

    Raises:
        ValueError: If ``first17`` is not 17 ASCII digits (a programming
            error, not a user message).
    """
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def _first_bad_char(text: str, *, allow_final_x: bool) -> int | None:
    """Index of the first character that is not allowed, or None."""
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch in _DIGITS:
            continue
        if allow_final_x and i == last and ch == "X":
            continue
        return i
    return None


def _chars_error(text: str, index: int, *, old: bool) -> IdNumberError:
    """The error for a bad character at ``index`` (0-based)."""
    position = index + 1
    char = text[index]
    if old:
        message = _(
            "an old 15-digit ID number has only digits; position {position} holds “{char}”"
        ).format(position=position, char=char)
    elif index == len(text) - 1:
        message = _(
            "the last character must be a digit or X; position {position} holds “{char}”"
        ).format(position=position, char=char)
    else:
        message = _("position {position} holds “{char}”, but only digits may stand there").format(
            position=position, char=char
        )
    return IdNumberError("chars", message, position=position, char=char)


def _is_old_foreign_card(text: str) -> bool:
    """True for the 2017 foreigner's card layout: 3 Latin letters + 12 digits."""
    return len(text) == 15 and all("A" <= ch <= "Z" for ch in text[:3]) and set(text[3:]) <= _DIGITS


def _birth_date(fragment: str, today: date) -> date:
    """Read and check an eight-digit YYYYMMDD birth date."""
    try:
        born = date(int(fragment[:4]), int(fragment[4:6]), int(fragment[6:8]))
    except ValueError:
        raise IdNumberError(
            "date", _("no such date {date}").format(date=fragment), date=fragment
        ) from None
    if born < _EARLIEST_BIRTH:
        raise IdNumberError(
            "too_early",
            _("birth date {date} is before 1900").format(date=fragment),
            date=fragment,
        )
    if born > today:
        raise IdNumberError(
            "future",
            _("birth date {date} is in the future").format(date=fragment),
            date=fragment,
        )
    return born


def _kind_of(number: str) -> str:
    """The kind of an 18-character number; raises the 'area' error if none fits."""
    prefix = number[:2]
    if number[0] == "9":
        province = number[1:3]
        if province not in MAINLAND_PREFIXES:
            raise IdNumberError(
                "area",
                _(
                    "a foreigner's permanent residence card starting with 9 must go on with "
                    "a province code, not {prefix}"
                ).format(prefix=province),
                prefix=province,
            )
        return KIND_FOREIGN_PERMANENT
    if prefix not in PROVINCE_PREFIXES:
        raise IdNumberError(
            "area",
            _("no province has the area code prefix {prefix}").format(prefix=prefix),
            prefix=prefix,
        )
    if prefix in ("81", "82"):
        return KIND_PERMIT_HK_MO
    if prefix == "83":
        return KIND_PERMIT_TW
    return KIND_RESIDENT


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumber:
    """Normalise, check and decode an ID number.

    Checks, in this order: something was given; the length is 18 (or 15 for
    an old number); only digits (and a final ``X`` on 18 characters); the
    area prefix names a province; the birth date exists, is not before 1900
    and not after ``today``; the check character is right. The first rule
    broken is reported. See the module docstring for the layout and for
    foreigners' cards.

    Args:
        raw: The number as typed (full-width digits, spaces, hyphens and a
            lower-case ``x`` are fine).
        today: The reference day for the "not in the future" rule;
            defaults to :meth:`datetime.date.today`.

    Returns:
        The decoded :class:`IdNumber`, always with an 18-character number.

    Raises:
        IdNumberError: With a ``code`` from :data:`ERROR_CODES` and a
            translated message saying exactly what is wrong.
    """
    if today is None:
        today = date.today()
    text = normalise_id_number(raw)
    if not text:
        raise IdNumberError("empty", _("no ID number was given"))

    if _is_old_foreign_card(text):
        raise IdNumberError(
            "foreign_card",
            _(
                "this looks like a foreigner's permanent residence card (2017 format), "
                "which is not an ID number; put it in the notes instead"
            ),
        )

    if len(text) == 15:
        bad = _first_bad_char(text, allow_final_x=False)
        if bad is not None:
            raise _chars_error(text, bad, old=True)
        if text[:2] not in MAINLAND_PREFIXES:
            raise IdNumberError(
                "area",
                _(
                    "an old 15-digit ID number must start with a mainland province code, "
                    "not {prefix}"
                ).format(prefix=text[:2]),
                prefix=text[:2],
            )
        born = _birth_date("19" + text[6:12], today)
        first17 = text[:6] + "19" + text[6:]
        number = first17 + check_digit(first17)
        return IdNumber(
            number=number,
            birth_date=born,
            gender=MALE if int(number[16]) % 2 else FEMALE,
            kind=KIND_RESIDENT,
            upgraded_from_15=True,
        )

    if len(text) != 18:
        count = len(text)
        raise IdNumberError(
            "length",
            ngettext(
                "an ID number has 18 characters (or 15 for an old one), "
                "but {count} character was given",
                "an ID number has 18 characters (or 15 for an old one), "
                "but {count} characters were given",
                count,
            ).format(count=count),
            count=count,
        )

    bad = _first_bad_char(text, allow_final_x=True)
    if bad is not None:
        raise _chars_error(text, bad, old=False)

    kind = _kind_of(text)
    born = _birth_date(text[6:14], today)
    expected = check_digit(text[:17])
    if text[17] != expected:
        raise IdNumberError(
            "checksum",
            _("check digit should be {expected}, not {digit}").format(
                expected=expected, digit=text[17]
            ),
            expected=expected,
            digit=text[17],
        )
    return IdNumber(
        number=text,
        birth_date=born,
        gender=MALE if int(text[16]) % 2 else FEMALE,
        kind=kind,
        upgraded_from_15=False,
    )


def is_valid_id_number(raw: str, *, today: date | None = None) -> bool:
    """True if :func:`parse_id_number` accepts ``raw``.

    Args:
        raw: The number as typed.
        today: The reference day for the "not in the future" rule.

    Returns:
        Whether the number is valid.
    """
    try:
        parse_id_number(raw, today=today)
    except IdNumberError:
        return False
    return True


def mask_id_number(number: str) -> str:
    """Mask an ID number for anything public: ``110***********1234``.

    The input is normalised first. A number of 15 characters or more keeps
    its first 3 and last 4 characters and shows one ``*`` per hidden
    character (18 characters: 3 + 11 stars + 4; an old 15-digit number:
    3 + 8 stars + 4). Anything shorter (a typo, a fragment) keeps only
    ``(len - 1) // 4`` characters at each end. Either way less than half of
    the characters and never more than 7 are shown; a string of 4 or fewer
    characters is all stars.

    Args:
        number: The ID number, canonical or as typed.

    Returns:
        The masked text, as long as the normalised input.
    """
    text = normalise_id_number(number)
    n = len(text)
    if n >= 15:
        head, tail = 3, 4
    else:
        head = tail = max(n - 1, 0) // 4
    hidden = n - head - tail
    return text[:head] + "*" * hidden + (text[n - tail :] if tail else "")
