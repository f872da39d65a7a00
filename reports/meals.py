"""Meal assistance printouts: the week's menu, the month's reconciliation (PDF and
.xlsx), the public subsidy disclosure and the delivery list.

Plain data in (the dataclasses :mod:`models.meals` hands over), bytes out.
Never opens a session, never imports Qt. Masking is decided here only in the
sense that the public disclosure prints the ``masked_name`` it is given and
nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from i18n import _, format_date, format_money, format_number
from models.notices import MIN_POSTING_WORKING_DAYS, posting_period
from reports.pdf import Body, DataTable, DocumentInfo, Gap, Heading, PdfResult, Title, build_pdf
from reports.signoff import SignOff, signed, signoff_rows

if TYPE_CHECKING:
    from models.meals import DeliveryLine, MenuEntry, Reconciliation

KIND_ORDER = ("breakfast", "lunch", "dinner")


def _kind_title(kind: str) -> str:
    return {"breakfast": _("Breakfast"), "lunch": _("Lunch"), "dinner": _("Dinner")}[kind]


def _weekday(day: dt.date) -> str:
    from babel.dates import format_date as babel_format

    from i18n import current_language

    return babel_format(day, "EEEE", locale=current_language())


def _month_title(year: int, month: int) -> str:
    return _("{year}-{month:02d}").format(year=year, month=month)


# --- the week's menu (bulletin board) --------------------------------------------------


def _centre_of(info: DocumentInfo):  # noqa: ANN202 - CentreInfo
    from models.core.settings import CentreInfo

    return CentreInfo(name=info.centre_name, address=info.address, phone=info.phone, logo_path=info.logo_path)


def menu_pdf(entries: Sequence[MenuEntry], info: DocumentInfo, *, monday: dt.date) -> PdfResult:
    """The week's menu as a notice: A4, large type, one row per day (laid out by the notice composer)."""
    from reports.notices import compose, menu

    centre = _centre_of(info)
    return compose(menu.fill((monday, entries), centre, info.print_date, issuer=info.issuer), centre)


def _with_title(info: DocumentInfo, title: str) -> DocumentInfo:
    return DocumentInfo(
        centre_name=info.centre_name,
        title=title,
        address=info.address,
        phone=info.phone,
        issuer=info.issuer,
        print_date=info.print_date,
        subject=info.subject,
    )


# --- the month's reconciliation ------------------------------------------------------------


def _money_row(label: str, g, extra: Sequence[str] = ()) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        label,
        *extra,
        format_number(g.meals),
        format_money(g.price_fen),
        format_money(g.subsidy_fen),
        format_money(g.paid_fen),
    ]


def _group_table(title: str, groups, total) -> list:  # type: ignore[no-untyped-def]
    rows = [_money_row(g.label, g) for g in groups]
    rows.append(_money_row(_("Total"), total))
    return [
        Heading(title),
        DataTable(
            [_("Grouping"), _("Meal count"), _("Price"), _("Subsidy"), _("Paid")],
            rows,
            col_widths=[4, 1, 1.5, 1.5, 1.5],
            align=["left", "right", "right", "right", "right"],
        ),
    ]


def reconciliation_pdf(rec: Reconciliation, info: DocumentInfo, *, masked: bool = False,
                       prepared_by: str = "") -> PdfResult:
    """The month's reconciliation for the civil-affairs office, ending with the sign-off
    (制表人 ``prepared_by`` or a line, 审核人, the print date, the seal: :mod:`reports.signoff`)
    and the office's countersignature line.

    An internal document: full names unless ``masked``.
    """
    month = _month_title(rec.year, rec.month)
    title = _("Meal subsidy reconciliation {month}").format(month=month)
    blocks: list = [Title(title)]
    intro = [
        _("Meals logged in {month}, summed from the stored records: {meals} meals for {diners} diners.").format(
            month=month, meals=format_number(rec.totals.meals), diners=format_number(len(rec.diners))
        ),
        _("Policies applied: {names}.").format(names="; ".join(rec.policies) or _("none")),
    ]
    if rec.example_policy:
        intro.append(_("Warning: some meals were subsidised by Linli's example policy, not the local one."))
    if rec.recomputes:
        intro.append(_("Subsidies of this month were recomputed {n} time(s); the records are kept.").format(n=rec.recomputes))
    blocks.append(Body("\n".join(intro)))
    blocks.append(Heading(_("Totals")))
    blocks.append(
        DataTable(
            [_("Meal count"), _("Total price"), _("Total subsidy"), _("Total paid")],
            [[format_number(rec.totals.meals), format_money(rec.totals.price_fen),
              format_money(rec.totals.subsidy_fen), format_money(rec.totals.paid_fen)]],
            align=["right"] * 4,
        )
    )
    blocks.append(Heading(_("Per diner")))
    rows = [
        [str(i), d.masked_name if masked else d.name, format_number(d.meals), format_money(d.price_fen),
         format_money(d.subsidy_fen), format_money(d.paid_fen)]
        for i, d in enumerate(rec.diners, start=1)
    ]
    rows.append(["", _("Total"), format_number(rec.totals.meals), format_money(rec.totals.price_fen),
                 format_money(rec.totals.subsidy_fen), format_money(rec.totals.paid_fen)])
    blocks.append(
        DataTable(
            [_("No."), _("Diner"), _("Meal count"), _("Price"), _("Subsidy"), _("Paid")],
            rows,
            col_widths=[0.7, 3, 1, 1.5, 1.5, 1.5],
            align=["center", "left", "right", "right", "right", "right"],
        )
    )
    blocks += _group_table(_("By subsidy rule"), rec.by_rule, rec.totals)
    blocks += _group_table(_("By age band and category"), rec.by_band_category, rec.totals)
    blocks += _group_table(_("By meal and mode"), rec.by_meal_mode, rec.totals)
    line = "_" * 18
    # The centre signs in the shared block below; the office countersigns on its own line.
    blocks.append(Gap(6))
    blocks.append(Body(_("For the civil-affairs office (signature and seal): {line}    Date: {line}").format(line=line)))
    blocks = signed(blocks, SignOff(prepared_by, info.print_date))
    return build_pdf(blocks, _with_title(info, title))


def reconciliation_xlsx(rec: Reconciliation, *, masked: bool = False, prepared_by: str = "",
                        today: dt.date | None = None) -> bytes:
    """The reconciliation as a workbook: one sheet per table, money as numbers (¥ format).

    Each sheet ends with the sign-off lines (制表人 ``prepared_by``, 审核人, 日期 ``today``).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reports.export import safe_sheet_row

    money_format = '"¥"#,##0.00'
    wb = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list], money_cols: set[int], text_cols: set[int] = frozenset()):  # type: ignore[assignment, no-untyped-def]
        ws = wb.create_sheet(title[:31])
        safe_sheet_row(ws, header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            safe_sheet_row(ws, row)
        for r in ws.iter_rows(min_row=2):
            for c in r:
                if c.column - 1 in money_cols and isinstance(c.value, (int, float)):
                    c.number_format = money_format
                if c.column - 1 in text_cols:
                    c.number_format = "@"
        for col, width in zip("ABCDEFGH", [8, 28, 10, 14, 14, 14, 14, 14], strict=False):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "A2"
        last = ws.max_row
        for c in ws[last]:
            if rows and rows[-1] and rows[-1][0] in ("", _("Total")):
                c.font = bold
        return ws

    def yuan(fen: int) -> float:
        return round(fen / 100, 2)

    t = rec.totals
    diners = [
        [i, d.masked_name if masked else d.name, d.meals, yuan(d.price_fen), yuan(d.subsidy_fen), yuan(d.paid_fen)]
        for i, d in enumerate(rec.diners, start=1)
    ]
    diners.append(["", _("Total"), t.meals, yuan(t.price_fen), yuan(t.subsidy_fen), yuan(t.paid_fen)])
    sheet(_("Diners"), [_("No."), _("Diner"), _("Meal count"), _("Price"), _("Subsidy"), _("Paid")], diners, {3, 4, 5}, {1})

    def groups(items) -> list[list]:  # type: ignore[no-untyped-def]
        out = [[g.label, g.meals, yuan(g.price_fen), yuan(g.subsidy_fen), yuan(g.paid_fen)] for g in items]
        out.append([_("Total"), t.meals, yuan(t.price_fen), yuan(t.subsidy_fen), yuan(t.paid_fen)])
        return out

    head = [_("Grouping"), _("Meal count"), _("Price"), _("Subsidy"), _("Paid")]
    sheet(_("By rule"), head, groups(rec.by_rule), {2, 3, 4})
    sheet(_("By age band"), head, groups(rec.by_band_category), {2, 3, 4})
    sheet(_("By meal and mode"), head, groups(rec.by_meal_mode), {2, 3, 4})
    sheet(
        _("Totals"),
        [_("Month"), _("Meal count"), _("Price"), _("Subsidy"), _("Paid")],
        [[rec.month_text, t.meals, yuan(t.price_fen), yuan(t.subsidy_fen), yuan(t.paid_fen)]],
        {2, 3, 4},
        {0},
    )
    del wb["Sheet"]
    signoff = SignOff(prepared_by, today or dt.date.today())
    for ws in wb.worksheets:
        signoff_rows(ws, signoff, column=2 if ws.title == _("Diners")[:31] else 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the public disclosure -----------------------------------------------------------------


def disclosure_pdf(
    rec: Reconciliation, info: DocumentInfo, *, posting_days: int = MIN_POSTING_WORKING_DAYS,
    start: dt.date | None = None
) -> PdfResult:
    """助餐补贴公示: masked names, subsidised meals and subsidy per diner, totals,
    the posting period (``posting_days`` working days, China's: :func:`models.notices.posting_period`).
    Only diners who received a subsidy are listed; only the
    masked name is printed. Laid out by the notice composer."""
    from reports.notices import compose, meal_subsidy

    start = start or info.print_date
    start, end = posting_period(start, posting_days)
    centre = _centre_of(info)
    values = meal_subsidy.fill(rec, centre, info.print_date, posting=(start, end), issuer=info.issuer)
    return compose(values, centre)


# --- the delivery list (internal) -----------------------------------------------------------


def delivery_pdf(lines: Sequence[DeliveryLine], info: DocumentInfo, *, day: dt.date) -> PdfResult:
    """送餐名单 for the volunteers: full address to the room, phone, diet notes.
    Internal — it says so at the top; never for the bulletin board."""
    title = _("Delivery list {date}").format(date=format_date(day, "medium"))
    rows = [
        [str(i), d.name, d.address, d.phone, f"{d.meal} × {d.quantity}", d.diet_notes, ""]
        for i, d in enumerate(lines, start=1)
    ]
    blocks = [
        Title(title),
        Body(
            _("Internal: for delivery volunteers only — not for the bulletin board. {n} deliveries.").format(
                n=format_number(sum(d.quantity for d in lines))
            )
        ),
        DataTable(
            [_("No."), _("Name"), _("Address"), _("Phone"), _("Meal"), _("Diet notes"), _("Delivered")],
            rows or [["", _("No deliveries."), "", "", "", "", ""]],
            col_widths=[0.6, 1.6, 3.4, 2, 1.3, 2.4, 1.2],
            align=["center", "left", "left", "left", "center", "left", "center"],
        ),
    ]
    return build_pdf(blocks, _with_title(info, title), landscape=True)
