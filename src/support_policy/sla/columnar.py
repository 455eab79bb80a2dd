"""Plain tickets judged over whole columns, and compliance reports counted from them.

A plain ticket has a plan, a severity, a submission and at most one answering instant
(the earliest of its first response, resolution and closing); no pauses and no changes
of severity or plan. For those, :func:`judge` gives what :func:`ticket_status` gives
(state, deadline, elapsed business time, response time, at risk) for every row at once,
and :func:`report` counts them into the same :class:`ComplianceReport`. Tickets with
pauses or changes go through the scalar model: pass them as ``others`` to
:func:`report`. Needs numpy (the ``columnar`` extra).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from support_policy.errors import InvalidTicketError, MissingExtraError, OutOfRangeError

try:
    import numpy as np
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("numpy", "columnar", "columnar tickets") from None

from support_policy.calendars._columns import Column
from support_policy.calendars.columnar import check_instant, elapsed_micros, shift
from support_policy.calendars.instants import EPOCH as _EPOCH, ONE_US, offset_of
from support_policy.policy.columnar import Demand, Demands
from support_policy.policy.history import Policy
from support_policy.sla.clock import ticket_status, update_clock
from support_policy.sla.reports import ComplianceReport, GroupStats
from support_policy.sla.tickets import Ticket

__all__ = ["STATES", "Judged", "PlainBatch", "count_plain", "judge", "report"]

STATES = ("not_started", "running", "met", "breached")
"""The states, by their code in :attr:`Judged.state_codes`."""
_NOT_STARTED, _RUNNING, _MET, _BREACHED = range(4)
_NAT = np.iinfo(np.int64).min


class Judged(NamedTuple):
    """Plain tickets judged at one instant: one value per ticket in each column.

    Instants come back in the kind and zone of ``submitted_at``, durations in its kind.
    """

    state: Any
    """``"not_started"``, ``"running"``, ``"met"`` or ``"breached"`` (a numpy array)."""
    due_at: Any
    """The response deadline."""
    elapsed: Any
    """Clock time from submission to the answer (or to ``now``); zero before submission."""
    response_time: Any
    """Clock time to the answer, missing while unanswered."""
    answered: Any
    """Whether the ticket was answered by ``now`` (a numpy bool array)."""
    at_risk: Any
    """Running past the version's smallest warning threshold (a numpy bool array)."""
    state_codes: Any
    """The states as indexes into :data:`STATES` (int8)."""
    group: Any
    """Each row's (version, plan, severity) as an index into ``demands.found``."""
    demands: Demands
    """The (version, plan, severity) demands the rows name."""
    elapsed_us: Any
    """``elapsed`` as int64 microseconds."""


def judge(
    policy: Policy,
    plans: Any,
    severities: Any,
    submitted_at: Any,
    answered_at: Any,
    now: datetime,
    *,
    settled_at: Any = None,
) -> Judged:
    """The status of every plain ticket at ``now``, as :func:`ticket_status` gives it.

    Args:
        policy: the policy; each ticket is judged by the version in force at submission.
        plans: one plan for every row, or a column of plan names.
        severities: one severity for every row, or a column (a missing severity is the
            default level).
        submitted_at: a column of instants; a missing submission is refused.
        answered_at: a column of instants (missing: not answered), the earliest of each
            ticket's first response, resolution and closing; or None for none answered.
        now: the aware instant to judge at.
        settled_at: a column of instants (missing: not yet), the earliest of each
            ticket's resolution and closing; or None for none settled. Only a plan with
            an update cadence needs it: an answered ticket not settled by ``now`` is due
            its next update, which must fall due inside the calendar's years (else the
            row is refused, as :func:`ticket_status` refuses the ticket).

    Raises:
        InvalidTicketError: a submission is missing, or an answer comes before it, or
            a settlement comes before the earliest answer (which includes it).
        UnknownPlanError, UnknownSeverityError, OutOfRangeError, NaiveDatetimeError.
    """
    column = Column(submitted_at, "submitted_at")
    if column.missing is not None:
        row = int(np.flatnonzero(column.missing)[0])
        raise InvalidTicketError(f"submitted_at[{row}] is missing", field=f"submitted_at[{row}]")
    x, rows = column.values, column.size
    stop_at = offset_of(now, "now") // ONE_US
    if answered_at is None:
        a, unanswered = np.full(rows, stop_at, np.int64), np.ones(rows, bool)
    else:
        answers = Column(answered_at, "answered_at")
        if answers.size != rows:
            raise InvalidTicketError(f"answered_at has {answers.size:,} values, not {rows:,}")
        a = answers.values
        unanswered = answers.missing if answers.missing is not None else np.zeros(rows, bool)
        early = (a < x) & ~unanswered
        if early.any():
            row = int(np.flatnonzero(early)[0])
            raise InvalidTicketError(
                f"answered_at[{row}] comes before the ticket's submission",
                field=f"answered_at[{row}]",
            )
    settled = _settled(settled_at, a, unanswered, stop_at)
    demands = Demands(policy, plans, severities, column)
    codes, due, spent, answered, at_risk = _verdicts(demands, x, a, unanswered, stop_at, settled)
    return Judged(
        state=np.array(STATES, dtype=object)[codes],
        due_at=column.instants(due),
        elapsed=column.durations(spent),
        response_time=column.durations(np.where(answered, spent, _NAT)),
        answered=answered,
        at_risk=at_risk,
        state_codes=codes,
        group=demands.group,
        demands=demands,
        elapsed_us=spent,
    )


def _settled(settled_at: Any, a: Any, unanswered: Any, stop_at: int) -> Any:
    """Which rows are resolved or closed by ``stop_at`` (None: none is said to be)."""
    if settled_at is None:
        return None
    rows = a.size
    settled = Column(settled_at, "settled_at")
    if settled.size != rows:
        raise InvalidTicketError(f"settled_at has {settled.size:,} values, not {rows:,}")
    present = np.ones(rows, bool) if settled.missing is None else ~settled.missing
    early = present & (unanswered | (settled.values < a))
    if early.any():
        row = int(np.flatnonzero(early)[0])
        answer = "is missing" if unanswered[row] else "comes after it"
        raise InvalidTicketError(
            f"settled_at[{row}] is given, but answered_at[{row}], the earliest answer "
            f"(which includes the resolution and the closing), {answer}",
            field=f"settled_at[{row}]",
        )
    return present & (settled.values <= stop_at)


def _verdicts(
    demands: Demands, x: Any, a: Any, unanswered: Any, stop_at: int, settled: Any = None
) -> tuple[Any, Any, Any, Any, Any]:
    """State codes, deadlines, elapsed clock time, answered and at-risk flags, per row."""
    rows = x.size
    answered = ~unanswered & (a <= stop_at)
    stop = np.where(answered, a, stop_at)
    started = x <= stop_at
    running = started & ~answered  # their clocks stop at now
    due, spent = np.empty(rows, np.int64), np.zeros(rows, np.int64)
    for calendar, where in demands.by_calendar():
        allowance = demands.allowance_of(where)
        due[where] = shift(
            calendar, x[where], allowance, None, 1, "submitted_at", where, "submitted_at"
        )
        if running[where].any():
            check_instant(calendar, stop_at, "now")
        go = where[started[where]]  # a ticket not yet submitted has spent nothing
        names = ("submitted_at", "answered_at")
        spent[go] = elapsed_micros(calendar, x[go], stop[go], names, go)
    _check_updates(demands, a, answered if settled is None else answered & ~settled)
    risk = np.array([min(d.version.clock_rules.thresholds, default=2.0) for d in demands.found])
    codes = np.full(rows, _RUNNING, np.int8)
    codes[answered] = _MET
    codes[stop > due] = _BREACHED
    codes[~started] = _NOT_STARTED
    running = codes == _RUNNING
    at_risk = running & (spent / demands.allowance >= risk[demands.group])
    return codes, due, spent, answered, at_risk


def _check_updates(demands: Demands, a: Any, answered: Any) -> None:
    """Refuse an answered row whose next update would fall due past its calendar's years.

    For a plan with an update cadence, :func:`ticket_status` gives an answered ticket
    not yet resolved or closed its next update due (an interval after the answer) and
    refuses the ticket when that falls outside the supported range. ``answered`` are
    the rows answered and not settled (as far as the caller knows: a row it cannot
    say is taken to be answered by a first response, which leaves the ticket open).
    """
    for k, demand in enumerate(demands.found):
        version = demand.version
        cadence = update_clock(version, version.plan(demand.plan), demand.severity)
        if cadence is None:
            continue
        rows = np.flatnonzero((demands.group == k) & answered)
        if rows.size:
            calendar, interval = cadence
            what = "answered_at"
            try:
                shift(calendar, a[rows], interval // ONE_US, None, 1, what, rows, what)
            except OutOfRangeError as exc:  # answered before the years, or due after them
                raise OutOfRangeError(
                    f"{exc.field}: the next update, due an interval after this answer, "
                    f"cannot be counted within the supported range of {calendar.describe()}",
                    field=exc.field,
                ) from None


def count_plain(
    out: ComplianceReport, found: list[Demand], group: Any, submitted: Any, answered: Any
) -> None:
    """Count plain tickets into ``out``, as ``out.add`` counts their statuses at ``out.now``.

    The rows are already read and checked: ``group`` indexes each row's demand in
    ``found``; ``submitted`` and ``answered`` are int64 microseconds since the epoch
    (``answered`` below ``submitted``: not answered). A command line that reads a file
    line by line batches its plain tickets here.
    """
    assert out.now is not None
    x = np.asarray(submitted, np.int64)
    a = np.asarray(answered, np.int64)
    unanswered = a < x
    stop_at = offset_of(out.now, "now") // ONE_US
    demands = Demands.resolved(found, group)
    codes, _, spent, answered_rows, at_risk = _verdicts(demands, x, a, unanswered, stop_at)
    _count(out, demands, codes, answered_rows, at_risk, spent)


class PlainBatch:
    """Plain tickets gathered one by one, then counted into a report by the thousand.

    For a reader that goes line by line (and must stop or skip at the line where a
    ticket goes wrong): it asks :meth:`QuickJudge.columnar_demand` per ticket, hands
    the tickets that have a demand to :meth:`add`, and the rest to the scalar judge.
    Counting happens every :data:`BATCH` tickets and at :meth:`flush`, so a batch takes
    only tickets that cannot fail there.
    """

    BATCH = 1 << 16

    def __init__(self, out: ComplianceReport) -> None:
        self._out = out
        self._found: list[Demand] = []
        self._index: dict[int, int] = {}
        self._group: list[int] = []
        self._submitted: list[int] = []
        self._answered: list[int] = []

    def add(self, demand: Any, submitted: datetime, answer: datetime | None) -> None:
        """Gather one plain ticket held to ``demand`` (from :meth:`QuickJudge.columnar_demand`)."""
        index = self._index.get(id(demand))
        if index is None:
            index = self._index[id(demand)] = len(self._found)
            allowance = demand.allowance // ONE_US
            self._found.append(
                Demand(demand.version, demand.plan, demand.severity, demand.calendar, allowance)
            )
        self._group.append(index)
        self._submitted.append((submitted - _EPOCH) // ONE_US)
        self._answered.append(_NAT if answer is None else (answer - _EPOCH) // ONE_US)
        if len(self._group) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Count what is gathered."""
        if self._group:
            count_plain(self._out, self._found, self._group, self._submitted, self._answered)
            self._group, self._submitted, self._answered = [], [], []


def report(
    policy: Policy,
    plans: Any,
    severities: Any,
    submitted_at: Any,
    answered_at: Any,
    now: datetime,
    others: Iterable[Ticket] = (),
    *,
    settled_at: Any = None,
) -> ComplianceReport:
    """The :class:`ComplianceReport` of plain tickets given as columns, and of ``others``.

    The same report as ``ComplianceReport.build`` over the same tickets: counts per
    version, plan and severity, and response-time percentiles. Tickets not yet submitted
    at ``now`` are left out. ``others`` (tickets with pauses or changes) are judged one by
    one by the scalar model. ``settled_at`` is as :func:`judge` takes it.
    """
    judged = judge(policy, plans, severities, submitted_at, answered_at, now, settled_at=settled_at)
    out = ComplianceReport(now)
    _count(
        out, judged.demands, judged.state_codes, judged.answered, judged.at_risk, judged.elapsed_us
    )
    for ticket in others:
        out.add(ticket_status(policy, ticket, now))
    return out


def _count(
    out: ComplianceReport,
    demands: Demands,
    codes: Any,
    answered: Any,
    at_risk: Any,
    spent: Any,
) -> None:
    """Add judged rows to ``out``: counts per demand, and response times in microseconds."""
    group, groups = demands.group, len(demands.found)

    def count(mask: Any) -> list[int]:
        return np.bincount(group[mask], minlength=groups).tolist()  # type: ignore[no-any-return]

    started = codes != _NOT_STARTED
    out.not_yet_submitted += int(started.size - np.count_nonzero(started))
    tickets = count(started)
    met = count(codes == _MET)
    late = count((codes == _BREACHED) & answered)
    open_breached = count((codes == _BREACHED) & ~answered)
    on_time = count(codes == _RUNNING)
    risky = count(at_risk)
    timed = answered & started
    order = np.argsort(group[timed], kind="stable")
    times = spent[timed][order]
    bounds = np.cumsum([0, *count(timed)])
    for k, demand in enumerate(demands.found):
        if not tickets[k]:
            continue
        stats = GroupStats(demand.version.name, demand.plan, demand.severity)
        stats.tickets, stats.met, stats.late = tickets[k], met[k], late[k]
        stats.open_breached, stats.open_on_time = open_breached[k], on_time[k]
        stats.at_risk = risky[k]
        # Sorted runs: the percentiles' sort then merges runs instead of sorting anew.
        stats.response.add_micros(np.sort(times[bounds[k] : bounds[k + 1]]))
        # The same version name twice: one row, as ComplianceReport.add counts it.
        out.group(demand.version.name, demand.plan, demand.severity).merge(stats)
