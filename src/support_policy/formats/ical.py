"""Support hours as an iCalendar file people can subscribe to.

Needs the optional ``icalendar`` package: ``python -m pip install 'support_policy[ical]'``.

Each open window becomes an event in category ``OPEN``; each whole day the calendar
is closed for a named reason (a public holiday, a recurring or extra closure) becomes
an all-day event in category ``CLOSED``. Times are written in UTC, so every calendar
program shows them at the right local time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from support_policy.calendars import WEEKDAYS, BusinessCalendar
from support_policy.calendars.instants import utc_instant
from support_policy.calendars.zones import load_zone
from support_policy.errors import MissingExtraError

__all__ = ["calendar_to_ical"]


def _icalendar() -> Any:
    try:
        import icalendar  # noqa: PLC0415 - an optional dependency, imported when used
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError("icalendar", "ical", "exporting iCalendar") from None
    return icalendar


def calendar_to_ical(
    calendar: BusinessCalendar,
    start: datetime,
    end: datetime,
    *,
    stamp: datetime,
    closed_days: bool = True,
) -> bytes:
    """The open windows (and named closed days) of ``calendar`` in ``[start, end)``.

    Returns the bytes of an ``.ics`` file. Event UIDs are stable: the same window
    exported twice has the same UID, so a subscribed calendar updates in place.
    ``stamp`` (timezone-aware) is the export's DTSTAMP, the instant the file is made:
    the library never reads the clock, so the caller says when that is.

    Raises:
        NaiveDatetimeError, OutOfRangeError: as the calendar's own methods.
        MissingExtraError: the ``icalendar`` package is not installed.
    """
    ical = _icalendar()
    out = ical.Calendar()
    out.add("prodid", "-//support_policy//support hours//EN")
    out.add("version", "2.0")
    out.add("x-wr-calname", ical.vText(calendar.name))  # escaped, as SUMMARY is
    stamp = utc_instant(stamp, "stamp").replace(microsecond=0)
    for window in calendar.windows(start, end):
        # iCalendar counts whole seconds: a window cut at a finer start or end of the
        # export shrinks to the seconds it covers whole, never claiming more open time.
        begins, ends = _second_after(window.start), _second_before(window.end)
        if begins >= ends:
            continue
        event = ical.Event()
        event.add("uid", f"open-{begins:%Y%m%dT%H%M%SZ}-{ends:%Y%m%dT%H%M%SZ}@support-policy")
        event.add("dtstamp", stamp)
        event.add("dtstart", begins)
        event.add("dtend", ends)
        event.add("summary", f"{calendar.name}: open")
        event.add("categories", ["OPEN"])
        event.add("transp", "OPAQUE")
        out.add_component(event)
    if closed_days:
        zone = load_zone(calendar.timezone)
        day = start.astimezone(zone).date()
        last = (end - timedelta(microseconds=1)).astimezone(zone).date()
        while day <= last:
            reason = calendar.closed_on(day)
            if reason is not None and not _plain_weekday(calendar, day, reason):
                out.add_component(_closed_day(ical, day, reason, calendar.name, stamp))
            day += timedelta(days=1)
    data: bytes = out.to_ical()
    return data


def _plain_weekday(calendar: BusinessCalendar, day: date, reason: str) -> bool:
    """Whether ``day`` is closed only because its weekday has no hours: no named closure."""
    weekday = day.weekday()
    return reason == WEEKDAYS[weekday] and not calendar.hours.days[weekday]


def _second_after(moment: datetime) -> datetime:
    """``moment`` in UTC, up to the next whole second."""
    utc = moment.astimezone(UTC)
    return utc + timedelta(microseconds=-utc.microsecond % 1_000_000)


def _second_before(moment: datetime) -> datetime:
    """``moment`` in UTC, down to its whole second."""
    return moment.astimezone(UTC).replace(microsecond=0)


def _closed_day(ical: Any, day: date, reason: str, name: str, stamp: datetime) -> Any:
    event = ical.Event()
    event.add("uid", f"closed-{day:%Y%m%d}@support-policy")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", f"{name}: closed ({reason})")
    event.add("categories", ["CLOSED"])
    event.add("transp", "TRANSPARENT")
    return event
