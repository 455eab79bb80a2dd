"""A JSON Lines file read into columns gives the report the line reader gives, or is declined.

Random files as ``write_jsonl`` and other writers make them, clean and spoiled: the
report with the block reader allowed must equal the report with only the line reader,
and a file of plain tickets in the writer's form must take the block path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from .test_arrow_tickets import arrow_tickets, both_readers, run, stamp

KINDS = ["first_response", "resolved", "closed"]


@st.composite
def tickets(draw: st.DrawFn, index: int) -> dict[str, object]:
    submitted = datetime(2026, 10, 1, tzinfo=UTC) + timedelta(
        seconds=draw(st.integers(0, 80 * 86_400)),
        microseconds=draw(st.sampled_from([0, 1, 500_000])),
    )
    data: dict[str, object] = {}
    if draw(st.integers(0, 5)):
        data["id"] = f"T{index}"
    data["plan"] = draw(st.sampled_from(["standard", "premium", "Premium"]))
    severity = draw(st.sampled_from(["P1", "P2", "P3", "P4", "critical", None, "absent"]))
    if severity != "absent":
        data["severity"] = severity
    data["submitted_at"] = stamp(draw, submitted)
    kinds = draw(st.permutations(KINDS))[: draw(st.integers(0, 3))]
    if draw(st.integers(0, 9)) == 0:
        kinds = [*kinds, draw(st.sampled_from([*KINDS, "paused"]))]  # a kind twice, a pause
    moments = sorted(
        submitted + timedelta(minutes=draw(st.integers(-30, 5 * 24 * 60))) for _ in kinds
    )
    if draw(st.integers(0, 9)) == 0:
        moments.reverse()  # out of order
    events = [{"at": stamp(draw, t), "kind": k} for t, k in zip(moments, kinds, strict=True)]
    listed = draw(st.booleans())
    if events or listed:
        data["events"] = events
    if draw(st.integers(0, 3)) == 0:  # any order of keys is one ticket to both readers
        order = draw(st.permutations(list(data)))
        data = {key: data[key] for key in order}
    return data


def plain(ticket: dict[str, object]) -> bool:
    """What the line reader takes as a plain ticket: answering events, in order, once each."""
    events = ticket.get("events", [])
    assert isinstance(events, list)
    kinds = [e["kind"] for e in events]
    moments = [datetime.fromisoformat(e["at"]) for e in events]
    submitted = datetime.fromisoformat(str(ticket["submitted_at"]))
    return (
        "paused" not in kinds
        and len(set(kinds)) == len(kinds)
        and moments == sorted(moments)
        and all(m >= submitted for m in moments)
        and ("closed" not in kinds or kinds[-1] == "closed")
        and not (
            "first_response" in kinds
            and "resolved" in kinds
            and kinds.index("first_response") > kinds.index("resolved")
        )
    )


SPOILERS: list[Callable[[str], str]] = [
    lambda text: text.replace('"plan": "standard"', '"plan": "stan\\u0064ard"', 1),  # escape
    lambda text: text.replace('{"plan"', '{"zone": "x", "plan"', 1),  # an unknown key
    lambda text: text.replace('"plan"', '"plan": "x", "plan"', 1),  # a key twice
    lambda text: text.replace("\n", "\n\n", 1),  # a blank line
    lambda text: text.replace("\n", "\n   \n", 1),  # a line of spaces
    lambda text: text.replace("}\n{", "} {", 1),  # two objects on a line
    lambda text: text.replace("premium", "gold", 1),  # an unknown plan
    lambda text: text.replace('"P1"', '"P9"', 1),  # an unknown level
    lambda text: text.replace('"T1"', '"T0"', 1),  # a duplicate id
    lambda text: text.replace("2026-1", "2026-13", 1),  # a month out of range
    lambda text: text.replace(":00+01:00", ":00", 1),  # no offset
    lambda text: text.replace("standard", "stándard", 1),  # not ASCII
    lambda text: text.replace('"P2"', '" P2"', 1),  # a space to strip
    lambda text: text.replace('"P3"', '""', 1),  # an empty level
    lambda text: "\ufeff" + text,  # a byte-order mark
    lambda text: text.replace("\n", "\r\n"),  # CRLF line ends
    lambda text: text.rstrip("\n"),  # no last line end
    lambda text: text.replace("}\n", "} \n", 1),  # a trailing space
    lambda text: text.replace('"submitted_at": "', '"submitted_at": 1', 1),  # a number
    lambda text: re.sub(r'"id": ?"T[0-9]+"', '"id": null', text, count=1),  # no id, said so
    lambda text: re.sub(r'"events": ?\[[^\]]*\]', '"events": null', text, count=1),
    lambda text: re.sub(r'"events": ?\[', '"events": [null, ', text, count=1),
    lambda text: re.sub(r'"id": ?"T[0-9]+"', '"id": "events"', text, count=1),  # a key's name
    lambda text: re.sub(r'"id": ?"T[0-9]+"', '"id": ""', text, count=1),  # an empty id
    lambda text: re.sub(r",( ?)\"plan\"", r",\n\1\"plan\"", text, count=1),  # over two lines
    lambda text: re.sub(r"\[\{", "[\n{", text, count=1),  # a line that starts an event
    lambda text: text.replace("\n{", "\n {", 1),  # a space before a line
    lambda text: text.replace('{"', '{ "', 1).replace('"}', '"\t}', 1),  # spaces inside
    lambda text: text.replace("}\n", "}{}\n", 1),  # an empty object after one
    lambda text: text.replace('"}]', '", "kind": "closed"}]', 1),  # a key twice in an event
    lambda text: re.sub(r'"at": ?"[^"]*"', '"at": ""', text, count=1),  # an event without time
    lambda text: text,
]


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bool]:
    count = draw(st.integers(0, 10))
    compact = draw(st.booleans())
    separators = (",", ":") if compact else (", ", ": ")
    text = "".join(
        json.dumps(draw(tickets(i)), separators=separators, ensure_ascii=False) + "\n"
        for i in range(count)
    )
    spoilers = draw(st.lists(st.sampled_from(range(len(SPOILERS))), max_size=2))
    for k in spoilers:
        text = SPOILERS[k](text)
    return text, not spoilers


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=files(), skip_bad=st.booleans(), block=st.sampled_from([1, 40, 300, 1 << 21]))
def test_the_block_reader_gives_the_line_readers_report(
    case: tuple[str, bool], skip_bad: bool, block: int, tmp_path: Path
) -> None:
    text, clean = case
    took = both_readers(tmp_path / "tickets.jsonl", text, skip_bad, block)
    event(f"path: {took}")
    lines = [json.loads(line) for line in text.splitlines()] if clean else []
    if took is not None and lines and all(plain(t) for t in lines):
        assert took == "arrow"


def test_the_writers_own_files_take_the_block_path(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"id": "A", "plan": "standard", "severity": "P1", "submitted_at": '
        '"2026-11-27T09:00:00+01:00", "events": [{"at": "2026-11-27T10:00:00+01:00", '
        '"kind": "first_response"}, {"at": "2026-11-27T11:00:00+01:00", "kind": "closed"}]}\n'
        '{"plan":"premium","severity":null,"submitted_at":"2026-11-27T09:00:00Z"}\n'
        '{"id": "", "plan": "premium", "submitted_at": "2026-11-27T09:00:00Z"}\n'
        '{"id": "", "plan": "premium", "submitted_at": "2026-11-27T09:00:00Z"}\n'
    )
    found = arrow_tickets.read_plain_columns(path, "jsonl")
    assert found is not None and found.rows == 4 and found.ids.to_pylist() == ["A"]
    code, report = run(path, True)
    assert code == 0 and report["path"] == "arrow" and report["tickets"] == 4
    assert report == run(path, False)[1] | {"path": "arrow"}  # an empty id is none
    for spoilt in (
        '{"plan": "standard", "submitted_at": "2026-11-27T09:00:00+01:00", "events": '
        '[{"at": "2026-11-27T11:00:00+01:00", "kind": "resolved"}, '
        '{"at": "2026-11-27T11:00:00+01:00", "kind": "first_response"}]}\n',  # a warning
        '{"plan": "standard", "submitted_at": "2026-11-27T09:00:00+01:00", "events": '
        '[{"at": "2026-11-27T11:00:00+01:00", "kind": "closed"}, '
        '{"at": "2026-11-27T11:00:00+01:00", "kind": "resolved"}]}\n',  # after closing
    ):
        path.write_text(spoilt)
        assert arrow_tickets.read_plain_columns(path, "jsonl") is None
        code, report = run(path, True)
        assert report == run(path, False)[1] or report["path"] != "arrow"


@pytest.mark.parametrize("kind", ["json", "xml"])
def test_an_unknown_format_is_left_to_the_line_reader(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"plan": "standard", "submitted_at": "2026-11-27T09:00:00+01:00"}\n')
    code, message = run(path, True, "--format", kind)
    assert code != 0 and kind in message


def line(*events: tuple[str, str], extra: str = "", compact: bool = False) -> str:
    """A ticket submitted at 09:00 with ``events`` given as (time of day, kind)."""
    data: dict[str, object] = {"id": f"T{len(extra)}{events!r}"[:40], "plan": "standard"}
    data["severity"] = "P2"
    data["submitted_at"] = "2026-11-27T09:00:00+01:00"
    data["events"] = [{"at": f"2026-11-27T{t}:00+01:00", "kind": k} for t, k in events]
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(data, separators=separators) + extra + "\n"


FIRST, RESOLVED, CLOSED = "first_response", "resolved", "closed"
AT = "2026-11-27T10:00:00+01:00"  # line()'s time of an event at 10:00
PLAIN_FILES = {
    "three events in order": line(("10:00", FIRST), ("11:00", RESOLVED), ("12:00", CLOSED)),
    "events at one instant": line(("10:00", FIRST), ("10:00", RESOLVED), ("10:00", CLOSED)),
    "compact separators": line(("10:00", FIRST), compact=True) + line(compact=True),
    "no last line end": line(("10:00", RESOLVED)) + line(("11:00", CLOSED)).rstrip("\n"),
    "CRLF line ends": (line(("10:00", FIRST)) + line()).replace("\n", "\r\n"),
    "no id, no or a null severity": (
        '{"plan": "premium", "submitted_at": "2026-11-27T09:00:00Z"}\n'
        '{"plan": "premium", "severity": null, "submitted_at": "2026-11-27T09:00:00Z", '
        '"events": [{"at": "2026-11-27T09:30:00Z", "kind": "first_response"}]}\n'
    ),
    "kinds back to front across the tickets of one block": line()
    + line(("10:00", RESOLVED), ("11:00", CLOSED))
    + line(("10:00", FIRST))
    + line(("09:30", CLOSED)),
    "keys in another order, spaces inside, a null id, no events": (
        '{ "submitted_at" : "2026-11-27T09:00:00Z",\t"events": [{"kind": "closed", '
        '"at": "2026-11-27T09:30:00Z"}], "plan": "premium" , "id": "A"}\n'
        '{"events": [], "id": null, "plan": "standard", "submitted_at": "2026-11-27T09:00:00Z"}\n'
    ),
}
OTHER_FILES = {
    "out of time order": line(("11:00", FIRST), ("10:00", RESOLVED)),
    "third out of order": line(("10:00", FIRST), ("12:00", RESOLVED), ("11:00", CLOSED)),
    "a kind twice": line(("10:00", FIRST), ("11:00", FIRST)),
    "a kind twice, apart": line(("10:00", RESOLVED), ("11:00", FIRST), ("12:00", RESOLVED)),
    "after the closing": line(("10:00", CLOSED), ("10:00", RESOLVED)),
    "after the closing, third": line(("10:00", FIRST), ("10:00", CLOSED), ("10:00", RESOLVED)),
    "a first response after the resolution": line(("10:00", RESOLVED), ("10:00", FIRST)),
    "first response third": line(("10:00", RESOLVED), ("10:00", CLOSED), ("10:00", FIRST)),
    "before the submission": line(("08:00", FIRST)),
    "second before the submission": line(("09:00", FIRST), ("08:59", RESOLVED)),
    "events null": line().replace('"events": []', '"events": null'),
    "a null event": line(("10:00", FIRST)).replace('"events": [', '"events": [null, '),
    "an event without a time": line(("10:00", FIRST)).replace('"at"', '"when"'),
    "an event without its time": line(("10:00", FIRST)).replace(f'"at": "{AT}", ', ""),
    "an event with a null time": line(("10:00", FIRST)).replace(f'"{AT}"', "null"),
    "an event with an empty time": line(("10:00", FIRST)).replace(f'"{AT}"', '""'),
    "an unknown kind": line(("10:00", FIRST)).replace("first_response", "answered"),
    "an event with another field": line(("10:00", FIRST)).replace(
        '"kind": "first_response"}', '"kind": "first_response", "note": "x"}'
    ),
    "no plan": line().replace('"plan": "standard"', '"plan": null'),
    "no submission": line().replace('"submitted_at": "2026-11-27T09:00:00+01:00", ', ""),
    # Each of these alone is one check's: an escaped key, two objects on one line, and
    # an object over two lines beside two objects on one (as many objects as lines).
    "an escaped key": line().replace('"events": []', '"ev\\u0065nts": null'),
    "two objects on a line": (
        '{"id": "A", "plan": "standard", "submitted_at": "2026-11-27T09:00:00Z"}\n'
        '{"id": "B", "plan": "standard", "submitted_at": "2026-11-27T09:00:00Z"}'
        '{"id": "C", "plan": "standard", "submitted_at": "2026-11-27T09:00:00Z", "events": '
        '[{"at": "2026-11-27T10:00:00Z", "kind": "closed"}]}\n'
    ),
    "an object over two lines": (
        '{"id": "A", "plan": "standard", "submitted_at": "2026-11-27T09:00:00Z"}\n'
        '{"id": "B", "plan": "standard", "submitted_at": "2026-11-27T09:00:00Z"}'
        '{"id": "C", "plan": "standard", "events": [\n'
        '{"at": "2026-11-27T10:00:00Z", "kind": "closed"}], '
        '"submitted_at": "2026-11-27T09:00:00Z"}\n'
    ),
}


@pytest.mark.parametrize("name", list(PLAIN_FILES) + list(OTHER_FILES))
@pytest.mark.parametrize("block", [1, 1 << 21])
def test_each_rule_of_a_plain_ticket_decides_the_path(
    name: str, block: int, tmp_path: Path
) -> None:
    text = PLAIN_FILES.get(name) or OTHER_FILES[name]
    # A file's first line is a block of its own: after two plain lines, the rule's lines
    # share a block with another ticket's.
    before = "".join(
        f'{{"id": "{i}", "plan": "premium", "submitted_at": "2026-11-27T08:00:00Z", "events": '
        f'[{{"at": "2026-11-27T08:30:00Z", "kind": "first_response"}}]}}\n'
        for i in ("before 1", "before 2")
    )
    for lines in (text, before + text):
        for skip_bad in (False, True):
            took = both_readers(tmp_path / "t.jsonl", lines, skip_bad, block)
            assert took is None or took == ("arrow" if name in PLAIN_FILES else "columnar")
        if name in PLAIN_FILES:
            assert took == "arrow"
