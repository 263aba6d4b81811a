"""Enrichment files as CRMs and lead tools write them: Apollo, HubSpot, Salesforce."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from cleanup.read import enrich
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections

ARCHIVE = Path(__file__).parent / "data" / "archive"


def people_of(tmp_path: Path, connections: str = "connections.csv") -> pd.DataFrame:
    folder = tmp_path / "export"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARCHIVE / connections, folder / "Connections.csv")
    return read_connections(Archive.open(folder)).people


def located(result: enrich.Enrichment) -> dict[str, str]:
    people = result.people
    return dict(zip(people["name"], people["location_text"], strict=True))


@pytest.mark.parametrize("fixture, name, place", [
    ("enrich_apollo.csv", "Ada Example", "Austin, Texas, United States"),
    ("enrich_apollo.csv", "Bob Builder", "Bavaria, Germany"),  # no City: skipped, no ", ,"
    ("enrich_hubspot.csv", "José Müller", "Lyon, France"),
    ("enrich_hubspot.csv", "Erin Quiet", "Houston, Texas, United States"),
    ("enrich_salesforce.csv", "Erin Quiet", "Houston, TX, United States"),
])
def test_location_is_composed_from_city_state_country(tmp_path: Path, fixture: str, name: str,
                                                      place: str) -> None:
    result = enrich.apply(people_of(tmp_path), [ARCHIVE / fixture])
    assert located(result)[name] == place
    assert result.people.set_index("name").loc[name, "place"] is not None


def test_apollo_industry_is_read_and_url_column_recognised(tmp_path: Path) -> None:
    result = enrich.apply(people_of(tmp_path), [ARCHIVE / "enrich_apollo.csv"])
    assert result.people.set_index("name").loc["Ada Example", "industry"] == "Real Estate"
    assert result.matched == 3 and result.unmatched == 0


def test_file_without_url_joins_on_full_name_and_company(tmp_path: Path) -> None:
    # Salesforce keeps no LinkedIn URL: John Smith at Other Co is the one of the two John
    # Smiths who works there; Pat Partner is no connection in this export.
    result = enrich.apply(people_of(tmp_path), [ARCHIVE / "enrich_salesforce.csv"])
    people = result.people
    johns = people[people["name"].eq("John Smith")].set_index("company")["location_text"]
    assert johns.to_dict() == {"Smith Web": "", "Other Co": "Toronto, Ontario, Canada"}
    assert result.unmatched == 1
    assert any("2 rows were joined by full name and company" in str(n)
               for n in result.notices)


def test_connections_without_urls_say_why_and_join_by_name(tmp_path: Path) -> None:
    result = enrich.apply(people_of(tmp_path, "connections_2022.csv"),
                          [ARCHIVE / "enrich_apollo.csv"])
    assert located(result)["Ada Example"] == "Austin, Texas, United States"
    assert any("your Connections.csv has no profile URLs (LinkedIn added them in late "
               "2023), so no row could be joined on its URL; 3 rows were joined by full name "
               "and company instead" in str(n) for n in result.notices)


def test_connections_without_urls_and_a_url_only_file_say_why_nothing_matched(
        tmp_path: Path) -> None:
    result = enrich.apply(people_of(tmp_path, "connections_2022.csv"),
                          [ARCHIVE / "enrich_inviters.csv"])
    assert result.matched == 0
    assert any("no row could be joined on its URL; the file has no First Name, Last Name and "
               "Company columns to join on instead" in str(n) for n in result.notices)


def test_name_never_overrides_a_different_url(tmp_path: Path) -> None:
    moved = tmp_path / "apollo.csv"
    moved.write_text((ARCHIVE / "enrich_apollo.csv").read_text(encoding="utf-8").replace(
        "in/ada-example", "in/ada-example-2"), encoding="utf-8")
    result = enrich.apply(people_of(tmp_path), [moved])
    assert located(result)["Ada Example"] == ""
    assert result.unmatched == 1


def test_shared_name_and_company_is_never_guessed(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,Company,Position,Connected On\n"
        "Pat,Partner,Partner Studio,Designer,05 Mar 2022\n"
        "Pat,Partner,Partner Studio,Developer,04 Mar 2022\n", encoding="utf-8")
    people = read_connections(Archive.open(folder)).people
    result = enrich.apply(people, [ARCHIVE / "enrich_salesforce.csv"])
    assert result.people["location_text"].eq("").all()


def test_file_with_neither_url_nor_names_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text("Email,City\nada@example.com,Austin\n", encoding="utf-8")
    with pytest.raises(enrich.InputError, match="no profile-URL column, and no First Name"):
        enrich.apply(people_of(tmp_path), [bad])
