"""Names of the package found on first use: the version, an unknown name, what dir() shows."""

from __future__ import annotations

import importlib.metadata

import pytest

import support_policy


def test_the_version_is_the_installed_distributions() -> None:
    assert support_policy.__version__ == importlib.metadata.version("support_policy")


def test_an_unknown_name_says_which_package_lacks_it() -> None:
    with pytest.raises(AttributeError, match=r"^module 'support_policy' has no attribute 'nope'$"):
        support_policy.nope  # noqa: B018


def test_dir_shows_loaded_subpackages_but_not_private_modules() -> None:
    import support_policy.calendars

    shown = dir(support_policy)
    assert "calendars" in shown
    assert "_lazy" not in shown
