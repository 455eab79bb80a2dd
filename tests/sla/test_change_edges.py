"""Severity changes at their edges: equal targets, the deadline instant, where each is kept."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given, strategies as st

from support_policy import (
    ClockRules,
    Event,
    EventKind,
    Policy,
    Ticket,
    stakater_policy,
    ticket_status,
)
from support_policy.sla.life import ANSWERS

from ..ticket_strategies import rules as clock_rules, tickets

POLICY = stakater_policy()
S = datetime(2026, 11, 23, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
H = timedelta(hours=1)
CHANGES = (EventKind.SEVERITY_CHANGED, EventKind.PLAN_CHANGED)


def test_a_raise_to_an_equal_target_leaves_the_target_in_force_deciding() -> None:
    # Standard P4 and P3 are both 24 business hours: the raise changes no deadline.
    raised = Event(S + H, EventKind.SEVERITY_CHANGED, "P3")
    status = ticket_status(POLICY, Ticket("standard", S, "P4", [raised]), S + 2 * H)
    assert status.severity.code == "P3" and status.target_severity.code == "P4"
    (change,) = status.explain().life.changes
    assert change.effect == "none on the deadline: the earlier target still decides"
    assert change.due_before == change.due_after == status.due_at


def test_a_raise_to_an_equal_target_after_the_breach_changes_nothing() -> None:
    raised = Event(S + 100 * H, EventKind.SEVERITY_CHANGED, "P3")
    status = ticket_status(POLICY, Ticket("standard", S, "P4", [raised]), S + 101 * H)
    assert status.state == "breached" and status.target_severity.code == "P4"
    assert status.breach_known_at == status.breached_at == status.due_at
    (change,) = status.explain().life.changes
    assert change.effect == "none on the deadline: the ticket was already breached"
    assert change.at == S + 100 * H


def test_a_raise_at_the_instant_its_deadline_falls_is_not_yet_a_breach() -> None:
    # Premium P3 (4 hours) raised to P1 (1 hour from submission) exactly an hour in.
    raised = Event(S + H, EventKind.SEVERITY_CHANGED, "P1")
    ticket = Ticket("premium", S, "P3", [raised])
    (change,) = ticket_status(POLICY, ticket, S + 2 * H).explain().life.changes
    assert change.effect == "deadline earlier"
    answered = Ticket("premium", S, "P3", [raised, Event(S + H, EventKind.FIRST_RESPONSE)])
    assert ticket_status(POLICY, answered, S + 2 * H).state == "met"
    late = ticket_status(POLICY, ticket, S + 2 * H)
    assert late.state == "breached" and late.breached_at == late.breach_known_at == S + H


def test_a_raise_after_the_breach_dates_it_back_but_it_was_known_before() -> None:
    raised = Event(S + 3 * H, EventKind.SEVERITY_CHANGED, "P1")
    status = ticket_status(POLICY, Ticket("premium", S, "P2", [raised]), S + 4 * H)
    (change,) = status.explain().life.changes
    assert change.at == S + 3 * H
    assert change.effect == "deadline earlier; the breach now dates from the new deadline"
    # Breached when P2's two hours ran out; the raise dates it to P1's hour, no later known.
    assert (status.breached_at, status.breach_known_at) == (S + H, S + 2 * H)


@given(
    tickets(pauses=True, plan_changes=True),
    clock_rules,
    st.integers(0, 12 * 24 * 60).map(lambda m: timedelta(minutes=m)),
)
def test_each_change_before_the_answer_is_recorded_at_its_instant(
    ticket: Ticket, rules: ClockRules, wait: timedelta
) -> None:
    now = ticket.submitted_at + wait
    life = ticket_status(POLICY, ticket, now, rules).explain().life
    answer = next((e.at for e in ticket.events if e.kind in ANSWERS and e.at <= now), None)
    stop = now if answer is None else answer
    judged = [e.at for e in ticket.events if e.kind in CHANGES and e.at < stop]
    assert [c.at for c in life.changes] == judged
    for before, after in itertools.pairwise(life.changes):
        assert before.due_after == after.due_before  # each starts from the one before
    if life.changes:
        assert life.changes[-1].due_after == life.deciding.due


def test_a_lowering_at_the_deadline_instant_comes_in_time() -> None:
    # Premium P2 is due two hours in; lowered to P3 (4 hours) at that very instant.
    lowered = Event(S + 2 * H, EventKind.SEVERITY_CHANGED, "P3")
    status = ticket_status(POLICY, Ticket("premium", S, "P2", [lowered]), S + 3 * H)
    assert status.state == "running" and status.breached_at is None
    assert status.due_at == S + 4 * H


# -- plan changes, counted from the change --------------------------------------------------------

STANDARD = POLICY.latest.plan("standard")
TWIN = attrs.evolve(STANDARD, name="standard-eu", title="Standard EU")  # the same targets
PLANS = Policy(
    [
        attrs.evolve(
            POLICY.latest,
            plans=(*POLICY.latest.plans, TWIN),
            effective_from=None,
            clock_rules=ClockRules(plan_changes="from_change"),
        )
    ]
)


def test_an_upgrade_late_in_the_day_never_moves_the_deadline_later() -> None:
    # Standard P1 is due at 17:00 Stockholm; Premium P1 from 16:30 would be due at 17:30.
    upgraded = Event(S + 7.5 * H, EventKind.PLAN_CHANGED, plan="premium")
    status = ticket_status(PLANS, Ticket("standard", S, "P1", [upgraded]), S + 7.75 * H)
    assert status.plan == "premium" and status.target_plan == "standard"
    assert status.due_at == S + 8 * H
    (change,) = status.explain().life.changes
    assert change.effect == "none on the deadline: the earlier target still decides"


def test_a_move_to_a_plan_with_the_same_targets_keeps_the_deadline() -> None:
    moved = Event(S + 2 * H, EventKind.PLAN_CHANGED, plan="standard-eu")
    status = ticket_status(PLANS, Ticket("standard", S, "P1", [moved]), S + 3 * H)
    assert status.plan == "standard-eu" and status.target_plan == "standard"
    assert status.due_at == S + 8 * H
    (change,) = status.explain().life.changes
    assert change.effect == "none on the deadline: the earlier target still decides"


def test_a_pause_resumed_at_once_is_no_pause() -> None:
    events = [Event(S + H, EventKind.PAUSED), Event(S + H, EventKind.RESUMED)]
    rules = ClockRules(pauses=True)
    status = ticket_status(POLICY, Ticket("standard", S, "P1", events), S + 2 * H, rules)
    life = status.explain().life
    assert life.pauses == () and status.state == "running"
    assert [s.paused for s in life.segments()] == [False]


def test_a_change_to_the_level_in_force_is_recorded_at_its_instant() -> None:
    again = Event(S + H, EventKind.SEVERITY_CHANGED, "P2")
    status = ticket_status(POLICY, Ticket("premium", S, "P2", [again]), S + H + H / 2)
    (change,) = status.explain().life.changes
    assert (change.at, change.what, change.effect) == (S + H, "severity P2 again", "no effect")
