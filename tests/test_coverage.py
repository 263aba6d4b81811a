"""The Rules sheet: hits per keyword and field, dead and broad keywords, overlaps, ideas."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import Page, connections_csv, rules_toml

from cleanup import pipeline, rules
from cleanup.judge import coverage, tagging
from cleanup.writers import report, workbook

RULES = rules_toml({"prospect": ["realtor", "real estate"], "complementary": ["photographer"],
                    "competitor": ["web developer"]})
# (position, company); 12 connections, one of them hidden.
ROWS = [
    ("Realtor", "Acme Realty"),  # 0 realtor in Position
    ("Web Developer", ""),  # 1 web developer
    ("Realtor and Web Developer", ""),  # 2 both: prospect wins, an overlap
    ("Dental Hygienist", ""),  # 3 unknown
    ("Senior Dental Hygienist at Smile Co", ""),  # 4 unknown
    ("Head of Marketing", ""),  # 5 unknown
    ("", ""),  # 6 hidden member
    ("Realtors", "Realtor Group"),  # 7 realtor in Position and Company: one connection
    ("Dental Hygienist", ""),  # 8
    ("Plumber", ""),  # 9
    ("Plumber, Master Plumber", ""),  # 10: a word counts once per connection
    ("Teacher", ""),  # 11
]


@pytest.fixture
def checked_rules(tmp_path: Path) -> rules.Rules:
    p = tmp_path / "rules.toml"
    p.write_text(RULES, encoding="utf-8")
    return rules.load(p)


def analysed(checked: rules.Rules) -> coverage.Coverage:
    people = pd.DataFrame({"position": [r[0] for r in ROWS], "company": [r[1] for r in ROWS],
                           "hidden": [r == ("", "") for r in ROWS]})
    matches = tagging.match(people, checked)
    people = people.join(tagging.tag(people, checked, matches))
    return coverage.analyse(people, matches, checked)


def test_hits_per_keyword_and_field(checked_rules: rules.Rules) -> None:
    cov = analysed(checked_rules)
    assert cov.fields == ("Position", "Company")
    table = cov.keywords.set_index("keyword")
    assert table.loc["realtor", ["Position", "Company", "connections"]].tolist() == [3, 1, 3]
    assert table.loc["web developer", ["Position", "Company", "connections"]].tolist() == [
        2, 0, 2]
    assert list(table.index) == ["realtor", "real estate", "photographer", "web developer"]
    assert cov.hits.values.tolist() == [["prospect", "realtor", "Position", 3],
                                        ["prospect", "realtor", "Company", 1],
                                        ["competitor", "web developer", "Position", 2]]


def test_keywords_that_matched_nothing(checked_rules: rules.Rules) -> None:
    cov = analysed(checked_rules)
    assert cov.unused[["category", "keyword"]].values.tolist() == [
        ["prospect", "real estate"], ["complementary", "photographer"]]
    assert cov.keywords.set_index("keyword").loc["photographer", "note"].startswith(
        "matched nothing")


def test_broad_keywords_match_more_than_a_fifth(checked_rules: rules.Rules) -> None:
    cov = analysed(checked_rules)
    # realtor: 3 of 12 = 25 % (too broad); web developer: 2 of 12 = 16.7 % (fine).
    assert cov.broad["keyword"].tolist() == ["realtor"]
    assert cov.broad["share"].tolist() == [0.25]
    assert cov.keywords.set_index("keyword").loc["realtor", "note"] == (
        "matches 25 % of your network: too broad?")


def test_overlaps_between_categories(checked_rules: rules.Rules) -> None:
    cov = analysed(checked_rules)
    assert cov.overlaps.values.tolist() == [
        ["prospect + competitor", 1, '"realtor" + "web developer" (1)']]


def test_suggestions_from_unknown_positions(checked_rules: rules.Rules) -> None:
    cov = analysed(checked_rules)
    assert cov.unknown == 8
    words = cov.suggestions[cov.suggestions["kind"].eq("word")]
    assert words[["text", "connections"]].values.tolist() == [
        ["dental", 3], ["hygienist", 3], ["plumber", 2], ["marketing", 1], ["master", 1],
        ["smile", 1], ["teacher", 1]]
    phrases = cov.suggestions[cov.suggestions["kind"].eq("phrase")]
    # "senior dental", "hygienist at", "head of", "smile co": a stop word on either side.
    assert phrases[["text", "connections"]].values.tolist() == [["dental hygienist", 3],
                                                                ["master plumber", 1]]


def test_suggestions_are_capped_at_twenty_of_each_kind(checked_rules: rules.Rules) -> None:
    people = pd.DataFrame({"position": [f"Word{chr(97 + i)} Thing{chr(97 + i)}"
                                        for i in range(25)], "company": "", "hidden": False})
    matches = tagging.match(people, checked_rules)
    people = people.join(tagging.tag(people, checked_rules, matches))
    cov = coverage.analyse(people, matches, checked_rules)
    assert cov.suggestions["kind"].value_counts().to_dict() == {"word": 20, "phrase": 20}


def test_no_hit_at_all_still_lists_every_keyword(checked_rules: rules.Rules) -> None:
    people = pd.DataFrame({"position": ["Teacher"], "company": [""], "hidden": [False]})
    matches = tagging.match(people, checked_rules)
    people = people.join(tagging.tag(people, checked_rules, matches))
    cov = coverage.analyse(people, matches, checked_rules)
    assert len(cov.unused) == 4 and cov.hits.empty and cov.overlaps.empty


# ---------------------------------------------------------------------------- outputs

CONNECTIONS = connections_csv(
    (f"P{i}", "Q", f"https://www.linkedin.com/in/p{i}", "", company, position, "05 Mar 2024")
    for i, (position, company) in enumerate(ROWS) if (position, company) != ("", ""))


def _result(tmp_path: Path) -> pipeline.Result:
    (tmp_path / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8")
    (tmp_path / "rules.toml").write_text(RULES, encoding="utf-8")
    return pipeline.analyse(tmp_path / "Connections.csv", tmp_path / "rules.toml",
                            as_of=date(2024, 4, 1))


def test_rules_sheet(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    workbook.write(_result(tmp_path), path)
    rows = [r for r in openpyxl.load_workbook(path)["Rules"].iter_rows(values_only=True)]
    first = [r[0] for r in rows]
    for title in ("Hits per keyword and field", "Keywords that matched nothing (typos?)",
                  "Connections matched by keywords of two categories"):
        assert title in first
    header = rows[first.index("Hits per keyword and field") + 1]
    assert header[:7] == ("Category", "Keyword", "Position", "Company", "Industry",
                          "Headline", "Connections")
    realtor = next(r for r in rows if r[:2] == ("prospect", "realtor"))
    assert realtor[2:8] == (3, 1, 0, 0, 3, 3 / 11)  # numbers, the share as a number
    assert ("phrase", "dental hygienist", 3) in [r[:3] for r in rows]


def test_coverage_html_section(tmp_path: Path) -> None:
    page = Page(report.render(_result(tmp_path)))
    assert {"coverage", "coverage-unused", "coverage-broad", "coverage-overlaps",
            "coverage-suggestions"} <= page.ids
    assert "dental hygienist" in page.words
