"""The command line: output for people, JSON for machines, one-line errors with status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from support_policy import parse_policy, stakater_policy
from support_policy.cli import main
from support_policy.stakater import stakater_policy_text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline_explains_the_faq_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "standard", "P1", "2026-11-27T02:00:00+01:00")
    assert code == 0 and not err
    assert out.startswith("Standard P1 – Critical: first response due Fri 2026-11-27 17:00 +01:00")
    assert "8 business hours" in out
    assert "counting from:      Fri 2026-11-27 09:00 +01:00" in out
    assert "waited:             7h 00m" in out


def test_deadline_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "Premium", "critical", "2026-11-27T01:00:00Z", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["due_at"] == "2026-11-27T02:00:00+00:00"
    assert data["target"] == {"amount": 1, "unit": "hours", "text": "1 hour"}
    assert data["round_the_clock"] is True


def test_deadline_with_a_zone_and_the_default_severity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "deadline",
        "standard",
        "default",
        "2026-12-23T16:00",
        "--tz",
        "Europe/Stockholm",
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["severity"] == "P3" and data["severity_defaulted"] is True
    # 1 h on the 23rd, 8 h on the 24th (open by default), 8 h on the 28th, 7 h on the 29th.
    assert data["due_at"] == "2026-12-29T16:00:00+01:00"
    assert ["Christmas Day", "Second Day of Christmas", "Sunday"] in [
        c["reasons"] for c in data["closures"]
    ]


def test_deadline_now_works(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "premium", "P2", "now", "--json")
    assert code == 0 and json.loads(out)["allowed"] == {"seconds": 7200, "text": "2h 00m"}


def test_plans_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plans")
    assert code == 0
    assert "P3        Medium    24 business hours" in out and "default severity:  P3" in out
    assert "1 business day" in out and "on request" in out
    code, out, _ = run(capsys, "plans", "--json")
    data = json.loads(out)
    assert [p["plan"] for p in data["plans"]] == ["standard", "premium"]
    assert data["plans"][1]["targets"]["P4"]["unit"] == "business_days"
    assert data["plans"][1]["escalation"]["immediate"] == ["P1"]


def test_calendar_lists_windows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "2026-12-24", "2026-12-29", "--closures")
    assert code == 0
    assert "Thu 2026-12-24 09:00 CET (+01:00) → Thu 2026-12-24 17:00 CET (+01:00)" in out
    assert "Fri 2026-12-25" not in out.split("closures:")[0]
    assert "open:     16h 00m" in out
    code, out, _ = run(capsys, "calendar", "2026-12-24", "2026-12-29", "--json")
    assert len(json.loads(out)["windows"]) == 2


@pytest.mark.parametrize(
    ("argv", "message", "status"),
    [
        (["deadline", "gold", "P1", "now"], "unknown plan 'gold'", 3),
        (["deadline", "standard", "P9", "now"], "unknown severity 'P9'", 3),
        (["deadline", "standard", "P1", "2026-11-27T02:00"], "has no UTC offset", 2),
        (["deadline", "standard", "P1", "tomorrow"], "not an ISO 8601 date-time", 2),
        (["deadline", "standard", "P1", "2250-01-01T00:00Z"], "outside the supported range", 3),
        (["deadline", "standard", "P1", "now", "--tz", "Mars/Base"], "unknown time zone", 2),
        (["calendar", "2026-02-01", "2026-01-01"], "must come after", 2),
        (["deadline", "standard"], "required", 2),
        ([], "required: COMMAND", 2),
        (["frobnicate"], "invalid choice", 2),
    ],
)
def test_bad_input_is_one_line_and_a_status_that_says_whose(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str, status: int
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == status  # 2: the command line; 3: a value the policy refuses
    assert not out
    assert err.count("\n") == 1 and err.startswith("support-policy: error: ")
    assert message in err
    assert "Traceback" not in err


def test_module_entry_point() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "support_policy",
            "deadline",
            "standard",
            "P1",
            "2026-11-27T02:00:00+01:00",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["due_at"] == "2026-11-27T17:00:00+01:00"


# -- policy files on the command line ----------------------------------------------------------


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(stakater_policy_text(), encoding="utf-8")
    return path


def test_validate_a_good_file(capsys: pytest.CaptureFixture[str], policy_file: Path) -> None:
    code, out, _ = run(capsys, "validate", str(policy_file))
    assert code == 0
    assert "valid" in out and "in force from 2026-02-22" in out


def test_validate_lists_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = stakater_policy_text().replace('unit = "business_days" }', 'unit = "bizday" }', 1)
    bad.write_text(text.replace('"Europe/Stockholm"', '"Mars/Base"', 1), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 3
    lines = out.splitlines()
    assert f"{bad}: business_calendar.timezone: unknown time zone 'Mars/Base'" in lines[0]
    assert any(
        "plans.premium.targets.P4.unit: 'bizday' is not one of: hours, business_hours, "
        "business_days" in line
        for line in lines
    )


def test_a_bad_policy_file_elsewhere_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 3", encoding="utf-8")
    code, out, err = run(capsys, "--policy", str(bad), "plans")
    assert code == 3 and not out
    assert err.count("\n") == 1 and "is not a valid policy" in err and "validate" in err


def test_every_command_takes_a_policy_file(
    capsys: pytest.CaptureFixture[str], policy_file: Path
) -> None:
    custom = policy_file.read_text(encoding="utf-8").replace(
        'P1 = { amount = 8, unit = "business_hours" }',
        'P1 = { amount = 4, unit = "business_hours" }',
    )
    policy_file.write_text(custom, encoding="utf-8")
    code, out, _ = run(
        capsys,
        "deadline",
        "standard",
        "P1",
        "2026-11-27T09:00:00+01:00",
        "--json",
        "--policy",
        str(policy_file),
    )
    assert code == 0 and json.loads(out)["due_at"] == "2026-11-27T13:00:00+01:00"
    for argv in (["plans"], ["show"], ["calendar", "2026-12-01", "2026-12-02"]):
        code, out, _ = run(capsys, "--policy", str(policy_file), *argv)
        assert code == 0, argv


def test_show_as_of_and_toml(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "--as-of", "2025-09-01")
    assert code == 0 and "Advanced" in out and "Incident response targets" in out
    code, out, _ = run(capsys, "show", "--toml")
    assert code == 0 and parse_policy(out) == stakater_policy()
    code, out, _ = run(capsys, "show", "--json")
    assert [v["effective_from"] for v in json.loads(out)["versions"]] == ["2026-02-22", None]


def test_show_gives_each_scope_items_condition(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "--json")
    data = json.loads(out)
    assert code == 0
    assert "Security assessments or audits (unless separately contracted)" in data["out_of_scope"]
    assert (
        "Customer application debugging (unless directly caused by a Stakater platform issue)"
        in data["out_of_scope"]
    )
    assert "Configuration guidance" in data["in_scope"]
    code, text, _ = run(capsys, "show")
    assert "Security assessments or audits (unless separately contracted)" in text


def test_deadline_uses_the_version_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "advanced", "P1", "2025-09-01T12:00:00Z", "--json")
    data = json.loads(out)
    assert code == 0 and data["due_at"] == "2025-09-01T14:00:00+00:00"
    assert data["version"] == "Stakater support policy (three tiers)"
    code, out, _ = run(
        capsys,
        "deadline",
        "premium",
        "P1",
        "2025-09-01T12:00:00Z",
        "--metric",
        "incident_response",
    )
    assert code == 0 and "incident response due Mon 2025-09-01 12:30 UTC" in out
    code, _, err = run(capsys, "deadline", "advanced", "P1", "2026-09-01T12:00:00Z")
    assert code == 3 and "unknown plan 'advanced'" in err


def test_ical_export_parses_back_to_the_windows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    icalendar = pytest.importorskip("icalendar")
    target = tmp_path / "hours.ics"
    code, out, _ = run(capsys, "ical", "2026-12-21", "2027-01-08", "-o", str(target))
    assert code == 0 and "wrote" in out
    parsed = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(parsed.walk("VEVENT"))
    opened = sorted(
        (e.decoded("dtstart"), e.decoded("dtend"))
        for e in events
        if "OPEN" in str(e.get("categories").to_ical())
    )
    calendar = stakater_policy().latest.business_calendar
    stockholm = ZoneInfo("Europe/Stockholm")
    windows = calendar.windows(
        datetime(2026, 12, 21, tzinfo=stockholm), datetime(2027, 1, 8, tzinfo=stockholm)
    )
    assert opened == [(w.start, w.end) for w in windows]
    closed = {
        e.decoded("dtstart"): str(e.get("summary"))
        for e in events
        if "CLOSED" in str(e.get("categories").to_ical())
    }
    assert "Christmas Day" in closed[date(2026, 12, 25)]
    assert date(2026, 12, 27) not in closed  # a plain Sunday is no named closure


def test_due_lists_the_tickets_due_soon(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "A", "plan": "standard", "severity": "P1", '
        '"submitted_at": "2026-12-01T09:00:00+01:00"}\n'
        '{"id": "B", "plan": "premium", "severity": "P2", '
        '"submitted_at": "2026-12-01T12:30:00+01:00"}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "due", str(path), "--within", "2h", "--now", "2026-12-01T13:00Z")
    assert code == 0 and "1 ticket(s) due by Tue 2026-12-01 15:00 UTC" in out
    assert "B " in out and "A " not in out
    code, _, err = run(capsys, "due", str(path), "--within", "soon")
    assert code == 2 and "not a span" in err


def test_status_explains(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    ticket = {
        "id": "S",
        "plan": "standard",
        "severity": "P3",
        "submitted_at": "2026-11-30T10:00:00+01:00",
        "events": [
            {"at": "2026-12-01T11:00:00+01:00", "kind": "severity_changed", "severity": "P1"}
        ],
    }
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(ticket)))
    code, out, _ = run(capsys, "status", "--now", "2026-12-01T12:00:00+01:00", "--explain")
    assert code == 0
    assert "breached retroactively" in out and "known at 2026-12-01T11:00:00+01:00" in out


def test_validate_names_the_file_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "p.toml"
    bad.write_text('format = 1\nname = "x"\n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 3 and out.count(str(bad)) == out.count("\n")


def test_a_string_now_is_a_type_error() -> None:
    from support_policy import Ticket, ticket_status

    ticket = Ticket("standard", datetime(2026, 11, 27, tzinfo=ZoneInfo("UTC")))
    with pytest.raises(TypeError, match="now must be a datetime"):
        ticket_status(stakater_policy(), ticket, "2026-11-28T00:00:00Z")  # type: ignore[arg-type]


GOLD = """format = 1
name = "Gold contract"
default_severity = "P2"
[severities.P0]
label = "Emergency"
[severities.P1]
label = "Urgent"
[severities.P2]
label = "Normal"
[severities.P3]
label = "Low"
[business_calendar]
timezone = "Europe/Stockholm"
hours = { mon-fri = "09:00-17:00" }
[plans.gold]
title = "Gold"
coverage = "24x7"
[plans.gold.targets]
P0 = { amount = 30, unit = "hours" }
P1 = { amount = 2, unit = "hours" }
P2 = { amount = 8, unit = "business_hours" }
P3 = { amount = 2, unit = "business_days" }
"""


def test_a_policy_with_its_own_levels_speaks_them_everywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    path = tmp_path / "gold.toml"
    path.write_text(GOLD.replace("30, unit", "0.5, unit"), encoding="utf-8")
    policy = ["--policy", str(path)]
    code, out, _ = run(capsys, *policy, "deadline", "gold", "emergency", "2026-11-27T02:00:00Z")
    assert code == 0 and out.startswith("Gold P0 – Emergency: first response due")
    code, out, _ = run(capsys, *policy, "plans")
    assert "Emergency" in out and "Urgent" in out and "Critical" not in out
    ticket = {"id": "G", "plan": "gold", "severity": "urgent", "submitted_at": "2026-11-27T02:00Z"}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(ticket)))
    code, out, _ = run(capsys, *policy, "status", "--now", "2026-11-27T03:00Z", "--json")
    data = json.loads(out)
    assert code == 0 and (data["severity"], data["severity_label"]) == ("P1", "Urgent")


def test_a_2025_request_gets_the_2025_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "standard", "P1", "2025-09-01T09:00:00+02:00", "--json")
    data = json.loads(out)
    assert code == 0 and data["due_at"] == "2025-09-02T13:00:00+02:00"  # 12 h then, not 8
    assert data["version"] == "Stakater support policy (three tiers)"


PIPED_TICKETS = """id,plan,severity,submitted_at,first_response_at
A,standard,P1,2026-11-27T10:00:00+01:00,2026-11-27T11:00:00+01:00
B,premium,P1,2026-11-27T10:00:00+01:00,
C,nosuch,P1,2026-11-27T10:00:00+01:00,
"""


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin here")
def test_a_report_of_a_pipe_given_by_its_path_reads_it_once() -> None:
    """A pipe cannot be read twice: the block reader leaves it to the line reader."""
    argv = ["report", "--format", "csv", "--now", "2026-12-01T00:00Z", "--skip-bad", "--json"]
    result = subprocess.run(
        [sys.executable, "-m", "support_policy", *argv, "/dev/stdin"],
        input=PIPED_TICKETS,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["tickets"], report["skipped"]) == (2, {"unknown plan": 1})
    assert report["path"] != "arrow"
