"""Linli (邻里) — the front desk of a neighbourhood service centre.

Usage:
    python main.py [--db PATH] [--lang zh_CN|zh_TW|en]     open the window
    python main.py demo --db PATH [--seed N] [--scale ten-years]   fill a database with demo data
    python main.py check --db PATH                         check a database

Thin on purpose: parse arguments, set up logging, open the database, install
the locale, then run a headless command or open the window.
"""

from __future__ import annotations

import argparse
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import i18n
from i18n import _, ngettext

__version__ = "0.1.0"

log = logging.getLogger("linli")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line, without the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"linli: {message} (python main.py --help)\n")


_USER_HELP = ("the Linli account to act as; its password from a hidden prompt, or as one line on standard input "
              "when that is not a terminal (never as an argument)")


def _add_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help=_USER_HELP)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="Linli (邻里) — the front desk of a neighbourhood service centre.")
    parser.add_argument("--version", action="version", version=f"Linli {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the database file (default: the user's data folder)")
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), help="language of the window and printouts")
    parser.add_argument("--verbose", action="store_true", help="log more (never personal data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = sub.add_parser("demo", help="create a database if needed and fill it with synthetic demo data")
    demo.add_argument("--db", metavar="PATH", required=True, help="the database file to fill")
    demo.add_argument("--seed", type=int, default=2026, help="the same seed gives the same data (default 2026)")
    demo.add_argument("--residents", type=int, default=300, help="how many residents (default 300)")
    demo.add_argument("--scale", choices=["small", "ten-years"], default="small",
                      help="small (default) or ten-years: the benchmark database (models/demo_large.py)")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="print schema revision, row counts and integrity; exit 1 if unsound")
    check.add_argument("--db", metavar="PATH", required=True, help="the database file to check")
    check.set_defaults(func=cmd_check)

    # Each job adds its own command group below (a sub-parser with
    # set_defaults(func=...)); the functions live further down in this file.
    # --- job commands: day care ---
    daycare = sub.add_parser("daycare", help="day care: monthly attendance statistics, attendance sheets")
    daycare_sub = daycare.add_subparsers(dest="daycare_command", metavar="ACTION", parser_class=_Parser, required=True)
    attendance = daycare_sub.add_parser("attendance", help="monthly attendance statistics as .pdf or .xlsx")
    attendance.add_argument("--month", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-11")
    attendance.add_argument("--db", metavar="PATH", required=True, help="the database file")
    attendance.add_argument("--out", metavar="FILE", required=True, help="FILE.pdf or FILE.xlsx")
    _add_user(attendance)
    attendance.set_defaults(func=cmd_daycare_attendance)
    sheet = daycare_sub.add_parser("sheet", help="the attendance sheet (签到表) PDF for a day or a week")
    when = sheet.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", metavar="YYYY-MM-DD", help="one day")
    when.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W47")
    sheet.add_argument("--db", metavar="PATH", required=True, help="the database file")
    sheet.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    _add_user(sheet)
    sheet.set_defaults(func=cmd_daycare_sheet)
    # --- job commands: meals ---
    meals = sub.add_parser("meals", help="meal assistance: menu notice, reconciliation, disclosure, delivery list")
    meals_sub = meals.add_subparsers(dest="meals_command", metavar="ACTION", parser_class=_Parser, required=True)
    meals_menu = meals_sub.add_parser("menu", help="the week's menu as an A4 notice (large type)")
    meals_menu.add_argument("--week", required=True, metavar="YYYY-Www", help="an ISO week, e.g. 2026-W48")
    meals_menu.add_argument("--db", metavar="PATH", required=True, help="the database file")
    meals_menu.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    meals_menu.set_defaults(func=cmd_meals_menu)
    meals_rec = meals_sub.add_parser("reconcile", help="the month's subsidy reconciliation as .pdf or .xlsx")
    meals_rec.add_argument("--month", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-11")
    meals_rec.add_argument("--db", metavar="PATH", required=True, help="the database file")
    meals_rec.add_argument("--out", metavar="FILE", required=True, help="FILE.pdf or FILE.xlsx")
    meals_rec.add_argument("--mask", action="store_true", help="mask the diners' names")
    _add_user(meals_rec)
    meals_rec.set_defaults(func=cmd_meals_reconcile)
    meals_disc = meals_sub.add_parser("disclosure", help="the public subsidy disclosure (masked names) as PDF")
    meals_disc.add_argument("--month", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-11")
    meals_disc.add_argument("--db", metavar="PATH", required=True, help="the database file")
    meals_disc.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    meals_disc.add_argument("--days", type=int, default=5,
                            help="posting period in working days from today (China's, default 5)")
    meals_disc.set_defaults(func=cmd_meals_disclosure)
    meals_del = meals_sub.add_parser("delivery", help="the delivery list (internal) for a day as PDF")
    meals_del.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the day")
    meals_del.add_argument("--db", metavar="PATH", required=True, help="the database file")
    meals_del.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    _add_user(meals_del)
    meals_del.set_defaults(func=cmd_meals_delivery)
    # --- job commands: activities ---
    acts = sub.add_parser("activities", help="activities: notice, sign-up sheet, monthly statistics")
    acts_sub = acts.add_subparsers(dest="activities_command", metavar="ACTION", parser_class=_Parser, required=True)
    acts_notice = acts_sub.add_parser("notice", help="the activity notice for the bulletin board (PDF, no personal data)")
    acts_notice.add_argument("--activity", "--id", dest="activity", type=int, required=True, metavar="ID",
                             help="the activity's number")
    acts_notice.add_argument("--db", metavar="PATH", required=True, help="the database file")
    acts_notice.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    acts_notice.set_defaults(func=cmd_activities_notice)
    acts_sheet = acts_sub.add_parser("signup-sheet", aliases=["roster"],
                                     help="the sign-up sheet (签到表) PDF: masked names, or --desk-copy for full names")
    acts_sheet.add_argument("--activity", "--id", dest="activity", type=int, required=True, metavar="ID",
                            help="the activity's number")
    acts_sheet.add_argument("--db", metavar="PATH", required=True, help="the database file")
    acts_sheet.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    acts_sheet.add_argument("--desk-copy", action="store_true", help="full names and phones (internal, not for posting)")
    _add_user(acts_sheet)
    acts_sheet.set_defaults(func=cmd_activities_sheet)
    acts_stats = acts_sub.add_parser("stats", help="monthly statistics as .pdf or .xlsx")
    acts_stats.add_argument("--month", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-11")
    acts_stats.add_argument("--db", metavar="PATH", required=True, help="the database file")
    acts_stats.add_argument("--out", metavar="FILE", required=True, help="FILE.pdf or FILE.xlsx")
    acts_stats.set_defaults(func=cmd_activities_stats)
    # --- job commands: party ---
    party = sub.add_parser("party", help="Party roster: dues disclosure, roster PDF/.xlsx, roster import")
    party_sub = party.add_subparsers(dest="party_command", metavar="ACTION", parser_class=_Parser, required=True)
    party_disc = party_sub.add_parser("dues-disclosure", help="the quarter's dues disclosure (党费收缴公示), names masked")
    party_disc.add_argument("--quarter", required=True, metavar="YYYYQn", help="e.g. 2026Q4")
    party_disc.add_argument("--db", metavar="PATH", required=True, help="the database file")
    party_disc.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    party_disc.add_argument("--from", dest="post_from", metavar="YYYY-MM-DD", help="first day posted (default today)")
    party_disc.add_argument("--to", dest="post_to", metavar="YYYY-MM-DD", help="last day posted (default: 5 working days)")
    party_disc.set_defaults(func=cmd_party_dues_disclosure)
    party_roster = party_sub.add_parser("roster", help="the internal roster by branch as .pdf or .xlsx")
    party_roster.add_argument("--db", metavar="PATH", required=True, help="the database file")
    party_roster.add_argument("--out", metavar="FILE", required=True, help="FILE.pdf or FILE.xlsx")
    _add_user(party_roster)
    party_roster.set_defaults(func=cmd_party_roster)
    party_import = party_sub.add_parser("import", help="import members from .xlsx (all or nothing)")
    party_import.add_argument("file", metavar="FILE.xlsx", help="the workbook (header in row 1)")
    party_import.add_argument("--db", metavar="PATH", required=True, help="the database file")
    party_import.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    _add_user(party_import)
    party_import.set_defaults(func=cmd_party_import)
    # --- job commands: notices ---
    notice = sub.add_parser("notice", help="a bulletin-board notice through the composer (checked, kept in the history)")
    notice.add_argument("template", choices=["general", "service_results"], help="the template")
    notice.add_argument("--title", required=True, help="the title")
    notice.add_argument("--body-file", metavar="FILE", help="the body text (UTF-8)")
    notice.add_argument("--table-xlsx", metavar="FILE.xlsx", help="the table: first sheet, header in row 1")
    notice.add_argument("--db", metavar="PATH", required=True, help="the database file")
    notice.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    notice.set_defaults(func=cmd_notice)
    # --- job commands: safety ---
    backup = sub.add_parser("backup", help="an online backup of the database, verified (and rotated)")
    backup.add_argument("--db", metavar="PATH", required=True, help="the database file")
    backup.add_argument("--to", "--dest", dest="dest", metavar="DIR", help="the folder (default: backups beside the database)")
    _add_user(backup)
    backup.set_defaults(func=cmd_backup_make)
    restore = sub.add_parser("restore", help="replace the database with a verified backup (the current one is backed up first)")
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="the backup file")
    restore.add_argument("--from", dest="backup_from", metavar="BACKUP", help="the backup file (same as BACKUP)")
    restore.add_argument("--db", metavar="PATH", required=True, help="the database file to replace")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _add_user(restore)
    restore.set_defaults(func=cmd_backup_restore)
    imp = sub.add_parser("import", help="import residents or day-care elders from .xlsx/.csv (all or nothing)")
    imp.add_argument("kind", choices=["residents", "elders"], help="what the file lists")
    imp.add_argument("file", metavar="FILE", help="an .xlsx workbook or a .csv file (UTF-8 or GBK)")
    imp.add_argument("--db", metavar="PATH", required=True, help="the database file")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--report", metavar="REPORT.xlsx", help="save the per-row report (row, column, reason)")
    _add_user(imp)
    imp.set_defaults(func=cmd_import_people)
    audit_cmd = sub.add_parser("audit", help="the audit trail: verify its hash chain")
    audit_sub = audit_cmd.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=_Parser, required=True)
    audit_check = audit_sub.add_parser("check", help="verify the audit trail's hash chain; exit 1 if it is broken")
    audit_check.add_argument("--db", metavar="PATH", required=True, help="the database file")
    audit_check.set_defaults(func=cmd_audit_check)
    return parser


def setup_logging(verbose: bool) -> None:
    """Warnings to stderr, info to a rotating file in the data folder.

    Log lines name records by id only: never names, ID numbers or phones.
    """
    from models.core.db import data_dir

    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("linli: %(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    try:
        logs = data_dir() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(logs / "linli.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        log.warning("cannot write the log file; logging to the console only")


def _fail(message: str) -> int:
    print(f"linli: {message}", file=sys.stderr)
    return 1


# --- logging in on the command line (docs/security.md, "The command line") ---


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _credentials(args: argparse.Namespace) -> tuple[str, str]:
    """The user name and password for ``--user``: prompts on a terminal, else one line of standard input.

    Raises:
        _Refused: no ``--user`` and no terminal to ask on; no password given.
    """
    import getpass

    user = (getattr(args, "user", None) or "").strip()
    if _stdin_is_terminal():
        if not user:
            user = input(_("Linli user name: ")).strip()
        password = getpass.getpass(_("Password for {user}: ").format(user=user))
    else:
        if not user:
            raise _Refused(_("This command needs a Linli account: add --user NAME and give the password "
                             "as one line on standard input."))
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not line:
            raise _Refused(_("No password for {user} on standard input (one line).").format(user=user))
    if not user:
        raise _Refused(_("No user name given."))
    return user, password


def _act_as_account(db, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Check the password with the window's own login (lockout, audit) and act as the account.

    Raises:
        LoginRefused: a wrong name or password, a locked or deactivated account
            (the failed attempt is recorded by :func:`models.safety.accounts.login`).
    """
    from models.safety.accounts import login
    from models.safety.security import set_actor

    set_actor(login(db, user, password))  # main() runs each command in its own context


def _needs_account(args: argparse.Namespace, needed: bool) -> bool:
    """Whether to log in: the command needs an account, or ``--user`` was given anyway (to act as it)."""
    return needed or bool(getattr(args, "user", None))


def _open_as(args: argparse.Namespace, *, personal: bool = False, account: bool | None = None):  # type: ignore[no-untyped-def]
    """Open ``--db``; log in when the command needs an account (``account``, default: ``personal``);
    refuse early when the output has personal data and the account may not export it.

    The credentials are read before the database is opened; on any refusal
    the database is closed again and nothing is written but the login's own
    audit entry.
    """
    from models.core.db import open_database

    login_needed = _needs_account(args, personal if account is None else account)
    credentials = _credentials(args) if login_needed else None
    db = open_database(args.db, create=False)
    try:
        if credentials is not None:
            _act_as_account(db, *credentials)
        if personal:
            from models.safety.export import require_personal_output

            require_personal_output()
    except BaseException:
        db.dispose()
        raise
    return db


def _write_recorded(db, out: str | Path, write, *, what: str, count: int, personal: bool) -> None:  # type: ignore[no-untyped-def]
    """The one path of every report file: the audit entry (an export, or a publication) and the file,
    in one transaction — a file that cannot be written leaves no entry (models.safety.export)."""
    from models.safety.export import record_output

    with db.write() as s:
        record_output(s, what, count, out, personal=personal)
        write()


def cmd_demo(args: argparse.Namespace) -> int:
    from models.core.db import open_database
    from models.core.errors import LinliError
    from models.demo import fill_demo

    db = open_database(args.db)
    try:
        if args.scale == "ten-years":
            from models.demo_large import fill_ten_years

            summary = fill_ten_years(db, seed=args.seed, progress=lambda step: print(f"  … {step}", file=sys.stderr))
            from models.demo import add_demo_accounts

            with db.write() as s:
                summary.counts["accounts"] = len(add_demo_accounts(s))
        else:
            summary = fill_demo(db, seed=args.seed, residents=args.residents, accounts=True)
    except LinliError as exc:
        return _fail(str(exc))
    finally:
        db.dispose()
    print(
        ngettext(
            "Demo data written to {path}: {count} resident.",
            "Demo data written to {path}: {count} residents.",
            summary.residents,
        ).format(path=db.path or args.db, count=summary.residents)
    )
    for kind, count in summary.counts.items():
        print(f"  {kind}: {count}")
    from models.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    print(_("Demo accounts (demo only, never on a real database): {names}, password {password}.").format(
        names=", ".join(name for name, _role in DEMO_ACCOUNTS), password=DEMO_PASSWORD))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Read-only: the integrity result first, each table on its own, one verdict line last."""
    from models.core.db import _file_path, _url_for
    from models.safety.check import check_file, report_lines

    path = _file_path(_url_for(args.db))
    if path is None:  # a server: it checks its own pages
        return _check_server(args.db)
    report = check_file(path)
    for line in report_lines(report):
        print(line)
    return 0 if report.sound else 1


def _check_server(url: str) -> int:
    from models.core.db import check_database, open_database

    db = open_database(url, create=False)
    try:
        report = check_database(db)
    finally:
        db.dispose()
    print(_("Database: {path}").format(path=db.url))
    print(_("Schema revision: {rev} (this program: {head})").format(rev=report.revision, head=report.head))
    for table, count in report.row_counts.items():
        print(f"  {table}  {count}")
    print(_("Verdict: sound.") if report.sound else _("Verdict: NOT sound: {problems}.").format(
        problems=_("schema {rev}, not this program's {head}").format(rev=report.revision, head=report.head)))
    return 0 if report.sound else 1


def cmd_window(args: argparse.Namespace) -> int:
    # The network-share check and the lock come BEFORE the file is opened, so a
    # migration never runs on a share or while another copy has the file; a
    # damaged file is opened read-only (not migrated). See docs/backup.md.
    from models.core.errors import LinliError
    from models.safety.startup import open_for_window
    from ui.shell.app import run_app

    try:
        opened = open_for_window(args.db)
    except LinliError as exc:  # network share, in use (DatabaseOpenError is one line in main())
        return _fail(str(exc))
    try:
        return run_app(opened.db, language=args.lang, lock=opened.lock, checked=opened.checked,
                       deferred=opened.deferred)
    finally:
        opened.db.dispose()
        if opened.lock is not None:
            opened.lock.release()


# --- job command functions: day care ---


def _daycare_info(db, title: str):  # type: ignore[no-untyped-def]
    from models.core.settings import load_centre_info
    from reports.pdf import DocumentInfo

    with db.session() as session:
        centre = load_centre_info(session)
    return DocumentInfo(centre_name=centre.name or _("Linli"), title=title, address=centre.address, phone=centre.phone)


class _Refused(Exception):
    """A command's argument that cannot be used: :func:`main` prints the message in one line, exit 1."""


def _out_format(path: str, allowed: tuple[str, ...] = ("pdf", "xlsx")) -> str:
    """The output file's format from its extension ("pdf", "xlsx"); refused if not allowed."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in allowed:
        return suffix
    if allowed == ("pdf",):
        raise _Refused(_("The output file must end in .pdf: {path}").format(path=path))
    raise _Refused(_("The output file must end in .pdf or .xlsx: {path}").format(path=path))


def _month(text: str) -> tuple[int, int]:
    """``--month`` as (year, month); refused with the parser's message."""
    try:
        return i18n.parse_month(text)
    except ValueError as exc:
        raise _Refused(str(exc)) from None


def _write_out(path: str | Path, data: bytes) -> None:
    """Write an output file whole or not at all (a temporary name, renamed at the end)."""
    from models.core.files import write_bytes

    write_bytes(path, data)


def cmd_daycare_attendance(args: argparse.Namespace) -> int:
    from models.core.settings import load_centre_info
    from models.daycare import month_stats
    from models.safety.export import ATTENDANCE_STATS
    from reports.daycare import monthly_pdf, monthly_xlsx, stats_title
    from reports.fonts import FontError

    suffix = _out_format(args.out)
    year, month = _month(args.month)
    db = _open_as(args, personal=True)  # names of the elders
    try:
        with db.session() as session:
            stats = month_stats(session, year, month, with_grid=suffix == "xlsx")
            centre = load_centre_info(session)
        if suffix == "xlsx":
            data = monthly_xlsx(stats, centre.name)
        else:
            result = monthly_pdf(stats, _daycare_info(db, stats_title(stats)))
            data = result.pdf
            if result.missing:
                print(_("Warning: no font has these characters: {chars}").format(chars="".join(result.missing)), file=sys.stderr)
        _write_recorded(db, args.out, lambda: _write_out(args.out, data), what=ATTENDANCE_STATS,
                        count=len(stats.per_elder), personal=True)
    except (OSError, FontError) as exc:
        return _fail(str(exc))
    finally:
        db.dispose()
    print(
        _("{path}: {month}, {elders} elders, {total} person-times.").format(
            path=args.out, month=args.month, elders=len(stats.per_elder), total=stats.total
        )
    )
    return 0


def cmd_daycare_sheet(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.daycare import attendance_sheet, week_days
    from models.safety.export import ATTENDANCE_SHEET
    from reports.daycare import attendance_sheet_pdf, sheet_title
    from reports.fonts import FontError

    try:
        if args.week:
            days = week_days(args.week)
        else:
            days = [dt.date.fromisoformat(args.date)]
    except ValueError as exc:
        message = str(exc) if args.week else _("Not a date: {text} (write it as 2026-11-22).").format(text=args.date)
        return _fail(message)
    db = _open_as(args, personal=True)  # full names
    try:
        with db.session() as session:
            sheet = attendance_sheet(session, days)
        result = attendance_sheet_pdf(sheet, _daycare_info(db, sheet_title()))
        people = len({line.enrolment_id for day in sheet for line in day.lines})
        _write_recorded(db, args.out, lambda: _write_out(args.out, result.pdf), what=ATTENDANCE_SHEET,
                        count=people, personal=True)
    except (OSError, FontError) as exc:
        return _fail(str(exc))
    finally:
        db.dispose()
    print(
        _("{path}: attendance sheet, {days}, {pages}.").format(
            path=args.out,
            days=ngettext("{n} day", "{n} days", len(days)).format(n=len(days)),
            pages=ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages),
        )
    )
    return 0
# --- job command functions: meals ---


def _meals_info(db):  # type: ignore[no-untyped-def]
    from models.core.settings import load_centre_info
    from reports.pdf import DocumentInfo

    with db.session() as session:
        centre = load_centre_info(session)
    return DocumentInfo(centre_name=centre.name or _("Linli"), address=centre.address, phone=centre.phone,
                        issuer=centre.name)


def _meals_run(args: argparse.Namespace, build, *, what: str, personal: bool) -> int:  # type: ignore[no-untyped-def]
    """Open the database (as an account for ``personal``), let ``build(db)`` make
    (bytes, missing chars, message, people), write it out, recorded (models.safety.export)."""

    from models.core.errors import LinliError
    from reports.fonts import FontError

    db = _open_as(args, personal=personal)
    try:
        data, missing, message, people = build(db)
        _write_recorded(db, args.out, lambda: _write_out(args.out, data), what=what, count=people, personal=personal)
    except (LinliError, OSError, FontError) as exc:
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    finally:
        db.dispose()
    if missing:
        print(_("Warning: no font has these characters: {chars}").format(chars="".join(missing)), file=sys.stderr)
    print(message)
    return 0


def cmd_meals_menu(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.meals import parse_week, week_menu
    from reports.meals import menu_pdf

    _out_format(args.out, ("pdf",))
    try:
        monday = parse_week(args.week)
    except LinliError as exc:
        return _fail(str(exc))

    def build(db):  # type: ignore[no-untyped-def]
        with db.session() as session:
            entries = week_menu(session, monday)
        if not any(e.dishes or e.price_fen is not None for e in entries):
            raise LinliError(_("The week {week} has no menu yet.").format(week=args.week))
        result = menu_pdf(entries, _meals_info(db), monday=monday)
        return result, _("{path}: the menu of {week}.").format(path=args.out, week=args.week)

    return _notice_run(args, build)  # the notice composer's guard and history


def cmd_meals_reconcile(args: argparse.Namespace) -> int:
    from models.meals import reconcile_month
    from models.safety.export import RECONCILIATION, RECONCILIATION_MASKED
    from reports.meals import reconciliation_pdf, reconciliation_xlsx

    suffix = _out_format(args.out)
    year, month = _month(args.month)

    def build(db):  # type: ignore[no-untyped-def]
        with db.session() as session:
            rec = reconcile_month(session, year, month)
        if suffix == "xlsx":
            data, missing = reconciliation_xlsx(rec, masked=args.mask), []
        else:
            result = reconciliation_pdf(rec, _meals_info(db), masked=args.mask)
            data, missing = result.pdf, result.missing
        message = _("{path}: {month}, {diners} diners, {meals} meals, subsidy {subsidy}.").format(
            path=args.out, month=args.month, diners=len(rec.diners), meals=rec.totals.meals,
            subsidy=i18n.format_money(rec.totals.subsidy_fen),
        )
        return data, missing, message, len(rec.diners)

    # Unmasked: the diners' names (an account with export.personal); masked: a publication.
    return _meals_run(args, build, what=RECONCILIATION_MASKED if args.mask else RECONCILIATION, personal=not args.mask)


def cmd_meals_disclosure(args: argparse.Namespace) -> int:
    from models.meals import reconcile_month
    from reports.meals import disclosure_pdf

    _out_format(args.out, ("pdf",))
    if not 1 <= args.days <= 60:
        return _fail(_("The posting period is 1 to 60 days."))
    year, month = _month(args.month)

    def build(db):  # type: ignore[no-untyped-def]
        with db.session() as session:
            rec = reconcile_month(session, year, month)
        result = disclosure_pdf(rec, _meals_info(db), posting_days=args.days)
        listed = sum(1 for d in rec.diners if d.subsidy_fen > 0)
        return result, _("{path}: {month}, {n} diners listed (names masked).").format(
            path=args.out, month=args.month, n=listed
        )

    return _notice_run(args, build)  # the notice composer's guard and history


def cmd_meals_delivery(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.meals import delivery_list
    from models.safety.export import DELIVERY
    from reports.meals import delivery_pdf

    _out_format(args.out, ("pdf",))
    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError:
        return _fail(_("Not a date: {text} (write it as 2026-11-22).").format(text=args.date))

    def build(db):  # type: ignore[no-untyped-def]
        with db.session() as session:
            lines = delivery_list(session, day, None)
        result = delivery_pdf(lines, _meals_info(db), day=day)
        message = _("{path}: {n} deliveries.").format(path=args.out, n=len(lines))
        return result.pdf, result.missing, message, len({(line.name, line.address) for line in lines})

    return _meals_run(args, build, what=DELIVERY, personal=True)  # names, addresses, phones
# --- job command functions: activities ---


def _activities_centre(session):  # type: ignore[no-untyped-def]
    from models.core.settings import load_centre_info

    centre = load_centre_info(session)
    centre.name = centre.name or _("Linli")
    return centre


def _activities_pdf(args: argparse.Namespace, build, *, what: str, personal: bool) -> int:  # type: ignore[no-untyped-def]
    """Open the database (as an account for ``personal``), build a PDF from plain data
    (``build(session)`` → (PdfResult, people)), write it recorded (models.safety.export), print one line."""

    from models.core.errors import LinliError
    from reports.fonts import FontError

    db = _open_as(args, personal=personal)
    try:
        with db.session() as session:
            result, people = build(session)
        _write_recorded(db, args.out, lambda: _write_out(args.out, result.pdf), what=what, count=people,
                        personal=personal)
    except (LinliError, FontError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(_("Cannot write {path}: {reason}").format(path=args.out, reason=exc.strerror))
    finally:
        db.dispose()
    line = _("Written {path} ({pages} pages).").format(path=args.out, pages=result.pages)
    if result.missing:
        line += " " + _("No font could print: {chars}").format(chars=" ".join(result.missing))
    print(line)
    return 0


def cmd_activities_notice(args: argparse.Namespace) -> int:
    from models.activities import activity_row
    from reports.activities import activity_notice_pdf

    def build(db):  # type: ignore[no-untyped-def]  # through the notice composer's guard and history
        with db.session() as s:
            result = activity_notice_pdf(activity_row(s, args.activity), _activities_centre(s))
        return result, _("Written {path} ({pages} pages).").format(path=args.out, pages=result.pages)

    return _notice_run(args, build)


def cmd_activities_sheet(args: argparse.Namespace) -> int:
    from models.activities import activity_row, signup_sheet_lines
    from models.safety.export import SIGNUP_DESK_COPY, SIGNUP_PUBLIC
    from reports.activities import signup_sheet_pdf

    def build(s):  # type: ignore[no-untyped-def]
        lines = signup_sheet_lines(s, args.activity)
        pdf = signup_sheet_pdf(activity_row(s, args.activity), lines, _activities_centre(s), public=not args.desk_copy)
        return pdf, len(lines)

    # The desk copy has full names and phones (an account with export.personal); the public copy is masked.
    return _activities_pdf(args, build, what=SIGNUP_DESK_COPY if args.desk_copy else SIGNUP_PUBLIC,
                           personal=args.desk_copy)


def cmd_activities_stats(args: argparse.Namespace) -> int:

    from models.activities import monthly_statistics
    from models.safety.export import ACTIVITY_STATS
    from reports.activities import monthly_statistics_pdf, monthly_statistics_xlsx

    year, month = _month(args.month)
    suffix = _out_format(args.out)
    if suffix == "pdf":  # counts only: a publication, no account needed
        return _activities_pdf(args, lambda s: (monthly_statistics_pdf(monthly_statistics(s, year, month),
                                                                       _activities_centre(s)), 0),
                               what=ACTIVITY_STATS, personal=False)
    db = _open_as(args)
    try:
        with db.session() as session:
            stats = monthly_statistics(session, year, month)
        _write_recorded(db, args.out, lambda: monthly_statistics_xlsx(stats, Path(args.out)), what=ACTIVITY_STATS,
                        count=0, personal=False)
    except OSError as exc:
        return _fail(_("Cannot write {path}: {reason}").format(path=args.out, reason=exc.strerror))
    finally:
        db.dispose()
    print(_("Written {path}.").format(path=args.out))
    return 0
# --- job command functions: notices ---


def cmd_notice(args: argparse.Namespace) -> int:
    """Compose a notice, run the privacy guard, write the PDF, record it in the history."""
    import datetime as dt

    from models.core.db import open_database
    from models.core.errors import LinliError, ValidationFailed
    from models.core.settings import load_centre_info
    from models.notices import read_table_xlsx
    from reports.fonts import FontError
    from reports.notices import compose, template

    _out_format(args.out, ("pdf",))
    try:
        body = Path(args.body_file).read_text(encoding="utf-8") if args.body_file else ""
        table = read_table_xlsx(args.table_xlsx) if args.table_xlsx else None
    except OSError as exc:
        return _fail(_("Cannot read {path}: {reason}").format(path=args.body_file, reason=exc.strerror))
    except LinliError as exc:
        return _fail(str(exc))
    db = open_database(args.db, create=False)
    try:
        with db.session() as s:
            centre = load_centre_info(s)
        values = template(args.template).blank(centre, dt.date.today())
        values.title = args.title.strip()
        if body.strip():
            values.body = body.strip()
        if table is not None:
            values.table_header, values.table_rows = table
            values.col_widths = values.align = None
        result = _keep_notice(db, lambda: compose(values, centre), args.out, values)  # check → build → keep
    except ValidationFailed as exc:
        return _fail("; ".join(exc.errors.values()))
    except (LinliError, FontError) as exc:
        return _fail(str(exc).replace("\n", " "))
    except OSError as exc:
        return _fail(_("Cannot write {path}: {reason}").format(path=args.out, reason=exc.strerror))
    finally:
        db.dispose()
    for key, chars in result.where.items():
        from models.notices import field_label

        print(_("Warning: {field}: no font can print {chars}").format(field=field_label(key), chars=" ".join(chars)),
              file=sys.stderr)
    pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
    print(_("{path}: notice “{title}”, {pages}, kept in the history.").format(
        path=args.out, title=values.title, pages=pages))
    return 0


def _keep_notice(db, result, out: str, values=None):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN201
    """Every notice command's one path: :func:`models.notices.publish` — the privacy
    guard, then the layout (``result``: a built ``NoticePdf`` or a function that
    builds one), then the history, the audit entry and the file in one
    transaction (nothing kept when the file cannot be written, no file when
    refused). The composer tab publishes through the same function.

    Returns:
        The built ``NoticePdf``.

    Raises:
        PrivacyBlocked / ValidationFailed / PermissionDenied (LinliError), OSError.
    """
    from models.notices import posting_note, publish

    values = values if values is not None else result.values
    built = publish(db, values, result, path=out).built
    note = posting_note(values.posting_from, values.posting_to) if values.disclosure else ""
    if note:  # a year whose holidays the calendar does not know: told once
        print(note, file=sys.stderr)
    return built


def _notice_run(args: argparse.Namespace, build) -> int:  # type: ignore[no-untyped-def]
    """A module's notice command (activities notice, meals menu/disclosure) through the composer's path.

    ``build(db)`` returns (:class:`reports.notices.NoticePdf`, the line to print).
    """
    from models.core.db import open_database
    from models.core.errors import LinliError, ValidationFailed
    from models.notices import field_label
    from reports.fonts import FontError

    db = open_database(args.db, create=False)
    try:
        result, message = build(db)
        _keep_notice(db, result, args.out)
    except ValidationFailed as exc:
        return _fail("; ".join(exc.errors.values()))
    except (LinliError, FontError) as exc:
        return _fail(str(exc).replace("\n", " "))
    except OSError as exc:
        return _fail(_("Cannot write {path}: {reason}").format(path=args.out, reason=exc.strerror))
    finally:
        db.dispose()
    for key, chars in result.where.items():
        print(_("Warning: {field}: no font can print {chars}").format(field=field_label(key), chars=" ".join(chars)),
              file=sys.stderr)
    print(message + " " + _("Kept in the notice history."))
    return 0
# --- job command functions: safety ---


def cmd_backup_make(args: argparse.Namespace) -> int:

    from models.core.errors import LinliError
    from models.safety.backup import BackupError, make_backup

    # To another folder (a USB stick) the whole database leaves the PC: an account is asked.
    db = _open_as(args, account=bool(args.dest))
    try:
        if db.path is None:
            return _fail(_("Backups are made of a database file, not of {url}.").format(url=db.url))
        result = make_backup(db.path, "manual", dest=Path(args.dest) if args.dest else None)
        from models.safety.audit import record

        with db.write() as s:
            record(s, "backup", summary=f"manual, {result.path.name}")
    except (BackupError, LinliError) as exc:
        return _fail(str(exc))
    finally:
        db.dispose()
    for note in result.notes:
        print(_("Note: {note}").format(note=note), file=sys.stderr)
    print(_("Backup written to {path} ({rows} rows, checked).").format(
        path=result.path, rows=sum(result.row_counts.values())))
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:

    from models.core.db import _url_for, open_database
    from models.core.errors import LinliError
    from models.safety.backup import BackupError, check_restorable, restore_backup
    from models.safety.security import require
    from models.safety.startup import check_before_open

    source = args.backup or args.backup_from
    if not source:
        return _fail(_("Name the backup to restore: python main.py restore BACKUP --db PATH"))
    db_path = Path(_url_for(args.db).database or args.db)
    credentials = _credentials(args)  # replacing the database: always an account
    try:
        lock = check_before_open(db_path)
    except LinliError as exc:
        return _fail(str(exc))
    try:
        try:
            _log_in_for_restore(db_path, Path(source), *credentials)
            require("restore")
        except (BackupError, LinliError) as exc:
            return _fail(str(exc))
        check = check_restorable(Path(source))
        if not check.ok:
            return _fail("; ".join(check.problems))
        if not args.yes:
            answer = input(_("Replace {db} with {backup} ({rows} rows)? The current file is backed up first. [y/N] ").format(
                db=db_path, backup=Path(source).name, rows=sum(check.row_counts.values())))
            if answer.strip().lower() not in ("y", "yes", "是"):
                print(_("Nothing was changed."))
                return 1
        try:
            result = restore_backup(db_path, Path(source))
        except BackupError as exc:
            return _fail(str(exc))
        db = open_database(db_path, create=False)  # migrates an older backup (backed up first)
        try:
            from models.safety.audit import record

            with db.write() as s:
                record(s, "restore", summary=f"from {Path(source).name}")
        finally:
            db.dispose()
    finally:
        lock.release()
    for note in result.notes:
        print(_("Note: {note}").format(note=note), file=sys.stderr)
    print(_("Restored {db} from {backup}; the previous file is kept as {safety}.").format(
        db=db_path, backup=Path(source).name, safety=result.safety_copy or "-"))
    return 0


def _log_in_for_restore(db_path: Path, backup: Path, user: str, password: str) -> None:
    # A read-only login keeps its audit entries in memory with a warning each; here
    # they would only add lines to a one-line refusal.
    quiet = logging.getLogger("models.safety.audit")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        _log_in_for_restore_from(db_path, backup, user, password)
    finally:
        quiet.setLevel(level)


def _log_in_for_restore_from(db_path: Path, backup: Path, user: str, password: str) -> None:
    """Log in for a restore: in the database being replaced when its accounts can be read;
    when it is missing, too damaged, or has no account yet (a new PC), in the backup
    itself (opened read-only, nothing written to it).

    A database that opens normally is where failed logins count and the
    lockout holds. Without one there is nothing left to protect but the
    backup, and whoever can write to the folder can put any file there
    anyway (docs/security.md).
    """
    from models.core.db import open_database
    from models.safety.backup import BackupError
    from models.safety.startup import open_read_only

    def has_accounts(db) -> bool:  # type: ignore[no-untyped-def]
        from sqlalchemy.exc import DBAPIError

        from models.safety.accounts import has_accounts as any_account

        try:
            with db.session() as s:
                return any_account(s)
        except DBAPIError:
            return False

    def try_open(opener):  # type: ignore[no-untyped-def]
        try:
            return opener()
        except Exception:  # noqa: BLE001 — missing, damaged, not SQLite: try the next place
            return None

    candidates = []
    if db_path.exists():
        candidates = [lambda: open_database(db_path, create=False), lambda: open_read_only(db_path)]
    for opener in candidates:
        db = try_open(opener)
        if db is None:
            continue
        try:
            if has_accounts(db):
                _act_as_account(db, user, password)
                return
        finally:
            db.dispose()
    source = try_open(lambda: open_read_only(backup))
    if source is None:
        raise BackupError(_("Cannot read the accounts in {backup}.").format(backup=backup.name))
    try:
        _act_as_account(source, user, password)
    finally:
        source.dispose()


def _import_progress(every: float = 2.0):  # type: ignore[no-untyped-def]
    """A ``progress(done, total)`` for the imports that prints to stderr, at most every ``every`` seconds.

    Nothing is printed in the first ``every`` seconds: a small file shows no progress.
    """
    import time

    state = {"next": time.monotonic() + every}

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now < state["next"]:
            return
        state["next"] = now + every
        if total:
            print(_("Checking: {done} of {total} rows…").format(done=f"{done:,}", total=f"{total:,}"), file=sys.stderr)
        else:
            print(_("Reading: {done} rows…").format(done=f"{done:,}"), file=sys.stderr)

    return progress


def cmd_import_people(args: argparse.Namespace) -> int:
    from models.core.db import open_database
    from models.core.errors import LinliError
    from models.core.importer import ImportFailed, import_people, report_table
    from models.safety.startup import check_before_open
    from reports.export import write_xlsx

    credentials = _credentials(args)  # personal data into the registry: always an account
    db = open_database(args.db, create=False)
    lock = None
    report = None
    try:
        if db.path is not None:
            lock = check_before_open(db.path)
        _act_as_account(db, *credentials)
        report = import_people(db, args.file, kind=args.kind, dry_run=args.dry_run, progress=_import_progress())
    except ImportFailed as exc:
        report = exc.report
        for problem in exc.report.problems[:20]:
            print(str(problem), file=sys.stderr)
        if len(exc.report.problems) > 20:
            print(_("… and {count} more.").format(count=len(exc.report.problems) - 20), file=sys.stderr)
        return _fail(str(exc))
    except LinliError as exc:
        return _fail(str(exc))
    finally:
        if lock is not None:
            lock.release()
        db.dispose()
        if args.report and report is not None:
            headers, rows = report_table(report)
            try:
                write_xlsx(args.report, headers, rows, sheet_title=_("Import report"), numeric=[0])
            except OSError as exc:
                print(_("Cannot write {path}: {reason}").format(path=args.report, reason=exc.strerror), file=sys.stderr)
    for warning in report.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    if args.dry_run:
        print(_("Dry run: {rows} rows checked, no problems; nothing was written.").format(rows=report.rows))
    else:
        print(_("Imported {rows} rows: {created} new residents, {enrolled} enrolled in day care.").format(
            rows=report.rows, created=report.created, enrolled=report.enrolled))
    return 0


def cmd_audit_check(args: argparse.Namespace) -> int:
    """Read-only: the chain entry by entry, the append-only triggers, every anchor it must extend."""
    import sqlite3

    from models.core.db import _file_path, _url_for
    from models.safety.audit import check_trail
    from models.safety.check import refuse_unopenable

    db_path = _file_path(_url_for(args.db))
    if db_path is None:  # a server: the chain only (no anchor log, no triggers)
        from models.core.db import open_database
        from models.safety.audit import TrailCheck, verify_chain

        db = open_database(args.db, create=False)
        try:
            with db.session() as s:
                report = TrailCheck(verify_chain(s))
        finally:
            db.dispose()
    else:
        refuse_unopenable(db_path)
        try:
            report = check_trail(db_path)
        except sqlite3.DatabaseError as exc:
            return _fail(_("The audit trail cannot be read: {reason}").format(reason=str(exc).splitlines()[0]))
    for warning in report.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    if not report.chain.sound:
        print(_("Audit trail broken at entry {id}: {reason}.").format(
            id=report.chain.broken_id, reason=report.chain.reason), file=sys.stderr)
    for problem in report.problems:
        print(_("Audit trail: {problem}").format(problem=problem), file=sys.stderr)
    if report.sound:
        print(ngettext(
            "Audit trail sound: {count} entries, chain verified, {anchors} anchor held.",
            "Audit trail sound: {count} entries, chain verified, {anchors} anchors held.",
            report.anchors,
        ).format(count=report.chain.entries, anchors=report.anchors))
        return 0
    return 1


# --- job command functions: party ---


def _party_date(text: str | None, default):  # type: ignore[no-untyped-def]
    from i18n import parse_date

    return parse_date(text) if text else default


def cmd_party_dues_disclosure(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.core.db import open_database
    from models.core.errors import LinliError, ValidationFailed
    from models.core.settings import load_centre_info
    from models.party.dues import disclosure_data, parse_quarter
    from reports.fonts import FontError
    from reports.party import dues_disclosure_pdf

    try:
        year, quarter = parse_quarter(args.quarter)
        post_from = _party_date(args.post_from, dt.date.today())
        post_to = _party_date(args.post_to, None)
    except ValueError as exc:
        return _fail(str(exc))
    db = open_database(args.db, create=False)
    try:
        with db.session() as s:
            data = disclosure_data(s, year, quarter, post_from=post_from, post_to=post_to)
            centre = load_centre_info(s)
        result = dues_disclosure_pdf(data, centre)
        _keep_notice(db, result, args.out)  # the notice composer's guard and history
    except ValidationFailed as exc:
        return _fail("; ".join(exc.errors.values()))
    except (LinliError, FontError) as exc:
        return _fail(str(exc).replace("\n", " "))
    except OSError as exc:
        return _fail(_("Cannot write {path}: {reason}").format(path=args.out, reason=exc.strerror))
    finally:
        db.dispose()
    if result.missing:
        print(_("Warning: no font has {chars}; they print blank.").format(chars="".join(result.missing)), file=sys.stderr)
    print(
        _("Dues disclosure {year}Q{quarter} written to {path}: {rows} members, {total}.").format(
            year=year, quarter=quarter, path=args.out, rows=len(data.rows), total=i18n.format_money(data.total_fen)
        )
    )
    return 0


def cmd_party_roster(args: argparse.Namespace) -> int:

    from models.core.settings import load_centre_info
    from models.party.roster import ROSTER_COLUMNS, roster_rows
    from models.safety.export import ROSTER
    from reports.fonts import FontError
    from reports.party import roster_pdf, roster_xlsx

    out = Path(args.out)
    fmt = _out_format(args.out)
    db = _open_as(args, personal=True)  # full ID numbers and mobiles
    try:
        with db.session() as s:
            rows = roster_rows(s)
            centre = load_centre_info(s)
        if fmt == "xlsx":
            write = lambda: roster_xlsx(rows, out, ROSTER_COLUMNS)  # noqa: E731
        else:
            pdf = roster_pdf(rows, centre).pdf
            write = lambda: _write_out(out, pdf)  # noqa: E731
        _write_recorded(db, out, write, what=ROSTER, count=len(rows), personal=True)
    except FontError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(_("Cannot write {path}: {reason}").format(path=out, reason=exc.strerror))
    finally:
        db.dispose()
    print(_("Roster written to {path}: {count} members.").format(path=out, count=len(rows)))
    return 0


def cmd_party_import(args: argparse.Namespace) -> int:
    from models.core.db import open_database
    from models.core.errors import LinliError
    from models.party.roster import ImportFailed, import_roster

    credentials = _credentials(args)  # Party members' data into the database: always an account
    db = open_database(args.db, create=False)
    try:
        _act_as_account(db, *credentials)
        report = import_roster(db, args.file, dry_run=args.dry_run, progress=_import_progress())
    except ImportFailed as exc:
        for problem in exc.report.problems:
            print(str(problem), file=sys.stderr)
        return _fail(str(exc))
    except LinliError as exc:
        return _fail(str(exc))
    finally:
        db.dispose()
    for warning in report.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    if args.dry_run:
        print(_("Dry run: {count} members would be imported; nothing was written.").format(count=report.members))
    else:
        print(_("Imported {count} members ({created} new residents).").format(
            count=report.members, created=report.residents_created))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    if args.lang:
        i18n.set_language(args.lang)
    import contextvars

    from models.core.db import DatabaseOpenError
    from models.core.errors import LinliError
    from models.safety.backup import BackupError

    func = getattr(args, "func", cmd_window)
    try:
        # Each command in its own context: the account it logs in as (set_actor) ends with it.
        return contextvars.copy_context().run(func, args)
    except (DatabaseOpenError, _Refused, BackupError) as exc:  # BackupError: e.g. before an import, disk full
        return _fail(str(exc))
    except LinliError as exc:  # a refused login, a role without the permission: one line, nothing written
        return _fail(" ".join(str(exc).split()))
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full disk, a folder that went away: one line, never a traceback
        from models.core.files import os_error_message

        return _fail(os_error_message(exc))
    except Exception as exc:
        from models.core.files import disk_full

        if not disk_full(exc):
            raise
        # SQLite's "database or disk is full": the write's transaction was rolled back.
        return _fail(_("The disk is full: {path} could not be written; nothing was changed. "
                       "Free some space and try again.").format(path=getattr(args, "db", None) or _("the database")))


if __name__ == "__main__":
    sys.exit(main())
