"""The time core: instants, weekly hours, closures, interval tables and the two calendars.

Nothing here knows of plans, severities, tickets or files. A calendar answers when a
support clock runs and does exact arithmetic on it: :class:`RoundTheClock` counts real
elapsed time, :class:`BusinessCalendar` counts only its open windows.
"""

from support_policy.calendars.base import Closure, CoverageCalendar, Interval
from support_policy.calendars.business import BusinessCalendar
from support_policy.calendars.closures import PartialClosure, PublicHolidays, RecurringClosure
from support_policy.calendars.hours import WEEKDAYS, WeeklyHours, Window
from support_policy.calendars.round_the_clock import RoundTheClock
from support_policy.calendars.zones import data_versions, set_zone_source, zone_source

__all__ = [
    "WEEKDAYS",
    "BusinessCalendar",
    "Closure",
    "CoverageCalendar",
    "Interval",
    "PartialClosure",
    "PublicHolidays",
    "RecurringClosure",
    "RoundTheClock",
    "WeeklyHours",
    "Window",
    "data_versions",
    "set_zone_source",
    "zone_source",
]
