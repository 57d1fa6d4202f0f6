"""Example case files shipped with bellpath (used by ``bellpath demo``).

Data only: imports nothing of bellpath.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["EXAMPLES", "example_path"]

EXAMPLES = ("long_recovery", "quick_recovery", "late_complications", "red_flag")


def example_path(name: str = "long_recovery") -> Path:
    """Path of a bundled example case (``EXAMPLES`` lists the names)."""
    return Path(str(files(__package__).joinpath(f"{name}.yaml")))
