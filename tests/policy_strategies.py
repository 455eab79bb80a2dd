"""Hypothesis strategies for whole policies, valid by construction."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from support_policy import (
    Activity,
    Availability,
    Boundary,
    BusinessCalendar,
    Channel,
    EscalationModel,
    PartialClosure,
    Plan,
    Policy,
    PublicHolidays,
    RecurringClosure,
    Scope,
    Severity,
    SeverityInfo,
    Target,
    TargetUnit,
    Window,
)

from .strategies import day_windows

# Any text a person may write, quotes, backslashes, newlines and emoji included.
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)
reasons = texts.filter(str.strip)
names = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))

amounts = st.one_of(
    st.integers(1, 500),
    st.sampled_from([Fraction(1, 2), Fraction(1, 4), Fraction(3, 2), Fraction(1, 3)]),
)
targets = st.builds(Target, amounts, st.sampled_from(list(TargetUnit)))
matrices = st.fixed_dictionaries({s: targets for s in Severity})


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
        business_day=business_day,
        name=draw(texts),
    )


escalations = st.builds(
    EscalationModel,
    texts,
    texts,
    st.frozensets(st.sampled_from(list(Severity))),
    st.sampled_from(list(Availability)),
    st.sampled_from(list(Availability)),
    st.booleans(),
)


@st.composite
def plans(draw: st.DrawFn, name: str) -> Plan:
    return Plan(
        name=name,
        title=draw(texts),
        coverage=draw(texts),
        targets=draw(matrices),
        channels=draw(st.lists(st.builds(Channel, texts, st.booleans(), st.none() | texts))),
        capabilities=draw(st.dictionaries(texts, st.sampled_from(list(Availability)), max_size=4)),
        escalation=draw(st.none() | escalations),
        summary=draw(st.just("") | texts),
        metrics=draw(
            st.dictionaries(names.filter(lambda n: n != "response"), matrices, max_size=2)
        ),
    )


activities = st.builds(Activity, texts, st.lists(texts, max_size=3), st.just("") | texts)
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


@st.composite
def versions(draw: st.DrawFn, effective_from: date | None) -> Policy:
    plan_names = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    return Policy(
        name=draw(texts),
        plans=[draw(plans(n)) for n in plan_names],
        business_calendar=draw(calendars()),
        default_severity=draw(st.sampled_from(list(Severity))),
        escalation_triggers=draw(st.lists(texts, max_size=3)),
        severities={s: SeverityInfo(draw(texts), draw(texts)) for s in Severity},
        scope=draw(st.none() | scopes),
        effective_from=effective_from,
        note=draw(st.just("") | texts),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    dates = sorted(draw(st.lists(days, min_size=1, max_size=3, unique=True)), reverse=True)
    if draw(st.booleans()):
        dates[-1] = None  # type: ignore[call-overload]  # the oldest may have no date
    current = draw(versions(dates[0]))
    earlier = [draw(versions(d)) for d in dates[1:]]
    return Policy(
        name=current.name,
        plans=current.plans,
        business_calendar=current.business_calendar,
        default_severity=current.default_severity,
        escalation_triggers=current.escalation_triggers,
        severities=current.severities,
        scope=current.scope,
        effective_from=current.effective_from,
        earlier=earlier,
        note=current.note,
    )
