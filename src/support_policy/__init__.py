"""Stakater's support policy as exact, reusable code.

The public names, by layer (each layer imports only the ones below it):

* the time core (:mod:`support_policy.calendars`): calendars and their arithmetic;
* the policy model (:mod:`support_policy.policy`): severity levels, targets, plans,
  scope, a policy version and the history of versions;
* the SLA engine (:mod:`support_policy.sla`): tickets, their status, escalations,
  compliance reports;
* formats (:mod:`support_policy.formats`): policy files, ticket files, iCalendar;
* the built-in preset (:mod:`support_policy.stakater`);
* errors (:mod:`support_policy.errors`), under :class:`SupportPolicyError`.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> import support_policy
>>> policy = support_policy.stakater_policy()
>>> friday_2am = datetime(2026, 11, 27, 2, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
>>> policy.response_deadline("standard", "P1", friday_2am)
datetime.datetime(2026, 11, 27, 17, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Stockholm'))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from support_policy._lazy import exports, names_of

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on first use
    from support_policy.calendars import (
        BusinessCalendar,
        Closure,
        CoverageCalendar,
        Interval,
        PartialClosure,
        PublicHolidays,
        RecurringClosure,
        RoundTheClock,
        WeeklyHours,
        Window,
        data_versions,
        set_zone_source,
        zone_source,
    )
    from support_policy.errors import (
        InvalidCalendarError,
        InvalidDurationError,
        InvalidPolicyError,
        InvalidTargetError,
        InvalidTicketError,
        MissingExtraError,
        NaiveDatetimeError,
        OutOfRangeError,
        SupportPolicyError,
        TicketFileError,
        UnknownPlanError,
        UnknownSeverityError,
    )
    from support_policy.formats import (
        ReadCounts,
        calendar_to_ical,
        dump_policy,
        load_policy,
        parse_policy,
        policy_from_dict,
        read_tickets,
        write_csv,
        write_jsonl,
    )
    from support_policy.policy import (
        Activity,
        Availability,
        Boundary,
        Channel,
        ClockRules,
        DeadlineExplanation,
        EscalationModel,
        EscalationTrigger,
        Plan,
        Policy,
        PolicyVersion,
        Scope,
        ScopeAnswer,
        Severity,
        SeverityScale,
        Target,
        TargetUnit,
    )
    from support_policy.sla import (
        ComplianceReport,
        EscalationDue,
        Event,
        EventKind,
        Ticket,
        TicketExplanation,
        TicketStatus,
        Upcoming,
        breaching_within,
        escalations_due,
        evaluate,
        ticket_status,
    )
    from support_policy.stakater import stakater_business_calendar, stakater_policy


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - when asked

    try:
        return version("support_policy")
    except PackageNotFoundError:  # pragma: no cover - a source tree not installed
        return "0+unknown"


__getattr__, __dir__ = exports(
    __name__,
    names_of(
        (
            "support_policy.calendars",
            (
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
            ),
        ),
        (
            "support_policy.errors",
            (
                "InvalidCalendarError",
                "InvalidDurationError",
                "InvalidPolicyError",
                "InvalidTargetError",
                "InvalidTicketError",
                "MissingExtraError",
                "NaiveDatetimeError",
                "OutOfRangeError",
                "SupportPolicyError",
                "TicketFileError",
                "UnknownPlanError",
                "UnknownSeverityError",
            ),
        ),
        (
            "support_policy.formats",
            (
                "ReadCounts",
                "calendar_to_ical",
                "dump_policy",
                "load_policy",
                "parse_policy",
                "policy_from_dict",
                "read_tickets",
                "write_csv",
                "write_jsonl",
            ),
        ),
        (
            "support_policy.policy",
            (
                "Activity",
                "Availability",
                "Boundary",
                "Channel",
                "ClockRules",
                "DeadlineExplanation",
                "EscalationModel",
                "EscalationTrigger",
                "Plan",
                "Policy",
                "PolicyVersion",
                "Scope",
                "ScopeAnswer",
                "Severity",
                "SeverityScale",
                "Target",
                "TargetUnit",
            ),
        ),
        (
            "support_policy.sla",
            (
                "ComplianceReport",
                "EscalationDue",
                "Event",
                "EventKind",
                "Ticket",
                "TicketExplanation",
                "TicketStatus",
                "Upcoming",
                "breaching_within",
                "escalations_due",
                "evaluate",
                "ticket_status",
            ),
        ),
        ("support_policy.stakater", ("stakater_business_calendar", "stakater_policy")),
    ),
    {"__version__": _version},
)

__all__ = [  # noqa: RUF022 - grouped by layer, bottom up
    # the time core
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
    # the policy model
    "Activity",
    "Availability",
    "Boundary",
    "Channel",
    "ClockRules",
    "DeadlineExplanation",
    "EscalationModel",
    "EscalationTrigger",
    "Plan",
    "Policy",
    "PolicyVersion",
    "Scope",
    "ScopeAnswer",
    "Severity",
    "SeverityScale",
    "Target",
    "TargetUnit",
    # the SLA engine
    "ComplianceReport",
    "EscalationDue",
    "Event",
    "EventKind",
    "Ticket",
    "TicketExplanation",
    "TicketStatus",
    "Upcoming",
    "breaching_within",
    "escalations_due",
    "evaluate",
    "ticket_status",
    # formats
    "ReadCounts",
    "calendar_to_ical",
    "dump_policy",
    "load_policy",
    "parse_policy",
    "policy_from_dict",
    "read_tickets",
    "write_csv",
    "write_jsonl",
    # the built-in preset
    "stakater_business_calendar",
    "stakater_policy",
    # errors
    "InvalidCalendarError",
    "InvalidDurationError",
    "InvalidPolicyError",
    "InvalidTargetError",
    "InvalidTicketError",
    "MissingExtraError",
    "NaiveDatetimeError",
    "OutOfRangeError",
    "SupportPolicyError",
    "TicketFileError",
    "UnknownPlanError",
    "UnknownSeverityError",
    # the version
    "__version__",
]
