"""The domain: entities, rules and queries. Never imports Qt.

Importing this package registers every entity on ``Base.metadata``: the
registry and settings, then each job's entities (day care, meals, activities,
the Party roster).
"""

import models.accounts  # noqa: F401  # --- job models: safety ---
import models.activities  # noqa: F401
import models.audit  # noqa: F401  # --- job models: safety ---
import models.daycare  # noqa: F401
import models.meals  # noqa: F401
import models.notices  # noqa: F401  # --- job models: notices ---
import models.party  # noqa: F401
from models.base import Base
from models.resident import HOUSEHOLD_FLAGS, Resident
from models.settings import Setting

__all__ = ["Base", "HOUSEHOLD_FLAGS", "Resident", "Setting"]
