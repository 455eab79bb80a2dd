"""How the scope matches a question: whole words, any punctuation, exclusions first."""

from __future__ import annotations

import pytest

from support_policy import Activity, Boundary, InvalidPolicyError, Scope, ScopeAnswer

SCOPE = Scope(
    included=[
        Activity("Incident investigation", ["outage", "production incident"]),
        Activity("Upgrade planning", ["upgrade"], note="Premium only"),
    ],
    excluded=[
        Activity("Custom development", ["feature", "custom code"], note="see the SOW"),
        Activity("Upgrade execution", ["perform the upgrade"]),
    ],
)


def test_keywords_are_kept_as_normalised_phrases() -> None:
    activity = Activity("x", ["  Custom-Code!! ", "?!", "", "API v2"])
    assert activity.keywords == ("custom code", "api v2")


@pytest.mark.parametrize(
    ("question", "covered", "reason"),
    [
        ("We have an OUTAGE!", True, "included: Incident investigation"),
        ("production-incident in eu-west", True, "included: Incident investigation"),
        ("incident investigation", True, "included: Incident investigation"),
        ("Incident, investigation.", True, "included: Incident investigation"),
        ("help with the upgrade", True, "included: Upgrade planning (Premium only)"),
        ("please perform the upgrade", False, "excluded: Upgrade execution"),
        ("a new feature", False, "excluded: Custom development (see the SOW)"),
        ("review our custom   code", False, "excluded: Custom development (see the SOW)"),
        ("custom development", False, "excluded: Custom development (see the SOW)"),
    ],
)
def test_a_question_is_matched_on_its_words(question: str, covered: bool, reason: str) -> None:
    answer = SCOPE.covers(question)
    assert answer.question == question
    assert answer.covered is covered
    assert answer.reason == reason
    assert answer.route == (None if covered else "a separate Professional Services agreement")


@pytest.mark.parametrize(
    "question", ["outages", "upgraded yesterday", "features", "customcode", "an incident", ""]
)
def test_part_of_a_word_or_phrase_is_no_match(question: str) -> None:
    answer = SCOPE.covers(question)
    assert answer == ScopeAnswer(
        question,
        False,
        "not named in the scope of support",
        None,
        "evaluated separately; may need a scoped engagement",
    )


def test_an_answer_names_the_activity_it_matched() -> None:
    assert SCOPE.covers("outage").activity is SCOPE.included[0]
    assert SCOPE.covers("feature").activity is SCOPE.excluded[0]


def test_exclusions_are_checked_before_inclusions() -> None:
    scope = Scope([Activity("Support", ["cluster"])], [Activity("Migration", ["cluster"])])
    assert not scope.covers("cluster").covered
    assert scope.covers("cluster").activity == Activity("Migration", ["cluster"])


def test_the_first_matching_activity_answers() -> None:
    scope = Scope([Activity("First", ["help"]), Activity("Second", ["help"])], [])
    assert scope.covers("help").reason == "included: First"


def test_an_unless_phrase_overrules_the_keywords() -> None:
    debugging = Activity(
        "App debugging", ["debug our app"], "unless the platform caused it", ["platform bug"]
    )
    assert debugging.unless == ("platform bug",)
    assert debugging.matches("please debug our app")
    assert not debugging.matches("please debug our app it is a platform bug")
    assert not debugging.matches("a platform bug")
    assert debugging.matches("debug our app platform bugs")  # whole phrases only
    assert str(debugging) == "App debugging (unless the platform caused it)"
    assert str(Activity("Plain")) == "Plain"


def test_phrases_must_be_texts_named_by_their_field() -> None:
    with pytest.raises(InvalidPolicyError, match=r"unless\[1\]"):
        Activity("x", unless=["ok", 3])  # type: ignore[list-item]
    with pytest.raises(InvalidPolicyError, match=r"keywords\[0\]"):
        Activity("x", [None])  # type: ignore[list-item]


def test_routes_are_the_scopes_own() -> None:
    scope = Scope([], [Activity("Audits")], excluded_route="the audit team", unlisted_route="ask")
    assert scope.covers("audits").route == "the audit team"
    assert scope.covers("coffee").route == "ask"


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        (ScopeAnswer("outage", True, "included: X"), "'outage': covered: included: X"),
        (
            ScopeAnswer("feature", False, "excluded: Y", None, "the SOW"),
            "'feature': not covered: excluded: Y; route: the SOW",
        ),
        (ScopeAnswer("z", False, "why", None, ""), "'z': not covered: why"),
    ],
)
def test_an_answer_in_words(answer: ScopeAnswer, text: str) -> None:
    assert str(answer) == text


def test_a_scope_holds_responsibilities_and_boundaries() -> None:
    scope = Scope(
        [],
        [],
        vendor_responsibilities=["fixes"],
        customer_responsibilities=["access"],
        boundaries={"managed": Boundary(["operations"], ["application code"])},
    )
    assert scope.vendor_responsibilities == ("fixes",)
    assert scope.customer_responsibilities == ("access",)
    assert scope.boundaries["managed"].covers == ("operations",)
    assert scope.boundaries["managed"].excludes == ("application code",)
    assert Boundary() == Boundary((), ())
    assert repr(SCOPE) == "Scope(2 included, 2 excluded)"
