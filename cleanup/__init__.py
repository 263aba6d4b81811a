"""linkedin-cleanup: keep a professional network on LinkedIn focused."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("linkedin-cleanup")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
