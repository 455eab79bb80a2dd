"""The commands about a policy: deadline, plans, calendar, show, validate, ical.

Each returns what it found (a result the renderer prints as text or JSON), or text
that is already a file format (TOML, iCalendar).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from support_policy.calendars.instants import real_time_between
from support_policy.calendars.zones import load_zone
from support_policy.cli._input import OutputError, UsageError, atomic_output, day, instant, zone
from support_policy.errors import InvalidPolicyError
from support_policy.formats.policy_files import dump_policy, load_policy
from support_policy.policy import Plan, Policy, PolicyVersion
from support_policy.render import Record, Table, stamp

__all__ = ["calendar", "deadline", "ical", "plans", "show", "validate"]

MAX_SPAN = timedelta(days=3700)
"""The longest span ``calendar`` and ``ical`` list at once (about ten years)."""


def deadline(policy: Policy, args: argparse.Namespace) -> Any:
    """When a response is due, explained, under the version in force at submission."""
    submitted = instant(args.submitted, zone(args.tz), "submission time")
    severity = None if args.severity.lower() in ("default", "-") else args.severity
    return policy.explain(args.plan, severity, submitted, metric=args.metric)


def _union(groups: Iterable[Iterable[str]]) -> list[str]:
    """Names in the order they first appear."""
    return list(dict.fromkeys(name for group in groups for name in group))


def _channel(plan: Plan, name: str) -> str:
    """Whether ``plan`` offers the channel ``name``, and on what condition."""
    for channel in plan.channels:
        if channel.name == name and channel.available:
            return "yes" + (f" ({channel.condition})" if channel.condition else "")
    return "no"


def _overview(version: PolicyVersion) -> Record:
    """The plans of ``version``: targets, channels, capabilities."""
    plans = version.plans
    channels = Table(
        "Channels",
        (("channel", "Channel"), *((p.name, p.title) for p in plans)),
        [
            (name, *(_channel(p, name) for p in plans))
            for name in _union((c.name for c in p.channels) for p in plans)
        ],
    )
    capabilities = Table(
        "Capabilities",
        (("capability", "Capability"), *((p.name, p.title) for p in plans)),
        [
            (name, *(p.capabilities.get(name) for p in plans))
            for name in _union(p.capabilities for p in plans)
        ],
    )
    metrics = _union(p.metrics for p in plans)
    return Record(
        f"{version.name}: plans",
        (
            ("version", version.name),
            ("default_severity", version.severities.default_code),
            ("targets", version.matrix()),
            *((f"{m}_targets", version.matrix(m)) for m in metrics),
            ("business_calendar", version.business_calendar.describe()),
            ("escalation_triggers", [t.value for t in version.escalation_triggers]),
            ("channels", channels if channels.rows else None),
            ("capabilities", capabilities if capabilities.rows else None),
            ("plans", list(plans)),
        ),
    )


def plans(policy: Policy, args: argparse.Namespace) -> Any:
    """The newest version's plans and targets."""
    return _overview(policy.latest)


def _span(text_start: str, text_end: str, tz: Any) -> tuple[datetime, datetime]:
    start, end = day(text_start, tz, "start"), day(text_end, tz, "end")
    if end <= start:
        raise UsageError(f"the end {text_end!r} must come after the start {text_start!r}")
    if real_time_between(start, end) > MAX_SPAN:
        raise UsageError("give at most ten years at a time")
    return start, end


def calendar(policy: Policy, args: argparse.Namespace) -> Any:
    """The business calendar's open windows (and closures) in ``[start, end)``."""
    business = policy.latest.business_calendar
    start, end = _span(args.start, args.end, zone(args.tz) or load_zone(business.timezone))
    windows = business.windows(start, end)
    return Record(
        f"{business.describe()}: open windows from {stamp(start)} to {stamp(end)}",
        (
            ("calendar", business.describe()),
            ("start", start),
            ("end", end),
            ("open", sum((w.duration for w in windows), timedelta(0))),
            ("windows", windows),
            ("closures", business.closures(start, end) if args.closures else None),
        ),
    )


def show(policy: Policy, args: argparse.Namespace) -> Any:
    """A policy version (the newest, or the one in force at ``--as-of``), or its TOML."""
    version = policy.latest
    if args.as_of is not None:
        tz = load_zone(version.business_calendar.timezone)
        version = policy.as_of(day(args.as_of, tz, "--as-of"))
    if args.toml:
        return dump_policy(policy if args.as_of is None else Policy([version]))
    record = version.record()
    scope = version.scope
    extra: list[tuple[str, Any]] = [("versions", [v.summary() for v in policy.versions])]
    if scope is not None:
        extra += [
            ("in_scope", [str(a) for a in scope.included]),  # with each note: a condition
            ("out_of_scope", [str(a) for a in scope.excluded]),
            ("excluded_route", scope.excluded_route),
        ]
    return Record(record.title, (*record.fields, *extra))


def validate(path: str) -> tuple[bool, str]:
    """Whether the policy file ``path`` is valid, and the report of checking it."""
    try:
        policy = load_policy(path)
    except InvalidPolicyError as exc:
        lines = [f"{w}: {m}" if w else f"{path}: {m}" for w, m in exc.problems]
        return False, "\n".join(lines)
    versions = ", ".join(v.line() for v in policy.versions)
    names = _union((p.name for p in v.plans) for v in policy.versions)
    return True, f"{path}: valid: {versions}; plans: {', '.join(names)}"


def ical(policy: Policy, args: argparse.Namespace) -> Any:
    """Business hours as an iCalendar file, on standard output or in ``--output``."""
    from support_policy.formats.ical import calendar_to_ical  # noqa: PLC0415 - an optional extra

    business = policy.latest.business_calendar
    start, end = _span(args.start, args.end, zone(args.tz) or load_zone(business.timezone))
    if args.output in (None, "-"):
        if sys.stdout is None:
            raise OutputError("standard output is closed")
        data = calendar_to_ical(business, start, end, stamp=datetime.now(UTC))
        try:
            out = memoryview(data)
            while out:  # a pipe may take part of it at a time
                out = out[sys.stdout.buffer.write(out) :]
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None
        return None
    with atomic_output(args.output) as output:  # checked before the work
        output.write(calendar_to_ical(business, start, end, stamp=datetime.now(UTC)))
    return f"wrote {args.output}"
