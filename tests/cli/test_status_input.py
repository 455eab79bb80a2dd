"""status reads one ticket on standard input: bad input, a byte order mark, --tz, --lenient."""

from __future__ import annotations

import io
import json

import pytest

from support_policy.cli import main

Capture = pytest.CaptureFixture[str]
NOW = "2026-11-28T10:00:00+01:00"
LOCAL = {  # local times: read in --tz; a response before the submission (lenient skips it)
    "plan": "standard",
    "severity": "P2",
    "submitted_at": "2026-11-27T10:00",
    "events": [{"kind": "first_response", "at": "2026-11-27T09:00"}],
}


def status(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, stdin: bytes, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(["status", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"not json", "standard input is not JSON: Expecting value (line 1)"),
        (
            b'{"plan": "premium"}\n{"plan": "premium"}',
            "standard input holds more than one JSON value (line 2): status reads one ticket;"
            " report and due read files of many",
        ),
        (b'{"plan": "g\xffld"}', "standard input is not UTF-8 text (byte 12)"),
        (b" \n", "standard input is empty: give one ticket, a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "standard input is JSON nested too deeply"),
        (
            b'{"plan": "premium", "submitted_at": ' + b"9" * 5000 + b"}",
            "standard input holds a number with too many digits",
        ),
    ],
)
def test_bad_standard_input_for_status_says_exactly_what_is_wrong(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, stdin: bytes, message: str
) -> None:
    code, out, err = status(capsys, monkeypatch, stdin, "--now", NOW)
    assert (code, out, err) == (3, "", f"support-policy: error: {message}\n")


def test_status_reads_a_ticket_after_a_byte_order_mark(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = {"plan": "standard", "severity": "P2", "submitted_at": "2026-11-27T10:00:00+01:00"}
    stdin = "\ufeff".encode() + json.dumps(ticket).encode()
    code, out, err = status(capsys, monkeypatch, stdin, "--now", NOW)
    assert code == 0 and not err
    assert out.startswith("running (standard P2, 12 business hours)\n")  # the title


def test_status_reads_local_times_in_tz_and_lenient_judges_what_it_can(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = json.dumps(LOCAL).encode()
    code, _, err = status(capsys, monkeypatch, stdin, "--tz", "Europe/Stockholm", "--now", NOW)
    assert code == 3 and "comes before submission" in err  # strict: refused
    argv = ("--tz", "Europe/Stockholm", "--now", NOW, "--lenient", "--json")
    code, out, err = status(capsys, monkeypatch, stdin, *argv)
    assert code == 0 and not err
    got = json.loads(out)
    assert got["due_at"] == "2026-11-30T14:00:00+01:00"  # 10:00 in Stockholm, 12 business hours on
    assert got["elapsed"]["seconds"] == 7 * 3600
    assert any("comes before submission" in w for w in got["warnings"])
