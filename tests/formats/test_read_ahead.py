"""A plain reading reads ahead of its consumer: nothing a report says may change for it."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import InvalidTicketError, TicketFileError
from support_policy.cli import main, ticket_commands
from support_policy.formats import ticket_files
from support_policy.formats.ticket_files import Judged, _runs
from support_policy.sla.quick import QuickBatch

from ..sla.test_quick import NOWS, _as_json, csv_texts, rows

BAD_LINES = ["not JSON", '{"plan": 5}', "[]", '{"plan": "standard"}', "\udcff"]


@st.composite
def jsonl_texts(draw: st.DrawFn) -> str:
    """JSON Lines with ids given twice, bad lines, and tickets only the full model judges."""
    lines = []
    for number in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(BAD_LINES)))
            continue
        row = draw(rows())
        row["id"] = draw(st.sampled_from([f"T{number}", "T0", "T1"]))
        lines.append(json.dumps(_as_json(row, order=draw(st.booleans()))))
    return "\n".join(lines) + "\n"


def _outcome(path: Path, now: datetime, ahead: int, *options: str) -> tuple[int, str, str]:
    """The exit code, output and errors of a report reading ``ahead`` rows ahead."""
    out, err = io.StringIO(), io.StringIO()
    never = lambda *_: None  # noqa: E731 - no block reading: the line reader it is
    with (
        mock.patch.object(ticket_files, "READ_AHEAD", ahead),
        mock.patch.multiple(ticket_commands, _whole_file=never, _batch=QuickBatch),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = main(["report", str(path), "--now", now.isoformat(), "--json", *options])
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["csv", "jsonl"]),
    data=st.data(),
    now=NOWS,
    skip=st.booleans(),
    ahead=st.integers(2, 5),
)
def test_reading_ahead_changes_nothing_a_report_says(
    kind: str,
    data: st.DataObject,
    now: datetime,
    skip: bool,
    ahead: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Same counts, skipped lines in the same order, the same error at the same line."""
    text = data.draw(csv_texts() if kind == "csv" else jsonl_texts())
    path = tmp_path_factory.mktemp("ahead") / f"t.{kind}"
    path.write_text(text, "utf-8", errors="surrogateescape")
    options = ("--skip-bad",) if skip else ()
    assert _outcome(path, now, ahead, *options) == _outcome(path, now, 1, *options)


GOOD = object()


def test_a_bad_row_ends_a_run_so_a_reader_stopped_there_reads_no_further() -> None:
    pulled = []

    def judged() -> Iterator[Judged]:
        for number in range(1, 12):
            pulled.append(number)
            yield number, InvalidTicketError("bad") if number == 2 else GOOD  # type: ignore[misc]

    runs = _runs(judged(), 8)
    assert [number for number, _ in next(runs)] == [1, 2]
    assert pulled == [1, 2]  # not the rows after the bad one
    assert [[number for number, _ in run] for run in runs] == [list(range(3, 11)), [11]]


def test_an_error_while_reading_comes_after_the_rows_read_before_it() -> None:
    def judged() -> Iterator[Judged]:
        yield 1, GOOD  # type: ignore[misc]
        yield 2, GOOD  # type: ignore[misc]
        raise OSError("the disk")

    got: list[int] = []
    with pytest.raises(OSError, match="the disk"):
        for run in _runs(judged(), 8):
            got.extend(number for number, _ in run)
    assert got == [1, 2]


TICKET = '{"id": "a", "plan": "standard", "submitted_at": "2026-03-02T09:00:00+00:00"}'


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_is_not_read_ahead_so_a_refused_row_stops_the_report_at_once(
    tmp_path: Path,
) -> None:
    """An id given twice on line 2 of a pipe whose writer stays: refused, not waited on."""
    fifo = tmp_path / "t.jsonl"
    os.mkfifo(fifo)
    done, waited = threading.Event(), []

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as pipe:
            pipe.write(f"{TICKET}\n{TICKET}\n")
            pipe.flush()
            waited.append(not done.wait(10))  # the writer stays until the report ends

    writer = threading.Thread(target=write)
    writer.start()
    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["report", str(fifo), "--now", "2027-01-01T00:00Z"])
    finally:
        done.set()
        writer.join()
    assert waited == [False]  # the report ended before the writer gave up
    assert code == 3
    assert "line 2: ticket a: a second ticket with this id" in err.getvalue()


def test_a_stream_is_not_read_ahead() -> None:
    """A text stream is read as far as the rows handed on, as before."""
    stream = io.StringIO(f"{TICKET}\n" * 3000)
    read = ticket_files.read_plain_tickets(stream)
    next(read)
    assert stream.tell() == len(TICKET) + 1


@pytest.mark.parametrize(
    ("lines", "pulled"),
    [
        ([TICKET] * 5, [1, 2, 3]),  # line 3 is READ_AHEAD - 1 = 2 lines after line 1
        ([TICKET, "", "", TICKET, TICKET], [1, 4]),  # blank lines count
    ],
)
def test_a_file_is_read_ahead_by_lines(lines: list[str], pulled: list[int], tmp_path: Path) -> None:
    """A run ends at the first row READ_AHEAD - 1 lines or more after its first."""
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    seen: list[int] = []
    judged = ticket_files._judged

    def watched(*args: object) -> Iterator[Judged]:
        for item in judged(*args):  # type: ignore[arg-type]
            seen.append(item[0])
            yield item

    with (
        mock.patch.object(ticket_files, "READ_AHEAD", 3),
        mock.patch.object(ticket_files, "_judged", watched),
    ):
        read = ticket_files.read_plain_tickets(path)
        next(read)
        assert seen == pulled


@pytest.mark.parametrize("reader", [ticket_files.read_tickets, ticket_files.read_plain_tickets])
def test_a_file_read_counts_its_tickets_and_names_itself_in_a_header_error(
    reader: Any, tmp_path: Path
) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(f"{TICKET}\n\n{TICKET}\n{TICKET}\n", "utf-8")
    counts = ticket_files.ReadCounts()
    assert len(list(reader(path, counts=counts))) == 3
    assert (counts.tickets, counts.line) == (3, 4)
    header = tmp_path / "bad.csv"
    header.write_text("id,plan\nA,standard\n", "utf-8")
    with pytest.raises(
        TicketFileError, match=rf"^{re.escape(str(header))}, line 1: missing column"
    ):
        list(reader(header))


def test_a_file_read_leniently_keeps_what_a_strict_reading_refuses(tmp_path: Path) -> None:
    """A first response that names a severity: refused, or kept with a warning counted."""
    event = '{"at": "2026-03-02T10:00:00+00:00", "kind": "first_response", "severity": "P2"}'
    path = tmp_path / "t.jsonl"
    path.write_text(TICKET[:-1] + f', "events": [{event}]}}\n', "utf-8")
    with pytest.raises(TicketFileError, match=r"line 1: "):
        list(ticket_files.read_tickets(path))
    counts = ticket_files.ReadCounts()
    (ticket,) = ticket_files.read_tickets(path, lenient=True, counts=counts)
    assert ticket.warnings and counts.warnings == 1
