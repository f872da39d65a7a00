"""``notice``: a bulletin-board notice through the composer — and the one way every
job's notice (activity notice, menu, meal-subsidy and dues disclosures) is kept.

:func:`notice_output` hands :func:`cli.common.run_output` a notice to publish
through :func:`keep_notice`: the privacy guard, the history, the audit entry and
the file, in one transaction (docs/notices.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import DB_HELP, Output, fail, out_format, run_output
from i18n import _, ngettext


def register(sub) -> None:  # type: ignore[no-untyped-def]
    notice = sub.add_parser("notice", help="a bulletin-board notice through the composer (checked, kept in the history)")
    notice.add_argument("template", choices=["general", "service_results"], help="the template")
    notice.add_argument("--title", required=True, help="the title")
    notice.add_argument("--body-file", metavar="FILE", help="the body text (UTF-8)")
    notice.add_argument("--table-xlsx", metavar="FILE.xlsx", help="the table: first sheet, header in row 1")
    notice.add_argument("--db", metavar="PATH", required=True, help=DB_HELP)
    notice.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    notice.set_defaults(func=cmd_notice)


def cmd_notice(args: argparse.Namespace) -> int:
    """Compose a notice, run the privacy guard, write the PDF, record it in the history."""
    import datetime as dt

    from models.core.errors import LinliError
    from models.core.settings import load_centre_info
    from models.notices import read_table_xlsx
    from reports.notices import compose, template

    out_format(args.out, ("pdf",))
    try:
        body = Path(args.body_file).read_text(encoding="utf-8") if args.body_file else ""
        table = read_table_xlsx(args.table_xlsx) if args.table_xlsx else None
    except OSError as exc:
        return fail(_("Cannot read {path}: {reason}").format(path=args.body_file, reason=exc.strerror))
    except LinliError as exc:
        return fail(str(exc))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            centre = load_centre_info(s)
        values = template(args.template).blank(centre, dt.date.today())
        values.title = args.title.strip()
        if body.strip():
            values.body = body.strip()
        if table is not None:
            values.table_header, values.table_rows = table
            values.col_widths = values.align = None
        result = compose(values, centre)
        pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
        return notice_output(args.out, result, _("{path}: notice “{title}”, {pages}, kept in the history.").format(
            path=args.out, title=values.title, pages=pages))

    return run_output(args, build)


def notice_output(out: str, result, message: str) -> Output:  # type: ignore[no-untyped-def]
    """A laid-out notice (:class:`reports.notices.NoticePdf`) for :func:`cli.common.run_output`
    to publish to ``out`` (:func:`keep_notice`); a warning per field with characters no font has."""
    from models.notices import field_label

    warnings = [_("Warning: {field}: no font can print {chars}").format(field=field_label(key), chars=" ".join(chars))
                for key, chars in result.where.items()]
    return Output(message=message, warnings=warnings, publish=lambda db: keep_notice(db, result, out))


def kept(message: str) -> str:
    """A job's notice line, saying it is in the notice history."""
    return message + " " + _("Kept in the notice history.")


def keep_notice(db, result, out: str) -> None:  # type: ignore[no-untyped-def]
    """Every notice command's one path after the layout: :func:`models.notices.publish` —
    the privacy guard, then the history, the audit entry and the file in one
    transaction (nothing kept when the file cannot be written, no file when refused).
    The composer tab publishes through the same function. A disclosure whose posting
    period falls in a year the holiday calendar does not know says so once, on stderr.

    Raises:
        PrivacyBlocked / ValidationFailed / PermissionDenied (LinliError), OSError.
    """
    import sys

    from models.notices import posting_note, publish

    values = result.values
    publish(db, values, result, path=out)
    note = posting_note(values.posting_from, values.posting_to) if values.disclosure else ""
    if note:
        print(note, file=sys.stderr)
