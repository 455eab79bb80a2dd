"""What each severity or plan change did to the deadline, as the explanation records it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support_policy import ClockRules, Event, EventKind, Ticket, stakater_policy, ticket_status

POLICY = stakater_policy()
S = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Stockholm
H = timedelta(hours=1)
FROM_CHANGE = ClockRules(reclassification="from_change", plan_changes="from_change")


def _change(
    plan: str, severity: str, *events: Event, rules: ClockRules | None = None
) -> list[tuple[str, str, datetime, datetime]]:
    ticket = Ticket(plan, S, severity, list(events), id="T")
    life = ticket_status(POLICY, ticket, S + 30 * H, rules).explain().life
    return [(c.what, c.effect, c.due_before, c.due_after) for c in life.changes]


def _severity(at: timedelta, level: str) -> Event:
    return Event(S + at, EventKind.SEVERITY_CHANGED, severity=level)


@pytest.mark.parametrize(
    ("severity", "event", "rules", "expected"),
    [
        (  # Premium P3 (4 h) raised to P1 (1 h from submission)
            "P3",
            _severity(H / 2, "P1"),
            None,
            ("severity P3 \u2192 P1", "deadline earlier", S + 4 * H, S + H),
        ),
        (  # Premium P1 lowered to P3: the lower target replaces it
            "P1",
            _severity(H / 2, "P3"),
            None,
            ("severity P1 \u2192 P3", "deadline later", S + H, S + 4 * H),
        ),
        (
            "P3",
            _severity(H / 6, "P3"),
            None,
            ("severity P3 again", "no effect", S + 4 * H, S + 4 * H),
        ),
        (  # raised after the new deadline had passed
            "P3",
            _severity(2 * H, "P1"),
            None,
            (
                "severity P3 \u2192 P1",
                "deadline earlier; breached retroactively: the new deadline had already passed",
                S + 4 * H,
                S + H,
            ),
        ),
        (  # breached at 2 h, then raised: the breach dates from the earlier deadline
            "P2",
            _severity(3 * H, "P1"),
            None,
            (
                "severity P2 \u2192 P1",
                "deadline earlier; the breach now dates from the new deadline",
                S + 2 * H,
                S + H,
            ),
        ),
        (  # breached at 2 h, then lowered: nothing changes
            "P2",
            _severity(3 * H, "P3"),
            None,
            (
                "severity P2 \u2192 P3",
                "none on the deadline: the ticket was already breached",
                S + 2 * H,
                S + 2 * H,
            ),
        ),
        (  # counted from the change, the raise would be due later: the old target decides
            "P3",
            _severity(3 * H, "P2"),
            FROM_CHANGE,
            (
                "severity P3 \u2192 P2",
                "none on the deadline: the earlier target still decides",
                S + 4 * H,
                S + 4 * H,
            ),
        ),
    ],
)
def test_each_change_says_what_it_did(
    severity: str,
    event: Event,
    rules: ClockRules | None,
    expected: tuple[str, str, datetime, datetime],
) -> None:
    assert _change("premium", severity, event, rules=rules) == [expected]


def test_a_lowering_to_an_equal_target_keeps_the_deadline() -> None:
    # Standard P3 and P4 both allow 24 business hours: Thursday 09:00 from Monday 09:00.
    due = POLICY.response_deadline("standard", "P3", S).astimezone(UTC)
    assert _change("standard", "P3", _severity(H, "P4")) == [
        ("severity P3 \u2192 P4", "same deadline", due, due)
    ]


def test_plan_changes_say_what_they_did() -> None:
    upgrade = Event(S + H / 2, EventKind.PLAN_CHANGED, plan="premium")
    standard_due = POLICY.response_deadline("standard", "P3", S).astimezone(UTC)
    assert _change("standard", "P3", upgrade) == [
        ("plan premium (plans apply at submission)", "no effect", standard_due, standard_due)
    ]
    (what, effect, before, after) = _change("standard", "P3", upgrade, rules=FROM_CHANGE)[0]
    assert (what, before, after) == ("plan standard \u2192 premium", standard_due, S + 4.5 * H)
    assert effect == "deadline earlier"
    again = Event(S + H / 2, EventKind.PLAN_CHANGED, plan="standard")
    assert _change("standard", "P3", again, rules=FROM_CHANGE)[0][:2] == (
        "plan standard again",
        "no effect",
    )
