"""Tickets: a request's life as plain, immutable data.

A :class:`Ticket` holds its plan, its severity as written (None: the policy's default;
the policy that judges the ticket reads it against its own levels), the
instant it was properly submitted (the SLA clock starts then) and its events in
time order. Build one with keyword arguments or from a dict / JSON object::

    {"id": "SUP-1", "plan": "standard", "severity": "P1",
     "submitted_at": "2026-11-27T02:00:00+01:00",
     "events": [{"at": "2026-11-27T16:59:00+01:00", "kind": "first_response"}]}

Event kinds: ``first_response``, ``severity_changed`` (with ``severity``),
``paused``, ``resumed``, ``resolved``, ``closed``, ``plan_changed`` (with ``plan``),
and two more the clock reads when they are given: ``updated`` (an update to the
customer) and ``escalation_requested`` (optional ``written`` and ``justified``).
Inconsistent timelines are refused with an error that names the offending event.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from support_policy.calendars.instants import parse_iso
from support_policy.errors import InvalidTicketError

__all__ = ["Event", "EventKind", "Ticket"]


class EventKind(enum.Enum):
    """What happened to a ticket."""

    FIRST_RESPONSE = "first_response"
    SEVERITY_CHANGED = "severity_changed"
    PAUSED = "paused"
    RESUMED = "resumed"
    RESOLVED = "resolved"
    CLOSED = "closed"
    PLAN_CHANGED = "plan_changed"
    UPDATED = "updated"
    ESCALATION_REQUESTED = "escalation_requested"


_KINDS = ", ".join(k.value for k in EventKind)


def _instant(value: object, what: str) -> datetime:
    if isinstance(value, str):
        try:
            value = parse_iso(value)
        except ValueError as exc:
            raise InvalidTicketError(f"{what}: {exc}") from None
    if not isinstance(value, datetime):
        raise InvalidTicketError(f"{what}: expected an ISO 8601 date-time, got {value!r}")
    if value.utcoffset() is None:
        raise InvalidTicketError(
            f"{what}: {value.isoformat()} has no UTC offset; add one, e.g. +01:00 or Z"
        )
    return value


def _utc_instant(value: object, what: str) -> datetime:
    """``value`` as a UTC instant, if it is an aware datetime; else the library's error."""
    if not isinstance(value, datetime):
        raise InvalidTicketError(
            f"{what}: expected an aware datetime, got {value!r}; from_dict reads ISO 8601 text"
        )
    return _instant(value, what).astimezone(UTC)


def _severity_text(value: object, what: str) -> str | None:
    """A severity as written: text (None or empty: not given); a whole number as its digits."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    code = getattr(value, "code", value)  # a Severity level stands for its code
    if not isinstance(code, str) or not code.strip():
        raise InvalidTicketError(f"{what}: a severity must be text such as 'P1', got {value!r}")
    return code


def _severity(value: object) -> str | None:  # an attrs converter
    return _severity_text(value, "ticket")


@attrs.frozen
class Event:
    """One thing that happened to a ticket, at an instant.

    Attributes:
        at: when (timezone-aware).
        kind: what.
        severity: the new severity as written, for ``severity_changed``.
        plan: the new plan, for ``plan_changed``.
        written: for ``escalation_requested``: the request was made in writing.
        justified: for ``escalation_requested``: the request is justified.
    """

    at: datetime
    kind: EventKind
    severity: str | None = attrs.field(default=None, converter=_severity)
    plan: str | None = None
    written: bool = False
    justified: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], what: str = "event") -> Event:
        """Read ``{"at": "...", "kind": "...", ...}``."""
        if not isinstance(data, Mapping):
            raise InvalidTicketError(f"{what}: expected an object, got {data!r}")
        unknown = sorted(set(data) - {"at", "kind", "severity", "plan", "written", "justified"})
        if unknown:
            raise InvalidTicketError(f"{what}: unknown field(s) {unknown}")
        try:
            kind = EventKind(data.get("kind"))
        except ValueError:
            raise InvalidTicketError(
                f"{what}: unknown kind {data.get('kind')!r}; expected one of: {_KINDS}"
            ) from None
        at = _instant(data.get("at"), f"{what} ({kind.value}) 'at'")
        severity = None
        if kind is EventKind.SEVERITY_CHANGED:
            severity = _severity_text(data.get("severity"), f"{what} (severity_changed)")
            if severity is None:
                raise InvalidTicketError(f"{what} (severity_changed): needs the new 'severity'")
        plan = data.get("plan")
        if kind is EventKind.PLAN_CHANGED and (not isinstance(plan, str) or not plan.strip()):
            raise InvalidTicketError(f"{what} (plan_changed): needs the new 'plan', got {plan!r}")
        flags = {k: data.get(k, d) for k, d in (("written", False), ("justified", True))}
        for key, value in flags.items():
            if not isinstance(value, bool):
                raise InvalidTicketError(f"{what}: '{key}' must be true or false, got {value!r}")
        return cls(at, kind, severity, plan if kind is EventKind.PLAN_CHANGED else None, **flags)

    def as_dict(self) -> dict[str, Any]:
        """The event as JSON-ready data, in the shape :meth:`from_dict` reads."""
        data: dict[str, Any] = {"at": self.at.isoformat(), "kind": self.kind.value}
        if self.severity is not None:
            data["severity"] = self.severity
        if self.plan is not None:
            data["plan"] = self.plan
        if self.kind is EventKind.ESCALATION_REQUESTED:
            data["written"], data["justified"] = self.written, self.justified
        return data


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(value)


def _event_error(ticket: str, i: int, event: Event, problem: str) -> InvalidTicketError:
    # Built only on error: formatting every event's time up front is costly in bulk.
    what = f"{ticket}: events[{i}] ({event.kind.value} at {event.at.isoformat()})"
    return InvalidTicketError(f"{what}: {problem}")


@attrs.frozen
class Ticket:
    """A support request over its life.

    Raises:
        InvalidTicketError: the timeline is inconsistent: an event before submission
            or out of time order, a resume without a pause, a second pause, any event
            after closing, a second first response.

    >>> from datetime import datetime, timezone
    >>> ticket = Ticket.from_dict({
    ...     "id": "SUP-1", "plan": "standard", "severity": "P1",
    ...     "submitted_at": "2026-11-27T02:00:00+01:00",
    ...     "events": [{"at": "2026-11-27T16:59:00+01:00", "kind": "first_response"}],
    ... })
    >>> ticket.first_response_at.isoformat()
    '2026-11-27T16:59:00+01:00'
    """

    plan: str
    submitted_at: datetime
    severity: str | None = attrs.field(default=None, converter=_severity)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    id: str | None = None

    def __attrs_post_init__(self) -> None:
        name = f"ticket {self.id}" if self.id else "ticket"
        if not isinstance(self.plan, str) or not self.plan.strip():
            raise InvalidTicketError(f"{name}: needs a plan, got {self.plan!r}")
        submitted = _utc_instant(self.submitted_at, f"{name}: submitted_at")
        previous: datetime | None = None
        paused = answered = closed = False
        for i, event in enumerate(self.events):
            if not isinstance(event, Event):
                raise InvalidTicketError(f"{name}: events[{i}] is not an Event")
            at = _utc_instant(event.at, f"{name}: events[{i}] ({event.kind.value}) 'at'")
            if at < submitted:
                raise _event_error(name, i, event, f"comes before submission ({submitted})")
            if previous is not None and at < previous:
                raise _event_error(name, i, event, f"out of time order (after {previous})")
            if closed:
                raise _event_error(name, i, event, "comes after the ticket was closed")
            kind = event.kind
            if kind is EventKind.PAUSED:
                if paused:
                    raise _event_error(name, i, event, "the clock is already paused")
                paused = True
            elif kind is EventKind.RESUMED:
                if not paused:
                    raise _event_error(name, i, event, "resume without a pause")
                paused = False
            elif kind is EventKind.FIRST_RESPONSE:
                if answered:
                    raise _event_error(name, i, event, "a second first response")
                answered = True
            elif kind is EventKind.CLOSED:
                closed = True
            previous = at

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ticket:
        """Read a ticket from a dict / JSON object with ISO 8601 strings.

        Raises:
            InvalidTicketError: a field is missing or wrong, or the timeline is not
                consistent; the message names the offending field or event.
        """
        if not isinstance(data, Mapping):
            raise InvalidTicketError(f"a ticket must be an object, got {data!r}")
        known = {"id", "plan", "severity", "submitted_at", "events"}
        unknown = sorted(set(data) - known)
        ident = data.get("id")
        name = f"ticket {ident}" if ident is not None else "ticket"
        if unknown:
            raise InvalidTicketError(
                f"{name}: unknown field(s) {unknown}; expected some of {sorted(known)}"
            )
        if ident is not None and not isinstance(ident, str | int):
            raise InvalidTicketError(f"{name}: 'id' must be a string, got {ident!r}")
        plan = data.get("plan")
        if not isinstance(plan, str) or not plan.strip():
            raise InvalidTicketError(f"{name}: needs a 'plan', got {plan!r}")
        severity = _severity_text(data.get("severity"), name)
        if "submitted_at" not in data:
            raise InvalidTicketError(f"{name}: needs 'submitted_at'")
        submitted = _instant(data["submitted_at"], f"{name}: submitted_at")
        raw = data.get("events", [])
        if not isinstance(raw, list):
            raise InvalidTicketError(f"{name}: 'events' must be a list, got {raw!r}")
        events = [Event.from_dict(e, f"{name}: events[{i}]") for i, e in enumerate(raw)]
        return cls(plan, submitted, severity, events, None if ident is None else str(ident))

    def as_dict(self) -> dict[str, Any]:
        """The ticket as JSON-ready data, in the shape :meth:`from_dict` reads."""
        data: dict[str, Any] = {}
        if self.id is not None:
            data["id"] = self.id
        data["plan"] = self.plan
        data["severity"] = self.severity
        data["submitted_at"] = self.submitted_at.isoformat()
        data["events"] = [e.as_dict() for e in self.events]
        return data

    def first(self, kind: EventKind) -> Event | None:
        """The first event of ``kind``, or None."""
        return next((e for e in self.events if e.kind is kind), None)

    @property
    def first_response_at(self) -> datetime | None:
        """When the first response was given, or None."""
        event = self.first(EventKind.FIRST_RESPONSE)
        return None if event is None else event.at
