"""A closure rule needs its frequency, and its parts are judged against it."""

from __future__ import annotations

import pytest

from support_policy import InvalidCalendarError, RecurringClosure


@pytest.mark.parametrize("rule", ["BYWEEKNO=1", "BYMONTH=1", "RRULE:BYDAY=MO", "FREQ=;BYMONTH=1"])
def test_a_rule_without_a_frequency_is_refused_saying_so(rule: str) -> None:
    with pytest.raises(InvalidCalendarError, match=r"a rule needs its FREQ: DAILY, WEEKLY"):
        RecurringClosure(rule, "x")


def test_a_part_is_judged_against_the_frequency_given() -> None:
    with pytest.raises(InvalidCalendarError, match=r"BYWEEKNO cannot go with FREQ=MONTHLY"):
        RecurringClosure("FREQ=MONTHLY;BYWEEKNO=1", "x")
