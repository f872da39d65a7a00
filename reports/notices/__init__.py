"""Bulletin-board notices: the shared layout (:mod:`reports.notices.layout`) and
one small module per template. No Qt, no Session.

``TEMPLATES`` lists the templates in the order the composer shows them.
Adding one: write ``reports/notices/<key>.py`` with ``TEMPLATE = NoticeTemplate(...)``,
add it to the tuple below, add a test (docs/notices.md).
"""

from __future__ import annotations

from reports.notices import activity, dues, general, meal_subsidy, menu, service_results
from reports.notices.base import NoticeTemplate
from reports.notices.layout import NoticePdf, compose, missing_by_field

TEMPLATES: dict[str, NoticeTemplate] = {
    m.TEMPLATE.key: m.TEMPLATE for m in (general, activity, menu, meal_subsidy, dues, service_results)
}


def template(key: str) -> NoticeTemplate:
    """The template called ``key`` (KeyError for an unknown key)."""
    return TEMPLATES[key]


__all__ = ["TEMPLATES", "NoticePdf", "NoticeTemplate", "compose", "missing_by_field", "template"]
