"""The run summary is computed once and said three ways; notices carry a kind."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from cleanup import cli, pipeline
from cleanup.errors import Notice
from cleanup.judge.tagging import NO_LOCATION, NO_LOCATION_NOTE
from cleanup.model import Result
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections
from cleanup.writers.runsummary import summarise

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    folder = tmp_path_factory.mktemp("run")
    rules = folder / "rules.toml"
    rules.write_text('[business]\nname = "Shop"\nscope = "local"\nlocations = ["Texas"]\n'
                     '[prospect]\nkeywords = ["realtor"]\n[competitor]\n'
                     'keywords = ["web developer"]\n', encoding="utf-8")
    return pipeline.run(DATA / "connections_current.csv", rules, folder / "out",
                        as_of=date(2026, 1, 25))


def test_the_summary_counts_what_the_people_table_holds(result: Result) -> None:
    s = summarise(result)
    people = result.people
    assert s.total == len(people)
    assert s.counts == people["recommendation"].value_counts().reindex(
        list(s.counts), fill_value=0).to_dict()
    assert sum(s.by_tag.values()) == s.total
    assert [step.kind for step in s.steps] == ["remove", "review", *(
        ["by phrase"] if s.phrase_people else []), "decide", "next month"]
    assert s.steps[0].count == s.counts["remove"]


def test_the_cli_the_summary_sheet_and_the_report_say_the_same_figures(
        result: Result) -> None:
    s = summarise(result)
    text = cli.summary(result)
    for rec, n in s.counts.items():
        assert re.search(rf"^  {re.escape(rec)}\s+{n:,}$", text, re.M), rec
    assert f"Work through the Remove sheet ({s.counts['remove']:,}), then Review " \
           f"({s.counts['review']:,})" in text
    wb = openpyxl.load_workbook(result.paths["xlsx"], read_only=True)
    cells = [c for row in wb["Summary"].iter_rows(values_only=True) for c in row
             if c is not None]
    wb.close()
    assert (f"1. Open the Remove sheet: {s.counts['remove']:,} connections the rules would "
            "remove. Type keep or remove in the Decision column.") in cells
    assert NO_LOCATION_NOTE in cells
    html = result.paths["html"].read_text(encoding="utf-8")
    for rec, n in s.counts.items():
        assert f'id="fig-{rec}" data-count="{n}"' in html
    assert f'id="fig-total" data-count="{s.total}"' in html


def test_a_notice_with_a_remedy_is_worded_by_whoever_prints_it(result: Result) -> None:
    assert NO_LOCATION in result.notices
    assert NO_LOCATION.code == "no-location" and NO_LOCATION.hint == "enrich"
    assert "add enrichment files with a Location column to use" in str(NO_LOCATION)
    flagged = NO_LOCATION.said(fix="add --enrich FILE")
    assert "add --enrich FILE to use the location rule" in flagged
    assert "enrichment files" not in flagged
    assert "add --enrich FILE to use the location rule" in cli.summary(result)


def test_a_notice_says_its_fields_and_keeps_them(tmp_path: Path) -> None:
    p = tmp_path / "Connections.csv"
    p.write_text("First Name,Last Name,Company,Position,Connected On\n"
                 "Ada,E,Acme,Owner,someday\nBo,F,Acme,Owner,05 Mar 2024\nCy,G,Acme,Owner,x\n",
                 encoding="utf-8")
    [notice] = read_connections(Archive.open(p)).notices
    assert notice.code == "dates-unread"
    assert dict(notice.fields) == {"count": 2, "column": "Connected On", "first_line": 2,
                                   "first_value": "someday"}
    assert str(notice) == (f"{p}: 2 'Connected On' dates could not be read (first on line 2: "
                           "'someday'); those rows are kept without a date.")


def test_a_value_in_a_field_is_never_read_as_a_template() -> None:
    notice = Notice("x.csv", None, code="dates-unread", template="{first_value!r} not read",
                    fields={"first_value": "{fix} {0}"})
    assert str(notice) == "x.csv: '{fix} {0}' not read"
    assert len({notice, notice}) == 1  # hashable, its fields a dict all the same
