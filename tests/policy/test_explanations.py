"""A deadline's explanation: what it says about the clock, the wait and the closed spans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs

from support_policy import BusinessCalendar, Closure, Plan, PolicyVersion, SeverityScale, Target
from support_policy.policy.deadlines import explain_deadline
from support_policy.render import Record

WEEKDAYS = BusinessCalendar("UTC", {d: "09:00-17:00" for d in range(5)})
LEVELS = SeverityScale.of(("P1", "Critical"), ("P2", "High"), default="P2")
VERSION = PolicyVersion(
    "v9",
    [
        Plan(
            "gold",
            "Gold",
            "8x5",
            {"all": "8 business hours"},
            metrics={"incident_response": {"all": "2 hours"}},
        )
    ],
    LEVELS,
    WEEKDAYS,
)
SATURDAY_10 = datetime(2026, 11, 28, 10, tzinfo=UTC)
MONDAY_9 = datetime(2026, 11, 30, 9, tzinfo=UTC)
MONDAY_17 = datetime(2026, 11, 30, 17, tzinfo=UTC)


def test_a_request_on_a_closed_day_waits_for_the_opening() -> None:
    explanation = VERSION.explain("gold", None, SATURDAY_10)
    assert explanation.submitted_at == SATURDAY_10
    assert explanation.counting_from == MONDAY_9
    assert explanation.waited == timedelta(hours=47)
    assert explanation.due_at == MONDAY_17
    assert explanation.allowed == timedelta(hours=8)
    assert explanation.closures == (Closure(SATURDAY_10, MONDAY_9, ("Saturday", "Sunday")),)
    assert explanation.clock == WEEKDAYS.describe()
    assert explanation.round_the_clock is False
    assert explanation.plan == "gold" and explanation.plan_title == "Gold"
    assert explanation.severity is LEVELS["P2"] and explanation.severity_defaulted
    assert explanation.target == Target(8, "business hours")


def test_a_request_while_open_waits_for_nothing() -> None:
    explanation = VERSION.explain("gold", "P1", MONDAY_9)
    assert explanation.counting_from == MONDAY_9
    assert explanation.waited == timedelta(0)
    assert explanation.closures == ()
    assert not explanation.severity_defaulted


def test_a_round_the_clock_metric_says_so() -> None:
    explanation = VERSION.explain("gold", "P1", SATURDAY_10, "incident_response")
    assert explanation.round_the_clock is True
    assert explanation.clock == "round the clock (24x7x365): real elapsed time"
    assert explanation.due_at == SATURDAY_10 + timedelta(hours=2)
    assert explanation.closures == ()
    assert explanation.waited == timedelta(0)


def test_the_metric_in_words() -> None:
    assert VERSION.explain("gold", "P1", MONDAY_9).what == "first response"
    incident = VERSION.explain("gold", "P1", MONDAY_9, "incident_response")
    assert incident.what == "incident response"


def test_an_explanation_for_the_renderer() -> None:
    explanation = VERSION.explain("gold", None, SATURDAY_10)
    assert explanation.record() == Record(
        "Gold P2 \u2013 High (the default): first response due Mon 2026-11-30 17:00 UTC",
        (
            ("plan", "gold"),
            ("plan_title", "Gold"),
            ("version", "v9"),
            ("metric", "response"),
            ("severity", "P2"),
            ("severity_label", "High"),
            ("severity_defaulted", True),
            ("target", Target(8, "business hours")),
            ("allowed", timedelta(hours=8)),
            ("clock", WEEKDAYS.describe()),
            ("round_the_clock", False),
            ("submitted_at", SATURDAY_10),
            ("counting_from", MONDAY_9),
            ("waited", timedelta(hours=47)),
            ("due_at", MONDAY_17),
            ("closures", [Closure(SATURDAY_10, MONDAY_9, ("Saturday", "Sunday"))]),
        ),
    )
    incident = VERSION.explain("gold", "P1", SATURDAY_10, "incident_response").record()
    assert (
        incident.title == "Gold P1 \u2013 Critical: incident response due Sat 2026-11-28 12:00 UTC"
    )


def test_an_explanation_without_a_version_name_leaves_it_out() -> None:
    explanation = attrs.evolve(VERSION.explain("gold", "P1", MONDAY_9), version="")
    assert dict(explanation.record().fields)["version"] is None
    assert repr(explanation) == (
        "DeadlineExplanation(gold P1 response: due 2026-11-30T17:00:00+00:00)"
    )


def test_explaining_a_deadline_directly_defaults_to_the_first_response_of_no_version() -> None:
    plan = VERSION.plan("gold")
    explanation = explain_deadline(
        plan=plan,
        severity=LEVELS["P1"],
        severity_defaulted=False,
        target=Target(2, "hours"),
        calendar=VERSION.round_the_clock,
        submitted_at=SATURDAY_10,
    )
    assert explanation.metric == "response" and explanation.what == "first response"
    assert explanation.version == ""
    assert explanation.due_at == SATURDAY_10 + timedelta(hours=2)
    assert explanation.round_the_clock is True
