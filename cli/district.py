"""``district``: the sub-district's read-only view of its centres (issue 19).

* ``district --centres FILE`` — the window: centres × key figures for a period;
* ``district figures --centres FILE --year YYYY|--period PERIOD --out FILE.pdf|FILE.xlsx`` —
  every centre's work-report figures side by side, with the sub-district's total;
* ``district counts --centres FILE [--month YYYY-MM]`` — each centre's row counts and the
  month's figures, printed.

Each centre's database is opened read-only as the sub-district's built-in reader (counts
only, no account: :data:`models.district.DISTRICT_ACTOR`); nothing is written in any of
them, so these files are in no centre's audit trail. A centre that does not answer is
listed as such — on standard error, and in the file — never silently left out.

A centre on a server whose password the password file (~/.pgpass / PGPASSFILE) does not
hold: on a terminal, the password is asked once per server and login role
(:func:`centre_passwords`, through the one loop of :func:`cli.common.ask_until_taken`) and
kept in memory for the reading only; in a script, that centre is listed as not answering,
its reason naming ~/.pgpass. The window asks through the desk's own password dialog.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence

from cli import common
from cli.common import (
    AskPassword,
    Parser,
    Refused,
    ServerLogin,
    add_out,
    fail,
    one_line,
    out_format,
)
from i18n import _

CENTRES_HELP = "the sub-district's list of centres: one NAME = ADDRESS per line, UTF-8 (docs/server.md)"


def register(sub) -> None:  # type: ignore[no-untyped-def]
    district = sub.add_parser("district", help="the sub-district: its centres' figures side by side, read-only "
                                               "(without an action: the window)")
    district.add_argument("--centres", metavar="FILE", help=CENTRES_HELP)
    district.set_defaults(func=cmd_window)
    actions = district.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    figures = actions.add_parser("figures", help="each centre's work-report figures side by side, and the total, "
                                                 "as .pdf or .xlsx")
    figures.add_argument("--centres", metavar="FILE", required=True, help=CENTRES_HELP)
    when = figures.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", metavar="YYYY", help="the year, e.g. 2026")
    when.add_argument("--period", metavar="PERIOD", help="2026 | 2026H1 | 2026Q3 | 2026-07 | 2026-01-01..2026-06-30")
    add_out(figures, pdf_only=False)
    figures.add_argument("--workers", type=int, default=None, metavar="N",
                         help="read N centres at once (default: 4 when a centre is on a server, else 1)")
    figures.set_defaults(func=cmd_figures)
    counts = actions.add_parser("counts", help="each centre's row counts and the month's figures, printed")
    counts.add_argument("--centres", metavar="FILE", required=True, help=CENTRES_HELP)
    counts.add_argument("--month", metavar="YYYY-MM", help="the month (default: this month)")
    counts.set_defaults(func=cmd_counts)


def _centres(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from models.district import read_centres

    if not args.centres:
        raise Refused(_("Name the sub-district's list of centres: --centres FILE (one NAME = ADDRESS per line)."))
    return read_centres(args.centres)


def centre_passwords(needing: Sequence, ask: AskPassword) -> dict:  # type: ignore[type-arg]
    """Ask for the password of each server and role among ``needing`` (the centres
    :func:`models.district.centres_needing_password` found) ONCE, through
    :func:`cli.common.ask_until_taken` (``ask``: the terminal's prompt or the window's dialog),
    each typed password tried on the group's first centre.

    Returns {:func:`~models.district.server_key`: :class:`~models.district.ServerPassword`}: the
    password taken, or the refusal its centres are listed with ("no password given" when
    cancelled; the server's last refusal after three wrong ones).
    """
    from models.core.db import DatabaseOpenError, PasswordNeeded
    from models.district import ServerPassword, check_server, server_key

    groups: dict = {}
    for centre in needing:
        groups.setdefault(server_key(centre), []).append(centre)
    answers = {}
    for key, group in groups.items():
        first = common.server_login(group[0].address)
        databases = ", ".join(dict.fromkeys(common.server_login(c.address).database for c in group))
        login = ServerLogin(server=first.server, database=databases, user=first.user)

        def attempt(password: str, centre=group[0]) -> ServerPassword:  # type: ignore[no-untyped-def]
            check_server(centre, password=password)
            return ServerPassword(password=password)

        try:
            answers[key] = common.ask_until_taken(login, PasswordNeeded(_("no password given")), ask, attempt)
        except DatabaseOpenError as exc:  # cancelled, three refusals, or the server went away meanwhile
            answers[key] = ServerPassword(refusal=one_line(exc))
    return answers


def _passwords(centres):  # type: ignore[no-untyped-def]
    """On a terminal: the passwords of the servers the password file has none for (asked); else None."""
    if not common.stdin_is_terminal():
        return None  # a script: no prompt; such a centre says why, naming ~/.pgpass
    from models.district import centres_needing_password

    needing = centres_needing_password(centres)
    return centre_passwords(needing, common.ask_on_terminal) if needing else None


def _period(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from models.core.errors import ValidationFailed
    from models.figures import parse_period

    text = args.period if args.period else args.year
    if args.year is not None and not (args.year.isdigit() and len(args.year) == 4):
        raise Refused(_("--year takes a year, e.g. 2026: {text}").format(text=args.year))
    try:
        return parse_period(text)
    except ValidationFailed as exc:
        raise Refused(str(exc)) from None


def _failures(figures) -> None:  # type: ignore[no-untyped-def]
    for column in figures.failed:
        print(_("Warning: did not answer: {reason}").format(reason=column.error), file=sys.stderr)


def cmd_figures(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.core.files import os_error_message, write_bytes
    from models.district import district_figures
    from reports.district import district_file
    from reports.fonts import FontError

    kind = out_format(args.out)
    period = _period(args)
    centres = _centres(args)
    workers = args.workers
    if workers is not None and workers < 1:
        raise Refused(_("--workers takes 1 or more: {n}").format(n=workers))
    figures = district_figures(centres, period, workers=workers, passwords=_passwords(centres))
    _failures(figures)
    if not figures.answered:
        return fail(_("No centre answered: nothing was written."))
    try:
        data, missing, pages = district_file(figures, kind)
        write_bytes(args.out, data)
    except (LinliError, FontError) as exc:
        return fail(one_line(exc))
    except OSError as exc:
        return fail(os_error_message(exc, args.out))
    if missing:
        print(_("Warning: no font has these characters: {chars}").format(chars="".join(missing)), file=sys.stderr)
    print(_("{path}: the figures of {answered} of {n} centres, {period}.").format(
        path=args.out, answered=len(figures.answered), n=len(figures.columns), period=period.label()))
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Columns padded for a terminal (a Chinese character is two columns wide)."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(_pad(cell, widths[i], right=i > 0) for i, cell in enumerate(row)).rstrip())


def cmd_counts(args: argparse.Namespace) -> int:
    import datetime as dt

    import i18n
    from models.district import district_figures
    from models.figures import month_period
    from reports.district import did_not_answer
    from reports.figures import format_value

    if args.month:
        try:
            year, month = i18n.parse_month(args.month)
        except ValueError as exc:
            raise Refused(str(exc)) from None
    else:
        today = dt.date.today()
        year, month = today.year, today.month
    period = month_period(year, month)
    centres = _centres(args)
    figures = district_figures(centres, period, counts=True, passwords=_passwords(centres))
    header = [_("Rows")] + [c.centre.name for c in figures.columns]
    tables = list(dict.fromkeys(t for c in figures.answered for t in c.counts))
    rows = [[t] + [i18n.format_number(c.counts.get(t, 0)) if c.answered else did_not_answer()
                   for c in figures.columns] for t in tables]
    print_table(header, rows)
    print()
    header = [period.label()] + [c.centre.name for c in figures.columns] + [_("Sub-district total")]
    rows = [[row.label] + [format_value(v, row.unit) if c.answered else did_not_answer()
                           for v, c in zip(row.values, figures.columns, strict=True)]
            + [format_value(row.total, row.unit) if row.total is not None else "—"] for row in figures.rows()]
    print_table(header, rows)
    _failures(figures)
    return 0 if figures.answered else 1


def cmd_window(args: argparse.Namespace) -> int:
    from functools import partial

    centres = _centres(args)
    from ui.district.window import run_district
    from ui.shell.server_password import ask_password

    return run_district(centres, language=args.lang, ask_passwords=partial(centre_passwords, ask=ask_password))
