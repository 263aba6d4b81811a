"""The HTML report driven in a real headless Chromium: figures, search, filters, sorting,
printing, hostile text, and no network.

Chromium is found via $CHROMIUM, /usr/bin/chromium, or chromium / chromium-browser on PATH.
Without one the tests are skipped, or fail when $CI is set. One browser serves the module.
"""

from __future__ import annotations

import csv
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
from cleanup.model import TAGS, Result
from cleanup.write.report import PAGE_ROWS, PROFILE_PREFIX

AS_OF = date(2026, 11, 25)
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic"]
HIDDEN = "(hidden by LinkedIn)"

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


def open_report(browser: Any, html: Path) -> Watched:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    w = Watched(page)
    page.on("request", lambda r: w.requests.append(r.url))

    def dialog(d: Any) -> None:  # a payload that ran would open one
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    page.goto(html.as_uri())
    return w


@pytest.fixture
def report_page(browser: Any, run: Result) -> Iterator[Watched]:
    w = open_report(browser, run.paths["html"])
    yield w
    w.page.close()


def names(page: Any, list_id: str) -> list[str]:
    """The names in the visible rows of a worklist, top to bottom."""
    return page.eval_on_selector_all(f"#{list_id} tbody tr td:first-child",
                                     "cells => cells.map(c => c.textContent)")


def fold(text: str) -> str:
    """The page's sort and search folding: no accents, lower case."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def shown_name(name: str) -> str:
    return name or HIDDEN


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
        assert page.text_content(f"#list-{rec.lower()} h3 .count") == str(n)
        assert len(names(page, f"list-{rec.lower()}")) == n
    chart = dict(page.eval_on_selector_all(
        "#chart-tags g[data-key]", "gs => gs.map(g => [g.dataset.key, "
        "Number(g.querySelector('text.val').dataset.count)])"))
    assert chart == shown
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
    dates = page.eval_on_selector_all("#list-all tbody tr td:nth-child(8)",
                                      "cells => cells.map(c => c.textContent)")
    known = people["connected"].dropna().sort_values().dt.strftime("%Y-%m-%d").tolist()
    assert dates == known + [""]  # the unreadable date last
    assert page.get_attribute(header, "aria-sort") == "none"

    page.click("#list-all button[data-sort=tag]")
    tags = page.eval_on_selector_all("#list-all tbody tr td:nth-child(4)",
                                     "cells => cells.map(c => c.textContent)")
    assert tags == sorted(people["tag"], key=TAGS.index)  # the tool's order, not A to Z
    report_page.assert_clean(run.paths["html"].as_uri())


def test_show_more_pages_through_a_long_list(browser: Any, tmp_path: Path,
                                            report_inputs: tuple[Path, Path, Path]) -> None:
    n = 2 * PAGE_ROWS + 30
    export = tmp_path / "Connections.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["First Name", "Last Name", "URL", "Company", "Position", "Connected On"])
        w.writerows([("Person", f"{i:03}", f"https://www.linkedin.com/in/person-{i:03}",
                      "Pixel Co", "Web Developer", "05 Mar 2024") for i in range(n)])
    result = pipeline.run(export, report_inputs[1], tmp_path / "out", as_of=AS_OF)
    watched = open_report(browser, result.paths["html"])
    page = watched.page
    try:
        assert len(names(page, "list-remove")) == PAGE_ROWS
        assert page.text_content("#list-remove .status") == f"Showing {PAGE_ROWS} of {n}."
        # Counted in the same task as the click: scrolling may load more right after.
        after_click = page.eval_on_selector("#list-remove .more button", """button => {
            button.click();
            return document.querySelectorAll("#list-remove tbody tr").length;
        }""")
        assert after_click == 2 * PAGE_ROWS
        # Scrolling to the end of the box brings the rest without a click.
        page.eval_on_selector("#list-remove .box", "box => box.scrollIntoView()")
        page.eval_on_selector("#list-remove .box", "box => { box.scrollTop = box.scrollHeight; }")
        page.wait_for_function("n => document.querySelectorAll('#list-remove tbody tr')"
                               ".length === n", arg=n)
        assert names(page, "list-remove") == [f"Person {i:03}" for i in range(n)]
        assert page.is_hidden("#list-remove .more")
        assert page.text_content("#list-remove .status") == f"Showing all {n}."
        watched.assert_clean(result.paths["html"].as_uri())
    finally:
        page.close()


# ---------------------------------------------------------------------------- safety, print

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
        "#list-all tbody td:first-child", "cs => cs.filter(c => c.textContent === "
        "'Jay Vascript').map(c => c.querySelector('a') === null)")
    assert no_link == [True]
    report_page.assert_clean(run.paths["html"].as_uri())


def test_printing_shows_the_summary_and_every_remove_row(report_page: Watched, run: Result,
                                                         tmp_path: Path) -> None:
    page = report_page.page
    removes = [shown_name(n) for n in
               run.people.loc[run.people["recommendation"].eq("remove"), "name"]]
    assert page.is_hidden("#remove-print")
    page.pdf(path=str(tmp_path / "report.pdf"))  # fires beforeprint, as printing does
    page.emulate_media(media="print")
    assert page.is_visible("#summary") and page.is_visible("#remove-print")
    for hidden in ("#list-remove", "#list-review", "#list-all", ".controls"):
        assert page.is_hidden(hidden), hidden
    printed = page.eval_on_selector_all(
        "#remove-print tbody td:first-child",
        "cells => cells.map(c => (c.querySelector('a') || c.firstChild).textContent)")
    assert printed == removes
    urls = page.eval_on_selector_all("#remove-print .url", "spans => spans.map(s => s.textContent)")
    assert "linkedin.com/in/jose-muller" in urls
    assert f"{HOSTILE['script']} Scripter" in printed
    assert (tmp_path / "report.pdf").stat().st_size > 0
    report_page.assert_clean(run.paths["html"].as_uri())
