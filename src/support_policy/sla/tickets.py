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

from support_policy.calendars.instants import END_OFFSET, EPOCH, MIN_OFFSET, instant_key, parse_iso
from support_policy.errors import InvalidTicketError, require, shown

__all__ = ["Event", "EventKind", "Ticket"]


def _ordered(keys: set[Any]) -> list[Any]:
    """Field names in order: texts first, as they sort, then any others (JSON has none)."""
    return sorted(keys, key=lambda k: (False, k) if isinstance(k, str) else (True, shown(k)))


def _listed(keys: set[Any]) -> str:
    """Field names for a message, in order."""
    return "[" + ", ".join(map(shown, _ordered(keys))) + "]"


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
    REOPENED = "reopened"


_KINDS = ", ".join(k.value for k in EventKind)
_FIELDS = {
    EventKind.SEVERITY_CHANGED: ("severity",),
    EventKind.PLAN_CHANGED: ("plan",),
    EventKind.ESCALATION_REQUESTED: ("written", "justified"),
}


def _instant(value: object, what: str) -> datetime:
    if isinstance(value, str):
        try:
            value = parse_iso(value)
        except ValueError as exc:
            raise InvalidTicketError(f"{what}: {exc}") from None
    if not isinstance(value, datetime):
        raise InvalidTicketError(f"{what}: expected an ISO 8601 date-time, got {shown(value)}")
    if value.utcoffset() is None:
        raise InvalidTicketError(
            f"{what}: {value.isoformat()} has no UTC offset; add one, e.g. +01:00 or Z"
        )
    if not MIN_OFFSET <= value - EPOCH < END_OFFSET:
        raise InvalidTicketError(
            f"{what}: {value.isoformat()} is outside the supported range "
            "1900-01-01 to 2200-12-31 (UTC)"
        )
    return value


def _utc_instant(value: object, what: str) -> datetime:
    """``value`` as a UTC instant, if it is an aware datetime; else the library's error."""
    if not isinstance(value, datetime):
        raise InvalidTicketError(
            f"{what}: expected an aware datetime, got {shown(value)}; from_dict reads ISO 8601 text"
        )
    return _instant(value, what).astimezone(UTC)


def _severity_text(value: object, what: str) -> str | None:
    """A severity as written: text (None or empty: not given); a whole number as its digits."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < 1_000:
            raise InvalidTicketError(f"{what}: a severity such as 1 or 'P1', got {shown(value)}")
        return str(value)
    code = getattr(value, "code", value)  # a Severity level stands for its code
    if not isinstance(code, str) or not code.strip():
        raise InvalidTicketError(
            f"{what}: a severity must be text such as 'P1', got {shown(value)}"
        )
    return code


def ticket_name(ident: object) -> str:
    """How messages name a ticket: ``ticket SUP-1``, or ``ticket`` without a usable id."""
    if ident is None or (isinstance(ident, str) and not ident.strip()):
        return "ticket"
    if isinstance(ident, str) and len(ident) <= 60:
        return f"ticket {ident}"
    return f"ticket {shown(ident)}"


def _ident(value: str | None) -> str | None:  # an attrs converter: an empty id is none
    return None if isinstance(value, str) and not value else value  # others: refused later


def _texts(value: Iterable[str]) -> tuple[str, ...]:  # an attrs converter
    texts = tuple(value)
    for text in texts:
        if not isinstance(text, str):
            raise InvalidTicketError(f"a ticket's warnings must be texts, got {shown(text)}")
    return texts


def _severity(value: object) -> str | None:  # an attrs converter
    return _severity_text(value, "ticket")


def _event_kind(value: object) -> EventKind:  # an attrs converter: a kind or its name
    if isinstance(value, EventKind):
        return value
    try:
        return EventKind(value)
    except (ValueError, TypeError):
        raise InvalidTicketError(
            f"an event's kind must be one of: {_KINDS}; got {shown(value)}"
        ) from None


_PLAIN_KINDS = frozenset(EventKind) - {
    EventKind.SEVERITY_CHANGED,
    EventKind.PLAN_CHANGED,
    EventKind.ESCALATION_REQUESTED,
}
"""The kinds that take no field but the instant."""


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

    at: datetime = attrs.field(eq=instant_key)
    kind: EventKind = attrs.field(converter=_event_kind)
    severity: str | None = attrs.field(default=None, converter=_severity)
    plan: str | None = None
    written: bool = False
    justified: bool = True

    def __attrs_post_init__(self) -> None:
        # One test per kind, not a validator per field: events are made in bulk. Every
        # field a kind does not take holds its default (``is False`` is ``bool`` too).
        kind, plan = self.kind, self.plan
        if kind in _PLAIN_KINDS:
            ok = plan is None and self.severity is None
            ok = ok and self.written is False and self.justified is True
        elif kind is EventKind.SEVERITY_CHANGED:
            ok = plan is None and self.severity is not None
            ok = ok and self.written is False and self.justified is True
        elif kind is EventKind.PLAN_CHANGED:
            ok = isinstance(plan, str) and bool(plan.strip()) and self.severity is None
            ok = ok and self.written is False and self.justified is True
        else:  # an escalation request
            ok = plan is None and self.severity is None
            ok = ok and type(self.written) is bool and type(self.justified) is bool
        if not (ok and isinstance(self.at, datetime)):
            self._refuse()

    def _refuse(self) -> None:
        """Raise the error about the first field of the wrong kind, or missing."""
        kind = self.kind
        for field, ok, words in (
            ("at", isinstance(self.at, datetime), "a datetime (Event.from_dict reads text)"),
            ("plan", self.plan is None or isinstance(self.plan, str), "a text or None"),
            ("written", type(self.written) is bool, "true or false"),
            ("justified", type(self.justified) is bool, "true or false"),
            (
                "severity",
                kind is not EventKind.SEVERITY_CHANGED or self.severity is not None,
                "the new severity, for a severity change",
            ),
            (
                "plan",
                kind is not EventKind.PLAN_CHANGED or bool((self.plan or "").strip()),
                "the new plan's name, for a plan change",
            ),
            (
                "severity",
                self.severity is None or kind is EventKind.SEVERITY_CHANGED,
                "None: only a severity change takes one",
            ),
            (
                "plan",
                self.plan is None or kind is EventKind.PLAN_CHANGED,
                "None: only a plan change takes one",
            ),
            (
                "written",
                not self.written or kind is EventKind.ESCALATION_REQUESTED,
                "false: only an escalation request is written",
            ),
            (
                "justified",
                self.justified or kind is EventKind.ESCALATION_REQUESTED,
                "true: only an escalation request is judged justified",
            ),
        ):
            if not ok:
                raise InvalidTicketError.at(
                    f"event ({self.kind.value}) {shown(field)}",
                    f"must be {words}, got {shown(getattr(self, field))}",
                )

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], what: str = "event", warnings: list[str] | None = None
    ) -> Event:
        """Read ``{"at": "...", "kind": "...", ...}``.

        A field the kind does not take (a ``severity`` on a ``first_response``, say) is
        an error; when ``warnings`` is given (lenient reading), it is ignored and noted.

        Raises:
            InvalidTicketError: naming the event (``what``) and its field.
            TypeError: ``warnings`` is not a list (or None).
        """
        require(what, str, "what", "a text")
        require(warnings, (list, type(None)), "warnings", "a list or None")
        if not isinstance(data, Mapping):
            raise InvalidTicketError(f"{what}: expected an object, got {shown(data)}")
        try:
            kind = EventKind(data.get("kind"))
        except ValueError:
            raise InvalidTicketError(
                f"{what}: unknown kind {shown(data.get('kind'))}; expected one of: {_KINDS}"
            ) from None
        extra = set(data) - {"at", "kind", *_FIELDS.get(kind, ())}
        if extra:
            message = f"{what} ({kind.value}): field(s) {_listed(extra)} not taken by this kind"
            if warnings is None:
                raise InvalidTicketError(message)
            warnings.append(message + "; ignored")
            data = {k: v for k, v in data.items() if k not in extra}
        at = _instant(data.get("at"), f"{what} ({kind.value}) 'at'")
        severity = None
        if kind is EventKind.SEVERITY_CHANGED:
            severity = _severity_text(data.get("severity"), f"{what} (severity_changed)")
            if severity is None:
                raise InvalidTicketError(f"{what} (severity_changed): needs the new 'severity'")
        plan = data.get("plan")
        if kind is EventKind.PLAN_CHANGED and (not isinstance(plan, str) or not plan.strip()):
            raise InvalidTicketError(
                f"{what} (plan_changed): needs the new 'plan', got {shown(plan)}"
            )
        flags = {k: data.get(k, d) for k, d in (("written", False), ("justified", True))}
        for key, value in flags.items():
            if not isinstance(value, bool):
                raise InvalidTicketError(
                    f"{what}: '{key}' must be true or false, got {shown(value)}"
                )
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
    return tuple(value)  # each is checked, with the ticket's name, by the timeline


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _timeline(
    name: str, submitted: datetime, events: Iterable[Event], *, lenient: bool
) -> tuple[list[Event], list[str]]:
    """The events of a consistent timeline, and the warnings about it.

    Strict, an inconsistency raises; lenient, the offending event is set aside with a
    warning (and events out of time order are sorted first). Either way, an event
    after ``resolved`` without ``reopened`` is kept; the strict pass notes it (a
    ticket runs that pass over the events it keeps, so a note comes once).
    """
    items = list(events)
    for i, event in enumerate(items):
        if not isinstance(event, Event):
            raise InvalidTicketError(f"{name}: events[{i}] is not an Event")
    warnings: list[str] = []
    if lenient:
        when = [_utc_instant(e.at, _at_what(name, i, e)) for i, e in enumerate(items)]
        order = sorted(range(len(items)), key=when.__getitem__)
        if order != list(range(len(items))):
            warnings.append(f"{name}: events out of time order; sorted")
            items = [items[i] for i in order]
    kept: list[Event] = []
    previous: datetime | None = None
    paused = answered = False
    state = "open"
    for i, event in enumerate(items):
        at = _utc_instant(event.at, _at_what(name, i, event))
        kind = event.kind
        problem = None
        if at < submitted:
            problem = (
                f"comes before submission ({submitted.astimezone(event.at.tzinfo).isoformat()})"
            )
        elif previous is not None and at < previous:
            problem = (
                f"out of time order (after {previous.astimezone(event.at.tzinfo).isoformat()})"
            )
        elif state == "closed" and kind is not EventKind.REOPENED:
            problem = "comes after the ticket was closed"
        elif kind is EventKind.PAUSED and paused:
            problem = "the clock is already paused"
        elif kind is EventKind.RESUMED and not paused:
            problem = "resume without a pause"
        elif kind is EventKind.FIRST_RESPONSE and answered:
            problem = "a second first response (the first counts)"
        elif kind is EventKind.REOPENED and state == "open":
            problem = "reopened while open"
        if problem is not None:
            if not lenient:
                raise _event_error(name, i, event, problem)
            warnings.append(f"{_event_what(name, i, event)}: {problem}; ignored")
            continue
        if (  # noted once, by the ticket itself, of the events it keeps (see Ticket)
            not lenient
            and state == "resolved"
            and kind not in (EventKind.REOPENED, EventKind.CLOSED)
        ):
            warnings.append(f"{_event_what(name, i, event)}: after resolved without reopened")
        if kind in _STATES:
            state = _STATES[kind]
        elif kind is EventKind.PAUSED or kind is EventKind.RESUMED:
            paused = kind is EventKind.PAUSED
        elif kind is EventKind.FIRST_RESPONSE:
            answered = True
        kept.append(event)
        previous = at
    return kept, warnings


_STATES = {EventKind.RESOLVED: "resolved", EventKind.CLOSED: "closed", EventKind.REOPENED: "open"}


def _at_what(ticket: str, i: int, event: Event) -> str:
    return f"{ticket}: events[{i}] ({event.kind.value}) 'at'"


def _event_what(ticket: str, i: int, event: Event) -> str:
    return f"{ticket}: events[{i}] ({event.kind.value} at {event.at.isoformat()})"


def _event_error(ticket: str, i: int, event: Event, problem: str) -> InvalidTicketError:
    # Built only on error: formatting every event's time up front is costly in bulk.
    return InvalidTicketError(f"{_event_what(ticket, i, event)}: {problem}")


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
    submitted_at: datetime = attrs.field(eq=instant_key)
    severity: str | None = attrs.field(default=None, converter=_severity)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    id: str | None = attrs.field(default=None, converter=_ident)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_texts, eq=False)
    extra: Mapping[str, Any] = attrs.field(factory=dict, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not (self.id is None or isinstance(self.id, str)):
            raise InvalidTicketError(f"a ticket's id must be a text or None, got {shown(self.id)}")
        name = ticket_name(self.id)
        if not isinstance(self.plan, str) or not self.plan.strip():
            raise InvalidTicketError(f"{name}: needs a plan, got {shown(self.plan)}")
        submitted = _utc_instant(self.submitted_at, f"{name}: submitted_at")
        _, notes = _timeline(name, submitted, self.events, lenient=False)
        if notes:
            object.__setattr__(self, "warnings", (*self.warnings, *notes))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, lenient: bool = False) -> Ticket:
        """Read a ticket from a dict / JSON object with ISO 8601 strings.

        Strict (the default), an inconsistent timeline or an unknown field is an error.
        Lenient, the ticket is judged as far as it can be and ``warnings`` say what was
        set aside: unknown fields are kept in ``extra``; a second first response, a
        resume without a pause, a second pause, an event before submission or after
        closing are ignored; events out of time order are sorted.

        Raises:
            InvalidTicketError: a field is missing or wrong, or (strict) the timeline is
                not consistent; the message names the offending field or event.
        """
        if not isinstance(data, Mapping):
            raise InvalidTicketError(f"a ticket must be an object, got {type(data).__name__}")
        known = {"id", "plan", "severity", "submitted_at", "events"}
        unknown = set(data) - known
        ident = data.get("id")
        name = ticket_name(ident)
        warnings: list[str] = []
        if unknown and not lenient:
            raise InvalidTicketError(
                f"{name}: unknown field(s) {_listed(unknown)}; expected some of {sorted(known)}"
            )
        if unknown:
            warnings.append(f"{name}: unknown field(s) {_listed(unknown)} kept in extra")
        if ident is not None and (
            isinstance(ident, bool)
            or not isinstance(ident, str | int)
            or (isinstance(ident, int) and not -(2**63) <= ident < 2**63)
        ):
            raise InvalidTicketError(f"{name}: 'id' must be a string, got {shown(ident)}")
        plan = data.get("plan")
        if not isinstance(plan, str) or not plan.strip():
            raise InvalidTicketError(f"{name}: needs a 'plan', got {shown(plan)}")
        severity = _severity_text(data.get("severity"), name)
        if "submitted_at" not in data:
            raise InvalidTicketError(f"{name}: needs 'submitted_at'")
        submitted = _instant(data["submitted_at"], f"{name}: submitted_at")
        raw = data.get("events", [])
        if not isinstance(raw, list):
            raise InvalidTicketError(f"{name}: 'events' must be a list, got {shown(raw)}")
        notes = warnings if lenient else None
        events = [Event.from_dict(e, f"{name}: events[{i}]", notes) for i, e in enumerate(raw)]
        if lenient:
            events, repaired = _timeline(name, _utc(submitted), events, lenient=True)
            warnings += repaired
        extra = {k: data[k] for k in _ordered(unknown)}
        ident_text = None if ident is None else str(ident)
        return cls(plan, submitted, severity, events, ident_text, warnings, extra)

    def as_dict(self) -> dict[str, Any]:
        """The ticket as JSON-ready data, in the shape :meth:`from_dict` reads."""
        data: dict[str, Any] = {}
        if self.id is not None:
            data["id"] = self.id
        data["plan"] = self.plan
        data["severity"] = self.severity
        data["submitted_at"] = self.submitted_at.isoformat()
        data["events"] = [e.as_dict() for e in self.events]
        data.update(self.extra)  # fields a lenient reading kept
        return data

    def first(self, kind: EventKind) -> Event | None:
        """The first event of ``kind``, or None."""
        return next((e for e in self.events if e.kind is kind), None)

    @property
    def first_response_at(self) -> datetime | None:
        """When the first response was given, or None."""
        event = self.first(EventKind.FIRST_RESPONSE)
        return None if event is None else event.at
