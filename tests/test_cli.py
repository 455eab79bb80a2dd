"""The command line: output for people, JSON for machines, one-line errors with status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support_policy.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline_explains_the_faq_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "standard", "P1", "2026-11-27T02:00:00+01:00")
    assert code == 0 and not err
    assert out.startswith("Standard P1 – Critical: first response due Fri 2026-11-27 17:00 +01:00")
    assert "8 business hours" in out
    assert "the next opening (7h 00m after submission)" in out


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
    assert code == 0 and json.loads(out)["allowed_seconds"] == 7200


def test_plans_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plans")
    assert code == 0
    assert "P3 – Medium (default)  24 business hours" in out
    assert "1 business day" in out and "On request" in out
    code, out, _ = run(capsys, "plans", "--json")
    data = json.loads(out)
    assert [p["name"] for p in data["plans"]] == ["standard", "premium"]
    assert data["plans"][1]["targets"]["P4"]["unit"] == "business_days"
    assert data["plans"][1]["escalation"]["immediate"] == ["P1"]


def test_calendar_lists_windows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "2026-12-24", "2026-12-29", "--closures")
    assert code == 0
    assert "Thu 2026-12-24 09:00 – 17:00" in out
    assert "Fri 2026-12-25" not in out.split("closures:")[0]
    assert "total open time: 16h 00m" in out
    code, out, _ = run(capsys, "calendar", "2026-12-24", "2026-12-29", "--json")
    assert len(json.loads(out)["windows"]) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "gold", "P1", "now"], "unknown plan 'gold'"),
        (["deadline", "standard", "P9", "now"], "unknown severity 'P9'"),
        (["deadline", "standard", "P1", "2026-11-27T02:00"], "has no UTC offset"),
        (["deadline", "standard", "P1", "tomorrow"], "not an ISO 8601 date-time"),
        (["deadline", "standard", "P1", "2250-01-01T00:00Z"], "outside the supported range"),
        (["deadline", "standard", "P1", "now", "--tz", "Mars/Base"], "unknown time zone"),
        (["calendar", "2026-02-01", "2026-01-01"], "must come after"),
        (["deadline", "standard"], "required"),
        ([], "required: COMMAND"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
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
