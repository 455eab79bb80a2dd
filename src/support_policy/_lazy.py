"""Public names that import their module on first use, so that importing a package is cheap.

A package lists where each of its public names lives; :func:`exports` gives it the
module-level ``__getattr__`` and ``__dir__`` (PEP 562) that import a name's module the
first time the name is asked for, then keep the name in the package's namespace.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any


def exports(
    package: str, where: Mapping[str, str], extra: Mapping[str, Callable[[], Any]] | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``where`` maps name to module.

    ``extra`` maps further names to functions that compute them (once).
    """
    computed = dict(extra or {})

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module), name)
        elif name in computed:
            value = computed[name]()
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        """The public names, the subpackages loaded, and the module's own dunder names.

        Not the helpers the package's own code imported (``annotations``, ``exports``).
        """
        namespace = vars(sys.modules[package])
        own = {
            name
            for name, value in namespace.items()
            if (name.startswith("__") and name.endswith("__"))
            or (isinstance(value, ModuleType) and not name.startswith("_"))
        }
        return sorted({*own, *namespace.get("__all__", ()), *where, *computed})

    return __getattr__, __dir__


def names_of(*groups: tuple[str, Iterable[str]]) -> dict[str, str]:
    """``{name: module}`` from ``(module, names)`` groups."""
    return {name: module for module, names in groups for name in names}
