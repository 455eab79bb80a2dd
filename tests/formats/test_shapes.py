"""The byte-matrix checks of string columns say what the patterns say, or defer to them."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, strategies as st

pa = pytest.importorskip("pyarrow")
arrow_tickets = pytest.importorskip("support_policy.formats.arrow_tickets")
from support_policy.formats._shapes import line_ends, names_ok, times_ok  # noqa: E402

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


def simple_reference(data: bytes, limit: int, quotes: bool = False) -> bool:
    """No quote (unless ``quotes``), no blank line, no line over ``limit`` bytes with its
    end, no carriage return but before a line end: said plainly.

    A last line without an end counts one byte for it, as if it had one.
    """
    if (
        (b'"' in data and not quotes)
        or b"\n\n" in data
        or b"\n\r\n" in data
        or data.startswith((b"\n", b"\r"))
    ):
        return False
    if b"\r" in data.replace(b"\r\n", b""):
        return False
    if b"\n" not in data:
        return len(data) <= limit
    return all(len(line) + 1 <= limit for line in data.split(b"\n"))


PIECES = st.sampled_from([b"a", b",", b"\n", b"\r", b'"', b"bb", b"\r\n", b"cccccc"])


@given(st.lists(PIECES, max_size=60), st.integers(1, 24), st.booleans())
@example([b"a", b"\n", b"\r", b"\n", b"a"], 4, False)
@example([b"\r", b"\n", b"a"], 4, False)
@example([b"a", b"\r"], 4, False)
@example([b"a", b"\r", b"a", b"\n"], 4, False)
@example([b"cccccc", b"\n", b"bb", b"\n"], 7, False)  # seven bytes with its end: taken
@example([b"cccccc", b"a", b"\n", b"bb", b"\n"], 7, False)  # eight: not
@example([b"a", b"\n", b"cccccc", b"a"], 7, False)  # the last, without its end: eight
@example([b"a", b"\n", b"cccccc"], 7, False)  # seven
def test_the_plain_text_check_is_the_plain_reference(
    parts: list[bytes], limit: int, quotes: bool
) -> None:
    """Lines of any length against limits of any size, over stretches with and without ends."""
    data = b"".join(parts)
    expected = simple_reference(data, limit, quotes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_tickets, "MAX_LINE_BYTES", limit)
        assert arrow_tickets._simple(data, line_ends(data), quotes=quotes) == expected
    assert arrow_tickets._simple(data, line_ends(data), quotes=quotes, longest=limit) == expected


def one_object_reference(block: bytes) -> int | None:
    """How many lines, if each starts with "{" and ends with "}" (or "}\\r"): said plainly."""
    lines = block.split(b"\n")
    if block.endswith(b"\n"):
        lines.pop()
    for line in lines:
        body = line[:-1] if line.endswith(b"\r") else line
        if not (body.startswith(b"{") and body.endswith(b"}")):
            return None
    return len(lines)


@given(st.lists(st.sampled_from([b"{", b"}", b"\n", b"\r\n", b"a", b"{}", b"}\r"]), max_size=40))
@example([b"{}"])
@example([b"{}", b"\n"])
@example([b"{}", b"\r\n", b"{}", b"\n", b"{", b"}"])
@example([b"{", b"a", b"\n", b"{}"])  # a line ending in "a"
@example([b"{}", b"\n", b"a", b"{}"])  # a line starting with "a"
@example([b"{", b"}\r"])  # the last line, a carriage return without its end
def test_one_object_a_line_is_the_plain_reference(parts: list[bytes]) -> None:
    """Blocks the plain text check takes: first and last bytes of each line, and the count."""
    block = b"".join(parts)
    if not block or not simple_reference(block, 1 << 20, quotes=True):
        return  # the caller's check comes first
    json_lines = pytest.importorskip("support_policy.formats._json_lines")
    assert json_lines._one_object_a_line(block, line_ends(block)) == one_object_reference(block)
