"""What falls due next for one ticket, and which tickets of a queue fall due soon."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import (
    ClockRules,
    Event,
    EventKind,
    InvalidDurationError,
    NaiveDatetimeError,
    OutOfRangeError,
    Ticket,
    breaching_within,
    policy_from_dict,
    stakater_policy,
    ticket_status,
)
from support_policy.sla import TicketStatus
from support_policy.sla.clock import due_soon
from support_policy.stakater import stakater_policy_text

POLICY = stakater_policy()
TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _premium(severity: str = "P2", *events: Event, ident: str = "T") -> Ticket:
    return Ticket("premium", START, severity, list(events), id=ident)  # P2: 2 hours, 24x7


def _upcoming(ticket: Ticket, now: datetime, **kwargs: object) -> list[tuple[str, str | None]]:
    status = ticket_status(kwargs.pop("policy", POLICY), ticket, now, **kwargs)  # type: ignore[arg-type]
    found = status.upcoming()
    assert all(u.ticket_id == ticket.id and u.at.tzinfo is now.tzinfo for u in found)
    return [(u.at.astimezone(UTC).strftime("%H:%M:%S"), u.what) for u in found]


def test_a_running_ticket_has_its_thresholds_the_breach_and_the_escalation_ahead() -> None:
    now = (START + timedelta(minutes=30)).astimezone(TOKYO)
    assert _upcoming(_premium(), now) == [
        ("09:00:00", "50% used"),
        ("09:30:00", "75% used"),
        ("09:48:00", "90% used"),
        ("10:00:00", "breach"),
        ("10:00:00", "lack-of-progress escalation"),
    ]


def test_a_threshold_reached_this_instant_is_behind_it() -> None:
    assert _upcoming(_premium(), START + timedelta(hours=1))[0] == ("09:30:00", "75% used")


def test_paused_and_decided_tickets_have_nothing_ahead() -> None:
    paused = _premium("P2", Event(START + timedelta(minutes=10), EventKind.PAUSED))
    later = START + timedelta(minutes=20)
    assert _upcoming(paused, later, rules=ClockRules(pauses=True)) == []
    answered = _premium("P2", Event(START + timedelta(minutes=10), EventKind.FIRST_RESPONSE))
    assert _upcoming(answered, later) == []  # the built-in plans set no update cadence
    assert _upcoming(_premium(), START - timedelta(minutes=1)) == []  # not yet submitted


def test_without_the_trigger_there_is_no_escalation_ahead() -> None:
    old = datetime(2025, 9, 1, 7, 0, tzinfo=UTC)  # the 2025 version lists no triggers
    ticket = Ticket("premium", old, "P2", [], id="T")
    assert [what for _, what in _upcoming(ticket, old)][-1] == "breach"


def test_an_answered_ticket_has_its_next_update_ahead_until_it_falls_due() -> None:
    data = tomllib.loads(stakater_policy_text())
    premium = copy.deepcopy(data["plans"]["premium"])
    premium.setdefault("metrics", {})["update_interval"] = {"all": {"amount": 4, "unit": "hours"}}
    data["plans"]["premium"] = premium
    policy = policy_from_dict(data)
    answered = _premium("P2", Event(START + timedelta(minutes=10), EventKind.FIRST_RESPONSE))
    assert _upcoming(answered, START + timedelta(hours=1), policy=policy) == [
        ("12:10:00", "update due")
    ]
    assert _upcoming(answered, START + timedelta(hours=4, minutes=10), policy=policy) == []


class TestDueSoon:
    """A queue's "which tickets breach in the next X"."""

    def _queue(self) -> list[Ticket]:
        return [
            _premium("P2", ident="two-hours"),
            _premium("P1", ident="one-hour"),
            _premium("P3", ident="four-hours"),
            _premium("P1", Event(START, EventKind.FIRST_RESPONSE), ident="answered"),
        ]

    def test_the_running_ones_due_by_the_horizon_soonest_first(self) -> None:
        now = START.astimezone(TOKYO)
        soon = list(breaching_within(POLICY, self._queue(), now, timedelta(hours=2)))
        assert [s.ticket_id for s in soon] == ["one-hour", "two-hours"]  # 10:00 is included
        everything = breaching_within(POLICY, self._queue(), now, timedelta.max)
        assert [s.ticket_id for s in everything] == ["one-hour", "two-hours", "four-hours"]

    def test_arguments_are_checked_when_called_not_when_read(self) -> None:
        with pytest.raises(InvalidDurationError, match="within must not be negative"):
            due_soon([], START, -timedelta(seconds=1))
        with pytest.raises(TypeError, match="within must be a non-negative timedelta"):
            due_soon([], START, 4)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="got a very long integer"):  # no repr: once a crash
            due_soon([], START, 10**5000)  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError, match="now"):
            due_soon([], START.replace(tzinfo=None), timedelta(hours=1))

    def test_a_horizon_at_the_ends_of_datetime_is_exact(self) -> None:
        statuses = [ticket_status(POLICY, t, START) for t in self._queue()]
        first = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23)))  # before year 1 in UTC
        assert list(due_soon(statuses, first, timedelta(0))) == []  # once: everything
        assert list(due_soon(statuses, first, timedelta(days=700_000))) == []  # to 1917
        everything = due_soon(statuses, first, timedelta.max)
        assert [s.ticket_id for s in everything] == ["one-hour", "two-hours", "four-hours"]
        last = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))  # after 9999
        assert len(list(due_soon(statuses, last, timedelta.max))) == 3

    @pytest.mark.parametrize(
        "now",
        [
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23))),
            datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
        ],
    )
    def test_a_now_with_no_date_in_utc_is_out_of_range(self, now: datetime) -> None:
        with pytest.raises(OutOfRangeError, match=r"now .* is outside the years 1-9999 in UTC"):
            ticket_status(POLICY, self._queue()[0], now)
        with pytest.raises(OutOfRangeError):
            list(breaching_within(POLICY, self._queue(), now, timedelta(0)))


STATUSES = [
    ticket_status(POLICY, _premium(severity, ident=f"T{severity}"), START)
    for severity in ("P1", "P2", "P3", "P4")
]
OFFSETS = st.sampled_from([timedelta(hours=h) for h in (-23, -5, 0, 1, 9, 14)]).map(timezone)


@settings(max_examples=300)
@given(
    now=st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31), timezones=OFFSETS),
    within=st.one_of(st.timedeltas(min_value=timedelta(0)), st.just(timedelta.max)),
    edge=st.one_of(st.none(), st.tuples(st.sampled_from(STATUSES), st.sampled_from([-1, 0, 1]))),
)
def test_the_tickets_due_soon_are_those_due_within_the_horizon(
    now: datetime, within: timedelta, edge: tuple[TicketStatus, int] | None
) -> None:
    """Exactly the running ones with ``due_at - now <= within``, soonest first."""
    if edge is not None:  # a horizon ending at a deadline, or a microsecond either side
        status, nudge = edge
        now = START.astimezone(now.tzinfo)
        within = max(status.due_at - now + timedelta(microseconds=nudge), timedelta(0))
    expected = sorted(
        (s for s in STATUSES if s.state == "running" and s.due_at - now <= within),
        key=lambda s: s.due_at - now,
    )
    assert list(due_soon(STATUSES, now, within)) == expected
