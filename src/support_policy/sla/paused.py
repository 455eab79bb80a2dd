"""A calendar with a ticket's paused spans taken out: elapsed time and deadlines.

Paused spans (sorted, disjoint, half-open instants) never count, before or after a
deadline. The paused clock time before each span is kept as a prefix sum, so the
paused time between two instants is two binary searches, and a deadline is a binary
search over the gaps between spans: the cost grows with the logarithm of the number
of pauses, never with their number or with the duration.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import datetime, timedelta

from support_policy.calendars import CoverageCalendar

__all__ = ["PausedClock"]

_ZERO = timedelta(0)


class PausedClock:
    """``calendar`` less the paused spans ``pauses`` (UTC instants, sorted, disjoint)."""

    __slots__ = ("_cum", "_ends", "_starts", "calendar")

    def __init__(self, calendar: CoverageCalendar, pauses: Sequence[tuple[datetime, datetime]]):
        self.calendar = calendar
        self._starts = [start for start, _ in pauses]
        self._ends = [end for _, end in pauses]
        cum = [_ZERO]
        for start, end in pauses:
            cum.append(cum[-1] + calendar.elapsed(start, end))
        self._cum = cum

    def paused_before(self, at: datetime) -> timedelta:
        """The paused clock time before ``at``."""
        i = bisect_left(self._starts, at)  # the spans that start before ``at``
        total = self._cum[i]
        if i and self._ends[i - 1] > at:  # ``at`` falls inside the last of them
            total -= self.calendar.elapsed(at, self._ends[i - 1])
        return total

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The clock time in ``[start, end)`` that was not paused (negative when reversed)."""
        if not self._starts:
            return self.calendar.elapsed(start, end)
        paused = self.paused_before(end) - self.paused_before(start)
        return self.calendar.elapsed(start, end) - paused

    def due(self, origin: datetime, allowance: timedelta) -> datetime:
        """The earliest instant by which ``allowance`` of unpaused clock time has run."""
        n = len(self._starts)
        if not n:
            return self.calendar.add(origin, allowance)
        i = bisect_right(self._starts, origin)  # spans at or before ``origin``
        cursor = origin
        if i and self._ends[i - 1] > origin:  # ``origin`` is paused: count from the resume
            cursor = self._ends[i - 1]

        def used_before(j: int) -> timedelta:
            """Unpaused clock time from ``cursor`` to the start of span ``j``."""
            return self.calendar.elapsed(cursor, self._starts[j]) - (self._cum[j] - self._cum[i])

        lo, hi = i, n  # the first span before whose start the allowance has run
        while lo < hi:
            mid = (lo + hi) // 2
            if used_before(mid) >= allowance:
                hi = mid
            else:
                lo = mid + 1
        gap = cursor if lo == i else self._ends[lo - 1]
        used = self.calendar.elapsed(cursor, gap) - (self._cum[lo] - self._cum[i])
        return self.calendar.add(gap, allowance - used)
