"""``meals``: the week's menu notice, the month's subsidy reconciliation, the public
disclosure (masked names) and the day's delivery list."""

from __future__ import annotations

import argparse

import i18n
from cli.common import (
    Output,
    Parser,
    add_db,
    add_month,
    add_out,
    add_user,
    fail,
    missing_warning,
    month,
    out_format,
    run_output,
    write_out,
)
from cli.notices import kept, notice_output
from i18n import _


def register(sub) -> None:  # type: ignore[no-untyped-def]
    meals = sub.add_parser("meals", help="meal assistance: menu notice, reconciliation, disclosure, delivery list")
    meals_sub = meals.add_subparsers(dest="meals_command", metavar="ACTION", parser_class=Parser, required=True)
    menu = meals_sub.add_parser("menu", help="the week's menu as an A4 notice (large type)")
    menu.add_argument("--week", required=True, metavar="YYYY-Www", help="an ISO week, e.g. 2026-W48")
    add_db(menu)
    add_out(menu)
    menu.set_defaults(func=cmd_meals_menu)
    rec = meals_sub.add_parser("reconcile", help="the month's subsidy reconciliation as .pdf or .xlsx")
    add_month(rec)
    add_db(rec)
    add_out(rec, pdf_only=False)
    rec.add_argument("--mask", action="store_true", help="mask the diners' names")
    add_user(rec)
    rec.set_defaults(func=cmd_meals_reconcile)
    disc = meals_sub.add_parser("disclosure", help="the public subsidy disclosure (masked names) as PDF")
    add_month(disc)
    add_db(disc)
    add_out(disc)
    disc.add_argument("--days", type=int, default=5,
                      help="posting period in working days from today (China's, default 5)")
    disc.set_defaults(func=cmd_meals_disclosure)
    delivery = meals_sub.add_parser("delivery", help="the delivery list (internal) for a day as PDF")
    delivery.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the day")
    add_db(delivery)
    add_out(delivery)
    add_user(delivery)
    delivery.set_defaults(func=cmd_meals_delivery)


def _meals_info(db):  # type: ignore[no-untyped-def]
    from models.core.settings import load_centre_info
    from reports.pdf import DocumentInfo

    with db.session() as session:
        centre = load_centre_info(session)
    return DocumentInfo(centre_name=centre.name or _("Linli"), address=centre.address, phone=centre.phone,
                        issuer=centre.name)


def cmd_meals_menu(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.meals import parse_week, week_menu
    from reports.meals import menu_pdf

    out_format(args.out, ("pdf",))
    try:
        monday = parse_week(args.week)
    except LinliError as exc:
        return fail(str(exc))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as session:
            entries = week_menu(session, monday)
        if not any(e.dishes or e.price_fen is not None for e in entries):
            raise LinliError(_("The week {week} has no menu yet.").format(week=args.week))
        result = menu_pdf(entries, _meals_info(db), monday=monday)
        return notice_output(args.out, result, kept(_("{path}: the menu of {week}.").format(path=args.out, week=args.week)))

    return run_output(args, build)  # the notice composer's guard and history


def cmd_meals_reconcile(args: argparse.Namespace) -> int:
    from models.meals import reconcile_month
    from models.safety.export import RECONCILIATION, RECONCILIATION_MASKED
    from reports.meals import reconciliation_pdf, reconciliation_xlsx

    suffix = out_format(args.out)
    year, mon = month(args.month)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        from models.safety.accounts import current_clerk_name

        with db.session() as session:
            rec = reconcile_month(session, year, mon)
            clerk = current_clerk_name(session)  # the sign-off's 制表人: the --user account's full name
        if suffix == "xlsx":
            data, missing = reconciliation_xlsx(rec, masked=args.mask, prepared_by=clerk), []
        else:
            result = reconciliation_pdf(rec, _meals_info(db), masked=args.mask, prepared_by=clerk)
            data, missing = result.pdf, result.missing
        message = _("{path}: {month}, {diners} diners, {meals} meals, subsidy {subsidy}.").format(
            path=args.out, month=args.month, diners=len(rec.diners), meals=rec.totals.meals,
            subsidy=i18n.format_money(rec.totals.subsidy_fen),
        )
        return Output(message, write=lambda: write_out(args.out, data), people=len(rec.diners),
                      warnings=missing_warning(missing))

    # Unmasked: the diners' names (an account with export.personal); masked: a publication.
    return run_output(args, build, what=RECONCILIATION_MASKED if args.mask else RECONCILIATION, personal=not args.mask)


def cmd_meals_disclosure(args: argparse.Namespace) -> int:
    from models.meals import reconcile_month
    from reports.meals import disclosure_pdf

    out_format(args.out, ("pdf",))
    if not 1 <= args.days <= 60:
        return fail(_("The posting period is 1 to 60 days."))
    year, mon = month(args.month)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as session:
            rec = reconcile_month(session, year, mon)
        result = disclosure_pdf(rec, _meals_info(db), posting_days=args.days)
        listed = sum(1 for d in rec.diners if d.subsidy_fen > 0)
        return notice_output(args.out, result, kept(_("{path}: {month}, {n} diners listed (names masked).").format(
            path=args.out, month=args.month, n=listed)))

    return run_output(args, build)  # the notice composer's guard and history


def cmd_meals_delivery(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.meals import delivery_list
    from models.safety.export import DELIVERY
    from reports.meals import delivery_pdf

    out_format(args.out, ("pdf",))
    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError:
        return fail(_("Not a date: {text} (write it as 2026-11-22).").format(text=args.date))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as session:
            lines = delivery_list(session, day, None)
        result = delivery_pdf(lines, _meals_info(db), day=day)
        return Output(_("{path}: {n} deliveries.").format(path=args.out, n=len(lines)),
                      write=lambda: write_out(args.out, result.pdf),
                      people=len({(line.name, line.address) for line in lines}),
                      warnings=missing_warning(result.missing))

    return run_output(args, build, what=DELIVERY, personal=True)  # names, addresses, phones
