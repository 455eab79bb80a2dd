"""No silent coercion: wrong types are refused, digits are ASCII, fields belong to their kind."""

from __future__ import annotations

from typing import Any

import pytest

from support_policy import InvalidTicketError, Ticket, UnknownSeverityError, stakater_policy

BASE = {"id": "T-1", "plan": "standard", "severity": "P1", "submitted_at": "2026-01-05T09:00Z"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": True}, "'id' must be a string, got True"),
        ({"id": 10**100}, "'id' must be a string, got a very long integer"),
        ({"id": 1.5}, "'id' must be a string"),
        ({"severity": 10**50}, "a severity such as 1 or 'P1'"),
        ({"severity": True}, "a severity must be text"),
    ],
)
def test_wrong_types_are_refused_not_stringified(change: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidTicketError, match=message):
        Ticket.from_dict({**BASE, **change})


def test_a_whole_number_id_is_its_digits() -> None:
    assert Ticket.from_dict({**BASE, "id": 42}).id == "42"


def test_an_empty_id_is_none_as_an_empty_csv_cell_is() -> None:
    assert Ticket.from_dict({**BASE, "id": ""}).id is None
    assert Ticket.from_dict({**BASE, "id": ""}) == Ticket.from_dict({**BASE, "id": None})
    assert Ticket.from_dict({**BASE, "id": " "}).id == " "  # blank, but given
    with pytest.raises(InvalidTicketError, match=r"^ticket: needs a plan"):
        Ticket(" ", Ticket.from_dict(BASE).submitted_at, id="")


@pytest.mark.parametrize("spelling", ["P\u00b2", "\u00b2", "P\u0661", "\uff11"])
def test_only_ascii_digits_name_a_severity(spelling: str) -> None:
    with pytest.raises(UnknownSeverityError):
        stakater_policy().latest.severities.parse(spelling)


def test_a_field_the_event_kind_does_not_take_is_an_error_or_a_lenient_warning() -> None:
    data = {
        **BASE,
        "events": [{"at": "2026-01-05T10:00Z", "kind": "first_response", "severity": "P2"}],
    }
    with pytest.raises(InvalidTicketError, match="severity"):
        Ticket.from_dict(data)
    lenient = Ticket.from_dict(data, lenient=True)
    assert any("severity" in warning for warning in lenient.warnings)


def test_a_ticket_that_is_not_an_object_names_its_type_only() -> None:
    nested: Any = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(InvalidTicketError, match="must be an object, got list"):
        Ticket.from_dict(nested)
