"""Global and per-command options: --zones, and --now at and past the range's ends."""

from __future__ import annotations

import os

import pytest

from support_policy.cli import main

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_zones_choose_the_source_of_zone_rules_for_the_command(capsys: Capture) -> None:
    from support_policy import set_zone_source
    from support_policy.calendars.zones import zone_source

    try:
        code, _, _ = run(capsys, "--zones", "system", "plans")
        assert code == 0 and zone_source() == "system"
    finally:
        set_zone_source("tzdata")


def test_a_bad_now_is_named_as_the_option(capsys: Capture) -> None:
    code, _, err = run(capsys, "report", os.devnull, "--now", "yesterday")
    assert code == 2
    assert err.startswith("support-policy: error: --now 'yesterday' is not an ISO 8601 date-time")


def test_now_may_be_the_first_instant_of_the_range_but_not_its_end(capsys: Capture) -> None:
    code, out, _ = run(capsys, "report", os.devnull, "--now", "1900-01-01T00:00:00Z")
    assert code == 0 and out.startswith("Compliance at Mon 1900-01-01 00:00 UTC")
    code, _, err = run(capsys, "report", os.devnull, "--now", "2201-01-01T00:00:00Z")
    assert code == 2 and "--now 2201-01-01T00:00:00Z is outside the supported range" in err
