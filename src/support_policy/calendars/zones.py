"""Where time-zone rules come from, and which data versions give an answer.

A calendar's answers depend on two databases: the IANA zone rules and the
``holidays`` package. By default zone rules come from the ``tzdata`` package the
library declares, so one installed set of packages gives the same answer on every
machine; :func:`set_zone_source` can switch to the operating system's database
(which may be newer, or older). :func:`data_versions` says which versions answer,
and the command line prints them in every JSON result.
"""

from __future__ import annotations

import sys
import zoneinfo
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from support_policy.errors import SupportPolicyError, shown

__all__ = ["ZONE_SOURCES", "data_versions", "load_zone", "set_zone_source", "zone_source"]

ZoneSource = Literal["tzdata", "system"]
ZONE_SOURCES: tuple[ZoneSource, ...] = ("tzdata", "system")

_source: ZoneSource = "tzdata"


class TzdataZone(ZoneInfo):
    """A zone read from the ``tzdata`` package; pickles by key, like any ``ZoneInfo``."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (_package_zone, (self.key,))


@cache
def _package_dir() -> Path:
    """Where the ``tzdata`` package keeps its files (read directly: cheaper to start)."""
    import tzdata  # noqa: PLC0415 - only when a zone is loaded

    return Path(tzdata.__file__).parent


@cache
def _package_keys() -> frozenset[str]:
    """The zone keys the ``tzdata`` package holds."""
    return frozenset((_package_dir() / "zones").read_text("utf-8").split())


@cache
def _package_zone(key: str) -> ZoneInfo:
    """The zone ``key`` from the ``tzdata`` package, read once per process."""
    with _package_dir().joinpath("zoneinfo", *key.split("/")).open("rb") as data:
        return TzdataZone.from_file(data, key=key)


def _unknown(key: object) -> ValueError:
    return ValueError(
        f"unknown time zone {shown(key)}; use an IANA name such as 'Europe/Stockholm'"
    )


def load_zone(key: str) -> ZoneInfo:
    """Return the IANA zone ``key`` from the chosen source (see :func:`set_zone_source`).

    Names that mean different things on different machines (``localtime``, file
    paths) are refused.

    Raises:
        ValueError: ``key`` names no zone (the caller wraps it in its own error).
    """
    if not isinstance(key, str) or key not in _package_keys():
        if _source == "tzdata" or not isinstance(key, str):
            raise _unknown(key)
        if key.startswith("/") or ".." in key or key in ("localtime", "posixrules"):
            raise _unknown(key)
    if _source == "tzdata":
        return _package_zone(key)
    try:
        return ZoneInfo(key)
    except (ValueError, KeyError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise _unknown(key) from exc


def set_zone_source(source: ZoneSource) -> None:
    """Choose where zone rules come from, for the whole process.

    ``"tzdata"`` (the default) reads the ``tzdata`` package, the same on every
    machine with the same packages; ``"system"`` lets Python's ``zoneinfo`` search
    the operating system's database first. Choose once at start-up, before any
    calendar answers: a calendar reads its zone's rules when it first builds its table.

    Raises:
        SupportPolicyError: ``source`` is neither ``"tzdata"`` nor ``"system"``.
        TypeError: ``source`` is not a string.
    """
    global _source  # noqa: PLW0603 - one documented process-wide setting
    if not isinstance(source, str):
        raise TypeError(f"source must be a str, got {type(source).__name__}")
    if source not in ZONE_SOURCES:
        choices = ", ".join(ZONE_SOURCES)
        raise SupportPolicyError(
            f"the zone source must be one of {choices}, got {shown(source)}", field="source"
        )
    _source = source


def zone_source() -> ZoneSource:
    """Where zone rules come from now: ``"tzdata"`` or ``"system"``."""
    return _source


def _installed(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - when asked

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        return "not installed"


def _system_zone_version() -> str:
    """The release of the operating system's zone database, if it says."""
    for folder in zoneinfo.TZPATH:
        try:
            with (Path(folder) / "tzdata.zi").open(encoding="utf-8") as data:
                first = data.readline().split()
        except OSError:
            continue
        if first[:2] == ["#", "version"] and len(first) > 2:
            return first[2]
    return "unknown"


def data_versions() -> dict[str, str]:
    """The versions of the code and data that answer: for reports and bug reports.

    >>> sorted(data_versions())
    ['holidays', 'python', 'support_policy', 'tzdata', 'zones']
    """
    import tzdata  # noqa: PLC0415 - read only when asked

    package = str(tzdata.IANA_VERSION)
    zones = f"tzdata {package}" if _source == "tzdata" else f"system {_system_zone_version()}"
    return {
        "support_policy": _installed("support_policy"),
        "holidays": _installed("holidays"),
        "tzdata": package,
        "zones": zones,
        "python": sys.version.split()[0],
    }
