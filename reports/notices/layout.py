"""The one layout every bulletin-board notice is printed with.

:func:`compose` turns :class:`models.notices.NoticeValues` and the centre's
details into a PDF on the base document (:func:`reports.pdf.build_pdf`):

* the running header: the centre's logo (optional) and name, the notice's title;
* the title, large and centred; an optional subtitle and notice line;
* the body, wrapped for Chinese (``wordWrap='CJK'`` via the font chain);
* one optional table whose header repeats on every page (landscape when it is
  wider than :data:`LANDSCAPE_COLUMNS` columns, or when asked);
* closing text; for a disclosure the posting period (公示期: from – to) and the
  contact for questions and objections;
* the issuing organisation and the date in the official style
  (二〇二六年十一月二十二日) at the foot, right-aligned.

Characters no installed font can draw are reported per field
(:attr:`NoticePdf.where`) so the composer can say which and where before
printing. No Qt, no Session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from i18n import _, format_date, format_date_official
from models.core.settings import CentreInfo
from models.notices import NoticeValues
from reports.fonts import FontChain, default_chain
from reports.pdf import Composer, DocumentInfo, PdfResult, build_pdf

#: A table with more columns than this is printed on A4 landscape.
LANDSCAPE_COLUMNS = 7


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


def blocks_for(values: NoticeValues, centre: CentreInfo) -> list:
    """The notice as :func:`reports.pdf.build_pdf` blocks."""
    issuer = values.issuer or centre.name

    def content(c: Composer) -> list[Flowable]:
        out: list[Flowable] = [c.title(values.title)]
        if values.subtitle:
            out.append(c.body(values.subtitle, align="center"))
        if values.notice_line:
            out.append(c.heading(values.notice_line))
        if values.body:
            out.append(c.body(values.body, align="justify" if "\n" not in values.body else "left"))
        if values.table_header:
            out.append(c.table(values.table_header, values.table_rows, values.col_widths, values.align))
        if values.closing:
            out.append(c.body(values.closing))
        foot: list[Flowable] = []
        if values.disclosure and values.posting_from and values.posting_to:
            foot.append(c.body(_posting_text(values)))
        if values.contact:
            foot.append(c.body(_contact_text(values)))
        foot += [Spacer(1, 6 * mm), c.body(issuer + "\n" + format_date_official(values.issue_date), align="right")]
        out += [CondPageBreak(40 * mm), KeepTogether(foot)]
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
        font_chain: The fonts; :func:`reports.fonts.default_chain` when None.
        header_title: The title in the running header (the notice's title when None).

    Returns:
        A :class:`NoticePdf`.
    """
    chain = font_chain or default_chain()
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
    result = build_pdf(blocks_for(values, centre), info, landscape=landscape, large_type=values.large_type,
                       font_chain=chain)
    return NoticePdf(pdf=result.pdf, missing=result.missing, pages=result.pages,
                     where=missing_by_field(values, chain, centre), landscape=landscape, values=values)


#: ``f(data, centre, **kw) -> NoticeValues``: how a template fills its fields from domain data.
Filler = Callable[..., NoticeValues]
