"""The SLA clock over a ticket's life: examples for each rule, and its laws."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, strategies as st

from support_policy import (
    ClockRules,
    Event,
    EventKind,
    InvalidTicketError,
    Policy,
    Severity,
    Ticket,
    escalations_due,
    stakater_policy,
    ticket_status,
)
from support_policy.sla.reports import evaluate

from ..ticket_strategies import tickets

SEV = stakater_policy().latest.severities

STOCKHOLM = ZoneInfo("Europe/Stockholm")
POLICY = stakater_policy()
PAUSING = Policy(
    [attrs.evolve(POLICY.latest, clock_rules=ClockRules(pauses=True), effective_from=None)]
)


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=STOCKHOLM)


def ticket(plan: str, severity: str | None, submitted: datetime, *events: Any) -> Ticket:
    return Ticket(
        plan,
        submitted,
        severity,
        [Event(at, EventKind(kind), *rest) for at, kind, *rest in events],
        id="T",
    )


# -- the FAQ case, answered in time or not -------------------------------------------------------


@pytest.mark.parametrize(
    ("answered", "state"),
    [((16, 59), "met"), ((17, 0), "met"), ((17, 1), "breached")],
)
def test_standard_p1_friday_2am(answered: tuple[int, int], state: str) -> None:
    t = ticket(
        "standard", "P1", local(2026, 11, 27, 2), (local(2026, 11, 27, *answered), "first_response")
    )
    status = ticket_status(POLICY, t, local(2026, 11, 30, 12))
    assert status.state == state and status.answered
    assert status.due_at == local(2026, 11, 27, 17)
    assert (status.breached_at is None) == (state == "met")


def test_running_ticket_and_its_clock() -> None:
    t = ticket("standard", "P1", local(2026, 11, 27, 2))
    status = ticket_status(POLICY, t, local(2026, 11, 27, 13))
    assert status.state == "running" and not status.answered
    assert status.elapsed == timedelta(hours=4) and status.remaining == timedelta(hours=4)
    assert status.fraction_used == 0.5 and status.warning_level == 0.5 and status.at_risk
    late = ticket_status(POLICY, t, local(2026, 11, 27, 18))
    assert late.state == "breached" and late.breached_at == local(2026, 11, 27, 17)
    assert late.remaining == timedelta(0)


def test_now_must_be_aware_and_results_come_in_its_zone() -> None:
    t = ticket("premium", "P1", local(2026, 11, 27, 2))
    with pytest.raises(Exception, match="timezone-aware"):
        ticket_status(POLICY, t, datetime(2026, 11, 27, 3))
    status = ticket_status(POLICY, t, datetime(2026, 11, 27, 3, tzinfo=UTC))
    assert status.due_at.tzinfo is UTC and status.due_at == datetime(2026, 11, 27, 2, tzinfo=UTC)


# -- reclassification ------------------------------------------------------------------------


def test_upgrade_to_p1_counts_from_submission_and_can_breach_at_once() -> None:
    monday = local(2026, 11, 23, 9)
    change = local(2026, 11, 24, 10)
    t = ticket("standard", "P3", monday, (change, "severity_changed", SEV["P1"]))
    status = ticket_status(POLICY, t, local(2026, 11, 24, 11))
    assert status.severity is SEV["P1"]
    assert status.due_at == local(2026, 11, 23, 17)
    # Breached when P1's target ran out (Monday 17:00), known only at the change.
    assert status.state == "breached" and status.breached_at == local(2026, 11, 23, 17)
    assert status.breach_known_at == change
    assert status.remaining == timedelta(0) and status.fraction_used >= 1


def test_upgrade_counted_from_the_change_when_the_rules_say_so() -> None:
    monday = local(2026, 11, 23, 9)
    change = local(2026, 11, 24, 10)
    t = ticket("standard", "P3", monday, (change, "severity_changed", SEV["P1"]))
    status = ticket_status(
        POLICY, t, local(2026, 11, 24, 11), ClockRules(reclassification="from_change")
    )
    assert status.state == "running" and status.due_at == local(2026, 11, 25, 10)


def test_a_breach_stays_a_breach_after_a_downgrade() -> None:
    t = ticket(
        "standard",
        "P1",
        local(2026, 11, 23, 9),
        (local(2026, 11, 23, 18), "severity_changed", SEV["P4"]),
    )
    status = ticket_status(POLICY, t, local(2026, 11, 24, 10))
    assert status.state == "breached" and status.breached_at == local(2026, 11, 23, 17)
    assert status.severity is SEV["P4"]  # the target in force now is P4's


# -- pauses -----------------------------------------------------------------------------------


def _paused_for_a_day() -> Ticket:
    return ticket(
        "standard",
        "P1",
        local(2026, 11, 23, 9),
        (local(2026, 11, 23, 10), "paused"),
        (local(2026, 11, 24, 10), "resumed"),
    )


def test_stakater_targets_do_not_pause() -> None:
    status = ticket_status(POLICY, _paused_for_a_day(), local(2026, 11, 24, 12))
    assert status.due_at == local(2026, 11, 23, 17)


def test_paused_time_does_not_count_when_the_policy_says_so() -> None:
    status = ticket_status(PAUSING, _paused_for_a_day(), local(2026, 11, 24, 12))
    assert status.due_at == local(2026, 11, 24, 17) and status.state == "running"
    assert status.elapsed == timedelta(hours=3)


def test_a_paused_ticket_shows_the_deadline_if_resumed_now() -> None:
    t = ticket("premium", "P2", local(2026, 11, 23, 9), (local(2026, 11, 23, 10), "paused"))
    status = ticket_status(PAUSING, t, local(2026, 11, 23, 15))
    assert status.state == "paused"
    assert status.due_at == local(2026, 11, 23, 16)  # 1 h used, 1 h left from 15:00


# -- plan changes ------------------------------------------------------------------------------


def _upgraded_at_three() -> Ticket:
    return ticket(
        "standard",
        "P1",
        local(2026, 11, 27, 2),
        (local(2026, 11, 27, 3), "plan_changed", None, "premium"),
    )


def test_the_plan_at_submission_governs_by_default() -> None:
    status = ticket_status(POLICY, _upgraded_at_three(), local(2026, 11, 27, 5))
    assert status.due_at == local(2026, 11, 27, 17)


def test_an_upgrade_can_apply_from_its_instant() -> None:
    rules = ClockRules(plan_changes="from_change")
    status = ticket_status(POLICY, _upgraded_at_three(), local(2026, 11, 27, 3, 30), rules)
    assert status.plan == "premium" and status.due_at == local(2026, 11, 27, 4)
    # A downgrade replaces the target: Standard P1's 8 business hours from the change.
    down = ticket(
        "premium",
        "P1",
        local(2026, 11, 27, 2),
        (local(2026, 11, 27, 2, 30), "plan_changed", None, "standard"),
    )
    later = ticket_status(POLICY, down, local(2026, 11, 27, 2, 45), rules)
    assert later.plan == "standard" and str(later.target) == "8 business hours"
    assert later.due_at == local(2026, 11, 27, 17) and later.elapsed == timedelta(0)


# -- timelines that are refused ---------------------------------------------------------------


BASE: dict[str, Any] = {
    "id": "SUP-1",
    "plan": "standard",
    "severity": "P1",
    "submitted_at": "2026-11-27T02:00:00+01:00",
}


@pytest.mark.parametrize(
    ("events", "words"),
    [
        ([{"at": "2026-11-27T01:00:00+01:00", "kind": "first_response"}], "before submission"),
        (
            [
                {"at": "2026-11-27T05:00:00+01:00", "kind": "paused"},
                {"at": "2026-11-27T04:00:00+01:00", "kind": "resumed"},
            ],
            "events[1] (resumed",
        ),
        ([{"at": "2026-11-27T05:00:00+01:00", "kind": "resumed"}], "resume without a pause"),
        (
            [
                {"at": "2026-11-27T05:00:00+01:00", "kind": "closed"},
                {"at": "2026-11-27T06:00:00+01:00", "kind": "first_response"},
            ],
            "after the ticket was closed",
        ),
        ([{"at": "2026-11-27T05:00:00+01:00", "kind": "escalated"}], "unknown kind 'escalated'"),
        ([{"at": "2026-11-27T05:00:00", "kind": "resolved"}], "has no UTC offset"),
        (
            [
                {"at": "2026-11-27T05:00:00+01:00", "kind": "first_response"},
                {"at": "2026-11-27T06:00:00+01:00", "kind": "first_response"},
            ],
            "a second first response",
        ),
        (
            [{"at": "2026-11-27T05:00:00+01:00", "kind": "severity_changed"}],
            "needs the new 'severity'",
        ),
        ([{"at": "2026-11-27T05:00:00+01:00", "kind": "plan_changed"}], "needs the new 'plan'"),
    ],
)
def test_inconsistent_timelines_name_the_event(events: list[dict[str, Any]], words: str) -> None:
    with pytest.raises(InvalidTicketError, match="ticket SUP-1") as info:
        Ticket.from_dict({**BASE, "events": events})
    assert words in str(info.value)


def test_a_second_pause_is_refused() -> None:
    events = [
        {"at": "2026-11-27T05:00:00+01:00", "kind": "paused"},
        {"at": "2026-11-27T06:00:00+01:00", "kind": "paused"},
    ]
    with pytest.raises(InvalidTicketError, match=r"events\[1\] \(paused at .*already paused"):
        Ticket.from_dict({**BASE, "events": events})


def test_events_built_in_code_are_checked_too() -> None:
    submitted = datetime(2026, 11, 27, 2, tzinfo=UTC)
    naive = Event(datetime(2026, 11, 27, 5), EventKind.RESOLVED)
    with pytest.raises(InvalidTicketError, match=r"events\[0\] \(resolved\).*no UTC offset"):
        Ticket("standard", submitted, events=[naive])
    with pytest.raises(
        InvalidTicketError,
        match=r"^event \(resolved\) 'at': must be a datetime \(Event.from_dict reads text\), "
        r"got '2026-11-27T05:00:00Z'$",
    ):
        Event("2026-11-27T05:00:00Z", EventKind.RESOLVED)  # type: ignore[arg-type]
    with pytest.raises(InvalidTicketError, match="submitted_at: expected an aware datetime"):
        Ticket("standard", "2026-11-27T02:00:00Z")  # type: ignore[arg-type]
    early = Event(datetime(2026, 11, 27, 1, tzinfo=UTC), EventKind.FIRST_RESPONSE)
    with pytest.raises(InvalidTicketError, match="before submission"):
        Ticket("standard", submitted, events=[early])


def test_json_shape_round_trips() -> None:
    data = {
        **BASE,
        "events": [
            {"at": "2026-11-27T03:00:00+01:00", "kind": "severity_changed", "severity": "P2"},
            {"at": "2026-11-27T04:00:00+01:00", "kind": "paused"},
            {"at": "2026-11-27T05:00:00+01:00", "kind": "resumed"},
            {"at": "2026-11-27T09:30:00+01:00", "kind": "first_response"},
            {"at": "2026-11-27T10:00:00+01:00", "kind": "plan_changed", "plan": "premium"},
            {"at": "2026-11-28T10:00:00+01:00", "kind": "resolved"},
            {"at": "2026-11-29T10:00:00+01:00", "kind": "closed"},
        ],
    }
    assert Ticket.from_dict(data).as_dict() == data


# -- updates and escalation -----------------------------------------------------------------------


def test_next_update_due_when_the_policy_sets_an_interval() -> None:
    premium = POLICY.plan("premium")
    hourly = attrs.evolve(premium, metrics={"update_interval": {s: "2 hours" for s in SEV}})
    policy = Policy([attrs.evolve(POLICY.latest, plans=(POLICY.plan("standard"), hourly))])
    t = ticket(
        "premium",
        "P1",
        local(2026, 11, 27, 2),
        (local(2026, 11, 27, 2, 30), "first_response"),
        (local(2026, 11, 27, 3, 15), "updated"),
    )
    assert ticket_status(policy, t, local(2026, 11, 27, 4)).next_update_due == local(
        2026, 11, 27, 5, 15
    )
    assert ticket_status(POLICY, t, local(2026, 11, 27, 4)).next_update_due is None  # none built in


def test_a_ticket_resolved_without_a_first_response_owes_no_update() -> None:
    premium = POLICY.plan("premium")
    hourly = attrs.evolve(premium, metrics={"update_interval": {s: "2 hours" for s in SEV}})
    policy = Policy([attrs.evolve(POLICY.latest, plans=(POLICY.plan("standard"), hourly))])
    t = ticket("premium", "P1", local(2026, 11, 27, 2), (local(2026, 11, 27, 2, 40), "resolved"))
    assert ticket_status(policy, t, local(2026, 11, 27, 3)).next_update_due is None
    answered = ticket(
        "premium", "P1", local(2026, 11, 27, 2), (local(2026, 11, 27, 2, 40), "first_response")
    )
    assert ticket_status(policy, answered, local(2026, 11, 27, 3)).next_update_due == local(
        2026, 11, 27, 4, 40
    )


def test_escalations() -> None:
    premium_p1 = ticket("premium", "P1", local(2026, 11, 27, 2))
    due = escalations_due(POLICY, premium_p1, local(2026, 11, 27, 2, 10))
    assert [(e.to, e.trigger) for e in due] == [("senior engineering", "immediate")]
    late = escalations_due(POLICY, premium_p1, local(2026, 11, 27, 4))
    assert ("management", "lack of progress") in [(e.to, e.trigger) for e in late]
    asked = ticket(
        "standard",
        "P3",
        local(2026, 11, 23, 9),
        (local(2026, 11, 23, 10), "escalation_requested"),
        (local(2026, 11, 23, 11), "escalation_requested", None, None, True),
        (local(2026, 11, 23, 12), "escalation_requested", None, None, True, False),
    )
    routes = [(e.to, e.trigger) for e in escalations_due(POLICY, asked, local(2026, 11, 23, 13))]
    assert routes == [
        ("engineering team", "customer request"),
        ("engineering team", "customer request"),
        ("management", "customer request"),  # Standard: management only on written request
    ]
    resolved = ticket("premium", "P1", local(2026, 11, 27, 2), (local(2026, 11, 27, 3), "resolved"))
    assert escalations_due(POLICY, resolved, local(2026, 11, 27, 5)) == []


# -- laws ----------------------------------------------------------------------------------------


later = st.integers(0, 20 * 24 * 3600).map(lambda s: timedelta(seconds=s))


@given(tickets(), later, later)
def test_status_is_monotone(t: Ticket, a: timedelta, b: timedelta) -> None:
    first, second = sorted((a, b))
    s1 = ticket_status(PAUSING, t, t.submitted_at + first)
    s2 = ticket_status(PAUSING, t, t.submitted_at + second)
    if s1.state == "breached":
        # A breach is final; a later raise counted from before can only date it earlier.
        assert s1.breached_at is not None  # a breached status has its breach instant
        assert s2.state == "breached" and s2.breached_at is not None
        assert s2.breached_at <= s1.breached_at
    if s1.state == "met":
        assert s2.state == "met"


@given(tickets(pauses=False), later)
def test_answered_before_the_deadline_is_met_whatever_now(t: Ticket, wait: timedelta) -> None:
    answer = t.first_response_at
    if answer is None:
        return
    before = attrs.evolve(t, events=[e for e in t.events if e.at <= answer])
    status = ticket_status(POLICY, before, answer)
    if status.state == "met":
        assert ticket_status(POLICY, before, answer + wait).state == "met"


@given(tickets(pauses=False), st.data())
def test_pausing_never_makes_a_deadline_earlier(t: Ticket, data: st.DataObject) -> None:
    if any(e.kind is EventKind.FIRST_RESPONSE for e in t.events):
        return
    start = data.draw(st.integers(0, 5 * 24 * 60), label="pause start (minutes)")
    length = data.draw(st.integers(1, 3 * 24 * 60), label="pause length (minutes)")
    pause = t.submitted_at + timedelta(minutes=start)
    resume = pause + timedelta(minutes=length)
    events = sorted(
        [*t.events, Event(pause, EventKind.PAUSED), Event(resume, EventKind.RESUMED)],
        key=lambda e: (e.at.astimezone(UTC), e.kind is EventKind.RESUMED),
    )
    paused = attrs.evolve(t, events=events)
    now = resume + timedelta(days=30)
    assert ticket_status(PAUSING, paused, now).due_at >= ticket_status(PAUSING, t, now).due_at


@given(st.integers(0, 5).map(lambda weeks: local(2026, 11, 23, 9) + timedelta(weeks=weeks)))
def test_a_pause_outside_business_hours_changes_nothing(monday: datetime) -> None:
    t = ticket("standard", "P3", monday)
    night = ticket(
        "standard",
        "P3",
        monday,
        (monday.replace(hour=18), "paused"),
        ((monday + timedelta(days=1)).replace(hour=8), "resumed"),
    )
    now = monday + timedelta(days=10)
    assert ticket_status(PAUSING, night, now).due_at == ticket_status(PAUSING, t, now).due_at


@given(tickets(), st.sampled_from(list(SEV)), later)
def test_reclassifying_to_the_same_severity_changes_nothing(
    t: Ticket, _: Severity, wait: timedelta
) -> None:
    now = t.submitted_at + wait
    current = ticket_status(PAUSING, t, now)
    changed_at = t.submitted_at + wait / 2
    if any(e.at.astimezone(UTC) >= changed_at.astimezone(UTC) for e in t.events):
        return  # keep the timeline in order: only test a change after every event
    same = attrs.evolve(
        t, events=[*t.events, Event(changed_at, EventKind.SEVERITY_CHANGED, current.severity)]
    )
    if ticket_status(PAUSING, t, changed_at).severity is not current.severity:
        return
    assert ticket_status(PAUSING, same, now) == current


@given(st.lists(tickets(), max_size=8), later)
def test_a_stream_equals_each_ticket_alone(items: list[Ticket], wait: timedelta) -> None:
    now = datetime(2028, 6, 1, tzinfo=UTC) + wait
    assert list(evaluate(PAUSING, iter(items), now)) == [
        ticket_status(PAUSING, t, now) for t in items
    ]
