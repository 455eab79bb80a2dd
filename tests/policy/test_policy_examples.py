"""The cases the reference pages spell out, and the calendar's hard days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    PublicHolidays,
    RoundTheClock,
    Target,
    TargetUnit,
    stakater_business_calendar,
    stakater_policy,
)

SEV = stakater_policy().latest.severities

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
POLICY = stakater_policy()


def at(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    us: int = 0,
    *,
    zone: ZoneInfo = STOCKHOLM,
    fold: int = 0,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=zone, fold=fold)


def same_instant(a: datetime, b: datetime) -> bool:
    return a.astimezone(UTC) == b.astimezone(UTC)


# -- the matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (
            "standard",
            ["8 business hours", "12 business hours", "24 business hours", "24 business hours"],
        ),
        ("premium", ["1 hour", "2 hours", "4 hours", "1 business day"]),
    ],
)
def test_response_time_matrix(plan: str, expected: list[str]) -> None:
    assert [str(POLICY.target(plan, s)) for s in SEV] == expected


def test_plan_names_are_case_insensitive() -> None:
    assert POLICY.plan("PREMIUM") is POLICY.plan(" premium ") is POLICY.plan("Premium")


def test_default_severity_is_p3() -> None:
    assert POLICY.latest.severities.default == SEV["P3"]
    assert POLICY.target("standard", None) == Target(24, TargetUnit.BUSINESS_HOURS)
    friday = at(2026, 11, 27, 10)
    assert POLICY.response_deadline("premium", None, friday) == at(2026, 11, 27, 14)


def test_calendar_for_each_target() -> None:
    assert POLICY.latest.clock("premium", "P1")[0] == RoundTheClock()
    assert POLICY.latest.clock("premium", "P4")[0] is POLICY.latest.business_calendar
    assert POLICY.latest.clock("standard", "P1")[0] is POLICY.latest.business_calendar


def test_channels_capabilities_and_escalation() -> None:
    standard, premium = POLICY.plan("standard"), POLICY.plan("premium")
    assert [c.available for c in standard.channels] == [True, False, False]
    assert all(c.available for c in premium.channels)
    assert premium.channels[1].condition == "if agreed in advance"
    assert str(standard.capabilities["Direct senior engineer escalation"]) == "Limited"
    assert str(standard.capabilities["Management escalation path"]) == "On request"
    assert str(premium.capabilities["Management escalation path"]) == "Included"
    assert premium.escalation is not None and standard.escalation is not None
    assert premium.escalation.immediate == {"P1"}
    assert standard.escalation.immediate == frozenset()
    assert standard.escalation.management_needs_written_request
    assert not premium.escalation.management_needs_written_request
    assert "lack of progress" in [t.value for t in POLICY.latest.escalation_triggers]


# -- the FAQ: a Standard P1 on Friday at 2 AM waits for business hours -------------------------


def test_faq_standard_p1_friday_2am_is_due_friday_at_closing() -> None:
    submitted = at(2026, 11, 27, 2)
    assert POLICY.response_deadline("standard", "P1", submitted) == at(2026, 11, 27, 17)
    explanation = POLICY.explain("standard", "P1", submitted)
    assert explanation.counting_from == at(2026, 11, 27, 9)
    assert explanation.waited == timedelta(hours=7)
    assert "Fri 2026-11-27 17:00 CET" in explanation.text()
    # Premium answers the same incident round the clock.
    assert POLICY.response_deadline("premium", "P1", submitted) == at(2026, 11, 27, 3)


def test_deadline_can_be_exactly_a_closing_time() -> None:
    calendar = POLICY.latest.business_calendar
    monday = at(2026, 11, 23, 9)
    assert calendar.add(monday, timedelta(hours=24)) == at(2026, 11, 25, 17)  # not Thu 09:00
    assert not calendar.is_open(at(2026, 11, 25, 17))


def test_business_days_are_nominal_days_of_business_time() -> None:
    # One business day from Monday 16:00 is Tuesday 16:00; from Saturday 10:00, Monday 17:00.
    assert POLICY.response_deadline("premium", "P4", at(2026, 11, 23, 16)) == at(2026, 11, 24, 16)
    assert POLICY.response_deadline("premium", "P4", at(2026, 11, 28, 10)) == at(2026, 11, 30, 17)


def test_results_come_back_in_the_callers_zone() -> None:
    submitted = at(2026, 11, 27, 2, zone=NEW_YORK)  # Friday 08:00 in Stockholm
    due = POLICY.response_deadline("standard", "P1", submitted)
    assert due.tzinfo is NEW_YORK
    assert due == at(2026, 11, 27, 11, zone=NEW_YORK)  # Friday 17:00 in Stockholm
    assert same_instant(due, at(2026, 11, 27, 17))


# -- holidays and year ends --------------------------------------------------------------------


def test_easter_closes_good_friday_and_easter_monday() -> None:
    # 2026: Good Friday 3 April, Easter Monday 6 April.
    thursday = at(2026, 4, 2, 16)
    assert POLICY.response_deadline("standard", "P1", thursday) == at(2026, 4, 7, 16)
    reasons = [r for c in POLICY.explain("standard", "P1", thursday).closures for r in c.reasons]
    assert {"Good Friday", "Easter Monday"} <= set(reasons)


def test_christmas_eve_is_open_by_default_and_closable() -> None:
    eve = at(2026, 12, 24, 10)  # Thursday; 25 and 26 December are holidays
    assert POLICY.latest.business_calendar.is_open(eve)
    assert POLICY.response_deadline("standard", "P1", eve) == at(2026, 12, 28, 10)
    closed_eves = stakater_policy(
        stakater_business_calendar(holidays=PublicHolidays("SE", categories=("public", "de_facto")))
    )
    assert not closed_eves.latest.business_calendar.is_open(eve)
    assert closed_eves.response_deadline("standard", "P1", eve) == at(2026, 12, 28, 17)


def test_new_year_crosses_the_year_end() -> None:
    # Thursday 31 December 2026 is open; 1 January 2027 (Friday) is a holiday.
    submitted = at(2026, 12, 31, 13)
    assert POLICY.response_deadline("standard", "P2", submitted) == at(2027, 1, 4, 17)
    # Epiphany (6 January, a Wednesday in 2027) is a Swedish public holiday too.
    assert POLICY.response_deadline("standard", "P3", submitted) == at(2027, 1, 7, 13)


def test_midsummer_eve_is_de_facto() -> None:
    eve = at(2026, 6, 19, 12)  # Friday
    assert POLICY.latest.business_calendar.is_open(eve)
    assert POLICY.latest.business_calendar.closed_on(at(2026, 6, 20).date()) == "Midsummer Day"


# -- both DST weekends --------------------------------------------------------------------------


def test_spring_forward_round_the_clock_hour_is_3600_seconds() -> None:
    # Stockholm 2026-03-29 02:00 CET jumps to 03:00 CEST.
    submitted = at(2026, 3, 29, 1, 30)
    due = POLICY.response_deadline("premium", "P1", submitted)
    assert due == at(2026, 3, 29, 3, 30)  # the wall clock moved two hours
    assert due.astimezone(UTC) - submitted.astimezone(UTC) == timedelta(hours=1)


def test_fall_back_round_the_clock_hour_is_3600_seconds() -> None:
    # Stockholm 2026-10-25 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    first = at(2026, 10, 25, 2, 30, fold=0)
    due = POLICY.response_deadline("premium", "P1", first)
    assert due.fold == 1 and (due.hour, due.minute) == (2, 30)  # the second 02:30
    assert due.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)


def test_business_days_keep_their_hours_across_dst() -> None:
    calendar = POLICY.latest.business_calendar
    # Friday before spring forward to the Tuesday after: 8 + 8 + 8 business hours.
    friday = at(2026, 3, 27, 9)
    assert POLICY.response_deadline("standard", "P3", friday) == at(2026, 3, 31, 17)
    assert calendar.elapsed(friday, at(2026, 3, 31, 17)) == timedelta(hours=24)
    # The same across fall back.
    friday = at(2026, 10, 23, 9)
    assert POLICY.response_deadline("standard", "P3", friday) == at(2026, 10, 27, 17)
    assert calendar.elapsed(at(2026, 10, 26, 0), at(2026, 10, 27, 0)) == timedelta(hours=8)


def test_round_the_clock_deadline_in_new_york_across_dst() -> None:
    # 2026-03-08 02:00 EST jumps to 03:00 EDT in New York.
    submitted = at(2026, 3, 8, 0, 30, zone=NEW_YORK)
    due = POLICY.response_deadline("premium", "P3", submitted)  # 4 real hours
    assert due == at(2026, 3, 8, 5, 30, zone=NEW_YORK)
