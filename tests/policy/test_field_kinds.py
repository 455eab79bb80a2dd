"""A field of the wrong kind is refused where the value is built, naming the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import attrs
import pytest

from support_policy import InvalidPolicyError, InvalidTargetError, stakater_policy
from support_policy.calendars import PublicHolidays
from support_policy.policy import (
    Activity,
    Availability,
    Boundary,
    Channel,
    ClockRules,
    EscalationModel,
    Scope,
    Severity,
)

VERSION = stakater_policy().latest
PLAN = VERSION.plans[0]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: attrs.evolve(PLAN, name=None), r"^name: a plan's name must be a text, got None$"),  # type: ignore[arg-type]  # wrong on purpose
        (lambda: attrs.evolve(PLAN, title=[]), r"^title: must be a text, got \[\]$"),  # type: ignore[arg-type]  # wrong on purpose
        (lambda: attrs.evolve(PLAN, channels=["email"]), r"^channels\[0\]: must be a Channel"),
        (
            lambda: attrs.evolve(PLAN, capabilities={"upgrades": "yes"}),
            r"^capabilities: must map names to an Availability, got 'upgrades': 'yes'$",
        ),
        (lambda: attrs.evolve(PLAN, escalation=5), r"^escalation: must be an EscalationModel"),  # type: ignore[arg-type]  # wrong on purpose
        (lambda: attrs.evolve(VERSION, plans=["x"]), r"^plans\[0\]: must be a Plan, got 'x'$"),  # type: ignore[list-item]  # wrong on purpose
        (lambda: attrs.evolve(VERSION, severities=None), r"^severities: must be a SeverityScale"),  # type: ignore[arg-type]  # wrong on purpose
        (
            lambda: attrs.evolve(VERSION, business_calendar=5),  # type: ignore[arg-type]  # wrong on purpose
            r"^business_calendar: must be a BusinessCalendar, got 5$",
        ),
        (
            lambda: attrs.evolve(VERSION, effective_from=datetime(2026, 1, 1, tzinfo=UTC)),
            r"^effective_from: must be a date \(or None\), got datetime",
        ),
        (lambda: attrs.evolve(VERSION, note=None), r"^note: must be a text, got None$"),  # type: ignore[arg-type]  # wrong on purpose
        (lambda: ClockRules(thresholds=["x"]), r"^thresholds: must be fractions of the allowed"),  # type: ignore[list-item]  # wrong on purpose
        (lambda: ClockRules(thresholds=[True]), r"^thresholds: must be fractions .* got True$"),
        (lambda: Channel("email", "yes"), r"^available: must be true or false, got 'yes'$"),  # type: ignore[arg-type]  # wrong on purpose
        (lambda: EscalationModel("q", "e", management="ask"), r"^management: must be an Avail"),  # type: ignore[arg-type]  # wrong on purpose
        (lambda: Activity("upgrades", keywords=[b"x"]), r"^keywords\[0\]: must be a text"),  # type: ignore[list-item]  # wrong on purpose
        (lambda: Boundary(covers=[1]), r"^covers\[0\]: must be a text, got 1$"),
        (lambda: Scope([Activity("a")], ["b"]), r"^excluded\[0\]: must be an Activity, got 'b'$"),
        (lambda: Severity("P1", "Critical", rank=True), r"^rank: must be a whole number, got True"),
    ],
)
def test_a_field_of_the_wrong_kind_is_named(build: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidPolicyError, match=message):
        build()


def test_thresholds_out_of_range_are_shown_whatever_gave_them() -> None:
    with pytest.raises(
        InvalidPolicyError, match=r"^thresholds: must lie in \(0, 1\], got \[0.5, 2\]$"
    ):
        ClockRules(thresholds=(x for x in [0.5, 2]))


def test_escalation_triggers_must_be_a_list() -> None:
    with pytest.raises(InvalidPolicyError, match=r"^escalation_triggers: must be a list, got 'bus"):
        attrs.evolve(VERSION, escalation_triggers="business impact")


def test_metrics_must_be_a_mapping() -> None:
    with pytest.raises(InvalidTargetError, match=r"^metrics must map metric names to targets"):
        attrs.evolve(PLAN, metrics=None)  # type: ignore[arg-type]  # wrong on purpose


@pytest.mark.parametrize(
    "build",
    [
        lambda: Severity("P1", "Critical", aliases="crit"),  # not ('c', 'r', 'i', 't')
        lambda: Boundary(covers="everything"),
        lambda: Scope("abc", ()),
        lambda: attrs.evolve(PLAN, capabilities="x"),  # type: ignore[arg-type]  # wrong on purpose
    ],
)
def test_one_text_where_items_or_a_mapping_belong_is_a_type_error(
    build: Callable[[], object],
) -> None:
    with pytest.raises(TypeError, match=r"^expected a (list of items, got one|mapping, got) str"):
        build()


def test_good_values_of_each_kind_are_taken() -> None:
    np = pytest.importorskip("numpy")
    assert Channel("email", True, None).available
    assert ClockRules(thresholds=[np.float32(0.5), np.int64(1), Decimal("0.75")]).thresholds == (
        0.5,
        0.75,
        1.0,
    )
    assert Severity("P1", "Critical", rank=np.int64(2)).rank == 2
    assert PublicHolidays("AT", 9) == PublicHolidays("AT", "9")  # Vienna, by its number
    assert EscalationModel("q", "e", management=Availability.YES).management is Availability.YES
    assert attrs.evolve(VERSION, effective_from=date(2026, 1, 1)).effective_from == date(2026, 1, 1)
    assert ClockRules(thresholds=[1, 0.5]).thresholds == (0.5, 1.0)
