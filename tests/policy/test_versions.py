"""A policy version: what it checks when built, how it looks plans and levels up, its clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    EscalationModel,
    EscalationTrigger,
    InvalidPolicyError,
    InvalidTargetError,
    NaiveDatetimeError,
    OutOfRangeError,
    Plan,
    PolicyVersion,
    RoundTheClock,
    Severity,
    SeverityScale,
    Target,
    UnknownPlanError,
    UnknownSeverityError,
    stakater_policy,
)
from support_policy.calendars.instants import EPOCH
from support_policy.render import Record, Table

WEEKDAYS = BusinessCalendar("UTC", {d: "09:00-17:00" for d in range(5)})
LEVELS = SeverityScale.of(("P1", "Critical"), ("P2", "High"), ("P3", "Low"), default="P2")
MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=UTC)


def gold(**kwargs: Any) -> Plan:
    targets = {"P1": "1 hour", "P2": "4 hours", "P3": "1 business day"}
    return Plan("gold", "Gold", "24x7", kwargs.pop("targets", targets), **kwargs)


def silver(**kwargs: Any) -> Plan:
    return Plan("silver", "Silver", "8x5", {"all": "8 business hours"}, **kwargs)


def version(plans: list[Plan] | None = None, **kwargs: Any) -> PolicyVersion:
    return PolicyVersion(
        kwargs.pop("name", "v2"),
        [gold(), silver()] if plans is None else plans,
        kwargs.pop("severities", LEVELS),
        kwargs.pop("business_calendar", WEEKDAYS),
        **kwargs,
    )


def problems(**kwargs: Any) -> tuple[tuple[str, str], ...]:
    with pytest.raises(InvalidPolicyError) as caught:
        version(**kwargs)
    return caught.value.problems


# -- what a version checks --------------------------------------------------------------------


def test_a_version_needs_a_plan() -> None:
    assert problems(plans=[]) == (("plans", "a policy needs at least one plan"),)


def test_a_version_has_at_most_a_hundred_plans() -> None:
    many = [Plan(f"p{i}", "P", "c", {"all": "1 hour"}) for i in range(101)]
    assert len(version(many[:100]).plans) == 100
    assert problems(plans=many) == (("plans", "at most 100 plans, not 101"),)


def test_plan_names_are_unique() -> None:
    plans = [gold(), silver(), Plan(" GOLD", "Again", "c", {"all": "1 hour"}), silver()]
    assert problems(plans=plans) == (
        ("plans", "plan names must be unique; ['gold', 'silver'] repeat"),
    )


def test_every_level_needs_a_target_of_every_metric() -> None:
    plans = [
        gold(
            targets={"P1": "1 hour"}, metrics={"update": {"P2": "1 hour"}, "all": {"all": "1 hour"}}
        ),
        silver(metrics={"update": {"P1": "1 hour", "P2": "1 hour", "P3": "1 hour"}}),
    ]
    assert problems(plans=plans) == (
        ("plans.gold.targets", "no target for P2, P3; every severity level needs one"),
        ("plans.gold.metrics.update", "no target for P1, P3; every severity level needs one"),
    )


def test_a_target_for_an_unknown_level_is_refused() -> None:
    plans = [
        gold(
            targets={
                "P1": "1 hour",
                "P2": "1 hour",
                "P3": "1 hour",
                "P9": "1 hour",
                "P8": "2 hours",
            }
        ),
        silver(
            metrics={
                "update": {"all": "1 hour"},
                "resolve": {"P1": "1 hour", "P2": "1 hour", "P3": "1 hour", "P7": "1 hour"},
            }
        ),
    ]
    assert problems(plans=plans) == (
        ("plans.gold.targets", "P9, P8 is not a severity level of this policy"),
        ("plans.silver.targets", "P7 is not a severity level of this policy"),
    )


def test_an_immediate_escalation_must_name_levels_of_the_policy() -> None:
    escalation = EscalationModel("q", "e", ["P9", "P1", "P8"])
    assert version([gold(escalation=EscalationModel("q", "e", ["P1"])), silver()])
    assert problems(plans=[gold(escalation=escalation), silver()]) == (
        ("plans.gold.escalation.immediate", "P8, P9 is not a severity level of this policy"),
    )


def test_every_problem_is_reported_at_once() -> None:
    plans = [
        gold(targets={"P1": "1 hour", "P4": "1 hour"}, escalation=EscalationModel("q", "e", "P4")),
        silver(),
    ]
    assert [path for path, _ in problems(plans=plans)] == [
        "plans.gold.targets",
        "plans.gold.targets",
        "plans.gold.escalation.immediate",
    ]


def test_escalation_triggers_read_from_their_words() -> None:
    made = version(escalation_triggers=["lack of progress", EscalationTrigger.BUSINESS_IMPACT])
    assert made.escalation_triggers == (
        EscalationTrigger.LACK_OF_PROGRESS,
        EscalationTrigger.BUSINESS_IMPACT,
    )
    assert version().escalation_triggers == ()


def test_an_unknown_escalation_trigger_is_refused_with_the_choices() -> None:
    assert problems(escalation_triggers=["business impact", "full moon"]) == (
        (
            "escalation_triggers",
            "'full moon' is not one of: business impact, lack of progress, customer request",
        ),
    )


# -- looking plans and levels up --------------------------------------------------------------


def test_a_plan_is_found_by_name_in_any_case_or_as_itself() -> None:
    made = version()
    assert made.plan("gold") is made.plans[0]
    assert made.plan(" SILVER\t") is made.plans[1]
    assert made.plan(made.plans[0]) is made.plans[0]
    assert made.plan(gold()) is made.plans[0]  # an equal plan
    assert list(made) == list(made.plans)


@pytest.mark.parametrize(
    "name",
    ["platinum", "Gold Plan", "", 1, None, " " * 9_997 + "gold", gold(summary="another")],
)
def test_an_unknown_plan_is_refused_with_the_plans(name: object) -> None:
    with pytest.raises(UnknownPlanError) as caught:
        version().plan(name)  # type: ignore[arg-type]
    assert caught.value.value is name
    assert caught.value.known == ("gold", "silver")


def test_a_plan_name_of_ten_thousand_characters_is_still_read() -> None:
    assert version().plan(" " * 9_996 + "gold").name == "gold"


def test_levels_and_targets_are_looked_up_through_the_scale() -> None:
    made = version()
    assert made.severity(None) is LEVELS["P2"]
    assert made.severity("critical") is LEVELS["P1"]
    assert made.target("gold", None) == Target(4, "hours")
    assert made.target("Gold", "P3") == Target(1, "business days")
    assert made.target("silver", 1) == Target(8, "business hours")
    with pytest.raises(UnknownSeverityError):
        made.target("gold", "P4")


# -- clocks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("plan", ["gold", "Gold", " gold ", "GOLD"])
@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ("P1", (RoundTheClock(), timedelta(hours=1))),
        (Severity("P1", "Critical"), (RoundTheClock(), timedelta(hours=1))),
        ("critical", (RoundTheClock(), timedelta(hours=1))),
        ("P1 - Critical", (RoundTheClock(), timedelta(hours=1))),
        (1, (RoundTheClock(), timedelta(hours=1))),
        (None, (RoundTheClock(), timedelta(hours=4))),
        ("P2", (RoundTheClock(), timedelta(hours=4))),
        ("3", (WEEKDAYS, timedelta(hours=8))),
        ("low", (WEEKDAYS, timedelta(hours=8))),
    ],
)
def test_a_targets_clock_under_any_spelling(plan: str, severity: object, expected: object) -> None:
    made = version()
    assert made.clock(plan, severity) == expected  # type: ignore[arg-type]
    assert made.clock(made.plan(plan), severity) == expected  # type: ignore[arg-type]


def test_a_business_target_counts_on_the_versions_business_calendar() -> None:
    made = version()
    assert made.clock("silver", "P1")[0] is made.business_calendar
    assert made.clock("gold", "P3")[0] is made.business_calendar
    assert made.clock("gold", "P1")[0] is made.round_the_clock


def test_the_default_level_is_whichever_the_scale_names() -> None:
    for default, hours in (("P1", 1), ("P2", 4), ("P3", 8)):
        scale = SeverityScale(LEVELS.levels, default)
        made = version(severities=scale)
        assert made.clock("gold", None)[1] == timedelta(hours=hours)
        assert made.deadline("gold", None, MONDAY_10) == made.deadline("gold", default, MONDAY_10)


def test_a_clock_of_another_metric() -> None:
    made = version([gold(metrics={"update": {"all": "2 business hours"}}), silver()])
    assert made.clock("gold", "P1", "update") == (WEEKDAYS, timedelta(hours=2))
    assert made.clock("gold", "P1") == (RoundTheClock(), timedelta(hours=1))
    with pytest.raises(InvalidTargetError, match="plan 'silver' has no metric 'update'"):
        made.clock("silver", "P1", "update")
    with pytest.raises(InvalidTargetError, match="no metric 'resolve'"):
        made.clock("gold", "P1", "resolve")


@pytest.mark.parametrize(
    ("plan", "severity", "error"),
    [
        ("platinum", "P1", UnknownPlanError),
        (["gold"], "P1", UnknownPlanError),
        ("gold", ["P1"], UnknownSeverityError),
        ("gold", {"P1"}, UnknownSeverityError),
        ("gold", "P4", UnknownSeverityError),
    ],
)
def test_a_clock_for_an_unknown_or_unhashable_name_is_refused(
    plan: object, severity: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        version().clock(plan, severity)  # type: ignore[arg-type]


# -- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "severity", "due"),
    [
        ("gold", "P1", datetime(2026, 11, 23, 11, tzinfo=UTC)),
        ("gold", None, datetime(2026, 11, 23, 14, tzinfo=UTC)),
        ("gold", "P3", datetime(2026, 11, 24, 10, tzinfo=UTC)),
        ("silver", "P1", datetime(2026, 11, 24, 10, tzinfo=UTC)),
    ],
)
def test_a_versions_deadlines(plan: str, severity: str | None, due: datetime) -> None:
    made = version()
    assert made.deadline(plan, severity, MONDAY_10) == due
    explanation = made.explain(plan, severity, MONDAY_10)
    assert explanation.due_at == due
    assert explanation.version == "v2"
    assert explanation.plan == plan and explanation.metric == "response"
    assert explanation.severity is made.severity(severity)
    assert explanation.severity_defaulted is (severity is None)
    assert explanation.target == made.target(plan, severity)


def test_a_deadline_and_its_explanation_for_another_metric() -> None:
    made = version([gold(metrics={"update": {"all": "2 business hours"}}), silver()])
    assert made.deadline("gold", "P1", MONDAY_10, "update") == MONDAY_10 + timedelta(hours=2)
    explanation = made.explain("gold", "P1", MONDAY_10, metric="update")
    assert explanation.metric == "update"
    assert explanation.target == Target(2, "business hours")
    assert explanation.due_at == MONDAY_10 + timedelta(hours=2)
    assert not explanation.round_the_clock


@pytest.mark.parametrize("method", ["deadline", "explain"])
def test_a_bad_submission_is_refused_under_its_name(method: str) -> None:
    ask = getattr(version(), method)
    naive_at = datetime(2026, 11, 23, 10)
    with pytest.raises(NaiveDatetimeError) as naive:
        ask("gold", "P1", naive_at)
    assert naive.value.field == "submitted_at"
    assert naive.value.value is naive_at
    assert str(naive.value).startswith(
        f"submitted_at must be timezone-aware, got naive {naive_at!r}"
    )
    with pytest.raises(TypeError, match=r"^submitted_at must be a datetime, got date$"):
        ask("silver", "P1", date(2026, 11, 23))
    with pytest.raises(TypeError, match=r"^submitted_at must be a datetime, got NoneType$"):
        ask("gold", "P1", None)


@pytest.mark.parametrize("method", ["deadline", "explain"])
@pytest.mark.parametrize("plan", ["gold", "silver"])
def test_a_submission_out_of_range_keeps_the_calendars_error(method: str, plan: str) -> None:
    with pytest.raises(OutOfRangeError, match="outside the supported range"):
        getattr(version(), method)(plan, "P1", datetime(2300, 1, 1, tzinfo=UTC))


def test_another_business_calendar_moves_only_business_deadlines() -> None:
    made = version()
    nights = BusinessCalendar("UTC", {d: "18:00-22:00" for d in range(7)})
    moved = made.with_business_calendar(nights)
    assert moved.business_calendar is nights and made.business_calendar is WEEKDAYS
    assert moved.clock("silver", "P1")[0] is nights
    assert moved.deadline("silver", "P1", MONDAY_10) == datetime(2026, 11, 24, 22, tzinfo=UTC)
    assert moved.deadline("gold", "P1", MONDAY_10) == made.deadline("gold", "P1", MONDAY_10)
    assert moved.explain("gold", "P3", MONDAY_10).allowed == nights.business_day
    assert (moved.name, moved.plans, moved.severities) == (made.name, made.plans, made.severities)


# -- when it starts ---------------------------------------------------------------------------


def test_a_version_starts_at_midnight_in_its_business_calendars_zone() -> None:
    zone = ZoneInfo("Asia/Kolkata")
    calendar = BusinessCalendar("Asia/Kolkata", {0: "09:00-17:00"})
    made = version(effective_from=date(2026, 3, 1), business_calendar=calendar)
    start = made.starts_at
    assert start == datetime(2026, 3, 1, tzinfo=zone)
    assert start is not None and start.replace(tzinfo=None) == datetime(2026, 3, 1)
    assert start.utcoffset() == timedelta(hours=5, minutes=30)
    assert made.offset_of_start() == datetime(2026, 2, 28, 18, 30, tzinfo=UTC) - EPOCH


def test_a_version_without_a_date_has_no_start() -> None:
    assert version().starts_at is None
    assert version().offset_of_start() is None


# -- in words and for the renderer ------------------------------------------------------------


def test_a_version_in_one_line() -> None:
    dated = version(name="2026", effective_from=date(2026, 3, 1))
    assert dated.line() == "2026 (in force from 2026-03-01)"
    assert version(name="first").line() == "first (no start date)"
    assert repr(dated) == "PolicyVersion('2026', effective_from=2026-03-01)"
    assert dated.summary() == Record(
        "2026 (in force from 2026-03-01)",
        (("version", "2026"), ("effective_from", date(2026, 3, 1))),
        "2026 (in force from 2026-03-01)",
    )


def test_the_matrix_has_a_row_per_level_and_a_column_per_plan() -> None:
    assert version().matrix() == Table(
        "First-response targets",
        [
            ("severity", "Severity"),
            ("severity_label", "Label"),
            ("gold", "Gold"),
            ("silver", "Silver"),
        ],
        [
            ("P1", "Critical", Target(1, "hours"), Target(8, "business hours")),
            ("P2", "High", Target(4, "hours"), Target(8, "business hours")),
            ("P3", "Low", Target(1, "business days"), Target(8, "business hours")),
        ],
    )


def test_the_matrix_of_another_metric_has_only_the_plans_that_have_it() -> None:
    made = version([gold(), silver(metrics={"update_interval": {"all": "2 hours"}})])
    assert made.matrix("update_interval") == Table(
        "Update interval targets",
        [("severity", "Severity"), ("severity_label", "Label"), ("silver", "Silver")],
        [(s.code, s.label, Target(2, "hours")) for s in LEVELS],
    )


def test_a_version_for_the_renderer() -> None:
    made = version(
        [
            gold(metrics={"update": {"all": "2 hours"}}),
            silver(metrics={"update": {"all": "1 hour"}, "resolve": {"all": "9 hours"}}),
        ],
        name="2026",
        effective_from=date(2026, 3, 1),
        note="From the contract.",
        escalation_triggers=["customer request"],
    )
    record = made.record()
    assert record.title == record.line == "2026 (in force from 2026-03-01)"
    assert [name for name, _ in record.fields] == [
        "version",
        "effective_from",
        "note",
        "default_severity",
        "severities",
        "targets",
        "update_targets",
        "resolve_targets",
        "business_calendar",
        "escalation_triggers",
        "plans",
    ]
    fields = dict(record.fields)
    assert fields["version"] == "2026"
    assert fields["effective_from"] == date(2026, 3, 1)
    assert fields["note"] == "From the contract."
    assert fields["default_severity"] == "P2"
    assert fields["severities"] == Table(
        "Severities",
        [("severity", "Severity"), ("severity_label", "Label"), ("definition", "Definition")],
        [("P1", "Critical", ""), ("P2", "High", ""), ("P3", "Low", "")],
    )
    assert fields["targets"] == made.matrix()
    assert fields["update_targets"] == made.matrix("update")
    assert fields["resolve_targets"] == made.matrix("resolve")
    assert fields["business_calendar"] == "Mon\u2013Fri 09:00-17:00 UTC"
    assert fields["escalation_triggers"] == ["customer request"]
    assert fields["plans"] == list(made.plans)
    assert dict(version().record().fields)["note"] is None


def test_a_version_in_a_notebook_shows_its_matrix_under_its_name() -> None:
    page = version(name="V<2>")._repr_html_()
    assert "<caption>V&lt;2&gt;: first-response targets</caption>" in page
    assert "Silver" in page and "8 business hours" in page


def test_a_plan_title_that_is_another_plans_name_never_takes_its_deadline() -> None:
    titled = Plan("gold", "silver", "24x7", {"all": "1 hour"})
    v = version([silver(), titled])
    assert v.target("silver", "P1") == silver().target(LEVELS.parse("P1"))
    eight_business_hours = datetime(2026, 11, 24, 10, tzinfo=UTC)  # 7 h Monday, 1 h Tuesday
    assert v.deadline("silver", "P1", MONDAY_10) == eight_business_hours
    assert v.explain("silver", "P1", MONDAY_10).due_at == eight_business_hours
    assert v.deadline("gold", "P1", MONDAY_10) == MONDAY_10 + timedelta(hours=1)


@pytest.mark.parametrize("method", ["plan", "target", "deadline", "explain"])
def test_a_plan_is_found_by_its_name_not_its_title(method: str) -> None:
    v = version([Plan("gold", "Gold Plan", "24x7", {"all": "1 hour"})])
    args = {"plan": (), "target": ("P1",)}.get(method, ("P1", MONDAY_10))
    with pytest.raises(UnknownPlanError):
        getattr(v, method)("Gold Plan", *args)
    assert getattr(v, method)("GOLD", *args) == getattr(v, method)("gold", *args)


@pytest.mark.parametrize("metric", ["bogus", "", "RESPONSE"])
def test_a_matrix_of_a_metric_no_plan_has_is_refused_as_a_target_is(metric: str) -> None:
    """An empty table would say nothing; ``Plan.target`` refuses the metric too."""
    version = stakater_policy().latest
    with pytest.raises(
        InvalidTargetError, match=r"no plan of .* has a metric .*; they have: 'response'"
    ):
        version.matrix(metric)
    with pytest.raises(InvalidTargetError):
        version.plans[0].target("P1", metric)
