"""The scope of support: what it includes and excludes, and who is responsible for what.

Ask :meth:`Scope.covers` whether an activity is covered: the answer is yes or no,
with the reason, and for an excluded activity the route to get it done instead.

>>> from support_policy import stakater_policy
>>> scope = stakater_policy().latest.scope
>>> answer = scope.covers("custom feature development for our app")
>>> answer.covered, answer.route
(False, 'a separate Professional Services agreement')
>>> scope.covers("configuration guidance for the ingress").covered
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from support_policy._fields import Each, Entries, Kind
from support_policy._frozen import FrozenMap, frozen_map, frozen_tuple
from support_policy.errors import InvalidPolicyError, require, shown

__all__ = ["Activity", "Boundary", "Scope", "ScopeAnswer"]

_WORDS = re.compile(r"[a-z0-9]+")


def _normal(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _phrases(value: Iterable[str], field: str) -> tuple[str, ...]:
    items = frozen_tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InvalidPolicyError.at(f"{field}[{i}]", f"must be a text, got {shown(item)}")
    return tuple(_normal(v) for v in items if _normal(v))


def _keywords(value: Iterable[str]) -> tuple[str, ...]:  # an attrs converter
    return _phrases(value, "keywords")


def _unless(value: Iterable[str]) -> tuple[str, ...]:  # an attrs converter
    return _phrases(value, "unless")


_TEXT = Kind(str, "a text", InvalidPolicyError.at)
_TEXTS = Each(str, "a text", InvalidPolicyError.at)


@attrs.frozen
class Activity:
    """An activity the scope names, the phrases that point at it, and a note.

    Attributes:
        name: the activity as the policy words it.
        keywords: phrases that, found in a question, mean this activity.
        note: a condition or nuance (e.g. "unless caused by the platform").
        unless: phrases that, found in a question, mean the note's condition holds: the
            question is then not about this activity as the scope names it (an
            exclusion "unless caused by the platform" does not decide a question
            about a platform bug).
    """

    name: str = attrs.field(validator=_TEXT)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_keywords)
    note: str = attrs.field(default="", validator=_TEXT)
    unless: tuple[str, ...] = attrs.field(default=(), converter=_unless)

    def matches(self, question: str) -> bool:
        """Whether ``question`` (already normalised) speaks of this activity.

        Phrases match whole words only; an ``unless`` phrase in the question overrules
        every keyword.
        """
        require(question, str, "question", "a text")
        padded = f" {question} "
        if any(f" {k} " in padded for k in self.unless):
            return False
        return any(f" {k} " in padded for k in (*self.keywords, _normal(self.name)))

    def __str__(self) -> str:
        return f"{self.name} ({self.note})" if self.note else self.name


@attrs.frozen
class Boundary:
    """What one kind of engagement covers and does not cover."""

    covers: tuple[str, ...] = attrs.field(default=(), converter=frozen_tuple, validator=_TEXTS)
    excludes: tuple[str, ...] = attrs.field(default=(), converter=frozen_tuple, validator=_TEXTS)


@attrs.frozen
class ScopeAnswer:
    """Whether an activity is covered, why, and where to go when it is not."""

    question: str
    covered: bool
    reason: str
    activity: Activity | None = None
    route: str | None = None

    def __str__(self) -> str:
        verdict = "covered" if self.covered else "not covered"
        text = f"{self.question!r}: {verdict}: {self.reason}"
        return text + (f"; route: {self.route}" if self.route else "")


_ACTIVITIES = Each(Activity, "an Activity", InvalidPolicyError.at)


@attrs.frozen(repr=False)
class Scope:
    """What support includes and excludes, and the shared responsibilities.

    Attributes:
        included: activities support includes.
        excluded: activities outside support.
        excluded_route: where excluded activities can be done instead.
        unlisted_route: what happens to a request the scope does not name.
        vendor_responsibilities: what the vendor is responsible for.
        customer_responsibilities: what the customer is responsible for.
        boundaries: per kind of engagement (product support, managed services),
            what it covers and excludes.
    """

    def __repr__(self) -> str:
        return f"Scope({len(self.included)} included, {len(self.excluded)} excluded)"

    included: tuple[Activity, ...] = attrs.field(converter=frozen_tuple, validator=_ACTIVITIES)
    excluded: tuple[Activity, ...] = attrs.field(converter=frozen_tuple, validator=_ACTIVITIES)
    excluded_route: str = attrs.field(
        default="a separate Professional Services agreement", validator=_TEXT
    )
    unlisted_route: str = attrs.field(
        default="evaluated separately; may need a scoped engagement", validator=_TEXT
    )
    vendor_responsibilities: tuple[str, ...] = attrs.field(
        default=(), converter=frozen_tuple, validator=_TEXTS
    )
    customer_responsibilities: tuple[str, ...] = attrs.field(
        default=(), converter=frozen_tuple, validator=_TEXTS
    )
    boundaries: FrozenMap[str, Boundary] = attrs.field(
        factory=FrozenMap,
        converter=frozen_map,
        validator=Entries(str, Boundary, "names to a Boundary", InvalidPolicyError.at),
    )

    def covers(self, activity: str) -> ScopeAnswer:
        """Whether support covers ``activity``, asked in plain words.

        Exclusions are checked first (they are the more specific phrases), then
        inclusions; an activity the scope does not name is not covered and is routed
        to ``unlisted_route``. This is matching of phrases, not understanding: the
        answer names the activity it matched, and its note, for a person to confirm.
        """
        require(activity, str, "activity", "a text")
        question = _normal(activity)
        for item in self.excluded:
            if item.matches(question):
                return ScopeAnswer(activity, False, f"excluded: {item}", item, self.excluded_route)
        for item in self.included:
            if item.matches(question):
                return ScopeAnswer(activity, True, f"included: {item}", item)
        return ScopeAnswer(
            activity, False, "not named in the scope of support", None, self.unlisted_route
        )
