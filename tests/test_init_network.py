"""`init` on made-up archives in English, Spanish and with emoji: keywords in the owner's own
words, never one generic word alone, prospects when the business sells to businesses, and each
keyword's reach in the network in the comments."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from helpers import write_connections

from cleanup import rules, starter

PROFILE_HEADER = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
                  "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n")
#: (position, company) of the made-up network.
NETWORK = [("Real Estate Developer", "Brick Homes"), ("Business Development Manager", "Acme"),
           ("Learning and Development Specialist", "Big Corp"), ("Web Developer", "Pixel"),
           ("Freelance web designer", ""), ("Owner", "Corner Bakery"),
           ("Product Owner", "Softco"), ("Founder & CEO", "Tiny Shop"), ("Student", "Uni"),
           ("Diseñadora web", "Estudio Sol"), ("Desarrollador web", ""),
           ("Dueño", "Panadería Luna"), ("Photographer", "Lens Co")]


def _archive(folder: Path, headline: str, title: str = "", industry: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "Profile.csv").write_text(
        PROFILE_HEADER + f'Sam,Rivera,,,,"{headline}",,{industry},,,,,\n', encoding="utf-8")
    if title:
        (folder / "Positions.csv").write_text(
            "Company Name,Title,Description,Location,Started On,Finished On\n"
            f"Sam Studio,{title},,,Jan 2020,\nOld Job,Clerk,,,Jan 2010,Dec 2019\n",
            encoding="utf-8")
    write_connections(folder / "Connections.csv", [
        [f"P{i}", "Example", f"https://www.linkedin.com/in/p-{i}", "", company, position,
         "01 Mar 2024"] for i, (position, company) in enumerate(NETWORK)])
    return folder


def _init(tmp_path: Path, headline: str, **profile: str) -> tuple[starter.Starter, rules.Rules]:
    out = tmp_path / "rules.toml"
    written = starter.write(out, export=_archive(tmp_path / "export", headline, **profile))
    return written, rules.load(out)


def test_a_generic_word_is_never_proposed_alone(tmp_path: Path) -> None:
    written, loaded = _init(tmp_path, "Web design & development for small businesses")
    competitor = loaded.keywords["competitor"]
    assert competitor == ("web design", "web designer", "web development", "web developer")
    assert not {"development", "developer", "design"} & set(competitor)
    # None of the three people the single words tagged is tagged now.
    tagged = {e for k in competitor for e in _examples(written.text, k)}
    assert not tagged & {"Real Estate Developer", "Business Development Manager",
                         "Learning and Development Specialist"}


def _examples(text: str, keyword: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f'#   "{keyword}" tags'))
    return [e.strip(' "') for e in line.partition("e.g. ")[2].split('", "') if e]


def test_the_comments_say_how_many_each_keyword_tags_with_examples(tmp_path: Path) -> None:
    written, _ = _init(tmp_path, "Web design & development for small businesses")
    n = len(NETWORK)
    assert f'#   "web developer" tags 1 of your {n} connections (7.7%), e.g. "Web Developer"' \
        in written.text
    assert f'#   "web designer" tags 1 of your {n} connections' in written.text
    # `owner` does not count inside "Product Owner", as in a run.
    assert (f'#   "owner" tags 1 of your {n} connections (7.7%), e.g. "Owner"'
            in written.text)
    assert "in brackets: how many of your 13 connections each keyword tags" in written.notes
    assert "competitor keywords: 'web design' (0), 'web designer' (1), 'web development' (0), " \
        "'web developer' (1)" in written.notes


def test_selling_to_businesses_proposes_owner_titles_and_unrelated(tmp_path: Path) -> None:
    written, loaded = _init(tmp_path, "Web design & development for small businesses")
    assert loaded.keywords["prospect"][:4] == ("owner", "founder", "co-founder", "ceo")
    assert "product owner" in loaded.excepts["prospect"]
    assert "Your Headline says you sell to businesses" in written.text
    assert '# keywords = ["student", "intern", "retired"]' in written.text
    assert loaded.keywords["unrelated"] == ()  # suggested only: nothing guessed is switched on


def test_no_business_buyers_no_prospects(tmp_path: Path) -> None:
    _, loaded = _init(tmp_path, "Wedding photographer in Austin")
    assert loaded.keywords["prospect"] == ()
    assert loaded.keywords["competitor"] == ("wedding photographer",)


def test_a_spanish_headline_is_read_in_spanish(tmp_path: Path) -> None:
    written, loaded = _init(tmp_path, "Diseño y desarrollo web para pymes")
    assert loaded.keywords["competitor"] == ("diseno web", "disenador web", "desarrollo web",
                                             "desarrollador web")
    assert loaded.keywords["prospect"][:3] == ("dueno", "fundador", "fundadora")
    assert written.has_keywords
    assert '"desarrollador web" tags 1 of your 13 connections' in written.text
    assert '"dueno" tags 1 of your 13 connections' in written.text  # Dueño, any accent


@pytest.mark.parametrize("headline", ["🚀 Web designer ✨ Photographer 📸",
                                      "Web designer🚀Photographer",
                                      "👩\u200d💻 Web designer | Photographer"])
def test_emoji_separate_the_parts_of_a_headline(tmp_path: Path, headline: str) -> None:
    written, loaded = _init(tmp_path, headline)
    assert loaded.keywords["competitor"] == ("web designer", "photographer")
    assert written.has_keywords


def test_the_current_job_title_is_read_too(tmp_path: Path) -> None:
    _, loaded = _init(tmp_path, "Helping founders ship faster", title="UX Designer")
    assert loaded.keywords["competitor"] == ("ux designer",)


def test_every_proposal_says_where_it_came_from(tmp_path: Path) -> None:
    written, _ = _init(tmp_path, "Web design & development for small businesses",
                       title="Web Developer", industry="Design Services")
    text = written.text
    assert "# From your Headline: Web design & development for small businesses" in text
    assert "# your current job title: Web Developer" in text
    doc = tomllib.loads(text)
    assert doc["competitor"]["keywords"] == ["web design", "web designer", "web development",
                                             "web developer"]


def test_the_summary_says_whom_the_business_sells_to_when_the_headline_does_not(
        tmp_path: Path) -> None:
    folder = _archive(tmp_path / "export", "Web designer")
    text = (folder / "Profile.csv").read_text(encoding="utf-8")
    (folder / "Profile.csv").write_text(text.replace(
        '"Web designer",,', '"Web designer","Sites that sell, for B2B teams.",'),
        encoding="utf-8")
    written = starter.write(tmp_path / "rules.toml", export=folder)
    assert written.prospect[:2] == ("owner", "founder")
    assert 'Your Summary says you sell to businesses ("b2b")' in written.text
