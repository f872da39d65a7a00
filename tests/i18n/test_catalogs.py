"""The translation catalogs are complete and consistent with the source.

The messages are extracted afresh from the source (with babel.cfg, as
``python3 dev.py catalogs`` does), so a new ``_("…")`` without a translation
fails here until the catalogs are updated and translated. See
docs/translation.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

import i18n

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh_CN", "zh_TW", "en")
#: The same keywords as babel.cfg and dev.py (babel.cfg repeats them per section).
KEYWORDS = parse_keywords(["_", "N_", "ngettext:1,2"])

# {name}, {count}, {code:04X}; "{{" and "}}" are literal braces, not placeholders.
_BRACE = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
# %s, %d, %(name)s, %.2f; not "100% is" (a space flag is too rare to be meant).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
# A Qt mnemonic: "&F" (not "&&", which is a literal ampersand).
_MNEMONIC = re.compile(r"(?<!&)&(?!&)(\w)")


def _extract() -> dict[str | tuple[str, ...], list[str]]:
    """msgid (a tuple for plurals) → the places it comes from."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, "babel.cfg")
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def source_messages() -> dict[str | tuple[str, ...], list[str]]:
    messages = _extract()
    assert messages, "extraction found no messages: is babel.cfg right?"
    return messages


def _po_path(lang: str) -> Path:
    return ROOT / "i18n" / "locale" / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def _read(lang: str):
    with _po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def _placeholders(text: str) -> set[str]:
    return set(_BRACE.findall(text)) | set(_PERCENT.findall(text))


def _mnemonics(text: str) -> list[str]:
    return [m.upper() for m in _MNEMONIC.findall(text)]


def _report(lang: str, title: str, items: list[str]) -> str:
    lines = "\n".join(f"  {item}" for item in items)
    return f"{lang}: {title} ({len(items)}):\n{lines}\n(python3 dev.py catalogs, then see docs/translation.md)"


def test_extraction_finds_n_and_plural_marks(source_messages) -> None:
    # N_ strings are translated later through _(variable): they must be extracted.
    assert "Residents" in source_messages
    assert "Lives alone" in source_messages
    assert any(isinstance(m, tuple) for m in source_messages)
    assert not any(loc.startswith(("tests/", "models/migrations/")) for locs in source_messages.values() for loc in locs)


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_parses_without_obsolete_entries(lang: str) -> None:
    path = _po_path(lang)
    assert path.exists(), f"{path} is missing: run python3 dev.py catalogs"
    catalog = _read(lang)
    obsolete = [repr(m) for m in catalog.obsolete]
    raw = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#~")]
    assert not obsolete and not raw, _report(lang, "obsolete (#~) entries left", obsolete or raw)
    assert catalog.num_plurals == (2 if lang == "en" else 1)


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_translated(lang: str, source_messages) -> None:
    catalog = _read(lang)
    missing, empty, fuzzy, wrong_kind = [], [], [], []
    for msgid, places in source_messages.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        label = f"{msgid!r}  ({', '.join(places)})"
        message = catalog.get(key)
        if message is None:
            missing.append(label)
            continue
        if isinstance(msgid, tuple) != message.pluralizable or (
            isinstance(msgid, tuple) and tuple(message.id) != msgid
        ):
            wrong_kind.append(label)
            continue
        if message.fuzzy:
            fuzzy.append(label)
        strings = message.string if message.pluralizable else (message.string,)
        if message.pluralizable and len(strings) != catalog.num_plurals:
            empty.append(label)
        elif not all(s and s.strip() for s in strings):
            empty.append(label)
    problems = [
        _report(lang, title, items)
        for title, items in (
            ("not in the catalog", missing),
            ("singular/plural mismatch with the source", wrong_kind),
            ("untranslated (or a plural form left empty)", empty),
            ("marked fuzzy: review the translation, then remove the flag", fuzzy),
        )
        if items
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_no_stale_entries(lang: str, source_messages) -> None:
    wanted = {m[0] if isinstance(m, tuple) else m for m in source_messages}
    stale = [repr(m.id) for m in _read(lang) if m.id and (m.id[0] if m.pluralizable else m.id) not in wanted]
    assert not stale, _report(lang, "entries no longer in the source", stale)


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_mnemonics_and_ellipses_kept(lang: str, source_messages) -> None:
    catalog = _read(lang)
    bad: list[str] = []
    for msgid in source_messages:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(key)
        if message is None:
            continue  # reported by test_every_message_translated
        sources = list(msgid) if isinstance(msgid, tuple) else [msgid]
        strings = list(message.string) if message.pluralizable else [message.string]
        wanted = set().union(*(_placeholders(s) for s in sources))
        mnemonics = _mnemonics(sources[0])
        for i, text in enumerate(strings):
            if not text:
                continue
            got = _placeholders(text)
            # Every form may drop nothing but a singular's count; the last
            # (most general) form carries them all.
            if not got <= wanted or (i == len(strings) - 1 and got != wanted):
                bad.append(f"{key!r} → {text!r}: placeholders {sorted(got)} ≠ {sorted(wanted)}")
            if _mnemonics(text) != mnemonics:
                bad.append(f"{key!r} → {text!r}: mnemonic {_mnemonics(text)} ≠ {mnemonics}")
            if "…" in sources[0] and "…" not in text:
                bad.append(f"{key!r} → {text!r}: the ellipsis “…” is lost")
            if sources[0].count("\n") != text.count("\n"):
                bad.append(f"{key!r} → {text!r}: a different number of line breaks")
    assert not bad, _report(lang, "translations that break the source's form", bad)


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_chinese_mnemonic_convention(lang: str) -> None:
    """Chinese puts the accelerator in parentheses: 文件(&F), 设置(&S)…"""
    bad = [
        f"{m.id!r} → {m.string!r}"
        for m in _read(lang)
        if m.id and not m.pluralizable and _mnemonics(m.string) and not re.search(r"\(&\w\)", m.string)
    ]
    assert not bad, _report(lang, "mnemonic not written as (&X)", bad)


#: Chinese text: Han characters (Ext. A–G included), CJK punctuation, kana, full-width forms.
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
#: ASCII ( ) , : ; ? ! touching a Chinese character on either side.
_ASCII_BY_CJK = re.compile(f"[{_CJK}][(),:;?!]|[(),:;?!][{_CJK}]")
#: Where ASCII is the rule: a Qt mnemonic (&X) and a file dialog's filters (*.xlsx *.csv);;…, which Qt parses;
#: what the clerk types as it is — a command-line value in ASCII quotes ("王秀英,139…"), an option's
#: prefix (unit:名称) and a quoted single mark (「?」).
_ASCII_ALLOWED = (re.compile(r"\(&\w\)"), re.compile(r"\([^()]*\*[^()]*\)"), re.compile(";;"),
                  re.compile(r'"[^"\s]*"'), re.compile(r"\b[a-z]+:"), re.compile(r"「[?!]」"))


def ascii_punctuation_in_chinese(text: str) -> list[str]:
    """The ASCII punctuation marks of ``text`` that sit directly against a Chinese character (docs/translation.md)."""
    for allowed in _ASCII_ALLOWED:
        text = allowed.sub(" ", text)
    return [m.group() for m in _ASCII_BY_CJK.finditer(text)]


def test_the_punctuation_rule_itself() -> None:
    assert ascii_punctuation_in_chinese("(堂食 42, 自取 10)") == ["(堂"]
    assert ascii_punctuation_in_chinese("堂食 42,自取") == [",自"]
    assert ascii_punctuation_in_chinese("姓名:") == ["名:"]
    assert ascii_punctuation_in_chinese("签到(时:分)") == ["到(", "时:", "分)"]
    assert ascii_punctuation_in_chinese("确定吗?") == ["吗?"]
    assert ascii_punctuation_in_chinese("𠮷祥!") == ["祥!"]
    # Allowed: the mnemonic, a file filter, and ASCII between Latin letters, digits and placeholders.
    assert ascii_punctuation_in_chinese("文件(&F)") == []
    assert ascii_punctuation_in_chinese("工作簿 (*.xlsx *.csv);;所有文件 (*)") == []
    assert ascii_punctuation_in_chinese("第 {page} 页，共 {pages} 页；09:30；{a}, {b}") == []
    assert ascii_punctuation_in_chinese("（堂食 42，自取 10）：完") == []
    assert ascii_punctuation_in_chinese('--caller "王秀英,13912345678"。请写 unit:名称；在「?」处') == []


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_chinese_text_uses_full_width_punctuation(lang: str) -> None:
    """No ASCII ( ) , : ; ? ! directly against a Chinese character: （），：；？！ there."""
    bad = []
    for m in _read(lang):
        if not m.id:
            continue
        for text in m.string if isinstance(m.string, (list, tuple)) else [m.string]:
            found = ascii_punctuation_in_chinese(text or "")
            if found:
                bad.append(f"{m.id!r} → {text!r}: {' '.join(found)}")
    assert not bad, _report(lang, "ASCII punctuation inside Chinese text (use （），：；？！)", bad)


def test_english_catalog_is_the_source_text() -> None:
    differ = [
        repr(m.id)
        for m in _read("en")
        if m.id and (tuple(m.string) if m.pluralizable else m.string) != (tuple(m.id) if m.pluralizable else m.id)
    ]
    # Adjusting the English wording in en/linli.po is allowed, but say so here.
    assert not differ, _report("en", "msgstr differs from the source", differ)


@pytest.fixture
def restore_language():
    before = i18n.current_language()
    yield
    i18n.set_language(before)


def test_switching_language_translates(restore_language) -> None:
    i18n.set_language("zh_CN")
    assert i18n._("Residents") == "居民"
    assert i18n._("Day care") == "日间照料"
    assert i18n._("Name") == "姓名"
    assert i18n.ngettext("{n} resident", "{n} residents", 3).format(n=3) == "3 名居民"
    i18n.set_language("zh_TW")
    assert i18n._("Activities") == "活動預約"
    assert i18n._("Residents") == "居民"
    i18n.set_language("en")
    assert i18n._("Residents") == "Residents"
    assert i18n.ngettext("{n} resident", "{n} residents", 1) == "{n} resident"
    assert i18n.ngettext("{n} resident", "{n} residents", 2) == "{n} residents"


def test_catalog_compiled_from_po_when_mo_missing(restore_language, monkeypatch, tmp_path) -> None:
    """A fresh checkout has no .mo: the .po is compiled in memory."""
    target = tmp_path / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / f"{i18n.DOMAIN}.po").write_bytes(_po_path("zh_CN").read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.set_language("zh_CN")
    assert i18n._("Meals") == "助餐"
    assert not (target / f"{i18n.DOMAIN}.mo").exists()
