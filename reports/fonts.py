"""CJK fonts for ReportLab: discovery, a per-character font chain, and two patches.

Why this module exists (see docs/reports.md for the long version):

* ReportLab embeds only TrueType outlines (``glyf``); CFF fonts (Noto Sans CJK,
  Source Han ``.otf``/``.ttc``) are refused, and the built-in CID fonts
  (``STSong-Light``) are not embedded and mangle characters outside the BMP.
  :func:`discover_fonts` finds TrueType CJK fonts on Windows, macOS and Linux.
* A font that lacks a character draws glyph 0 (blank or a box). A
  :class:`FontChain` picks, per character, the first font that has it, and
  reports the characters no font has (:meth:`FontChain.missing_chars`).
* ReportLab writes the ToUnicode CMap of characters outside the BMP wrongly
  (``<20BB7>``, an odd-length hex string), so text extraction and copy-paste
  lose 𠮷. :func:`_patch_to_unicode_cmap` makes it write UTF-16BE surrogate
  pairs (``<D842DFB7>``).
* ``wordWrap='CJK'`` lets ，！？；：》” start a line and “（《 end one.
  :func:`_patch_cannot_start_line` extends ReportLab's kinsoku list and
  :mod:`reports.linebreak` replaces its two CJK line splitters.

The patches are applied once, on import of this module, and are idempotent.
Fonts are parsed lazily (a 50 MB Ext-B font takes a noticeable moment) and each
parsed font is cached for the life of the process.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import textsplit as _textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import paragraph as _paragraph

from reports import linebreak as _linebreak

__all__ = [
    "ENV_VAR",
    "CANNOT_START_LINE_EXTRA",
    "FontError",
    "FontNotFoundError",
    "FontSpec",
    "FontChain",
    "truetype_subfonts",
    "probe_font",
    "discover_fonts",
    "default_chain",
    "load_font",
    "clear_caches",
    "is_ignorable",
]

log = logging.getLogger(__name__)

#: Environment variable naming one or more font files (``os.pathsep``-separated)
#: tried before any platform font. ``path#N`` chooses subfont N of a ``.ttc``.
ENV_VAR = "LINLI_FONT"

#: Environment variable naming extra font folders (``os.pathsep``-separated), searched
#: first: where a clerk puts fonts copied from Windows (simfang.ttf) on another machine.
DIR_ENV_VAR = "LINLI_FONT_DIR"

#: Roles a discovered font can play in a chain, in chain order. ``official`` faces
#: (Song, FangSong, Kai for notices: :mod:`reports.faces`) are found but never enter
#: :func:`default_chain`.
ROLE_CONFIGURED, ROLE_CJK, ROLE_EXTB, ROLE_LATIN = "configured", "cjk", "extb", "latin"
ROLE_OFFICIAL = "official"


class FontError(Exception):
    """A font file cannot be used (missing, unreadable, CFF outlines, not embeddable)."""


class FontNotFoundError(FontError):
    """No usable TrueType font was found for Chinese text."""


# --------------------------------------------------------------------------- #
# Patch 1: ToUnicode CMap for characters outside the BMP
# --------------------------------------------------------------------------- #


def _utf16_hex(code_point: int) -> str:
    """``0x20BB7`` → ``"D842DFB7"``; BMP code points stay four hex digits."""
    return chr(code_point).encode("utf-16-be", "surrogatepass").hex().upper()


def _make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ``makeToUnicodeCMap`` with UTF-16BE destinations.

    The original formats each destination as ``<%04X>`` of the code point,
    which for U+20BB7 gives ``<20BB7>``: an odd-length hex string that PDF
    readers reject or misread. The PDF spec wants UTF-16BE, i.e. the surrogate
    pair ``<D842DFB7>``. BMP entries are byte-for-byte what ReportLab wrote.
    Entries are also split into blocks of at most 100, the limit the CMap
    specification sets for one ``beginbfchar`` block.
    """
    entries = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    blocks: list[str] = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1),
        "endcodespacerange",
        *blocks,
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


_make_to_unicode_cmap._linli_patched = True  # type: ignore[attr-defined]


def _patch_to_unicode_cmap() -> None:
    """Replace ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap`` (idempotent).

    ``TTFont.addObjects`` looks the function up as a module global at PDF
    write time, so replacing the module attribute is enough.
    """
    if not getattr(_ttfonts.makeToUnicodeCMap, "_linli_patched", False):
        _ttfonts.makeToUnicodeCMap = _make_to_unicode_cmap


# --------------------------------------------------------------------------- #
# Patch 2: characters that cannot begin a line (CJK kinsoku)
# --------------------------------------------------------------------------- #

#: Closing punctuation added to ReportLab's "cannot start a line" list.
CANNOT_START_LINE_EXTRA = "，。！？；：、）》」』】〕〉〗〙〛｝］”’…·﹐﹑﹒﹔﹕﹖﹗｡､｣"


def _patch_cannot_start_line() -> None:
    """Extend ReportLab's list of characters that cannot begin a line (idempotent).

    ``reportlab.platypus.paragraph`` does ``from reportlab.lib.textsplit import
    ALL_CANNOT_START``, so the joined string is replaced in both modules.
    ReportLab hangs at most one such character in the right margin; a pair such
    as ``。”`` can still put the second mark at the start of the next line.
    """
    current = _textsplit.ALL_CANNOT_START
    extra = "".join(dict.fromkeys(ch for ch in CANNOT_START_LINE_EXTRA if ch not in current))
    if extra:
        _textsplit.CANNOT_START_LINE.append(extra)
        _textsplit.ALL_CANNOT_START = current + extra
    if _paragraph.ALL_CANNOT_START != _textsplit.ALL_CANNOT_START:
        _paragraph.ALL_CANNOT_START = _textsplit.ALL_CANNOT_START


_patch_to_unicode_cmap()
_patch_cannot_start_line()
_linebreak.install()


# --------------------------------------------------------------------------- #
# Font files: TrueType check without a full parse
# --------------------------------------------------------------------------- #

_TRUETYPE_VERSIONS = {b"\x00\x01\x00\x00", b"true"}


def _sfnt_tables(fh, offset: int) -> tuple[bytes, set[bytes]]:
    fh.seek(offset)
    header = fh.read(12)
    if len(header) < 12:
        raise ValueError("truncated font header")
    version = header[:4]
    (num_tables,) = struct.unpack(">H", header[4:6])
    directory = fh.read(16 * num_tables)
    tags = {directory[i : i + 4] for i in range(0, len(directory) - 15, 16)}
    return version, tags


def truetype_subfonts(path: str | os.PathLike[str]) -> list[int]:
    """Indices of the faces in a font file that have TrueType (``glyf``) outlines.

    Reads only the table directories, so it is cheap even for a 50 MB font.
    A ``.ttf`` gives ``[0]`` or ``[]``; a ``.ttc`` may give several indices;
    a CFF font (``OTTO``), a missing or unreadable file give ``[]``.

    Args:
        path: The font file.

    Returns:
        The usable subfont indices, ascending.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if head[:4] == b"ttcf":
                (count,) = struct.unpack(">I", head[8:12])
                offsets = struct.unpack(f">{count}I", fh.read(4 * count))
            else:
                offsets = (0,)
            usable = []
            for index, offset in enumerate(offsets):
                version, tags = _sfnt_tables(fh, offset)
                if version in _TRUETYPE_VERSIONS and b"glyf" in tags and b"cmap" in tags:
                    usable.append(index)
            return usable
    except (OSError, ValueError, struct.error):
        return []


# --------------------------------------------------------------------------- #
# FontSpec and loading
# --------------------------------------------------------------------------- #

_load_lock = threading.RLock()
_loaded: dict[tuple[str, int], TTFont] = {}
_failed: dict[tuple[str, int], str] = {}
_names: dict[str, tuple[str, int]] = {}


def _base_name(path: str, index: int) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "", Path(path).stem) or "Font"
    return f"Linli-{stem}-{index}"


@dataclass(frozen=True)
class FontSpec:
    """A TrueType face to use: a file, a subfont index, and its role.

    Attributes:
        path: Absolute path of the ``.ttf``/``.ttc`` file.
        index: Subfont index inside a ``.ttc`` (0 for a ``.ttf``).
        role: ``"configured"``, ``"cjk"``, ``"extb"`` (rare characters, CJK
            Ext-B and beyond) or ``"latin"``.
        rank: Preference among fonts of the same role (lower first).
    """

    path: str
    index: int = 0
    role: str = ROLE_CJK
    rank: int = field(default=100, compare=False)

    @property
    def key(self) -> tuple[str, int]:
        """``(path, index)``: what identifies the face."""
        return (self.path, self.index)

    @property
    def name(self) -> str:
        """The name the face is registered under with ReportLab (stable per process)."""
        with _load_lock:
            base = _base_name(self.path, self.index)
            name, n = base, 1
            while _names.setdefault(name, self.key) != self.key:
                n += 1
                name = f"{base}-{n}"
            return name


def load_font(spec: FontSpec) -> TTFont:
    """Parse a face (once per process) and register it with ReportLab.

    The face is registered under :attr:`FontSpec.name`, also as a font family
    whose bold/italic members are itself, so ``<b>`` in markup does not fail.

    Args:
        spec: The face to load.

    Returns:
        The cached ``TTFont``.

    Raises:
        FontError: The file is missing, is not TrueType, or forbids embedding.
    """
    key = spec.key
    with _load_lock:
        font = _loaded.get(key)
        if font is not None:
            return font
        if key in _failed:
            raise FontError(_failed[key])
        name = spec.name
        try:
            font = TTFont(name, spec.path, subfontIndex=spec.index)
        except (TTFError, OSError, struct.error, IndexError, KeyError, ValueError) as exc:
            _failed[key] = f"{spec.path}#{spec.index}: {exc}"
            raise FontError(_failed[key]) from exc
        pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        _loaded[key] = font
        return font


def probe_font(path: str | os.PathLike[str], index: int | None = None) -> list[FontSpec]:
    """Check that a file is a usable TrueType font, e.g. for a settings dialog.

    Args:
        path: The font file.
        index: One subfont of a ``.ttc``; ``None`` for every TrueType subfont.

    Returns:
        One configured :class:`FontSpec` per usable face.

    Raises:
        FontError: With a reason a clerk can pass on: missing file, CFF
            outlines (``.otf``, Noto/Source Han ``.ttc``), no such subfont.
    """
    p = Path(path).expanduser()
    if not p.is_file():
        raise FontError(f"font file not found: {p}")
    faces = truetype_subfonts(p)
    if not faces:
        raise FontError(
            f"{p} has no TrueType outlines (CFF/OpenType fonts such as Noto Sans CJK "
            "or Source Han cannot be embedded by ReportLab)"
        )
    if index is not None:
        if index not in faces:
            raise FontError(f"{p} has no TrueType subfont {index}")
        faces = [index]
    return [FontSpec(str(p.resolve()), i, ROLE_CONFIGURED, rank=0) for i in faces]


def clear_caches() -> None:
    """Forget discovery results (loaded fonts stay registered with ReportLab)."""
    discover_fonts.cache_clear()
    with _load_lock:
        _failed.clear()


# --------------------------------------------------------------------------- #
# Discovery
# --------------------------------------------------------------------------- #

#: Known TrueType files: lower-case file name → (role, rank, subfont index).
KNOWN_FONTS: dict[str, tuple[str, int, int]] = {
    # Windows
    "msyh.ttc": (ROLE_CJK, 10, 0),  # Microsoft YaHei
    "msyh.ttf": (ROLE_CJK, 11, 0),
    "simhei.ttf": (ROLE_CJK, 12, 0),  # SimHei
    "simsun.ttc": (ROLE_CJK, 13, 0),  # SimSun
    "simsunb.ttf": (ROLE_EXTB, 10, 0),  # SimSun-ExtB
    "mingliub.ttc": (ROLE_EXTB, 11, 0),  # MingLiU-ExtB
    "arial.ttf": (ROLE_LATIN, 20, 0),
    # macOS (TrueType ones; CFF files are filtered out anyway)
    "stheiti medium.ttc": (ROLE_CJK, 20, 0),
    "stheiti light.ttc": (ROLE_CJK, 21, 0),
    "songti.ttc": (ROLE_CJK, 22, 0),
    "arial unicode.ttf": (ROLE_CJK, 23, 0),
    "pingfang.ttc": (ROLE_CJK, 24, 0),
    "hiragino sans gb.ttc": (ROLE_CJK, 25, 0),
    # Linux
    "wqy-microhei.ttc": (ROLE_CJK, 30, 0),
    "wqy-zenhei.ttc": (ROLE_CJK, 31, 0),
    "uming.ttc": (ROLE_CJK, 32, 0),
    "ukai.ttc": (ROLE_CJK, 33, 0),
    "droidsansfallbackfull.ttf": (ROLE_CJK, 34, 0),
    "hanamina.ttf": (ROLE_CJK, 60, 0),  # Hanazono A: BMP and Ext-A
    "babelstonehan.ttf": (ROLE_EXTB, 30, 0),
    "hanaminb.ttf": (ROLE_EXTB, 31, 0),  # Hanazono B: Ext-B and beyond
    "dejavusans.ttf": (ROLE_LATIN, 10, 0),
    # Official-document faces (reports.faces): found, never in the default chain
    "fzxbsjw.ttf": (ROLE_OFFICIAL, 10, 0),  # FZXiaoBiaoSong (方正小标宋简体), when bought
    "gbsn00lp.ttf": (ROLE_OFFICIAL, 11, 0),  # AR PL SungtiL GB (Debian fonts-arphic-gbsn00lp)
    "simfang.ttf": (ROLE_OFFICIAL, 12, 0),  # FangSong (Windows)
    "stfangso.ttf": (ROLE_OFFICIAL, 13, 0),  # STFangsong (Office)
    "simkai.ttf": (ROLE_OFFICIAL, 14, 0),  # KaiTi (Windows)
    "stkaiti.ttf": (ROLE_OFFICIAL, 15, 0),  # STKaiti (Office)
    "kaiu.ttf": (ROLE_OFFICIAL, 16, 0),  # DFKai-SB (標楷體, Windows, Taiwan's official face)
    "mingliu.ttc": (ROLE_OFFICIAL, 17, 0),  # MingLiU (細明體, Windows)
    "dejavuserif.ttf": (ROLE_OFFICIAL, 30, 0),  # Latin text of an English notice
    "times.ttf": (ROLE_OFFICIAL, 31, 0),  # Times New Roman (Windows)
}

_ROLE_ORDER = {ROLE_CONFIGURED: 0, ROLE_CJK: 1, ROLE_EXTB: 2, ROLE_LATIN: 3, ROLE_OFFICIAL: 4}


def _extra_font_dirs() -> list[Path]:
    """The folders named by ``$LINLI_FONT_DIR``."""
    return [Path(d).expanduser() for d in os.environ.get(DIR_ENV_VAR, "").split(os.pathsep) if d.strip()]


def _platform_font_dirs() -> list[Path]:
    home = Path.home()
    extra = _extra_font_dirs()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [*extra, windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [
            *extra,
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    dirs = [*extra, *(Path(d) / "fonts" for d in data_dirs.split(":") if d)]
    dirs += [home / ".local" / "share" / "fonts", home / ".fonts"]
    return dirs


def _scan_dir(root: Path, depth: int = 3) -> Iterable[Path]:
    """Known font files under ``root`` (to ``depth`` levels), tolerant of errors."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if depth > 0:
                    yield from _scan_dir(Path(entry.path), depth - 1)
            elif entry.name.lower() in KNOWN_FONTS:
                yield Path(entry.path)
        except OSError:
            continue


def _fc_list_zh() -> list[tuple[str, int]]:
    """``fc-list :lang=zh`` as ``(file, index)`` pairs; ``[]`` when fontconfig is absent."""
    exe = shutil.which("fc-list")
    if not exe:
        return []
    try:
        out = subprocess.run(
            [exe, "--format=%{file}\t%{index}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        path, _tab, index = line.partition("\t")
        if path:
            found.append((path.strip(), int(index) if index.strip().isdigit() else 0))
    return found


def _configured_specs(configured: Sequence[str]) -> list[FontSpec]:
    specs: list[FontSpec] = []
    for item in configured:
        path, _hash, idx = item.partition("#")
        try:
            faces = probe_font(path, int(idx) if idx.isdigit() else None)
        except FontError as exc:
            log.warning("configured font ignored: %s", exc)
            continue
        specs.append(faces[0])
    return specs


@lru_cache(maxsize=8)
def _discover(configured: tuple[str, ...]) -> tuple[FontSpec, ...]:
    specs = _configured_specs(configured)
    seen = {s.path for s in specs}

    def add(path: Path, role: str, rank: int, index: int) -> None:
        try:
            resolved = str(path.resolve())
        except OSError:
            return
        if resolved in seen:
            return
        faces = truetype_subfonts(resolved)
        if not faces:
            return
        seen.add(resolved)
        specs.append(FontSpec(resolved, index if index in faces else faces[0], role, rank))

    for root in _platform_font_dirs():
        for path in _scan_dir(root):
            role, rank, index = KNOWN_FONTS[path.name.lower()]
            add(path, role, rank, index)
    for file, index in _fc_list_zh():
        known = KNOWN_FONTS.get(Path(file).name.lower())
        if known:
            add(Path(file), known[0], known[1], known[2])
        else:
            add(Path(file), ROLE_CJK, 90, index)
    specs.sort(key=lambda s: (_ROLE_ORDER[s.role], s.rank, s.path))
    return tuple(specs)


def _split_configured(value: str | os.PathLike[str] | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)] if os.fspath(value) else []
    return [os.fspath(v) for v in value if v]


def discover_fonts(
    configured: str | os.PathLike[str] | Sequence[str] | None = None,
) -> tuple[FontSpec, ...]:
    """Every usable TrueType font for Chinese text, best first (cached).

    Order: the ``configured`` font(s), then ``$LINLI_FONT``, then platform
    fonts — CJK text fonts (Microsoft YaHei, SimHei, SimSun; STHeiti, Songti,
    Arial Unicode; WenQuanYi, AR PL, fc-list ``:lang=zh``), then rare-character
    fonts (SimSun-ExtB, MingLiU-ExtB, BabelStone Han, Hanazono B), then a
    Latin fallback (DejaVu Sans, Arial). CFF fonts are skipped. Nothing is
    parsed here: only table directories are read.

    Args:
        configured: A path (``path#N`` for a ``.ttc`` subfont) or several,
            from the caller's settings.

    Returns:
        The faces as :class:`FontSpec`, configured ones first.
    """
    items = _split_configured(configured)
    env = os.environ.get(ENV_VAR, "")
    items += [p for p in env.split(os.pathsep) if p.strip()]
    return _discover(tuple(items))


discover_fonts.cache_clear = _discover.cache_clear  # type: ignore[attr-defined]


def default_chain(
    configured: str | os.PathLike[str] | Sequence[str] | None = None,
) -> FontChain:
    """The chain reports use unless told otherwise.

    Configured fonts first, then the best CJK font (the primary when nothing is
    configured), a second CJK font, up to two rare-character fonts and one
    Latin fallback. Fonts are only parsed when a character needs them.

    Args:
        configured: As for :func:`discover_fonts`.

    Returns:
        A :class:`FontChain`.

    Raises:
        FontNotFoundError: No TrueType font at all was found.
    """
    found = discover_fonts(configured)
    limits = {ROLE_CONFIGURED: 99, ROLE_CJK: 2, ROLE_EXTB: 2, ROLE_LATIN: 1, ROLE_OFFICIAL: 0}
    chosen: list[FontSpec] = []
    for spec in found:
        if limits[spec.role] > 0:
            limits[spec.role] -= 1
            chosen.append(spec)
    if not chosen:
        raise FontNotFoundError(
            "No TrueType Chinese font found. Install Microsoft YaHei/SimSun (Windows) or "
            f"fonts-wqy-microhei (Linux), or set {ENV_VAR} to a .ttf/.ttc file."
        )
    return FontChain(chosen)


# --------------------------------------------------------------------------- #
# The chain
# --------------------------------------------------------------------------- #

#: Categories left out of drawn text: controls, format characters, lone surrogates.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs"}


def is_ignorable(ch: str) -> bool:
    """Whitespace and control/format characters: never reported as missing.

    Control and format characters (ZWSP, BOM, soft hyphen…) carry no glyph and
    are left out of drawn text; whitespace is drawn with the surrounding font.
    Unassigned and private-use code points are *not* ignorable.
    """
    return ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf"}


class FontChain:
    """A primary font and fallbacks, chosen character by character.

    Args:
        fonts: Faces in order of preference; the first usable one is the
            primary. Each item is a :class:`FontSpec` or a font file path
            (``path#N`` for a ``.ttc`` subfont).

    Raises:
        FontError: A path given as a string is not a usable TrueType font.
        ValueError: ``fonts`` is empty.
    """

    def __init__(self, fonts: Sequence[FontSpec | str | os.PathLike[str]]) -> None:
        specs: list[FontSpec] = []
        for item in fonts:
            if isinstance(item, FontSpec):
                specs.append(item)
            else:
                path, _hash, idx = os.fspath(item).partition("#")
                specs.append(probe_font(path, int(idx) if idx.isdigit() else None)[0])
        if not specs:
            raise ValueError("a FontChain needs at least one font")
        self.specs: tuple[FontSpec, ...] = tuple(dict.fromkeys(specs))
        self._char_font: dict[str, str | None] = {}
        self._bad: set[FontSpec] = set()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FontChain({[s.name for s in self.specs]!r})"

    def _usable(self) -> Iterable[tuple[FontSpec, TTFont]]:
        """Loaded faces in order, loading each only when first needed."""
        for spec in self.specs:
            if spec in self._bad:
                continue
            try:
                yield spec, load_font(spec)
            except FontError as exc:
                log.warning("font skipped: %s", exc)
                self._bad.add(spec)

    @property
    def primary(self) -> str:
        """ReportLab name of the primary (first loadable) font.

        Raises:
            FontNotFoundError: None of the chain's fonts can be loaded.
        """
        for spec, _font in self._usable():
            return spec.name
        raise FontNotFoundError("none of the chain's fonts could be loaded: " + repr(self))

    @property
    def names(self) -> list[str]:
        """ReportLab names of every face in the chain (loading none)."""
        return [s.name for s in self.specs]

    def font_for(self, ch: str) -> str | None:
        """Name of the first font that has a glyph for ``ch``, or ``None``."""
        with self._lock:
            if ch in self._char_font:
                return self._char_font[ch]
        code = ord(ch)
        found = None
        faces = self._usable()
        if is_ignorable(ch):
            # A line break or a space is drawn with the text around it: never a reason to load a
            # fallback face (the 48 MB Ext-B font was loaded for the "\n" of every notice: issue 9).
            faces = itertools.islice(faces, 1)
        for spec, font in faces:
            if code in font.face.charToGlyph:
                found = spec.name
                break
        with self._lock:
            self._char_font[ch] = found
        return found

    def covers(self, ch: str) -> bool:
        """Whether some font in the chain has ``ch``."""
        return self.font_for(ch) is not None

    def missing_chars(self, text: str) -> list[str]:
        """Characters of ``text`` no font in the chain has.

        Args:
            text: Any text; a character outside the BMP is one ``str`` item.

        Returns:
            The characters in order of first appearance, without duplicates;
            whitespace and control/format characters are never listed.
        """
        missing: dict[str, None] = {}
        for ch in text:
            if ch not in missing and not is_ignorable(ch) and self.font_for(ch) is None:
                missing[ch] = None
        return list(missing)

    def split_runs(self, text: str) -> list[tuple[str, str]]:
        """Group consecutive characters by the font that will draw them.

        Each character goes to the first font in the chain that has it; a
        character no font has goes to the primary font (it will show as a
        blank or a box: call :meth:`missing_chars` to report it). Whitespace
        stays in the current run when that font has it. Control and format
        characters other than ``\\n`` and ``\\t`` (and lone surrogates,
        which :meth:`missing_chars` still reports) are dropped.

        Args:
            text: Plain text.

        Returns:
            ``[(font_name, chunk), ...]``; joining the chunks gives ``text``
            less the dropped control characters.
        """
        runs: list[tuple[str, list[str]]] = []
        primary: str | None = None
        for ch in text:
            if ch not in "\n\t" and unicodedata.category(ch) in _DROP_CATEGORIES:
                continue
            name: str | None = None
            if ch.isspace() and runs:
                current = runs[-1][0]
                font = pdfmetrics.getFont(current)
                if ord(ch) in getattr(font, "face", font).charToGlyph or ch in "\n\t":
                    name = current
            if name is None:
                name = self.font_for(ch)
            if name is None:
                if primary is None:
                    primary = self.primary
                name = primary
            if runs and runs[-1][0] == name:
                runs[-1][1].append(ch)
            else:
                runs.append((name, [ch]))
        return [(name, "".join(chars)) for name, chars in runs]

    def to_markup(self, text: str) -> str:
        """Plain text as ReportLab Paragraph markup with ``<font name>`` runs.

        ``&``, ``<`` and ``>`` are escaped, ``\\r\\n``/``\\n`` become ``<br/>``,
        tabs become spaces.

        Args:
            text: Plain text, e.g. a resident's name.

        Returns:
            Markup for :class:`reportlab.platypus.Paragraph`.
        """
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        parts = []
        for name, chunk in self.split_runs(text):
            body = "<br/>".join(_xml_escape(line) for line in chunk.split("\n"))
            parts.append(f'<font name="{name}">{body}</font>')
        return "".join(parts)

    def string_width(self, text: str, size: float) -> float:
        """Width in points of ``text`` drawn run by run at ``size``."""
        return sum(
            pdfmetrics.stringWidth(chunk, name, size) for name, chunk in self.split_runs(text)
        )

    @classmethod
    def from_paths(cls, *paths: str | os.PathLike[str]) -> FontChain:
        """A chain of the given font files, in order (``path#N`` for a subfont)."""
        return cls(list(paths))
