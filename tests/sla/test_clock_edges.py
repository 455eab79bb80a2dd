"""The ticket clock at the instants where off-by-one mistakes live, written as behaviour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from support_policy import ClockRules, Event, EventKind, Ticket, stakater_policy, ticket_status
from support_policy.render import to_data

POLICY = stakater_policy()
MONDAY_9 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm
US = timedelta(microseconds=1)


def _ticket(severity: str = "P1", *events: tuple[datetime, EventKind, dict[str, Any]]) -> Ticket:
    built = [Event(at, kind, **extra) for at, kind, extra in events]
    return Ticket("standard", MONDAY_9, severity, built, id="T")


def _due(severity: str = "P1") -> datetime:
    return POLICY.response_deadline("standard", severity, MONDAY_9).astimezone(UTC)


def test_a_status_taken_at_the_response_instant_is_met() -> None:
    answer = MONDAY_9 + timedelta(hours=2)
    ticket = _ticket("P1", (answer, EventKind.FIRST_RESPONSE, {}))
    status = ticket_status(POLICY, ticket, answer)
    assert status.state == "met" and status.answered and status.response_time == timedelta(hours=2)
    before = ticket_status(POLICY, ticket, answer - US)
    assert before.state == "running" and not before.answered


def test_a_response_at_the_deadline_is_met_and_one_microsecond_later_is_late() -> None:
    due = _due()
    met = ticket_status(POLICY, _ticket("P1", (due, EventKind.FIRST_RESPONSE, {})), due)
    late = ticket_status(POLICY, _ticket("P1", (due + US, EventKind.FIRST_RESPONSE, {})), due + US)
    assert (met.state, late.state) == ("met", "breached")
    # Due at Monday's closing: the business clock has stopped, real time has not.
    assert late.late == timedelta(0) and late.late_real == US and late.breached_at == due


def test_a_severity_change_at_the_deadline_is_not_a_breach() -> None:
    due = _due("P3")
    ticket = _ticket("P3", (due, EventKind.SEVERITY_CHANGED, {"severity": "P4"}))
    status = ticket_status(POLICY, ticket, due)
    assert status.state == "running" and status.breached_at is None


def test_a_deadline_that_falls_as_a_pause_starts_stays_put() -> None:
    due = _due()
    ticket = _ticket("P1", (due, EventKind.PAUSED, {}))
    status = ticket_status(POLICY, ticket, due)
    assert status.due_at == due and status.state != "breached"


def test_a_ticket_answered_during_a_pause_counts_the_time_before_the_pause() -> None:
    pause = MONDAY_9 + timedelta(hours=1)
    answer = pause + timedelta(hours=1)
    ticket = _ticket("P1", (pause, EventKind.PAUSED, {}), (answer, EventKind.FIRST_RESPONSE, {}))
    status = ticket_status(POLICY, ticket, answer + timedelta(hours=5), ClockRules(pauses=True))
    assert status.state == "met"
    assert status.elapsed == status.response_time == timedelta(hours=1)
    ignored = ticket_status(POLICY, ticket, answer + timedelta(hours=5))  # the policy's rules
    assert ignored.response_time == timedelta(hours=2)


def test_a_breached_ticket_has_nothing_remaining_and_used_it_all() -> None:
    after = _due() + timedelta(hours=19)  # Tuesday 12:00 in Stockholm
    status = ticket_status(POLICY, _ticket("P1"), after)
    assert status.state == "breached" and status.remaining == timedelta(0)
    assert status.fraction_used == 11 / 8 and status.late == timedelta(hours=3)
    assert status.late_real == timedelta(hours=19)


@pytest.mark.parametrize("answer_after", [timedelta(minutes=30), timedelta(hours=30)])
def test_decided_tickets_are_never_at_risk(answer_after: timedelta) -> None:
    answer = MONDAY_9 + answer_after
    ticket = _ticket("P1", (answer, EventKind.FIRST_RESPONSE, {}))
    status = ticket_status(POLICY, ticket, answer + timedelta(days=3))
    assert status.state in ("met", "breached") and not status.at_risk
    assert status.warning_level is None


def test_a_running_ticket_is_at_risk_from_its_first_threshold() -> None:
    allowance = timedelta(hours=8)  # Standard P1: 8 business hours, from Monday 09:00
    half = MONDAY_9 + allowance / 2
    assert not ticket_status(POLICY, _ticket(), half - US).at_risk
    status = ticket_status(POLICY, _ticket(), half)
    assert status.at_risk and status.warning_level == 0.5


def test_every_field_of_a_status_in_its_data() -> None:
    answer = MONDAY_9 + timedelta(hours=2)
    ticket = _ticket("P1", (answer, EventKind.FIRST_RESPONSE, {}))
    data = to_data(ticket_status(POLICY, ticket, answer + timedelta(hours=1)))
    assert data["id"] == "T" if "id" in data else data["ticket_id"] == "T"
    expected = {
        "plan": "standard",
        "severity": "P1",
        "state": "met",
        "answered": True,
        "answered_at": "2026-11-23T10:00:00+00:00",
        "due_at": "2026-11-23T16:00:00+00:00",
        "breached_at": None,
        "policy_version": "Stakater support policy",
    }
    for key, value in expected.items():
        found = data.get(key, data.get("version") if key == "policy_version" else None)
        assert found == value, (key, data)
    assert data["elapsed"]["seconds"] == data["response_time"]["seconds"] == 7200
    assert data["remaining"]["seconds"] == 6 * 3600


def test_an_open_ticket_has_no_response_time_and_an_answered_one_has_it() -> None:
    open_status = ticket_status(POLICY, _ticket("P1"), MONDAY_9 + timedelta(hours=3))
    assert open_status.response_time is None and open_status.elapsed == timedelta(hours=3)
    answer = MONDAY_9 + timedelta(hours=2)
    done = ticket_status(POLICY, _ticket("P1", (answer, EventKind.FIRST_RESPONSE, {})), answer)
    assert done.response_time == timedelta(hours=2)


def test_a_paused_ticket_past_a_threshold_keeps_its_warning_and_resumes_at_now() -> None:
    rules = ClockRules(pauses=True)
    pause = MONDAY_9 + timedelta(hours=5)  # 5 of 8 hours used: past 50%
    paused = _ticket("P1", (pause, EventKind.PAUSED, {}))
    status = ticket_status(POLICY, paused, pause + timedelta(hours=1), rules)
    assert status.state == "paused" and status.warning_level == 0.5
    resume = pause + timedelta(hours=1)
    resumed = _ticket("P1", (pause, EventKind.PAUSED, {}), (resume, EventKind.RESUMED, {}))
    assert ticket_status(POLICY, resumed, resume, rules).state == "running"


def test_escalation_requests_keep_their_flags_through_data() -> None:
    ticket = _ticket(
        "P3",
        (MONDAY_9 + timedelta(hours=1), EventKind.ESCALATION_REQUESTED, {"written": True}),
        (MONDAY_9 + timedelta(hours=2), EventKind.ESCALATION_REQUESTED, {"justified": False}),
    )
    again = Ticket.from_dict(ticket.as_dict())
    assert again == ticket
    assert [(e.written, e.justified) for e in again.events] == [(True, True), (False, False)]
