"""The domain: entities, rules and queries. Never imports Qt.

Importing this package registers every entity on ``Base.metadata``.
"""

from models.base import Base
from models.resident import HOUSEHOLD_FLAGS, Resident
from models.settings import Setting

# Each job's entities register on Base.metadata when imported here.
# --- job models: day care ---
import models.daycare  # noqa: E402,F401
# --- job models: meals ---
import models.meals  # noqa: E402,F401
# --- job models: activities ---
import models.activities  # noqa: E402,F401
# --- job models: party ---
import models.party  # noqa: E402,F401

__all__ = ["Base", "HOUSEHOLD_FLAGS", "Resident", "Setting"]
