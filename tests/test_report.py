"""The HTML report, checked by structure with the stdlib HTML parser; no browser here
(tests/test_browser.py drives the page in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import HOSTILE
from helpers import Page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup import pipeline
from cleanup.model import Changes, History, Result
from cleanup.terms import CHANGE_COLUMNS, TAG_INFO
from cleanup.text import fold_one
from cleanup.writers import report, runsummary
from cleanup.writers.layout import group_labels, group_order

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
    assert [a for a, _ in page.scripts] == [{}, {"type": "application/json", "id": "data"}]
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
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
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
    assert counts[:len(TAG_INFO)] == list(result.counts_by_tag.values())
    for rec, n in result.counts_by_recommendation.items():
        (card,) = page.find("dd", id=f"fig-{rec}")
        assert card["data-count"] == str(n)
    (on_target,) = page.find("dd", id="fig-on-target")
    assert on_target["data-count"] == str(result.counts_by_tag["prospect"]
                                          + result.counts_by_tag["complementary"])


def test_each_tag_has_its_colour_and_pattern_in_the_style_sheet(result: Result) -> None:
    html = report.render(result)
    style = html[html.index("<style>"):html.index("</style>")]
    for i, t in enumerate(TAG_INFO):
        assert f".t{i}{{--c:{t.color}}}" in style
        if t.pattern:  # stripes, dots...: the stacked segments are told apart without colour
            assert f".seg.t{i}, .swatch.t{i} {{ {t.pattern}; }}" in style


def test_years_chart_counts_every_dated_connection(page: Page, result: Result) -> None:
    years = {a["data-year"]: int(a["data-total"] or 0) for t, a in page.elements
             if t == "li" and "data-year" in a}
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
                            as_of=AS_OF, new_history=True)
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


# ---------------------------------------------------------------------------- without script

def section(html: str, section_id: str) -> Page:
    """One <section> of the page (sections do not nest inside a worklist), parsed."""
    start = html.index(f'<section class="worklist" id="{section_id}"') if section_id.startswith(
        "list-") else html.index(f'<section id="{section_id}"')
    return Page(html[start:html.index("</section>", start) + len("</section>")])


class Rows(HTMLParser):
    """Rows of <tbody> as lists of cell texts, and the checklist's people (the children of
    its `people` blocks) as (text, link) pairs."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.items: list[tuple[str, str]] = []
        self.headings: list[tuple[int, str]] = []  # (rows before it, text) of group headings
        self._heading = False
        self._in_body = False
        self._depth = 0  # inside <div class="people">: 1, inside one of its children: 2
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and a.get("class") == "group-head":
            self._heading = True
            self.headings.append((len(self.rows), ""))
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self.rows[-1].append("")
        elif tag == "div" and a.get("class") == "people":
            self._depth = 1
        elif self._depth == 1:
            self._depth = 2
            self.items.append(("", a.get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._heading = False
        if tag == "tbody":
            self._in_body = False
        elif self._depth == 2 and tag in ("a", "span"):
            self._depth = 1
        elif self._depth == 1 and tag == "div":
            self._depth = 0

    def handle_data(self, data: str) -> None:
        if self._heading:
            at, text = self.headings[-1]
            self.headings[-1] = (at, text + data)
        elif self._in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data.strip("\n")
        if self._depth == 2:
            text, link = self.items[-1]
            self.items[-1] = (text + data, link)


def test_first_rows_of_each_list_are_in_the_html(result: Result) -> None:
    html = report.render(result)
    people = result.people
    def rows_of(list_id: str) -> list[list[str]]:
        start = html.index(f'id="{list_id}"')
        return Rows(html[start:html.index("</section>", start)]).rows

    parsed = Rows(html[html.index('id="list-review"'):html.index(
        "</section>", html.index('id="list-review"'))])
    review = parsed.rows
    expected = people[people["recommendation"].eq("review")]
    # Review shows the people who share a reason (or, untagged, a phrase) together, the
    # biggest group first, each group under a heading with its size.
    labels = group_labels(expected)
    order, heading = group_order(labels)
    expected = expected.iloc[order].head(report.PAGE_ROWS)
    assert [r[0] for r in review] == [n or report.HIDDEN_NAME for n in expected["name"]]
    assert [r[5] for r in review] == [reason + (f" phrase: {phrase}" if phrase else "")
                                      for reason, phrase in zip(expected["reason"],
                                                                expected["phrase"],
                                                                strict=True)]
    shown = heading.head(report.PAGE_ROWS).tolist()
    starts = [(k, h) for k, h in enumerate(shown) if k == 0 or h != shown[k - 1]]
    assert parsed.headings == starts and len(starts) >= 2
    sizes = labels.value_counts()
    first = labels.iloc[order[0]]
    assert starts[0][1] == f"{first} — {sizes[first]:,} " + (
        "person" if sizes[first] == 1 else "people")
    assert sizes[first] == sizes.max()
    everyone = rows_of("list-all")
    assert [r[0] for r in everyone] == [n or report.HIDDEN_NAME for n in people["name"]]
    assert everyone[0][7] == "2024-03-05" and everyone[5][7] == ""  # the unreadable date


def test_only_the_first_page_of_a_long_list_is_in_the_html(result: Result) -> None:
    people = pd.concat([result.people] * 4, ignore_index=True)
    big = replace(result, people=people)
    assert len(report.first_rows(big)) == report.PAGE_ROWS
    remove = people[people["recommendation"].eq("remove")]
    order, _ = group_order(group_labels(remove))
    assert [r.name for r in report.first_rows(big, "remove")] == remove["name"].iloc[
        order].tolist()[:report.PAGE_ROWS]


def test_the_whole_remove_list_is_in_the_html_with_vetted_links(result: Result) -> None:
    html = report.render(result)
    start = html.index('<div class="checklist" id="remove-print">')
    items = Rows(html[start:html.index("</section>", start)]).items
    remove = result.people[result.people["recommendation"].eq("remove")]
    assert sorted(items) == sorted(zip(remove["name"], remove["link"], strict=True))
    assert ("Jay Vascript", "") in items  # a javascript: URL never becomes a link
    assert all(link == "" or link.startswith(PROFILE) for _, link in items)
    groups = report.remove_checklist(result)
    assert [g.tag for g in groups] == sorted((g.tag for g in groups), key=report.TAGS.index)
    for g in groups:  # A to Z in a group
        assert [n for n, _ in g.people] == sorted((n for n, _ in g.people),
                                                  key=lambda n: (fold_one(n), n))


def test_controls_that_need_the_script_are_marked(page: Page) -> None:
    marked = [a.get("class", "") or "" for t, a in page.elements]
    for needs in ("controls", "status", "more", "progress"):
        assert any(needs in c.split() and "needs-js" in c.split() for c in marked), needs
    assert not any("controls" in c.split() and "needs-js" not in c.split() for c in marked)
    css = "".join(page.styles)
    assert "html:not(.js) .needs-js { display: none !important; }" in css
    assert 'document.documentElement.classList.add("js")' in report.inline_script("report.js")[0]


def test_data_island_dates_add_up_to_the_connection_dates(page: Page, result: Result) -> None:
    deltas = page.column("connected")
    total = 0
    days: list[int | None] = []
    for d in deltas:
        if d is None:
            days.append(None)
        else:
            total += d
            days.append(total)
    epoch = pd.Timestamp("1970-01-01")
    assert days == [None if pd.isna(c) else (c - epoch).days for c in result.people["connected"]]


# ---------------------------------------------------------------------------- next steps

def history_frame(*lines: tuple[str, dict[str, int]]) -> pd.DataFrame:
    columns = ["Connections", *report.TAGS, *report.RECOMMENDATIONS]
    return pd.DataFrame([{"As Of": d, **{c: counts.get(c, 0) for c in columns}}
                         for d, counts in lines])


def test_next_steps_say_what_to_do_and_what_changed(result: Result) -> None:
    counts = result.counts_by_recommendation
    history = History(frame=history_frame(
        ("2026-09-25", {"keep": 1, "remove": 1, "review": 1}),
        ("2026-10-25", {"keep": counts["keep"] - 2, "remove": counts["remove"] + 3,
                        "review": counts["review"]}),
        ("2026-11-25", counts)))
    html = report.render(replace(result, history=history))
    panel = section(html, "next")
    text = " ".join(panel.all_text().split())
    assert f"Remove {counts['remove']} connections." in text
    assert f"Review {counts['review']} connections." in text
    assert "You have not decided any connection yet" in text
    assert "Or answer question by question. linkedin-cleanup decide" in text
    deltas = {a["data-delta"] for t, a in panel.elements if t == "dd" and "data-delta" in a}
    assert deltas == {"2", "-3", "0"}
    assert "+2 since 2026-10-25" in text and "\u22123 since 2026-10-25" in text
    assert "0 since 2026-10-25" in text
    links = [a["href"] for t, a in panel.elements if t == "a"]
    assert {"#list-remove", "#list-review", "#list-all"} <= set(links)
    assert [a.get("data-state") for t, a in panel.elements
            if t == "a" and a["href"] == "#list-all"] == ["rec=keep"]


def test_next_steps_count_decisions_and_changes(result: Result) -> None:
    decided = result.decisions.frame.copy()
    decided.loc[decided.index[:3], "decision"] = ["keep", "remove", "keep"]
    frame = pd.DataFrame([{c: "" for c in CHANGE_COLUMNS} | {"change": k}
                          for k in ("new connection", "gone", "gone")])
    changes = Changes(since=date(2026, 10, 25), source="test", removals_confirmed=1,
                      frame=frame)
    html = report.render(replace(result, decisions=replace(result.decisions, frame=decided),
                                 changes=changes))
    text = " ".join(section(html, "next").all_text().split())
    assert "You have already decided 3 connections (2 keep, 1 remove)" in text
    assert ("Since the run of 2026-10-25: 1 new connection, 2 gone (1 of them removed as you "
            "decided). See the changes.") in text


def test_a_local_business_without_any_location_is_told_so(
        report_inputs: tuple[Path, Path, Path], result: Result, tmp_path: Path) -> None:
    note = ("No location is known: LinkedIn's export has none; add enrichment files with a "
            "Location column to use the location rule.")
    assert note not in report.render(result)  # the enrichment file places two people
    export, rules, _ = report_inputs
    bare = pipeline.analyse(export, rules, as_of=AS_OF)
    assert bare.rules.scope == "local" and bare.location_unknown
    assert note in " ".join(section(report.render(bare), "next").all_text().split())
    text = rules.read_text(encoding="utf-8")
    assert 'scope = "local"' in text
    worldwide = tmp_path / "rules.toml"
    worldwide.write_text(text.replace('scope = "local"', 'scope = "international"'),
                         encoding="utf-8")
    international = pipeline.analyse(export, worldwide, as_of=AS_OF)
    assert not international.location_unknown
    assert note not in report.render(international)


# ---------------------------------------------------------------------------- words

def test_numbers_and_nouns_agree() -> None:
    assert runsummary.counted(1, "connection") == "1 connection"
    assert runsummary.counted(2000, "connection") == "2,000 connections"
    assert runsummary.counted(0, "connection has", "connections have") == "0 connections have"
    assert runsummary.signed(12) == "+12" and runsummary.signed(-1234) == "\u22121,234"


def test_headings_write_their_counts_the_same_way(result: Result) -> None:
    html = report.render(result)
    counts = re.findall(r'<span class="count" data-count="(\d+)">([^<]*)</span>', html)
    assert len(counts) >= 3
    for n, shown in counts:
        assert shown == f"({int(n):,})"
    assert html.count('class="count"') == len(counts)


def test_storage_key_names_the_month_and_the_business(result: Result) -> None:
    key = report.storage_key(result)
    assert re.fullmatch(r"linkedin-cleanup:2026-11-25:[0-9a-f]{16}", key)
    assert f'data-store="{key}"' in report.render(result)
    people = result.people.copy()
    people.loc[people.index[0], "name"] = "Someone Else"  # a re-run that changed something
    assert report.storage_key(replace(result, people=people)) == key


