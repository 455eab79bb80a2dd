"""Clock rules: how a policy version's ticket clock treats changes and pauses.

Service desks differ on three questions; a policy version answers each:

* **reclassification**: ``"from_submission"`` (the new severity's target counts from
  submission) or ``"from_change"`` (it counts from the change);
* **pauses**: whether the clock stops while a ticket waits for the customer;
* **plan_changes**: ``"at_submission"`` (the plan at submission governs) or
  ``"from_change"`` (a new plan applies from the change).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from numbers import Real
from typing import Any

import attrs

from support_policy._fields import Kind
from support_policy._frozen import frozen_tuple
from support_policy.errors import InvalidPolicyError, shown

__all__ = ["ClockRules"]


def _thresholds(value: Iterable[float | Decimal]) -> tuple[float, ...]:
    given = frozen_tuple(value)
    for item in given:
        if not isinstance(item, Real | Decimal) or isinstance(item, bool):
            raise InvalidPolicyError.at(
                "thresholds", f"must be fractions of the allowed time, got {shown(item)}"
            )
    if any(not 0 < v <= 1 for v in given):  # before float(): an int may be too large for one
        raise InvalidPolicyError([("thresholds", f"must lie in (0, 1], got {shown(list(given))}")])
    return tuple(sorted(float(v) for v in given))


def _choice(*allowed: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in allowed:
            raise InvalidPolicyError(
                [(attribute.name, f"{shown(value)} is not one of: {', '.join(allowed)}")]
            )

    return check


@attrs.frozen
class ClockRules:
    """How a policy's clock treats reclassification, pauses and plan changes.

    Attributes:
        pauses: whether the clock stops while a ticket waits for the customer.
        reclassification: ``"from_submission"`` (default) or ``"from_change"``.
        plan_changes: ``"at_submission"`` (default) or ``"from_change"``.
        thresholds: fractions of a target at which a running ticket is at risk.
    """

    pauses: bool = attrs.field(
        default=False, validator=Kind(bool, "true or false", InvalidPolicyError.at)
    )
    reclassification: str = attrs.field(
        default="from_submission", validator=_choice("from_submission", "from_change")
    )
    plan_changes: str = attrs.field(
        default="at_submission", validator=_choice("at_submission", "from_change")
    )
    thresholds: tuple[float, ...] = attrs.field(default=(0.5, 0.75, 0.9), converter=_thresholds)
