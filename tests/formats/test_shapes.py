"""The byte-matrix checks of string columns say what the patterns say, or defer to them."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, strategies as st

pa = pytest.importorskip("pyarrow")
arrow_tickets = pytest.importorskip("support_policy.formats.arrow_tickets")
from support_policy.formats._shapes import names_ok, times_ok  # noqa: E402

TIME = re.compile(arrow_tickets._TIME)
NAME = re.compile(arrow_tickets._NAME)

# Pieces of times, right and wrong, so that most drawn values are close to the form.
digit = st.sampled_from("0123456789")
wrong = st.sampled_from(["a", "-", ":", " ", "T", "Z", "+", ".", "é", "٣", ""])
piece = st.one_of(digit, digit, digit, wrong)


@st.composite
def times(draw: st.DrawFn) -> str:
    def d(n: int) -> str:
        return "".join(draw(piece) for _ in range(n))

    fraction = draw(st.sampled_from(["", "." + d(draw(st.integers(0, 8)))]))
    zone = draw(st.sampled_from(["Z", "+" + d(2) + ":" + d(2), "-" + d(2) + ":" + d(2), "", "z"]))
    sep = draw(st.sampled_from(["T", " ", "t", "_"]))
    dash, colon = draw(st.sampled_from(["-", "/"])), draw(st.sampled_from([":", "."]))
    return f"{d(4)}{dash}{d(2)}-{d(2)}{sep}{d(2)}{colon}{d(2)}:{d(2)}{fraction}{zone}"


def chunked(values: list[str], cut: int) -> object:
    cut = min(cut, len(values))
    return pa.chunked_array([values[:cut], values[cut:]], pa.string())


@given(
    st.lists(st.one_of(times(), st.just(""), st.text(max_size=30)), max_size=8), st.integers(0, 8)
)
@example(["2026-11-27T09:00:00+01:00", "2026-11-27 09:00:00.5Z"], 1)
@example(["2026-11-27T09:00:00.123456+01:00"] * 3, 0)
@example(["2026-11-27T09:00:00+01:00", "2026-11-27T09:00:00.123Z"], 2)
@example(["1"], 0)  # one byte wide
@example(["2026-11-27T09:00:00.1234567Z"], 0)  # seven digits of fraction
@example(["2026-11-27T09:00:00.1234567+01:00"], 0)
@example(["2026-11-27T09:00:00.xZ"], 0)  # a fraction that is not digits
@example(["2026-11-27T09:00:00X5Z"], 0)  # not a dot
@example(["2026-1a-27T09:00:00Z"], 0)  # a letter in the date
@example(["2026-1a-27T09:00:00+01:00"], 0)
@example(["2026/11-27T09:00:00Z"], 0)  # another separator
@example(["2026-11-27T09:00:00*01:00"], 0)  # not a sign
@example(["2026-11-27T09:00:00X01:00"], 0)
@example(["2026-11-27T09:00:00+01X00"], 0)  # not a colon in the offset
@example(["2026-11-27T09:00:00+0x:00"], 0)  # each digit of the offset
@example(["2026-11-27T09:00:00+01:0x"], 0)
@example(["2026-11-27T09:00:00+x1:00"], 0)
@example(["2026-11-27T09:00:00+01:x0"], 0)
@example(["", "x"], 1)  # a chunk of empty values, then one that is not a time
def test_a_time_column_is_judged_as_the_pattern_judges_it(values: list[str], cut: int) -> None:
    expected = all(v == "" or TIME.fullmatch(v) for v in values)
    sliced = pa.array(["x", *values, "y"], pa.string()).slice(1, len(values))
    for column in (pa.array(values, pa.string()), chunked(values, cut), sliced):
        found = times_ok(column)
        assert found is None or found == expected
        given = [v for v in values if v]
        if given and all(len(v.encode()) == len(given[0].encode()) for v in given):
            zulu = {v.endswith("Z") for v in given}
            if len(zulu) == 1:
                assert found == expected  # one width, one kind of offset: decided here


@given(st.lists(st.text(max_size=12), max_size=8), st.booleans(), st.integers(0, 8))
@example([" a"], False, 0)
@example(["a "], True, 0)
@example(["", "a"], True, 1)
@example(["", "a"], False, 1)
@example(["a\x7f"], False, 0)
@example(["~!", "!~"], False, 0)  # the ends of printable ASCII
@example([" "], True, 0)  # one byte, and a space
@example(["ab", " c"], False, 0)  # a space at the start of a value after the first
@example(["ab", "c "], False, 1)
@example(["abc", "de", " f"], False, 0)  # a space where a value starts, past the first
@example(["abc", "de ", "f"], False, 0)  # a space where a value ends, past the first
def test_a_name_column_is_judged_as_the_pattern_judges_it(
    values: list[str], empty_ok: bool, cut: int
) -> None:
    expected = all((empty_ok and v == "") or NAME.fullmatch(v) for v in values)
    assert names_ok(pa.array(values, pa.string()), empty_ok) == expected
    assert names_ok(chunked(values, cut), empty_ok) == expected
    sliced = pa.array(["x", *values, "y"], pa.string()).slice(1, len(values))
    assert names_ok(sliced, empty_ok) == expected


def simple_reference(data: bytes, limit: int) -> bool:
    """No quote, no blank line, no line over ``limit`` bytes with its end, no carriage
    return but before a line end: said plainly.

    A last line without an end counts one byte for it, as if it had one.
    """
    if b'"' in data or b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r")):
        return False
    if b"\r" in data.replace(b"\r\n", b""):
        return False
    if b"\n" not in data:
        return len(data) <= limit
    return all(len(line) + 1 <= limit for line in data.split(b"\n"))


@given(st.lists(st.sampled_from([b"a", b",", b"\n", b"\r", b'"', b"bb"]), max_size=30))
@example([b"a", b"\n", b"\r", b"\n", b"a"])
@example([b"\r", b"\n", b"a"])
@example([b"a", b"\r"])
@example([b"a", b"\r", b"a", b"\n"])
def test_the_plain_text_check_is_the_plain_reference(parts: list[bytes]) -> None:
    data = b"".join(parts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_tickets, "MAX_LINE_BYTES", 4)
        assert arrow_tickets._simple(data) == simple_reference(data, 4)
