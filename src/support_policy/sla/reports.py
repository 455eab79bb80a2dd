"""Many tickets: lazy evaluation, and compliance reports per plan and severity.

``evaluate(policy, tickets, now)`` turns any iterable of tickets into statuses one at
a time, so a stream of any length runs in constant memory. A
:class:`ComplianceReport` counts met, breached and open tickets per plan and
severity, the attainment (met over decided), and response-time percentiles measured
on each target's own clock. Percentiles come from a log-scale histogram with
buckets 1% wide, so memory stays flat however many tickets pass; a percentile is
within 1% of the exact value.

``report.rows()`` gives plain records that ``pandas.DataFrame(report.rows())`` takes
as they are; nothing here imports pandas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from support_policy.policy.severities import Severity
from support_policy.render import Percent, Record, Rendered, Table, stamp, to_data
from support_policy.sla.clock import TicketStatus, ticket_status
from support_policy.sla.tickets import Ticket

if TYPE_CHECKING:
    from support_policy.policy.history import Policy

__all__ = ["ComplianceReport", "GroupStats", "LogHistogram", "evaluate"]

_GROWTH = 1.01  # bucket width: each bucket's upper bound is 1% above its lower bound
_LOG_GROWTH = math.log(_GROWTH)


def evaluate(policy: Policy, tickets: Iterable[Ticket], now: datetime) -> Iterator[TicketStatus]:
    """The status of each ticket at ``now``, lazily, in order."""
    for ticket in tickets:
        yield ticket_status(policy, ticket, now)


class LogHistogram:
    """Counts of positive durations in buckets 1% wide (and a count of zeros)."""

    __slots__ = ("buckets", "count", "zeros")

    def __init__(self) -> None:
        self.count = 0
        self.zeros = 0
        self.buckets: dict[int, int] = {}

    def add(self, seconds: float) -> None:
        """Count one value, in seconds."""
        self.count += 1
        if seconds <= 0:
            self.zeros += 1
            return
        key = math.floor(math.log(seconds) / _LOG_GROWTH)
        self.buckets[key] = self.buckets.get(key, 0) + 1

    def percentile(self, fraction: float) -> float | None:
        """The value at ``fraction`` (0-1) by nearest rank, or None when empty.

        The value is the geometric middle of its bucket: within 0.5% of the truth.
        """
        if not self.count:
            return None
        rank = max(1, math.ceil(fraction * self.count))
        if rank <= self.zeros:
            return 0.0
        seen = self.zeros
        for key in sorted(self.buckets):
            seen += self.buckets[key]
            if seen >= rank:
                return math.exp((key + 0.5) * _LOG_GROWTH)
        return None  # pragma: no cover - counts always add up


@attrs.define
class GroupStats:
    """The counts of one plan and severity under one policy version."""

    version: str
    plan: str
    severity: Severity
    tickets: int = 0
    met: int = 0
    breached: int = 0
    open: int = 0
    at_risk: int = 0
    response: LogHistogram = attrs.field(factory=LogHistogram)

    @property
    def attainment(self) -> float | None:
        """Met over decided (met + breached), or None when nothing is decided."""
        decided = self.met + self.breached
        return self.met / decided if decided else None

    def add(self, status: TicketStatus) -> None:
        """Count one status."""
        self.tickets += 1
        if status.state == "met":
            self.met += 1
        elif status.state == "breached":
            self.breached += 1
        else:
            self.open += 1
            self.at_risk += status.at_risk
        if status.response_time is not None:
            self.response.add(status.response_time.total_seconds())

    def cells(self) -> tuple[Any, ...]:
        """The group's cells, in the order of :data:`COLUMNS`."""
        attainment = self.attainment

        def percentile(fraction: float) -> timedelta | None:
            value = self.response.percentile(fraction)
            return None if value is None else timedelta(seconds=round(value, 6))

        return (
            self.version,
            self.plan,
            self.severity.code,
            self.tickets,
            self.met,
            self.breached,
            self.open,
            self.at_risk,
            None if attainment is None else Percent(attainment),
            percentile(0.5),
            percentile(0.9),
            percentile(0.99),
        )


COLUMNS = (
    ("version", "version"),
    ("plan", "plan"),
    ("severity", "sev"),
    ("tickets", "tickets"),
    ("met", "met"),
    ("breached", "breached"),
    ("open", "open"),
    ("at_risk", "at risk"),
    ("attainment", "attain"),
    ("response_p50", "p50"),
    ("response_p90", "p90"),
    ("response_p99", "p99"),
)
"""The report's columns: data key and header."""


@attrs.define(repr=False)
class ComplianceReport(Rendered):
    """Compliance per policy version, plan and severity, built ticket by ticket in constant memory.

    Tickets judged by different versions are never counted in one row: each version has
    its own targets.
    """

    def __repr__(self) -> str:
        return f"ComplianceReport({self.tickets} ticket(s), {len(self.groups)} group(s))"

    now: datetime | None = None
    groups: dict[tuple[str, str, str], GroupStats] = attrs.field(factory=dict)

    @classmethod
    def build(cls, policy: Policy, tickets: Iterable[Ticket], now: datetime) -> ComplianceReport:
        """Evaluate ``tickets`` at ``now`` and count them."""
        report = cls(now)
        for status in evaluate(policy, tickets, now):
            report.add(status)
        return report

    def add(self, status: TicketStatus) -> None:
        """Count one ticket's status, under the target that judged it.

        A ticket not yet submitted at the report's instant is left out.
        """
        if status.state == "not_started":
            return
        key = (status.policy_version, status.target_plan, status.target_severity.code)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = GroupStats(
                status.policy_version, status.target_plan, status.target_severity
            )
        group.add(status)

    @property
    def tickets(self) -> int:
        """How many tickets were counted."""
        return sum(g.tickets for g in self.groups.values())

    def table(self) -> Table:
        """One row per plan and severity, in plan then severity order."""
        ordered = sorted(self.groups.values(), key=lambda g: (g.version, g.plan, g.severity))
        durations = frozenset(("response_p50", "response_p90", "response_p99"))
        return Table("", COLUMNS, [g.cells() for g in ordered], durations)

    def rows(self) -> list[dict[str, Any]]:
        """One flat record per plan and severity (``pandas.DataFrame(rows)`` takes them)."""
        rows: list[dict[str, Any]] = to_data(self.table())
        return rows

    def record(self) -> Record:
        """What the report holds, for the renderer."""
        when = "" if self.now is None else f" at {stamp(self.now)}"
        title = f"Compliance{when}: {self.tickets:,} ticket(s)"
        return Record(
            title, (("now", self.now), ("tickets", self.tickets), ("groups", self.table()))
        )
