"""The Party member roster (党员名册): organisation, members, reporting-in, dues.

* :mod:`models.party.entities` — the tables;
* :mod:`models.party.members` — the organisation tree, member rules, status
  history, reminders, service of reporting-in members and the rate;
* :mod:`models.party.dues` — editable dues bands, payments, arrears,
  summaries and the disclosure's data;
* :mod:`models.party.roster` — the member list, roster rows, the .xlsx import;
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
