"""The laws of one ticket's life, over random event histories and every rule combination.

Each law is checked against the engine; the paused clock is checked against a slow,
obviously correct reference that walks the paused spans one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import assume, given, settings, strategies as st

from support_policy import (
    ClockRules,
    ComplianceReport,
    CoverageCalendar,
    Event,
    EventKind,
    Severity,
    Ticket,
    escalations_due,
    stakater_policy,
    ticket_status,
)
from support_policy.sla.paused import PausedClock

from ..strategies import instants
from ..ticket_strategies import SEV, rules, tickets

POLICY = stakater_policy()
BUSINESS = POLICY.latest.business_calendar
ROUND = POLICY.latest.round_the_clock
waits = st.integers(0, 20 * 24 * 3600).map(lambda s: timedelta(seconds=s))
laws = settings(max_examples=150, deadline=None)
Pauses = Sequence[tuple[datetime, datetime]]  # (start, end) of each pause


# -- the reference: walk the paused spans one by one ------------------------------------------


def ref_elapsed(calendar: CoverageCalendar, a: datetime, b: datetime, pauses: Pauses) -> timedelta:
    paused = timedelta(0)
    for start, end in pauses:
        lo, hi = max(start, a), min(end, b)
        if lo < hi:
            paused += calendar.elapsed(lo, hi)
    return calendar.elapsed(a, b) - paused


def ref_due(
    calendar: CoverageCalendar, origin: datetime, allowance: timedelta, pauses: Pauses
) -> datetime:
    remaining, cursor = allowance, origin
    for start, end in pauses:
        if end <= cursor:
            continue
        if start > cursor:
            available = calendar.elapsed(cursor, start)
            if remaining <= available:
                return calendar.add(cursor, remaining)
            remaining -= available
        cursor = max(cursor, end)
    return calendar.add(cursor, remaining)


@st.composite
def pause_lists(draw: st.DrawFn, start: datetime) -> list[tuple[datetime, datetime]]:
    marks = sorted(draw(st.lists(st.integers(0, 14 * 24 * 60), max_size=12, unique=True)))
    spans = [
        (start + timedelta(minutes=a), start + timedelta(minutes=b))
        for a, b in zip(marks[::2], marks[1::2], strict=False)
    ]
    return [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in spans]


@laws
@given(instants(), st.data(), st.sampled_from([BUSINESS, ROUND]))
def test_the_paused_clock_agrees_with_the_reference(
    t: datetime, data: st.DataObject, calendar: CoverageCalendar
) -> None:
    pauses = data.draw(pause_lists(t))
    clock = PausedClock(calendar, pauses)
    edges = [t] + [x for span in pauses for x in span]
    a = data.draw(st.sampled_from(edges) | st.just(t + timedelta(hours=5)))
    b = a + data.draw(waits)
    assert clock.elapsed(a, b) == ref_elapsed(calendar, a, b, pauses)
    allowance = data.draw(st.sampled_from([1, 8, 24, 60]).map(lambda h: timedelta(hours=h)))
    due = clock.due(a, allowance)
    assert due == ref_due(calendar, a, allowance, pauses)
    assert clock.elapsed(a, due) == allowance
    assert not any(s < due < e for s, e in pauses)  # never inside a pause


# -- laws of the status ---------------------------------------------------------------------------


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _figures(ticket: Ticket, now: datetime, clock: ClockRules) -> tuple[object, ...]:
    s = ticket_status(POLICY, ticket, now, clock)
    return (
        s.state,
        _utc(s.due_at),
        _utc(s.breached_at),
        s.elapsed,
        s.remaining,
        s.target,
        s.target_severity,
        s.response_time,
    )


@laws
@given(tickets(plan_changes=True), rules, st.timedeltas(timedelta(seconds=1), timedelta(days=30)))
def test_before_submission_nothing_has_started(
    ticket: Ticket, clock: ClockRules, before: timedelta
) -> None:
    now = ticket.submitted_at - before
    status = ticket_status(POLICY, ticket, now, clock)
    assert status.state == "not_started" and not status.answered
    assert status.elapsed == timedelta(0) and status.fraction_used == 0
    assert status.warning_level is None and status.breached_at is None
    assert escalations_due(POLICY, ticket, now, clock) == []
    report = ComplianceReport(now)
    report.add(status)
    assert report.tickets == 0


@laws
@given(tickets(plan_changes=True), rules, waits)
def test_breached_means_nothing_left(ticket: Ticket, clock: ClockRules, wait: timedelta) -> None:
    status = ticket_status(POLICY, ticket, ticket.submitted_at + wait, clock)
    if status.state == "breached":
        assert status.remaining == timedelta(0) and status.fraction_used >= 1
        assert status.breached_at is not None and status.breach_known_at is not None
        assert status.breached_at <= status.breach_known_at <= status.now
    else:
        assert status.remaining + status.elapsed == status.explain().life.deciding.allowance


@laws
@given(tickets(plan_changes=True), rules, waits, waits)
def test_a_decided_ticket_never_moves_with_now(
    ticket: Ticket, clock: ClockRules, a: timedelta, b: timedelta
) -> None:
    answer = ticket.first_response_at
    assume(answer is not None)
    assert answer is not None
    assert _figures(ticket, answer + a, clock) == _figures(ticket, answer + b, clock)


@laws
@given(tickets(plan_changes=True), rules, waits)
def test_paused_time_is_never_counted(ticket: Ticket, clock: ClockRules, wait: timedelta) -> None:
    status = ticket_status(POLICY, ticket, ticket.submitted_at + wait, clock)
    life = status.explain().life
    deciding = life.deciding
    pauses = life.pauses
    expected = ref_elapsed(deciding.calendar, deciding.origin, life.stop, pauses)
    assert status.elapsed == expected
    assert _utc(status.due_at) == ref_due(
        deciding.calendar, deciding.origin, deciding.allowance, pauses
    )
    if not clock.pauses:
        assert pauses == ()


def _with(ticket: Ticket, event: Event) -> Ticket:
    """``ticket`` with ``event`` after the events of its instant, the others in their order.

    (Events at one instant apply in the order given: sorting them by kind would be
    another ticket.)
    """
    events = sorted([*ticket.events, event], key=lambda e: (e.at, e is event))
    return attrs.evolve(ticket, events=events)


@laws
@given(tickets(plan_changes=True), rules, waits, waits)
def test_a_change_to_what_is_in_force_changes_nothing(
    ticket: Ticket, clock: ClockRules, at: timedelta, wait: timedelta
) -> None:
    moment = ticket.submitted_at + at
    now = moment + wait
    current = ticket_status(POLICY, ticket, moment, clock)
    same = Event(moment, EventKind.SEVERITY_CHANGED, current.severity.code)
    try:
        changed = _with(ticket, same)
    except Exception:
        assume(False)
    assert _figures(changed, now, clock) == _figures(ticket, now, clock)


@laws
@given(tickets(plan_changes=True), rules, waits, st.sampled_from(list(SEV)))
def test_raising_severity_never_moves_the_deadline_later(
    ticket: Ticket, clock: ClockRules, at: timedelta, level: Severity
) -> None:
    moment = ticket.submitted_at + at
    before = ticket_status(POLICY, ticket, moment, clock)
    assume(level < before.severity)
    answer = ticket.first_response_at
    assume(answer is None or moment < answer)
    try:
        raised = _with(ticket, Event(moment, EventKind.SEVERITY_CHANGED, level.code))
    except Exception:
        assume(False)
    # Judged at the raise (later changes make other histories): never later.
    assert ticket_status(POLICY, raised, moment, clock).due_at <= before.due_at


@laws
@given(tickets(plan_changes=True), rules, waits, st.sampled_from(list(SEV)))
def test_a_change_at_the_response_does_not_rejudge_it(
    ticket: Ticket, clock: ClockRules, wait: timedelta, level: Severity
) -> None:
    answer = ticket.first_response_at
    assume(answer is not None)
    assert answer is not None
    change = Event(answer, EventKind.SEVERITY_CHANGED, level.code)
    events = sorted([*ticket.events, change], key=lambda e: e.at)  # after the response
    changed = attrs.evolve(ticket, events=events)
    now = answer + wait
    keep = ("state", "due_at", "breached_at", "elapsed", "target", "response_time")
    a, b = ticket_status(POLICY, ticket, now, clock), ticket_status(POLICY, changed, now, clock)
    assert [getattr(a, k) for k in keep] == [getattr(b, k) for k in keep]


@laws
@given(tickets(plan_changes=True), rules, waits)
def test_escalations_follow_what_the_clock_applies(
    ticket: Ticket, clock: ClockRules, wait: timedelta
) -> None:
    now = ticket.submitted_at + wait
    status = ticket_status(POLICY, ticket, now, clock)
    due = escalations_due(POLICY, ticket, now, clock)
    assert all(e.since <= now for e in due)
    triggers = {e.trigger for e in due}
    if "lack of progress" in triggers:
        assert status.state == "breached" and not status.answered
    if "immediate" in triggers:
        assert status.plan == "premium" and status.severity.code == "P1"


@pytest.mark.parametrize("count", [10_000])
def test_ten_thousand_events_are_judged(count: int) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    events = []
    for i in range(count // 2):
        at = start + timedelta(minutes=2 * i)
        if i % 2:
            events.append(Event(at, EventKind.SEVERITY_CHANGED, "P2" if i % 4 == 1 else "P3"))
            events.append(Event(at + timedelta(seconds=30), EventKind.PAUSED))
            events.append(Event(at + timedelta(seconds=45), EventKind.RESUMED))
    ticket = Ticket("standard", start, "P3", events[:count])
    clock = ClockRules(pauses=True, reclassification="from_change")
    status = ticket_status(POLICY, ticket, start + timedelta(days=30), clock)
    assert status.state == "breached"
    assert len(status.explain().life.changes) >= count // 4


@laws
@given(tickets(), rules, waits)
def test_what_is_upcoming_falls_due_then(
    ticket: Ticket, clock: ClockRules, wait: timedelta
) -> None:
    now = ticket.submitted_at + wait
    status = ticket_status(POLICY, ticket, now, clock)
    ahead = status.upcoming()
    assert [u.at for u in ahead] == sorted(u.at for u in ahead)
    assert all(u.at >= now for u in ahead)
    if status.state != "running":
        assert all(u.what == "update due" for u in ahead)
        return
    assert any(u.what == "breach" and u.at == status.due_at for u in ahead)
    nothing_else = attrs.evolve(ticket, events=[e for e in ticket.events if e.at <= now])
    for u in ahead:
        if u.what.endswith("% used"):
            later = ticket_status(POLICY, nothing_else, u.at, clock)
            assert later.fraction_used == pytest.approx(float(u.what[:-6]) / 100, abs=1e-9)


@laws
@given(st.lists(tickets(), max_size=6), rules, waits, st.integers(0, 48))
def test_due_within_is_exactly_the_running_tickets_due_by_then(
    items: list[Ticket], clock: ClockRules, wait: timedelta, hours: int
) -> None:
    from support_policy import breaching_within

    now = datetime(2024, 1, 1, tzinfo=UTC) + wait
    within = timedelta(hours=hours)
    found = list(breaching_within(POLICY, items, now, within, clock))
    expected = [
        s
        for s in (ticket_status(POLICY, t, now, clock) for t in items)
        if s.state == "running" and s.due_at <= now + within
    ]
    assert sorted(found, key=lambda s: s.due_at) == found
    assert sorted(map(id, (s.explain().life.ticket for s in found))) == sorted(
        map(id, (s.explain().life.ticket for s in expected))
    )
