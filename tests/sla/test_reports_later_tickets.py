"""Reports: tickets submitted after the report's instant, bucket bounds, what a report refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support_policy import ComplianceReport, Ticket, stakater_policy
from support_policy.sla import _buckets, reports
from support_policy.sla.reports import ResponseTimes

POLICY = stakater_policy()
NOW = datetime(2026, 6, 1, tzinfo=UTC)
EARLY = Ticket(plan="standard", severity="P2", submitted_at=NOW - timedelta(days=1))
LATER = Ticket(plan="standard", severity="P2", submitted_at=NOW + timedelta(hours=1))


def test_the_title_and_fields_count_the_tickets_submitted_later() -> None:
    record = ComplianceReport.build(POLICY, [EARLY, LATER], NOW).record()
    assert record.title == (
        "Compliance at Mon 2026-06-01 00:00 UTC: 1 ticket(s) (1 submitted later, left out)"
    )
    fields = dict(record.fields)
    assert fields["now"] == NOW and fields["tickets"] == 1 and fields["not_yet_submitted"] == 1
    assert ComplianceReport().record().title == "Compliance: 0 ticket(s)"


def test_merged_reports_add_up_the_tickets_submitted_later() -> None:
    merged = ComplianceReport.build(POLICY, [EARLY, LATER], NOW)
    merged.merge(ComplianceReport.build(POLICY, [LATER, LATER], NOW))
    assert merged.not_yet_submitted == 3
    assert merged == ComplianceReport.build(POLICY, [EARLY, LATER, LATER, LATER], NOW)


def test_a_time_at_a_buckets_upper_bound_is_reported_as_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """log() rounds this time (about three years) a bucket low; the bucket it lands in
    has it as its upper bound, so the percentile is exact, not 1% above."""
    monkeypatch.setattr(reports, "EXACT_LIMIT", 1)
    micro = 96_375_259_542_070  # == _buckets.upper(3235)
    assert _buckets.upper(3235) == micro
    times = ResponseTimes()
    for _ in range(2):
        times.add(timedelta(microseconds=micro))
    assert times.percentile(1.0) == timedelta(microseconds=micro)


def test_a_report_refuses_what_is_not_a_status_by_its_type() -> None:
    with pytest.raises(TypeError, match=r"^a report counts statuses or judgements, got Ticket$"):
        ComplianceReport(NOW).add(EARLY)  # type: ignore[arg-type]  # refused on purpose
