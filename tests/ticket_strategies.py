"""Hypothesis strategies for tickets of the built-in policy, with any event history."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from support_policy import Event, EventKind, Ticket, stakater_policy

from .strategies import instants

SEV = stakater_policy().latest.severities


@st.composite
def tickets(draw: st.DrawFn, pauses: bool = True) -> Ticket:
    submitted = draw(instants())
    plan = draw(st.sampled_from(["standard", "premium"]))
    severity = draw(st.sampled_from([None, *SEV]))
    offsets = sorted(draw(st.lists(st.integers(1, 10 * 24 * 60), max_size=6, unique=True)))
    kinds = []
    paused = answered = False
    for _ in offsets:
        options = ["severity_changed"]
        options.append("resumed" if paused else "paused") if pauses else None
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
        )
        for m, k in zip(offsets, kinds, strict=True)
    ]
    return Ticket(plan, submitted, severity, events, id="P")
