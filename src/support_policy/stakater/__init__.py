"""Stakater's support policy, built in.

The policy is a data file shipped in the package (``stakater/stakater.toml``, in the
format of :mod:`support_policy.formats.policy_files`): two plans, Standard (business hours)
and Premium (24x7x365), over the four severities, with P3 the default; and, as an
earlier version in force before 2026-02-22, the three-tier policy (Standard,
Advanced, Premium) documented in August 2025.

The public pages do not say which hours make a business day, in which time zone,
nor whose public holidays close it. The library's default, one visible setting you
can replace (:func:`stakater_business_calendar`, ``Policy.with_business_calendar``),
is Monday to Friday 09:00-17:00 Europe/Stockholm, closed on Swedish public holidays
(``holidays`` country ``SE``, category ``public``). Midsummer Eve, Christmas Eve and
New Year's Eve are ``de_facto`` holidays in that package, so the default stays open
on them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import attrs

from support_policy.calendars import BusinessCalendar, PublicHolidays, WeeklyHours
from support_policy.formats.policy_files import parse_policy
from support_policy.policy import Policy

__all__ = ["stakater_business_calendar", "stakater_policy", "stakater_policy_text"]


def stakater_policy_text() -> str:
    """The text of the built-in policy file (TOML)."""
    return resources.files("support_policy.stakater").joinpath("stakater.toml").read_text("utf-8")


@cache
def _default_policy() -> Policy:
    return parse_policy(stakater_policy_text())


def stakater_business_calendar(
    timezone: str | None = None,
    hours: str | None = None,
    holidays: PublicHolidays | None = None,
) -> BusinessCalendar:
    """The Standard plan's business-hours calendar of the built-in policy file, 8x5.

    Without arguments it is the file's calendar (Monday to Friday 09:00-17:00
    Europe/Stockholm, Swedish public holidays); each argument replaces one part of it.

    Args:
        timezone: the IANA zone the hours are kept in.
        hours: the one daily window, Monday to Friday, e.g. ``"08:00-16:00"``.
        holidays: the public holidays that close it.
    """
    calendar = _default_policy().latest.business_calendar
    changes: dict[str, Any] = {}
    if timezone is not None:
        changes["timezone"] = timezone
    if hours is not None:
        changes["hours"] = WeeklyHours.parse({"mon-fri": hours})
        changes["business_day"] = None  # the new hours' own day
    if holidays is not None:
        changes["holidays"] = holidays
    return attrs.evolve(calendar, **changes) if changes else calendar


def stakater_policy(business_calendar: BusinessCalendar | None = None) -> Policy:
    """Stakater's support policy, with its earlier version.

    Without arguments it returns one shared instance (policies are immutable, and the
    shared one keeps its calendar's tables warm). Give ``business_calendar`` to count
    business targets, in every version, on other hours, another zone or other holidays.

    >>> policy = stakater_policy()
    >>> [str(policy.target("standard", s)) for s in policy.latest.severities]
    ['8 business hours', '12 business hours', '24 business hours', '24 business hours']
    >>> [str(policy.target("Premium", s.code)) for s in policy.latest.severities]
    ['1 hour', '2 hours', '4 hours', '1 business day']
    """
    if business_calendar is None:
        return _default_policy()
    return _default_policy().with_business_calendar(business_calendar)
