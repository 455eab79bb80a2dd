"""Policy files: a validated TOML format for support policies, read and written.

``parse_policy(text)`` and ``load_policy(path)`` read a policy file;
``policy_from_dict(data)`` reads the same structure from plain data (for example
JSON); ``dump_policy(policy)`` writes TOML that reads back to an equal policy. The
format is described in ``docs/policy-files.md``.

Reading never runs code from the file, and it reports every problem at once: it
raises :class:`~support_policy.errors.InvalidPolicyError`, whose ``problems`` list each
problem with its key path, e.g.
``plans.premium.targets.P4.unit: 'bizday' is not one of: hours, business_hours, business_days``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import attrs

from support_policy.calendars import WEEKDAYS, BusinessCalendar, WeeklyHours
from support_policy.calendars.closures import PartialClosure, PublicHolidays, RecurringClosure
from support_policy.calendars.hours import windows_of
from support_policy.calendars.instants import load_zone
from support_policy.errors import InvalidPolicyError, SupportPolicyError
from support_policy.policy.plans import RESPONSE, Availability, Channel, EscalationModel, Plan
from support_policy.policy.scope import Activity, Boundary, Scope
from support_policy.policy.severities import Severity, SeverityInfo
from support_policy.policy.targets import Target, TargetUnit
from support_policy.policy.version import Policy
from support_policy.sla.clock import ClockRules

__all__ = ["FORMAT", "dump_policy", "load_policy", "parse_policy", "policy_from_dict"]

FORMAT = 1
"""The version of the file format this library reads and writes."""

T = TypeVar("T")
_MISSING = object()
_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # used with fullmatch: "$" would let "a\n" pass

_VERSION_KEYS = {
    "name": False,
    "note": False,
    "effective_from": False,
    "default_severity": False,
    "escalation_triggers": False,
    "severities": False,
    "business_calendar": True,
    "plans": True,
    "scope": False,
    "clock": False,
}
_TOP_KEYS = {"format": True, "earlier_versions": False, **_VERSION_KEYS}


# -- reading ------------------------------------------------------------------------------


class _Reader:
    """Walks plain data, building objects and collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    @contextmanager
    def at(self, path: str) -> Iterator[None]:
        """Turn the library's own errors raised inside into a problem at ``path``."""
        try:
            yield
        except InvalidPolicyError as exc:
            for sub, message in exc.problems:
                self.problem(f"{path}.{sub}" if sub and path else sub or path, message)
        except SupportPolicyError as exc:
            self.problem(path, str(exc))

    def table(self, data: object, path: str, keys: Mapping[str, bool]) -> dict[str, Any] | None:
        """Check that ``data`` is a table with known keys and the required ones."""
        if not isinstance(data, dict):
            self.problem(path, f"must be a table, got {_show(data)}")
            return None
        for key in data:
            if key not in keys:
                self.problem(
                    _join(path, key),
                    "unknown key; expected one of: " + ", ".join(sorted(keys)),
                )
        for key, required in keys.items():
            if required and key not in data:
                self.problem(_join(path, key), "missing (required)")
        return data

    def mapping(self, data: object, path: str) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.problem(path, f"must be a table, got {_show(data)}")
            return None
        return data

    def value(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        kind: type[T] | tuple[type, ...],
        what: str,
        default: Any = _MISSING,
    ) -> Any:
        """``data[key]`` when it is of ``kind``; else a problem (and None)."""
        if key not in data:
            return None if default is _MISSING else default
        value = data[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.problem(_join(path, key), f"must be {what}, got {_show(value)}")
            return None
        if not isinstance(value, kind):
            self.problem(_join(path, key), f"must be {what}, got {_show(value)}")
            return None
        return value

    def text(self, data: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
        return self.value(data, key, path, str, "a string", default)

    def texts(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        items = self.value(data, key, path, list, "a list of strings", [])
        if items is None:
            return ()
        good = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                good.append(item)
            else:
                self.problem(f"{_join(path, key)}[{i}]", f"must be a string, got {_show(item)}")
        return tuple(good)

    def build(self, path: str, make: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``make(*args, **kwargs)``, or None with the library's error as a problem."""
        with self.at(path):
            return make(*args, **kwargs)
        return None


def _join(path: str, key: object) -> str:
    key = str(key)
    part = key if _BARE_KEY.fullmatch(key) else _string(key)
    return f"{path}.{part}" if path else part


def _show(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _read_target(r: _Reader, data: object, path: str) -> Target | None:
    table = r.table(data, path, {"amount": True, "unit": True})
    if table is None or "amount" not in table or "unit" not in table:
        return None
    amount, unit = table["amount"], table["unit"]
    before = len(r.problems)
    if isinstance(amount, bool) or not isinstance(amount, int | float | str):
        r.problem(f"{path}.amount", f"must be a positive number, got {_show(amount)}")
    units = [u.value for u in TargetUnit]
    if unit not in units:
        r.problem(f"{path}.unit", f"{unit!r} is not one of: {', '.join(units)}")
    if len(r.problems) > before:
        return None
    return r.build(f"{path}.amount", lambda: Target(amount, unit))  # only the amount can fail


def _read_targets(r: _Reader, data: object, path: str) -> dict[Severity, Target] | None:
    keys = {s.code: False for s in Severity} | {"all": False}
    table = r.table(data, path, keys)
    if table is None:
        return None
    targets: dict[Severity, Target] = {}
    if "all" in table:
        if any(s.code in table for s in Severity):
            r.problem(path, "give either 'all' or a target per severity, not both")
            return None
        target = _read_target(r, table["all"], f"{path}.all")
        return None if target is None else dict.fromkeys(Severity, target)
    for severity in Severity:
        if severity.code not in table:
            r.problem(f"{path}.{severity.code}", "missing: every severity needs a target")
            continue
        target = _read_target(r, table[severity.code], f"{path}.{severity.code}")
        if target is not None:
            targets[severity] = target
    return targets if len(targets) == len(Severity) else None


def _availability(r: _Reader, value: object, path: str) -> Availability | None:
    choices = [a.value for a in Availability]
    if isinstance(value, str) and value.strip().lower() in choices:
        return Availability(value.strip().lower())
    r.problem(path, f"{value!r} is not one of: {', '.join(choices)}")
    return None


def _read_escalation(r: _Reader, data: object, path: str) -> EscalationModel | None:
    keys = {
        "queue": True,
        "engineering": True,
        "immediate": False,
        "senior_engineering": False,
        "management": False,
        "management_needs_written_request": False,
    }
    table = r.table(data, path, keys)
    if table is None:
        return None
    before = len(r.problems)
    queue = r.text(table, "queue", path)
    engineering = r.text(table, "engineering", path)
    immediate = []
    for i, code in enumerate(r.texts(table, "immediate", path)):
        with r.at(f"{path}.immediate[{i}]"):
            immediate.append(Severity.parse(code))
    senior = _availability(
        r, table.get("senior_engineering", "limited"), f"{path}.senior_engineering"
    )
    management = _availability(r, table.get("management", "on request"), f"{path}.management")
    written = r.value(table, "management_needs_written_request", path, bool, "true or false", False)
    if len(r.problems) > before or senior is None or management is None:
        return None
    return EscalationModel(queue, engineering, immediate, senior, management, bool(written))


def _read_channels(r: _Reader, data: object, path: str) -> list[Channel]:
    if not isinstance(data, list):
        r.problem(path, f"must be a list of tables, got {_show(data)}")
        return []
    channels = []
    for i, item in enumerate(data):
        where = f"{path}[{i}]"
        table = r.table(item, where, {"name": True, "available": True, "condition": False})
        if table is None:
            continue
        name = r.text(table, "name", where)
        available = r.value(table, "available", where, bool, "true or false")
        condition = r.text(table, "condition", where, None)
        if name is not None and available is not None:
            channels.append(Channel(name, available, condition))
    return channels


def _read_plan(r: _Reader, name: str, data: object, path: str) -> Plan | None:
    keys = {
        "title": True,
        "coverage": True,
        "summary": False,
        "targets": True,
        "metrics": False,
        "channels": False,
        "capabilities": False,
        "escalation": False,
    }
    table = r.table(data, path, keys)
    if table is None:
        return None
    before = len(r.problems)
    title = r.text(table, "title", path)
    coverage = r.text(table, "coverage", path)
    summary = r.text(table, "summary", path, "")
    targets = (
        _read_targets(r, table.get("targets"), f"{path}.targets") if "targets" in table else None
    )
    metrics: dict[str, dict[Severity, Target]] = {}
    metric_tables = r.mapping(table.get("metrics", {}), f"{path}.metrics") or {}
    for metric, spec in metric_tables.items():
        where = _join(f"{path}.metrics", metric)
        if metric == RESPONSE:
            r.problem(where, f"{RESPONSE!r} is the plan's 'targets'; give other metrics here")
            continue
        read = _read_targets(r, spec, where)
        if read is not None:
            metrics[metric] = read
    channels = _read_channels(r, table.get("channels", []), f"{path}.channels")
    capabilities: dict[str, Availability] = {}
    for capability, value in (
        r.mapping(table.get("capabilities", {}), f"{path}.capabilities") or {}
    ).items():
        availability = _availability(r, value, _join(f"{path}.capabilities", capability))
        if availability is not None:
            capabilities[capability] = availability
    escalation = (
        _read_escalation(r, table["escalation"], f"{path}.escalation")
        if "escalation" in table
        else None
    )
    if len(r.problems) > before or targets is None:
        return None
    return r.build(
        path,
        lambda: Plan(
            name=name,
            title=title,
            coverage=coverage,
            targets=targets,
            channels=channels,
            capabilities=capabilities,
            escalation=escalation,
            summary=summary,
            metrics=metrics,
        ),
    )


def _read_date(r: _Reader, value: object, path: str) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    r.problem(path, f"must be a date such as 2026-12-24, got {_show(value)}")
    return None


def _read_duration(r: _Reader, value: object, path: str) -> timedelta | None:
    match = _DURATION.fullmatch(value) if isinstance(value, str) else None
    if not match or not any(match.groups()):
        r.problem(path, f"must be a duration such as '8h' or '7h30m', got {_show(value)}")
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _read_recurring(r: _Reader, value: object, path: str) -> list[RecurringClosure]:
    out: list[RecurringClosure] = []
    for i, item in enumerate(_list(r, value, f"{path}.recurring_closures")):
        where = f"{path}.recurring_closures[{i}]"
        spec = r.table(item, where, {"rule": True, "reason": True})
        if spec is not None and "rule" in spec and "reason" in spec:
            made = r.build(where, RecurringClosure, spec["rule"], spec["reason"])
            if made is not None:
                out.append(made)
    return out


_PARTIAL_KEYS = {
    "closes_at": True,
    "reason": True,
    "rule": False,
    "dates": False,
    "before_holidays": False,
    "holiday_category": False,
}


def _read_partial(r: _Reader, value: object, path: str) -> list[PartialClosure]:
    out: list[PartialClosure] = []
    for i, item in enumerate(_list(r, value, f"{path}.partial_closures")):
        where = f"{path}.partial_closures[{i}]"
        spec = r.table(item, where, _PARTIAL_KEYS)
        if spec is None or "closes_at" not in spec or "reason" not in spec:
            continue
        dates = [
            d
            for j, v in enumerate(_list(r, spec.get("dates", []), f"{where}.dates"))
            if (d := _read_date(r, v, f"{where}.dates[{j}]")) is not None
        ]
        early = bool(r.value(spec, "before_holidays", where, bool, "true or false", False))
        made = r.build(
            where,
            PartialClosure,
            spec["closes_at"],
            spec["reason"],
            rule=spec.get("rule"),
            dates=dates,
            before_holidays=early,
            holiday_category=spec.get("holiday_category"),
        )
        if made is not None:
            out.append(made)
    return out


def _read_calendar(r: _Reader, data: object, path: str) -> BusinessCalendar | None:
    keys = {
        "name": False,
        "timezone": True,
        "hours": True,
        "holidays": False,
        "closed_dates": False,
        "open_dates": False,
        "recurring_closures": False,
        "partial_closures": False,
        "business_day": False,
    }
    table = r.table(data, path, keys)
    if table is None:
        return None
    before = len(r.problems)
    name = r.text(table, "name", path, "business hours")
    timezone = r.text(table, "timezone", path)
    if timezone is not None:
        try:
            load_zone(timezone)
        except ValueError as exc:
            r.problem(f"{path}.timezone", str(exc))
    hours: dict[str, Any] = {}
    for days, windows in (r.mapping(table.get("hours", {}), f"{path}.hours") or {}).items():
        if r.build(_join(f"{path}.hours", days), WeeklyHours.parse, {days: windows}):
            hours[days] = windows
    holidays = None
    if "holidays" in table:
        where = f"{path}.holidays"
        spec = r.table(
            table["holidays"], where, {"country": True, "subdivision": False, "categories": False}
        )
        if spec is not None and "country" in spec:
            country = r.text(spec, "country", where)
            subdivision = r.text(spec, "subdivision", where, None)
            categories = r.texts(spec, "categories", where) or ("public",)
            if country is not None:
                holidays = r.build(where, PublicHolidays, country, subdivision, categories)
    closed: dict[date, str] = {}
    for key, reason in (
        r.mapping(table.get("closed_dates", {}), f"{path}.closed_dates") or {}
    ).items():
        where = _join(f"{path}.closed_dates", key)
        day = _read_date(r, key, where)
        if not isinstance(reason, str) or not reason:
            r.problem(where, f"the reason must be a non-empty string, got {_show(reason)}")
        elif day is not None:
            closed[day] = reason
    opened: dict[date, Any] = {}
    for key, windows in (
        r.mapping(table.get("open_dates", {}), f"{path}.open_dates") or {}
    ).items():
        where = _join(f"{path}.open_dates", key)
        day = _read_date(r, key, where)
        if not isinstance(windows, str):
            r.problem(where, f"must be windows such as '10:00-14:00', got {_show(windows)}")
        elif day is not None and r.build(where, windows_of, windows) is not None:
            opened[day] = windows
    recurring = _read_recurring(r, table.get("recurring_closures", []), path)
    partial = _read_partial(r, table.get("partial_closures", []), path)
    business_day = (
        _read_duration(r, table["business_day"], f"{path}.business_day")
        if "business_day" in table
        else None
    )
    if len(r.problems) > before or timezone is None:
        return None
    return r.build(
        path,
        lambda: BusinessCalendar(
            timezone,
            hours,
            holidays,
            closed_dates=closed,
            open_dates=opened,
            recurring_closures=recurring,
            partial_closures=partial,
            business_day=business_day,  # type: ignore[arg-type]  # None: the default
            name=name,
        ),
    )


def _list(r: _Reader, value: object, path: str) -> list[Any]:
    if isinstance(value, list):
        return value
    r.problem(path, f"must be a list, got {_show(value)}")
    return []


def _read_activities(r: _Reader, value: object, path: str) -> list[Activity]:
    out = []
    for i, item in enumerate(_list(r, value, path)):
        where = f"{path}[{i}]"
        spec = r.table(item, where, {"name": True, "keywords": False, "note": False})
        if spec is None:
            continue
        name = r.text(spec, "name", where)
        keywords = r.texts(spec, "keywords", where)
        note = r.text(spec, "note", where, "")
        if name is not None and note is not None:
            out.append(Activity(name, keywords, note))
    return out


def _read_scope(r: _Reader, data: object, path: str) -> Scope | None:
    keys = {
        "included": True,
        "excluded": True,
        "excluded_route": False,
        "unlisted_route": False,
        "vendor_responsibilities": False,
        "customer_responsibilities": False,
        "boundaries": False,
    }
    table = r.table(data, path, keys)
    if table is None:
        return None
    before = len(r.problems)
    included = _read_activities(r, table.get("included", []), f"{path}.included")
    excluded = _read_activities(r, table.get("excluded", []), f"{path}.excluded")
    default = Scope((), ())
    excluded_route = r.text(table, "excluded_route", path, default.excluded_route)
    unlisted_route = r.text(table, "unlisted_route", path, default.unlisted_route)
    vendor = r.texts(table, "vendor_responsibilities", path)
    customer = r.texts(table, "customer_responsibilities", path)
    boundaries = {}
    for kind, spec in (r.mapping(table.get("boundaries", {}), f"{path}.boundaries") or {}).items():
        where = _join(f"{path}.boundaries", kind)
        bound = r.table(spec, where, {"covers": False, "excludes": False})
        if bound is not None:
            boundaries[kind] = Boundary(
                r.texts(bound, "covers", where), r.texts(bound, "excludes", where)
            )
    if len(r.problems) > before:
        return None
    return Scope(
        included,
        excluded,
        excluded_route,
        unlisted_route,
        vendor,
        customer,
        boundaries,
    )


def _read_clock(r: _Reader, data: object, path: str) -> ClockRules | None:
    keys = {"pauses": False, "reclassification": False, "plan_changes": False, "thresholds": False}
    table = r.table(data, path, keys)
    if table is None:
        return None
    default = ClockRules()
    pauses = r.value(table, "pauses", path, bool, "true or false", default.pauses)
    reclassification = r.text(table, "reclassification", path, default.reclassification)
    plan_changes = r.text(table, "plan_changes", path, default.plan_changes)
    thresholds = r.value(table, "thresholds", path, list, "a list of fractions", None)
    if thresholds is not None and not all(
        isinstance(t, int | float) and not isinstance(t, bool) for t in thresholds
    ):
        r.problem(f"{path}.thresholds", f"must be a list of fractions, got {thresholds!r}")
        return None
    if None in (pauses, reclassification, plan_changes):
        return None
    extra = {} if thresholds is None else {"thresholds": thresholds}
    with r.at(path.removesuffix("clock").rstrip(".")):  # its errors name "clock.<key>"
        return ClockRules(bool(pauses), reclassification, plan_changes, **extra)
    return None


def _read_version(
    r: _Reader, data: dict[str, Any], path: str, fallback_name: str | None
) -> Policy | None:
    before = len(r.problems)
    name = r.text(data, "name", path, fallback_name)
    if name is None and "name" not in data:
        r.problem(_join(path, "name"), "missing (required)")
    note = r.text(data, "note", path, "")
    effective_from = (
        _read_date(r, data["effective_from"], _join(path, "effective_from"))
        if "effective_from" in data
        else None
    )
    default = Severity.P3
    if "default_severity" in data:
        with r.at(_join(path, "default_severity")):
            default = Severity.parse(data["default_severity"])
    triggers = r.texts(data, "escalation_triggers", path)
    severities = None
    if "severities" in data:
        where = _join(path, "severities")
        table = r.table(data["severities"], where, {s.code: True for s in Severity})
        if table is not None:
            severities = {}
            for severity in Severity:
                entry = r.table(
                    table.get(severity.code, {}),
                    f"{where}.{severity.code}",
                    {"label": True, "definition": True},
                )
                if entry is not None and "label" in entry and "definition" in entry:
                    label = r.text(entry, "label", f"{where}.{severity.code}")
                    definition = r.text(entry, "definition", f"{where}.{severity.code}")
                    if label is not None and definition is not None:
                        severities[severity] = SeverityInfo(label, definition)
    calendar = (
        _read_calendar(r, data["business_calendar"], _join(path, "business_calendar"))
        if "business_calendar" in data
        else None
    )
    plans = []
    plan_tables = r.mapping(data.get("plans", {}), _join(path, "plans")) or {}
    if "plans" in data and not plan_tables:
        r.problem(_join(path, "plans"), "a policy needs at least one plan")
    for key, spec in plan_tables.items():
        where = _join(_join(path, "plans"), key)
        if key != key.strip().lower():
            r.problem(where, "plan names are lower case, without spaces around them")
            continue
        plan = _read_plan(r, key, spec, where)
        if plan is not None:
            plans.append(plan)
    scope = _read_scope(r, data["scope"], _join(path, "scope")) if "scope" in data else None
    clock = _read_clock(r, data["clock"], _join(path, "clock")) if "clock" in data else ClockRules()
    if len(r.problems) > before or calendar is None or name is None:
        return None
    kwargs: dict[str, Any] = {}
    if severities is not None:
        kwargs["severities"] = severities
    return r.build(
        path,
        lambda: Policy(
            name=name,
            plans=plans,
            business_calendar=calendar,
            default_severity=default,
            escalation_triggers=triggers,
            scope=scope,
            effective_from=effective_from,
            note=note,
            clock_rules=clock or ClockRules(),
            **kwargs,
        ),
    )


def policy_from_dict(data: Mapping[str, Any]) -> Policy:
    """Build a policy from the plain data of a policy file (as ``tomllib`` gives it).

    Raises:
        InvalidPolicyError: with every problem found, each with its key path.
    """
    r = _Reader()
    table = r.table(dict(data) if isinstance(data, Mapping) else data, "", _TOP_KEYS)
    if table is None:
        raise InvalidPolicyError(r.problems)
    if "format" in table and (type(table["format"]) is not int or table["format"] != FORMAT):
        r.problem("format", f"{table['format']!r} is not a format this library reads; use {FORMAT}")
    current = _read_version(r, {k: v for k, v in table.items() if k in _VERSION_KEYS}, "", None)
    earlier = []
    for i, item in enumerate(_list(r, table.get("earlier_versions", []), "earlier_versions")):
        where = f"earlier_versions[{i}]"
        spec = r.table(item, where, _VERSION_KEYS)
        if spec is not None:
            fallback = table.get("name") if isinstance(table.get("name"), str) else None
            version = _read_version(r, spec, where, fallback)
            if version is not None:
                earlier.append(version)
    if r.problems or current is None:
        raise InvalidPolicyError(r.problems)
    if not earlier:
        return current
    return attrs.evolve(current, earlier=tuple(earlier))  # checks the order of the versions


def parse_policy(text: str) -> Policy:
    """Read a policy from the text of a TOML policy file.

    Raises:
        InvalidPolicyError: the text is not TOML, or not a valid policy (every
            problem is listed, each with its key path).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidPolicyError([("", f"not valid TOML: {exc}")]) from None
    return policy_from_dict(data)


def load_policy(path: str | Path) -> Policy:
    """Read the policy file at ``path`` (UTF-8 TOML).

    Raises:
        InvalidPolicyError: the file cannot be read, or is not a valid policy.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidPolicyError([("", f"cannot read policy file {str(path)!r}: {exc}")]) from None
    try:
        return parse_policy(text)
    except InvalidPolicyError as exc:
        raise InvalidPolicyError(
            [(p, f"{m} (in {path})" if not p else m) for p, m in exc.problems]
        ) from None


# -- writing ------------------------------------------------------------------------------


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes, plus DEL, which TOML also wants escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _toml(value: object) -> str:
    """A TOML inline value for strings, numbers, booleans, dates, lists and tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        decimal = _decimal(value)
        return decimal if decimal is not None else _string(str(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")  # pragma: no cover - internal misuse


def _decimal(value: Fraction) -> str | None:
    """``value`` as an exact decimal, when it has one within 12 places."""
    for places in range(1, 13):
        scaled = value * 10**places
        if scaled.denominator == 1:
            digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
            sign = "-" if value < 0 else ""
            return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return None


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (
        f"{secs}s" if secs else ""
    ) or "0s"


def _target(target: Target) -> dict[str, Any]:
    return {"amount": target.amount, "unit": target.unit.value}


def _write_version(lines: list[str], policy: Policy, prefix: str, *, top: bool) -> None:
    def header(name: str) -> str:
        return f"[{prefix}.{name}]" if prefix else f"[{name}]"

    if not top:
        lines.append(f"[[{prefix}]]")
        lines.append(f"name = {_toml(policy.name)}")
    if policy.note:
        lines.append(f"note = {_toml(policy.note)}")
    if policy.effective_from is not None:
        lines.append(f"effective_from = {_toml(policy.effective_from)}")
    lines.append(f"default_severity = {_toml(policy.default_severity.code)}")
    lines.append(f"escalation_triggers = {_toml(list(policy.escalation_triggers))}")
    lines.append("")
    for severity, info in policy.severities.items():
        lines.append(header(f"severities.{severity.code}"))
        lines.append(f"label = {_toml(info.label)}")
        lines.append(f"definition = {_toml(info.definition)}")
        lines.append("")
    _write_calendar(lines, policy.business_calendar, header("business_calendar"))
    for plan in policy.plans:
        _write_plan(lines, plan, header(f"plans.{_key(plan.name)}")[1:-1])
    if policy.scope is not None:
        _write_scope(lines, policy.scope, header("scope")[1:-1])
    if policy.clock_rules != ClockRules():
        rules = policy.clock_rules
        clock = {
            "pauses": rules.pauses,
            "reclassification": rules.reclassification,
            "plan_changes": rules.plan_changes,
            "thresholds": [Fraction(t).limit_denominator(10**6) for t in rules.thresholds],
        }
        lines.append(header("clock"))
        lines.extend(f"{key} = {_toml(value)}" for key, value in clock.items())
        lines.append("")


def _write_calendar(lines: list[str], calendar: BusinessCalendar, header: str) -> None:
    lines.append(header)
    lines.append(f"name = {_toml(calendar.name)}")
    lines.append(f"timezone = {_toml(calendar.timezone)}")
    hours = {
        WEEKDAYS[d][:3].lower(): ", ".join(str(w) for w in windows)
        for d, windows in enumerate(calendar.hours.days)
        if windows
    }
    lines.append(f"hours = {_toml(hours)}")
    lines.append(f"business_day = {_toml(_duration(calendar.business_day))}")
    if calendar.holidays is not None:
        holidays: dict[str, Any] = {"country": calendar.holidays.country}
        if calendar.holidays.subdivision is not None:
            holidays["subdivision"] = calendar.holidays.subdivision
        holidays["categories"] = list(calendar.holidays.categories)
        lines.append(f"holidays = {_toml(holidays)}")
    if calendar.closed_dates:
        closed = {d.isoformat(): reason for d, reason in calendar.closed_dates.items()}
        lines.append(f"closed_dates = {_toml(closed)}")
    if calendar.open_dates:
        opened = {
            d.isoformat(): ", ".join(str(w) for w in windows)
            for d, windows in calendar.open_dates.items()
        }
        lines.append(f"open_dates = {_toml(opened)}")
    if calendar.recurring_closures:
        items = [{"rule": c.rule, "reason": c.reason} for c in calendar.recurring_closures]
        lines.append(f"recurring_closures = {_toml(items)}")
    if calendar.partial_closures:
        partial = []
        for c in calendar.partial_closures:
            item: dict[str, Any] = {"closes_at": c.closing_time, "reason": c.reason}
            if c.rule is not None:
                item["rule"] = c.rule
            if c.dates:
                item["dates"] = list(c.dates)
            if c.before_holidays:
                item["before_holidays"] = True
            if c.holiday_category is not None:
                item["holiday_category"] = c.holiday_category
            partial.append(item)
        lines.append(f"partial_closures = {_toml(partial)}")
    lines.append("")


def _write_plan(lines: list[str], plan: Plan, path: str) -> None:
    lines.append(f"[{path}]")
    lines.append(f"title = {_toml(plan.title)}")
    lines.append(f"coverage = {_toml(plan.coverage)}")
    if plan.summary:
        lines.append(f"summary = {_toml(plan.summary)}")
    if plan.channels:
        channels = []
        for c in plan.channels:
            item: dict[str, Any] = {"name": c.name, "available": c.available}
            if c.condition is not None:
                item["condition"] = c.condition
            channels.append(item)
        lines.append(f"channels = {_toml(channels)}")
    if plan.capabilities:
        capabilities = {k: v.value for k, v in plan.capabilities.items()}
        lines.append(f"capabilities = {_toml(capabilities)}")
    if plan.escalation is not None:
        e = plan.escalation
        escalation = {
            "queue": e.queue,
            "engineering": e.engineering,
            "immediate": sorted(s.code for s in e.immediate),
            "senior_engineering": e.senior_engineering.value,
            "management": e.management.value,
            "management_needs_written_request": e.management_needs_written_request,
        }
        lines.append(f"escalation = {_toml(escalation)}")
    lines.append("")
    lines.append(f"[{path}.targets]")
    lines.extend(f"{s.code} = {_toml(_target(t))}" for s, t in plan.targets.items())
    lines.append("")
    for metric, targets in plan.metrics.items():
        lines.append(f"[{path}.metrics.{_key(metric)}]")
        lines.extend(f"{s.code} = {_toml(_target(t))}" for s, t in targets.items())
        lines.append("")


def _write_scope(lines: list[str], scope: Scope, path: str) -> None:
    lines.append(f"[{path}]")
    lines.append(f"excluded_route = {_toml(scope.excluded_route)}")
    lines.append(f"unlisted_route = {_toml(scope.unlisted_route)}")
    lines.append(f"vendor_responsibilities = {_toml(list(scope.vendor_responsibilities))}")
    lines.append(f"customer_responsibilities = {_toml(list(scope.customer_responsibilities))}")
    for key, activities in (("included", scope.included), ("excluded", scope.excluded)):
        items = []
        for a in activities:
            item: dict[str, Any] = {"name": a.name, "keywords": list(a.keywords)}
            if a.note:
                item["note"] = a.note
            items.append(item)
        lines.append(f"{key} = {_toml(items)}")
    lines.append("")
    for kind, bound in scope.boundaries.items():
        lines.append(f"[{path}.boundaries.{_key(kind)}]")
        lines.append(f"covers = {_toml(list(bound.covers))}")
        lines.append(f"excludes = {_toml(list(bound.excludes))}")
        lines.append("")


def dump_policy(policy: Policy) -> str:
    """Write ``policy`` (and its earlier versions) as the text of a TOML policy file.

    ``parse_policy(dump_policy(policy)) == policy``.
    """
    lines = [f"format = {FORMAT}", f"name = {_toml(policy.name)}"]
    _write_version(lines, policy, "", top=True)
    for version in policy.earlier:
        _write_version(lines, version, "earlier_versions", top=False)
    return "\n".join(lines).rstrip() + "\n"
