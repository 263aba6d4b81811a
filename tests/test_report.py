"""The HTML report, checked by structure with the stdlib HTML parser; no browser here
(tests/test_browser.py drives the page in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import HOSTILE
from helpers import Page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup import pipeline
from cleanup.model import Result
from cleanup.write import report

AS_OF = date(2026, 11, 25)
PROFILE = report.PROFILE_PREFIX


def analyse(inputs: tuple[Path, Path, Path], *, show_emails: bool = False) -> Result:
    export, rules, enrich = inputs
    return pipeline.analyse(export, rules, enrich=[enrich], as_of=AS_OF,
                            show_emails=show_emails)


@pytest.fixture(scope="module")
def result(report_inputs: tuple[Path, Path, Path]) -> Result:
    return analyse(report_inputs)


@pytest.fixture(scope="module")
def page(result: Result) -> Page:
    return Page(report.render(result))


# ---------------------------------------------------------------------------- self-contained

def test_report_loads_nothing_from_anywhere(page: Page) -> None:
    for tag, attrs in page.elements:
        assert "src" not in attrs, (tag, attrs)
        assert tag not in ("img", "iframe", "object", "embed", "frame", "base", "form"), tag
        if tag == "link":
            assert attrs == {"rel": "icon", "href": "data:,"}  # stops the favicon request
        href = attrs.get("href")
        if href is not None and tag != "link":
            assert tag == "a" and (href.startswith("#") or href.startswith(PROFILE)), href
    for css in page.styles:
        assert "url(" not in css and "@import" not in css


def test_report_links_only_to_linkedin_profiles(result: Result) -> None:
    html = report.render(result)
    assert "http://" not in html
    for m in re.finditer("https://", html):
        assert html[m.start():].startswith(PROFILE), html[m.start() - 40:m.start() + 60]


def test_csp_allows_only_the_packaged_script(page: Page) -> None:
    (csp,) = page.find("meta", http_equiv="Content-Security-Policy")
    policy = dict(part.strip().split(" ", 1) for part in (csp["content"] or "").split(";"))
    assert policy["default-src"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"]
    (script,) = [text for attrs, text in page.scripts if not attrs]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert policy["script-src"] == f"'sha256-{digest}'"


def test_report_has_no_inline_event_handlers(page: Page) -> None:
    for tag, attrs in page.elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)


# ---------------------------------------------------------------------------- escaping

def test_hostile_text_never_becomes_markup(page: Page, result: Result) -> None:
    tags = [t for t, _ in page.elements]
    assert "img" not in tags
    assert all(attrs.get("onload") is None for t, attrs in page.elements if t == "svg")
    # The data island and the packaged script: nothing else, none with a src.
    assert [a for a, _ in page.scripts] == [{"type": "application/json", "id": "data"}, {}]
    # Server-rendered text from the export and the rules arrives as text.
    text = page.all_text()
    assert "Brightline <Web> Studio & Co" in text
    assert HOSTILE["date"] in text  # in the note about the unreadable date


def test_hostile_text_round_trips_through_the_data_island(page: Page, result: Result) -> None:
    names = page.column("name")
    assert names == result.people["name"].tolist()
    assert f"{HOSTILE['img']} Imgson" in names
    assert f"{HOSTILE['script']} Scripter" in names
    assert HOSTILE["attr"] in page.column("position")
    assert HOSTILE["svg"] in page.column("company")


def test_data_island_escapes_angle_brackets_and_ampersands(result: Result) -> None:
    island = report.data_island(result)
    assert not set("<>&") & set(island)
    assert "\\u003c/script\\u003e" in island


def test_profile_link_is_only_a_vetted_slug(page: Page, result: Result) -> None:
    slugs = page.column("slug")
    links = result.people["link"].tolist()
    assert slugs == [link.removeprefix(PROFILE) for link in links]
    javascript_row = result.people["name"].tolist().index("Jay Vascript")
    assert slugs[javascript_row] == ""


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=40), position=st.text(max_size=40))
def test_any_text_stays_text(result: Result, page: Page, name: str, position: str) -> None:
    people = result.people.copy()
    people.loc[people.index[0], "name"] = name
    people.loc[people.index[1], "position"] = position
    hostile = Page(report.render(replace(result, people=people)))
    assert [t for t, _ in hostile.elements] == [t for t, _ in page.elements]
    assert hostile.column("name")[0] == name
    assert hostile.column("position")[1] == position


# ---------------------------------------------------------------------------- content

def test_data_island_has_one_row_per_connection(page: Page, result: Result) -> None:
    data = page.data
    assert list(data["columns"]) == data["fields"] == list(report.FIELDS)
    assert {len(values) for values in data["columns"].values()} == {len(result.people)}
    assert len(result.people) == 12
    assert page.column("tag") == result.people["tag"].tolist()
    assert page.column("rec") == result.people["recommendation"].tolist()
    assert page.column("reason") == result.people["reason"].tolist()
    assert page.column("location")[0] == "Austin, Texas, United States"
    assert page.column("connected")[0] == (date(2024, 3, 5) - date(1970, 1, 1)).days
    assert page.column("connected")[5] is None  # the unreadable date


def test_summary_counts_per_tag_and_recommendation(page: Page, result: Result) -> None:
    assert [a["data-tag"] for a in page.find("tr") if "data-tag" in a] == list(report.TAGS)
    counts = [int(a["data-count"] or 0) for t, a in page.elements
              if t == "td" and "data-count" in a]
    assert counts[:5] == list(result.counts_by_tag.values())
    for rec, n in result.counts_by_recommendation.items():
        (card,) = page.find("dd", id=f"fig-{rec}")
        assert card["data-count"] == str(n)
    (on_target,) = page.find("dd", id="fig-on-target")
    assert on_target["data-count"] == str(result.counts_by_tag["prospect"]
                                          + result.counts_by_tag["complementary"])


def test_years_chart_counts_every_dated_connection(page: Page, result: Result) -> None:
    years = {a["data-year"]: int(a["data-total"] or 0) for t, a in page.elements
             if t == "g" and "data-year" in a}
    dated = result.people["connected"].dropna().dt.year
    assert sum(years.values()) == len(dated) == 11
    assert list(years) == [str(y) for y in range(dated.min(), dated.max() + 1)]


def test_report_names_its_inputs_without_folders(page: Page, result: Result) -> None:
    text = page.all_text()
    for src in result.inputs:
        assert src.sha256 in text
    assert "Connections.csv" in text and "enrichment.csv" in text
    assert str(result.inputs[0].label) not in text  # the absolute path is not shown
    assert result.rules.sha256 in text


def test_emails_are_left_out_by_default(result: Result) -> None:
    assert "jose@example.com" not in report.render(result)


def test_emails_are_shown_with_show_emails(report_inputs: tuple[Path, Path, Path]) -> None:
    html = report.render(analyse(report_inputs, show_emails=True))
    page = Page(html)
    assert "jose@example.com" in html
    assert "email" in page.data["fields"]
    assert page.column("email")[1] == "jose@example.com"
    assert page.find("button", type="button", data_sort="email")


# ---------------------------------------------------------------------------- deterministic

def test_two_renders_are_byte_identical(report_inputs: tuple[Path, Path, Path]) -> None:
    assert report.render(analyse(report_inputs)) == report.render(analyse(report_inputs))


def test_runs_in_different_folders_write_identical_reports(
        report_inputs: tuple[Path, Path, Path], tmp_path: Path) -> None:
    written = []
    for name in ("first", "second-place"):
        folder = tmp_path / name
        folder.mkdir()
        copies = [Path(shutil.copy(p, folder / p.name)) for p in report_inputs]
        done = pipeline.run(copies[0], copies[1], folder / "out", enrich=[copies[2]],
                            as_of=AS_OF)
        written.append(done.paths["html"].read_bytes())
    assert written[0] == written[1]
    assert str(tmp_path).encode() not in written[0]


@pytest.mark.parametrize(("label", "shown"), [
    ("/tmp/x/Connections.csv", "Connections.csv"),
    ("Connections.csv in /tmp/x/Basic_LinkedInDataExport_11-25-2026.zip",
     "Connections.csv in Basic_LinkedInDataExport_11-25-2026.zip"),
    ("C:\\Users\\me\\enrich.csv", "enrich.csv"),
    ("exports/Connections.csv", "Connections.csv"),
    ("../exports/enrich.csv: 3 of 9 rows match no connection",
     "enrich.csv: 3 of 9 rows match no connection"),
    ("Connections.csv in sample_data/Basic_LinkedInDataExport_11-25-2026",
     "Connections.csv in Basic_LinkedInDataExport_11-25-2026"),
    ("line 7: '<b>soon</b>'", "line 7: '<b>soon</b>'"),
    ("'3/5/18, 9:07 AM' on line 4", "'3/5/18, 9:07 AM' on line 4"),
    ("first on line 4: '3/5/18, 9:07 AM'", "first on line 4: '3/5/18, 9:07 AM'"),
])
def test_display_label_drops_the_folders_of_paths_only(label: str, shown: str) -> None:
    assert report.display_label(label) == shown


def test_templates_are_autoescaped() -> None:
    env = report.environment()
    assert env.autoescape is True
    assert str(env.from_string("{{ x }}").render(x="<b>")) == "&lt;b&gt;"
