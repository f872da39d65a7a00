"""The Party member roster (党员名册): organisation, members, reporting-in, dues.

* :mod:`models.party.entities` — the tables;
* :mod:`models.party.orgs` — the organisation tree (committee, branches, groups);
* :mod:`models.party.members` — member rules, the record, status history, find a member;
* :mod:`models.party.reminders` — probationary years ending, political birthdays;
* :mod:`models.party.service` — members reporting in: service, hours, the rate;
* :mod:`models.party.bands` — editable dues bands, the monthly due;
* :mod:`models.party.dues` — payments, arrears (and their window), the quarter's
  grid, summaries and the disclosure's data;
* :mod:`models.party.roster` — the member list, the quick-finds, roster rows;
* :mod:`models.party.roster_import` — the .xlsx import (on :mod:`models.core.importing`);
* :mod:`models.party.demo` — demo data.

See docs/party.md.
"""

from models.party.entities import (
    DuesBand,
    DuesPayment,
    PartyMember,
    PartyMemberStatus,
    PartyOrg,
    ServiceRecord,
)

__all__ = ["DuesBand", "DuesPayment", "PartyMember", "PartyMemberStatus", "PartyOrg", "ServiceRecord"]
