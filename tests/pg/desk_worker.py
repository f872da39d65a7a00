"""One desk in a race (tests/pg/test_desks.py runs two of these as separate processes).

``python desk_worker.py ACTION URL START ARG...`` waits until the clock reaches START
(a Unix time: the two processes' common start), does ACTION once against the server
and prints one line: ``ok <detail>`` or ``refused <message>``. Each action's check is
slowed down between its read and its write, so that without the server-side lock
both desks would see the free seat, the elder not yet checked in, no meal yet.
"""

from __future__ import annotations

import datetime as dt
import sys
import time


def _slow(module, name: str, seconds: float = 0.4) -> None:  # type: ignore[no-untyped-def]
    real = getattr(module, name)

    def slowed(*args, **kwargs):  # type: ignore[no-untyped-def]
        value = real(*args, **kwargs)
        time.sleep(seconds)
        return value

    setattr(module, name, slowed)


def main(argv: list[str]) -> int:
    action, url, start, *rest = argv
    import i18n
    from models.core.db import open_database
    from models.core.errors import LinliError

    i18n.set_language("en")
    db = open_database(url, create=False)
    time.sleep(max(0.0, float(start) - time.time()))
    try:
        if action == "book":
            import models.activities.bookings as bookings

            _slow(bookings, "seats_taken")
            with db.write() as s:
                result = bookings.book(s, bookings.BookingRequest(activity_id=int(rest[0]), resident_id=int(rest[1])),
                                       now=dt.datetime(2026, 11, 20, 10, 0))
            print("ok", result.status)
        elif action == "checkin":
            import models.daycare.desk as desk

            _slow(desk, "_visit")
            with db.write() as s:
                desk.check_in(s, int(rest[0]), at=dt.datetime.fromisoformat(rest[1]))
            print("ok checked-in")
        elif action == "meal":
            import models.meals.desk as meals

            _slow(meals, "ensure_default_policy")
            with db.write() as s:
                meal = meals.add_meal(s, int(rest[0]), dt.date.fromisoformat(rest[1]), "lunch")
            print("ok", meal.id)
        elif action == "audit":
            from models.safety.audit import record

            for i in range(int(rest[0])):
                # A plain session, not db.write(): only the audit's own lock keeps the chain whole.
                with db.session() as s, s.begin():
                    record(s, "print", summary=f"{rest[1]} {i}")
            print("ok", rest[0])
        else:
            print("refused unknown action")
            return 2
    except LinliError as exc:
        print("refused", " ".join(str(exc).split()))
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
