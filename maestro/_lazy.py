"""Public names of a package loaded on first use (PEP 562), so importing the package is cheap.

A package lists where each public name lives; ``import maestro`` then costs almost nothing,
and ``maestro.MaestroClient`` (or ``from maestro import MaestroClient``) imports the client's
module the first time it is asked for. Type checkers and editors read the same names from an
``if TYPE_CHECKING:`` block of plain imports in the package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package``.

    ``exports`` maps each module to the public names it defines. A name is imported from its
    module when first read, then stored on the package, so later reads cost nothing.
    """
    home = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module hook's required name)
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807 (the module hook's required name)
        return sorted(set(vars(sys.modules[package])) | home.keys())

    return __getattr__, __dir__
