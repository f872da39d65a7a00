"""Linli (邻里) — the front desk of a neighbourhood service centre.

Usage:
    python main.py [--db PATH] [--lang zh_CN|zh_TW|en]     open the window
    python main.py demo --db PATH [--seed N] [--scale ten-years]   fill a database with demo data
    python main.py check --db PATH                         check a database
    python main.py --help                                  every command (README.md, "Command line")

The entry point only: parse the arguments (each job registers its own
commands, in cli/), set up logging, install the locale, then run the command
or open the window — each in its own context, every refusal in one line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from logging.handlers import RotatingFileHandler

import i18n
from cli import register_all
from cli.common import Parser, Refused, fail
from i18n import _

__version__ = "0.1.0"

log = logging.getLogger("linli")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="main.py", description="Linli (邻里) — the front desk of a neighbourhood service centre.")
    parser.add_argument("--version", action="version", version=f"Linli {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help="the database file (default: the user's data folder), or a server's address "
                             "postgresql+psycopg://USER@HOST[:PORT]/DBNAME (docs/server.md)")
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), help="language of the window and printouts")
    parser.add_argument("--verbose", action="store_true", help="log more (never personal data)")
    register_all(parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser))
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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    if args.lang:
        i18n.set_language(args.lang)
    import contextvars

    from cli.window import open_window
    from models.core.db import DatabaseOpenError
    from models.core.errors import LinliError
    from models.safety.backup import BackupError

    func = getattr(args, "func", open_window)
    try:
        # Each command in its own context: the account it logs in as (set_actor) ends with it.
        return contextvars.copy_context().run(func, args)
    except (DatabaseOpenError, Refused, BackupError) as exc:  # BackupError: e.g. before an import, disk full
        return fail(str(exc))
    except LinliError as exc:  # a refused login, a role without the permission: one line, nothing written
        return fail(" ".join(str(exc).split()))
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full disk, a folder that went away: one line, never a traceback
        from models.core.files import os_error_message

        return fail(os_error_message(exc))
    except Exception as exc:
        from models.core.files import disk_full

        if not disk_full(exc):
            raise
        # SQLite's "database or disk is full": the write's transaction was rolled back.
        return fail(_("The disk is full: {path} could not be written; nothing was changed. "
                      "Free some space and try again.").format(path=getattr(args, "db", None) or _("the database")))


if __name__ == "__main__":
    sys.exit(main())
