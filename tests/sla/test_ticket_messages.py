"""What a refused ticket says: the ticket, the field or event, and what was wrong with it.

Every refusal names the ticket by its id (``ticket SUP-9``), or says ``ticket`` when it
has none, then the field or the event (``events[2] (paused at ...)``), then the
problem in words. A lenient reading says the same things as warnings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from support_policy import Event, EventKind, InvalidTicketError, Ticket, stakater_policy
from support_policy.sla.tickets import ticket_name

BASE: dict[str, Any] = {
    "id": "SUP-9",
    "plan": "standard",
    "severity": "P1",
    "submitted_at": "2026-11-27T02:00:00+01:00",
}
CET = timezone(timedelta(hours=1))
SUBMITTED = datetime(2026, 11, 27, 2, tzinfo=CET)


def at(hour: int, minute: int = 0) -> str:
    return f"2026-11-27T{hour:02d}:{minute:02d}:00+01:00"


def refusal(data: Any, *, lenient: bool = False) -> str:
    with pytest.raises(InvalidTicketError) as info:
        Ticket.from_dict(data, lenient=lenient)
    return str(info.value)


# -- the ticket's own fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"submitted_at": "nope"}, "ticket SUP-9: submitted_at: 'nope' is not an ISO 8601"),
        ({"submitted_at": 5}, "ticket SUP-9: submitted_at: expected an ISO 8601 date-time, got 5"),
        (
            {"submitted_at": "2026-11-27T02:00:00"},
            "ticket SUP-9: submitted_at: 2026-11-27T02:00:00 has no UTC offset; add one, "
            "e.g. +01:00 or Z",
        ),
        ({"plan": "  "}, "ticket SUP-9: needs a 'plan', got '  '"),
        ({"plan": None}, "ticket SUP-9: needs a 'plan', got None"),
        ({"plan": 7}, "ticket SUP-9: needs a 'plan', got 7"),
        ({"events": {}}, "ticket SUP-9: 'events' must be a list, got {}"),
        (
            {"zzz": 1, "aaa": 2},
            "ticket SUP-9: unknown field(s) ['aaa', 'zzz']; "
            "expected some of ['events', 'id', 'plan', 'severity', 'submitted_at']",
        ),
        ({"id": 1.5}, "ticket 1.5: 'id' must be a string, got 1.5"),
        ({"id": [1]}, "ticket [1]: 'id' must be a string, got [1]"),
        ({"severity": "  "}, "ticket SUP-9: a severity must be text such as 'P1', got '  '"),
        ({"severity": 1.0}, "ticket SUP-9: a severity must be text such as 'P1', got 1.0"),
        ({"severity": 1000}, "ticket SUP-9: a severity such as 1 or 'P1', got 1000"),
        ({"severity": -1}, "ticket SUP-9: a severity such as 1 or 'P1', got -1"),
    ],
)
def test_a_wrong_field_is_named_with_the_ticket(change: dict[str, Any], message: str) -> None:
    assert refusal({**BASE, **change}).startswith(message)


def test_a_missing_submission_is_named() -> None:
    data = {k: v for k, v in BASE.items() if k != "submitted_at"}
    assert refusal(data) == "ticket SUP-9: needs 'submitted_at'"


def test_a_ticket_without_an_id_is_just_a_ticket() -> None:
    data = {k: v for k, v in BASE.items() if k != "id"}
    assert refusal({**data, "plan": ""}) == "ticket: needs a 'plan', got ''"
    assert refusal({**data, "events": [5]}) == "ticket: events[0]: expected an object, got 5"
    first = {"at": at(3), "kind": "resumed"}
    assert refusal({**data, "events": [first]}).startswith("ticket: events[0] (resumed at ")


def test_an_event_read_on_its_own_is_called_an_event() -> None:
    with pytest.raises(InvalidTicketError, match=r"^event: expected an object, got 5$"):
        Event.from_dict(5)  # type: ignore[arg-type]
    with pytest.raises(InvalidTicketError, match=r"^event \(updated\) 'at': expected an ISO"):
        Event.from_dict({"kind": "updated"})


def test_a_ticket_read_without_an_id_has_none() -> None:
    data = {k: v for k, v in BASE.items() if k != "id"}
    assert Ticket.from_dict(data).id is None
    assert Ticket.from_dict({**data, "id": None}).id is None


def test_how_messages_name_a_ticket() -> None:
    assert ticket_name(None) == "ticket"
    assert ticket_name("SUP-1") == "ticket SUP-1"
    assert ticket_name("x" * 60) == "ticket " + "x" * 60
    long = "x" * 61
    assert ticket_name(long) == "ticket '" + "x" * 56 + "..."  # shortened, quoted
    assert ticket_name(42) == "ticket 42"
    assert ticket_name(2**70) == "ticket a very long integer"


def test_ids_are_whole_numbers_of_64_bits_or_text() -> None:
    for ident in (2**63 - 1, -(2**63), 0, -1):
        assert Ticket.from_dict({**BASE, "id": ident}).id == str(ident)
    for ident in (2**63, -(2**63) - 1, False):
        assert "'id' must be a string" in refusal({**BASE, "id": ident})


# -- submission range -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when", ["1900-01-01T00:00:00Z", "2200-12-31T23:59:59.999999Z", "1900-01-01T01:00:00+01:00"]
)
def test_the_supported_range_includes_its_ends(when: str) -> None:
    assert Ticket.from_dict({**BASE, "submitted_at": when}).submitted_at.isoformat()


@pytest.mark.parametrize(
    "when", ["1899-12-31T23:59:59.999999Z", "2201-01-01T00:00:00Z", "1900-01-01T00:59:00+01:00"]
)
def test_outside_the_supported_range_is_refused(when: str) -> None:
    message = refusal({**BASE, "submitted_at": when})
    assert message.startswith("ticket SUP-9: submitted_at: ")
    assert message.endswith("is outside the supported range 1900-01-01 to 2200-12-31 (UTC)")


def test_an_event_outside_the_range_names_the_event() -> None:
    event = {"at": "2201-01-01T00:00:00Z", "kind": "resolved"}
    message = refusal({**BASE, "events": [event]})
    assert message.startswith("ticket SUP-9: events[0] (resolved) 'at': 2201-01-01T00:00:00+00:00")
    assert "outside the supported range" in message


# -- events ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (5, "ticket SUP-9: events[0]: expected an object, got 5"),
        (
            {"at": at(3), "kind": "escalated"},
            "ticket SUP-9: events[0]: unknown kind 'escalated'; expected one of: first_response, "
            "severity_changed, paused, resumed, resolved, closed, plan_changed, updated, "
            "escalation_requested, reopened",
        ),
        pytest.param(
            {"at": at(3), "kind": 10**5000},  # an integer with no repr: once a bare ValueError
            "ticket SUP-9: events[0]: unknown kind a very long integer; expected one of:",
            id="huge-kind",
        ),
        (
            {"at": at(3), "kind": "paused", "zeta": 1, "plan": "premium"},
            "ticket SUP-9: events[0] (paused): field(s) ['plan', 'zeta'] not taken by this kind",
        ),
        (
            {"at": at(3), "kind": "escalation_requested", "written": "yes"},
            "ticket SUP-9: events[0]: 'written' must be true or false, got 'yes'",
        ),
        (
            {"at": at(3), "kind": "escalation_requested", "justified": 1},
            "ticket SUP-9: events[0]: 'justified' must be true or false, got 1",
        ),
        (
            {"at": at(3), "kind": "plan_changed", "plan": " "},
            "ticket SUP-9: events[0] (plan_changed): needs the new 'plan', got ' '",
        ),
        (
            {"at": at(3), "kind": "plan_changed", "plan": 3},
            "ticket SUP-9: events[0] (plan_changed): needs the new 'plan', got 3",
        ),
        (
            {"at": at(3), "kind": "severity_changed", "severity": ""},
            "ticket SUP-9: events[0] (severity_changed): needs the new 'severity'",
        ),
        (
            {"at": at(3), "kind": "severity_changed", "severity": True},
            "ticket SUP-9: events[0] (severity_changed): a severity must be text such as 'P1', "
            "got True",
        ),
        (
            {"at": "3 pm", "kind": "resolved"},
            "ticket SUP-9: events[0] (resolved) 'at': '3 pm' is not an ISO 8601 date-time",
        ),
        (
            {"kind": "resolved"},
            "ticket SUP-9: events[0] (resolved) 'at': expected an ISO 8601 date-time, got None",
        ),
    ],
)
def test_a_wrong_event_is_named_with_its_index(event: Any, message: str) -> None:
    second = {"at": at(2, 30), "kind": "updated"}
    text = refusal({**BASE, "events": [event, second]})
    assert text.startswith(message)


def test_the_index_is_the_events_own() -> None:
    events = [{"at": at(3), "kind": "first_response"}, {"at": at(4), "kind": "oops"}]
    assert refusal({**BASE, "events": events}).startswith("ticket SUP-9: events[1]: unknown kind")


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            [{"at": at(1), "kind": "first_response"}],
            "ticket SUP-9: events[0] (first_response at 2026-11-27T01:00:00+01:00): "
            "comes before submission (2026-11-27T02:00:00+01:00)",
        ),
        (
            [{"at": at(5), "kind": "updated"}, {"at": "2026-11-27T03:00:00Z", "kind": "updated"}],
            "ticket SUP-9: events[1] (updated at 2026-11-27T03:00:00+00:00): "
            "out of time order (after 2026-11-27T04:00:00+00:00)",
        ),
        (
            [{"at": at(5), "kind": "closed"}, {"at": at(6), "kind": "updated"}],
            "ticket SUP-9: events[1] (updated at 2026-11-27T06:00:00+01:00): "
            "comes after the ticket was closed",
        ),
        (
            [{"at": at(5), "kind": "paused"}, {"at": at(6), "kind": "paused"}],
            "ticket SUP-9: events[1] (paused at 2026-11-27T06:00:00+01:00): "
            "the clock is already paused",
        ),
        (
            [{"at": at(5), "kind": "resumed"}],
            "ticket SUP-9: events[0] (resumed at 2026-11-27T05:00:00+01:00): "
            "resume without a pause",
        ),
        (
            [
                {"at": at(5), "kind": "paused"},
                {"at": at(6), "kind": "resumed"},
                {"at": at(7), "kind": "resumed"},
            ],
            "ticket SUP-9: events[2] (resumed at 2026-11-27T07:00:00+01:00): "
            "resume without a pause",
        ),
        (
            [{"at": at(5), "kind": "first_response"}, {"at": at(6), "kind": "first_response"}],
            "ticket SUP-9: events[1] (first_response at 2026-11-27T06:00:00+01:00): "
            "a second first response (the first counts)",
        ),
        (
            [{"at": at(5), "kind": "reopened"}],
            "ticket SUP-9: events[0] (reopened at 2026-11-27T05:00:00+01:00): reopened while open",
        ),
        (
            [
                {"at": at(3), "kind": "resolved"},
                {"at": at(4), "kind": "reopened"},
                {"at": at(5), "kind": "reopened"},
            ],
            "ticket SUP-9: events[2] (reopened at 2026-11-27T05:00:00+01:00): reopened while open",
        ),
    ],
)
def test_an_inconsistent_timeline_names_the_event_and_the_problem(
    events: list[dict[str, Any]], message: str
) -> None:
    assert refusal({**BASE, "events": events}) == message


def test_an_event_at_the_submission_instant_or_with_the_one_before_is_in_order() -> None:
    events = [
        {"at": BASE["submitted_at"], "kind": "paused"},
        {"at": BASE["submitted_at"], "kind": "resumed"},
        {"at": at(3), "kind": "first_response"},
        {"at": "2026-11-27T02:00:00Z", "kind": "updated"},  # 03:00 +01:00, the same instant
    ]
    ticket = Ticket.from_dict({**BASE, "events": events})
    assert [e.kind for e in ticket.events] == [
        EventKind.PAUSED,
        EventKind.RESUMED,
        EventKind.FIRST_RESPONSE,
        EventKind.UPDATED,
    ]
    assert ticket.warnings == ()


def test_a_closed_ticket_can_be_reopened_and_answered_again() -> None:
    events = [
        {"at": at(3), "kind": "closed"},
        {"at": at(4), "kind": "reopened"},
        {"at": at(5), "kind": "paused"},
        {"at": at(6), "kind": "resumed"},
        {"at": at(7), "kind": "resolved"},
        {"at": at(8), "kind": "closed"},
    ]
    ticket = Ticket.from_dict({**BASE, "events": events})
    assert len(ticket.events) == 6 and ticket.warnings == ()


def test_a_resolved_ticket_reopened_takes_events_without_notes() -> None:
    events = [
        {"at": at(3), "kind": "resolved"},
        {"at": at(4), "kind": "reopened"},
        {"at": at(5), "kind": "first_response"},
        {"at": at(6), "kind": "resolved"},
        {"at": at(7), "kind": "closed"},
    ]
    ticket = Ticket.from_dict({**BASE, "events": events})
    assert len(ticket.events) == 5 and ticket.warnings == ()


def test_events_after_a_resolution_are_kept_and_noted_by_name() -> None:
    events = [
        {"at": at(3), "kind": "resolved"},
        {"at": at(4), "kind": "updated"},
        {"at": at(5), "kind": "closed"},
    ]
    ticket = Ticket.from_dict({**BASE, "events": events})
    assert ticket.warnings == (
        "ticket SUP-9: events[1] (updated at 2026-11-27T04:00:00+01:00): "
        "after resolved without reopened",
    )
    assert len(ticket.events) == 3


# -- tickets built in code ------------------------------------------------------------------------


def test_a_ticket_built_in_code_is_named_by_its_id() -> None:
    with pytest.raises(InvalidTicketError, match=r"^ticket SUP-3: needs a plan, got ' '$"):
        Ticket(" ", SUBMITTED, id="SUP-3")
    with pytest.raises(InvalidTicketError, match=r"^ticket: needs a plan, got None$"):
        Ticket(None, SUBMITTED)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidTicketError, match=r"^ticket SUP-3: submitted_at: expected an aware datetime"
    ):
        Ticket("standard", "2026-11-27", id="SUP-3")  # type: ignore[arg-type]
    with pytest.raises(InvalidTicketError, match=r"^ticket SUP-3: events\[1\] is not an Event$"):
        Ticket(
            "standard",
            SUBMITTED,
            events=[Event(SUBMITTED, EventKind.UPDATED), {"kind": "updated"}],  # type: ignore[list-item]
            id="SUP-3",
        )
    late = Event(SUBMITTED - timedelta(minutes=1), EventKind.UPDATED)
    with pytest.raises(
        InvalidTicketError,
        match=r"^ticket SUP-3: events\[0\] \(updated at 2026-11-27T01:59:00\+01:00\): "
        r"comes before submission",
    ):
        Ticket("standard", SUBMITTED, events=[late], id="SUP-3")
    naive = Event(datetime(2026, 11, 27, 5), EventKind.RESOLVED)
    with pytest.raises(
        InvalidTicketError,
        match=r"^ticket SUP-3: events\[0\] \(resolved\) 'at': 2026-11-27T05:00:00 has no UTC",
    ):
        Ticket("standard", SUBMITTED, events=[naive], id="SUP-3")


def test_a_ticket_built_in_code_notes_events_after_its_resolution() -> None:
    events = [Event(SUBMITTED, EventKind.RESOLVED), Event(SUBMITTED, EventKind.UPDATED)]
    ticket = Ticket("standard", SUBMITTED, events=events, id="SUP-3", warnings=["earlier"])
    assert ticket.warnings == (
        "earlier",
        "ticket SUP-3: events[1] (updated at 2026-11-27T02:00:00+01:00): "
        "after resolved without reopened",
    )


def test_a_ticket_keeps_its_instants_as_given() -> None:
    ticket = Ticket("standard", SUBMITTED, events=[Event(SUBMITTED, EventKind.UPDATED)])
    assert ticket.submitted_at.tzinfo is CET and ticket.events[0].at.tzinfo is CET


# -- severities as written ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [(None, None), ("", None), (0, "0"), (1, "1"), (999, "999"), ("P2", "P2"), (" P2", " P2")],
)
def test_a_severity_is_kept_as_written(written: object, kept: str | None) -> None:
    assert Ticket.from_dict({**BASE, "severity": written}).severity == kept
    assert Ticket("standard", SUBMITTED, written).severity == kept


def test_a_severity_level_stands_for_its_code() -> None:
    level = stakater_policy().latest.severities.parse("P3")
    assert Ticket("standard", SUBMITTED, level).severity == "P3"
    event = Event(SUBMITTED, EventKind.SEVERITY_CHANGED, level)
    assert event.severity == "P3"


def test_a_severity_change_takes_a_number() -> None:
    event = {"at": at(3), "kind": "severity_changed", "severity": 2}
    ticket = Ticket.from_dict({**BASE, "events": [event]})
    assert ticket.events[0].severity == "2"


# -- lenient reading ------------------------------------------------------------------------------


def test_a_lenient_reading_says_what_it_set_aside_by_name() -> None:
    events = [
        {"at": at(4), "kind": "first_response"},
        {"at": at(3), "kind": "paused", "severity": "P2"},
        {"at": at(1), "kind": "updated"},
    ]
    ticket = Ticket.from_dict({**BASE, "zz": 1, "events": events}, lenient=True)
    assert ticket.warnings == (
        "ticket SUP-9: unknown field(s) ['zz'] kept in extra",
        "ticket SUP-9: events[1] (paused): field(s) ['severity'] not taken by this kind; ignored",
        "ticket SUP-9: events out of time order; sorted",
        "ticket SUP-9: events[0] (updated at 2026-11-27T01:00:00+01:00): "
        "comes before submission (2026-11-27T02:00:00+01:00); ignored",
    )
    assert ticket.extra == {"zz": 1}
    assert [(e.at.hour, e.kind) for e in ticket.events] == [
        (3, EventKind.PAUSED),
        (4, EventKind.FIRST_RESPONSE),
    ]
    assert ticket.events[0].severity is None


def test_a_lenient_reading_still_refuses_what_it_cannot_judge() -> None:
    assert refusal({**BASE, "plan": ""}, lenient=True) == "ticket SUP-9: needs a 'plan', got ''"
    event = {"at": "soon", "kind": "updated"}
    assert refusal({**BASE, "events": [event]}, lenient=True).startswith(
        "ticket SUP-9: events[0] (updated) 'at': 'soon' is not an ISO 8601"
    )


def test_a_lenient_reading_drops_a_field_the_kind_does_not_take() -> None:
    event = {"at": at(3), "kind": "updated", "plan": "premium", "written": True}
    ticket = Ticket.from_dict({**BASE, "events": [event]}, lenient=True)
    assert ticket.events == (Event(ticket.events[0].at, EventKind.UPDATED),)
    assert ticket.warnings == (
        "ticket SUP-9: events[0] (updated): field(s) ['plan', 'written'] not taken by this kind;"
        " ignored",
    )


def test_a_plain_ticket_read_leniently_has_no_warnings() -> None:
    events = [{"at": at(3), "kind": "first_response"}, {"at": at(3), "kind": "resolved"}]
    ticket = Ticket.from_dict({**BASE, "events": events}, lenient=True)
    assert ticket.warnings == () and ticket.extra == {}
    assert ticket == Ticket.from_dict({**BASE, "events": events})


# -- the data shape -------------------------------------------------------------------------------


def test_escalation_flags_default_to_a_justified_spoken_request() -> None:
    event = Event.from_dict({"at": at(3), "kind": "escalation_requested"})
    assert (event.written, event.justified) == (False, True)
    assert event.as_dict() == {
        "at": "2026-11-27T03:00:00+01:00",
        "kind": "escalation_requested",
        "written": False,
        "justified": True,
    }


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"kind": EventKind.UPDATED, "written": True}, "'written': must be false"),
        ({"kind": EventKind.UPDATED, "justified": False}, "'justified': must be true"),
        ({"kind": EventKind.FIRST_RESPONSE, "severity": "P2"}, "only a severity change"),
        ({"kind": EventKind.SEVERITY_CHANGED, "severity": "P1", "plan": "premium"}, "only a plan"),
    ],
)
def test_an_event_takes_only_the_fields_of_its_kind(fields: dict[str, Any], words: str) -> None:
    """As Event.from_dict reads them, so that what as_dict writes reads back."""
    with pytest.raises(InvalidTicketError, match=words):
        Event(SUBMITTED, **fields)


@given(
    kind=st.sampled_from(list(EventKind)),
    severity=st.sampled_from([None, "P1"]),
    plan=st.sampled_from([None, "premium"]),
    written=st.booleans(),
    justified=st.booleans(),
)
def test_every_event_that_can_be_made_reads_back_from_its_data(
    kind: EventKind, severity: str | None, plan: str | None, written: bool, justified: bool
) -> None:
    try:
        event = Event(SUBMITTED, kind, severity, plan, written, justified)
    except InvalidTicketError:
        return
    assert Event.from_dict(event.as_dict()) == event


def test_a_ticket_without_an_id_has_none_in_its_data() -> None:
    ticket = Ticket("standard", SUBMITTED)
    assert ticket.as_dict() == {
        "plan": "standard",
        "severity": None,
        "submitted_at": "2026-11-27T02:00:00+01:00",
        "events": [],
    }
    assert list(ticket.as_dict()) == ["plan", "severity", "submitted_at", "events"]


def test_a_lenient_tickets_extra_fields_come_back_in_its_data() -> None:
    ticket = Ticket.from_dict({**BASE, "queue": "ops"}, lenient=True)
    assert ticket.as_dict() == {**BASE, "events": [], "queue": "ops"}


def test_the_first_event_of_a_kind() -> None:
    events = [
        {"at": at(3), "kind": "updated"},
        {"at": at(4), "kind": "first_response"},
        {"at": at(5), "kind": "updated"},
    ]
    ticket = Ticket.from_dict({**BASE, "events": events})
    first = ticket.first(EventKind.UPDATED)
    assert first is not None and first.at.hour == 3
    assert ticket.first(EventKind.CLOSED) is None
    assert ticket.first_response_at == datetime(2026, 11, 27, 4, tzinfo=CET)
    assert Ticket("standard", SUBMITTED).first_response_at is None


def test_a_ticket_at_the_utc_end_of_the_range_is_read() -> None:
    ticket = Ticket("standard", datetime(2200, 12, 31, 23, 59, tzinfo=UTC))
    assert ticket.submitted_at.year == 2200


@pytest.mark.parametrize("ident", [None, "", "  "])
def test_a_ticket_without_a_usable_id_is_named_ticket_alone(ident: str | None) -> None:
    assert ticket_name(ident) == "ticket"
    assert ticket_name("SUP-1") == "ticket SUP-1"


@pytest.mark.parametrize("severity", [5000, -1, "  ", 1.5])
def test_a_ticket_built_directly_names_itself_in_a_bad_severity(severity: object) -> None:
    with pytest.raises(InvalidTicketError, match=r"^ticket: a severity"):
        Ticket("standard", datetime(2026, 11, 27, 9, tzinfo=UTC), severity=severity)


def test_an_events_kind_may_be_given_by_name_and_a_wrong_one_is_named() -> None:
    at = datetime(2026, 11, 27, 3, tzinfo=UTC)
    assert Event(at, "first_response").kind is EventKind.FIRST_RESPONSE
    with pytest.raises(
        InvalidTicketError, match=r"^an event's kind must be one of: first_resp.*; got 'answered'$"
    ):
        Event(at, "answered")
    wrong: dict[str, tuple[dict[str, object], str]] = {
        "plan": ({"plan": 5}, "a text or None, got 5"),
        "written": ({"written": "yes"}, "true or false, got 'yes'"),
        "justified": ({"justified": 1}, "true or false, got 1"),
    }
    for field, (stated, words) in wrong.items():
        kind = EventKind.ESCALATION_REQUESTED
        with pytest.raises(
            InvalidTicketError,
            match=rf"^event \(escalation_requested\) '{field}': must be {words}$",
        ):
            Event(at, kind, **stated)  # type: ignore[arg-type]  # wrong on purpose


def test_a_tickets_id_must_be_a_text() -> None:
    with pytest.raises(InvalidTicketError, match=r"^a ticket's id must be a text or None, got 5$"):
        Ticket("standard", datetime(2026, 11, 27, 3, tzinfo=UTC), id=5)  # type: ignore[arg-type]


def test_a_time_without_offset_is_named_by_its_event_even_when_lenient() -> None:
    data = {
        "id": "SUP-9",
        "plan": "standard",
        "submitted_at": "2026-11-27T02:00:00Z",
        "events": [{"at": "2026-11-27T05:00:00", "kind": "resolved"}],
    }
    for lenient in (False, True):
        with pytest.raises(
            InvalidTicketError,
            match=r"^ticket SUP-9: events\[0\] \(resolved\) 'at': 2026-11-27T05:00:00 has no UTC "
            r"offset; add one, e.g. \+01:00 or Z$",
        ):
            Ticket.from_dict(data, lenient=lenient)


def test_a_submission_given_as_text_in_code_is_shown() -> None:
    with pytest.raises(
        InvalidTicketError,
        match=r"^ticket: submitted_at: expected an aware datetime, got '2026-11-27T02:00:00Z'; "
        r"from_dict reads ISO 8601 text$",
    ):
        Ticket("standard", "2026-11-27T02:00:00Z")  # type: ignore[arg-type]
