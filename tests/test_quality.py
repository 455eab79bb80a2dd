"""The project's own checks, run with the tests: types, lint, docstring examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import support_policy

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(support_policy.__path__, "support_policy.")
    if not m.name.endswith(".__main__")
)


@pytest.mark.parametrize("module", ["support_policy", *MODULES])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(
        importlib.import_module(module),
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.failed == 0


def test_public_api_is_documented() -> None:
    for name in support_policy.__all__:
        value = getattr(support_policy, name)
        if callable(value):
            assert value.__doc__, f"support_policy.{name} has no docstring"


def test_typed_marker_ships() -> None:
    assert (Path(support_policy.__file__).parent / "py.typed").exists()


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_mypy_strict() -> None:
    result = run("mypy", "--strict", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = run("ruff", "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr
