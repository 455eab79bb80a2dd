"""The policy file format, declared once: every section, its keys and their kinds.

The declarations drive reading, writing and the reference table of
``docs/policy-files.md`` (see :mod:`support_policy.formats.policy_files`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from support_policy.calendars import (
    WEEKDAYS,
    BusinessCalendar,
    PartialClosure,
    PublicHolidays,
    RecurringClosure,
)
from support_policy.calendars.hours import windows_of
from support_policy.calendars.zones import load_zone
from support_policy.errors import InvalidCalendarError
from support_policy.formats.kinds import (
    AMOUNT,
    DATE,
    DURATION,
    FLAG,
    NUMBER,
    NUMBERS,
    TEXT,
    TEXTS,
    Checked,
    Choice,
    ListOf,
    TableOf,
)
from support_policy.formats.schema import Field, Keyed, Section, section_kind
from support_policy.policy import (
    Activity,
    Availability,
    Boundary,
    Channel,
    ClockRules,
    EscalationModel,
    EscalationTrigger,
    Plan,
    Policy,
    PolicyVersion,
    Scope,
    Severity,
    SeverityScale,
    Target,
    TargetUnit,
)

__all__ = ["FORMAT", "POLICY", "SECTIONS"]

FORMAT = 1
"""The version of the file format this library reads and writes."""

_TARGET = Section(
    "targets.<severity>",
    (
        Field(
            "amount",
            Checked(AMOUNT, lambda v: Target(v, "hours")),
            'how much time, positive: `8`, `0.5` or `"1/3"`',
            required=True,
        ),
        Field("unit", Choice(TargetUnit), "the clock it counts on", required=True),
    ),
    Target,
    Target,
    "A target: an amount of time on a clock. `hours` are real elapsed time; business "
    "hours and days count only while the business calendar is open.",
)
_TARGETS = TableOf(section_kind(_TARGET), key_doc="severity code (or `all`)")

_CHANNEL = Section(
    "plans.<name>.channels[]",
    (
        Field("name", TEXT, "the channel", required=True),
        Field("available", FLAG, "whether the plan includes it", required=True),
        Field("condition", TEXT, "on what condition"),
    ),
    Channel,
    Channel,
)

_ESCALATION = Section(
    "plans.<name>.escalation",
    (
        Field("queue", TEXT, "the queue that handles the plan's tickets", required=True),
        Field("engineering", TEXT, "how escalation within engineering works", required=True),
        Field(
            "immediate",
            TEXTS,
            "severity codes escalated at once, on submission",
            get=lambda m: sorted(m.immediate),
        ),
        Field("senior_engineering", Choice(Availability), "access to senior engineers"),
        Field("management", Choice(Availability), "the management escalation path"),
        Field("management_needs_written_request", FLAG, "whether the customer must ask in writing"),
    ),
    EscalationModel,
    EscalationModel,
)

_PLAN = Section(
    "plans.<name>",
    (
        Field("title", TEXT, "the display name", required=True),
        Field("coverage", TEXT, "when support is staffed, in words", required=True),
        Field("summary", TEXT, "who the plan is for"),
        Field("targets", _TARGETS, "the first-response target of each severity", required=True),
        Field(
            "metrics",
            TableOf(_TARGETS, key_doc="metric name"),
            "other metrics (e.g. `incident_response`, `update_interval`), each a table of targets",
        ),
        Field("channels", ListOf(section_kind(_CHANNEL)), "the ways to reach support"),
        Field(
            "capabilities",
            TableOf(Choice(Availability), key_doc="capability"),
            "the capability table",
        ),
        Field("escalation", section_kind(_ESCALATION), "the escalation model"),
    ),
    Plan,
    Plan,
    "A plan, keyed by its lower-case name.",
)

_SEVERITY = Section(
    "severities.<code>",
    (
        Field("label", TEXT, "the one-word label, e.g. `Critical`", required=True),
        Field("definition", TEXT, "what makes a request this severe"),
        Field("aliases", TEXTS, "other spellings accepted for the level"),
    ),
    Severity,
    Severity,
    "A severity level, keyed by its code; the order of the tables is the order of urgency, "
    "most urgent first.",
)

_HOLIDAYS = Section(
    "business_calendar.holidays",
    (
        Field("country", TEXT, "an ISO country code of the `holidays` package", required=True),
        Field("subdivision", TEXT, "a subdivision (state, province)"),
        Field("categories", TEXTS, "holiday categories; `public` by default"),
    ),
    PublicHolidays,
    PublicHolidays,
)

_RECURRING = Section(
    "business_calendar.recurring_closures[]",
    (
        Field("rule", TEXT, "an iCalendar RRULE, daily or rarer", required=True),
        Field("reason", TEXT, "why the calendar is closed", required=True),
    ),
    RecurringClosure,
    RecurringClosure,
)

_PARTIAL = Section(
    "business_calendar.partial_closures[]",
    (
        Field(
            "closes_at",
            TEXT,
            "the early closing time, `HH:MM`",
            required=True,
            get=lambda c: c.closing_time,
        ),
        Field("reason", TEXT, "why", required=True),
        Field("rule", TEXT, "an RRULE giving the days"),
        Field("dates", ListOf(DATE), "the days, as dates"),
        Field("before_holidays", FLAG, "the day before each public holiday"),
        Field("holiday_category", TEXT, "the days of a `holidays` category"),
    ),
    PartialClosure,
    PartialClosure,
)


def _hours(calendar: BusinessCalendar) -> dict[str, str]:
    """The weekly hours, runs of days with the same windows as one key (``mon-fri``)."""
    days, out, d = calendar.hours.days, {}, 0
    while d < 7:
        e = d
        while e + 1 < 7 and days[e + 1] == days[d]:
            e += 1
        if days[d]:
            first, last = WEEKDAYS[d][:3].lower(), WEEKDAYS[e][:3].lower()
            out[first if d == e else f"{first}-{last}"] = _windows_text(days[d])
        d = e + 1
    return out


def _windows_text(windows: Any) -> str:
    return ", ".join(str(w) for w in windows)


def _zone(key: str) -> None:
    try:
        load_zone(key)
    except ValueError as exc:
        raise InvalidCalendarError(str(exc)) from None


_WINDOWS = Checked(TEXT, windows_of)  # windows such as "09:00-12:00, 13:00-17:00"
_CALENDAR = Section(
    "business_calendar",
    (
        Field("name", TEXT, "a short name for messages"),
        Field("timezone", Checked(TEXT, _zone), "the IANA time zone of the hours", required=True),
        Field(
            "hours",
            TableOf(_WINDOWS, key_doc="days (`mon-fri`, `sat`)"),
            'the weekly windows, e.g. `{ mon-fri = "09:00-17:00" }`',
            required=True,
            get=_hours,
        ),
        Field(
            "business_day",
            DURATION,
            "one business day's length, for targets in business "
            "days; by default the most common daily total",
        ),
        Field("holidays", section_kind(_HOLIDAYS), "the public holidays that close it"),
        Field("closed_dates", TableOf(TEXT, DATE, "date"), "extra closed dates and why"),
        Field(
            "open_dates",
            TableOf(_WINDOWS, DATE, "date"),
            "extra open dates and their windows; they win over everything else",
            get=lambda c: {d: _windows_text(w) for d, w in c.open_dates.items()},
        ),
        Field("recurring_closures", ListOf(section_kind(_RECURRING)), "whole days closed by rules"),
        Field("partial_closures", ListOf(section_kind(_PARTIAL)), "days that close early"),
    ),
    BusinessCalendar,
    BusinessCalendar,
    "The calendar that business-hour and business-day targets count on.",
)

_ACTIVITY = Section(
    "scope.included[] / scope.excluded[]",
    (
        Field("name", TEXT, "the activity", required=True),
        Field("keywords", TEXTS, "words that name it in a question"),
        Field("note", TEXT, "a condition or remark"),
        Field("unless", TEXTS, "words meaning the note's condition holds"),
    ),
    Activity,
    Activity,
)

_BOUNDARY = Section(
    "scope.boundaries.<kind>",
    (
        Field("covers", TEXTS, "what this kind of support covers"),
        Field("excludes", TEXTS, "what it excludes"),
    ),
    Boundary,
    Boundary,
)

_SCOPE = Section(
    "scope",
    (
        Field("included", ListOf(section_kind(_ACTIVITY)), "activities in scope", required=True),
        Field(
            "excluded", ListOf(section_kind(_ACTIVITY)), "activities out of scope", required=True
        ),
        Field("excluded_route", TEXT, "where excluded work goes"),
        Field("unlisted_route", TEXT, "what happens to unlisted work"),
        Field("vendor_responsibilities", TEXTS, "what the vendor does"),
        Field("customer_responsibilities", TEXTS, "what the customer does"),
        Field(
            "boundaries",
            TableOf(section_kind(_BOUNDARY), key_doc="kind"),
            "what each kind of support covers",
        ),
    ),
    Scope,
    Scope,
)

_CLOCK = Section(
    "clock",
    (
        Field("pauses", FLAG, "whether the clock stops while a ticket waits for the customer"),
        Field("reclassification", TEXT, "`from_submission` or `from_change`"),
        Field("plan_changes", TEXT, "`at_submission` or `from_change`"),
        Field("thresholds", NUMBERS, "fractions of a target at which a ticket is at risk"),
    ),
    ClockRules,
    ClockRules,
    "How the ticket clock treats reclassification, pauses and plan changes.",
)


def _make_version(
    severities: list[Severity] | None = None, default_severity: str = "P3", **kwargs: Any
) -> PolicyVersion:
    levels = severities if severities is not None else _STANDARD_LEVELS
    return PolicyVersion(severities=SeverityScale(levels, default_severity), **kwargs)


def _plan_key(key: str) -> str | None:
    if key != key.strip().lower() or not key:
        return "plan names are lower case, without spaces around them"
    return None


_STANDARD_LEVELS = [
    Severity("P1", "Critical"),
    Severity("P2", "High"),
    Severity("P3", "Medium"),
    Severity("P4", "Low"),
]

_VERSION_FIELDS = (
    Field("name", TEXT, "the version's name", required=True),
    Field("note", TEXT, "where the policy comes from, caveats"),
    Field(
        "effective_from",
        DATE,
        "the date it took effect, at 00:00 in the business "
        "calendar's zone; only the oldest version may leave it out",
    ),
    Field(
        "default_severity",
        TEXT,
        "the code of the level a request without one gets; `P3` by default",
        get=lambda v: v.severities.default_code,
        default=None,
    ),
    Field(
        "escalation_triggers",
        ListOf(Choice(EscalationTrigger)),
        "what may set off an escalation",
        get=lambda v: list(v.escalation_triggers),
    ),
    Field(
        "severities",
        Keyed(_SEVERITY, "code", "severity code"),
        "the severity levels, most urgent first (P1 Critical to P4 Low when left out)",
        get=lambda v: list(v.severities.levels),
        default=None,
    ),
    Field("business_calendar", section_kind(_CALENDAR), "the business calendar", required=True),
    Field(
        "plans",
        Keyed(_PLAN, "name", "plan name", _plan_key),
        "the plans, in display order",
        required=True,
    ),
    Field("scope", section_kind(_SCOPE), "what support includes and excludes"),
    Field("clock", section_kind(_CLOCK), "the ticket clock's rules", attr="clock_rules"),
)
_VERSION = Section(
    "earlier_versions[]",
    _VERSION_FIELDS,
    _make_version,
    PolicyVersion,
    "An earlier version of the policy, newest first; the same keys as the top level "
    "(without `format` and `earlier_versions`).",
)


def _make_policy(
    format: int, earlier_versions: Sequence[PolicyVersion] = (), **kwargs: Any
) -> Policy:
    return Policy([_make_version(**kwargs), *earlier_versions])


POLICY = Section(
    "(top level)",
    (
        Field("format", NUMBER, f"the file format; `{FORMAT}`", required=True),
        *_VERSION_FIELDS,
        Field(
            "earlier_versions",
            ListOf(section_kind(_VERSION)),
            "earlier versions, newest first",
            get=lambda p: list(p.versions[1:]),
        ),
    ),
    _make_policy,
    PolicyVersion,
    "The newest version of the policy, and the file's format.",
)

SECTIONS = (
    POLICY,
    _VERSION,
    _SEVERITY,
    _CALENDAR,
    _HOLIDAYS,
    _RECURRING,
    _PARTIAL,
    _PLAN,
    _TARGET,
    _CHANNEL,
    _ESCALATION,
    _SCOPE,
    _ACTIVITY,
    _BOUNDARY,
    _CLOCK,
)
"""Every section of a policy file, in the order the reference lists them."""
