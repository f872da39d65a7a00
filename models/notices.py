"""Bulletin-board notices (公示栏): the notice's fields, the privacy guard, the history.

A notice is composed from a template (see :mod:`reports.notices`) into
:class:`NoticeValues` — plain fields the clerk can adjust: title, body, one
optional table, closing text, contact for objections, issuer, date, posting
period. The same values, stored as JSON with the PDF, let a notice be found,
reopened and reprinted.

Before a public notice is saved or printed its *final* text is scanned
(:func:`scan_notice`): a full ID number, a mobile number or the full name of a
resident in the registry blocks it, with a finding that names the field and
the spot. A full name may be shown on purpose only with an explicit
:class:`NameOverride` (who, when, why), which is stored with the notice.

Decisions (the full rules, and what is not caught: docs/notices.md):

* The guard scans a *normalised copy* of each text (per character NFKC,
  every script's digits as ASCII, white space folded, invisible characters
  dropped) that maps every character back to the clerk's original, so a
  finding's position is in the text as typed.
* Invisible characters (Unicode Cf and Cc, zero-width, bidi controls, the
  BOM, U+180E, U+2060–2064, Hangul fillers) block outright.
* Numbers are read as *digit chains*: digits joined across any run of
  white space, dashes, dots, slashes, brackets, stars, underscores, tildes
  or bars. A chain of 11 digits or
  more is refused when it *contains* an ID number (18 characters, 17 digits
  and a digit or X, or 15 digits, that :mod:`models.residents.idcard` accepts or
  rejects only for its check digit) or a mobile (``1[3-9]`` and nine
  digits) — so +86 / 86 / 0086 before a mobile and extra digits around an
  ID number change nothing. A chain of nothing but dates (2026-01-30–2026-02-05,
  perhaps with a time's hour after it) is not searched for mobiles.
  Masked numbers (138****5678) never match.
* Names: every resident name of two characters or more (archived residents
  too), compared without white space and middle dots and folded from
  Traditional to Simplified (OpenCC t2s, character by character) on both
  sides. Masked names (张*明) never match. A name of three or more characters
  blocks anywhere; a two-character name blocks when it does not sit inside
  a longer run of Chinese characters; inside such a run (文明 in 建设文明社区)
  it is reported as a *possible* name that does not block — two-character
  names are also common words.

Never imports Qt or reports/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from i18n import N_, _, format_date
from models.core.base import Base, now_local
from models.core.errors import LinliError, NotFound, ValidationFailed
from models.core.listing import ListColumn
from models.residents.entities import Resident
from models.residents.idcard import IdNumberError, mask_id_number, parse_id_number
from models.residents.names import MIDDLE_DOT, MIDDLE_DOT_LOOKALIKES, mask_name, mask_phone
from models.safety.security import current_actor, require

#: A disclosure is posted for at least this many working days (Mon–Fri).
MIN_POSTING_WORKING_DAYS = 5

ACTION_SAVED, ACTION_PRINTED = "saved", "printed"
ACTION_LABELS = {ACTION_SAVED: N_("Saved"), ACTION_PRINTED: N_("Printed")}

MAX_TITLE = 200


# --------------------------------------------------------------------------- #
# Working days and the posting period
# --------------------------------------------------------------------------- #


def working_days_after(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day (Monday–Friday) from ``start``, counting ``start`` if it is one."""
    day, seen = start, 0
    while True:
        if day.weekday() < 5:
            seen += 1
            if seen >= count:
                return day
        day += dt.timedelta(days=1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end``, both included."""
    if end < start:
        return 0
    return sum(1 for i in range((end - start).days + 1) if (start + dt.timedelta(days=i)).weekday() < 5)


def default_posting_period(start: dt.date) -> tuple[dt.date, dt.date]:
    """From ``start`` for :data:`MIN_POSTING_WORKING_DAYS` working days."""
    return start, working_days_after(start, MIN_POSTING_WORKING_DAYS)


# --------------------------------------------------------------------------- #
# The notice's fields
# --------------------------------------------------------------------------- #

#: Field keys → labels the clerk sees (a table cell is "table:<row>:<col>").
FIELD_LABELS = {
    "title": N_("Notice title"),
    "subtitle": N_("Subtitle"),
    "notice_line": N_("Notice line"),
    "body": N_("Body"),
    "closing": N_("Closing text"),
    "contact": N_("Contact for objections"),
    "issuer": N_("Issued by"),
    "centre_name": N_("Centre name"),
    "table_header": N_("Table header"),
}


@dataclass
class NoticeValues:
    """Everything a notice prints, as plain fields (stored as JSON in the history).

    Attributes:
        template: The template key (``"general"``, ``"activity"``…).
        title: The title, printed large.
        subtitle: A centred line under the title (e.g. the week).
        notice_line: A heading under the title (e.g. "This activity is cancelled.").
        body: The body text; newlines are kept.
        table_header / table_rows: One optional table (header repeated on every page).
        col_widths / align: Relative column widths and per-column alignment.
        closing: Text after the table.
        contact: Where to ask or object (printed with the posting period).
        issuer: The issuing organisation, printed at the foot with the date.
        issue_date: The date at the foot, in the official style.
        posting_from / posting_to: The posting period (公示期) of a disclosure.
        disclosure: Whether the notice is a disclosure (needs a posting period).
        public: Whether it goes on the bulletin board (then it is scanned).
        large_type: Bigger type for elders.
        landscape: A4 landscape (wide tables).
    """

    template: str = "general"
    title: str = ""
    subtitle: str = ""
    notice_line: str = ""
    body: str = ""
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    col_widths: list[float] | None = None
    align: list[str] | None = None
    closing: str = ""
    contact: str = ""
    issuer: str = ""
    issue_date: dt.date = field(default_factory=dt.date.today)
    posting_from: dt.date | None = None
    posting_to: dt.date | None = None
    disclosure: bool = False
    public: bool = True
    large_type: bool = True
    landscape: bool = False

    def __repr__(self) -> str:  # the texts may hold personal data
        return f"<NoticeValues template={self.template!r}>"

    def texts(self) -> Iterable[tuple[str, str]]:
        """Every printed text with its field key, in reading order."""
        for key in ("title", "subtitle", "notice_line", "body"):
            yield key, getattr(self, key)
        if self.table_header:
            yield "table_header", "  ".join(self.table_header)
        for r, row in enumerate(self.table_rows, start=1):
            for c, cell in enumerate(row, start=1):
                yield f"table:{r}:{c}", "" if cell is None else str(cell)
        for key in ("closing", "contact", "issuer"):
            yield key, getattr(self, key)

    def to_json(self) -> str:
        data = asdict(self)
        for key in ("issue_date", "posting_from", "posting_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> NoticeValues:
        data = json.loads(text)
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in data.items() if k in known}
        for key in ("issue_date", "posting_from", "posting_to"):
            if data.get(key):
                data[key] = dt.date.fromisoformat(data[key])
        if data.get("issue_date") is None:
            data.pop("issue_date", None)
        return cls(**data)


def field_label(key: str) -> str:
    """The field as the clerk reads it: "Title", "Table, row 3, column 2"."""
    if key.startswith("table:"):
        _t, row, col = key.split(":")
        return _("Table, row {row}, column {col}").format(row=row, col=col)
    return _(FIELD_LABELS.get(key, key))


def validate_notice(values: NoticeValues) -> None:
    """Refuse a notice that cannot be posted: no title, a bad posting period.

    Raises:
        ValidationFailed: field → message.
    """
    errors: dict[str, str] = {}
    if not values.title.strip():
        errors["title"] = _("Enter the title.")
    elif len(values.title) > MAX_TITLE:
        errors["title"] = _("A title has at most {max} characters.").format(max=MAX_TITLE)
    if values.disclosure:
        start, end = values.posting_from, values.posting_to
        if start is None or end is None:
            errors["posting"] = _("A disclosure needs its posting period (from and to).")
        elif end < start:
            errors["posting"] = _("The posting period ends before it starts.")
        elif working_days_between(start, end) < MIN_POSTING_WORKING_DAYS:
            errors["posting"] = _(
                "A disclosure is posted for at least {n} working days ({start} to {end} has {got})."
            ).format(n=MIN_POSTING_WORKING_DAYS, start=format_date(start), end=format_date(end),
                     got=working_days_between(start, end))
        if not values.contact.strip():
            errors["contact"] = _("A disclosure says where to ask or object during the posting period: "
                                  "enter the contact.")
    width = len(values.table_header)
    for r, row in enumerate(values.table_rows, start=1):
        if width and len(row) != width:
            errors["table"] = _("Table row {row} has {got} cells; the header has {want}.").format(
                row=r, got=len(row), want=width)
            break
    if errors:
        raise ValidationFailed(errors)


# --------------------------------------------------------------------------- #
# The privacy guard
# --------------------------------------------------------------------------- #

KIND_ID, KIND_MOBILE, KIND_NAME, KIND_INVISIBLE = "id_number", "mobile", "name", "invisible"


@dataclass(frozen=True)
class Finding:
    """Personal data (or a hidden character) found in a notice's text.

    Attributes:
        field: The field key (see :func:`field_label`).
        kind: ``"id_number"``, ``"mobile"``, ``"name"`` or ``"invisible"``.
        start / end: Character positions in the field's *original* text (the
            clerk's, before any normalising), so a cursor can be put on them.
        found: What was found (for a name: the registered name, to match an
            override; for an invisible character: its code points).
        blocks: False for a *possible* name (a two-character name inside a
            longer run of Chinese characters): shown, not blocking.
        message: The translated message; it shows the spot masked, never the
            full number.
    """

    field: str
    kind: str
    start: int
    end: int
    found: str = field(repr=False)
    blocks: bool = True
    message: str = field(default="", repr=False)


class PrivacyBlocked(LinliError):
    """A public notice holds personal data; nothing was saved or printed.

    Attributes:
        findings: The blocking findings, in reading order.
    """

    def __init__(self, findings: Sequence[Finding]):
        self.findings = list(findings)
        lines = [f.message for f in self.findings]
        super().__init__(
            _("This public notice shows personal data; fix it before saving or printing:") + "\n" + "\n".join(lines)
        )


# --- normalising -------------------------------------------------------------------------------------
#
# The guard never scans the clerk's text as typed: it scans a normalised copy
# (:func:`_normalise`) that remembers, for every character, where it came
# from. Numbers are then read as *digit chains* (:func:`_chains`): digits with
# any run of separators between them joined into one number.

#: Invisible characters refused in public text besides every Unicode Cf
#: (format) character: the Mongolian vowel separator, the word joiner and the
#: invisible operators, the byte-order mark, zero-width space/joiners, the
#: left/right marks, the Hangul fillers and the combining grapheme joiner.
_INVISIBLE_EXTRA = frozenset(
    "\u180e\u2060\u2061\u2062\u2063\u2064\ufeff\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
    "\u3164\u115f\u1160\uffa0\u034f"
)

#: Dashes that are not in Unicode category Pd (which covers U+2010–2015,
#: U+FE58, U+FE63, U+FF0D and the rest): the minus signs, the hyphen bullet,
#: box-drawing lines and the katakana prolonged sound mark. Not 一 (U+4E00):
#: it is the numeral one.
_EXTRA_DASHES = frozenset("\u2212\u2043\u02d7\u2796\u2500\u2501\u23af\u30fc\uff70\u2e3a\u2e3b")
#: Dots between digits (the middle dot and its look-alikes are folded to U+00B7 first).
_DOTS = frozenset(".\u3002\u00b7\u30fb\uff0e\uff61\u2024\u2027\u2022\u2219\u22c5\ufe52")
_SLASHES = frozenset("/\\\u2044\u2215\u29f8\u29f9\uff0f\uff3c")
#: Also between digits: stars, underscores, tildes and bars (138*0013*8000 shows
#: the whole number; a masked one, 138****5678, keeps too few digits to match).
_OTHER_SEPS = frozenset("*\uff0a\u2217_\uff3f~\uff5e|\uff5c\u00a6")

_DIGIT_CHARS = frozenset("0123456789")
_HOUR_AFTER = re.compile(r"[:：][0-9]{2}")


def is_invisible(ch: str) -> bool:
    """A character that prints as nothing: refused in public text (format and control characters)."""
    return ch in _INVISIBLE_EXTRA or unicodedata.category(ch) in ("Cf", "Cc")


_SEP_CACHE: dict[str, bool] = {}


def _is_sep(ch: str) -> bool:
    """A separator that joins the digits on either side into one number."""
    hit = _SEP_CACHE.get(ch)
    if hit is None:
        hit = (ch.isspace() or ch in _EXTRA_DASHES or ch in _DOTS or ch in _SLASHES or ch in _OTHER_SEPS
               or unicodedata.category(ch) in ("Pd", "Ps", "Pe"))
        _SEP_CACHE[ch] = hit
    return hit


_SPACE, _HIDDEN, _DROP = " ", "", "\x00"
#: Per character: " " for white space, "" for an invisible character, NUL for
#: a combining mark, else what it scans as.
_CHAR_CACHE: dict[str, str] = {}


def _scan_form(ch: str) -> str:
    out = _CHAR_CACHE.get(ch)
    if out is not None:
        return out
    if ch.isspace():
        out = _SPACE
    elif is_invisible(ch):
        out = _HIDDEN
    elif ch in MIDDLE_DOT_LOOKALIKES:
        out = MIDDLE_DOT
    elif unicodedata.category(ch)[0] == "M":
        # Combining marks and variation selectors print on the character before
        # them (a rare ideograph needs its selector): kept in the text, left out
        # of the copy, so that 1\ufe0f3\u0332 8 is still one number.
        out = _DROP
    else:
        chars = []
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace():
                c = " "
            elif is_invisible(c):
                continue
            elif c in MIDDLE_DOT_LOOKALIKES:
                c = MIDDLE_DOT
            elif unicodedata.category(c)[0] == "M":
                continue
            elif c not in _DIGIT_CHARS and unicodedata.decimal(c, None) is not None:
                c = str(unicodedata.decimal(c))  # other scripts' digits (٣, ३…) count as digits
            chars.append(c)
        out = "".join(chars)  # empty: its NFKC form is invisible, and so is it
    if len(_CHAR_CACHE) < 50_000:
        _CHAR_CACHE[ch] = out
    return out


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """The scanned copy of ``text``: per character NFKC (full-width and other
    scripts' digits become ASCII, compatibility ideographs the unified ones),
    the middle dot's look-alikes folded to U+00B7, every kind of white space
    folded to one space, invisible characters (reported) and combining marks
    (not reported) dropped.

    Returns:
        (copy, source, invisible): ``source[k]`` is the index in ``text`` that
        ``copy[k]`` came from; ``invisible`` the indexes of dropped invisible characters.
    """
    out: list[str] = []
    src: list[int] = []
    hidden: list[int] = []
    form = _scan_form
    for j, ch in enumerate(text):
        c = form(ch)
        if len(c) == 1:
            if c == _DROP:
                continue
            out.append(c)
            src.append(j)
        elif not c:
            hidden.append(j)
        else:
            out.append(c)
            src.extend([j] * len(c))
    return "".join(out), src, hidden


@dataclass
class _Chain:
    """Digits joined across separators: the joined digits and where each came from (indexes in the copy)."""

    digits: str
    at: list[int]
    dates_only: bool


def _is_date(y: str, m: str, d: str) -> bool:
    if len(y) != 4 or not 1 <= len(m) <= 2 or not 1 <= len(d) <= 2 or y[:2] not in ("19", "20"):
        return False
    try:
        dt.date(int(y), int(m), int(d))
    except ValueError:
        return False
    return True


def _only_dates(groups: list[str], seps: list[str], hour_follows: bool) -> bool:
    """Whether a chain is nothing but dates (2026-11-13–2026-11-19), perhaps ending in a time's hour."""
    if hour_follows and len(groups) > 3 and len(groups[-1]) <= 2:
        groups, seps = groups[:-1], seps[:-1]
    if not groups or len(groups) % 3:
        return False
    for k in range(0, len(groups), 3):
        a, b = seps[k].strip(), seps[k + 1].strip()  # seps[k]: between groups k and k+1
        if len(a) != 1 or a != b or a.isspace() or not _is_date(*groups[k : k + 3]):
            return False
    return True


def _is_check_x(copy: str, j: int) -> bool:
    """An X or x after a digit may be an ID number's check character (whatever follows it)."""
    return copy[j] in "Xx"


def _chains(copy: str) -> Iterable[_Chain]:
    """Every digit chain of 11 digits or more in the normalised copy.

    A chain is digits with any run of separators (white space, dashes,
    dots, slashes, brackets, stars, underscores, tildes, bars) between them, and an X or x after a digit
    (the check character of an ID number).
    """
    i, n = 0, len(copy)
    while i < n:
        if copy[i] not in _DIGIT_CHARS:
            i += 1
            continue
        digits: list[str] = []
        at: list[int] = []
        groups: list[str] = [""]
        seps: list[str] = []
        j = i
        while True:
            while j < n and (copy[j] in _DIGIT_CHARS or _is_check_x(copy, j)):
                digits.append(copy[j].upper())
                at.append(j)
                groups[-1] += copy[j]
                j += 1
            k = j
            while k < n and _is_sep(copy[k]):
                k += 1
            if k > j and k < n and (copy[k] in _DIGIT_CHARS or _is_check_x(copy, k)):
                seps.append(copy[j:k])
                groups.append("")
                j = k
                continue
            break
        i = max(j, i + 1)
        if len(digits) >= 11:
            hour = bool(_HOUR_AFTER.match(copy, j))
            yield _Chain("".join(digits), at, _only_dates(groups, seps, hour))


def _is_id(window: str, today: dt.date | None) -> bool:
    try:
        parse_id_number(window, today=today)
    except IdNumberError as exc:
        return exc.code == "checksum"  # a mistyped ID number is still someone's
    return True


def _number_hits(chain: _Chain, today: dt.date | None) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, digits) of every ID number and mobile inside a chain (indexes into the chain)."""
    d = chain.digits
    hits: list[tuple[str, int, int, str]] = []
    i = 0
    while i + 15 <= len(d):
        w18 = d[i : i + 18]
        if len(w18) == 18 and w18[:17].isdigit() and _is_id(w18, today):
            hits.append((KIND_ID, i, i + 18, w18))
            i += 18
            continue
        w15 = d[i : i + 15]
        if w15.isdigit() and _is_id(w15, today):
            hits.append((KIND_ID, i, i + 15, w15))
            i += 15
            continue
        i += 1
    if chain.dates_only:
        return hits
    taken = [(a, b) for _k, a, b, _w in hits]
    i = 0
    while i + 11 <= len(d):
        w = d[i : i + 11]
        if w[0] == "1" and w[1] in "3456789" and w.isdigit() and not any(a < i + 11 and i < b for a, b in taken):
            hits.append((KIND_MOBILE, i, i + 11, w))
            i += 11
            continue
        i += 1
    return hits


# --- names -------------------------------------------------------------------------------------------

_T2S = None


def _t2s_char(ch: str) -> str:
    """Traditional → Simplified for one character (OpenCC's t2s), the character itself if it is not Chinese."""
    global _T2S
    out = _T2S_CACHE.get(ch)
    if out is None:
        out = ch
        if ord(ch) >= 0x2E80:
            if _T2S is None:
                import opencc

                _T2S = opencc.OpenCC("t2s")
            conv = _T2S.convert(ch)
            out = conv if len(conv) == 1 else ch
        _T2S_CACHE[ch] = out
    return out


_T2S_CACHE: dict[str, str] = {}


def _name_copy(copy: str, src: list[int]) -> tuple[str, list[int]]:
    """The copy names are matched in: no white space, no middle dots, Traditional folded to Simplified."""
    out: list[str] = []
    at: list[int] = []
    for k, ch in enumerate(copy):
        if ch == " " or ch == MIDDLE_DOT:
            continue
        out.append(_t2s_char(ch))
        at.append(src[k])
    return "".join(out), at


_NAME_KEYS: dict[str, str] = {}


def name_key(name: str) -> str:
    """A name as the guard compares it (:func:`_normalise`, then :func:`_name_copy`).

    Remembered per name in the process (the registry's names, folded once,
    not on every preview keystroke).
    """
    key = _NAME_KEYS.get(name)
    if key is None:
        copy, src, _hidden = _normalise(name)
        key = _name_copy(copy, src)[0]
        if len(_NAME_KEYS) < 200_000:
            _NAME_KEYS[name] = key
    return key


class NameIndex:
    """Residents' names folded once per check: key → the registered name, by key length."""

    def __init__(self, names: Iterable[str]):
        self.by_len: dict[int, dict[str, str]] = {}
        for name in names:
            key = name_key(name)
            if len(key) >= 2:
                self.by_len.setdefault(len(key), {}).setdefault(key, name)
        self.lengths = sorted(self.by_len, reverse=True)

    @classmethod
    def coerce(cls, names: NameIndex | dict[int, set[str]] | Iterable[str]) -> NameIndex:
        if isinstance(names, NameIndex):
            return names
        if isinstance(names, dict):
            return cls(n for group in names.values() for n in group)
        return cls(names)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ord(ch) >= 0x20000


# --- messages ----------------------------------------------------------------------------------------


def _visible(ch: str) -> str:
    if ch == "\n":
        return " "
    if is_invisible(ch):
        return f"<U+{ord(ch):04X}>"
    return ch


def _snippet(text: str, start: int, end: int, shown: str, *, mask_digits: bool = False) -> str:
    before = "".join(_visible(c) for c in text[max(0, start - 8) : start])
    after = "".join(_visible(c) for c in text[end : end + 8])
    if mask_digits:  # never a neighbouring number in full either
        before = re.sub(r"[0-9０-９]", "*", before)
        after = re.sub(r"[0-9０-９]", "*", after)
    return f"…{before}[{shown}]{after}…"


def _where(label: str, text: str, pos: int) -> str:
    """Field and spot in the clerk's text: "Body, at character 12", or with the line for a text of several lines."""
    if "\n" not in text:
        return _("{field}, at character {pos}").format(field=label, pos=pos + 1)
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return _("{field}, line {line}, character {col}").format(field=label, line=line, col=col)


def resident_names(session: Session) -> dict[int, set[str]]:
    """Every resident name of two characters or more, grouped by length (one query)."""
    by_len: dict[int, set[str]] = {}
    for (name,) in session.execute(select(Resident.name).distinct()):
        if name and len(name) >= 2:
            by_len.setdefault(len(name), set()).add(name)
    return by_len


def scan_text(
    field_key: str,
    text: str,
    names: NameIndex | dict[int, set[str]],
    *,
    today: dt.date | None = None,
    label: str | None = None,
) -> list[Finding]:
    """The personal data and hidden characters in one field's text (rules: module docstring, docs/notices.md)."""
    findings: list[Finding] = []
    if not text:
        return findings
    index = NameIndex.coerce(names)
    where = label or field_label(field_key)
    copy, src, hidden = _normalise(text)
    # Invisible characters: one finding per run.
    k = 0
    while k < len(hidden):
        first = last = hidden[k]
        while k + 1 < len(hidden) and hidden[k + 1] == last + 1:
            k += 1
            last = hidden[k]
        codes = " ".join(f"U+{ord(c):04X}" for c in text[first : last + 1])
        findings.append(Finding(
            field_key, KIND_INVISIBLE, first, last + 1, codes,
            message=_("{where}: an invisible character ({codes}) {snippet}. Delete it: a public notice "
                      "carries no hidden characters.").format(
                where=_where(where, text, first), codes=codes, snippet=_snippet(text, first, last + 1, "?"))))
        k += 1
    # Numbers.
    for chain in _chains(copy):
        for kind, a, b, digits in _number_hits(chain, today):
            start, end = src[chain.at[a]], src[chain.at[b - 1]] + 1
            if kind == KIND_ID:
                message = _("{where}: an ID number {snippet}. A notice never shows ID numbers.")
                shown = mask_id_number(digits)
            else:
                message = _("{where}: a mobile number {snippet}. Mask it (138****5678).")
                shown = mask_phone(digits)
            findings.append(Finding(field_key, kind, start, end, digits, message=message.format(
                where=_where(where, text, start), snippet=_snippet(text, start, end, shown, mask_digits=True))))
    # Names.
    if index.lengths:
        folded, at = _name_copy(copy, src)
        i, n = 0, len(folded)
        while i < n:
            hit = ""
            for length in index.lengths:
                if i + length <= n:
                    hit = index.by_len[length].get(folded[i : i + length], "")
                    if hit:
                        key_len = length
                        break
            if not hit:
                i += 1
                continue
            start, end = at[i], at[i + key_len - 1] + 1
            inside = key_len == 2 and i > 0 and i + 2 < n and _is_han(folded[i - 1]) and _is_han(folded[i + 2])
            snippet = _snippet(text, start, end, "".join(_visible(c) for c in text[start:end]))
            if inside:
                message = _("{where}: {snippet} may be a resident's name (or an ordinary word).")
            else:
                message = _("{where}: the full name of a resident {snippet}. Mask it ({masked}) "
                            "or show it on purpose with a reason.")
            findings.append(Finding(
                field_key, KIND_NAME, start, end, hit, blocks=not inside,
                message=message.format(where=_where(where, text, start), snippet=snippet, masked=mask_name(hit))))
            i += key_len
    findings.sort(key=lambda f: f.start)
    return findings


def _row_item(values: NoticeValues, r: int, index: NameIndex, today: dt.date | None,
              seen: dict[int, str]) -> str:
    """A table row's label (its first cell) if it is a short one with nothing personal in it, else ""."""
    if r not in seen:
        row = values.table_rows[r - 1]
        item = "" if not row or row[0] is None else str(row[0]).strip()
        if len(item) > 20 or scan_text("table_label", item, index, today=today):
            item = ""
        seen[r] = item
    return seen[r]


def scan_notice(session: Session, values: NoticeValues, *, today: dt.date | None = None) -> list[Finding]:
    """Scan every printed text of ``values`` (names loaded and folded once per scan).

    A table cell is named with its row's label when the first cell is one
    ("Table, row 2 (Place), column 2").
    """
    index = NameIndex.coerce(resident_names(session))
    out: list[Finding] = []
    items: dict[int, str] = {}
    for key, text in values.texts():
        if not text:
            continue
        found = scan_text(key, text, index, today=today)
        if found and key.startswith("table:") and not key.endswith(":1"):
            _t, r, c = key.split(":")
            item = _row_item(values, int(r), index, today, items)
            if item:
                label = _("Table, row {row} ({item}), column {col}").format(row=r, item=item, col=c)
                found = scan_text(key, text, index, today=today, label=label)
        out.extend(found)
    return out


@dataclass
class NameOverride:
    """The clerk's explicit choice to show full names, and why."""

    reason: str
    names: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<NameOverride names={len(self.names)}>"


def check_privacy(
    session: Session, values: NoticeValues, override: NameOverride | None = None, *, today: dt.date | None = None
) -> list[Finding]:
    """Refuse a public notice that shows personal data; return the non-blocking findings.

    ID numbers and mobile numbers always block. Full names block unless
    ``override`` lists them with a reason.

    Raises:
        PrivacyBlocked: with the blocking findings.
        ValidationFailed: an override without a reason.
    """
    if not values.public:
        return []
    findings = scan_notice(session, values, today=today)
    if override is not None and not override.reason.strip():
        raise ValidationFailed({"override": _("Say why the full names are shown.")})
    allowed = set(override.names) if override else set()
    blocking = [f for f in findings if f.blocks and not (f.kind == KIND_NAME and f.found in allowed)]
    if blocking:
        raise PrivacyBlocked(blocking)
    return [f for f in findings if not f.blocks]


# --------------------------------------------------------------------------- #
# The history
# --------------------------------------------------------------------------- #


class Notice(Base):
    """One saved or printed notice: its fields, the PDF itself, who and when.

    A reprint from the history is recorded as a new row pointing at the
    original (``reprint_of_id``).
    """

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    fields_json: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    action: Mapped[str] = mapped_column(String(10))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer, default=1)
    posting_from: Mapped[dt.date | None] = mapped_column(Date)
    posting_to: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    full_names_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    override_names_json: Mapped[str] = mapped_column(Text, default="[]")
    reprint_of_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id"))

    __table_args__ = (
        Index("ix_notice_created_at", "created_at"),
        Index("ix_notice_template_created_at", "template", "created_at"),
    )

    def __repr__(self) -> str:
        return f"<Notice id={self.id} template={self.template!r}>"


def record_notice(
    session: Session,
    values: NoticeValues,
    pdf: bytes,
    *,
    pages: int = 1,
    action: str = ACTION_SAVED,
    override: NameOverride | None = None,
    today: dt.date | None = None,
) -> Notice:
    """Check and record a saved or printed notice (in the caller's transaction).

    Raises:
        PermissionDenied: the actor may not make notices.
        ValidationFailed: a missing title, a short posting period, an override without a reason.
        PrivacyBlocked: a public notice shows personal data.
    """
    require("notices.create")
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown action {action!r}")
    validate_notice(values)
    check_privacy(session, values, override, today=today)
    shown = sorted(set(override.names)) if override and override.names else []
    notice = Notice(
        template=values.template,
        title=values.title.strip(),
        fields_json=values.to_json(),
        public=values.public,
        action=action,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        pages=pages,
        posting_from=values.posting_from if values.disclosure else None,
        posting_to=values.posting_to if values.disclosure else None,
        created_at=now_local(),
        created_by=current_actor().username,
        full_names_shown=bool(shown),
        override_reason=override.reason.strip() if shown and override else "",
        override_names_json=json.dumps(shown, ensure_ascii=False),
    )
    session.add(notice)
    session.flush()
    _audit(session, notice)
    return notice


#: The audit action of each history action (a saved PDF is an export).
_AUDIT_ACTIONS = {ACTION_SAVED: "export", ACTION_PRINTED: "print"}


def _audit(session: Session, notice: Notice) -> None:
    """One audit entry per saved, printed or reprinted notice (template and pages only: no text)."""
    from models.safety.audit import record

    summary = f"notice {notice.template}, {notice.pages} page(s)"
    if notice.reprint_of_id:
        summary += f", reprint of {notice.reprint_of_id}"
    if notice.full_names_shown:
        summary += ", full names shown on purpose"
    record(session, _AUDIT_ACTIONS[notice.action], table="notice", record_id=notice.id, summary=summary)


def record_reprint(session: Session, notice_id: int) -> Notice:
    """Record that a notice from the history was printed again (same PDF)."""
    require("notices.create")
    original = session.get(Notice, notice_id)
    if original is None:
        raise NotFound(_("Notice {id} does not exist.").format(id=notice_id))
    copy = Notice(
        template=original.template, title=original.title, fields_json=original.fields_json,
        public=original.public, action=ACTION_PRINTED, pdf=original.pdf, pdf_sha256=original.pdf_sha256,
        pages=original.pages, posting_from=original.posting_from, posting_to=original.posting_to,
        created_at=now_local(), created_by=current_actor().username,
        full_names_shown=original.full_names_shown, override_reason=original.override_reason,
        override_names_json=original.override_names_json, reprint_of_id=original.reprint_of_id or original.id,
    )
    session.add(copy)
    session.flush()
    _audit(session, copy)
    return copy


@dataclass
class NoticeRecord:
    """A history row as plain data (the PDF loaded only on demand)."""

    id: int
    template: str
    title: str
    action: str
    created_at: dt.datetime
    created_by: str
    posting_from: dt.date | None
    posting_to: dt.date | None
    full_names_shown: bool
    override_reason: str
    reprint_of_id: int | None

    def posting_ended(self, today: dt.date) -> bool:
        return self.posting_to is not None and self.posting_to < today


def notice_values(session: Session, notice_id: int) -> NoticeValues:
    """The stored fields of a notice, to reopen it in the composer."""
    row = session.get(Notice, notice_id)
    if row is None:
        raise NotFound(_("Notice {id} does not exist.").format(id=notice_id))
    return NoticeValues.from_json(row.fields_json)


def notice_pdf(session: Session, notice_id: int) -> bytes:
    """The PDF exactly as it was saved or printed."""
    pdf = session.scalar(select(Notice.pdf).where(Notice.id == notice_id))
    if pdf is None:
        raise NotFound(_("Notice {id} does not exist.").format(id=notice_id))
    return pdf


_HISTORY_COLS = (Notice.id, Notice.template, Notice.title, Notice.action, Notice.created_at, Notice.created_by,
                 Notice.posting_from, Notice.posting_to, Notice.full_names_shown, Notice.override_reason,
                 Notice.reprint_of_id)


def history(session: Session, *, text: str = "", limit: int = 200, offset: int = 0) -> list[NoticeRecord]:
    """The newest notices first, optionally those whose title holds ``text``."""
    q = select(*_HISTORY_COLS).order_by(Notice.created_at.desc(), Notice.id.desc())
    if text.strip():
        q = q.where(Notice.title.contains(text.strip(), autoescape=True))
    return [NoticeRecord(*row) for row in session.execute(q.limit(limit).offset(offset))]


def history_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Notice)) or 0


class NoticeHistorySource:
    """The history for :class:`ui.common.lazy_model.LazyTableModel`: filtered and sorted in SQL."""

    columns = (
        ListColumn("created_at", N_("When")),
        ListColumn("title", N_("Title")),
        ListColumn("template", N_("Template")),
        ListColumn("action", N_("Action"), sortable=False),
        ListColumn("created_by", N_("By")),
        ListColumn("posting_to", N_("Posting period")),
    )
    _SORT = {"created_at": Notice.created_at, "title": Notice.title, "template": Notice.template,
             "created_by": Notice.created_by, "posting_to": Notice.posting_to}

    def __init__(self, template_labels: dict[str, str] | None = None, today: dt.date | None = None):
        self.template_labels = template_labels or {}
        self.today = today

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        column = self._SORT.get(sort_key or "created_at", Notice.created_at)
        order = column.desc() if descending else column.asc()
        q = select(Notice.id).order_by(order, Notice.id.desc())
        if filter_text.strip():
            q = q.where(Notice.title.contains(filter_text.strip(), autoescape=True))
        return list(session.scalars(q))

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        today = self.today or dt.date.today()
        out: dict[int, tuple[str, ...]] = {}
        for rec in (NoticeRecord(*r) for r in session.execute(select(*_HISTORY_COLS).where(Notice.id.in_(ids)))):
            posting = ""
            if rec.posting_from and rec.posting_to:
                posting = f"{format_date(rec.posting_from, 'short')} – {format_date(rec.posting_to, 'short')}"
                if rec.posting_ended(today):
                    posting += " " + _("(ended)")
            action = _(ACTION_LABELS.get(rec.action, rec.action))
            if rec.reprint_of_id:
                action = _("Reprinted")
            if rec.full_names_shown:
                action += " · " + _("full names")
            label = self.template_labels.get(rec.template, rec.template)
            out[rec.id] = (rec.created_at.strftime("%Y-%m-%d %H:%M"), rec.title, _(label), action,
                           rec.created_by, posting)
        return out


def override_names(session: Session, notice_id: int) -> list[str]:
    row = session.get(Notice, notice_id)
    return json.loads(row.override_names_json) if row else []


__all__ = [
    "ACTION_PRINTED",
    "ACTION_SAVED",
    "Finding",
    "NameIndex",
    "NameOverride",
    "Notice",
    "NoticeHistorySource",
    "NoticeRecord",
    "NoticeValues",
    "PrivacyBlocked",
    "check_privacy",
    "default_posting_period",
    "field_label",
    "history",
    "is_invisible",
    "name_key",
    "notice_pdf",
    "notice_values",
    "record_notice",
    "record_reprint",
    "scan_notice",
    "scan_text",
    "validate_notice",
    "working_days_after",
    "working_days_between",
]



# --------------------------------------------------------------------------- #
# Where a template's data comes from
# --------------------------------------------------------------------------- #


def fetch_source(session: Session, kind: str, text: str, *, today: dt.date | None = None):  # noqa: ANN201
    """The domain data a template fills itself from, picked by what the clerk typed.

    Args:
        kind: ``"activity"`` (its number), ``"week"`` (2026-W48), ``"month"``
            (2026-11) or ``"quarter"`` (2026Q4).
        text: What the clerk typed.

    Returns:
        An ``ActivityRow``; ``(monday, [MenuEntry])``; a ``Reconciliation``; a
        ``DisclosureData`` posted from ``today`` for 5 working days.

    Raises:
        LinliError: the text does not name existing data (the message says why).
    """
    today = today or dt.date.today()
    text = (text or "").strip()
    if kind == "activity":
        from models.activities import activity_row

        if not text.isdigit():
            raise ValidationFailed({"source": _("Type the activity's number.")})
        return activity_row(session, int(text))
    if kind == "week":
        from models.meals import parse_week, week_menu

        monday = parse_week(text)
        return monday, week_menu(session, monday)
    if kind == "month":
        from models.meals import parse_month, reconcile_month

        try:
            year, month = parse_month(text)
        except ValueError as exc:
            raise ValidationFailed({"source": str(exc)}) from exc
        return reconcile_month(session, year, month)
    if kind == "quarter":
        from models.party.dues import disclosure_data, parse_quarter

        try:
            year, quarter = parse_quarter(text)
        except ValueError as exc:
            raise ValidationFailed({"source": str(exc)}) from exc
        return disclosure_data(session, year, quarter, post_from=today)
    raise ValueError(f"unknown source kind {kind!r}")


def read_table_xlsx(path: str) -> tuple[list[str], list[list[str]]]:
    """The first sheet of a small .xlsx as (header row, rows) of text; empty rows skipped.

    Read by :func:`models.core.importer.read_xlsx_rows` (streamed, within the
    import's size and row caps).

    Raises:
        LinliError: the file cannot be read, is too big, holds a formula
            without a value, or has no header row.
    """
    from pathlib import Path

    from models.core.importer import FormulaWithoutValue, formula_problem, read_xlsx_rows

    raw = read_xlsx_rows(Path(path))
    for row in raw:
        for v in row:
            if isinstance(v, FormulaWithoutValue):
                raise LinliError(formula_problem(v.ref))
    rows = [["" if v is None else (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)).strip()
             for v in row] for row in raw]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise LinliError(_("{path} has no rows.").format(path=path))
    width = max(len(r) for r in rows)
    while width and not any(len(r) >= width and r[width - 1] for r in rows):
        width -= 1
    rows = [(r + [""] * width)[:width] for r in rows]
    if len(rows) > 2000:
        raise LinliError(_("At most 2000 rows in a notice's table."))
    return rows[0], rows[1:]
