"""The scope of support as queryable data."""

from __future__ import annotations

import pytest

from support_policy import stakater_policy

SCOPE = stakater_policy().latest.scope


@pytest.mark.parametrize(
    ("question", "covered", "words"),
    [
        ("Investigate a production outage", True, "Incident investigation"),
        ("configuration guidance for the ingress controller", True, "Configuration guidance"),
        ("help planning our next upgrade", True, "proactive planning under Premium"),
        ("custom feature development", False, "Custom feature development"),
        ("debug our application code", False, "unless directly caused"),
        ("a security audit of our cluster", False, "unless separately contracted"),
        ("migrate our workloads to a new cluster", False, "migration projects"),
        ("third-party licensing questions", False, "licensing"),
    ],
)
def test_covers(question: str, covered: bool, words: str) -> None:
    assert SCOPE is not None
    answer = SCOPE.covers(question)
    assert answer.covered is covered
    assert words in answer.reason
    if covered:
        assert answer.route is None
    else:
        assert answer.route == "a separate Professional Services agreement"
    assert question in str(answer)


@pytest.mark.parametrize(
    ("question", "activity"),
    [
        # What the pages put in scope (ssr.md 3 and 4, srf.md 1 and 5):
        ("Bug fixes", "Fixes for product defects"),
        ("Implementing fixes for product defects", "Fixes for product defects"),
        ("fix a defect in the Reloader operator", "Fixes for product defects"),
        ("Information requests", "Information requests and enhancement questions"),
        ("Enhancement questions", "Information requests and enhancement questions"),
        ("Management of managed infrastructure components", "Managed infrastructure"),
        ("platform-level monitoring", "Managed infrastructure"),
        # Ordinary requests that share a word with an exclusion:
        ("configure audit logging for the platform", "Configuration guidance"),
        ("incident: migration of etcd failed after upgrade", "Incident investigation"),
        ("compliance operator configuration guidance", "Configuration guidance"),
        ("consulting on best practices", "Operational best-practice"),
        ("redesign of our alerting rules after an incident", "Incident investigation"),
        # The exclusion's own condition: caused by the platform.
        ("debugging an application failure caused by a Stakater platform issue", "Troubleshooting"),
        ("debugging our application crash caused by a Stakater platform bug", "Fixes for product"),
    ],
)
def test_what_the_pages_include_is_covered(question: str, activity: str) -> None:
    assert SCOPE is not None
    answer = SCOPE.covers(question)
    assert answer.covered, answer
    assert answer.activity is not None and answer.activity.name.startswith(activity)


def test_an_exclusion_whose_condition_holds_does_not_decide() -> None:
    assert SCOPE is not None
    audit = SCOPE.covers("a security audit, separately contracted")
    assert not audit.covered and audit.activity is None  # not support's: the contract's
    assert SCOPE.covers("a security audit").activity == SCOPE.excluded[-1]


def test_unlisted_activities_are_routed_to_a_separate_evaluation() -> None:
    assert SCOPE is not None
    answer = SCOPE.covers("write our marketing copy")
    assert not answer.covered and answer.activity is None
    assert answer.reason == "not named in the scope of support"
    assert answer.route is not None and "evaluated separately" in answer.route


def test_responsibilities_and_boundaries() -> None:
    assert SCOPE is not None
    assert "classifying severity accurately" in SCOPE.customer_responsibilities
    assert "fixes for product defects" in SCOPE.vendor_responsibilities
    assert SCOPE.boundaries["managed_services"].excludes == (
        "customer application code, unless separately agreed",
    )
    assert "documented integrations" in SCOPE.boundaries["product_support"].covers
