"""Response targets: an amount of time and the clock it counts on.

A target's unit says which clock runs:

* ``hours``: round the clock, real elapsed time (Premium's 1, 2 and 4 hours);
* ``business_hours``: only while the business calendar is open (Standard's 8, 12, 24);
* ``business_days``: N nominal business days of business time, that is N times the
  calendar's ``business_day`` (8 hours on the default calendar). So one business day
  from Monday 16:00 is Tuesday 16:00, and from Saturday 10:00 it is Monday 17:00.
"""

from __future__ import annotations

import enum
import math
import re
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from support_policy.calendars import CoverageCalendar
from support_policy.errors import InvalidTargetError, shown
from support_policy.render import Record

__all__ = ["Target", "TargetUnit"]

_US_PER_HOUR = 3_600_000_000


class TargetUnit(enum.Enum):
    """The clock a target counts on."""

    HOURS = "hours"
    BUSINESS_HOURS = "business_hours"
    BUSINESS_DAYS = "business_days"

    @property
    def round_the_clock(self) -> bool:
        """Whether the target counts real elapsed time rather than business time."""
        return self is TargetUnit.HOURS

    @classmethod
    def parse(cls, value: object) -> TargetUnit:
        """Read ``'hours'``, ``'business_hours'``, ``'business hours'``, ``'business day'``..."""
        if isinstance(value, TargetUnit):
            return value
        if isinstance(value, str):
            key = re.sub(r"[\s-]+", "_", value.strip().lower())
            key = {"hour": "hours", "business_hour": "business_hours"}.get(key, key)
            key = {"business_day": "business_days"}.get(key, key)
            for unit in cls:
                if unit.value == key:
                    return unit
        choices = ", ".join(u.value for u in cls)
        raise InvalidTargetError(f"{shown(value)} is not one of: {choices}", field="unit")


MAX_AMOUNT = 1_000_000
"""The largest target amount (a million hours is over a century): bigger is a mistake."""

_AMOUNT_TEXT = re.compile(r"([0-9]{1,7}(?:\.[0-9]{1,6})?|[0-9]{1,7}/[1-9][0-9]{0,6})")


def _amount(value: object) -> Fraction:
    """Read a target amount at a cost that does not depend on the input's size."""
    seen = shown(value)
    problem = f"a target amount must be a number such as 8, 0.5 or '1/3', got {seen}"
    if isinstance(value, bool):
        raise InvalidTargetError(problem, field="amount")
    if isinstance(value, str):
        text = value.strip()
        if not _AMOUNT_TEXT.fullmatch(text):  # bounded: no exponents, no huge numerals
            raise InvalidTargetError(problem, field="amount")
        amount = Fraction(text)
    elif isinstance(value, int | Fraction | float | Decimal):
        if isinstance(value, Decimal) and value.is_nan():  # sNaN: isfinite would raise
            raise InvalidTargetError(problem, field="amount")
        if not isinstance(value, int | Fraction) and not math.isfinite(value):
            raise InvalidTargetError(problem, field="amount")
        exact = Fraction(value)
        if abs(exact) > MAX_AMOUNT:
            raise InvalidTargetError(
                f"a target amount must be at most {MAX_AMOUNT:,}, got {seen}", field="amount"
            )
        # 0.1 means one tenth, not the binary float nearest to it.
        amount = Fraction(Decimal(str(value))) if isinstance(value, float) else exact
    else:
        raise InvalidTargetError(problem, field="amount")
    if amount <= 0:
        raise InvalidTargetError(f"a target amount must be positive, got {seen}", field="amount")
    if amount > MAX_AMOUNT:
        raise InvalidTargetError(
            f"a target amount must be at most {MAX_AMOUNT:,}, got {seen}", field="amount"
        )
    if amount.denominator > 1_000_000:
        raise InvalidTargetError(
            f"a target amount must be a multiple of one millionth, got {seen}", field="amount"
        )
    return amount


def _unit(value: object) -> TargetUnit:
    return TargetUnit.parse(value)


def _format_amount(amount: Fraction) -> str:
    if amount.denominator == 1:
        return str(amount.numerator)
    return str(Decimal(amount.numerator) / Decimal(amount.denominator))


_WORDS = {
    TargetUnit.HOURS: ("hour", "hours"),
    TargetUnit.BUSINESS_HOURS: ("business hour", "business hours"),
    TargetUnit.BUSINESS_DAYS: ("business day", "business days"),
}


@attrs.frozen
class Target:
    """A response target such as 8 business hours or 1 hour.

    >>> Target(8, "business_hours")
    Target('8 business hours')
    >>> Target.parse("1 business day").unit
    <TargetUnit.BUSINESS_DAYS: 'business_days'>
    >>> Target("0.5", "hours").duration_on(None)
    datetime.timedelta(seconds=1800)
    """

    amount: Fraction = attrs.field(converter=_amount)
    unit: TargetUnit = attrs.field(converter=_unit)

    @classmethod
    def parse(cls, text: str) -> Target:
        """Read ``"8 business hours"``, ``"1 hour"``, ``"1 business day"``."""
        if not isinstance(text, str):
            raise InvalidTargetError(
                f"not a target {shown(text)}; write it as e.g. '8 business hours'"
            )
        amount, _, unit = text.strip().partition(" ")
        if not unit:
            raise InvalidTargetError(
                f"not a target {shown(text)}; write it as e.g. '8 business hours'"
            )
        return cls(amount, unit)

    @property
    def round_the_clock(self) -> bool:
        """Whether the target counts real elapsed time."""
        return self.unit.round_the_clock

    def duration_on(self, calendar: CoverageCalendar | None) -> timedelta:
        """The clock time this target allows, on ``calendar``.

        Hours (of either kind) do not depend on the calendar; business days are
        ``amount`` times ``calendar.business_day``.

        Raises:
            InvalidTargetError: the target needs a calendar, or is not a whole
                number of microseconds.
        """
        if self.unit is TargetUnit.BUSINESS_DAYS:
            if calendar is None:
                raise InvalidTargetError(f"{self} needs a calendar to know a day's length")
            unit_us = calendar.business_day // timedelta(microseconds=1)
        else:
            unit_us = _US_PER_HOUR
        total = self.amount * unit_us
        if total.denominator != 1:
            raise InvalidTargetError(f"{self} is not a whole number of microseconds")
        return timedelta(microseconds=total.numerator)

    def __str__(self) -> str:
        one, many = _WORDS[self.unit]
        return f"{_format_amount(self.amount)} {one if self.amount == 1 else many}"

    def __repr__(self) -> str:
        return f"Target('{self}')"

    def record(self) -> Record:
        """The target for the renderer: its amount, its unit and the words."""
        text = str(self)
        return Record(text, (("amount", self.amount), ("unit", self.unit), ("text", text)), text)
