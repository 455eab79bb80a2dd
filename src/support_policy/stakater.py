"""Stakater's support policy, built in.

Two plans, Standard (business hours) and Premium (24x7x365), over the four
severities, with P3 the default. The public pages do not say which hours make a
business day, in which time zone, nor whose public holidays close it. The library's
default, one visible setting you can replace (:func:`stakater_business_calendar`,
:meth:`Policy.with_business_calendar`), is Monday to Friday 09:00-17:00
Europe/Stockholm, closed on Swedish public holidays (``holidays`` country ``SE``,
category ``public``). Midsummer Eve, Christmas Eve and New Year's Eve are
``de_facto`` holidays in that package, so the default stays open on them.
"""

from __future__ import annotations

from functools import cache

from support_policy.calendars import BusinessCalendar, PublicHolidays
from support_policy.plans import Availability, Channel, EscalationModel, Plan
from support_policy.policy import Policy
from support_policy.severities import Severity

__all__ = ["stakater_business_calendar", "stakater_policy"]

A = Availability

CAPABILITIES = (
    # capability, Standard, Premium
    ("Shared support queue", A.YES, A.NO),
    ("Priority support queue", A.NO, A.YES),
    ("Direct senior engineer escalation", A.LIMITED, A.YES),
    ("Named technical contact", A.NO, A.YES),
    ("Quarterly service review", A.NO, A.YES),
    ("Proactive architecture and upgrade guidance", A.ON_REQUEST, A.INCLUDED),
    ("Incident trend analysis and recommendations", A.NO, A.YES),
    ("Management escalation path", A.ON_REQUEST, A.INCLUDED),
)

ESCALATION_TRIGGERS = (
    "business impact",
    "lack of progress",
    "customer request (when justified)",
)


def stakater_business_calendar(
    timezone: str = "Europe/Stockholm",
    hours: str = "09:00-17:00",
    holidays: PublicHolidays | None = None,
) -> BusinessCalendar:
    """The business-hours calendar of the Standard plan: 8x5, Monday to Friday.

    Args:
        timezone: the IANA zone the hours are kept in.
        hours: the one daily window.
        holidays: the public holidays that close it; Swedish public holidays by default.
    """
    return BusinessCalendar(
        timezone,
        {"mon-fri": hours},
        PublicHolidays("SE") if holidays is None else holidays,
        name="Stakater business hours (8x5)",
    )


@cache
def _default_policy() -> Policy:
    return _build(stakater_business_calendar())


def stakater_policy(business_calendar: BusinessCalendar | None = None) -> Policy:
    """Stakater's two-plan support policy.

    Without arguments it returns one shared instance (policies are immutable, and the
    shared one keeps its calendar's tables warm). Give ``business_calendar`` to count
    business targets on other hours, another zone or other holidays.

    >>> policy = stakater_policy()
    >>> [str(policy.response_target("standard", s)) for s in Severity]
    ['8 business hours', '12 business hours', '24 business hours', '24 business hours']
    >>> [str(policy.response_target("Premium", s)) for s in Severity]
    ['1 hour', '2 hours', '4 hours', '1 business day']
    """
    if business_calendar is None:
        return _default_policy()
    return _build(business_calendar)


def _build(calendar: BusinessCalendar) -> Policy:
    standard = Plan(
        name="standard",
        title="Standard",
        coverage="8x5 business hours (Monday-Friday, excluding public holidays)",
        summary="Business-hours support for development, non-critical and cost-sensitive work.",
        targets={
            Severity.P1: "8 business hours",
            Severity.P2: "12 business hours",
            Severity.P3: "24 business hours",
            Severity.P4: "24 business hours",
        },
        channels=(
            Channel("Support Portal", True),
            Channel("Slack (shared channel)", False),
            Channel("Phone (P1 incidents)", False),
        ),
        capabilities={name: standard for name, standard, _ in CAPABILITIES},
        escalation=EscalationModel(
            queue="shared engineering queue",
            engineering="escalation within the engineering team as required",
            immediate=(),
            senior_engineering=A.LIMITED,
            management=A.ON_REQUEST,
            management_needs_written_request=True,
        ),
    )
    premium = Plan(
        name="premium",
        title="Premium",
        coverage="24x7x365",
        summary="Round-the-clock support with priority handling for production workloads.",
        targets={
            Severity.P1: "1 hour",
            Severity.P2: "2 hours",
            Severity.P3: "4 hours",
            Severity.P4: "1 business day",
        },
        channels=(
            Channel("Support Portal", True),
            Channel("Slack (shared channel)", True, "if agreed in advance"),
            Channel("Phone (P1 incidents)", True, "if agreed in advance"),
        ),
        capabilities={name: premium for name, _, premium in CAPABILITIES},
        escalation=EscalationModel(
            queue="priority queue",
            engineering="direct access to senior engineering when required",
            immediate=(Severity.P1,),
            senior_engineering=A.YES,
            management=A.INCLUDED,
            management_needs_written_request=False,
        ),
    )
    return Policy(
        name="Stakater support policy",
        plans=(standard, premium),
        business_calendar=calendar,
        default_severity=Severity.P3,
        escalation_triggers=ESCALATION_TRIGGERS,
    )
