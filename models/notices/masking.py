"""One-click 脱敏: the privacy guard's findings replaced by their masked form in the clerk's own text.

The guard (:mod:`models.notices.guard`) finds ID numbers, mobile numbers, full
names and invisible characters on a normalised copy and maps each finding
back to a span of the text as typed. :func:`mask_findings` replaces exactly
those spans — the spaces, stars or line breaks inside a number included —
and leaves every other character as it was (𠮷, ·, punctuation, the line
breaks between paragraphs). :func:`mask_text` scans one field and masks it.

The masked forms are the project's one masking rule, never a second one:

* an ID number: :func:`models.residents.idcard.mask_id_number` of the number
  found (110***********1234);
* a mobile: :func:`models.residents.names.mask_phone` (138****5678);
* a full name: :func:`models.residents.names.mask_name` applied to the name
  *as the clerk typed it* (a Traditional 張三明 becomes 張*明, not 张*明; a
  rare character such as 𠮷 is kept whole, with a variation selector that
  follows it); white space inside the name is dropped with the masked part;
* an invisible character: deleted (it prints as nothing and blocks anyway).

A *possible* name (a two-character name inside a longer run of Chinese
characters, which does not block) is left alone, as are the names the clerk
chose to show on purpose (``keep_names``). Pure: no Session, no Qt.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from models.notices.guard import Finding, scan_text
from models.notices.text import (
    KIND_ID,
    KIND_INVISIBLE,
    KIND_MOBILE,
    KIND_NAME,
    NameIndex,
    is_invisible,
)
from models.residents.idcard import mask_id_number
from models.residents.names import MIDDLE_DOT, MIDDLE_DOT_LOOKALIKES, mask_name, mask_phone

__all__ = ["MaskChange", "MaskedText", "mask_findings", "mask_text", "masked_form"]


@dataclass(frozen=True)
class MaskChange:
    """One replacement.

    Attributes:
        field: The field key (as in :class:`~models.notices.guard.Finding`).
        kind: ``"id_number"``, ``"mobile"``, ``"name"`` or ``"invisible"``.
        start / end: The span replaced, in the *original* text (code points).
        masked: What replaced it ("" for an invisible character).
        original: What was there (personal data: never shown, never logged).
    """

    field: str
    kind: str
    start: int
    end: int
    masked: str
    original: str = field(repr=False, default="")


@dataclass(frozen=True)
class MaskedText:
    """The field's new text and what changed (in reading order)."""

    text: str
    changes: list[MaskChange]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _mask_typed_name(span: str) -> str:
    """:func:`mask_name` on the name as typed: its characters kept where the rule keeps them.

    White space and invisible characters inside the span are dropped; a
    combining mark or variation selector stays with the character before it.
    """
    units: list[list[str]] = []  # [base, marks…]
    for ch in span:
        if ch.isspace() or is_invisible(ch):
            continue
        if unicodedata.category(ch)[0] == "M" and units:
            units[-1].append(ch)
            continue
        units.append([ch])
    bases = "".join(MIDDLE_DOT if u[0] in MIDDLE_DOT_LOOKALIKES else u[0] for u in units)
    if bases.isascii():
        return mask_name(" ".join(span.split()))
    masked = mask_name(bases)
    if len(masked) != len(units):  # the rule changed the length (several dots): its own form
        return masked
    return "".join("*" if m == "*" else "".join(u) for m, u in zip(masked, units, strict=True))


def masked_form(finding: Finding, text: str) -> str:
    """What a finding in ``text`` is replaced with (rules: module docstring)."""
    if finding.kind == KIND_ID:
        return mask_id_number(finding.found)
    if finding.kind == KIND_MOBILE:
        return mask_phone(finding.found)
    if finding.kind == KIND_NAME:
        return _mask_typed_name(text[finding.start:finding.end])
    if finding.kind == KIND_INVISIBLE:
        return ""
    raise ValueError(f"no masked form for a finding of kind {finding.kind!r}")


def mask_findings(text: str, findings: Sequence[Finding], *, keep_names: Iterable[str] = ()) -> MaskedText:
    """``text`` with each blocking finding replaced by its masked form; nothing else changes.

    Args:
        text: The field's text exactly as the findings were scanned in.
        findings: :func:`~models.notices.guard.scan_text` of that text.
        keep_names: Registered names shown on purpose (an override): not masked.
    """
    keep = set(keep_names)
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if not f.blocks or (f.kind == KIND_NAME and f.found in keep):
            continue
        if chosen and f.start < chosen[-1].end:  # inside a span already replaced (a hidden character in a number)
            continue
        chosen.append(f)
    changes = [MaskChange(f.field, f.kind, f.start, f.end, masked_form(f, text), text[f.start:f.end]) for f in chosen]
    parts: list[str] = []
    at = 0
    for c in changes:
        parts.append(text[at:c.start])
        parts.append(c.masked)
        at = c.end
    parts.append(text[at:])
    return MaskedText("".join(parts), changes)


def mask_text(
    field_key: str,
    text: str,
    names: NameIndex | dict[int, set[str]] | Iterable[str],
    *,
    keep_names: Iterable[str] = (),
    today: dt.date | None = None,
) -> MaskedText:
    """Scan one field's text with the privacy guard and mask what blocks it.

    Args:
        field_key: The field's key (``"body"``, ``"table:2:3"``…).
        text: The field's text as typed.
        names: The residents' names (:func:`~models.notices.guard.resident_names`, or a :class:`NameIndex`).
        keep_names: Names shown on purpose: left as they are.
        today: For the ID numbers' dates (tests).
    """
    if not text:
        return MaskedText(text, [])
    return mask_findings(text, scan_text(field_key, text, NameIndex.coerce(names), today=today),
                         keep_names=keep_names)
