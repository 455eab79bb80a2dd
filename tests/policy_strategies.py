"""Hypothesis strategies for whole policies, valid by construction."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from hypothesis import assume, strategies as st

from support_policy import (
    Activity,
    Availability,
    Boundary,
    BusinessCalendar,
    Channel,
    ClockRules,
    EscalationModel,
    EscalationTrigger,
    PartialClosure,
    Plan,
    Policy,
    PolicyVersion,
    PublicHolidays,
    RecurringClosure,
    Scope,
    Severity,
    SeverityScale,
    Target,
    TargetUnit,
    Window,
)
from support_policy.policy.plans import RESERVED_PLAN_NAMES

from .strategies import day_windows

# Any text a person may write, quotes, backslashes, newlines and emoji included.
texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20)
reasons = texts.filter(str.strip)
names = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))

amounts = st.one_of(
    st.integers(1, 500),
    st.sampled_from([Fraction(1, 2), Fraction(1, 4), Fraction(3, 2), Fraction(1, 3)]),
)
targets = st.builds(Target, amounts, st.sampled_from(list(TargetUnit)))
codes = st.from_regex(r"[A-Z]{1,2}[0-9]", fullmatch=True)
words = st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12).filter(str.strip)


@st.composite
def scales(draw: st.DrawFn) -> SeverityScale:
    """Severity levels of any number and naming, each spelling naming one level."""
    level_codes = draw(st.lists(codes, min_size=1, max_size=5, unique_by=str.lower))
    levels = [
        Severity(
            code, draw(words), draw(st.just("") | texts), aliases=draw(st.lists(words, max_size=2))
        )
        for code in level_codes
    ]
    spellings = [s for level in levels for s in level.spellings()]
    assume(len(spellings) == len(set(spellings)))
    return SeverityScale(levels, draw(st.sampled_from(level_codes)))


def matrices(scale: SeverityScale) -> st.SearchStrategy[dict[str, Target]]:
    every = st.fixed_dictionaries({s.code: targets for s in scale})
    return every | st.builds(lambda t: {"all": t}, targets)


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    weekly = draw(st.lists(day_windows(), min_size=7, max_size=7))
    if not any(weekly):
        weekly[0] = ((540, 1020),)
    holidays = draw(st.sampled_from([None, PublicHolidays("SE"), PublicHolidays("GB", "ENG")]))
    closed = draw(st.dictionaries(days, reasons, max_size=3))
    opened = draw(
        st.dictionaries(days, day_windows().filter(bool), max_size=2).map(
            lambda d: {k: [Window(o, c) for o, c in v] for k, v in d.items() if k not in closed}
        )
    )
    recurring = draw(
        st.lists(
            st.builds(
                RecurringClosure,
                st.sampled_from(["FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "FREQ=MONTHLY;BYDAY=1MO"]),
                reasons,
            ),
            max_size=2,
        )
    )
    partial = draw(
        st.lists(
            st.builds(
                PartialClosure,
                st.sampled_from(["12:00", "14:00", "15:30"]),
                reasons,
                dates=st.lists(days, min_size=1, max_size=3),
            ),
            max_size=2,
        )
    )
    if holidays is not None and draw(st.booleans()):
        partial.append(PartialClosure("14:00", "eve", before_holidays=True))
    business_day = draw(st.none() | st.integers(1, 24 * 60).map(lambda m: timedelta(minutes=m)))
    return BusinessCalendar(
        draw(st.sampled_from(["Europe/Stockholm", "America/New_York", "Asia/Kolkata", "UTC"])),
        {d: [Window(o, c) for o, c in w] for d, w in enumerate(weekly)},
        holidays,
        closed_dates=closed,
        open_dates=opened,
        recurring_closures=recurring,
        partial_closures=partial,
        business_day=business_day,  # type: ignore[arg-type]  # None: the default, typed timedelta
        name=draw(texts),
    )


def escalations(scale: SeverityScale) -> st.SearchStrategy[EscalationModel]:
    return st.builds(
        EscalationModel,
        texts,
        texts,
        st.frozensets(st.sampled_from(scale.codes)),
        st.sampled_from(list(Availability)),
        st.sampled_from(list(Availability)),
        st.booleans(),
    )


@st.composite
def plans(draw: st.DrawFn, name: str, scale: SeverityScale) -> Plan:
    return Plan(
        name=name,
        title=draw(texts),
        coverage=draw(texts),
        targets=draw(matrices(scale)),
        channels=draw(st.lists(st.builds(Channel, texts, st.booleans(), st.none() | texts))),
        capabilities=draw(st.dictionaries(texts, st.sampled_from(list(Availability)), max_size=4)),
        escalation=draw(st.none() | escalations(scale)),
        summary=draw(st.just("") | texts),
        metrics=draw(
            st.dictionaries(names.filter(lambda n: n != "response"), matrices(scale), max_size=2)
        ),
    )


activities = st.builds(
    Activity,
    texts,
    st.lists(texts, max_size=3),
    st.just("") | texts,
    st.lists(texts, max_size=2),  # unless
)
scopes = st.builds(
    Scope,
    st.lists(activities, max_size=3),
    st.lists(activities, max_size=3),
    texts,
    texts,
    st.lists(texts, max_size=3),
    st.lists(texts, max_size=3),
    st.dictionaries(
        names,
        st.builds(Boundary, st.lists(texts, max_size=2), st.lists(texts, max_size=2)),
        max_size=2,
    ),
)


clock_rules = st.builds(
    ClockRules,
    st.booleans(),
    st.sampled_from(["from_submission", "from_change"]),
    st.sampled_from(["at_submission", "from_change"]),
    st.lists(st.sampled_from([0.25, 0.5, 0.75, 0.9, 1.0]), min_size=1, max_size=3, unique=True),
)


@st.composite
def versions(draw: st.DrawFn, effective_from: date | None) -> PolicyVersion:
    plan_name = names.filter(lambda n: n not in RESERVED_PLAN_NAMES)  # table columns' names
    plan_names = draw(st.lists(plan_name, min_size=1, max_size=3, unique=True))
    scale = draw(scales())
    return PolicyVersion(
        name=draw(texts),
        plans=[draw(plans(n, scale)) for n in plan_names],
        severities=scale,
        business_calendar=draw(calendars()),
        escalation_triggers=draw(st.lists(st.sampled_from(list(EscalationTrigger)), unique=True)),
        scope=draw(st.none() | scopes),
        effective_from=effective_from,
        note=draw(st.just("") | texts),
        clock_rules=draw(clock_rules),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    drawn = sorted(draw(st.lists(days, min_size=1, max_size=3, unique=True)), reverse=True)
    dates: list[date | None] = [*drawn]
    if draw(st.booleans()):
        dates[-1] = None  # the oldest may have no date
    return Policy([draw(versions(d)) for d in dates])


def leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in plain data, tables and lists included."""
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += leaves(value, (*path, i))
    return out


# A policy whose plan has an update cadence, on a calendar whose years end with 2035
# (India's public holidays are known that far).
CADENCE_POLICY = """format = 1
name = "Cadence"
[business_calendar]
timezone = "Asia/Kolkata"
hours = { mon-fri = "09:00-17:00" }
holidays = { country = "IN" }
[plans.gold]
title = "Gold"
coverage = "8x5"
[plans.gold.targets]
all = { amount = 1, unit = "business_hours" }
[plans.gold.metrics.update_interval]
all = { amount = 8, unit = "business_hours" }
"""
