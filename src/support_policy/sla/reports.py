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

import html
import math
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from support_policy.policy.severities import Severity
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
    """The counts of one plan and severity."""

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
        if status.answered:
            self.response.add(status.elapsed.total_seconds())

    def row(self) -> dict[str, Any]:
        """A plain record."""

        def hours(fraction: float) -> float | None:
            value = self.response.percentile(fraction)
            return None if value is None else round(value / 3600, 4)

        attainment = self.attainment
        return {
            "plan": self.plan,
            "severity": self.severity.code,
            "tickets": self.tickets,
            "met": self.met,
            "breached": self.breached,
            "open": self.open,
            "at_risk": self.at_risk,
            "attainment": None if attainment is None else round(attainment, 6),
            "response_p50_hours": hours(0.5),
            "response_p90_hours": hours(0.9),
            "response_p99_hours": hours(0.99),
        }


@attrs.define
class ComplianceReport:
    """Compliance per plan and severity, built ticket by ticket in constant memory."""

    now: datetime | None = None
    groups: dict[tuple[str, Severity], GroupStats] = attrs.field(factory=dict)

    @classmethod
    def build(cls, policy: Policy, tickets: Iterable[Ticket], now: datetime) -> ComplianceReport:
        """Evaluate ``tickets`` at ``now`` and count them."""
        report = cls(now)
        for status in evaluate(policy, tickets, now):
            report.add(status)
        return report

    def add(self, status: TicketStatus) -> None:
        """Count one ticket's status."""
        key = (status.plan, status.severity)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = GroupStats(status.plan, status.severity)
        group.add(status)

    @property
    def tickets(self) -> int:
        """How many tickets were counted."""
        return sum(g.tickets for g in self.groups.values())

    def rows(self) -> list[dict[str, Any]]:
        """One plain record per plan and severity, in plan then severity order."""
        ordered = sorted(self.groups.values(), key=lambda g: (g.plan, g.severity))
        return [g.row() for g in ordered]

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "now": None if self.now is None else self.now.isoformat(),
            "tickets": self.tickets,
            "groups": self.rows(),
        }

    def text(self) -> str:
        """A table for people."""
        header = [
            "plan",
            "sev",
            "tickets",
            "met",
            "breached",
            "open",
            "attain",
            "p50",
            "p90",
            "p99",
        ]
        lines = [header]
        for row in self.rows():
            attain = row["attainment"]
            lines.append(
                [
                    row["plan"],
                    row["severity"],
                    str(row["tickets"]),
                    str(row["met"]),
                    str(row["breached"]),
                    str(row["open"]),
                    "-" if attain is None else f"{attain:.1%}",
                    *(
                        "-" if row[k] is None else f"{row[k]:.2f}h"
                        for k in ("response_p50_hours", "response_p90_hours", "response_p99_hours")
                    ),
                ]
            )
        widths = [max(len(r[i]) for r in lines) for i in range(len(header))]
        out = [
            "  ".join(
                c.rjust(w) if i > 1 else c.ljust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
            for r in lines
        ]
        out.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(out)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        rows = self.rows()
        if not rows:
            return "<p>No tickets.</p>"
        head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0])
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r.values()) + "</tr>"
            for r in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
