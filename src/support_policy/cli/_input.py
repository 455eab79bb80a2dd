"""Reading the command line's words: instants, dates, zones and policy files."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NoReturn

from support_policy.calendars.instants import load_zone, parse_iso
from support_policy.errors import InvalidPolicyError
from support_policy.formats.policy_files import load_policy
from support_policy.policy import Policy

__all__ = ["Parser", "UsageError", "day", "duration", "instant", "load", "zone"]


class UsageError(Exception):
    """Bad input on the command line."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError` s."""

    def error(self, message: str) -> NoReturn:
        """Raise instead of exiting, so ``main`` prints one line."""
        raise UsageError(f"{message} (see '{self.prog} --help')")


def zone(name: str | None) -> tzinfo | None:
    """The IANA zone ``name``, or None."""
    if name is None:
        return None
    try:
        return load_zone(name)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def instant(text: str, tz: tzinfo | None, what: str) -> datetime:
    """Read ``now`` or an ISO 8601 date-time; a time without offset needs ``--tz``."""
    if text.strip().lower() == "now":
        return datetime.now(UTC).astimezone(tz) if tz else datetime.now(UTC)
    try:
        value = parse_iso(text)
    except ValueError as exc:
        raise UsageError(f"{what} {exc}, or 'now'") from None
    if value.tzinfo is None:
        if tz is None:
            raise UsageError(
                f"{what} {text!r} has no UTC offset; add one (e.g. +01:00 or Z) "
                "or give --tz ZONE to read it as local time there"
            )
        return value.replace(tzinfo=tz)
    return value.astimezone(tz) if tz else value


_DURATION = re.compile(r"(?:(\d{1,6})d)?(?:(\d{1,7})h)?(?:(\d{1,9})m)?")


def duration(text: str, what: str) -> timedelta:
    """Read a span such as ``4h``, ``90m``, ``2d`` or ``1h30m``."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None or not any(match.groups()):
        raise UsageError(f"{what} {text!r} is not a span such as 4h, 90m, 2d or 1h30m")
    days, hours, minutes = (int(g or 0) for g in match.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes)
    except OverflowError:
        raise UsageError(f"{what} {text!r} is too long") from None


def day(text: str, tz: tzinfo, what: str) -> datetime:
    """Read a date (midnight in ``tz``) or a date-time."""
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        return instant(text, tz, what)
    return datetime.combine(parsed, time(0), tzinfo=tz)


def load(path: str) -> Policy:
    """The policy file at ``path``, or a one-line usage error naming its first problem."""
    try:
        return load_policy(path)
    except InvalidPolicyError as exc:
        count = len(exc.problems)
        where, message = exc.problems[0]
        first = f"{where}: {message}" if where else message
        more = f" (and {count - 1} more; run 'support-policy validate {path}')" if count > 1 else ""
        raise UsageError(f"{path} is not a valid policy: {first}{more}") from None
