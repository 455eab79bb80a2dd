"""Severities: how bad a request is, P1 (Critical) to P4 (Low).

Severity is set by business impact. It chooses the response target and the
escalation handling; the vendor may reclassify a request whose severity does not
match its actual impact. A request submitted without a severity gets the
policy's default (P3 under Stakater's policy).
"""

from __future__ import annotations

import enum
import re
from functools import total_ordering

import attrs

from support_policy.errors import UnknownSeverityError

__all__ = ["Severity", "SeverityInfo", "default_severity_info"]

_DEFINITIONS = {
    1: (
        "Critical",
        "A production outage or severe business impact, with no viable workaround.",
    ),
    2: (
        "High",
        "Production functionality is badly degraded; any workaround is not sustainable.",
    ),
    3: (
        "Medium",
        "Limited or non-critical functionality is affected and a reasonable workaround exists.",
    ),
    4: (
        "Low",
        "No production impact: information requests, configuration guidance, minor issues "
        "or enhancement questions.",
    ),
}

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212:"
_SPLIT = re.compile(f"[\\s{re.escape(_DASHES)}]+")


@total_ordering
class Severity(enum.Enum):
    """One of the four severities; ``P1`` is the most urgent.

    Severities are ordered by urgency: ``Severity.P1 < Severity.P4`` (P1 comes first).

    >>> Severity.parse("p1 - critical")
    <Severity.P1: 1>
    >>> Severity.P2.label
    'High'
    >>> str(Severity.P3)
    'P3 – Medium'
    """

    P1 = 1
    P2 = 2
    P3 = 3
    P4 = 4

    # Members are singletons compared by identity, so the identity hash (a C slot)
    # is consistent with equality, and much cheaper than Enum's hash of the name.
    __hash__ = object.__hash__

    @property
    def code(self) -> str:
        """The short code, ``'P1'`` to ``'P4'``."""
        return self.name

    @property
    def label(self) -> str:
        """The one-word label: Critical, High, Medium or Low."""
        return _DEFINITIONS[self.value][0]

    @property
    def definition(self) -> str:
        """What makes a request this severe, from the severity framework."""
        return _DEFINITIONS[self.value][1]

    def __str__(self) -> str:
        return f"{self.name} \u2013 {self.label}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.value < other.value

    @classmethod
    def parse(cls, value: object) -> Severity:
        """Read a severity from the ways people write it.

        Accepts a :class:`Severity`, the numbers 1-4, and case-insensitive text such as
        ``"P1"``, ``"1"``, ``"critical"``, ``"P1 - Critical"`` or ``"P1 – Critical"``
        (any dash). The code and the label must agree when both are given.

        Raises:
            UnknownSeverityError: the input is none of these.
        """
        if isinstance(value, Severity):
            return value
        if isinstance(value, str):
            common = _COMMON_SPELLINGS.get(value)
            if common is not None:
                return common
        if isinstance(value, int) and not isinstance(value, bool):
            if value in _DEFINITIONS:
                return cls(value)
            raise UnknownSeverityError(value, _valid_codes())
        if not isinstance(value, str):
            raise UnknownSeverityError(value, _valid_codes())
        parts = [p for p in _SPLIT.split(value.strip().lower()) if p]
        found: set[int] = set()
        for part in parts:
            number = _read_part(part)
            if number is None:
                raise UnknownSeverityError(value, _valid_codes())
            found.add(number)
        if len(found) != 1 or len(parts) > 2:
            raise UnknownSeverityError(value, _valid_codes())
        return cls(found.pop())


# The spellings ticket data uses most, read without splitting: "P1", "p1", "1".
_COMMON_SPELLINGS = {
    spelling: severity
    for severity in Severity
    for spelling in (severity.code, severity.code.lower(), str(severity.value))
}


def _read_part(part: str) -> int | None:
    if part.startswith("p"):
        part = part[1:]
    if part.isdigit() and int(part) in _DEFINITIONS:
        return int(part)
    for number, (label, _) in _DEFINITIONS.items():
        if part == label.lower():
            return number
    return None


def _valid_codes() -> tuple[str, ...]:
    return tuple(s.name for s in Severity)


@attrs.frozen
class SeverityInfo:
    """How a policy labels and defines one severity."""

    label: str
    definition: str


def default_severity_info() -> dict[Severity, SeverityInfo]:
    """The labels and definitions of :class:`Severity`, as a policy's default."""
    return {s: SeverityInfo(s.label, s.definition) for s in Severity}
