"""``mediation``: disputes mediated (矛盾调解) — open a case, its sessions, close it; the list; the year's figures.

The cases are confidential: ``add``, ``session``, ``close`` and ``list`` run as
a Linli account with the Mediator role (or an administrator), ``--user`` as for
every command that changes the database; another role is refused in one line.
Each step is one transaction, audited. Bad input is one line on stderr naming
the option, exit 1, nothing written. ``stats`` writes counts only (no name, no
content) and needs no account.
"""

from __future__ import annotations

import argparse
import sys

from cli.common import Output, Parser, add_db, add_out, add_user, fail, out_format, run_output
from i18n import _, ngettext

#: Where each field of a refusal comes from on the command line.
OPTION_OF = {"kind": "--type", "parties": "--party", "mediators": "--mediator", "opened_on": "--date",
             "matter": "--matter", "held_on": "--on", "closed_on": "--on", "note": "--note", "outcome": "--outcome",
             "agreement": "--agreement", "referred_to": "--referred-to", "sessions": "session", "case": "NUMBER"}


def _on(parser: argparse.ArgumentParser, *, name: str = "--on") -> None:
    parser.add_argument(name, dest="on", metavar="YYYY-MM-DD",
                        help="the day it happened (default today; never in the future)")


def _number(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", metavar="NUMBER", help="the case's number, e.g. 2026-007")


def register(sub) -> None:  # type: ignore[no-untyped-def]
    med = sub.add_parser("mediation", help="mediation of disputes (confidential): add, session, close, list; figures")
    ms = med.add_subparsers(dest="mediation_command", metavar="ACTION", parser_class=Parser, required=True)

    add = ms.add_parser("add", help="open a case; prints its number")
    add_db(add)
    add.add_argument("--type", required=True, dest="kind", metavar="KIND",
                     help="neighbours, family, property, noise, parking or other")
    add.add_argument("--party", action="append", default=[], metavar="resident:ID|NAME,PHONE",
                     help="a party: a resident of the registry, or someone outside it (repeat for each)")
    add.add_argument("--mediator", action="append", default=[], metavar="account:NAME|NAME",
                     help="a mediator: a Linli account or a named person (repeat; default: the --user account)")
    add.add_argument("--matter", default="", metavar="TEXT", help="what the dispute is about (confidential)")
    _on(add, name="--date")
    add_user(add)
    add.set_defaults(func=cmd_add)

    session = ms.add_parser("session", help="record a mediation session of an open case")
    _number(session)
    add_db(session)
    _on(session)
    session.add_argument("--note", default="", metavar="TEXT", help="a short note (confidential)")
    add_user(session)
    session.set_defaults(func=cmd_session)

    close = ms.add_parser("close", help="close a case with its outcome")
    _number(close)
    add_db(close)
    close.add_argument("--outcome", required=True, metavar="resolved|partly|unresolved|referred", help="the outcome")
    close.add_argument("--agreement", default="", metavar="TEXT", help="the agreement's text (resolved: required)")
    close.add_argument("--referred-to", default="", metavar="TEXT", help="to whom (referred: required)")
    _on(close)
    add_user(close)
    close.set_defaults(func=cmd_close)

    lst = ms.add_parser("list", help="the cases, newest first, the parties masked")
    lst.add_argument("--open", action="store_true", help="only the open ones")
    lst.add_argument("--year", type=int, metavar="YYYY", help="only the cases opened in that year")
    add_db(lst)
    add_user(lst)
    lst.set_defaults(func=cmd_list)

    stats = ms.add_parser("stats", help="the year's figures as .pdf or .xlsx (counts only)")
    stats.add_argument("--year", required=True, type=int, metavar="YYYY", help="the year, e.g. 2026")
    add_db(stats)
    add_out(stats, pdf_only=False)
    add_user(stats)
    stats.set_defaults(func=cmd_stats)


# --- running -----------------------------------------------------------------------------


def _refusal(exc) -> str:  # type: ignore[no-untyped-def]
    """A ValidationFailed in one line, each message after the option it is about."""
    parts = []
    for field, message in exc.errors.items():
        # "party 2", "mediator 1": the message itself says which one.
        head = {"party": "parties", "mediator": "mediators"}.get(field.split(" ", 1)[0], field)
        parts.append(f"{OPTION_OF.get(head, field)}: {message}")
    return "; ".join(" ".join(p.split()) for p in parts)


def _day(text: str | None):  # type: ignore[no-untyped-def]
    from i18n import parse_date

    return parse_date(text) if text else None


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The database as the account of ``--user`` (every case's step is someone's, in the audit trail)."""
    from cli.common import open_as

    return open_as(args, account=True)


def _parties(values: list[str]):  # type: ignore[no-untyped-def]
    from cli.common import Refused
    from models.mediation import PartyInput

    out = []
    for value in values:
        text = value.strip()
        if text.lower().startswith("resident:"):
            rid = text.split(":", 1)[1].strip()
            if not rid.isdigit():
                raise Refused(_("--party resident:ID takes the resident's number: --party resident:12."))
            out.append(PartyInput(resident_id=int(rid)))
            continue
        name, sep, phone = text.replace("，", ",").rpartition(",")
        if not sep or not name.strip():
            raise Refused(_("--party takes resident:ID or the name and phone: --party \"王秀英,13912345678\"."))
        out.append(PartyInput(name=name.strip(), phone=phone.strip()))
    return out


def _mediators(session, values: list[str]):  # type: ignore[no-untyped-def]
    from cli.common import Refused
    from models.mediation import MediatorInput
    from models.safety.accounts import find_account

    out = []
    for value in values:
        text = value.strip()
        if text.lower().startswith("account:"):
            username = text.split(":", 1)[1].strip()
            account = find_account(session, username)
            if account is None:
                raise Refused(_("--mediator: no account {name}.").format(name=username))
            out.append(MediatorInput(account_id=account.id))
        else:
            out.append(MediatorInput(name=text))
    return out


def _write(args: argparse.Namespace, step) -> int:  # type: ignore[no-untyped-def]
    """Run ``step(session)`` in one transaction as the --user account; refusals in one line."""
    from models.core.errors import ValidationFailed

    db = _open(args)
    try:
        with db.write() as s:
            result = step(s)
    except ValidationFailed as exc:
        return fail(_refusal(exc))
    except ValueError as exc:
        return fail(str(exc))
    finally:
        db.dispose()
    print(result)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from models.mediation import CaseInput, open_case
    from models.mediation.labels import KIND_LABELS, parse_choice

    try:
        opened = _day(args.on)
    except ValueError as exc:
        return fail(f"--date: {exc}")
    parties = _parties(args.party)

    def step(s) -> str:  # type: ignore[no-untyped-def]
        kind = parse_choice(args.kind, KIND_LABELS, "kind", _("kind"))
        case = open_case(s, CaseInput(kind=kind, parties=parties, mediators=_mediators(s, args.mediator),
                                      matter=args.matter, opened_on=opened))
        return case.number

    return _write(args, step)


def _case_id(s, number: str) -> int:  # type: ignore[no-untyped-def]
    from models.mediation import get_case

    return get_case(s, number).id


def cmd_session(args: argparse.Namespace) -> int:
    from models.mediation import add_session
    from models.mediation.labels import parse_number

    try:
        parse_number(args.number)
        on = _day(args.on)
    except ValueError as exc:
        return fail(str(exc))

    def step(s) -> str:  # type: ignore[no-untyped-def]
        case_id = _case_id(s, args.number)
        add_session(s, case_id, held_on=on, note=args.note)
        return _("{number}: session recorded.").format(number=args.number.strip())

    return _write(args, step)


def cmd_close(args: argparse.Namespace) -> int:
    from models.mediation import close_case
    from models.mediation.labels import OUTCOME_LABELS, label, parse_choice, parse_number

    try:
        parse_number(args.number)
        on = _day(args.on)
    except ValueError as exc:
        return fail(str(exc))

    def step(s) -> str:  # type: ignore[no-untyped-def]
        outcome = parse_choice(args.outcome, OUTCOME_LABELS, "outcome", _("outcome"))
        case = close_case(s, _case_id(s, args.number), outcome, agreement=args.agreement,
                          referred_to=args.referred_to, closed_on=on)
        return _("{number}: closed, {outcome}.").format(number=case.number, outcome=label(OUTCOME_LABELS, outcome))

    return _write(args, step)


def cmd_list(args: argparse.Namespace) -> int:
    import i18n
    from models.mediation import list_cases
    from models.mediation.labels import KIND_LABELS, OUTCOME_LABELS, STATE_LABELS, label

    db = _open(args)
    try:
        with db.session() as s:
            rows = list_cases(s, open_only=args.open, year=args.year)
    finally:
        db.dispose()
    for r in rows:
        state = label(OUTCOME_LABELS, r.outcome) if r.outcome else label(STATE_LABELS, r.state)
        print("\t".join((r.number, i18n.format_date(r.opened_on, "short"), label(KIND_LABELS, r.kind), r.parties,
                         state, str(r.sessions))))
    print(ngettext("{n} case.", "{n} cases.", len(rows)).format(n=len(rows)), file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cli.common import missing_warning, write_out
    from models.core.settings import load_centre_info
    from models.mediation import year_figures
    from reports.mediation import year_figures_pdf, year_figures_xlsx

    fmt = out_format(args.out)
    if not 2000 <= args.year <= 2100:
        return fail(_("--year: {year} is not a year Linli keeps (2000–2100).").format(year=args.year))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        from models.safety.accounts import current_clerk_name

        with db.session() as s:
            fig = year_figures(s, args.year)
            centre = load_centre_info(s)
            clerk = current_clerk_name(s)  # the sign-off's 制表人 ("" without --user: a line to sign)
        t = fig.total
        message = _("{path}: mediation in {year}: cases {opened}, closed {closed}, resolved {resolved}.").format(
            path=args.out, year=args.year, opened=t.opened, closed=t.closed, resolved=t.resolved)
        if fmt == "xlsx":
            return Output(message, write=lambda: year_figures_xlsx(fig, Path(args.out), prepared_by=clerk))
        result = year_figures_pdf(fig, centre, prepared_by=clerk)
        return Output(message, write=lambda: write_out(args.out, result.pdf), warnings=missing_warning(result.missing))

    return run_output(args, build, what="mediation statistics")  # counts only: a publication, no account needed
