"""The one renderer: data is JSON, text and HTML never show None or raw fractions."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, strategies as st

from support_policy import SupportPolicyError, Ticket, stakater_policy, ticket_status
from support_policy.render import Percent, Record, Table, format_duration, to_data, to_html, to_text

from .strategies import instants
from .ticket_strategies import tickets

POLICY = stakater_policy()
RAW_FLOAT = re.compile(r"\d\.\d{4,}(?!\d*s\b)")  # exact microseconds end in "s"


def _readable(text: str) -> None:
    assert "None" not in text
    assert not RAW_FLOAT.search(text), text


@given(tickets(), st.timedeltas(timedelta(0), timedelta(days=20)))
def test_a_status_renders_three_ways(ticket: Ticket, wait: timedelta) -> None:
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


def test_stamps_name_a_zone_only_when_it_has_a_name() -> None:
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from support_policy.render import stamp

    assert stamp(datetime(2026, 1, 1, tzinfo=UTC)) == "Thu 2026-01-01 00:00 UTC"
    west = timezone(timedelta(hours=-5))  # named "UTC-05:00": no better name than its offset
    assert stamp(datetime(2026, 1, 1, 0, 0, 5, tzinfo=west)) == "Thu 2026-01-01 00:00:05 -05:00"
    east = timezone(timedelta(hours=5, minutes=30), "UTC+05:30")
    assert stamp(datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=east)) == "Thu 2026-01-01 00:00:00 +05:30"
    summer = datetime(2026, 7, 1, 12, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert stamp(summer) == "Wed 2026-07-01 12:00 CEST (+02:00)"


def test_json_is_indented_with_characters_kept_and_fractions_rounded() -> None:
    from support_policy.render import to_json

    text = to_json({"a": "é", "b": [1, 0.1234567]})
    assert text == '{\n  "a": "é",\n  "b": [\n    1,\n    0.123457\n  ]\n}'


def test_percentages_past_a_float_are_infinite_either_way() -> None:
    assert to_data(Percent(10**400)) == float("inf")
    assert to_data(Percent(-(10**400))) == float("-inf")
    assert to_text(Percent(0.4251)) == "43%"
    for wrong in (True, "0.5", None):
        try:
            Percent(wrong)
        except TypeError as exc:
            assert "a percentage holds a number" in str(exc)
        else:
            raise AssertionError(f"Percent({wrong!r}) was taken")


def test_an_integer_is_data_while_it_has_text() -> None:
    widest = 2**14_000 - 1  # 14,000 bits: 4,215 digits, within Python's limit for text
    assert to_data(widest) == widest
    assert to_data(widest + 1) == "a very long integer"
    assert to_text(widest + 1) == "a very long integer"


INNER = Record("Inner title", (("x", 1),), "inner line")
TARGETS = Table(
    "Targets",
    (("severity", "Severity"), ("target", "Target"), ("wait", "Wait")),
    (("P1", ["a", "b"], timedelta(seconds=90)), ("P2", [], None)),
)
EVERY_KIND = Record(
    "A title",
    (
        ("plan", "standard"),
        ("skipped", None),
        ("answered", True),
        ("late", False),
        ("share", Percent(0.4251)),
        ("waited", timedelta(hours=1, seconds=5, microseconds=7)),
        ("notes", ["one", "two"]),
        ("none_yet", []),
        ("counts", {"met": 2, "late": 0}),
        ("empty_map", {}),
        ("inner", INNER),
        ("at", datetime(2026, 1, 1, tzinfo=UTC)),
        ("table", TARGETS),
    ),
)


def test_every_kind_of_value_is_written_one_way_in_text() -> None:
    assert to_text(EVERY_KIND) == (
        "A title\n"
        "  plan:      standard\n"
        "  answered:  yes\n"
        "  late:      no\n"
        "  share:     43%\n"
        "  waited:    1h 00m 05.000007s\n"
        "  notes:\n"
        "    - one\n"
        "    - two\n"
        "  none yet: none\n"
        "  counts:    met: 2, late: 0\n"
        "  empty map: none\n"
        "  inner:     inner line\n"
        "  at:        Thu 2026-01-01 00:00 UTC\n"
        "\n"
        "Targets\n"
        "\n"
        "Severity  Target  Wait\n"
        "--------  ------  ----------\n"
        "P1        a, b    0h 01m 30s\n"
        "P2                \u2013\n"
    )
    untitled = Table("", (("a", "A"), ("b", "B")), (("x", "long value"), ("yy", None)))
    assert to_text(untitled) == "A   B\n--  ----------\nx   long value\nyy  \u2013"
    assert format_duration(-timedelta(seconds=61, microseconds=5)) == "-0h 01m 01.000005s"
    assert format_duration(timedelta(seconds=61)) == "0h 01m 01s"


def test_every_kind_of_value_is_written_one_way_in_html() -> None:
    row = "<tr><th style='text-align:left'>{}</th><td>{}</td></tr>"
    cells = [
        ("plan", "standard"),
        ("answered", "yes"),
        ("late", "no"),
        ("share", "43%"),
        ("waited", "1h 00m 05.000007s"),
        ("notes", "<ul><li>one</li><li>two</li></ul>"),
        ("none yet", "none"),
        ("counts", "met: 2, late: 0"),
        ("empty map", "none"),
        ("inner", "inner line"),
        ("at", "Thu 2026-01-01 00:00 UTC"),
        (
            "table",
            "<table><caption>Targets</caption><thead><tr><th>Severity</th><th>Target</th>"
            "<th>Wait</th></tr></thead><tbody><tr><td>P1</td><td><ul><li>a</li><li>b</li>"
            "</ul></td><td>0h 01m 30s</td></tr><tr><td>P2</td><td>none</td><td>\u2013</td>"
            "</tr></tbody></table>",
        ),
    ]
    body = "".join(row.format(name, cell) for name, cell in cells)
    assert to_html(EVERY_KIND) == f"<table><caption>A title</caption><tbody>{body}</tbody></table>"
    untitled = Table("", (("a", "A"),), (("<x>",),))
    assert to_html(untitled) == (
        "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>&lt;x&gt;</td></tr></tbody></table>"
    )


def test_every_kind_of_value_is_written_one_way_in_data() -> None:
    assert to_data(EVERY_KIND) == {
        "plan": "standard",
        "skipped": None,
        "answered": True,
        "late": False,
        "share": 0.4251,
        "waited": {"seconds": 3605.000007, "text": "1h 00m 05.000007s"},
        "notes": ["one", "two"],
        "none_yet": [],
        "counts": {"met": 2, "late": 0},
        "empty_map": {},
        "inner": {"x": 1},
        "at": "2026-01-01T00:00:00+00:00",
        "table": [
            {"severity": "P1", "target": ["a", "b"], "wait_seconds": 90.0, "wait": "0h 01m 30s"},
            {"severity": "P2", "target": [], "wait_seconds": None, "wait": None},
        ],
    }


def test_a_row_has_a_cell_for_each_column() -> None:
    import pytest

    from support_policy import SupportPolicyError

    with pytest.raises(SupportPolicyError, match="row 1 of table 'T' has 1 cells for 2 columns"):
        Table("T", (("a", "A"), ("b", "B")), (("x", "y"), ("z",)))


def test_what_the_renderer_does_not_know_is_its_text() -> None:
    from decimal import Decimal

    assert to_data(Decimal("1.50")) == "1.50"
    assert to_text(Decimal("1.50")) == "1.50"
    widest = 2**14_000 - 1
    assert to_text(widest) == str(widest)


def test_a_record_of_lists_only_has_no_column_to_align() -> None:
    assert to_text(Record("Only lists", (("items", ["a"]), ("more", [])))) == (
        "Only lists\n  items:\n    - a\n  more: none"
    )
    assert to_text(Record("Nothing", ())) == "Nothing"


def test_refusals_show_what_was_given() -> None:
    import pytest

    from support_policy import SupportPolicyError
    from support_policy.render import stamp

    with pytest.raises(TypeError, match=r"got datetime\.date\(2026, 1, 1\)"):
        stamp(date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"got '0\.5'"):
        Percent("0.5")
    nested: list[object] = []
    nested.append(nested)
    with pytest.raises(SupportPolicyError, match=r"^cannot render a value nested this deeply"):
        to_data(nested)


def test_a_column_of_durations_gives_every_row_the_same_keys() -> None:
    columns = (("a", "A"), ("w", "W"))
    found = Table("T", columns, (("x", timedelta(seconds=90)), ("y", None)))
    assert to_data(found) == [
        {"a": "x", "w_seconds": 90.0, "w": "0h 01m 30s"},
        {"a": "y", "w_seconds": None, "w": None},
    ]
    declared = Table("T", columns, (("x", 5), ("y", None)), frozenset({"w"}))  # not a duration
    assert to_data(declared) == [
        {"a": "x", "w_seconds": None, "w": 5},
        {"a": "y", "w_seconds": None, "w": None},
    ]
    plain = Table("T", columns, (("x", 5), ("y", None)))
    assert to_data(plain) == [{"a": "x", "w": 5}, {"a": "y", "w": None}]


def test_text_keeps_one_line_per_field_whatever_a_name_holds() -> None:
    """A newline in a title or value (legal in a policy file) would split a field and
    could forge another: it is shown escaped."""
    forged = "Gold\n  due at:   never"
    record = Record(forged, (("plan_title", forged), ("note", "a\rb\x00c")), forged)
    text = to_text(record)
    assert text.splitlines() == [
        "Gold\\n  due at:   never",
        "  plan title: Gold\\n  due at:   never",
        "  note:       a\\rb\\x00c",
    ]
    table = Table("T\nitle", (("a", "A"),), [(forged,)])
    assert to_text(table).splitlines()[0] == "T\\nitle"
    assert "Gold\\n  due at:   never" in to_text(table).splitlines()[-1]
    assert to_data(record)["plan_title"] == forged  # data keeps the value as it is


def test_a_table_refuses_a_column_key_twice() -> None:
    """Rows are keyed by column in data: a second column of a key would hide the first."""
    with pytest.raises(SupportPolicyError, match=r"^table 'T' has column key\(s\) \['a'\] twice$"):
        Table("T", (("a", "A"), ("b", "B"), ("a", "Again")), [])
