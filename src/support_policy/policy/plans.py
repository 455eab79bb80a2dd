"""Support plans: coverage, the response-time matrix, channels, capabilities, escalation."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from support_policy._frozen import FrozenMap, frozen_map, frozen_tuple
from support_policy.errors import InvalidTargetError
from support_policy.policy.severities import Severity
from support_policy.policy.targets import Target

__all__ = ["RESPONSE", "Availability", "Channel", "EscalationModel", "Plan"]


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


@attrs.frozen
class Channel:
    """A way to reach support, and on what condition a plan includes it."""

    name: str
    available: bool
    condition: str | None = None

    def __str__(self) -> str:
        if not self.available:
            return f"{self.name}: no"
        return f"{self.name}: yes" + (f" ({self.condition})" if self.condition else "")


def _severity_set(items: Iterable[Any]) -> frozenset[Severity]:
    return frozenset(Severity.parse(s) for s in items)


@attrs.frozen
class EscalationModel:
    """How a plan's tickets are queued and escalated.

    Attributes:
        queue: which engineering queue handles the plan's tickets.
        engineering: how escalation within engineering works.
        immediate: severities escalated at once, on submission.
        senior_engineering: access to senior engineers.
        management: the management escalation path.
        management_needs_written_request: whether the customer must ask in writing.
    """

    queue: str
    engineering: str
    immediate: frozenset[Severity] = attrs.field(default=frozenset(), converter=_severity_set)
    senior_engineering: Availability = Availability.LIMITED
    management: Availability = Availability.ON_REQUEST
    management_needs_written_request: bool = False


def _targets(value: Mapping[Any, Any]) -> FrozenMap[Severity, Target]:
    targets: dict[Severity, Target] = {}
    for key, target in value.items():
        severity = Severity.parse(key)
        targets[severity] = target if isinstance(target, Target) else Target.parse(str(target))
    missing = [s.code for s in Severity if s not in targets]
    if missing:
        raise InvalidTargetError(f"a plan needs a target for every severity; missing {missing}")
    return FrozenMap({s: targets[s] for s in Severity})


RESPONSE = "response"
"""The name of the first-response metric, the one ``Plan.targets`` holds."""


def _metrics(value: Mapping[str, Mapping[Any, Any]]) -> FrozenMap[str, FrozenMap[Severity, Target]]:
    metrics: dict[str, FrozenMap[Severity, Target]] = {}
    for name, targets in value.items():
        if not isinstance(name, str) or not name or name == RESPONSE:
            raise InvalidTargetError(
                f"a metric needs a name other than {RESPONSE!r} (that one is Plan.targets), "
                f"got {name!r}"
            )
        metrics[name] = _targets(targets)
    return FrozenMap(metrics)


def _plan_name(value: str) -> str:
    return value.strip().lower()


@attrs.frozen
class Plan:
    """One support plan.

    Attributes:
        name: the key used to look the plan up (case-insensitive), e.g. ``"standard"``.
        title: the display name, e.g. ``"Standard"``.
        coverage: when support is staffed, e.g. ``"8x5 business hours"``.
        targets: the first-response target of each severity.
        channels: the ways to reach support.
        capabilities: the capability table, capability name to availability.
        escalation: the escalation model.
        summary: who the plan is for.
        metrics: other named metrics than the first response, each with a target
            per severity (e.g. ``"incident_response"``).
    """

    name: str = attrs.field(converter=_plan_name)
    title: str
    coverage: str
    targets: FrozenMap[Severity, Target] = attrs.field(converter=_targets)
    channels: tuple[Channel, ...] = attrs.field(default=(), converter=frozen_tuple)
    capabilities: FrozenMap[str, Availability] = attrs.field(
        factory=FrozenMap, converter=frozen_map
    )
    escalation: EscalationModel | None = None
    summary: str = ""
    metrics: FrozenMap[str, FrozenMap[Severity, Target]] = attrs.field(
        factory=FrozenMap, converter=_metrics
    )

    def target(self, severity: Severity, metric: str = RESPONSE) -> Target:
        """The target of ``metric`` (the first response by default) for ``severity``.

        Raises:
            InvalidTargetError: the plan has no such metric.
        """
        return self.metric(metric)[severity]

    def metric(self, name: str = RESPONSE) -> FrozenMap[Severity, Target]:
        """The targets of the metric ``name`` for every severity.

        Raises:
            InvalidTargetError: the plan has no such metric.
        """
        if name == RESPONSE:
            return self.targets
        try:
            return self.metrics[name]
        except KeyError:
            raise InvalidTargetError(
                f"plan {self.name!r} has no metric {name!r}; it has: "
                + ", ".join(repr(m) for m in self.metric_names)
            ) from None

    @property
    def metric_names(self) -> tuple[str, ...]:
        """``'response'`` and the names of the plan's other metrics."""
        return (RESPONSE, *self.metrics)

    def __str__(self) -> str:
        return self.title
