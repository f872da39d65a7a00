"""A name's reading: pypinyin, a table of rare name characters, and the clerk's corrections.

pypinyin reads nearly every character of a Chinese name, but not all: its
data comes from Unihan, and Unihan has no Mandarin reading for some rare
characters that real registries meet — 𠮷 (U+20BB7, the surname 𠮷, a form of
吉) is the best known. Without a reading such a character is skipped in the
search keys: 𠮷明华 would be stored as ``minghua`` / ``mh``, not found by
``jmh`` and sorted among the M names.

Three things fill the gap, in this order:

1. :data:`RARE_READINGS`, a small table of name characters pypinyin lacks,
   each with the standard character it is a form of (its reading is that
   character's, and a test checks it against pypinyin). It is loaded into
   pypinyin with ``load_single_dict`` the first time a name is read.
2. A compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F: 李 as U+F9E1
   from a Korean or Big5 conversion) or a Kangxi radical (⼀ U+2F00, from a
   PDF) is read as the character it stands for; the name keeps the character
   as typed.
3. Anything still unread is named to the clerk (:func:`missing_readings`),
   who types the reading in the resident form (:func:`parse_reading`); that
   reading is kept with the resident (``Resident.pinyin_reading``).

A reading as a clerk sees and types it is one syllable per character,
separated by spaces: ``ji ming hua``. ``?`` stands for a character whose
reading is not known.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from itertools import product

from i18n import _

#: Name characters pypinyin has no reading for: character → (reading, the
#: standard character it is a form of, where Unihan says so). Keep it to
#: characters met in names, each with a reading a dictionary gives for its
#: standard form; tests/models/residents/test_readings.py checks every row.
RARE_READINGS: dict[str, tuple[str, str, str]] = {
    # U+20BB7, 土 over 口: the surname 𠮷 (𠮷明华) and the 𠮷 of 𠮷野家; a form of 吉.
    "𠮷": ("jí", "吉", "Unihan kSpoofingVariant U+5409"),
    # U+242EE, HKSCS 9BAD: 熙 as Hong Kong and Korean names write it (U+FA6C decomposes to it).
    "𤋮": ("xī", "熙", "Unihan kCompatibilityVariant of U+FA6C; same radical and strokes as 熙"),
    # U+2498F, HKSCS FC6F: a form of 璁, a given-name character.
    "𤦏": ("cōng", "璁", "Unihan kSemanticVariant U+7481"),
    # U+225BD: a form of 志, the commonest of given-name characters.
    "𢖽": ("zhì", "志", "Unihan kZVariant U+5FD7"),
}

#: Surnames whose reading differs from the character's everyday one; the
#: surname reading comes first (it is what the list sorts by).
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "翟": "zhai",
    "曲": "qu", "种": "chong", "尉": "yu", "秘": "bi", "员": "yun", "召": "shao",
    "哈": "ha", "能": "nai", "句": "gou", "洗": "xian", "冼": "xian", "燕": "yan",
    "繁": "po", "折": "she", "纪": "ji", "华": "hua", "过": "guo", "重": "chong",
}

_MAX_VARIANTS = 4
MAX_READING_LENGTH = 400
UNKNOWN = "?"


class InvalidReadingError(ValueError):
    """A typed reading that cannot be used, with a message that says why."""


@dataclass(frozen=True)
class NameKeys:
    """Search keys kept beside a name: full pinyin and initials, lower case.

    Each holds one or more variants separated by ``|`` (a polyphonic surname
    such as 曾 zeng/ceng or 单 shan/dan gives two), so that a substring
    search never matches across variants.
    """

    pinyin: str
    initials: str


def is_han(ch: str) -> bool:
    """A CJK ideograph (any block, planes 2 and 3 included)."""
    return unicodedata.name(ch, "").startswith("CJK") or "\u3400" <= ch <= "\u9fff" or ord(ch) >= 0x20000


def needs_reading(ch: str) -> bool:
    """A character that is read as a syllable: a Han character or a private-use one (old 生僻字 encodings)."""
    return is_han(ch) or unicodedata.category(ch) == "Co" or _stands_for(ch) != ch


@functools.cache
def _pypinyin():  # type: ignore[no-untyped-def]
    """pypinyin with :data:`RARE_READINGS` loaded (0.4 s to import: only when a name is read)."""
    import pypinyin

    pypinyin.load_single_dict({ord(ch): reading for ch, (reading, _std, _src) in RARE_READINGS.items()})
    return pypinyin


def _stands_for(ch: str) -> str:
    """The character a compatibility ideograph or a Kangxi radical stands for; other characters themselves."""
    code = ord(ch)
    if 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F or 0x2F00 <= code <= 0x2FDF or 0x2E80 <= code <= 0x2EFF:
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and is_han(folded):
            return folded
    return ch


def _syllables(name: str) -> list[list[str]]:
    """Per character of the name, the readings to index: all readings of the
    first Han character (the surname), the contextual reading of the rest. A
    character without a reading gives itself (not ASCII: skipped in the keys)."""
    pypinyin = _pypinyin()
    lookup = "".join(_stands_for(ch) for ch in name)
    default = pypinyin.lazy_pinyin(lookup, errors=lambda s: list(s))
    if len(default) != len(name):  # cannot happen with one item per character; keep the name's own characters then
        default = [pypinyin.lazy_pinyin(ch, errors=lambda s: list(s))[0] for ch in lookup]
    readings: list[list[str]] = [[s] if s.isascii() else [ch] for s, ch in zip(default, name, strict=True)]
    if readings and is_han(name[0]) and readings[0][0].isascii():
        surname = pypinyin.pinyin(lookup[0], heteronym=True, style=pypinyin.Style.NORMAL)[0]
        first = [SURNAME_READINGS[lookup[0]]] if lookup[0] in SURNAME_READINGS else []
        readings[0] = list(dict.fromkeys([*first, default[0], *surname]))[:_MAX_VARIANTS]
    return readings


def name_keys(name: str) -> NameKeys:
    """Compute the pinyin search keys of a (normalised) name.

    张三明 → pinyin ``zhangsanming``, initials ``zsm``; 𠮷明华 → ``jiminghua``,
    ``jmh``. Latin letters are kept lower-cased, the middle dot and other
    punctuation are skipped, a character with no reading is skipped in the
    keys (the name itself keeps it; :func:`missing_readings` names it).
    """
    per_char = _syllables(name)
    full_variants, initial_variants = [], []
    for combo in product(*per_char):
        parts = [p.lower() for p in combo if p and p.isascii() and p.isalnum()]
        full_variants.append("".join(parts))
        initial_variants.append("".join(p[0] for p in parts))
    return NameKeys(
        pinyin="|".join(dict.fromkeys(full_variants)),
        initials="|".join(dict.fromkeys(initial_variants)),
    )


def missing_readings(name: str) -> list[str]:
    """The characters of the name that have no reading, each once, in order (𠮷 is read: see the table)."""
    return list(dict.fromkeys(ch for ch, got in zip(name, _syllables(name), strict=True)
                              if needs_reading(ch) and not got[0].isascii()))


# --- the reading a clerk sees and types ------------------------------------------------------


def _unit_spans(name: str) -> list[tuple[int, str]]:
    """What a reading has one syllable for, with its index in the name: each
    character to be read, each run of Latin letters or digits."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"[A-Za-z0-9]+|.", name)
            if (m.group(0)[0].isascii() and m.group(0)[0].isalnum()) or needs_reading(m.group(0))]


def _units(name: str) -> list[str]:
    return [unit for _index, unit in _unit_spans(name)]


def suggested_reading(name: str) -> str:
    """The reading the form shows for a name: ``zhang san ming``, ``? ming hua`` for an unread character."""
    if not name:
        return ""
    per_char = _syllables(name)
    out: list[str] = []
    for index, unit in _unit_spans(name):
        if len(unit) > 1 or not needs_reading(unit):
            out.append(unit.lower())
            continue
        first = per_char[index][0]
        out.append(first.lower() if first.isascii() else UNKNOWN)
    return " ".join(out)


def _plain(token: str) -> str:
    """A typed syllable without tone marks or tone numbers, ü as v, lower case: jí → ji, lǚ → lv, lu:3 → lv."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", token).lower())
    text = text.replace("u\u0308", "v").replace("u:", "v")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.rstrip("12345") if not text.isdigit() else text


@functools.cache
def _known_syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    # The syllabic nasals (嗯 n, 呣 m, 哼 hng) are no name's: left out, "xian" is not "xia n".
    return frozenset(_plain(r) for value in pinyin_dict.values() for r in value.split(",")) - {
        "n", "m", "ng", "hm", "hng"}


def _segmentations(text: str, count: int) -> list[list[str]]:
    """Every way to cut ``text`` into ``count`` known syllables (at most two are looked for)."""
    known = _known_syllables()
    found: list[list[str]] = []

    def walk(rest: str, left: int, acc: list[str]) -> None:
        if len(found) > 1:
            return
        if not rest or not left:
            if not rest and not left:
                found.append(list(acc))
            return
        for size in range(1, min(6, len(rest)) + 1):
            head = rest[:size]
            if head in known:
                walk(rest[size:], left - 1, [*acc, head])

    walk(text, count, [])
    return found


def parse_reading(text: str, name: str) -> list[str | None]:
    """Read what the clerk typed as the name's reading: one syllable per character.

    Syllables are separated by spaces (or ' - ·); tone marks and tone numbers
    are dropped, ü may be typed v; ``?`` keeps a character unread. A reading
    typed without spaces (``jiminghua``) is cut into syllables when there is
    exactly one way to do so.

    Returns:
        the syllables, ``None`` for an unread character.

    Raises:
        InvalidReadingError: what is wrong with the reading.
    """
    units = _units(name)
    raw = [t for t in re.split(r"[\s'’\-·]+", unicodedata.normalize("NFKC", text or "").strip()) if t]
    if len(" ".join(raw)) > MAX_READING_LENGTH:
        raise InvalidReadingError(_("A reading has at most {max} characters.").format(max=MAX_READING_LENGTH))
    tokens: list[str | None] = []
    for token in raw:
        if token in (UNKNOWN, "？"):
            tokens.append(None)
            continue
        plain = _plain(token)
        if not plain.isascii() or not plain.isalnum():
            raise InvalidReadingError(
                _("A reading is written in pinyin letters; “{token}” is not.").format(token=token))
        tokens.append(plain)
    if len(tokens) == 1 and len(units) > 1 and tokens[0] is not None and all(len(u) == 1 and needs_reading(u) for u in units):
        cuts = _segmentations(tokens[0], len(units))
        if len(cuts) == 1:
            return list(cuts[0])
    if len(tokens) != len(units):
        raise InvalidReadingError(
            _("Type one syllable for each character, separated by spaces: {name} has {count}, the reading has {typed}.")
            .format(name=name, count=len(units), typed=len(tokens)))
    known = _known_syllables()
    for token, unit in zip(tokens, units, strict=True):
        if token is not None and len(unit) == 1 and needs_reading(unit) and token not in known:
            raise InvalidReadingError(_("“{token}” is not a pinyin syllable.").format(token=token))
    return tokens


def format_reading(syllables: list[str | None]) -> str:
    """Syllables as the form shows them and the registry keeps them: ``ji ming hua``."""
    return " ".join(s if s else UNKNOWN for s in syllables)


def keys_of_reading(syllables: list[str | None]) -> NameKeys:
    """The search keys of a reading the clerk typed (one variant)."""
    parts = [s for s in syllables if s]
    return NameKeys(pinyin="".join(parts), initials="".join(p[0] for p in parts))


__all__ = [
    "RARE_READINGS",
    "SURNAME_READINGS",
    "InvalidReadingError",
    "NameKeys",
    "format_reading",
    "is_han",
    "keys_of_reading",
    "missing_readings",
    "name_keys",
    "needs_reading",
    "parse_reading",
    "rereadable",
    "still_unread",
    "suggested_reading",
]


def rereadable(name: str) -> NameKeys | None:
    """The keys of a name that holds a character read only since the table or the compatibility rule
    (the data step of migration 0009); None for any other name, whose keys did not change."""
    if not any(ch in RARE_READINGS or _stands_for(ch) != ch for ch in name or ""):
        return None
    return name_keys(name)


def still_unread(name: str, typed: str) -> list[str]:
    """The characters of ``name`` that ``typed`` (the form's reading field) leaves unread: those with no
    reading while the field holds a ``?`` for them or cannot be read; none once the clerk typed them."""
    missing = missing_readings(name) if name else []
    if not missing:
        return []
    try:
        syllables = parse_reading(typed, name)
    except InvalidReadingError:
        return missing
    return missing if None in syllables else []
