"""The contract between a SQL-backed list and the UI's lazy table model.

A :class:`ListSource` answers two questions, both in SQL:

* :meth:`ListSource.ids` — which rows match a filter, in which order (the
  ``ORDER BY`` runs in the database, on raw values, with an index where the
  table is large);
* :meth:`ListSource.rows` — the display strings of a page of those rows.

The UI keeps only the ids and fetches pages of rows as they scroll into view;
it never sorts or filters in Python. Sources live in models/ and know nothing
about Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ListColumn:
    """One column of a list.

    Attributes:
        key: the stable name a source sorts by.
        title: an English source string, translated by the UI at display time.
        sortable: whether the header may sort by it.
        align: "left", "right" or "center".
    """

    key: str
    title: str
    sortable: bool = True
    align: str = "left"


class ListSource(Protocol):
    """What the lazy table model needs from the domain."""

    columns: Sequence[ListColumn]

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        """Ids of the matching rows, in display order."""
        ...

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """Display strings, one per column, for each requested id."""
        ...
