"""Settings: the centre's own details (in the database) and per-user preferences.

The centre's name, address and phone head every printed page, so they live
in the database with the data they describe (a shared PostgreSQL database
serves several PCs). The language and similar choices belong to the person
at this PC and live in a small JSON file in the user's config folder
(``LINLI_CONFIG_DIR`` overrides it, e.g. in tests).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from platformdirs import user_config_dir
from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from i18n import _
from models.core.base import Base
from models.core.errors import ValidationFailed
from models.safety.security import require

log = logging.getLogger(__name__)


class Setting(Base):
    """One named setting of the centre (key → text)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


@dataclass
class CentreInfo:
    """What the printed header and the window title say about the centre."""

    name: str = ""
    address: str = ""
    phone: str = ""
    logo_path: str = ""  # an image printed beside the name on notices (optional)


_CENTRE_PREFIX = "centre."
_LIMITS = {"name": 60, "address": 120, "phone": 40, "logo_path": 400}


def load_centre_info(session: Session) -> CentreInfo:
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(_CENTRE_PREFIX)))
    values = {key[len(_CENTRE_PREFIX) :]: value for key, value in rows}
    return CentreInfo(**{f.name: values.get(f.name, "") for f in fields(CentreInfo)})


def save_centre_info(session: Session, info: CentreInfo) -> CentreInfo:
    """Validate and store the centre's details (in the caller's transaction).

    Raises:
        ValidationFailed: a field is too long.
    """
    require("settings.write")
    clean = {k: " ".join((v or "").split()) if k != "logo_path" else (v or "").strip() for k, v in asdict(info).items()}
    errors = {
        k: _("At most {max} characters.").format(max=limit)
        for k, limit in _LIMITS.items()
        if len(clean[k]) > limit
    }
    if errors:
        raise ValidationFailed(errors)
    for key, value in clean.items():
        session.merge(Setting(key=_CENTRE_PREFIX + key, value=value))
    session.flush()
    return CentreInfo(**clean)


# --- per-user preferences --------------------------------------------------------


def config_dir() -> Path:
    override = os.environ.get("LINLI_CONFIG_DIR")
    return Path(override) if override else Path(user_config_dir("Linli", appauthor=False))


def load_preferences() -> dict:
    """The user's preferences (empty when none were saved or the file is damaged)."""
    path = config_dir() / "preferences.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("preferences file unreadable; using defaults")
        return {}
    return data if isinstance(data, dict) else {}


def save_preference(key: str, value: object) -> None:
    """Set one preference; written atomically (temporary file, then rename)."""
    path = config_dir() / "preferences.json"
    data = load_preferences()
    data[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        log.warning("cannot save preferences")
