"""The workbook, reopened with openpyxl (SPEC §8): structure, links, text never a formula."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup import pipeline

DATA = Path(__file__).parent / "data"
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
          "Connected On"]
ADDED = ["Tag", "Recommendation", "Reason", "Location", "Decision"]
HOSTILE = ['=HYPERLINK("http://evil.example","win")', "+1", "-2+3", "@SUM(A1)",
           "=cmd|' /C calc'!A0", "\t=1+1", "=1+1"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


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
        dv = wb[name].data_validations.dataValidation
        assert len(dv) == 1 and dv[0].formula1 == '"keep,remove"'
        assert str(dv[0].sqref).startswith("B2:B" if name != "Connections" else "L2:L")


def test_same_input_same_cells(tmp_path: Path, rules_file: Path) -> None:
    a = pipeline.run(DATA / "connections_current.csv", rules_file, tmp_path / "a",
                     as_of=date(2026, 11, 25))
    b = pipeline.run(DATA / "connections_current.csv", rules_file, tmp_path / "b",
                     as_of=date(2026, 11, 25))

    def cells(p: Path) -> list[list[object]]:
        wb = openpyxl.load_workbook(p)
        return [[c for c in r] for ws in wb for r in ws.iter_rows(values_only=True)
                if ws.title != "Summary"]

    assert cells(a.paths["xlsx"]) == cells(b.paths["xlsx"])


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=25)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
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
