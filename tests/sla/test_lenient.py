"""Lenient reading judges what can be judged and says what it set aside; reopening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, strategies as st

from support_policy import (
    EventKind,
    InvalidTicketError,
    Ticket,
    escalations_due,
    stakater_policy,
    ticket_status,
)

POLICY = stakater_policy()
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _at(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).isoformat()


def _ticket(events: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": "L",
        "plan": "premium",
        "severity": "P1",
        "submitted_at": START.isoformat(),
        "events": events,
        **extra,
    }


@pytest.mark.parametrize(
    ("events", "extra", "warning"),
    [
        ([{"at": _at(10), "kind": "resumed"}], {}, "resume without a pause; ignored"),
        (
            [{"at": _at(10), "kind": "first_response"}, {"at": _at(20), "kind": "first_response"}],
            {},
            "a second first response (the first counts); ignored",
        ),
        (
            [{"at": _at(20), "kind": "updated"}, {"at": _at(10), "kind": "first_response"}],
            {},
            "events out of time order; sorted",
        ),
        ([{"at": _at(-5), "kind": "first_response"}], {}, "comes before submission"),
        ([], {"team": "ops"}, "unknown field(s) ['team'] kept in extra"),
        (
            [{"at": _at(10), "kind": "first_response", "severity": "P2"}],
            {},
            "not taken by this kind; ignored",
        ),
    ],
)
def test_lenient_reading_sets_aside_and_says_so(
    events: list[dict[str, Any]], extra: dict[str, Any], warning: str
) -> None:
    data = _ticket(events, **extra)
    with pytest.raises(InvalidTicketError):
        Ticket.from_dict(data)
    ticket = Ticket.from_dict(data, lenient=True)
    assert any(warning in w for w in ticket.warnings), ticket.warnings
    assert ticket_status(POLICY, ticket, START + timedelta(hours=2)).state in ("met", "breached")
    if extra:
        assert ticket.as_dict()["team"] == "ops"


kinds = st.sampled_from([k.value for k in EventKind])


@given(
    st.lists(
        st.fixed_dictionaries(
            {"at": st.integers(-60, 600).map(_at), "kind": kinds},
            optional={"severity": st.sampled_from(["P1", "P3"]), "plan": st.just("standard")},
        ),
        max_size=8,
    )
)
def test_a_lenient_ticket_is_a_consistent_one(events: list[dict[str, Any]]) -> None:
    try:
        ticket = Ticket.from_dict(_ticket(events), lenient=True)
    except InvalidTicketError as error:  # a field that no repair can supply
        assert "needs the new" in str(error)
        return
    again = Ticket(ticket.plan, ticket.submitted_at, ticket.severity, ticket.events, ticket.id)
    assert again.events == ticket.events  # what lenient kept is a valid timeline
    ticket_status(POLICY, ticket, START + timedelta(days=1))


def test_events_after_resolved_without_reopening_are_noted() -> None:
    events = [
        {"at": _at(10), "kind": "first_response"},
        {"at": _at(20), "kind": "resolved"},
        {"at": _at(30), "kind": "updated"},
    ]
    for lenient in (False, True):  # noted once, either way
        ticket = Ticket.from_dict(_ticket(events), lenient=lenient)
        assert [w for w in ticket.warnings if "after resolved without reopened" in w] == [
            "ticket L: events[2] (updated at " + _at(30) + "): after resolved without reopened"
        ]
    disordered = [events[2], events[0], events[1]]  # sorted first: numbered as kept
    ticket = Ticket.from_dict(_ticket(disordered), lenient=True)
    assert ticket.warnings == (
        "ticket L: events out of time order; sorted",
        f"ticket L: events[2] (updated at {_at(30)}): after resolved without reopened",
    )


def test_a_reopened_ticket_is_open_again() -> None:
    resolved = [{"at": _at(10), "kind": "resolved"}]
    reopened = [*resolved, {"at": _at(20), "kind": "reopened"}]
    now = START + timedelta(hours=3)
    assert escalations_due(POLICY, Ticket.from_dict(_ticket(resolved)), now) == []
    due = escalations_due(POLICY, Ticket.from_dict(_ticket(reopened)), now)
    assert [e.trigger for e in due] == ["immediate"]
    with pytest.raises(InvalidTicketError, match="reopened while open"):
        Ticket.from_dict(_ticket([{"at": _at(5), "kind": "reopened"}]))
