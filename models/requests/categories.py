"""The editable list of request categories and their time limits, and the deadline in China's working days.

The time limit of a request is its category's ``days`` (``urgent_days`` when
urgent), counted in working days from the day after it was received
(:func:`models.core.workdays.working_days_after`): received on a Monday with a
limit of 3, due on Thursday; received on a holiday, the first working day
after it is day 1.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import NotFound, ValidationFailed
from models.core.workdays import working_days_after
from models.requests.entities import RequestCategory
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
                  category_id: int | None = None, archived: bool = False) -> RequestCategory:
    """Add or change a category and its time limits (in the caller's transaction, audited).

    Raises:
        ValidationFailed: an empty or taken name, a limit outside 1–60 working days,
            an urgent limit longer than the normal one.
    """
    require("requests.write")
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
        if not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
            errors[key] = _("A time limit is 1 to {max} working days.").format(max=MAX_DAYS)
    if "days" not in errors and "urgent_days" not in errors and urgent_days > days:
        errors["urgent_days"] = _("The urgent limit cannot be longer than the normal one.")
    if errors:
        raise ValidationFailed(errors)
    if category_id is None:
        position = (session.scalar(select(func.max(RequestCategory.position))) or 0) + 1
        category = RequestCategory(name=clean, position=position)
        session.add(category)
    else:
        category = session.get(RequestCategory, category_id)
        if category is None:
            raise NotFound(_("No category {id}.").format(id=category_id))
    category.name, category.days, category.urgent_days = clean, days, urgent_days
    category.keywords = " ".join((keywords or "").split())[:200]
    category.archived = archived
    session.flush()
    audit.record(session, "change", table="request_category", record_id=category.id,
                 summary=f"limits {days}/{urgent_days} working days" + (", archived" if archived else ""))
    return category


def time_limit(category: RequestCategory, urgent: bool) -> int:
    """Working days allowed for a request of ``category``."""
    return category.urgent_days if urgent else category.days


def deadline_for(received_on: dt.date, working_days: int) -> dt.date:
    """The last day to be done: the ``working_days``-th working day after ``received_on`` (not counting it)."""
    return working_days_after(received_on + dt.timedelta(days=1), working_days)
