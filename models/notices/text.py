"""How the privacy guard reads a text: the normalised copy, digit chains, ID and mobile numbers, names.

The guard never scans the clerk's text as typed: it scans a normalised copy
(:func:`_normalise`: per character NFKC, every script's digits as ASCII,
white space folded, invisible characters dropped) that maps every character
back to the clerk's original. Numbers are read as digit chains
(:func:`_chains`); names are compared folded (:func:`name_key`,
:class:`NameIndex`). What is refused, and how it is told: :mod:`models.notices.guard`.

Never imports Qt or reports/.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from models.residents.idcard import IdNumberError, parse_id_number
from models.residents.names import MIDDLE_DOT, MIDDLE_DOT_LOOKALIKES

KIND_ID, KIND_MOBILE, KIND_NAME, KIND_INVISIBLE = "id_number", "mobile", "name", "invisible"


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
