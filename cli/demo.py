"""``demo``: create a database if needed and fill it with synthetic demo data and the demo accounts."""

from __future__ import annotations

import argparse
import sys

from cli.common import fail, open_db
from i18n import _, ngettext


def register(sub) -> None:  # type: ignore[no-untyped-def]
    demo = sub.add_parser("demo", help="create a database if needed and fill it with synthetic demo data")
    demo.add_argument("--db", metavar="PATH", required=True, help="the database file to fill")
    demo.add_argument("--seed", type=int, default=2026, help="the same seed gives the same data (default 2026)")
    demo.add_argument("--residents", type=int, default=300, help="how many residents (default 300)")
    demo.add_argument("--scale", choices=["small", "ten-years"], default="small",
                      help="small (default) or ten-years: the benchmark database (models/demo_large.py)")
    demo.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.demo import fill_demo

    db = open_db(args.db, create=True)
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
        return fail(str(exc))
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
