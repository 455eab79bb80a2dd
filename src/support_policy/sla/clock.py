"""The SLA clock over a ticket's life: where a ticket stands at an instant.

``ticket_status(policy, ticket, now)`` judges the ticket
by the policy version in force at its submission and answers: is the first-response
target running, paused, met or breached; when is it due; how much of it is used.

The semantics (see ``docs/ticket-clock.md``), with :class:`ClockRules` where service
desks differ:

* The clock starts at submission. A ticket is answered at its first response; a
  ticket resolved or closed before any response counts as answered then.
* **Reclassification** (``reclassification``): by default the new severity's target
  is counted from submission, so an upgrade to P1 can breach a ticket at once;
  ``"from_change"`` counts the new target from the change instead.
* **Pauses** (``pauses``): Stakater's targets do not pause. A policy that declares
  they do stops the clock between ``paused`` and ``resumed``; while paused, the due
  instant shown is the one if the clock resumed now.
* **Plan changes** (``plan_changes``): by default the plan at submission governs;
  ``"from_change"`` applies a new plan to an open ticket from the change instant,
  its target counted from there, and never moves the deadline later.
* A breach is final: once the clock has passed a deadline in force, a later change
  (a downgrade, say) does not make the ticket not breached.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import attrs

from support_policy.calendars import CoverageCalendar
from support_policy.errors import NaiveDatetimeError
from support_policy.policy.history import Policy
from support_policy.policy.plans import Plan
from support_policy.policy.rules import ClockRules
from support_policy.policy.severities import Severity
from support_policy.policy.targets import Target
from support_policy.policy.version import PolicyVersion
from support_policy.render import Percent, Record, Rendered
from support_policy.sla.tickets import EventKind, Ticket

__all__ = ["UPDATE_INTERVAL", "State", "TicketStatus", "ticket_status"]

State = Literal["running", "paused", "met", "breached"]
UPDATE_INTERVAL = "update_interval"
"""The plan metric that, when a policy gives it, sets how often updates are due."""

_ANSWERS = (EventKind.FIRST_RESPONSE, EventKind.RESOLVED, EventKind.CLOSED)


@attrs.frozen(repr=False)
class TicketStatus(Rendered):
    """Where a ticket's first-response target stands at ``now``.

    Attributes:
        ticket_id: the ticket's id.
        now: the instant of the status.
        plan: the plan whose target applies (its name).
        severity: the severity in force (the default when the ticket has none).
        target: the target in force.
        state: ``"running"``, ``"paused"``, ``"met"`` or ``"breached"``.
        answered: whether the ticket was answered by ``now``.
        answered_at: when, or None.
        due_at: when the target falls due (if paused: if the clock resumed now).
        breached_at: when the target was breached, or None.
        elapsed: clock time used, on the target's own clock.
        remaining: clock time left (zero once due).
        fraction_used: ``elapsed`` over the target's allowance (may pass 1).
        warning_level: the highest at-risk threshold reached while running, or None.
        next_update_due: when the next update to the customer is due, when the policy
            sets an update interval and the ticket is answered and open.
        policy_version: the name of the policy version that judged the ticket.
    """

    def __repr__(self) -> str:
        who = f"{self.ticket_id} " if self.ticket_id else ""
        return f"TicketStatus({who}{self.state}, due {self.due_at.isoformat()})"

    ticket_id: str | None
    now: datetime
    plan: str
    severity: Severity
    target: Target
    state: State
    answered: bool
    answered_at: datetime | None
    due_at: datetime
    breached_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    fraction_used: float
    warning_level: float | None
    next_update_due: datetime | None
    policy_version: str

    @property
    def at_risk(self) -> bool:
        """Whether an unanswered ticket has used a warning threshold of its target."""
        return self.warning_level is not None

    @property
    def breached(self) -> bool:
        """Whether the target was breached."""
        return self.state == "breached"

    def record(self) -> Record:
        """What the status holds, for the renderer."""
        who = f"{self.ticket_id}: " if self.ticket_id else ""
        title = f"{who}{self.state} ({self.plan} {self.severity.code}, {self.target})"
        return Record(
            title,
            (
                ("id", self.ticket_id),
                ("now", self.now),
                ("state", self.state),
                ("plan", self.plan),
                ("severity", self.severity.code),
                ("severity_label", self.severity.label),
                ("target", self.target),
                ("version", self.policy_version),
                ("due_at", self.due_at),
                ("answered", self.answered),
                ("answered_at", self.answered_at),
                ("breached_at", self.breached_at),
                ("elapsed", self.elapsed),
                ("remaining", self.remaining),
                ("fraction_used", Percent(self.fraction_used)),
                ("at_risk", self.at_risk),
                (
                    "warning_level",
                    None if self.warning_level is None else Percent(self.warning_level),
                ),
                ("next_update_due", self.next_update_due),
            ),
        )


def _percent(value: float | None) -> Percent | None:
    return None if value is None else Percent(value)


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def _due(
    calendar: CoverageCalendar,
    origin: datetime,
    allowed: timedelta,
    pauses: Sequence[tuple[datetime, datetime]],
) -> datetime:
    """The earliest instant by which ``allowed`` clock time has run since ``origin``.

    Paused spans (sorted, disjoint; none ends after now) do not count.
    """
    remaining, cursor = allowed, origin
    for start, end in pauses:
        if end <= cursor:
            continue
        if start > cursor:
            available = calendar.elapsed(cursor, start)
            if remaining <= available:
                return calendar.add(cursor, remaining)
            remaining -= available
        cursor = max(cursor, end)
    return calendar.add(cursor, remaining)


def _paused_between(
    calendar: CoverageCalendar,
    a: datetime,
    b: datetime,
    pauses: Sequence[tuple[datetime, datetime]],
) -> timedelta:
    total = timedelta(0)
    for start, end in pauses:
        lo, hi = max(start, a), min(end, b)
        if lo < hi:
            total += calendar.elapsed(lo, hi)
    return total


def _pause_spans(
    events: Sequence[Any], now: datetime, stop: datetime
) -> tuple[list[tuple[datetime, datetime]], bool]:
    """Paused spans that began before ``stop``; an open one ends at ``now`` (projected)."""
    spans: list[tuple[datetime, datetime]] = []
    opened: datetime | None = None
    for e in events:
        at = _utc(e.at)
        if e.kind is EventKind.PAUSED and at < stop:
            opened = at
        elif e.kind is EventKind.RESUMED and opened is not None:
            spans.append((opened, at))
            opened = None
    if opened is not None:
        spans.append((opened, now))
    return spans, opened is not None


class _Walk:
    """The rules in force, walked through a ticket's severity and plan changes."""

    def __init__(
        self,
        version: PolicyVersion,
        rules: ClockRules,
        pauses: Sequence[tuple[datetime, datetime]],
        plan: Plan,
        severity: str | None,
        submitted: datetime,
    ) -> None:
        self.version, self.rules, self.pauses = version, rules, pauses
        self.plan = plan
        self.severity = version.severity(severity)
        self.origin = submitted
        self.due, self.target = self._due(self.origin)
        self.breached_at: datetime | None = None

    def _due(self, start: datetime, plan: Plan | None = None) -> tuple[datetime, Target]:
        chosen = plan or self.plan
        calendar, allowed = self.version.clock(chosen.name, self.severity)
        due = _due(calendar, start, allowed, self.pauses) if self.pauses else None
        return due or calendar.add(start, allowed), chosen.target(self.severity)

    def apply(self, kind: EventKind, at: datetime, severity: str | None, plan: str | None) -> None:
        if kind is EventKind.SEVERITY_CHANGED and severity is not None:
            self._passed(at, self.due)  # the deadline in force before the change
            self.severity = self.version.severity(severity)
            if self.rules.reclassification == "from_change":
                self.origin = at
            self.due, self.target = self._due(self.origin)
        elif kind is EventKind.PLAN_CHANGED and self.rules.plan_changes == "from_change":
            self._passed(at, self.due)
            new_plan = self.version.plan(str(plan))
            due, target = self._due(at, new_plan)
            self.plan = new_plan
            if due < self.due:  # a plan change never moves the deadline later
                self.due, self.target = due, target
        else:
            return
        self._passed(at, at)  # the change made the ticket overdue at once

    def _passed(self, at: datetime, when: datetime) -> None:
        if self.breached_at is None and self.due < at:
            self.breached_at = when


def ticket_status(
    policy: Policy, ticket: Ticket, now: datetime, rules: ClockRules | None = None
) -> TicketStatus:
    """Where ``ticket`` stands at ``now`` under ``policy`` (see the module's semantics).

    ``now`` must be timezone-aware; datetimes come back in its zone. ``rules`` default
    to the policy version's own.

    Raises:
        NaiveDatetimeError, UnknownPlanError, OutOfRangeError.
    """
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise NaiveDatetimeError("now", now)
    zone = now.tzinfo
    version = policy.as_of(ticket.submitted_at)
    rules = version.clock_rules if rules is None else rules
    now_u = _utc(now)
    submitted = _utc(ticket.submitted_at)
    events = [e for e in ticket.events if _utc(e.at) <= now_u]
    answer = next((e for e in events if e.kind in _ANSWERS), None)
    stop = _utc(answer.at) if answer is not None else now_u

    pauses, paused_now = _pause_spans(events, now_u, stop) if rules.pauses else ([], False)
    paused_now = paused_now and answer is None
    walk = _Walk(version, rules, pauses, version.plan(ticket.plan), ticket.severity, submitted)
    for e in events:
        if _utc(e.at) > stop:
            break
        walk.apply(e.kind, _utc(e.at), e.severity, e.plan)
    plan, severity, due, target = walk.plan, walk.severity, walk.due, walk.target
    breached_at = walk.breached_at
    if breached_at is None and stop > due:
        breached_at = due

    calendar, allowed = version.clock(plan.name, severity)
    if stop <= due:
        left = calendar.elapsed(stop, due) - _paused_between(calendar, stop, due, pauses)
    else:
        left = -calendar.elapsed(due, stop)
    elapsed = allowed - left
    fraction = elapsed / allowed if allowed else 1.0
    answered = answer is not None
    if answered:
        state: State = "met" if breached_at is None else "breached"
    elif breached_at is not None:
        state = "breached"
    else:
        state = "paused" if paused_now else "running"
    warning = None
    if state in ("running", "paused"):
        reached = [t for t in rules.thresholds if fraction >= t]
        warning = reached[-1] if reached else None
    return TicketStatus(
        ticket_id=ticket.id,
        now=now,
        plan=plan.name,
        severity=severity,
        target=target,
        state=state,
        answered=answered,
        answered_at=None if answer is None else answer.at.astimezone(zone),
        due_at=due.astimezone(zone),
        breached_at=None if breached_at is None else breached_at.astimezone(zone),
        elapsed=elapsed,
        remaining=max(left, timedelta(0)),
        fraction_used=fraction,
        warning_level=warning,
        next_update_due=_next_update(version, plan, severity, events, answer, zone),
        policy_version=version.name,
    )


def _next_update(
    version: PolicyVersion,
    plan: Plan,
    severity: Severity,
    events: Sequence[Any],
    answer: Any,
    zone: Any,
) -> datetime | None:
    if answer is None or not plan.metrics or UPDATE_INTERVAL not in plan.metrics:
        return None
    if any(e.kind in (EventKind.RESOLVED, EventKind.CLOSED) for e in events):
        return None
    last = max(
        (_utc(e.at) for e in events if e.kind in (EventKind.FIRST_RESPONSE, EventKind.UPDATED)),
        default=_utc(answer.at),
    )
    calendar, interval = version.clock(plan.name, severity, UPDATE_INTERVAL)
    return calendar.add(last, interval).astimezone(zone)
