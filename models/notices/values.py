"""The notice's fields (:class:`NoticeValues`), their labels, and what a notice needs to be posted.

Never imports Qt or reports/.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from i18n import N_, _, format_date
from models.core.errors import ValidationFailed
from models.notices.posting import MIN_POSTING_WORKING_DAYS, working_days_between

MAX_TITLE = 200


#: Field keys → labels the clerk sees (a table cell is "table:<row>:<col>").
FIELD_LABELS = {
    "title": N_("Notice title"),
    "subtitle": N_("Subtitle"),
    "notice_line": N_("Notice line"),
    "body": N_("Body"),
    "closing": N_("Closing text"),
    "contact": N_("Contact for objections"),
    "issuer": N_("Issued by"),
    "centre_name": N_("Centre name"),
    "table_header": N_("Table header"),
}


@dataclass
class NoticeValues:
    """Everything a notice prints, as plain fields (stored as JSON in the history).

    Attributes:
        template: The template key (``"general"``, ``"activity"``…).
        title: The title, printed large.
        subtitle: A centred line under the title (e.g. the week).
        notice_line: A heading under the title (e.g. "This activity is cancelled.").
        body: The body text; newlines are kept.
        table_header / table_rows: One optional table (header repeated on every page).
        col_widths / align: Relative column widths and per-column alignment.
        closing: Text after the table.
        contact: Where to ask or object (printed with the posting period).
        issuer: The issuing organisation, printed at the foot with the date.
        issue_date: The date at the foot, in the official style.
        posting_from / posting_to: The posting period (公示期) of a disclosure.
        disclosure: Whether the notice is a disclosure (needs a posting period).
        public: Whether it goes on the bulletin board (then it is scanned).
        large_type: Bigger type for elders.
        landscape: A4 landscape (wide tables).
    """

    template: str = "general"
    title: str = ""
    subtitle: str = ""
    notice_line: str = ""
    body: str = ""
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    col_widths: list[float] | None = None
    align: list[str] | None = None
    closing: str = ""
    contact: str = ""
    issuer: str = ""
    issue_date: dt.date = field(default_factory=dt.date.today)
    posting_from: dt.date | None = None
    posting_to: dt.date | None = None
    disclosure: bool = False
    public: bool = True
    large_type: bool = True
    landscape: bool = False

    def __repr__(self) -> str:  # the texts may hold personal data
        return f"<NoticeValues template={self.template!r}>"

    def texts(self) -> Iterable[tuple[str, str]]:
        """Every printed text with its field key, in reading order."""
        for key in ("title", "subtitle", "notice_line", "body"):
            yield key, getattr(self, key)
        if self.table_header:
            yield "table_header", "  ".join(self.table_header)
        for r, row in enumerate(self.table_rows, start=1):
            for c, cell in enumerate(row, start=1):
                yield f"table:{r}:{c}", "" if cell is None else str(cell)
        for key in ("closing", "contact", "issuer"):
            yield key, getattr(self, key)

    def to_json(self) -> str:
        data = asdict(self)
        for key in ("issue_date", "posting_from", "posting_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> NoticeValues:
        data = json.loads(text)
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in data.items() if k in known}
        for key in ("issue_date", "posting_from", "posting_to"):
            if data.get(key):
                data[key] = dt.date.fromisoformat(data[key])
        if data.get("issue_date") is None:
            data.pop("issue_date", None)
        return cls(**data)


def field_label(key: str) -> str:
    """The field as the clerk reads it: "Title", "Table, row 3, column 2"."""
    if key.startswith("table:"):
        _t, row, col = key.split(":")
        return _("Table, row {row}, column {col}").format(row=row, col=col)
    return _(FIELD_LABELS.get(key, key))


def validate_notice(values: NoticeValues) -> None:
    """Refuse a notice that cannot be posted: no title, a bad posting period.

    Raises:
        ValidationFailed: field → message.
    """
    errors: dict[str, str] = {}
    if not values.title.strip():
        errors["title"] = _("Enter the title.")
    elif len(values.title) > MAX_TITLE:
        errors["title"] = _("A title has at most {max} characters.").format(max=MAX_TITLE)
    if values.disclosure:
        start, end = values.posting_from, values.posting_to
        if start is None or end is None:
            errors["posting"] = _("A disclosure needs its posting period (from and to).")
        elif end < start:
            errors["posting"] = _("The posting period ends before it starts.")
        elif working_days_between(start, end) < MIN_POSTING_WORKING_DAYS:
            errors["posting"] = _(
                "A disclosure is posted for at least {n} working days ({start} to {end} has {got})."
            ).format(n=MIN_POSTING_WORKING_DAYS, start=format_date(start), end=format_date(end),
                     got=working_days_between(start, end))
        if not values.contact.strip():
            errors["contact"] = _("A disclosure says where to ask or object during the posting period: "
                                  "enter the contact.")
    width = len(values.table_header)
    for r, row in enumerate(values.table_rows, start=1):
        if width and len(row) != width:
            errors["table"] = _("Table row {row} has {got} cells; the header has {want}.").format(
                row=r, got=len(row), want=width)
            break
    if errors:
        raise ValidationFailed(errors)

