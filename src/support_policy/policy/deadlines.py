"""Response deadlines, and their explanation in words for people and logs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from support_policy.calendars import Closure, CoverageCalendar
from support_policy.calendars.instants import real_time_between
from support_policy.policy.plans import Plan
from support_policy.policy.severities import Severity
from support_policy.policy.targets import Target

__all__ = ["DeadlineExplanation", "explain_deadline", "format_duration"]


def format_duration(value: timedelta) -> str:
    """Write a duration as hours and minutes, e.g. ``'26h 30m'`` (never in days).

    Business time is easier to read in hours: ``timedelta(days=1)`` of business time
    is three 8-hour business days, not one calendar day.

    >>> format_duration(timedelta(hours=26, minutes=30))
    '26h 30m'
    >>> format_duration(timedelta(seconds=90))
    '0h 01m 30s'
    """
    sign = "-" if value < timedelta(0) else ""
    total = abs(value)
    micro = total.microseconds
    seconds = total.days * 86_400 + total.seconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours}h {minutes:02d}m"
    if secs or micro:
        text += f" {secs:02d}s" if not micro else f" {secs:02d}.{micro:06d}s"
    return text


def _stamp(value: datetime) -> str:
    """``'Fri 2026-11-27 17:00 CET (+01:00)'``."""
    offset = value.isoformat()[-6:]
    name = value.tzname() or offset
    if name in (offset, "UTC") or name.startswith(("UTC+", "UTC-")):
        zone = "UTC" if name == "UTC" else offset  # a fixed offset has no better name
    else:
        zone = f"{name} ({offset})"
    seconds = f":{value:%S}" if value.second or value.microsecond else ""
    return f"{value:%a %Y-%m-%d %H:%M}{seconds} {zone}"


@attrs.frozen
class DeadlineExplanation:
    """Why a response is due when it is.

    Attributes:
        plan: the plan's name.
        plan_title: the plan's title.
        severity: the severity the target was chosen by.
        severity_defaulted: True when no severity was given and the default applied.
        target: the response target.
        clock: how the target's clock runs, in words.
        round_the_clock: whether the clock counts real elapsed time.
        submitted_at: when the request was submitted (the clock starts then).
        counting_from: when the clock first ran (the next opening, on a closed calendar).
        due_at: the deadline.
        allowed: the clock time the target allows.
        closures: the closed spans between submission and ``due_at`` that did not count.
        metric: the metric the target belongs to (``"response"``: the first response).
    """

    plan: str
    plan_title: str
    severity: Severity
    severity_defaulted: bool
    target: Target
    clock: str
    round_the_clock: bool
    submitted_at: datetime
    counting_from: datetime
    due_at: datetime
    allowed: timedelta
    closures: tuple[Closure, ...]
    metric: str = "response"
    version: str = ""

    @property
    def what(self) -> str:
        """The metric in words: ``'first response'``, ``'incident response'``..."""
        return "first response" if self.metric == "response" else self.metric.replace("_", " ")

    @property
    def waited(self) -> timedelta:
        """Real time from submission until the clock started (0 when it was open)."""
        return real_time_between(self.submitted_at, self.counting_from)

    def text(self) -> str:
        """The explanation as a few lines of plain text."""
        severity = f"{self.severity}" + (" (the default)" if self.severity_defaulted else "")
        lines = [
            f"{self.plan_title} {severity}: {self.what} due {_stamp(self.due_at)}",
            f"  target:    {self.target} ({format_duration(self.allowed)} on the clock)",
            f"  clock:     {self.clock}",
            f"  submitted: {_stamp(self.submitted_at)}",
        ]
        if self.waited:
            lines.append(
                f"  counting:  from {_stamp(self.counting_from)}, the next opening "
                f"({format_duration(self.waited)} after submission)"
            )
        else:
            lines.append("  counting:  from submission (the clock was running)")
        if self.closures:
            lines.append(f"  skipped {len(self.closures)} closure(s):")
            lines.extend(
                f"    {c.start:%Y-%m-%d %H:%M} \u2192 {c.end:%Y-%m-%d %H:%M} "
                f"({', '.join(c.reasons)})"
                for c in self.closures
            )
        else:
            lines.append("  skipped:   no closures")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def as_dict(self) -> dict[str, Any]:
        """The explanation as plain JSON-ready data (ISO 8601 strings, seconds)."""
        return {
            "plan": self.plan,
            "metric": self.metric,
            "severity": self.severity.code,
            "severity_label": self.severity.label,
            "severity_defaulted": self.severity_defaulted,
            "target": {
                "amount": float(self.target.amount)
                if self.target.amount.denominator != 1
                else self.target.amount.numerator,
                "unit": self.target.unit.value,
                "text": str(self.target),
            },
            "clock": self.clock,
            "round_the_clock": self.round_the_clock,
            "submitted_at": self.submitted_at.isoformat(),
            "counting_from": self.counting_from.isoformat(),
            "due_at": self.due_at.isoformat(),
            "allowed_seconds": self.allowed.total_seconds(),
            "closures": [
                {
                    "start": c.start.isoformat(),
                    "end": c.end.isoformat(),
                    "reasons": list(c.reasons),
                }
                for c in self.closures
            ],
        }


def explain_deadline(
    *,
    plan: Plan,
    severity: Severity,
    severity_defaulted: bool,
    target: Target,
    calendar: CoverageCalendar,
    submitted_at: datetime,
    metric: str = "response",
    version: str = "",
) -> DeadlineExplanation:
    """Compute a deadline on ``calendar`` and say how it came about.

    Results are in the zone of ``submitted_at``.
    """
    allowed = target.duration_on(calendar)
    due_at = calendar.add(submitted_at, allowed)
    counting_from = calendar.next_open(submitted_at)
    return DeadlineExplanation(
        plan=plan.name,
        plan_title=plan.title,
        severity=severity,
        severity_defaulted=severity_defaulted,
        target=target,
        clock=calendar.describe(),
        round_the_clock=target.round_the_clock,
        submitted_at=submitted_at,
        counting_from=counting_from,
        due_at=due_at,
        allowed=allowed,
        closures=tuple(calendar.closures(submitted_at, due_at)),
        metric=metric,
        version=version,
    )
