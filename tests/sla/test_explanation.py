"""The explanation of a status: segments, changes, pauses, the deciding target and the verdict.

The segments are checked against a plain model: at any instant of the ticket's life the
plan in force is the last plan change at or before it (when plan changes apply), the
level the last severity change, and the clock is paused when the last pause or resume
at or before it is a pause, before the response.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given, strategies as st

from support_policy import ClockRules, Event, EventKind, Policy, Ticket, stakater_policy
from support_policy.render import to_data
from support_policy.sla.clock import ticket_status
from support_policy.sla.life import ANSWERS

from ..ticket_strategies import rules as clock_rules, tickets

POLICY = stakater_policy()
STOCKHOLM = ZoneInfo("Europe/Stockholm")
S = datetime(2026, 11, 23, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
H = timedelta(hours=1)
US = timedelta(microseconds=1)
ALL_CHANGES = ClockRules(pauses=True, plan_changes="from_change")


def policy(rules: ClockRules) -> Policy:
    return Policy([attrs.evolve(POLICY.latest, clock_rules=rules, effective_from=None)])


def explained(
    plan: str, severity: str | None, events: list[Event], now: datetime, rules: ClockRules
) -> dict[str, Any]:
    ticket = Ticket(plan, S, severity, events, id="T")
    data: dict[str, Any] = to_data(ticket_status(policy(rules), ticket, now).explain())
    return data


# -- one ticket with two pauses, a plan change and a raise ---------------------------------------

TWO_PAUSES = [
    Event(S + H, EventKind.PAUSED),
    Event(S + 2 * H, EventKind.RESUMED),
    Event(S + 2.5 * H, EventKind.PLAN_CHANGED, plan="premium"),
    Event(S + 3 * H, EventKind.PAUSED),
    Event(S + 4 * H, EventKind.RESUMED),
    Event(S + 5 * H, EventKind.SEVERITY_CHANGED, "P1"),
]


def test_segments_follow_every_pause_and_change() -> None:
    data = explained("standard", "P2", TWO_PAUSES, (S + 6 * H).astimezone(STOCKHOLM), ALL_CHANGES)
    segments = [
        (s["start"][11:16], s["end"][11:16], s["plan"], s["severity"], s["paused"])
        for s in data["segments"]
    ]
    assert segments == [
        ("09:00", "10:00", "standard", "P2", False),
        ("10:00", "11:00", "standard", "P2", True),
        ("11:00", "11:30", "standard", "P2", False),
        ("11:30", "12:00", "premium", "P2", False),
        ("12:00", "13:00", "premium", "P2", True),
        ("13:00", "14:00", "premium", "P2", False),
        ("14:00", "15:00", "premium", "P1", False),
    ]
    assert all(s["start"].endswith("+01:00") for s in data["segments"])  # in now's zone
    assert data["paused"] == [
        "2026-11-23T10:00:00+01:00 \u2192 2026-11-23T11:00:00+01:00",
        "2026-11-23T12:00:00+01:00 \u2192 2026-11-23T13:00:00+01:00",
    ]


def test_the_explanation_says_what_decided_and_why() -> None:
    now = (S + 6 * H).astimezone(STOCKHOLM)
    ticket = Ticket("standard", S, "P2", TWO_PAUSES, id="T")
    explanation = ticket_status(policy(ALL_CHANGES), ticket, now).explain()
    data = to_data(explanation)
    assert explanation.record().title == "T: breached (premium P1, 1 hour): why"
    assert data["version"] == "Stakater support policy"
    assert data["rules"] == (
        "reclassification from_submission, plan changes from_change, pauses stop the clock"
    )
    assert data["submitted_at"] == "2026-11-23T09:00:00+01:00"
    assert data["decided_by"] == (
        "Premium P1: 1 hour, counted from 2026-11-23T11:30:00+01:00 on round the clock "
        "(24x7x365): real elapsed time, due 2026-11-23T13:30:00+01:00"
    )
    # P1 on Premium counts from 11:30 (when Premium took effect), less the pause 12-13.
    assert data["verdict"] == (
        "breached at 2026-11-23T13:30:00+01:00, known at 2026-11-23T14:00:00+01:00"
    )
    assert data["changes"] == [
        {
            "at": "2026-11-23T11:30:00+01:00",
            "change": "plan standard \u2192 premium",
            "effect": "deadline earlier",
            "due_before": "2026-11-24T15:00:00+01:00",
            "due_after": "2026-11-23T14:30:00+01:00",
        },
        {
            "at": "2026-11-23T14:00:00+01:00",
            "change": "severity P2 \u2192 P1",
            "effect": "deadline earlier; breached retroactively: the new deadline had already "
            "passed",
            "due_before": "2026-11-23T14:30:00+01:00",
            "due_after": "2026-11-23T13:30:00+01:00",
        },
    ]
    assert data["warnings"] == []
    lines = [line.strip() for line in explanation.text().splitlines()]
    assert "- 2026-11-23T10:00:00+01:00 \u2192 2026-11-23T11:00:00+01:00: standard P2, paused" in (
        lines
    )
    assert "- 2026-11-23T09:00:00+01:00 \u2192 2026-11-23T10:00:00+01:00: standard P2" in lines
    assert "- 2026-11-23T11:30:00+01:00: plan standard \u2192 premium: deadline earlier" in lines


def test_without_pause_rules_the_segments_never_pause() -> None:
    rules = ClockRules(pauses=False, plan_changes="from_change")
    data = explained("standard", "P2", TWO_PAUSES, S + 6 * H, rules)
    assert [(s["plan"], s["severity"], s["paused"]) for s in data["segments"]] == [
        ("standard", "P2", False),
        ("premium", "P2", False),
        ("premium", "P1", False),
    ]
    assert data["paused"] == []
    assert data["rules"] == "reclassification from_submission, plan changes from_change, no pauses"


def test_plans_that_apply_at_submission_keep_the_first_plan_in_every_segment() -> None:
    rules = ClockRules(pauses=True, reclassification="from_change", plan_changes="at_submission")
    data = explained("standard", "P2", TWO_PAUSES, S + 6 * H, rules)
    assert {s["plan"] for s in data["segments"]} == {"standard"}
    assert [s["paused"] for s in data["segments"]] == [False, True, False, True, False, False]
    assert data["rules"] == (
        "reclassification from_change, plan changes at_submission, pauses stop the clock"
    )
    assert data["changes"][0]["change"] == "plan premium (plans apply at submission)"


def test_a_pause_still_open_at_the_response_ends_there() -> None:
    events = [
        Event(S + H, EventKind.PAUSED),
        Event(S + 3 * H, EventKind.FIRST_RESPONSE),
        Event(S + 4 * H, EventKind.RESUMED),
        Event(S + 5 * H, EventKind.PAUSED),
    ]
    data = explained("standard", "P2", events, S + 6 * H, ALL_CHANGES)
    assert data["paused"] == ["2026-11-23T09:00:00+00:00 \u2192 2026-11-23T11:00:00+00:00"]
    assert [(s["start"][11:16], s["end"][11:16], s["paused"]) for s in data["segments"]] == [
        ("08:00", "09:00", False),
        ("09:00", "11:00", True),
        ("11:00", "14:00", False),
    ]
    assert data["verdict"] == (
        "met: answered at 2026-11-23T11:00:00+00:00, due 2026-11-24T14:00:00+00:00"
    )


# -- the verdict in each state --------------------------------------------------------------------


def test_the_verdict_of_each_state() -> None:
    rules = ClockRules(pauses=True)
    before = explained("standard", "P1", [], S - H, rules)
    assert before["verdict"] == "not started: submitted at 2026-11-23T08:00:00+00:00"
    assert before["segments"] == [] and before["paused"] == []
    running = explained("standard", "P1", [], S + 2 * H + timedelta(minutes=30), rules)
    assert running["verdict"] == "running: due 2026-11-23T16:00:00+00:00, 5h 30m left"
    paused = explained("standard", "P1", [Event(S + H, EventKind.PAUSED)], S + 3 * H, rules)
    assert paused["verdict"] == "paused: due 2026-11-24T10:00:00+00:00, 7h 00m left"
    assert paused["segments"][-1]["paused"] is True
    late = explained("standard", "P1", [], S + 9 * H, rules)
    assert late["verdict"] == "breached at 2026-11-23T16:00:00+00:00"
    answered = [Event(S + 9 * H, EventKind.FIRST_RESPONSE)]
    answered_late = explained("standard", "P1", answered, S + 10 * H, rules)
    assert answered_late["verdict"] == (
        "breached at 2026-11-23T16:00:00+00:00; answered at 2026-11-23T17:00:00+00:00"
    )


def test_the_explanation_keeps_the_tickets_warnings() -> None:
    data = {
        "id": "T",
        "plan": "standard",
        "submitted_at": S.isoformat(),
        "events": [
            {"at": (S + H).isoformat(), "kind": "resolved"},
            {"at": (S + 2 * H).isoformat(), "kind": "updated"},
        ],
    }
    ticket = Ticket.from_dict(data)
    explanation = to_data(ticket_status(POLICY, ticket, S + 3 * H).explain())
    assert explanation["warnings"] == list(ticket.warnings) != []


# -- segments against the plain model -------------------------------------------------------------


def in_force(ticket: Ticket, rules: ClockRules, at: datetime, stop: datetime) -> tuple[Any, ...]:
    """The plan, level and pause at ``at``, read straight from the events."""
    plan: str | None = ticket.plan
    level, paused = ticket.severity, False
    for event in ticket.events:
        if event.at > at:
            break
        if event.kind is EventKind.SEVERITY_CHANGED:
            level = event.severity
        elif event.kind is EventKind.PLAN_CHANGED and rules.plan_changes == "from_change":
            plan = event.plan
        elif event.kind is EventKind.PAUSED:
            paused = True
        elif event.kind is EventKind.RESUMED:
            paused = False
    version = POLICY.latest
    return (plan, version.severity(level).code, paused and rules.pauses and at < stop)


@given(
    tickets(pauses=True, plan_changes=True),
    clock_rules,
    st.integers(-60, 12 * 24 * 60).map(lambda m: timedelta(minutes=m)),
)
def test_segments_are_what_was_in_force(ticket: Ticket, rules: ClockRules, wait: timedelta) -> None:
    now = ticket.submitted_at + wait
    status = ticket_status(policy(rules), ticket, now)
    segments = status.explain().life.segments()
    submitted = ticket.submitted_at
    if now <= submitted:
        assert segments == []
        return
    answer = next((e.at for e in ticket.events if e.kind in ANSWERS and e.at <= now), None)
    stop = now if answer is None else answer
    assert segments[0].start == submitted and segments[-1].end == now
    for one, two in itertools.pairwise(segments):
        assert one.end == two.start and one.start < one.end
        assert (one.plan, one.severity, one.paused) != (two.plan, two.severity, two.paused)
    for segment in segments:
        found = (segment.plan.name, segment.severity.code, segment.paused)
        assert in_force(ticket, rules, segment.start, stop) == found
        assert in_force(ticket, rules, segment.end - US, stop) == found


# -- how a status and what is upcoming read -------------------------------------------------------


def test_a_status_reads_with_its_ticket_state_and_deadline() -> None:
    now = (S + 2 * H).astimezone(STOCKHOLM)
    status = ticket_status(POLICY, Ticket("standard", S, "P1", id="SUP-4"), now)
    assert repr(status) == "TicketStatus(SUP-4 running, due 2026-11-23T17:00:00+01:00)"
    anonymous = ticket_status(POLICY, Ticket("standard", S, "P1"), now)
    assert repr(anonymous) == "TicketStatus(running, due 2026-11-23T17:00:00+01:00)"
    assert anonymous.record().title == "running (standard P1, 8 business hours)"
    assert status.record().title == "SUP-4: running (standard P1, 8 business hours)"


def test_what_is_upcoming_reads_as_when_and_what() -> None:
    now = (S + 2 * H).astimezone(STOCKHOLM)
    status = ticket_status(POLICY, Ticket("standard", S, "P1", id="SUP-4"), now)
    first = status.upcoming()[0]
    assert str(first) == "Mon 2026-11-23 13:00 CET (+01:00): 50% used"
    assert to_data(first) == {
        "id": "SUP-4",
        "at": "2026-11-23T13:00:00+01:00",
        "what": "50% used",
    }
    assert first.record().line == first.record().title == str(first)
    assert first.text().splitlines()[0] == str(first)


def test_a_verdict_before_submission_is_in_nows_zone() -> None:
    now = (S - H).astimezone(STOCKHOLM)
    data = explained("standard", "P1", [], now, ClockRules())
    assert data["verdict"] == "not started: submitted at 2026-11-23T09:00:00+01:00"
