"""A support policy: severities, plans and the clocks their targets count on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

import attrs

from support_policy._frozen import FrozenMap, frozen_tuple
from support_policy.calendars import BusinessCalendar, CoverageCalendar, RoundTheClock
from support_policy.deadlines import DeadlineExplanation, explain_deadline
from support_policy.errors import UnknownPlanError
from support_policy.plans import Plan
from support_policy.severities import Severity
from support_policy.targets import Target

__all__ = ["Policy"]

PlanLike = Plan | str
_MAX_SPELLINGS = 256  # how many (plan, severity) spellings a policy remembers
SeverityLike = Severity | str | int | None


def _plans(value: Iterable[Plan]) -> tuple[Plan, ...]:
    plans = tuple(value)
    names = [p.name for p in plans]
    if not plans:
        raise UnknownPlanError("(none)", ["a policy needs at least one plan"])
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"plan names must be unique, {duplicates} repeat")
    return plans


def _severity(value: object) -> Severity:
    return Severity.parse(value)


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
    """

    name: str
    plans: tuple[Plan, ...] = attrs.field(converter=_plans)
    business_calendar: BusinessCalendar
    default_severity: Severity = attrs.field(default=Severity.P3, converter=_severity)
    round_the_clock: RoundTheClock = attrs.field(factory=RoundTheClock)
    escalation_triggers: tuple[str, ...] = attrs.field(default=(), converter=frozen_tuple)
    _by_name: FrozenMap[str, Plan] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _clocks: dict[tuple[object, object], tuple[CoverageCalendar, timedelta]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_name", FrozenMap({p.name: p for p in self.plans}))
        clocks: dict[tuple[object, object], tuple[CoverageCalendar, timedelta]] = {}
        for plan in self.plans:
            for severity, target in plan.targets.items():
                calendar = self._calendar_for_target(target)
                clocks[plan.name, severity] = (calendar, target.duration_on(calendar))
        # Never changed but by _clock(), which only adds spellings of existing keys.
        object.__setattr__(self, "_clocks", clocks)

    def __iter__(self) -> Iterator[Plan]:
        return iter(self.plans)

    # -- looking things up ------------------------------------------------------------

    def plan(self, name: PlanLike) -> Plan:
        """The plan called ``name`` (case-insensitive), or the plan itself.

        Raises:
            UnknownPlanError: no plan has that name.
        """
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

    def response_target(self, plan: PlanLike, severity: SeverityLike) -> Target:
        """The first-response target of ``plan`` for ``severity`` (None: the default)."""
        return self.plan(plan).target(self.severity(severity))

    def _calendar_for_target(self, target: Target) -> CoverageCalendar:
        return self.round_the_clock if target.round_the_clock else self.business_calendar

    def calendar_for(self, plan: PlanLike, severity: SeverityLike) -> CoverageCalendar:
        """The calendar the target of ``plan`` and ``severity`` counts on."""
        return self._calendar_for_target(self.response_target(plan, severity))

    # -- deadlines --------------------------------------------------------------------

    def response_deadline(
        self, plan: PlanLike, severity: SeverityLike, submitted_at: datetime
    ) -> datetime:
        """When the first response is due for a request submitted at ``submitted_at``.

        ``submitted_at`` must be timezone-aware; the deadline comes back in its zone.

        Raises:
            UnknownPlanError, UnknownSeverityError, NaiveDatetimeError, OutOfRangeError.
        """
        clock = self._clocks.get((plan, severity))
        if clock is None:
            clock = self._clock(plan, severity)
        return clock[0].add(submitted_at, clock[1])

    def _clock(self, plan: PlanLike, severity: SeverityLike) -> tuple[CoverageCalendar, timedelta]:
        """Resolve a (plan, severity) spelling to its clock, and remember the spelling."""
        clock = self._clocks[self.plan(plan).name, self.severity(severity)]
        remember = type(plan) is str and type(severity) in (str, Severity, type(None))
        if remember and len(self._clocks) < _MAX_SPELLINGS:
            self._clocks[plan, severity] = clock
        return clock

    def explain_response_deadline(
        self, plan: PlanLike, severity: SeverityLike, submitted_at: datetime
    ) -> DeadlineExplanation:
        """The deadline of :meth:`response_deadline`, with how it was reached."""
        chosen = self.plan(plan)
        resolved = self.severity(severity)
        calendar, _ = self._clocks[chosen.name, resolved]
        return explain_deadline(
            plan=chosen.title,
            severity=resolved,
            severity_defaulted=severity is None,
            target=chosen.target(resolved),
            calendar=calendar,
            submitted_at=submitted_at,
        )

    def with_business_calendar(self, calendar: BusinessCalendar) -> Policy:
        """A copy of this policy whose business targets count on ``calendar``."""
        return attrs.evolve(self, business_calendar=calendar)
