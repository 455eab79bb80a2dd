"""Hostile field values for every value a caller builds: a value, or the library's error.

Each type starts from a good value (found in the built-in policy, a ticket, or given
here) and has one or two of its fields replaced by anything at all. Building it must
give a value or raise the library's own error (or ``TypeError`` for a Python type that
cannot be one, as the policy questions allow); a value that is built must also hash,
show and render, so a bad field is refused where it is given, not where it is used.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from support_policy import SupportPolicyError, stakater_policy
from support_policy.calendars import (
    BusinessCalendar,
    PartialClosure,
    PublicHolidays,
    RecurringClosure,
    RoundTheClock,
    WeeklyHours,
    Window,
)
from support_policy.policy import (
    Activity,
    Boundary,
    Channel,
    ClockRules,
    EscalationModel,
    Plan,
    Policy,
    PolicyVersion,
    Scope,
    Severity,
    SeverityScale,
    Target,
)
from support_policy.render import to_data, to_text
from support_policy.sla import Event, EventKind, Ticket

from .strategies import hostile_values


def _found(value: object, into: dict[type, object]) -> None:
    """Every attrs value reachable from ``value``, the first of each type."""
    kind = type(value)
    if attrs.has(kind):
        if kind in into:
            return
        into[kind] = value
        for field in attrs.fields(kind):
            _found(getattr(value, field.name), into)
    elif isinstance(value, list | tuple | frozenset):
        for item in value:
            _found(item, into)
    elif hasattr(value, "items"):
        for key, item in value.items():
            _found(key, into)
            _found(item, into)


AT = datetime(2026, 3, 3, 10, tzinfo=UTC)
GOOD: dict[type, Any] = {}
_found(stakater_policy(), GOOD)
_found(Ticket("standard", AT, "P1", [Event(AT, EventKind.FIRST_RESPONSE)], "T-1"), GOOD)
GOOD[PartialClosure] = PartialClosure("14:00", "eve", before_holidays=True)
GOOD[RecurringClosure] = RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=27", "party")
BUILT = (
    Activity,
    Boundary,
    BusinessCalendar,
    Channel,
    ClockRules,
    EscalationModel,
    Event,
    PartialClosure,
    Plan,
    Policy,
    PolicyVersion,
    PublicHolidays,
    RecurringClosure,
    RoundTheClock,
    Scope,
    Severity,
    SeverityScale,
    Target,
    Ticket,
    WeeklyHours,
    Window,
)

values = hostile_values(
    st.sampled_from(["standard", "P1", "09:00-17:00", "8h", "SE", "FREQ=DAILY", "14:00", ""]),
    st.sampled_from([GOOD[kind] for kind in BUILT]),  # a good value in the wrong field
)


def _arguments(value: object) -> dict[str, Any]:
    """The arguments that build ``value`` again: its own fields, as ``attrs.evolve`` gives."""
    kind = type(value)
    assert attrs.has(kind)  # every value built here is an attrs class's
    return {
        field.alias or field.name: getattr(value, field.name)
        for field in attrs.fields(kind)
        if field.init
    }


def test_every_type_is_found_and_its_good_value_rebuilds() -> None:
    for kind in BUILT:
        good = GOOD[kind]
        assert kind(**_arguments(good)) == good
        assert attrs.evolve(good) == good


@pytest.mark.parametrize("kind", BUILT, ids=lambda kind: kind.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_field_value_gives_a_value_or_the_librarys_error(kind: type, data: Any) -> None:
    arguments = _arguments(GOOD[kind])
    names = data.draw(st.lists(st.sampled_from(sorted(arguments)), min_size=1, max_size=2))
    for name in names:
        arguments[name] = data.draw(values, label=name)
    with contextlib.suppress(SupportPolicyError, TypeError):
        made = kind(**arguments)
        hash(made)
        repr(made)
        to_data(made)
        to_text(made)
