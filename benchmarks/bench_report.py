"""How big and how fast is the HTML report for LinkedIn's cap of 30,000 connections?

Builds a 30,000-connection export (the synthetic archive of sample_data/generate.py when it is
there, else a plain synthetic Connections.csv), runs the whole pipeline, then opens the
report in headless Chromium and measures:

- the size of the HTML file (it holds the whole Remove list as HTML rows, for paper and for
  browsers that block the script, besides the data island);
- load time: navigation start to the load event (the script has rendered the first page of
  every worklist by then), and to DOMContentLoaded, median of 5 fresh loads;
- search latency: from the input event to the table updated and laid out, measured in the
  page with performance.now(), and to the next painted frame, median over several queries;
- the page's width on a 390 px phone, and the pages and time of printing it to PDF.

Run:  .venv/bin/python benchmarks/bench_report.py [--connections 30000] [--keep DIR]
Needs Chromium: $CHROMIUM, /usr/bin/chromium, or chromium / chromium-browser on PATH.
Exits 2 when the size, the load time or the slowest search is over its budget. Timings
depend on the machine and on what else runs on it: compare runs on a quiet machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for sample_data, which is not an installed package

from cleanup import pipeline  # noqa: E402

AS_OF = date(2026, 11, 25)
BUDGET_MB, BUDGET_LOAD_MS, BUDGET_SEARCH_MS = 3.0, 500.0, 100.0
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic"]
QUERIES = ["a", "re", "realtor", "austin", "web developer", "texas", "smith", "zzqx"]

SIMPLE_RULES = """[business]
name = "Benchmark Studio"
scope = "international"

[prospect]
keywords = ["realtor", "real estate", "broker", "restaurant", "dentist"]

[complementary]
keywords = ["copywriter", "photographer", "seo"]

[competitor]
keywords = ["web designer", "web developer"]
"""


def find_chromium() -> str | None:
    """Chromium from $CHROMIUM, Debian's /usr/bin/chromium, or PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def simple_export(folder: Path, n: int) -> tuple[Path, Path, list[Path]]:
    """A plain synthetic Connections.csv when sample_data/generate.py is not available."""
    rng = random.Random(7)
    first = ["Ada", "José", "Zoë", "Bob", "Mia", "Ravi", "Chen", "Fatima", "Olu", "Sven"]
    last = ["Example", "Müller", "Nguyen", "Smith", "Okafor", "Rossi", "Kim", "Haddad"]
    jobs = ["Realtor", "Web Developer", "SEO Consultant", "Photographer", "Accountant",
            "Restaurant Owner", "Software Engineer", "Web Designer", "Nurse", "Teacher"]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])
    for i in range(n):
        f, la = rng.choice(first), rng.choice(last)
        day = date.fromordinal(AS_OF.toordinal() - rng.randrange(15 * 365))
        w.writerow([f, la, f"https://www.linkedin.com/in/{f.lower()}-{la.lower()}-{i}", "",
                    f"Company {rng.randrange(3000)}", rng.choice(jobs),
                    day.strftime("%d %b %Y")])
    export = folder / "Connections.csv"
    export.write_text(out.getvalue(), encoding="utf-8")
    rules = folder / "rules.toml"
    rules.write_text(SIMPLE_RULES, encoding="utf-8")
    return export, rules, []


def build_export(folder: Path, n: int) -> tuple[Path, Path, list[Path], str]:
    """The benchmark's input: the sample archive generator when present, else simple_export."""
    try:
        from sample_data.generate import (
            build_archive,
            build_enrichment,
            make_network,
            write_folder,
        )
    except ImportError:
        return (*simple_export(folder, n), "plain synthetic Connections.csv")
    net = make_network(n, seed=7, as_of=AS_OF)
    export = write_folder(build_archive(n, seed=7, as_of=AS_OF, network=net),
                          folder / "Basic_LinkedInDataExport_11-25-2026")
    enrich = folder / "enrichment.csv"
    enrich.write_bytes(build_enrichment(n, seed=7, as_of=AS_OF, network=net))
    return export, ROOT / "sample_data" / "rules.toml", [enrich], "sample_data archive + enrichment"


SEARCH_JS = """async (queries) => {
  const input = document.querySelector("#list-all input[name=q]");
  const tbody = document.querySelector("#list-all tbody");
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = [];
  // A reader types with the list on screen, so it is laid out (content-visibility skips
  // off-screen lists); measure that case.
  input.scrollIntoView({ block: "start" });
  await frame();
  for (const q of queries) {
    input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await frame();
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    void tbody.offsetHeight;  // force style and layout of the new rows
    const t1 = performance.now();
    await frame();
    out.push({ q, updated: t1 - t0, painted: performance.now() - t0, rows: tbody.rows.length });
  }
  return out;
}"""


def measure(html: Path, chromium: str, loads: int = 5) -> dict[str, float]:
    """Load and search timings of the report in headless Chromium."""
    from playwright.sync_api import sync_playwright

    url = html.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        timings = []
        first_search = []
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url, wait_until="load")
            timings.append(page.evaluate("""() => {
                const n = performance.getEntriesByType("navigation")[0];
                const tables = performance.getEntriesByName("report:tables")[0];
                // Scrolling to the Remove list lays it out (it is skipped while off screen).
                const list = document.querySelector("#list-remove");
                const t0 = performance.now();
                list.scrollIntoView({ block: "start" });
                void list.querySelector("tbody").offsetHeight;
                return { load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd,
                         tables: tables ? tables.startTime : NaN,
                         scroll: performance.now() - t0 };
            }"""))
            # The very first search, before the idle-time haystack build could finish.
            first_search.append(page.evaluate("""() => {
                const input = document.querySelector("#list-all input[name=q]");
                input.scrollIntoView({ block: "start" });
                void document.querySelector("#list-all tbody").offsetHeight;
                const t0 = performance.now();
                input.value = "realtor";
                input.dispatchEvent(new Event("input", { bubbles: true }));
                void document.querySelector("#list-all tbody").offsetHeight;
                return performance.now() - t0;
            }"""))
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        searches = page.evaluate(SEARCH_JS, QUERIES * 3)
        # A phone: the page must not scroll sideways.
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(url, wait_until="load")
        phone_width = phone.evaluate("document.documentElement.scrollWidth")
        # Paper: the summary and the whole Remove list, A4.
        started = time.perf_counter()
        pdf = page.pdf(format="A4")
        printed = time.perf_counter() - started
        browser.close()
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {
        "load_ms": statistics.median(t["load"] for t in timings),
        "dcl_ms": statistics.median(t["dcl"] for t in timings),
        "tables_ms": statistics.median(t["tables"] for t in timings),
        "scroll_ms": statistics.median(t["scroll"] for t in timings),
        "first_search_ms": statistics.median(first_search),
        "phone_width": phone_width,
        "pdf_pages": pages,
        "pdf_s": printed,
        "search_ms": statistics.median(s["updated"] for s in searches),
        "search_max_ms": max(s["updated"] for s in searches),
        "search_paint_ms": statistics.median(s["painted"] for s in searches),
    }


def main(argv: list[str] | None = None) -> int:
    """Build the export, run the pipeline, measure the report; print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found: set CHROMIUM=/path/to/chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        export, rules, enrich, kind = build_export(folder, args.connections)
        built = time.perf_counter() - started
        started = time.perf_counter()
        result = pipeline.run(export, rules, folder / "out", enrich=enrich, as_of=AS_OF)
        ran = time.perf_counter() - started
        html = result.paths["html"]
        size_mb = html.stat().st_size / 1e6
        text = html.read_text(encoding="utf-8")
        start = text.index('id="remove-print"')
        checklist = text[start:text.index("</section>", start)]  # one line per person
        remove_rows = checklist.count('\n<a href="') + checklist.count("\n<span>")
        m = measure(html, chromium)
    recs = result.counts_by_recommendation
    rows = [
        ("input", f"{len(result.rows):,} connections ({kind})", ""),
        ("recommendations", ", ".join(f"{k} {v:,}" for k, v in recs.items()), ""),
        ("export built / pipeline.run", f"{built:.1f} s / {ran:.1f} s", ""),
        ("HTML size", f"{size_mb:.2f} MB", f"<= {BUDGET_MB:g} MB"),
        ("  Remove rows written as HTML", f"{remove_rows:,}", f"= {recs['remove']:,}"),
        ("load (nav start -> load event), median of 5", f"{m['load_ms']:.0f} ms",
         f"<= {BUDGET_LOAD_MS:g} ms"),
        ("  nav start -> DOMContentLoaded", f"{m['dcl_ms']:.0f} ms", ""),
        ("  nav start -> worklists built (first rows in the DOM)", f"{m['tables_ms']:.0f} ms",
         ""),
        ("  scroll to Remove list -> rows laid out", f"{m['scroll_ms']:.0f} ms", ""),
        ("search: input -> table updated, median", f"{m['search_ms']:.1f} ms",
         f"<= {BUDGET_SEARCH_MS:g} ms"),
        ("search: slowest query", f"{m['search_max_ms']:.1f} ms", f"<= {BUDGET_SEARCH_MS:g} ms"),
        ("search: input -> next frame painted, median", f"{m['search_paint_ms']:.1f} ms", ""),
        ("first search right after load (cold)", f"{m['first_search_ms']:.1f} ms", ""),
        ("page width on a 390 px phone", f"{m['phone_width']:.0f} px", "<= 390 px"),
        ("print to PDF (A4): pages, time", f"{m['pdf_pages']:.0f} pages, {m['pdf_s']:.1f} s",
         ""),
    ]
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'value':<{vwidth}}  budget")
    print("-" * (width + vwidth + 12))
    for name, value, budget in rows:
        print(f"{name:<{width}}  {value:<{vwidth}}  {budget}")
    ok = (size_mb <= BUDGET_MB and m["load_ms"] <= BUDGET_LOAD_MS and m["phone_width"] <= 390
          and remove_rows == recs["remove"]
          and m["search_max_ms"] <= BUDGET_SEARCH_MS)
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
