"""A business calendar's day rules, in the plain form its interval table is built from.

For a range of local years, the rules say which days are closed (public holidays,
recurring closures, extra closed dates, and why), which close early, and which
open windows each day has; :meth:`DayRules.build` turns them into UTC intervals.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs

from support_policy._frozen import FrozenMap
from support_policy.calendars._timeline import Interval as _RawInterval, Offset
from support_policy.calendars.closures import PartialClosure, PublicHolidays, RecurringClosure
from support_policy.calendars.instants import EPOCH, ONE_US as _ONE_US, first_instant_at
from support_policy.calendars.zones import load_zone

__all__ = ["DayRules"]

_NAIVE_EPOCH = datetime(1970, 1, 1)
_US_PER_MINUTE = 60_000_000
_FAR_PAST = datetime(1800, 1, 1, tzinfo=UTC) - EPOCH
_FAR_FUTURE = datetime(2300, 1, 1, tzinfo=UTC) - EPOCH


@attrs.frozen(eq=True)
class DayRules:
    """The calendar's rules in the plain form the timeline builds its table from."""

    zone_key: str
    weekly: tuple[tuple[tuple[int, int], ...], ...]
    holidays: PublicHolidays | None
    closed: FrozenMap[date, str]
    opened: FrozenMap[date, tuple[tuple[int, int], ...]]
    recurring: tuple[RecurringClosure, ...]
    partial: tuple[PartialClosure, ...]
    min_year: int
    max_year: int

    def closed_names(self, first_year: int, last_year: int) -> dict[date, str]:
        """Whole closed days in the years: holidays, recurring closures, closed dates."""
        names = self.holidays.names(first_year, last_year) if self.holidays else {}
        for closure in self.recurring:
            for d in closure.dates(first_year, last_year):
                names.setdefault(d, closure.reason)
        names.update((d, r) for d, r in self.closed.items() if first_year <= d.year <= last_year)
        return names

    def early_closings(self, first_year: int, last_year: int) -> dict[date, tuple[int, str]]:
        """Days that close early: the earliest closing minute of the day and why."""
        cuts: dict[date, tuple[int, str]] = {}
        for closure in self.partial:
            for d in closure.days(first_year, last_year, self.holidays):
                if d not in cuts or closure.closes_at < cuts[d][0]:
                    cuts[d] = (closure.closes_at, closure.reason)
        return cuts

    def build(self, first_year: int, last_year: int) -> list[_RawInterval]:
        """The open intervals of the local years ``first_year`` to ``last_year``, merged."""
        zone = load_zone(self.zone_key)
        closed = self.closed_names(first_year, last_year)
        cuts = self.early_closings(first_year, last_year) if self.partial else {}
        weekly, opened = self.weekly, self.opened
        out: list[_RawInterval] = []
        one_day = timedelta(days=1)
        day = date(first_year, 1, 1)
        last = date(last_year, 12, 31)
        while day <= last:
            windows = opened.get(day)
            if windows is None:
                windows = () if day in closed else weekly[day.weekday()]
                if windows and day in cuts:
                    cut = cuts[day][0]
                    windows = tuple((o, min(c, cut)) for o, c in windows if o < cut)
            if windows:
                midnight = datetime(day.year, day.month, day.day)
                offset = zone.utcoffset(midnight)
                if offset == zone.utcoffset(midnight + one_day):
                    # No transition this day (zones never have two within 48 hours, a
                    # test checks): every wall time is one instant, at this offset.
                    base = (midnight - offset - _NAIVE_EPOCH) // _ONE_US  # type: ignore[operator]
                    spans = [
                        (base + o * _US_PER_MINUTE, base + c * _US_PER_MINUTE) for o, c in windows
                    ]
                else:
                    spans = [
                        (
                            first_instant_at(midnight + timedelta(minutes=o), zone),
                            first_instant_at(midnight + timedelta(minutes=c), zone),
                        )
                        for o, c in windows
                    ]
                for s, e in spans:
                    if s >= e:
                        continue  # the whole window fell into a DST gap
                    if out and out[-1][1] >= s:
                        out[-1] = (out[-1][0], e)
                    else:
                        out.append((s, e))
            day += one_day
        return out

    def year_of(self, x: Offset) -> int:
        """The local year of the instant ``x`` (far from the supported years: its UTC year)."""
        if not _FAR_PAST < x < _FAR_FUTURE:  # out of range anyway: no zone needed
            try:
                return (EPOCH + x).year
            except OverflowError:  # before year 1 or after 9999
                return 1 if x <= _FAR_PAST else 9999
        return (EPOCH + x).astimezone(load_zone(self.zone_key)).year

    def year_start(self, year: int) -> int:
        """The first instant of the local ``year``, in microseconds since the epoch."""
        return first_instant_at(datetime(year, 1, 1), load_zone(self.zone_key))
