"""Zone rules come from one chosen database, and the answer says which."""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import tzdata

from support_policy import BusinessCalendar, InvalidCalendarError, data_versions
from support_policy.calendars.zones import load_zone, set_zone_source, zone_source
from tests.reference import package_zone


@pytest.fixture
def system_zones() -> Iterator[None]:
    set_zone_source("system")
    try:
        yield
    finally:
        set_zone_source("tzdata")


def _first_open(timezone: str) -> datetime:
    calendar = BusinessCalendar(timezone=timezone, hours={"mon-fri": "09:00-17:00"})
    return calendar.next_open(datetime(2026, 11, 9, 12, 0, tzinfo=UTC)).astimezone(UTC)


def test_the_declared_tzdata_package_answers_by_default() -> None:
    # British Columbia keeps summer time all year from 2026 (tzdata 2026): 09:00 is 16:00 UTC.
    # An operating system with older rules would say 17:00 UTC; the package decides.
    assert zone_source() == "tzdata"
    wall = datetime(2026, 11, 9, 9, 0, tzinfo=package_zone("America/Vancouver"))
    assert _first_open("America/Vancouver") == wall.astimezone(UTC)
    if tzdata.IANA_VERSION >= "2026":
        assert wall.astimezone(UTC) == datetime(2026, 11, 9, 16, 0, tzinfo=UTC)
    assert data_versions()["zones"] == f"tzdata {tzdata.IANA_VERSION}"


def test_the_system_database_answers_when_chosen(system_zones: None) -> None:
    wall = datetime(2026, 11, 9, 9, 0, tzinfo=ZoneInfo("America/Vancouver"))
    assert _first_open("America/Vancouver") == wall.astimezone(UTC)
    assert data_versions()["zones"].startswith("system ")


def test_an_unknown_source_is_refused() -> None:
    with pytest.raises(ValueError, match="one of tzdata, system"):
        set_zone_source("local")  # type: ignore[arg-type]
    assert zone_source() == "tzdata"


@pytest.mark.parametrize("name", ["localtime", "/etc/localtime", "../../etc/passwd", "posixrules"])
@pytest.mark.parametrize("source", ["tzdata", "system"])
def test_machine_dependent_names_are_refused(name: str, source: str) -> None:
    set_zone_source(source)  # type: ignore[arg-type]
    try:
        with pytest.raises(InvalidCalendarError, match="unknown time zone"):
            BusinessCalendar(timezone=name, hours={"mon-fri": "09:00-17:00"})
    finally:
        set_zone_source("tzdata")


def test_package_zones_pickle_by_key_and_are_shared() -> None:
    zone = load_zone("Europe/Stockholm")
    assert pickle.loads(pickle.dumps(zone)) is zone
    assert str(zone) == zone.key == "Europe/Stockholm"


def test_hours_of_the_wrong_type_name_the_parameter() -> None:
    with pytest.raises(TypeError, match=r"^hours must be a WeeklyHours or a mapping such as"):
        BusinessCalendar("UTC", "09:00-17:00")  # type: ignore[arg-type]


def test_no_zone_changes_its_offset_twice_within_two_days() -> None:
    # The interval table reads a day with the same offset at both midnights as a day
    # without a transition; that needs transitions at least 48 hours apart.
    import importlib.resources

    # The pure-Python ZoneInfo exposes its transitions; typeshed has no stubs for it.
    from zoneinfo._zoneinfo import ZoneInfo as PythonZoneInfo  # type: ignore[import-not-found]

    package = importlib.resources.files("tzdata")
    since_1900 = -2_208_988_800
    for key in package.joinpath("zones").read_text("utf-8").split():
        with package.joinpath("zoneinfo", *key.split("/")).open("rb") as data:
            zone = PythonZoneInfo.from_file(data, key=key)
        moments = [t for t in zone._trans_utc if t >= since_1900]
        assert all(b - a >= 2 * 86_400 for a, b in itertools.pairwise(moments)), key


def test_a_source_of_the_wrong_type_or_name_is_the_librarys_error() -> None:
    from support_policy import SupportPolicyError

    with pytest.raises(TypeError, match="source must be a str"):
        set_zone_source(5)  # type: ignore[arg-type]
    with pytest.raises(SupportPolicyError) as caught:
        set_zone_source("x" * 1000)  # type: ignore[arg-type]
    assert caught.value.field == "source" and len(str(caught.value)) < 200
    assert zone_source() == "tzdata"
