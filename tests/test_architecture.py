"""The layers: each subpackage imports only from the ones below it, and nothing cycles."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import support_policy

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    exit_code = lint_imports(config_filename=str(ROOT / "pyproject.toml"))
    output = capsys.readouterr().out
    assert exit_code == 0, output
    assert "2 kept, 0 broken" in output


PUBLIC = [
    "BusinessCalendar", "Closure", "CoverageCalendar", "Interval", "PartialClosure",
    "PublicHolidays", "RecurringClosure", "RoundTheClock", "WeeklyHours", "Window",
    "data_versions", "set_zone_source", "zone_source",
    "Activity", "Availability", "Boundary", "Channel", "ClockRules", "DeadlineExplanation",
    "EscalationModel", "EscalationTrigger", "Plan", "Policy", "PolicyVersion", "Scope",
    "ScopeAnswer", "Severity", "SeverityScale", "Target", "TargetUnit",
    "ComplianceReport", "EscalationDue", "Event", "EventKind", "Ticket", "TicketExplanation",
    "TicketStatus", "Upcoming", "breaching_within",
    "escalations_due", "evaluate", "ticket_status",
    "ReadCounts", "calendar_to_ical", "dump_policy", "load_policy", "parse_policy",
    "policy_from_dict", "read_tickets", "write_csv", "write_jsonl",
    "stakater_business_calendar", "stakater_policy",
    "InvalidCalendarError", "InvalidDurationError", "InvalidPolicyError", "InvalidTargetError",
    "InvalidTicketError", "MissingExtraError", "NaiveDatetimeError", "OutOfRangeError",
    "SupportPolicyError", "TicketFileError", "UnknownPlanError", "UnknownSeverityError",
    "__version__",
]  # fmt: skip


def test_the_public_api_is_a_visible_decision() -> None:
    # Adding or removing a public name is a decision: change this list with it.
    assert support_policy.__all__ == PUBLIC
    for name in PUBLIC:
        assert hasattr(support_policy, name), name


@pytest.mark.parametrize(
    "package",
    [
        "support_policy",
        "support_policy.calendars",
        "support_policy.policy",
        "support_policy.formats",  # TICKET_FORMATS lives in the package itself
        "support_policy.sla",
    ],
)
def test_dir_shows_the_public_names_not_the_packages_own_helpers(package: str) -> None:
    module = importlib.import_module(package)
    shown = set(dir(module))
    assert set(module.__all__) <= shown
    assert not {"annotations", "exports", "names_of", "TYPE_CHECKING"} & shown
    assert "__version__" in dir(support_policy) and "__doc__" in shown


def test_every_error_lives_in_one_module_under_one_root() -> None:
    from support_policy import errors

    for name in errors.__all__:
        error = getattr(errors, name)
        assert issubclass(error, errors.SupportPolicyError)
        assert error.__module__ == "support_policy.errors"
    assert issubclass(errors.MissingExtraError, ImportError)
    documented = (ROOT / "docs" / "errors.md").read_text("utf-8")
    rows = [line for line in documented.splitlines() if line.startswith("| `")]
    listed = sorted({row.split("`")[1] for row in rows})
    assert listed == sorted(errors.__all__)


def test_the_policy_file_reference_is_the_schema() -> None:
    from support_policy.formats.policy_files import schema_reference

    text = (ROOT / "docs" / "policy-files.md").read_text("utf-8")
    start, end = "<!-- schema:start -->\n", "<!-- schema:end -->"
    assert start in text and end in text, "docs/policy-files.md has no schema reference block"
    block = text.split(start, 1)[1].split(end, 1)[0]
    assert block.strip() == schema_reference().strip(), (
        "docs/policy-files.md disagrees with the schema; paste schema_reference() between the "
        "markers"
    )


def test_errors_carry_the_field_they_are_about() -> None:
    from collections.abc import Callable
    from datetime import UTC, datetime

    import pytest

    from support_policy import (
        InvalidTargetError,
        NaiveDatetimeError,
        SupportPolicyError,
        Target,
        UnknownPlanError,
        UnknownSeverityError,
    )

    policy = support_policy.stakater_policy()
    cases: list[tuple[Callable[[], object], type[SupportPolicyError], str]] = [
        (
            lambda: policy.deadline("gold", "P1", datetime(2026, 1, 1, tzinfo=UTC)),
            UnknownPlanError,
            "plan",
        ),
        (lambda: policy.latest.severity("P9"), UnknownSeverityError, "severity"),
        (lambda: Target(-1, "hours"), InvalidTargetError, "amount"),
        (lambda: Target(1, "fortnights"), InvalidTargetError, "unit"),
        (
            lambda: policy.deadline("standard", "P1", datetime(2026, 3, 2)),
            NaiveDatetimeError,
            "submitted_at",
        ),
    ]
    for call, error, field in cases:
        with pytest.raises(error) as info:
            call()
        assert info.value.field == field


def test_the_limits_page_quotes_the_limits_the_code_enforces() -> None:
    import importlib
    import re

    text = (ROOT / "docs" / "limits.md").read_text("utf-8")
    rows = re.findall(r"^\| [^|]+ \| ([^|]+) \| `([\w.]+)\.(MAX_\w+)` \|$", text, re.MULTILINE)
    assert len(rows) >= 10
    for shown, module, name in rows:
        value = getattr(importlib.import_module(f"support_policy.{module}"), name)
        assert f"{value:,}" in shown, (module, name, value, shown)


_LOADED = """
import sys
{code}
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in {{
    "numpy", "pandas", "pyarrow", "dask", "pyspark", "icalendar", "holidays", "support_policy"
}})))
"""


def _loaded_after(code: str) -> set[str]:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _LOADED.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_importing_the_package_loads_nothing_heavy() -> None:
    """``import support_policy`` is cheap: names load their modules on first use."""
    loaded = _loaded_after("import support_policy")
    assert loaded <= {"support_policy", "support_policy._lazy"}
    every = _loaded_after(
        "import support_policy\nfor n in support_policy.__all__: getattr(support_policy, n)"
    )
    assert not {m for m in every if m.split(".")[0] in ("numpy", "pandas", "pyarrow")}


def test_a_deadline_on_the_command_line_loads_no_ticket_engine_and_one_country() -> None:
    loaded = _loaded_after(
        "from support_policy.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['deadline', 'standard', 'P1', '2026-11-27T10:00:00+01:00'])"
    )
    assert "support_policy.sla" not in loaded
    assert "holidays.countries" not in loaded  # the index of every country
    assert "holidays.countries.sweden" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("numpy", "pandas", "icalendar")}
