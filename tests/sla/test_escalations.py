"""Escalations under the built-in policy: who, why, since when, in the caller's zone, in order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from support_policy import (
    ClockRules,
    EscalationDue,
    Event,
    EventKind,
    Ticket,
    escalations_due,
    stakater_policy,
)

POLICY = stakater_policy()
TOKYO = ZoneInfo("Asia/Tokyo")
MONDAY_9 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm


def _due(plan: str, severity: str, now: datetime, *events: Event) -> list[tuple[str, ...]]:
    ticket = Ticket(plan, MONDAY_9, severity, list(events), id="T")
    found = escalations_due(POLICY, ticket, now)
    for item in found:
        assert isinstance(item, EscalationDue) and item.since.tzinfo is now.tzinfo
    return [(d.to, d.trigger, d.since.astimezone(UTC).isoformat(), d.reason) for d in found]


def test_premium_p1_goes_to_senior_engineering_at_once() -> None:
    now = (MONDAY_9 + timedelta(minutes=5)).astimezone(TOKYO)
    assert _due("premium", "P1", now) == [
        ("senior engineering", "immediate", MONDAY_9.isoformat(), "Premium escalates P1 at once")
    ]


def test_the_most_urgent_level_on_standard_is_a_business_impact() -> None:
    now = MONDAY_9 + timedelta(minutes=5)
    assert _due("standard", "P1", now) == [
        (
            "engineering team",
            "business impact",
            MONDAY_9.isoformat(),
            "P1 \u2013 Critical is a severe business impact",
        )
    ]
    assert _due("standard", "P2", now) == []


def test_no_response_by_the_deadline_is_a_lack_of_progress() -> None:
    due = POLICY.response_deadline("standard", "P3", MONDAY_9).astimezone(UTC)
    assert _due("standard", "P3", due) == []
    later = due + timedelta(hours=1)
    reason = f"no first response by {due.isoformat()}"
    assert _due("standard", "P3", later) == [
        ("engineering team", "lack of progress", due.isoformat(), reason)
    ]
    premium_due = POLICY.response_deadline("premium", "P3", MONDAY_9).astimezone(UTC)
    premium = _due("premium", "P3", premium_due + timedelta(hours=1))
    reason = f"no first response by {premium_due.isoformat()}"
    assert premium == [
        ("senior engineering", "lack of progress", premium_due.isoformat(), reason),
        ("management", "lack of progress", premium_due.isoformat(), reason),
    ]


def test_customer_requests_reach_management_as_the_plan_allows() -> None:
    asked = MONDAY_9 + timedelta(hours=1)
    now = asked + timedelta(minutes=1)
    spoken = Event(asked, EventKind.ESCALATION_REQUESTED, justified=True)
    written = Event(asked, EventKind.ESCALATION_REQUESTED, justified=True, written=True)
    idle = Event(asked, EventKind.ESCALATION_REQUESTED, justified=False, written=True)
    engineering = ("engineering team", "customer request", asked.isoformat(), "justified request")
    assert _due("standard", "P3", now, spoken) == [engineering]  # management needs it in writing
    assert _due("standard", "P3", now, written) == [
        engineering,
        ("management", "customer request", asked.isoformat(), "requested in writing"),
    ]
    assert _due("standard", "P3", now, idle) == []
    assert _due("premium", "P3", now, spoken) == [
        ("senior engineering", "customer request", asked.isoformat(), "justified request"),
        ("management", "customer request", asked.isoformat(), "requested; the plan has the path"),
    ]


def test_escalations_come_in_time_order() -> None:
    asked = MONDAY_9 + timedelta(minutes=30)
    request = Event(asked, EventKind.ESCALATION_REQUESTED, justified=True)
    found = _due("premium", "P1", MONDAY_9 + timedelta(hours=5), request)
    assert [(to, trigger) for to, trigger, _, _ in found] == [
        ("senior engineering", "immediate"),  # 08:00, at submission
        ("senior engineering", "customer request"),  # 08:30
        ("management", "customer request"),
        ("senior engineering", "lack of progress"),  # 09:00, the 1-hour deadline
        ("management", "lack of progress"),
    ]


def test_nothing_before_submission_or_under_a_version_without_triggers() -> None:
    assert _due("premium", "P1", MONDAY_9 - timedelta(minutes=1)) == []
    old = datetime(2025, 9, 1, 7, 0, tzinfo=UTC)  # the 2025 version lists no triggers
    ticket = Ticket("standard", old, "P1", [], id="T")
    assert escalations_due(POLICY, ticket, old + timedelta(days=10)) == []


def test_the_clock_rules_given_are_the_ones_used() -> None:
    due = POLICY.response_deadline("standard", "P3", MONDAY_9).astimezone(UTC)
    paused = Event(MONDAY_9 + timedelta(minutes=1), EventKind.PAUSED)
    ticket = Ticket("standard", MONDAY_9, "P3", [paused], id="T")
    later = due + timedelta(hours=1)
    assert [d.trigger for d in escalations_due(POLICY, ticket, later)] == ["lack of progress"]
    assert escalations_due(POLICY, ticket, later, rules=ClockRules(pauses=True)) == []
