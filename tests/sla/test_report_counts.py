"""What a compliance report counts, one column at a time, and its percentiles at their edges."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from support_policy import (
    ComplianceReport,
    Event,
    EventKind,
    Ticket,
    stakater_policy,
    ticket_status,
)
from support_policy.render import to_data, to_text
from support_policy.sla import reports
from support_policy.sla.quick import Judgement
from support_policy.sla.reports import ResponseTimes

POLICY = stakater_policy()
MONDAY_9 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm
NOW = MONDAY_9 + timedelta(days=2)  # Wednesday 09:00


def _ticket(ident: str, start: timedelta, answer: timedelta | None = None) -> Ticket:
    submitted = MONDAY_9 + start
    events = [] if answer is None else [Event(submitted + answer, EventKind.FIRST_RESPONSE)]
    return Ticket("standard", submitted, "P1", events, id=ident)  # 8 business hours


TICKETS = [
    _ticket("met", timedelta(0), timedelta(hours=1)),
    _ticket("late", timedelta(0), timedelta(hours=30)),  # Tuesday 15:00: 14 business hours
    _ticket("open-breached", timedelta(0)),
    _ticket("early", timedelta(days=1, hours=21)),  # Wednesday 06:00: no business time yet
    _ticket("fresh", timedelta(days=2) - timedelta(minutes=1)),  # Wednesday 08:59
    _ticket("future", timedelta(days=3)),  # submitted after NOW: left out
]


def test_each_column_counts_its_own_tickets() -> None:
    report = ComplianceReport.build(POLICY, TICKETS, NOW)
    assert report.now == NOW and report.tickets == 5
    (row,) = report.rows()
    assert (row["met"], row["late"], row["open_breached"]) == (1, 1, 1)
    assert (row["open_on_time"], row["at_risk"], row["tickets"]) == (2, 0, 5)
    assert row["attainment"] == pytest.approx(1 / 3, abs=1e-6)
    assert row["response_p50_seconds"] == 3600 and row["response_p99"] == "14h 00m"


def test_a_running_ticket_past_its_first_threshold_is_at_risk() -> None:
    at_risk = _ticket("r", timedelta(days=1, hours=3))  # Tuesday 12:00: 5 of 8 hours by now
    fresh = _ticket("n", timedelta(days=2) - timedelta(minutes=1))
    report = ComplianceReport.build(POLICY, [at_risk, fresh], NOW)
    (row,) = report.rows()
    assert (row["open_on_time"], row["at_risk"], row["open_breached"]) == (2, 1, 0)


def test_only_a_report_that_keeps_breaches_lists_them() -> None:
    assert ComplianceReport.build(POLICY, TICKETS, NOW).breaches == []
    keeping = ComplianceReport(NOW, keep_breaches=True)
    for ticket in TICKETS:
        keeping.add(ticket_status(POLICY, ticket, NOW))
    assert [s.ticket_id for s in keeping.breaches] == ["late", "open-breached"]
    rows = to_data(keeping.breach_table())
    late = rows[0]
    assert late["id"] == "late" and late["late_seconds"] == 6 * 3600
    assert late["late_real_seconds"] == 22 * 3600  # due Monday 17:00, answered Tuesday 15:00
    assert late["due_at"] == "2026-11-23T16:00:00+00:00"


def test_the_title_says_when_and_how_many() -> None:
    record = ComplianceReport.build(POLICY, TICKETS, NOW).record()
    later = "(1 submitted later, left out)"  # one of TICKETS is submitted after NOW
    assert record.title == f"Compliance at Wed 2026-11-25 08:00 UTC: 5 ticket(s) {later}"
    assert dict(record.fields)["not_yet_submitted"] == 1
    assert dict(record.fields)["now"] == NOW
    assert ComplianceReport().record().title == "Compliance: 0 ticket(s)"


@pytest.mark.parametrize("limit", [3, 4])
def test_times_stay_exact_up_to_the_limit_and_never_under_past_it(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports, "EXACT_LIMIT", limit)
    times = ResponseTimes()
    for micro in (1_000_001, 3, 2, 1):  # four times: exact under a limit of 4, not of 3
        times.add(timedelta(microseconds=micro))
    top = times.percentile(1.0)
    assert top is not None
    if limit == 4:
        assert top == timedelta(microseconds=1_000_001)
        assert times.percentile(0.25) == timedelta(microseconds=1)  # sorted, smallest first
    else:
        assert timedelta(microseconds=1_000_001) <= top <= timedelta(microseconds=1_010_011)
        quarter = times.percentile(0.25)
        assert quarter is not None and quarter >= timedelta(microseconds=1)  # 1 µs is not zero


def test_zero_times_rank_first_once_bucketed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "EXACT_LIMIT", 0)
    times = ResponseTimes()
    for micro in (0, 0, 500):
        times.add(timedelta(microseconds=micro))
    assert times.percentile(2 / 3) == timedelta(0)  # the second of three is a zero
    top = times.percentile(1.0)
    assert top is not None and top >= timedelta(microseconds=500)
    assert ResponseTimes().percentile(0.5) is None


def test_a_group_with_no_answers_still_has_every_duration_column() -> None:
    report = ComplianceReport.build(POLICY, [_ticket("open", timedelta(0))], NOW)
    (row,) = report.rows()
    for name in ("response_p50", "response_p90", "response_p99"):
        assert row[f"{name}_seconds"] is None and row[name] is None


def test_the_breach_table_reads_for_people() -> None:
    keeping = ComplianceReport(NOW, keep_breaches=True)
    keeping.add(ticket_status(POLICY, TICKETS[1], NOW))
    text = to_text(keeping)
    assert "Breaches" in text
    header = next(line for line in text.splitlines() if "late (real)" in line)
    assert header.split() == [
        "ticket",
        "version",
        "plan",
        "sev",
        "due",
        "answered",
        "late",
        "late",
        "(real)",
    ]
    assert to_data(keeping)["breaches"][0]["late_real"] == "22h 00m"
    assert to_data(ComplianceReport(NOW))["breaches"] is None


@given(
    st.lists(
        st.integers(1, 10**17) | st.sampled_from([380_465_378_114_271, 1, 101, 10**15]),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from([0.01, 0.5, 0.9, 0.99, 1.0]),
)
def test_a_bucketed_percentile_is_never_below_the_truth_nor_past_its_bucket(
    micros: list[int], fraction: float
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports, "EXACT_LIMIT", 0)
        times = ResponseTimes()
        for micro in micros:
            times.add(timedelta(microseconds=micro))
        found = times.percentile(fraction)
    truth = sorted(micros)[max(1, math.ceil(fraction * len(micros))) - 1]
    assert found is not None
    assert truth <= found // timedelta(microseconds=1) <= truth * 1.0101 + 1


@pytest.mark.parametrize("limit", [0, 2, 5])
def test_merging_times_in_every_state(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "EXACT_LIMIT", limit)
    halves = ([0, 7, 3_000_000], [0, 0, 40, 9_999])
    for first, second in (halves, halves[::-1]):
        whole, left, right = ResponseTimes(), ResponseTimes(), ResponseTimes()
        for micro in first:
            whole.add(timedelta(microseconds=micro))
            left.add(timedelta(microseconds=micro))
        for micro in second:
            whole.add(timedelta(microseconds=micro))
            right.add(timedelta(microseconds=micro))
        left.merge(right)
        assert left == whole and left.count == 7
        assert [left.percentile(f) for f in (0.1, 0.5, 0.9, 1.0)] == [
            whole.percentile(f) for f in (0.1, 0.5, 0.9, 1.0)
        ]


def test_merged_reports_add_every_column() -> None:
    halves = ComplianceReport.build(POLICY, TICKETS[:3], NOW)
    halves.merge(ComplianceReport.build(POLICY, TICKETS[3:], NOW))
    assert halves.rows() == ComplianceReport.build(POLICY, TICKETS, NOW).rows()
    risky = [_ticket("r", timedelta(days=1, hours=3))]
    once = ComplianceReport.build(POLICY, risky, NOW)
    once.merge(ComplianceReport.build(POLICY, risky, NOW))
    (row,) = once.rows()
    assert (row["open_on_time"], row["at_risk"], row["tickets"]) == (2, 2, 2)


def test_what_will_not_merge_says_why() -> None:
    with pytest.raises(
        ValueError,
        match=r"^only reports taken at the same instant, with the same keep_breaches, merge$",
    ):
        ComplianceReport(NOW).merge(ComplianceReport(NOW, keep_breaches=True))
    with pytest.raises(TypeError, match=r"^other must be a ComplianceReport, got dict$"):
        ComplianceReport(NOW).merge({})  # type: ignore[arg-type]
    quick = Judgement(
        "v", "standard", POLICY.latest.severity("P1"), "breached", True, False, timedelta(0)
    )
    with pytest.raises(TypeError, match=r"^a report that keeps breaches needs each breach's "):
        ComplianceReport(NOW, keep_breaches=True).add(quick)


def test_reports_at_the_two_readings_of_an_ambiguous_hour_are_two_instants() -> None:
    """02:30 in Stockholm happens twice on 2026-10-25: an hour apart, not one instant."""
    zone = ZoneInfo("Europe/Stockholm")
    first = datetime(2026, 10, 25, 2, 30, tzinfo=zone)
    second = first.replace(fold=1)
    assert first.astimezone(UTC) + timedelta(hours=1) == second.astimezone(UTC)
    assert ComplianceReport(first) != ComplianceReport(second)
    assert ComplianceReport(first) == ComplianceReport(first.astimezone(UTC))
    with pytest.raises(ValueError, match="only reports taken at the same instant"):
        ComplianceReport(first).merge(ComplianceReport(second))
    ComplianceReport(second).merge(ComplianceReport(second.astimezone(UTC)))  # one instant
