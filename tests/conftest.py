"""Shared fixtures: small exports and rules files written into tmp_path."""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import rules_toml, write_connections
from hypothesis import HealthCheck, settings

# Property tests judge what the code does, never how fast: no per-example deadline and no
# "too slow" health check, which a loaded machine would trip.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test, and every process a test starts, keeps its cache files (the gazetteer index)
    in a folder of this session: a run never reads or writes the real user cache."""
    folder = tmp_path_factory.mktemp("user-cache")
    saved = os.environ.get("LINKEDIN_CLEANUP_CACHE")
    os.environ["LINKEDIN_CLEANUP_CACHE"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("LINKEDIN_CLEANUP_CACHE", None)
    else:
        os.environ["LINKEDIN_CLEANUP_CACHE"] = saved


_STATE_NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def _state_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("user-state")


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[object],
                         request: pytest.FixtureRequest) -> Iterator[object]:
    """A fixture shared by a module or the session (an export run once for many tests) runs
    before any test's own state folder exists: it gets a fresh state folder of its own, so
    that no run of a shared fixture reads or writes the real user state or another's runs."""
    if fixturedef.scope == "function" or fixturedef.argname.startswith("_"):
        return (yield)
    base = request.getfixturevalue("_state_folders")
    folder = base / f"fixture-{next(_STATE_NUMBERS)}"
    folder.mkdir(mode=0o700)
    saved = os.environ.get("LINKEDIN_CLEANUP_STATE")
    os.environ["LINKEDIN_CLEANUP_STATE"] = str(folder)
    try:
        return (yield)
    finally:
        if saved is None:
            os.environ.pop("LINKEDIN_CLEANUP_STATE", None)
        else:
            os.environ["LINKEDIN_CLEANUP_STATE"] = saved


@pytest.fixture(autouse=True)
def _private_state(_state_folders: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test, and every process it starts, remembers where each network's runs wrote in
    a state folder of its own (created by the first run that writes there): a run never
    reads or writes the real user state, and no test sees another's runs."""
    folder = _state_folders / f"test-{next(_STATE_NUMBERS)}"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("LINKEDIN_CLEANUP_STATE", str(folder))
    return folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser or LibreOffice test is a slow test too: `-m "not slow"` leaves it out."""
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("soffice"):
            item.add_marker(pytest.mark.slow)


# ---------------------------------------------------------------------------- marked programs
# A test that starts LibreOffice or a browser must say so with its marker (which also makes it
# slow, out of the quick loop): every process a test starts is checked against the marker of
# the test running, its fixtures' set-up included, whatever helper starts it.

#: Programs (by file name) a test may start only under a marker.
MARKED_PROGRAMS = {"soffice": "soffice", "soffice.bin": "soffice", "libreoffice": "soffice",
                   "chromium": "browser", "chromium-browser": "browser", "chrome": "browser",
                   "headless_shell": "browser"}
_RUNNING: list[pytest.Item] = []


def marker_needed(args: Any) -> str | None:
    """The marker a test needs to start the process `args` (as given to Popen), or None.
    Playwright starts its browser through a driver process of its own."""
    argv = args.split() if isinstance(args, str) else [args] if isinstance(
        args, bytes | os.PathLike) else list(args)
    words = [os.fsdecode(a) for a in argv if isinstance(a, str | bytes | os.PathLike)]
    if not words:
        return None
    if any("playwright" in w for w in words):
        return "browser"
    return MARKED_PROGRAMS.get(os.path.basename(words[0]))


_popen_init = subprocess.Popen.__init__


def _checked_popen_init(self: subprocess.Popen[Any], args: Any, *more: Any, **kw: Any) -> None:
    marker = marker_needed(args)
    if marker and _RUNNING and not _RUNNING[-1].get_closest_marker(marker):
        raise AssertionError(f"{_RUNNING[-1].nodeid} starts {args!r} without "
                             f"@pytest.mark.{marker}: mark it, so that the quick loop leaves "
                             "it out")
    _popen_init(self, args, *more, **kw)


subprocess.Popen.__init__ = _checked_popen_init  # type: ignore[method-assign]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Which test is running (set-up, call and tear-down), for the check above."""
    _RUNNING.append(item)
    try:
        yield
    finally:
        _RUNNING.pop()


RULES = rules_toml(
    {"prospect": ["realtor", "real estate", "broker", "bakery"],
     "complementary": ["copywriter", "photographer", "seo"],
     "competitor": ["web designer", "web developer", "creatrice de sites web"]},
    name="Brightline Web Studio", scope="international", unknown="review",
    keep={"names": [], "companies": [], "urls": []},
    remove={"names": [], "companies": [], "urls": []})


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    """A valid rules.toml for the demo business, international scope."""
    p = tmp_path / "rules.toml"
    p.write_text(RULES, encoding="utf-8")
    return p


@pytest.fixture
def data_dir() -> Path:
    """The folder of committed, case-named fixtures."""
    return DATA


# ---------------------------------------------------------------------------- HTML report
# A small export for the report tests: every tag, a hidden member, an unreadable date, and
# rows whose text tries to become markup or script. Each payload sets window.__pwned and
# opens a dialog if it ever runs, which the browser tests watch for.
HOSTILE = {
    "img": '<img src=x onerror="window.__pwned=1;alert(1)">',
    "script": "</script><script>window.__pwned=2;alert(2)</script>",
    "url": "javascript:window.__pwned=3;alert(3)",
    "attr": '" onmouseover="window.__pwned=4;alert(4)',
    "svg": "'><svg onload=window.__pwned=5;alert(5)>",
    "date": "<b>soon</b>",
}
REPORT_ROWS = [
    # First Name, Last Name, URL, Email Address, Company, Position, Connected On
    ("Ada", "Example", "https://www.linkedin.com/in/ada-example", "", "Acme Realty", "Realtor",
     "05 Mar 2024"),
    ("José", "Müller", "https://www.linkedin.com/in/jose-muller", "jose@example.com",
     "Müller Immobilien", "Créatrice de sites web", "17 Sep 2023"),
    ("Zoë", "Nguyen", "https://www.linkedin.com/in/zoe-nguyen", "", "Seoul Bakery", "Owner",
     "28 Feb 2019"),
    ("Bob", "Quote", "https://www.linkedin.com/in/bob-quote", "", 'The "Best" Co',
     "SEO Consultant", "09 Jul 2018"),
    ("Carla", "Berlin", "https://www.linkedin.com/in/carla-berlin", "", "Haus GmbH", "Realtor",
     "01 Dec 2021"),
    ("Dan", "Nobody", "https://www.linkedin.com/in/dan-nobody", "", "Numbers LLC", "Accountant",
     HOSTILE["date"]),
    ("", "", "", "", "", "", "04 Mar 2020"),
    (HOSTILE["img"], "Imgson", "https://www.linkedin.com/in/img-son", "", "Web Developer Co",
     "Web Developer", "02 Jan 2022"),
    (HOSTILE["script"], "Scripter", "https://www.linkedin.com/in/scripter", "",
     "Web Developer Co", "Web Developer", "03 Jan 2022"),
    ("Jay", "Vascript", HOSTILE["url"], "", "Web Developer Co", "Web Developer",
     "04 Jan 2022"),
    ("Quincy", "Attr", "https://www.linkedin.com/in/quincy-attr", "",
     "Pixel Web Developer Studio", HOSTILE["attr"], "05 Jan 2022"),
    ("Sven", "Svg", "https://www.linkedin.com/in/sven-svg", "", HOSTILE["svg"],
     "Web Designer", "06 Jan 2022"),
]
REPORT_RULES = rules_toml(
    {"prospect": ["realtor", "real estate", "bakery"],
     "complementary": ["copywriter", "photographer", "seo"],
     "competitor": ["web designer", "web developer", "creatrice de sites web"]},
    name="Brightline <Web> Studio & Co", scope="local", locations=["Texas"])
REPORT_ENRICHMENT = ("LinkedIn URL,Location\n"
                     "https://www.linkedin.com/in/ada-example,\"Austin, Texas, United States\"\n"
                     "https://www.linkedin.com/in/carla-berlin,\"Berlin, Germany\"\n")


def write_report_inputs(folder: Path) -> tuple[Path, Path, Path]:
    """Write the report fixture (Connections.csv, rules.toml, enrichment.csv) into `folder`."""
    export = write_connections(folder / "Connections.csv", REPORT_ROWS, newline="\r\n")
    rules = folder / "rules.toml"
    rules.write_text(REPORT_RULES, encoding="utf-8")
    enrich = folder / "enrichment.csv"
    enrich.write_text(REPORT_ENRICHMENT, encoding="utf-8")
    return export, rules, enrich


@pytest.fixture(scope="session")
def report_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(Connections.csv, rules.toml, enrichment.csv) of the report fixture; read-only."""
    return write_report_inputs(tmp_path_factory.mktemp("report-inputs"))
