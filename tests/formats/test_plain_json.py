"""JSON ticket lines read by one pattern: only where decoding the JSON would read the same."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings, strategies as st

from support_policy import SupportPolicyError
from support_policy.errors import InvalidTicketError
from support_policy.formats import ticket_files
from support_policy.formats._plain_json import KINDS, LINE, TIME, Fields
from support_policy.formats.ticket_files import (
    _JSON_KINDS,
    _json_plain,
    _line_instant,
    _line_plain,
    read_instant,
    read_plain_tickets,
)
from support_policy.sla.quick import PlainTicket


def fields(line: str) -> Fields | None:
    """The pattern's groups for ``line``, or None where it does not match."""
    found = LINE(line)
    return None if found is None else found.groups()  # type: ignore[return-value]


FIELDS = ("id", "plan", "severity", "submitted_at", "events")
SEPARATORS = [(", ", ": "), (",", ":"), (", ", ":"), (",", ": "), (" ,", ": "), (",  ", ":  ")]
SEPARATORS += [(",\t", ":"), (",", ":\n"), (",\x0c", ":"), (",", ":\u3000"), (",\x85", ":\x1f")]
SUBMITTED = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

# Text with what a JSON string must escape (a quote, a backslash, control characters),
# what it need not (a slash, DEL, line and paragraph separators, any other character),
# and times in the forms the reader knows.
TEXT = st.one_of(
    st.text(
        st.sampled_from(['"', "\\", "/", "\x00", "\x1f", "\t", "\n", "\x7f", "\u2028", "é", "a"]),
        max_size=3,
    ),
    st.text(max_size=4),
    st.sampled_from(["standard", "premium", "P1", "", " ", "null"]),
    st.sampled_from(["2026-11-27T10:00Z", "2026-11-27T10:00:00+01:60", "1764237600"]),
)
TIMES = st.one_of(
    st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Asia/Kolkata")])).map(
        datetime.isoformat
    ),
    st.datetimes().map(datetime.isoformat),  # no offset: local times, with a zone
    st.timedeltas(timedelta(0), timedelta(days=9)).map(lambda d: (SUBMITTED + d).isoformat()),
)
MUTATIONS = ["", '"', "\\", ",", " ", "}", "]", "n", "\t", "\x0c", "\x85", "\u3000", "\x1e"]
SIMPLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6)
VALUE = st.one_of(TEXT, st.none(), st.integers(), st.booleans(), st.just([]), st.just({}))


def often(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``common`` nine times in ten, else ``rare``."""
    return st.integers(0, 9).flatmap(lambda pick: rare if pick == 0 else common)


@st.composite
def events(draw: st.DrawFn) -> Any:
    """A ticket's events: most often answering ones, now and then something else."""
    found = []
    for _ in range(draw(often(st.integers(0, 3), st.integers(4, 5)))):
        event: dict[str, Any] = {
            "at": draw(often(TIMES, TEXT | VALUE)),
            "kind": draw(
                often(st.sampled_from(KINDS), st.sampled_from(["updated", "Closed", ""]) | VALUE)
            ),
        }
        if draw(st.integers(0, 9)) == 0:
            event = draw(st.sampled_from([{"kind": event["kind"]}, {**event, "note": 1}]))
        if draw(st.integers(0, 9)) == 0:
            event = dict(reversed(list(event.items())))
        found.append(event)
    return found if draw(st.integers(0, 9)) else draw(VALUE)


@st.composite
def lines(draw: st.DrawFn) -> str:
    """A JSON line of a ticket: usually in a JSON library's layout, often not quite."""
    data: dict[str, Any] = {}
    for name in FIELDS:
        if draw(st.integers(0, 5 if name in ("id", "severity", "events") else 20)) == 0:
            continue  # absent
        if name == "events":
            data[name] = draw(events())
        elif name == "submitted_at":
            data[name] = draw(often(st.just(SUBMITTED.isoformat()), TIMES | TEXT | VALUE))
        else:
            data[name] = draw(often(SIMPLE, TEXT | VALUE))
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.sampled_from(["note", "ID", "plan "]))] = 1
    if draw(st.integers(0, 9)) == 0:
        data = dict(draw(st.permutations(list(data.items()))))
    comma, colon = draw(often(st.sampled_from(SEPARATORS[:2]), st.sampled_from(SEPARATORS)))
    ascii_only = draw(often(st.just(False), st.just(True)))
    line: str = json.dumps(data, ensure_ascii=ascii_only, separators=(comma, colon))
    line = draw(often(st.just(""), st.sampled_from([" ", "\t", "\ufeff"]))) + line
    ends = st.sampled_from(["", "\n", "\r\n", " \n", "\t"])
    line += draw(often(ends, st.sampled_from([" x", ",", "\x0c", "\x85", "\u3000"])))
    if draw(st.integers(0, 5)) == 0:  # one character changed, added or dropped
        at = draw(st.integers(0, len(line)))
        cut = draw(st.integers(0, 1))
        line = line[:at] + draw(st.sampled_from(MUTATIONS)) + line[at + cut :]
    return line


def answers(found: Fields) -> list[tuple[str | None, str | None]]:
    """The ``(at, kind)`` of each event the pattern found."""
    return [(at, kind) for at, kind in zip(found[4::2], found[5::2], strict=True) if at]


def _decoded(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None


@settings(max_examples=1500)
@given(line=lines())
@example(line='{"plan": "a\\"b", "submitted_at": "x"}')
@example(line='{"plan": "a\x01", "submitted_at": "x"}\n')
@example(line='{"plan": "a", "submitted_at": "x"} \n')
@example(line='{"plan": "a", "submitted_at": "x", "events": []}\r\n')
def test_a_line_the_pattern_reads_means_what_json_says(line: str) -> None:
    """Where the pattern answers, the JSON is an object of those fields and no others."""
    found = fields(line)
    if found is None:
        return
    data = _decoded(line)
    assert type(data) is dict and set(data) <= set(FIELDS)
    ident, plan, severity, submitted = found[:4]
    assert (data.get("id"), data["plan"], data.get("severity")) == (ident, plan, severity)
    assert data["submitted_at"] == submitted
    raw = data.get("events", [])
    assert all(type(e) is dict and list(e) == ["at", "kind"] for e in raw)
    assert [(e["at"], e["kind"]) for e in raw] == answers(found)
    assert None not in found[4 : 4 + 2 * len(raw)] and set(found[4 + 2 * len(raw) :]) <= {None}


# The line pattern as one would first write it, with "?" and counted digits: the plain
# form that LINE, written for speed, must match exactly.
_TEXT_PLAIN = r'"([^"\\\x00-\x1f]*)"'
_OR_NULL, _C, _K = rf"(?:{_TEXT_PLAIN}|null)", ", ?", ": ?"
_TIME_PLAIN = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-5][0-9])?"
)
_EVENT_PLAIN = rf'\{{"at"{_K}"({_TIME_PLAIN})"{_C}"kind"{_K}"(first_response|resolved|closed)"\}}'
PLAIN_FORM = re.compile(
    rf'\{{(?:"id"{_K}{_OR_NULL}{_C})?"plan"{_K}{_TEXT_PLAIN}{_C}'
    rf'(?:"severity"{_K}{_OR_NULL}{_C})?"submitted_at"{_K}"({_TIME_PLAIN})"'
    rf"(?:{_C}\"events\"{_K}\[(?:{_EVENT_PLAIN}(?:{_C}{_EVENT_PLAIN}(?:{_C}{_EVENT_PLAIN})?)?)?\])?"
    r"\}[ \t\r\n]*"
)


@settings(max_examples=1500)
@given(line=lines())
def test_the_pattern_matches_as_its_plain_form_does(line: str) -> None:
    """Branches for optional groups, digits spelt out: the same matches, the same groups."""
    found, plain = LINE(line), PLAIN_FORM.fullmatch(line)
    assert (found is None) == (plain is None)
    if found is not None and plain is not None:
        assert found.groups() == plain.groups()


@given(text=st.text(st.sampled_from("0123456789-:.T+Z "), max_size=32) | TIMES)
def test_a_time_has_the_patterns_shape_as_in_its_plain_form(text: str) -> None:
    assert (re.fullmatch(TIME, text) is None) == (re.fullmatch(_TIME_PLAIN, text) is None)


@settings(max_examples=1000)
@given(line=lines(), zone=st.sampled_from([None, ZoneInfo("Europe/Stockholm")]))
def test_a_line_read_by_the_pattern_is_the_plain_ticket_json_gives(
    line: str, zone: ZoneInfo | None
) -> None:
    """The reader's shortcut gives the plain ticket the JSON reading gives, or leaves it be."""
    read = _line_plain(line, zone)
    if read is None:
        return
    try:
        expected = _json_plain(_decoded(line), zone)
    except SupportPolicyError:
        expected = None
    assert type(read) is PlainTicket
    assert read == expected
    assert isinstance(expected, PlainTicket)
    offsets = [at.utcoffset() for at in (read.submitted_at, *(at for at, _ in read.events))]
    assert offsets == [
        at.utcoffset() for at in (expected.submitted_at, *(at for at, _ in expected.events))
    ]


def _line(events: list[tuple[str, str]], **fields: Any) -> str:
    data = {
        **fields,
        "submitted_at": "2026-11-27T10:00:00+01:00",
        "events": [{"at": at, "kind": kind} for at, kind in events],
    }
    return json.dumps(data, ensure_ascii=False)


ANSWERS = [
    ("2026-11-27T11:00:00+01:00", "first_response"),
    ("2026-11-27T12:00:00+01:00", "resolved"),
    ("2026-11-27T13:00:00+01:00", "closed"),
]


@pytest.mark.parametrize("count", range(4))
@pytest.mark.parametrize(
    "given",
    [
        {"id": "T-1", "plan": "standard", "severity": "P1"},
        {"id": None, "plan": "premium", "severity": None},
        {"plan": "standard"},
        {"id": "", "plan": "Premium ", "severity": ""},
        {"id": "é ☃ \U0001f600", "plan": "standard", "severity": "P4"},
    ],
)
def test_what_json_libraries_write_takes_the_pattern(count: int, given: dict[str, Any]) -> None:
    """Tickets as a JSON library writes them, up to three answers: the common case it is for."""
    line = _line(ANSWERS[:count], **given)
    expected = json.loads(line)
    for text in (
        line,
        line + "\n",
        json.dumps(expected, ensure_ascii=False, separators=(",", ":")) + "\r\n",
    ):
        found = fields(text)
        assert found is not None
        assert found[:4] == (
            given.get("id"),
            given["plan"],
            given.get("severity"),
            expected["submitted_at"],
        )
        assert answers(found) == ANSWERS[:count]
        plain = _line_plain(text, None)
        assert plain is not None and plain == _json_plain(expected, None)


@pytest.mark.parametrize(
    "line",
    [
        _line(ANSWERS * 2, plan="standard"),  # a fourth event
        _line([("2026-11-27T11:00:00+01:00", "updated")], plan="standard"),
        _line([], plan="standard", id=7),
        _line([], plan="a\\b"),  # an escape
        _line([], plan="a/b").replace("a/b", "a\\/b"),
        '{"submitted_at": "2026-11-27T10:00:00+01:00", "plan": "standard"}',  # another order
        ' {"plan": "standard", "submitted_at": "2026-11-27T10:00:00+01:00"}',
        '{"plan" : "standard", "submitted_at": "2026-11-27T10:00:00+01:00"}',
        '{"plan": "standard", "submitted_at": "2026-11-27T10:00:00+01:00"}\x0c',
        '{"plan": "standard", "submitted_at": 1764237600}',
        '{"plan": "standard", "submitted_at": "x", "events": null}',
    ],
)
def test_other_lines_are_left_to_the_json_reading(line: str) -> None:
    assert fields(line) is None


def test_the_pattern_knows_the_kinds_the_reader_takes_plainly() -> None:
    assert set(KINDS) == set(_JSON_KINDS)


def test_a_plain_looking_line_that_is_no_plain_ticket_is_left_to_the_json_reading() -> None:
    """Fields in the layout, but a bad time, an event before submission or a blank plan."""
    bad = [
        _line([("2026-13-27T09:00:00+01:00", "first_response")], plan="standard"),
        _line([("2026-11-27T09:00:00+01:00", "first_response")], plan="standard"),
        _line([ANSWERS[1], ANSWERS[0]], plan="standard"),
        _line([], plan=" "),
        _line([], plan="standard").replace("+01:00", ""),  # local, and no zone given
    ]
    for line in bad:
        assert fields(line) is not None
        assert _line_plain(line, None) is None


def test_times_of_another_form_are_left_to_the_json_reading() -> None:
    """Seconds since 1970, a space for the T, a lower-case z, offset seconds: all read
    by the JSON reading, not by the pattern."""
    for at in ("1764237600", "2026-11-27 10:00Z", "2026-11-27T10:00z", "2026-11-27T10:00+01:00:30"):
        assert fields(_line([(at, "first_response")], plan="standard")) is None


@settings(max_examples=500)
@given(
    text=st.one_of(
        st.from_regex(f"^{TIME}$", fullmatch=True),
        st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Asia/Kathmandu")])).map(
            lambda at: at.isoformat(timespec="microseconds")
        ),
        st.datetimes().map(lambda at: at.isoformat(timespec="minutes")),
    ).filter(lambda text: re.fullmatch(TIME, text) is not None),
    zone=st.sampled_from([None, ZoneInfo("Europe/Stockholm"), ZoneInfo("America/Havana")]),
)
def test_a_time_of_the_patterns_form_is_read_as_the_reader_reads_it(
    text: str, zone: ZoneInfo | None
) -> None:
    """Where the shortcut reads a time, it is the reader's instant with the same offset;
    where it refuses one, so does the reader."""
    try:
        expected = read_instant(text, zone, "at")
    except InvalidTicketError:
        expected = None
    try:
        found = _line_instant(text, zone)
    except (ValueError, InvalidTicketError):
        found = None
    if found is None:
        return  # the JSON reading reads it, or says what is wrong
    assert expected is not None
    assert found.astimezone(UTC) == expected.astimezone(UTC)
    assert found.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "answers",
    [
        [("2026-11-27T10:00:00+01:00", "first_response")],  # at the very submission
        [("2026-11-27T10:00:00+01:00", "first_response"), ("2026-11-27T10:00:00+01:00", "closed")],
        [
            ("2026-11-27T11:00:00+01:00", "first_response"),
            ("2026-11-27T11:00:00+01:00", "resolved"),
        ],
    ],
)
def test_tickets_answered_at_once_are_read_plainly(answers: list[tuple[str, str]]) -> None:
    """Events at the submission, or at one instant together, need no full model."""
    line = _line(answers, plan="standard")
    read = _line_plain(line, None)
    assert type(read) is PlainTicket and read == _json_plain(json.loads(line), None)


@pytest.mark.parametrize("count", [1, 2])
def test_local_times_in_the_common_layout_are_read_plainly_in_the_zone_given(count: int) -> None:
    line = _line(ANSWERS[:count], plan="standard").replace("+01:00", "")
    zone = ZoneInfo("America/Havana")
    read = _line_plain(line, zone)
    assert type(read) is PlainTicket and read == _json_plain(json.loads(line), zone)
    assert read.submitted_at.utcoffset() == timedelta(hours=-5)  # Havana, not UTC
    assert [at.utcoffset() for at, _ in read.events] == [timedelta(hours=-5)] * count
    assert _line_plain(line, None) is None  # no zone: the JSON reading says what is wrong


def test_a_file_in_the_common_layout_is_read_without_decoding_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.jsonl"
    lines = [_line(ANSWERS[:n], id=f"T{n}", plan="standard") for n in range(4)]
    lines.append(lines[1].replace("+01:00", "").replace('"T1"', '"local"'))  # read in the zone
    path.write_text("".join(line + "\n" for line in lines))

    def refuse(line: str) -> Any:
        raise AssertionError(f"decoded as JSON: {line!r}")

    monkeypatch.setattr(ticket_files, "_json_value", refuse)
    read = list(read_plain_tickets(path, zone=ZoneInfo("Europe/Stockholm")))
    assert [t.id for t in read] == ["T0", "T1", "T2", "T3", "local"]
    assert all(type(t) is PlainTicket for t in read)
