"""linkedin-cleanup: keep a professional network on LinkedIn focused.

`cleanup.run(export, rules, out)` and `cleanup.analyse(export, rules)` are `pipeline.run` and
`pipeline.analyse`; `cleanup.Rules` is `rules.Rules`. They are imported on first use, so that
`import cleanup` (and the command line's `--help`) stays instant. (`write` stays
`cleanup.pipeline.write`: `cleanup.write` is the package of writers.)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("linkedin-cleanup")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["Rules", "__version__", "analyse", "run"]


def __getattr__(name: str) -> Any:
    if name in ("analyse", "run"):
        from cleanup import pipeline

        return getattr(pipeline, name)
    if name == "Rules":
        from cleanup.rules import Rules

        return Rules
    raise AttributeError(f"module 'cleanup' has no attribute {name!r}")
