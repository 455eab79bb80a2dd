"""Reports are values: built twice they are equal, they pickle, partial reports merge exactly."""

from __future__ import annotations

import itertools
import pickle
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import ComplianceReport, Ticket, stakater_policy
from support_policy.sla import reports
from support_policy.sla.reports import ResponseTimes
from tests.ticket_strategies import tickets

POLICY = stakater_policy()
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _report(batch: list[Ticket], keep: bool = True) -> ComplianceReport:
    report = ComplianceReport(NOW, keep_breaches=keep)
    for status in reports.evaluate(POLICY, batch, NOW):
        report.add(status)
    return report


@settings(max_examples=40, deadline=None)
@given(batch=st.lists(tickets(pauses=False), max_size=12), cuts=st.lists(st.integers(0, 12)))
def test_partial_reports_merge_into_the_whole(batch: list[Ticket], cuts: list[int]) -> None:
    whole = _report(batch)
    bounds = sorted({0, len(batch), *(min(c, len(batch)) for c in cuts)})
    merged = ComplianceReport(NOW, keep_breaches=True)
    for low, high in itertools.pairwise(bounds):
        merged.merge(_report(batch[low:high]))
    assert merged == whole
    assert merged.record() == whole.record()
    assert _report(batch) == whole  # built twice: equal
    assert pickle.loads(pickle.dumps(whole)) == whole


@given(
    times=st.lists(st.integers(0, 10**12), max_size=30),
    cut=st.integers(0, 30),
    limit=st.integers(0, 12),
)
def test_response_times_merge_as_if_added_in_one_place(
    times: list[int], cut: int, limit: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports, "EXACT_LIMIT", limit)  # exact, bucketed and mixed halves
        one, left, right = ResponseTimes(), ResponseTimes(), ResponseTimes()
        for i, micro in enumerate(times):
            one.add(timedelta(microseconds=micro))
            (left if i < cut else right).add(timedelta(microseconds=micro))
        left.merge(right)
        assert left == one
        for fraction in (0.5, 0.9, 0.99, 1.0):
            assert left.percentile(fraction) == one.percentile(fraction)
        assert pickle.loads(pickle.dumps(one)) == one


def test_reports_of_other_instants_do_not_merge() -> None:
    with pytest.raises(ValueError, match="same instant"):
        ComplianceReport(NOW).merge(ComplianceReport(NOW + timedelta(hours=1)))
    with pytest.raises(TypeError, match="ComplianceReport"):
        ComplianceReport(NOW).merge({})  # type: ignore[arg-type]
