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
        BusinessCalendar as BusinessCalendar,
        Closure as Closure,
        CoverageCalendar as CoverageCalendar,
        Interval as Interval,
        PartialClosure as PartialClosure,
        PublicHolidays as PublicHolidays,
        RecurringClosure as RecurringClosure,
        RoundTheClock as RoundTheClock,
        WeeklyHours as WeeklyHours,
        Window as Window,
        data_versions as data_versions,
        set_zone_source as set_zone_source,
        zone_source as zone_source,
    )
    from support_policy.errors import (
        InvalidCalendarError as InvalidCalendarError,
        InvalidDurationError as InvalidDurationError,
        InvalidPolicyError as InvalidPolicyError,
        InvalidTargetError as InvalidTargetError,
        InvalidTicketError as InvalidTicketError,
        MissingExtraError as MissingExtraError,
        NaiveDatetimeError as NaiveDatetimeError,
        OutOfRangeError as OutOfRangeError,
        SupportPolicyError as SupportPolicyError,
        TicketFileError as TicketFileError,
        UnknownPlanError as UnknownPlanError,
        UnknownSeverityError as UnknownSeverityError,
    )
    from support_policy.formats import (
        ReadCounts as ReadCounts,
        calendar_to_ical as calendar_to_ical,
        dump_policy as dump_policy,
        load_policy as load_policy,
        parse_policy as parse_policy,
        policy_from_dict as policy_from_dict,
        read_tickets as read_tickets,
        write_csv as write_csv,
        write_jsonl as write_jsonl,
    )
    from support_policy.policy import (
        Activity as Activity,
        Availability as Availability,
        Boundary as Boundary,
        Channel as Channel,
        ClockRules as ClockRules,
        DeadlineExplanation as DeadlineExplanation,
        EscalationModel as EscalationModel,
        EscalationTrigger as EscalationTrigger,
        Plan as Plan,
        Policy as Policy,
        PolicyVersion as PolicyVersion,
        Scope as Scope,
        ScopeAnswer as ScopeAnswer,
        Severity as Severity,
        SeverityScale as SeverityScale,
        Target as Target,
        TargetUnit as TargetUnit,
    )
    from support_policy.sla import (
        ComplianceReport as ComplianceReport,
        EscalationDue as EscalationDue,
        Event as Event,
        EventKind as EventKind,
        Ticket as Ticket,
        TicketExplanation as TicketExplanation,
        TicketStatus as TicketStatus,
        Upcoming as Upcoming,
        breaching_within as breaching_within,
        escalations_due as escalations_due,
        evaluate as evaluate,
        ticket_status as ticket_status,
    )
    from support_policy.stakater import (
        stakater_business_calendar as stakater_business_calendar,
        stakater_policy as stakater_policy,
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - when asked

    try:
        return version("support_policy")
    except PackageNotFoundError:  # pragma: no cover - a source tree not installed
        return "0+unknown"


_NAMES = names_of(
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
    ("support_policy.stakater", ("stakater_business_calendar", "stakater_policy")),
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
)

__getattr__, __dir__ = exports(__name__, _NAMES, {"__version__": _version})

__all__ = [*_NAMES, "__version__"]  # noqa: PLE0604 - the names above, grouped by layer
