"""Recurrence rules (RFC 5545 RRULEs) for closed days: checked strictly, expanded once.

A closure rule must name whole days: it repeats daily or less often (every rule of a
rule set too), gives at most one hour, minute and second a day, every part can match
(no ``BYMONTH=13``, no 31 June), and it occurs at least once between 1900 and 2200.
Its dates are then produced once per process, in order, and kept: asking for 2026
after 2030 costs a lookup, not a walk from 1900.
"""

from __future__ import annotations

import bisect
import operator
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

from support_policy.errors import OutOfRangeError, shown

if TYPE_CHECKING:
    from dateutil import rrule

__all__ = ["MAX_RULE_CHARS", "check_rule", "rule_dates", "weekdays_always"]

# An RRULE without DTSTART counts from here, so INTERVAL and COUNT mean the same
# whatever year is asked for.
RULE_ANCHOR = datetime(1900, 1, 1)
RULE_END = datetime(2200, 12, 31, 23, 59, 59)
MAX_RULE_CHARS = 2_000
"""The longest rule text read (a rule set with a few dozen EXDATEs fits)."""

_RANGES = {  # part: (lowest, highest, may be negative)
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
    "BYHOUR": (0, 23, False),
    "BYMINUTE": (0, 59, False),
    "BYSECOND": (0, 59, False),
    "INTERVAL": (1, 1_000, False),
    "COUNT": (1, 10_000, False),
}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ONLY_WITH = {  # RFC 5545 3.3.10: parts that a frequency cannot take
    "BYWEEKNO": ("YEARLY",),
    "BYYEARDAY": ("YEARLY",),
    "BYMONTHDAY": ("YEARLY", "MONTHLY", "DAILY"),
    "BYSETPOS": ("YEARLY", "MONTHLY", "WEEKLY"),  # a daily set holds one day: only ±1
}
_NUMBER = re.compile(r"[+-]?[0-9]{1,6}")
_TIME_OF_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")


def _numbers(part: str, value: str) -> list[int]:
    low, high, signed = _RANGES[part]
    numbers = []
    for item in value.split(","):
        if not _NUMBER.fullmatch(item.strip()):
            raise ValueError(f"{part}={value} must list whole numbers")
        number = int(item)
        if not (low <= abs(number) <= high) or (number < 0 and not signed):
            sign = f"±{low}..{high}" if signed else f"{low}..{high}"
            if part in ("INTERVAL", "COUNT"):
                raise ValueError(f"{part}={number} must be within {sign}")
            raise ValueError(f"{part}={number} can never match; it takes {sign}")
        numbers.append(number)
    return numbers


def _months_of_year_day(day: int) -> set[int]:
    """The months in which day ``day`` of the year (negative: from the end) can fall."""
    months = set()
    for length in (365, 366):
        number = day if day > 0 else length + 1 + day
        if 1 <= number <= length:
            months.add(date(2001 if length == 365 else 2004, 1, 1).toordinal() + number - 1)
    return {date.fromordinal(ordinal).month for ordinal in months}


def _check_parts(line: str) -> None:
    """Refuse parts out of their range, parts the frequency cannot take, and dates no month has.

    Together these make a rule that passes either occur soon or fail in a bounded walk.
    """
    body = line.split(":", 1)[1] if ":" in line else line
    parts: dict[str, list[int]] = {}
    frequency = ""
    for item in body.split(";"):
        key, _, value = item.partition("=")
        key = key.strip().upper()
        if key == "FREQ":
            frequency = value.strip().upper()
        elif key in _RANGES:
            parts[key] = _numbers(key, value)
    if not frequency:  # else dateutil says so in words of its own code
        raise ValueError("a rule needs its FREQ: DAILY, WEEKLY, MONTHLY or YEARLY")
    for part, frequencies in _ONLY_WITH.items():
        if part in parts and frequency not in frequencies:
            raise ValueError(f"{part} cannot go with FREQ={frequency}")
    for part in _TIME_OF_DAY:
        if len(parts.get(part, ())) > 1:  # several times one day: one date, made many times
            raise ValueError(f"{part} may give one value in a closure rule, which names days")
    months = set(parts.get("BYMONTH", range(1, 13)))
    days = parts.get("BYMONTHDAY")
    if days and not any(abs(d) <= _DAYS_IN_MONTH[m - 1] for d in days for m in months):
        raise ValueError(f"BYMONTHDAY={days} never falls in BYMONTH={sorted(months)}")
    year_days = parts.get("BYYEARDAY")
    if year_days and not any(_months_of_year_day(d) & months for d in year_days):
        raise ValueError(f"BYYEARDAY={year_days} never falls in BYMONTH={sorted(months)}")


def _tidy(line: str) -> str:
    """A rule line without empty parts: ``FREQ=YEARLY;;BYMONTH=1;`` is ``FREQ=YEARLY;BYMONTH=1``."""
    return ";".join(part.strip() for part in line.strip().split(";") if part.strip())


def _parse(text: str) -> rrule.rruleset:
    """The rule (or rule set) of a closure, with every check but the occurrence one."""
    if len(text) > MAX_RULE_CHARS:
        raise ValueError(f"a rule may be {MAX_RULE_CHARS:,} characters long, not {len(text):,}")
    body = text.strip()
    if not body.upper().startswith(("DTSTART", "RRULE:", "EXDATE", "RDATE", "EXRULE")):
        body = "RRULE:" + body
    lines = [_tidy(line) for line in body.splitlines() if line.strip()]
    rule_lines = [ln for ln in lines if ln.upper().startswith(("RRULE:", "EXRULE:"))]
    if not any(ln.upper().startswith(("RRULE:", "RDATE")) for ln in lines):
        raise ValueError("a closure needs an RRULE line (or RDATE dates)")
    for line in rule_lines:
        _check_parts(line)
    from dateutil import rrule  # noqa: PLC0415 - only when a rule is read

    parsed = rrule.rrulestr("\n".join(lines), dtstart=RULE_ANCHOR, forceset=True)
    assert isinstance(parsed, rrule.rruleset)  # forceset
    parts = vars(parsed)  # dateutil keeps a set's rules and dates in private lists
    rules = [*parts["_rrule"], *parts["_exrule"]]
    for rule in rules:
        if rule._dtstart.tzinfo is not None:
            raise ValueError("DTSTART must be a local date or date-time, without a zone")
        if rule._freq > rrule.DAILY:  # HOURLY, MINUTELY, SECONDLY name no whole days
            raise ValueError("a closure rule must repeat daily or less often")
    for moment in [*parts["_rdate"], *parts["_exdate"]]:
        if moment.tzinfo is not None:
            raise ValueError("RDATE and EXDATE must be local dates or date-times, without a zone")
    return parsed


class _Dates:
    """The dates of one rule from 1900 to 2200, produced in order as far as asked, then kept."""

    def __init__(self, parsed: rrule.rruleset) -> None:
        self._moments: Iterator[datetime] = iter(parsed)
        self._dates: list[date] = []
        self._done = False
        self._lock = threading.Lock()  # one rule's producer; other rules never wait on it

    def _produce_until(self, day: date) -> None:
        with self._lock:
            while not self._done and (not self._dates or self._dates[-1] <= day):
                moment = next(self._moments, None)
                if moment is None or moment > RULE_END:
                    self._done = True
                elif moment >= RULE_ANCHOR and (not self._dates or moment.date() > self._dates[-1]):
                    self._dates.append(moment.date())

    def first(self) -> date | None:
        self._produce_until(date.min)
        return self._dates[0] if self._dates else None

    def between(self, first: date, last: date) -> list[date]:
        self._produce_until(last)
        low = bisect.bisect_left(self._dates, first)
        high = bisect.bisect_right(self._dates, last)
        return self._dates[low:high]

    def __len__(self) -> int:
        return len(self._dates)


_CACHE: OrderedDict[str, _Dates] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_DATES = 2_000_000
"""At most this many dates are kept across rules (about 100 MB at the worst)."""


def _dates_of(text: str) -> _Dates:
    with _CACHE_LOCK:
        dates = _CACHE.get(text)
        if dates is not None:
            _CACHE.move_to_end(text)
            return dates
        dates = _CACHE[text] = _Dates(_parse(text))
        while len(_CACHE) > 1 and sum(len(d) for d in _CACHE.values()) > _CACHE_DATES:
            _CACHE.popitem(last=False)
        return dates


def check_rule(text: str) -> None:
    """Check a closure rule; the first occurrence is found, so a rule that never occurs fails.

    Raises:
        ValueError: with the reason.
    """
    if _dates_of(text).first() is None:
        raise ValueError("it never occurs between 1900 and 2200")


def rule_dates(text: str, first_year: int, last_year: int) -> list[date]:
    """The dates a checked rule gives within the years ``first_year..last_year``.

    Raises:
        OutOfRangeError: a year outside 1900-2200, the years rules are read for.
        TypeError: a year is not an integer.
    """
    years = []
    for year in (first_year, last_year):
        if isinstance(year, bool) or not hasattr(year, "__index__"):
            raise TypeError(f"a year must be a whole number, got {type(year).__name__}")
        if not RULE_ANCHOR.year <= operator.index(year) <= RULE_END.year:
            raise OutOfRangeError(
                f"closure rules are read for the years 1900-2200, not for {shown(year)}"
            )
        years.append(operator.index(year))
    return _dates_of(text).between(date(years[0], 1, 1), date(years[1], 12, 31))


_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekdays_always(text: str) -> frozenset[int]:
    """The weekdays (Monday is 0) a checked rule takes every week, forever; often none.

    Only the plain forms are recognised: ``FREQ=DAILY`` (every weekday) and
    ``FREQ=WEEKLY;BYDAY=...`` (those days), with or without an ``RRULE:`` prefix and a
    ``WKST`` (which changes nothing when every week counts), and with no interval, end,
    start or exception. This is what lets a calendar that a rule closes every day be
    refused when built.
    """
    body = text.strip()
    if body[:6].upper() == "RRULE:":
        body = body[6:]
    if "\n" in body or ":" in body:  # a DTSTART, EXDATE or other line: not "forever"
        return frozenset()
    parts = {}
    for item in body.split(";"):
        key, _, value = item.partition("=")
        parts[key.strip().upper()] = value.strip().upper()
    parts.pop("WKST", None)
    frequency = parts.pop("FREQ", "")
    if parts.pop("INTERVAL", "1") != "1" or frequency not in ("DAILY", "WEEKLY"):
        return frozenset()
    days = parts.pop("BYDAY", "MO" if frequency == "WEEKLY" else ",".join(_WEEKDAY_CODES))
    if parts or any(d not in _WEEKDAY_CODES for d in days.split(",")):
        return frozenset()  # other parts (or ordinals such as 1MO) leave some weeks out
    return frozenset(_WEEKDAY_CODES.index(d) for d in days.split(","))
