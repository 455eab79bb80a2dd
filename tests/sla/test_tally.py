"""Counting many tickets at once: the counts of counting each of them in turn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, strategies as st

from support_policy import InvalidDurationError, SupportPolicyError
from support_policy.policy.severities import Severity
from support_policy.sla import reports
from support_policy.sla.quick import Judgement
from support_policy.sla.reports import ComplianceReport, GroupStats, ResponseTimes

OUTCOMES = st.sampled_from(
    [
        ("met", True, False),
        ("breached", True, False),
        ("breached", False, False),
        ("running", False, False),
        ("running", False, True),
    ]
)


def stats() -> GroupStats:
    return GroupStats("v", "standard", Severity("P1", "Critical"))


@given(st.lists(st.tuples(OUTCOMES, st.integers(0, 5)), max_size=12))
@example([(("running", False, True), 3), (("running", False, True), 0)])
def test_a_tally_counts_as_counting_each_ticket(
    tallies: list[tuple[tuple[str, bool, bool], int]],
) -> None:
    at_once, each = stats(), stats()
    for (state, answered, at_risk), tickets in tallies:
        at_once._tally(state, answered, at_risk, tickets)
        for _ in range(tickets):
            each.count(state, answered, at_risk, None)
    assert at_once == each
    assert at_once.tickets == sum(n for _, n in tallies)
    assert at_once.response.count == 0  # response times are added on their own


@given(
    st.lists(st.lists(st.integers(0, 10**13), max_size=8), max_size=5),
    st.integers(0, 20),
    st.booleans(),
)
@example([[1, 2, 3]], 3, False)  # exactly the limit: still exact
@example([[1, 2], [3, 4]], 3, False)  # the second list crosses it
@example([[5], [0, 0]], 0, True)  # bucketed from the start; zeros
def test_a_list_of_micros_counts_as_adding_each_time(
    lists: list[list[int]], limit: int, as_generators: bool
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports, "EXACT_LIMIT", limit)
        at_once, each = ResponseTimes(), ResponseTimes()
        for micros in lists:
            at_once.add_micros((m for m in micros) if as_generators else micros)
            for micro in micros:
                each.add(timedelta(microseconds=micro))
        assert at_once == each
        assert at_once.count == each.count == sum(map(len, lists))
        for fraction in (0.0, 0.3, 0.5, 0.99, 1.0):
            assert at_once.percentile(fraction) == each.percentile(fraction)


@pytest.mark.parametrize("limit", [reports.EXACT_LIMIT, 1])  # exact, or past into buckets
@pytest.mark.parametrize("bad", [["1", "x"], [1, 2**63], [1, None], [2, -1], [1.0], [1, 1.5]])
def test_a_list_of_micros_with_a_bad_value_adds_none_of_them(bad: list[object], limit: int) -> None:
    times = ResponseTimes()
    times.add_micros([7])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports, "EXACT_LIMIT", limit)
        with pytest.raises((InvalidDurationError, TypeError), match=r"^a response time"):
            times.add_micros(bad)  # type: ignore[arg-type]
    expected = ResponseTimes()
    expected.add(timedelta(microseconds=7))
    assert times == expected and times.percentile(1.0) == timedelta(microseconds=7)


VALUES = st.one_of(
    st.integers(-(2**64), 2**64),
    st.floats(allow_nan=False),
    st.sampled_from(["1", None, True, b"1", 0.0]),
)


try:
    import numpy as np
except ImportError:  # the lowest-version run has no numpy: lists and generators only
    FORMS = ["list", "generator"]
else:
    FORMS = ["list", "generator", "array"]


@given(st.lists(VALUES, max_size=6), st.sampled_from(FORMS))
def test_response_times_are_whole_microseconds_from_0_below_2_63_or_refused(
    values: list[object], form: str
) -> None:
    """A list or an array counts whole or not at all; a generator up to its first bad time."""
    good = [
        v
        for v in values
        if isinstance(v, int) and 0 <= v < 2**63  # a bool is an int, as Python says
    ]
    fits = len(good) == len(values)
    given_: object = values
    if form == "generator":
        given_ = (v for v in values)
    elif form == "array":
        try:
            array = np.array(values)
        except (OverflowError, ValueError):
            return  # numpy makes no array of these
        given_, fits = array, fits and array.dtype.kind in "iub"
    times = ResponseTimes()
    if fits:
        times.add_micros(given_)  # type: ignore[arg-type]
        assert times.count == len(values)
        return
    with pytest.raises((InvalidDurationError, TypeError), match=r"^(a )?response time"):
        times.add_micros(given_)  # type: ignore[arg-type]
    if form == "generator":
        first_bad = next(
            i for i, v in enumerate(values) if not (isinstance(v, int) and 0 <= v < 2**63)
        )
        assert times.count == first_bad
    else:
        assert times.count == 0


@pytest.mark.parametrize(
    ("value", "error"),
    [(timedelta(microseconds=-1), InvalidDurationError), (5, TypeError), ("1 h", TypeError)],
)
def test_a_response_time_is_a_timedelta_not_below_zero(value: object, error: type) -> None:
    times = ResponseTimes()
    with pytest.raises(error, match=r"^a response time"):
        times.add(value)  # type: ignore[arg-type]
    assert times.count == 0


@pytest.mark.parametrize("state", ["bogus", "", "MET", None, [], "not_started"])
def test_a_state_a_report_does_not_count_is_refused_and_counts_nothing(state: object) -> None:
    group = stats()
    with pytest.raises(SupportPolicyError, match=r"^a report counts states met, breached, running"):
        group.count(state, False, False, None)  # type: ignore[arg-type]
    assert group == stats()
    report = ComplianceReport(datetime(2026, 11, 27, tzinfo=UTC))
    judged = Judgement("v", "standard", stats().severity, state, False, False, None)  # type: ignore[arg-type]
    if state == "not_started":
        report.add(judged)  # left out, and counted as such
        assert report.not_yet_submitted == 1 and not report.groups
        return
    with pytest.raises(SupportPolicyError, match="got"):
        report.add(judged)
    assert not report.groups  # no empty group made for it
