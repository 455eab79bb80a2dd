"""A support policy: severities, plans, the clocks their targets count on, versions."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

import attrs

from support_policy._frozen import FrozenMap, frozen_map, frozen_tuple
from support_policy.calendars import BusinessCalendar, CoverageCalendar, RoundTheClock
from support_policy.calendars.instants import load_zone
from support_policy.errors import (
    InvalidPolicyError,
    NaiveDatetimeError,
    OutOfRangeError,
    UnknownPlanError,
)
from support_policy.policy.deadlines import DeadlineExplanation, explain_deadline
from support_policy.policy.plans import RESPONSE, Plan
from support_policy.policy.scope import Scope
from support_policy.policy.severities import Severity, SeverityInfo, default_severity_info
from support_policy.policy.targets import Target
from support_policy.sla.clock import ClockRules, TicketStatus, ticket_status
from support_policy.sla.tickets import Ticket

if TYPE_CHECKING:
    from support_policy.sla.escalation import EscalationDue

__all__ = ["Policy"]

PlanLike = Plan | str
SeverityLike = Severity | str | int | None
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_SPELLINGS = 256  # how many (plan, severity) spellings a policy remembers
Clock = tuple[CoverageCalendar, timedelta]


def _plans(value: Iterable[Plan]) -> tuple[Plan, ...]:
    plans = tuple(value)
    if not plans:
        raise InvalidPolicyError([("plans", "a policy needs at least one plan")])
    names = [p.name for p in plans]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidPolicyError([("plans", f"plan names must be unique; {duplicates} repeat")])
    return plans


def _severity(value: object) -> Severity:
    return Severity.parse(value)


def _severities(value: object) -> FrozenMap[Severity, SeverityInfo]:
    info = frozen_map(value)  # type: ignore[arg-type]
    missing = [s.code for s in Severity if s not in info]
    if missing:
        raise InvalidPolicyError(
            [("severities", f"every severity needs an entry; {missing} missing")]
        )
    return FrozenMap({s: info[s] for s in Severity})


def _named_submission_error(exc: Exception, submitted_at: object) -> Exception:
    """The calendar's error about its ``start``, told under the caller's own name.

    Calendars name their parameter ``start``; a caller of the deadline methods wrote
    ``submitted_at``. Errors that are not about ``submitted_at`` pass unchanged.
    """
    if not isinstance(submitted_at, datetime):
        return TypeError(f"submitted_at must be a datetime, got {type(submitted_at).__name__}")
    if submitted_at.utcoffset() is None:
        return NaiveDatetimeError("submitted_at", submitted_at)
    return exc


@attrs.frozen
class Policy:
    """A vendor's support policy, and the SLA arithmetic over it.

    Attributes:
        name: the policy's name.
        plans: the plans, in display order.
        business_calendar: the calendar that business-hour and business-day targets
            count on.
        default_severity: the severity of a request submitted without one.
        round_the_clock: the clock that targets in plain hours count on.
        escalation_triggers: what can set off an escalation, on every plan.
        severities: each severity's label and definition under this policy.
        scope: what support includes and excludes (None when the policy says nothing).
        effective_from: the date this version took effect, at 00:00 in the business
            calendar's zone (None: in force since before anything else known).
        earlier: the earlier versions of the policy, newest first.
        note: free text: where the policy comes from, caveats.
        clock_rules: how the ticket clock treats reclassification, pauses and plan
            changes under this version.
    """

    name: str
    plans: tuple[Plan, ...] = attrs.field(converter=_plans)
    business_calendar: BusinessCalendar
    default_severity: Severity = attrs.field(default=Severity.P3, converter=_severity)
    round_the_clock: RoundTheClock = attrs.field(factory=RoundTheClock)
    escalation_triggers: tuple[str, ...] = attrs.field(default=(), converter=frozen_tuple)
    severities: FrozenMap[Severity, SeverityInfo] = attrs.field(
        factory=default_severity_info, converter=_severities
    )
    scope: Scope | None = None
    effective_from: date | None = None
    earlier: tuple[Policy, ...] = attrs.field(default=(), converter=frozen_tuple)
    note: str = ""
    clock_rules: ClockRules = attrs.field(factory=ClockRules)
    _by_name: FrozenMap[str, Plan] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _plans_by_key: dict[object, Plan] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _starts: tuple[tuple[timedelta | None, Policy], ...] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _clocks: dict[tuple[object, ...], Clock] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        self._check_versions()
        starts = []
        for version in self.versions:
            start = None
            if version.effective_from is not None:
                zone = load_zone(version.business_calendar.timezone)
                midnight = datetime.combine(version.effective_from, time(0), tzinfo=zone)
                start = midnight - _EPOCH
            starts.append((start, version))
        object.__setattr__(self, "_starts", tuple(starts))
        object.__setattr__(self, "_by_name", FrozenMap({p.name: p for p in self.plans}))
        object.__setattr__(self, "_plans_by_key", {p.name: p for p in self.plans})
        clocks: dict[tuple[object, ...], Clock] = {}
        for plan in self.plans:
            for metric in plan.metric_names:
                for severity, target in plan.metric(metric).items():
                    calendar = self._calendar_for_target(target)
                    clock = (calendar, target.duration_on(calendar))
                    clocks[plan.name, severity, metric] = clock
                    if metric == RESPONSE:
                        clocks[plan.name, severity] = clock
        # Never changed but by _clock(), which only adds spellings of existing keys.
        object.__setattr__(self, "_clocks", clocks)

    def _check_versions(self) -> None:
        problems: list[tuple[str, str]] = []
        later = self.effective_from
        for i, version in enumerate(self.earlier):
            where = f"earlier_versions[{i}]"
            if version.earlier:
                problems.append((where, "an earlier version cannot hold versions of its own"))
            if later is None:
                problems.append((where, "only the oldest version may leave effective_from unset"))
            elif version.effective_from is not None and version.effective_from >= later:
                problems.append(
                    (
                        f"{where}.effective_from",
                        f"{version.effective_from} must come before {later}, the date of the "
                        "version after it (list versions newest first)",
                    )
                )
            later = version.effective_from
        if problems:
            raise InvalidPolicyError(problems)

    def __iter__(self) -> Iterator[Plan]:
        return iter(self.plans)

    def _repr_html_(self) -> str:
        """The response-time matrix as an HTML table, for notebooks."""
        head = "".join(f"<th>{html.escape(p.title)}</th>" for p in self.plans)
        rows = []
        for severity in Severity:
            label = f"{severity.code} \u2013 {self.severities[severity].label}"
            cells = "".join(f"<td>{html.escape(str(p.target(severity)))}</td>" for p in self.plans)
            rows.append(f"<tr><th>{html.escape(label)}</th>{cells}</tr>")
        caption = html.escape(self.name)
        return (
            f"<table><caption>{caption}</caption><thead><tr><th>Severity</th>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
        )

    # -- versions ---------------------------------------------------------------------

    @property
    def versions(self) -> tuple[Policy, ...]:
        """This version and the earlier ones, newest first."""
        return (self, *self.earlier)

    def as_of(self, at: datetime) -> Policy:
        """The version in force at the instant ``at``.

        A version takes effect at 00:00 of its ``effective_from`` date in its business
        calendar's time zone.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            OutOfRangeError: ``at`` comes before every version.
        """
        try:
            instant = at - _EPOCH  # an offset from the epoch: never compare wall clocks
        except TypeError:
            raise NaiveDatetimeError("the instant", at) from None
        for start, version in self._starts:
            if start is None or instant >= start:
                return version
        raise OutOfRangeError(
            f"no version of {self.name!r} was in force at {at.isoformat()}; the oldest "
            f"took effect on {self.versions[-1].effective_from}"
        )

    # -- looking things up ------------------------------------------------------------

    def plan(self, name: PlanLike) -> Plan:
        """The plan called ``name`` (case-insensitive), or the plan itself.

        Raises:
            UnknownPlanError: no plan has that name.
        """
        try:
            found = self._plans_by_key.get(name)  # the exact name: no normalising needed
        except TypeError:  # unhashable
            return self._unknown(name)
        if found is not None:
            return found
        if isinstance(name, Plan):
            return self._by_name[name.name] if name.name in self._by_name else self._unknown(name)
        try:
            return self._by_name[name.strip().lower()]
        except (KeyError, AttributeError):
            return self._unknown(name)

    def _unknown(self, name: object) -> Plan:
        raise UnknownPlanError(name, [p.name for p in self.plans])

    def severity(self, value: SeverityLike) -> Severity:
        """The severity ``value`` names, or the default severity when it is None."""
        return self.default_severity if value is None else Severity.parse(value)

    def target(self, plan: PlanLike, severity: SeverityLike, metric: str = RESPONSE) -> Target:
        """The target of ``metric`` for ``plan`` and ``severity`` (None: the default)."""
        return self.plan(plan).target(self.severity(severity), metric)

    def response_target(self, plan: PlanLike, severity: SeverityLike) -> Target:
        """The first-response target of ``plan`` for ``severity`` (None: the default)."""
        return self.target(plan, severity)

    def _calendar_for_target(self, target: Target) -> CoverageCalendar:
        return self.round_the_clock if target.round_the_clock else self.business_calendar

    def calendar_for(
        self, plan: PlanLike, severity: SeverityLike, metric: str = RESPONSE
    ) -> CoverageCalendar:
        """The calendar the target of ``plan``, ``severity`` and ``metric`` counts on."""
        return self._calendar_for_target(self.target(plan, severity, metric))

    # -- deadlines --------------------------------------------------------------------

    def response_deadline(
        self, plan: PlanLike, severity: SeverityLike, submitted_at: datetime
    ) -> datetime:
        """When the first response is due for a request submitted at ``submitted_at``.

        ``submitted_at`` must be timezone-aware; the deadline comes back in its zone.
        This version's rules apply; ``policy.as_of(submitted_at)`` picks the version
        in force at submission.

        Raises:
            UnknownPlanError, UnknownSeverityError, NaiveDatetimeError, OutOfRangeError.
        """
        clock = self._clocks.get((plan, severity))
        if clock is None:
            clock = self._clock(plan, severity)
        try:
            return clock[0].add(submitted_at, clock[1])
        except (NaiveDatetimeError, TypeError) as exc:
            raise _named_submission_error(exc, submitted_at) from None

    def deadline(
        self,
        plan: PlanLike,
        severity: SeverityLike,
        submitted_at: datetime,
        metric: str = RESPONSE,
    ) -> datetime:
        """When the target of ``metric`` (the first response by default) falls due."""
        calendar, allowed = self._clock(plan, severity, metric)
        try:
            return calendar.add(submitted_at, allowed)
        except (NaiveDatetimeError, TypeError) as exc:
            raise _named_submission_error(exc, submitted_at) from None

    def clock(
        self, plan: PlanLike, severity: SeverityLike, metric: str = RESPONSE
    ) -> tuple[CoverageCalendar, timedelta]:
        """The calendar a target counts on and the clock time it allows."""
        return self._clocks.get((plan, severity, metric)) or self._clock(plan, severity, metric)

    def _clock(self, plan: PlanLike, severity: SeverityLike, metric: str = RESPONSE) -> Clock:
        """Resolve a (plan, severity) spelling to its clock, and remember the spelling."""
        chosen, resolved = self.plan(plan), self.severity(severity)
        chosen.metric(metric)  # raises for an unknown metric
        clock = self._clocks[chosen.name, resolved, metric]
        remember = type(plan) is str and type(severity) in (str, Severity, type(None))
        if metric == RESPONSE and remember and len(self._clocks) < _MAX_SPELLINGS:
            self._clocks[plan, severity] = clock
        return clock

    def explain_deadline(
        self,
        plan: PlanLike,
        severity: SeverityLike,
        submitted_at: datetime,
        metric: str = RESPONSE,
    ) -> DeadlineExplanation:
        """The deadline of :meth:`deadline`, with how it was reached."""
        chosen, resolved = self.plan(plan), self.severity(severity)
        calendar, _ = self._clock(chosen, resolved, metric)
        try:
            return explain_deadline(
                plan=chosen.title,
                severity=resolved,
                severity_defaulted=severity is None,
                target=chosen.target(resolved, metric),
                calendar=calendar,
                submitted_at=submitted_at,
                metric=metric,
            )
        except (NaiveDatetimeError, TypeError) as exc:
            raise _named_submission_error(exc, submitted_at) from None

    def explain_response_deadline(
        self, plan: PlanLike, severity: SeverityLike, submitted_at: datetime
    ) -> DeadlineExplanation:
        """The deadline of :meth:`response_deadline`, with how it was reached."""
        return self.explain_deadline(plan, severity, submitted_at)

    # -- tickets ----------------------------------------------------------------------

    def status(
        self, ticket: Ticket, now: datetime, rules: ClockRules | None = None
    ) -> TicketStatus:
        """Where ``ticket``'s first-response target stands at ``now``.

        The ticket is judged by the version in force at its submission, under that
        version's clock rules unless ``rules`` are given. ``now`` is required: the
        library never reads the clock itself (pass ``datetime.now(timezone.utc)``).
        """
        return ticket_status(self, ticket, now, rules)

    def escalations(self, ticket: Ticket, now: datetime) -> list[EscalationDue]:
        """The escalations due for ``ticket`` at ``now``, and why (see ``escalation``)."""
        from support_policy.sla.escalation import escalations_due  # noqa: PLC0415 - a cycle

        return escalations_due(self, ticket, now)

    def with_business_calendar(self, calendar: BusinessCalendar) -> Policy:
        """A copy of this policy (and its earlier versions) counting on ``calendar``."""
        earlier = tuple(v.with_business_calendar(calendar) for v in self.earlier)
        return attrs.evolve(self, business_calendar=calendar, earlier=earlier)
