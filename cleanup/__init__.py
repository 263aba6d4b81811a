"""linkedin-cleanup: keep a professional network on LinkedIn focused.

The Python API, the same the command line uses::

    import cleanup
    rules = cleanup.Rules.from_toml(text)          # or a path to rules.toml
    result = cleanup.analyse("Connections.csv", rules)   # or an export-shaped DataFrame
    cleanup.write(result, "reports")
    session = cleanup.Session.open("Connections.csv", rules, out="reports")  # decide by asking

`analyse` reads and judges and writes nothing; `write` writes the workbook, the HTML report and
the ledgers into a folder, all or nothing; `run` does both. The heavy modules (pandas, the
workbook writer, the gazetteer) are imported on first use, so `import cleanup` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cleanup._version import __version__

if TYPE_CHECKING:
    from cleanup.model import Result
    from cleanup.pipeline import analyse, run, write
    from cleanup.rules import Rules
    from cleanup.session import Session

__all__ = ["Result", "Rules", "Session", "__version__", "analyse", "run", "write"]

_LAZY = {"analyse": "cleanup.pipeline", "run": "cleanup.pipeline", "write": "cleanup.pipeline",
         "Rules": "cleanup.rules", "Result": "cleanup.model", "Session": "cleanup.session"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cleanup' has no attribute {name!r}")
