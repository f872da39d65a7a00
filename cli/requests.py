"""``requests``: residents' requests at the desk's own record keeping — a batch of paper slips entered
afterwards — and the month's results notice (服务办结公示) and figures.

Every step is one transaction, audited, as the Linli account given with
``--user`` (the same login as the window's); ``--date``/``--on`` gives the day
the step really happened (deadlines are counted from those days). Bad input is
one line on stderr, exit 1, nothing written. The results notice and the
figures name no resident in full and need no account.
"""

from __future__ import annotations

import argparse
import sys

from cli.common import (
    Output,
    Parser,
    add_db,
    add_month,
    add_out,
    add_user,
    fail,
    month,
    out_format,
    run_output,
)
from i18n import _

STEP_HELP = "the day the step happened (default today; never in the future)"


def _on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--on", "--date", dest="on", metavar="YYYY-MM-DD", help=STEP_HELP)


def _number(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", metavar="NUMBER", help="the request's number, e.g. 2026-0042")


def register(sub) -> None:  # type: ignore[no-untyped-def]
    req = sub.add_parser("requests", help="residents' requests: take, dispatch, done, rate; results notice, figures")
    rs = req.add_subparsers(dest="requests_command", metavar="ACTION", parser_class=Parser, required=True)

    add = rs.add_parser("add", help="take a request (点单); prints its number")
    add_db(add)
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--resident", metavar="ID", type=int, help="the resident's number in the registry")
    who.add_argument("--caller", metavar="NAME,PHONE", help="a caller not in the registry: name and phone")
    add.add_argument("--category", required=True, metavar="NAME", help="a category of the list, e.g. 维修")
    add.add_argument("--text", required=True, help="what the resident asks for")
    add.add_argument("--urgent", action="store_true", help="urgent (the category's urgent time limit)")
    add.add_argument("--channel", default="desk", metavar="NAME", help="desk, phone, grid or hotline (default desk)")
    _on(add)
    add_user(add)
    add.set_defaults(func=cmd_add)

    dispatch = _step(rs, "dispatch", "dispatch (派单) to a member, a volunteer, a unit, or escalate (吹哨)")
    dispatch.add_argument("--to", required=True, metavar="HANDLER",
                          help="member:ID or volunteer:ID (the resident's number), unit:NAME, department:NAME")
    _step(rs, "take", "the handler takes it (接单)")
    done = _step(rs, "done", "done (办结): what was done and the hours spent")
    done.add_argument("--hours", required=True, metavar="H", help="hours spent, e.g. 1.5 (0 to 24)")
    done.add_argument("--note", required=True, metavar="TEXT", help="what was done")
    for name, text in (("return", "the handler gives it back, with a reason (dispatch again)"),
                       ("cancel", "withdraw a request not done, with a reason"),
                       ("reopen", "reopen a request rated not satisfied")):
        _step(rs, name, text).add_argument("--reason", required=name != "reopen", metavar="TEXT", help="why")
    rate = _step(rs, "rate", "the resident's rating (评单), within 5 working days after done")
    rate.add_argument("rating", metavar="satisfied|basic|unsatisfied", help="the rating")
    rate.add_argument("--comment", metavar="TEXT", default="", help="the resident's comment (never printed on a notice)")

    show = rs.add_parser("show", help="one request: its history, deadline and overdue state")
    _number(show)
    add_db(show)
    add_user(show)
    show.set_defaults(func=cmd_show)

    lst = rs.add_parser("list", help="requests, newest first (overdue: oldest deadline first)")
    lst.add_argument("--overdue", action="store_true", help="only the overdue ones")
    lst.add_argument("--state", metavar="S", help="received, dispatched, taken, returned, done, rated or cancelled")
    add_db(lst)
    add_user(lst)
    lst.set_defaults(func=cmd_list)

    results = rs.add_parser("results", help="the month's results notice (服务办结公示): surnames only, kept in the history")
    add_month(results)
    add_db(results)
    add_out(results)
    results.set_defaults(func=cmd_results)

    stats = rs.add_parser("stats", help="the month's figures as .pdf or .xlsx")
    add_month(stats)
    add_db(stats)
    add_out(stats, pdf_only=False)
    stats.set_defaults(func=cmd_stats)


def _step(rs, name: str, text: str) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    """One step of the loop on one request: its number, the database, --on, --user; run by cmd_step."""
    p = rs.add_parser(name, help=text)
    _number(p)
    add_db(p)
    _on(p)
    add_user(p)
    p.set_defaults(func=cmd_step, step=name)
    return p


# --- running -----------------------------------------------------------------------------


def _day(text: str | None):  # type: ignore[no-untyped-def]
    from i18n import parse_date

    return parse_date(text) if text else None


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The database as the account of ``--user`` (every requests step is someone's, in the audit trail)."""
    from cli.common import open_as

    return open_as(args, account=True)


def _caller(text: str) -> tuple[str, str]:
    from cli.common import Refused

    name, sep, phone = (text or "").replace("，", ",").rpartition(",")
    if not sep or not name.strip() or not phone.strip():
        raise Refused(_("--caller takes the name and the phone: --caller \"王秀英,13912345678\"."))
    return name.strip(), phone.strip()


def cmd_add(args: argparse.Namespace) -> int:
    from models.requests import RequestInput, parse_channel, take_request

    try:
        received = _day(args.on)
    except ValueError as exc:
        return fail(str(exc))
    caller = _caller(args.caller) if args.caller else ("", "")
    db = _open(args)
    try:
        with db.write() as s:
            request = take_request(s, RequestInput(
                category=args.category, text=args.text, resident_id=args.resident, caller_name=caller[0],
                caller_phone=caller[1], urgent=args.urgent, channel=parse_channel(args.channel), received_on=received))
            number = request.number
    finally:
        db.dispose()
    print(number)
    return 0


def cmd_step(args: argparse.Namespace) -> int:
    """dispatch, take, done, return, cancel, reopen, rate: one move, one transaction."""
    from models.requests import (
        cancel,
        dispatch,
        done,
        get_request,
        parse_handler,
        parse_rating,
        rate,
        reopen,
        return_request,
        take,
    )

    try:
        on = _day(args.on)
        from models.requests import parse_number

        parse_number(args.number)
    except ValueError as exc:
        return fail(str(exc))
    db = _open(args)
    try:
        with db.write() as s:
            request = get_request(s, args.number)
            step = args.step
            if step == "dispatch":
                dispatch(s, request, parse_handler(args.to), on=on)
            elif step == "take":
                take(s, request, on=on)
            elif step == "done":
                done(s, request, args.hours, args.note, on=on)
            elif step == "return":
                return_request(s, request, args.reason, on=on)
            elif step == "cancel":
                cancel(s, request, args.reason, on=on)
            elif step == "reopen":
                reopen(s, request, reason=args.reason or "", on=on)
            elif step == "rate":
                rate(s, request, parse_rating(args.rating), args.comment, on=on)
            number, state = request.number, request.state
    finally:
        db.dispose()
    from models.requests.labels import STATE_LABELS, label

    print(_("{number}: {state}").format(number=number, state=label(STATE_LABELS, state)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    import i18n
    from models.requests import get_request, request_view
    from models.requests.labels import (
        ACTION_LABELS,
        CHANNEL_LABELS,
        HANDLER_LABELS,
        RATING_STATE_LABELS,
        STATE_LABELS,
        label,
    )

    try:
        from models.requests import parse_number

        parse_number(args.number)
    except ValueError as exc:
        return fail(str(exc))
    db = _open(args)
    try:
        with db.session() as s:
            view = request_view(s, get_request(s, args.number))
    finally:
        db.dispose()
    row = view.row
    d = i18n.format_date
    print(_("Request {number} ({category}{urgent}), {channel}, received {date}").format(
        number=row.number, category=row.category, urgent=_(", urgent") if row.urgent else "",
        channel=label(CHANNEL_LABELS, view.channel), date=d(row.received_on)))
    print(_("Resident: {who}").format(who=row.who))
    if view.caller_phone:
        print(_("Caller's phone: {phone}").format(phone=view.caller_phone))
    print(_("Asks for: {text}").format(text=row.text))
    print(_("State: {state}").format(state=label(STATE_LABELS, row.state)))
    if row.handler_kind:
        print(_("Handler: {handler} ({kind})").format(handler=row.handler, kind=label(HANDLER_LABELS, row.handler_kind)))
    if row.overdue_days:
        print(_("Deadline: {date} — OVERDUE by {days} working days").format(date=d(row.deadline), days=row.overdue_days))
    else:
        print(_("Deadline: {date}").format(date=d(row.deadline)))
    if view.done_on:
        print(_("Done on {date}: {note} ({hours} h)").format(date=d(view.done_on), note=view.done_note,
                                                             hours=i18n.format_number(view.minutes / 60, 1)))
    if view.rating:
        print(_("Rating: {rating}").format(rating=label(RATING_STATE_LABELS, view.rating))
              + (_(" (until {date})").format(date=d(view.rating_until)) if view.rating == "awaiting" else ""))
    print(_("History:"))
    for e in view.events:
        moved = f"{label(STATE_LABELS, e.from_state)} → {label(STATE_LABELS, e.to_state)}" if e.from_state else \
            label(STATE_LABELS, e.to_state)
        extra = "  ".join(x for x in (e.handler, e.note) if x)
        print(f"  {d(e.on, 'short')}  {label(ACTION_LABELS, e.action)}: {moved}  [{e.actor}]" + (f"  {extra}" if extra else ""))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    import i18n
    from models.requests import list_requests, overdue_requests
    from models.requests.labels import STATE_LABELS, label

    db = _open(args)
    try:
        with db.session() as s:
            if args.overdue and not args.state:
                rows = overdue_requests(s)
            else:
                try:
                    rows = list_requests(s, state=args.state, overdue=args.overdue)
                except ValueError as exc:
                    return fail(str(exc))
    finally:
        db.dispose()
    for r in rows:
        late = _("overdue {days}").format(days=r.overdue_days) if r.overdue_days else ""
        print("\t".join((r.number, i18n.format_date(r.received_on, "short"), r.category, r.who,
                         label(STATE_LABELS, r.state), r.handler, i18n.format_date(r.deadline, "short"), late)).rstrip())
    print(_("{n} requests.").format(n=len(rows)), file=sys.stderr)
    return 0


def cmd_results(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.core.settings import load_centre_info
    from models.requests.results import results_data
    from reports.requests import results_notice

    out_format(args.out, ("pdf",))
    year, mon = month(args.month)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            data = results_data(s, year, mon)
            centre = load_centre_info(s)
        result = results_notice(data, centre, today=dt.date.today())
        message = _("{path}: requests done in {year}-{month:02d}, {n} rows; kept in the notice history.").format(
            path=args.out, year=year, month=mon, n=len(data.rows))
        return Output(message=message, publish=lambda db: _keep(db, result, data, args.out))

    return run_output(args, build)


def _keep(db, result, data, out: str) -> None:  # type: ignore[no-untyped-def]
    """Publish through the composer's one path, naming on purpose exactly the handlers (public by intent)."""
    from models.notices import NameOverride, publish
    from models.requests.results import OVERRIDE_REASON

    override = NameOverride(reason=_(OVERRIDE_REASON), names=data.handler_names) if data.handler_names else None
    publish(db, result.values, result, path=out, override=override)


def cmd_stats(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cli.common import missing_warning, write_out
    from models.core.settings import load_centre_info
    from models.requests.statistics import month_figures
    from reports.requests import month_figures_pdf, month_figures_xlsx

    fmt = out_format(args.out)
    year, mon = month(args.month)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            fig = month_figures(s, year, mon)
            centre = load_centre_info(s)
        message = _("{path}: requests in {year}-{month:02d}: {received} received, {done} done.").format(
            path=args.out, year=year, month=mon, received=fig.received, done=fig.counts.done)
        if fig.note:
            message += " " + fig.note
        if fmt == "xlsx":
            return Output(message, write=lambda: month_figures_xlsx(fig, Path(args.out)))
        result = month_figures_pdf(fig, centre)
        return Output(message, write=lambda: write_out(args.out, result.pdf), warnings=missing_warning(result.missing))

    return run_output(args, build, what="requests figures")
