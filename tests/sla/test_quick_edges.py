"""The quick path at its edges: each version's own targets, and a threshold reached exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs

from support_policy import ClockRules, Policy, Ticket, stakater_policy, ticket_status
from support_policy.sla.quick import SPELLINGS, QuickJudge

POLICY = stakater_policy()
NEW = datetime(2026, 11, 23, 8, tzinfo=UTC)  # Monday 09:00 Stockholm, the current version
OLD = datetime(2025, 11, 24, 8, tzinfo=UTC)  # Monday 09:00 Stockholm, the three-tier version


def test_one_judge_holds_each_ticket_to_the_version_in_force_at_its_submission() -> None:
    now = NEW + timedelta(days=1)
    judge = QuickJudge(POLICY, now)
    names = []
    for submitted in (OLD, NEW, OLD, NEW):
        judged = judge.judge("standard", "P1", submitted, None)
        expected = ticket_status(POLICY, Ticket("standard", submitted, "P1"), now)
        assert judged is not None
        assert judged.policy_version == expected.policy_version
        names.append(judged.policy_version)
    assert names == ["Stakater support policy (three tiers)", "Stakater support policy"] * 2


def test_a_plan_only_one_version_has_is_the_full_models_under_the_other() -> None:
    judge = QuickJudge(POLICY, NEW + timedelta(days=1))
    assert judge.judge("advanced", "P1", OLD, None) is not None
    assert judge.judge("advanced", "P1", NEW, None) is None  # the full model says what is wrong


def test_a_running_ticket_at_exactly_its_first_threshold_is_at_risk() -> None:
    half = NEW + timedelta(hours=4)  # 4 of 8 business hours
    judged = QuickJudge(POLICY, half).judge("standard", "P1", NEW, None)
    assert judged is not None and judged.state == "running" and judged.at_risk
    status = ticket_status(POLICY, Ticket("standard", NEW, "P1"), half)
    assert status.at_risk and status.warning_level == 0.5
    before = QuickJudge(POLICY, half - timedelta(microseconds=1)).judge("standard", "P1", NEW, None)
    assert before is not None and not before.at_risk


def test_an_answer_after_the_judges_instant_is_not_yet_an_answer() -> None:
    now = NEW + timedelta(hours=1)
    judged = QuickJudge(POLICY, now).judge("standard", "P1", NEW, now + timedelta(microseconds=1))
    assert judged is not None and judged.state == "running" and not judged.answered
    assert judged.response_time is None
    at_now = QuickJudge(POLICY, now).judge("standard", "P1", NEW, now)
    assert (
        at_now is not None and at_now.state == "met" and at_now.response_time == timedelta(hours=1)
    )


def test_a_ticket_submitted_after_the_judges_instant_is_left_to_the_full_model() -> None:
    judge = QuickJudge(POLICY, NEW)
    assert judge.judge("standard", "P1", NEW + timedelta(microseconds=1), None) is None
    assert judge.judge("standard", "P1", NEW, None) is not None


def test_without_thresholds_no_running_ticket_is_at_risk() -> None:
    version = attrs.evolve(
        POLICY.latest, clock_rules=ClockRules(thresholds=()), effective_from=None
    )
    policy = Policy([version])
    late_in = NEW + timedelta(hours=7, minutes=59)
    judged = QuickJudge(policy, late_in).judge("standard", "P1", NEW, None)
    assert judged is not None and judged.state == "running" and not judged.at_risk
    status = ticket_status(policy, Ticket("standard", NEW, "P1"), late_in)
    assert not status.at_risk and status.warning_level is None


def test_a_ticket_past_its_deadline_is_breached_answered_or_not() -> None:
    late = NEW + timedelta(hours=9)  # standard P1 fell due at 17:00 Stockholm, 16:00 UTC
    judge = QuickJudge(POLICY, late)
    open_late = judge.judge("standard", "P1", NEW, None)
    assert open_late is not None
    assert (open_late.state, open_late.answered, open_late.at_risk) == ("breached", False, False)
    answered_late = judge.judge("standard", "P1", NEW, NEW + timedelta(hours=8, microseconds=1))
    assert answered_late is not None
    assert (answered_late.state, answered_late.answered) == ("breached", True)
    on_time = judge.judge("standard", "P1", NEW, NEW + timedelta(hours=8))
    assert on_time is not None and on_time.state == "met"


def test_instants_at_the_ends_of_pythons_datetimes_are_left_to_the_full_model() -> None:
    """No probe of a calendar's reach overflows: the full model then says what is wrong."""
    first, last = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
    judge = QuickJudge(POLICY, last)
    for submitted in (first, first + timedelta(days=1), last - timedelta(days=1), last):
        assert judge.judge("standard", "P1", submitted, None) is None
        assert judge.columnar_demand("standard", "P1", submitted, None) is None


def test_a_judge_remembers_a_bounded_number_of_spellings_and_one_demand_per_meaning() -> None:
    """A file of a million distinct plan names must not grow the judge without end."""
    now = NEW + timedelta(days=1)
    judge = QuickJudge(POLICY, now)
    for n in range(SPELLINGS + 100):
        assert judge.demand_at(f"plan-{n}", "P1", NEW) is None
    assert sum(map(len, judge._spelled.values())) == SPELLINGS
    kept = judge.demand_at("standard", "P1", NEW)  # past the bound: looked up each time
    assert kept is not None
    for spelling in ("Standard", "STANDARD", "standard"):
        assert judge.demand_at(spelling, "critical", NEW) is kept
        assert judge.columnar_demand(spelling, "P1", NEW, None) is kept
    assert sum(map(len, judge._spelled.values())) == SPELLINGS
