"""Errors the domain raises for the clerk to read.

Every message is already translated and says what is wrong and where; the UI
shows it as it is (next to the field named by ``field`` where there is one).
"""

from __future__ import annotations


class LinliError(Exception):
    """A refusal the clerk can act on."""


class ValidationFailed(LinliError):
    """Input that cannot be stored: field name → message. Nothing was written."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class NeedsConfirmation(LinliError):
    """The write is possible but looks wrong (e.g. a likely duplicate).

    Nothing was written; repeat the call with ``confirmed=True`` once the
    clerk agrees.
    """

    def __init__(self, warnings: list[str]):
        self.warnings = list(warnings)
        super().__init__("\n".join(self.warnings))


class NotFound(LinliError):
    """The record asked for does not exist."""
