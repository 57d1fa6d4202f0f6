"""Allow ``python -m bellpath``."""

from bellpath.cli import main

main()
