"""Closure rules (RRULEs): which are refused, which days they close, which weekdays they take."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from support_policy import InvalidCalendarError, RecurringClosure
from support_policy.calendars import recurrence
from support_policy.calendars.recurrence import weekdays_always


@pytest.fixture(autouse=True)
def fresh_rules() -> Iterator[None]:
    """Read every rule anew rather than reuse what an earlier test read."""
    recurrence._CACHE.clear()
    yield
    recurrence._CACHE.clear()


def dates(rule: str, first: int = 2026, last: int | None = None) -> list[date]:
    return RecurringClosure(rule, "closed").dates(first, first if last is None else last)


# -- days of the year -------------------------------------------------------------------------


def test_the_60th_day_of_the_year_is_the_first_of_march_in_common_years() -> None:
    assert dates("FREQ=YEARLY;BYYEARDAY=60;BYMONTH=3", 2024, 2027) == [
        date(2025, 3, 1),
        date(2026, 3, 1),
        date(2027, 3, 1),
    ]
    assert dates("FREQ=YEARLY;BYYEARDAY=60;BYMONTH=2", 2024, 2025) == [date(2024, 2, 29)]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=YEARLY;BYYEARDAY=1;BYMONTH=1", date(2026, 1, 1)),
        ("FREQ=YEARLY;BYYEARDAY=-1;BYMONTH=12", date(2026, 12, 31)),
        ("FREQ=YEARLY;BYYEARDAY=-365;BYMONTH=1", date(2026, 1, 1)),
        ("FREQ=YEARLY;BYYEARDAY=32;BYMONTH=2", date(2026, 2, 1)),
        ("FREQ=YEARLY;BYYEARDAY=-32;BYMONTH=11", date(2026, 11, 30)),
    ],
)
def test_days_of_the_year_that_fall_in_their_month_are_kept(rule: str, expected: date) -> None:
    assert dates(rule) == [expected]


def test_days_of_the_year_only_leap_years_have() -> None:
    assert dates("FREQ=YEARLY;BYYEARDAY=366;BYMONTH=12", 2024, 2028) == [
        date(2024, 12, 31),
        date(2028, 12, 31),
    ]
    assert dates("FREQ=YEARLY;BYYEARDAY=-366;BYMONTH=1", 2024, 2028) == [
        date(2024, 1, 1),
        date(2028, 1, 1),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYYEARDAY=1;BYMONTH=2",
        "FREQ=YEARLY;BYYEARDAY=-1;BYMONTH=11",
        "FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1",
        "FREQ=YEARLY;BYYEARDAY=-366;BYMONTH=2",
        "FREQ=YEARLY;BYYEARDAY=61;BYMONTH=2",
    ],
)
def test_days_of_the_year_outside_their_month_are_refused(rule: str) -> None:
    with pytest.raises(InvalidCalendarError, match=r"BYYEARDAY=\[-?\d+\] never falls in BYMONTH="):
        RecurringClosure(rule, "closed")


# -- parts, their ranges and their frequencies ---------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=YEARLY;BYMONTH=0", r"BYMONTH=0 can never match; it takes 1\.\.12"),
        ("FREQ=YEARLY;BYMONTH=-1", r"BYMONTH=-1 can never match; it takes 1\.\.12"),
        ("FREQ=YEARLY;BYMONTHDAY=-32", r"BYMONTHDAY=-32 can never match; it takes ±1\.\.31"),
        ("FREQ=YEARLY;BYYEARDAY=367", r"BYYEARDAY=367 can never match; it takes ±1\.\.366"),
        ("FREQ=YEARLY;BYWEEKNO=54", r"BYWEEKNO=54 can never match; it takes ±1\.\.53"),
        ("FREQ=YEARLY;BYDAY=MO;BYSETPOS=0", r"BYSETPOS=0 can never match; it takes ±1\.\.366"),
        ("FREQ=DAILY;BYHOUR=24", r"BYHOUR=24 can never match; it takes 0\.\.23"),
        ("FREQ=DAILY;BYMINUTE=60", r"BYMINUTE=60 can never match; it takes 0\.\.59"),
        ("FREQ=DAILY;BYSECOND=60", r"BYSECOND=60 can never match; it takes 0\.\.59"),
        ("FREQ=YEARLY;INTERVAL=0", r"INTERVAL=0 must be within 1\.\.1000"),
        ("FREQ=YEARLY;INTERVAL=1001", r"INTERVAL=1001 must be within 1\.\.1000"),
        ("FREQ=YEARLY;COUNT=0", r"COUNT=0 must be within 1\.\.10000"),
        ("FREQ=YEARLY;BYMONTH=1,x", r"BYMONTH=1,x must list whole numbers"),
        ("FREQ=YEARLY;BYMONTH=1234567", r"BYMONTH=1234567 must list whole numbers"),
        ("FREQ=MONTHLY;BYWEEKNO=1", r"BYWEEKNO cannot go with FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYYEARDAY=1", r"BYYEARDAY cannot go with FREQ=MONTHLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", r"BYMONTHDAY cannot go with FREQ=WEEKLY"),
        ("FREQ=DAILY;BYSETPOS=1", r"BYSETPOS cannot go with FREQ=DAILY"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", r"BYMONTHDAY=\[30\] never falls in BYMONTH=\[2\]"),
        (
            "FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=-31",
            r"BYMONTHDAY=\[-31\] never falls in BYMONTH=\[4, 6\]",
        ),
        ("FREQ=MINUTELY", "a closure rule must repeat daily or less often"),
        ("FREQ=SECONDLY", "a closure rule must repeat daily or less often"),
        (
            "DTSTART;TZID=Europe/Oslo:20260101T000000\nRRULE:FREQ=YEARLY",
            "DTSTART must be a local date or date-time, without a zone",
        ),
        (
            "RRULE:FREQ=YEARLY\nEXDATE:20270101T000000Z",
            "RDATE and EXDATE must be local dates or date-times, without a zone",
        ),
        (
            "RDATE:20270101T000000Z",
            "RDATE and EXDATE must be local dates or date-times, without a zone",
        ),
        ("EXDATE:20270101", "a closure needs an RRULE line \\(or RDATE dates\\)"),
        ("FREQ=YEARLY;UNTIL=18991231", "it never occurs between 1900 and 2200"),
        ("x" * 2_001, "a rule may be 2,000 characters long, not 2,001"),
    ],
)
def test_rules_that_cannot_close_whole_days_are_refused(rule: str, message: str) -> None:
    with pytest.raises(InvalidCalendarError) as caught:
        RecurringClosure(rule, "closed")
    text = str(caught.value)
    assert text.startswith("not a closure rule ")
    assert text.endswith("; write e.g. 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24'")
    reason = text[: -len("; write e.g. 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24'")].split("': ", 1)[1]
    assert re.fullmatch(message, reason), reason


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", [date(2026, 12, 31)]),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", []),  # 2026 is no leap year, 2028 is
        ("FREQ=MONTHLY;BYMONTH=6;BYMONTHDAY=30", [date(2026, 6, 30)]),
        ("freq=yearly;bymonth=5;bymonthday=1", [date(2026, 5, 1)]),
        ("FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH", [date(2026, 12, 31)]),  # 2026 has 53 ISO weeks
        ("FREQ=YEARLY;BYWEEKNO=-1;BYDAY=MO", [date(2026, 12, 28)]),
        ("FREQ=YEARLY;BYDAY=MO;BYSETPOS=-1", [date(2026, 12, 28)]),
        ("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1;BYMONTH=3", [date(2026, 3, 2)]),
        ("FREQ=DAILY;BYHOUR=23;BYMINUTE=59;BYSECOND=59;BYMONTH=1;BYMONTHDAY=1", [date(2026, 1, 1)]),
        ("FREQ=YEARLY;INTERVAL=1000", []),
        ("FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4;COUNT=10000", [date(2026, 7, 4)]),
        ("RRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=2", [date(2026, 1, 2)]),
        ("RDATE:20260704", [date(2026, 7, 4)]),
        ("DTSTART:20260101\nRRULE:FREQ=DAILY;COUNT=2", [date(2026, 1, 1), date(2026, 1, 2)]),
        (
            "RRULE:FREQ=DAILY;BYMONTH=1;BYMONTHDAY=1,2\nEXRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1",
            [date(2026, 1, 2)],
        ),
        ("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1\nEXDATE:20260101T000000", []),
    ],
)
def test_rules_that_close_whole_days_give_their_dates(rule: str, expected: list[date]) -> None:
    assert dates(rule) == expected


def test_a_rule_counts_from_1900_when_it_has_no_start() -> None:
    # Every 1000 years from 1900: 2200 is not one of them, but 1900 is.
    assert RecurringClosure("FREQ=YEARLY;INTERVAL=1000", "x").dates(1900, 2200) == [
        date(1900, 1, 1)
    ]
    every_third = RecurringClosure("FREQ=YEARLY;INTERVAL=3;BYMONTH=5;BYMONTHDAY=1", "x")
    assert every_third.dates(2026, 2031) == [date(2026, 5, 1), date(2029, 5, 1)]
    counted = RecurringClosure("FREQ=YEARLY;COUNT=2;BYMONTH=5;BYMONTHDAY=1", "x")
    assert counted.dates(1900, 2200) == [date(1900, 5, 1), date(1901, 5, 1)]


def test_dates_before_1900_and_after_2200_are_never_given() -> None:
    rule = "DTSTART:18990101\nRRULE:FREQ=YEARLY;UNTIL=22500101"
    closure = RecurringClosure(rule, "new year")
    assert closure.dates(1900, 1900) == [date(1900, 1, 1)]
    assert closure.dates(2200, 2200) == [date(2200, 1, 1)]
    assert len(closure.dates(1900, 2200)) == 301


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1;BYHOUR=8,9",
        "FREQ=DAILY;BYDAY=WE;BYMINUTE=0,30",
        "EXRULE:FREQ=DAILY;BYSECOND=1,2\nRRULE:FREQ=WEEKLY;BYDAY=MO",
        # Every second of every Wednesday: 86,400 moments a day, a walk of hours from 1900.
        "FREQ=DAILY;BYDAY=WE;BYHOUR="
        + ",".join(map(str, range(24)))
        + ";BYMINUTE="
        + ",".join(map(str, range(60)))
        + ";BYSECOND="
        + ",".join(map(str, range(60))),
    ],
)
def test_a_rule_giving_several_times_a_day_is_refused(rule: str) -> None:
    with pytest.raises(InvalidCalendarError, match=r"may give one value in a closure rule"):
        RecurringClosure(rule, "training")


def test_one_time_of_day_names_its_day() -> None:
    assert dates("RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1;BYHOUR=9") == [date(2026, 3, 1)]


def test_rules_answer_years_in_any_order() -> None:
    closure = RecurringClosure("FREQ=MONTHLY;BYDAY=1MO", "training")
    later = closure.dates(2030, 2030)
    earlier = closure.dates(2026, 2026)
    assert earlier[0] == date(2026, 1, 5) and len(earlier) == 12
    assert later[0] == date(2030, 1, 7) and len(later) == 12
    assert closure.dates(2026, 2030)[:12] == earlier and closure.dates(2026, 2030)[-12:] == later


def test_a_long_rule_message_is_shortened() -> None:
    rule = "FREQ=YEARLY;BYMONTH=13;" + "X-NAME=" + "y" * 100
    with pytest.raises(InvalidCalendarError) as caught:
        RecurringClosure(rule, "closed")
    assert f"not a closure rule {rule[:77] + '...'!r}: BYMONTH=13 can never match" in str(
        caught.value
    )


@pytest.mark.parametrize("rule", [None, "", "   ", 5])
def test_a_rule_must_be_text(rule: object) -> None:
    with pytest.raises(InvalidCalendarError, match=r"^a recurrence rule must be RRULE text, got "):
        RecurringClosure(rule, "closed")


# -- weekdays a rule closes every week ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "weekdays"),
    [
        ("FREQ=DAILY", {0, 1, 2, 3, 4, 5, 6}),
        (" freq=daily ", {0, 1, 2, 3, 4, 5, 6}),
        ("FREQ=DAILY;INTERVAL=1", {0, 1, 2, 3, 4, 5, 6}),
        ("FREQ=WEEKLY", {0}),
        ("FREQ=WEEKLY;BYDAY=SA,SU", {5, 6}),
        ("FREQ=WEEKLY;byday=tu", {1}),
        ("FREQ=DAILY;BYDAY=MO,FR", {0, 4}),
        ("FREQ=DAILY;INTERVAL=2", set()),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", set()),
        ("FREQ=MONTHLY;BYDAY=MO", set()),
        ("FREQ=WEEKLY;BYDAY=1MO", set()),
        ("FREQ=WEEKLY;BYDAY=MO;COUNT=3", set()),
        ("FREQ=WEEKLY;BYDAY=MO;BYMONTH=1", set()),
        ("RRULE:FREQ=DAILY", {0, 1, 2, 3, 4, 5, 6}),
        ("rrule:FREQ=WEEKLY;BYDAY=SA", {5}),
        ("FREQ=DAILY;WKST=MO", {0, 1, 2, 3, 4, 5, 6}),
        ("FREQ=WEEKLY;BYDAY=MO,TU;WKST=SU", {0, 1}),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;WKST=SU", set()),
        ("RRULE:FREQ=DAILY\nEXDATE:20260101", set()),
        ("RRULE:", set()),
        ("DTSTART:20260101\nRRULE:FREQ=DAILY", set()),
        ("FREQ=YEARLY", set()),
    ],
)
def test_the_weekdays_a_rule_closes_every_week(rule: str, weekdays: set[int]) -> None:
    assert weekdays_always(rule) == weekdays


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("rrule:freq=yearly;bymonth=5;bymonthday=1", [date(2026, 5, 1)]),
        ("rdate:20260704", [date(2026, 7, 4)]),
        ("dtstart:20260101\nrrule:freq=daily;count=2", [date(2026, 1, 1), date(2026, 1, 2)]),
        ("DTSTART:20260101\n\n  \nRRULE:FREQ=DAILY;COUNT=2", [date(2026, 1, 1), date(2026, 1, 2)]),
    ],
)
def test_rules_are_read_in_either_case_and_across_blank_lines(
    rule: str, expected: list[date]
) -> None:
    assert dates(rule) == expected


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=YEARLY;bymonth=13", "BYMONTH=13 can never match"),
        ("freq=monthly;byweekno=1", "BYWEEKNO cannot go with FREQ=MONTHLY"),
        ("RRULE:FREQ=DAILY\nEXRULE:FREQ=YEARLY;BYMONTH=13", "BYMONTH=13 can never match"),
        ("RRULE:FREQ=DAILY\nEXRULE:FREQ=HOURLY", "a closure rule must repeat daily or less often"),
        ("rrule:freq=yearly;bymonth=0", "BYMONTH=0 can never match"),
    ],
)
def test_every_rule_line_is_checked_in_either_case(rule: str, message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=message):
        RecurringClosure(rule, "closed")


def test_the_last_second_of_2200_is_still_a_closed_day() -> None:
    rule = "FREQ=DAILY;BYHOUR=23;BYMINUTE=59;BYSECOND=59;BYMONTH=12;BYMONTHDAY=31"
    assert dates(rule, 2200) == [date(2200, 12, 31)]
    assert dates(rule, 2199, 2200) == [date(2199, 12, 31), date(2200, 12, 31)]


def test_a_rule_of_exactly_the_longest_length_is_read() -> None:
    base = "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1"
    assert dates(base + ";" * (2_000 - len(base))) == [date(2026, 1, 1)]
    with pytest.raises(InvalidCalendarError, match="2,000 characters long, not 2,001"):
        RecurringClosure(base + ";" * (2_001 - len(base)), "closed")


def test_a_positive_sign_is_read() -> None:
    assert dates("FREQ=YEARLY;BYMONTH=+3;BYMONTHDAY=+1") == [date(2026, 3, 1)]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=DAILY;BYHOUR=0;BYMINUTE=0;BYSECOND=0;BYMONTH=1;BYMONTHDAY=1", [date(2026, 1, 1)]),
        ("FREQ=MONTHLY;BYMONTHDAY=31", [date(2026, m, 31) for m in (1, 3, 5, 7, 8, 10, 12)]),
        ("FREQ=MONTHLY;BYMONTHDAY=-31", [date(2026, m, 1) for m in (1, 3, 5, 7, 8, 10, 12)]),
        ("FREQ=YEARLY;BYYEARDAY=1", [date(2026, 1, 1)]),
        ("FREQ=YEARLY;BYYEARDAY=-1", [date(2026, 12, 31)]),
        (
            "EXRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1\nRRULE:FREQ=DAILY;BYMONTH=1;BYMONTHDAY=1,2",
            [date(2026, 1, 2)],
        ),
    ],
)
def test_rules_without_a_month_or_that_start_with_an_exception(
    rule: str, expected: list[date]
) -> None:
    assert dates(rule) == expected


def test_an_exception_alone_closes_nothing_and_is_refused() -> None:
    with pytest.raises(
        InvalidCalendarError, match=r"a closure needs an RRULE line \(or RDATE dates\)"
    ):
        RecurringClosure("EXRULE:FREQ=DAILY", "closed")


def test_a_refused_rule_of_up_to_80_characters_is_shown_whole() -> None:
    for length in (80, 81):
        rule = "FREQ=YEARLY;BYMONTH=13;X-NAME=" + "y" * (length - 30)
        assert len(rule) == length
        with pytest.raises(InvalidCalendarError) as caught:
            RecurringClosure(rule, "closed")
        shown = rule if length == 80 else rule[:77] + "..."
        assert str(caught.value).startswith(f"not a closure rule {shown!r}: BYMONTH=13 can never")
