"""The quick path for plain tickets gives what the full life model gives, ticket for ticket."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import (
    ComplianceReport,
    InvalidTicketError,
    NaiveDatetimeError,
    ReadCounts,
    SupportPolicyError,
    Ticket,
    read_tickets,
    stakater_policy,
    ticket_status,
)
from support_policy.cli import main, ticket_commands
from support_policy.formats.ticket_files import (
    _csv_plain,
    _csv_ticket,
    _json_plain,
    _Places,
    ticket_from_data,
)
from support_policy.render import to_json
from support_policy.sla.quick import PlainTicket, QuickBatch, QuickJudge

from ..policy_strategies import CADENCE_POLICY

POLICY = stakater_policy()
COLUMNS = (
    "id",
    "plan",
    "severity",
    "submitted_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
)
EDGES = [timedelta(0), timedelta(microseconds=1), -timedelta(microseconds=1)]


# The ends of the default calendar's supported years (1953 to 2100, Stockholm's dates):
# tickets there cannot always be judged, and every path must say so at their line.
FIRST_LOCAL = datetime(1952, 12, 31, 23, tzinfo=UTC)
END_LOCAL = datetime(2100, 12, 31, 23, tzinfo=UTC)


def instants(low: datetime, high: datetime) -> st.SearchStrategy[datetime]:
    """UTC instants between ``low`` and ``high`` mostly; now and then near a range's end."""
    near = st.sampled_from([FIRST_LOCAL, END_LOCAL]).flatmap(
        lambda end: st.timedeltas(-timedelta(days=20), timedelta(days=10)).map(
            lambda shift: end + shift
        )
    )
    usual = st.datetimes(low, high, timezones=st.just(UTC))
    return st.integers(0, 5).flatmap(lambda pick: near if pick == 0 else usual)


@st.composite
def rows(draw: st.DrawFn) -> dict[str, str]:
    """A CSV row: plain most of the time, with answers near the deadline and the edges."""
    plan = draw(st.sampled_from(["standard", "premium", "Premium ", "advanced", "gold", ""]))
    severity = draw(st.sampled_from(["P1", "P2", "P3", "P4", "", "critical", "P9"]))
    submitted = draw(instants(datetime(2025, 1, 1), datetime(2027, 6, 1)))
    try:
        due = POLICY.deadline(plan, severity or None, submitted)
    except SupportPolicyError:
        due = submitted + timedelta(hours=8)
    anchors = [submitted, due, submitted + (due - submitted) * 0.6]

    def instant() -> str:
        if draw(st.booleans()):
            return ""
        base = draw(st.sampled_from(anchors))
        shift = draw(
            st.one_of(st.sampled_from(EDGES), st.timedeltas(-timedelta(days=2), timedelta(days=5)))
        )
        return (base + shift).isoformat()

    return {
        "id": str(draw(st.integers(0, 10**6))),
        "plan": plan,
        "severity": severity,
        "submitted_at": submitted.isoformat(),
        "first_response_at": instant(),
        "resolved_at": instant(),
        "closed_at": instant(),
    }


NOWS = instants(datetime(2025, 1, 1), datetime(2027, 9, 1))


@settings(max_examples=300)
@given(row=rows(), now=NOWS)
def test_a_plain_ticket_is_judged_as_the_full_model_judges_it(
    row: dict[str, str], now: datetime
) -> None:
    try:
        full = _csv_ticket(dict(row), None)
    except SupportPolicyError:
        full = None
    try:
        read = _csv_plain(list(row.values()), _Places.of(list(row)), None)
    except SupportPolicyError:
        assert full is None  # the same refusal
        return
    if not isinstance(read, PlainTicket):
        return  # the full reading's own: its errors and warnings are its own
    assert full is not None and not full.warnings
    assert read.ticket() == full  # the same ticket, events and all
    judged = QuickJudge(POLICY, now).judge(
        read.plan, read.severity, read.submitted_at.astimezone(UTC), read.answer()
    )
    try:
        status = ticket_status(POLICY, full, now)
    except SupportPolicyError:
        assert judged is None  # an unknown plan or severity: the full model says so
        return
    if judged is None:
        assert status.state == "not_started"
        return
    assert judged == (
        status.policy_version,
        status.target_plan,
        status.target_severity,
        status.state,
        status.answered,
        status.at_risk,
        status.response_time,
    )


Judged = tuple[str, str | None, datetime, datetime | None]


def _plain_read(row: dict[str, str]) -> tuple[PlainTicket, Judged] | None:
    """A CSV row read as a plain ticket, and what a judge takes of it; else None."""
    read: object = None
    with contextlib.suppress(SupportPolicyError):  # the reader's refusal
        read = _csv_plain(list(row.values()), _Places.of(list(row)), None)
    if not isinstance(read, PlainTicket):
        return None
    return read, (read.plan, read.severity, read.submitted_at.astimezone(UTC), read.answer())


@settings(max_examples=150)
@given(batch=st.lists(rows(), min_size=1, max_size=8), now=NOWS, keep=st.booleans())
def test_a_counter_counts_what_adding_each_judgement_counts(
    batch: list[dict[str, str]], now: datetime, keep: bool
) -> None:
    """Counting plain tickets straight into a report gives the report of their statuses."""
    counted = ComplianceReport(now, keep_breaches=keep)
    added = ComplianceReport(now, keep_breaches=keep)
    judge = QuickJudge(POLICY, now)
    count = judge.counter(counted)
    for row in batch:
        if (found := _plain_read(row)) is None:
            continue
        read, args = found
        judged = judge.judge(*args)
        done = count(*args)
        assert done == (judged is not None and not (keep and judged.state == "breached"))
        for report, quick in ((counted, done), (added, judged is not None and not keep)):
            if not quick:
                with contextlib.suppress(SupportPolicyError):  # the full model's refusal
                    report.add(ticket_status(POLICY, read.ticket(), now))
            elif report is added:
                assert judged is not None
                report.add(judged)
    assert counted == added
    assert to_json(counted) == to_json(added)


@settings(max_examples=150)
@given(batch=st.lists(rows(), min_size=1, max_size=8), now=NOWS, size=st.integers(1, 4))
def test_a_quick_batch_counts_what_the_counter_counts(
    batch: list[dict[str, str]], now: datetime, size: int
) -> None:
    """Gathered and counted later (``size`` at a time), as counted one by one when read.

    A batch takes a ticket only when the judge can count it: where the judge gives a
    demand for a batch, it judges the ticket too, and where it gives none, it judges none.
    """
    batched, counted = ComplianceReport(now), ComplianceReport(now)
    judge = QuickJudge(POLICY, now)
    gather, count = QuickBatch(batched), judge.counter(counted)
    with mock.patch.object(QuickBatch, "BATCH", size):
        for row in batch:
            if (found := _plain_read(row)) is None:
                continue
            _, args = found
            demand = judge.columnar_demand(*args)
            assert (demand is None) == (judge.judge(*args) is None)
            if demand is not None:
                gather.add(demand, args[2], args[3])
                assert count(*args)
        gather.flush()
    assert batched == counted
    assert to_json(batched) == to_json(counted)


@pytest.mark.parametrize("early", [timedelta(0), timedelta(microseconds=1)])
def test_a_running_ticket_at_exactly_its_first_threshold_is_at_risk(early: timedelta) -> None:
    """Half of a Standard P1's eight business hours used (the first threshold): at risk."""
    submitted = datetime(2026, 11, 23, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
    now = submitted + timedelta(hours=4) - early
    full = ticket_status(POLICY, Ticket("standard", submitted, "P1"), now)
    judged = QuickJudge(POLICY, now).judge("standard", "P1", submitted, None)
    assert judged is not None
    assert judged.at_risk == full.at_risk == (not early)
    report = ComplianceReport(now)
    batch = QuickBatch(report)
    demand = QuickJudge(POLICY, now).columnar_demand("standard", "P1", submitted, None)
    assert demand is not None
    batch.add(demand, submitted, None)
    batch.flush()
    (group,) = report.groups.values()
    assert group.at_risk == (not early)


def test_a_counter_counts_into_a_report_made_without_an_instant() -> None:
    """The judge knows the instant; a counter needs none of its report."""
    submitted = datetime(2026, 11, 23, 8, tzinfo=UTC)
    report = ComplianceReport()
    count = QuickJudge(POLICY, submitted + timedelta(hours=1)).counter(report)
    assert count("standard", "P1", submitted, None)
    (group,) = report.groups.values()
    assert (group.tickets, group.open_on_time) == (1, 1)


def test_a_quick_batch_needs_the_aware_instant_its_report_judges_at() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"^now must be timezone-aware"):
        QuickBatch(ComplianceReport(datetime(2026, 11, 23, 9)))
    with pytest.raises(TypeError, match=r"^now must be a datetime, got NoneType$"):
        QuickBatch(ComplianceReport())


def _write_csv(path: Path, batch: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(batch)


KINDS = {"first_response_at": "first_response", "resolved_at": "resolved", "closed_at": "closed"}


def _as_json(row: dict[str, str], order: bool = True) -> dict[str, Any]:
    events = [{"at": row[c], "kind": k} for c, k in KINDS.items() if row[c]]
    if order:
        events.sort(key=lambda e: datetime.fromisoformat(e["at"]))
    data: dict[str, Any] = {
        "id": row["id"],
        "plan": row["plan"],
        "severity": row["severity"] or None,
        "submitted_at": row["submitted_at"],
        "events": events,
    }
    return {k: v for k, v in data.items() if v is not None}


def _write_jsonl(path: Path, batch: list[dict[str, str]]) -> None:
    lines = [json.dumps(_as_json(row)) for row in batch]
    path.write_text("\n".join(lines) + "\n", "utf-8")


SPOILS: list[dict[str, Any]] = [
    {},
    {"kind": ["first_response"]},  # no text: not even a key of a dict
    {"kind": {"a": 1}},
    {"kind": 3},
    {"kind": "escalated"},
    {"at": 5},
    {"at": None},
    {"note": "x"},
]


@settings(max_examples=300)
@given(
    row=rows(),
    order=st.booleans(),
    extra=st.sampled_from([{}, {"note": 1}, {"id": 7}]),
    spoil=st.sampled_from(SPOILS),
)
def test_a_json_ticket_is_plain_only_when_the_full_reading_agrees(
    row: dict[str, str], order: bool, extra: dict[str, Any], spoil: dict[str, Any]
) -> None:
    data = {**_as_json(row, order), **extra}
    if spoil and data["events"]:
        data["events"][-1] = {**data["events"][-1], **spoil}
    try:
        full = ticket_from_data(dict(data))
    except SupportPolicyError:
        full = None
    try:
        read = _json_plain(dict(data), None)
    except SupportPolicyError:
        assert full is None
        return
    if isinstance(read, PlainTicket):
        assert full is not None and not full.warnings
        assert read.ticket() == full
    else:
        assert read == full


def _report(path: Path, now: datetime, *extra: str) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["report", str(path), "--now", now.isoformat(), "--json", "--skip-bad", *extra])
    assert code == 0
    data: dict[str, Any] = json.loads(out.getvalue())
    data.pop("data_versions")
    return data


def _full_report(path: Path, now: datetime, breaches: bool) -> dict[str, Any]:
    """The report the full model gives: every ticket read whole, judged by its life."""
    report = ComplianceReport(now, keep_breaches=breaches)
    bad = 0
    for ticket in read_tickets(path, skip_bad=True, counts=(counts := ReadCounts())):
        try:
            report.add(ticket_status(POLICY, ticket, now))
        except SupportPolicyError:
            bad += 1
    data: dict[str, Any] = json.loads(to_json(report))
    data["bad_lines"] = counts.bad + bad
    return data


@settings(max_examples=25, deadline=None)
@given(
    batch=st.lists(rows(), min_size=1, max_size=12),
    now=NOWS,
    breaches=st.booleans(),
    kind=st.sampled_from(["csv", "jsonl"]),
    way=st.sampled_from(["arrow", "quick", "one by one"]),
)
def test_a_report_counts_what_the_full_model_counts(
    batch: list[dict[str, str]],
    now: datetime,
    breaches: bool,
    kind: str,
    way: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On the columnar path (numpy installed) and the quick ones, the full model's counts."""
    if way == "arrow":
        pytest.importorskip("numpy")
    path = tmp_path_factory.mktemp("quick") / f"t.{kind}"
    for i, row in enumerate(batch):
        row["id"] = f"T{i}"  # distinct ids: duplicates are their own test
    (_write_csv if kind == "csv" else _write_jsonl)(path, batch)
    with mock.patch.multiple(ticket_commands, **_taking(way)):
        quick = _report(path, now, *(("--breaches",) if breaches else ()))
    if way == "arrow" and not breaches:  # a file of plain tickets only is read in blocks
        assert quick["path"] in ("columnar", "arrow")
    else:
        assert quick["path"] == "quick"
    full = _full_report(path, now, breaches)
    assert quick["groups"] == full["groups"]
    assert (quick["tickets"], quick["bad_lines"]) == (full["tickets"], full["bad_lines"])
    assert quick["not_yet_submitted"] == full["not_yet_submitted"]
    assert quick.get("breaches") == full.get("breaches")


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A CSV file of odd shape: columns in any order, optional ones missing, an unknown one,
    headers in other cases, rows short or long, blank lines, a field in quotes over lines."""
    optional = draw(st.lists(st.sampled_from(["resolved_at", "closed_at", "note"]), unique=True))
    header = draw(st.permutations([*COLUMNS[:5], *optional]))
    shown = [draw(st.sampled_from([c, c.upper(), f" {c.title()} "])) for c in header]
    lines = [",".join(shown)]
    for number in range(draw(st.integers(0, 6))):
        row = draw(rows())
        row["id"] = draw(st.sampled_from([f"T{number}", "", "T0"]))
        values = [row.get(c, "x") for c in header]
        cut = draw(st.sampled_from([len(values), len(values) + 1, len(values) + 2, 3, 0]))
        values = [*values, "", "extra"][:cut]
        line = ",".join(values)
        line = draw(st.sampled_from([line, line + ",", line + "\n", f'{line},"a\nb"']))
        lines.append(line)
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


def _csv_file(factory: pytest.TempPathFactory, text: str) -> Path:
    path = factory.mktemp("shapes") / "t.csv"
    path.write_text(text, "utf-8")
    return path


@settings(max_examples=200, deadline=None)
@given(text=csv_texts())
def test_the_plain_reader_reads_any_csv_as_the_strict_reader_does(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Same tickets, same bad lines with the same messages and line numbers."""
    from support_policy.formats.ticket_files import read_plain_tickets

    path = _csv_file(tmp_path_factory, text)
    outcomes: list[tuple[object, ...]] = []
    for reader in (read_tickets, read_plain_tickets):
        counts = ReadCounts()
        read: list[object]
        try:
            read = [
                t.ticket() if isinstance(t, PlainTicket) else t
                for t in reader(path, skip_bad=True, counts=counts)
            ]
        except SupportPolicyError as exc:
            read = [str(exc)]
        outcomes.append((read, counts.bad, counts.first_bad, counts.reasons, counts.line))
    assert outcomes[0] == outcomes[1]


def _dict_reader(text: str) -> tuple[list[Ticket], list[str]]:
    """The CSV rows read as ``csv.DictReader`` reads them: a slow reference for the reader."""
    from support_policy.formats.ticket_files import _column

    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames = [_column(h) for h in reader.fieldnames or []]
    read: list[Ticket] = []
    bad: list[str] = []
    for row in reader:
        try:
            if any((v or "").strip() for v in row.pop(None, [])):
                raise InvalidTicketError("more fields than the header has")
            read.append(_csv_ticket(row, None))
        except InvalidTicketError as exc:
            bad.append(f"t.csv, line {reader.line_num}: {exc}")
    return read, bad


@settings(max_examples=200, deadline=None)
@given(text=csv_texts())
def test_the_csv_reader_reads_rows_as_a_dict_reader_would(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each row's ticket or error, and its line, as ``csv.DictReader`` rows give them."""
    path = _csv_file(tmp_path_factory, text)
    counts = ReadCounts()
    read = list(read_tickets(path, skip_bad=True, counts=counts))
    expected, bad = _dict_reader(text)
    assert read == expected
    assert [m.replace(str(path), "t.csv") for m in counts.first_bad] == bad[:5]
    assert counts.bad == len(bad)


PATHS = ["arrow", "columnar", "quick", "one by one"]
LABELS = {"arrow": "columnar", "one by one": "quick"}  # a file with edge tickets is no block
"""The ways a report can go, and what it calls them where that differs."""


def _taking(path: str) -> dict[str, Any]:
    """The replacements (for ``mock.patch.multiple``) that make a report take ``path``.

    Quick is the way without numpy (a :class:`QuickBatch`); one by one is the way with
    ``--breaches``, each ticket counted as it is read.
    """
    never = lambda *_: None  # noqa: E731 - a stand-in that declines
    ways: dict[str, dict[str, Any]] = {
        "arrow": {"_batch": ticket_commands._batch},
        "columnar": {"_whole_file": never},
        "quick": {"_whole_file": never, "_batch": QuickBatch},
        "one by one": {"_whole_file": never, "_batch": never},
    }
    return ways[path]


EDGE_TICKETS = """id,plan,severity,submitted_at,first_response_at
A,standard,P3,2200-12-30T10:00:00+00:00,
B,standard,P3,2026-01-05T10:00:00+00:00,2026-01-05T11:00:00+00:00
C,standard,P3,2100-12-31T14:00:00+00:00,
D,standard,P3,1950-12-31T14:00:00+00:00,1950-12-31T15:00:00+00:00
"""


@pytest.mark.parametrize("path", PATHS)
def test_tickets_the_calendar_cannot_judge_are_skipped_at_their_line_on_every_path(
    path: str, tmp_path: Path
) -> None:
    """Past its supported years (1953-2100) or falling due after them: the full model's skip."""
    if path != "quick":
        pytest.importorskip("numpy")
    file = tmp_path / "edge.csv"
    file.write_text(EDGE_TICKETS, "utf-8")
    now = datetime(2200, 12, 31, tzinfo=UTC)
    with mock.patch.multiple(ticket_commands, **_taking(path)):
        read = _report(file, now)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["report", str(file), "--now", now.isoformat()])
    lenient = _report(file, now, "--lenient")
    assert read["path"] == LABELS.get(path, path)
    assert read["tickets"] == lenient["tickets"] == 1
    assert read["groups"] == lenient["groups"]
    assert read["skipped"] == lenient["skipped"] == {"out of range (ticket)": 3}
    assert [m.rsplit(": ", 1)[0] for m in read["bad_examples"]] == [
        f"{file}, line 2: ticket A",
        f"{file}, line 4: ticket C",
        f"{file}, line 5: ticket D",
    ]
    assert read["bad_examples"] == lenient["bad_examples"]
    assert code == 3  # without --skip-bad: stopped at the first, named
    assert err.getvalue().startswith(f"support-policy: error: {file}, line 2: ticket A: ")


def _on_path_and_lenient(
    path: str, file: Path, now: datetime, policy: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report of ``file`` under ``policy`` taking ``path``, and the full model's."""
    with mock.patch.multiple(ticket_commands, **_taking(path)):
        read = _report(file, now, "--policy", str(policy))
    return read, _report(file, now, "--policy", str(policy), "--lenient")


CADENCE_TICKETS = """id,plan,severity,submitted_at,first_response_at
A,gold,P1,2030-06-03T10:00:00+05:30,2030-06-03T10:30:00+05:30
B,gold,P1,2035-12-31T10:00:00+05:30,2035-12-31T10:30:00+05:30
C,gold,P1,2035-12-31T10:00:00+05:30,
"""


@pytest.mark.parametrize("path", PATHS)
def test_a_ticket_whose_next_update_falls_past_the_calendars_years_is_skipped_on_every_path(
    path: str, tmp_path: Path
) -> None:
    """The full model gives an answered ticket its next update due, and refuses it when
    that falls after the calendar's years (India's holidays end with 2035 here)."""
    if path != "quick":
        pytest.importorskip("numpy")
    policy, file = tmp_path / "cadence.toml", tmp_path / "t.csv"
    policy.write_text(CADENCE_POLICY, "utf-8")
    file.write_text(CADENCE_TICKETS, "utf-8")
    now = datetime.fromisoformat("2035-12-31T12:00:00+05:30")
    read, lenient = _on_path_and_lenient(path, file, now, policy)
    assert read["path"] == LABELS.get(path, path)
    assert read["tickets"] == lenient["tickets"] == 2
    assert read["groups"] == lenient["groups"]
    assert read["skipped"] == lenient["skipped"] == {"out of range (ticket)": 1}
    assert read["bad_examples"] == lenient["bad_examples"]
    assert read["bad_examples"][0].startswith(f"{file}, line 3: ticket B: ")


SEVERAL_CADENCES = CADENCE_POLICY.replace(
    'all = { amount = 8, unit = "business_hours" }',
    'P1 = { amount = 8, unit = "business_hours" }\n'
    + "\n".join(f'P{n} = {{ amount = 1, unit = "business_hours" }}' for n in (2, 3, 4)),
)


@pytest.mark.parametrize("path", PATHS)
def test_the_update_cadence_that_decides_is_the_tickets_severitys(
    path: str, tmp_path: Path
) -> None:
    """P1 updates every 8 business hours, the default P3 every hour: near the end of
    the calendar's years only P1's next update falls after them."""
    if path != "quick":
        pytest.importorskip("numpy")
    policy, file = tmp_path / "cadence.toml", tmp_path / "t.csv"
    policy.write_text(SEVERAL_CADENCES, "utf-8")
    file.write_text(CADENCE_TICKETS.replace("C,gold,P1", "C,gold,P3") + _P3_ANSWERED, "utf-8")
    now = datetime.fromisoformat("2035-12-31T12:00:00+05:30")
    read, lenient = _on_path_and_lenient(path, file, now, policy)
    assert read["tickets"] == lenient["tickets"] == 3
    assert read["groups"] == lenient["groups"]
    assert read["skipped"] == lenient["skipped"] == {"out of range (ticket)": 1}
    assert read["bad_examples"][0].startswith(f"{file}, line 3: ticket B: ")


_P3_ANSWERED = "D,gold,,2035-12-31T10:00:00+05:30,2035-12-31T10:30:00+05:30\n"


def test_a_lenient_report_says_it_judged_every_ticket_by_the_full_model(tmp_path: Path) -> None:
    file = tmp_path / "t.csv"
    file.write_text(CADENCE_TICKETS.replace("gold", "standard"), "utf-8")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert _report(file, now, "--lenient")["path"] == "full"
    assert _report(file, now, "--breaches")["path"] == "quick"


@pytest.mark.parametrize("path", PATHS)
def test_an_answer_before_the_cadence_calendars_years_is_skipped_on_every_path(
    path: str, tmp_path: Path
) -> None:
    """The target runs round the clock, the cadence on India's business calendar (2001 on):
    a ticket answered in 2000 has no next update the full model can count."""
    if path != "quick":
        pytest.importorskip("numpy")
    policy, file = tmp_path / "cadence.toml", tmp_path / "t.csv"
    hourly = 'all = { amount = 2, unit = "hours" }'
    policy.write_text(CADENCE_POLICY.replace(_BUSINESS_HOUR, hourly, 1), "utf-8")
    file.write_text(
        "id,plan,severity,submitted_at,first_response_at\n"
        "A,gold,,2000-12-31T18:29:59.999999Z,2000-12-31T18:29:59.999999Z\n"
        "B,gold,,2000-12-31T18:30:00Z,2000-12-31T18:30:00Z\n"
        "C,gold,,2030-06-03T05:00:00Z,2030-06-03T05:30:00Z\n",
        "utf-8",
    )
    now = datetime(2035, 12, 31, 3, 30, tzinfo=UTC)
    read, lenient = _on_path_and_lenient(path, file, now, policy)
    assert read["tickets"] == lenient["tickets"] == 2
    assert read["groups"] == lenient["groups"]
    assert read["skipped"] == lenient["skipped"] == {"out of range (ticket)": 1}
    assert read["bad_examples"] == lenient["bad_examples"]


_BUSINESS_HOUR = 'all = { amount = 1, unit = "business_hours" }'


@pytest.mark.parametrize("shift", EDGES)
def test_a_ticket_at_the_newest_versions_start_is_held_to_the_version_in_force(
    shift: timedelta,
) -> None:
    start = POLICY.latest.starts_at
    assert start is not None
    submitted = start.astimezone(UTC) + shift  # real time, not the local clock
    judge = QuickJudge(POLICY, submitted + timedelta(days=30))
    found = judge.judge("standard", "P1", submitted, None)
    assert found is not None
    assert found.policy_version == POLICY.as_of(submitted).name
    newest = shift >= timedelta(0)
    assert (found.policy_version == POLICY.latest.name) is newest
