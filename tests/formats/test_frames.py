"""Tickets in DataFrames: pandas columns, Dask partitions and Spark batches, all one answer.

Every frame's status columns equal the scalar ``ticket_status`` of the same tickets;
Dask and Spark results never depend on how the frame is partitioned, and partial
reports merge into the report of the whole.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support_policy import (
    ComplianceReport,
    Event,
    EventKind,
    InvalidTicketError,
    NaiveDatetimeError,
    OutOfRangeError,
    Ticket,
    TicketStatus,
    parse_policy,
    stakater_policy,
    ticket_status,
)

from ..policy_strategies import CADENCE_POLICY

if TYPE_CHECKING:
    import pandas
    from pyspark.sql import SparkSession

pd = pytest.importorskip("pandas")
frames = pytest.importorskip("support_policy.formats.frames")

POLICY = stakater_policy()
NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
ZONE = "Europe/Stockholm"


@st.composite
def ticket_frames(draw: st.DrawFn, least: int = 0) -> pandas.DataFrame:
    rows: list[dict[str, object]] = []
    for _ in range(draw(st.integers(least, 30))):
        submitted = NOW - timedelta(minutes=draw(st.integers(-600, 30 * 24 * 60)))
        due = POLICY.deadline("standard", "P2", submitted)
        answers: dict[str, datetime | None] = {}

        def after(m: int, t: datetime = submitted) -> datetime:
            return t + timedelta(minutes=m)

        for name in frames.ANSWER_COLUMNS:
            answer = draw(
                st.none()
                | st.sampled_from([due, NOW, submitted])
                | st.integers(0, 10 * 24 * 60).map(after)
            )
            answers[name] = None if answer is None or answer < submitted else answer
        closed = answers["closed_at"]
        if closed is not None:  # nothing after closing (refusal: tested below)
            for name in frames.ANSWER_COLUMNS[:2]:
                earlier = answers[name]
                if earlier is not None and earlier > closed:
                    answers[name] = closed
        rows.append(
            {
                "id": f"T-{len(rows)}",
                "plan": draw(st.sampled_from(["standard", "premium", "Premium"])),
                "severity": draw(st.sampled_from(["P1", "P2", "P3", "P4", None])),
                "submitted_at": submitted,
                **answers,
            }
        )
    frame = pd.DataFrame(
        rows, columns=["id", "plan", "severity", "submitted_at", *frames.ANSWER_COLUMNS]
    )
    for name in ["submitted_at", *frames.ANSWER_COLUMNS]:
        frame[name] = pd.to_datetime(frame[name], utc=True).dt.tz_convert(ZONE)
    return frame


KINDS = (EventKind.FIRST_RESPONSE, EventKind.RESOLVED, EventKind.CLOSED)


def tickets_of(frame: pandas.DataFrame) -> list[Ticket]:
    out = []
    for row in frame.itertuples():
        events = sorted(
            (
                Event(getattr(row, name).to_pydatetime(), kind)
                for name, kind in zip(frames.ANSWER_COLUMNS, KINDS, strict=True)
                if not pd.isna(getattr(row, name))
            ),
            key=lambda e: e.at,
        )
        severity = None if pd.isna(row.severity) else row.severity
        out.append(Ticket(row.plan, row.submitted_at.to_pydatetime(), severity, events, row.id))
    return out


def scalar(frame: pandas.DataFrame) -> list[TicketStatus]:
    return [ticket_status(POLICY, t, NOW) for t in tickets_of(frame)]


@given(frame=ticket_frames())
def test_status_columns_equal_the_scalar_model(frame: pandas.DataFrame) -> None:
    out = frames.add_status(frame, POLICY, NOW)
    expected = scalar(frame)
    assert list(out.columns) == [*frame.columns, *frames.STATUS_COLUMNS]
    assert list(out["state"].astype(str)) == [s.state for s in expected]
    assert [t.to_pydatetime() for t in out["response_due_at"]] == [s.due_at for s in expected]
    assert [t.to_pytimedelta() for t in out["elapsed"]] == [s.elapsed for s in expected]
    assert [None if pd.isna(t) else t.to_pytimedelta() for t in out["response_time"]] == [
        s.response_time for s in expected
    ]
    assert list(out["at_risk"]) == [s.at_risk for s in expected]
    assert str(out["response_due_at"].dtype.tz) == ZONE
    assert frames.frame_report(frame, POLICY, NOW) == ComplianceReport.build(
        POLICY, tickets_of(frame), NOW
    )
    pd.testing.assert_frame_equal(frame, frame.copy())  # the input is left as it was


@settings(max_examples=20)
@given(frame=ticket_frames())
def test_results_round_trip_through_parquet(frame: pandas.DataFrame) -> None:
    pytest.importorskip("pyarrow")
    out = frames.add_status(frame, POLICY, NOW)
    buffer = io.BytesIO()
    out.to_parquet(buffer)
    back = pd.read_parquet(io.BytesIO(buffer.getvalue()))
    pd.testing.assert_frame_equal(back, out, check_dtype=False, check_index_type=False)
    assert str(back["response_due_at"].dtype.tz) == ZONE


def test_deadlines_column() -> None:
    frame = pd.DataFrame(
        {
            "plan": ["standard", "premium"],
            "submitted_at": pd.to_datetime(["2026-11-27 02:00"] * 2).tz_localize(ZONE),
        }
    )
    out = frames.add_deadlines(frame, POLICY)
    assert [t.to_pydatetime() for t in out["response_due_at"]] == [
        POLICY.deadline(p, None, t.to_pydatetime())
        for p, t in zip(frame["plan"], frame["submitted_at"], strict=True)
    ]


def test_refusals() -> None:
    naive = pd.DataFrame({"plan": ["standard"], "submitted_at": pd.to_datetime(["2026-11-27"])})
    with pytest.raises(NaiveDatetimeError, match="tz_localize"):
        frames.add_status(naive, POLICY, NOW)
    with pytest.raises(InvalidTicketError, match="'submitted_at' column"):
        frames.add_status(pd.DataFrame({"plan": ["standard"]}), POLICY, NOW)
    t = pd.Timestamp("2026-11-27 10:00", tz=ZONE)
    closed_early = pd.DataFrame(
        {
            "plan": ["standard"] * 2,
            "submitted_at": [t, t],
            "resolved_at": [t, t + pd.Timedelta(1, "h")],
            "closed_at": [t, t],
        }
    )
    with pytest.raises(InvalidTicketError, match="row 1: resolved_at comes after"):
        frames.add_status(closed_early, POLICY, NOW)
    with pytest.raises(TypeError, match="DataFrame"):
        frames.add_status([1, 2], POLICY, NOW)
    naive_closing = closed_early.assign(
        resolved_at=[None, None], closed_at=pd.to_datetime(["2026-11-28", None])
    )
    with pytest.raises(NaiveDatetimeError, match="closed_at"):
        frames.add_status(naive_closing, POLICY, NOW)


@pytest.mark.parametrize(
    "empty",
    [[None, None], [float("nan"), float("nan")], pd.to_datetime([None, None])],
    ids=["objects", "floats", "naive"],
)
@pytest.mark.parametrize("column", ["resolved_at", "closed_at"])
def test_an_answer_column_with_no_value_holds_no_events(column: str, empty: object) -> None:
    """Whatever its type: pandas reads an empty column of a CSV file as floats."""
    t = pd.Timestamp("2026-11-27 10:00", tz=ZONE)
    base = pd.DataFrame({"plan": ["standard", "premium"], "submitted_at": [t, t]})
    base["first_response_at"] = pd.Series([t + pd.Timedelta(1, "h"), None]).astype(
        "datetime64[us, Europe/Stockholm]"
    )
    expected = frames.add_status(base, POLICY, NOW)
    got = frames.add_status(base.assign(**{column: empty}), POLICY, NOW)
    assert got.drop(columns=[column]).equals(expected)


@pytest.mark.parametrize("kind", [EventKind.RESOLVED, EventKind.CLOSED, EventKind.FIRST_RESPONSE])
def test_a_settled_ticket_is_due_no_update_near_the_end_of_the_calendars_years(
    kind: EventKind,
) -> None:
    """A plan with an update cadence: the scalar model refuses an answered, open ticket
    whose next update falls after the calendar's years (2035 here), but not a resolved
    or closed one."""
    policy = parse_policy(CADENCE_POLICY)
    now = datetime(2035, 12, 31, 6, 30, tzinfo=UTC)
    submitted = datetime(2035, 12, 31, 4, 30, tzinfo=UTC)
    answer = submitted + timedelta(minutes=30)
    frame = pd.DataFrame({"plan": ["gold"], "submitted_at": pd.DatetimeIndex([submitted])})
    frame[f"{kind.value}_at"] = pd.DatetimeIndex([answer])
    ticket = Ticket("gold", submitted, events=[Event(answer, kind)])
    if kind is EventKind.FIRST_RESPONSE:
        with pytest.raises(OutOfRangeError):
            ticket_status(policy, ticket, now)
        with pytest.raises(OutOfRangeError, match=r"^answered_at\[0\]: the next update"):
            frames.add_status(frame, policy, now)
        return
    status = ticket_status(policy, ticket, now)
    got = frames.add_status(frame, policy, now)
    assert list(got["state"]) == [status.state] == ["met"]
    assert list(got["response_time"]) == [status.response_time]
    assert frames.frame_report(frame, policy, now) == ComplianceReport.build(policy, [ticket], now)


# -- Dask ---------------------------------------------------------------------------------


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(frame=ticket_frames(least=1), parts=st.integers(1, 6))
def test_dask_partitions_give_the_same_answers(frame: pandas.DataFrame, parts: int) -> None:
    dd = pytest.importorskip("dask.dataframe")
    dask = pytest.importorskip("dask")
    whole = frames.add_status(frame, POLICY, NOW)
    ddf = dd.from_pandas(frame, npartitions=min(parts, len(frame)), sort=False)
    meta = frames.add_status(frame.iloc[:0], POLICY, NOW)
    got = ddf.map_partitions(frames.add_status, POLICY, NOW, meta=meta).compute(
        scheduler="synchronous"
    )
    added = list(frames.STATUS_COLUMNS)  # the input columns come back as dask stores text
    pd.testing.assert_frame_equal(got[added], whole[added], check_dtype=False)
    partial = [dask.delayed(frames.frame_report)(p, POLICY, NOW) for p in ddf.to_delayed()]
    reports = dask.compute(*partial, scheduler="synchronous")
    merged = ComplianceReport(NOW)
    for one in reports:
        merged.merge(one)
    assert merged == frames.frame_report(frame, POLICY, NOW)


# -- Spark ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    pyspark_sql = pytest.importorskip("pyspark.sql")
    # Workers run this interpreter, not whichever python3 comes first on the PATH.
    before = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("support_policy tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    yield session
    session.stop()
    if before is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = before


def test_spark_batches_give_the_same_answers(spark: SparkSession) -> None:
    rows = [
        ("T-1", "standard", "P1", datetime(2026, 11, 27, 1, tzinfo=UTC), None),
        (
            "T-2",
            "premium",
            None,
            datetime(2026, 11, 20, 9, tzinfo=UTC),
            datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        ),
        ("T-3", "standard", "P4", datetime(2026, 11, 29, 9, tzinfo=UTC), None),
        (
            "T-4",
            "standard",
            "P2",
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            datetime(2026, 10, 30, 9, tzinfo=UTC),
        ),
    ]
    local = pd.DataFrame(
        rows, columns=["id", "plan", "severity", "submitted_at", "first_response_at"]
    )
    for name in ("submitted_at", "first_response_at"):
        local[name] = pd.to_datetime(local[name], utc=True)
    expected = frames.add_status(local, POLICY, NOW)
    for parts in (1, 3):
        sdf = spark.createDataFrame(local).repartition(parts)
        got = frames.spark_status(sdf, POLICY, NOW).toPandas().sort_values("id")
        got = got.reset_index(drop=True)
        assert list(got["state"]) == list(expected["state"].astype(str))
        assert [t.to_pydatetime().replace(tzinfo=UTC) for t in got["response_due_at"]] == [
            t.to_pydatetime() for t in expected["response_due_at"]
        ]
        assert list(got["elapsed"]) == list(expected["elapsed"])
        assert list(got["at_risk"]) == list(expected["at_risk"])


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "Asia/Tokyo", "America/Santiago"])
def test_spark_answers_are_instants_whatever_the_session_zone(
    spark: SparkSession, zone: str
) -> None:
    """Even a zone set after the call (Spark reads it when the query runs), and rows
    in the hour the clocks go back; columns named as the status columns are replaced."""
    submitted = [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 11, 27, 8, tzinfo=UTC)]
    local = pd.DataFrame(
        {
            "id": ["A", "B"],
            "plan": ["premium", "standard"],
            "severity": ["P1", "P2"],
            "submitted_at": pd.to_datetime(submitted, utc=True),
            "first_response_at": pd.to_datetime(
                [submitted[0] + timedelta(minutes=30), None], utc=True
            ),
            "state": ["open", "closed"],  # a column of the user's, named as one of ours
        }
    )
    expected = frames.add_status(local, POLICY, NOW)
    sdf = spark.createDataFrame(local)
    try:
        judged = frames.spark_status(sdf, POLICY, NOW)
        spark.conf.set("spark.sql.session.timeZone", zone)
        rows = sorted(judged.collect(), key=lambda row: row["id"])
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    assert [r["state"] for r in rows] == list(expected["state"].astype(str))
    assert [r["elapsed"] for r in rows] == list(expected["elapsed"])
    due = [r["response_due_at"] for r in rows]  # naive, on this process's local clocks
    assert [d.astimezone(UTC) for d in due] == [
        t.to_pydatetime() for t in expected["response_due_at"]
    ]
    again = frames.spark_status(frames.spark_status(sdf, POLICY, NOW), POLICY, NOW)
    assert sorted(again.columns) == sorted(judged.columns)  # replaced, not added twice


def test_answer_columns_may_each_have_their_own_zone_unit_and_backing() -> None:
    """Each is read as instants: compared and combined in UTC, to the microsecond."""
    pa = pytest.importorskip("pyarrow")
    submitted = datetime(2026, 11, 27, 8, tzinfo=UTC)
    answers = [submitted + timedelta(hours=1, microseconds=1), submitted + timedelta(hours=2)]
    ticket = Ticket(
        "standard",
        submitted,
        "P1",
        [Event(answers[0], EventKind.FIRST_RESPONSE), Event(answers[1], EventKind.RESOLVED)],
    )
    expected = ticket_status(POLICY, ticket, NOW)
    unanswered = ticket_status(POLICY, Ticket("standard", submitted, "P1"), NOW)

    def column(at: datetime, zone: str, backing: str) -> object:
        values = pd.Series(pd.DatetimeIndex([at, None]).as_unit("us").tz_convert(zone))
        return (
            values
            if backing == "numpy"
            else values.astype(pd.ArrowDtype(pa.timestamp(backing, tz=zone)))
        )

    for first, resolved in [
        (("Asia/Kolkata", "numpy"), ("UTC", "us")),
        (("UTC", "numpy"), ("Asia/Kathmandu", "ms")),
        (("UTC", "us"), ("Pacific/Honolulu", "us")),
    ]:
        frame = pd.DataFrame(
            {
                "plan": ["standard"] * 2,
                "severity": ["P1"] * 2,
                "submitted_at": pd.Series(pd.DatetimeIndex([submitted] * 2).as_unit("us")),
                "first_response_at": column(answers[0], *first),
                "resolved_at": column(answers[1], *resolved),
            }
        )
        got = frames.add_status(frame, POLICY, NOW)
        assert list(got["state"]) == [expected.state, unanswered.state]
        assert got["response_time"][0] == expected.response_time


CADENCE = parse_policy(CADENCE_POLICY)
CADENCE_END = datetime(2035, 12, 31, 18, 30, tzinfo=UTC)  # India's years end here, in UTC


@st.composite
def tickets_near_the_cadence_end(draw: st.DrawFn) -> tuple[datetime, pandas.DataFrame]:
    """Tickets submitted, answered, resolved and closed in the last days of the
    calendar's years, with an update cadence that may fall due after them."""
    now = CADENCE_END - timedelta(minutes=draw(st.integers(1, 3 * 24 * 60)))
    rows: list[dict[str, object]] = []
    for i in range(draw(st.integers(1, 6))):
        submitted = now - timedelta(minutes=draw(st.integers(-120, 3 * 24 * 60)))
        answers: dict[str, datetime | None] = {}
        for name in frames.ANSWER_COLUMNS:
            late = draw(st.none() | st.integers(0, 4 * 24 * 60))
            answers[name] = None if late is None else submitted + timedelta(minutes=late)
        closed = answers["closed_at"]
        for name in frames.ANSWER_COLUMNS[:2]:  # nothing after closing
            earlier = answers[name]
            if closed is not None and earlier is not None and earlier > closed:
                answers[name] = closed
        rows.append({"id": f"T-{i}", "plan": "gold", "submitted_at": submitted, **answers})
    frame = pd.DataFrame(rows, columns=["id", "plan", "submitted_at", *frames.ANSWER_COLUMNS])
    for name in ["submitted_at", *frames.ANSWER_COLUMNS]:
        frame[name] = pd.to_datetime(frame[name], utc=True)
    return now, frame


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(case=tickets_near_the_cadence_end())
def test_settled_tickets_near_the_end_of_the_years_answer_as_the_scalar_model(
    case: tuple[datetime, pandas.DataFrame],
) -> None:
    """An answered ticket not yet resolved or closed is due its next update, which the
    scalar model refuses past the calendar's years; a settled one is due none."""
    now, frame = case
    refused, statuses = [], []
    for i, ticket in enumerate(tickets_of(frame.assign(severity=None))):
        try:
            statuses.append(ticket_status(CADENCE, ticket, now))
        except OutOfRangeError:
            refused.append(i)
    if refused:
        with pytest.raises(OutOfRangeError) as caught:
            frames.add_status(frame, CADENCE, now)
        field = caught.value.field or ""
        assert field == "now" or int(field.rstrip("]").split("[")[1]) in refused
        return
    got = frames.add_status(frame, CADENCE, now)
    assert list(got["state"]) == [s.state for s in statuses]
    assert [t.to_pydatetime() for t in got["response_due_at"]] == [s.due_at for s in statuses]
    assert list(got["elapsed"]) == [s.elapsed for s in statuses]
    report = ComplianceReport(now)
    for status in statuses:
        report.add(status)
    assert frames.frame_report(frame, CADENCE, now) == report
