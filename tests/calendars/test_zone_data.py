"""Which versions of code and data answer, and how a zone source is chosen and read."""

from __future__ import annotations

import platform
import zoneinfo
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import holidays.version
import pytest
import tzdata

from support_policy import SupportPolicyError, data_versions
from support_policy.calendars import zones
from support_policy.calendars.zones import load_zone, set_zone_source, zone_source


@pytest.fixture
def system_zones() -> Iterator[None]:
    set_zone_source("system")
    try:
        yield
    finally:
        set_zone_source("tzdata")


def test_data_versions_name_each_installed_version() -> None:
    assert data_versions() == {
        "support_policy": version("support_policy"),
        "holidays": holidays.version.__version__,
        "tzdata": tzdata.IANA_VERSION,
        "zones": f"tzdata {tzdata.IANA_VERSION}",
        "python": platform.python_version(),
    }


def test_a_package_that_is_not_installed_says_so() -> None:
    assert zones._installed("no-such-distribution-anywhere") == "not installed"
    assert zones._installed("tzdata") == version("tzdata")


def write(folder: Path, first_line: str | None) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    if first_line is not None:
        (folder / "tzdata.zi").write_text(first_line + "\n# more\n", encoding="utf-8")
    return str(folder)


def test_the_system_database_version_is_its_first_folders_version_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = (
        write(tmp_path / "empty", None),  # no tzdata.zi: looked past
        write(tmp_path / "other", "# some comment here"),  # no version line: looked past
        write(tmp_path / "short", "# version"),  # a version line without a version
        write(tmp_path / "real", "# version 2031z"),
        write(tmp_path / "later", "# version 1999a"),
    )
    monkeypatch.setattr(zoneinfo, "TZPATH", folders)
    assert zones._system_zone_version() == "2031z"
    monkeypatch.setattr(zoneinfo, "TZPATH", folders[:3])
    assert zones._system_zone_version() == "unknown"
    monkeypatch.setattr(zoneinfo, "TZPATH", (write(tmp_path / "first", "# version 2040a x"),))
    assert zones._system_zone_version() == "2040a"


def test_the_system_source_is_named_in_the_versions(
    system_zones: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zoneinfo, "TZPATH", (write(tmp_path / "db", "# version 2031z"),))
    assert data_versions()["zones"] == "system 2031z"
    assert data_versions()["tzdata"] == tzdata.IANA_VERSION
    assert zone_source() == "system"


def test_a_wrong_source_is_refused_and_named() -> None:
    with pytest.raises(TypeError, match=r"^source must be a str, got int$"):
        set_zone_source(5)  # type: ignore[arg-type]
    with pytest.raises(
        SupportPolicyError, match=r"^the zone source must be one of tzdata, system, got 'local'$"
    ):
        set_zone_source("local")  # type: ignore[arg-type]
    assert zone_source() == "tzdata"


def test_zones_load_from_the_chosen_source(system_zones: None) -> None:
    zone = load_zone("Europe/Stockholm")
    assert zone.key == "Europe/Stockholm" and not isinstance(zone, zones.TzdataZone)
    set_zone_source("tzdata")
    assert isinstance(load_zone("Europe/Stockholm"), zones.TzdataZone)


@pytest.mark.parametrize("source", ["tzdata", "system"])
@pytest.mark.parametrize(
    "key", ["Mars/Olympus", "", "Europe/../Europe/Stockholm", "/Europe/Oslo", 5, None]
)
def test_unknown_zones_are_refused_by_either_source(source: str, key: object) -> None:
    set_zone_source(source)  # type: ignore[arg-type]
    try:
        with pytest.raises(
            ValueError, match=r"^unknown time zone .*; use an IANA name such as 'Europe/Stockholm'$"
        ):
            load_zone(key)  # type: ignore[arg-type]
    finally:
        set_zone_source("tzdata")
