"""Policy files: the built-in file, round trips, versions, and every kind of bad file."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given, strategies as st

from support_policy import (
    Availability,
    InvalidPolicyError,
    OutOfRangeError,
    Plan,
    Policy,
    SupportPolicyError,
    dump_policy,
    load_policy,
    parse_policy,
    policy_from_dict,
    stakater_business_calendar,
    stakater_policy,
)
from support_policy.stakater import stakater_policy_text

from ..policy_strategies import leaves, policies

SEV = stakater_policy().latest.severities

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BUILT_IN = stakater_policy_text()


def problems_of(text_or_data: str | dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidPolicyError) as info:
        if isinstance(text_or_data, str):
            parse_policy(text_or_data)
        else:
            policy_from_dict(text_or_data)
    assert isinstance(info.value, SupportPolicyError)
    return list(info.value.problems)


# -- the built-in file --------------------------------------------------------------------------


def test_built_in_file_yields_the_documented_matrix() -> None:
    policy = parse_policy(BUILT_IN)
    assert policy == stakater_policy()
    assert policy.latest.business_calendar == stakater_business_calendar()
    matrix = {p.name: [str(p.target(s)) for s in SEV] for p in policy.latest.plans}
    assert matrix == {
        "standard": [
            "8 business hours",
            "12 business hours",
            "24 business hours",
            "24 business hours",
        ],
        "premium": ["1 hour", "2 hours", "4 hours", "1 business day"],
    }
    assert policy.latest.severities.default == SEV["P3"]
    assert (
        policy.latest.effective_from is not None
        and policy.latest.effective_from.isoformat() == "2026-02-22"
    )


def test_built_in_earlier_version_has_three_tiers_and_two_metrics() -> None:
    (old,) = stakater_policy().versions[1:]
    assert [p.title for p in old.plans] == ["Standard", "Advanced", "Premium"]
    tickets = {p.name: [str(p.target(s)) for s in SEV] for p in old.plans}
    assert tickets == {
        "standard": [
            "12 business hours",
            "12 business hours",
            "24 business hours",
            "24 business hours",
        ],
        "advanced": ["2 hours", "4 hours", "8 hours", "24 hours"],
        "premium": ["1 hour", "2 hours", "4 hours", "24 hours"],
    }
    incidents = {p.name: str(p.target(SEV["P1"], "incident_response")) for p in old.plans}
    assert incidents == {
        "standard": "1 business day",
        "advanced": "2 hours",
        "premium": "0.5 hours",
    }
    assert "not a contract" in old.note and "not a contract" in stakater_policy().latest.note


def test_as_of_picks_the_version_in_force() -> None:
    policy = stakater_policy()
    day_before = datetime(2026, 2, 21, 23, 59, 59, tzinfo=STOCKHOLM)
    first_instant = datetime(2026, 2, 22, 0, 0, tzinfo=STOCKHOLM)
    assert policy.as_of(day_before) is policy.versions[1]
    assert policy.as_of(first_instant) is policy.latest
    assert (
        policy.as_of(first_instant.astimezone(UTC) - timedelta(microseconds=1))
        is (policy.versions[1])
    )
    # Judged by the version in force at submission: an Advanced P1 in 2025.
    submitted = datetime(2025, 9, 1, 12, tzinfo=UTC)
    old = policy.as_of(submitted)
    assert old.deadline("advanced", "P1", submitted) == submitted + timedelta(hours=2)
    assert old.deadline("premium", "P3", submitted, metric="incident_response") == (
        submitted + timedelta(minutes=30)
    )
    explanation = old.explain("standard", "P1", submitted, metric="incident_response")
    assert explanation.text().startswith("Standard P1 – Critical: incident response due")
    with pytest.raises(SupportPolicyError, match="no metric 'nope'"):
        old.deadline("premium", "P1", submitted, metric="nope")


def test_as_of_before_every_version() -> None:
    dated = parse_policy(BUILT_IN.split("[[earlier_versions]]")[0])
    with pytest.raises(OutOfRangeError, match="no version"):
        dated.as_of(datetime(2020, 1, 1, tzinfo=UTC))


def test_load_policy_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(BUILT_IN, encoding="utf-8")
    assert load_policy(path) == stakater_policy()
    with pytest.raises(InvalidPolicyError, match="cannot read policy file"):
        load_policy(tmp_path / "missing.toml")


# -- round trips ----------------------------------------------------------------------------


def test_built_in_round_trip() -> None:
    text = dump_policy(stakater_policy())
    again = parse_policy(text)
    assert again == stakater_policy()
    assert dump_policy(again) == text


@given(policies())
def test_any_policy_round_trips(policy: Policy) -> None:
    text = dump_policy(policy)
    assert parse_policy(text) == policy


# -- every problem, with its key path ----------------------------------------------------------


def built_in_data() -> dict[str, Any]:
    return copy.deepcopy(tomllib.loads(BUILT_IN))


def at(data: dict[str, Any], path: list[Any]) -> Any:
    for key in path:
        data = data[key]
    return data


# (where to change, the bad value, the key path reported, words of the message)
MUTATIONS: list[tuple[list[Any], Any, str, str]] = [
    (
        ["plans", "premium", "targets", "P4", "unit"],
        "bizday",
        "plans.premium.targets.P4.unit",
        "'bizday' is not one of: hours, business_hours, business_days",
    ),
    (
        ["plans", "standard", "targets", "P1", "amount"],
        -8,
        "plans.standard.targets.P1.amount",
        "must be positive",
    ),
    (
        ["plans", "standard", "targets", "P2", "amount"],
        True,
        "plans.standard.targets.P2.amount",
        "must be a positive number",
    ),
    (["plans", "premium", "title"], 42, "plans.premium.title", "must be a string"),
    (
        ["plans", "premium", "capabilities", "Named technical contact"],
        "maybe",
        'plans.premium.capabilities."Named technical contact"',
        "'maybe' is not one of",
    ),
    (
        ["plans", "standard", "escalation", "immediate"],
        ["P7"],
        "plans.standard.escalation.immediate",
        "P7 is not a severity level",
    ),
    (
        ["business_calendar", "timezone"],
        "Mars/Olympus",
        "business_calendar.timezone",
        "unknown time zone 'Mars/Olympus'",
    ),
    (
        ["business_calendar", "hours", "mon-fri"],
        "17:00-09:00",
        "business_calendar.hours.mon-fri",
        "must close after it opens",
    ),
    (
        ["business_calendar", "holidays", "country"],
        "XX",
        "business_calendar.holidays",
        "cannot use public holidays of country 'XX'",
    ),
    (
        ["business_calendar", "business_day"],
        "eight hours",
        "business_calendar.business_day",
        "must be a duration",
    ),
    (["default_severity"], "P9", "default_severity", "unknown severity 'P9'"),
    (["effective_from"], "yesterday", "effective_from", "must be a date"),
    (["format"], 2, "format", "not a format this library reads"),
    (
        ["earlier_versions", 0, "plans", "advanced", "targets", "P3", "unit"],
        "days",
        "earlier_versions[0].plans.advanced.targets.P3.unit",
        "'days' is not one of",
    ),
    (["scope", "included", 0, "name"], 7, "scope.included[0].name", "must be a string"),
]


@pytest.mark.parametrize(("path", "value", "where", "words"), MUTATIONS)
def test_one_bad_value_is_reported_at_its_key_path(
    path: list[Any], value: Any, where: str, words: str
) -> None:
    data = built_in_data()
    at(data, path[:-1])[path[-1]] = value
    problems = problems_of(data)
    assert [p for p, _ in problems] == [where]
    assert words in problems[0][1]


@given(st.sampled_from(MUTATIONS), st.sampled_from(MUTATIONS))
def test_two_bad_values_are_both_reported(
    first: tuple[list[Any], Any, str, str], second: tuple[list[Any], Any, str, str]
) -> None:
    # Checks across sections (a code against the version's levels) run once each
    # section reads cleanly, so they are left out of the pairs.
    assume(not {first[2], second[2]} & {"plans.standard.escalation.immediate", "default_severity"})
    data = built_in_data()
    for path, value, _, _ in (first, second):
        at(data, path[:-1])[path[-1]] = value
    reported = {p for p, _ in problems_of(data)}
    assert {first[2], second[2]} <= reported


@given(policies(), st.data())
def test_an_unknown_key_anywhere_is_named(policy: Policy, data: st.DataObject) -> None:
    parsed = tomllib.loads(dump_policy(policy))
    tables: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            tables.append((path, node))
            for key, value in node.items():
                if key in {
                    "capabilities",
                    "hours",
                    "closed_dates",
                    "open_dates",
                    "boundaries",
                    "metrics",
                    "plans",
                }:
                    for sub_key, sub in value.items():  # free-form keys: go one level deeper
                        walk(sub, f"{path}.{key}.{sub_key}".lstrip("."))
                    continue
                walk(value, f"{path}.{key}".lstrip("."))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]")

    walk(parsed, "")
    candidates = [
        (p, t)
        for p, t in tables
        if not p.endswith(("severities", "targets"))
        and ".metrics." not in p
        and not p.split(".")[-1].startswith("P")
    ]
    path, table = data.draw(st.sampled_from(candidates))
    table["colour"] = "blue"
    problems = problems_of(parsed)
    assert [p for p, _ in problems] == [f"{path}.colour".lstrip(".")]
    assert problems[0][1].startswith("unknown key; expected one of:")


MINIMAL = """format = 1
name = "x"
[business_calendar]
timezone = "UTC"
hours = {mon = "09:00-17:00"}
[plans.a]
title = "A"
coverage = "c"
[plans.a.targets]
all = {amount = 1, unit = "hours"}
"""


def variant(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


def test_the_minimal_file_is_valid() -> None:
    assert parse_policy(MINIMAL).plan("a").target(SEV["P4"]) == parse_policy(MINIMAL).plan(
        "a"
    ).target(SEV["P1"])


BAD_FILES = [
    ("not toml at all = = =", "", "not valid TOML"),
    ('format = 1\nname = "x"\n', "business_calendar", "missing (required)"),
    ('format = 1\nname = "x"\n', "plans", "missing (required)"),
    (
        variant('"09:00-17:00"', '"09:00-12:00, 11:00-13:00"'),
        "business_calendar.hours.mon",
        "overlap",
    ),
    (variant("all = ", "P1 = "), "plans.a.targets", "no target for P2"),
    (variant('{mon = "09:00-17:00"}', "{}"), "business_calendar", "must have some open time"),
    (variant("plans.a", "plans.Gold"), "plans.Gold", "lower case"),
    (
        variant('name = "x"', 'name = "x"\nearlier_versions = [{effective_from = 2027-01-01}]'),
        "earlier_versions[0].business_calendar",
        "missing (required)",
    ),
    (
        variant('unit = "hours"', 'unit = "hours", colour = "blue"'),
        "plans.a.targets.all.colour",
        "unknown key",
    ),
    (
        variant('coverage = "c"', 'coverage = "c"\nchannels = "portal"'),
        "plans.a.channels",
        "must be a list",
    ),
    (
        variant('timezone = "UTC"', 'timezone = "UTC"\nclosed_dates = {someday = "x"}'),
        "business_calendar.closed_dates.someday",
        "must be a date",
    ),
    (
        variant(
            'timezone = "UTC"',
            'timezone = "UTC"\nrecurring_closures = [{rule = "FREQ=NEVER", reason = "x"}]',
        ),
        "business_calendar.recurring_closures[0]",
        "not a closure rule",
    ),
]


@pytest.mark.parametrize(("text", "where", "words"), BAD_FILES)
def test_bad_files(text: str, where: str, words: str) -> None:
    problems = problems_of(text)
    assert any(p == where and words in m for p, m in problems), problems


def test_versions_out_of_order_are_refused() -> None:
    data = built_in_data()
    data["earlier_versions"][0]["effective_from"] = data["effective_from"]
    problems = problems_of(data)
    assert problems[0][0] == "earlier_versions[0].effective_from"
    assert "must come before 2026-02-22" in problems[0][1]


def test_a_version_that_would_never_be_in_force_is_refused() -> None:
    data = built_in_data()
    data["business_calendar"]["timezone"] = "Pacific/Kiritimati"  # 2026-02-21T10:00Z
    data["earlier_versions"][0]["business_calendar"]["timezone"] = "Pacific/Pago_Pago"
    data["earlier_versions"][0]["effective_from"] = date(2026, 2, 21)  # 2026-02-21T11:00Z
    problems = problems_of(data)
    assert problems[0][0] == "earlier_versions[0].effective_from"
    assert problems[0][1].startswith("this version would never be in force")


def test_loading_never_runs_the_file() -> None:
    # A TOML string that looks like code stays a string.
    data = built_in_data()
    data["name"] = "__import__('os').system('false')"
    assert policy_from_dict(data).name == "__import__('os').system('false')"


WRONG_VALUES: list[Any] = [5, -1.5, "x", "", [], [1], {}, {"a": 1}, True]


def test_any_wrong_value_anywhere_gives_only_the_librarys_error() -> None:
    base = built_in_data()
    base["earlier_versions"] = base["earlier_versions"][:1]
    base["business_calendar"]["partial_closures"] = [
        {"closes_at": "14:00", "reason": "eve", "before_holidays": True},
        {"closes_at": "13:00", "reason": "half", "holiday_category": "de_facto"},
    ]
    base["business_calendar"]["recurring_closures"] = [{"rule": "FREQ=YEARLY", "reason": "r"}]
    base["clock"] = {"pauses": True, "thresholds": [0.5]}
    checked = 0
    escaped: list[str] = []
    for path in leaves(base):
        if path[0] == "earlier_versions" and len(path) > 2 and path[2] not in ("plans", "name"):
            continue  # the current version covers the same keys
        for wrong in WRONG_VALUES:
            data = copy.deepcopy(base)
            at(data, list(path[:-1]))[path[-1]] = wrong
            try:
                policy_from_dict(data)
            except InvalidPolicyError:
                pass
            except Exception as exc:  # the point: nothing else may escape
                escaped.append(f"{path} = {wrong!r}: {type(exc).__name__}: {exc}")
            checked += 1
    assert not escaped, "\n".join(escaped[:30])
    assert checked > 1000


def test_keys_that_need_quotes_are_quoted() -> None:
    # A regex "$" also matches before a final newline: such a key is not bare.
    plan = attrs.evolve(stakater_policy().plan("standard"), capabilities={"0\n": Availability.YES})
    policy = Policy([attrs.evolve(stakater_policy().latest, plans=(plan,))])
    assert parse_policy(dump_policy(policy)) == policy


def test_a_file_that_starts_with_a_byte_order_mark_reads_as_without(tmp_path: Path) -> None:
    """Some editors start UTF-8 with a BOM; ticket files take one too."""
    text = dump_policy(stakater_policy())
    plain, marked = tmp_path / "plain.toml", tmp_path / "marked.toml"
    plain.write_text(text, "utf-8")
    marked.write_text(text, "utf-8-sig")
    assert marked.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_policy(marked) == load_policy(plain)


def test_an_empty_list_whose_default_is_not_empty_is_written() -> None:
    """No warning thresholds at all: left out, the file would read back the defaults."""
    rules = attrs.evolve(stakater_policy().latest.clock_rules, thresholds=())
    policy = Policy([attrs.evolve(stakater_policy().latest, clock_rules=rules)])
    again = parse_policy(dump_policy(policy))
    assert again == policy and again.latest.clock_rules.thresholds == ()


def test_a_problem_is_one_line_whatever_its_key_holds() -> None:
    data = built_in_data()
    data["plans"]["standard"]["capabilities"] = {'odd\nkey "x" \\': "nope"}
    problems = problems_of(data)
    paths = [p for p, _ in problems if "capabilities" in p]
    assert paths == ['plans.standard.capabilities."odd\\u000Akey \\"x\\" \\\\"']


@pytest.mark.parametrize("name", ["  ", "severity", "Severity_Label", "channel", "capability"])
def test_a_plan_name_that_is_empty_or_names_a_column_is_refused(name: str) -> None:
    """Tables of plans give each plan a column beside the fixed ones: names must differ."""
    with pytest.raises(InvalidPolicyError, match=r"^name: "):
        Plan(name, "Title", "24x7", {"all": "1 hours"})
    data = built_in_data()
    data["plans"][name.strip().lower() or "x"] = data["plans"]["standard"]
    if name.strip():
        assert any(p.startswith(f"plans.{name.strip().lower()}") for p, _ in problems_of(data))
