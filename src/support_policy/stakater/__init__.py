"""Stakater's support policy, built in.

The policy is a data file shipped in the package (``data/stakater.toml``, in the
format of :mod:`support_policy.formats.policy_files`): two plans, Standard (business hours)
and Premium (24x7x365), over the four severities, with P3 the default; and, as an
earlier version in force before 2026-02-22, the three-tier policy (Standard,
Advanced, Premium) documented in August 2025.

The public pages do not say which hours make a business day, in which time zone,
nor whose public holidays close it. The library's default, one visible setting you
can replace (:func:`stakater_business_calendar`, :meth:`Policy.with_business_calendar`),
is Monday to Friday 09:00-17:00 Europe/Stockholm, closed on Swedish public holidays
(``holidays`` country ``SE``, category ``public``). Midsummer Eve, Christmas Eve and
New Year's Eve are ``de_facto`` holidays in that package, so the default stays open
on them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from support_policy.calendars import BusinessCalendar
from support_policy.calendars.closures import PublicHolidays
from support_policy.formats.policy_files import parse_policy
from support_policy.policy.version import Policy

__all__ = ["stakater_business_calendar", "stakater_policy", "stakater_policy_text"]


def stakater_policy_text() -> str:
    """The text of the built-in policy file (TOML)."""
    return resources.files("support_policy.stakater").joinpath("stakater.toml").read_text("utf-8")


def stakater_business_calendar(
    timezone: str = "Europe/Stockholm",
    hours: str = "09:00-17:00",
    holidays: PublicHolidays | None = None,
) -> BusinessCalendar:
    """The Standard plan's business-hours calendar, 8x5, Monday to Friday.

    Without arguments it equals the calendar of the built-in policy file.

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
    return parse_policy(stakater_policy_text())


def stakater_policy(business_calendar: BusinessCalendar | None = None) -> Policy:
    """Stakater's support policy, with its earlier version.

    Without arguments it returns one shared instance (policies are immutable, and the
    shared one keeps its calendar's tables warm). Give ``business_calendar`` to count
    business targets, in every version, on other hours, another zone or other holidays.

    >>> from support_policy import Severity
    >>> policy = stakater_policy()
    >>> [str(policy.response_target("standard", s)) for s in Severity]
    ['8 business hours', '12 business hours', '24 business hours', '24 business hours']
    >>> [str(policy.response_target("Premium", s)) for s in Severity]
    ['1 hour', '2 hours', '4 hours', '1 business day']
    """
    if business_calendar is None:
        return _default_policy()
    return _default_policy().with_business_calendar(business_calendar)
