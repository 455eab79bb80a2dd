"""Plain tickets judged fast, with the answers :func:`ticket_status` gives.

Most tickets of a service desk export have no pauses and no changes of severity or
plan: only a submission, and perhaps a first response, a resolution and a closing.
For those the life model reduces to one target counted from submission, so a report
can count them without building the model. :class:`QuickJudge` does that; anything
else (a ticket it cannot read plainly, a plan or severity the version lacks) is left
to the full model, which then says what is wrong. Property tests in the suite hold the
two equal on random tickets.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple, Protocol

from support_policy.calendars import CoverageCalendar, RoundTheClock
from support_policy.calendars.instants import utc_instant
from support_policy.errors import OutOfRangeError, SupportPolicyError
from support_policy.policy.severities import Severity
from support_policy.sla.clock import update_clock
from support_policy.sla.tickets import Event, EventKind, Ticket

if TYPE_CHECKING:
    from collections.abc import Callable

    from support_policy.policy.history import Policy
    from support_policy.policy.version import PolicyVersion

__all__ = ["SPELLINGS", "Judgement", "PlainTicket", "QuickBatch", "QuickJudge"]


class PlainTicket(NamedTuple):
    """A ticket read plainly: its events (sorted) only answer it, all at or after submission.

    A reader makes one only when the full :class:`Ticket` would hold the same events
    and no warnings; :meth:`ticket` builds that ticket when the full model is needed.
    """

    id: str | None
    plan: str
    severity: str | None
    submitted_at: datetime
    events: tuple[tuple[datetime, EventKind], ...]
    """Its events as ``(at, kind)``, in time order."""

    def ticket(self) -> Ticket:
        """The full ticket."""
        events = [Event(at, kind) for at, kind in self.events]
        return Ticket(self.plan, self.submitted_at, self.severity, events, self.id)

    def answer(self) -> datetime | None:
        """The earliest answering instant (UTC), or None."""
        return self.events[0][0].astimezone(UTC) if self.events else None


class Judgement(NamedTuple):
    """What a report counts of one ticket (the fields :class:`TicketStatus` also has)."""

    policy_version: str
    target_plan: str
    target_severity: Severity
    state: str
    answered: bool
    at_risk: bool
    response_time: timedelta | None


class _Times(Protocol):
    """A group's response times (:class:`~support_policy.sla.reports.ResponseTimes`)."""

    def add_micros(self, values: list[int]) -> None: ...


class _Counts(Protocol):
    """One group's counts (a report's :class:`~support_policy.sla.reports.GroupStats`)."""

    @property
    def response(self) -> _Times: ...

    def count(
        self, state: str, answered: bool, at_risk: bool, response_time: timedelta | None
    ) -> None: ...

    def _tally(self, state: str, answered: bool, at_risk: bool, tickets: int) -> None: ...


class _Report(Protocol):
    """What :meth:`QuickJudge.counter` counts into: a :class:`ComplianceReport`."""

    keep_breaches: bool
    now: datetime | None

    def group(self, version: str, plan: str, severity: Severity) -> _Counts:
        """The counts of one policy version, plan and severity."""
        ...


SPELLINGS = 4096
"""How many spellings of plans and severities a judge remembers a version; others are
looked up again.

Every spelling of one plan and severity gets the same demand, so a batch counts them
together, whether remembered or not.
"""

_US = timedelta(microseconds=1)
_REACH = timedelta(days=366)
"""How far past a submission a range probe reaches: about one probe per year of tickets."""
_NEVER, _DAWN = datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC)


class _Reach:
    """What a demand's calendar is known to answer within its supported range.

    Every instant in ``[low, high]`` is inside the range, and every submission in
    ``[low, last_start]`` falls due inside it too (a deadline never moves earlier when
    its submission moves later). Nothing is known at first.
    """

    __slots__ = ("high", "last_start", "low", "updates", "updates_from")

    def __init__(self) -> None:
        self.low, self.last_start, self.high = _NEVER, _DAWN, _DAWN
        self.updates: bool | None = None  # whether an update falls due in range after now
        self.updates_from = _NEVER  # and after every answer from then to now


class _Demand:
    """What a plain ticket is held to; equal only to itself, so it hashes fast."""

    __slots__ = (
        "allowance",
        "calendar",
        "plan",
        "reach",
        "real",
        "risk",
        "severity",
        "update",
        "version",
    )

    def __init__(
        self,
        version: PolicyVersion,
        plan: str,
        severity: Severity,
        calendar: CoverageCalendar,
        allowance: timedelta,
        risk: float,
        update: tuple[CoverageCalendar, timedelta] | None,
    ) -> None:
        self.version, self.plan, self.severity = version, plan, severity
        self.calendar, self.allowance = calendar, allowance
        # Business time on the 24x7x365 clock is the real time between two instants:
        # their difference, without the checks of a call (the instants are in range).
        self.real = type(calendar) is RoundTheClock
        self.risk = risk  # the smallest warning threshold: a running ticket past it is at risk
        self.reach = _Reach()  # what its calendar is known to answer (see columnar_demand)
        self.update = update  # the plan's update cadence, if any


Outcome = tuple[str, bool, bool]
"""A judged ticket's state, whether it was answered, and whether it is at risk."""
_MET: Outcome = ("met", True, False)
_LATE: Outcome = ("breached", True, False)
_OPEN_BREACHED: Outcome = ("breached", False, False)
_ON_TIME: Outcome = ("running", False, False)
_AT_RISK: Outcome = ("running", False, True)


class QuickJudge:
    """Judges plain tickets at one instant under one policy, caching each target's clock."""

    def __init__(self, policy: Policy, now: datetime) -> None:
        self._policy = policy
        self._now = now.astimezone(UTC)
        # The newest version is in force from its start on (Policy.as_of): most tickets'.
        self._newest = policy.latest
        start = self._newest.starts_at
        self._newest_from = _DAWN if start is None else start.astimezone(UTC)
        # Demands by version, then by the spelling a ticket gives (at most SPELLINGS of
        # them a version), and by what they mean.
        self._spelled: dict[int, dict[tuple[str, str | None], _Demand | None]] = {}
        self._newest_spelled = self._spelled[id(self._newest)] = {}
        self._meant: dict[tuple[int, str, str], _Demand] = {}

    def _demand(self, version: PolicyVersion, plan: str, severity: str | None) -> _Demand | None:
        spelled = self._spelled.get(id(version))  # a policy keeps its versions alive
        if spelled is None:
            spelled = self._spelled[id(version)] = {}
        try:
            return spelled[plan, severity]
        except KeyError:
            pass
        try:
            chosen, level = version.plan(plan), version.severity(severity)
            calendar, allowance = version.clock(chosen.name, level)
        except SupportPolicyError:  # the full model says what is wrong, in its words
            found = None
        else:
            meant = (id(version), chosen.name, level.code)
            found = self._meant.get(meant)
            if found is None:
                risk = min(version.clock_rules.thresholds, default=2.0)
                update = update_clock(version, chosen, level)
                found = _Demand(version, chosen.name, level, calendar, allowance, risk, update)
                self._meant[meant] = found
        if len(spelled) < SPELLINGS:  # a file of a million plan names stays small
            spelled[plan, severity] = found
        return found

    def demand_at(self, plan: str, severity: str | None, submitted: datetime) -> _Demand | None:
        """What a plain ticket submitted at ``submitted`` (UTC) is held to, or None.

        None when the full model must judge it: not yet submitted at the judge's instant,
        no version in force then, or a plan or severity that version lacks.
        """
        if self._now < submitted:
            return None
        if submitted >= self._newest_from:
            try:
                return self._newest_spelled[plan, severity]
            except KeyError:
                return self._demand(self._newest, plan, severity)
        try:
            version = self._policy.as_of(submitted)
        except SupportPolicyError:
            return None
        return self._demand(version, plan, severity)

    def judge(
        self, plan: str, severity: str | None, submitted: datetime, answer: datetime | None
    ) -> Judgement | None:
        """The judgement of a plain ticket, or None when the full model must judge it.

        ``submitted`` and ``answer`` (the earliest of its first response, resolution
        and closing, or None) are UTC instants. A ticket not yet submitted at the
        judge's instant is the full model's too (a report leaves it out).
        """
        found = self._verdict(plan, severity, submitted, answer)
        if found is None:
            return None
        demand, state, answered, at_risk, elapsed = found
        return Judgement(
            demand.version.name,
            demand.plan,
            demand.severity,
            state,
            answered,
            at_risk,
            elapsed if answered else None,
        )

    def counter(
        self, report: _Report
    ) -> Callable[[str, str | None, datetime, datetime | None], bool]:
        """A function that counts a plain ticket into ``report``, and says whether it did.

        It counts as ``report.add`` counts the ticket's :meth:`judge`-ment, and takes
        what :meth:`judge` takes. It counts nothing and returns False where :meth:`judge`
        gives None, and for a breach when the report keeps breaches (a kept breach
        needs its full status): the full model's turn. Counting this way skips making a
        judgement for each ticket and finding its group in the report.
        """
        into = _Groups(report)
        keep_breaches = report.keep_breaches

        def count(
            plan: str, severity: str | None, submitted: datetime, answer: datetime | None
        ) -> bool:
            found = self._verdict(plan, severity, submitted, answer)
            if found is None:
                return False
            demand, state, answered, at_risk, elapsed = found
            if keep_breaches and state == "breached":
                return False
            into.find(demand).count(state, answered, at_risk, elapsed if answered else None)
            return True

        return count

    def _verdict(
        self, plan: str, severity: str | None, submitted: datetime, answer: datetime | None
    ) -> tuple[_Demand, str, bool, bool, timedelta] | None:
        """What :meth:`judge` and :meth:`counter` say of a plain ticket; None for the full model.

        That is its demand, state, whether answered, whether at risk, and the business
        time elapsed to its answer or the judge's instant.
        """
        now = self._now
        demand = self.demand_at(plan, severity, submitted)
        if demand is None:
            return None
        reach = demand.reach
        answered, stop = _clock_stop(answer, now)
        if not (reach.low <= submitted <= reach.last_start and stop <= reach.high) and not _widen(
            reach, demand, submitted, stop, now
        ):
            return None  # past the calendar's years: the full model says where
        if answered and demand.update is not None and not self._updates_fit(demand, stop):
            return None  # its next update would fall due past them: the same
        outcome, elapsed = _settled(demand, submitted, stop, answered)
        return demand, *outcome, elapsed

    def columnar_demand(
        self, plan: str, severity: str | None, submitted: datetime, answer: datetime | None
    ) -> _Demand | None:
        """As :meth:`demand_at`, and None too where counting in columns could fail.

        Columns are counted long after a ticket is read, so a ticket goes to them only
        when its submission, deadline and clock stop are known to lie within its
        calendar's supported years; the rest (tickets near or past the ends of those
        years) are left to :meth:`judge`, which says at once what it cannot judge.
        ``submitted`` and ``answer`` are UTC instants.
        """
        demand = self.demand_at(plan, severity, submitted)
        if demand is None:
            return None
        now = self._now
        answered, stop = _clock_stop(answer, now)
        if answered and demand.update is not None and not self._updates_fit(demand, stop):
            return None  # its next update would fall due outside the calendar's years
        reach = demand.reach
        if reach.low <= submitted <= reach.last_start and now <= reach.high:
            return demand  # the common case: every clock stops at ``now`` or before
        return demand if _widen(reach, demand, submitted, stop, now) else None

    def _updates_fit(self, demand: _Demand, answer: datetime) -> bool:
        """Whether the update cadence, counted from ``answer`` (UTC), ends in range.

        The full model gives an answered, open ticket its next update due: an interval
        after its answer (a plain ticket's only response), on the cadence's own
        calendar, whose years may differ from the target's. That holds for every answer
        from one that fits up to ``now``: both lie in the calendar's years, and a
        deadline never moves earlier when its start moves later.
        """
        reach = demand.reach
        assert demand.update is not None
        calendar, interval = demand.update
        if reach.updates is None:
            try:
                calendar.add(self._now, interval)
                reach.updates = True
            except OutOfRangeError:
                reach.updates = False
        if not reach.updates:
            return False
        if answer >= reach.updates_from:
            return True
        try:
            calendar.add(answer, interval)
        except (OutOfRangeError, OverflowError):
            return False
        reach.updates_from = answer
        return True


def _clock_stop(answer: datetime | None, now: datetime) -> tuple[bool, datetime]:
    """Whether a ticket was answered by ``now``, and the instant its clock stops (UTC)."""
    if answer is not None and answer <= now:
        return True, answer
    return False, now


def _settled(
    demand: _Demand, submitted: datetime, stop: datetime, answered: bool
) -> tuple[Outcome, timedelta]:
    """A ticket's outcome (its ``answered`` as given), and its business time elapsed.

    Its clock runs from ``submitted`` to ``stop`` (its answer, or the judge's instant
    when ``answered`` is false), both UTC and known to lie in the calendar's reach.
    """
    calendar, allowance = demand.calendar, demand.allowance
    elapsed = stop - submitted if demand.real else calendar.elapsed(submitted, stop)
    # Business time is continuous, so the clock stopped before the deadline exactly
    # when less than the allowance elapsed; only a tie needs the deadline itself.
    if elapsed == allowance:
        breached = stop > calendar.add(submitted, allowance)
    else:
        breached = elapsed > allowance
    if breached:
        return (_LATE if answered else _OPEN_BREACHED), elapsed
    if answered:
        return _MET, elapsed
    return (_AT_RISK if elapsed / allowance >= demand.risk else _ON_TIME), elapsed


class QuickBatch:
    """Plain tickets gathered one by one, then counted into a report a thousand at a time.

    The pure-Python counterpart of :class:`~support_policy.sla.columnar.PlainBatch`,
    for a reader that goes line by line: it asks :meth:`QuickJudge.columnar_demand`
    per ticket, hands the tickets that have a demand to :meth:`add`, and the rest to
    the judge. Counting a thousand tickets in one loop, rather than each between
    reading lines, keeps the interpreter's working set small: the counts are those
    :meth:`QuickJudge.counter` makes, a fifth sooner.
    """

    BATCH = 1024

    def __init__(self, out: _Report) -> None:
        self._now = utc_instant(out.now, "now")  # the report's, at which tickets are judged
        self._gathered: list[tuple[_Demand, datetime, datetime | None]] = []
        self._groups = _Groups(out)

    def add(self, demand: _Demand, submitted: datetime, answer: datetime | None) -> None:
        """Gather one plain ticket held to ``demand``; ``submitted`` and ``answer`` are UTC."""
        self._gathered.append((demand, submitted, answer))
        if len(self._gathered) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Count what is gathered: each outcome's tickets at once, then the response times."""
        now = self._now
        outcomes: list[tuple[_Demand, Outcome]] = []
        times: dict[_Demand, list[int]] = {}  # answered tickets' elapsed, in microseconds
        for demand, submitted, answer in self._gathered:
            answered, stop = _clock_stop(answer, now)
            outcome, elapsed = _settled(demand, submitted, stop, answered)
            outcomes.append((demand, outcome))
            if answered:
                spent = times.get(demand)
                if spent is None:
                    spent = times[demand] = []
                spent.append(elapsed // _US)
        self._gathered.clear()
        find = self._groups.find
        for (demand, (state, answered, at_risk)), tickets in Counter(outcomes).items():
            find(demand)._tally(state, answered, at_risk, tickets)
        for demand, micros in times.items():
            find(demand).response.add_micros(micros)


class _Groups:
    """A report's groups, each found once per demand."""

    __slots__ = ("_found", "_out")

    def __init__(self, out: _Report) -> None:
        self._out = out
        self._found: dict[_Demand, _Counts] = {}

    def find(self, demand: _Demand) -> _Counts:
        """The group of the report that counts the tickets held to ``demand``."""
        group = self._found.get(demand)
        if group is None:
            version = demand.version.name
            group = self._found[demand] = self._out.group(version, demand.plan, demand.severity)
        return group


def _widen(
    reach: _Reach, demand: _Demand, submitted: datetime, stop: datetime, now: datetime
) -> bool:
    """Probe the calendar so that ``reach`` covers ``submitted`` and ``stop``, if it can.

    A probe reaches a year past what is asked, and to ``now`` (where every clock stops
    at the latest), so that tickets in time order cost one probe a year; where that
    fails (near the ends of the supported years), it asks about the ticket alone.
    """
    calendar, allowance = demand.calendar, demand.allowance
    try:
        if submitted < reach.low:
            try:
                calendar.is_open(submitted - _REACH)
                reach.low = submitted - _REACH
            except (OutOfRangeError, OverflowError):  # OverflowError: before the year 2
                calendar.is_open(submitted)
                reach.low = submitted
        if submitted > reach.last_start:
            try:
                reach.high = max(reach.high, calendar.add(submitted + _REACH, allowance))
                reach.last_start = submitted + _REACH
            except (OutOfRangeError, OverflowError):
                reach.high = max(reach.high, calendar.add(submitted, allowance))
                reach.last_start = submitted
        if now > reach.high:  # a clock may stop at the very end of the range: elapsed
            try:
                calendar.elapsed(now, now)
                reach.high = now
            except OutOfRangeError:
                if stop > reach.high:
                    calendar.elapsed(stop, stop)
                    reach.high = stop
    except OutOfRangeError:
        return False
    return True
