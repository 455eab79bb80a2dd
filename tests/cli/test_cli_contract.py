"""What scripts rely on: exit statuses, diagnostics on stderr, whole outputs, any terminal."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support_policy import data_versions
from support_policy.cli import EXIT_CODES, main, policy_commands

Capture = pytest.CaptureFixture[str]
CLI = [sys.executable, "-m", "support_policy"]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_statuses_are_documented_and_distinct() -> None:
    assert set(EXIT_CODES) == {0, 1, 2, 3, 4, 130, 141}
    page = (Path(__file__).parents[2] / "docs" / "cli.md").read_text("utf-8")
    for code, meaning in EXIT_CODES.items():
        assert f"- `{code}`: {meaning}" in page


def test_version_names_the_data_that_answers(capsys: Capture) -> None:
    code, out, err = run(capsys, "--version")
    versions = data_versions()
    assert code == 0 and not err
    assert out.startswith(f"support-policy {versions['support_policy']} (")
    assert f"holidays {versions['holidays']}" in out and f"tzdata {versions['tzdata']}" in out


def test_every_json_result_records_the_data_versions(capsys: Capture) -> None:
    for argv in (["plans", "--json"], ["deadline", "premium", "P1", "now", "--json"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and json.loads(out)["data_versions"] == data_versions()


def test_an_invalid_policy_file_is_status_3_not_a_crash(capsys: Capture, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = "support-policy/1"\n[[versions]]\nname = 3\n', "utf-8")
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 3 and out and not err
    code, out, err = run(capsys, "--policy", str(bad), "plans")
    assert code == 3 and not out and err.count("\n") == 1


def test_interrupted_is_status_130_without_a_traceback(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(policy_commands, "plans", interrupted)
    code, out, err = run(capsys, "plans")
    assert (code, out, err) == (130, "", "support-policy: interrupted\n")


def test_a_bug_is_status_1_in_one_line(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(policy_commands, "plans", broken)
    code, out, err = run(capsys, "plans")
    assert code == 1 and not out and err.count("\n") == 1
    assert err.startswith("support-policy: internal error: ZeroDivisionError: division by zero")
    assert "Traceback" not in err


def test_ctrl_c_in_a_real_process_is_status_130(tmp_path: Path) -> None:
    fifo = tmp_path / "tickets.jsonl"
    os.mkfifo(fifo)
    # As from a terminal: a test run started in the background (`pytest &`) has SIGINT
    # ignored, which a child inherits and Python then honours, as a shell means it to;
    # a handled signal is reset to its default in the child instead.
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [*CLI, "report", str(fifo), "--now", "2026-01-01T00:00Z"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    finally:
        signal.signal(signal.SIGINT, ignored)
    with fifo.open("w") as writer:  # returns once the command has opened the file
        writer.write('{"id": "1", "plan": "standard", "severity": "P1", ')
        writer.flush()
        process.send_signal(signal.SIGINT)  # while it waits for the rest of the line
        try:
            _, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:  # seen once under load: a second Ctrl-C, as a user would
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert b"Traceback" not in err and err.strip() == b"support-policy: interrupted"


def test_a_reader_that_goes_away_is_status_141_quietly() -> None:
    process = subprocess.Popen(
        [*CLI, "calendar", "2020-01-01", "2029-12-31"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    err = process.stderr.read() if process.stderr else b""
    assert process.wait(timeout=60) == 141 and not err


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_any_terminal_encoding_prints_every_result(encoding: str) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": encoding}
    text = subprocess.run(
        [*CLI, "plans"], capture_output=True, env=environment, check=False, timeout=60
    )
    assert text.returncode == 0, text.stderr
    assert b"Mon\\u2013Fri" in text.stdout or b"Mon\x96Fri" in text.stdout  # escaped, or cp1252
    data = subprocess.run(
        [*CLI, "plans", "--json"], capture_output=True, env=environment, check=False, timeout=60
    )
    assert data.returncode == 0 and data.stdout.isascii()
    assert json.loads(data.stdout)["business_calendar"].startswith("Mon\u2013Fri")


def test_skipped_lines_are_noted_on_stderr(capsys: Capture, tmp_path: Path) -> None:
    tickets = tmp_path / "t.jsonl"
    tickets.write_text('{"id": "1"}\nnot json\n', "utf-8")
    code, out, err = run(capsys, "report", str(tickets), "--skip-bad", "--now", "2026-01-01T00:00Z")
    assert code == 0 and "2 bad line(s) skipped" in out
    assert err.startswith("support-policy: note: skipped 2 bad line(s): ")


@pytest.mark.parametrize(
    ("wall", "message"),
    [
        ("2026-03-29T02:30", "does not exist in Europe/Stockholm"),
        ("2026-10-25T02:30", "2026-10-25T02:30:00+02:00 or 2026-10-25T02:30:00+01:00"),
    ],
)
def test_local_times_that_never_or_twice_happen_are_refused(
    capsys: Capture, wall: str, message: str
) -> None:
    code, out, err = run(capsys, "deadline", "standard", "P1", wall, "--tz", "Europe/Stockholm")
    assert code == 2 and not out and message in err


def test_a_local_time_that_happens_once_is_read_on_that_clock(capsys: Capture) -> None:
    argv = ("deadline", "premium", "P1", "2026-10-25T03:30", "--tz", "Europe/Stockholm")
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0 and json.loads(out)["submitted_at"] == "2026-10-25T03:30:00+01:00"


class TestIcalOutput:
    """``ical --output``: the path is checked before the work, and the file is whole or absent."""

    def test_an_unwritable_path_fails_before_any_work(
        self, capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        pytest.importorskip("icalendar")
        from support_policy.formats import ical

        def never(*_: object, **__: object) -> bytes:
            raise AssertionError("the work ran before the path was checked")

        monkeypatch.setattr(ical, "calendar_to_ical", never)
        target = tmp_path / "missing" / "hours.ics"
        code, out, err = run(capsys, "ical", "2027-01-01", "2027-02-01", "-o", str(target))
        assert code == 4 and not out and "cannot write" in err
        code, _, err = run(capsys, "ical", "2027-01-01", "2027-02-01", "-o", str(tmp_path))
        assert code == 4 and "is a directory" in err

    def test_a_failure_midway_leaves_the_old_file_and_no_debris(
        self, capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        pytest.importorskip("icalendar")
        from support_policy.formats import ical

        target = tmp_path / "hours.ics"
        target.write_bytes(b"the old file")

        def interrupted(*_: object, **__: object) -> bytes:
            raise KeyboardInterrupt

        monkeypatch.setattr(ical, "calendar_to_ical", interrupted)
        code, _, _ = run(capsys, "ical", "2027-01-01", "2027-02-01", "-o", str(target))
        assert code == 130
        assert target.read_bytes() == b"the old file" and os.listdir(tmp_path) == ["hours.ics"]

    def test_a_written_file_is_whole_and_readable(self, capsys: Capture, tmp_path: Path) -> None:
        pytest.importorskip("icalendar")
        target = tmp_path / "hours.ics"
        code, out, _ = run(capsys, "ical", "2027-01-01", "2027-02-01", "-o", str(target))
        assert code == 0 and out == f"wrote {target}\n"
        data = target.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR") and data.rstrip().endswith(b"END:VCALENDAR")
        assert os.listdir(tmp_path) == ["hours.ics"]
        assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["plans"], ["ical", "2027-01-01", "2027-02-01"]])
def test_a_full_disk_on_standard_output_is_status_4(argv: list[str]) -> None:
    if argv[0] == "ical":
        pytest.importorskip("icalendar")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*CLI, *argv], check=False, stdout=full, stderr=subprocess.PIPE, timeout=60
        )
    assert done.returncode == 4, done.stderr
    assert done.stderr.strip() == b"support-policy: error: cannot write the output: " + (
        b"No space left on device"
    )


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"])
def test_now_outside_the_range_blames_now(capsys: Capture, at: str, tmp_path: Path) -> None:
    tickets = tmp_path / "t.jsonl"
    tickets.write_text(
        '{"id": "1", "plan": "standard", "severity": "P1", "submitted_at": "2026-01-01T00:00Z"}\n',
        "utf-8",
    )
    for command in ("report", "due"):
        extra = ["--within", "4h"] if command == "due" else []
        code, out, err = run(capsys, command, str(tickets), "--now", at, *extra)
        assert code == 2 and not out and f"--now {at} is outside the supported range" in err


def test_the_cli_package_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "support_policy.cli", "--version"],
        check=False,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith(b"support-policy ")


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["calendar", "0001-01-01", "0001-01-02"], 3, "local year 1 is outside"),
        (["calendar", "9999-12-30", "9999-12-31"], 3, "local year 9999 is outside"),
        (["deadline", "standard", "P1", "0001-01-01T00:00:00+14:00"], 3, "outside"),
        (["deadline", "standard", "P\u00b2", "now"], 3, "unknown severity"),
    ],
)
def test_the_edges_of_time_are_errors_not_tracebacks(
    capsys: Capture, argv: list[str], status: int, message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == status and not out and message in err and err.count("\n") == 1


def test_a_ticket_at_the_edge_of_time_is_a_bad_line(capsys: Capture, tmp_path: Path) -> None:
    tickets = tmp_path / "t.jsonl"
    good = '{"id": "A", "plan": "standard", "severity": "P1", "submitted_at": "2026-01-05T09:00Z"}'
    edge = good.replace('"A"', '"B"').replace("2026-01-05T09:00Z", "0001-01-01T00:00:00+14:00")
    utf16 = good.replace('"A"', '"C"').encode("utf-16")
    tickets.write_bytes(f"{good}\n{edge}\n".encode() + utf16 + b"\n")
    code, out, err = run(capsys, "report", str(tickets), "--now", "2026-02-01T00:00Z")
    assert code == 3 and "line 2" in err and "outside the supported range" in err
    code, out, _ = run(
        capsys, "report", str(tickets), "--now", "2026-02-01T00:00Z", "--skip-bad", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["tickets"] == 1 and data["bad_lines"] == 2


class TestOutputPaths:
    """``--output`` replaces a regular file, follows a link, and never replaces a device."""

    def test_a_link_is_followed_and_kept(self, capsys: Capture, tmp_path: Path) -> None:
        pytest.importorskip("icalendar")
        target, link = tmp_path / "hours.ics", tmp_path / "link.ics"
        target.write_bytes(b"old")
        target.chmod(0o640)
        link.symlink_to(target)
        code, _, _ = run(capsys, "ical", "2027-01-01", "2027-02-01", "-o", str(link))
        assert code == 0 and link.is_symlink()
        assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
        assert target.stat().st_mode & 0o777 == 0o640  # its permissions kept

    def test_a_named_pipe_is_written_not_replaced(self, tmp_path: Path) -> None:
        pytest.importorskip("icalendar")
        fifo = tmp_path / "pipe.ics"
        os.mkfifo(fifo)
        process = subprocess.Popen(
            [*CLI, "ical", "2027-01-01", "2027-01-08", "-o", str(fifo)], stderr=subprocess.PIPE
        )
        with fifo.open("rb") as reader:
            data = reader.read()
        assert process.wait(timeout=60) == 0 and data.startswith(b"BEGIN:VCALENDAR")
        assert fifo.is_fifo()


def test_zones_before_version_say_which_answer(capsys: Capture) -> None:
    try:
        code, out, _ = run(capsys, "--zones", "system", "--version")
        assert code == 0 and "zones system" in out
    finally:
        from support_policy import set_zone_source

        set_zone_source("tzdata")


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"", "standard input is empty"),
        (b" \n\t", "standard input is empty"),
        (b'{"plan": "premium"}\n{"plan": "premium"}', "more than one JSON value (line 2)"),
        (b'{"plan": "premium", "submitted_at": ' + b"9" * 5000 + b"}", "too many digits"),
        (b'{"plan": "g\xffld"}', "not UTF-8 text"),
    ],
)
def test_hostile_standard_input_for_status_is_invalid_input(stdin: bytes, message: str) -> None:
    done = subprocess.run(
        [*CLI, "status"], input=stdin, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 3 and message.encode() in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["deadline", "standard", "P1", "9999-12-31T23:59:59+00:00", "--tz", "Pacific/Kiritimati"],
        ["show", "--as-of", "0001-01-01T00:00:00+14:00"],
        ["calendar", "9999-12-31T00:00:00Z", "9999-12-31T12:00:00Z", "--tz", "Pacific/Kiritimati"],
        ["report", os.devnull, "--now", "0001-01-01", "--tz", "Asia/Kathmandu"],
    ],
)
def test_a_time_that_leaves_pythons_years_in_the_zone_asked_is_refused(
    capsys: Capture, argv: list[str]
) -> None:
    """Shown in the zone, or read there, the year would be 0 or 10000. ``--now`` is an
    option of the command line, refused as one (status 2) however it is written."""
    code, out, err = run(capsys, *argv)
    assert code == (2 if "--now" in argv else 3) and not out and err.count("\n") == 1
    assert "is outside the supported range: in " in err and "before the year 1 or after 9999" in err


class _Full:
    """A standard output whose every write fails, as on a full disk."""

    def write(self, _: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["deadline", "--help"], ["--version"], ["ical", "2027-01-01", "2027-01-08"]],
)
def test_help_version_and_ical_never_report_success_for_output_not_written(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    if argv[0] == "ical":
        pytest.importorskip("icalendar")
    monkeypatch.setattr(sys, "stdout", None)  # closed (`>&-`)
    assert main(argv) == 4
    assert capsys.readouterr().err == "support-policy: error: standard output is closed\n"
    if argv[0] != "ical":  # (ical writes bytes to the real standard output's buffer)
        monkeypatch.setattr(sys, "stdout", _Full())
        assert main(argv) == 4
        assert "No space left on device" in capsys.readouterr().err


def test_an_output_path_in_a_loop_of_links_is_status_4(capsys: Capture, tmp_path: Path) -> None:
    pytest.importorskip("icalendar")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    code, out, err = run(capsys, "ical", "2027-01-01", "2027-01-08", "-o", str(tmp_path / "a"))
    assert code == 4 and not out and "cannot write" in err


class _Endless(io.RawIOBase):
    """Zero bytes without end: a line that never ends. Fails past 64 MiB, never hangs."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.given += len(buffer)
        assert self.given < 64 << 20, "read on past the first long line"
        buffer[:] = b"0" * len(buffer)
        return len(buffer)


def test_a_csv_file_on_standard_input_read_as_json_lines_is_told_how_to_read_it(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "id,plan,severity,submitted_at,first_response_at\nA,standard,P1,2026-01-05T10:00Z,\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, err = run(capsys, "report", "-", "--now", "2026-02-01T00:00Z")
    assert code == 3 and not out
    assert err.endswith(
        "line 1: not JSON: Expecting value at column 1 (a CSV file? give "
        "--format csv; a file named .csv is read as CSV)\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run(capsys, "report", "-", "--now", "2026-02-01T00:00Z", "--format", "csv")
    assert code == 0 and "1 ticket(s)" in out
    # A header that cannot be read stops the file: no line can be skipped past it.
    monkeypatch.setattr(sys, "stdin", io.StringIO("A,standard,P1,2026-01-05T10:00Z\n"))
    code, out, err = run(capsys, "report", "-", "--now", "2026-02-01T00:00Z", "--format", "csv")
    assert code == 3 and "the first line must name the columns" in err and "--skip-bad" not in err


@pytest.mark.parametrize("command", ["report", "due"])
def test_a_line_that_never_ends_is_refused_once_it_is_too_long(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Endless())))
    extra = ["--within", "1h"] if command == "due" else []
    code, out, err = run(capsys, command, "-", "--now", "2026-01-01T00:00Z", *extra)
    assert code == 3 and not out
    assert err == (
        "support-policy: error: <stream>, line 1: a line longer than 1,048,576 bytes "
        "(--skip-bad skips such lines and counts them)\n"
    )
