"""The editable list of request categories and their time limits, and the deadline in China's working days.

The time limit of a request is its category's ``days`` (``urgent_days`` when
urgent), counted in working days from the day after it was received
(:func:`models.core.workdays.working_days_after`): received on a Monday with a
limit of 3, due on Thursday; received on a holiday, the first working day
after it is day 1.

The list is the centre's to edit (:func:`save_category`, the Requests tab's "Categories and time
limits…"): a name unique and non-empty, each limit 1–60 working days (urgent no longer than
normal). A changed limit counts for requests taken from then on; a request keeps the deadline it was
given. A category that requests carry is retired (:func:`retire_category`: hidden from new requests,
still shown on the old ones), never deleted; one no request ever carried may be deleted
(:func:`delete_category`). Every change is one audit entry in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from i18n import _, ngettext
from models.core.errors import LinliError, NotFound, ValidationFailed
from models.core.workdays import working_days_after
from models.requests.entities import RequestCategory, ServiceRequest
from models.safety import audit
from models.safety.security import require

#: The list a new database starts with: (name, days, urgent days, keywords for the suggestions).
DEFAULT_CATEGORIES: tuple[tuple[str, int, int, str], ...] = (
    ("维修", 3, 1, "维修 电器 水电 家电 修理"),
    ("代办", 5, 1, "代办 帮办 助老"),
    ("助医", 5, 1, "助医 医疗 保健 陪诊 护理"),
    ("陪伴", 5, 1, "陪伴 心理 疏导 助老 助餐"),
    ("法律咨询", 5, 1, "法律 调解 矛盾"),
    ("政策咨询", 5, 1, "政策 理财 社保"),
    ("环境", 5, 1, "环境 垃圾分类 清洁 文明"),
    ("其他", 5, 1, ""),
)

MAX_DAYS = 60


class CategoryRefused(LinliError):
    """A category change the rules do not allow (deleting one in use, retiring the last one)."""


def ensure_default_categories(session: Session) -> int:
    """Add the default categories to an empty list (in the caller's transaction); how many were added.

    Migration 0010 writes the same list into every database; this is for a list emptied by hand.
    """
    if session.scalar(select(func.count()).select_from(RequestCategory)):
        return 0
    for position, (name, days, urgent, keywords) in enumerate(DEFAULT_CATEGORIES):
        session.add(RequestCategory(name=name, days=days, urgent_days=urgent, keywords=keywords, position=position))
    session.flush()
    return len(DEFAULT_CATEGORIES)


def categories(session: Session, *, include_archived: bool = False) -> list[RequestCategory]:
    """The categories in the list's order (migration 0010 wrote the defaults)."""
    stmt = select(RequestCategory).order_by(RequestCategory.position, RequestCategory.id)
    if not include_archived:
        stmt = stmt.where(RequestCategory.archived.is_(False))
    return list(session.scalars(stmt))


def find_category(session: Session, name: str) -> RequestCategory:
    """The category called ``name``.

    Raises:
        NotFound: no such category (the message lists the ones there are).
    """
    wanted = " ".join((name or "").split())
    found = session.scalar(select(RequestCategory).where(RequestCategory.name == wanted))
    if found is None or found.archived:
        names = "、".join(c.name for c in categories(session))
        raise NotFound(_("Unknown category “{name}”; the categories are: {names}.").format(name=wanted, names=names))
    return found


def save_category(session: Session, name: str, days: int, urgent_days: int, keywords: str = "", *,
                  category_id: int | None = None, archived: bool | None = None) -> RequestCategory:
    """Add or change a category and its time limits (in the caller's transaction, audited).

    ``archived`` None keeps a changed category retired or not as it was (a new one is in use).
    A changed limit applies to requests taken from now on; a request keeps the deadline it was
    given when it was taken.

    Raises:
        ValidationFailed: an empty or taken name, a limit outside 1–60 working days,
            an urgent limit longer than the normal one.
        NotFound: no category ``category_id``.
    """
    require("requests.write")
    category = None
    if category_id is not None:
        category = session.get(RequestCategory, category_id)
        if category is None:
            raise NotFound(_("No category {id}.").format(id=category_id))
    clean = " ".join((name or "").split())
    errors: dict[str, str] = {}
    if not clean:
        errors["name"] = _("Enter the category's name.")
    elif len(clean) > 20:
        errors["name"] = _("At most {max} characters.").format(max=20)
    else:
        other = session.scalar(select(RequestCategory.id).where(RequestCategory.name == clean))
        if other is not None and other != category_id:
            errors["name"] = _("There is already a category “{name}”.").format(name=clean)
    for key, value in (("days", days), ("urgent_days", urgent_days)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
            errors[key] = _("A time limit is 1 to {max} working days.").format(max=MAX_DAYS)
    if "days" not in errors and "urgent_days" not in errors and urgent_days > days:
        errors["urgent_days"] = _("The urgent limit cannot be longer than the normal one.")
    if errors:
        raise ValidationFailed(errors)
    clean_keywords = " ".join((keywords or "").split())[:200]
    if category is None:
        position = (session.scalar(select(func.max(RequestCategory.position))) or 0) + 1
        category = RequestCategory(name=clean, position=position, archived=bool(archived))
        session.add(category)
        action, changed = "create", []
    else:
        action = "change"
        changed = [label for label, old, new in (
            ("name", category.name, clean), ("days", category.days, days),
            ("urgent_days", category.urgent_days, urgent_days), ("keywords", category.keywords, clean_keywords),
            ("archived", category.archived, category.archived if archived is None else archived)) if old != new]
    before = (category.name, category.days, category.urgent_days)
    category.name, category.days, category.urgent_days = clean, days, urgent_days
    category.keywords = clean_keywords
    if archived is not None:
        category.archived = archived
    session.flush()
    if action == "create" or changed:
        # Category names and limits are the centre's rules, not personal data: the summary may name them.
        summary = (f"{clean}: limits {days}/{urgent_days} working days" if action == "create" else
                   f"{before[0]} → {clean}: {', '.join(changed)}; limits {before[1]}/{before[2]} → {days}/{urgent_days}"
                   " working days")
        audit.record(session, action, table="request_category", record_id=category.id,
                     summary=summary + (", retired" if category.archived else ""))
    return category


def category_in_use(session: Session, category_id: int) -> int:
    """How many requests (of any state, cancelled included) carry the category."""
    return session.scalar(select(func.count()).select_from(ServiceRequest)
                          .where(ServiceRequest.category_id == category_id)) or 0


def _get(session: Session, category_id: int) -> RequestCategory:
    category = session.get(RequestCategory, category_id)
    if category is None:
        raise NotFound(_("No category {id}.").format(id=category_id))
    return category


def retire_category(session: Session, category_id: int, retired: bool = True) -> RequestCategory:
    """Retire a category (hidden from new requests; old requests keep showing it) or bring it back.

    In the caller's transaction, audited. The last category in use cannot be retired:
    a request needs one.

    Raises:
        NotFound: no such category. CategoryRefused: the last one in use.
    """
    require("requests.write")
    category = _get(session, category_id)
    if category.archived == retired:
        return category
    if retired:
        others = session.scalar(select(func.count()).select_from(RequestCategory).where(
            RequestCategory.archived.is_(False), RequestCategory.id != category_id)) or 0
        if not others:
            raise CategoryRefused(_("“{name}” is the last category in use: a request needs one. Add another "
                                    "first.").format(name=category.name))
    category.archived = retired
    session.flush()
    audit.record(session, "archive" if retired else "unarchive", table="request_category", record_id=category.id,
                 summary=f"{category.name}: " + ("retired" if retired else "in use again"))
    return category


def delete_category(session: Session, category_id: int) -> str:
    """Delete a category no request ever carried (a mistake); its name. A category in use is retired instead.

    In the caller's transaction, audited.

    Raises:
        NotFound: no such category. CategoryRefused: requests carry it, or it is the last one.
    """
    require("requests.write")
    category = _get(session, category_id)
    used = category_in_use(session, category_id)
    if used:
        raise CategoryRefused(ngettext(
            "“{name}” is on {n} request: it cannot be deleted; retire it instead (old requests keep it).",
            "“{name}” is on {n} requests: it cannot be deleted; retire it instead (old requests keep it).",
            used).format(name=category.name, n=used))
    if not category.archived:
        others = session.scalar(select(func.count()).select_from(RequestCategory).where(
            RequestCategory.archived.is_(False), RequestCategory.id != category_id)) or 0
        if not others:
            raise CategoryRefused(_("“{name}” is the last category in use: a request needs one. Add another "
                                    "first.").format(name=category.name))
    name = category.name
    session.delete(category)
    session.flush()
    audit.record(session, "delete", table="request_category", record_id=category_id, summary=name)
    return name


@dataclass(frozen=True)
class CategoryRow:
    """One line of the categories editor: the category, its limits and how many requests carry it."""

    id: int
    name: str
    days: int
    urgent_days: int
    keywords: str
    retired: bool
    used: int


def category_rows(session: Session) -> list[CategoryRow]:
    """Every category, retired ones too, in the list's order, with how many requests carry each."""
    require("requests.read")
    used = dict(session.execute(select(ServiceRequest.category_id, func.count())
                                .group_by(ServiceRequest.category_id)).all())
    return [CategoryRow(c.id, c.name, c.days, c.urgent_days, c.keywords, c.archived, used.get(c.id, 0))
            for c in categories(session, include_archived=True)]


def time_limit(category: RequestCategory, urgent: bool) -> int:
    """Working days allowed for a request of ``category``."""
    return category.urgent_days if urgent else category.days


def deadline_for(received_on: dt.date, working_days: int) -> dt.date:
    """The last day to be done: the ``working_days``-th working day after ``received_on`` (not counting it)."""
    return working_days_after(received_on + dt.timedelta(days=1), working_days)
