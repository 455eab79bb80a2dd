"""The SLA clock over a ticket's life: where a ticket stands at an instant.

``ticket_status(policy, ticket, now)`` judges the ticket by the policy version in
force at its submission, under that version's clock rules (or ``rules``), and answers:
has the first-response target started, is it running, paused, met or breached; when
is it due; how much of it is used, and why (``status.explain()``).

Every figure is read from one model of the ticket's life
(:func:`~support_policy.sla.life.ticket_life`; its rules are in that module and in
``docs/ticket-clock.md``). Elapsed, remaining and the fraction used are measured on
the clock of the target that decides the deadline, from the instant it counts from,
without paused time; a decided ticket's figures never move with ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

import attrs

from support_policy.calendars.instants import (
    EPOCH,
    ZERO,
    check_duration,
    instant_error,
    instant_key,
    real_time_between,
    utc_instant,
)
from support_policy.errors import require, shown
from support_policy.policy.history import Policy
from support_policy.policy.plans import EscalationTrigger
from support_policy.policy.rules import ClockRules
from support_policy.policy.severities import Severity
from support_policy.policy.targets import Target
from support_policy.render import Percent, Record, Rendered, format_duration, stamp
from support_policy.sla.life import Life, ticket_life
from support_policy.sla.tickets import EventKind, Ticket

if TYPE_CHECKING:
    from support_policy.calendars import CoverageCalendar
    from support_policy.policy.plans import Plan
    from support_policy.policy.version import PolicyVersion

__all__ = [
    "UPDATE_INTERVAL",
    "State",
    "TicketExplanation",
    "TicketStatus",
    "Upcoming",
    "breaching_within",
    "due_soon",
    "ticket_status",
    "update_clock",
]

State = Literal["not_started", "running", "paused", "met", "breached"]
UPDATE_INTERVAL = "update_interval"
"""The plan metric that, when a policy gives it, sets how often updates are due."""


def update_clock(
    version: PolicyVersion, plan: Plan, level: Severity
) -> tuple[CoverageCalendar, timedelta] | None:
    """The clock and interval of ``plan``'s update cadence at ``level``, or None without one."""
    if UPDATE_INTERVAL not in plan.metrics:
        return None
    return version.clock(plan.name, level, UPDATE_INTERVAL)


_LACK = EscalationTrigger.LACK_OF_PROGRESS


@attrs.frozen(repr=False)
class TicketStatus(Rendered):
    """Where a ticket's first-response target stands at ``now``.

    Attributes:
        ticket_id: the ticket's id.
        now: the instant of the status.
        plan: the plan in force at ``now`` (its name).
        severity: the severity level in force at ``now``.
        target: the target that decides the deadline.
        target_plan: the plan whose target it is (its name).
        target_severity: the level whose target it is.
        state: ``"not_started"`` (before submission), ``"running"``, ``"paused"``,
            ``"met"`` or ``"breached"``.
        answered: whether the ticket was answered by ``now``.
        answered_at: when, or None.
        due_at: when the target falls due (if paused: if the clock resumed now).
        breached_at: when the target was breached, or None.
        breach_known_at: when the ticket first became known to be breached: the
            breach itself, or the later change that made an already passed deadline
            apply. A raise that dates a known breach earlier does not move it.
        elapsed: clock time used on the deciding target's clock, without pauses.
        remaining: clock time left (zero once breached).
        fraction_used: ``elapsed`` over the target's allowance (at least 1 once breached).
        response_time: for an answered ticket, the unpaused clock time from submission
            to the response, on the deciding target's clock (what reports measure).
        late: for a breached ticket, how late on the deciding target's clock (business
            time for a business target), from the deadline to the response or ``now``.
        late_real: the same in real elapsed time.
        warning_level: the highest at-risk threshold reached while running, or None.
        next_update_due: when the next update to the customer is due, when the policy
            sets an update interval and the ticket is answered and open.
        policy_version: the name of the policy version that judged the ticket.
    """

    def __repr__(self) -> str:
        who = f"{self.ticket_id} " if self.ticket_id else ""
        return f"TicketStatus({who}{self.state}, due {self.due_at.isoformat()})"

    ticket_id: str | None
    now: datetime = attrs.field(eq=instant_key)
    plan: str
    severity: Severity
    target: Target
    target_plan: str
    target_severity: Severity
    state: State
    answered: bool
    answered_at: datetime | None = attrs.field(eq=instant_key)
    due_at: datetime = attrs.field(eq=instant_key)
    breached_at: datetime | None = attrs.field(eq=instant_key)
    breach_known_at: datetime | None = attrs.field(eq=instant_key)
    elapsed: timedelta
    remaining: timedelta
    fraction_used: float
    response_time: timedelta | None
    late: timedelta | None
    late_real: timedelta | None
    warning_level: float | None
    next_update_due: datetime | None = attrs.field(eq=instant_key)
    policy_version: str
    _life: Life = attrs.field(eq=False, hash=False, alias="life")

    @property
    def at_risk(self) -> bool:
        """Whether an unanswered ticket has used a warning threshold of its target."""
        return self.warning_level is not None

    @property
    def breached(self) -> bool:
        """Whether the target was breached."""
        return self.state == "breached"

    def upcoming(self) -> list[Upcoming]:
        """What falls due next if nothing else happens, in time order.

        For a running ticket: each warning threshold not yet reached, the breach, and
        the lack-of-progress escalations at the breach; for an answered open ticket,
        the next update. A paused ticket's clock stands still, so nothing falls due
        until it resumes; a decided or not yet submitted ticket has nothing ahead.
        """
        life, zone = self._life, self.now.tzinfo
        out: list[Upcoming] = []
        if self.state == "running":
            deciding = life.deciding
            for threshold in life.rules.thresholds:
                if self.fraction_used < threshold < 1:
                    at = life.clock.due(deciding.origin, deciding.allowance * threshold)
                    out.append(
                        Upcoming(self.ticket_id, at.astimezone(zone), f"{threshold:.0%} used")
                    )
            out.append(Upcoming(self.ticket_id, self.due_at, "breach"))
            model = life.plan_now.escalation
            if model is not None and _LACK in life.version.escalation_triggers:
                out.append(Upcoming(self.ticket_id, self.due_at, "lack-of-progress escalation"))
        elif self.next_update_due is not None and self.next_update_due - EPOCH > self.now - EPOCH:
            out.append(Upcoming(self.ticket_id, self.next_update_due, "update due"))
        return sorted(out, key=lambda u: u.at.astimezone(UTC))

    def explain(self) -> TicketExplanation:
        """How the status came about: segments, changes, the deciding target, the breach."""
        return TicketExplanation(self, self._life)

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
                ("target_plan", self.target_plan),
                ("target_severity", self.target_severity.code),
                ("version", self.policy_version),
                ("due_at", self.due_at),
                ("answered", self.answered),
                ("answered_at", self.answered_at),
                ("breached_at", self.breached_at),
                ("breach_known_at", self.breach_known_at),
                ("elapsed", self.elapsed),
                ("remaining", self.remaining),
                ("fraction_used", Percent(self.fraction_used)),
                ("response_time", self.response_time),
                ("late", self.late),
                ("late_real", self.late_real),
                ("at_risk", self.at_risk),
                ("warning_level", _percent(self.warning_level)),
                ("next_update_due", self.next_update_due),
            ),
        )


@attrs.frozen
class Upcoming(Rendered):
    """Something that falls due for a ticket if nothing else happens."""

    ticket_id: str | None
    at: datetime = attrs.field(eq=instant_key)
    what: str

    def __str__(self) -> str:
        return f"{stamp(self.at)}: {self.what}"

    def record(self) -> Record:
        """The entry for the renderer."""
        line = str(self)
        return Record(line, (("id", self.ticket_id), ("at", self.at), ("what", self.what)), line)


@attrs.frozen
class TicketExplanation(Rendered):
    """Why a ticket stands where it does: its life, step by step."""

    status: TicketStatus
    life: Life = attrs.field(repr=False)

    def record(self) -> Record:
        """The explanation for the renderer."""
        life, zone = self.life, self.status.now.tzinfo
        deciding = life.deciding
        decides = (
            f"{deciding.plan.title} {deciding.severity.code}: {deciding.target}, counted from "
            f"{_local(deciding.origin, zone).isoformat()} on "
            f"{deciding.calendar.describe()}, due {_local(deciding.due, zone).isoformat()}"
        )
        segments = [
            Record(
                line := (
                    f"{_local(s.start, zone).isoformat()} \u2192 "
                    f"{_local(s.end, zone).isoformat()}: {s.plan.name} {s.severity.code}"
                    + (", paused" if s.paused else "")
                ),
                (
                    ("start", _local(s.start, zone)),
                    ("end", _local(s.end, zone)),
                    ("plan", s.plan.name),
                    ("severity", s.severity.code),
                    ("paused", s.paused),
                ),
                line,
            )
            for s in life.segments()
        ]
        changes = [
            Record(
                line := f"{_local(c.at, zone).isoformat()}: {c.what}: {c.effect}",
                (
                    ("at", _local(c.at, zone)),
                    ("change", c.what),
                    ("effect", c.effect),
                    ("due_before", _local(c.due_before, zone)),
                    ("due_after", _local(c.due_after, zone)),
                ),
                line,
            )
            for c in life.changes
        ]
        return Record(
            f"{self.status.text().splitlines()[0]}: why",
            (
                ("version", life.version.name),
                ("rules", _rules(life.rules)),
                ("submitted_at", _local(life.submitted, zone)),
                ("decided_by", decides),
                ("verdict", _verdict(self.status, life)),
                ("segments", segments),
                ("changes", changes),
                ("warnings", list(life.ticket.warnings)),
                (
                    "paused",
                    [
                        f"{_local(a, zone).isoformat()} \u2192 {_local(b, zone).isoformat()}"
                        for a, b in life.pauses
                    ],
                ),
            ),
        )


def _rules(rules: ClockRules) -> str:
    pauses = "pauses stop the clock" if rules.pauses else "no pauses"
    return f"reclassification {rules.reclassification}, plan changes {rules.plan_changes}, {pauses}"


def _verdict(status: TicketStatus, life: Life) -> str:
    due = status.due_at.isoformat()
    if status.state == "not_started":
        return f"not started: submitted at {_local(life.submitted, status.now.tzinfo).isoformat()}"
    if status.state == "met":
        assert status.answered_at is not None  # a met ticket was answered
        return f"met: answered at {status.answered_at.isoformat()}, due {due}"
    if status.state == "breached":
        assert status.breached_at is not None  # a breach has its instant
        known = status.breach_known_at
        later = (
            ""
            if known is None or known - EPOCH == status.breached_at - EPOCH
            else f", known at {known.isoformat()}"
        )
        answered = f"; answered at {status.answered_at.isoformat()}" if status.answered_at else ""
        return f"breached at {status.breached_at.isoformat()}{later}{answered}"
    return f"{status.state}: due {due}, {format_duration(status.remaining)} left"


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    return value.astimezone(zone)


def _percent(value: float | None) -> Percent | None:
    return None if value is None else Percent(value)


def ticket_status(
    policy: Policy, ticket: Ticket, now: datetime, rules: ClockRules | None = None
) -> TicketStatus:
    """Where ``ticket`` stands at ``now`` under ``policy`` (see the module's semantics).

    ``now`` must be timezone-aware; datetimes come back in its zone. ``rules`` default
    to the policy version's own.

    Raises:
        NaiveDatetimeError, UnknownPlanError, UnknownSeverityError, OutOfRangeError
        (also for a ``now`` with no UTC date-time, in the first or last hours of the
        years 1 and 9999).
    """
    require(policy, Policy, "policy", "a Policy")
    require(ticket, Ticket, "ticket", "a Ticket")
    require(rules, (ClockRules, type(None)), "rules", "ClockRules or None")
    utc_instant(now, "now")  # refuse a naive one, or one with no UTC form, at once
    version = policy.as_of(ticket.submitted_at)
    life = ticket_life(version, version.clock_rules if rules is None else rules, ticket, now)
    return status_of(ticket, life, now)


def status_of(ticket: Ticket, life: Life, now: datetime) -> TicketStatus:
    """The status that ``life`` gives at ``now`` (in ``now``'s zone)."""
    zone = now.tzinfo
    deciding = life.deciding
    answered = life.answer is not None
    elapsed = life.clock.elapsed(deciding.origin, life.stop) if life.started else timedelta(0)
    breached = life.breached_at is not None
    remaining = timedelta(0) if breached else deciding.allowance - elapsed
    fraction = elapsed / deciding.allowance
    if not life.started:
        state: State = "not_started"
    elif breached:
        state = "breached"
    elif answered:
        state = "met"
    else:
        state = "paused" if life.paused_now else "running"
    warning = None
    if state in ("running", "paused"):
        reached = [t for t in life.rules.thresholds if fraction >= t]
        warning = reached[-1] if reached else None
    late = late_real = None
    if breached:
        late = life.clock.elapsed(deciding.due, life.stop)
        late_real = real_time_between(deciding.due, life.stop)
    response = None
    if life.answer is not None:
        response = life.clock.elapsed(life.submitted, life.stop)

    def local(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(zone)

    return TicketStatus(
        ticket_id=ticket.id,
        now=now,
        plan=life.plan_now.name,
        severity=life.severity_now,
        target=deciding.target,
        target_plan=deciding.plan.name,
        target_severity=deciding.severity,
        state=state,
        answered=answered,
        answered_at=None if life.answer is None else life.answer.at.astimezone(zone),
        due_at=deciding.due.astimezone(zone),
        breached_at=local(life.breached_at),
        breach_known_at=local(life.breach_known_at),
        elapsed=elapsed,
        remaining=remaining,
        fraction_used=fraction,
        response_time=response,
        late=late,
        late_real=late_real,
        warning_level=warning,
        next_update_due=_next_update(life, zone),
        policy_version=life.version.name,
        life=life,
    )


def _next_update(life: Life, zone: tzinfo | None) -> datetime | None:
    """When the next update is due: an interval after the last response, update or change.

    A reopening counts too: nothing is due while a ticket is resolved, and a reopened one
    starts afresh.
    """
    answer = life.answer
    cadence = update_clock(life.version, life.plan_now, life.severity_now)
    if answer is None or cadence is None or life.closed:
        return None
    kinds = (EventKind.FIRST_RESPONSE, EventKind.UPDATED)
    # By instant (life.events keep their zones; a fold-blind max could pick the wrong one).
    last = max((e.at - EPOCH for e in life.events if e.kind in kinds), default=answer.at - EPOCH)
    last = max(last, life.in_force_since - EPOCH)  # a change after the response restarts it
    reopened = life.reopened_at
    if reopened is not None:  # and so does a reopening
        last = max(last, reopened - EPOCH)
    calendar, interval = cadence
    return calendar.add(EPOCH + last, interval).astimezone(zone)


def breaching_within(
    policy: Policy,
    tickets: Iterable[Ticket],
    now: datetime,
    within: timedelta,
    rules: ClockRules | None = None,
) -> Iterator[TicketStatus]:
    """The running tickets whose deadline falls in ``[now, now + within]``, soonest first.

    A queue's "which tickets breach in the next four hours": paused, answered,
    breached and not yet submitted tickets are left out. The tickets are judged one
    at a time; only the ones due soon are kept.
    """
    statuses = (ticket_status(policy, t, now, rules) for t in tickets)
    return due_soon(statuses, now, within)


def due_soon(
    statuses: Iterable[TicketStatus], now: datetime, within: timedelta
) -> Iterator[TicketStatus]:
    """The running ones of ``statuses`` due by ``now + within`` (real time), soonest first.

    The arguments are checked at the call; the statuses are read when iterated.

    Raises:
        TypeError: ``within`` is not a timedelta, or a status is not a TicketStatus.
        InvalidDurationError: ``within`` is negative.
        NaiveDatetimeError: ``now`` has no time zone.
    """
    if not isinstance(within, timedelta):
        raise TypeError(f"within must be a non-negative timedelta, got {shown(within)}")
    check_duration(within, "within")
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise instant_error(now, "now")
    start = now - EPOCH  # as real time since the epoch: exact, even where UTC has no date
    far = start > ZERO and within > timedelta.max - start
    horizon = timedelta.max if far else start + within
    return _soonest(statuses, horizon)


def _soonest(statuses: Iterable[TicketStatus], horizon: timedelta) -> Iterator[TicketStatus]:
    soon = []
    for status in statuses:
        require(status, TicketStatus, "each status", "a TicketStatus")
        if status.state == "running" and status.due_at - EPOCH <= horizon:
            soon.append(status)
    yield from sorted(soon, key=lambda s: s.due_at - EPOCH)
