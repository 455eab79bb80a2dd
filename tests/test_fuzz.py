"""Hostile input at every public entry: an answer, or the library's own error; never anything else.

Run longer with ``HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support_policy import (
    ReadCounts,
    SupportPolicyError,
    Ticket,
    parse_policy,
    policy_from_dict,
    read_tickets,
    stakater_policy,
)
from support_policy.cli import main
from support_policy.formats.ticket_files import ticket_from_data
from support_policy.stakater import stakater_policy_text
from tests.policy_strategies import leaves

BASE = tomllib.loads(stakater_policy_text())
POLICY = stakater_policy()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["P1", "standard", "09:00-17:00", "8h", "1e999", "FREQ=DAILY", "SE", ""]),
    st.datetimes(timezones=st.just(UTC)),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)


PATHS = leaves(BASE)


@st.composite
def mutated_policies(draw: st.DrawFn) -> Any:
    """The built-in policy's data with a few values replaced by anything at all."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        holder = data
        try:
            for key in path[:-1]:
                holder = holder[key]
            holder[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path
    return data


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_policies())
def test_policy_dicts_of_any_shape_give_a_policy_or_invalid_policy_error(data: Any) -> None:
    with contextlib.suppress(SupportPolicyError):
        policy_from_dict(data)


@given(text=st.text(max_size=300))
def test_any_text_as_a_policy_file(text: str) -> None:
    with contextlib.suppress(SupportPolicyError):
        parse_policy(text)


ticket_fields = st.fixed_dictionaries(
    {},
    optional={
        "id": values,
        "plan": st.one_of(st.sampled_from(["standard", "premium", "gold"]), values),
        "severity": st.one_of(st.sampled_from(["P1", "p4", "critical", "1"]), values),
        "submitted_at": st.one_of(
            st.sampled_from(["2026-01-05T09:00Z", "0001-01-01T00:00+14:00", "1767600000"]),
            values,
        ),
        "events": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "at": st.one_of(st.sampled_from(["2026-01-05T10:00Z", "9999-12-31"]), values),
                    "kind": st.one_of(
                        st.sampled_from(
                            ["first_response", "paused", "resumed", "resolved", "reopened"]
                        ),
                        values,
                    ),
                    "severity": values,
                    "plan": values,
                },
            ),
            max_size=4,
        ),
    },
)


@given(data=ticket_fields, lenient=st.booleans(), extra=values)
def test_ticket_dicts_give_a_ticket_or_the_librarys_error(
    data: dict[str, Any], lenient: bool, extra: Any
) -> None:
    for candidate in (data, extra):
        try:
            ticket = ticket_from_data(candidate, timezone(timedelta(hours=2)), lenient=lenient)
        except SupportPolicyError:
            continue
        with contextlib.suppress(SupportPolicyError):
            POLICY.deadline(ticket.plan, ticket.severity, ticket.submitted_at)
        assert isinstance(ticket, Ticket)


lines = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ticket_fields.map(lambda d: repr(d).encode()),
    st.sampled_from(
        [
            b"[" * 5000,
            b'{"id": 1' + b"1" * 5000 + b"}",
            b'{"severity": "P\xc2\xb2"}',
            b"\xff\xfe{}",
            b'{"id": "A", "plan": "standard", "severity": "P1", '
            b'"submitted_at": "2026-01-05T09:00Z"}',
        ]
    ),
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    rows=st.lists(lines, max_size=8),
    kind=st.sampled_from(["jsonl", "csv", "tsv"]),
    header=st.sampled_from(
        [b"", b"id,plan,severity,submitted_at,first_response_at\n", b"id\tplan\n"]
    ),
)
def test_ticket_files_never_lose_the_run_with_skip_bad(
    rows: list[bytes], kind: str, header: bytes
) -> None:
    body = header + b"\n".join(rows)
    counts = ReadCounts()
    try:
        source = io.TextIOWrapper(io.BytesIO(body), encoding="utf-8", errors="surrogateescape")
        tickets = list(read_tickets(source, format=kind, skip_bad=True, counts=counts))
    except SupportPolicyError:
        return  # e.g. a CSV header that cannot be read: the file as a whole is refused
    assert counts.tickets == len(tickets)
    assert counts.bad == sum(counts.reasons.values())


words = st.one_of(
    st.sampled_from(
        [
            "deadline",
            "plans",
            "calendar",
            "show",
            "validate",
            "status",
            "due",
            "report",
            "ical",
            "standard",
            "premium",
            "P1",
            "now",
            "--json",
            "--tz",
            "Europe/Stockholm",
            "--now",
            "9999-12-31T23:59:59Z",
            "0001-01-01",
            "2026-03-29T02:30",
            "--within",
            "4h",
            "--policy",
            "--skip-bad",
            "--lenient",
            "--explain",
            "-",
            "--as-of",
            "--zones",
            "system",
            "--version",
            "--help",
            "validate",
            "--breaches",
            "2026-01-01",
            "2027-01-01",
            "--closures",
        ]
    ),
    st.text(max_size=20),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(argv=st.lists(words, max_size=6), stdin=st.text(max_size=200))
def test_the_command_line_never_crashes(
    argv: list[str], stdin: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if "ical" in argv or "--zones" in argv:
        return  # ical writes files and --zones changes the process: tested on their own
    folder = tmp_path_factory.mktemp("cli")
    saved = sys.stdin
    out, err = io.StringIO(), io.StringIO()
    try:
        sys.stdin = io.StringIO(stdin)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cwd = Path.cwd()
            try:
                import os

                os.chdir(folder)
                code = main(argv)
            finally:
                os.chdir(cwd)
    finally:
        sys.stdin = saved
    assert code in (0, 2, 3, 4), (argv, err.getvalue())
    if code and "validate" not in argv:  # validate reports a file's problems on stdout
        assert err.getvalue().count("\n") == 1 and not out.getvalue()


@given(
    plan=st.one_of(st.sampled_from(["standard", "premium"]), values),
    severity=st.one_of(st.sampled_from(["P1", None]), values),
    at=st.one_of(
        st.datetimes(
            min_value=datetime(1, 1, 2),
            max_value=datetime(9999, 12, 30),
            timezones=st.sampled_from([UTC, timezone(timedelta(hours=14))]),
        ),
        values,
    ),
)
def test_policy_questions_answer_or_raise_the_librarys_error(
    plan: Any, severity: Any, at: Any
) -> None:
    for question in (POLICY.response_deadline, POLICY.explain, POLICY.deadline):
        with contextlib.suppress(SupportPolicyError, TypeError):
            question(plan, severity, at)
