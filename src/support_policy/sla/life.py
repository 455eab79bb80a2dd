"""One model of a ticket's life, from which every figure of the SLA engine is read.

:func:`ticket_life` walks a ticket's events once under a policy version and its
:class:`~support_policy.policy.rules.ClockRules` and returns a :class:`Life`:

* **segments**: from each instant to the next, the plan and severity in force and
  whether the clock is paused;
* **changes**: what each severity or plan change did to the deadline;
* the **deciding demand**: the target whose deadline decides the response (its
  plan, level, clock, allowance and the instant it counts from);
* the response, and the breach (with the instant it became known).

The rules (``docs/ticket-clock.md``):

* nothing has started before submission;
* a change to the severity or plan already in force changes nothing;
* a response is judged on what was in force just before it: changes at the same
  instant or later do not re-judge it (they drive escalations and updates);
* a raise (a more urgent level, or a plan whose target from the change is due no
  later) never moves the deadline later: it is the earlier of the old target from its
  start and the new one; a lowering replaces the target;
* ``reclassification = "from_submission"`` counts the new level's target from when
  the plan in force took effect; ``"from_change"`` from the change;
  ``plan_changes = "at_submission"`` keeps the plan of submission;
* paused time never counts; a pause still open at the response ends there;
* a breach is final: once the deadline in force has passed, nothing later undoes it
  (a later raise counted from before can only date the breach earlier).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import attrs

from support_policy.calendars import CoverageCalendar
from support_policy.policy.plans import Plan
from support_policy.policy.rules import ClockRules
from support_policy.policy.severities import Severity
from support_policy.policy.targets import Target
from support_policy.policy.version import PolicyVersion
from support_policy.sla.paused import PausedClock
from support_policy.sla.tickets import Event, EventKind, Ticket

__all__ = ["ANSWERS", "Change", "Demand", "Life", "Segment", "ticket_life"]

ANSWERS = (EventKind.FIRST_RESPONSE, EventKind.RESOLVED, EventKind.CLOSED)
_CHANGES = (EventKind.SEVERITY_CHANGED, EventKind.PLAN_CHANGED)
"""The events that answer a ticket: the first response, or a resolution or closing first."""


@attrs.frozen
class Demand:
    """A target in force: whose it is, the clock it counts on, from when, and when it is due."""

    plan: Plan
    severity: Severity
    target: Target
    calendar: CoverageCalendar
    allowance: timedelta
    origin: datetime
    due: datetime


@attrs.frozen
class Segment:
    """A stretch of a ticket's life with one plan and level in force, paused or not."""

    start: datetime
    end: datetime
    plan: Plan
    severity: Severity
    paused: bool


@attrs.frozen
class Change:
    """What one severity or plan change did.

    Attributes:
        at: when.
        what: the change in words (``"severity P3 -> P1"``).
        effect: what it did to the deadline, in words.
        due_before: the deadline in force before the change.
        due_after: the deadline in force after it.
    """

    at: datetime
    what: str
    effect: str
    due_before: datetime
    due_after: datetime


@attrs.frozen
class Life:
    """A ticket's life up to an instant (all instants UTC); see the module's rules."""

    version: PolicyVersion
    rules: ClockRules
    submitted: datetime
    now: datetime
    ticket: Ticket
    answer: Event | None
    stop: datetime
    changes: tuple[Change, ...]
    deciding: Demand
    breached_at: datetime | None
    breach_known_at: datetime | None
    pauses: tuple[tuple[datetime, datetime], ...]
    paused_now: bool
    clock: PausedClock
    plan_now: Plan
    severity_now: Severity
    severity_since: datetime
    events: tuple[Event, ...]
    plan_since: datetime
    """When the plan in force at ``now`` took effect (submission, or the plan change)."""

    @property
    def in_force_since(self) -> datetime:
        """When the plan and severity in force at ``now`` both took effect.

        Escalations of that plan and level are due from then, and a change after the
        response restarts the update cadence from it.
        """
        return max(self.severity_since, self.plan_since)

    def segments(self) -> list[Segment]:
        """From each instant to the next up to ``now``: what was in force, paused or not."""
        return _segments(self.version, self.rules, self.ticket, self.events, self.pauses, self.now)

    @property
    def closed(self) -> bool:
        """Whether the ticket is resolved or closed at ``now`` (and not reopened since)."""
        state = False
        for event in self.events:
            if event.kind in (EventKind.RESOLVED, EventKind.CLOSED):
                state = True
            elif event.kind is EventKind.REOPENED:
                state = False
        return state

    @property
    def reopened_at(self) -> datetime | None:
        """When the ticket was last reopened after being resolved or closed for a while (UTC).

        A reopening at the very instant of the resolution ends no resolved time: the
        ticket was never resolved. Nothing is due while a ticket is resolved, so
        escalations and updates count afresh from a reopening.
        """
        resolved: datetime | None = None
        last = None
        for event in self.events:
            at = _utc(event.at)
            if event.kind in (EventKind.RESOLVED, EventKind.CLOSED) and resolved is None:
                resolved = at
            elif event.kind is EventKind.REOPENED and resolved is not None:
                if at > resolved:
                    last = at
                resolved = None
        return last

    @property
    def started(self) -> bool:
        """Whether the ticket had been submitted by ``now``."""
        return self.now >= self.submitted


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _pauses(events: Sequence[Event], stop: datetime) -> list[tuple[datetime, datetime]]:
    """Paused spans that began before ``stop``; one still open ends at ``stop``."""
    spans: list[tuple[datetime, datetime]] = []
    opened: datetime | None = None
    for event in events:
        at = _utc(event.at)
        if event.kind is EventKind.PAUSED and at < stop:
            opened = at
        elif event.kind is EventKind.RESUMED and opened is not None:
            if min(at, stop) > opened:
                spans.append((opened, min(at, stop)))
            opened = None
    if opened is not None and stop > opened:
        spans.append((opened, stop))
    return spans


class _Walk:
    """The state of the walk through a ticket's events."""

    def __init__(self, version: PolicyVersion, rules: ClockRules, ticket: Ticket) -> None:
        self.version, self.rules = version, rules
        self.submitted = _utc(ticket.submitted_at)
        self.clocks: dict[int, PausedClock] = {}
        self.pauses: list[tuple[datetime, datetime]] = []
        self.plan = version.plan(ticket.plan)
        self.severity = version.severity(ticket.severity)
        self.plan_since = self.submitted  # where a reclassification counts from
        self.changes: list[Change] = []
        self.breached_at: datetime | None = None
        self.breach_known_at: datetime | None = None

    def clock(self, calendar: CoverageCalendar) -> PausedClock:
        found = self.clocks.get(id(calendar))
        if found is None:
            found = self.clocks[id(calendar)] = PausedClock(calendar, self.pauses)
        return found

    def demand(self, plan: Plan, severity: Severity, origin: datetime) -> Demand:
        calendar, allowance = self.version.clock(plan.name, severity)
        due = self.clock(calendar).due(origin, allowance)
        return Demand(plan, severity, plan.target(severity), calendar, allowance, origin, due)

    def judge(self, deciding: Demand, event: Event) -> Demand:
        """Apply one judged change at ``event.at``; return the deciding demand after it."""
        at = _utc(event.at)
        if self.breached_at is None and deciding.due < at:
            self.breached_at = self.breach_known_at = deciding.due
        if event.kind is EventKind.SEVERITY_CHANGED:
            level = self.version.severity(event.severity)
            if level == self.severity:
                return self._same(deciding, at, f"severity {level.code} again")
            what = f"severity {self.severity.code} \u2192 {level.code}"
            raised = level < self.severity
            origin = at if self.rules.reclassification == "from_change" else self.plan_since
            self.severity = level
            candidate = self.demand(self.plan, level, origin)
        else:
            plan = self.version.plan(str(event.plan))  # an unknown plan is an error either way
            if self.rules.plan_changes != "from_change":
                return self._same(deciding, at, f"plan {plan.name} (plans apply at submission)")
            if plan == self.plan:
                return self._same(deciding, at, f"plan {plan.name} again")
            what = f"plan {self.plan.name} \u2192 {plan.name}"
            candidate = self.demand(plan, self.severity, at)
            raised = candidate.due <= self.demand(self.plan, self.severity, at).due
            self.plan, self.plan_since = plan, at
        return self._decide(deciding, candidate, raised, at, what)

    def _same(self, deciding: Demand, at: datetime, what: str) -> Demand:
        self.changes.append(Change(at, what, "no effect", deciding.due, deciding.due))
        return deciding

    def _decide(
        self, deciding: Demand, candidate: Demand, raised: bool, at: datetime, what: str
    ) -> Demand:
        if self.breached_at is not None and raised and candidate.due < deciding.due:
            # Still breached: a raise counted from before can only make it earlier. It
            # was known before the raise, so breach_known_at stays.
            self.breached_at = candidate.due
            effect = "deadline earlier; the breach now dates from the new deadline"
            self.changes.append(Change(at, what, effect, deciding.due, candidate.due))
            return candidate
        if self.breached_at is not None:
            effect = "none on the deadline: the ticket was already breached"
            self.changes.append(Change(at, what, effect, deciding.due, deciding.due))
            return deciding
        chosen = candidate if not raised or candidate.due < deciding.due else deciding
        if chosen is deciding:
            effect = "none on the deadline: the earlier target still decides"
        elif chosen.due < deciding.due:
            effect = "deadline earlier"
        else:
            effect = "deadline later" if chosen.due > deciding.due else "same deadline"
        if chosen.due < at:  # counted from before the change, and already over
            self.breached_at, self.breach_known_at = chosen.due, at
            effect += "; breached retroactively: the new deadline had already passed"
        self.changes.append(Change(at, what, effect, deciding.due, chosen.due))
        return chosen


def ticket_life(version: PolicyVersion, rules: ClockRules, ticket: Ticket, now: datetime) -> Life:
    """The life of ``ticket`` up to ``now`` (aware) under ``version`` and ``rules``."""
    now_u = _utc(now)
    submitted = _utc(ticket.submitted_at)
    events = tuple(e for e in ticket.events if _utc(e.at) <= now_u)
    answer = next((e for e in events if e.kind in ANSWERS), None)
    stop = max(submitted, _utc(answer.at) if answer is not None else now_u)
    walk = _Walk(version, rules, ticket)
    if rules.pauses:
        walk.pauses = _pauses(events, stop)
    deciding = walk.demand(walk.plan, walk.severity, submitted)
    plan_now, severity_now = walk.plan, walk.severity
    since_now = plan_since = submitted
    instant: datetime | None = None  # of the changes being read
    plan_before, level_before = plan_now, severity_now  # in force before that instant
    plan_since_before, since_before = plan_since, since_now
    for event in events:
        if event.kind not in _CHANGES:
            continue
        at = _utc(event.at)
        if at != instant:
            instant, plan_before, level_before = at, plan_now, severity_now
            plan_since_before, since_before = plan_since, since_now
        if at < stop:
            deciding = walk.judge(deciding, event)
            plan_now, severity_now = walk.plan, walk.severity
        elif event.kind is EventKind.SEVERITY_CHANGED:  # after the response: in force only
            severity_now = version.severity(event.severity)
        else:
            plan = version.plan(str(event.plan))  # an unknown plan is an error either way
            if rules.plan_changes == "from_change":
                plan_now = plan
        # In force since ``at`` only when it differs from what was before that instant:
        # a change undone at the same instant changes nothing.
        plan_since = at if plan_now != plan_before else plan_since_before
        since_now = at if severity_now != level_before else since_before
    if walk.breached_at is None and stop > deciding.due:
        walk.breached_at = walk.breach_known_at = deciding.due
    paused_now = answer is None and bool(walk.pauses) and walk.pauses[-1][1] == stop
    paused_now = paused_now and _open_pause(events)
    return Life(
        version=version,
        rules=rules,
        submitted=submitted,
        now=now_u,
        answer=answer,
        stop=stop,
        ticket=ticket,
        changes=tuple(walk.changes),
        deciding=deciding,
        breached_at=walk.breached_at,
        breach_known_at=walk.breach_known_at,
        pauses=tuple(walk.pauses),
        paused_now=paused_now,
        clock=walk.clock(deciding.calendar),
        plan_now=plan_now,
        severity_now=severity_now,
        severity_since=since_now,
        events=events,
        plan_since=plan_since,
    )


def _open_pause(events: Sequence[Event]) -> bool:
    opened = False
    for event in events:
        if event.kind is EventKind.PAUSED:
            opened = True
        elif event.kind is EventKind.RESUMED:
            opened = False
    return opened


def _segments(
    version: PolicyVersion,
    rules: ClockRules,
    ticket: Ticket,
    events: Sequence[Event],
    pauses: Sequence[tuple[datetime, datetime]],
    now: datetime,
) -> list[Segment]:
    """From each change or pause edge to the next up to ``now``: what was in force."""
    plan, level = version.plan(ticket.plan), version.severity(ticket.severity)
    changes = [e for e in events if e.kind in _CHANGES]
    marks = {_utc(ticket.submitted_at), *(_utc(e.at) for e in changes)}
    marks.update(t for span in pauses for t in span)
    bounds = [m for m in sorted(marks) if m < now] + [now]
    out: list[Segment] = []
    k = p = 0
    for start, end in itertools.pairwise(bounds):
        while k < len(changes) and _utc(changes[k].at) <= start:
            change = changes[k]
            if change.kind is EventKind.SEVERITY_CHANGED:
                level = version.severity(change.severity)
            elif rules.plan_changes == "from_change":
                plan = version.plan(str(change.plan))
            k += 1
        while p < len(pauses) and pauses[p][1] <= start:
            p += 1
        paused = p < len(pauses) and pauses[p][0] <= start
        if out and (out[-1].plan, out[-1].severity, out[-1].paused) == (plan, level, paused):
            out[-1] = attrs.evolve(out[-1], end=end)  # nothing changed at ``start``
        else:
            out.append(Segment(start, end, plan, level, paused))
    return out
