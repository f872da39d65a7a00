"""Residents' requests (居民点单 → 社区派单 → 党员接单 → 居民评单): the loop that ties the centre's people together.

* :mod:`models.requests.labels` — states, moves, channels, handlers, ratings, the number;
* :mod:`models.requests.entities` — the tables;
* :mod:`models.requests.categories` — the editable categories and time limits, the deadline
  in China's working days (:mod:`models.core.workdays`);
* :mod:`models.requests.intake` — taking a request (点单);
* :mod:`models.requests.dispatch` — handlers, dispatching and escalating (吹哨), the suggestions;
* :mod:`models.requests.workflow` — the state machine: take, return, done, reopen, cancel;
  every move one event and one audit entry;
* :mod:`models.requests.rating` — the rating within 5 working days, "not rated", the
  "silence is satisfied" setting;
* :mod:`models.requests.queries` — one request, the lists, the overdue list;
* :mod:`models.requests.statistics` — the month's figures;
* :mod:`models.requests.results` — the results notice's data (服务办结公示);
* :mod:`models.requests.demo` — demo data.

See docs/requests.md.
"""

from models.requests.categories import (
    categories,
    deadline_for,
    find_category,
    save_category,
    time_limit,
)
from models.requests.dispatch import (
    Handler,
    Suggestion,
    dispatch,
    known_names,
    parse_handler,
    suggest_members,
)
from models.requests.entities import RequestCategory, RequestEvent, ServiceRequest
from models.requests.intake import RequestInput, parse_channel, take_request
from models.requests.labels import parse_number
from models.requests.queries import (
    RequestRow,
    RequestView,
    get_request,
    get_request_by_id,
    list_requests,
    overdue_count,
    overdue_requests,
    request_view,
)
from models.requests.rating import (
    parse_rating,
    rate,
    rating_deadline,
    set_silence_is_satisfied,
    silence_is_satisfied,
    silence_note,
)
from models.requests.workflow import (
    TRANSITIONS,
    MoveRefused,
    allowed_moves,
    cancel,
    done,
    reopen,
    return_request,
    take,
)

__all__ = [
    "TRANSITIONS",
    "Handler",
    "MoveRefused",
    "RequestCategory",
    "RequestEvent",
    "RequestInput",
    "RequestRow",
    "RequestView",
    "ServiceRequest",
    "Suggestion",
    "allowed_moves",
    "cancel",
    "categories",
    "deadline_for",
    "dispatch",
    "done",
    "find_category",
    "get_request",
    "get_request_by_id",
    "known_names",
    "list_requests",
    "overdue_count",
    "overdue_requests",
    "parse_channel",
    "parse_handler",
    "parse_number",
    "parse_rating",
    "rate",
    "rating_deadline",
    "reopen",
    "request_view",
    "return_request",
    "save_category",
    "set_silence_is_satisfied",
    "silence_is_satisfied",
    "silence_note",
    "suggest_members",
    "take",
    "take_request",
    "time_limit",
]
