"""JSON tickets read plainly when they can be, and by the full reader, in its words, when not."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from support_policy import TicketFileError
from support_policy.formats.ticket_files import read_plain_tickets, read_tickets
from support_policy.sla.tickets import EventKind

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _read(line: str, **options: object) -> list[Any]:
    plain = list(read_plain_tickets(io.StringIO(line + "\n"), **options))  # type: ignore[arg-type]
    return plain


def test_a_plan_that_is_no_text_is_refused_as_the_full_reader_words_it() -> None:
    with pytest.raises(TicketFileError, match=r"line 1: ticket: needs a 'plan', got 5$"):
        _read('{"plan": 5, "submitted_at": "2026-11-27T10:00:00+01:00"}')


def test_a_severity_given_as_a_number_is_read_as_its_text() -> None:
    (ticket,) = _read(
        '{"plan": "standard", "severity": 1, "submitted_at": "2026-11-27T10:00:00+01:00"}'
    )
    assert ticket.severity == "1"


def test_a_bad_submission_time_in_an_otherwise_plain_ticket_names_the_field() -> None:
    with pytest.raises(
        TicketFileError, match=r"line 1: ticket: submitted_at: 'yesterday' is not an ISO 8601"
    ):
        _read('{"plan": "standard", "submitted_at": "yesterday"}')


def test_a_ticket_beyond_the_plain_shape_reads_its_local_times_in_the_given_zone() -> None:
    line = (
        '{"plan": "standard", "submitted_at": "2026-11-27T10:00",'
        ' "events": [{"kind": "updated", "at": "2026-11-27T11:00"}]}'
    )
    (ticket,) = _read(line, zone=STOCKHOLM)
    assert ticket.submitted_at == datetime(2026, 11, 27, 10, tzinfo=STOCKHOLM)
    assert [(e.at, e.kind) for e in ticket.events] == [
        (datetime(2026, 11, 27, 11, tzinfo=STOCKHOLM), EventKind.UPDATED)
    ]


def test_a_plain_json_ticket_comes_as_a_plain_ticket() -> None:
    from support_policy.sla.quick import PlainTicket

    line = (
        '{"id": "A", "plan": "standard", "severity": "P1", "submitted_at": "2026-11-27T10:00",'
        ' "events": [{"kind": "first_response", "at": "2026-11-27T11:00"}]}'
    )
    (plain,) = _read(line, zone=STOCKHOLM)
    (full,) = read_tickets(io.StringIO(line + "\n"), zone=STOCKHOLM)
    assert type(plain) is PlainTicket
    assert (plain.id, plain.plan, plain.severity) == ("A", "standard", "P1")
    assert plain.submitted_at == full.submitted_at == datetime(2026, 11, 27, 10, tzinfo=STOCKHOLM)
    (bare,) = _read('{"plan": "standard", "submitted_at": "2026-11-27T10:00:00+01:00"}')
    assert type(bare) is PlainTicket


@pytest.mark.parametrize(
    ("when", "zone"),
    [
        ("0001-01-01T00:00:00", "Europe/Stockholm"),  # before year 1 in UTC
        ("9999-12-31T23:59:59", "America/St_Johns"),  # after 9999 in UTC
    ],
)
@pytest.mark.parametrize("reader", [read_tickets, read_plain_tickets])
def test_a_local_time_outside_the_years_utc_holds_is_a_bad_line(
    when: str, zone: str, reader: Any
) -> None:
    line = f'{{"plan": "standard", "submitted_at": "{when}"}}\n'
    expected = (
        rf"line 1: ticket: submitted_at: {when} in {zone} is outside the years 1-9999 in UTC$"
    )
    with pytest.raises(TicketFileError, match=expected):
        list(reader(io.StringIO(line), zone=ZoneInfo(zone)))


@pytest.mark.parametrize("reader", [read_tickets, read_plain_tickets])
def test_a_file_given_by_its_path_reads_local_times_in_the_given_zone(
    reader: Any, tmp_path: Any
) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"plan": "standard", "submitted_at": "2026-11-27T10:00"}\n', "utf-8")
    (ticket,) = reader(str(path), zone=STOCKHOLM)
    assert ticket.submitted_at == datetime(2026, 11, 27, 10, tzinfo=STOCKHOLM)
