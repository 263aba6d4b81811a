"""The workbook, reopened with openpyxl: structure, links, text never a formula."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import CONNECTIONS_HEADER, libreoffice_convert, write_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup import pipeline
from cleanup.writers.layout import NO_PROFILE_GROUP

DATA = Path(__file__).parent / "data"
HEADER = list(CONNECTIONS_HEADER)
ADDED = ["Tag", "Recommendation", "Reason", "Location", "Decision"]
HOSTILE = ['=HYPERLINK("http://evil.example","win")', "+1", "-2+3", "@SUM(A1)",
           "=cmd|' /C calc'!A0", "\t=1+1", "=1+1"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    return write_connections(path, rows, newline="\r\n")


def run(tmp_path: Path, export: Path, rules_file: Path) -> openpyxl.Workbook:
    result = pipeline.run(export, rules_file, tmp_path / "out", as_of=date(2026, 11, 25))
    return openpyxl.load_workbook(result.paths["xlsx"])


def test_sheets_columns_and_order(tmp_path: Path, rules_file: Path) -> None:
    wb = run(tmp_path, DATA / "connections_current.csv", rules_file)
    assert wb.sheetnames[:4] == ["Summary", "Connections", "Remove", "Review"]
    ws = wb["Connections"]
    header = [c.value for c in ws[1]]
    assert header[:12] == HEADER + ADDED
    names = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["Ada", "José", "Smith, PhD", None, "Zoë", "Bob"]
    assert ws.freeze_panes == "C2"  # the header row and First Name, Last Name
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["C"].width > 30


def test_tags_recommendations_and_worklists(tmp_path: Path, rules_file: Path) -> None:
    wb = run(tmp_path, DATA / "connections_current.csv", rules_file)
    rows = list(wb["Connections"].iter_rows(min_row=2, values_only=True))
    assert [r[7] for r in rows] == ["prospect", "competitor", "competitor", "unknown",
                                    "prospect", "complementary"]
    assert [r[8] for r in rows] == ["keep", "remove", "remove", "review", "keep", "keep"]
    assert rows[1][9] == 'competitor: "creatrice de sites web" in Position'
    remove = [r[0] for r in wb["Remove"].iter_rows(min_row=2, values_only=True)]
    review = [r[0] for r in wb["Review"].iter_rows(min_row=2, values_only=True)]
    assert remove == ["José Müller", "Smith, PhD O'Neil"]  # Name: first and last
    assert review == [None]  # a member hidden by LinkedIn has no name


def test_tag_fill_colours_differ(tmp_path: Path, rules_file: Path) -> None:
    ws = run(tmp_path, DATA / "connections_current.csv", rules_file)["Connections"]
    fills = {ws.cell(row, 8).value: ws.cell(row, 8).fill.fgColor.rgb for row in range(2, 8)}
    assert len(set(fills.values())) == len(fills) == 4


def test_profile_links_only_for_linkedin(tmp_path: Path, rules_file: Path) -> None:
    export = write_csv(tmp_path / "c.csv", [
        ["Ada", "E", "https://www.linkedin.com/in/ada-e", "", "Acme", "Realtor", "05 Mar 2024"],
        ["Eve", "V", "javascript:alert(1)", "", "Evil", "Realtor", "05 Mar 2024"],
        ["Mal", "L", "https://evil.example/in/x", "", "Evil", "Realtor", "05 Mar 2024"],
    ])
    ws = run(tmp_path, export, rules_file)["Connections"]
    links = [ws.cell(r, 3).hyperlink.target if ws.cell(r, 3).hyperlink else None
             for r in range(2, 5)]
    assert links == ["https://www.linkedin.com/in/ada-e", None, None]
    assert ws.cell(3, 3).value == "javascript:alert(1)"


def test_summary_counts_and_inputs(tmp_path: Path, rules_file: Path) -> None:
    ws = run(tmp_path, DATA / "connections_current.csv", rules_file)["Summary"]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert values["Connections"] == 6
    assert values["prospect"] == 2 and values["competitor"] == 2 and values["unknown"] == 1
    assert values["keep"] == 3 and values["remove"] == 2 and values["review"] == 1
    assert values["As of"] == datetime(2026, 11, 25)  # a real date
    sha = [v for k, v in values.items() if isinstance(k, str) and "connections_current" in k]
    assert len(sha) == 1 and len(sha[0]) == 64
    assert values["Tool version"].startswith("linkedin-cleanup ")


def test_summary_has_a_chart(tmp_path: Path, rules_file: Path) -> None:
    import zipfile

    result = pipeline.run(DATA / "connections_current.csv", rules_file, tmp_path / "o",
                          as_of=date(2026, 11, 25))
    with zipfile.ZipFile(result.paths["xlsx"]) as zf:
        assert any(n.startswith("xl/charts/chart") for n in zf.namelist())


def test_formula_like_text_stays_text(tmp_path: Path, rules_file: Path) -> None:
    rows = [[h, h, "", "", h, h, "05 Mar 2024"] for h in HOSTILE]
    ws = run(tmp_path, write_csv(tmp_path / "c.csv", rows), rules_file)["Connections"]
    for i, h in enumerate(HOSTILE, start=2):
        for col in (1, 2, 5, 6):
            cell = ws.cell(i, col)
            assert cell.data_type == "s", (h, cell.data_type)
            assert cell.value == h.strip()


def test_decision_column_has_a_keep_remove_dropdown(tmp_path: Path, rules_file: Path) -> None:
    wb = run(tmp_path, DATA / "connections_current.csv", rules_file)
    for name in ("Connections", "Remove", "Review"):
        dv = [v for v in wb[name].data_validations.dataValidation if v.type == "list"]
        assert len(dv) == 1 and dv[0].formula1 == '"keep,remove"'
        assert str(dv[0].sqref).startswith("B2:B" if name != "Connections" else "L2:L")


def test_same_input_same_cells(tmp_path: Path, rules_file: Path) -> None:
    a = pipeline.run(DATA / "connections_current.csv", rules_file, tmp_path / "a",
                     as_of=date(2026, 11, 25))
    b = pipeline.run(DATA / "connections_current.csv", rules_file, tmp_path / "b",
                     as_of=date(2026, 11, 25), new_history=True)

    def cells(p: Path) -> list[list[object]]:
        wb = openpyxl.load_workbook(p)
        return [[c for c in r] for ws in wb for r in ws.iter_rows(values_only=True)
                if ws.title != "Summary"]

    assert cells(a.paths["xlsx"]) == cells(b.paths["xlsx"])


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=25)


@pytest.mark.slow
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=12))
def test_rows_in_equal_rows_out_and_text_survives(tmp_path: Path, rules_file: Path,
                                                  rows: list[tuple[str, ...]]) -> None:
    import tempfile

    data = [[f, last, "", "", c, p, "05 Mar 2024"] for f, last, c, p in rows]
    with tempfile.TemporaryDirectory(dir=tmp_path) as d:
        export = write_csv(Path(d) / "c.csv", data)
        result = pipeline.run(export, rules_file, Path(d) / "out", as_of=date(2026, 11, 25))
        kept = [r for r in data if any(v.strip() for v in r[:6]) or r[6]]
        assert len(result.rows) == len(kept)
        ws = openpyxl.load_workbook(result.paths["xlsx"])["Connections"]
        got = list(ws.iter_rows(min_row=2, values_only=True))
        assert len(got) == len(kept)
        for row, want in zip(got, kept, strict=True):
            for col in (0, 1, 4, 5):
                expected = want[col].strip()
                assert (row[col] or "") == expected
        assert pd.Series([r[7] for r in got]).notna().all()


# ---------------------------------------------------------------------------- made for deciding

SAMPLE = Path(__file__).parent.parent / "sample_data"
WORKLIST = ["Name", "Decision", "Recommendation", "Reason", "Position", "Company",
            "Connected On", "Location"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive (messages, invitations, enrichment with Headline and Industry)."""
    out = tmp_path_factory.mktemp("demo")
    result = pipeline.run(SAMPLE / "Basic_LinkedInDataExport_11-25-2026",
                          SAMPLE / "rules.toml", out, enrich=[SAMPLE / "enrichment.csv"])
    return result.paths["xlsx"]


@pytest.fixture(scope="module")
def demo_book(demo: Path) -> openpyxl.Workbook:
    """The demo workbook loaded once for the tests that only read it (loading 2,000 rows
    with their styles takes about a second)."""
    return openpyxl.load_workbook(demo)


def pixels(width: float) -> int:
    """A column width in characters as Excel shows it on screen, in pixels (Calibri 11)."""
    return int(width * 7 + 5)


def test_worklists_are_laid_out_for_deciding(demo_book: openpyxl.Workbook) -> None:
    wb = demo_book
    for name in ("Remove", "Review"):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert header[:8] == WORKLIST
        assert header[8:11] == ["Headline", "Industry", "Tag"]  # enrichment gave them
        assert {"URL", "Email Address", "Messages sent"} <= set(header[11:])
        assert ws.freeze_panes == "C2"  # Name and Decision stay in view
        # The first row with a name (hidden members, grouped first in Review, have none).
        at = next(r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value)
        name, decision, reason = ws[f"A{at}"], ws[f"B{at}"], ws[f"D{at}"]
        assert name.hyperlink.target.startswith("https://www.linkedin.com/in/")
        assert " " in name.value  # first and last name
        assert decision.fill.fgColor.rgb.endswith("FFF2CC") and decision.font.b
        assert ws["B1"].fill.fgColor.rgb.endswith("FFD966")
        assert reason.alignment.wrap_text
        # Everything needed to decide fits a 1366-pixel laptop screen beside the row numbers.
        shown = sum(pixels(ws.column_dimensions[c].width) for c in "ABCDEFGH")
        assert shown <= 1366 - 40, shown
        long_reasons = [r for r in range(2, ws.max_row + 1)
                        if len(ws.cell(r, 4).value or "") > 60]
        assert long_reasons and all(ws.row_dimensions[r].height >= 30 for r in long_reasons)
    ws = wb["Connections"]
    header = [c.value for c in ws[1]]
    assert header[:7] == HEADER  # the faithful copy keeps the export's columns first
    assert ws.freeze_panes == "C2"
    dcol = header.index("Decision") + 1
    assert ws.cell(2, dcol).fill.fgColor.rgb.endswith("FFF2CC")


def test_a_reason_citing_headline_or_industry_has_that_column(demo: Path) -> None:
    wb = openpyxl.load_workbook(demo, read_only=True)
    rows = list(wb["Review"].iter_rows(values_only=True)) + list(
        wb["Remove"].iter_rows(min_row=2, values_only=True))
    header = rows[0]
    cited = [r for r in rows[1:] if r[3] and ('" in Headline' in r[3] or '" in Industry' in r[3])]
    assert cited
    for r in cited:
        field = "Headline" if '" in Headline' in r[3] else "Industry"
        keyword = r[3].split('"')[1]
        assert keyword in (r[header.index(field)] or "").casefold()


def test_every_date_is_an_excel_date(demo_book: openpyxl.Workbook) -> None:
    wb = demo_book
    for sheet, column in (("Connections", "Connected On"), ("Remove", "Connected On"),
                          ("Remove", "Last message"), ("Invitations", "Sent")):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        cells = [ws.cell(r, header.index(column) + 1) for r in range(2, ws.max_row + 1)]
        dated = [c for c in cells if c.value is not None]
        assert dated and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in dated), (
            sheet, column)
    summary = {r[0].value: r[1] for r in wb["Summary"].iter_rows(max_col=2) if r[0].value}
    assert summary["As of"].is_date and summary["As of"].value == datetime(2026, 11, 25)


def test_a_date_that_does_not_parse_stays_text(tmp_path: Path, rules_file: Path) -> None:
    export = write_csv(tmp_path / "c.csv", [
        ["Ada", "E", "https://www.linkedin.com/in/ada-e", "", "Acme", "Realtor", "05 Mar 2024"],
        ["Bob", "F", "https://www.linkedin.com/in/bob-f", "", "Acme", "Realtor", "someday"]])
    ws = run(tmp_path, export, rules_file)["Connections"]
    assert ws["G2"].value == datetime(2024, 3, 5) and ws["G2"].is_date
    assert ws["G3"].value == "someday" and ws["G3"].data_type == "s"


@pytest.mark.soffice
def test_dates_are_dates_in_libreoffice(demo: Path, tmp_path: Path) -> None:
    # Formatted text of every sheet, one CSV per sheet: a date shows in its date format.
    folder = libreoffice_convert(demo, tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,"
                                 "false,true,false,false,false,-1")
    with (folder / f"{demo.stem}-Remove.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    column = rows[0].index("Connected On")
    shown = [r[column] for r in rows[1:] if r[column]]
    assert shown and all(len(v) == 10 and v[4] == "-" for v in shown), shown[:5]
    source = pd.read_csv(SAMPLE / "Basic_LinkedInDataExport_11-25-2026" / "Connections.csv",
                         skiprows=3)
    assert not set(shown) & set(source["Connected On"])  # not the text as written


def test_rows_change_colour_when_a_decision_is_typed(demo_book: openpyxl.Workbook) -> None:
    wb = demo_book
    for name in ("Connections", "Remove", "Review"):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        d = f"${openpyxl.utils.get_column_letter(header.index('Decision') + 1)}2"
        rules = {str(cf.sqref): [(r.formula[0], r.dxf) for r in cf.rules]
                 for cf in ws.conditional_formatting}
        last = openpyxl.utils.get_column_letter(len(header))
        row_rules = next(v for k, v in rules.items() if k.startswith("A2:" + last))
        formulas = [f for f, _ in row_rules]
        assert f'OR({d}="keep",{d}="k")' in formulas and f'OR({d}="remove",{d}="r")' in formulas
        assert all(dxf.fill is not None or dxf.font is not None for _, dxf in row_rules)
        unclear = next(v for k, v in rules.items() if k.startswith(d.replace("$", "")[0] + "2:"))
        assert unclear[0][0].startswith(f'AND({d}<>""')


def test_every_sheet_prints_landscape_one_page_wide_with_its_header(
        demo_book: openpyxl.Workbook) -> None:
    wb = demo_book
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (None, 1), ws.title  # 1 is the default
        if ws.title == "Summary":
            assert ws.page_setup.fitToHeight in (None, 1)  # one page, chart and all
        else:
            assert ws.page_setup.fitToHeight == 0, ws.title
            assert ws.print_title_rows == "$1:$1", ws.title
    assert str(wb["Remove"].print_area).endswith("$A$1:$K$" + str(wb["Remove"].max_row))


def test_summary_says_what_to_do_first_and_reads_well(demo: Path,
                                                     demo_book: openpyxl.Workbook) -> None:
    wb = demo_book
    ws = wb["Summary"]
    top = [ws.cell(r, 1).value for r in range(2, 5)]
    assert top[0].startswith("1. Open the Remove sheet: ") and "Decision" in top[0]
    assert top[1].startswith("2. Then the Review sheet: ")
    assert top[2].startswith("3. Next month")
    cells = {r[0].value: r for r in ws.iter_rows(max_col=3) if r[0].value}
    assert cells["Connections"][1].value == 2000
    assert cells["Connections"][1].number_format == "#,##0"
    share = cells["On target (prospect or complementary)"][1]
    assert share.number_format == "0.0%" and 0 < share.value < 1
    assert cells["prospect"][2].number_format == "0.0%"
    counts = {k: cells[k][1].value for k in ("placed", "not placeable", "no location known")}
    assert sum(counts.values()) == 2000 and counts["placed"] > 0
    labels = [r[0].value for r in ws.iter_rows(max_col=1)]
    assert labels.index("Inputs") > labels.index("Your decisions") > labels.index("keep")
    anchors = sorted(c.anchor._from.col for c in ws._charts)
    assert len(anchors) == 2 and anchors[1] > anchors[0]  # side by side
    with zipfile.ZipFile(demo) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        assert any(b"Recommendations" in zf.read(n) for n in charts)


def test_remove_and_review_are_grouped_by_reason_biggest_group_first(demo: Path) -> None:
    wb = openpyxl.load_workbook(demo, read_only=True)
    try:
        for name in ("Remove", "Review"):
            rows = list(wb[name].iter_rows(values_only=True))
            header = list(rows[0])
            group = [r[header.index("Group")] for r in rows[1:]]
            reason = [r[header.index("Reason")] for r in rows[1:]]
            # Each group's rows stand together, the biggest group first, and say their size.
            starts = [g for k, g in enumerate(group) if k == 0 or g != group[k - 1]]
            assert len(starts) == len(set(starts)) > 3
            sizes = [int(g.rsplit(" — ", 1)[1].split()[0].replace(",", "")) for g in starts]
            assert sizes == sorted(sizes, reverse=True) and sizes[0] > 1
            assert [group.count(g) for g in starts] == sizes
            # A group is one reason, or for the untagged one phrase.
            for g, r in zip(group, reason, strict=True):
                label = g.rsplit(" — ", 1)[0]
                assert label in (r, NO_PROFILE_GROUP) or label.startswith('unknown: phrase "')
            # Hidden and empty profiles are one group in Review.
            assert name == "Remove" or sum(g.startswith(NO_PROFILE_GROUP) for g in starts) == 1
        # The Connections sheet keeps the export's order.
        rows = list(wb["Connections"].iter_rows(values_only=True))
        header = list(rows[0])
        assert "Group" not in header
        export = SAMPLE / "Basic_LinkedInDataExport_11-25-2026" / "Connections.csv"
        lines = export.read_text(encoding="utf-8").splitlines()[3:]
        urls = [r["URL"] for r in csv.DictReader(lines)]
        assert [r[header.index("URL")] or "" for r in rows[1:]] == urls
    finally:
        wb.close()
