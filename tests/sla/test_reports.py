"""Many tickets: files in and out, compliance reports, percentiles, the command line."""

from __future__ import annotations

import io
import json
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from support_policy import (
    Event,
    EventKind,
    Ticket,
    TicketFileError,
    stakater_policy,
    ticket_status,
)
from support_policy.cli import main
from support_policy.formats.ticket_files import (
    ReadCounts,
    read_tickets,
    write_csv,
    write_jsonl,
)
from support_policy.sla import reports
from support_policy.sla.reports import ComplianceReport, ResponseTimes, evaluate

from ..ticket_strategies import tickets

POLICY = stakater_policy()
NOW = datetime(2026, 12, 31, tzinfo=UTC)


def generated(n: int, seed: int = 1) -> list[Ticket]:
    rng = random.Random(seed)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        submitted = start + timedelta(minutes=rng.randrange(200_000))
        events = []
        if rng.random() < 0.9:
            events.append(
                Event(
                    submitted + timedelta(minutes=rng.randrange(1, 3000)), EventKind.FIRST_RESPONSE
                )
            )
        out.append(
            Ticket(
                rng.choice(["standard", "premium"]),
                submitted,
                rng.choice([None, "P1", "P2", "P3", "P4"]),
                events,
                id=f"T-{i}",
            )
        )
    return out


# -- files ---------------------------------------------------------------------------------------


@given(st.lists(tickets(pauses=False), max_size=5))
def test_jsonl_round_trip(items: list[Ticket]) -> None:
    buffer = io.StringIO()
    write_jsonl(items, buffer)
    buffer.seek(0)
    assert list(read_tickets(buffer, format="jsonl")) == items


def test_csv_round_trip() -> None:
    items = [
        Ticket(
            "standard",
            datetime(2026, 11, 27, 1, tzinfo=UTC),
            "P1",
            [
                Event(datetime(2026, 11, 27, 15, tzinfo=UTC), EventKind.FIRST_RESPONSE),
                Event(datetime(2026, 11, 28, 15, tzinfo=UTC), EventKind.RESOLVED),
            ],
            id="A",
        ),
        Ticket("premium", datetime(2026, 11, 27, 1, tzinfo=UTC), None, [], id="B"),
    ]
    buffer = io.StringIO()
    write_csv(items, buffer)
    buffer.seek(0)
    assert list(read_tickets(buffer, format="csv")) == items


def test_malformed_lines_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    good = json.dumps(generated(1)[0].as_dict())
    path.write_text(f'{good}\n\nnot json\n{good}\n{{"plan": "standard"}}\n', encoding="utf-8")
    with pytest.raises(TicketFileError, match=r"t.jsonl, line 3: not JSON") as info:
        list(read_tickets(path))
    assert info.value.line == 3
    counts = ReadCounts()
    assert len(list(read_tickets(path, skip_bad=True, counts=counts))) == 2
    assert counts.bad == 2 and "line 5" in counts.first_bad[1]


def test_csv_problems(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,plan\nA,standard\n", encoding="utf-8")
    with pytest.raises(TicketFileError, match="missing column"):
        list(read_tickets(path))
    path.write_text(
        "id,plan,severity,submitted_at,first_response_at\n"
        "A,standard,P1,2026-11-27T02:00:00+01:00,\n"
        "B,standard,P1,2026-11-27T02:00:00,\n",
        encoding="utf-8",
    )
    with pytest.raises(TicketFileError, match=r"line 3: ticket B: submitted_at"):
        list(read_tickets(path))


def test_empty_files(tmp_path: Path) -> None:
    for name, text in (
        ("e.jsonl", ""),
        ("e.csv", ""),
        ("h.csv", "id,plan,severity,submitted_at,first_response_at\n"),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        report = ComplianceReport.build(POLICY, read_tickets(path), NOW)
        assert report.tickets == 0 and report.rows() == []


# -- reports -------------------------------------------------------------------------------------


def test_report_counts_and_attainment() -> None:
    items = generated(2000)
    report = ComplianceReport.build(POLICY, items, NOW)
    statuses = [ticket_status(POLICY, t, NOW) for t in items]
    assert report.tickets == 2000
    for row in report.rows():
        key = (row["version"], row["plan"], row["severity"])
        mine = [
            s for s in statuses if (s.policy_version, s.target_plan, s.target_severity.code) == key
        ]
        assert row["tickets"] == len(mine)
        assert row["met"] == sum(s.state == "met" for s in mine)
        assert row["late"] == sum(s.state == "breached" and s.answered for s in mine)
        assert row["open_breached"] == sum(s.state == "breached" and not s.answered for s in mine)
        assert row["open_on_time"] == sum(s.state in ("running", "paused") for s in mine)
        decided = row["met"] + row["late"] + row["open_breached"]
        assert row["attainment"] == pytest.approx(row["met"] / decided, abs=1e-6)
    assert all(
        isinstance(v, str | int | float | type(None)) for r in report.rows() for v in r.values()
    )
    assert "<table>" in report._repr_html_()


micros = st.integers(0, 10**13).map(lambda us: timedelta(microseconds=us))


@given(st.lists(micros, min_size=1, max_size=300), st.sampled_from([0.5, 0.9, 0.99]))
def test_percentiles_are_exact_within_the_limit(values: list[timedelta], fraction: float) -> None:
    times = ResponseTimes()
    for v in values:
        times.add(v)
    assert times.percentile(fraction) == sorted(values)[math.ceil(fraction * len(values)) - 1]


@given(st.lists(micros, min_size=11, max_size=300), st.sampled_from([0.5, 0.9, 0.99]))
def test_past_the_limit_never_below_and_within_one_percent(
    values: list[timedelta], fraction: float
) -> None:
    saved = reports.EXACT_LIMIT
    reports.EXACT_LIMIT = 10
    try:
        times = ResponseTimes()
        for v in values:
            times.add(v)
    finally:
        reports.EXACT_LIMIT = saved
    exact = sorted(values)[math.ceil(fraction * len(values)) - 1]
    found = times.percentile(fraction)
    assert found is not None and exact <= found
    assert found <= exact * 1.01 + timedelta(microseconds=2)


def test_a_hundred_thousand_row_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(generated(100_000, seed=5), handle)
    code = main(["report", str(path), "--now", "2026-12-31T00:00:00Z", "--json", "--progress"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert "... 100,000 tickets" in captured.err
    assert code == 0 and data["tickets"] == 100_000 and data["bad_lines"] == 0
    assert sum(g["tickets"] for g in data["groups"]) == 100_000


def test_report_and_status_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_jsonl(generated(50), handle)
        handle.write("oops\n")
    assert main(["report", str(path), "--now", "2026-12-31T00:00:00Z"]) == 3
    assert "t.jsonl, line 51: not JSON" in capsys.readouterr().err
    assert main(["report", str(path), "--now", "2026-12-31T00:00:00Z", "--skip-bad"]) == 0
    out = capsys.readouterr().out
    assert "50 ticket(s)" in out and "1 bad line(s) skipped" in out and "standard" in out
    ticket = {
        "id": "SUP-1",
        "plan": "standard",
        "severity": "P1",
        "submitted_at": "2026-11-27T02:00:00+01:00",
        "events": [{"at": "2026-11-27T17:01:00+01:00", "kind": "first_response"}],
    }
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(ticket)))
    assert main(["status", "--now", "2026-11-28T00:00:00+01:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "breached" and data["breached_at"] == "2026-11-27T17:00:00+01:00"
    monkeypatch.setattr("sys.stdin", io.StringIO("{"))
    assert main(["status"]) == 3
    assert "not JSON" in capsys.readouterr().err


def test_evaluate_is_lazy() -> None:
    def endless() -> object:
        while True:
            yield from generated(10)

    statuses = evaluate(POLICY, endless(), NOW)  # type: ignore[arg-type]
    assert len([next(statuses) for _ in range(25)]) == 25


def test_a_ticket_the_policy_cannot_judge_is_a_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.jsonl"
    good = generated(1)[0].as_dict()
    gold = {**good, "id": "G-1", "plan": "gold"}
    path.write_text(f"{json.dumps(good)}\n{json.dumps(gold)}\n", encoding="utf-8")
    assert main(["report", str(path), "--now", "2026-12-31T00:00:00Z"]) == 3
    assert "line 2: ticket G-1: unknown plan 'gold'" in capsys.readouterr().err
    assert main(["report", str(path), "--now", "2026-12-31T00:00:00Z", "--skip-bad"]) == 0
    out = capsys.readouterr().out
    assert ": 1 ticket(s)" in out and "1 bad line(s) skipped" in out


def test_html_for_notebooks() -> None:
    assert "<caption>Stakater support policy: first-response targets</caption>" in (
        POLICY._repr_html_()
    )
    status = ticket_status(POLICY, generated(1)[0], NOW)
    assert "<table>" in status._repr_html_() and "state" in status._repr_html_()


def test_versions_are_never_mixed_in_one_row() -> None:
    old = Ticket("premium", datetime(2025, 9, 1, 9, 0, tzinfo=UTC), "P1", id="OLD")
    new = Ticket("premium", datetime(2026, 9, 1, 9, 0, tzinfo=UTC), "P1", id="NEW")
    report = ComplianceReport.build(POLICY, [old, new], datetime(2026, 12, 1, tzinfo=UTC))
    rows = report.rows()
    assert [(r["version"], r["plan"], r["severity"], r["tickets"]) for r in rows] == [
        ("Stakater support policy", "premium", "P1", 1),
        ("Stakater support policy (three tiers)", "premium", "P1", 1),
    ]


def test_every_skipped_line_is_counted_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.jsonl"
    lines = [
        {"id": "A", "plan": "standard", "severity": "P1", "submitted_at": "2026-12-01T09:00Z"},
        {"id": "A", "plan": "premium", "severity": "P2", "submitted_at": "2026-12-01T12:30Z"},
        {"id": "G", "plan": "gold", "severity": "P1", "submitted_at": "2026-12-01T12:00Z"},
        {"id": "S", "plan": "standard", "severity": "P9", "submitted_at": "2026-12-01T12:00Z"},
    ]
    path.write_text("\n".join([*map(json.dumps, lines), "not json"]) + "\n", encoding="utf-8")
    argv = ["report", str(path), "--now", "2026-12-02T00:00:00Z"]
    assert main(argv) == 3
    assert f"{path}, line 2: ticket A: a second ticket with this id" in capsys.readouterr().err
    assert main([*argv, "--skip-bad", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tickets"] == 1 and data["bad_lines"] == 4
    assert data["bad_examples"][0] == f"{path}, line 2: ticket A: a second ticket with this id"
    assert data["skipped"] == {
        "duplicate id": 1,
        "unknown plan": 1,
        "unknown severity": 1,
        "unreadable line": 1,
    }


@pytest.mark.parametrize(
    ("ids", "second"),
    [
        (["A" * 16, "A" * 16], 2),  # kept as it is
        (["A" * 17, "A" * 16, "A" * 17], 3),  # as a digest, never equal to a short one
        (["x" * 40 + "1", "x" * 40 + "2", "\U0001f600" * 20, "\U0001f600" * 20], 4),
        (["\ud800" * 20, "\ud801" * 20, "é" * 16, "e" * 16, "é" * 17, "e" * 17], None),
    ],
)
def test_a_second_ticket_with_an_id_is_found_whatever_its_length(
    ids: list[str], second: int | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.jsonl"
    base = {"plan": "premium", "severity": "P1", "submitted_at": "2026-12-01T09:00Z"}
    lines = [json.dumps({"id": ident, **base}) for ident in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["report", str(path), "--now", "2026-12-02T00:00:00Z", "--json"])
    if second is None:
        assert code == 0
        assert json.loads(capsys.readouterr().out)["tickets"] == len(ids)
    else:
        assert code == 3
        assert f"line {second}: ticket " in capsys.readouterr().err


def test_breaches_say_how_late_on_their_clock_and_in_real_time() -> None:
    friday = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    late = Ticket(
        "standard",
        friday,
        "P1",
        [Event(datetime(2026, 11, 30, 9, 0, tzinfo=UTC), EventKind.FIRST_RESPONSE)],
        id="LATE",
    )
    report = ComplianceReport(datetime(2026, 12, 1, tzinfo=UTC), keep_breaches=True)
    report.add(ticket_status(POLICY, late, report.now))  # type: ignore[arg-type]
    (row,) = report.as_dict()["breaches"]
    # Due Friday 16:00 UTC (17:00 Stockholm); answered Monday 09:00 UTC (10:00 local):
    # one business hour late, 65 real hours late.
    assert row["late_seconds"] == 3600 and row["late_real_seconds"] == 65 * 3600
    assert "None" not in report.text()


def test_long_ids_are_told_apart_by_16_byte_digests_and_short_ones_are_kept() -> None:
    from support_policy.cli.ticket_commands import _SHORT_ID, _id_key

    assert _SHORT_ID == 16
    key = _id_key("x" * 17)
    assert isinstance(key, bytes) and len(key) == 16
    assert _id_key("x" * 17) == key != _id_key("x" * 16 + "y")
    assert _id_key("\ud800" * 17) != _id_key("\ud801" * 17)  # lone surrogates are kept too


@pytest.mark.parametrize("option", [[], ["--lenient"], ["--breaches"]])
@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_tickets_without_an_id_are_never_a_second_ticket_with_one(
    option: list[str], kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No id, a null one or an empty one: each is a ticket of its own, on every path."""
    at = "2026-12-01T09:00:00+00:00"
    if kind == "jsonl":
        lines = [
            json.dumps(
                {**({} if ident is ... else {"id": ident}), "plan": "standard", "submitted_at": at}
            )
            for ident in ("", "", None, None, ..., ...)
        ]
        text = "\n".join(lines) + "\n"
    else:
        text = "id,plan,severity,submitted_at,first_response_at\n" + f",standard,,{at},\n" * 3
    path = tmp_path / f"t.{kind}"
    path.write_text(text, encoding="utf-8")
    assert main(["report", str(path), "--now", "2026-12-02T00:00Z", "--json", *option]) == 0
    assert json.loads(capsys.readouterr().out)["tickets"] == (6 if kind == "jsonl" else 3)
