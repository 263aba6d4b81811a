"""The HTML report driven in a real headless Chromium: figures, next steps, search, filters and
their URL fragment, sorting, done ticks, the page without JavaScript, on a phone and on
paper, hostile text, and no network.

Chromium is found via $CHROMIUM, /usr/bin/chromium, or chromium / chromium-browser on PATH.
Without one the tests are skipped, or fail when $CI is set. One browser serves the module.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import HOSTILE
from helpers import require_program
from openpyxl import load_workbook

from cleanup import pipeline
from cleanup.model import Result
from cleanup.terms import TAGS
from cleanup.writers.layout import group_labels, group_order
from cleanup.writers.report import HIDDEN_NAME, PAGE_ROWS, PROFILE_PREFIX

AS_OF = date(2026, 11, 25)
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic"]
HIDDEN = HIDDEN_NAME

pytestmark = pytest.mark.browser


def find_chromium() -> str | None:
    """Chromium from $CHROMIUM, Debian's /usr/bin/chromium, or PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = require_program(find_chromium(), "no Chromium found: set CHROMIUM=/path/to/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def run(report_inputs: tuple[Path, Path, Path],
        tmp_path_factory: pytest.TempPathFactory) -> Result:
    export, rules, enrich = report_inputs
    return pipeline.run(export, rules, tmp_path_factory.mktemp("report-run"),
                        enrich=[enrich], as_of=AS_OF)


@dataclass
class Watched:
    """A page and everything it did that a report must never do."""

    page: Any
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self, url: str) -> None:
        assert self.dialogs == []
        assert self.errors == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert [r for r in self.requests if r != url and not r.startswith("data:")] == []


def open_report(browser: Any, html: Path, *, width: int = 1280, javascript: bool = True,
                context: Any = None) -> Watched:
    """The report in a new page (in its own browser context unless `context` is given)."""
    if context is None:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      java_script_enabled=javascript)
    page = context.new_page()
    w = Watched(page)
    page.on("request", lambda r: w.requests.append(r.url))

    def dialog(d: Any) -> None:  # a payload that ran would open one
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    page.goto(html.as_uri())
    return w


@pytest.fixture(scope="module")
def second_run(report_inputs: tuple[Path, Path, Path],
               tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The fixture's report a month after a first run in the same folder: with the +/- on
    the cards, the changes and the trend."""
    export, rules, enrich = report_inputs
    out = tmp_path_factory.mktemp("second-run")
    # The same network as `run`'s, in a folder of its own: its own state folder too, or the
    # run would point at `run`'s folder as where this network's history lives.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LINKEDIN_CLEANUP_STATE", str(tmp_path_factory.mktemp("second-run-state")))
        pipeline.run(export, rules, out, enrich=[enrich], as_of=date(2026, 10, 25))
        return pipeline.run(export, rules, out, enrich=[enrich], as_of=AS_OF)


@pytest.fixture
def report_page(browser: Any, run: Result) -> Iterator[Watched]:
    w = open_report(browser, run.paths["html"])
    yield w
    w.page.context.close()


def names(page: Any, list_id: str) -> list[str]:
    """The names in the visible rows of a worklist, top to bottom."""
    return page.eval_on_selector_all(f"#{list_id} tbody tr td.c-name",
                                     "cells => cells.map(c => c.textContent)")


def names_once(page: Any, list_id: str, count: int) -> list[str]:
    """`names`, once the list shows `count` rows: a link that changes the page's address
    filters the list on the next hashchange event, a moment after the click returns."""
    page.wait_for_function("([id, n]) => document.querySelectorAll("
                           "`#${id} tbody tr td.c-name`).length === n", arg=[list_id, count])
    return names(page, list_id)


def fold(text: str) -> str:
    """The page's sort and search folding: no accents, lower case."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def shown_name(name: str) -> str:
    return name or HIDDEN


def of_rec(run: Result, rec: str) -> list[str]:
    people = run.people
    return [shown_name(n) for n in people.loc[people["recommendation"].eq(rec), "name"]]


# ---------------------------------------------------------------------------- figures

def test_summary_figures_match_the_workbook(report_page: Watched, run: Result) -> None:
    page = report_page.page
    book = load_workbook(run.paths["xlsx"], read_only=True)
    sheet = book["Connections"].iter_rows(values_only=True)
    header = list(next(sheet))
    tags = Counter(row[header.index("Tag")] for row in sheet)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)
               if row and row[0] in TAGS}
    sizes = {name: book[name].max_row - 1 for name in ("Remove", "Review")}
    book.close()

    shown = dict(page.eval_on_selector_all(
        "#tag-counts tbody tr", "rows => rows.map(r => [r.dataset.tag, "
        "Number(r.querySelector('td').textContent.replace(/,/g, ''))])"))
    assert shown == {t: tags.get(t, 0) for t in TAGS} == summary
    assert page.text_content("#fig-total") == str(sum(tags.values()))
    for rec, n in sizes.items():
        assert page.text_content(f"#fig-{rec.lower()}") == str(n)
        assert page.text_content(f"#list-{rec.lower()} h3 .count") == f"({n})"
        assert len(names(page, f"list-{rec.lower()}")) == n
    chart = dict(page.eval_on_selector_all(
        "#chart-tags li[data-key]", "lis => lis.map(li => [li.dataset.key, "
        "Number(li.querySelector('.bar-value').dataset.count)])"))
    assert chart == shown
    report_page.assert_clean(run.paths["html"].as_uri())


def test_next_steps_cards_open_their_lists(report_page: Watched, run: Result) -> None:
    page = report_page.page
    counts = run.counts_by_recommendation
    steps = page.text_content("#next .steps")
    assert f"Remove {counts['remove']} connections." in steps
    assert f"Review {counts['review']} connections." in steps
    assert "first run in this folder" in steps  # no previous run: no +/- either
    assert page.eval_on_selector_all("#next .delta", "ds => ds.length") == 0
    page.click("#fig-remove >> xpath=.. >> a")
    assert page.evaluate("location.hash") == "#list-remove"
    page.click("text=Keep >> nth=0")
    assert page.evaluate("location.hash") == "#list-all?rec=keep"
    kept = of_rec(run, "keep")
    assert names_once(page, "list-all", len(kept)) == kept
    assert page.input_value("#list-all select[name=rec]") == "0"
    report_page.assert_clean(run.paths["html"].as_uri())


# ---------------------------------------------------------------------------- worklists

def test_search_and_filters_change_the_visible_rows(report_page: Watched, run: Result) -> None:
    page = report_page.page
    people = run.people
    everyone = [shown_name(n) for n in people["name"]]
    assert names(page, "list-all") == everyone

    page.fill("#list-all input[name=q]", "realtor")
    assert sorted(names(page, "list-all")) == ["Ada Example", "Carla Berlin"]
    page.fill("#list-all input[name=q]", "CREATRICE")  # case and accents do not matter
    assert names(page, "list-all") == ["José Müller"]
    page.fill("#list-all input[name=q]", "mul immob")  # every word must match somewhere
    assert names(page, "list-all") == ["José Müller"]
    page.fill("#list-all input[name=q]", "no such person")
    assert names(page, "list-all") == []
    assert page.text_content("#list-all .status") == "No connection matches."
    page.fill("#list-all input[name=q]", "")

    competitors = [shown_name(n) for n in people.loc[people["tag"].eq("competitor"), "name"]]
    page.select_option("#list-all select[name=tag]", label="competitor (6)")
    assert names(page, "list-all") == competitors
    page.select_option("#list-all select[name=tag]", value="")
    page.select_option("#list-all select[name=rec]", label="review (2)")
    assert names(page, "list-all") == ["Dan Nobody", HIDDEN]

    page.select_option("#list-remove select[name=tag]", label="off-target location (1)")
    assert names(page, "list-remove") == ["Carla Berlin"]
    assert page.text_content("#list-remove .status") == "1 of 7 match."
    page.select_option("#list-remove select[name=tag]", value="")
    page.fill("#list-remove input[name=q]", "berlin")  # the location is searched too
    assert names(page, "list-remove") == ["Carla Berlin"]
    report_page.assert_clean(run.paths["html"].as_uri())


def options(page: Any, select: str) -> list[str]:
    return page.eval_on_selector_all(f"{select} option", "os => os.map(o => o.textContent)")


def test_filter_counts_follow_the_other_filters(report_page: Watched, run: Result) -> None:
    page = report_page.page
    people = run.people
    tag_menu, rec_menu = "#list-all select[name=tag]", "#list-all select[name=rec]"
    every = Counter(people["tag"])
    assert options(page, tag_menu) == ["all tags"] + [f"{t} ({every[t]})" for t in TAGS]
    page.select_option(rec_menu, label=f"remove ({(people['recommendation'] == 'remove').sum()})")
    removed = Counter(people.loc[people["recommendation"].eq("remove"), "tag"])
    assert options(page, tag_menu) == ["all tags"] + [f"{t} ({removed[t]})" for t in TAGS]
    page.select_option(tag_menu, value=str(TAGS.index("competitor")))
    competitors = Counter(people.loc[people["tag"].eq("competitor"), "recommendation"])
    assert options(page, rec_menu) == ["all"] + [
        f"{r} ({competitors[r]})" for r in ("keep", "remove", "review")]
    page.fill("#list-all input[name=q]", "scripter")  # the search narrows the counts too
    assert options(page, rec_menu) == ["all", "keep (0)", "remove (1)", "review (0)"]
    report_page.assert_clean(run.paths["html"].as_uri())


def test_the_url_fragment_keeps_search_filters_and_sort(browser: Any, run: Result) -> None:
    watched = open_report(browser, run.paths["html"])
    page = watched.page
    try:
        page.select_option("#list-all select[name=rec]", value="1")  # remove
        page.select_option("#list-all select[name=tag]", value=str(TAGS.index("competitor")))
        page.fill("#list-all input[name=q]", "web co")
        page.click("#list-all button[data-sort=name]")
        page.click("#list-all button[data-sort=name]")
        shown = names(page, "list-all")
        assert page.evaluate("location.hash") == (
            "#list-all?q=web%20co&tag=competitor&rec=remove&sort=-name")
        page.fill("#list-all input[name=q]", "web c")  # typing: the address follows a moment later
        page.wait_for_function("() => location.hash.includes('q=web%20c&')")
        page.fill("#list-all input[name=q]", "web co")
        page.wait_for_function("() => location.hash.includes('q=web%20co&')")
        assert len(shown) >= 2 and shown == sorted(shown, key=fold, reverse=True)
        page.reload()
        assert names(page, "list-all") == shown
        assert page.input_value("#list-all input[name=q]") == "web co"
        assert page.get_attribute("#list-all th:has(button[data-sort=name])",
                                  "aria-sort") == "descending"
        # A teammate opens the link in a fresh browser: the same rows.
        other = open_report(browser, run.paths["html"])
        other.page.goto(run.paths["html"].as_uri() + "#list-review?tag=unknown")
        review = run.people[run.people["recommendation"].eq("review")]
        review = review.iloc[group_order(group_labels(review))[0]]  # the list's own order
        assert names(other.page, "list-review") == [
            shown_name(n) for n in review.loc[review["tag"].eq("unknown"), "name"]]
        assert other.page.input_value("#list-review select[name=tag]") == str(
            TAGS.index("unknown"))
        other.page.context.close()
        watched.assert_clean(run.paths["html"].as_uri())  # requests carry no fragment
    finally:
        page.context.close()


def test_sorting_orders_rows_by_the_clicked_column(report_page: Watched, run: Result) -> None:
    page = report_page.page
    people = run.people
    named = sorted((n for n in people["name"] if n), key=lambda n: (fold(n), n))
    header = "#list-all th:has(button[data-sort=name])"

    page.click(f"{header} button")
    assert names(page, "list-all") == named + [HIDDEN]  # no name sorts last either way
    assert page.get_attribute(header, "aria-sort") == "ascending"
    page.click(f"{header} button")
    assert names(page, "list-all") == named[::-1] + [HIDDEN]
    assert page.get_attribute(header, "aria-sort") == "descending"

    page.click("#list-all button[data-sort=connected]")
    dates = page.eval_on_selector_all("#list-all tbody tr td.c-connected",
                                      "cells => cells.map(c => c.textContent)")
    known = people["connected"].dropna().sort_values().dt.strftime("%Y-%m-%d").tolist()
    assert dates == known + [""]  # the unreadable date last
    assert page.get_attribute(header, "aria-sort") == "none"

    page.click("#list-all button[data-sort=tag]")
    tags = page.eval_on_selector_all("#list-all tbody tr td.c-tag",
                                     "cells => cells.map(c => c.textContent)")
    assert tags == sorted(people["tag"], key=TAGS.index)  # the tool's order, not A to Z
    report_page.assert_clean(run.paths["html"].as_uri())


def write_export(path: Path, n: int, jobs: tuple[str, ...] = ("Web Developer",)) -> Path:
    """A synthetic Connections.csv of `n` people named `Person 0000`..., jobs in turn."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Company", "Position", "Connected On"])
    w.writerows([("Person", f"{i:04}", f"https://www.linkedin.com/in/person-{i:04}",
                  "Pixel Co", jobs[i % len(jobs)], "05 Mar 2024") for i in range(n)])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_show_more_pages_through_a_long_list(browser: Any, tmp_path: Path,
                                            report_inputs: tuple[Path, Path, Path]) -> None:
    n = 2 * PAGE_ROWS + 30
    export = write_export(tmp_path / "Connections.csv", n)
    result = pipeline.run(export, report_inputs[1], tmp_path / "out", as_of=AS_OF)
    watched = open_report(browser, result.paths["html"])
    page = watched.page
    try:
        assert len(names(page, "list-remove")) == PAGE_ROWS
        assert page.text_content("#list-remove .status") == f"Showing {PAGE_ROWS} of {n}."
        # Counted in the same task as the click: scrolling may load more right after.
        after_click = page.eval_on_selector("#list-remove .more button", """button => {
            button.click();
            return document.querySelectorAll("#list-remove tbody tr:not(.group-head)").length;
        }""")
        assert after_click == 2 * PAGE_ROWS
        # Scrolling to the end of the box brings the rest without a click.
        page.eval_on_selector("#list-remove .box", "box => box.scrollIntoView()")
        page.eval_on_selector("#list-remove .box", "box => { box.scrollTop = box.scrollHeight; }")
        page.wait_for_function("n => document.querySelectorAll("
                               "'#list-remove tbody tr:not(.group-head)').length === n", arg=n)
        assert names(page, "list-remove") == [f"Person {i:04}" for i in range(n)]
        assert page.is_hidden("#list-remove .more")
        assert page.text_content("#list-remove .status") == f"Showing all {n}."
        watched.assert_clean(result.paths["html"].as_uri())
    finally:
        page.context.close()


# ---------------------------------------------------------------------------- done ticks

def test_done_ticks_persist_and_open_next_ticks_the_next_row(browser: Any, run: Result,
                                                             tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened: list[str] = []
    # The profiles "open" without the network: every LinkedIn request gets an empty page.

    def profile(route: Any) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, body="", content_type="text/html")

    context.route("https://www.linkedin.com/**", profile)
    watched = open_report(browser, run.paths["html"], context=context)
    page = watched.page
    people = run.people
    removes = people[people["recommendation"].eq("remove")]
    removes = removes.iloc[group_order(group_labels(removes))[0]]  # the list's own order
    links = [link for link in removes["link"] if link]
    linked = [k for k, link in enumerate(removes["link"]) if link]  # rows with a profile
    total = len(removes)
    try:
        assert page.text_content("#remove-progress .done-count") == f"0 of {total} done"
        with page.expect_popup() as popup:
            page.click("#remove-progress .open-next")
        assert popup.value.url == links[0]
        popup.value.close()
        boxes = "#list-remove tbody td.c-done input"
        ticked = page.eval_on_selector_all(boxes, "bs => bs.map(b => b.checked)")
        assert [ticked[k] for k in linked[:2]] == [True, False]
        assert page.text_content("#remove-progress .done-count") == f"1 of {total} done"
        page.locator(boxes).nth(linked[2]).check()  # by hand
        # The browser stores the ticks a moment after the page wrote them: wait until another
        # page of the same report sees them (as a reader's next visit would), then reload.
        other = context.new_page()
        other.goto(run.paths["html"].as_uri())
        other.wait_for_function("() => (JSON.parse(localStorage.getItem("
                                "document.body.dataset.store)) || []).length === 2")
        other.close()
        page.reload()
        ticked = page.eval_on_selector_all(boxes, "bs => bs.map(b => b.checked)")
        assert [ticked[k] for k in linked[:3]] == [True, False, True]
        assert page.text_content("#remove-progress .done-count") == f"2 of {total} done"
        with page.expect_popup() as popup:
            page.click("#remove-progress .open-next")
        assert popup.value.url == links[1]  # the next without a tick
        popup.value.close()
        assert page.text_content("#remove-progress .done-count") == f"3 of {total} done"
        assert "Next month’s run confirms each removal" in page.text_content("#remove-progress")
        page.pdf(path=str(tmp_path / "ticked.pdf"))  # printing shows the ticks made so far
        assert page.eval_on_selector_all("#remove-print .people > .done", "d => d.length") == 3
        # The ticks are this month's alone: one key, holding who was ticked.
        stored = page.evaluate("Object.entries(localStorage)")
        assert len(stored) == 1 and stored[0][0].startswith("linkedin-cleanup:2026-11-25:")
        assert opened == links[:2]
        page.click("#remove-progress .clear-done")  # asks first
        assert page.text_content("#remove-progress .clear-done") == "Clear all 3 ticks?"
        assert page.text_content("#remove-progress .done-count") == f"3 of {total} done"
        page.click("#remove-progress .clear-done")
        assert page.text_content("#remove-progress .done-count") == f"0 of {total} done"
        assert page.evaluate("localStorage.length") == 0
        watched.assert_clean(run.paths["html"].as_uri())
    finally:
        context.close()


# ---------------------------------------------------------------------------- no script

def test_done_ticks_survive_a_same_month_rerun_that_changes_the_list(
        browser: Any, report_inputs: tuple[Path, Path, Path], tmp_path: Path) -> None:
    export, rules, enrich = report_inputs
    out = tmp_path / "out"
    first = pipeline.run(export, rules, out, enrich=[enrich], as_of=AS_OF)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(first.paths["html"].as_uri())
        boxes = page.locator("#list-remove tbody td.c-done input")  # group headings have none
        for n in (0, 1, 2):
            boxes.nth(n).check()
        ticked = page.eval_on_selector_all("#list-remove tbody tr.done td.c-name",
                                           "cells => cells.map(c => c.textContent)")
        assert len(ticked) == 3
        page.wait_for_function("() => (JSON.parse(localStorage.getItem("
                               "document.body.dataset.store)) || []).length === 3")
        # The same month again, after deciding to keep the second person ticked: the page
        # is new (other data, another order), the ticks stay with the people.
        wb = load_workbook(first.paths["xlsx"])
        ws = wb["Remove"]
        header = [c.value for c in ws[1]]
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, header.index("Name") + 1).value == ticked[1]:
                ws.cell(r, header.index("Decision") + 1).value = "keep"
        wb.save(first.paths["xlsx"])
        second = pipeline.run(export, rules, out, enrich=[enrich], as_of=AS_OF)
        page.goto(second.paths["html"].as_uri())
        page.reload()
        still = page.eval_on_selector_all("#list-remove tbody tr.done td.c-name",
                                          "cells => cells.map(c => c.textContent)")
        assert sorted(still) == sorted([ticked[0], ticked[2]])
    finally:
        context.close()


def test_without_javascript_the_lists_are_in_the_page(browser: Any, tmp_path: Path,
                                                      report_inputs: tuple[Path, Path, Path]
                                                      ) -> None:
    n = PAGE_ROWS + 9
    export = write_export(tmp_path / "Connections.csv", n, ("Web Developer", "Accountant"))
    result = pipeline.run(export, report_inputs[1], tmp_path / "out", as_of=AS_OF)
    watched = open_report(browser, result.paths["html"], javascript=False)
    page = watched.page
    try:
        assert page.evaluate("document.documentElement.className") == ""  # nothing ran
        people = result.people
        review = [n for n in people.loc[people["recommendation"].eq("review"), "name"]]
        assert names(page, "list-review") == review[:PAGE_ROWS]
        assert names(page, "list-all") == people["name"].tolist()[:PAGE_ROWS]
        assert page.is_visible("#list-all tbody tr:first-child td.c-reason")
        # The whole Remove list, each name a link to the profile.
        printed = page.eval_on_selector_all("#remove-print .people a", "as => as.map(a => "
                                            "[a.textContent, a.getAttribute('href')])")
        removes = people[people["recommendation"].eq("remove")]
        assert sorted(map(tuple, printed)) == sorted(zip(removes["name"], removes["link"],
                                                         strict=True))
        assert page.is_visible("#remove-print")
        for control in (".controls", ".status", "#remove-progress", "#list-remove .box",
                        ".more"):
            assert page.eval_on_selector_all(
                control, "els => els.every(e => e.offsetParent === null)"), control
        assert page.is_visible("#worklists .no-js-only")
        watched.assert_clean(result.paths["html"].as_uri())
    finally:
        page.context.close()


def test_the_review_list_groups_people_by_reason_with_or_without_script(browser: Any,
                                                                         run: Result) -> None:
    shown = {}
    for javascript in (True, False):
        watched = open_report(browser, run.paths["html"], javascript=javascript)
        try:
            shown[javascript] = names(watched.page, "list-review")
            phrases = watched.page.eval_on_selector_all(
                "#list-review tbody td.c-reason", "tds => tds.map(td => "
                "(td.querySelector('.phrase') || {textContent: ''}).textContent)")
            shown[(javascript, "phrase")] = phrases
        finally:
            watched.page.context.close()
    assert shown[True] == shown[False]  # the script keeps the order the page was written in
    assert shown[(True, "phrase")] == shown[(False, "phrase")]
    people = run.people[run.people["recommendation"].eq("review")]
    order, heading = group_order(group_labels(people))
    assert shown[True][:5] == [n or "(hidden by LinkedIn)" for n in people["name"].iloc[
        order].head(5)]
    for javascript in (True, False):
        watched = open_report(browser, run.paths["html"], javascript=javascript)
        try:
            headings = watched.page.eval_on_selector_all(
                "#list-review tbody tr.group-head th", "ths => ths.map(th => th.textContent)")
        finally:
            watched.page.context.close()
        assert headings[0] == heading.iloc[0]


# ---------------------------------------------------------------------------- phone

@pytest.mark.parametrize(("width", "javascript"), [(390, True), (390, False), (320, True)])
def test_a_phone_never_scrolls_the_page_sideways(browser: Any, second_run: Result,
                                                 width: int, javascript: bool) -> None:
    run = second_run
    watched = open_report(browser, run.paths["html"], width=width, javascript=javascript)
    page = watched.page
    try:
        assert page.eval_on_selector_all("#next .delta time", "ts => ts.length") == 3
        for where in ("#next", "#summary", "#changes", "#list-remove", "#list-all", "#about"):
            page.eval_on_selector(where, "e => e.scrollIntoView()")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, where
        if javascript:
            # A worklist row is a card: its reason is on screen, not off to the right.
            box = page.eval_on_selector(
                "#list-remove tbody tr:not(.group-head) td.c-reason",
                "td => { const r = td.getBoundingClientRect(); return [r.left, r.right]; }")
            assert 0 <= box[0] and box[1] <= width
        # No word is broken inside: every tag badge, date and chart label is one line.
        broken = page.evaluate("""() => Array.from(document.querySelectorAll(
            ".tag, .rec, td.c-connected, .bar-label, .bar-value, h2, h3, time, .delta"))
            .filter((e) => e.offsetParent !== null)
            .filter((e) => {
                const words = e.textContent.trim().split(/\\s+/);
                const rects = Array.from(e.getClientRects());
                const style = getComputedStyle(e);
                const line = style.lineHeight === "normal" ? 1.2 * parseFloat(style.fontSize)
                    : parseFloat(style.lineHeight);
                const lines = rects.length > 1  // an inline box: one rectangle per fragment
                    ? new Set(rects.map((r) => Math.round(r.top))).size
                    : Math.round(e.getBoundingClientRect().height / line);
                return lines > words.length;  // more lines than words: a word was cut
            }).map((e) => e.textContent)""")
        assert broken == []
        # Chart labels keep their size: no scaled-down drawing.
        size = page.eval_on_selector("#chart-tags .bar-label",
                                     "e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 12
        watched.assert_clean(run.paths["html"].as_uri())
    finally:
        page.context.close()


# ---------------------------------------------------------------------------- safety

def test_hostile_text_renders_as_text_and_runs_nothing(report_page: Watched,
                                                       run: Result) -> None:
    page = report_page.page
    page.click("#list-all button[data-sort=name]")  # re-render, then look at everything
    shown = names(page, "list-all")
    assert f"{HOSTILE['img']} Imgson" in shown
    assert f"{HOSTILE['script']} Scripter" in shown
    cells = page.eval_on_selector_all("#list-all tbody td", "cs => cs.map(c => c.textContent)")
    assert HOSTILE["attr"] in cells and HOSTILE["svg"] in cells
    # Whatever might carry a handler gets the events a reader's mouse would send.
    page.hover("#list-all tbody tr:first-child td:first-child")
    page.evaluate("""() => document.querySelectorAll("*").forEach((el) => {
        for (const type of ["mouseover", "mouseenter", "focus", "load", "error"])
            el.dispatchEvent(new Event(type, { bubbles: true }));
    })""")
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    handlers = page.evaluate("""() => Array.from(document.querySelectorAll("*"))
        .flatMap((el) => Array.from(el.attributes).map((a) => a.name))
        .filter((name) => name.startsWith("on"))""")
    assert handlers == []
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("#", PROFILE_PREFIX)) for h in hrefs), hrefs
    no_link = page.eval_on_selector_all(
        "#list-all tbody td.c-name", "cs => cs.filter(c => c.textContent === "
        "'Jay Vascript').map(c => c.querySelector('a') === null)")
    assert no_link == [True]
    report_page.assert_clean(run.paths["html"].as_uri())


# ---------------------------------------------------------------------------- paper

def test_printing_shows_the_summary_and_the_remove_list_only(report_page: Watched,
                                                             run: Result) -> None:
    page = report_page.page
    assert page.is_hidden("#remove-print")  # on screen the script's list stands in
    page.emulate_media(media="print")
    assert page.is_visible("#summary") and page.is_visible("#next")
    assert page.is_visible("#remove-print")
    for hidden in ("#list-review", "#list-all", "#list-remove .controls", "#list-remove .box",
                   "#remove-progress", "#changes", "#about", "#coverage"):
        assert page.eval_on_selector_all(
            hidden, "els => els.every(e => e.offsetParent === null)"), hidden
    printed = page.eval_on_selector_all("#remove-print .people > *",
                                        "people => people.map(p => p.textContent)")
    assert sorted(printed) == sorted(of_rec(run, "remove"))
    assert f"{HOSTILE['script']} Scripter" in printed
    # The profile address under the name, from the link itself.
    after = page.eval_on_selector("#remove-print a[href$='jose-muller']",
                                  "a => getComputedStyle(a, '::after').content")
    assert after == 'attr(href)' or "linkedin.com/in/jose-muller" in after
    report_page.assert_clean(run.paths["html"].as_uri())


BIG_RULES = """[business]
name = "Paper Test"
scope = "international"
unknown = "review"

[prospect]
keywords = ["realtor"]

[competitor]
keywords = ["web developer"]
"""


@pytest.fixture(scope="module")
def big_pdf(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, str]:
    """A 3,000-connection report printed to PDF once, and the PDF's text."""
    from pypdf import PdfReader

    folder = tmp_path_factory.mktemp("big-report")
    export = write_export(folder / "Connections.csv", 3000,
                          ("Web Developer", "Realtor", "Accountant", "Web Developer"))
    rules = folder / "rules.toml"
    rules.write_text(BIG_RULES, encoding="utf-8")
    result = pipeline.run(export, rules, folder / "out", as_of=AS_OF)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(result.paths["html"].as_uri())
    pdf = folder / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    return result, unicodedata.normalize("NFKC", text)


def test_the_printed_pdf_has_every_remove_row_and_no_other_list(
        big_pdf: tuple[Result, str]) -> None:
    result, text = big_pdf
    people = result.people
    lines = set(text.splitlines())
    removes = people.loc[people["recommendation"].eq("remove")]
    assert len(removes) == 1500
    for name, link in zip(removes["name"], removes["link"], strict=True):
        assert name in lines, name  # one line per person, never cut
        assert link in lines, link  # the profile address under the name
    others = people.loc[~people["recommendation"].eq("remove"), "name"]
    assert not [n for n in others if n in text]
    assert "Remove (1,500)" in text
    assert "Review (" not in text and "All connections" not in text
    pages = text.count("Page ")
    assert pages > 10 and f"Page 1 of {pages}" in text


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_trend_charts_are_whole_on_a_desktop(browser: Any, second_run: Result,
                                                 width: int) -> None:
    """On a desktop screen each trend chart shows whole, its legend ("complementary 253")
    included: none is cut by its box and left to scroll sideways."""
    w = open_report(browser, second_run.paths["html"], width=width)
    try:
        hidden = w.page.evaluate("""() => Array.from(
            document.querySelectorAll("svg.chart.trend")).map(
              (svg) => svg.parentElement.scrollWidth - svg.parentElement.clientWidth)""")
    finally:
        w.page.context.close()
    assert hidden and all(h <= 0 for h in hidden), hidden
