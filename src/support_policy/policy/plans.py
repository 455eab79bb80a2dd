"""Support plans: coverage, the response-time matrix, channels, capabilities, escalation."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from support_policy._fields import Each, Entries, Kind
from support_policy._frozen import FrozenMap, frozen_map, frozen_tuple
from support_policy.errors import InvalidPolicyError, InvalidTargetError, require, shown
from support_policy.policy.severities import Severity
from support_policy.policy.targets import Target
from support_policy.render import Record

__all__ = [
    "ALL",
    "RESPONSE",
    "Availability",
    "Channel",
    "EscalationModel",
    "EscalationTrigger",
    "Plan",
]


class Availability(enum.Enum):
    """How far a plan offers a capability, as the capability table says it."""

    YES = "yes"
    NO = "no"
    LIMITED = "limited"
    ON_REQUEST = "on request"
    INCLUDED = "included"

    @property
    def offered(self) -> bool:
        """Whether the plan offers it at all (anything but ``NO``)."""
        return self is not Availability.NO

    def __str__(self) -> str:
        return {"yes": "\u2714", "no": "\u2013"}.get(self.value, self.value.capitalize())


class EscalationTrigger(enum.Enum):
    """What may set off an escalation, when a policy version lists it.

    ``BUSINESS_IMPACT``: a ticket at the policy's most urgent level;
    ``LACK_OF_PROGRESS``: no first response by the deadline;
    ``CUSTOMER_REQUEST``: a justified request from the customer.
    """

    BUSINESS_IMPACT = "business impact"
    LACK_OF_PROGRESS = "lack of progress"
    CUSTOMER_REQUEST = "customer request"

    def __str__(self) -> str:
        return self.value


_FAIL = InvalidPolicyError.at
_TEXT = Kind(str, "a text", _FAIL)
_FLAG = Kind(bool, "true or false", _FAIL)
_AVAILABILITY = Kind(Availability, "an Availability", _FAIL)


@attrs.frozen
class Channel:
    """A way to reach support, and on what condition a plan includes it."""

    name: str = attrs.field(validator=_TEXT)
    available: bool = attrs.field(validator=_FLAG)
    condition: str | None = attrs.field(
        default=None, validator=Kind(str, "a text or None", _FAIL, True)
    )

    def __str__(self) -> str:
        if not self.available:
            return f"{self.name}: no"
        return f"{self.name}: yes" + (f" ({self.condition})" if self.condition else "")


def _codes(items: Iterable[Any]) -> frozenset[str]:
    if isinstance(items, str):
        items = (items,)
    codes = frozenset(items)
    for code in codes:
        if not isinstance(code, str) or not code:
            raise InvalidTargetError(f"severity codes must be non-empty strings, got {shown(code)}")
    return codes


@attrs.frozen
class EscalationModel:
    """How a plan's tickets are queued and escalated.

    Attributes:
        queue: which engineering queue handles the plan's tickets.
        engineering: how escalation within engineering works.
        immediate: the codes of the severities escalated at once, on submission.
        senior_engineering: access to senior engineers.
        management: the management escalation path.
        management_needs_written_request: whether the customer must ask in writing.
    """

    queue: str = attrs.field(validator=_TEXT)
    engineering: str = attrs.field(validator=_TEXT)
    immediate: frozenset[str] = attrs.field(default=frozenset(), converter=_codes)
    senior_engineering: Availability = attrs.field(
        default=Availability.LIMITED, validator=_AVAILABILITY
    )
    management: Availability = attrs.field(default=Availability.ON_REQUEST, validator=_AVAILABILITY)
    management_needs_written_request: bool = attrs.field(default=False, validator=_FLAG)


ALL = "all"
"""The key of a target that holds for every severity level of the policy."""


def _targets(value: Mapping[Any, Any]) -> FrozenMap[str, Target]:
    if not isinstance(value, Mapping) or not value:
        raise InvalidTargetError(f"targets must map severity codes to targets, got {shown(value)}")
    targets: dict[str, Target] = {}
    for key, target in value.items():
        code = key.code if isinstance(key, Severity) else key
        if not isinstance(code, str) or not code:
            raise InvalidTargetError(f"targets are keyed by severity code, got {shown(key)}")
        text = target if isinstance(target, str) else shown(target)  # str() of a huge int fails
        targets[code] = target if isinstance(target, Target) else Target.parse(text)
    if ALL in targets and len(targets) > 1:
        raise InvalidTargetError(f"give either {shown(ALL)} or a target per severity, not both")
    return FrozenMap(targets)


RESPONSE = "response"
"""The name of the first-response metric, the one ``Plan.targets`` holds."""


def _metrics(value: Mapping[str, Mapping[Any, Any]]) -> FrozenMap[str, FrozenMap[str, Target]]:
    if not isinstance(value, Mapping):
        raise InvalidTargetError(
            f"metrics must map metric names to targets per severity, got {shown(value)}"
        )
    metrics: dict[str, FrozenMap[str, Target]] = {}
    for name, targets in value.items():
        if not isinstance(name, str) or not name or name == RESPONSE:
            raise InvalidTargetError(
                f"a metric needs a name other than {shown(RESPONSE)} (that one is Plan.targets), "
                f"got {shown(name)}"
            )
        metrics[name] = _targets(targets)
    return FrozenMap(metrics)


def _escalation(model: EscalationModel) -> dict[str, Any]:
    return {**attrs.asdict(model), "immediate": sorted(model.immediate)}


def _plan_name(value: str) -> str:
    if not isinstance(value, str):
        raise InvalidPolicyError([("name", f"a plan's name must be a text, got {shown(value)}")])
    name = value.strip().lower()
    if not name:
        raise InvalidPolicyError([("name", "a plan needs a name, not an empty text")])
    if name in RESERVED_PLAN_NAMES:
        raise InvalidPolicyError(
            [("name", f"{name!r} names a column of the plan tables; choose another plan name")]
        )
    return name


RESERVED_PLAN_NAMES = frozenset(("severity", "severity_label", "channel", "capability"))
"""Names a plan cannot take: the tables of plans (targets, channels, capabilities) give
each plan a column, beside columns of these names. (A table refuses a key twice, so a
new fixed column missing here is an error there, never a hidden column.)"""


@attrs.frozen(repr=False, cache_hash=True)  # keys many maps: an unpickled policy hashes it
class Plan:
    """One support plan.

    Attributes:
        name: the key used to look the plan up (case-insensitive), e.g. ``"standard"``.
        title: the display name, e.g. ``"Standard"``.
        coverage: when support is staffed, e.g. ``"8x5 business hours"``.
        targets: the first-response target of each severity code (or one for ``"all"``).
        channels: the ways to reach support.
        capabilities: the capability table, capability name to availability.
        escalation: the escalation model.
        summary: who the plan is for.
        metrics: other named metrics than the first response, each with a target
            per severity (e.g. ``"incident_response"``).
    """

    def __repr__(self) -> str:
        return f"Plan({self.name!r}, title={self.title!r})"

    name: str = attrs.field(converter=_plan_name)
    title: str = attrs.field(validator=_TEXT)
    coverage: str = attrs.field(validator=_TEXT)
    targets: FrozenMap[str, Target] = attrs.field(converter=_targets)
    channels: tuple[Channel, ...] = attrs.field(
        default=(), converter=frozen_tuple, validator=Each(Channel, "a Channel", _FAIL)
    )
    capabilities: FrozenMap[str, Availability] = attrs.field(
        factory=FrozenMap,
        converter=frozen_map,
        validator=Entries(str, Availability, "names to an Availability", _FAIL),
    )
    escalation: EscalationModel | None = attrs.field(
        default=None, validator=Kind(EscalationModel, "an EscalationModel", _FAIL, True)
    )
    summary: str = attrs.field(default="", validator=_TEXT)
    metrics: FrozenMap[str, FrozenMap[str, Target]] = attrs.field(
        factory=FrozenMap, converter=_metrics
    )

    def target(self, severity: Severity | str, metric: str = RESPONSE) -> Target:
        """The target of ``metric`` (the first response by default) for ``severity``.

        Raises:
            InvalidTargetError: the plan has no such metric, or no target for the level.
        """
        code = severity.code if isinstance(severity, Severity) else severity
        targets = self.metric(metric)
        found = targets.get(code) or targets.get(ALL)
        if found is None:
            raise InvalidTargetError(
                f"plan {shown(self.name)} has no {shown(metric)} target for {shown(code)}; it has: "
                + ", ".join(targets)
            )
        return found

    def missing_targets(self, codes: Iterable[str]) -> dict[str, list[str]]:
        """For each metric, the codes among ``codes`` that have no target."""
        out: dict[str, list[str]] = {}
        for metric in self.metric_names:
            targets = self.metric(metric)
            if ALL not in targets:
                missing = [c for c in codes if c not in targets]
                if missing:
                    out[metric] = missing
        return out

    def metric(self, name: str = RESPONSE) -> FrozenMap[str, Target]:
        """The targets of the metric ``name`` for every severity.

        Raises:
            InvalidTargetError: the plan has no such metric.
            TypeError: ``name`` is not a text.
        """
        require(name, str, "metric", "a metric's name")
        if name == RESPONSE:
            return self.targets
        try:
            return self.metrics[name]
        except KeyError:
            raise InvalidTargetError(
                f"plan {shown(self.name)} has no metric {shown(name)}; it has: "
                + ", ".join(repr(m) for m in self.metric_names)
            ) from None

    @property
    def metric_names(self) -> tuple[str, ...]:
        """``'response'`` and the names of the plan's other metrics."""
        return (RESPONSE, *self.metrics)

    def __str__(self) -> str:
        return self.title

    def record(self) -> Record:
        """What the plan holds, for the renderer."""
        escalation = self.escalation
        return Record(
            f"{self.title} ({self.coverage})",
            (
                ("plan", self.name),
                ("plan_title", self.title),
                ("coverage", self.coverage),
                ("summary", self.summary or None),
                ("targets", dict(self.targets)),
                ("metrics", {m: dict(t) for m, t in self.metrics.items()} or None),
                ("channels", [str(c) for c in self.channels]),
                ("capabilities", {k: v.value for k, v in self.capabilities.items()}),
                ("escalation", None if escalation is None else _escalation(escalation)),
            ),
            f"{self.title} ({self.coverage})",
        )
