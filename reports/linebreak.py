"""Chinese line breaking (禁则, kinsoku) for ReportLab's ``wordWrap='CJK'`` paragraphs.

What ReportLab 4 does on its own (``reportlab.lib.textsplit.dumbSplit`` for a
one-font paragraph, ``reportlab.platypus.paragraph.cjkFragSplit`` for a
paragraph of several fonts): it fills a line character by character and, when
the character that overflows is in ``ALL_CANNOT_START``, hangs that one mark in
the right margin. It never looks at the characters that may not *end* a line
(``CANNOT_END_LINE`` is defined and unused), so ``“（《「`` can end a line; its
list of closing marks lacks most Chinese ones (``reports.fonts`` extends it);
and a pair such as ``。”`` puts the second mark at the start of the next line.

:func:`break_points` is the rule this module puts in their place, for both
paths (installed by :func:`install`, called on import of :mod:`reports.fonts`):

* a line never begins with a character of :data:`CANNOT_START` (，。、；：？！
  ）》」』”’…· and their kin);
* a line never ends with a character of :data:`CANNOT_END` (（《「『“‘【 …);
* one closing mark that overflows hangs in the margin, as before (the line
  stays full); otherwise the break moves back (推出) until both rules hold;
* a Latin word or number (``8:00``, ``2026``) is not cut, and words set apart
  by spaces (a menu's dishes) break at a space, when that break is at most half
  a line back; a hard line break (``<br/>``) ends a line.

When no break can satisfy the rules (a line of nothing but marks) the line is
cut where it is full, so wrapping always makes progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from unicodedata import category

from reportlab.lib import textsplit as _textsplit
from reportlab.platypus import paragraph as _paragraph
from reportlab.rl_config import _FUZZ

__all__ = ["CANNOT_START", "CANNOT_END", "break_points", "install"]

#: Characters that may not begin a line (closing punctuation, pauses, stops).
CANNOT_START = frozenset(
    "，。！？；：、）》」』】〕〉〗〙〛｝］”’…·﹐﹑﹒﹔﹕﹖﹗｡､｣ー々〻゛゜ヽヾゝゞ"
    "!),.:;?]}%‰℃°′″￠％"
)

#: Characters that may not end a line (opening brackets and quotation marks).
CANNOT_END = frozenset("（《「『【〔〈〖〘〚｛［“‘([{￥＄£$#@§〒")


def _is_latin(ch: str) -> bool:
    """Part of a word that should not be cut: not CJK, not a space."""
    return bool(ch) and ord(ch) < 0x3000 and category(ch) != "Zs"


def _break_before(chars: Sequence[str], start: int, k: int, n: int) -> int:
    """Where the next line starts, given that ``chars[k]`` is the first that does not fit.

    ``chars[start:k]`` fits on the line. Returns an index in ``start+1 .. k+1``.
    """
    if k <= start:
        return start + 1
    if chars[k].isspace():
        return k + 1  # the space that overflows ends this line, unseen; the next starts with a word
    b = k
    if _is_latin(chars[k]) and _is_latin(chars[k - 1]):
        j = k
        while j > start and _is_latin(chars[j - 1]):
            j -= 1
        if j > (start + k) // 2:
            b = j
    if b == k and chars[k] in CANNOT_START and chars[k - 1] not in CANNOT_END and (
        k + 1 >= n or chars[k + 1] not in CANNOT_START
    ):
        return k + 1  # hang one closing mark in the margin
    if b == k and not chars[k].isspace():
        # Words set apart by spaces (a menu's dishes: 宫保鸡丁 炒白菜 海带汤) break at a space
        # in the second half of the line rather than inside a word.
        for j in range(k - 1, (start + k) // 2, -1):
            if chars[j].isspace():
                b = j + 1
                break
    while b > start + 1 and (chars[b] in CANNOT_START or chars[b - 1] in CANNOT_END):
        b -= 1
    if chars[b] in CANNOT_START or chars[b - 1] in CANNOT_END:
        return k  # nothing better: cut where the line is full
    return b


def break_points(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float] | float,
    hard: Sequence[bool] | None = None,
) -> list[tuple[int, int, float, bool]]:
    """Split a run of characters into lines.

    Args:
        chars: One character per item ("" for a zero-width item such as a
            line-break marker).
        widths: The width of each item, in points.
        max_widths: The width of each line (the last repeats), or one width.
        hard: Per item, whether a line ends after it (``<br/>``).

    Returns:
        ``[(start, end, extra_space, hard_break), ...]``: each line is
        ``chars[start:end]``; ``extra_space`` is the room left on it.
    """
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    n = len(chars)
    lines: list[tuple[int, int, float, bool]] = []

    def width_of_line() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    start = i = 0
    used = 0.0
    while i < n:
        used += widths[i]
        i += 1
        if hard is not None and hard[i - 1]:
            lines.append((start, i, width_of_line() - used, True))
            start, used = i, 0.0
            continue
        if used > width_of_line() + _FUZZ and used > 0:
            b = _break_before(chars, start, i - 1, n)
            lines.append((start, b, width_of_line() - sum(widths[start:b]), False))
            start = i = b
            used = 0.0
    if start < n:
        lines.append((start, n, width_of_line() - used, False))
    return lines


def _dumb_split(word: str, widths: Sequence[float], maxWidths) -> list[list]:  # noqa: N803 - ReportLab's name
    """``reportlab.lib.textsplit.dumbSplit`` with :func:`break_points` (one-font paragraphs)."""
    out = []
    lines = break_points(word, widths, maxWidths)
    for number, (start, end, extra, _hard) in enumerate(lines):
        text = word[start:end]
        out.append([extra, text if number == len(lines) - 1 else text.strip()])
    return out


def _cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):  # noqa: ANN001, N803 - ReportLab's names
    """``reportlab.platypus.paragraph.cjkFragSplit`` with :func:`break_points` (several fonts)."""
    units = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(_paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            units.append(_paragraph.cjkU(text, frag, encoding))
    first = maxWidths[0] if isinstance(maxWidths, (list, tuple)) else maxWidths
    widths = []
    for u in units:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = first
            w = w.normalizedValue(first)
        widths.append(w)
    hard = [hasattr(u.frag, "lineBreak") for u in units]
    lines = []
    all_widths = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
    for number, (start, end, extra, line_break) in enumerate(break_points(units, widths, all_widths, hard)):
        max_width = all_widths[min(number, len(all_widths) - 1)]
        lines.append(_paragraph.makeCJKParaLine(units[start:end], max_width, sum(widths[start:end]), extra,
                                                line_break, calcBounds))
    return _paragraph.ParaLines(kind=1, lines=lines)


_dumb_split._linli_patched = True  # type: ignore[attr-defined]
_cjk_frag_split._linli_patched = True  # type: ignore[attr-defined]


def install() -> None:
    """Put :func:`break_points` behind ReportLab's two CJK splitters (idempotent).

    ``textsplit.wordSplit`` looks ``dumbSplit`` up as a module global and
    ``Paragraph.breakLinesCJK`` looks up ``cjkFragSplit`` the same way, so
    replacing the module attributes is enough.
    """
    if not getattr(_textsplit.dumbSplit, "_linli_patched", False):
        _textsplit.dumbSplit = _dumb_split
    if not getattr(_paragraph.cjkFragSplit, "_linli_patched", False):
        _paragraph.cjkFragSplit = _cjk_frag_split
