"""The domain: entities, rules and queries. Never imports Qt.

Importing this package registers every entity on ``Base.metadata``: the
registry and settings, then each job's entities (day care, meals, activities,
the Party roster).
"""

import models.activities  # noqa: F401
import models.daycare  # noqa: F401
import models.meals  # noqa: F401
import models.notices  # noqa: F401  # --- job models: notices ---
import models.party  # noqa: F401
import models.requests  # noqa: F401  # --- job models: requests ---
import models.safety.accounts  # noqa: F401  # --- job models: safety ---
import models.safety.audit  # noqa: F401  # --- job models: safety ---
from models.core.base import Base
from models.core.settings import Setting
from models.residents.entities import HOUSEHOLD_FLAGS, Resident

__all__ = ["Base", "HOUSEHOLD_FLAGS", "Resident", "Setting"]
