"""No command: open the window on ``--db`` (the default database when none is given)."""

from __future__ import annotations

import argparse

from cli.common import fail


def open_window(args: argparse.Namespace) -> int:
    # The network-share check and the lock come BEFORE the file is opened, so a
    # migration never runs on a share or while another copy has the file; a
    # damaged file is opened read-only (not migrated). See docs/backup.md.
    from cli.common import open_with_password
    from models.core.db import PasswordNeeded
    from models.core.errors import LinliError
    from models.safety.startup import Opened, open_for_window
    from ui.shell.app import password_prompt, run_app

    try:
        try:
            opened = open_for_window(args.db)
        except PasswordNeeded as needed:  # a server, and no password for it in ~/.pgpass: the window asks
            opened = Opened(open_with_password(args.db, needed, password_prompt(args.lang), create=True), None, None)
    except LinliError as exc:  # network share, in use (DatabaseOpenError is one line in main())
        return fail(str(exc))
    try:
        return run_app(opened.db, language=args.lang, lock=opened.lock, checked=opened.checked,
                       deferred=opened.deferred)
    finally:
        opened.db.dispose()
        if opened.lock is not None:
            opened.lock.release()
