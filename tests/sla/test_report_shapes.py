"""How a compliance report compares and reads: equal times, and its table under the title."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support_policy import ComplianceReport, Ticket, stakater_policy
from support_policy.render import to_text
from support_policy.sla.quick import Judgement
from support_policy.sla.reports import ResponseTimes

POLICY = stakater_policy()
MONDAY_9 = datetime(2026, 11, 23, 8, tzinfo=UTC)


def times(*minutes: int) -> ResponseTimes:
    out = ResponseTimes()
    for m in minutes:
        out.add(timedelta(minutes=m))
    return out


def test_response_times_are_equal_when_they_hold_the_same_times_in_any_order() -> None:
    assert times(1, 2, 3) == times(3, 1, 2)
    assert times(1, 2, 3) != times(1, 2, 4)
    assert times(1, 2) != times(1, 2, 2)
    assert times() == ResponseTimes()
    assert times(1).__eq__("1 minute") is NotImplemented


def test_the_groups_table_follows_the_fields_without_a_caption() -> None:
    report = ComplianceReport.build(POLICY, [Ticket("standard", MONDAY_9, "P1")], MONDAY_9)
    lines = to_text(report).splitlines()
    assert lines[:5] == [
        "Compliance at Mon 2026-11-23 08:00 UTC: 1 ticket(s)",
        "  now:               Mon 2026-11-23 08:00 UTC",
        "  tickets:           1",
        "  not yet submitted: 0",
        "",
    ]
    assert lines[5].split()[:3] == ["version", "plan", "sev"]


def test_response_times_are_exact_to_the_microsecond_however_long() -> None:
    longest = timedelta(days=110_000, microseconds=1)  # past 2**53 microseconds
    held = ResponseTimes()
    held.add(longest)
    held.add(timedelta(0))
    assert held.percentile(1.0) == longest and held.percentile(0.5) == timedelta(0)


def test_a_report_that_keeps_breaches_refuses_a_quick_breach_saying_why() -> None:
    judgement = Judgement(
        "Stakater support policy",
        "standard",
        POLICY.latest.severity("P1"),
        "breached",
        False,
        False,
        None,
    )
    report = ComplianceReport(MONDAY_9, keep_breaches=True)
    message = "a report that keeps breaches needs each breach's TicketStatus"
    with pytest.raises(TypeError, match=f"^{message}$"):
        report.add(judgement)
    assert report.tickets == 0
    counting = ComplianceReport(MONDAY_9)  # one that does not keep breaches counts it
    counting.add(judgement)
    assert counting.tickets == 1 and counting.rows()[0]["open_breached"] == 1
