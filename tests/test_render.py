"""The one renderer: data is JSON, text and HTML never show None or raw fractions."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from hypothesis import given, strategies as st

from support_policy import stakater_policy, ticket_status
from support_policy.render import Percent, Record, Table, format_duration, to_data, to_html, to_text

from .strategies import instants
from .ticket_strategies import tickets

POLICY = stakater_policy()
RAW_FLOAT = re.compile(r"\d\.\d{4,}(?!\d*s\b)")  # exact microseconds end in "s"


def _readable(text: str) -> None:
    assert "None" not in text
    assert not RAW_FLOAT.search(text), text


@given(tickets(), st.timedeltas(timedelta(0), timedelta(days=20)))
def test_a_status_renders_three_ways(ticket, wait: timedelta) -> None:  # type: ignore[no-untyped-def]
    status = ticket_status(POLICY, ticket, ticket.submitted_at + wait)
    data = status.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["plan"] == status.plan and data["severity"] == status.severity.code
    assert data["elapsed"]["seconds"] == status.elapsed.total_seconds()
    assert data["due_at"] == status.due_at.isoformat()
    _readable(status.text())
    _readable(status._repr_html_())


@given(instants(), st.sampled_from(["standard", "premium"]), st.sampled_from([None, "P1", "P4"]))
def test_an_explanation_renders_three_ways(t: datetime, plan: str, severity: str | None) -> None:
    explanation = POLICY.explain(plan, severity, t)
    data = explanation.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["due_at"] == explanation.due_at.isoformat()
    assert data["plan"] == plan and data["plan_title"] == plan.title()
    assert str(explanation).startswith(f"{plan.title()} ")
    _readable(explanation.text())
    _readable(explanation._repr_html_())


def test_values_follow_one_convention() -> None:
    at = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    record = Record(
        "title",
        (
            ("at", at),
            ("took", timedelta(hours=26, minutes=30)),
            ("used", Percent(1 / 3)),
            ("gone", None),
            ("ok", True),
            ("items", [1, 2]),
        ),
    )
    assert to_data(record) == {
        "at": "2026-11-27T16:00:00+00:00",
        "took": {"seconds": 95400.0, "text": "26h 30m"},
        "used": 0.333333,
        "gone": None,
        "ok": True,
        "items": [1, 2],
    }
    text = to_text(record)
    assert "Fri 2026-11-27 16:00 UTC" in text and "26h 30m" in text and "33%" in text
    assert "gone" not in text and "ok:   yes" in text
    html = to_html(record)
    assert "gone" not in html and "33%" in html and "<li>1</li>" in html


def test_a_table_row_is_flat_for_data_frames() -> None:
    table = Table("t", (("plan", "Plan"), ("p50", "p50")), [("standard", timedelta(minutes=90))])
    assert to_data(table) == [{"plan": "standard", "p50_seconds": 5400.0, "p50": "1h 30m"}]
    assert "standard  1h 30m" in to_text(table)


def test_durations_are_hours_never_days() -> None:
    assert format_duration(timedelta(days=3)) == "72h 00m"
    assert format_duration(-timedelta(minutes=5)) == "-0h 05m"
