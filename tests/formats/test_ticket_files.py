"""Ticket files as service desks export them: BOMs, CRLF, loose headers, TSV, epochs, zones."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings, strategies as st

from support_policy import (
    Event,
    EventKind,
    InvalidTicketError,
    ReadCounts,
    Ticket,
    TicketFileError,
    read_tickets,
    write_csv,
)
from support_policy.cli import main
from support_policy.formats.ticket_files import read_instant, read_plain_tickets
from support_policy.sla.quick import PlainTicket

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_an_export_with_bom_crlf_and_loose_headers_reads_as_is(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        "\ufeffID, Plan ,SEVERITY,Submitted At,First Response At,Resolved_At\r\n"
        "A-1,standard,P1,2026-11-27T02:00:00+01:00,,2026-11-27T10:00:00z\r\n".encode()
    )
    (ticket,) = read_tickets(path)
    assert ticket.id == "A-1" and ticket.severity == "P1"
    assert [e.kind for e in ticket.events] == [EventKind.RESOLVED]
    assert ticket.events[0].at == datetime(2026, 11, 27, 10, tzinfo=UTC)


def test_columns_of_times_are_sorted_into_events(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text(
        "id\tplan\tseverity\tsubmitted_at\tfirst_response_at\tresolved_at\n"
        "B\tpremium\tP2\t1764205200\t1764212400\t1764208800\n",
        encoding="utf-8",
    )
    (ticket,) = read_tickets(path)
    assert ticket.submitted_at == datetime(2025, 11, 27, 1, 0, tzinfo=UTC)
    assert [e.kind for e in ticket.events] == [EventKind.RESOLVED, EventKind.FIRST_RESPONSE]


def test_local_times_read_in_a_zone_and_gaps_are_refused() -> None:
    assert read_instant("2026-07-01 09:00", STOCKHOLM, "t") == datetime(
        2026, 7, 1, 9, tzinfo=STOCKHOLM
    )
    with pytest.raises(InvalidTicketError, match="no UTC offset"):
        read_instant("2026-07-01 09:00", None, "t")
    with pytest.raises(InvalidTicketError, match="does not exist"):
        read_instant("2026-03-29T02:30", STOCKHOLM, "t")
    autumn = read_instant("2026-10-25T02:30", STOCKHOLM, "t")
    assert autumn.utcoffset() is not None and autumn.astimezone(UTC).hour == 0  # the first


def test_epoch_seconds_are_exact() -> None:
    assert read_instant("1764205200.000001", None, "t") == datetime(
        2025, 11, 27, 1, 0, 0, 1, tzinfo=UTC
    )
    assert read_instant(1764205200, None, "t") == datetime(2025, 11, 27, 1, tzinfo=UTC)
    assert read_instant(-1.5, None, "t") == datetime(1969, 12, 31, 23, 59, 58, 500000, tzinfo=UTC)
    # Eight digits are a date, not seconds: 2026-11-27, read in the zone given.
    assert read_instant("20261127", UTC, "t") == datetime(2026, 11, 27, tzinfo=UTC)


@given(st.text(max_size=40) | st.integers() | st.floats() | st.none() | st.booleans())
def test_any_time_is_an_instant_or_the_librarys_error(value: object) -> None:
    try:
        moment = read_instant(value, STOCKHOLM, "t")
    except InvalidTicketError:
        return
    assert moment.utcoffset() is not None


def test_standard_input_and_a_zone_on_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    line = {"id": "C", "plan": "premium", "severity": "P1", "submitted_at": "2026-12-01 10:00"}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(line) + "\n"))
    argv = ["due", "-", "--within", "2h", "--now", "2026-12-01T10:30:00+01:00"]
    assert main([*argv, "--tz", "Europe/Stockholm", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in data["tickets"]] == ["C"]
    assert data["tickets"][0]["due_at"] == "2026-12-01T11:00:00+01:00"


def test_a_csv_writer_refuses_what_a_row_cannot_hold() -> None:
    at = datetime(2026, 11, 27, 2, tzinfo=UTC)
    ticket = Ticket("standard", at, "P3", [Event(at, EventKind.SEVERITY_CHANGED, "P1")], id="X")
    with pytest.raises(InvalidTicketError, match="cannot hold its severity_changed"):
        write_csv([ticket], io.StringIO())


def _report(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["report", str(path), "--now", "2026-12-31T00:00:00Z", *extra])
    out, err = capsys.readouterr()
    return code, out, err


GOOD = '{"id": "A", "plan": "standard", "severity": "P1", "submitted_at": "2026-12-01T09:00Z"}\n'


def test_hostile_lines_are_counted_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "h.jsonl"
    path.write_bytes(
        GOOD.encode()
        + b'\xff\xfe{"id": "B"}\n'
        + b"[" * 100_000
        + b"\n"
        + GOOD.replace('"A"', '"C"').encode()
    )
    code, _, err = _report(capsys, path)
    assert code == 3 and "line 2: not UTF-8 text" in err and "Traceback" not in err
    code, out, _ = _report(capsys, path, "--skip-bad", "--json")
    data = json.loads(out)
    assert code == 0 and data["tickets"] == 2 and data["skipped"] == {"unreadable line": 2}


def test_a_broken_csv_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = "id,plan,severity,submitted_at,first_response_at\n"
    path = tmp_path / "big.csv"
    good = "B,standard,P1,2026-12-01T09:00Z,\n"
    path.write_bytes(
        (head + "A,standard,P1," + "x" * 200_000 + ",\n" + good).encode()
        + b"C,standard,P1,2026-12-01T09:00Z,caf\xe9\n"
        + b"D,"
        + b"y" * (2 << 20)
        + b"\n"
        + good.replace("B", "E").encode()
    )
    code, _, err = _report(capsys, path)
    assert code == 3 and "field larger than field limit" in err and "Traceback" not in err
    code, out, err = _report(capsys, path, "--skip-bad", "--json")
    data = json.loads(out)
    assert code == 0 and data["tickets"] == 2 and data["bad_lines"] == 3, data
    examples = " ".join(data["bad_examples"])
    assert "line 2: cannot read this row: field larger than field limit" in examples
    assert "line 4: not UTF-8 text" in examples and "line 5: a line longer than" in examples
    path.write_text(head.replace("first_response_at", "First Response At,first_response_at"))
    code, _, err = _report(capsys, path)
    assert code == 3 and "given twice" in err
    path.write_text(head.replace(",", ";"), encoding="utf-8")
    code, _, err = _report(capsys, path)
    assert code == 3 and "separated by ';'" in err
    path.write_text(head + "A,standard,P1,2026-12-01T09:00Z,,\n", encoding="utf-8")  # Excel's ","
    code, out, _ = _report(capsys, path)
    assert code == 0 and "1 ticket(s)" in out


def test_due_skips_what_it_cannot_judge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(GOOD + GOOD.replace('"A"', '"G"').replace("standard", "gold"), "utf-8")
    argv = ["due", str(path), "--within", "30h", "--now", "2026-12-01T09:00Z"]
    assert main(argv) == 3
    assert "line 2: ticket G: unknown plan 'gold'" in capsys.readouterr().err
    assert main([*argv, "--skip-bad", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in data["tickets"]] == ["A"] and data["bad_lines"] == 1


def test_status_reads_a_bom_and_explains_with_warnings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = json.loads(GOOD) | {"events": [{"at": "2026-12-01T10:00Z", "kind": "resumed"}]}
    monkeypatch.setattr("sys.stdin", io.StringIO("\ufeff" + json.dumps(ticket)))
    assert main(["status", "--now", "2026-12-01T12:00Z", "--explain", "--lenient"]) == 0
    assert "resume without a pause; ignored" in capsys.readouterr().out


def test_a_first_line_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"id": "caf\u00e9"}\n'.encode("latin-1") + GOOD.encode())
    counts = ReadCounts()
    assert [t.id for t in read_tickets(path, skip_bad=True, counts=counts)] == ["A"]
    assert "line 1: not UTF-8 text: byte 12" in counts.first_bad[0]


_JSON_TEXT = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
).map(json.dumps)
_AROUND = st.text(st.sampled_from(" \t\n\r\x0b\x0c\u2028\u00a0x}"), max_size=3)


@settings(max_examples=300)
@given(
    text=st.one_of(
        st.tuples(_AROUND, _JSON_TEXT, _AROUND).map("".join),
        st.text(max_size=20),
        st.sampled_from(['{"a": 1}{"b": 2}', "[1,]", "nan", "NaN", "1" * 5000, "[" * 5000]),
    )
)
def test_a_json_line_is_read_as_json_loads_reads_it(text: str) -> None:
    """The reader's quick decoding: the same value, or the same error, as ``json.loads``."""
    from support_policy.formats.ticket_files import _json_value

    outcomes = []
    for decode in (json.loads, _json_value):
        try:
            outcomes.append(("value", decode(text)))
        except RecursionError:
            outcomes.append(("error", "RecursionError"))
        except ValueError as exc:
            outcomes.append(("error", f"{type(exc).__name__}: {exc}"))
    if outcomes[0][0] == "value" and outcomes[0][1] != outcomes[0][1]:  # NaN inside
        assert repr(outcomes[0]) == repr(outcomes[1])
    else:
        assert outcomes[0] == outcomes[1]


@example(hours=5, minutes=30, seconds=60, sign="+", colon=True)  # seconds just past
@example(hours=5, minutes=60, seconds=None, sign="-", colon=False)  # minutes just past
@given(
    hours=st.integers(0, 23),
    minutes=st.integers(0, 99),
    seconds=st.none() | st.integers(0, 99),
    sign=st.sampled_from("+-"),
    colon=st.booleans(),
)
def test_an_offset_is_read_only_when_its_minutes_and_seconds_are_below_60(
    hours: int, minutes: int, seconds: int | None, sign: str, colon: bool
) -> None:
    """Python reads ``+05:99`` as +06:39; ISO 8601 has no such offset, so a file may not."""
    sep = ":" if colon else ""
    offset = f"{sign}{hours:02d}{sep}{minutes:02d}"
    if seconds is not None:
        offset += f"{sep}{seconds:02d}"
    text = f"2026-03-04T05:06:07{offset}"
    try:
        python = datetime.fromisoformat(text)
    except ValueError:
        python = None
    if minutes < 60 and (seconds or 0) < 60:
        assert python is not None and read_instant(text, None, "at") == python
    else:
        with pytest.raises(InvalidTicketError, match=r"^at: .* is not an ISO 8601 date-time"):
            read_instant(text, None, "at")


@pytest.mark.parametrize("plain", [False, True])
@pytest.mark.parametrize("where", ["file", "stream"])
@pytest.mark.parametrize(
    "first",
    [GOOD, '{"plan": "standard", "id": "A", "submitted_at": "2026-12-01T09:00Z"}\n'],
)
def test_a_json_lines_file_may_start_with_a_bom_and_no_other_line_may(
    first: str, where: str, plain: bool, tmp_path: Path
) -> None:
    """A byte-order mark before the first line is no part of it, in the common layout or
    not; one before a later line is that line's first character, and JSON refuses it."""
    text = "\ufeff" + first + "\ufeff" + GOOD.replace('"A"', '"B"')
    path = tmp_path / "bom.jsonl"
    path.write_text(text, encoding="utf-8")
    source: Path | io.StringIO = path if where == "file" else io.StringIO(text)
    reader = read_plain_tickets if plain else read_tickets
    counts = ReadCounts()
    read = list(reader(source, format="jsonl", skip_bad=True, counts=counts))
    assert [t.id for t in read] == ["A"]
    assert counts.bad == 1 and "line 2: not JSON" in counts.first_bad[0]


LOCAL_CSV = (
    "id,plan,severity,submitted_at,first_response_at,resolved_at,closed_at\n"
    "A,standard,P1,2026-03-02 10:00,2026-03-02 11:00,,\n"
    "B,premium,P2,2026-10-25T02:30:00,,,\n"  # Stockholm's clocks go back: the first 02:30
    "C,standard,P1,2026-03-02 10:00,2026-03-02 12:00,,2026-03-02 11:00\n"  # lenient only
)


@pytest.mark.parametrize(("plain", "lenient"), [(False, False), (False, True), (True, False)])
def test_csv_local_times_are_read_in_the_zone_given(
    plain: bool, lenient: bool, tmp_path: Path
) -> None:
    """Strict, lenient, and plain (strict) readings alike."""
    path = tmp_path / "local.csv"
    path.write_text(LOCAL_CSV)
    counts = ReadCounts()
    read: list[Ticket | PlainTicket]
    if plain:
        read = list(read_plain_tickets(path, zone=STOCKHOLM, skip_bad=True, counts=counts))
    else:
        read = list(
            read_tickets(path, zone=STOCKHOLM, skip_bad=True, counts=counts, lenient=lenient)
        )
    assert [t.id for t in read] == (["A", "B", "C"] if lenient else ["A", "B"])
    assert counts.bad == (0 if lenient else 1)
    first, second = read[0], read[1]
    assert first.submitted_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert first.submitted_at.utcoffset() == timedelta(hours=1)  # kept in the zone
    assert second.submitted_at.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    if lenient:
        repaired = read[2]
        assert (
            isinstance(repaired, Ticket)
            and "comes after the ticket was closed" in (repaired.warnings[0])
        )


@pytest.mark.parametrize("extra", [[], ["--lenient"]])
def test_a_csv_report_reads_local_times_with_tz(
    extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "local.csv"
    path.write_text(LOCAL_CSV.rsplit("C,", 1)[0])
    argv = ["report", str(path), "--now", "2026-11-01T00:00Z", "--json", *extra]
    assert main([*argv, "--tz", "Europe/Stockholm"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tickets"] == 2 and data["bad_lines"] == 0
    assert main(argv) != 0  # no zone: a time without an offset is a bad line
    assert "has no UTC offset" in capsys.readouterr().err


@pytest.mark.parametrize("plain", [False, True])
def test_json_no_reader_can_take_is_a_bad_line_that_says_why(plain: bool, tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    nested = "[" * 100_000 + "]" * 100_000
    digits = '{"plan": "premium", "submitted_at": ' + "9" * 5000 + "}"
    path.write_text(f"{nested}\n{digits}\n{GOOD}")
    counts = ReadCounts()
    reader = read_plain_tickets if plain else read_tickets
    assert [t.id for t in reader(path, skip_bad=True, counts=counts)] == ["A"]
    assert counts.first_bad == [
        f"{path}, line 1: not JSON a reader can take: nested too deeply",
        f"{path}, line 2: not JSON a reader can take: a number with too many digits",
    ]


def test_what_cannot_be_read_at_all_is_named_in_the_words_of_its_error(tmp_path: Path) -> None:
    """A source of another type, counts of another type, a format, a file not there."""
    with pytest.raises(TypeError, match=r"^source must be a path or a text file, got int$"):
        list(read_tickets(42))  # type: ignore[arg-type]
    path = tmp_path / "tickets.jsonl"
    path.write_text("")
    with pytest.raises(TypeError, match=r"^counts must be ReadCounts or None, got dict$"):
        list(read_tickets(path, counts={}))  # type: ignore[arg-type]
    with pytest.raises(InvalidTicketError) as raised:
        list(read_tickets(path, format="xml"))
    error = raised.value
    assert isinstance(error, TicketFileError)
    assert str(error) == f"{path}: unknown format 'xml'; use jsonl, csv or tsv"  # no line
    assert (error.source, error.line, error.whole_file) == (str(path), 0, True)
    missing = tmp_path / "none.jsonl"
    with pytest.raises(InvalidTicketError, match=r"^cannot open .*none\.jsonl: No such file"):
        list(read_tickets(missing))


def test_an_open_file_is_named_by_its_name_and_a_stream_without_one_as_such(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tickets.jsonl"
    path.write_text("not json\n")
    with path.open(encoding="utf-8") as handle, pytest.raises(InvalidTicketError) as raised:
        list(read_tickets(handle))
    assert str(raised.value).startswith(f"{path}, line 1: not JSON")
    with pytest.raises(InvalidTicketError, match=r"^<stream>, line 1: not JSON"):
        list(read_tickets(io.StringIO("not json\n")))
