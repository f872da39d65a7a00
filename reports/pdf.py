"""The base A4 document every Linli PDF is built on.

A report hands :func:`build_pdf` plain data — a list of blocks (:class:`Title`,
:class:`Heading`, :class:`Body`, :class:`DataTable`, :class:`Gap`,
:class:`NewPage`) — and a :class:`DocumentInfo`, and gets back a
:class:`PdfResult`: the PDF bytes, the characters no installed font could
draw (``missing``) and the page count. Every page carries the centre's name
at the top and "Page X of Y" with the print date at the foot.

Why over 500 lines: the page template, the flowables and the table that
repeats its header are one layout every report shares; they change together.

Text is drawn through a :class:`~reports.fonts.FontChain`, so a rare
character (𠮷) or a minority name (阿卜杜·热合曼) is drawn with a font that
has it, and only embedded TrueType subsets are used (never ``STSong-Light``).

A block may also be a ready-made ReportLab flowable (its text is not checked
for missing glyphs) or a callable that receives the :class:`Composer` and
returns flowables — the way to build custom content and still have the
missing characters counted::

    def signature(c: Composer) -> list[Flowable]:
        return [c.body(info.issuer, align="right"), c.body(date_text, align="right")]

    result = build_pdf([Title("活动通知"), Body(text), signature], info)

This module never imports Qt and never opens a database session.
"""

from __future__ import annotations

import datetime as _dt
import io
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as _landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from i18n import _, current_language, format_date
from reports.fonts import FontChain, FontError, default_chain

__all__ = [
    "DocumentInfo",
    "Letterhead",
    "PdfResult",
    "MissingGlyphsError",
    "ReportStyles",
    "make_styles",
    "Composer",
    "Title",
    "Heading",
    "Body",
    "DataTable",
    "Gap",
    "NewPage",
    "Block",
    "draw_text",
    "build_pdf",
]

log = logging.getLogger(__name__)

# Page geometry (points). The header and footer sit inside the margins, the
# frame between them.
MARGIN_X = 20 * mm
MARGIN_TOP = 28 * mm
MARGIN_BOTTOM = 22 * mm
HEADER_BASELINE = 14 * mm  # from the top edge
HEADER_RULE = 19 * mm
FOOTER_RULE = 15 * mm  # from the bottom edge
FOOTER_BASELINE = 10 * mm
GREY = colors.HexColor("#555555")
RULE_GREY = colors.HexColor("#999999")
HEADER_FILL = colors.HexColor("#E8E8E8")


@dataclass
class DocumentInfo:
    """Who prints the document, and what it is: the letterhead and the metadata.

    Attributes:
        centre_name: The centre's name, printed at the top of every page.
        title: The document's title (PDF metadata; also in the header).
        address: The centre's address, under its name in the header.
        phone: The centre's phone, beside the address.
        issuer: Who issues the document (PDF author; also in the footer).
        print_date: The date printed in the footer; today by default.
        subject: PDF subject metadata.
        logo_path: An image file (PNG/JPEG) drawn left of the centre's name
            in the header; ignored (and logged) when it cannot be read.
    """

    centre_name: str
    title: str = ""
    address: str = ""
    phone: str = ""
    issuer: str = ""
    print_date: _dt.date = field(default_factory=_dt.date.today)
    subject: str = ""
    logo_path: str = ""


#: The same thing under the name a notice designer thinks of.
Letterhead = DocumentInfo


@dataclass
class PdfResult:
    """What :func:`build_pdf` returns.

    Attributes:
        pdf: The PDF file's bytes.
        missing: Characters no font in the chain has, in order of first
            appearance (they print as blanks or boxes). Empty when all is well;
            the caller should warn the clerk otherwise.
        pages: Number of pages.
    """

    pdf: bytes = field(repr=False)
    missing: list[str] = field(default_factory=list)
    pages: int = 0

    @property
    def ok(self) -> bool:
        """True when every character could be drawn."""
        return not self.missing


class MissingGlyphsError(FontError):
    """Raised by ``build_pdf(..., strict=True)`` when characters cannot be drawn.

    Attributes:
        missing: The characters, as in :attr:`PdfResult.missing`.
    """

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = list(missing)
        shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in self.missing)
        super().__init__(f"no installed font can draw: {shown}")


# --------------------------------------------------------------------------- #
# Styles
# --------------------------------------------------------------------------- #


@dataclass
class ReportStyles:
    """Paragraph styles of one document (all in the chain's primary font)."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    header_size: float
    footer_size: float


_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def make_styles(chain: FontChain, large_type: bool = False) -> ReportStyles:
    """Paragraph styles for a document drawn with ``chain``.

    All styles use ``wordWrap='CJK'`` and a generous leading (1.5×) so Chinese
    text is not crowded.

    Args:
        chain: The font chain; its primary font is the styles' font.
        large_type: Bigger type for elders and the bulletin board
            (body 14 pt instead of 10.5 pt).

    Returns:
        The styles.
    """
    font = chain.primary
    body_size, title_size, heading_size, cell_size = (
        (14.0, 24.0, 18.0, 13.0) if large_type else (10.5, 18.0, 14.0, 10.0)
    )

    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.5)
        return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **kw)

    return ReportStyles(
        title=style(
            "LinliTitle",
            title_size,
            alignment=TA_CENTER,
            spaceBefore=2 * mm,
            spaceAfter=5 * mm,
            leading=title_size * 1.3,
        ),
        heading=style(
            "LinliHeading",
            heading_size,
            spaceBefore=4 * mm,
            spaceAfter=2 * mm,
            leading=heading_size * 1.35,
        ),
        body=style("LinliBody", body_size, spaceAfter=body_size * 0.6),
        table_header=style(
            "LinliTableHeader", cell_size, alignment=TA_CENTER, leading=cell_size * 1.35
        ),
        table_cell=style("LinliTableCell", cell_size, leading=cell_size * 1.35),
        header_size=11.0 if large_type else 10.0,
        footer_size=10.0 if large_type else 8.5,
    )


# --------------------------------------------------------------------------- #
# Blocks: plain data a report hands over
# --------------------------------------------------------------------------- #


@dataclass
class Title:
    """The document's title, centred, large."""

    text: str


@dataclass
class Heading:
    """A section heading."""

    text: str


@dataclass
class Body:
    """A paragraph of body text; newlines are kept.

    Attributes:
        text: Plain text (no markup: ``<`` and ``&`` print as themselves).
        align: ``"left"``, ``"center"``, ``"right"`` or ``"justify"``.
    """

    text: str
    align: str = "left"


@dataclass
class DataTable:
    """A table with one header row, repeated at the top of every page it spans.

    Attributes:
        header: Column titles.
        rows: Cell values; ``None`` prints empty, anything else via ``str``.
        col_widths: Relative column widths (e.g. ``[1, 3, 2]``); equal if None.
        align: Per-column ``"left"``/``"center"``/``"right"``; left if None.
    """

    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    col_widths: Sequence[float] | None = None
    align: Sequence[str] | None = None


@dataclass
class Gap:
    """Vertical space, in millimetres."""

    height_mm: float = 5.0


@dataclass
class NewPage:
    """Start a new page."""


#: What :func:`build_pdf` accepts: a block dataclass, a ReportLab flowable (not
#: checked for missing glyphs) or ``f(composer) -> flowable | flowables``.
Block = (
    Title
    | Heading
    | Body
    | DataTable
    | Gap
    | NewPage
    | Flowable
    | Callable[["Composer"], Flowable | Iterable[Flowable]]
)


# --------------------------------------------------------------------------- #
# Composer: plain strings → flowables, counting missing characters
# --------------------------------------------------------------------------- #


class Composer:
    """Turns plain strings into flowables with the chain, and remembers what it could not draw.

    Args:
        chain: The font chain.
        styles: The document's styles.
        frame_width: Width available to flowables, in points (for tables).
    """

    def __init__(self, chain: FontChain, styles: ReportStyles, frame_width: float) -> None:
        self.chain = chain
        self.styles = styles
        self.frame_width = frame_width
        self._missing: dict[str, None] = {}
        self._aligned: dict[tuple[str, str], ParagraphStyle] = {}

    @property
    def missing(self) -> list[str]:
        """Characters seen so far that no font has, in order of first appearance."""
        return list(self._missing)

    def note(self, text: str, chain: FontChain | None = None) -> None:
        """Check ``text`` drawn some other way (e.g. on the canvas) for missing glyphs."""
        for ch in (chain or self.chain).missing_chars(text):
            self._missing.setdefault(ch, None)

    def paragraph(
        self, text: str, style: ParagraphStyle, align: str | None = None, chain: FontChain | None = None
    ) -> Paragraph:
        """A Paragraph of plain ``text`` in ``style``, font runs chosen per character.

        ``chain`` draws it instead of the document's chain (a notice's Song title).
        """
        chain = chain or self.chain
        self.note(text, chain)
        if align is not None and _ALIGN[align] != style.alignment:
            key = (style.name, align)
            if key not in self._aligned:
                self._aligned[key] = ParagraphStyle(
                    f"{style.name}-{align}", parent=style, alignment=_ALIGN[align]
                )
            style = self._aligned[key]
        return Paragraph(chain.to_markup(text), style)

    def title(self, text: str) -> Paragraph:
        """The document title."""
        return self.paragraph(text, self.styles.title)

    def heading(self, text: str) -> Paragraph:
        """A section heading."""
        return self.paragraph(text, self.styles.heading)

    def body(self, text: str, align: str = "left") -> Paragraph:
        """A body paragraph."""
        return self.paragraph(text, self.styles.body, align)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        col_widths: Sequence[float] | None = None,
        align: Sequence[str] | None = None,
        *,
        header_style: ParagraphStyle | None = None,
        cell_style: ParagraphStyle | None = None,
        cell_chain: FontChain | None = None,
    ) -> Table:
        """A full-width table whose header row repeats on every page (``repeatRows=1``).

        Args:
            header: Column titles.
            rows: Cell values (``None`` → empty; a Flowable is used as is).
            col_widths: Relative widths; equal when None.
            align: Per-column alignment; left when None.
            header_style / cell_style: Instead of the document's table styles.
            cell_chain: Draws the cells instead of the document's chain (the
                header row keeps the document's chain).

        Returns:
            The ReportLab Table.
        """
        ncols = len(header)
        weights = list(col_widths) if col_widths else [1.0] * ncols
        if len(weights) != ncols:
            raise ValueError(f"{len(weights)} column widths for {ncols} columns")
        total = float(sum(weights))
        widths = [self.frame_width * w / total for w in weights]
        aligns = list(align) if align else ["left"] * ncols

        def cell(value: Any, style: ParagraphStyle, col: int) -> Any:
            if isinstance(value, Flowable):
                return value
            return self.paragraph("" if value is None else str(value), style, aligns[col], cell_chain)

        data = [[self.paragraph(str(h), header_style or self.styles.table_header) for h in header]]
        for row in rows:
            if len(row) != ncols:
                raise ValueError(f"row has {len(row)} cells, the header {ncols}")
            data.append([cell(v, cell_style or self.styles.table_cell, i) for i, v in enumerate(row)])
        table = Table(data, colWidths=widths, repeatRows=1, spaceBefore=2 * mm, spaceAfter=4 * mm)
        table.setStyle(
            TableStyle(
                [
                    # Cells are Paragraphs; the table's own font is set anyway so that
                    # ReportLab never falls back to (non-embedded) Helvetica.
                    ("FONT", (0, 0), (-1, -1), self.chain.primary,
                     (cell_style or self.styles.table_cell).fontSize),
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE_GREY),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table

    def convert(self, block: Block) -> list[Flowable]:
        """One block as flowables."""
        if isinstance(block, Title):
            return [self.title(block.text)]
        if isinstance(block, Heading):
            return [self.heading(block.text)]
        if isinstance(block, Body):
            return [self.body(block.text, block.align)]
        if isinstance(block, DataTable):
            return [self.table(block.header, block.rows, block.col_widths, block.align)]
        if isinstance(block, Gap):
            return [Spacer(1, block.height_mm * mm)]
        if isinstance(block, NewPage):
            return [PageBreak()]
        if isinstance(block, Flowable):
            return [block]
        if callable(block):
            out = block(self)
            return [out] if isinstance(out, Flowable) else list(out)
        raise TypeError(f"not a block: {block!r}")


# --------------------------------------------------------------------------- #
# Canvas: header, footer, "Page X of Y"
# --------------------------------------------------------------------------- #


def draw_text(
    canvas: Canvas,
    chain: FontChain,
    x: float,
    y: float,
    text: str,
    size: float,
    align: str = "left",
    color: colors.Color | None = None,
) -> float:
    """Draw one line of plain text on a canvas, switching fonts per character.

    Args:
        canvas: The canvas.
        chain: The font chain.
        x: Left edge (``align="left"``), centre or right edge, in points.
        y: Baseline.
        text: One line of text (newlines are drawn as spaces).
        size: Font size in points.
        align: ``"left"``, ``"center"`` or ``"right"``.
        color: Fill colour; black if None.

    Returns:
        The width drawn, in points.
    """
    text = text.replace("\n", " ")
    width = chain.string_width(text, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canvas.saveState()
    canvas.setFillColor(color or colors.black)
    for name, chunk in chain.split_runs(text):
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += canvas.stringWidth(chunk, name, size)
    canvas.restoreState()
    return width


def _fit(chain: FontChain, text: str, size: float, max_width: float) -> tuple[str, float]:
    """``text`` and a size at which it fits in ``max_width``.

    The size is reduced down to 60 %; if that is not enough the text is cut
    and ends with "…".
    """
    width = chain.string_width(text, size)
    if width <= max_width or width == 0:
        return text, size
    size = max(size * 0.6, size * max_width / width)
    if chain.string_width(text, size) <= max_width + 0.01:  # float rounding
        return text, size
    while text and chain.string_width(text + "…", size) > max_width:
        text = text[:-1]
    return (text + "…" if chain.string_width(text, size) > 0 else ""), size


LOGO_HEIGHT = 9 * mm


def _logo_image(path: str) -> ImageReader | None:
    """The logo as an ImageReader, or None (logged) when there is none or it cannot be read."""
    if not path:
        return None
    try:
        reader = ImageReader(path)
        reader.getSize()
    except Exception as exc:  # noqa: BLE001 - PIL raises many kinds; a bad logo must not stop a print
        log.warning("logo ignored: %s", type(exc).__name__)
        return None
    return reader


def _page_footer_text(page: int, pages: int) -> str:
    return _("Page {page} of {pages}").format(page=page, pages=pages)


def _footer_left_text(info: DocumentInfo) -> str:
    text = _("Printed on {date}").format(date=format_date(info.print_date))
    if info.issuer:
        text += "    " + _("Issued by {issuer}").format(issuer=info.issuer)
    return text


def _make_canvasmaker(
    draw_page_number: Callable[[Canvas, int, int], None], counter: list[int]
) -> Callable[..., Canvas]:
    """A canvas class that holds pages back until the total is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            counter[:] = [total]
            for state in self._held_pages:
                self.__dict__.update(state)
                draw_page_number(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


# --------------------------------------------------------------------------- #
# build_pdf
# --------------------------------------------------------------------------- #


def _pdf_lang() -> str:
    return current_language().replace("_", "-")


def build_pdf(
    blocks: Iterable[Block],
    info: DocumentInfo,
    *,
    landscape: bool = False,
    large_type: bool = False,
    font_chain: FontChain | None = None,
    strict: bool = False,
) -> PdfResult:
    """Lay out ``blocks`` on A4 pages with the centre's header and a page-numbered footer.

    Every page shows the centre's name (and title, address, phone when given)
    at the top, and the print date, the issuer and "Page X of Y" at the
    foot, translated into the current language. Fonts are embedded TrueType
    subsets; the PDF's title and author metadata come from ``info``.

    Args:
        blocks: :class:`Title`, :class:`Heading`, :class:`Body`,
            :class:`DataTable`, :class:`Gap`, :class:`NewPage`, ReportLab
            flowables, or callables ``f(composer) -> flowable(s)``.
        info: The letterhead and metadata.
        landscape: A4 landscape instead of portrait.
        large_type: Bigger type throughout.
        font_chain: The fonts; :func:`reports.fonts.default_chain` when None.
        strict: Raise :class:`MissingGlyphsError` instead of returning a
            result whose ``missing`` is not empty.

    Returns:
        The :class:`PdfResult` (``.pdf`` bytes, ``.missing`` characters, ``.pages``).

    Raises:
        reports.fonts.FontNotFoundError: No Chinese TrueType font is installed.
        MissingGlyphsError: ``strict`` and some characters have no font.
    """
    # One PDF at a time per process: a notice preview, a roster or a report
    # may be laid out in worker threads, and ReportLab's font subsets and
    # registries are shared state.
    with _build_lock:
        return _build_pdf(blocks, info, landscape=landscape, large_type=large_type, font_chain=font_chain,
                          strict=strict)


_build_lock = threading.RLock()


def _build_pdf(
    blocks: Iterable[Block],
    info: DocumentInfo,
    *,
    landscape: bool,
    large_type: bool,
    font_chain: FontChain | None,
    strict: bool,
) -> PdfResult:
    chain = font_chain or default_chain()
    styles = make_styles(chain, large_type)
    pagesize = _landscape(A4) if landscape else A4
    page_w, page_h = pagesize
    frame_w = page_w - 2 * MARGIN_X
    composer = Composer(chain, styles, frame_w)

    story: list[Flowable] = []
    for block in blocks:
        story.extend(composer.convert(block))
    if not story:
        story.append(Spacer(1, 1))

    header_right = info.title
    header_sub = "    ".join(t for t in (info.address, info.phone) if t)
    footer_left = _footer_left_text(info)
    for text in (info.centre_name, header_right, header_sub, footer_left, _page_footer_text(1, 1)):
        composer.note(text)
    if strict and composer.missing:
        raise MissingGlyphsError(composer.missing)

    logo = _logo_image(info.logo_path)
    logo_w = 0.0
    if logo is not None:
        img_w, img_h = logo.getSize()
        logo_w = min(LOGO_HEIGHT * img_w / img_h, 40 * mm) if img_h else 0.0

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        top = page_h - HEADER_BASELINE
        if logo is not None and logo_w:
            canvas.drawImage(logo, MARGIN_X, top - 2, logo_w, LOGO_HEIGHT, preserveAspectRatio=True,
                             anchor="sw", mask="auto")
        x0 = MARGIN_X + (logo_w + 2 * mm if logo_w else 0.0)
        frame_w_h = frame_w - (x0 - MARGIN_X)
        # The centre's name has priority: up to 60 % of the line when the
        # title does not fit beside it; either is shrunk (to 60 %) to fit.
        gap = 8 * mm
        left_w = chain.string_width(info.centre_name, styles.header_size)
        right_w = chain.string_width(header_right, styles.header_size - 1) if header_right else 0
        left_max = frame_w_h
        if header_right and left_w + gap + right_w > frame_w_h:
            left_max = max(min(left_w, frame_w_h * 0.6), frame_w_h - gap - right_w)
        name, size = _fit(chain, info.centre_name, styles.header_size, left_max)
        left_used = chain.string_width(name, size)
        draw_text(canvas, chain, x0, top, name, size)
        if header_right:
            right, size = _fit(
                chain, header_right, styles.header_size - 1, frame_w_h - left_used - gap
            )
            draw_text(canvas, chain, page_w - MARGIN_X, top, right, size, "right", GREY)
        if header_sub:
            sub = styles.footer_size
            sub_text, size = _fit(chain, header_sub, sub, frame_w)
            draw_text(canvas, chain, MARGIN_X, top - sub * 1.3, sub_text, size, color=GREY)
        canvas.saveState()
        canvas.setStrokeColor(RULE_GREY)
        canvas.setLineWidth(0.6)
        rule_y = page_h - HEADER_RULE - (styles.footer_size * 0.5 if header_sub else 0)
        canvas.line(MARGIN_X, rule_y, page_w - MARGIN_X, rule_y)
        canvas.line(MARGIN_X, FOOTER_RULE, page_w - MARGIN_X, FOOTER_RULE)
        canvas.restoreState()
        left, size = _fit(chain, footer_left, styles.footer_size, frame_w * 0.7)
        draw_text(canvas, chain, MARGIN_X, FOOTER_BASELINE, left, size, color=GREY)

    def draw_page_number(canvas: Canvas, page: int, pages: int) -> None:
        draw_text(
            canvas,
            chain,
            page_w - MARGIN_X,
            FOOTER_BASELINE,
            _page_footer_text(page, pages),
            styles.footer_size,
            "right",
            GREY,
        )

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP + (styles.footer_size * 0.5 if header_sub else 0),
        bottomMargin=MARGIN_BOTTOM,
        title=info.title or info.centre_name,
        author=info.issuer or info.centre_name,
        subject=info.subject,
        creator="Linli",
        lang=_pdf_lang(),
        initialFontName=chain.primary,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    counter: list[int] = [0]
    doc.build(story, canvasmaker=_make_canvasmaker(draw_page_number, counter))
    return PdfResult(pdf=buf.getvalue(), missing=composer.missing, pages=counter[0])
