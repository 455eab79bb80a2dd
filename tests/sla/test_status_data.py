"""The data a status, an escalation and a breach table give: every key, and what is under it.

These are the shapes the command line's ``--json`` writes and notebooks read, so each
key is part of the interface.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from support_policy import (
    ClockRules,
    ComplianceReport,
    EscalationDue,
    Event,
    EventKind,
    NaiveDatetimeError,
    Policy,
    Ticket,
    breaching_within,
    escalations_due,
    stakater_policy,
    ticket_status,
)
from support_policy.policy.plans import EscalationTrigger
from support_policy.render import to_data, to_text
from support_policy.sla.clock import due_soon

POLICY = stakater_policy()
STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONDAY_9 = datetime(2026, 11, 23, 8, tzinfo=UTC)  # 09:00 in Stockholm
H = timedelta(hours=1)


def with_version(**changes: Any) -> Policy:
    return Policy([attrs.evolve(POLICY.latest, effective_from=None, **changes)])


# -- a status -------------------------------------------------------------------------------------


def test_a_late_answer_in_data() -> None:
    answer = MONDAY_9 + 30 * H  # Tuesday 15:00 Stockholm: 14 business hours
    ticket = Ticket("standard", MONDAY_9, "P1", [Event(answer, EventKind.FIRST_RESPONSE)], id="L")
    now = (MONDAY_9 + 31 * H).astimezone(STOCKHOLM)
    data = to_data(ticket_status(POLICY, ticket, now))
    assert data == {
        "id": "L",
        "now": "2026-11-24T16:00:00+01:00",
        "state": "breached",
        "plan": "standard",
        "severity": "P1",
        "severity_label": "Critical",
        "target": {"amount": 8, "unit": "business_hours", "text": "8 business hours"},
        "target_plan": "standard",
        "target_severity": "P1",
        "version": "Stakater support policy",
        "due_at": "2026-11-23T17:00:00+01:00",
        "answered": True,
        "answered_at": "2026-11-24T15:00:00+01:00",
        "breached_at": "2026-11-23T17:00:00+01:00",
        "breach_known_at": "2026-11-23T17:00:00+01:00",
        "elapsed": {"seconds": 14 * 3600.0, "text": "14h 00m"},
        "remaining": {"seconds": 0.0, "text": "0h 00m"},
        "fraction_used": 1.75,
        "response_time": {"seconds": 14 * 3600.0, "text": "14h 00m"},
        "late": {"seconds": 6 * 3600.0, "text": "6h 00m"},
        "late_real": {"seconds": 22 * 3600.0, "text": "22h 00m"},
        "at_risk": False,
        "warning_level": None,
        "next_update_due": None,
    }


def test_a_running_ticket_at_risk_in_data() -> None:
    ticket = Ticket("standard", MONDAY_9, "P1", id="R")
    data = to_data(ticket_status(POLICY, ticket, MONDAY_9 + 6 * H + H / 2))
    assert data["state"] == "running" and data["at_risk"] is True
    assert data["fraction_used"] == 0.8125 and data["warning_level"] == 0.75
    assert data["late"] is None and data["late_real"] is None and data["breach_known_at"] is None


def test_a_raise_after_the_deadline_dates_the_breach_back_and_says_when_it_was_known() -> None:
    raised = Event(MONDAY_9 + 3 * H, EventKind.SEVERITY_CHANGED, "P1")
    ticket = Ticket("premium", MONDAY_9, "P2", [raised], id="K")  # P2: 2 hours, P1: 1 hour
    data = to_data(ticket_status(POLICY, ticket, MONDAY_9 + 4 * H))
    assert data["breached_at"] == "2026-11-23T09:00:00+00:00"
    assert data["breach_known_at"] == "2026-11-23T10:00:00+00:00"  # P2's deadline, not the raise


# -- what falls due, and which tickets of a queue ------------------------------------------------


def test_a_threshold_at_the_whole_target_is_the_breach_itself() -> None:
    policy = with_version(clock_rules=ClockRules(thresholds=(0.5, 1.0)))
    ticket = Ticket("premium", MONDAY_9, "P2", id="T")  # 2 hours, round the clock
    upcoming = ticket_status(policy, ticket, MONDAY_9).upcoming()
    assert [(u.at, u.what) for u in upcoming] == [
        (MONDAY_9 + H, "50% used"),
        (MONDAY_9 + 2 * H, "breach"),
        (MONDAY_9 + 2 * H, "lack-of-progress escalation"),
    ]


def test_no_escalation_ahead_when_the_version_lacks_the_trigger() -> None:
    others = tuple(t for t in POLICY.latest.escalation_triggers if t.name != "LACK_OF_PROGRESS")
    policy = with_version(escalation_triggers=others)
    ticket = Ticket("premium", MONDAY_9, "P2", id="T")
    assert POLICY.latest.plan("premium").escalation is not None
    assert [u.what for u in ticket_status(policy, ticket, MONDAY_9).upcoming()] == [
        "50% used",
        "75% used",
        "90% used",
        "breach",
    ]


def test_breaching_within_judges_by_the_rules_given() -> None:
    paused = Ticket("premium", MONDAY_9, "P2", [Event(MONDAY_9, EventKind.PAUSED)], id="P")
    now = MONDAY_9 + H
    assert [s.ticket_id for s in breaching_within(POLICY, [paused], now, 2 * H)] == ["P"]
    pausing = ClockRules(pauses=True)
    assert list(breaching_within(POLICY, [paused], now, 2 * H, pausing)) == []


def test_due_soon_names_now_when_it_is_wrong() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
        due_soon([], MONDAY_9.replace(tzinfo=None), H)


# -- escalations ----------------------------------------------------------------------------------


def test_an_escalation_in_data_and_in_words() -> None:
    since = datetime(2026, 11, 23, 9, tzinfo=STOCKHOLM)
    due = EscalationDue("management", "customer request", since, "requested in writing")
    assert to_data(due) == {
        "to": "management",
        "trigger": "customer request",
        "since": "2026-11-23T09:00:00+01:00",
        "reason": "requested in writing",
    }
    line = "customer request \u2192 management (since Mon 2026-11-23 09:00 CET (+01:00)): " + (
        "requested in writing"
    )
    assert due.record().title == line and due.record().line == line
    assert str(due) == (
        "customer request \u2192 management (since 2026-11-23T09:00:00+01:00): requested in writing"
    )
    assert to_text([due, due]).count(line) == 2  # a list shows each by its line


def test_a_request_after_other_events_still_escalates() -> None:
    events = [
        Event(MONDAY_9 + H / 4, EventKind.FIRST_RESPONSE),
        Event(MONDAY_9 + H / 2, EventKind.ESCALATION_REQUESTED, justified=False),
        Event(MONDAY_9 + H, EventKind.ESCALATION_REQUESTED, written=True),
    ]
    ticket = Ticket("premium", MONDAY_9, "P3", events, id="T")
    found = escalations_due(POLICY, ticket, MONDAY_9 + 2 * H)
    assert [(d.to, d.trigger, d.since) for d in found] == [
        ("senior engineering", "customer request", MONDAY_9 + H),
        ("management", "customer request", MONDAY_9 + H),
    ]


def test_without_the_request_trigger_requests_are_not_escalations() -> None:
    triggers = tuple(
        t for t in POLICY.latest.escalation_triggers if t is not EscalationTrigger.CUSTOMER_REQUEST
    )
    policy = with_version(escalation_triggers=triggers)
    events = [Event(MONDAY_9 + H, EventKind.ESCALATION_REQUESTED, written=True)]
    ticket = Ticket("standard", MONDAY_9, "P1", events, id="T")
    found = escalations_due(policy, ticket, MONDAY_9 + 2 * H)
    assert [d.trigger for d in found] == ["business impact"]


# -- the breach table -----------------------------------------------------------------------------


def test_the_breach_table_in_data() -> None:
    answer = MONDAY_9 + 30 * H
    ticket = Ticket("standard", MONDAY_9, "P1", [Event(answer, EventKind.FIRST_RESPONSE)], id="L")
    report = ComplianceReport(MONDAY_9 + 31 * H, keep_breaches=True)
    report.add(ticket_status(POLICY, ticket, MONDAY_9 + 31 * H))
    table = report.breach_table()
    assert table.title == "Breaches"
    assert to_data(table) == [
        {
            "id": "L",
            "version": "Stakater support policy",
            "plan": "standard",
            "severity": "P1",
            "due_at": "2026-11-23T16:00:00+00:00",
            "answered_at": "2026-11-24T14:00:00+00:00",
            "late_seconds": 6 * 3600.0,
            "late": "6h 00m",
            "late_real_seconds": 22 * 3600.0,
            "late_real": "22h 00m",
        }
    ]
