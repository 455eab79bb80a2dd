"""What closes a business calendar besides its weekly hours.

* :class:`PublicHolidays`: public holidays from the ``holidays`` package.
* :class:`RecurringClosure`: whole days closed by an iCalendar RRULE, such as every
  24 December, or the first Monday of each quarter.
* :class:`PartialClosure`: days that close early, at a given time: the day before
  each public holiday, the dates a ``holidays`` category lists (Iceland's "from 1pm"
  half days are in ``half_day``), dates an RRULE gives, or a list of dates.

Each expands, for a range of years, to the dates it affects; the calendar reads
those when it builds its table. Rules are checked when they are made.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import warnings
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from support_policy._fields import Kind
from support_policy.calendars.recurrence import check_rule, rule_dates
from support_policy.errors import InvalidCalendarError, OutOfRangeError, shown

if TYPE_CHECKING:
    import holidays as holidays_lib

__all__ = ["PartialClosure", "PublicHolidays", "RecurringClosure"]

_CLOCK = re.compile(r"^\s*([0-9]{1,2}):([0-9]{2})\s*$")


def _categories(value: str | Iterable[str]) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise InvalidCalendarError(
            f"holiday categories must be names such as 'public', got {shown(value)}"
        )
    names = tuple(items)
    if not names or not all(isinstance(c, str) and c for c in names):
        raise InvalidCalendarError(
            f"holiday categories must be one or more names such as 'public', got {shown(value)}"
        )
    return names


@cache
def _country_class(country: str) -> Any:
    """The ``holidays`` class of ``country``, with its module alone imported; else None.

    ``holidays.country_holidays`` imports the package's index of countries, which imports
    every country's module (a tenth of a second); one country needs one module. Where
    the package is laid out otherwise, or the module builds on another country's, None:
    the caller then asks the package itself.
    """
    import holidays  # noqa: PLC0415 - only when public holidays are used
    from holidays import registry  # noqa: PLC0415

    entries = getattr(registry, "COUNTRIES", {}).items()
    module, names = next(((m, n) for m, n in entries if country in n), (None, ("",)))
    if module is None:
        return None
    name = f"holidays.countries.{module}"
    found = sys.modules.get(name)
    if found is None and "holidays.countries" in sys.modules:
        found = importlib.import_module(name)
    if found is None:
        path = Path(holidays.__file__).parent / "countries" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None or not path.is_file():
            return None
        source = path.read_text(encoding="utf-8")
        if "holidays.countries" in source or "\nfrom ." in source:
            return None  # it builds on another country's module: the index must load
        found = importlib.util.module_from_spec(spec)
        sys.modules[name] = found
        try:
            spec.loader.exec_module(found)
        except BaseException:
            del sys.modules[name]
            raise
    return getattr(found, names[0], None)


def _holidays(
    country: str, subdivision: str | None, categories: tuple[str, ...], years: Iterable[int] | None
) -> holidays_lib.HolidayBase:
    cls = _country_class(country) if isinstance(country, str) else None
    if cls is not None:
        made: holidays_lib.HolidayBase = cls(years=years, subdiv=subdivision, categories=categories)
        return made
    import holidays  # noqa: PLC0415 - only when public holidays are used

    return holidays.country_holidays(
        country, subdiv=subdivision, years=years, categories=categories
    )


# The ``holidays`` methods that add a holiday of a lunar, lunisolar or solar calendar
# from a table of dates; a year the table lacks reaches them as None (or nothing).
_TABLE_METHODS = re.compile(r"_add_\w+_calendar_holiday(?:_set)?")


@lru_cache(maxsize=1024)
def _years(country: str, subdivision: str | None, categories: tuple[str, ...]) -> tuple[int, int]:
    """The longest run of years for which the ``holidays`` package has every date.

    Its ``start_year``..``end_year`` is where the country's rules apply; holidays of
    other calendars (Diwali, Vesak, Eid...) come from tables that may end sooner. A year
    in which such a table has no date would silently lack the holiday, so it is left
    out; the years answered are the longest run of complete ones.
    """
    base = _holidays(country, subdivision, categories, None)
    low, high = int(base.start_year), int(base.end_year)
    methods = [name for name in dir(type(base)) if _TABLE_METHODS.fullmatch(name)]
    if not methods:
        return low, high
    missing: set[int] = set()
    year = low
    for name in methods:
        setattr(base, name, _watch(getattr(base, name), missing, lambda: year))
    with warnings.catch_warnings():  # some countries warn of the very gaps sought here
        warnings.simplefilter("ignore")
        for year in range(low, high + 1):
            base.get(date(year, 6, 1))  # computes the year's holidays
    best, start = (low, low - 1), None
    for y in range(low, high + 2):
        if y <= high and y not in missing:
            start = y if start is None else start
        elif start is not None:
            if y - 1 - start > best[1] - best[0]:
                best = (start, y - 1)
            start = None
    return best


def _watch(add: Any, missing: set[int], year: Callable[[], int]) -> Any:
    """``add``, noting the year when it is given no date."""

    def watched(name: str, dates: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(dates, tuple) and dates and not isinstance(dates[0], tuple):
            given = dates[0]  # (date or None, estimated)
        elif dates is None or isinstance(dates, date):
            given = dates
        else:
            dates = list(dates)  # an iterable of (date, estimated): none means none
            given = dates or None
        if given is None:
            missing.add(year())
        return add(name, dates, *args, **kwargs)

    return watched


@lru_cache(maxsize=8192)  # a year holds a few dozen holidays: a few megabytes at most
def _year_names(
    country: str, subdivision: str | None, categories: tuple[str, ...], year: int
) -> tuple[tuple[date, str], ...]:
    data = _holidays(country, subdivision, categories, (year,))
    return tuple((d, str(name)) for d, name in sorted(data.items()))


def _subdivision(value: str | int | None) -> Any:  # an attrs converter; the validator checks
    """A subdivision's code; a number stands for its digits (Austria's states are 1-9)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**6:
        return str(value)
    return value


@attrs.frozen
class PublicHolidays:
    """Public holidays from the ``holidays`` package: a country, a subdivision, categories.

    >>> sweden = PublicHolidays("SE")
    >>> sweden.names(2026)[date(2026, 12, 25)]
    'Christmas Day'
    >>> date(2026, 12, 24) in sweden.names(2026)  # Christmas Eve is 'de_facto', not 'public'
    False
    >>> date(2026, 12, 24) in PublicHolidays("SE", categories=("public", "de_facto")).names(2026)
    True
    """

    country: str = attrs.field()
    subdivision: str | None = attrs.field(
        default=None,
        converter=_subdivision,
        validator=Kind(str, "a text or None", InvalidCalendarError.at, True),
    )
    categories: tuple[str, ...] = attrs.field(default=("public",), converter=_categories)

    def __attrs_post_init__(self) -> None:
        self._make(None)  # refuse an unknown country, subdivision or category now

    def _make(self, years: Iterable[int] | None) -> holidays_lib.HolidayBase:
        try:
            return _holidays(self.country, self.subdivision, self.categories, years)
        except (NotImplementedError, ValueError, KeyError) as exc:
            raise InvalidCalendarError(
                f"cannot use public holidays of country {shown(self.country)}"
                f" subdivision {shown(self.subdivision)}"
                f" categories {list(self.categories)!r}: {exc}"
                " (use an ISO 3166 code the 'holidays' package supports, e.g. 'SE', and"
                " categories such as 'public')"
            ) from exc

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year the ``holidays`` package has every holiday's date for."""
        return _years(self.country, self.subdivision, self.categories)

    def names(self, first_year: int, last_year: int | None = None) -> dict[date, str]:
        """The holidays of the years ``first_year..last_year`` as ``{date: name}``.

        Each year is computed once per process and kept (a bounded number of years).

        Raises:
            OutOfRangeError: the ``holidays`` package has no data for some of the years
                (an empty answer there would be a wrong one).
        """
        last_year = first_year if last_year is None else last_year
        low, high = self.years
        if first_year < low or last_year > high:
            raise OutOfRangeError(
                f"{self} are known for {low}-{high} only, "
                f"not for {shown(first_year)}-{shown(last_year)}"
            )
        names: dict[date, str] = {}
        for year in range(first_year, last_year + 1):
            names.update(_year_names(self.country, self.subdivision, self.categories, year))
        return dict(sorted(names.items()))

    def __str__(self) -> str:
        where = self.country + (f"-{self.subdivision}" if self.subdivision else "")
        return f"{where} {'/'.join(self.categories)} holidays"


def _rule(text: object) -> str:
    """Check a closure's RRULE (optionally a rule set with DTSTART) and return it as given."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidCalendarError(f"a recurrence rule must be RRULE text, got {shown(text)}")
    try:
        check_rule(text)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        quoted = text if len(text) <= 80 else text[:77] + "..."
        raise InvalidCalendarError(
            f"not a closure rule {quoted!r}: {exc}; "
            "write e.g. 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24'"
        ) from None
    return text


def _reason(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidCalendarError(f"a closure needs a reason (a text), got {shown(value)}")
    return value


@attrs.frozen
class RecurringClosure:
    """Whole days closed by an RRULE, with a reason.

    >>> eves = RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "Christmas Eve")
    >>> eves.dates(2026, 2027)
    [datetime.date(2026, 12, 24), datetime.date(2027, 12, 24)]
    """

    rule: str = attrs.field(converter=_rule)
    reason: str = attrs.field(converter=_reason)

    def dates(self, first_year: int, last_year: int) -> list[date]:
        """The closed dates within the years ``first_year..last_year``."""
        return rule_dates(self.rule, first_year, last_year)


class _Minute(int):
    """A closing time as read, in minutes after midnight: what ``closes_at`` holds.

    Its own type, so that a closure can be built again from its fields
    (``attrs.evolve``) while a plain number, 1400 for 14:00 say, is still refused.
    """

    __slots__ = ()


def _closing_time(value: object) -> int:  # an attrs converter
    if isinstance(value, _Minute):
        return value
    if isinstance(value, str):
        match = _CLOCK.match(value)
        if (
            match
            and int(match.group(2)) < 60
            and 0 < int(match.group(1)) * 60 + int(match.group(2)) < 24 * 60
        ):
            return _Minute(int(match.group(1)) * 60 + int(match.group(2)))
    raise InvalidCalendarError(
        f"a closing time must be 'HH:MM' between 00:01 and 23:59, got {shown(value)}"
    )


def _dates(value: Iterable[date]) -> tuple[date, ...]:
    items = tuple(value)
    for d in items:
        if not isinstance(d, date) or isinstance(d, datetime):
            raise InvalidCalendarError(f"dates must be datetime.date values, got {shown(d)}")
    return tuple(sorted(set(items)))


def _flag(_: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidCalendarError(f"{attribute.name} must be true or false, got {shown(value)}")


def _category(_: object, __: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        raise InvalidCalendarError(f"a holiday category must be a name, got {shown(value)}")


@attrs.frozen
class PartialClosure:
    """Days on which the calendar closes early, at ``closes_at`` local time.

    Exactly one of ``rule``, ``dates``, ``before_holidays`` and ``holiday_category``
    chooses the days: an RRULE; a list of dates; the day before each public holiday
    of the calendar; or the dates of that ``holidays`` category for the calendar's
    country (for instance ``half_day``). Windows that day end at ``closes_at`` at the
    latest; a day that is closed anyway stays closed.

    >>> PartialClosure("14:00", "early close before holidays", before_holidays=True)
    PartialClosure('14:00', 'early close before holidays', before_holidays=True)
    """

    closes_at: int = attrs.field(converter=_closing_time)
    reason: str = attrs.field(converter=_reason)
    rule: str | None = attrs.field(default=None)
    dates: tuple[date, ...] = attrs.field(default=(), converter=_dates)
    before_holidays: bool = attrs.field(default=False, validator=_flag)
    holiday_category: str | None = attrs.field(default=None, validator=_category)

    def __attrs_post_init__(self) -> None:
        if self.rule is not None:
            _rule(self.rule)
        chosen = [
            self.rule is not None,
            bool(self.dates),
            self.before_holidays,
            self.holiday_category is not None,
        ]
        if sum(chosen) != 1:
            raise InvalidCalendarError(
                "a partial closure needs exactly one of: rule, dates, before_holidays, "
                "holiday_category"
            )

    @property
    def closing_time(self) -> str:
        """``closes_at`` as ``'HH:MM'``."""
        return f"{self.closes_at // 60:02d}:{self.closes_at % 60:02d}"

    def days(self, first_year: int, last_year: int, holidays: PublicHolidays | None) -> list[date]:
        """The days within ``first_year..last_year`` that close early."""
        if self.rule is not None:
            return rule_dates(self.rule, first_year, last_year)
        if self.dates:
            return [d for d in self.dates if first_year <= d.year <= last_year]
        if holidays is None:
            raise InvalidCalendarError(
                f"the partial closure {shown(self.reason)} needs the calendar's public holidays"
            )
        if self.before_holidays:
            low, high = holidays.years
            upto = min(last_year + 1, high)
            days = [d - timedelta(days=1) for d in holidays.names(first_year, upto)]
            return [d for d in days if first_year <= d.year <= last_year and d.year >= low]
        category = PublicHolidays(
            holidays.country, holidays.subdivision, (str(self.holiday_category),)
        )
        return list(category.names(first_year, last_year))

    def __repr__(self) -> str:
        if self.rule is not None:
            chooser = f"rule={self.rule!r}"
        elif self.dates:
            chooser = f"dates={list(self.dates)!r}"
        elif self.before_holidays:
            chooser = "before_holidays=True"
        else:
            chooser = f"holiday_category={self.holiday_category!r}"
        return f"PartialClosure({self.closing_time!r}, {self.reason!r}, {chooser})"
