"""Response targets: the amounts and units they accept, the time they allow, their words."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from support_policy import (
    BusinessCalendar,
    InvalidTargetError,
    RoundTheClock,
    Target,
    TargetUnit,
    stakater_business_calendar,
)
from support_policy.render import Record

CALENDAR = stakater_business_calendar()
ALL_UNITS = "hours, business_hours, business_days"


# -- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("hours", TargetUnit.HOURS),
        ("hour", TargetUnit.HOURS),
        (" HOURS ", TargetUnit.HOURS),
        ("business_hours", TargetUnit.BUSINESS_HOURS),
        ("business hours", TargetUnit.BUSINESS_HOURS),
        ("Business-Hour", TargetUnit.BUSINESS_HOURS),
        ("business  \t hour", TargetUnit.BUSINESS_HOURS),
        ("business_days", TargetUnit.BUSINESS_DAYS),
        ("business day", TargetUnit.BUSINESS_DAYS),
        ("Business-Days", TargetUnit.BUSINESS_DAYS),
        (TargetUnit.BUSINESS_DAYS, TargetUnit.BUSINESS_DAYS),
    ],
)
def test_a_unit_reads_in_its_usual_spellings(text: object, unit: TargetUnit) -> None:
    assert TargetUnit.parse(text) is unit


@pytest.mark.parametrize("text", ["days", "weeks", "business", "hourss", "", 8, None])
def test_any_other_unit_is_refused_with_the_choices(text: object) -> None:
    with pytest.raises(InvalidTargetError) as caught:
        TargetUnit.parse(text)
    assert str(caught.value) == f"{text!r} is not one of: {ALL_UNITS}"
    assert caught.value.field == "unit"


def test_only_plain_hours_run_round_the_clock() -> None:
    assert [u.round_the_clock for u in TargetUnit] == [True, False, False]
    assert Target(1, "hours").round_the_clock
    assert not Target(1, "business hours").round_the_clock
    assert not Target(1, "business days").round_the_clock


# -- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (8, Fraction(8)),
        ("8", Fraction(8)),
        (" 8 ", Fraction(8)),
        ("0.5", Fraction(1, 2)),
        ("1/3", Fraction(1, 3)),
        (0.1, Fraction(1, 10)),  # one tenth, not the binary float nearest to it
        (Decimal("0.25"), Fraction(1, 4)),
        (Fraction(3, 2), Fraction(3, 2)),
        (1_000_000, Fraction(1_000_000)),
        ("1000000", Fraction(1_000_000)),
        (Fraction(1, 1_000_000), Fraction(1, 1_000_000)),
        ("1/1000000", Fraction(1, 1_000_000)),
        ("0.000001", Fraction(1, 1_000_000)),
        ("9999999/9999999", Fraction(1)),
    ],
)
def test_an_amount_is_read_exactly(value: object, amount: Fraction) -> None:
    assert Target(value, "hours").amount == amount


def _refused(value: object) -> str:
    with pytest.raises(InvalidTargetError) as caught:
        Target(value, "hours")
    assert caught.value.field == "amount"
    return str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        "eight",
        "1e3",
        "8.1234567",
        "12345678",
        "1/0",
        "-1",
        "",
        None,
        [8],
        float("nan"),
        float("inf"),
        Decimal("NaN"),
    ],
)
def test_what_is_not_a_number_is_refused(value: object) -> None:
    assert _refused(value).startswith("a target amount must be a number such as 8, 0.5 or '1/3'")


@pytest.mark.parametrize("value", [0, "0", 0.0, -1, Fraction(-1, 2), "0/5"])
def test_an_amount_must_be_positive(value: object) -> None:
    assert _refused(value) == f"a target amount must be positive, got {value!r}"


@pytest.mark.parametrize(
    "value", [1_000_001, -1_000_001, 1e7, Decimal("1000000.5"), "1000001", "9999999/2"]
)
def test_an_amount_above_a_million_is_refused(value: object) -> None:
    assert _refused(value) == f"a target amount must be at most 1,000,000, got {value!r}"


@pytest.mark.parametrize("value", [Fraction(1, 1_000_001), "1/1000001", Decimal("1e-7")])
def test_an_amount_finer_than_a_millionth_is_refused(value: object) -> None:
    assert _refused(value) == f"a target amount must be a multiple of one millionth, got {value!r}"


# -- parsing a whole target -------------------------------------------------------------------


def test_a_target_reads_from_its_words() -> None:
    assert Target.parse("8 business hours") == Target(8, TargetUnit.BUSINESS_HOURS)
    assert Target.parse("  1 hour ") == Target(1, TargetUnit.HOURS)
    assert Target.parse("1.5 business days") == Target(Fraction(3, 2), TargetUnit.BUSINESS_DAYS)


def test_a_target_without_a_unit_is_refused_with_an_example() -> None:
    with pytest.raises(InvalidTargetError) as caught:
        Target.parse("8")
    assert str(caught.value) == "not a target '8'; write it as e.g. '8 business hours'"


# -- the time a target allows -----------------------------------------------------------------


@given(st.integers(1, 10_000))
def test_hours_of_either_kind_do_not_depend_on_the_calendar(hours: int) -> None:
    for unit in ("hours", "business hours"):
        target = Target(hours, unit)
        assert target.duration_on(None) == timedelta(hours=hours)
        assert target.duration_on(CALENDAR) == timedelta(hours=hours)
        assert target.duration_on(RoundTheClock()) == timedelta(hours=hours)


@given(st.integers(1, 1000), st.integers(1, 24 * 60))
def test_business_days_are_the_calendars_business_day(days: int, minutes: int) -> None:
    calendar = BusinessCalendar("UTC", {0: "09:00-17:00"}, business_day=timedelta(minutes=minutes))
    target = Target(days, "business days")
    assert target.duration_on(calendar) == days * timedelta(minutes=minutes)
    assert target.duration_on(RoundTheClock()) == timedelta(days=days)


def test_a_fraction_of_a_business_day_is_that_fraction_of_its_hours() -> None:
    assert Target("1/2", "business days").duration_on(CALENDAR) == timedelta(hours=4)
    assert Target("0.25", "hours").duration_on(None) == timedelta(minutes=15)


def test_business_days_need_a_calendar() -> None:
    with pytest.raises(InvalidTargetError) as caught:
        Target(2, "business days").duration_on(None)
    assert str(caught.value) == "2 business days needs a calendar to know a day's length"


def test_a_target_must_come_to_whole_microseconds() -> None:
    assert Target("1/3", "hours").duration_on(None) == timedelta(minutes=20)
    with pytest.raises(InvalidTargetError, match=r"is not a whole number of microseconds$"):
        Target(Fraction(1, 7), "hours").duration_on(None)
    with pytest.raises(InvalidTargetError, match=r"^0\.142857"):
        Target(Fraction(1, 7), "business hours").duration_on(CALENDAR)


# -- words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (Target(1, "hours"), "1 hour"),
        (Target(2, "hours"), "2 hours"),
        (Target("0.5", "hours"), "0.5 hours"),
        (Target(1, "business hours"), "1 business hour"),
        (Target(8, "business hours"), "8 business hours"),
        (Target(1, "business days"), "1 business day"),
        (Target(3, "business days"), "3 business days"),
        (Target("1.5", "business days"), "1.5 business days"),
        (Target(1_000_000, "hours"), "1000000 hours"),
    ],
)
def test_a_target_in_words(target: Target, text: str) -> None:
    assert str(target) == text
    assert repr(target) == f"Target('{text}')"
    assert Target.parse(text) == target


def test_a_target_for_the_renderer() -> None:
    target = Target(8, "business hours")
    assert target.record() == Record(
        "8 business hours",
        (
            ("amount", Fraction(8)),
            ("unit", TargetUnit.BUSINESS_HOURS),
            ("text", "8 business hours"),
        ),
        "8 business hours",
    )


@pytest.mark.parametrize("amount", [Decimal("sNaN"), Decimal("NaN"), Decimal("-Infinity")])
def test_a_decimal_that_is_no_number_is_refused_as_a_target(amount: Decimal) -> None:
    with pytest.raises(InvalidTargetError, match="a target amount must be a number"):
        Target(amount, "hours")
