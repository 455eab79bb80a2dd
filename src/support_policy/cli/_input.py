"""Reading the command line's words: instants, dates, zones and policy files."""

from __future__ import annotations

import argparse
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from support_policy.calendars.instants import parse_iso, wall_instant
from support_policy.calendars.zones import load_zone
from support_policy.errors import InvalidPolicyError, OutOfRangeError
from support_policy.formats.policy_files import load_policy
from support_policy.policy import Policy

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "InvalidInput",
    "OutputError",
    "Parser",
    "UsageError",
    "atomic_output",
    "day",
    "duration",
    "instant",
    "load",
    "zone",
]


class UsageError(Exception):
    """The command line cannot be read: an unknown option, a malformed date or span."""


class InvalidInput(Exception):
    """The input is readable but not valid: a policy or ticket file, or standard input."""


class OutputError(Exception):
    """The output cannot be written."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError` s; help keeps line breaks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Raise instead of exiting, so ``main`` prints one line."""
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """Write help or the version where asked; never swallow a closed or full output.

        (argparse ignores a failed write, and sends help for a closed standard output to
        standard error instead.)
        """
        if not message:
            return
        if file is None:
            raise OutputError("standard output is closed")
        file.write(message)


def zone(name: str | None) -> tzinfo | None:
    """The IANA zone ``name``, or None."""
    if name is None:
        return None
    try:
        return load_zone(name)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def instant(text: str, tz: tzinfo | None, what: str) -> datetime:
    """Read ``now`` or an ISO 8601 date-time; a time without offset needs ``--tz``."""
    if text.strip().lower() == "now":
        return datetime.now(UTC).astimezone(tz) if tz else datetime.now(UTC)
    try:
        value = parse_iso(text)
    except ValueError as exc:
        raise UsageError(f"{what} {exc}, or 'now'") from None
    if value.tzinfo is None:
        if tz is None:
            raise UsageError(
                f"{what} {text!r} has no UTC offset; add one (e.g. +01:00 or Z) "
                "or give --tz ZONE to read it as local time there"
            )
        return _local(value, tz, what)
    if tz is None:
        return value
    try:
        return value.astimezone(tz)
    except OverflowError:  # year 1 or 9999, shown where the date would leave them
        raise _too_far(what, text, tz) from None


def _too_far(what: str, text: str, tz: tzinfo) -> OutOfRangeError:
    return OutOfRangeError(
        f"{what} {text} is outside the supported range: in {tz} it would fall before "
        "the year 1 or after 9999"
    )


def _local(wall: datetime, tz: tzinfo, what: str) -> datetime:
    """``wall`` on the clocks of ``tz``: refused when that wall time never or twice happens."""
    first, occurs = wall_instant(wall, tz)
    if occurs == "outside":  # in UTC, before the year 1 or after 9999
        raise _too_far(what, wall.isoformat(), tz)
    if first is None:
        raise UsageError(
            f"{what} {wall.isoformat()} does not exist in {tz} (the clocks skip it); "
            "write it with a UTC offset"
        )
    if occurs == "twice":
        options = " or ".join(d.isoformat() for d in (first, first.replace(fold=1)))
        raise UsageError(
            f"{what} {wall.isoformat()} happens twice in {tz} (the clocks go back); "
            f"write which one you mean: {options}"
        )
    return first


_DURATION = re.compile(r"(?:([0-9]{1,6})d)?(?:([0-9]{1,7})h)?(?:([0-9]{1,9})m)?")


def duration(text: str, what: str) -> timedelta:
    """Read a span such as ``4h``, ``90m``, ``2d`` or ``1h30m``."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None or not any(match.groups()):
        raise UsageError(f"{what} {text!r} is not a span such as 4h, 90m, 2d or 1h30m")
    days, hours, minutes = (int(g or 0) for g in match.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes)
    except OverflowError:
        raise UsageError(f"{what} {text!r} is too long") from None


def day(text: str, tz: tzinfo, what: str) -> datetime:
    """Read a date (midnight in ``tz``) or a date-time."""
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        return instant(text, tz, what)
    return datetime.combine(parsed, time(0), tzinfo=tz)


def load(path: str) -> Policy:
    """The policy file at ``path``, or a one-line usage error naming its first problem."""
    try:
        return load_policy(path)
    except InvalidPolicyError as exc:
        count = len(exc.problems)
        where, message = exc.problems[0]
        first = f"{where}: {message}" if where else message
        more = f" (and {count - 1} more; run 'support-policy validate {path}')" if count > 1 else ""
        raise InvalidInput(f"{path} is not a valid policy: {first}{more}") from None


@contextmanager
def atomic_output(path: str) -> Iterator[IO[bytes]]:
    """A file to write ``path`` through: a temporary file beside it, renamed over it at the end.

    The temporary file is made before any work, so an unwritable path fails at once;
    if anything fails later, the temporary file goes and ``path`` is left as it was. A
    symbolic link is followed (the file it names is replaced, the link kept), an
    existing file keeps its permissions, and what is not a regular file (a device, a
    named pipe) is written directly, never replaced.

    Raises:
        OutputError: ``path`` cannot be written.
    """
    try:
        target = Path(path).resolve() if Path(path).is_symlink() else Path(path)
        folder = target.is_dir()
    except (OSError, RuntimeError, ValueError) as exc:  # a loop of links, a NUL byte
        raise OutputError(f"cannot write {path!r}: {exc}") from None
    if folder:
        raise OutputError(f"cannot write {path!r}: it is a directory")
    if target.exists() and not target.is_file():  # /dev/stdout, a pipe: write, don't replace
        try:
            with target.open("wb") as direct:
                yield direct
        except OSError as exc:
            raise OutputError(f"cannot write {path!r}: {exc.strerror or exc}") from None
        return
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
            dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
        )
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror or exc}") from None
    try:
        with handle:
            yield handle
        if target.exists():
            mode = stat.S_IMODE(target.stat().st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(handle.name, mode)
        os.replace(handle.name, target)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(handle.name)
        raise OutputError(f"cannot write {path!r}: {exc.strerror or exc}") from None
    except BaseException:
        with suppress(OSError):
            os.unlink(handle.name)
        raise
