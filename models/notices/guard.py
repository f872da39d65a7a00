"""The privacy guard of a public notice: what blocks it, what is told, the explicit override.

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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import LinliError, ValidationFailed
from models.notices.text import (
    KIND_ID,
    KIND_INVISIBLE,
    KIND_NAME,
    NameIndex,
    _chains,
    _is_han,
    _name_copy,
    _normalise,
    _number_hits,
    is_invisible,
)
from models.notices.values import NoticeValues, field_label
from models.residents.entities import Resident
from models.residents.idcard import mask_id_number
from models.residents.names import mask_name, mask_phone


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
