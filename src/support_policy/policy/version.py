"""One version of a support policy: its levels, plans and clocks, in force from a date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

import attrs

from support_policy._fields import Kind
from support_policy._frozen import FrozenMap, frozen_tuple
from support_policy.calendars import BusinessCalendar, CoverageCalendar, RoundTheClock
from support_policy.calendars.instants import EPOCH
from support_policy.calendars.zones import load_zone
from support_policy.errors import (
    InvalidPolicyError,
    InvalidTargetError,
    NaiveDatetimeError,
    SupportPolicyError,
    UnknownPlanError,
    require,
    shown,
)
from support_policy.policy.deadlines import DeadlineExplanation, explain_deadline
from support_policy.policy.plans import RESPONSE, EscalationTrigger, Plan
from support_policy.policy.rules import ClockRules
from support_policy.policy.scope import Scope
from support_policy.policy.severities import Severity, SeverityScale
from support_policy.policy.targets import Target
from support_policy.render import Record, Table, to_html

__all__ = ["Clock", "PlanLike", "PolicyVersion", "SeverityLike"]

PlanLike = Plan | str
SeverityLike = Severity | str | int | None
Clock = tuple[CoverageCalendar, timedelta]
"""A target's clock: the calendar it counts on and the clock time it allows."""


MAX_PLANS = 100
"""The most plans a version may have (a real contract has a handful)."""


_FAIL = InvalidPolicyError.at


def _day(_: object, __: object, value: date | None) -> None:
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise _FAIL("effective_from", f"must be a date (or None), got {shown(value)}")


def _plans(value: Iterable[Plan]) -> tuple[Plan, ...]:
    plans = frozen_tuple(value)
    for i, plan in enumerate(plans):
        if not isinstance(plan, Plan):
            raise _FAIL(f"plans[{i}]", f"must be a Plan, got {shown(plan)}")
    if not plans:
        raise InvalidPolicyError([("plans", "a policy needs at least one plan")])
    if len(plans) > MAX_PLANS:
        raise InvalidPolicyError([("plans", f"at most {MAX_PLANS} plans, not {len(plans):,}")])
    names = [p.name for p in plans]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidPolicyError([("plans", f"plan names must be unique; {duplicates} repeat")])
    return plans


def _triggers(value: Iterable[object]) -> tuple[EscalationTrigger, ...]:
    if isinstance(value, str):
        raise InvalidPolicyError([("escalation_triggers", f"must be a list, got {shown(value)}")])
    out = []
    for item in frozen_tuple(value):
        try:
            out.append(EscalationTrigger(item))
        except ValueError:
            choices = ", ".join(t.value for t in EscalationTrigger)
            raise InvalidPolicyError(
                [("escalation_triggers", f"{shown(item)} is not one of: {choices}")]
            ) from None
    return tuple(out)


def named_submission_error(exc: Exception, submitted_at: object) -> Exception:
    """A calendar's error about its ``start``, told under the caller's name ``submitted_at``."""
    if not isinstance(submitted_at, datetime):
        return TypeError(f"submitted_at must be a datetime, got {type(submitted_at).__name__}")
    if submitted_at.utcoffset() is None:
        return NaiveDatetimeError("submitted_at", submitted_at)
    return exc


@attrs.frozen
class PolicyVersion:
    """A support policy as it stands in one version: the SLA arithmetic over it.

    Attributes:
        name: the version's name.
        plans: the plans, in display order.
        severities: the severity levels, most urgent first, and the default level.
        business_calendar: the calendar that business-hour and business-day targets
            count on.
        round_the_clock: the clock that targets in plain hours count on.
        escalation_triggers: what may set off an escalation under this version.
        scope: what support includes and excludes (None when the version says nothing).
        effective_from: the date it took effect, at 00:00 in the business calendar's
            zone (None: in force since before anything else known).
        note: free text: where the policy comes from, caveats.
        clock_rules: how the ticket clock treats reclassification, pauses and plan
            changes under this version.
    """

    name: str = attrs.field(validator=Kind(str, "a text", _FAIL))
    plans: tuple[Plan, ...] = attrs.field(converter=_plans)
    severities: SeverityScale = attrs.field(validator=Kind(SeverityScale, "a SeverityScale", _FAIL))
    business_calendar: BusinessCalendar = attrs.field(
        validator=Kind(BusinessCalendar, "a BusinessCalendar", _FAIL)
    )
    round_the_clock: RoundTheClock = attrs.field(
        factory=RoundTheClock, validator=Kind(RoundTheClock, "a RoundTheClock", _FAIL)
    )
    escalation_triggers: tuple[EscalationTrigger, ...] = attrs.field(
        default=(), converter=_triggers
    )
    scope: Scope | None = attrs.field(default=None, validator=Kind(Scope, "a Scope", _FAIL, True))
    effective_from: date | None = attrs.field(default=None, validator=_day)
    note: str = attrs.field(default="", validator=Kind(str, "a text", _FAIL))
    clock_rules: ClockRules = attrs.field(
        factory=ClockRules, validator=Kind(ClockRules, "a ClockRules", _FAIL)
    )
    _by_name: FrozenMap[str, Plan] = attrs.field(init=False, repr=False, eq=False)
    _clocks: FrozenMap[tuple[object, ...], Clock] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = [
            (
                f"plans.{plan.name}.{'targets' if metric == RESPONSE else 'metrics.' + metric}",
                f"no target for {', '.join(codes)}; every severity level needs one",
            )
            for plan in self.plans
            for metric, codes in plan.missing_targets(self.severities.codes).items()
        ]
        for plan in self.plans:
            for metric in plan.metric_names:
                unknown = [
                    c for c in plan.metric(metric) if c != "all" and c not in self.severities.codes
                ]
                if unknown:
                    problems.append(
                        (
                            f"plans.{plan.name}.targets",
                            f"{', '.join(unknown)} is not a severity level of this policy",
                        )
                    )
            if plan.escalation is not None:
                unknown = sorted(set(plan.escalation.immediate) - set(self.severities.codes))
                if unknown:
                    problems.append(
                        (
                            f"plans.{plan.name}.escalation.immediate",
                            f"{', '.join(unknown)} is not a severity level of this policy",
                        )
                    )
        if problems:
            raise InvalidPolicyError(problems)
        object.__setattr__(self, "_by_name", FrozenMap({p.name: p for p in self.plans}))
        object.__setattr__(self, "_clocks", FrozenMap(self._all_clocks()))

    def _all_clocks(self) -> dict[tuple[object, ...], Clock]:
        """Every target's clock, under every common spelling of its plan and level.

        The deadline methods look a (plan, severity) pair up here first, so the usual
        spellings ("standard", "P1", None) cost one dictionary look-up. A plan is found
        only as :meth:`plan` finds it, by its name or itself: never by its title, which
        may be another plan's name.
        """
        clocks: dict[tuple[object, ...], Clock] = {}
        for plan in self.plans:
            for metric in plan.metric_names:
                for level in self.severities:
                    target = plan.target(level, metric)
                    calendar = self._calendar_for(target)
                    clock = (calendar, target.duration_on(calendar))
                    names: list[object] = [level, level.code, *level.spellings()]
                    if level == self.severities.default:
                        names.append(None)
                    for plan_name in (plan.name, plan):
                        for spelling in names:
                            clocks[plan_name, spelling, metric] = clock
        return clocks

    def __iter__(self) -> Iterator[Plan]:
        return iter(self.plans)

    def __repr__(self) -> str:
        return f"PolicyVersion({self.name!r}, effective_from={self.effective_from})"

    def line(self) -> str:
        """The version in one line: its name and since when it is in force."""
        since = f"in force from {self.effective_from}" if self.effective_from else "no start date"
        return f"{self.name} ({since})"

    def summary(self) -> Record:
        """The version's name and start, as an entry of a list of versions."""
        fields = (("version", self.name), ("effective_from", self.effective_from))
        return Record(self.line(), fields, self.line())

    def matrix(self, metric: str = RESPONSE) -> Table:
        """The targets of ``metric``, a row per severity level and a column per plan."""
        require(metric, str, "metric", "a metric's name")
        plans = [p for p in self.plans if metric in p.metric_names]
        if not plans:  # as a plan's target() refuses it: an empty table would say nothing
            known = sorted({m for p in self.plans for m in p.metric_names})
            raise InvalidTargetError(
                f"no plan of {shown(self.name)} has a metric {shown(metric)}; they have: "
                + ", ".join(map(shown, known)),
                field="metric",
            )
        columns = [("severity", "Severity"), ("severity_label", "Label")]
        columns += [(p.name, p.title) for p in plans]
        rows = [(s.code, s.label, *(p.target(s, metric) for p in plans)) for s in self.severities]
        what = "first-response" if metric == RESPONSE else metric.replace("_", " ")
        return Table(f"{what.capitalize()} targets", columns, rows)

    def record(self) -> Record:
        """What the version holds, for the renderer."""
        metrics = dict.fromkeys(m for p in self.plans for m in p.metrics)
        levels = Table(
            "Severities",
            (("severity", "Severity"), ("severity_label", "Label"), ("definition", "Definition")),
            [(s.code, s.label, s.definition) for s in self.severities],
        )
        return Record(
            self.line(),
            (
                ("version", self.name),
                ("effective_from", self.effective_from),
                ("note", self.note or None),
                ("default_severity", self.severities.default_code),
                ("severities", levels),
                ("targets", self.matrix()),
                *((f"{m}_targets", self.matrix(m)) for m in metrics),
                ("business_calendar", self.business_calendar.describe()),
                ("escalation_triggers", [t.value for t in self.escalation_triggers]),
                ("plans", list(self.plans)),
            ),
            self.line(),
        )

    def _repr_html_(self) -> str:
        """The response-time matrix as an HTML table, for notebooks."""
        matrix = self.matrix()
        return to_html(attrs.evolve(matrix, title=f"{self.name}: {matrix.title.lower()}"))

    @property
    def starts_at(self) -> datetime | None:
        """The instant this version took effect, or None when it has no start."""
        if self.effective_from is None:
            return None
        zone = load_zone(self.business_calendar.timezone)
        return datetime.combine(self.effective_from, time(0), tzinfo=zone)

    # -- looking things up ------------------------------------------------------------

    def plan(self, name: PlanLike) -> Plan:
        """The plan called ``name`` (case-insensitive), or the plan itself.

        Raises:
            UnknownPlanError: this version has no plan of that name.
        """
        key = name.name if isinstance(name, Plan) else name
        if isinstance(key, str) and len(key) <= 10_000:  # longer names no plan
            found = self._by_name.get(key) or self._by_name.get(key.strip().lower())
            if found is not None and (not isinstance(name, Plan) or found == name):
                return found
        raise UnknownPlanError(name, [p.name for p in self.plans])

    def severity(self, value: SeverityLike) -> Severity:
        """The level ``value`` names, or the default level when it is None."""
        return self.severities.parse(value)

    def target(self, plan: PlanLike, severity: SeverityLike, metric: str = RESPONSE) -> Target:
        """The target of ``metric`` for ``plan`` and ``severity`` (None: the default)."""
        return self.plan(plan).target(self.severity(severity), metric)

    def _calendar_for(self, target: Target) -> CoverageCalendar:
        return self.round_the_clock if target.round_the_clock else self.business_calendar

    def clock(self, plan: PlanLike, severity: SeverityLike, metric: str = RESPONSE) -> Clock:
        """The calendar a target counts on and the clock time it allows."""
        try:
            found = self._clocks.get((plan, severity, metric))
        except TypeError:  # an unhashable argument: the slow path names it
            found = None
        if found is not None:
            return found
        chosen, level = self.plan(plan), self.severity(severity)
        chosen.metric(metric)  # raises for an unknown metric
        return self._clocks[chosen.name, level, metric]

    # -- deadlines --------------------------------------------------------------------

    def deadline(
        self,
        plan: PlanLike,
        severity: SeverityLike,
        submitted_at: datetime,
        metric: str = RESPONSE,
    ) -> datetime:
        """When the target of ``metric`` (the first response by default) falls due.

        ``submitted_at`` must be timezone-aware; the deadline comes back in its zone.

        Raises:
            UnknownPlanError, UnknownSeverityError, NaiveDatetimeError, OutOfRangeError.
        """
        calendar, allowed = self.clock(plan, severity, metric)
        try:
            return calendar.add(submitted_at, allowed)
        except (SupportPolicyError, TypeError) as exc:
            raise named_submission_error(exc, submitted_at) from None

    def explain(
        self,
        plan: PlanLike,
        severity: SeverityLike,
        submitted_at: datetime,
        metric: str = RESPONSE,
    ) -> DeadlineExplanation:
        """The deadline of :meth:`deadline`, with how it was reached."""
        chosen, level = self.plan(plan), self.severity(severity)
        calendar, _ = self.clock(chosen.name, level, metric)
        try:
            return explain_deadline(
                plan=chosen,
                severity=level,
                severity_defaulted=severity is None,
                target=chosen.target(level, metric),
                calendar=calendar,
                submitted_at=submitted_at,
                metric=metric,
                version=self.name,
            )
        except (SupportPolicyError, TypeError) as exc:
            raise named_submission_error(exc, submitted_at) from None

    def with_business_calendar(self, calendar: BusinessCalendar) -> PolicyVersion:
        """A copy of this version counting business targets on ``calendar``."""
        return attrs.evolve(self, business_calendar=calendar)

    def offset_of_start(self) -> timedelta | None:
        """The version's start as an offset from the Unix epoch (None: no start)."""
        start = self.starts_at
        return None if start is None else start - EPOCH
