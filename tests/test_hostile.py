"""Hostile input: every case gives a correct report or exit 1 with one clear
message; never a traceback, a hang, a formula, a script, or a file written outside --out.

The corpus is `tests/data/hostile/` (small files, committed, built by its `make_hostile.py`);
the big cases (a 1 MB field, 100,000 columns, zip bombs, 10,000 keywords) are built here in
tmp_path. The reports are checked by structure: the workbook reopened with openpyxl, the HTML
parsed with html.parser and its JSON data island read back with json.loads.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
from helpers import HANG_SECONDS, Page, invoke, type_decision
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cleanup
from cleanup import pipeline
from cleanup.text import parse_date
from cleanup.writers import report

HOSTILE = Path(__file__).parent / "data" / "hostile"
TEMPLATES = Path(cleanup.__file__).parent / "writers" / "templates"
AS_OF = date(2026, 11, 25)
STEM = "linkedin-cleanup-2026-11-25"
PROFILE = re.compile(r"https://www\.linkedin\.com/in/[^\s\"'<>\\]+")
#: What no attribute value of the report may hold: every payload of the corpus has one.
ATTRIBUTE_POISON = ("<", ">", "alert(", "javascript:", "vbscript:", "onerror", "onload",
                    "onmouseover")


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_hostile"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


mh = _load_generator()
HEADER: list[str] = mh.HEADER


# ---------------------------------------------------------------------------- running

@dataclass
class Run:
    """One CLI run: exit code, what it printed, and its output folder."""

    code: int
    stdout: str
    stderr: str
    out: Path

    @property
    def error(self) -> str:
        lines = [line for line in self.stderr.splitlines() if line.startswith("Error: ")]
        assert len(lines) == 1, f"expected one error line:\n{self.stderr}"
        return lines[0]


def rules_file(folder: Path) -> Path:
    """The corpus' rules file (international; keywords in every category), in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rules.toml"
    path.write_text(mh.RULES, encoding="utf-8")
    return path


def cli(export: Path, out: Path, *extra: str, rules: Path | None = None,
        as_of: date = AS_OF) -> Run:
    """The CLI in-process (CliRunner): fast, for the cases that cannot hang."""
    rules = rules or rules_file(out.parent / "rules")
    result = invoke("run", export, "--rules", rules, "--out", out, "--as-of", as_of.isoformat(),
                    *extra)
    return Run(result.code, result.stdout, result.stderr, out)


def cli_process(export: Path, out: Path, *extra: str, cwd: Path,
                timeout: float = HANG_SECONDS,
                env: dict[str, str] | None = None) -> tuple[Run, float]:
    """The CLI in a subprocess with a timeout (against a hang: it measures nothing), for the
    cases that could hang or blow up.
    Returns the run and the peak memory of the process in MiB."""
    rules = rules_file(cwd / "rules")
    code = ("import resource, runpy, sys\n"
            "sys.argv = ['linkedin-cleanup', *sys.argv[1:]]\n"
            "try:\n"
            "    runpy.run_module('cleanup', run_name='__main__', alter_sys=True)\n"
            "finally:\n"
            "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "    print(f'PEAK-RSS-KIB {peak}', file=sys.stderr)\n")
    proc = subprocess.run(
        [sys.executable, "-c", code, "run", str(export), "--rules", str(rules), "--out",
         str(out), "--as-of", AS_OF.isoformat(), *extra],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr, proc.stderr
    peak = re.search(r"PEAK-RSS-KIB (\d+)", proc.stderr)
    assert peak, proc.stderr
    stderr = proc.stderr[:peak.start()]
    return Run(proc.returncode, proc.stdout, stderr, out), int(peak.group(1)) / 1024


def refused(run: Run, *phrases: str) -> str:
    """Assert exit 1 with one error line holding every phrase, and nothing written."""
    assert run.code == 1, run.stdout + run.stderr
    message = run.error
    for phrase in phrases:
        assert phrase in message, message
    assert not run.out.exists() or not any(run.out.iterdir()), list(run.out.iterdir())
    return message


# ---------------------------------------------------------------------------- checking a report

def ooxml_text(value: Any) -> str:
    """A workbook cell as Excel shows it: `_xHHHH_` escapes (which XlsxWriter writes for control
    characters, and for a literal `_x0041_`) decoded; empty for a blank cell."""
    if value is None:
        return ""
    assert isinstance(value, str), repr(value)
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def stripped(rows: list[list[str]]) -> list[list[str]]:
    """What the tool makes of the rows: whitespace around each field stripped, no blank row."""
    out = [[cell.strip() for cell in row] for row in rows]
    return [row for row in out if any(row)]


def check_workbook(path: Path, expected: list[list[str]]) -> openpyxl.Workbook:
    """Connections holds `expected` (original columns, in order) as text; no formula anywhere."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}: {cell.value!r}"
    ws = wb["Connections"]
    header = [c.value for c in ws[1]]
    assert header[:len(HEADER)] == HEADER
    rows = list(ws.iter_rows(min_row=2, max_col=len(HEADER)))
    assert len(rows) == len(expected), "rows out != rows in"
    for row, want in zip(rows, expected, strict=True):
        for cell, text in zip(row, want, strict=True):
            if isinstance(cell.value, datetime):  # a date that parsed is a real date
                assert cell.value.date() == parse_date(text), cell.coordinate
                continue
            assert ooxml_text(cell.value) == text, cell.coordinate
            if text:
                assert cell.data_type == "s", (cell.coordinate, cell.data_type)
    return wb


def _template_vocabulary() -> tuple[set[str], set[str], int]:
    """Tag names and words of the report's own templates, and how many <script> they hold:
    an element or attribute outside these could only have come from the data."""
    assert TEMPLATES.is_dir(), f"no templates at {TEMPLATES}"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.rglob("*.html")))
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)  # Jinja comments render nothing
    tags = {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", text)}
    words = {w.lower() for w in re.findall(r"[A-Za-z_:][-A-Za-z0-9_:.]*", text)}
    return tags, words, text.count("<script")


TEMPLATE_TAGS, TEMPLATE_WORDS, TEMPLATE_SCRIPTS = _template_vocabulary()


def check_html(path: Path, payloads: Sequence[str] = ()) -> tuple[Page, dict[str, Any]]:
    """The report is inert: only its own scripts, no event handler, no link but an in-page
    anchor or an https LinkedIn profile, no element or attribute derived from the data, no
    payload unescaped. Returns the parsed page and its JSON data island."""
    html = path.read_text(encoding="utf-8")
    page = Page(html)
    assert len(page.scripts) == TEMPLATE_SCRIPTS, [a for a, _ in page.scripts]
    for script, _ in page.scripts:
        assert "src" not in script, script
    for tag, attrs in page.tags:
        assert tag in TEMPLATE_TAGS, f"<{tag}> is not in the templates"
        for name, value in attrs:
            assert name in TEMPLATE_WORDS, f"<{tag} {name}=...> is not in the templates"
            assert not name.startswith("on"), (tag, name, value)
            assert name not in ("src", "srcdoc", "action", "formaction", "xlink:href"), name
            low = (value or "").casefold()
            assert not any(p in low for p in ATTRIBUTE_POISON), (tag, name, value)
            if name == "href":
                assert (value or "").startswith("#") or PROFILE.fullmatch(value or "") or (
                    tag == "link" and value == "data:,"), (tag, value)
    for payload in (p.strip() for p in payloads):
        # Long enough not to occur in the page's own markup (as "</script>" does).
        if ("<" in payload or ">" in payload) and len(payload) >= 12:
            assert payload not in html, f"unescaped in the HTML: {payload!r}"
    islands = [body for attrs, body in page.scripts if attrs.get("type") == "application/json"]
    assert len(islands) == 1
    island = json.loads(islands[0])
    for raw in ("<", ">"):
        assert raw not in islands[0], "the data island holds a raw angle bracket"
    return page, island


def island_rows(island: dict[str, Any]) -> list[dict[str, Any]]:
    """The data island's rows as dicts, shared strings resolved."""
    fields = island["fields"]
    if "columns" in island:  # columnar: one array per field
        table = list(zip(*(island["columns"][f] for f in fields), strict=True))
    else:  # one array per row
        table = island["rows"]
    rows = []
    for values in table:
        row = dict(zip(fields, values, strict=True))
        for f in report.SHARED_FIELDS:
            row[f] = island["strings"][row[f]]
        rows.append(row)
    return rows


def check_island(island: dict[str, Any], expected: list[list[str]]) -> None:
    """Name, Company and Position of every row came back from JSON exactly as in the export;
    a profile slug is only ever one that makes an https LinkedIn link."""
    rows = island_rows(island)
    assert len(rows) == len(expected), "rows out != rows in (HTML)"
    for row, want in zip(rows, expected, strict=True):
        first, last, _url, _email, company, position, _on = want
        assert row["name"] == f"{first} {last}".strip()
        assert row["company"] == company
        assert row["position"] == position
        if row["slug"]:
            assert PROFILE.fullmatch(report.PROFILE_PREFIX + row["slug"]), row["slug"]


def check_report(run: Run, expected: list[list[str]], payloads: Sequence[str] = ()
                 ) -> tuple[openpyxl.Workbook, Page, dict[str, Any]]:
    assert run.code == 0, run.stdout + run.stderr
    wb = check_workbook(run.out / f"{STEM}.xlsx", expected)
    page, island = check_html(run.out / f"{STEM}.html", payloads)
    check_island(island, expected)
    return wb, page, island


def parse_csv(data: bytes) -> list[list[str]]:
    """A committed CSV read by the csv module alone (UTF-8, invalid bytes replaced): the
    rows the tool must show, padded to the header's width."""
    text = data.decode("utf-8", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    start = next(i for i, r in enumerate(rows) if r[:2] == HEADER[:2])
    return stripped([r + [""] * (len(HEADER) - len(r)) for r in rows[start + 1:]])


# ---------------------------------------------------------------------------- the corpus itself

def test_committed_corpus_is_what_the_generator_writes() -> None:
    for name, data in mh.committed().items():
        assert (HOSTILE / name).read_bytes() == data, f"run {HOSTILE / 'make_hostile.py'}"


# ---------------------------------------------------------------------------- cases with a report

def last_month(tmp_path: Path, name: str) -> Path:
    """Run last month's export of a case (2026-10-25) into tmp_path/out, which is returned."""
    out = tmp_path / "out"
    run = cli(HOSTILE / name, out, as_of=date(2026, 10, 25))
    assert run.code == 0, run.stderr
    return out


def test_formula_injection_in_every_column_stays_text(tmp_path: Path) -> None:
    out = last_month(tmp_path, "formula_injection_previous.csv")
    decided = mh.FORMULAS[1]  # =HYPERLINK(...) as a first name
    type_decision(out / "linkedin-cleanup-2026-10-25.xlsx", decided, "keep")
    run = cli(HOSTILE / "formula_injection.csv", out)
    expected = stripped(mh.formula_rows())
    wb, page, _ = check_report(run, expected)
    # Every text column got every formula (a diagonal walk over the list).
    for j in range(len(HEADER)):
        column = {row[j] for row in expected}
        assert {f.strip() for f in mh.FORMULAS} <= column
    # The worklists, the Summary and the list of changes are text too (check_workbook
    # looked at every cell of every sheet); the changes do hold the formulas.
    assert wb["Remove"].max_row >= 2
    changes = {ooxml_text(c.value) for row in wb["Changes"].iter_rows() for c in row}
    assert '=HYPERLINK("http://evil.example","gone") @Gone' in changes
    assert "Old Position" in changes and mh.FORMULAS[5] in changes
    # The unparseable 'Connected On' values are reported, not fatal.
    assert "'Connected On' dates could not be read" in run.stdout
    # The decision typed for "=HYPERLINK(...)" was read, and is in force.
    rows = {r[0]: r for r in wb["Connections"].iter_rows(min_row=2, values_only=True)}
    assert rows[decided][len(HEADER) + 4] == "keep"
    # The ledger is a CSV a spreadsheet may open: no cell of it may start a formula.
    with (out / "decisions.csv").open(encoding="utf-8-sig", newline="") as fh:
        ledger = list(csv.reader(fh))
    assert any(decided in cell for line in ledger for cell in line)
    for line in ledger:
        for cell in line:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_markup_and_script_injection_is_escaped(tmp_path: Path) -> None:
    out = last_month(tmp_path, "markup_injection_previous.csv")
    check_html(out / "linkedin-cleanup-2026-10-25.html", [*mh.MARKUP, *mh.URLS])
    run = cli(HOSTILE / "markup_injection.csv", out, "--enrich",
              str(HOSTILE / "markup_enrichment.csv"))
    expected = stripped(mh.markup_rows())
    facts = [cell for row in mh.ENRICHMENT[1:] for cell in row[1:] if cell]
    payloads = [*mh.MARKUP, *mh.URLS, *facts, "<svg onload=alert('gone')>", "<b>Gone Co</b>",
                "<script>alert('date')</script>"]
    assert "could not be read (first on line 15: \"<script>alert('date')</script>\")" in (
        run.stdout)
    wb, page, island = check_report(run, expected, payloads)
    # Export text the page shows outside the data island arrives whole, as a text node.
    values = {v for row in [*expected, *mh.markup_previous()]
              for v in (*row, f"{row[0]} {row[1]}".strip())} | set(facts)
    for node in page.text:
        if "alert(" in node:
            assert any("alert(" in v and v in node for v in values), node
    assert sum(r[5].startswith("Web Developer") for r in expected) == 6  # to remove
    # Only the one real LinkedIn profile became a link, in the workbook and in the report.
    links = {c.hyperlink.target for row in wb["Connections"].iter_rows(min_row=2)
             for c in row if c.hyperlink is not None}
    assert links == {"https://www.linkedin.com/in/ok-person",
                     "https://www.linkedin.com/in/quinn-o-attr"}
    hrefs = {dict(a).get("href") or "" for t, a in page.tags if t == "a"}
    assert {h for h in hrefs if "://" in h} <= {"https://www.linkedin.com/in/ok-person",
                                                "https://www.linkedin.com/in/quinn-o-attr",
                                                "https://www.linkedin.com/in/gone-person"}
    slugs = {r["slug"] for r in island_rows(island)} - {""}
    assert slugs == {"ok-person", "quinn-o-attr"}
    # The enrichment's text is data too: as text in the Location cell and in the island.
    rows = {r[0].value: r for r in wb["Connections"].iter_rows(min_row=2)}
    location = rows[expected[11][0]][len(HEADER) + 3]
    assert "<script>alert('loc')</script>" in ooxml_text(location.value)
    assert location.data_type == "s"
    places = [r["location"] for r in island_rows(island)]
    assert any("<script>alert('loc')</script>" in p for p in places)
    assert any('=HYPERLINK("http://evil.example","x")' in p for p in places)


def test_nul_bytes_are_kept_as_text(tmp_path: Path) -> None:
    data = (HOSTILE / "nul_bytes.csv").read_bytes()
    run = cli(HOSTILE / "nul_bytes.csv", tmp_path / "out")
    expected = parse_csv(data)
    assert any("\x00" in cell for row in expected for cell in row)
    check_report(run, expected)


def test_a_nul_byte_at_the_start_is_refused_as_binary(tmp_path: Path) -> None:
    export = tmp_path / "Connections.csv"
    export.write_bytes(b"First\x00Name,Last Name,Company,Position\nA,B,C,D\n")
    refused(cli(export, tmp_path / "out"), str(export), "not a CSV file")


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    run = cli(HOSTILE / "invalid_utf8.csv", tmp_path / "out")
    expected = parse_csv((HOSTILE / "invalid_utf8.csv").read_bytes())
    assert expected[0][:2] == ["José", "Müller"]
    assert expected[1][0] == "Bad\ufffdName" and expected[3][0] == "Cut\ufffd \ufffdend"
    check_report(run, expected)
    assert "bytes that are not valid UTF-8 were replaced" in run.stdout
    assert "(first on line 3)" in run.stdout


def test_mixed_line_endings_read_every_row(tmp_path: Path) -> None:
    run = cli(HOSTILE / "mixed_line_endings.csv", tmp_path / "out")
    expected = [
        ["Ada", "Crlf", "https://www.linkedin.com/in/ada-crlf", "", "Acme", "Realtor",
         "05 Mar 2024"],
        ["Ben", "Lf", "https://www.linkedin.com/in/ben-lf", "", "Acme", "Broker",
         "04 Mar 2024"],
        ["Cy", "Cr", "https://www.linkedin.com/in/cy-cr", "", "Acme", "Copywriter",
         "03 Mar 2024"],
        ["Di\r\nMultiline", "Quoted\nLf", "", "", "Acme\rCo", "Web Developer", "02 Mar 2024"],
        ["Eve", "Last", "", "", "Acme", "Seo", "01 Mar 2024"],
    ]
    _, _, island = check_report(run, expected)
    assert [r["tag"] for r in island_rows(island)] == [0, 0, 1, 2, 1]  # by TAGS order


def test_classic_mac_line_endings_read_every_row(tmp_path: Path) -> None:
    # Excel for Mac's "CSV (Macintosh)" ends every line with a lone CR.
    export = tmp_path / "Connections.csv"
    rows = [["Ada", "Mac", "", "", "Acme", "Realtor", "05 Mar 2024"],
            ["Ben", "Mac", "", "", '"Quoted\rCo"', "Broker", "04 Mar 2024"]]
    export.write_bytes(mh.csv_text(rows, eol="\r").encode("cp1252"))
    check_report(cli(export, tmp_path / "out"), rows)


def test_stray_quotes_inside_fields_stay_literal(tmp_path: Path) -> None:
    run = cli(HOSTILE / "stray_quotes.csv", tmp_path / "out")
    check_report(run, [
        ["Ada", 'O"Neil', "https://www.linkedin.com/in/ada-oneil", "", '5" Screens', "Realtor",
         "05 Mar 2024"],
        ["Ben", 'Mid"dle"Quotes', "", "", "Acme", 'Broker"', "04 Mar 2024"],
    ])


def test_quote_that_swallows_rows_is_reported_on_its_line(tmp_path: Path) -> None:
    # Ben's quote closes on Cy's line: the csv format says one field; the tool says so.
    run = cli(HOSTILE / "unbalanced_quote_mid.csv", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert "unbalanced_quote_mid.csv, line 3: a quoted field runs over several lines" in (
        run.stdout)
    html = (run.out / f"{STEM}.html").read_text(encoding="utf-8")
    assert "line 3: a quoted field runs over several lines" in html
    wb = openpyxl.load_workbook(run.out / f"{STEM}.xlsx")
    notes = [c.value for row in wb["Summary"].iter_rows() for c in row if c.value]
    assert any("line 3: a quoted field runs over several lines" in str(v) for v in notes)


def test_quote_never_closed_is_refused_with_its_line(tmp_path: Path) -> None:
    refused(cli(HOSTILE / "unbalanced_quote_eof.csv", tmp_path / "out"),
            "unbalanced_quote_eof.csv, line 3:", "never closed")


def test_one_megabyte_field_is_cut_in_the_workbook_with_a_note(tmp_path: Path) -> None:
    export = tmp_path / "Connections.csv"
    position = mh.build_big_field(export)
    run = cli(export, tmp_path / "out")
    assert run.code == 0, run.stderr
    note = f" [... cut: {len(position)} characters in the export]"
    wb = openpyxl.load_workbook(run.out / f"{STEM}.xlsx", read_only=True)
    cells = list(wb["Connections"].iter_rows(min_row=2, values_only=True))
    cut = cells[0][HEADER.index("Position")]
    assert len(cut) <= 32_767 and cut.endswith(note)
    assert position.startswith(cut.removesuffix(note))
    assert cells[0][HEADER.index("Connected On")] == datetime(2024, 3, 5)  # a real date
    assert cells[1][0] == "Small"
    assert "1 field longer than the 32,767 characters an Excel cell holds" in run.stdout
    assert "line 2, Position: 1,000,000 characters" in run.stdout
    _, island = check_html(run.out / f"{STEM}.html")
    assert island_rows(island)[0]["position"] == position  # the report has it whole
    assert island_rows(island)[0]["tag"] == 0  # "Realtor ..." is still a prospect


@pytest.mark.slow
def test_header_of_100000_columns_is_refused(tmp_path: Path) -> None:
    """Refused at the header, in bounded memory (the header parsers are shown linear in
    tests/test_hostile_round2.py; no wall-clock budget here)."""
    export = tmp_path / "Connections.csv"
    mh.build_wide_header(export)
    run, peak = cli_process(export, tmp_path / "out", cwd=tmp_path)
    refused(run, "Connections.csv, line 1:", "the header has 100,007 columns")
    assert peak < 400, f"{peak:.0f} MiB"


@pytest.mark.slow
def test_row_of_100000_fields_is_refused_fast(tmp_path: Path) -> None:
    export = tmp_path / "Connections.csv"
    mh.build_wide_row(export)
    refused(cli(export, tmp_path / "out"), "Connections.csv, line 2:", "100007 fields",
            "the header has 7")


@pytest.mark.slow
def test_rules_with_10000_keywords(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    words = mh.build_keyword_rules(rules)
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text([
        ["First", "Kw", "", "", "Acme", f"Head of {words[0]}", "05 Mar 2024"],
        ["Last", "Kw", "", "", f"{words[-1].upper()} Ltd", "Owner", "05 Mar 2024"],
        ["Middle", "Kw", "", "", "Acme", f"{words[5000]}s lead", "05 Mar 2024"],
        ["No", "Kw", "", "", "Acme", f"{words[-1]}zzz", "05 Mar 2024"],
    ]), encoding="utf-8")
    run = cli(export, tmp_path / "out", rules=rules)
    assert run.code == 0, run.stderr
    wb = openpyxl.load_workbook(run.out / f"{STEM}.xlsx", read_only=True)
    rows = list(wb["Connections"].iter_rows(min_row=2, values_only=True))
    tag, reason = len(HEADER), len(HEADER) + 2
    assert [r[tag] for r in rows] == ["prospect", "prospect", "prospect", "unknown"]
    assert rows[0][reason] == f'prospect: "{words[0]}" in Position'
    assert rows[1][reason] == f'prospect: "{words[-1]}" in Company'


# ---------------------------------------------------------------------------- zips

def listing(root: Path, skip: Path) -> dict[str, int]:
    """Every file and folder under `root` (but `skip`) with its size."""
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == skip or skip in here.parents:
            dirnames.clear()
            continue
        for name in dirnames + filenames:
            p = here / name
            if p == skip:
                continue
            seen[str(p)] = p.lstat().st_size if p.is_file() else -1
    return seen


@pytest.mark.slow
def test_zip_with_traversal_names_is_read_in_place(tmp_path: Path, _private_cache: Path,
                                                   _private_state: Path) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    out = tmp_path / "out"
    outside = [Path("/tmp/linkedin-cleanup-hostile-escape.txt"),
               Path("/tmp/linkedin-cleanup-hostile-absolute.txt")]
    assert not any(p.exists() for p in outside)
    before = listing(tmp_path.parent, skip=out)
    run, _ = cli_process(HOSTILE / "zip_traversal.zip", out, cwd=work,
                         env={"TMPDIR": str(systmp)})
    assert run.code == 0, run.stderr
    after = listing(tmp_path.parent, skip=out)
    # Besides the rules file the test writes, only the user's cache (the gazetteer index,
    # when this test runs first) and state (where the run wrote) folders change.
    ours = (f"{_private_cache}{os.sep}", f"{_private_state}{os.sep}")
    created = sorted(p for p in set(after) - set(before) if not p.startswith(ours))
    assert created == [str(work / "rules"), str(work / "rules" / "rules.toml")], created
    assert (_private_state / "networks.json").is_file()
    assert not any(p.exists() for p in outside)
    assert not any(systmp.iterdir()), "temporary files left behind"
    assert {p.name for p in out.iterdir()} >= {f"{STEM}.xlsx", f"{STEM}.html"}
    expected = stripped([[first, last, f"https://www.linkedin.com/in/{first.lower()}-"
                          f"{last.lower()}", "", "Acme", "Realtor", "05 Mar 2024"]
                         for first, last in (("Tra", "Versal"), ("Dot", "Dot"))])
    check_report(run, expected)
    # The symlink member is only the text of its target, never the file it names.
    for f in out.rglob("*"):
        if f.is_file():
            assert b"root:x:0:0" not in f.read_bytes()


def test_zip_with_two_connections_reads_the_shallowest_and_says_so(tmp_path: Path) -> None:
    run = cli(HOSTILE / "zip_two_connections.zip", tmp_path / "out")
    expected = [["Root", who, f"https://www.linkedin.com/in/root-{who.lower()}", "", "Acme",
                 "Realtor", "05 Mar 2024"] for who in ("One", "Two")]
    wb, page, _ = check_report(run, expected)
    note = ("zip_two_connections.zip holds 3 files named Connections.csv; read "
            "Connections.csv, ignored Sub/connections.CSV, Old Export/backup/Connections.csv")
    assert note in run.stdout
    assert note in " ".join(page.text)
    assert any(note in str(c.value) for row in wb["Summary"].iter_rows() for c in row)


def test_zip_members_that_clean_to_one_name_are_both_named(tmp_path: Path) -> None:
    run = cli(HOSTILE / "zip_same_name_after_cleaning.zip", tmp_path / "out")
    check_report(run, [["Root", "Plain", "https://www.linkedin.com/in/root-plain", "", "Acme",
                        "Realtor", "05 Mar 2024"]])
    assert ("holds two members named Connections.csv: read 'Connections.csv', ignored "
            "'../Connections.csv'") in run.stdout


def test_encrypted_zip_is_refused(tmp_path: Path) -> None:
    refused(cli(HOSTILE / "zip_encrypted.zip", tmp_path / "out"),
            "Connections.csv in", "zip_encrypted.zip: the archive is encrypted")


def test_broken_zip_is_refused(tmp_path: Path) -> None:
    refused(cli(HOSTILE / "not_a_zip.zip", tmp_path / "out"),
            "not_a_zip.zip: not a readable zip archive")


@pytest.mark.slow
def test_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    bomb = tmp_path / "Basic_LinkedInDataExport_11-25-2026.zip"
    real = mh.build_zip_bomb(bomb)  # 2 MiB on disk, 2 GiB inflated
    assert bomb.stat().st_size < 4 << 20 and real == 2 << 30
    run, peak = cli_process(bomb, tmp_path / "out", cwd=tmp_path)
    refused(run, "Connections.csv in", "declares 2,147,483,648 bytes", "zip bomb")
    assert peak < 400, f"{peak:.0f} MiB"


@pytest.mark.slow
def test_zip_bomb_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    # Central directory and local header both say 10,000 bytes; it inflates to 2 GiB.
    bomb = tmp_path / "Basic_LinkedInDataExport_11-25-2026.zip"
    mh.build_zip_bomb(bomb, declared=10_000)
    run, peak = cli_process(bomb, tmp_path / "out", cwd=tmp_path)
    message = refused(run, "Connections.csv in")
    assert "zip bomb" in message or "cannot be read from the zip" in message, message
    assert peak < 400, f"{peak:.0f} MiB"


# ---------------------------------------------------------------------------- properties

_TEXT = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(['"', ",", ";", "\n", "\r\n", "\r", "\t", " ", "'", "<", ">", "&",
                       "_x0041_", "</script>", "\u2028", "<img src=x onerror=alert(1)>"]),
    max_size=10).map("".join)
_FIELD = st.builds(lambda prefix, body: prefix + body,
                   st.sampled_from(["", "", "=", "+", "-", "@", "\t", "\r", "'", " "]), _TEXT)
_URL = st.one_of(_FIELD, st.builds(lambda s: f"https://www.linkedin.com/in/{s}",
                                   st.from_regex(r"[a-z0-9\-]{1,12}", fullmatch=True)))
_ROW = st.tuples(_FIELD, _FIELD, _URL, _FIELD, _FIELD,
                 st.one_of(_FIELD, _FIELD.map(lambda s: f"{s} Web Developer")),
                 st.one_of(st.just("05 Mar 2024"), _FIELD)).map(list)
_NASTY = [["=cmd|' /C calc'!A0", "+1", "https://www.linkedin.com/in/x", "@SUM(A1)", " -2+3 ",
           "\t=1+1 web developer", "05 Mar 2024"],
          ["_x0041_", 'a "quoted", field', "javascript:alert(1)", "x\r\ny", "</script><b>",
           "line\nbreak", "=1+1"]]


def _workbook_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


@pytest.mark.slow
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=st.lists(_ROW, min_size=1, max_size=6))
@example(rows=_NASTY)
def test_any_export_round_trips_as_text_and_deterministically(
        rows: list[list[str]], tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("prop")
    export = root / "Connections.csv"
    export.write_text(mh.csv_text(rows), encoding="utf-8")
    rules = rules_file(root / "rules")
    expected = stripped(rows)
    if not expected:
        return  # nothing but blank rows: refused, which test_export covers
    first = pipeline.run(export, rules, root / "a" / "reports", as_of=AS_OF,
                         new_history=True)  # the examples share one state folder
    assert len(first.rows) == len(expected), "rows out != rows in"
    check_report(Run(0, "", "", root / "a" / "reports"), expected)
    # Same input, same rules, same as-of, another folder: the same bytes and cell values.
    second = pipeline.run(export, rules, root / "b" / "reports", as_of=AS_OF,
                          new_history=True)  # the same network in a second folder
    assert second.paths["html"].read_bytes() == first.paths["html"].read_bytes()
    assert _workbook_values(second.paths["xlsx"]) == _workbook_values(first.paths["xlsx"])
