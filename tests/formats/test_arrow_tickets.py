"""A CSV file read whole into columns gives the report the line reader gives, or is declined.

Random files, clean and spoiled: the report of ``support-policy report`` with the
whole-file reader allowed must equal, byte for byte but for ``path``, the report with
only the line reader; and a clean file of plain tickets must take the whole-file path.
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import io
import json
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from support_policy import MissingExtraError, stakater_policy
from support_policy.cli import main, ticket_commands
from support_policy.formats import ticket_files

pytest.importorskip("pyarrow")
arrow_tickets = pytest.importorskip("support_policy.formats.arrow_tickets")

POLICY = stakater_policy()
NOW = "2026-12-01T12:00:00+01:00"
ZONES = [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]
HEADER = ["id", "plan", "severity", "submitted_at", "first_response_at", "resolved_at", "closed_at"]


def stamp(draw: st.DrawFn, moment: datetime) -> str:
    """An ISO 8601 form of ``moment``: T or space, Z or an offset, with or without fraction."""
    shown = moment.astimezone(draw(st.sampled_from(ZONES)))
    text = shown.isoformat(sep=draw(st.sampled_from(["T", " "])))
    if shown.utcoffset() == timedelta(0) and draw(st.booleans()):
        text = text.replace("+00:00", "Z")
    return text


@st.composite
def clean_rows(draw: st.DrawFn, index: int) -> list[str]:
    submitted = datetime(2026, 10, 1, tzinfo=UTC) + timedelta(
        seconds=draw(st.integers(0, 80 * 86_400)),
        microseconds=draw(st.sampled_from([0, 1, 500_000])),
    )
    first = submitted + timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))
    resolved = first + timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
    closed = resolved + timedelta(minutes=draw(st.integers(0, 24 * 60)))
    keep = draw(st.lists(st.booleans(), min_size=3, max_size=3))
    answers = [
        stamp(draw, t) if k else "" for t, k in zip((first, resolved, closed), keep, strict=True)
    ]
    plan = draw(st.sampled_from(["standard", "premium", "Premium", "STANDARD"]))
    severity = draw(st.sampled_from(["P1", "P2", "P3", "P4", "", "critical", "p2"]))
    ident = draw(st.sampled_from([f"T{index}", ""]))
    return [ident, plan, severity, stamp(draw, submitted), *answers]


SPOILERS = [
    lambda text: text.replace("standard", '"standard"', 1),  # a quote
    lambda text: text.replace("\n", "\n\n", 1),  # a blank line
    lambda text: text.replace("P1", "P9", 1),  # an unknown level
    lambda text: text.replace("premium", "gold", 1),  # an unknown plan
    lambda text: text.replace("T1,", "T0,", 1),  # a duplicate id
    lambda text: text.replace("2026-1", "2026-13", 1),  # a month out of range
    lambda text: text.replace(":00+01:00", ":00", 1),  # no offset
    lambda text: text.replace("standard", "stándard", 1),  # not ASCII
    lambda text: text.replace(",P", ", P", 1),  # a space to strip
    lambda text: text.replace("\n", ",\n", 2),  # a trailing comma
    lambda text: text.replace("id,", "id,extra,", 1),  # an unknown column
    lambda text: "\ufeff" + text,  # a byte-order mark
    lambda text: text.replace("\n", "\r\n"),  # CRLF line ends
    lambda text: text.replace("\n", "\r", 2).replace("\r", "\n", 1),  # a bare CR in a row
    lambda text: text.replace("2026-1", "1899-1", 1),  # before the supported range
    lambda text: text,
]


@st.composite
def files(draw: st.DrawFn, separator: str = ",") -> tuple[str, bool]:
    """A file of up to 12 tickets, with or without the optional answer columns."""
    count = draw(st.integers(0, 12))
    keep = [True] * 5 + draw(st.lists(st.booleans(), min_size=2, max_size=2))
    rows = [HEADER] + [draw(clean_rows(i)) for i in range(count)]
    lines = [separator.join(v for v, k in zip(row, keep, strict=True) if k) for row in rows]
    text = "\n".join(lines) + "\n"
    spoilers = draw(st.lists(st.sampled_from(range(len(SPOILERS))), max_size=2))
    for k in spoilers:
        text = SPOILERS[k](text)
    return text, not spoilers


def run(path: Path, whole: bool, *extra: str) -> tuple[int, Any]:
    out, err = io.StringIO(), io.StringIO()
    off = mock.patch.object(ticket_commands, "_whole_file", lambda *a: None)
    with contextlib.ExitStack() as stack:
        if not whole:
            stack.enter_context(off)
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        code = main(["report", str(path), "--now", NOW, "--json", *extra])
    data = json.loads(out.getvalue()) if code == 0 else err.getvalue()
    return code, data


def both_readers(path: Path, text: str, skip_bad: bool, block: int) -> str | None:
    """Write ``text`` to ``path``; check both readers give one report; the path it took.

    None when the file was refused (by both, with the same message).
    """
    path.write_bytes(text.encode("utf-8"))
    extra = ("--skip-bad",) if skip_bad else ()
    with mock.patch.object(arrow_tickets, "BLOCK_BYTES", block):
        code, got = run(path, True, *extra)
    expected_code, expected = run(path, False, *extra)
    assert code == expected_code
    if code != 0:
        assert got == expected
        return None
    took = got.pop("path")
    expected.pop("path")
    assert got == expected
    return str(took)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["csv", "tsv"]),
    data=st.data(),
    skip_bad=st.booleans(),
    block=st.sampled_from([1, 2, 50, 300, 1 << 21]),
)
def test_the_whole_file_reader_gives_the_line_readers_report(
    kind: str, data: st.DataObject, skip_bad: bool, block: int, tmp_path: Path
) -> None:
    text, clean = data.draw(files("," if kind == "csv" else "\t"))
    took = both_readers(tmp_path / f"tickets.{kind}", text, skip_bad, block)
    event(f"path: {took}")
    if took is not None and clean and all("P9" not in line for line in text.splitlines()):
        assert took == "arrow"


def test_declines_what_it_cannot_vouch_for(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    good = (
        "id,plan,severity,submitted_at,first_response_at\n"
        "A,standard,P1,2026-11-27T09:00:00+01:00,\n"
    )
    path.write_text(good, encoding="utf-8")
    found = arrow_tickets.read_plain_columns(path, "csv")
    assert found is not None and found.rows == 1
    for spoilt in (
        good.replace("09:00:00+01:00", "09:00:00"),  # no offset: a zone would decide
        good + "B,standard,P1,2026-11-27T09:00:00+01:00,2026-11-27T08:00:00+01:00\n",  # early
        good.replace("P1", "P1\u00a0"),  # not plain ASCII
        good.replace("id,", "ID,id,"),  # a column twice after folding case
        good.replace(",\n", ",x\n"),  # not a time
        good.replace("first_response_at\n", "first_response_at,closed_at\n").replace(
            ",\n", ",2026-11-27T10:00:00+01:00,2026-11-27T09:30:00+01:00\n"
        ),  # after closing
    ):
        path.write_text(spoilt, encoding="utf-8")
        assert arrow_tickets.read_plain_columns(path, "csv") is None
    assert arrow_tickets.read_plain_columns(tmp_path / "missing.csv", "csv") is None


def test_a_carriage_return_alone_sends_the_file_to_the_line_reader(tmp_path: Path) -> None:
    """Arrow ends a row at a lone carriage return; Python's csv module refuses the row."""
    row = "standard,P1,2026-11-27T09:00:00+01:00,2026-11-27T10:00:00+01:00"
    text = f"id,plan,severity,submitted_at,first_response_at\nA,{row}\rB,{row}\n"
    path = tmp_path / "t.csv"
    assert both_readers(path, text, skip_bad=True, block=1 << 21) == "columnar"
    assert arrow_tickets.read_plain_columns(path, "csv") is None
    assert both_readers(path, text.replace("\r", "\r\n"), True, 1 << 21) == "arrow"


@pytest.mark.parametrize("separator", [",", "\t"])
def test_a_field_longer_than_the_csv_modules_limit_goes_to_the_line_reader(
    tmp_path: Path, separator: str
) -> None:
    """Python's csv module refuses a field over 128 Ki characters; Arrow reads it."""
    header = separator.join(["id", "plan", "severity", "submitted_at", "first_response_at"])
    row = separator.join(["X" * (csv.field_size_limit() + 1), "standard", "", NOW, ""])
    path = tmp_path / ("t.csv" if separator == "," else "t.tsv")
    assert both_readers(path, f"{header}\n{row}\n", skip_bad=True, block=1 << 21) == "columnar"
    assert both_readers(path, f"{header}\n{row}\n", skip_bad=False, block=7) is None


def test_without_pyarrow_the_report_reads_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``columnar`` extra installs numpy alone: the report must not need pyarrow."""
    row = "standard,P1,2026-11-27T09:00:00+01:00,2026-11-27T10:00:00+01:00"
    path = tmp_path / "t.csv"
    path.write_text(f"id,plan,severity,submitted_at,first_response_at\nA,{row}\n")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "support_policy.formats.arrow_tickets")
    with pytest.raises(MissingExtraError, match=r"needs the 'pyarrow' package"):
        importlib.import_module("support_policy.formats.arrow_tickets")
    code, report = run(path, True)
    assert code == 0 and report["tickets"] == 1 and report["path"] == "columnar"


def test_a_file_is_read_in_blocks_of_whole_lines(tmp_path: Path) -> None:
    """Memory follows the block, not the file: many small blocks give the same columns."""
    path = tmp_path / "t.csv"
    lines = [f"T{i},standard,P{1 + i % 4},2026-11-27T09:00:{i % 60:02}+01:00," for i in range(500)]
    path.write_text("\ufeffid,plan,severity,submitted_at,first_response_at\n" + "\n".join(lines))
    whole = arrow_tickets.read_plain_columns(path, "csv")
    assert whole is not None and whole.rows == 500
    blocks = list(arrow_tickets.read_plain_blocks(path, "csv", block_bytes=1000))
    assert len(blocks) > 20 and all(b is not None and b.rows < 50 for b in blocks)
    assert sum(b.rows for b in blocks if b is not None) == 500
    for name in ("plans", "severities", "ids"):
        parts = [x for b in blocks if b is not None for x in getattr(b, name).to_pylist()]
        assert parts == getattr(whole, name).to_pylist()
    for name in ("submitted", "answered"):
        parts = [x for b in blocks if b is not None for x in getattr(b, name).tolist()]
        assert parts == getattr(whole, name).tolist()
    assert whole.severities.to_pylist()[:4] == ["P1", "P2", "P3", "P4"]
    assert [x for b in blocks if b is not None for x in b.ids.to_pylist()] == [
        f"T{i}" for i in range(500)
    ]


def test_an_id_given_twice_in_different_blocks_is_left_to_the_line_reader(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    lines = [f"T{i % 400},standard,P1,2026-11-27T09:00:00+01:00," for i in range(401)]
    path.write_text("id,plan,severity,submitted_at,first_response_at\n" + "\n".join(lines) + "\n")
    blocks = list(arrow_tickets.read_plain_blocks(path, "csv", block_bytes=1000))
    assert blocks[-1] is None and all(b is not None for b in blocks[:-1])
    assert arrow_tickets.read_plain_columns(path, "csv") is None
    with mock.patch.object(arrow_tickets, "BLOCK_BYTES", 1000):
        code, message = run(path, True)
    assert code != 0 and "line 402" in message and "T0" in message


def test_a_line_too_long_for_the_line_reader_is_left_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.csv"
    head = "id,plan,severity,submitted_at,first_response_at\n"
    line = "A,standard,P1,2026-11-27T09:00:00+01:00,\n"
    path.write_text(head + line + line.replace("A,", "B" * 100 + ","))
    assert arrow_tickets.read_plain_columns(path, "csv") is not None
    monkeypatch.setattr(arrow_tickets, "MAX_LINE_BYTES", 100)
    for size in (1, 64, 1 << 20):
        assert list(arrow_tickets.read_plain_blocks(path, "csv", block_bytes=size))[-1] is None


@pytest.mark.parametrize("ending", ["", "\n", "\r\n"])
def test_a_header_and_no_ticket_is_an_empty_set_of_columns(ending: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(" ID ,Plan,severity,Submitted At,first_response_at" + ending)
    found = arrow_tickets.read_plain_columns(path, "csv")
    assert found is not None and found.rows == 0
    for column in (found.plans, found.severities, found.ids):
        assert column.type == "string" and len(column) == 0
    assert found.submitted.dtype == found.answered.dtype == "int64" and not found.answered.size
    code, report = run(path, True)
    assert code == 0 and report["path"] == "arrow" and report["tickets"] == 0


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_an_empty_file_is_left_to_the_line_reader(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"t.{kind}"
    path.write_bytes(b"")
    assert list(arrow_tickets.read_plain_blocks(path, kind)) == [None]
    assert both_readers(path, "", False, 1 << 20) in (None, "columnar")


@pytest.mark.parametrize("where", [0, 1, 2])
@pytest.mark.parametrize("block", [1, 1 << 20])
def test_a_line_at_the_length_limit_is_taken_and_one_byte_more_is_not(
    where: int, block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit counts a line with its end, as the line reader counts it."""
    header = "id,plan,severity,submitted_at,first_response_at\n"
    line = "T{},standard,P1,2026-11-27T09:00:00+01:00,\n"
    limit = len(line.format(0)) + 8
    for extra, took in ((8, "arrow"), (9, "columnar")):
        lines = [line.format(n) for n in range(3)]
        lines[where] = lines[where].replace("T", "T" + "x" * extra, 1)
        monkeypatch.setattr(arrow_tickets, "MAX_LINE_BYTES", limit)
        monkeypatch.setattr(ticket_files, "MAX_LINE_BYTES", limit)
        found = both_readers(tmp_path / "t.csv", header + "".join(lines), True, block)
        assert found == took


@pytest.mark.parametrize(
    "other", ["2026-11-27T10+01:00", "2026-11-27T10:00+01:00", "2026-11-27T10:00:00.5+0100"]
)
def test_times_of_several_widths_are_held_to_the_strict_form_too(
    other: str, tmp_path: Path
) -> None:
    """Arrow reads these forms; the line reader may too, but only the strict one is taken."""
    text = (
        "id,plan,severity,submitted_at,first_response_at\n"
        "A,standard,P1,2026-11-27T09:00:00+01:00,2026-11-27T09:30:00.25+01:00\n"
        f"B,standard,P1,2026-11-27T09:00:00+01:00,{other}\n"
    )
    assert both_readers(tmp_path / "t.csv", text, True, 1 << 20) in (None, "columnar")
    assert arrow_tickets.read_plain_columns(tmp_path / "t.csv", "csv") is None


@pytest.mark.parametrize(
    ("kind", "block", "message"),
    [
        ("json", None, "kind must be"),
        ("CSV", None, "kind must be"),
        ("csv", 0, "block_bytes must be"),
        ("csv", -1, "block_bytes must be"),
        ("csv", 1.5, "block_bytes must be"),
        # integers with no repr: their messages once failed
        pytest.param(10**5000, None, "kind must be .*a very long integer", id="huge-kind"),
        pytest.param("csv", -(10**5000), "block_bytes .*a very long integer", id="huge-size"),
    ],
)
def test_a_wrong_kind_or_block_size_is_refused_at_once(
    kind: str, block: Any, message: str, tmp_path: Path
) -> None:
    """Arguments, unlike a file's contents, are checked when the call is made."""
    with pytest.raises(ValueError, match=message):
        arrow_tickets.read_plain_blocks(tmp_path / "missing.csv", kind, block_bytes=block)


def test_a_long_line_in_small_blocks_is_read_in_growing_pieces() -> None:
    """A line of n bytes in blocks of 1 byte takes about log2(n) reads, not n: no block
    is made by adding a byte at a time to all the line read so far."""
    reads: list[int] = []
    line = b'{"plan": "standard", "id": "' + b"x" * 200_000 + b'"}\n'

    class Counting(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(size or -1)
            return super().read(size)

    blocks = list(arrow_tickets._whole_lines(Counting(line * 3), 1))
    assert b"".join(blocks) == line * 3
    assert all(block.endswith(b"\n") for block in blocks)
    assert len(reads) < 200
