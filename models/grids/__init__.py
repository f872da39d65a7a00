"""Grids, places and households; the care list and visits (网格 / 走访).

* :mod:`models.grids.labels` — visitors, methods, findings, care categories and their default intervals;
* :mod:`models.grids.entities` — the tables;
* :mod:`models.grids.places` — compounds, buildings, units, rooms; a whole building in one step;
* :mod:`models.grids.households` — households at rooms, placing a resident, the unplaced list;
* :mod:`models.grids.addresses` — today's address text read into rooms (migration 0011 and the demo);
* :mod:`models.grids.grids` — grids, grid workers, the buildings they cover, building heads,
  central households;
* :mod:`models.grids.care` — the care list and the "not visited lately" rule;
* :mod:`models.grids.visits` — recording a visit, a resident's visits;
* :mod:`models.grids.sheet` — the internal household sheet's and the public board's data;
* :mod:`models.grids.demo` — demo data.

Mediation (矛盾调解) is its own package beside this one. See docs/grids.md.
"""

from models.grids.addresses import LinkReport, ParsedAddress, link_addresses, parse_address
from models.grids.care import (
    CareRow,
    PeriodVisits,
    care_list,
    intervals,
    not_visited,
    period_visits,
    set_interval,
)
from models.grids.entities import (
    Building,
    BuildingHead,
    CareInterval,
    CentralHousehold,
    CentralWard,
    Compound,
    Grid,
    GridBuilding,
    GridWorker,
    Household,
    HouseholdMember,
    Room,
    Unit,
    Visit,
)
from models.grids.grids import (
    GridRow,
    add_building_head,
    assign_buildings,
    find_grid,
    list_grids,
    list_workers,
    look_after,
    make_central_household,
    remove_building,
    remove_building_head,
    save_grid,
    save_worker,
)
from models.grids.households import (
    HouseholdRow,
    UnplacedRow,
    create_household,
    household_of,
    households_at,
    place_resident,
    set_head,
    unplaced_count,
    unplaced_residents,
)
from models.grids.places import (
    BulkBuilding,
    PlaceNode,
    RoomAddress,
    bulk_create_building,
    create_building,
    create_compound,
    create_room,
    create_unit,
    find_room,
    place_tree,
    room_address,
)
from models.grids.visits import VisitInput, VisitRow, record_visit, visitor_choices, visits_of

__all__ = [
    "Building",
    "BuildingHead",
    "BulkBuilding",
    "CareInterval",
    "CareRow",
    "CentralHousehold",
    "CentralWard",
    "Compound",
    "Grid",
    "GridBuilding",
    "GridRow",
    "GridWorker",
    "Household",
    "HouseholdMember",
    "HouseholdRow",
    "LinkReport",
    "ParsedAddress",
    "PlaceNode",
    "Room",
    "RoomAddress",
    "Unit",
    "UnplacedRow",
    "Visit",
    "VisitInput",
    "VisitRow",
    "add_building_head",
    "assign_buildings",
    "bulk_create_building",
    "care_list",
    "period_visits",
    "PeriodVisits",
    "create_building",
    "create_compound",
    "create_household",
    "create_room",
    "create_unit",
    "find_grid",
    "find_room",
    "household_of",
    "households_at",
    "intervals",
    "link_addresses",
    "list_grids",
    "list_workers",
    "look_after",
    "make_central_household",
    "not_visited",
    "parse_address",
    "place_resident",
    "place_tree",
    "record_visit",
    "remove_building",
    "remove_building_head",
    "room_address",
    "save_grid",
    "save_worker",
    "set_head",
    "set_interval",
    "unplaced_count",
    "unplaced_residents",
    "visitor_choices",
    "visits_of",
]
