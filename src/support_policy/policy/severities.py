"""Severity levels: how bad a request is, as a policy defines them.

A policy's levels are data: each has a code (``P1``), a label (``Critical``), a
definition, optional aliases, and a place in the policy's order, most urgent first.
Stakater's P1 (Critical) to P4 (Low), default P3, are the built-in policy's data;
another contract may have P0 to P3, or three levels, with labels of its own.

A :class:`SeverityScale` reads the ways people write a level of its own: the code in
any case (``p1``), the digits of a code (``1`` for ``P1``), the label (``critical``),
an alias, or a code with its label (``P1 - Critical``, any dash).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import total_ordering
from numbers import Integral

import attrs

from support_policy._fields import Each, Kind
from support_policy._frozen import FrozenMap, frozen_tuple
from support_policy.errors import InvalidPolicyError, UnknownSeverityError, shown

__all__ = ["Severity", "SeverityScale"]

_DASHES = re.compile("\\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212:]\\s*")
_SPACES = re.compile("\\s+")
_CODE_DIGITS = re.compile(r"[A-Za-z]+([0-9]+)")


def _text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidPolicyError(
            [(attribute.name, f"must be a non-empty string, got {shown(value)}")]
        )


@total_ordering
@attrs.frozen(eq=True, order=False)
class Severity:
    """One severity level of a policy.

    Levels of one scale are ordered by urgency: the most urgent is the smallest, so
    ``min(levels)`` is the most urgent and "raising" a severity moves it down the order.

    Attributes:
        code: the short code, e.g. ``"P1"``.
        label: the one-word label, e.g. ``"Critical"``.
        definition: what makes a request this severe.
        rank: the level's place in its policy's order, 0 for the most urgent.
        aliases: other spellings the policy accepts for it.
    """

    code: str = attrs.field(validator=_text)
    label: str = attrs.field(validator=_text)
    definition: str = attrs.field(default="", validator=Kind(str, "a text", InvalidPolicyError.at))
    rank: int = attrs.field(
        default=0, validator=Kind(Integral, "a whole number", InvalidPolicyError.at)
    )

    @rank.validator
    def _rank_in_range(self, _: object, value: int) -> None:
        if not 0 <= value < MAX_LEVELS:
            raise InvalidPolicyError.at(
                "rank", f"must be a place from 0 to {MAX_LEVELS - 1}, got {shown(value)}"
            )

    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=frozen_tuple, validator=Each(str, "a text", InvalidPolicyError.at)
    )

    def __str__(self) -> str:
        return f"{self.code} \u2013 {self.label}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return (self.rank, self.code) < (other.rank, other.code)

    def spellings(self) -> tuple[str, ...]:
        """The lower-case spellings that name this level alone."""
        names = [self.code, self.label, *self.aliases]
        digits = _CODE_DIGITS.fullmatch(self.code)
        if digits:
            names.append(digits.group(1))
        return tuple(dict.fromkeys(n.strip().lower() for n in names))


_LONGEST = 10_000
"""Text longer than this names no level: refused before it is normalised."""
MAX_LEVELS = 20
"""The most severity levels a policy may have."""


def _levels(value: Iterable[Severity]) -> tuple[Severity, ...]:
    levels = tuple(value)
    if not levels:
        raise InvalidPolicyError([("severities", "a policy needs at least one severity level")])
    if len(levels) > MAX_LEVELS:
        raise InvalidPolicyError(
            [("severities", f"at most {MAX_LEVELS} severity levels, not {len(levels):,}")]
        )
    for level in levels:
        if not isinstance(level, Severity):
            raise InvalidPolicyError([("severities", f"not a Severity: {shown(level)}")])
    return tuple(attrs.evolve(level, rank=i) for i, level in enumerate(levels))


@attrs.frozen(repr=False)
class SeverityScale:
    """A policy's severity levels, most urgent first, and the default level.

    >>> scale = SeverityScale.of(("P0", "Emergency"), ("P1", "High"), ("P2", "Low"), default="P2")
    >>> scale.parse("emergency").code
    'P0'
    >>> scale.parse(None) == scale["P2"]
    True
    >>> [str(s) for s in scale]
    ['P0 – Emergency', 'P1 – High', 'P2 – Low']

    Raises:
        InvalidPolicyError: no levels, a code, label or alias that names two levels,
            or a default that is not one of the levels.
    """

    def __repr__(self) -> str:
        return f"SeverityScale({', '.join(self.codes)}; default {self.default_code})"

    levels: tuple[Severity, ...] = attrs.field(converter=_levels)
    default_code: str
    _spellings: FrozenMap[str, Severity] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        spellings: dict[str, Severity] = {}
        problems: list[tuple[str, str]] = []
        for level in self.levels:
            for spelling in level.spellings():
                other = spellings.setdefault(spelling, level)
                if other is not level:
                    problems.append(
                        (
                            f"severities.{level.code}",
                            f"{shown(spelling)} already names {other.code}; every code, label "
                            "and alias must name one level",
                        )
                    )
        by_code = {level.code: level for level in self.levels}
        if self.default_code not in by_code:
            problems.append(
                (
                    "default_severity",
                    f"unknown severity {shown(self.default_code)}; expected one of: "
                    + ", ".join(by_code),
                )
            )
        if problems:
            raise InvalidPolicyError(problems)
        object.__setattr__(self, "_spellings", FrozenMap(spellings))

    @classmethod
    def of(cls, *levels: tuple[str, str] | Severity, default: str) -> SeverityScale:
        """A scale from ``(code, label)`` pairs or levels, most urgent first.

        Raises:
            InvalidPolicyError: a level is neither a :class:`Severity` nor a pair of texts.
        """
        made = []
        for level in levels:
            if isinstance(level, Severity):
                made.append(level)
                continue
            try:
                if isinstance(level, str | bytes | Mapping):
                    raise TypeError
                code, label = level  # any pair: a tuple, a list, a numpy array
            except (TypeError, ValueError):
                raise InvalidPolicyError.at(
                    "levels", f"a level is a (code, label) pair or a Severity, got {shown(level)}"
                ) from None
            made.append(Severity(code, label))
        return cls(made, default)

    @property
    def default(self) -> Severity:
        """The level of a request submitted without one."""
        return self[self.default_code]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the levels, most urgent first."""
        return tuple(level.code for level in self.levels)

    @property
    def most_urgent(self) -> Severity:
        """The first level of the order."""
        return self.levels[0]

    def __iter__(self) -> Iterator[Severity]:
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)

    def __contains__(self, value: object) -> bool:
        return value in self.levels

    def __getitem__(self, code: str) -> Severity:
        for level in self.levels:
            if level.code == code:
                return level
        raise UnknownSeverityError(code, self.codes)

    def parse(self, value: object) -> Severity:
        """The level ``value`` names; None names the default.

        Accepts a level of this scale (or one with the same code), a whole number that
        is the digits of a code, and text: a code in any case, a label, an alias, or a
        code and its label joined by a dash (``"P1 - Critical"``).

        Raises:
            UnknownSeverityError: ``value`` names no level, or names two.
        """
        if value is None:
            return self.default
        if isinstance(value, str) and len(value) <= _LONGEST:  # longer names nothing
            found = self._spellings.get(value) or self._spellings.get(value.strip().lower())
            if found is not None:
                return found
            return self._parse_parts(value)
        if isinstance(value, Severity):
            found = self._spellings.get(value.code.lower())
            if found is not None and found.code == value.code:
                return found
        elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() < 64:
            found = self._spellings.get(str(value))  # bounded: a huge one has no text
            if found is not None:
                return found
        raise UnknownSeverityError(value, self.codes)

    def _parse_parts(self, text: str) -> Severity:
        """The level named twice, by the two sides of a dash (or space) in ``text``.

        Each dash is tried, so a code or label may hold dashes itself (``SEV-1 - Critical``).
        """
        lower = text.strip().lower()
        for cut in (*_DASHES.finditer(lower), *_SPACES.finditer(lower)):
            left = self._spellings.get(lower[: cut.start()])
            if left is not None and left == self._spellings.get(lower[cut.end() :]):
                return left
        raise UnknownSeverityError(text, self.codes)
