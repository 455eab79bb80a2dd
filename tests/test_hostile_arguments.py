"""Public functions given hostile arguments: the library's own error, or an answer.

Each case once raised something else (``IndexError``, ``OverflowError``, a bare
``ValueError`` from a message that could not show its value...) or gave a wrong
answer. The right error is pinned with a piece of its message.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import pytest

from support_policy import (
    InvalidCalendarError,
    InvalidPolicyError,
    InvalidTargetError,
    InvalidTicketError,
    NaiveDatetimeError,
    OutOfRangeError,
    PartialClosure,
    RecurringClosure,
    SeverityScale,
    SupportPolicyError,
    Target,
    UnknownSeverityError,
    WeeklyHours,
    Window,
    stakater_policy,
    ticket_status,
)
from support_policy.formats import dump_policy, load_policy, read_tickets, write_csv, write_jsonl
from support_policy.render import Percent, stamp, to_data, to_html, to_json, to_text
from support_policy.sla import ComplianceReport, Event, Ticket, due_soon

POLICY = stakater_policy()
SCOPE: Any = POLICY.latest.scope  # present in the built-in policy
EVENT = {"at": "2026-03-02T12:00:00+01:00", "kind": "first_response"}
CALENDAR = POLICY.latest.business_calendar
NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
HUGE = 10**5000  # no text: repr() and str() raise ValueError
LATE = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))  # past 9999 in UTC


def A(value: Any) -> Any:
    """``value``, typed as anything: a wrong argument on purpose."""
    return value


def _lenient(**extra: Any) -> Ticket:
    data = {"id": "A", "plan": "standard", "submitted_at": "2026-03-02T08:00:00Z", **extra}
    return Ticket.from_dict(data, lenient=True)


def _holding_itself() -> list[Any]:
    items: list[Any] = []
    items.append(items)
    return items


CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("weekday 7", lambda: CALENDAR.hours.on(7), InvalidCalendarError, "0 \\(Monday\\) to 6"),
    ("weekday -1", lambda: CALENDAR.hours.on(-1), InvalidCalendarError, "got -1"),
    ("weekday True", lambda: CALENDAR.hours.daily_total(True), InvalidCalendarError, "True"),
    ("weekday huge", lambda: CALENDAR.hours.on(HUGE), InvalidCalendarError, "very long"),
    ("window of a number", lambda: Window.parse(9), InvalidCalendarError, "not a window 9"),  # type: ignore[arg-type]
    (
        "windows holding a number",
        lambda: WeeklyHours.parse({"mon": [HUGE]}),
        InvalidCalendarError,
        "not a window a very long integer",
    ),
    (
        "rule before 1900",
        lambda: RecurringClosure("FREQ=DAILY", "x").dates(0, 2026),
        OutOfRangeError,
        "1900-2200, not for 0",
    ),
    (
        "rule after 2200",
        lambda: RecurringClosure("FREQ=DAILY", "x").dates(2026, 10**20),
        OutOfRangeError,
        "not for a very long integer",
    ),
    (
        "early closing rule after 2200",
        lambda: PartialClosure("13:00", "x", rule="FREQ=DAILY").days(2026, 10000, None),
        OutOfRangeError,
        "not for 10000",
    ),
    (
        "holidays of a huge year",
        lambda: CALENDAR.holidays.names(HUGE),  # type: ignore[union-attr]
        OutOfRangeError,
        "not for a very long integer-a very long integer",
    ),
    (
        "huge severity",
        lambda: POLICY.latest.severities.parse(HUGE),
        UnknownSeverityError,
        "unknown severity",
    ),
    (
        "huge severity deadline",
        lambda: POLICY.deadline("standard", HUGE, NOW),
        UnknownSeverityError,
        "unknown severity a very long integer",
    ),
    (
        "a level of one item",
        lambda: SeverityScale.of(("P1",), default="P1"),  # type: ignore[arg-type]
        InvalidPolicyError,
        "a \\(code, label\\) pair",
    ),
    (
        "a level that is a mapping",
        lambda: SeverityScale.of({}, default="P1"),  # type: ignore[arg-type]
        InvalidPolicyError,
        "got \\{\\}",
    ),
    (
        "field names of two types",
        lambda: Ticket.from_dict(
            {"plan": "standard", "submitted_at": "2026-03-02T08:00:00Z", 1: "x", "z": 2}  # type: ignore[dict-item]
        ),
        InvalidTicketError,
        "unknown field\\(s\\) \\['z', 1\\]",
    ),
    (
        "a now past 9999 in UTC",
        lambda: (
            POLICY.latest and __import__("support_policy").ticket_status(POLICY, _lenient(), LATE)
        ),
        OutOfRangeError,
        "outside the years 1-9999",
    ),
    (
        "reports of two instants",
        lambda: ComplianceReport(NOW).merge(ComplianceReport(NOW + timedelta(1))),
        SupportPolicyError,
        "only reports taken at the same instant",
    ),
    ("policy path with NUL", lambda: load_policy("a\x00b.toml"), InvalidPolicyError, "null byte"),
    (
        "policy path with a lone surrogate",
        lambda: load_policy("\ud800.toml"),
        InvalidPolicyError,
        "surrogates not allowed",
    ),
    (
        "ticket path with NUL",
        lambda: list(read_tickets("a\x00b.jsonl")),
        InvalidTicketError,
        "null byte",
    ),
    (
        "a kept field JSON cannot hold",
        lambda: write_jsonl([_lenient(x=NOW)], io.StringIO()),
        InvalidTicketError,
        "ticket A: cannot be written as JSON: Object of type datetime",
    ),
    (
        "a kept integer JSON cannot write",
        lambda: write_jsonl([_lenient(x=HUGE)], io.StringIO()),
        InvalidTicketError,
        "ticket A: cannot be written as JSON",
    ),
    ("a list holding itself", lambda: to_data(_holding_itself()), SupportPolicyError, "itself"),
    (
        "text of a list holding itself",
        lambda: to_text(_holding_itself()),
        SupportPolicyError,
        "itself",
    ),
    (
        "HTML of a list holding itself",
        lambda: to_html(_holding_itself()),
        SupportPolicyError,
        "itself",
    ),
    (
        "JSON of a list holding itself",
        lambda: to_json(_holding_itself()),
        SupportPolicyError,
        "itself",
    ),
    ("a stamp of a date", lambda: stamp(date(2026, 1, 1)), TypeError, "aware datetime"),  # type: ignore[arg-type]
    ("a stamp of None", lambda: stamp(None), TypeError, "got None"),  # type: ignore[arg-type]
    ("a naive stamp", lambda: stamp(datetime(2026, 1, 1)), NaiveDatetimeError, "stamp must be"),
    ("a percentage of text", lambda: Percent("x"), TypeError, "holds a number"),
    # a Python value of the wrong type: TypeError, not AttributeError deep inside
    ("a target of a number", lambda: Target.parse(A(8)), InvalidTargetError, "not a target 8"),
    ("scope of a number", lambda: SCOPE.covers(A(5)), TypeError, "activity must be a text"),
    ("status of no policy", lambda: ticket_status(A(None), _lenient(), NOW), TypeError, "Policy"),
    ("rules of a number", lambda: ticket_status(POLICY, _lenient(), NOW, A(0)), TypeError, "rules"),
    ("due soon of None", lambda: list(due_soon(A([None]), NOW, timedelta(1))), TypeError, "status"),
    ("a report of a number", lambda: ComplianceReport(NOW).add(A(1)), TypeError, "got int"),
    ("dump a version", lambda: dump_policy(A(POLICY.latest)), TypeError, "Policy\\(\\[version"),
    (
        "counts of a list",
        lambda: list(read_tickets(io.StringIO(""), format="jsonl", counts=A([]))),
        TypeError,
        "counts",
    ),
    ("tickets from None", lambda: list(read_tickets(A(None))), TypeError, "source must be"),
    ("write to a number", lambda: write_jsonl([_lenient()], A(1)), TypeError, "handle"),
    ("write a text as a ticket", lambda: write_csv(A(["x"]), io.StringIO()), TypeError, "ticket"),
    ("warnings of a tuple", lambda: Event.from_dict(EVENT, "e", A(())), TypeError, "warnings"),
    ("a label of a number", lambda: Event.from_dict(EVENT, A(HUGE)), TypeError, "what must be"),
    ("a metric of a number", lambda: POLICY.latest.matrix(A(0)), TypeError, "metric"),
]


@pytest.mark.parametrize(
    ("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_hostile_argument_gets_the_librarys_error(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("value", "data", "text"),
    [
        pytest.param(HUGE, "a very long integer", "a very long integer", id="huge-int"),
        pytest.param({HUGE: 1}, {"a very long integer": 1}, "a very long integer: 1", id="key"),
        pytest.param(Fraction(HUGE, 3), "a Fraction", "a Fraction", id="huge-fraction"),
        pytest.param(Fraction(10**400, 3), None, None, id="past-float"),
        pytest.param(Percent(10**400), float("inf"), "inf%", id="huge-percent"),
        pytest.param(2**70, 2**70, str(2**70), id="a long integer stays one"),
    ],
)
def test_numbers_past_text_or_float_are_rendered_as_words(
    value: object, data: object, text: str | None
) -> None:
    found = to_data(value)
    assert found == data if data is not None else str(found).startswith("Fraction(1000")
    to_json(value)  # never fails
    if text is not None:
        assert to_text(value) == text
        assert to_html(value) == text


class TestColumnsWithMasks:
    """A masked value of a numpy column is a missing one: missing in, missing out."""

    def test_masked_instants_are_missing(self) -> None:
        np = pytest.importorskip("numpy")
        from support_policy.calendars import columnar

        at = np.array(["2026-03-02T10:00", "2026-03-03T10:00"], dtype="datetime64[us]")
        masked = np.ma.masked_array(at, mask=[True, False])
        due = columnar.add(CALENDAR, masked, timedelta(hours=1))
        assert np.isnat(due[0]) and due[1] == columnar.add(CALENDAR, at, timedelta(hours=1))[1]
        assert np.isnat(columnar.elapsed(CALENDAR, masked, at)[0])
        every = np.ma.masked_array(at[:1], mask=[True])
        assert np.isnat(columnar.add(CALENDAR, every, timedelta(hours=1))).all()
        hours = np.ma.masked_array(np.array([3600, 7200], "timedelta64[s]"), mask=[False, True])
        added = columnar.add(CALENDAR, at, hours)
        assert not np.isnat(added[0]) and np.isnat(added[1])

    def test_a_missing_instant_has_a_missing_flag(self) -> None:
        np = pytest.importorskip("numpy")
        from support_policy.calendars import columnar

        at = np.array(["NaT", "2026-03-03T10:00", "2026-03-03T20:00"], dtype="datetime64[us]")
        for given in (at, np.ma.masked_array(at, mask=[True, False, False])):
            flags = columnar.is_open(CALENDAR, given)
            assert isinstance(flags, np.ma.MaskedArray)
            assert flags.mask.tolist() == [True, False, False]
            assert flags[1:].tolist() == [True, False]
        assert type(columnar.is_open(CALENDAR, at[1:])) is np.ndarray  # none missing

    def test_masked_plans_are_missing_plans(self) -> None:
        np = pytest.importorskip("numpy")
        from support_policy.policy import columnar

        at = np.array(["2026-03-02T10:00", "2026-03-03T10:00"], dtype="datetime64[us]")
        plans = np.ma.masked_array(np.array(["standard", "premium"]), mask=[False, True])
        with pytest.raises(SupportPolicyError, match="plans\\[1\\] is missing"):
            columnar.deadlines(POLICY, plans, np.array(["P1", "P2"]), at)


def test_numbers_and_pairs_of_other_types_are_still_taken() -> None:
    np = pytest.importorskip("numpy")
    from decimal import Decimal

    assert [to_text(Percent(v)) for v in (np.float32(0.5), np.int64(1), Decimal("0.5"))] == [
        "50%",
        "100%",
        "50%",
    ]
    eve = RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "Christmas Eve")
    assert eve.dates(np.int64(2026), np.int64(2027)) == [date(2026, 12, 24), date(2027, 12, 24)]
    with pytest.raises(TypeError, match="a year must be a whole number"):
        eve.dates(2026.0, 2027)  # type: ignore[arg-type]
    scale = SeverityScale.of(np.array(["p1", "Urgent"]), A(["p2", "High"]), default="p2")
    assert scale.codes == ("p1", "p2")


def test_a_masked_column_reads_as_its_data_with_missing_rows() -> None:
    np = pytest.importorskip("numpy")
    from support_policy.sla import columnar

    at = np.array(["2026-01-05T10:00"] * 3, "datetime64[us]")
    now = datetime(2026, 1, 7, tzinfo=UTC)
    named = columnar.judge(POLICY, "standard", np.array(["P1", "P2", "P3"]), at, None, now)
    for given in (np.array([1, 2, 3]), np.ma.MaskedArray(np.array([1, 2, 3]))):
        # numpy integers name the levels Python's do (1 is P1), masked or not
        numbered = columnar.judge(POLICY, "standard", given, at, None, now)
        assert (numbered.due_at == named.due_at).all()
    scalar = POLICY.deadline("standard", 3, datetime(2026, 1, 5, 10, tzinfo=UTC))
    assert named.due_at[2].astype(datetime).replace(tzinfo=UTC) == scalar
    with pytest.raises(UnknownSeverityError):  # a number that names no level
        columnar.judge(POLICY, "standard", np.array([1, 2, 7]), at, None, now)
    masked = np.ma.MaskedArray(np.array(["P1", "P2", "bogus"]), mask=[False, False, True])
    missing = np.array(["P1", "P2", None], object)
    first = columnar.judge(POLICY, "standard", masked, at, None, now)
    second = columnar.judge(POLICY, "standard", missing, at, None, now)
    assert (first.due_at == second.due_at).all() and (first.at_risk == second.at_risk).all()
