"""Severity levels and scales: what a level needs, how a scale reads the ways people write one."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from support_policy import InvalidPolicyError, Severity, SeverityScale, UnknownSeverityError

from ..policy_strategies import scales

SCALE = SeverityScale.of(
    Severity("P1", "Critical", "down", aliases=("urgent", " Sev One ")),
    ("P2", "High"),
    ("P3", "Low"),
    default="P3",
)


# -- a level ----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["code", "label"])
@pytest.mark.parametrize("bad", ["", "   ", None, 1])
def test_a_level_needs_a_code_and_a_label(field: str, bad: object) -> None:
    given_fields = {"code": "P1", "label": "Critical", field: bad}
    with pytest.raises(InvalidPolicyError) as caught:
        Severity(**given_fields)  # type: ignore[arg-type]
    assert caught.value.problems == ((field, f"must be a non-empty string, got {bad!r}"),)


def test_a_level_in_words() -> None:
    assert str(Severity("SEV0", "Emergency")) == "SEV0 \u2013 Emergency"


@pytest.mark.parametrize(
    ("level", "spellings"),
    [
        (Severity("P1", "Critical"), ("p1", "critical", "1")),
        (Severity("SEV10", "Meltdown"), ("sev10", "meltdown", "10")),
        (
            Severity("P1", "Critical", aliases=(" Urgent ", "CRITICAL")),
            ("p1", "critical", "urgent", "1"),
        ),
        (Severity("Blocker", "Blocker"), ("blocker",)),
        (Severity("1A", "Odd"), ("1a", "odd")),
        (Severity("P1x", "Odd"), ("p1x", "odd")),
        (Severity("P01", "Padded"), ("p01", "padded", "01")),
    ],
)
def test_the_spellings_of_a_level(level: Severity, spellings: tuple[str, ...]) -> None:
    assert level.spellings() == spellings


def test_levels_order_by_rank_then_code() -> None:
    first, second = Severity("B", "b", rank=0), Severity("A", "a", rank=1)
    assert first < second and not second < first
    assert not first < first and not first < Severity("B", "other label", rank=0)
    assert Severity("A", "x") < Severity("B", "y")
    assert not Severity("A", "x") < Severity("A", "y")
    assert first <= first and second > first and second >= second
    with pytest.raises(TypeError):
        _ = first < "A"


# -- a scale ----------------------------------------------------------------------------------


def test_a_scale_ranks_its_levels_in_the_order_given() -> None:
    scale = SeverityScale.of(("Z", "Last"), ("A", "First"), default="A")
    assert scale.codes == ("Z", "A")
    assert [level.rank for level in scale] == [0, 1]
    assert scale.most_urgent.code == "Z"
    assert min(scale) is scale["Z"]


def test_what_a_scale_holds() -> None:
    assert len(SCALE) == 3
    assert SCALE.default is SCALE["P3"]
    assert SCALE.most_urgent is SCALE["P1"]
    assert SCALE["P1"] in SCALE and Severity("P9", "Other") not in SCALE
    assert [level.code for level in SCALE] == ["P1", "P2", "P3"]
    assert repr(SCALE) == "SeverityScale(P1, P2, P3; default P3)"


def test_an_unknown_code_is_refused_with_the_codes() -> None:
    with pytest.raises(UnknownSeverityError) as caught:
        SCALE["p1"]
    assert caught.value.value == "p1" and caught.value.known == ("P1", "P2", "P3")


def test_a_scale_needs_levels() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        SeverityScale([], "P1")
    assert caught.value.problems == (("severities", "a policy needs at least one severity level"),)


def test_a_scale_has_at_most_twenty_levels() -> None:
    twenty = [(f"P{i}", f"Level {i}") for i in range(20)]
    assert len(SeverityScale.of(*twenty, default="P0")) == 20
    with pytest.raises(InvalidPolicyError) as caught:
        SeverityScale.of(*twenty, ("P20", "Level 20"), default="P0")
    assert caught.value.problems == (("severities", "at most 20 severity levels, not 21"),)


def test_a_scale_holds_only_levels() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        SeverityScale([Severity("P1", "Critical"), "P2"], "P1")  # type: ignore[list-item]
    assert caught.value.problems == (("severities", "not a Severity: 'P2'"),)


def test_every_clash_and_a_bad_default_are_reported_together() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        SeverityScale.of(("P1", "Urgent"), ("P2", "urgent"), ("P3", "p1"), default="P9")
    assert caught.value.problems == (
        (
            "severities.P2",
            "'urgent' already names P1; every code, label and alias must name one level",
        ),
        ("severities.P3", "'p1' already names P1; every code, label and alias must name one level"),
        ("default_severity", "unknown severity 'P9'; expected one of: P1, P2, P3"),
    )


def test_a_level_may_repeat_its_own_spelling() -> None:
    scale = SeverityScale.of(Severity("High", "high", aliases=("HIGH",)), default="High")
    assert scale.parse("high") is scale["High"]


# -- reading a level --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "P3"),
        ("P1", "P1"),
        ("p1", "P1"),
        ("  critical\n", "P1"),
        ("URGENT", "P1"),
        ("sev one", "P1"),
        ("1", "P1"),
        (1, "P1"),
        (2, "P2"),
        ("P1 - Critical", "P1"),
        ("critical:P1", "P1"),
        ("P2 \u2014 high", "P2"),
        ("P2 high", "P2"),
        ("  p2   HIGH ", "P2"),
        ("2-high", "P2"),
        ("P1 - P1", "P1"),
        ("urgent - critical", "P1"),
    ],
)
def test_a_scale_reads_a_level(value: object, code: str) -> None:
    assert SCALE.parse(value) is SCALE[code]


@pytest.mark.parametrize(
    "value",
    [
        "P4",
        "P1 - High",
        "P1 -",
        "- P1",
        "P1 Critical urgent",
        "P1 - Critical - Critical",
        "Critical P1 Critical",
        "sev",
        "one",
        "",
        "   ",
        0,
        4,
        -1,
        True,
        False,
        1.0,
        Decimal("1"),
        Fraction(2),
        b"P1",
        ["P1"],
    ],
)
def test_anything_else_names_no_level(value: object) -> None:
    with pytest.raises(UnknownSeverityError) as caught:
        SCALE.parse(value)
    assert caught.value.value == value
    assert caught.value.known == SCALE.codes


def test_a_level_reads_as_itself_or_as_a_level_with_its_code() -> None:
    other = SeverityScale.of(("P1", "Urgent"), ("P2", "Normal"), default="P2")
    assert SCALE.parse(SCALE["P2"]) is SCALE["P2"]
    assert SCALE.parse(other["P1"]) is SCALE["P1"]


@pytest.mark.parametrize(
    "level", [Severity("Critical", "Critical"), Severity("p1", "x"), Severity("P9", "x")]
)
def test_a_level_whose_code_is_not_a_code_of_the_scale_is_refused(level: Severity) -> None:
    with pytest.raises(UnknownSeverityError):
        SCALE.parse(level)


def test_text_longer_than_ten_thousand_characters_names_no_level() -> None:
    assert SCALE.parse(" " * 9_998 + "P1") is SCALE["P1"]
    assert SCALE.parse("P1 - " + " " * 9_987 + "Critical") is SCALE["P1"]
    with pytest.raises(UnknownSeverityError):
        SCALE.parse(" " * 9_999 + "P1")


@given(scales(), st.data())
def test_a_code_with_its_label_reads_as_that_level_whatever_the_dash(
    scale: SeverityScale, data: st.DataObject
) -> None:
    level = data.draw(st.sampled_from(scale.levels))
    dash = data.draw(st.sampled_from(["-", "\u2013", "\u2014", "\u2212", ":", " - ", " : "]))
    assert scale.parse(f"{level.code}{dash}{level.label}") is level
    assert scale.parse(f"{level.label}{dash}{level.code}") is level


@pytest.mark.parametrize(
    ("code", "label"),
    [("SEV-1", "Critical"), ("P2", "Semi-Critical"), ("P3", "Low: minor"), ("A-1", "b-c")],
)
def test_a_level_reads_back_from_its_text_whatever_dashes_it_holds(code: str, label: str) -> None:
    """``str(level)`` joins code and label by a dash; each dash is tried as the joint."""
    scale = SeverityScale([Severity(code, label), Severity("Z9", "Other")], code)
    level = scale.parse(code)
    for text in (str(level), f"{code} - {label}", f"{code}: {label}", f"{code} {label}"):
        assert scale.parse(text) == level
    with pytest.raises(UnknownSeverityError):
        scale.parse(f"{code} - Other")  # two sides naming two levels name none
