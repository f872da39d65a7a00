"""Several centres on one server (issue 19): the sub-district's read-only view across them.

One database per centre (docs/architecture.md, the tenancy decision); the sub-district
keeps a list of its centres and their addresses and reads each one read-only, as a
built-in reader with counts only — nothing of a centre's residents leaves it.

* :mod:`models.district.centres` — the list (``NAME = ADDRESS`` per line), its messages;
* :mod:`models.district.reading` — opening a centre read-only, the reader, one centre's column;
* :mod:`models.district.table` — the centres side by side and the sub-district's total.

See docs/server.md, "Several centres: the sub-district".
"""

from models.district.centres import (
    MAX_CENTRES,
    Centre,
    CentresFileError,
    parse_centres,
    read_centres,
)
from models.district.reading import (
    COUNTED_TABLES,
    DISTRICT_ACTOR,
    CentreColumn,
    CentreUnavailable,
    ServerKey,
    ServerPassword,
    centres_needing_password,
    check_server,
    open_centre,
    read_centres_figures,
    server_key,
)
from models.district.table import RATE_PARTS, DistrictFigures, DistrictRow, district_figures

__all__ = [
    "COUNTED_TABLES",
    "DISTRICT_ACTOR",
    "MAX_CENTRES",
    "RATE_PARTS",
    "Centre",
    "CentreColumn",
    "CentreUnavailable",
    "CentresFileError",
    "DistrictFigures",
    "DistrictRow",
    "ServerKey",
    "ServerPassword",
    "centres_needing_password",
    "check_server",
    "district_figures",
    "open_centre",
    "parse_centres",
    "read_centres",
    "read_centres_figures",
    "server_key",
]
