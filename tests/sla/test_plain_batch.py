"""Plain tickets counted in batches: what a batch refuses, and that it names it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings, strategies as st

from support_policy import (
    ComplianceReport,
    Event,
    EventKind,
    InvalidTicketError,
    NaiveDatetimeError,
    SupportPolicyError,
    Ticket,
    stakater_policy,
    ticket_status,
)
from support_policy.sla.quick import QuickJudge

from ..columns import to_column

np = pytest.importorskip("numpy")
columnar = pytest.importorskip("support_policy.sla.columnar")

POLICY = stakater_policy()
MONDAY_9 = datetime(2026, 11, 23, 8, tzinfo=UTC)


def test_a_report_at_a_naive_instant_is_refused_when_counted_naming_now() -> None:
    demand = QuickJudge(POLICY, MONDAY_9 + timedelta(hours=1)).demand_at("standard", "P1", MONDAY_9)
    batch = columnar.PlainBatch(ComplianceReport(datetime(2026, 11, 23, 9)))
    batch.add(demand, MONDAY_9, None)
    with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
        batch.flush()


def test_a_batch_counts_whole_microseconds() -> None:
    now = MONDAY_9 + timedelta(hours=3)
    demand = QuickJudge(POLICY, now).demand_at("standard", "P1", MONDAY_9)
    report = ComplianceReport(now)
    batch = columnar.PlainBatch(report)
    answer = MONDAY_9 + timedelta(hours=1, microseconds=1)
    batch.add(demand, MONDAY_9, answer)
    batch.add(demand, MONDAY_9 + timedelta(microseconds=3), None)
    batch.flush()
    (group,) = report.groups.values()
    assert (group.tickets, group.met, group.open_on_time) == (2, 1, 1)
    assert group.response.percentile(1.0) == timedelta(hours=1, microseconds=1)


# -- a batch takes only what it can count ----------------------------------------------------------

# The ends of the default calendar's supported years (local 1953-01-01 and 2101-01-01).
ENDS = [datetime(1952, 12, 31, 23, tzinfo=UTC), datetime(2100, 12, 31, 23, tzinfo=UTC)]
SHIFTS = (
    st.timedeltas(-timedelta(days=800), timedelta(days=30))
    | st.timedeltas(-timedelta(days=30), timedelta(days=30))
    | st.timedeltas(-timedelta(days=4), timedelta(days=1))  # deadlines past the end
)
NEAR_ENDS = st.sampled_from(ENDS).flatmap(lambda end: SHIFTS.map(lambda d: end + d))
PLAIN = st.tuples(
    st.sampled_from(["standard", "premium", "advanced"]),
    st.sampled_from(["P1", "P3", "P4", None]),
    NEAR_ENDS,
    st.none() | st.timedeltas(timedelta(0), timedelta(days=60)),
)


@settings(max_examples=200, deadline=None)
@given(tickets=st.lists(PLAIN, min_size=1, max_size=25), now=NEAR_ENDS)
@example(  # judged after the calendar's years: an answered ticket's clock stops before
    tickets=[("standard", "P1", ENDS[1] - timedelta(days=2), timedelta(hours=1))],
    now=ENDS[1] + timedelta(days=1),
)
def test_a_batch_takes_what_the_scalar_judge_can_judge_and_counts_it_the_same(
    tickets: list[tuple[str, str | None, datetime, timedelta | None]], now: datetime
) -> None:
    """Near the ends of the calendar's years: counted later, a batch must never fail.

    What the judge takes is what the full model judges: it refuses exactly the tickets
    the full model refuses, or has not yet seen submitted.
    """
    judge = QuickJudge(POLICY, now)
    batched, scalar = ComplianceReport(now), ComplianceReport(now)
    batch = columnar.PlainBatch(batched)
    for plan, severity, submitted, wait in tickets:
        answer = None if wait is None else submitted + wait
        demand = judge.columnar_demand(plan, severity, submitted, answer)
        judged = judge.judge(plan, severity, submitted, answer)
        assert (demand is None) == (judged is None)  # what it refuses, the scalar judge does
        events = [] if answer is None else [Event(answer, EventKind.FIRST_RESPONSE)]
        try:
            full = ticket_status(POLICY, Ticket(plan, submitted, severity, events), now).state
        except SupportPolicyError:
            full = None
        assert (judged is None) == (full in (None, "not_started"))
        if demand is not None and judged is not None:
            batch.add(demand, submitted, answer)
            scalar.add(judged)
    batch.flush()
    assert batched.groups == scalar.groups


# -- columns that are refused say which ------------------------------------------------------------


def test_a_wrong_column_is_named() -> None:
    good = to_column([MONDAY_9, MONDAY_9])
    now = MONDAY_9 + timedelta(hours=1)
    with pytest.raises(TypeError, match=r"^submitted_at must be a numpy, pandas or pyarrow column"):
        columnar.judge(POLICY, "standard", "P1", [MONDAY_9], None, now)
    with pytest.raises(TypeError, match=r"^answered_at must be a column of timestamps"):
        columnar.judge(POLICY, "standard", "P1", good, good.view("int64"), now)
    with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
        columnar.judge(POLICY, "standard", "P1", good, None, datetime(2026, 11, 23, 9))
    with pytest.raises(InvalidTicketError, match=r"^answered_at has 1 values, not 2$"):
        columnar.judge(POLICY, "standard", "P1", good, to_column([MONDAY_9]), now)


def test_a_missing_submission_names_its_row_in_the_message_and_the_field() -> None:
    column = to_column([MONDAY_9, None])
    with pytest.raises(InvalidTicketError, match=r"^submitted_at\[1\] is missing$") as info:
        columnar.judge(POLICY, "standard", "P1", column, None, MONDAY_9)
    assert info.value.field == "submitted_at[1]"
    early = to_column([MONDAY_9, MONDAY_9 - timedelta(microseconds=1)])
    with pytest.raises(InvalidTicketError) as info:
        columnar.judge(POLICY, "standard", "P1", to_column([MONDAY_9] * 2), early, MONDAY_9)
    assert info.value.field == "answered_at[1]"


def test_each_judged_row_names_its_demand() -> None:
    old = datetime(2025, 11, 24, 8, tzinfo=UTC)  # judged by the three-tier version
    submitted = to_column([MONDAY_9, old, MONDAY_9])
    plans = np.array(["standard", "standard", "premium"], dtype=object)
    judged = columnar.judge(POLICY, plans, "P1", submitted, None, MONDAY_9 + timedelta(hours=1))
    found = [judged.demands.found[g] for g in judged.group.tolist()]
    assert [(d.version.name, d.plan, d.severity.code) for d in found] == [
        ("Stakater support policy", "standard", "P1"),
        ("Stakater support policy (three tiers)", "standard", "P1"),
        ("Stakater support policy", "premium", "P1"),
    ]
