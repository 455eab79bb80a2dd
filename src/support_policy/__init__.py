"""Stakater's support policy as exact, reusable code.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> import support_policy
>>> policy = support_policy.stakater_policy()
>>> friday_2am = datetime(2026, 11, 27, 2, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
>>> policy.response_deadline("standard", "P1", friday_2am)
datetime.datetime(2026, 11, 27, 17, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Stockholm'))
"""

from support_policy.calendars import (
    BusinessCalendar,
    Closure,
    CoverageCalendar,
    Interval,
    PublicHolidays,
    RoundTheClock,
    WeeklyHours,
    Window,
)
from support_policy.calendars.closures import PartialClosure, RecurringClosure
from support_policy.errors import (
    InvalidCalendarError,
    InvalidDurationError,
    InvalidPolicyError,
    InvalidTargetError,
    NaiveDatetimeError,
    OutOfRangeError,
    SupportPolicyError,
    UnknownPlanError,
    UnknownSeverityError,
)
from support_policy.formats.policy_files import (
    dump_policy,
    load_policy,
    parse_policy,
    policy_from_dict,
)
from support_policy.policy.deadlines import DeadlineExplanation, format_duration
from support_policy.policy.plans import Availability, Channel, EscalationModel, Plan
from support_policy.policy.scope import Activity, Boundary, Scope, ScopeAnswer
from support_policy.policy.severities import Severity, SeverityInfo
from support_policy.policy.targets import Target, TargetUnit
from support_policy.policy.version import Policy
from support_policy.sla.clock import ClockRules, TicketStatus
from support_policy.sla.escalation import EscalationDue
from support_policy.sla.tickets import Event, EventKind, InvalidTicketError, Ticket
from support_policy.stakater import stakater_business_calendar, stakater_policy

__version__ = "0.1.0"

__all__ = [
    "Activity",
    "Availability",
    "Boundary",
    "BusinessCalendar",
    "Channel",
    "ClockRules",
    "Closure",
    "CoverageCalendar",
    "DeadlineExplanation",
    "EscalationDue",
    "EscalationModel",
    "Event",
    "EventKind",
    "Interval",
    "InvalidCalendarError",
    "InvalidDurationError",
    "InvalidPolicyError",
    "InvalidTargetError",
    "InvalidTicketError",
    "NaiveDatetimeError",
    "OutOfRangeError",
    "PartialClosure",
    "Plan",
    "Policy",
    "PublicHolidays",
    "RecurringClosure",
    "RoundTheClock",
    "Scope",
    "ScopeAnswer",
    "Severity",
    "SeverityInfo",
    "SupportPolicyError",
    "Target",
    "TargetUnit",
    "Ticket",
    "TicketStatus",
    "UnknownPlanError",
    "UnknownSeverityError",
    "WeeklyHours",
    "Window",
    "__version__",
    "dump_policy",
    "format_duration",
    "load_policy",
    "parse_policy",
    "policy_from_dict",
    "stakater_business_calendar",
    "stakater_policy",
]
