"""Columnar deadlines row by row: columns of every kind, missing values, versions, errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from support_policy import (
    BusinessCalendar,
    InvalidPolicyError,
    OutOfRangeError,
    Plan,
    Policy,
    PolicyVersion,
    SeverityScale,
    SupportPolicyError,
    UnknownPlanError,
    UnknownSeverityError,
    parse_policy,
)

from ..columns import as_datetimes, to_column

np = pytest.importorskip("numpy")
columnar = pytest.importorskip("support_policy.policy.columnar")
_codes = pytest.importorskip("support_policy.policy._codes")

WEEKDAYS = BusinessCalendar("UTC", {d: "09:00-17:00" for d in range(5)})
NIGHTS = BusinessCalendar("UTC", {d: "18:00-22:00" for d in range(7)})
LEVELS = SeverityScale.of(("P1", "Critical"), ("P2", "High"), ("P3", "Low"), default="P2")


def plans(p1: str, rest: str) -> list[Plan]:
    return [
        Plan("gold", "Gold", "24x7", {"P1": p1, "P2": rest, "P3": rest}),
        Plan("silver", "Silver", "8x5", {"all": "8 business hours"}),
    ]


NEW = PolicyVersion(
    "new", plans("1 hour", "2 hours"), LEVELS, WEEKDAYS, effective_from=date(2026, 1, 1)
)
OLD = PolicyVersion(
    "old", plans("3 hours", "4 business hours"), LEVELS, WEEKDAYS, effective_from=date(2025, 1, 1)
)
POLICY = Policy([NEW, OLD])
MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=UTC)
MONDAY_10_2025 = datetime(2025, 11, 24, 10, tzinfo=UTC)


def objects(*values: object) -> Any:
    return np.array(values, dtype=object)


@pytest.fixture(params=["pandas", "numpy"])
def factorised_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Columns read with pandas (when installed) and without it."""
    if request.param == "pandas":
        pytest.importorskip("pandas")
    else:
        monkeypatch.setattr(_codes, "_has_pandas", lambda: False)
    return str(request.param)


def test_every_row_is_the_scalar_deadline(factorised_by: str) -> None:
    at = [MONDAY_10, MONDAY_10_2025, MONDAY_10, MONDAY_10_2025, MONDAY_10, MONDAY_10]
    plan_column = objects("gold", "gold", "silver", "silver", "Gold", "gold")
    level_column = objects("P1", "P1", "P3", None, None, "critical")
    got = as_datetimes(columnar.deadlines(POLICY, plan_column, level_column, to_column(list(at))))
    expected = [
        POLICY.deadline(p, s, t) for p, s, t in zip(plan_column, level_column, at, strict=True)
    ]
    assert got == expected
    assert got[:3] == [
        MONDAY_10 + timedelta(hours=1),
        MONDAY_10_2025 + timedelta(hours=3),
        MONDAY_10 + timedelta(days=1),
    ]


def test_a_missing_submission_gives_a_missing_deadline(factorised_by: str) -> None:
    at = [None, MONDAY_10, None, MONDAY_10_2025]
    got = columnar.deadlines(POLICY, objects("gold", "silver", None, "gold"), "P1", to_column(at))
    assert as_datetimes(got) == [
        None,
        MONDAY_10 + timedelta(days=1),
        None,
        MONDAY_10_2025 + timedelta(hours=3),
    ]


def test_every_submission_missing(factorised_by: str) -> None:
    got = columnar.deadlines(POLICY, "gold", "P1", to_column([None, None]))
    assert as_datetimes(got) == [None, None]
    assert as_datetimes(columnar.deadlines(POLICY, "gold", "P1", to_column([]))) == []


def test_a_missing_submission_before_every_version_is_no_error(factorised_by: str) -> None:
    dated = Policy([NEW])
    got = columnar.deadlines(dated, "gold", "P1", to_column([None, MONDAY_10]))
    assert as_datetimes(got) == [None, MONDAY_10 + timedelta(hours=1)]


def test_a_version_applies_from_the_first_microsecond_of_its_date() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    at = [start - timedelta(microseconds=1), start, start + timedelta(microseconds=1)]
    got = as_datetimes(columnar.deadlines(POLICY, "gold", "P1", to_column(list(at))))
    assert got == [POLICY.deadline("gold", "P1", t) for t in at]
    assert got[0] == start + timedelta(hours=3, microseconds=-1)  # the old version: 3 hours
    assert got[1] == start + timedelta(hours=1)


def assert_gold_p1_deadlines(policy: Policy, at: list[datetime], oldest: date) -> None:
    """Columnar gold P1 deadlines are the scalar ones, or refused when one row has none."""
    expected: list[object] = []
    for t in at:
        try:
            expected.append(policy.deadline("gold", "P1", t))
        except OutOfRangeError:
            expected.append(OutOfRangeError)
    if OutOfRangeError in expected:
        with pytest.raises(OutOfRangeError, match=f"the oldest took effect on {oldest}$"):
            columnar.deadlines(policy, "gold", "P1", to_column(list(at)))
        return
    assert as_datetimes(columnar.deadlines(policy, "gold", "P1", to_column(list(at)))) == expected


# Zones whose midnights lie far apart: a newer version may start before an older one,
# which a policy refuses (the older one would never be in force).
FAR_APART = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", "Asia/Kathmandu"]


@settings(max_examples=200)
@example(  # the newest would start an hour before the one before it: refused
    zones=["UTC", "Pacific/Pago_Pago", "Pacific/Kiritimati"], undated=False, near=[(2, 30)]
)
@example(  # 23 hours apart, a day apart: accepted, each in force for an hour
    zones=["Pacific/Kiritimati", "Pacific/Pago_Pago"], undated=False, near=[(1, -30), (1, 30)]
)
@given(
    zones=st.lists(st.sampled_from(FAR_APART), min_size=2, max_size=4),
    undated=st.booleans(),
    near=st.lists(st.tuples(st.integers(0, 3), st.integers(-180, 180)), min_size=1, max_size=20),
)
def test_each_row_is_judged_by_the_version_in_force_in_zones_far_apart(
    zones: list[str], undated: bool, near: list[tuple[int, int]]
) -> None:
    """Versions a day apart, each starting at midnight in its own zone, as ``as_of`` picks."""
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(len(zones))]
    made = [
        PolicyVersion(
            f"v{i}",
            [Plan("gold", "Gold", "24x7", {"all": f"{i + 1} hours"})],
            LEVELS,
            BusinessCalendar(zone, {d: "09:00-17:00" for d in range(5)}),
            effective_from=None if undated and i == 0 else days[i],
        )
        for i, zone in enumerate(zones)
    ]
    starts = [datetime.combine(d, time(0), ZoneInfo(z)) for d, z in zip(days, zones, strict=True)]
    utc = [t.astimezone(UTC) for t in starts]
    shadowed = [i for i in range(1 if undated else 0, len(utc) - 1) if utc[i] >= utc[i + 1]]
    if shadowed:
        with pytest.raises(InvalidPolicyError, match="would never be in force") as refused:
            Policy(made[::-1])
        first = len(made) - 1 - shadowed[-1]  # its place, newest first
        assert refused.value.problems[0][0] == f"versions[{first}].effective_from"
        return
    policy = Policy(made[::-1])  # newest first
    at = [starts[k % len(starts)] + timedelta(minutes=m) for k, m in near]  # minutes from one
    assert_gold_p1_deadlines(policy, at, days[0])


@settings(max_examples=60)
@given(
    count=st.integers(1, 12),
    undated=st.booleans(),
    near=st.lists(st.tuples(st.integers(-1, 12), st.integers(-90, 90)), min_size=1, max_size=30),
)
def test_up_to_eight_versions_are_compared_and_more_searched_with_one_answer(
    count: int, undated: bool, near: list[tuple[int, int]]
) -> None:
    """Rows before, at and after each version's start, under 1 to 12 versions a day apart."""
    first = date(2026, 1, 1)
    made = [
        PolicyVersion(
            f"v{i}",
            [Plan("gold", "Gold", "24x7", {"all": f"{i + 1} hours"})],
            LEVELS,
            WEEKDAYS,
            effective_from=None if undated and i == 0 else first + timedelta(days=i),
        )
        for i in range(count)
    ]
    policy = Policy(made[::-1])  # newest first
    midnight = datetime.combine(first, time(0), UTC)
    assert_gold_p1_deadlines(
        policy, [midnight + timedelta(days=d, minutes=m) for d, m in near], first
    )


def test_a_submission_before_every_version_names_its_row() -> None:
    at = to_column(
        [MONDAY_10, None, datetime(2024, 6, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)]
    )
    with pytest.raises(OutOfRangeError) as caught:
        columnar.deadlines(Policy([NEW, OLD]), "gold", "P1", at)
    assert str(caught.value) == (
        "submitted_at[2]: no version of 'new' was in force then; the oldest took effect on "
        "2025-01-01"
    )
    assert caught.value.field == "submitted_at[2]"


def test_an_undated_oldest_version_holds_for_everything_earlier() -> None:
    undated = PolicyVersion("first", plans("5 hours", "6 hours"), LEVELS, WEEKDAYS)
    policy = Policy([NEW, undated])
    at = [datetime(1990, 1, 1, tzinfo=UTC), MONDAY_10]
    got = as_datetimes(columnar.deadlines(policy, "gold", "P1", to_column(list(at))))
    assert got == [at[0] + timedelta(hours=5), MONDAY_10 + timedelta(hours=1)]


def test_one_version_answers_every_row() -> None:
    at = [MONDAY_10_2025, MONDAY_10]
    got = as_datetimes(columnar.deadlines(OLD, "gold", "P1", to_column(list(at))))
    assert got == [t + timedelta(hours=3) for t in at]


def test_another_metric() -> None:
    metric_plans = [
        Plan(
            "gold", "Gold", "c", {"all": "1 hour"}, metrics={"update": {"all": "2 business hours"}}
        )
    ]
    version = PolicyVersion("m", metric_plans, LEVELS, WEEKDAYS)
    got = columnar.deadlines(version, "gold", "P1", to_column([MONDAY_10]), "update")
    assert as_datetimes(got) == [MONDAY_10 + timedelta(hours=2)]


# -- columns of every kind --------------------------------------------------------------------


def test_codes_of_a_column(factorised_by: str) -> None:
    found, distinct = columnar.codes(objects("b", "a", None, "b"), 4, "plans")
    assert found.tolist() == [0, 1, -1, 0]
    assert distinct == ["b", "a"]
    assert found.dtype == np.int64


def first_seen(values: list[object]) -> tuple[list[int], list[object]]:
    """The reference: each value's index among the distinct ones, as they first appear."""
    index: dict[object, int] = {}
    return [-1 if v is None else index.setdefault(v, len(index)) for v in values], list(index)


# Characters of one byte (NUL and Latin-1 among them) and beyond one (the general path).
TEXT = st.text(alphabet=st.sampled_from("ab\x00\xe9\xff\u0100\u20ac"), max_size=10)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(values=["standard", "premium", "standard"], width=None, layout="plain")
@example(values=["a\x00", "a", "", "\x00a"], width=None, layout="plain")  # NULs end none
@example(values=["ab", "abc"], width=2, layout="plain")  # cut to two: equal
@example(values=["\xff" * 8, "\u0100"], width=None, layout="plain")
@example(values=["x", "b", "c", "b"], width=None, layout="masked")  # "b" masked, then not
@given(
    values=st.lists(TEXT, max_size=30),
    width=st.none() | st.integers(1, 10),
    layout=st.sampled_from(["plain", "strided", "big-endian", "masked"]),
)
def test_text_columns_are_numbered_as_their_values_first_appear(
    values: list[str], width: int | None, layout: str, factorised_by: str
) -> None:
    """Short one-byte text is read as integer keys; any text, the same codes as Python's."""
    column = np.array(values, dtype=f"<U{width}" if width else None)
    if not values:
        column = column.astype("<U1")
    if layout == "strided":
        column = np.repeat(column, 2)[::2]
    elif layout == "big-endian":
        column = column.astype(column.dtype.newbyteorder(">"))
    elif layout == "masked":
        column = np.ma.masked_array(column, mask=[i % 3 == 1 for i in range(len(values))])
    found, distinct = columnar.codes(column, len(values), "plans")
    assert (found.tolist(), distinct) == first_seen(column.tolist())  # masked rows: None
    assert found.dtype == np.int64
    assert all(type(d) is str for d in distinct)


@pytest.mark.parametrize(
    ("column", "taken"),
    [
        (np.array(["standard", "premium"]), True),  # <U8: eight characters, the most
        (np.array(["P1"]), True),
        (np.array(["\xff", "\x00"]), True),  # the greatest and least one-byte characters
        (np.array(["platinum1"]), False),  # nine characters
        (np.array(["\u0100"]), False),  # a character beyond one byte
        (np.array(["P1"], dtype=">U2"), False),  # not in the machine's byte order
        (np.array([], dtype="<U2"), False),
        (np.array([b"P1"]), False),  # bytes, not text
        (objects("P1"), False),
    ],
)
def test_short_one_byte_text_is_read_as_integer_keys(column: Any, taken: bool) -> None:
    """Which columns the integer keys number: any other goes the general way."""
    found = _codes._short_text(column)
    assert (found is not None) == taken
    if found is not None:
        assert (found[0].tolist(), found[1]) == first_seen(column.tolist())


def test_a_masked_column_must_have_a_value_per_row() -> None:
    column = np.ma.masked_array(np.array(["P1", "P2"]), mask=[True, False])
    with pytest.raises(SupportPolicyError, match=r"^severities has 2 values but submitted_at"):
        columnar.codes(column, 3, "severities")


def test_one_value_stands_for_every_row() -> None:
    found, distinct = columnar.codes("gold", 3, "plans")
    assert found.tolist() == [0, 0, 0] and distinct == ["gold"]


@pytest.mark.usefixtures("factorised_by")
def test_a_column_must_be_one_dimensional() -> None:
    with pytest.raises(TypeError) as caught:
        columnar.codes(np.array([["a"], ["b"]], dtype=object), 2, "plans")
    assert str(caught.value) == "plans must be one-dimensional, got shape (2, 1)"


@pytest.mark.usefixtures("factorised_by")
def test_a_column_must_have_a_value_per_row() -> None:
    with pytest.raises(SupportPolicyError) as caught:
        columnar.codes(objects("a", "b"), 3, "severities")
    assert str(caught.value) == "severities has 2 values but submitted_at has 3"
    assert caught.value.field == "severities"


def test_arrow_columns_chunked_and_with_nulls() -> None:
    pa = pytest.importorskip("pyarrow")
    chunked = pa.chunked_array([["b", None], ["a", "b"]])
    found, distinct = columnar.codes(chunked, 4, "plans")
    assert found.tolist() == [0, -1, 1, 0] and distinct == ["b", "a"]
    plain, names = columnar.codes(pa.array(["x", "y", "x"]), 3, "plans")
    assert plain.tolist() == [0, 1, 0] and names == ["x", "y"]
    with pytest.raises(SupportPolicyError, match="plans has 3 values but submitted_at has 2"):
        columnar.codes(pa.array(["x", "y", "x"]), 2, "plans")


def test_pandas_columns() -> None:
    pd = pytest.importorskip("pandas")
    found, distinct = columnar.codes(pd.Series(["b", None, "a", "b"]), 4, "plans")
    assert found.tolist() == [0, -1, 1, 0] and distinct == ["b", "a"]


def test_categorical_columns_are_read_as_the_same_values_in_any_other_column() -> None:
    """Categories no row uses ask nothing, not even an unknown plan; a missing one is
    missing; values are numbered as they first appear, not in the categories' order, so
    groups come in the order they would for strings."""
    pd = pytest.importorskip("pandas")
    plan_names, level_names = ["silver", "gold", "gold"], ["P1", None, "critical"]
    plan_column = pd.Categorical(plan_names, categories=["platinum", "gold", "silver"])
    level_column = pd.Series(
        pd.Categorical(level_names, categories=["P3", "critical", "P1", "P9"]), index=[7, 8, 9]
    )
    for levels in (
        level_column,
        pd.CategoricalIndex(level_names, categories=["P9", "critical", "P1"]),
    ):
        found, distinct = columnar.codes(levels, 3, "severities")
        assert found.tolist()[:2] == [0, -1] and distinct[0] == "P1"
    at = [MONDAY_10, MONDAY_10_2025, MONDAY_10]
    expected = [
        POLICY.deadline(p, s, t) for p, s, t in zip(plan_names, level_names, at, strict=True)
    ]
    for plans in (plan_column, pd.CategoricalIndex(plan_column), pd.Series(plan_column)):
        got = columnar.deadlines(POLICY, plans, level_column, to_column(at))
        assert as_datetimes(got) == expected
    from support_policy.calendars._columns import Column

    column = Column(to_column(at), "submitted_at")
    as_strings = columnar.Demands(POLICY, objects(*plan_names), objects(*level_names), column)
    as_categories = columnar.Demands(POLICY, plan_column, level_column, column)
    assert as_categories.found == as_strings.found
    assert as_categories.group.tolist() == as_strings.group.tolist()
    missing_plan = pd.Categorical(["gold", None, "gold"], categories=["gold"])
    with pytest.raises(
        SupportPolicyError, match=r"^plans\[1\] is missing: every row needs a plan$"
    ):
        columnar.deadlines(POLICY, missing_plan, "P1", to_column(at))


# -- errors name the row ----------------------------------------------------------------------


@pytest.mark.usefixtures("factorised_by")
def test_an_unknown_plan_or_level_names_the_first_row_that_asked() -> None:
    at = to_column([MONDAY_10] * 4)
    with pytest.raises(UnknownPlanError) as plan_error:
        columnar.deadlines(POLICY, objects("gold", "lead", "lead", "tin"), "P1", at)
    assert str(plan_error.value).startswith(
        "row 1 (plan 'lead', severity 'P1'): unknown plan 'lead'; expected one of:"
    )
    with pytest.raises(UnknownSeverityError) as level_error:
        columnar.deadlines(POLICY, "gold", objects("P1", None, "P7", "P7"), at)
    assert str(level_error.value).startswith(
        "row 2 (plan 'gold', severity 'P7'): unknown severity 'P7'"
    )
    with pytest.raises(SupportPolicyError) as missing:
        columnar.deadlines(POLICY, objects("gold", "gold", None, None), "P1", at)
    assert str(missing.value) == "plans[2] is missing: every row needs a plan"
    assert missing.value.field == "plans"


@pytest.mark.usefixtures("factorised_by")
def test_of_several_refused_rows_the_first_is_named_whatever_its_kind() -> None:
    """Rows are grouped by what they ask; the error still names the first bad row."""
    at = to_column([MONDAY_10] * 4)
    with pytest.raises(UnknownSeverityError) as caught:
        columnar.deadlines(
            POLICY, objects("gold", "silver", "gold", "gold"), objects("P1", "P7", "P9", "P1"), at
        )
    assert str(caught.value).startswith("row 1 (plan 'silver', severity 'P7'): unknown severity")
    with pytest.raises(SupportPolicyError) as missing:
        columnar.deadlines(POLICY, objects("gold", None, "lead", "gold"), "P1", at)
    assert str(missing.value) == "plans[1] is missing: every row needs a plan"
    with pytest.raises(UnknownPlanError, match=r"^row 1 \(plan 'lead'"):
        columnar.deadlines(POLICY, objects("gold", "lead", None, "gold"), "P1", at)


@pytest.mark.usefixtures("factorised_by")
def test_a_row_without_a_plan_is_refused_even_without_a_level() -> None:
    at = to_column([MONDAY_10, MONDAY_10, None])
    for policy in (POLICY, NEW):
        with pytest.raises(SupportPolicyError) as caught:
            columnar.deadlines(policy, objects("gold", None, None), objects("P1", None, None), at)
        assert str(caught.value) == "plans[1] is missing: every row needs a plan"


@pytest.mark.usefixtures("factorised_by")
def test_a_column_of_the_wrong_length_or_shape_is_named() -> None:
    at = to_column([MONDAY_10] * 3)
    with pytest.raises(SupportPolicyError) as plans_error:
        columnar.deadlines(POLICY, objects("gold", "gold"), "P1", at)
    assert str(plans_error.value) == "plans has 2 values but submitted_at has 3"
    assert plans_error.value.field == "plans"
    with pytest.raises(SupportPolicyError) as levels_error:
        columnar.deadlines(POLICY, "gold", objects("P1", "P1", "P1", "P1"), at)
    assert str(levels_error.value) == "severities has 4 values but submitted_at has 3"
    assert levels_error.value.field == "severities"
    square = np.array([["P1"], ["P1"], ["P1"]], dtype=object)
    with pytest.raises(
        TypeError, match=r"^severities must be one-dimensional, got shape \(3, 1\)$"
    ):
        columnar.deadlines(POLICY, "gold", square, at)
    with pytest.raises(TypeError, match=r"^plans must be one-dimensional, got shape \(3, 1\)$"):
        columnar.deadlines(POLICY, square, "P1", at)


def test_submissions_must_be_a_column_of_instants() -> None:
    with pytest.raises(TypeError) as caught:
        columnar.deadlines(POLICY, "gold", "P1", np.array([1, 2], np.int64))
    assert str(caught.value) == "submitted_at must be a column of timestamps, got dtype int64"


@pytest.mark.parametrize(
    ("plan", "span"),
    [("gold", "1900-01-01 to 2200-12-31 (UTC)"), ("silver", "")],
)
def test_a_submission_outside_the_calendars_range_is_named(plan: str, span: str) -> None:
    at = to_column([MONDAY_10, datetime(2300, 1, 1, tzinfo=UTC)])
    with pytest.raises(OutOfRangeError) as caught:
        columnar.deadlines(NEW, plan, "P1", at)
    assert str(caught.value).startswith("submitted_at[1] is outside the supported range")
    assert str(caught.value).endswith(span)
    assert caught.value.field == "submitted_at[1]"


def test_only_a_policy_or_a_version_answers() -> None:
    with pytest.raises(TypeError) as caught:
        columnar.deadlines([NEW], "gold", "P1", to_column([MONDAY_10]))
    assert str(caught.value) == "policy must be a Policy or PolicyVersion, got list"


# -- demands ----------------------------------------------------------------------------------


def test_demands_are_found_once_per_version_plan_and_level() -> None:
    from support_policy.calendars._columns import Column

    at = [MONDAY_10, None, MONDAY_10_2025, MONDAY_10, MONDAY_10]
    column = Column(to_column(at), "submitted_at")
    demands = columnar.Demands(
        POLICY,
        objects("gold", "gold", "gold", "silver", "gold"),
        objects("P1", "P1", "P1", None, "P1"),
        column,
    )
    assert demands.group.tolist() == [0, -1, 2, 1, 0]
    assert [(d.version.name, d.plan, d.severity.code) for d in demands.found] == [
        ("new", "gold", "P1"),
        ("new", "silver", "P2"),
        ("old", "gold", "P1"),
    ]
    hour = 3_600_000_000
    assert [d.allowance for d in demands.found] == [hour, 8 * hour, 3 * hour]
    assert all(type(d.allowance) is int for d in demands.found)  # whole microseconds
    assert demands.allowance.tolist()[:1] + demands.allowance.tolist()[2:] == [
        hour,
        3 * hour,
        8 * hour,
        hour,
    ]
    by_calendar = [(c, w.tolist()) for c, w in demands.by_calendar()]
    assert by_calendar == [
        (NEW.round_the_clock, [0, 4]),
        (WEEKDAYS, [3]),
        (OLD.round_the_clock, [2]),
    ]
    assert by_calendar[0][0] is NEW.round_the_clock and by_calendar[2][0] is OLD.round_the_clock


def test_demands_on_one_calendar_are_asked_of_it_together() -> None:
    from support_policy.calendars._columns import Column

    column = Column(to_column([MONDAY_10, MONDAY_10, MONDAY_10]), "submitted_at")
    demands = columnar.Demands(NEW, "gold", objects("P1", "P2", "P1"), column)
    assert len(demands.found) == 2  # two targets, one clock
    by_calendar = [(c, w.tolist()) for c, w in demands.by_calendar()]
    assert by_calendar == [(NEW.round_the_clock, [0, 1, 2])]


def test_resolved_demands_keep_their_groups() -> None:
    first = columnar.Demand(NEW, "gold", LEVELS["P1"], NEW.round_the_clock, 3_600_000_000)
    second = columnar.Demand(NEW, "silver", LEVELS["P1"], NIGHTS, 7_200_000_000)
    demands = columnar.Demands.resolved([first, second], [1, -1, 0, 1])
    assert demands.found == [first, second]
    assert demands.group.tolist() == [1, -1, 0, 1]
    assert demands.allowance.tolist() == [
        7_200_000_000,
        3_600_000_000,
        3_600_000_000,
        7_200_000_000,
    ]
    assert [(c, w.tolist()) for c, w in demands.by_calendar()] == [
        (NEW.round_the_clock, [2]),
        (NIGHTS, [0, 3]),
    ]
    no_rows = columnar.Demands.resolved([first, second], [])
    assert no_rows.group.tolist() == [] and no_rows.allowance.tolist() == []
    assert list(no_rows.by_calendar()) == []
    empty = columnar.Demands.resolved([], [-1, -1])
    assert empty.allowance.tolist() == [0, 0]
    assert list(empty.by_calendar()) == []


def test_a_calendar_no_row_counts_on_is_skipped() -> None:
    first = columnar.Demand(NEW, "gold", LEVELS["P1"], NEW.round_the_clock, 1)
    unused = columnar.Demand(NEW, "silver", LEVELS["P1"], NIGHTS, 2)
    demands = columnar.Demands.resolved([first, unused], [0, 0])
    assert [(c, w.tolist()) for c, w in demands.by_calendar()] == [(NEW.round_the_clock, [0, 1])]


NUMBERED = """format = 1
name = "Numbered"
default_severity = "3"
[severities.1]
label = "Critical"
[severities.2]
label = "High"
[severities.3]
label = "Low"
[business_calendar]
timezone = "Europe/Stockholm"
hours = { mon-fri = "09:00-17:00" }
[plans.gold]
title = "Gold"
coverage = "8x5"
[plans.gold.targets]
1 = { amount = 1, unit = "hours" }
2 = { amount = 4, unit = "business_hours" }
3 = { amount = 2, unit = "business_days" }
"""


def test_whole_number_severities_in_any_kind_of_column() -> None:
    """``policy.deadline("gold", 1, t)`` takes the number 1 for level "1": so does
    every column of numbers, numpy's and pandas' nullable ones included."""
    pd = pytest.importorskip("pandas")
    policy = parse_policy(NUMBERED)
    t = datetime(2026, 11, 27, 8, tzinfo=UTC)
    expected = [policy.deadline("gold", 1, t), policy.deadline("gold", None, t)]
    at = to_column([t, t])
    for levels in (
        np.ma.MaskedArray(np.array([1, 3]), mask=[False, True]),
        pd.Series([1, None], dtype="Int64"),
        np.array([1, None], dtype=object),
    ):
        assert as_datetimes(columnar.deadlines(policy, "gold", levels, at)) == expected
    assert as_datetimes(columnar.deadlines(policy, "gold", np.array([1, 2]), at)) == [
        policy.deadline("gold", n, t) for n in (1, 2)
    ]


@given(
    keys=st.lists(st.integers(0, 40), max_size=60)
    | st.lists(st.sampled_from([0, 1, 7, 10**6, 2**40]), max_size=20),
)
def test_rows_are_grouped_as_unique_groups_them(keys: list[int]) -> None:
    """By a table when the slots span little, by sorting when they span much: one answer."""
    array = np.array(keys, np.int64)
    distinct, group = columnar._groups(array)
    expected, inverse = np.unique(array, return_inverse=True)
    assert distinct.tolist() == expected.tolist()
    assert group.tolist() == inverse.tolist()
