"""bellpath: Bell's palsy recovery staging, lab reading, guidance and facial measurement.

bellpath informs and supports a clinician; it never prescribes doses.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bellpath")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
