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

from support_policy.errors import InvalidTicketError, MissingExtraError

try:
    import numpy as np
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("numpy", "columnar", "columnar tickets") from None

from support_policy.calendars._columns import Column
from support_policy.calendars.columnar import elapsed_micros, shift
from support_policy.calendars.instants import ONE_US, offset_of
from support_policy.policy.columnar import Demands
from support_policy.policy.history import Policy
from support_policy.sla.clock import ticket_status
from support_policy.sla.reports import ComplianceReport, GroupStats
from support_policy.sla.tickets import Ticket

__all__ = ["STATES", "Judged", "judge", "report"]

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

    Raises:
        InvalidTicketError: a submission is missing, or an answer comes before it.
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
    demands = Demands(policy, plans, severities, column)
    answered = ~unanswered & (a <= stop_at)
    stop = np.where(answered, a, stop_at)
    started = x <= stop_at
    due, spent = np.empty(rows, np.int64), np.empty(rows, np.int64)
    for calendar, where in demands.by_calendar():
        due[where] = shift(calendar, x[where], demands.allowance[where], None, 1)
        spent[where] = elapsed_micros(calendar, x[where], stop[where])
    spent[~started] = 0
    risk = np.array([min(d.version.clock_rules.thresholds, default=2.0) for d in demands.found])
    codes = np.full(rows, _RUNNING, np.int8)
    codes[answered] = _MET
    codes[stop > due] = _BREACHED
    codes[~started] = _NOT_STARTED
    running = codes == _RUNNING
    at_risk = running & (spent / demands.allowance >= risk[demands.group])
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


def report(
    policy: Policy,
    plans: Any,
    severities: Any,
    submitted_at: Any,
    answered_at: Any,
    now: datetime,
    others: Iterable[Ticket] = (),
) -> ComplianceReport:
    """The :class:`ComplianceReport` of plain tickets given as columns, and of ``others``.

    The same report as ``ComplianceReport.build`` over the same tickets: counts per
    version, plan and severity, and response-time percentiles. Tickets not yet submitted
    at ``now`` are left out. ``others`` (tickets with pauses or changes) are judged one by
    one by the scalar model.
    """
    judged = judge(policy, plans, severities, submitted_at, answered_at, now)
    out = ComplianceReport(now)
    codes, group, answered = judged.state_codes, judged.group, judged.answered
    spent = judged.elapsed_us
    groups = len(judged.demands.found)

    def count(mask: Any) -> list[int]:
        return np.bincount(group[mask], minlength=groups).tolist()  # type: ignore[no-any-return]

    started = codes != _NOT_STARTED
    tickets = count(started)
    met = count(codes == _MET)
    late = count((codes == _BREACHED) & answered)
    open_breached = count((codes == _BREACHED) & ~answered)
    on_time = count(codes == _RUNNING)
    at_risk = count(judged.at_risk)
    order = np.argsort(group[answered & started], kind="stable")
    times = spent[answered & started][order]
    bounds = np.cumsum([0, *count(answered & started)])
    for k, demand in enumerate(judged.demands.found):
        if not tickets[k]:
            continue
        stats = GroupStats(demand.version.name, demand.plan, demand.severity)
        stats.tickets, stats.met, stats.late = tickets[k], met[k], late[k]
        stats.open_breached, stats.open_on_time, stats.at_risk = (
            open_breached[k],
            on_time[k],
            at_risk[k],
        )
        stats.response.add_micros(times[bounds[k] : bounds[k + 1]].tolist())
        key = (demand.version.name, demand.plan, demand.severity.code)
        mine = out.groups.get(key)
        if mine is None:
            out.groups[key] = stats
        else:  # the same version name twice: counted in one row, as ComplianceReport does
            mine.merge(stats)
    for ticket in others:
        out.add(ticket_status(policy, ticket, now))
    return out
