"""Since when things are due: escalations, known breaches and the update cadence.

Each law is checked over random event histories under every rule combination against a
slow reference that asks the engine only what is in force at each instant, or walks
the events itself.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from support_policy import (
    ClockRules,
    Event,
    EventKind,
    InvalidTicketError,
    Policy,
    Ticket,
    escalations_due,
    stakater_policy,
    ticket_status,
)

from ..strategies import instants
from ..ticket_strategies import rules, tickets

POLICY = stakater_policy()
STOCKHOLM = ZoneInfo("Europe/Stockholm")
waits = st.integers(0, 12 * 24 * 60).map(lambda m: timedelta(minutes=m))
laws = settings(max_examples=150, deadline=None)
STANDING = ("immediate", "business impact")  # escalations called for by what is in force


@st.composite
def busy_tickets(draw: st.DrawFn) -> Ticket:
    """A ticket of the current version changed often within hours: plans and urgent levels
    swap, are set again to what they were, and answers and reopenings come between."""
    submitted = draw(instants())
    if submitted.astimezone(UTC) < datetime(2026, 3, 1, tzinfo=UTC):
        submitted += timedelta(days=3 * 365)  # the current version, whose plans escalate
    plan = draw(st.sampled_from(["standard", "premium"]))
    offsets = sorted(draw(st.lists(st.integers(0, 8 * 60), max_size=6)))
    events = []
    resolved = False
    for minutes in offsets:
        at = submitted + timedelta(minutes=minutes)
        again = "reopened" if resolved else "resolved"
        options = ["severity_changed", "plan_changed"] * 3 + [again]
        kind = EventKind(draw(st.sampled_from(options)))
        if kind is EventKind.SEVERITY_CHANGED:
            events.append(Event(at, kind, draw(st.sampled_from(["P1", "P1", "P2", "P3"]))))
        elif kind is EventKind.PLAN_CHANGED:
            events.append(Event(at, kind, plan=draw(st.sampled_from(["standard", "premium"]))))
        else:
            events.append(Event(at, kind))
            resolved = kind is EventKind.RESOLVED
    severity = draw(st.sampled_from(["P1", "P1", "P2", "P3"]))
    return Ticket(plan, submitted, severity, events)


def _minutes(limit: int) -> st.SearchStrategy[timedelta]:
    return st.integers(0, limit).map(lambda m: timedelta(minutes=m))


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _reference_since(
    ticket: Ticket, now: datetime, clock: ClockRules, who: tuple[str, str]
) -> datetime | None:
    """The start of the last unbroken run of instants, up to ``now``, at which ``who`` is due.

    What is in force changes only at events, so it is enough to ask at submission and
    at each event: is ``who`` due then?
    """
    now_u = now.astimezone(UTC)
    points = sorted(
        {ticket.submitted_at.astimezone(UTC)}
        | {e.at.astimezone(UTC) for e in ticket.events if e.at.astimezone(UTC) <= now_u}
    )
    since = None
    for point in reversed(points):
        due = escalations_due(POLICY, ticket, point, clock)
        if who not in {(e.to, e.trigger) for e in due}:
            break
        since = point
    return since


@settings(max_examples=500, deadline=None)
@given(busy_tickets() | tickets(plan_changes=True), rules, _minutes(10 * 60) | waits)
def test_an_escalation_is_due_since_what_calls_for_it_took_effect(
    ticket: Ticket, clock: ClockRules, wait: timedelta
) -> None:
    now = ticket.submitted_at + wait
    for item in escalations_due(POLICY, ticket, now, clock):
        if item.trigger in STANDING:
            who = (item.to, item.trigger)
            assert _utc(item.since) == _reference_since(ticket, now, clock, who)


@settings(max_examples=500, deadline=None)
@given(
    busy_tickets() | tickets(plan_changes=True),
    rules,
    _minutes(10 * 60) | waits,
    _minutes(10 * 60) | waits,
)
def test_a_breach_once_known_stays_known_from_then(
    ticket: Ticket, clock: ClockRules, a: timedelta, b: timedelta
) -> None:
    first, later = sorted((a, b))
    before = ticket_status(POLICY, ticket, ticket.submitted_at + first, clock)
    after = ticket_status(POLICY, ticket, ticket.submitted_at + later, clock)
    if before.state == "breached":
        assert after.state == "breached"
        assert _utc(after.breach_known_at) == _utc(before.breach_known_at)
        assert after.breached_at is not None and before.breached_at is not None
        assert _utc(after.breached_at) <= _utc(before.breached_at)  # type: ignore[operator]


# -- the update cadence ------------------------------------------------------------------------

CADENCES = {"standard": "8 business_hours", "premium": "2 hours", "advanced": "4 hours"}
UPDATES = Policy(
    [
        attrs.evolve(
            version,
            plans=tuple(
                attrs.evolve(
                    plan,
                    metrics={"update_interval": dict.fromkeys(version.severities, CADENCES[name])},
                )
                for name, plan in ((plan.name, plan) for plan in version.plans)
            ),
        )
        for version in POLICY.versions
    ]
)


def _reference_next_update(ticket: Ticket, now: datetime, clock: ClockRules) -> datetime | None:
    """An interval after the latest answer, response, update, reopening or real change.

    Only what happened by ``now`` counts, and a plan change only when plans change
    mid-ticket. None when unanswered, or resolved or closed at ``now``.
    """
    now_u = now.astimezone(UTC)
    version = UPDATES.as_of(ticket.submitted_at)
    plan, level = ticket.plan, version.severity(ticket.severity)
    moments: list[datetime] = []  # the instants the cadence may count from
    answered = closed = False
    resolved: datetime | None = None  # since when resolved or closed, if so
    mid_ticket = clock.plan_changes == "from_change"  # else the plan of submission stays
    happened = [e for e in ticket.events if e.at.astimezone(UTC) <= now_u]
    for at, group in itertools.groupby(happened, key=lambda e: e.at.astimezone(UTC)):
        before = (plan, level)  # in force before this instant: a change undone within it is none
        for event in group:
            kind = event.kind
            if kind in (EventKind.FIRST_RESPONSE, EventKind.RESOLVED, EventKind.CLOSED):
                if not answered or kind is EventKind.FIRST_RESPONSE:
                    moments.append(at)
                answered = True
                if kind is not EventKind.FIRST_RESPONSE:
                    closed, resolved = True, resolved or at
            elif kind is EventKind.UPDATED:
                moments.append(at)
            elif kind is EventKind.REOPENED:
                if resolved is not None and at > resolved:  # not resolved and reopened at once
                    moments.append(at)
                closed, resolved = False, None
            elif kind is EventKind.SEVERITY_CHANGED:
                level = version.severity(event.severity)
            elif kind is EventKind.PLAN_CHANGED and mid_ticket:
                plan = str(event.plan)
        if (plan, level) != before:
            moments.append(at)
    if not answered or closed:
        return None
    calendar, interval = version.clock(plan, level, "update_interval")
    return calendar.add(max(moments), interval).astimezone(UTC)


@settings(max_examples=300, deadline=None)
@given(tickets(plan_changes=True, pauses=False) | busy_tickets(), rules, waits | _minutes(600))
def test_the_next_update_counts_from_the_latest_response_update_or_change(
    ticket: Ticket, clock: ClockRules, wait: timedelta
) -> None:
    now = ticket.submitted_at + wait
    status = ticket_status(UPDATES, ticket, now, clock)
    assert _utc(status.next_update_due) == _reference_next_update(ticket, now, clock)


def test_a_plan_change_after_the_response_restarts_the_cadence_from_the_change() -> None:
    submitted = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    answered, upgraded = submitted + timedelta(minutes=30), submitted + timedelta(hours=4)
    events = [
        Event(answered, EventKind.FIRST_RESPONSE),
        Event(upgraded, EventKind.PLAN_CHANGED, plan="premium"),
    ]
    ticket = Ticket("standard", submitted, "P2", events)
    at = upgraded + timedelta(minutes=30)
    status = ticket_status(UPDATES, ticket, at, ClockRules(plan_changes="from_change"))
    assert status.next_update_due == upgraded + timedelta(hours=2)  # premium's two hours
    kept = ticket_status(UPDATES, ticket, at)  # plans at submission: standard's cadence
    assert kept.next_update_due == datetime(2026, 12, 1, 10, 30, tzinfo=STOCKHOLM)


def test_the_latest_update_is_found_by_instant_on_the_night_the_clocks_go_back() -> None:
    # 2026-10-25 in Stockholm: 02:00-03:00 happens twice.
    submitted = datetime(2026, 10, 25, 2, 0, tzinfo=STOCKHOLM)  # 00:00 UTC
    answered = datetime(2026, 10, 25, 2, 45, tzinfo=STOCKHOLM)  # 00:45 UTC
    updated = datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=STOCKHOLM)  # 01:15 UTC: later
    events = [Event(answered, EventKind.FIRST_RESPONSE), Event(updated, EventKind.UPDATED)]
    ticket = Ticket("premium", submitted, "P1", events)
    status = ticket_status(UPDATES, ticket, datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    assert _utc(status.next_update_due) == datetime(2026, 10, 25, 3, 15, tzinfo=UTC)


# -- escalations, by example ---------------------------------------------------------------------


def test_an_immediate_escalation_is_due_from_the_plan_change_that_called_for_it() -> None:
    submitted = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    upgraded = submitted + timedelta(hours=2)
    ticket = Ticket(
        "standard", submitted, "P1", [Event(upgraded, EventKind.PLAN_CHANGED, plan="premium")]
    )
    clock = ClockRules(plan_changes="from_change")
    before = escalations_due(POLICY, ticket, submitted + timedelta(hours=1), clock)
    assert [(e.trigger, e.since) for e in before] == [("business impact", submitted)]
    after = escalations_due(POLICY, ticket, upgraded + timedelta(minutes=30), clock)
    assert [(e.trigger, e.to, e.since) for e in after] == [
        ("immediate", "senior engineering", upgraded)
    ]


def test_a_change_that_calls_for_the_same_escalation_does_not_make_it_due_anew() -> None:
    submitted = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    events = [
        Event(submitted + timedelta(hours=1), EventKind.SEVERITY_CHANGED, "P2"),
        Event(submitted + timedelta(hours=2), EventKind.SEVERITY_CHANGED, "P1"),
        Event(submitted + timedelta(hours=3), EventKind.PLAN_CHANGED, plan="standard"),
    ]
    ticket = Ticket("standard", submitted, "P1", events)
    at = submitted + timedelta(hours=4)
    due = escalations_due(POLICY, ticket, at, ClockRules(plan_changes="from_change"))
    # P1 again at 12:00 after an hour as P2: due from 12:00; "standard" again changes nothing.
    assert [(e.trigger, e.since) for e in due] == [
        ("business impact", submitted + timedelta(hours=2))
    ]


def _immediate_since(ticket: Ticket, now: datetime, policy: Policy = POLICY) -> list[datetime]:
    return [e.since for e in escalations_due(policy, ticket, now) if e.trigger == "immediate"]


RESOLVED, CLOSED, REOPENED = EventKind.RESOLVED, EventKind.CLOSED, EventKind.REOPENED


@pytest.mark.parametrize(
    ("history", "since"),
    [
        ([(1, RESOLVED), (3, REOPENED)], 3),
        ([(1, RESOLVED), (2, REOPENED), (3, RESOLVED), (4, REOPENED)], 4),  # the last
        ([(1, RESOLVED), (2, CLOSED), (2, REOPENED)], 2),  # resolved from the resolution
        ([(2, RESOLVED), (2, REOPENED)], 0),  # resolved and reopened at once: never resolved
    ],
)
def test_an_escalation_of_a_reopened_ticket_is_due_from_the_last_real_reopening(
    history: list[tuple[int, EventKind]], since: int
) -> None:
    submitted = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    hour = timedelta(hours=1)
    events = [Event(submitted + h * hour, kind) for h, kind in history]
    ticket = Ticket("premium", submitted, "P1", events)
    assert _immediate_since(ticket, submitted + 5 * hour) == [submitted + since * hour]


def test_an_escalation_called_for_by_two_levels_in_turn_is_due_from_the_first() -> None:
    """A change between two levels that both escalate at once does not make it due anew."""
    submitted = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    version = POLICY.as_of(submitted)
    premium = version.plan("premium")
    assert premium.escalation is not None
    wider = attrs.evolve(premium.escalation, immediate=frozenset({"P1", "P2"}))
    plans = tuple(attrs.evolve(p, escalation=wider) if p is premium else p for p in version.plans)
    wide = Policy([attrs.evolve(v, plans=plans) if v is version else v for v in POLICY.versions])
    lowered = Event(submitted + timedelta(hours=1), EventKind.SEVERITY_CHANGED, "P2")
    ticket = Ticket("premium", submitted, "P1", [lowered])
    assert _immediate_since(ticket, submitted + timedelta(hours=2), wide) == [submitted]


def test_a_ticket_resolved_and_reopened_at_once_was_never_resolved() -> None:
    submitted = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    hour = timedelta(hours=1)
    answered = [Event(submitted + hour, EventKind.FIRST_RESPONSE)]
    events = [
        *answered,
        Event(submitted + 2 * hour, EventKind.RESOLVED),
        Event(submitted + 2 * hour, EventKind.REOPENED),
    ]
    at = submitted + 2.5 * hour
    plain = ticket_status(UPDATES, Ticket("premium", submitted, "P2", answered), at)
    status = ticket_status(UPDATES, Ticket("premium", submitted, "P1", events), at)
    assert status.next_update_due == plain.next_update_due == submitted + 3 * hour
    assert _immediate_since(Ticket("premium", submitted, "P1", events), at) == [submitted]


MONDAY_10 = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
HOUR = timedelta(hours=1)


def _after_monday_10(plan: str, level: str, *history: tuple[int, EventKind]) -> Ticket:
    """A ticket submitted on Monday at 10:00 with events so many hours later."""
    return Ticket(plan, MONDAY_10, level, [Event(MONDAY_10 + h * HOUR, k) for h, k in history])


def test_a_request_answered_by_a_resolution_is_not_due_after_a_reopening() -> None:
    ask = EventKind.ESCALATION_REQUESTED
    ticket = _after_monday_10("standard", "P3", (1, ask), (2, RESOLVED), (3, REOPENED), (4, ask))
    due = escalations_due(POLICY, ticket, MONDAY_10 + 5 * HOUR)
    assert {(e.trigger, e.since) for e in due} == {("customer request", MONDAY_10 + 4 * HOUR)}


def test_a_ticket_reopened_without_a_response_is_due_an_update_from_the_reopening() -> None:
    submitted, hour = MONDAY_10, HOUR
    ticket = _after_monday_10("premium", "P2", (1, RESOLVED), (2, REOPENED))
    assert (
        ticket_status(UPDATES, ticket, submitted + 1.5 * hour).next_update_due is None
    )  # resolved
    status = ticket_status(UPDATES, ticket, submitted + 2.5 * hour)
    assert status.next_update_due == submitted + 4 * hour  # premium: two hours from reopening


# -- the two 02:30s of the night the clocks go back are two instants ------------------------------


def test_values_holding_times_compare_by_instant_not_by_wall_clock() -> None:
    first = datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM)  # 00:30 UTC
    second = first.replace(fold=1)  # 01:30 UTC
    assert first == second  # Python's own comparison, within one zone
    one, other = Ticket("premium", first, "P1"), Ticket("premium", second, "P1")
    assert one != other and len({one, other}) == 2
    assert Event(first, EventKind.UPDATED) != Event(second, EventKind.UPDATED)
    now = datetime(2026, 10, 25, 1, 45, tzinfo=UTC)
    statuses = {ticket_status(POLICY, t, now.astimezone(STOCKHOLM)) for t in (one, other)}
    assert len(statuses) == 2
    deadlines = {POLICY.explain("premium", "P1", t) for t in (first, second)}
    assert len(deadlines) == 2
    # The same instant written in two zones is one value.
    assert Ticket("premium", first.astimezone(UTC), "P1") == one


# -- a change needs what it changes to -----------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "words"),
    [
        (lambda at: Event(at, EventKind.SEVERITY_CHANGED), "the new severity"),
        (lambda at: Event(at, EventKind.SEVERITY_CHANGED, " "), "a severity must be text"),
        (lambda at: Event(at, EventKind.PLAN_CHANGED), "the new plan's name"),
        (lambda at: Event(at, EventKind.PLAN_CHANGED, plan=" "), "the new plan's name"),
    ],
)
def test_a_change_without_what_it_changes_to_is_refused(event: object, words: str) -> None:
    at = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    with pytest.raises(InvalidTicketError, match=words):
        event(at)  # type: ignore[operator]


def test_the_refusal_of_a_change_without_its_target_says_what_it_needs() -> None:
    at = datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM)
    with pytest.raises(InvalidTicketError) as caught:
        Event(at, EventKind.SEVERITY_CHANGED)
    assert str(caught.value) == (
        "event (severity_changed) 'severity': must be the new severity, for a severity "
        "change, got None"
    )
    with pytest.raises(InvalidTicketError) as caught:
        Event(at, EventKind.PLAN_CHANGED)
    assert str(caught.value) == (
        "event (plan_changed) 'plan': must be the new plan's name, for a plan change, got None"
    )
