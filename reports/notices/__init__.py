"""Bulletin-board notices: the shared layout (:mod:`reports.notices.layout`) and
one small module per template. No Qt, no Session.

``TEMPLATES`` lists the templates in the order the composer shows them.
Adding one: write ``reports/notices/<key>.py`` with ``TEMPLATE = NoticeTemplate(...)``,
add it to the tuple below, add a test (docs/notices.md).

The templates themselves import no ReportLab: the composer can list them and
fill their fields at once, and ReportLab (~0.45 s to import) is loaded when the
first notice is laid out (``compose``, ``NoticePdf`` and ``missing_by_field``
come from :mod:`reports.notices.layout` on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reports.notices import (
    activity,
    dues,
    general,
    meal_subsidy,
    menu,
    request_results,
    service_results,
)
from reports.notices.base import NoticeTemplate

if TYPE_CHECKING:
    from reports.notices.layout import NoticePdf, compose, missing_by_field

TEMPLATES: dict[str, NoticeTemplate] = {
    m.TEMPLATE.key: m.TEMPLATE for m in (general, activity, menu, meal_subsidy, dues, service_results, request_results)
}

_FROM_LAYOUT = ("NoticePdf", "compose", "missing_by_field")


def __getattr__(name: str) -> Any:
    if name in _FROM_LAYOUT:
        from reports.notices import layout

        return getattr(layout, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def template(key: str) -> NoticeTemplate:
    """The template called ``key`` (KeyError for an unknown key)."""
    return TEMPLATES[key]


__all__ = ["TEMPLATES", "NoticePdf", "NoticeTemplate", "compose", "missing_by_field", "template"]
