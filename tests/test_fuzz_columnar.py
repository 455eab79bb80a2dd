"""Hostile columns at every columnar entry: an answer, or the library's own error.

Columns of every dtype and unit, values at numpy's extremes, NaT, negative and huge
durations, wrong lengths, naive and aware pandas and Arrow columns. The library's errors
(``SupportPolicyError``) and ``TypeError`` for what is not a column are the only
exceptions allowed; every answer is checked against the scalar methods.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support_policy import SupportPolicyError, stakater_business_calendar, stakater_policy

np = pytest.importorskip("numpy")
calendar_columns = pytest.importorskip("support_policy.calendars.columnar")
policy_columns = pytest.importorskip("support_policy.policy.columnar")
ticket_columns = pytest.importorskip("support_policy.sla.columnar")

CALENDAR = stakater_business_calendar()
POLICY = stakater_policy()
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
ALLOWED = (SupportPolicyError, TypeError)
WIDE = st.datetimes(datetime(1800, 1, 1), datetime(2300, 1, 1))
UNITS = ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps")
INT64 = st.integers(-(2**63), 2**63 - 1)


@st.composite
def columns(draw: st.DrawFn, kind: str = "M") -> object:
    """A one-dimensional column of any unit, at any values, NaT included; or not a column."""
    size = draw(st.integers(0, 6))
    unit = draw(st.sampled_from(UNITS))
    near = st.integers(-(10**6), 10**6).map(lambda k: k + 1_790_000_000 * 10**6)
    values = draw(st.lists(st.one_of(INT64, near, st.just(-(2**63))), min_size=size, max_size=size))
    column = np.array(values, dtype=np.int64)
    if kind == "M" and unit == "us" and draw(st.booleans()):
        return column.view("datetime64[us]")
    typed = column.view(f"{'datetime64' if kind == 'M' else 'timedelta64'}[{unit}]")
    return draw(
        st.sampled_from(
            [typed, column, column.astype(float), typed.reshape(-1, 1), typed.astype(object)]
        )
    )


durations = st.one_of(
    st.timedeltas(),
    st.integers(-5, 10**6).map(lambda h: timedelta(hours=h)),
    st.just(np.timedelta64("NaT")),
    columns("m"),
    st.text(max_size=3),
)


def scalar(call: Callable[..., object], *args: object) -> object:
    try:
        return call(*args)
    except SupportPolicyError:
        return SupportPolicyError


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(column=columns(), duration=durations, name=st.sampled_from(["add", "subtract"]))
def test_add_and_subtract_take_any_column(column: object, duration: object, name: str) -> None:
    try:
        got = getattr(calendar_columns, name)(CALENDAR, column, duration)
    except ALLOWED:
        return
    assert isinstance(column, np.ndarray) and column.dtype.kind == "M"
    d = duration if isinstance(duration, timedelta) else None
    if d is None:
        return
    for value, result in zip(column.astype("datetime64[us]"), got, strict=True):
        if np.isnat(value):
            assert np.isnat(result)
            continue
        start = EPOCH + int(value.astype(np.int64)) * US
        assert EPOCH + int(result.astype(np.int64)) * US == getattr(CALENDAR, name)(start, d)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(a=columns(), b=columns())
def test_elapsed_and_is_open_take_any_column(a: object, b: object) -> None:
    for call, args in ((calendar_columns.elapsed, (a, b)), (calendar_columns.is_open, (a,))):
        with contextlib.suppress(*ALLOWED):
            call(CALENDAR, *args)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    submitted=columns(),
    answered=st.none() | columns(),
    plans=st.one_of(
        st.sampled_from(["standard", "premium", "", "gold"]),
        st.lists(st.sampled_from(["standard", "premium", None, 3, "x" * 20_000]), max_size=6).map(
            lambda v: np.array(v, dtype=object)
        ),
        st.integers(),
    ),
    severities=st.one_of(
        st.sampled_from(["P1", "P4", None, "P9", "critical"]),
        st.lists(st.sampled_from(["P1", None, 2, "p2", ""]), max_size=6).map(
            lambda v: np.array(v, dtype=object)
        ),
    ),
    now=st.datetimes(timezones=st.just(UTC)) | st.datetimes(),
)
def test_policy_and_ticket_columns_take_anything(
    submitted: object, answered: object, plans: object, severities: object, now: datetime
) -> None:
    with contextlib.suppress(*ALLOWED):
        policy_columns.deadlines(POLICY, plans, severities, submitted)
    with contextlib.suppress(*ALLOWED):
        ticket_columns.report(POLICY, plans, severities, submitted, answered, now)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(
    values=st.lists(
        st.none() | st.datetimes(datetime(1800, 1, 1), datetime(2300, 1, 1)), max_size=5
    ),
    zone=st.sampled_from([None, "UTC", "Europe/Stockholm", "Asia/Kolkata"]),
    unit=st.sampled_from(["s", "ms", "us", "ns"]),
    family=st.sampled_from(["pandas", "index", "arrow", "chunked", "object"]),
)
def test_pandas_and_arrow_columns_of_any_zone_and_unit(
    values: list[datetime | None], zone: str | None, unit: str, family: str
) -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    try:
        if family in ("arrow", "chunked"):
            column: object = pa.array(values, type=pa.timestamp(unit, tz=zone))
            if family == "chunked":
                column = pa.chunked_array([column])
        else:
            index = pd.DatetimeIndex(values).as_unit(unit)
            index = index.tz_localize(zone, ambiguous="NaT", nonexistent="NaT") if zone else index
            column = (
                index
                if family == "index"
                else pd.Series(index, dtype=object if family == "object" else None)
            )
    except (ValueError, OverflowError, pa.ArrowException, pd.errors.OutOfBoundsDatetime):
        return  # not a column either library builds
    for call in (calendar_columns.add, calendar_columns.subtract):
        with contextlib.suppress(*ALLOWED):
            call(CALENDAR, column, timedelta(hours=8))
    with contextlib.suppress(*ALLOWED):
        calendar_columns.elapsed(CALENDAR, column, column)


HEADERS = st.sampled_from(
    [
        "id,plan,severity,submitted_at,first_response_at",
        "id,plan,severity,submitted_at,first_response_at,resolved_at,closed_at",
        "id\tplan\tseverity\tsubmitted_at\tfirst_response_at",
        "",
    ]
)
CELLS = st.sampled_from(
    [
        "T1",
        "standard",
        "P1",
        "",
        "2026-11-27T09:00:00+01:00",
        "2026-11-27 09:00:00Z",
        '"',
        "2026-02-30T09:00:00Z",
        "\x00",
        "é",
        " P2",
        "1e9",
        "9999-12-31T23:59:59+23:59",
    ]
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6),
    sep=st.sampled_from([",", "\t"]),
    noise=st.binary(max_size=20),
    kind=st.sampled_from(["csv", "tsv"]),
)
def test_the_whole_file_reader_takes_any_bytes(
    header: str, rows: list[list[str]], sep: str, noise: bytes, kind: str, tmp_path_factory: Any
) -> None:
    """Any file: columns, or None (read it line by line); never an exception."""
    arrow_tickets = pytest.importorskip("support_policy.formats.arrow_tickets")
    text = "\n".join([header, *(sep.join(r) for r in rows)]) + "\n"
    path = tmp_path_factory.mktemp("whole") / "t.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass") + noise)
    found = arrow_tickets.read_plain_columns(path, kind)
    assert found is None or found.rows == len(found.submitted)


JSON_PIECES = st.sampled_from(
    [
        '{"plan": "standard", "submitted_at": "2026-11-27T09:00:00+01:00"}',
        '{"id": "A", "plan": "premium", "severity": null, "submitted_at": "2026-11-27T09:00:00Z"',
        ', "events": [{"at": "2026-11-27T10:00:00Z", "kind": "resolved"}]}',
        '{"at": "2026-11-27T09:00:00Z", "kind": "closed"}',
        "\n",
        "\r\n",
        "\ufeff",
        '"',
        "\\",
        "{",
        "}",
        "é",
    ]
)


@given(
    pieces=st.lists(st.one_of(JSON_PIECES, st.text(max_size=8)), max_size=20),
    noise=st.binary(max_size=20),
    block=st.sampled_from([1, 7, 64, 1 << 20]),
)
def test_the_block_reader_takes_any_json_lines(
    pieces: list[str], noise: bytes, block: int, tmp_path_factory: Any
) -> None:
    """Any JSON Lines file: blocks of columns, or a None that ends them; never an exception."""
    arrow_tickets = pytest.importorskip("support_policy.formats.arrow_tickets")
    path = tmp_path_factory.mktemp("blocks") / "t.jsonl"
    path.write_bytes("".join(pieces).encode("utf-8", "surrogatepass") + noise)
    blocks = list(arrow_tickets.read_plain_blocks(path, "jsonl", block_bytes=block))
    assert None not in blocks[:-1]
    assert all(b.rows == len(b.submitted) == len(b.answered) for b in blocks if b is not None)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    columns=st.dictionaries(
        st.sampled_from(["plan", "severity", "submitted_at", "first_response_at", "closed_at"]),
        st.sampled_from(["text", "naive", "aware", "ints", "missing"]),
    )
)
def test_frames_take_any_columns(columns: dict[str, str]) -> None:
    """A DataFrame of any column kinds: status columns, or the library's error."""
    pd = pytest.importorskip("pandas")
    frames = pytest.importorskip("support_policy.formats.frames")
    made = {
        "text": ["standard", "P1"],
        "naive": pd.to_datetime(["2026-11-27 09:00", "2026-11-28 09:00"]),
        "aware": pd.to_datetime(["2026-11-27 09:00", None]).tz_localize("Europe/Stockholm"),
        "ints": [1, 2],
        "missing": [None, None],
    }
    frame = pd.DataFrame({name: made[kind] for name, kind in columns.items()})
    with contextlib.suppress(*ALLOWED):
        frames.add_status(frame, POLICY, datetime(2026, 11, 28, tzinfo=UTC))
    with contextlib.suppress(*ALLOWED):
        frames.add_deadlines(frame, POLICY)
