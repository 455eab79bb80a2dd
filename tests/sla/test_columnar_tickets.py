"""Plain tickets judged over columns give what ``ticket_status`` gives, row for row.

The scalar model is the reference: for random plain tickets (a submission and at most
one answer, drawn at deadlines, at ``now`` and beside them on purpose) the columnar
states, deadlines, elapsed and response times, at-risk flags and whole reports must
equal the scalar ones, under the preset and under random policies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import (
    ComplianceReport,
    Event,
    EventKind,
    InvalidTicketError,
    OutOfRangeError,
    Policy,
    Ticket,
    TicketStatus,
    parse_policy,
    stakater_policy,
    ticket_status,
)

from ..columns import EPOCH, NAT, US, to_column
from ..policy_strategies import CADENCE_POLICY, policies

np = pytest.importorskip("numpy")
columnar = pytest.importorskip("support_policy.sla.columnar")

PRESET = stakater_policy()
Row = tuple[str, str | None, datetime, datetime | None]  # plan, level, submitted, answer


def nows(first: int, last: int) -> st.SearchStrategy[datetime]:
    return st.datetimes(datetime(first, 1, 1), datetime(last, 1, 1), timezones=st.just(UTC))


def micros(value: timedelta | None) -> int:
    return NAT if value is None else value // US


@st.composite
def plain_tickets(draw: st.DrawFn, policy: Policy, now: datetime) -> list[Row]:
    plan_names = sorted({p.name for v in policy.versions for p in v.plans})
    codes = sorted({s.code for v in policy.versions for s in v.severities})
    rows: list[Row] = []
    for _ in range(draw(st.integers(0, 12))):
        plan = draw(st.sampled_from(plan_names))
        level = draw(st.sampled_from([*codes, None]))
        submitted = now - draw(st.integers(-3_600, 40 * 86_400)) * timedelta(seconds=1)
        version = policy.as_of(submitted)
        try:
            due = version.deadline(plan, level, submitted)
        except Exception:
            continue

        def after(s: int, t: datetime = submitted) -> datetime:
            return t + timedelta(seconds=s)

        answer = draw(
            st.none()
            | st.sampled_from([due, due - US, due + US, now, now + US, submitted])
            | st.integers(0, 60 * 86_400).map(after)
        )
        if answer is not None and answer < submitted:
            answer = None  # a ticket is answered after it is submitted (refusal: tested below)
        rows.append((plan, level, submitted, answer))
    return rows


def scalar(policy: Policy, rows: list[Row], now: datetime) -> list[TicketStatus]:
    out = []
    for plan, level, submitted, answer in rows:
        events = [] if answer is None else [Event(answer, EventKind.FIRST_RESPONSE)]
        out.append(ticket_status(policy, Ticket(plan, submitted, level, events), now))
    return out


def check(policy: Policy, rows: list[Row], now: datetime) -> None:
    plans = np.array([r[0] for r in rows], dtype=object)
    levels = np.array([r[1] for r in rows], dtype=object)
    submitted, answers = to_column([r[2] for r in rows]), to_column([r[3] for r in rows])
    judged = columnar.judge(policy, plans, levels, submitted, answers, now)
    expected = scalar(policy, rows, now)
    assert list(judged.state) == [s.state for s in expected]
    assert list(judged.at_risk) == [s.at_risk for s in expected]
    assert list(judged.answered) == [s.answered for s in expected]
    assert judged.due_at.view(np.int64).tolist() == [(s.due_at - EPOCH) // US for s in expected]
    assert judged.elapsed.view(np.int64).tolist() == [micros(s.elapsed) for s in expected]
    assert judged.response_time.view(np.int64).tolist() == [
        micros(s.response_time) for s in expected
    ]
    built = ComplianceReport.build(
        policy,
        [
            Ticket(p, t, s, [] if a is None else [Event(a, EventKind.FIRST_RESPONSE)])
            for p, s, t, a in rows
        ],
        now,
    )
    assert columnar.report(policy, plans, levels, submitted, answers, now) == built


@given(
    data=st.data(),
    now=nows(2025, 2027),
)
def test_the_preset_equals_the_scalar_model(data: st.DataObject, now: datetime) -> None:
    check(PRESET, data.draw(plain_tickets(PRESET, now)), now)


@settings(max_examples=30)
@given(policy=policies(), data=st.data())
def test_random_policies_equal_the_scalar_model(policy: Policy, data: st.DataObject) -> None:
    now = data.draw(
        st.datetimes(datetime(2021, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC))
    )
    try:
        policy.as_of(now - timedelta(days=41))
    except Exception:
        return
    check(policy, data.draw(plain_tickets(policy, now)), now)


# The ends of the preset calendar's supported years (local 1953-01-01 and 2101-01-01).
ENDS = [datetime(1952, 12, 31, 23, tzinfo=UTC), datetime(2100, 12, 31, 23, tzinfo=UTC)]


@st.composite
def tickets_near_an_end(draw: st.DrawFn) -> tuple[datetime, list[Row]]:
    """``now`` and plain tickets within days of an end of the calendar's years."""
    end = draw(st.sampled_from(ENDS))
    near = st.timedeltas(-timedelta(days=6), timedelta(days=2)).map(lambda d: end + d)
    now = draw(near)
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        submitted = draw(near)
        wait = draw(st.none() | st.timedeltas(timedelta(0), timedelta(days=3)))
        plan = draw(st.sampled_from(["standard", "premium"]))
        rows.append((plan, draw(st.sampled_from(["P1", "P3", None])), submitted, wait))
    return now, [(p, lv, t, None if w is None else t + w) for p, lv, t, w in rows]


@settings(max_examples=300)
@given(case=tickets_near_an_end())
def test_near_the_ends_of_the_calendars_years_columns_refuse_what_the_scalar_model_refuses(
    case: tuple[datetime, list[Row]],
) -> None:
    """The same answers where the scalar model answers; else a refusal naming a row it
    refuses (``submitted_at[i]``, ``answered_at[i]``) or ``now``."""
    now, rows = case
    refused = []
    for i, (plan, level, submitted, answer) in enumerate(rows):
        events = [] if answer is None else [Event(answer, EventKind.FIRST_RESPONSE)]
        try:
            ticket_status(PRESET, Ticket(plan, submitted, level, events), now)
        except OutOfRangeError:
            refused.append(i)
    if not refused:
        check(PRESET, rows, now)
        return
    plans = np.array([r[0] for r in rows], dtype=object)
    levels = np.array([r[1] for r in rows], dtype=object)
    submitted, answers = to_column([r[2] for r in rows]), to_column([r[3] for r in rows])
    with pytest.raises(OutOfRangeError) as caught:
        columnar.judge(PRESET, plans, levels, submitted, answers, now)
    field = caught.value.field or ""
    if field == "now":
        answers_of_refused = [rows[i][3] for i in refused]
        assert any(answer is None or answer > now for answer in answers_of_refused)
    else:
        name, row = field.rstrip("]").split("[")
        assert name in ("submitted_at", "answered_at") and int(row) in refused


def test_others_are_judged_by_the_scalar_model() -> None:
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    submitted = datetime(2026, 11, 23, 8, tzinfo=UTC)
    paused = Ticket(
        "standard",
        submitted,
        "P2",
        [Event(submitted + timedelta(hours=1), EventKind.PAUSED)],
    )

    got = columnar.report(
        PRESET, "standard", "P2", to_column([submitted]), None, now, others=[paused]
    )
    expected = ComplianceReport.build(PRESET, [Ticket("standard", submitted, "P2"), paused], now)
    assert got == expected and got.tickets == 2


def test_refusals_name_the_row() -> None:
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    t = datetime(2026, 11, 23, 8, tzinfo=UTC)
    with pytest.raises(InvalidTicketError, match=r"answered_at\[1\] comes before"):
        columnar.judge(PRESET, "standard", "P2", to_column([t, t]), to_column([None, t - US]), now)
    with pytest.raises(InvalidTicketError, match=r"submitted_at\[0\] is missing"):
        columnar.judge(PRESET, "standard", "P2", to_column([None]), None, now)


@settings(max_examples=30)
@given(data=st.data(), now=nows(2025, 2027), size=st.integers(1, 4))
def test_a_batch_counts_across_its_flushes_what_the_scalar_model_counts(
    data: st.DataObject, now: datetime, size: int
) -> None:
    """Tickets gathered one by one and counted every ``size`` give ComplianceReport.build."""
    from support_policy.sla.quick import QuickJudge

    rows = data.draw(plain_tickets(PRESET, now))
    judge = QuickJudge(PRESET, now)
    got = ComplianceReport(now)
    batch = columnar.PlainBatch(got)
    batch.BATCH = size
    for plan, level, submitted, answer in rows:
        demand = judge.demand_at(plan, level, submitted)
        if demand is None:  # not yet submitted: the full model's, and a report leaves it out
            assert submitted > now
            got.add(ticket_status(PRESET, Ticket(plan, submitted, level), now))
            continue
        batch.add(demand, submitted, answer)
    batch.flush()
    batch.flush()  # nothing left: counts nothing twice
    tickets = [
        Ticket(p, t, s, [] if a is None else [Event(a, EventKind.FIRST_RESPONSE)])
        for p, s, t, a in rows
    ]
    assert got == ComplianceReport.build(PRESET, tickets, now)


def test_deadlines_of_one_version() -> None:
    from support_policy.policy.columnar import deadlines

    version = PRESET.latest
    at = [datetime(2026, 11, 27, 1, tzinfo=UTC), None]
    assert at[0] is not None  # given above
    got = deadlines(version, "standard", None, to_column(at))
    assert (
        got.view(np.int64).tolist()[0] == (version.deadline("standard", None, at[0]) - EPOCH) // US
    )
    assert np.isnat(got[1])


def test_a_row_whose_next_update_falls_past_the_calendars_years_is_refused_by_name() -> None:
    """As ``ticket_status`` refuses it: India's holidays, and so this calendar, end with 2035."""
    policy = parse_policy(CADENCE_POLICY)
    now = datetime(2035, 12, 31, 6, 30, tzinfo=UTC)
    early, late = datetime(2030, 6, 3, 5, tzinfo=UTC), datetime(2035, 12, 31, 4, 30, tzinfo=UTC)
    rows: list[Row] = [
        ("gold", "P1", early, early + timedelta(minutes=30)),
        ("gold", "P1", late, None),  # not answered: no update due yet
        ("gold", "P1", late, late + timedelta(minutes=30)),
    ]
    check(policy, rows[:2], now)
    with pytest.raises(OutOfRangeError):
        scalar(policy, rows[2:], now)
    plans, levels = np.array(["gold"] * 3, dtype=object), np.array(["P1"] * 3, dtype=object)
    submitted, answers = to_column([r[2] for r in rows]), to_column([r[3] for r in rows])
    with pytest.raises(OutOfRangeError) as caught:
        columnar.judge(policy, plans, levels, submitted, answers, now)
    assert caught.value.field == "answered_at[2]"
    assert str(caught.value).startswith("answered_at[2]: the next update, due an interval after")
    settled = to_column([None, None, late + timedelta(minutes=45)])  # resolved: no update due
    got = columnar.judge(policy, plans, levels, submitted, answers, now, settled_at=settled)
    resolved = Ticket("gold", late, "P1", [Event(late + timedelta(minutes=45), EventKind.RESOLVED)])
    assert got.state[2] == ticket_status(policy, resolved, now).state
    later = to_column([None, None, now + timedelta(hours=1)])  # not yet resolved at now
    with pytest.raises(OutOfRangeError, match=r"^answered_at\[2\]"):
        columnar.judge(policy, plans, levels, submitted, answers, now, settled_at=later)
    report = columnar.report(policy, plans, levels, submitted, answers, now, settled_at=settled)
    assert report.tickets == 3


NOON = datetime(2026, 11, 25, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("settled", "words"),
    [
        ([None, NOON], r"settled_at\[1\] is given, but answered_at\[1\], .*, is missing$"),
        ([NOON - timedelta(hours=2), None], r"answered_at\[0\], the earliest .*comes after it$"),
        ([None], "settled_at has 1 values, not 2"),
    ],
)
def test_a_settlement_must_come_with_or_after_the_earliest_answer(
    settled: list[datetime | None], words: str
) -> None:
    """The earliest answer includes the resolution and the closing: none comes before it."""
    submitted = to_column([NOON - timedelta(hours=3)] * 2)
    answers = to_column([NOON - timedelta(hours=1), None])
    with pytest.raises(InvalidTicketError, match=words):
        columnar.judge(
            PRESET, "standard", "P1", submitted, answers, NOON, settled_at=to_column(settled)
        )


@pytest.mark.parametrize(
    ("settled", "error"),
    [
        ("2026-11-25T12:00Z", TypeError),
        ([NOON, NOON], TypeError),
        (np.array([1, 2]), TypeError),
        (np.array(["2026-11-25T13:00", "NaT", "NaT"], "datetime64[us]"), InvalidTicketError),
    ],
    ids=["text", "list", "integers", "three rows"],
)
def test_a_hostile_settlement_column_gets_the_librarys_error(
    settled: object, error: type[Exception]
) -> None:
    submitted = to_column([NOON - timedelta(hours=3)] * 2)
    answers = to_column([NOON - timedelta(hours=1), None])
    with pytest.raises(error):
        columnar.judge(PRESET, "standard", "P1", submitted, answers, NOON, settled_at=settled)
