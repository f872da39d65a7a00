"""The faces of an official notice: a Song title and a FangSong (or Kai) body.

Chinese official documents (GB/T 9704 as the model) set the title in a Song
face (小标宋) and the body in FangSong (仿宋). Only TrueType outlines embed
(:mod:`reports.fonts`), which rules out the CFF Noto/Source Han Serif. What is
used, best first (a file is found by name in ``$LINLI_FONT_DIR``, the platform's
font folders and ``fc-list``; see :data:`reports.fonts.KNOWN_FONTS`):

* **title (Song)**: FZXiaoBiaoSong ``fzxbsjw.ttf`` when a centre has bought it;
  AR PL SungtiL GB ``gbsn00lp.ttf`` (Debian ``fonts-arphic-gbsn00lp``, a
  simplified 报宋); Windows SimSun ``simsun.ttc``; AR PL UMing CN ``uming.ttc``
  (a Ming, i.e. Song, face). zh_TW prefers MingLiU ``mingliu.ttc`` and UMing TW.
* **body (FangSong, else Kai)**: Windows FangSong ``simfang.ttf`` or Office's
  ``stfangso.ttf``. There is no free simplified FangSong in TrueType (cwTeX's
  仿宋 is traditional only), so without them the body is in Kai, the nearest
  calligraphic style: AR PL UKai CN ``ukai.ttc`` (Debian ``fonts-arphic-ukai``),
  Windows ``simkai.ttf``. zh_TW prefers DFKai-SB ``kaiu.ttf`` (標楷體, Taiwan's
  official face) and UKai TW.

Each face is the primary of a :class:`~reports.fonts.FontChain` followed by the
default chain (:func:`reports.fonts.default_chain`), so a character the face
lacks (堃 is not in GB 2312; 𠮷 is in no text face) is drawn, per character
run, by the next face that has it: UMing, WenQuanYi, BabelStone Han.
No Qt; nothing is parsed until a character needs a face.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from reports.fonts import (
    ROLE_OFFICIAL,
    FontChain,
    FontSpec,
    default_chain,
    discover_fonts,
    truetype_subfonts,
)

__all__ = ["KIND_FANGSONG", "KIND_KAI", "KIND_SONG", "KIND_OTHER", "OfficialFonts", "official_fonts"]

KIND_SONG, KIND_FANGSONG, KIND_KAI, KIND_OTHER = "song", "fangsong", "kai", "other"

#: (file name, subfont, kind), best first, per script.
TITLE_FACES = {
    "hans": (("fzxbsjw.ttf", 0, KIND_SONG), ("gbsn00lp.ttf", 0, KIND_SONG), ("simsun.ttc", 0, KIND_SONG),
             ("uming.ttc", 0, KIND_SONG)),
    "hant": (("mingliu.ttc", 0, KIND_SONG), ("uming.ttc", 2, KIND_SONG), ("simsun.ttc", 0, KIND_SONG),
             ("uming.ttc", 0, KIND_SONG)),
}
BODY_FACES = {
    "hans": (("simfang.ttf", 0, KIND_FANGSONG), ("stfangso.ttf", 0, KIND_FANGSONG), ("ukai.ttc", 0, KIND_KAI),
             ("simkai.ttf", 0, KIND_KAI), ("stkaiti.ttf", 0, KIND_KAI)),
    "hant": (("kaiu.ttf", 0, KIND_KAI), ("ukai.ttc", 2, KIND_KAI), ("simfang.ttf", 0, KIND_FANGSONG),
             ("ukai.ttc", 0, KIND_KAI), ("simkai.ttf", 0, KIND_KAI)),
}


#: A proportional serif for the Latin text of a notice printed in English (the
#: Chinese faces' Latin letters are fixed-width, like a typewriter's).
LATIN_FACES = (("times.ttf", 0, KIND_OTHER), ("dejavuserif.ttf", 0, KIND_OTHER))


@dataclass(frozen=True)
class OfficialFonts:
    """The chains a notice is drawn with.

    Attributes:
        title: The Song chain (the title).
        body: The FangSong/Kai chain (the body, the issuer and date, table cells).
        sans: The default chain (table headers in Hei, as GB/T 9704 sets headings).
        title_kind / body_kind: ``"song"``, ``"fangsong"``, ``"kai"`` or
            ``"other"`` (no such face: the default chain's primary).
    """

    title: FontChain
    body: FontChain
    sans: FontChain
    title_kind: str = KIND_OTHER
    body_kind: str = KIND_OTHER


def _found_files(extra_dirs: Sequence[str]) -> dict[str, FontSpec]:
    """Lower-case file name → a discovered spec (the extra folders first)."""
    files: dict[str, FontSpec] = {}
    for folder in extra_dirs:
        try:
            entries = sorted(Path(folder).expanduser().iterdir())
        except OSError:
            continue
        for path in entries:
            if path.is_file() and truetype_subfonts(path):
                files.setdefault(path.name.lower(), FontSpec(str(path.resolve()), 0, ROLE_OFFICIAL, 0))
    for spec in discover_fonts():
        files.setdefault(Path(spec.path).name.lower(), spec)
    return files


def _pick(candidates: Sequence[tuple[str, int, str]], files: dict[str, FontSpec]) -> tuple[FontSpec | None, str]:
    for name, index, kind in candidates:
        spec = files.get(name)
        if spec is not None and index in truetype_subfonts(spec.path):
            return replace(spec, index=index), kind
    return None, KIND_OTHER


def _chain(first: Sequence[FontSpec | None], rest: FontChain) -> FontChain:
    seen: set[tuple[str, int]] = set()
    specs: list[FontSpec] = []
    for spec in [*first, *rest.specs]:
        if spec is not None and spec.key not in seen:
            seen.add(spec.key)
            specs.append(spec)
    return FontChain(specs)


@lru_cache(maxsize=8)
def _official(traditional: bool, extra_dirs: tuple[str, ...], configured: tuple[str, ...],
              latin: bool) -> OfficialFonts:
    sans = default_chain(list(configured) or None)
    files = _found_files(extra_dirs)
    script = "hant" if traditional else "hans"
    title, title_kind = _pick(TITLE_FACES[script], files)
    body, body_kind = _pick(BODY_FACES[script], files)
    song_fallback, _kind = _pick(TITLE_FACES[script][-1:], files)  # UMing: a rare 堃 stays in a serif face
    serif = _pick(LATIN_FACES, files)[0] if latin else None
    return OfficialFonts(
        title=_chain([serif, title, song_fallback], sans),
        body=_chain([serif, body, song_fallback], sans),
        sans=sans,
        title_kind=title_kind,
        body_kind=body_kind,
    )


def official_fonts(
    *,
    traditional: bool = False,
    font_dirs: Sequence[str | os.PathLike[str]] = (),
    configured: str | Sequence[str] | None = None,
    latin: bool = False,
) -> OfficialFonts:
    """The title, body and sans chains of a notice (cached).

    Args:
        traditional: Traditional Chinese (zh_TW): Ming and 標楷體 first.
        latin: A notice printed in English: a proportional serif (Times New
            Roman, DejaVu Serif) draws its Latin text, the Chinese faces the rest.
        font_dirs: Folders searched first for the faces (e.g. fonts copied
            from Windows); ``$LINLI_FONT_DIR`` is searched by discovery too.
        configured: As for :func:`reports.fonts.default_chain` (the fallbacks).

    Raises:
        reports.fonts.FontNotFoundError: No TrueType font at all.
    """
    conf = (configured,) if isinstance(configured, str) else tuple(configured or ())
    return _official(traditional, tuple(os.fspath(d) for d in font_dirs), conf, latin)


official_fonts.cache_clear = _official.cache_clear  # type: ignore[attr-defined]
