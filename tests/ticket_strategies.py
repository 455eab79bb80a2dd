"""Hypothesis strategies for tickets of the built-in policy, with any event history."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from support_policy import ClockRules, Event, EventKind, Ticket, stakater_policy

from .strategies import instants

SEV = stakater_policy().latest.severities


@st.composite
def tickets(draw: st.DrawFn, pauses: bool = True, plan_changes: bool = False) -> Ticket:
    """A ticket with up to six events, some at the same instant, in a valid order."""
    submitted = draw(instants())
    plan = draw(st.sampled_from(["standard", "premium"]))
    severity = draw(st.sampled_from([None, *SEV]))
    offsets = sorted(draw(st.lists(st.integers(1, 10 * 24 * 60), max_size=6)))
    kinds = []
    paused = answered = False
    for _ in offsets:
        options = ["severity_changed"]
        if pauses:
            options.append("resumed" if paused else "paused")
        if plan_changes:
            options.append("plan_changed")
        if not answered:
            options.append("first_response")
        kind = draw(st.sampled_from(options))
        paused = {"paused": True, "resumed": False}.get(kind, paused)
        answered = answered or kind == "first_response"
        kinds.append(kind)
    events = [
        Event(
            submitted + timedelta(minutes=m),
            EventKind(k),
            draw(st.sampled_from(list(SEV))) if k == "severity_changed" else None,
            draw(st.sampled_from(["standard", "premium"])) if k == "plan_changed" else None,
        )
        for m, k in zip(offsets, kinds, strict=True)
    ]
    return Ticket(plan, submitted, severity, events, id="P")


rules = st.builds(
    ClockRules,
    st.booleans(),
    st.sampled_from(["from_submission", "from_change"]),
    st.sampled_from(["at_submission", "from_change"]),
)
"""Every combination of the clock rules."""
