"""Plans: their targets per metric, channels, capabilities and escalation, and their errors."""

from __future__ import annotations

import pickle
import subprocess
import sys
from fractions import Fraction
from typing import Any

import pytest

from support_policy import InvalidTargetError
from support_policy.policy import (
    ALL,
    RESPONSE,
    Availability,
    Channel,
    EscalationModel,
    EscalationTrigger,
    Plan,
    Severity,
    Target,
    TargetUnit,
)
from support_policy.render import Record
from support_policy.stakater import stakater_policy

P1, P2 = Severity("P1", "Critical"), Severity("P2", "High")


def plan(targets: Any = None, **kwargs: Any) -> Plan:
    return Plan(
        kwargs.pop("name", "gold"),
        kwargs.pop("title", "Gold"),
        kwargs.pop("coverage", "24x7"),
        {"P1": "1 hour", "P2": "4 business hours"} if targets is None else targets,
        **kwargs,
    )


# -- availability, triggers and channels in words ---------------------------------------------


@pytest.mark.parametrize(
    ("availability", "offered", "text"),
    [
        (Availability.YES, True, "\u2714"),
        (Availability.NO, False, "\u2013"),
        (Availability.LIMITED, True, "Limited"),
        (Availability.ON_REQUEST, True, "On request"),
        (Availability.INCLUDED, True, "Included"),
    ],
)
def test_availability_in_words(availability: Availability, offered: bool, text: str) -> None:
    assert availability.offered is offered
    assert str(availability) == text


def test_an_escalation_trigger_reads_as_its_words() -> None:
    assert [str(t) for t in EscalationTrigger] == [
        "business impact",
        "lack of progress",
        "customer request",
    ]


@pytest.mark.parametrize(
    ("channel", "text"),
    [
        (Channel("Portal", True), "Portal: yes"),
        (Channel("Slack", True, "if agreed"), "Slack: yes (if agreed)"),
        (Channel("Slack", True, ""), "Slack: yes"),
        (Channel("Phone", False), "Phone: no"),
        (Channel("Phone", False, "P1 only"), "Phone: no"),
    ],
)
def test_a_channel_in_words(channel: Channel, text: str) -> None:
    assert str(channel) == text


# -- escalation -------------------------------------------------------------------------------


def test_an_escalation_model_defaults_to_limited_access_and_management_on_request() -> None:
    model = EscalationModel("queue", "engineering")
    assert model.immediate == frozenset()
    assert model.senior_engineering is Availability.LIMITED
    assert model.management is Availability.ON_REQUEST
    assert model.management_needs_written_request is False


def test_one_immediate_code_is_one_code_not_its_letters() -> None:
    assert EscalationModel("q", "e", "P1").immediate == frozenset({"P1"})
    assert EscalationModel("q", "e", ["P1", "P2", "P1"]).immediate == frozenset({"P1", "P2"})


@pytest.mark.parametrize("bad", ["", 1, None])
def test_an_immediate_code_must_be_a_non_empty_string(bad: object) -> None:
    with pytest.raises(InvalidTargetError) as caught:
        EscalationModel("q", "e", ["P1", bad])
    assert str(caught.value) == f"severity codes must be non-empty strings, got {bad!r}"


# -- targets ----------------------------------------------------------------------------------


def test_a_plans_name_is_its_key_in_lower_case() -> None:
    assert plan(name="  Gold Plus ").name == "gold plus"
    assert plan(title="Gold").title == "Gold"


def test_targets_read_from_text_from_targets_and_by_level() -> None:
    made = plan({P1: Target(1, "hours"), "P2": "2 business days"})
    assert dict(made.targets) == {
        "P1": Target(1, TargetUnit.HOURS),
        "P2": Target(2, TargetUnit.BUSINESS_DAYS),
    }
    assert made.target(P1) == made.target("P1") == Target(1, "hours")
    assert made.target(P2) == Target(2, "business days")


def test_one_target_for_all_holds_for_every_level() -> None:
    made = plan({ALL: "8 business hours"})
    assert made.target("P1") == made.target("anything") == Target(8, "business hours")
    assert made.missing_targets(["P1", "P9"]) == {}


@pytest.mark.parametrize("bad", [{}, None, [("P1", "1 hour")], "P1"])
def test_targets_must_be_a_non_empty_mapping(bad: object) -> None:
    with pytest.raises(InvalidTargetError) as caught:
        Plan("gold", "Gold", "24x7", bad)  # type: ignore[arg-type]
    assert str(caught.value) == f"targets must map severity codes to targets, got {bad!r}"


@pytest.mark.parametrize("key", ["", 1, None])
def test_targets_are_keyed_by_code(key: object) -> None:
    with pytest.raises(InvalidTargetError) as caught:
        plan({"P1": "1 hour", key: "2 hours"})
    assert str(caught.value) == f"targets are keyed by severity code, got {key!r}"


def test_all_and_per_level_targets_do_not_mix() -> None:
    with pytest.raises(InvalidTargetError) as caught:
        plan({ALL: "1 hour", "P1": "1 hour"})
    assert str(caught.value) == "give either 'all' or a target per severity, not both"


def test_a_level_without_a_target_is_named_with_the_plan_and_metric() -> None:
    made = plan({"P1": "1 hour"}, metrics={"update": {"P1": "4 hours", "P2": "8 hours"}})
    with pytest.raises(InvalidTargetError) as caught:
        made.target("P2")
    assert str(caught.value) == "plan 'gold' has no 'response' target for 'P2'; it has: P1"
    with pytest.raises(InvalidTargetError) as caught:
        made.target(Severity("P3", "Low"), "update")
    assert str(caught.value) == "plan 'gold' has no 'update' target for 'P3'; it has: P1, P2"


# -- metrics ----------------------------------------------------------------------------------


def test_each_metric_has_its_own_targets() -> None:
    made = plan(metrics={"update": {ALL: "4 hours"}, "resolve": {"P1": "2 business days"}})
    assert made.metric_names == (RESPONSE, "update", "resolve")
    assert made.metric() is made.targets
    assert made.metric(RESPONSE) is made.targets
    assert made.metric("update") == {ALL: Target(4, "hours")}
    assert made.target("P2", "update") == Target(4, "hours")
    assert made.target("P1", metric="resolve") == Target(2, "business days")
    assert made.target("P1") == Target(1, "hours")


def test_an_unknown_metric_is_refused_with_the_plans_metrics() -> None:
    made = plan(metrics={"update": {ALL: "4 hours"}})
    with pytest.raises(InvalidTargetError) as caught:
        made.metric("resolve")
    assert str(caught.value) == "plan 'gold' has no metric 'resolve'; it has: 'response', 'update'"
    with pytest.raises(InvalidTargetError, match="no metric 'resolve'"):
        made.target("P1", "resolve")


@pytest.mark.parametrize("name", [RESPONSE, "", 7])
def test_a_metric_needs_a_name_other_than_response(name: object) -> None:
    with pytest.raises(InvalidTargetError) as caught:
        plan(metrics={name: {ALL: "1 hour"}})
    assert str(caught.value) == (
        f"a metric needs a name other than 'response' (that one is Plan.targets), got {name!r}"
    )


def test_a_metrics_targets_are_checked_like_the_first_response() -> None:
    with pytest.raises(InvalidTargetError, match="not both"):
        plan(metrics={"update": {ALL: "1 hour", "P1": "2 hours"}})


def test_missing_targets_are_listed_per_metric_in_the_order_asked() -> None:
    made = plan(
        {"P1": "1 hour"},
        metrics={
            "update": {"P2": "1 hour"},
            "resolve": {ALL: "1 hour"},
            "full": {"P1": "1 hour", "P2": "1 hour", "P3": "1 hour"},
        },
    )
    assert made.missing_targets(["P3", "P1", "P2"]) == {
        RESPONSE: ["P3", "P2"],
        "update": ["P3", "P1"],
    }
    assert plan().missing_targets(["P1", "P2"]) == {}
    assert plan().missing_targets([]) == {}


# -- in words and for the renderer ------------------------------------------------------------


def test_a_plan_reads_as_its_title() -> None:
    made = plan(name="Gold", title="Gold Plan")
    assert str(made) == "Gold Plan"
    assert repr(made) == "Plan('gold', title='Gold Plan')"


def test_a_bare_plan_for_the_renderer_leaves_out_what_it_does_not_say() -> None:
    made = plan({ALL: "1 hour"})
    assert made.record() == Record(
        "Gold (24x7)",
        (
            ("plan", "gold"),
            ("plan_title", "Gold"),
            ("coverage", "24x7"),
            ("summary", None),
            ("targets", {ALL: Target(1, "hours")}),
            ("metrics", None),
            ("channels", []),
            ("capabilities", {}),
            ("escalation", None),
        ),
        "Gold (24x7)",
    )


def test_a_full_plan_for_the_renderer() -> None:
    made = plan(
        {ALL: "1 hour"},
        channels=[Channel("Portal", True), Channel("Phone", False)],
        capabilities={"Named contact": Availability.ON_REQUEST, "Reviews": Availability.NO},
        escalation=EscalationModel(
            "priority", "direct", ["P2", "P1"], Availability.YES, Availability.INCLUDED, True
        ),
        summary="For production.",
        metrics={"update": {ALL: "4 hours"}},
    )
    fields = dict(made.record().fields)
    assert fields["summary"] == "For production."
    assert fields["metrics"] == {"update": {ALL: Target(4, "hours")}}
    assert fields["channels"] == ["Portal: yes", "Phone: no"]
    assert fields["capabilities"] == {"Named contact": "on request", "Reviews": "no"}
    assert fields["escalation"] == {
        "queue": "priority",
        "engineering": "direct",
        "immediate": ["P1", "P2"],
        "senior_engineering": Availability.YES,
        "management": Availability.INCLUDED,
        "management_needs_written_request": True,
    }


def test_a_target_given_as_a_target_is_kept_exactly() -> None:
    third = Target(Fraction(1, 3), "hours")
    made = plan({"P1": third, "P2": "1 hour"}, metrics={"update": {ALL: third}})
    assert made.target("P1") == third
    assert made.target("P2", "update") == third


def test_an_unpickled_plan_hashes_as_a_plan_made_in_the_receiving_process() -> None:
    """A plan keeps its hash once computed; a pickle must not carry it to a process
    whose string hashes differ, or the plan is no longer found in its own maps."""
    policy = stakater_policy()
    plan = policy.plan("standard")
    hash(plan)  # computed, and kept on the object
    check = (
        "import pickle, sys\n"
        "from support_policy.stakater import stakater_policy\n"
        "policy, plan = pickle.loads(sys.stdin.buffer.read())\n"
        "fresh = stakater_policy().plan('standard')\n"
        "assert hash(plan) == hash(fresh), 'a hash from another process'\n"
        "assert {plan: 1}[fresh] == 1\n"
        "print(policy.deadline(plan, 'P1', __import__('datetime').datetime(2026, 3, 3, 10,"
        " tzinfo=__import__('datetime').timezone.utc)).isoformat())\n"
    )
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", check],
            input=pickle.dumps((policy, plan)),
            capture_output=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        # 11:00 in Stockholm: six business hours that day, two the next morning
        assert done.stdout.decode().strip() == "2026-03-04T10:00:00+00:00"
