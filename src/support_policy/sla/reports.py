"""Many tickets: lazy evaluation, and compliance reports per plan and severity.

``evaluate(policy, tickets, now)`` turns any iterable of tickets into statuses one at
a time, so a stream of any length runs in constant memory. A
:class:`ComplianceReport` counts, per policy version, plan and severity: tickets met,
answered late, open past the deadline and open on time; the attainment (met over
decided); and percentiles of the response time, measured from submission on the
deciding target's own clock. Percentiles are exact for groups of up to
:data:`EXACT_LIMIT` tickets and never below the truth past that.

``report.rows()`` gives plain records that ``pandas.DataFrame(report.rows())`` takes
as they are; nothing here imports pandas.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from support_policy.calendars.instants import ZERO, instant_key
from support_policy.errors import InvalidDurationError, SupportPolicyError, shown
from support_policy.policy.severities import Severity
from support_policy.render import Percent, Record, Rendered, Table, stamp, to_data
from support_policy.sla import _buckets
from support_policy.sla.clock import TicketStatus, ticket_status
from support_policy.sla.quick import Judgement
from support_policy.sla.tickets import Ticket

if TYPE_CHECKING:
    from support_policy.policy.history import Policy

__all__ = ["EXACT_LIMIT", "ComplianceReport", "GroupStats", "ResponseTimes", "evaluate"]

EXACT_LIMIT = 100_000
"""Up to this many response times a group keeps them all and its percentiles are exact."""
_US = timedelta(microseconds=1)


def evaluate(policy: Policy, tickets: Iterable[Ticket], now: datetime) -> Iterator[TicketStatus]:
    """The status of each ticket at ``now``, lazily, in order."""
    for ticket in tickets:
        yield ticket_status(policy, ticket, now)


class ResponseTimes:
    """Response times of one group: exact up to :data:`EXACT_LIMIT`, then 1% buckets.

    A percentile is the nearest-rank value. While the group holds at most
    :data:`EXACT_LIMIT` times it is exact, to the microsecond; past that the times
    move into log-scale buckets 1% wide and a percentile is the upper bound of its
    bucket: at most 1% above the true value and never below it, so a response past
    its target is never reported under it.
    """

    __slots__ = ("_buckets", "_exact", "_sorted", "count", "zeros")

    def __init__(self) -> None:
        self.count = 0
        self.zeros = 0
        self._exact: array[int] | None = array("q")
        self._sorted = True
        self._buckets: dict[int, int] = {}

    def add(self, value: timedelta) -> None:
        """Count one response time.

        Raises:
            TypeError: ``value`` is not a ``timedelta``.
            InvalidDurationError: it is negative.
        """
        if not isinstance(value, timedelta):
            raise TypeError(f"a response time must be a timedelta, got {type(value).__name__}")
        if value < ZERO:
            raise InvalidDurationError(f"a response time cannot be negative, got {value}")
        self._count(value // _US)

    def _count(self, micro: int) -> None:
        self.count += 1
        exact = self._exact
        if exact is None:
            self._bucket(micro)
            return
        exact.append(micro)
        self._sorted = False
        if len(exact) > EXACT_LIMIT:
            self._to_buckets()

    def add_micros(self, values: Iterable[int]) -> None:
        """Count response times given in whole microseconds, as :meth:`add` counts each.

        While the exact times have room, a list or a numpy integer array is copied in at
        once; past that, an array is put in its buckets at once. A list or an array is
        added whole, or not at all when a value is refused; any other iterable is taken
        one time at a time, as it comes, and never held whole (the times before a
        refused one are counted).

        Raises:
            TypeError: a value that is no whole number (a float, a text), or an array
                of another kind.
            InvalidDurationError: a value below 0 or from 2**63 on.
        """
        exact = self._exact
        size = getattr(values, "size", None)
        if size is None:
            if not isinstance(values, list):
                for micro in values:
                    self._count(_micros(micro))
                return
            try:
                checked = array("q", values)  # all or, on a bad value, none
            except (TypeError, OverflowError):
                for micro in values:
                    _micros(micro)  # the first bad one says what is wrong
                raise  # pragma: no cover - array and _micros refuse alike
            if checked and min(checked) < 0:
                _micros(min(checked))
            if exact is None or len(exact) + len(checked) > EXACT_LIMIT:
                for micro in checked:
                    self._count(micro)
                return
            exact.extend(checked)  # a batch of a quick report's: at once
            self.count += len(checked)
            self._sorted = False
            return
        _check_array(values)
        if exact is not None and len(exact) + size <= EXACT_LIMIT:
            exact.frombytes(values.astype("=i8").tobytes())  # type: ignore[attr-defined]
            self.count += size
            self._sorted = False
            return
        self._to_buckets()  # as the last of them to fit would have, one at a time
        self._add_tally(_buckets.counts(values))
        self.count += size

    def _state(self) -> tuple[Any, ...]:
        """What the times are, whatever order they came in."""
        exact = None if self._exact is None else sorted(self._exact)
        return (self.count, self.zeros, exact, sorted(self._buckets.items()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResponseTimes):
            return NotImplemented
        return self._state() == other._state()

    __hash__ = None  # type: ignore[assignment] # mutable

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.count, self.zeros, self._exact, self._sorted, self._buckets)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.count, self.zeros, self._exact, self._sorted, self._buckets = state

    def merge(self, other: ResponseTimes) -> None:
        """Count ``other``'s times too: the result is as if every time had been added here."""
        count = self.count + other.count
        if self._exact is not None and other._exact is not None and count <= EXACT_LIMIT:
            self._exact.extend(other._exact)
            self._sorted = False
        else:
            self._to_buckets()
            if other._exact is not None:
                self._add_tally(_buckets.tally(other._exact))
            else:
                self._add_tally((other.zeros, other._buckets))
        self.count = count

    def _to_buckets(self) -> None:
        if self._exact is not None:
            held, self._exact = self._exact, None
            self._add_tally(_buckets.tally(held))

    def _add_tally(self, tally: tuple[int, dict[int, int]]) -> None:
        """Count zeros and bucketed times (:func:`~._buckets.tally`) in with the buckets."""
        zeros, found = tally
        self.zeros += zeros
        for key, n in found.items():
            self._buckets[key] = self._buckets.get(key, 0) + n

    def _bucket(self, micro: int) -> None:
        if micro <= 0:
            self.zeros += 1
        else:
            key = _buckets.key(micro)
            self._buckets[key] = self._buckets.get(key, 0) + 1

    def percentile(self, fraction: float) -> timedelta | None:
        """The response time at ``fraction`` (0-1) by nearest rank, or None when empty."""
        if not self.count:
            return None
        rank = max(1, math.ceil(fraction * self.count))
        if self._exact is not None:
            if not self._sorted:
                self._exact = array("q", sorted(self._exact))
                self._sorted = True
            return self._exact[rank - 1] * _US
        if rank <= self.zeros:
            return timedelta(0)
        seen = self.zeros
        for key in sorted(self._buckets):
            seen += self._buckets[key]
            if seen >= rank:
                return _buckets.upper(key) * _US
        return None  # pragma: no cover - counts always add up


_INT64_END = 1 << 63


def _micros(value: object) -> int:
    """``value`` as a response time in whole microseconds, or the error that refuses it."""
    try:
        micro = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"a response time in microseconds must be a whole number, got {type(value).__name__}"
        ) from None
    if not 0 <= micro < _INT64_END:
        raise InvalidDurationError(
            f"a response time must be 0 to 2**63 - 1 microseconds, got {shown(micro)}"
        )
    return micro


def _check_array(values: Any) -> None:
    """Refuse a numpy array of anything but whole microseconds from 0 to 2**63 - 1."""
    kind = getattr(getattr(values, "dtype", None), "kind", None)
    if kind not in ("i", "u", "b"):
        raise TypeError(f"response times in microseconds must be whole numbers, got {kind!r} data")
    if values.size:
        _micros(int(values.min()))
        _micros(int(values.max()))


_COUNTED = ("met", "breached", "running")
"""The states a report counts (a status's, less ``"not_started"``, which it leaves out)."""


def _uncounted(state: object) -> SupportPolicyError:
    return SupportPolicyError(
        f"a report counts states {', '.join(_COUNTED)} (and leaves out not_started); "
        f"got {shown(state)}",
        field="state",
    )


@attrs.define
class GroupStats:
    """The counts of one plan and severity under one policy version."""

    version: str
    plan: str
    severity: Severity
    tickets: int = 0
    met: int = 0
    late: int = 0
    open_breached: int = 0
    open_on_time: int = 0
    at_risk: int = 0
    response: ResponseTimes = attrs.field(factory=ResponseTimes)

    @property
    def breached(self) -> int:
        """Breached tickets: answered late, or open past the deadline."""
        return self.late + self.open_breached

    @property
    def attainment(self) -> float | None:
        """Met over decided (met, late, and open past the deadline), or None."""
        decided = self.met + self.breached
        return self.met / decided if decided else None

    def add(self, status: TicketStatus | Judgement) -> None:
        """Count one status."""
        self.count(status.state, status.answered, status.at_risk, status.response_time)

    def count(
        self, state: str, answered: bool, at_risk: bool, response_time: timedelta | None
    ) -> None:
        """Count one ticket given by the fields of its status that a report counts.

        ``state`` is ``"met"``, ``"breached"`` or ``"running"`` (a status's state, less
        ``"not_started"``, which a report leaves out).

        Raises:
            SupportPolicyError: another ``state``.
        """
        self._tally(state, answered, at_risk, 1)
        if response_time is not None:
            self.response.add(response_time)

    def _tally(self, state: str, answered: bool, at_risk: bool, tickets: int) -> None:
        """Count ``tickets`` tickets of one outcome, as :meth:`count` counts each.

        Their response times are not counted: add them to :attr:`response` (for many at
        once, :meth:`ResponseTimes.add_micros`).
        """
        if state == "met":
            self.met += tickets
        elif state == "breached":
            if answered:
                self.late += tickets
            else:
                self.open_breached += tickets
        elif state == "running":
            self.open_on_time += tickets
            if at_risk:
                self.at_risk += tickets
        else:  # checked last: no cost to the states counted
            raise _uncounted(state)
        self.tickets += tickets

    def merge(self, other: GroupStats) -> None:
        """Count ``other``'s tickets too (the same version, plan and severity)."""
        self.tickets += other.tickets
        self.met += other.met
        self.late += other.late
        self.open_breached += other.open_breached
        self.open_on_time += other.open_on_time
        self.at_risk += other.at_risk
        self.response.merge(other.response)

    def cells(self) -> tuple[Any, ...]:
        """The group's cells, in the order of :data:`COLUMNS`."""
        attainment = self.attainment

        percentile = self.response.percentile
        return (
            self.version,
            self.plan,
            self.severity.code,
            self.tickets,
            self.met,
            self.late,
            self.open_breached,
            self.open_on_time,
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
    ("late", "late"),
    ("open_breached", "open, breached"),
    ("open_on_time", "open, on time"),
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

    now: datetime | None = attrs.field(default=None, eq=instant_key)
    groups: dict[tuple[str, str, str], GroupStats] = attrs.field(factory=dict)
    keep_breaches: bool = False
    breaches: list[TicketStatus] = attrs.field(factory=list)
    not_yet_submitted: int = 0
    """Tickets left out because they were submitted after ``now``."""

    @classmethod
    def build(cls, policy: Policy, tickets: Iterable[Ticket], now: datetime) -> ComplianceReport:
        """Evaluate ``tickets`` at ``now`` and count them."""
        report = cls(now)
        for status in evaluate(policy, tickets, now):
            report.add(status)
        return report

    def add(self, status: TicketStatus | Judgement) -> None:
        """Count one ticket's status (or quick judgement), under the target that judged it.

        A ticket not yet submitted at the report's instant is left out, and counted in
        :attr:`not_yet_submitted`.

        Raises:
            TypeError: a breach judged quickly, in a report that keeps breaches (it
                needs the breach's full status).
            SupportPolicyError: a state a report does not count.
        """
        try:
            state = status.state
        except AttributeError:
            raise TypeError(
                f"a report counts statuses or judgements, got {type(status).__name__}"
            ) from None
        if state == "not_started":
            self.not_yet_submitted += 1
            return
        if state not in _COUNTED:  # before a group is made for it
            raise _uncounted(state)
        if self.keep_breaches and status.state == "breached":
            if not isinstance(status, TicketStatus):
                raise TypeError("a report that keeps breaches needs each breach's TicketStatus")
            self.breaches.append(status)
        self.group(status.policy_version, status.target_plan, status.target_severity).add(status)

    def group(self, version: str, plan: str, severity: Severity) -> GroupStats:
        """The counts of one policy version, plan and severity, made empty when new.

        Every version of one name shares a group: the same row, as in :meth:`rows`.
        """
        key = (version, plan, severity.code)
        found = self.groups.get(key)
        if found is None:
            found = self.groups[key] = GroupStats(version, plan, severity)
        return found

    def merge(self, other: ComplianceReport) -> None:
        """Count a partial report's tickets too, as if they had been added here.

        Reports of chunks of one file, made on workers, merge into the report of the
        whole file; ``breaches`` follow in the order of the merges.

        Raises:
            SupportPolicyError: the reports were taken at different instants, or only one
                keeps breaches.
            TypeError: ``other`` is not a report.
        """
        if not isinstance(other, ComplianceReport):
            raise TypeError(f"other must be a ComplianceReport, got {type(other).__name__}")
        if (
            instant_key(self.now) != instant_key(other.now)
            or self.keep_breaches != other.keep_breaches
        ):
            raise SupportPolicyError(
                "only reports taken at the same instant, with the same keep_breaches, merge"
            )
        for group in other.groups.values():
            self.group(group.version, group.plan, group.severity).merge(group)
        self.not_yet_submitted += other.not_yet_submitted
        self.breaches.extend(other.breaches)

    @property
    def tickets(self) -> int:
        """How many tickets were counted."""
        return sum(g.tickets for g in self.groups.values())

    def table(self) -> Table:
        """One row per plan and severity, in plan then severity order."""
        ordered = sorted(self.groups.values(), key=lambda g: (g.version, g.plan, g.severity))
        durations = frozenset(("response_p50", "response_p90", "response_p99"))
        return Table("", COLUMNS, [g.cells() for g in ordered], durations)

    def breach_table(self) -> Table:
        """The breaches kept (``keep_breaches``): how late each was, on its clock and in reality."""
        return Table(
            "Breaches",
            (
                ("id", "ticket"),
                ("version", "version"),
                ("plan", "plan"),
                ("severity", "sev"),
                ("due_at", "due"),
                ("answered_at", "answered"),
                ("late", "late"),
                ("late_real", "late (real)"),
            ),
            [
                (
                    s.ticket_id,
                    s.policy_version,
                    s.target_plan,
                    s.target_severity.code,
                    s.due_at,
                    s.answered_at,
                    s.late,
                    s.late_real,
                )
                for s in self.breaches
            ],
            frozenset({"late", "late_real"}),
        )

    def rows(self) -> list[dict[str, Any]]:
        """One flat record per plan and severity (``pandas.DataFrame(rows)`` takes them)."""
        rows: list[dict[str, Any]] = to_data(self.table())
        return rows

    def record(self) -> Record:
        """What the report holds, for the renderer."""
        when = "" if self.now is None else f" at {stamp(self.now)}"
        title = f"Compliance{when}: {self.tickets:,} ticket(s)"
        if self.not_yet_submitted:
            title += f" ({self.not_yet_submitted:,} submitted later, left out)"
        breaches = self.breach_table() if self.keep_breaches else None
        fields = (
            ("now", self.now),
            ("tickets", self.tickets),
            ("not_yet_submitted", self.not_yet_submitted),
            ("groups", self.table()),
        )
        return Record(title, (*fields, ("breaches", breaches)))
