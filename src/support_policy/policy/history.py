"""A policy's history: its versions, and the one in force at each instant.

A :class:`Policy` answers every question that carries an instant with the version in
force at that instant: a deadline by the version in force at submission. Questions
without an instant (a target, the plans) go to the newest version unless ``at`` says
otherwise. :meth:`Policy.as_of` hands out a version for explicit use.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import TypeVar

import attrs

from support_policy.calendars import BusinessCalendar
from support_policy.calendars.instants import EPOCH
from support_policy.errors import (
    InvalidPolicyError,
    NaiveDatetimeError,
    OutOfRangeError,
    UnknownPlanError,
    shown,
)
from support_policy.policy.deadlines import DeadlineExplanation
from support_policy.policy.plans import RESPONSE, Plan
from support_policy.policy.targets import Target
from support_policy.policy.version import PlanLike, PolicyVersion, SeverityLike
from support_policy.render import Record

__all__ = ["Policy"]

T = TypeVar("T")


MAX_VERSIONS = 100
"""The most versions a policy may have."""


def _versions(value: Iterable[PolicyVersion] | PolicyVersion) -> tuple[PolicyVersion, ...]:
    versions = (value,) if isinstance(value, PolicyVersion) else tuple(value)
    if not versions:
        raise InvalidPolicyError([("", "a policy needs at least one version")])
    if len(versions) > MAX_VERSIONS:
        raise InvalidPolicyError(
            [("versions", f"at most {MAX_VERSIONS} versions, not {len(versions):,}")]
        )
    problems: list[tuple[str, str]] = []
    for i, version in enumerate(versions):
        if not isinstance(version, PolicyVersion):
            raise InvalidPolicyError([(f"versions[{i}]", f"not a PolicyVersion: {shown(version)}")])
    for i, (later, earlier) in enumerate(itertools.pairwise(versions)):
        if later.effective_from is None:
            problems.append(
                (f"versions[{i}].effective_from", "only the oldest version may leave it unset")
            )
        elif earlier.effective_from is not None and earlier.effective_from >= later.effective_from:
            problems.append(
                (
                    f"versions[{i + 1}].effective_from",
                    f"{earlier.effective_from} must come before {later.effective_from}, the "
                    "date of the version after it (list versions newest first)",
                )
            )
        elif earlier.effective_from is not None and _start(earlier) >= _start(later):
            problems.append((f"versions[{i + 1}].effective_from", _never_in_force(earlier, later)))
    if problems:
        raise InvalidPolicyError(problems)
    return versions


def _start(version: PolicyVersion) -> timedelta:
    start = version.offset_of_start()
    assert start is not None
    return start


def _never_in_force(earlier: PolicyVersion, later: PolicyVersion) -> str:
    """Why ``earlier`` would never be in force: ``later`` takes effect first, in UTC."""

    def when(version: PolicyVersion) -> str:
        utc = (EPOCH + _start(version)).isoformat().replace("+00:00", "Z")
        return f"00:00 on {version.effective_from} in {version.business_calendar.timezone}, {utc}"

    return (
        f"this version would never be in force: it takes effect at {when(earlier)}, but "
        f"the version after it takes effect no later, at {when(later)} (their time zones "
        "differ; date the newer version later, or drop this one)"
    )


@attrs.frozen
class Policy:
    """A support policy over time: its versions, newest first.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from support_policy import stakater_policy
    >>> policy = stakater_policy()
    >>> monday = datetime(2025, 9, 1, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    >>> policy.deadline("standard", "P1", monday)  # the 2025 version: 12 business hours
    datetime.datetime(2025, 9, 2, 13, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Stockholm'))

    Raises:
        InvalidPolicyError: no versions, or versions not newest first by
            ``effective_from``, or a version other than the oldest without one, or a
            version that would never be in force (the one after it, in another time
            zone, takes effect at the same instant or earlier).
    """

    versions: tuple[PolicyVersion, ...] = attrs.field(converter=_versions)
    _starts: tuple[tuple[timedelta | None, PolicyVersion], ...] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        starts = tuple((v.offset_of_start(), v) for v in self.versions)
        object.__setattr__(self, "_starts", starts)

    @property
    def name(self) -> str:
        """The newest version's name."""
        return self.latest.name

    @property
    def latest(self) -> PolicyVersion:
        """The newest version."""
        return self.versions[0]

    def __iter__(self) -> Iterator[PolicyVersion]:
        return iter(self.versions)

    def __repr__(self) -> str:
        names = ", ".join(repr(v.name) for v in self.versions)
        return f"Policy(versions=[{names}])"

    def _repr_html_(self) -> str:
        """The newest version's response-time matrix, for notebooks."""
        return self.latest._repr_html_()

    def record(self) -> Record:
        """The newest version, and the list of every version."""
        latest = self.latest.record()
        versions = ("versions", [v.summary() for v in self.versions])
        return attrs.evolve(latest, fields=(*latest.fields, versions))

    def as_of(self, at: datetime, what: str = "the instant") -> PolicyVersion:
        """The version in force at the instant ``at`` (named ``what`` in errors).

        A version takes effect at 00:00 of its ``effective_from`` date in its business
        calendar's time zone.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            OutOfRangeError: ``at`` comes before every version.
        """
        try:
            instant = at - EPOCH  # an offset from the epoch: never compare wall clocks
        except TypeError:
            if isinstance(at, datetime):
                raise NaiveDatetimeError(what, at) from None
            raise TypeError(f"{what} must be a datetime, got {type(at).__name__}") from None
        for start, version in self._starts:
            if start is None or instant >= start:
                return version
        raise OutOfRangeError(
            f"no version of {shown(self.name)} was in force at {at.isoformat()}; the oldest "
            f"took effect on {self.versions[-1].effective_from}"
        )

    def _unknown_plan(
        self, plan: PlanLike, version: PolicyVersion, exc: UnknownPlanError
    ) -> UnknownPlanError:
        """``exc``, naming the other versions that do have ``plan``."""
        holders = [v for v in self.versions if v is not version and _has(v, plan)]
        if not holders:
            return exc
        return UnknownPlanError(
            plan,
            exc.known,
            f"{shown(version.name)}, in force then, has no such plan; "
            + "; ".join(f"{shown(v.name)}{_since(v)} has it" for v in holders),
        )

    def _ask(self, version: PolicyVersion, plan: PlanLike, question: Callable[[], T]) -> T:
        """``question()`` of ``version``; an unknown plan names the versions that have it."""
        try:
            return question()
        except UnknownPlanError as exc:
            raise self._unknown_plan(plan, version, exc) from None

    def plan(self, name: PlanLike, at: datetime | None = None) -> Plan:
        """The plan ``name`` of the version in force at ``at`` (None: the newest)."""
        version = self.latest if at is None else self.as_of(at)
        return self._ask(version, name, lambda: version.plan(name))

    def target(
        self,
        plan: PlanLike,
        severity: SeverityLike,
        metric: str = RESPONSE,
        at: datetime | None = None,
    ) -> Target:
        """The target of ``metric`` for ``plan`` and ``severity`` in force at ``at``."""
        version = self.latest if at is None else self.as_of(at)
        return self._ask(version, plan, lambda: version.target(plan, severity, metric))

    def deadline(
        self,
        plan: PlanLike,
        severity: SeverityLike,
        submitted_at: datetime,
        metric: str = RESPONSE,
    ) -> datetime:
        """When the target of ``metric`` falls due, under the version in force at submission.

        ``submitted_at`` must be timezone-aware; the deadline comes back in its zone.

        Raises:
            UnknownPlanError, UnknownSeverityError, NaiveDatetimeError, OutOfRangeError.
        """
        version = self.as_of(submitted_at, "submitted_at")
        try:  # the hot path: no closure
            return version.deadline(plan, severity, submitted_at, metric)
        except UnknownPlanError as exc:
            raise self._unknown_plan(plan, version, exc) from None

    def response_deadline(
        self, plan: PlanLike, severity: SeverityLike, submitted_at: datetime
    ) -> datetime:
        """The one shortcut: ``deadline(plan, severity, submitted_at)`` for the first response."""
        return self.deadline(plan, severity, submitted_at)

    def explain(
        self,
        plan: PlanLike,
        severity: SeverityLike,
        submitted_at: datetime,
        metric: str = RESPONSE,
    ) -> DeadlineExplanation:
        """The deadline of :meth:`deadline`, with how it was reached and by which version."""
        version = self.as_of(submitted_at, "submitted_at")
        return self._ask(
            version, plan, lambda: version.explain(plan, severity, submitted_at, metric)
        )

    def with_business_calendar(self, calendar: BusinessCalendar) -> Policy:
        """A copy of this policy whose every version counts on ``calendar``."""
        return Policy(v.with_business_calendar(calendar) for v in self.versions)


def _has(version: PolicyVersion, plan: PlanLike) -> bool:
    try:
        version.plan(plan)
    except UnknownPlanError:
        return False
    return True


def _since(version: PolicyVersion) -> str:
    return "" if version.effective_from is None else f" (from {version.effective_from})"
