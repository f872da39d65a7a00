"""Names, phones and their search keys.

Names are stored exactly as typed — no Unicode normalisation, so rare
characters outside the BMP (𠮷 U+20BB7) and compatibility forms survive —
with two exceptions a clerk expects: surrounding white space is trimmed, and
the look-alikes of the middle dot in minority names (阿卜杜·热合曼) are mapped
to U+00B7. Phones are NFKC-normalised (full-width digits) and kept as digits.

A name's pinyin (its search keys, the rare characters pypinyin cannot read)
lives in :mod:`models.residents.readings`; ``name_keys`` is re-exported here.
"""

from __future__ import annotations

import re
import unicodedata

from i18n import _
from models.residents.readings import (
    SURNAME_READINGS,
    NameKeys,
    is_han,
    missing_readings,
    name_keys,
)

MIDDLE_DOT = "\u00b7"

#: Characters people type instead of the middle dot of a transliterated name.
MIDDLE_DOT_LOOKALIKES = frozenset(
    "\u2022"  # • bullet
    "\u30fb"  # ・ katakana middle dot
    "\u2219"  # ∙ bullet operator
    "\u2027"  # ‧ hyphenation point
    "\uff65"  # ･ half-width katakana middle dot
    "\u22c5"  # ⋅ dot operator
    "\u0387"  # · Greek ano teleia
    "\u2e31"  # ⸱ word separator middle dot
    "\u16eb"  # ᛫ runic single punctuation
    "\u00b7"  # · itself
    "\u2024"  # ․ one dot leader
    "\uff0e"  # ． full-width full stop
)

MAX_NAME_LENGTH = 50

#: A name may not start with one of these: Excel and WPS would read it as a formula.
FORMULA_STARTS = frozenset("=+-@")


class InvalidNameError(ValueError):
    """A name that cannot be stored, with a message that says why."""


def fold_middle_dots(text: str) -> str:
    """Map middle-dot look-alikes to U+00B7 and drop the spaces around it.

    An ASCII full stop counts as a middle dot only between two Han characters
    (spaces allowed): "阿卜杜 . 热合曼" → "阿卜杜·热合曼", "Mr. Li" stays.
    Used for stored names and for search queries alike.
    """
    text = "".join(MIDDLE_DOT if ch in MIDDLE_DOT_LOOKALIKES else ch for ch in text)

    def _dot(match: re.Match[str]) -> str:
        before, after = match.string[: match.start()].rstrip(), match.string[match.end() :].lstrip()
        if before and after and is_han(before[-1]) and is_han(after[0]):
            return MIDDLE_DOT
        return match.group(0)

    text = re.sub(r"\s*\.\s*", _dot, text)
    # Spaces around a middle dot are noise: "阿卜杜 · 热合曼".
    return re.sub(r"\s*\u00b7\s*", MIDDLE_DOT, text)


def normalise_name(raw: str) -> str:
    """Return the name as it is stored.

    Trims and folds white space, maps middle-dot look-alikes to U+00B7 (and an
    ASCII full stop between two Han characters, a common way of typing it);
    every other character, rare or not, is kept as typed.

    Raises:
        InvalidNameError: the name is empty, too long, starts with = + - or @
            (a spreadsheet formula) or holds control characters.
    """
    text = fold_middle_dots(" ".join((raw or "").split()))
    if not text:
        raise InvalidNameError(_("Enter the name."))
    if len(text) > MAX_NAME_LENGTH:
        raise InvalidNameError(_("A name has at most {max} characters.").format(max=MAX_NAME_LENGTH))
    if text[0] in FORMULA_STARTS:
        # No name starts so; a spreadsheet would read it as a formula (formula injection).
        raise InvalidNameError(_("A name cannot start with {char} (spreadsheets read it as a formula).").format(
            char=text[0]))
    for ch in text:
        category = unicodedata.category(ch)
        # Planes 2 and 3 are reserved for CJK: a character newer than this
        # Python's Unicode tables is still a name's character. Private-use
        # characters (old 生僻字 encodings) are kept too.
        unknown = category == "Cn" and not 0x20000 <= ord(ch) <= 0x3FFFF
        if category in ("Cc", "Cs") or (category == "Cf" and ch != "\u200d") or unknown:
            raise InvalidNameError(_("The name holds an invisible or unknown character (U+{code:04X}).").format(code=ord(ch)))
    return text


# --- phones -----------------------------------------------------------------


class PhoneError(ValueError):
    """A phone number that cannot be right, with a message that says why."""


def normalise_phone(raw: str) -> str:
    """Return the phone as digits: NFKC, separators removed, +86/0086 dropped.

    Accepts a mobile number (11 digits starting 13–19), or a landline with
    area code (0 + 9–11 digits) or without (7–8 digits). An extension after
    ``-`` or ``转`` is not supported: write it in the notes.

    Raises:
        PhoneError: what is wrong with the number.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    text = re.sub(r"[\s\-()（）.]", "", text)
    international = text.startswith(("+86", "0086"))
    if international:
        text = text[3:] if text.startswith("+86") else text[4:]
        # Written internationally a landline drops its trunk 0: +86 10 6552 9988.
        if text and not (text.startswith("1") and len(text) == 11) and not text.startswith("0"):
            text = "0" + text
    if not text:
        raise PhoneError(_("Enter the phone number."))
    bad = next((i for i, ch in enumerate(text) if not ch.isdigit()), None)
    if bad is not None:
        raise PhoneError(_("A phone number holds digits only; character {position} is not a digit.").format(position=bad + 1))
    if text.startswith("1"):
        if len(text) != 11:
            raise PhoneError(_("A mobile number has 11 digits; this one has {count}.").format(count=len(text)))
        if text[1] not in "3456789":
            raise PhoneError(_("No mobile number starts with {prefix}.").format(prefix=text[:2]))
        return text
    if text.startswith("0"):
        if not 10 <= len(text) <= 12:
            raise PhoneError(_("A landline with its area code has 10 to 12 digits; this one has {count}.").format(count=len(text)))
        return text
    if 7 <= len(text) <= 8:
        return text
    raise PhoneError(_("This is neither a mobile number (11 digits) nor a landline (7–8 digits, or 10–12 with the area code)."))


# --- masking for anything public ---------------------------------------------

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 "
    "钟离 闻人 澹台 公冶 太史 申屠 端木 西门 南宫 东郭 百里 呼延 万俟 独孤 "
    "歐陽 司馬 諸葛 長孫 軒轅 鍾離 澹臺 東方 東郭".split()
)


def mask_name(name: str) -> str:
    """Keep the surname, mask the rest: 张*明 (three), 李* (two), 欧阳** (compound).

    A middle-dot name keeps its first part: 阿卜杜·*** . Latin names keep the
    first letter of each word.
    """
    if not name:
        return ""
    chars = list(name)  # code points: 𠮷 counts as one
    if MIDDLE_DOT in chars:
        head, _dot, rest = name.partition(MIDDLE_DOT)
        return head + MIDDLE_DOT + "*" * len(rest.replace(MIDDLE_DOT, ""))
    if all(ch.isascii() for ch in chars):
        return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())
    if len(chars) >= 3 and "".join(chars[:2]) in COMPOUND_SURNAMES:
        return "".join(chars[:2]) + "*" * (len(chars) - 2)
    if len(chars) == 1:
        return "*"
    if len(chars) == 2:
        return chars[0] + "*"
    return chars[0] + "*" * (len(chars) - 2) + chars[-1]


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile; a landline keeps its first 3 and last 2 digits."""
    if not phone:
        return ""
    if len(phone) == 11:
        return phone[:3] + "****" + phone[-4:]
    if len(phone) <= 5:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 5) + phone[-2:]


def mask_address(compound: str, building: str, unit: str, room: str = "") -> str:  # noqa: ARG001
    """An address for a public notice: building and unit at most, never the room."""
    return format_address(compound, building, unit, "")


def format_address(compound: str, building: str, unit: str, room: str) -> str:
    """The address as a clerk reads it: 幸福小区 3栋 2单元 501室."""
    parts = [compound or ""]
    if building:
        parts.append(_("Bldg {building}").format(building=building))
    if unit:
        parts.append(_("Unit {unit}").format(unit=unit))
    if room:
        parts.append(_("Rm {room}").format(room=room))
    return " ".join(p for p in parts if p)


__all__ = [
    "MIDDLE_DOT",
    "NameKeys",
    "SURNAME_READINGS",
    "InvalidNameError",
    "PhoneError",
    "fold_middle_dots",
    "format_address",
    "is_han",
    "mask_address",
    "mask_name",
    "mask_phone",
    "missing_readings",
    "name_keys",
    "normalise_name",
    "normalise_phone",
]
