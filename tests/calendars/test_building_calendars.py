"""Building a business calendar: what each argument accepts, its limits, and its defaults."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    InvalidCalendarError,
    OutOfRangeError,
    PartialClosure,
    PublicHolidays,
    RecurringClosure,
    WeeklyHours,
)

HOURS = {"mon-fri": "09:00-17:00"}
NEW_YEAR = date(2027, 1, 1)


def build(**kwargs: object) -> BusinessCalendar:
    return BusinessCalendar("UTC", kwargs.pop("hours", HOURS), **kwargs)  # type: ignore[arg-type]


# -- extra closed and open dates ----------------------------------------------------------------


def test_closed_dates_given_as_a_list_close_for_a_plain_reason_and_are_kept_in_order() -> None:
    calendar = build(closed_dates=[date(2026, 12, 2), date(2026, 12, 1)])
    assert dict(calendar.closed_dates) == {date(2026, 12, 1): "closed", date(2026, 12, 2): "closed"}
    assert list(calendar.closed_dates) == [date(2026, 12, 1), date(2026, 12, 2)]
    assert calendar.closed_on(date(2026, 12, 1)) == "closed"


def test_open_dates_are_kept_in_order_with_their_windows() -> None:
    calendar = build(
        open_dates={date(2026, 12, 6): "10:00-11:00", date(2026, 12, 5): "12:00-13:00"}
    )
    assert list(calendar.open_dates) == [date(2026, 12, 5), date(2026, 12, 6)]
    assert str(calendar.open_dates[date(2026, 12, 5)][0]) == "12:00-13:00"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"closed_dates": [date(2000, 1, 1) + timedelta(days=i) for i in range(20_001)]},
            r"^at most 20,000 extra closed dates, not 20,001$",
        ),
        (
            {
                "open_dates": {
                    date(2000, 1, 1) + timedelta(days=i): "10:00-11:00" for i in range(20_001)
                }
            },
            r"^at most 20,000 extra open dates, not 20,001$",
        ),
        (
            {"closed_dates": ["2026-12-01"]},
            r"^closed dates must be datetime.date values, got '2026-12-01'$",
        ),
        ({"closed_dates": [datetime(2026, 12, 1)]}, r"^closed dates must be datetime.date values"),
        (
            {"closed_dates": {date(2026, 12, 1): ""}},
            r"^the reason for closing on 2026-12-01 must be a text$",
        ),
        (
            {"closed_dates": {date(2026, 12, 1): 5}},
            r"^the reason for closing on 2026-12-01 must be a text$",
        ),
        (
            {"open_dates": {"2026-12-05": "10:00-11:00"}},
            r"^open dates must be datetime.date values",
        ),
        (
            {"open_dates": {datetime(2026, 12, 5): "10:00-11:00"}},
            r"^open dates must be datetime.date",
        ),
        (
            {"open_dates": {date(2026, 12, 5): ""}},
            r"^the open date 2026-12-05 needs at least one window$",
        ),
        (
            {"open_dates": {date(2026, 12, 5): [f"{h:02d}:00-{h:02d}:30" for h in range(9)]}},
            r"^at most 8 windows on 2026-12-05, not 9$",
        ),
        (
            {"recurring_closures": [RecurringClosure("FREQ=YEARLY", "x")] * 101},
            r"^at most 100 recurring closures, not 101$",
        ),
        (
            {"partial_closures": [PartialClosure("12:00", "x", dates=[NEW_YEAR])] * 101},
            r"^at most 100 partial closures, not 101$",
        ),
        ({"recurring_closures": ["FREQ=YEARLY"]}, r"^not a RecurringClosure: 'FREQ=YEARLY'$"),
        ({"partial_closures": ["12:00"]}, r"^not a PartialClosure: '12:00'$"),
        ({"business_day": timedelta(0)}, r"^business_day must be a positive timedelta of "),
        ({"business_day": -timedelta(hours=1)}, r"^business_day must be a positive timedelta"),
        ({"business_day": 8}, r"^business_day must be .* of whole seconds, got 8$"),
        (  # a policy file writes whole seconds: read back, it would be another calendar
            {"business_day": timedelta(hours=8, milliseconds=500)},
            r"^business_day must be a positive timedelta of whole seconds, got ",
        ),
        ({"holidays": 42}, r"^holidays must be PublicHolidays\(...\), a country code such as 'SE'"),
    ],
)
def test_what_a_calendar_refuses(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=message):
        build(**kwargs)


def test_the_limits_themselves_are_allowed() -> None:
    many = [date(2000, 1, 1) + timedelta(days=i) for i in range(20_000)]
    assert len(build(closed_dates=many).closed_dates) == 20_000
    assert (
        len(
            build(
                recurring_closures=[RecurringClosure("FREQ=YEARLY", "x")] * 100
            ).recurring_closures
        )
        == 100
    )
    eight = [f"{h:02d}:00-{h:02d}:30" for h in range(8)]
    assert len(build(open_dates={date(2026, 12, 5): eight}).open_dates[date(2026, 12, 5)]) == 8


# -- zone, hours and holidays ----------------------------------------------------------------------


def test_a_zone_is_given_by_name_or_as_a_zoneinfo_and_kept_as_its_name() -> None:
    assert BusinessCalendar(ZoneInfo("Europe/Oslo"), HOURS).timezone == "Europe/Oslo"
    assert BusinessCalendar("Europe/Oslo", HOURS) == BusinessCalendar(
        ZoneInfo("Europe/Oslo"), HOURS
    )
    with pytest.raises(InvalidCalendarError, match=r"^a time zone must be an IANA name, got 5$"):
        BusinessCalendar(5, HOURS)
    with pytest.raises(InvalidCalendarError, match=r"^unknown time zone 'Europe/Atlantis'"):
        BusinessCalendar("Europe/Atlantis", HOURS)


def test_hours_are_weekly_hours_or_a_mapping_of_them() -> None:
    hours = WeeklyHours.parse(HOURS)
    assert BusinessCalendar("UTC", hours).hours is hours
    assert BusinessCalendar("UTC", HOURS).hours == hours


def test_holidays_are_public_holidays_a_country_code_or_none() -> None:
    sweden = PublicHolidays("SE")
    assert BusinessCalendar("UTC", HOURS, sweden).holidays is sweden
    assert BusinessCalendar("UTC", HOURS, "SE").holidays == sweden
    assert BusinessCalendar("UTC", HOURS, None).holidays is None
    assert BusinessCalendar("UTC", HOURS).supported_years == (1900, 2200)
    assert BusinessCalendar("UTC", HOURS, "SE").supported_years == (1953, 2100)


def test_an_unknown_subdivision_or_category_is_refused_with_a_hint() -> None:
    hint = (
        " (use an ISO 3166 code the 'holidays' package supports, e.g. 'SE', and"
        " categories such as 'public')"
    )
    with pytest.raises(InvalidCalendarError) as caught:
        PublicHolidays("DE", "XX")
    assert str(caught.value).startswith(
        "cannot use public holidays of country 'DE' subdivision 'XX' categories ['public']: "
    )
    assert str(caught.value).endswith(hint)
    with pytest.raises(
        InvalidCalendarError, match=r"^holiday categories must be names such as 'public', got 5$"
    ):
        PublicHolidays("SE", categories=5)  # type: ignore[arg-type]


def test_a_subdivision_has_its_own_holidays() -> None:
    from support_policy.calendars import closures

    closures._year_names.cache_clear()  # read the package anew
    bavaria = PublicHolidays("DE", "BY").names(2026)
    berlin = PublicHolidays("DE", "BE").names(2026)
    assert date(2026, 1, 6) in bavaria and date(2026, 1, 6) not in berlin
    assert date(2026, 3, 8) in berlin and date(2026, 3, 8) not in bavaria
    assert {d.year for d in bavaria} == {2026}


# -- the nominal business day ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "day"),
    [
        ({"mon-thu": "08:00-17:00", "fri": "08:00-15:00"}, timedelta(hours=9)),
        ({"mon": "09:00-17:00", "tue": "09:00-15:00"}, timedelta(hours=8)),  # a tie: the longer
        ({"mon": "09:00-15:00", "tue": "09:00-17:00"}, timedelta(hours=8)),
        ({"mon-tue": "09:00-12:00", "wed": "09:00-17:00"}, timedelta(hours=3)),
        ({"mon": "09:00-12:00, 13:00-17:30"}, timedelta(hours=7, minutes=30)),
    ],
)
def test_the_business_day_is_the_most_common_daily_total(
    hours: dict[str, str], day: timedelta
) -> None:
    assert BusinessCalendar("UTC", hours).business_day == day


def test_the_business_day_of_a_calendar_open_only_on_extra_dates() -> None:
    calendar = BusinessCalendar(
        "UTC", {}, open_dates={date(2026, 6, 1): "10:00-12:00, 13:00-14:00"}
    )
    assert calendar.business_day == timedelta(hours=3)


def test_a_given_business_day_is_kept() -> None:
    assert build(business_day=timedelta(hours=6)).business_day == timedelta(hours=6)


# -- calendars that could never open ---------------------------------------------------------------


def test_early_closings_before_every_opening_make_a_calendar_that_never_opens() -> None:
    never = r"^this calendar is never open: its closures take every day its weekly hours open$"
    with pytest.raises(InvalidCalendarError, match=never):
        build(
            hours={"mon-fri": "09:00-12:00, 13:00-17:00"},
            partial_closures=[PartialClosure("09:00", "shut", rule="FREQ=DAILY")],
        )
    with pytest.raises(InvalidCalendarError, match="never open"):
        build(
            hours={"sat": "10:00-12:00"},
            recurring_closures=[RecurringClosure("FREQ=WEEKLY;BYDAY=SA", "shut")],
        )


@pytest.mark.parametrize(
    "rule",
    ["RRULE:FREQ=DAILY", "FREQ=DAILY;WKST=MO", "rrule:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;WKST=SU"],
)
def test_every_spelling_of_an_every_day_rule_is_refused_when_built(rule: str) -> None:
    with pytest.raises(InvalidCalendarError, match="never open"):
        build(recurring_closures=[RecurringClosure(rule, "shut")])


def test_a_calendar_found_never_open_only_when_asked_says_so() -> None:
    # Every month by name: the same days as FREQ=DAILY, in a form not read statically.
    months = ",".join(str(m) for m in range(1, 13))
    calendar = build(recurring_closures=[RecurringClosure(f"FREQ=DAILY;BYMONTH={months}", "x")])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(OutOfRangeError, match=r"after the end .*: the calendar is never open from"):
        calendar.add(start, timedelta(hours=1))
    with pytest.raises(OutOfRangeError, match=r"before the start .*: the calendar is never open"):
        calendar.subtract(start, timedelta(hours=1))
    with pytest.raises(OutOfRangeError, match=r"after the end .*2200-12-31 \(local dates\)$"):
        build().add(start, timedelta(days=365 * 180))  # open, but not for that long


def test_a_calendar_that_some_day_a_week_stays_open_is_kept() -> None:
    calendar = build(
        hours={"mon-fri": "09:00-12:00, 13:00-17:00"},
        partial_closures=[PartialClosure("13:00", "short", rule="FREQ=DAILY")],
    )
    monday = datetime(2026, 11, 30, tzinfo=UTC)
    assert calendar.elapsed(monday, monday + timedelta(days=7)) == timedelta(hours=15)
    closed_but_one = build(
        recurring_closures=[RecurringClosure("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH", "shut")],
        partial_closures=[PartialClosure("09:01", "short", rule="FREQ=WEEKLY;BYDAY=FR")],
    )
    assert closed_but_one.elapsed(monday, monday + timedelta(days=7)) == timedelta(minutes=1)
    partly = build(
        hours={"mon-fri": "09:00-17:00", "sat": "10:00-12:00"},
        recurring_closures=[RecurringClosure("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "shut")],
    )
    assert partly.elapsed(monday, monday + timedelta(days=7)) == timedelta(hours=2)


def test_extra_open_dates_keep_a_calendar_whose_weeks_are_all_closed() -> None:
    calendar = build(
        recurring_closures=[RecurringClosure("FREQ=DAILY", "shut")],
        open_dates={date(2026, 12, 5): "10:00-11:00"},
    )
    assert calendar.next_open(datetime(2026, 12, 1, tzinfo=UTC)) == datetime(
        2026, 12, 5, 10, tzinfo=UTC
    )


def test_a_partial_closure_tied_to_holidays_needs_the_calendar_to_have_them() -> None:
    with pytest.raises(
        InvalidCalendarError, match=r"^the partial closure 'half' is tied to public holidays"
    ):
        build(partial_closures=[PartialClosure("13:00", "half", holiday_category="half_day")])
    calendar = BusinessCalendar(
        "Atlantic/Reykjavik",
        HOURS,
        "IS",
        partial_closures=[PartialClosure("13:00", "half", holiday_category="half_day")],
    )
    assert calendar.closed_on(date(2026, 12, 24)) is None


# -- calendars as values ---------------------------------------------------------------------------


def test_a_calendar_pickles_to_an_equal_calendar_that_answers_alike() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        HOURS,
        "SE",
        closed_dates={date(2026, 12, 1): "move"},
        open_dates={date(2026, 12, 5): "10:00-11:00"},
        partial_closures=[PartialClosure("14:00", "eve", before_holidays=True)],
        business_day=timedelta(hours=7),
        name="office",
    )
    state = calendar.__getstate__()
    assert set(state) == {
        "timezone",
        "hours",
        "holidays",
        "closed_dates",
        "open_dates",
        "recurring_closures",
        "partial_closures",
        "business_day",
        "name",
    }
    copy = pickle.loads(pickle.dumps(calendar))
    assert copy == calendar and copy.name == "office" and copy.business_day == timedelta(hours=7)
    start = datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert copy.add(start, timedelta(hours=30)) == calendar.add(start, timedelta(hours=30))
    assert copy.closed_on(date(2026, 12, 24)) == calendar.closed_on(date(2026, 12, 24))
    assert copy.supported_years == (1953, 2099)  # closing before holidays: one year short
    with pytest.raises(OutOfRangeError):
        copy.is_open(datetime(2150, 1, 1, tzinfo=UTC))


def test_open_dates_must_be_a_mapping_of_dates_to_windows() -> None:
    with pytest.raises(InvalidCalendarError, match=r"^open dates must be a mapping of date to"):
        BusinessCalendar(
            "UTC",
            HOURS,
            open_dates=[date(2026, 12, 27)],  # type: ignore[arg-type]
        )
