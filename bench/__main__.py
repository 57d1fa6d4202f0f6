"""Run every benchmark module in this folder (``bench/bench_*.py``) in turn."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def main() -> None:
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda i: i.name):
        if info.name.startswith("bench_"):
            print(f"== bench.{info.name}")
            module = importlib.import_module(f"bench.{info.name}")
            module.main()


if __name__ == "__main__":
    main()
