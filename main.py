"""Linli (邻里) — the front desk of a neighbourhood service centre.

Usage:
    python main.py [--db PATH] [--lang zh_CN|zh_TW|en]     open the window
    python main.py demo --db PATH [--seed N]               fill a database with demo data
    python main.py check --db PATH                         check a database

Thin on purpose: parse arguments, set up logging, open the database, install
the locale, then run a headless command or open the window.
"""

from __future__ import annotations

import argparse
import logging
import sys
from logging.handlers import RotatingFileHandler

import i18n
from i18n import _

__version__ = "0.1.0"

log = logging.getLogger("linli")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line, without the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"linli: {message} (python main.py --help)\n")


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
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="print schema revision, row counts and integrity; exit 1 if unsound")
    check.add_argument("--db", metavar="PATH", required=True, help="the database file to check")
    check.set_defaults(func=cmd_check)

    # Each job adds its own command group below (a sub-parser with
    # set_defaults(func=...)); the functions live further down in this file.
    # --- job commands: day care ---
    # --- job commands: meals ---
    # --- job commands: activities ---
    # --- job commands: party ---
    return parser


def setup_logging(verbose: bool) -> None:
    """Warnings to stderr, info to a rotating file in the data folder.

    Log lines name records by id only: never names, ID numbers or phones.
    """
    from models.db import data_dir

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


def cmd_demo(args: argparse.Namespace) -> int:
    from models.db import open_database
    from models.demo import fill_demo
    from models.errors import LinliError

    db = open_database(args.db)
    try:
        summary = fill_demo(db, seed=args.seed, residents=args.residents)
    except LinliError as exc:
        return _fail(str(exc))
    finally:
        db.dispose()
    print(_("Demo data written to {path}: {count} residents.").format(path=db.path or args.db, count=summary.residents))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from models.db import check_database, open_database

    db = open_database(args.db, create=False)
    try:
        report = check_database(db)
    finally:
        db.dispose()
    print(_("Database: {path}").format(path=db.path))
    print(_("Schema revision: {rev} (this program: {head})").format(rev=report.revision, head=report.head))
    width = max((len(t) for t in report.row_counts), default=0)
    for table, count in report.row_counts.items():
        print(f"  {table:<{width}}  {count:>9}")
    print(_("integrity_check: {result}").format(result=", ".join(report.integrity[:5])))
    print(_("foreign_key_check: {count} problems").format(count=len(report.foreign_key_problems)))
    print(_("Sound.") if report.sound else _("NOT sound."))
    return 0 if report.sound else 1


def cmd_window(args: argparse.Namespace) -> int:
    from models.db import open_database
    from ui.app import run_app

    db = open_database(args.db)
    try:
        return run_app(db, language=args.lang)
    finally:
        db.dispose()


# --- job command functions: day care ---
# --- job command functions: meals ---
# --- job command functions: activities ---
# --- job command functions: party ---


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    if args.lang:
        i18n.set_language(args.lang)
    from models.db import DatabaseOpenError

    func = getattr(args, "func", cmd_window)
    try:
        return func(args)
    except DatabaseOpenError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
