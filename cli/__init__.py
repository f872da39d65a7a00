"""The command line: one module per job, each adding its sub-commands.

``main.py`` builds the parser and calls :func:`register_all`; each module in
:data:`JOBS` has ``register(subparsers)``, which adds its sub-parser(s) with
``set_defaults(func=runner)``. A new job adds ``cli/<job>.py`` and one entry in
:data:`JOBS` (the order is the order of ``python main.py --help``).

* :mod:`cli.common` — the shared pieces: the one-line parser, refusals,
  logging in (``--user``), months and output files, and :func:`cli.common.run_output`,
  the one path of every command that writes a file.
* :mod:`cli.window` — no command: open the window.
"""

from __future__ import annotations

from cli import (
    activities,
    daycare,
    demo,
    district,
    figures,
    grids,
    meals,
    mediation,
    notices,
    party,
    requests,
    residents,
    safety,
)

JOBS = (demo, safety, daycare, meals, activities, party, requests, grids, mediation, notices, residents, figures, district)

__all__ = ["JOBS", "register_all"]


def register_all(subparsers) -> None:  # type: ignore[no-untyped-def]
    """Every job's commands on ``subparsers`` (``parser.add_subparsers(...)``)."""
    for job in JOBS:
        job.register(subparsers)
