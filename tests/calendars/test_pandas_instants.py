"""A pandas ``Timestamp`` is an aware datetime: every calendar answers it as its datetime."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support_policy import stakater_policy, ticket_status
from support_policy.sla import Ticket

pd = pytest.importorskip("pandas")

POLICY = stakater_policy()
CALENDARS = [POLICY.latest.business_calendar, POLICY.latest.round_the_clock]
AT = pd.Timestamp("2026-01-05 10:00", tz="Europe/Stockholm")
LATER = pd.Timestamp("2026-01-08 16:30", tz="UTC")


@pytest.mark.parametrize("calendar", CALENDARS, ids=["business", "round the clock"])
def test_a_timestamp_is_answered_as_its_datetime(calendar: object) -> None:
    plain, later = AT.to_pydatetime(), LATER.to_pydatetime()
    questions = [
        ("is_open", (AT,), (plain,)),
        ("next_open", (AT,), (plain,)),
        ("add", (AT, timedelta(hours=9)), (plain, timedelta(hours=9))),
        ("subtract", (AT, timedelta(hours=9)), (plain, timedelta(hours=9))),
        ("elapsed", (AT, LATER), (plain, later)),
        ("windows", (AT, LATER), (plain, later)),
    ]
    for name, given, expected in questions:
        method = getattr(calendar, name)
        assert method(*given) == method(*expected), name


def test_a_timestamp_can_be_now() -> None:
    ticket = Ticket("standard", AT.to_pydatetime(), "P1")
    assert ticket_status(POLICY, ticket, LATER) == ticket_status(
        POLICY, ticket, LATER.to_pydatetime()
    )
