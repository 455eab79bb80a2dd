"""The errors ``support_policy`` raises.

Every error is a :class:`SupportPolicyError`, itself a :class:`ValueError`, so a
caller can catch the whole family at once or one kind precisely. Each message
says what was wrong and what would be right.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

__all__ = [
    "InvalidCalendarError",
    "InvalidDurationError",
    "InvalidPolicyError",
    "InvalidTargetError",
    "InvalidTicketError",
    "MissingExtraError",
    "NaiveDatetimeError",
    "OutOfRangeError",
    "SupportPolicyError",
    "TicketFileError",
    "UnknownPlanError",
    "UnknownSeverityError",
]


def _choices(options: Iterable[str]) -> str:
    return ", ".join(repr(o) for o in options)


def require(value: object, kind: type | tuple[type, ...], what: str, named: str) -> None:
    """Refuse ``value`` with a ``TypeError`` unless it is a ``kind``: ``what`` must be ``named``."""
    if not isinstance(value, kind):
        raise TypeError(f"{what} must be {named}, got {type(value).__name__}")


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` for a message: short, and never failing (a huge integer has no repr)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return "a very long integer"
    if isinstance(value, str | bytes) and len(value) > limit:
        value = value[:limit]  # repr of the start only: a name may be megabytes long
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # a fraction of huge terms, nesting too deep
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class SupportPolicyError(ValueError):
    """The root of every error this library raises.

    ``field`` names the field or parameter the error is about when there is one (a
    file reader adds where in the file that field is); errors about a value keep it
    as ``value``.
    """

    field: str | None = None

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        if field is not None:
            self.field = field

    @classmethod
    def at(cls, field: str, message: str) -> Self:
        """The error about one field of a value: ``field: message``."""
        return cls(f"{field}: {message}", field=field)


class UnknownPlanError(SupportPolicyError):
    """A plan name that the policy does not define."""

    def __init__(self, name: object, known: Iterable[str], detail: str | None = None) -> None:
        self.name = self.value = name
        self.known = tuple(known)
        message = f"unknown plan {shown(name)}; expected one of: {_choices(self.known)}"
        super().__init__(f"{message} ({detail})" if detail else message, field="plan")


class UnknownSeverityError(SupportPolicyError):
    """A severity that names none of the policy's levels."""

    def __init__(self, value: object, known: Iterable[str]) -> None:
        self.value = value
        self.known = tuple(known)
        super().__init__(
            f"unknown severity {shown(value)}; expected one of: {_choices(self.known)} "
            "(or a level's label or alias, or its code and label joined by a dash)",
            field="severity",
        )


class NaiveDatetimeError(SupportPolicyError):
    """A datetime without a time zone, where an instant is needed."""

    def __init__(self, what: str, value: object) -> None:
        self.value = value
        super().__init__(
            f"{what} must be timezone-aware, got naive {value!r}; attach a zone, e.g. "
            "value.replace(tzinfo=ZoneInfo('Europe/Stockholm')) or "
            "value.replace(tzinfo=timezone.utc), or parse an ISO 8601 string with an offset",
            field=what,
        )


class InvalidCalendarError(SupportPolicyError):
    """A coverage calendar that cannot be built as given."""


class InvalidPolicyError(SupportPolicyError):
    """A policy, or a policy file, that is not valid.

    ``problems`` lists every problem found, each as ``(key_path, message)``; the
    message of the error has one line per problem, ``key.path: what is wrong``.
    """

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        lines = [f"{path}: {message}" if path else message for path, message in self.problems]
        super().__init__("\n".join(lines) or "invalid policy")

    @classmethod
    def at(cls, field: str, message: str) -> Self:
        """The error about one field: a policy's one problem, ``(field, message)``."""
        return cls([(field, message)])


class InvalidTicketError(SupportPolicyError):
    """A ticket whose data or timeline is not valid; the message names the field or event."""


class TicketFileError(InvalidTicketError):
    """A line of a ticket file that cannot be read; the message names the file and line.

    ``whole_file``: the file as a whole cannot be read (its header, its format), so no
    line can be skipped past it. ``line`` 0 is no line: the message then names the
    file alone.
    """

    def __init__(self, source: str, line: int, message: str, *, whole_file: bool = False) -> None:
        self.source = source
        self.line = line
        self.reason = message
        self.whole_file = whole_file
        super().__init__(f"{source}, line {line}: {message}" if line else f"{source}: {message}")


class MissingExtraError(SupportPolicyError, ImportError):
    """An optional package that a feature needs is not installed."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs the {package!r} package: pip install 'support_policy[{extra}]'"
        )


class InvalidDurationError(SupportPolicyError):
    """A duration that the arithmetic cannot take (negative, or finer than a microsecond)."""


class InvalidTargetError(SupportPolicyError):
    """A response target whose amount or unit is not valid."""


class OutOfRangeError(SupportPolicyError):
    """An instant or a result outside the range a calendar supports."""
