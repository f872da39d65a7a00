"""Bulletin-board notices (公示栏): the notice's fields, the privacy guard, the history, publishing.

A notice is composed from a template (see :mod:`reports.notices`) into
:class:`NoticeValues` — plain fields the clerk can adjust: title, body, one
optional table, closing text, contact for objections, issuer, date, posting
period. The same values, stored as JSON with the PDF, let a notice be found,
reopened and reprinted.

The package, by concept:

* :mod:`~models.notices.values` — the fields, their labels, what a notice needs;
* :mod:`~models.notices.posting` — the posting period, in China's working days
  (:mod:`models.core.workdays`);
* :mod:`~models.notices.text` and :mod:`~models.notices.guard` — the privacy
  guard: how a text is read, what blocks, the explicit override;
* :mod:`~models.notices.masking` — one-click 脱敏: the findings replaced by
  their masked form in the clerk's own text;
* :mod:`~models.notices.history` — the history and its audit entries;
* :mod:`~models.notices.publish` — :func:`publish`, the one way a notice is
  kept (check → build → history, audit and file in one transaction), for the
  composer tab and every notice command;
* :mod:`~models.notices.sources` — where a template's data comes from.

Never imports Qt or reports/.
"""

from models.notices.guard import (
    Finding,
    NameOverride,
    PrivacyBlocked,
    check_privacy,
    resident_names,
    scan_notice,
    scan_text,
)
from models.notices.history import (
    ACTION_LABELS,
    ACTION_PRINTED,
    ACTION_SAVED,
    Notice,
    NoticeHistorySource,
    NoticeRecord,
    add_notice,
    check_notice,
    history,
    history_count,
    notice_pdf,
    notice_values,
    override_names,
    record_notice,
    record_reprint,
)
from models.notices.masking import MaskChange, MaskedText, mask_findings, mask_text, masked_form
from models.notices.posting import (
    MIN_POSTING_WORKING_DAYS,
    default_posting_period,
    posting_note,
    posting_period,
    working_days_after,
    working_days_between,
)
from models.notices.publish import Published, publish
from models.notices.sources import fetch_source, read_table_xlsx
from models.notices.text import (
    KIND_ID,
    KIND_INVISIBLE,
    KIND_MOBILE,
    KIND_NAME,
    NameIndex,
    is_invisible,
    name_key,
)
from models.notices.values import (
    FIELD_LABELS,
    MAX_TITLE,
    NoticeValues,
    field_label,
    validate_notice,
)

__all__ = [
    "ACTION_LABELS",
    "ACTION_PRINTED",
    "ACTION_SAVED",
    "FIELD_LABELS",
    "KIND_ID",
    "KIND_INVISIBLE",
    "KIND_MOBILE",
    "KIND_NAME",
    "MAX_TITLE",
    "MaskChange",
    "MaskedText",
    "MIN_POSTING_WORKING_DAYS",
    "Finding",
    "NameIndex",
    "NameOverride",
    "Notice",
    "NoticeHistorySource",
    "NoticeRecord",
    "NoticeValues",
    "PrivacyBlocked",
    "Published",
    "add_notice",
    "check_notice",
    "check_privacy",
    "default_posting_period",
    "fetch_source",
    "field_label",
    "history",
    "history_count",
    "is_invisible",
    "mask_findings",
    "mask_text",
    "masked_form",
    "name_key",
    "notice_pdf",
    "notice_values",
    "override_names",
    "posting_note",
    "posting_period",
    "publish",
    "read_table_xlsx",
    "record_notice",
    "record_reprint",
    "resident_names",
    "scan_notice",
    "scan_text",
    "validate_notice",
    "working_days_after",
    "working_days_between",
]
