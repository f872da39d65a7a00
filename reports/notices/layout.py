"""The one layout every bulletin-board notice is printed with.

:func:`compose` turns :class:`models.notices.NoticeValues` and the centre's
details into a PDF on the base document (:func:`reports.pdf.build_pdf`):

* the running header: the centre's logo (optional) and name, the notice's title;
* the title in Song at 22 pt, centred (:mod:`reports.faces`); an optional
  subtitle and notice line;
* the body in FangSong (else Kai) at 16 pt, one paragraph per line with a
  two-character first-line indent, wrapped by :mod:`reports.linebreak`;
* one optional table whose header repeats on every page (landscape when it is
  wider than :data:`LANDSCAPE_COLUMNS` columns, or when asked);
* closing text; the posting period (公示期: from – to) when the notice has one
  and the contact for questions and objections;
* the issuing organisation with the date under it (2026年12月7日, GB/T 9704)
  at the bottom right, never alone on a page.

The activity notice (:data:`POSTER_TEMPLATE`) is a poster: its table's rows
(time, place, how to sign up…) in large type right under the title.

Characters no installed font can draw are reported per field
(:attr:`NoticePdf.where`) so the composer can say which and where before
printing. No Qt, no Session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from i18n import _, current_language, format_date
from models.core.settings import CentreInfo
from models.notices import NoticeValues
from reports.faces import OfficialFonts, official_fonts
from reports.fonts import FontChain
from reports.pdf import Composer, DocumentInfo, PdfResult, build_pdf
from reports.signoff import EndTogether

#: A table with more columns than this is printed on A4 landscape.
LANDSCAPE_COLUMNS = 7

#: The template laid out as a poster: its table rows (label, value) in large type, no grid.
POSTER_TEMPLATE = "activity"


@dataclass
class NoticePdf(PdfResult):
    """A :class:`~reports.pdf.PdfResult` that also says where the missing characters are.

    Attributes:
        where: field key (see :func:`models.notices.field_label`) → the
            characters of that field no font has.
        landscape: Whether the notice came out in landscape.
        values: The fields it was laid out from (what the privacy guard scans
            and the history keeps, whoever composed it: tab, command or module).
    """

    where: dict[str, list[str]] = field(default_factory=dict)
    landscape: bool = False
    values: NoticeValues | None = field(default=None, repr=False)


def missing_by_field(values: NoticeValues, chain: FontChain, centre: CentreInfo | None = None) -> dict[str, list[str]]:
    """Field key → characters of that field no font in ``chain`` has."""
    where: dict[str, list[str]] = {}
    texts = list(values.texts())
    if centre is not None:
        texts.insert(0, ("centre_name", centre.name))
    for key, text in texts:
        missing = chain.missing_chars(text or "")
        if missing:
            where[key] = missing
    return where


def _posting_text(values: NoticeValues) -> str:
    assert values.posting_from and values.posting_to
    return _("Posting period (公示期): {start} – {end}").format(
        start=format_date(values.posting_from), end=format_date(values.posting_to))


def _contact_text(values: NoticeValues) -> str:
    if values.disclosure:
        return _("Questions or objections during the posting period: {contact}").format(contact=values.contact)
    return _("Contact: {contact}").format(contact=values.contact)


def _fonts_for_language() -> OfficialFonts:
    language = current_language()
    return official_fonts(traditional=language == "zh_TW", latin=not language.startswith("zh"))


def notice_date(day: dt.date) -> str:
    """The date under the issuer, as GB/T 9704 writes it: 2026年12月7日 (Arabic numerals, no leading 0)."""
    return format_date(day, "long")


@dataclass(frozen=True)
class NoticeStyles:
    """The type of a notice (GB/T 9704 as the model): sizes in points.

    Title in Song at 22 pt (二号), body in FangSong/Kai at 16 pt (三号) with a
    two-character first-line indent and a 28 pt line pitch (22 lines to a page
    of type); the activity poster at 36 pt, its facts at 22 pt (二号; down to 16 pt until it fits one sheet) and its text at 18 pt. ``large_type=False``
    (an option) sets the body at 14 pt (四号).
    """

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    plain: ParagraphStyle
    signature: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    fact: ParagraphStyle
    poster_body: ParagraphStyle


#: A table with more columns than this is set at 12 pt (a money column of a dues
#: disclosure must hold ¥4,325.65 on one line).
WIDE_TABLE_COLUMNS = 5


#: The poster's facts are set at the first of these sizes that keeps it on one page.
POSTER_FACT_SIZES = (22.0, 20.0, 18.0, 16.0)


def notice_styles(fonts: OfficialFonts, *, large_type: bool = True, poster: bool = False,
                  columns: int = 0, fact_size: float = POSTER_FACT_SIZES[0]) -> NoticeStyles:
    """The paragraph styles of a notice drawn with ``fonts`` (``columns``: of its table)."""
    body_size = 16.0 if large_type else 14.0
    title_size = 36.0 if poster else 22.0
    cell_size = (14.0 if large_type else 12.0) if columns <= WIDE_TABLE_COLUMNS else 12.0
    song, body, hei = fonts.title.primary, fonts.body.primary, fonts.sans.primary

    def style(name: str, font: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.75)
        return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **kw)

    return NoticeStyles(
        title=style("NoticeTitle", song, title_size, alignment=TA_CENTER, leading=title_size * 1.4,
                    spaceBefore=2 * mm, spaceAfter=title_size * (0.8 if poster else 0.6)),
        subtitle=style("NoticeSubtitle", body, body_size, alignment=TA_CENTER, spaceAfter=body_size * 0.5),
        heading=style("NoticeHeading", hei, fact_size if poster else body_size, alignment=TA_CENTER if poster
                      else TA_LEFT, spaceBefore=2 * mm, spaceAfter=body_size * 0.5),
        body=style("NoticeBody", body, body_size, alignment=TA_JUSTIFY, firstLineIndent=2 * body_size),
        plain=style("NoticePlain", body, body_size),
        signature=style("NoticeSignature", body, body_size, alignment=TA_CENTER, leading=body_size * 1.6),
        table_header=style("NoticeTableHeader", hei, cell_size, alignment=TA_CENTER, leading=cell_size * 1.4),
        table_cell=style("NoticeTableCell", body, cell_size, leading=cell_size * 1.4),
        fact=style("NoticeFact", body, fact_size, leading=fact_size * 1.5),
        poster_body=style("NoticePosterBody", body, min(18.0, fact_size), alignment=TA_JUSTIFY,
                          firstLineIndent=2 * min(18.0, fact_size)),
    )


def _paragraphs(c: Composer, text: str, style: ParagraphStyle, chain: FontChain) -> list[Flowable]:
    """One indented paragraph per line of ``text`` (an empty line is a half-line gap)."""
    out: list[Flowable] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            out.append(c.paragraph(line.strip(), style, chain=chain))
        else:
            out.append(Spacer(1, style.leading / 2))
    return out


def _facts(c: Composer, rows: list[list[str]], fonts: OfficialFonts, style: ParagraphStyle) -> Flowable:
    """A poster's facts: the label in Hei, the value in the body face, values aligned, no grid."""
    labels = [_("{label}:").format(label=row[0]) if row and row[0] else "" for row in rows]
    label_w = max((fonts.sans.string_width(t, style.fontSize) for t in labels), default=0.0) + style.fontSize / 2
    data = [[c.paragraph(label, style, chain=fonts.sans),
             c.paragraph(str(row[1]) if len(row) > 1 and row[1] is not None else "", style, chain=fonts.body)]
            for label, row in zip(labels, rows, strict=True)]
    table = Table(data, colWidths=[label_w, c.frame_width - label_w], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.body.primary, style.fontSize),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), style.fontSize * 0.45),
    ]))
    return table


def _signature(c: Composer, issuer: str, day: dt.date, fonts: OfficialFonts, style: ParagraphStyle) -> Flowable:
    """The issuer with the date centred under it, at the right (GB/T 9704: 右空二字, room for the seal)."""
    date_text = notice_date(day)
    lines = [t for t in (issuer, date_text) if t]
    width = max(fonts.body.string_width(t, style.fontSize) for t in lines) + style.fontSize
    table = Table([[c.paragraph(t, style, chain=fonts.body), ""] for t in lines],
                  colWidths=[width, 2 * style.fontSize], hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.body.primary, style.fontSize),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def blocks_for(values: NoticeValues, centre: CentreInfo, fonts: OfficialFonts | None = None,
               fact_size: float = POSTER_FACT_SIZES[0]) -> list:
    """The notice as :func:`reports.pdf.build_pdf` blocks (``fact_size``: the poster's facts)."""
    issuer = values.issuer or centre.name
    fonts = fonts or _fonts_for_language()
    poster = values.template == POSTER_TEMPLATE

    def content(c: Composer) -> list[Flowable]:
        st = notice_styles(fonts, large_type=values.large_type, poster=poster, columns=len(values.table_header),
                           fact_size=fact_size)
        out: list[Flowable] = [c.paragraph(values.title, st.title, chain=fonts.title)]
        if values.subtitle:
            out.append(c.paragraph(values.subtitle, st.subtitle, chain=fonts.body))
        if values.notice_line:
            out.append(c.paragraph(values.notice_line, st.heading, chain=fonts.sans))
        if poster:
            # The what is the title; then when, where, for whom and how to sign up, large.
            out.append(_facts(c, values.table_rows, fonts, st.fact))
            out.append(Spacer(1, 4 * mm))
            if values.body:
                out += _paragraphs(c, values.body, st.poster_body, fonts.body)
        elif values.body:
            out += _paragraphs(c, values.body, st.body, fonts.body)
        table = None
        if values.table_header and not poster:
            table = c.table(values.table_header, values.table_rows, values.col_widths, values.align,
                            header_style=st.table_header, cell_style=st.table_cell, cell_chain=fonts.body)
        foot: list[Flowable] = []
        if values.closing:
            foot += _paragraphs(c, values.closing, st.body, fonts.body)
        if values.posting_from and values.posting_to:
            foot.append(c.paragraph(_posting_text(values), st.body, chain=fonts.body))
        if values.contact:
            foot.append(c.paragraph(_contact_text(values), st.body, chain=fonts.body))
        foot += [Spacer(1, 2 * st.body.leading), _signature(c, issuer, values.issue_date, fonts, st.signature)]
        if table is not None:
            # The issuer and date never start a page alone: the table's last rows come with them.
            out.append(EndTogether([], table, foot))
        else:
            out += [CondPageBreak(60 * mm), KeepTogether(foot)]
        return out

    return [content]


def compose(
    values: NoticeValues,
    centre: CentreInfo,
    *,
    font_chain: FontChain | None = None,
    header_title: str | None = None,
) -> NoticePdf:
    """Lay out a notice; the result says which characters no font has, and in which field.

    Args:
        values: The notice's fields.
        centre: The centre's name, address, phone and logo.
        font_chain: One chain for every text (tests); else the official faces
            (:func:`reports.faces.official_fonts`: a Song title, a FangSong/Kai body).
        header_title: The title in the running header (the notice's title when None).

    Returns:
        A :class:`NoticePdf`.
    """
    if font_chain is None:
        fonts = _fonts_for_language()
    else:
        fonts = OfficialFonts(title=font_chain, body=font_chain, sans=font_chain)
    chain = fonts.sans
    landscape = values.landscape or len(values.table_header) > LANDSCAPE_COLUMNS
    info = DocumentInfo(
        centre_name=centre.name or _("Linli"),
        title=values.title if header_title is None else header_title,
        address=centre.address,
        phone=centre.phone,
        issuer=values.issuer or centre.name,
        print_date=values.issue_date,
        subject=values.template,
        logo_path=getattr(centre, "logo_path", ""),
    )
    sizes = POSTER_FACT_SIZES if values.template == POSTER_TEMPLATE else POSTER_FACT_SIZES[:1]
    for size in sizes:  # a poster is one sheet: smaller facts until it fits (English runs longer)
        result = build_pdf(blocks_for(values, centre, fonts, size), info, landscape=landscape,
                           large_type=values.large_type, font_chain=chain)
        if result.pages == 1:
            break
    return NoticePdf(pdf=result.pdf, missing=result.missing, pages=result.pages,
                     where=missing_by_field(values, fonts.body, centre), landscape=landscape, values=values)


#: ``f(data, centre, **kw) -> NoticeValues``: how a template fills its fields from domain data.
Filler = Callable[..., NoticeValues]
