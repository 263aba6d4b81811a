"""A keyword that is also a company of the network (`webflow`, `salesforce`): the Rules sheet
and the run's notes say how many it matches by Company and by Position (made-up people)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from helpers import rules_toml, write_connections

from cleanup import pipeline
from cleanup.writers import workbook

VENDOR = "also a company"


def _run(tmp_path: Path) -> pipeline.Result:
    write_connections(tmp_path / "Connections.csv", [
        ["Ann", "Staff", "", "", "Webflow", "Account Executive", "01 Mar 2024"],
        ["Ben", "Staff", "", "", "Webflow, Inc.", "Support Engineer", "01 Mar 2024"],
        ["Cat", "Admin", "", "", "Acme Realty", "Salesforce Administrator", "01 Mar 2024"],
        ["Dan", "Rival", "", "", "Pixel Studio", "Webflow Developer", "01 Mar 2024"],
        ["Eve", "Rival", "", "", "Freelance", "Webflow designer", "01 Mar 2024"],
        ["Fay", "Vendor", "", "", "Salesforce", "Solutions Engineer", "01 Mar 2024"],
        ["Gus", "Other", "", "", "Webflow Experts Ltd", "Owner", "01 Mar 2024"],
        *[[f"P{i}", "Plumber", "", "", "Pipes", "Plumber", "01 Mar 2024"] for i in range(20)]])
    (tmp_path / "rules.toml").write_text(rules_toml(
        {"prospect": ["realty"], "competitor": ["webflow", "salesforce", "web designer"]}),
        encoding="utf-8")
    return pipeline.analyse(tmp_path / "Connections.csv", tmp_path / "rules.toml",
                            as_of=date(2024, 4, 1))


def test_a_keyword_that_is_a_company_is_noted_with_its_counts(tmp_path: Path) -> None:
    result = _run(tmp_path)
    notes = result.coverage.keywords.set_index("keyword")["note"]
    assert notes["webflow"] == (
        "also a company in your network ('Webflow', 2 people work there): matches 3 by "
        "Company and 2 by Position; its own staff may not belong in [competitor]: add an "
        "except phrase or use a longer keyword")
    assert notes["salesforce"].startswith("also a company in your network ('Salesforce', "
                                          "1 person works there): matches 1 by Company and 1 "
                                          "by Position")
    assert VENDOR not in notes["web designer"] and VENDOR not in notes["realty"]
    said = [str(n) for n in result.notices if "also a company" in str(n)]
    assert said == [
        "the competitor keyword 'webflow' is also a company in your network ('Webflow', 2 "
        "people work there): matches 3 by Company and 2 by Position; its own staff may not "
        "belong in [competitor]: add an except phrase or use a longer keyword.",
        "the competitor keyword 'salesforce' is also a company in your network ('Salesforce', "
        "1 person works there): matches 1 by Company and 1 by Position; its own staff may not "
        "belong in [competitor]: add an except phrase or use a longer keyword."]


def test_the_rules_sheet_shows_the_note(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    workbook.write(_run(tmp_path), path)
    rows = list(openpyxl.load_workbook(path)["Rules"].iter_rows(values_only=True))
    header = rows[[r[0] for r in rows].index("Hits per keyword and field") + 1]
    webflow = next(r for r in rows if r[:2] == ("competitor", "webflow"))
    assert webflow[header.index("Position")] == 2 and webflow[header.index("Company")] == 3
    assert str(webflow[header.index("Note")]).startswith("also a company in your network")


def test_a_company_named_like_its_staffs_position_is_not_noted(tmp_path: Path) -> None:
    """People who write "Retired" as Company and Position are what `retired` means: the
    Company match adds nobody, so there is no vendor's staff to warn of."""
    write_connections(tmp_path / "Connections.csv", [
        *[[f"R{i}", "Old", "", "", "Retired", "Retired", "01 Mar 2024"] for i in range(3)],
        ["Ray", "Old", "", "", "Acme Energy", "Retired engineer", "01 Mar 2024"],
        *[[f"P{i}", "Plumber", "", "", "Pipes", "Plumber", "01 Mar 2024"] for i in range(20)]])
    (tmp_path / "rules.toml").write_text(rules_toml(
        {"prospect": ["plumber"], "unrelated": ["retired"]}), encoding="utf-8")
    result = pipeline.analyse(tmp_path / "Connections.csv", tmp_path / "rules.toml",
                              as_of=date(2024, 4, 1))
    assert not [n for n in result.notices if VENDOR in str(n)]
    assert VENDOR not in result.coverage.keywords.set_index("keyword")["note"]["retired"]
