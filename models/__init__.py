"""The domain: entities, rules and queries. Never imports Qt.

Importing this package registers every entity on ``Base.metadata``.
"""

from models.base import Base
from models.resident import HOUSEHOLD_FLAGS, Resident
from models.settings import Setting

# Each job's entities register on Base.metadata when imported here.
# --- job models: day care ---
# --- job models: meals ---
# --- job models: activities ---
# --- job models: party ---

__all__ = ["Base", "HOUSEHOLD_FLAGS", "Resident", "Setting"]
