"""A slow, obviously correct model of a business calendar, for checking the fast one.

It walks day by day. Each local date's windows become instants by brute force: a
wall time that exists maps to its earliest occurrence; one that does not (a DST gap)
is moved forward a minute at a time until it exists. Business time is the sum of the
overlaps with those intervals. Nothing here is shared with the library's arithmetic.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

Minutes = tuple[int, int]
ONE_DAY = timedelta(days=1)


@cache
def package_zone(key: str) -> ZoneInfo:
    """The zone ``key`` as the ``tzdata`` package has it: the rules the library uses by default."""
    with importlib.resources.files("tzdata").joinpath("zoneinfo", *key.split("/")).open("rb") as f:
        return ZoneInfo.from_file(f, key=key)


def earliest_instant(local: datetime, zone: ZoneInfo) -> datetime:
    """The first instant at which the clock shows ``local`` or later (minute scan)."""
    probe = local
    while True:
        found = []
        for fold in (0, 1):
            instant = probe.replace(tzinfo=zone, fold=fold).astimezone(UTC)
            if instant.astimezone(zone).replace(tzinfo=None) == probe:
                found.append(instant)
        if found:
            return min(found)
        probe += timedelta(minutes=1)


class ReferenceCalendar:
    """Weekly windows in minutes, closed dates and opened dates, walked day by day."""

    def __init__(
        self,
        zone: str,
        weekly: Sequence[Sequence[Minutes]],
        closed: set[date] | frozenset[date] = frozenset(),
        opened: Mapping[date, Sequence[Minutes]] | None = None,
    ) -> None:
        self.zone = package_zone(zone)
        self.weekly = weekly
        self.closed = closed
        self.opened = dict(opened or {})

    def windows_of(self, day: date) -> Sequence[Minutes]:
        if day in self.opened:
            return self.opened[day]
        if day in self.closed:
            return ()
        return self.weekly[day.weekday()]

    def day_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        midnight = datetime(day.year, day.month, day.day)
        out = []
        for opens, closes in self.windows_of(day):
            s = earliest_instant(midnight + timedelta(minutes=opens), self.zone)
            e = earliest_instant(midnight + timedelta(minutes=closes), self.zone)
            if s < e:
                out.append((s, e))
        return out

    def intervals_from(self, day: date, step: int = 1) -> Iterator[tuple[datetime, datetime]]:
        """Intervals of ``day`` and the days after it (``step=1``) or before it (``-1``)."""
        while True:
            items = self.day_intervals(day)
            yield from (items if step > 0 else reversed(items))
            day += step * ONE_DAY

    def local_day(self, t: datetime) -> date:
        return t.astimezone(self.zone).date()

    def is_open(self, t: datetime) -> bool:
        day = self.local_day(t)
        for d in (day - ONE_DAY, day, day + ONE_DAY):
            for s, e in self.day_intervals(d):
                if s <= t < e:
                    return True
        return False

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        if b < a:
            return -self.elapsed(b, a)
        total = timedelta(0)
        day = self.local_day(a) - ONE_DAY
        last = self.local_day(b) + ONE_DAY
        while day <= last:
            for s, e in self.day_intervals(day):
                lo, hi = max(s, a), min(e, b)
                if lo < hi:
                    total += hi - lo
            day += ONE_DAY
        return total

    def add(self, t: datetime, d: timedelta) -> datetime:
        if d == timedelta(0):
            return t
        remaining = d
        for s, e in self.intervals_from(self.local_day(t) - ONE_DAY):
            if e <= t:
                continue
            lo = max(s, t)
            if remaining <= e - lo:
                return lo + remaining
            remaining -= e - lo
        raise AssertionError("unreachable")  # pragma: no cover

    def subtract(self, t: datetime, d: timedelta) -> datetime:
        if d == timedelta(0):
            return t
        remaining = d
        for s, e in self.intervals_from(self.local_day(t) + ONE_DAY, step=-1):
            if s >= t:
                continue
            hi = min(e, t)
            if remaining < hi - s:
                return hi - remaining
            if remaining == hi - s:
                return s
            remaining -= hi - s
        raise AssertionError("unreachable")  # pragma: no cover

    def next_open(self, t: datetime) -> datetime:
        for s, e in self.intervals_from(self.local_day(t) - ONE_DAY):
            if e > t:
                return max(s, t)
        raise AssertionError("unreachable")  # pragma: no cover
