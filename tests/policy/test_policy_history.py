"""A policy's history: which versions it accepts, and the version each question goes to."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from support_policy import (
    BusinessCalendar,
    InvalidPolicyError,
    NaiveDatetimeError,
    OutOfRangeError,
    Plan,
    Policy,
    PolicyVersion,
    SeverityScale,
    Target,
    UnknownPlanError,
)

WEEKDAYS = BusinessCalendar("UTC", {d: "09:00-17:00" for d in range(5)})
LEVELS = SeverityScale.of(("P1", "Critical"), ("P2", "Low"), default="P2")


def plan(name: str, target: str) -> Plan:
    return Plan(name, name.title(), "coverage", {"all": target})


def version(name: str, start: date | None, *plans: Plan, **kwargs: Any) -> PolicyVersion:
    return PolicyVersion(
        name,
        plans or [plan("basic", "8 business hours")],
        LEVELS,
        kwargs.pop("business_calendar", WEEKDAYS),
        effective_from=start,
        **kwargs,
    )


V2026 = version("2026", date(2026, 1, 1), plan("basic", "2 hours"), plan("gold", "1 hour"))
V2025 = version("2025", date(2025, 1, 1), plan("basic", "4 hours"), plan("silver", "3 hours"))
V2024 = version("2024", None, plan("basic", "8 hours"), plan("gold", "5 hours"))
POLICY = Policy([V2026, V2025, V2024])
DATED = Policy([V2026, V2025])

JUNE_2025 = datetime(2025, 6, 2, 10, tzinfo=UTC)  # a Monday
JUNE_2024 = datetime(2024, 6, 3, 10, tzinfo=UTC)  # a Monday
JUNE_2026 = datetime(2026, 6, 1, 10, tzinfo=UTC)  # a Monday


def problems(versions: Any) -> tuple[tuple[str, str], ...]:
    with pytest.raises(InvalidPolicyError) as caught:
        Policy(versions)
    return caught.value.problems


# -- which versions a policy accepts ----------------------------------------------------------


def test_one_version_is_a_policy() -> None:
    policy = Policy(V2024)
    assert policy.versions == (V2024,) and policy.latest is V2024
    assert Policy(V2026).as_of(JUNE_2026) is V2026


def test_a_policy_needs_a_version() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        Policy([])
    assert str(caught.value) == "a policy needs at least one version"


def test_a_policy_has_at_most_a_hundred_versions() -> None:
    dated = [version(str(i), date(2100, 1, 1) - timedelta(days=i)) for i in range(101)]
    assert len(Policy(dated[:100]).versions) == 100
    assert problems(dated) == (("versions", "at most 100 versions, not 101"),)


def test_a_policy_holds_only_versions() -> None:
    assert problems([V2026, "2025"]) == (("versions[1]", "not a PolicyVersion: '2025'"),)


def test_only_the_oldest_version_may_have_no_date() -> None:
    undated = version("undated", None)
    assert problems([V2026, undated, V2024]) == (
        ("versions[1].effective_from", "only the oldest version may leave it unset"),
    )
    assert problems([undated, V2025]) == (
        ("versions[0].effective_from", "only the oldest version may leave it unset"),
    )


@pytest.mark.parametrize("earlier", [date(2026, 1, 1), date(2026, 6, 1)])
def test_versions_come_newest_first(earlier: date) -> None:
    assert problems([V2026, version("x", earlier), V2024]) == (
        (
            "versions[1].effective_from",
            f"{earlier} must come before 2026-01-01, the date of the version after it "
            "(list versions newest first)",
        ),
    )


def test_every_ordering_problem_is_reported_at_once() -> None:
    assert [path for path, _ in problems([V2025, V2026, version("u", None), V2024])] == [
        "versions[1].effective_from",
        "versions[2].effective_from",
    ]


# -- the version in force ---------------------------------------------------------------------


def test_the_policy_is_named_after_its_newest_version() -> None:
    assert POLICY.name == "2026"
    assert POLICY.latest is V2026
    assert list(POLICY) == [V2026, V2025, V2024]
    assert repr(POLICY) == "Policy(versions=['2026', '2025', '2024'])"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2026, 1, 1, tzinfo=UTC), V2026),
        (datetime(2025, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC), V2025),
        (datetime(2025, 1, 1, tzinfo=UTC), V2025),
        (datetime(2024, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC), V2024),
        (datetime(1990, 1, 1, tzinfo=UTC), V2024),
    ],
)
def test_a_version_applies_from_the_first_instant_of_its_date(
    at: datetime, expected: PolicyVersion
) -> None:
    assert POLICY.as_of(at) is expected


def test_before_every_dated_version_nothing_is_in_force() -> None:
    assert DATED.as_of(datetime(2025, 1, 1, tzinfo=UTC)) is V2025
    with pytest.raises(OutOfRangeError) as caught:
        DATED.as_of(datetime(2024, 12, 31, 23, tzinfo=UTC))
    assert str(caught.value) == (
        "no version of '2026' was in force at 2024-12-31T23:00:00+00:00; "
        "the oldest took effect on 2025-01-01"
    )
    with pytest.raises(OutOfRangeError):
        DATED.deadline("basic", "P1", JUNE_2024)
    three = Policy([V2026, V2025, version("2023", date(2023, 3, 1))])
    with pytest.raises(OutOfRangeError, match=r"the oldest took effect on 2023-03-01$"):
        three.as_of(datetime(2023, 2, 28, tzinfo=UTC))


def test_the_instant_asked_must_be_an_aware_datetime() -> None:
    naive = datetime(2025, 6, 1)
    with pytest.raises(NaiveDatetimeError) as caught:
        POLICY.as_of(naive)
    assert caught.value.field == "the instant"
    assert caught.value.value is naive
    assert str(caught.value).startswith(f"the instant must be timezone-aware, got naive {naive!r}")
    with pytest.raises(NaiveDatetimeError) as caught:
        POLICY.as_of(datetime(2025, 6, 1), "opened_at")
    assert caught.value.field == "opened_at"
    with pytest.raises(TypeError) as wrong:
        POLICY.as_of(date(2025, 6, 1))  # type: ignore[arg-type]
    assert str(wrong.value) == "the instant must be a datetime, got date"
    with pytest.raises(TypeError) as wrong:
        POLICY.as_of("2025-06-01", "opened_at")  # type: ignore[arg-type]
    assert str(wrong.value) == "opened_at must be a datetime, got str"


# -- questions answered by the version in force -----------------------------------------------


def test_questions_without_an_instant_go_to_the_newest_version() -> None:
    assert POLICY.plan("gold") is V2026.plan("gold")
    assert POLICY.target("basic", "P1") == Target(2, "hours")
    assert POLICY.target("basic", None, at=JUNE_2025) == Target(4, "hours")
    assert POLICY.target("gold", "P1", "response", JUNE_2024) == Target(5, "hours")
    assert POLICY.plan("silver", at=JUNE_2025) is V2025.plan("silver")


def test_a_deadline_goes_to_the_version_in_force_at_submission() -> None:
    assert POLICY.deadline("basic", "P1", JUNE_2026) == JUNE_2026 + timedelta(hours=2)
    assert POLICY.deadline("basic", "P1", JUNE_2025) == JUNE_2025 + timedelta(hours=4)
    assert POLICY.response_deadline("basic", None, JUNE_2024) == JUNE_2024 + timedelta(hours=8)
    explanation = POLICY.explain("basic", "P2", JUNE_2025)
    assert explanation.version == "2025"
    assert explanation.due_at == JUNE_2025 + timedelta(hours=4)


def _message(ask: Any) -> str:
    with pytest.raises(UnknownPlanError) as caught:
        ask()
    return str(caught.value)


def test_an_unknown_plan_names_every_other_version_that_has_it() -> None:
    expected = (
        "unknown plan 'gold'; expected one of: 'basic', 'silver' ('2025', in force then, has "
        "no such plan; '2026' (from 2026-01-01) has it; '2024' has it)"
    )
    assert _message(lambda: POLICY.deadline("gold", "P1", JUNE_2025)) == expected
    assert _message(lambda: POLICY.explain("gold", "P1", JUNE_2025)) == expected
    assert _message(lambda: POLICY.plan("gold", at=JUNE_2025)) == expected
    assert _message(lambda: POLICY.target("gold", "P1", at=JUNE_2025)) == expected
    assert _message(lambda: POLICY.response_deadline("Gold", "P1", JUNE_2025)) == (
        expected.replace("'gold'; expected", "'Gold'; expected")
    )


def test_an_unknown_plan_of_the_newest_version_names_the_older_one() -> None:
    assert _message(lambda: POLICY.plan("silver")) == (
        "unknown plan 'silver'; expected one of: 'basic', 'gold' ('2026', in force then, has "
        "no such plan; '2025' (from 2025-01-01) has it)"
    )


def test_a_plan_no_version_has_is_named_plainly() -> None:
    plain = "unknown plan 'platinum'; expected one of: 'basic', 'gold'"
    assert _message(lambda: POLICY.deadline("platinum", "P1", JUNE_2026)) == plain
    assert _message(lambda: POLICY.explain("platinum", "P1", JUNE_2026)) == plain
    assert _message(lambda: POLICY.target("platinum", "P1")) == plain


# -- the whole history ------------------------------------------------------------------------


def test_another_business_calendar_for_every_version() -> None:
    nights = BusinessCalendar("UTC", {d: "18:00-22:00" for d in range(7)})
    moved = POLICY.with_business_calendar(nights)
    assert [v.name for v in moved] == ["2026", "2025", "2024"]
    assert all(v.business_calendar is nights for v in moved)
    assert [v.effective_from for v in moved] == [v.effective_from for v in POLICY]
    slow = Policy([version("2026", date(2026, 1, 1)), version("2025", None)])
    assert slow.with_business_calendar(nights).deadline("basic", "P1", JUNE_2026) == datetime(
        2026, 6, 2, 22, tzinfo=UTC
    )


def test_a_policy_for_the_renderer_is_its_newest_version_and_the_list_of_versions() -> None:
    record = POLICY.record()
    latest = V2026.record()
    assert record.title == latest.title and record.line == latest.line
    assert record.fields[:-1] == latest.fields
    assert record.fields[-1] == ("versions", [v.summary() for v in POLICY.versions])
    assert POLICY._repr_html_() == V2026._repr_html_()


def zoned(name: str, start: date, zone: str) -> PolicyVersion:
    return version(name, start, business_calendar=BusinessCalendar(zone, WEEKDAYS.hours))


@pytest.mark.parametrize(
    ("older", "utc"),
    [
        ("Pacific/Pago_Pago", "2026-01-02T11:00:00Z"),  # 25 hours behind: starts an hour later
        ("Pacific/Honolulu", "2026-01-02T10:00:00Z"),  # 24 hours behind: starts with it
    ],
)
def test_a_version_that_would_never_be_in_force_is_refused(older: str, utc: str) -> None:
    """A day later on the calendar, but in a zone a day or more ahead: the newer version
    would take effect no later than the older one, which ``as_of`` would never pick."""
    newer = zoned("new", date(2026, 1, 3), "Pacific/Kiritimati")
    assert problems([newer, zoned("old", date(2026, 1, 2), older)]) == (
        (
            "versions[1].effective_from",
            f"this version would never be in force: it takes effect at 00:00 on 2026-01-02 "
            f"in {older}, {utc}, but the version after it takes effect no later, at 00:00 on "
            "2026-01-03 in Pacific/Kiritimati, 2026-01-02T10:00:00Z (their time zones "
            "differ; date the newer version later, or drop this one)",
        ),
    )


def test_a_version_in_force_for_an_hour_is_kept() -> None:
    older = zoned("old", date(2026, 1, 2), "Pacific/Honolulu")  # 2026-01-02T10:00Z
    newer = zoned("new", date(2026, 1, 3), "Pacific/Tongatapu")  # 2026-01-02T11:00Z
    policy = Policy([newer, older])
    at = [datetime(2026, 1, 2, 9, 59, tzinfo=UTC) + timedelta(minutes=m) for m in (0, 1, 60, 61)]
    with pytest.raises(OutOfRangeError):
        policy.as_of(at[0])
    assert [policy.as_of(t).name for t in at[1:]] == ["old", "old", "new"]
