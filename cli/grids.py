"""``grids``: the not-visited-lately list, a grid's internal household sheet, the public grid board.

``unvisited`` prints care-list residents due a visit (the grid worker's list
for the week), per grid, the longest unvisited first; it names residents in
full, so it needs an account (``--user``). ``sheet`` is personal data (an
export: ``export.personal``). ``board`` is a public notice, kept through the
notice composer's one path (the privacy guard, the history, the audit entry).
"""

from __future__ import annotations

import argparse
import sys

from cli.common import Output, Parser, add_db, add_out, add_user, fail, out_format, run_output
from i18n import _


def register(sub) -> None:  # type: ignore[no-untyped-def]
    grids = sub.add_parser("grids", help="grids: the not-visited-lately list, a grid's household sheet, the grid board")
    gs = grids.add_subparsers(dest="grids_command", metavar="ACTION", parser_class=Parser, required=True)

    unvisited = gs.add_parser("unvisited", help="care-list residents not visited lately, per grid, oldest first")
    add_db(unvisited)
    unvisited.add_argument("--grid", metavar="NAME", help="one grid only (e.g. 第一网格)")
    unvisited.add_argument("--on", metavar="YYYY-MM-DD", help="the day to count from (default today)")
    add_user(unvisited)
    unvisited.set_defaults(func=cmd_unvisited)

    sheet = gs.add_parser("sheet", help="a grid's internal household sheet (.pdf or .xlsx; personal data)")
    sheet.add_argument("--grid", required=True, metavar="NAME", help="the grid's name")
    sheet.add_argument("--on", metavar="YYYY-MM-DD", help="the day of the last visits (default today)")
    add_db(sheet)
    add_out(sheet, pdf_only=False)
    add_user(sheet)
    sheet.set_defaults(func=cmd_sheet)

    board = gs.add_parser("board", help="the public grid board (网格公示牌): work phones only, kept in the history")
    add_db(board)
    add_out(board)
    board.set_defaults(func=cmd_board)


def _day(text: str | None):  # type: ignore[no-untyped-def]
    import datetime as dt

    from i18n import parse_date

    return parse_date(text) if text else dt.date.today()


def cmd_unvisited(args: argparse.Namespace) -> int:
    import i18n
    from cli.common import open_as
    from models.grids import find_grid, not_visited

    try:
        on = _day(args.on)
    except ValueError as exc:
        return fail(str(exc))
    db = open_as(args, account=True)
    try:
        with db.session() as s:
            grid_id = find_grid(s, args.grid).id if args.grid else None
            rows = not_visited(s, on, grid_id=grid_id)
    finally:
        db.dispose()
    current = object()
    for r in rows:
        if r.grid != current:
            current = r.grid
            print(f"# {r.grid or _('(no grid)')}")
        last = i18n.format_date(r.last_visit, "short") if r.last_visit else _("never")
        since = _("{days} days").format(days=r.days_since) if r.days_since is not None else ""
        print("\t".join((r.name, r.category_text, r.building, r.room, last, since)).rstrip())
    print(_("{n} care-list residents not visited lately on {date}.").format(n=len(rows), date=i18n.format_date(on)),
          file=sys.stderr)
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cli.common import missing_warning, write_out
    from models.core.settings import load_centre_info
    from models.grids.sheet import household_sheet
    from reports.grids import sheet_pdf, sheet_xlsx

    fmt = out_format(args.out)
    try:
        on = _day(args.on)
    except ValueError as exc:
        return fail(str(exc))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            sheet = household_sheet(s, args.grid, on)
            centre = load_centre_info(s)
        message = _("{path}: {grid}, {households} households, {people} residents.").format(
            path=args.out, grid=sheet.grid, households=len(sheet.households), people=sheet.people)
        if fmt == "xlsx":
            return Output(message, write=lambda: sheet_xlsx(sheet, Path(args.out)), people=sheet.people)
        result = sheet_pdf(sheet, centre)
        return Output(message, write=lambda: write_out(args.out, result.pdf), people=sheet.people,
                      warnings=missing_warning(result.missing))

    return run_output(args, build, what="grid household sheet", personal=True)


def cmd_board(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.core.settings import load_centre_info
    from models.grids.sheet import board_data
    from reports.grids import board_notice

    out_format(args.out, ("pdf",))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            data = board_data(s)
            centre = load_centre_info(s)
        result = board_notice(data, centre, today=dt.date.today())
        message = _("{path}: the grid board, {n} grids; kept in the notice history.").format(
            path=args.out, n=data.grids)
        return Output(message=message, publish=lambda db: _keep(db, result, data, args.out))

    return run_output(args, build)


def _keep(db, result, data, out: str) -> None:  # type: ignore[no-untyped-def]
    """Publish through the composer's one path, naming on purpose exactly the people the board shows."""
    from models.grids.sheet import BOARD_OVERRIDE_REASON
    from models.notices import NameOverride, publish

    override = NameOverride(reason=_(BOARD_OVERRIDE_REASON), names=data.names) if data.names else None
    publish(db, result.values, result, path=out, override=override)
