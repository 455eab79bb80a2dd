"""Policy files: a validated TOML format for support policies, read and written.

``parse_policy(text)`` and ``load_policy(path)`` read a policy file;
``policy_from_dict(data)`` reads the same structure from plain data (for example
JSON); ``dump_policy(policy)`` writes TOML that reads back to an equal policy. Every
section is declared once, below; that declaration drives reading, writing, the key
paths of problems and the reference table in ``docs/policy-files.md``.

Reading never runs code from the file, and it reports every problem at once: it
raises :class:`~support_policy.errors.InvalidPolicyError`, whose ``problems`` list each
problem with its key path, e.g.
``plans.premium.targets.P4.unit: 'bizday' is not one of: hours, business_hours, business_days``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from support_policy.errors import InvalidPolicyError, require, shown
from support_policy.formats.kinds import INVALID, Reader
from support_policy.formats.policy_schema import FORMAT, POLICY, SECTIONS
from support_policy.formats.schema import reference_table
from support_policy.policy import Policy

__all__ = ["FORMAT", "SECTIONS", "dump_policy", "load_policy", "parse_policy", "policy_from_dict"]

_VERSION_PATH = re.compile(r"^versions\[([0-9]+)\]\.?")


def _file_path(path: str) -> str:
    """A :class:`Policy` field path (``versions[1].x``) as a key path of the file."""
    match = _VERSION_PATH.match(path)
    if match is None:
        return path
    index = int(match.group(1))
    rest = path[match.end() :]
    if index == 0:
        return rest
    return f"earlier_versions[{index - 1}]" + (f".{rest}" if rest else "")


MAX_POLICY_CHARS = 1_000_000
"""The longest policy file read (a real one is a few thousand characters)."""


def policy_from_dict(data: Mapping[str, Any]) -> Policy:
    """Build a policy from the plain data of a policy file (as ``tomllib`` gives it).

    Raises:
        InvalidPolicyError: with every problem found, each with its key path.
    """
    r = Reader()
    table = dict(data) if isinstance(data, Mapping) else data
    given = table.get("format", FORMAT) if isinstance(table, dict) else FORMAT
    if type(given) is not int or given != FORMAT:
        r.problem("format", f"{shown(given)} is not a format this library reads; use {FORMAT}")
        table = {**table, "format": FORMAT}  # the rest is still checked
    policy = POLICY.read(r, table, "")
    if r.problems or policy is INVALID:
        raise InvalidPolicyError((_file_path(p), m) for p, m in r.problems)
    assert isinstance(policy, Policy)
    return policy


def parse_policy(text: str) -> Policy:
    """Read a policy from the text of a policy file (TOML).

    Raises:
        InvalidPolicyError: the text is not TOML, or the policy in it is not valid.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if len(text) > MAX_POLICY_CHARS:
        raise InvalidPolicyError(
            [("", f"a policy file may hold {MAX_POLICY_CHARS:,} characters, not {len(text):,}")]
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidPolicyError([("", f"not valid TOML: {exc}")]) from None
    except RecursionError:
        raise InvalidPolicyError([("", "not valid TOML here: nested too deep")]) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        reason = "a number has more than 4,300 digits" if "digits" in str(exc) else str(exc)
        raise InvalidPolicyError([("", f"not valid TOML here: {reason}")]) from None
    return policy_from_dict(data)


def load_policy(path: str | Path) -> Policy:
    """Read a policy file.

    Raises:
        InvalidPolicyError: the file cannot be read, is not TOML, or is not valid; the
            problems name the file.
    """
    try:
        with Path(path).open(encoding="utf-8-sig") as file:  # a BOM, as some editors write
            text = file.read(MAX_POLICY_CHARS + 1)  # longer is refused: no need to read it all
    except (OSError, UnicodeError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or exc
        raise InvalidPolicyError([("", f"cannot read policy file {path}: {reason}")]) from None
    try:
        return parse_policy(text)
    except InvalidPolicyError as exc:
        raise InvalidPolicyError(
            (f"{path}: {p}" if p else str(path), m) for p, m in exc.problems
        ) from None


def dump_policy(policy: Policy) -> str:
    """The policy as the text of a policy file, which reads back to an equal policy.

    Raises:
        TypeError: ``policy`` is not a :class:`Policy` (a version is one: ``Policy([version])``).
    """
    require(policy, Policy, "policy", "a Policy (for one version: Policy([version]))")
    data = POLICY.write(_Top(policy))
    return tomli_w.dumps({"format": FORMAT, **{k: v for k, v in data.items() if k != "format"}})


class _Top:
    """The policy seen as its top-level section: the newest version's fields, and the rest."""

    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self.versions = policy.versions
        self.format = FORMAT

    def __getattr__(self, name: str) -> Any:
        return getattr(self._policy.latest, name)


def schema_reference() -> str:
    """The Markdown reference of every section, as ``docs/policy-files.md`` shows it."""
    return reference_table(SECTIONS)
