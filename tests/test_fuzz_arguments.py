"""Hostile arguments for the public functions and methods: an answer or the library's error.

Each callable starts from good arguments (the built-in policy, its calendars, a
ticket, a report) and has one replaced by anything: none, huge or odd numbers,
texts with NULs or lone surrogates, naive datetimes, instants at the ends of
``datetime``, durations at the ends of ``timedelta``, lists, mappings, and good
values in the wrong place. It must return, or raise the library's own error, or a
``TypeError`` for a Python type that cannot be the argument: never for a value of
the good argument's own type (a text for a text, a mapping for a mapping). Value types built
with hostile fields are ``test_fuzz_values.py``'s; files are ``test_fuzz.py``'s.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support_policy import (
    ComplianceReport,
    SupportPolicyError,
    Target,
    Ticket,
    WeeklyHours,
    Window,
    breaching_within,
    escalations_due,
    stakater_policy,
    ticket_status,
)
from support_policy.formats import dump_policy, parse_policy, read_tickets, write_csv, write_jsonl
from support_policy.render import stamp, to_data, to_html, to_json, to_text
from support_policy.sla import Event, due_soon, evaluate
from support_policy.stakater import stakater_business_calendar

from .strategies import hostile_values

POLICY = stakater_policy()
VERSION = POLICY.latest
CALENDAR = VERSION.business_calendar
AROUND = VERSION.round_the_clock
NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
LATER = datetime(2026, 3, 20, 10, tzinfo=UTC)
TICKET = Ticket.from_dict(
    {
        "id": "SUP-1",
        "plan": "standard",
        "severity": "P1",
        "submitted_at": "2026-03-02T08:00:00+01:00",
        "events": [{"at": "2026-03-02T12:00:00+01:00", "kind": "first_response"}],
    }
)
STATUS = ticket_status(POLICY, TICKET, NOW)
SCOPE = VERSION.scope
assert SCOPE is not None
assert CALENDAR.holidays is not None
EVENT = {"at": "2026-03-02T12:00:00+01:00", "kind": "first_response"}


def _report() -> ComplianceReport:
    return ComplianceReport.build(POLICY, [TICKET], LATER)


# name: (callable, good arguments); each argument in turn may be replaced.
CALLS: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
    "calendar.add": (CALENDAR.add, (NOW, timedelta(hours=5))),
    "calendar.subtract": (CALENDAR.subtract, (NOW, timedelta(hours=5))),
    "calendar.elapsed": (CALENDAR.elapsed, (NOW, LATER)),
    "calendar.windows": (CALENDAR.windows, (NOW, LATER)),
    "calendar.closures": (CALENDAR.closures, (NOW, LATER)),
    "calendar.is_open": (CALENDAR.is_open, (NOW,)),
    "calendar.next_open": (CALENDAR.next_open, (NOW,)),
    "calendar.closed_on": (CALENDAR.closed_on, (date(2026, 1, 1),)),
    "round the clock.add": (AROUND.add, (NOW, timedelta(hours=5))),
    "round the clock.elapsed": (AROUND.elapsed, (NOW, LATER)),
    "hours.on": (CALENDAR.hours.on, (2,)),
    "hours.daily_total": (CALENDAR.hours.daily_total, (2,)),
    "WeeklyHours.parse": (WeeklyHours.parse, ({"mon-fri": "09:00-17:00"},)),
    "Window.parse": (Window.parse, ("09:00-17:00",)),
    "holidays.names": (CALENDAR.holidays.names, (2026, 2026)),
    "Target.parse": (Target.parse, ("8 business hours",)),
    "severities.parse": (VERSION.severities.parse, ("P1",)),
    "policy.deadline": (POLICY.deadline, ("standard", "P1", NOW)),
    "policy.target": (POLICY.target, ("standard", "P1")),
    "policy.plan": (POLICY.plan, ("standard",)),
    "policy.explain": (POLICY.explain, ("standard", "P1", NOW)),
    "policy.as_of": (POLICY.as_of, (NOW,)),
    "version.matrix": (VERSION.matrix, ("response",)),
    "version.clock": (VERSION.clock, ("standard", "P1")),
    "scope.covers": (SCOPE.covers, ("upgrades",)),
    "ticket_status": (ticket_status, (POLICY, TICKET, NOW)),
    "escalations_due": (escalations_due, (POLICY, TICKET, NOW)),
    "evaluate": (lambda *a: list(evaluate(*a)), (POLICY, [TICKET], NOW)),
    "breaching_within": (
        lambda *a: list(breaching_within(*a)),
        (POLICY, [TICKET], NOW, timedelta(hours=4)),
    ),
    "due_soon": (lambda *a: list(due_soon(*a)), ([STATUS], NOW, timedelta(hours=4))),
    "status.upcoming": (STATUS.upcoming, ()),
    "Ticket.from_dict": (Ticket.from_dict, ({"plan": "standard", "submitted_at": NOW},)),
    "Event.from_dict": (Event.from_dict, (EVENT, "event", [])),
    "report.add": (lambda status: _report().add(status), (STATUS,)),
    "report.merge": (lambda other: _report().merge(other), (_report(),)),
    "ComplianceReport.build": (ComplianceReport.build, (POLICY, [TICKET], LATER)),
    "parse_policy": (parse_policy, ('format = 1\nname = "x"',)),
    "dump_policy": (dump_policy, (POLICY,)),
    "read_tickets": (
        lambda text, fmt: list(read_tickets(io.StringIO(text), format=fmt)),
        ('{"plan": "premium", "submitted_at": "2026-03-02T08:00:00Z"}\n', "jsonl"),
    ),
    "read_tickets source": (lambda source: list(read_tickets(source)), (Path(__file__),)),
    "write_jsonl": (write_jsonl, ([TICKET], io.StringIO())),
    "write_csv": (write_csv, ([TICKET], io.StringIO())),
    "to_data": (to_data, (STATUS,)),
    "to_text": (to_text, (STATUS,)),
    "to_html": (to_html, (STATUS,)),
    "to_json": (to_json, (STATUS,)),
    "stamp": (stamp, (NOW,)),
    "stakater_business_calendar": (stakater_business_calendar, ("Europe/Oslo", "08:00-16:00")),
}

EDGES = [
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23))),
    datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime.max.replace(tzinfo=UTC),
    datetime(1899, 12, 31, 23, tzinfo=UTC),
    datetime(2201, 1, 1, tzinfo=UTC),
]
values = hostile_values(
    st.sampled_from(["\x00", "\ud800", "P1 \u2013 Critical", "x" * 10_000, "", " "]),
    st.sampled_from(EDGES),
    st.sampled_from([timedelta.max, timedelta.min, -timedelta(microseconds=1)]),
    st.sampled_from([POLICY, VERSION, CALENDAR, TICKET, STATUS]),  # good values, wrong places
)


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_argument_gives_an_answer_or_the_librarys_error(name: str, data: Any) -> None:
    call, good = CALLS[name]
    arguments = list(good)
    same_kind = False  # a value of the good argument's own type: no TypeError excuses it
    if arguments:
        place = data.draw(st.integers(0, len(arguments) - 1), label="place")
        arguments[place] = value = data.draw(values, label="value")
        kind = type(good[place])
        same_kind = type(value) is kind and kind not in (list, tuple)  # items may be wrong
    try:
        call(*arguments)
    except SupportPolicyError:
        pass
    except TypeError:
        if same_kind:
            raise
