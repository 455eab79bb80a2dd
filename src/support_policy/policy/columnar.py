"""Policy deadlines over whole columns: a plan and a severity per row, versions by date.

:func:`deadlines` answers ``policy.deadline(plan, severity, submitted_at)`` for every row
at once. Rows are grouped by the (version, plan, severity) they name, each group's
target becomes a duration on its calendar, and each calendar does its rows in one
vectorised pass (:mod:`support_policy.calendars.columnar`). Needs numpy (the
``columnar`` extra).

>>> import numpy as np
>>> from support_policy import stakater_policy
>>> submitted = np.array(["2026-11-27T01:00", "2026-11-27T01:00"], dtype="datetime64[us]")
>>> deadlines(stakater_policy(), np.array(["standard", "premium"]), "P1", submitted)
array(['2026-11-27T16:00:00.000000', '2026-11-27T02:00:00.000000'],
      dtype='datetime64[us]')
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, NamedTuple

from support_policy.errors import MissingExtraError

try:
    import numpy as np
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("numpy", "columnar", "columnar deadlines") from None

from support_policy.calendars._columns import Column
from support_policy.calendars.base import CoverageCalendar
from support_policy.calendars.columnar import shift
from support_policy.calendars.instants import ONE_US
from support_policy.errors import OutOfRangeError, SupportPolicyError, shown
from support_policy.policy._codes import codes
from support_policy.policy.history import Policy
from support_policy.policy.plans import RESPONSE
from support_policy.policy.severities import Severity
from support_policy.policy.version import PolicyVersion

__all__ = ["Demand", "Demands", "deadlines"]

Array = Any
_NAT = np.iinfo(np.int64).min


def _versions(
    policy: Policy, x: Array, missing: Array | None
) -> tuple[Array | None, list[PolicyVersion]]:
    """Each row's version (by submission instant), as an index into the versions.

    None stands for the newest version on every row.
    """
    versions = list(policy.versions)  # newest first
    starts = [v.offset_of_start() for v in versions]
    # The version in force is the first, newest first, that started at or before x; a
    # policy refuses versions whose starts (in UTC) are not in that order.
    known = [s // ONE_US for s in starts if s is not None][::-1]  # oldest first
    if not known or not x.size or int(x.min()) >= known[-1]:  # the usual case: the newest
        return None, versions  # (a missing row stands in as a present one)
    # The index is how many versions start after x.
    if len(known) <= 8:  # a comparison a version costs less than a binary search
        index = (x < known[0]).astype(np.intp)
        for start in known[1:]:
            index += x < start
    else:
        index = len(known) - np.searchsorted(np.array(known, np.int64), x, side="right")
    if starts[-1] is None:  # the oldest version has no start: every row has a version
        return index, versions
    early = index >= len(versions)
    if missing is not None:
        early &= ~missing
    if early.any():
        row = int(np.flatnonzero(early)[0])
        raise OutOfRangeError(
            f"submitted_at[{row}]: no version of {policy.name!r} was in force then; the "
            f"oldest took effect on {versions[-1].effective_from}",
            field=f"submitted_at[{row}]",
        )
    return np.minimum(index, len(versions) - 1), versions


def deadlines(
    policy: Policy | PolicyVersion,
    plans: Any,
    severities: Any,
    submitted_at: Any,
    metric: str = RESPONSE,
) -> Any:
    """``policy.deadline(plan, severity, submitted_at, metric)`` for every row.

    Args:
        policy: a :class:`Policy` (each row under the version in force at its
            submission) or one :class:`PolicyVersion`.
        plans: one plan for every row, or a column of plan names.
        severities: one severity for every row, or a column; a missing severity is the
            default level, as ``None`` is for the scalar method.
        submitted_at: a column of instants (see :mod:`support_policy.calendars.columnar`).
        metric: the target's metric, the first response by default.

    Returns:
        The deadlines, in the kind and zone of ``submitted_at``; a missing submission
        gives a missing deadline.

    Raises:
        UnknownPlanError, UnknownSeverityError: a row names no plan or level of its
            version (the message names the first such row).
        SupportPolicyError: a row has no plan (there is no default plan).
        OutOfRangeError, NaiveDatetimeError: as the calendar columns raise them.
    """
    column = Column(submitted_at, "submitted_at")
    demands = Demands(policy, plans, severities, column, metric)
    out = np.full(column.size, _NAT, np.int64)
    for calendar, where in demands.by_calendar():
        x = column.values[where]
        out[where] = shift(
            calendar, x, demands.allowance_of(where), None, 1, "submitted_at", where, "submitted_at"
        )
    return column.instants(out)


class Demand(NamedTuple):
    """What one (version, plan, severity) asks: a target's clock and its allowance."""

    version: PolicyVersion
    plan: str
    severity: Severity
    calendar: CoverageCalendar
    allowance: int  # microseconds of clock time


class Demands:
    """Each row's demand, found once per distinct (version, plan, severity).

    ``group`` is each row's index into ``found`` (-1 for a row without a submission);
    ``allowance`` each row's allowance in microseconds (made when first asked for).
    """

    def __init__(
        self,
        policy: Policy | PolicyVersion,
        plans: Any,
        severities: Any,
        column: Column,
        metric: str = RESPONSE,
    ) -> None:
        if not isinstance(policy, Policy | PolicyVersion):
            raise TypeError(
                f"policy must be a Policy or PolicyVersion, got {type(policy).__name__}"
            )
        rows, missing = column.size, column.missing
        plan_codes, plan_names = codes(plans, rows, "plans")
        level_codes, level_names = codes(severities, rows, "severities")
        if isinstance(policy, Policy):
            version_codes, versions = _versions(policy, column.values, missing)
        else:
            version_codes, versions = None, [policy]
        # One slot per (version, plan, severity), 0 for a row without a submission; -1
        # codes (missing) count as 0 within it.
        p, s = len(plan_names) + 1, len(level_names) + 1
        # (v * p + plan + 1) * s + level + 2, in place, in an array of this call's own
        if version_codes is None:
            slots = plan_codes.astype(np.intp)
        else:
            slots = version_codes
            slots *= p
            slots += plan_codes
        slots += 1
        slots *= s
        slots += level_codes
        slots += 2
        if missing is not None:
            slots[missing] = 0
        distinct, group = _groups(slots)
        found: list[Demand | None] = []
        refused: dict[int, tuple[object, object, SupportPolicyError]] = {}
        for slot in distinct.tolist():
            if slot == 0:  # the missing rows' group: it comes first
                found.append(None)
                continue
            v, rest = divmod(slot - 1, p * s)
            plan_code, level_code = divmod(rest, s)
            plan = None if plan_code == 0 else plan_names[plan_code - 1]
            level = None if level_code == 0 else level_names[level_code - 1]
            try:
                found.append(_demand(versions[v], plan, level, metric))
            except SupportPolicyError as exc:
                refused[slot] = plan, level, exc
        if refused:
            _refuse(slots, refused)
        if found and found[0] is None:
            group -= 1
        self.found = [d for d in found if d is not None]
        self.group = group

    @classmethod
    def resolved(cls, found: list[Demand], group: Any) -> Demands:
        """Demands already found: ``group`` is each row's index into ``found``."""
        made = cls.__new__(cls)
        made.found, made.group = found, np.asarray(group, np.int64)
        return made

    @functools.cached_property
    def allowance(self) -> Array:
        """Each row's allowance in microseconds.

        A row without a demand stands in with the first demand's, which divides safely.
        """
        return self.allowance_of(slice(None))

    def allowance_of(self, rows: Any) -> Array:
        """The allowance of each of ``rows`` (an index into the rows), without the others'."""
        allowances = [d.allowance for d in self.found] or [0]
        return np.array([*allowances, allowances[0]], np.int64)[self.group[rows]]  # [-1]

    def by_calendar(self) -> Iterator[tuple[CoverageCalendar, Any]]:
        """Each distinct calendar with the rows (indices) that count on it."""
        calendars: list[CoverageCalendar] = []
        numbers: list[int] = []  # each demand's calendar, by its place in calendars
        for demand in self.found:
            known = [k for k, c in enumerate(calendars) if demand.calendar is c]
            numbers.append(known[0] if known else len(calendars))
            if not known:
                calendars.append(demand.calendar)
        if len(calendars) == 1:
            where = np.flatnonzero(self.group >= 0)
            if where.size:
                yield calendars[0], where
            return
        # A look-up by group; its last entry stands for -1, a row without a demand.
        on = np.array([*numbers, -1], np.intp)[self.group]
        for k, calendar in enumerate(calendars):
            where = np.flatnonzero(on == k)
            if where.size:
                yield calendar, where


def _groups(slots: Array) -> tuple[Array, Array]:
    """``np.unique(slots, return_inverse=True)`` for slots of 0 and up (int64 inverse).

    Slots span a small range when rows share a few plans and levels: each row's group
    is then found by a table over that range, not by sorting every row.
    """
    if not slots.size or int(slots.max()) >= slots.size + 1024:  # too wide for a table
        distinct, group = np.unique(slots, return_inverse=True)
        return distinct, np.asarray(group, np.int64).reshape(slots.size)
    present = np.zeros(int(slots.max()) + 1, bool)
    present[slots] = True
    distinct = np.flatnonzero(present)
    number = np.empty(present.size, np.int64)
    number[distinct] = np.arange(distinct.size)
    return distinct, number[slots]


def _demand(version: PolicyVersion, plan: object, level: object, metric: str) -> Demand:
    """What rows naming ``plan`` and ``level`` under ``version`` ask for.

    Raises:
        SupportPolicyError: no plan (None), or the version's own error for the plan,
            level or metric; :func:`_refuse` names the row.
    """
    if plan is None:
        raise SupportPolicyError("every row needs a plan", field="plans")
    chosen, severity = version.plan(plan), version.severity(level)  # type: ignore[arg-type]
    calendar, allowance = version.clock(chosen.name, severity, metric)
    return Demand(version, chosen.name, severity, calendar, allowance // ONE_US)


def _refuse(slots: Array, refused: dict[int, tuple[object, object, SupportPolicyError]]) -> None:
    """Raise the error of the first row whose slot was refused, naming that row."""
    row = int(np.flatnonzero(np.isin(slots, list(refused)))[0])
    plan, level, exc = refused[int(slots[row])]
    if plan is None:
        raise SupportPolicyError(f"plans[{row}] is missing: every row needs a plan", field="plans")
    exc.args = (f"row {row} (plan {shown(plan)}, severity {shown(level)}): {exc}",)
    raise exc
