"""The phrases worth answering: `candidates.phrase_candidates` and the word lists of `lexicon`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import lexicon
from cleanup.judge import tagging
from cleanup.judge.candidates import phrase_candidates
from cleanup.rules import Rules

RULES = Rules.from_dict({"prospect": {"keywords": ["realtor"]}})


def people(*rows: tuple[str, str]) -> pd.DataFrame:
    """(position, company) per made-up person, none tagged yet."""
    frame = pd.DataFrame(rows, columns=["position", "company"])
    return frame.assign(tag="unknown", unrelated=False, hidden=False)


def offered(frame: pd.DataFrame, rules: Rules = RULES) -> dict[str, int]:
    return {c.phrase: len(c.people) for c in phrase_candidates(frame, rules)}


@pytest.mark.slow  # over a second: out of the quick loop
def test_owner_and_leader_words_are_offered() -> None:
    found = offered(people(("Owner", "A"), ("Owner/Operator", "B"), ("Founder & CEO", "C"),
                           ("Co-Founder", "D"), ("Founder", "E"), ("President", "F"),
                           ("President", "G"), ("Managing Partner", "H"), ("Partner", "I"),
                           ("Principal", "J"), ("Principal", "K"), ("cofounder", "L")))
    assert {"owner": 2, "founder": 2, "co-founder": 2, "president": 2, "partner": 2,
            "principal": 2}.items() <= found.items()
    assert "manager" not in found


def test_an_abbreviation_and_its_long_form_are_one_phrase() -> None:
    found = phrase_candidates(people(("CEO", "A"), ("Chief Executive Officer", "B"),
                                     ("Vice President of Sales", "C"), ("VP Sales", "D"),
                                     ("HR Manager", "E"), ("Human Resources Manager", "F"),
                                     ("R&D Engineer", "G"), ("Research and Development", "H")),
                              RULES)
    by = {c.phrase: c for c in found}
    assert len(by["ceo"].people) == 2
    assert by["ceo"].forms == ("ceo", "chief executive officer")
    assert len(by["vp"].people) == 2 and len(by["hr manager"].people) == 2
    assert by["hr manager"].forms == ("hr manager", "human resources manager")
    assert len(by["r&d"].people) == 2
    assert not {"chief", "executive", "human", "resources", "research"} & set(by)


def test_an_answer_applies_to_every_form_of_its_phrase() -> None:
    rules = RULES.with_answers({"prospect": ["ceo"], "competitor": ["Human Resources"]})
    frame = pd.DataFrame({"position": ["Chief Executive Officer", "CEO", "HR Director"],
                          "company": ["A", "B", "C"]})
    tags = tagging.tag(frame, rules)
    assert tags["tag"].tolist() == ["prospect", "prospect", "competitor"]
    assert rules.answered["prospect"] == ("ceo", "chief executive officer")
    assert rules.answered["competitor"] == ("Human Resources", "hr")


def test_no_fragments_of_dotted_or_hyphenated_abbreviations() -> None:
    found = offered(people(("Cashier", "H-E-B"), ("Stocker", "H-E-B"), ("Clerk", "H.E.B."),
                           ("Clerk", "H.E.B."), ("Student", "St. Edward's University"),
                           ("Student", "St. Edward's University")))
    assert not {"e b", "h e", "b", "s university", "e"} & set(found)
    assert {"h-e-b", "edward's university"} <= set(found)


def test_legal_forms_stop_words_and_places_are_not_phrases() -> None:
    found = offered(people(*[(p, c) for p, c in [
        ("Manager", "Acme Plumbing Ltd"), ("Manager", "Zenit Plumbing Limited"),
        ("Engineer", "Volvo AB"), ("Engineer", "Saab AB"), ("Consultant", "Kraft GmbH"),
        ("Consultant", "Blau GmbH"), ("Realtor in Austin, Texas", "X"),
        ("Realtor in Austin, Texas", "Y"), ("Austin plumber", "Z"), ("Austin plumber", "W"),
    ]]))
    assert "plumbing" in found and "plumber" in found
    assert not {"ltd", "limited", "ab", "gmbh", "austin", "texas", "austin plumber",
                "plumbing ltd", "in"} & set(found)


def test_stop_words_of_the_languages_the_titles_use_are_left_out() -> None:
    swedish = [("VD och grundare", "A"), ("Säljare och konsult", "B"),
               ("Chef för ekonomi", "C"), ("Ekonomi och finans", "D"),
               ("Konsult inom IT", "E"), ("Lärare", "F"), ("Ägare av butik", "G")] * 3
    found = offered(people(*swedish))
    assert not {"och", "för", "inom", "av"} & set(found)
    assert "ekonomi" in found
    french = offered(people(*[("Chef de projet", "A"), ("Responsable des ventes", "B"),
                              ("Directeur de la communication", "C"),
                              ("Ingénieur en informatique", "D")] * 3))
    assert not {"de", "des", "la", "en", "chef de", "de projet"} & set(french)
    assert {"chef", "projet", "responsable", "ventes"} <= set(french)
    # An English network keeps a word that is a stop word elsewhere ("care" in Romanian).
    english = offered(people(*[("Home Care Nurse", "A")] * 3, *[("Door installer", "B")] * 2))
    assert {"home care", "care nurse", "door installer"} <= set(english)


def test_a_word_nearly_always_inside_one_phrase_is_merged_into_it() -> None:
    found = offered(people(*[("Electrical Engineer", "A")] * 4, ("Electrical", "B"),
                           *[("Engineer", "C")] * 3, *[("Civil Engineer", "D")] * 2))
    assert "electrical" not in found and found["electrical engineer"] == 4
    assert found["engineer"] == 9  # most engineers are not electrical ones: asked on its own


def test_company_words_are_labelled_and_show_positions() -> None:
    found = phrase_candidates(people(("Teller", "Lone Star Credit Union"),
                                     ("Loan Officer", "Sunset Credit Union")), RULES)
    [credit] = [c for c in found if c.phrase == "credit union"]
    assert credit.field == "Company"
    assert credit.examples == ("Teller (Lone Star Credit Union)",
                               "Loan Officer (Sunset Credit Union)")


def test_phrases_the_rules_or_answers_name_are_not_offered_in_any_form() -> None:
    rules = RULES.with_answers({"prospect": ["chief executive officer"]})
    found = offered(people(("CEO", "A"), ("CEO", "B"), ("Realtor", "C"), ("Realtor", "D")),
                    rules)
    assert not {"ceo", "realtor"} & set(found)


@pytest.mark.parametrize(("phrase", "forms"), [
    ("ceo", ("ceo", "chief executive officer")),
    ("Chief Executive Officer", ("Chief Executive Officer", "ceo")),
    ("information technology", ("information technology",)),  # never the keyword "it"
    ("plumber", ("plumber",)),
])
def test_forms(phrase: str, forms: tuple[str, ...]) -> None:
    assert lexicon.forms(phrase) == forms


def test_a_long_form_tagged_by_an_answer_names_that_answer(tmp_path: Path) -> None:
    from cleanup import pipeline

    out = tmp_path / "reports"
    out.mkdir()
    (out / "phrases.csv").write_text("Phrase,Answer,Answered On,Source Workbook\n"
                                     "ceo,prospect,2026-01-25,x.xlsx\n", encoding="utf-8")
    export = tmp_path / "Connections.csv"
    export.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                      "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,Chief Executive "
                      "Officer,05 Mar 2024\n", encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text('[prospect]\nkeywords = ["realtor"]\n', encoding="utf-8")
    result = pipeline.analyse(export, rules, out=out, as_of=date(2026, 2, 25))
    [reason] = result.people["reason"].tolist()
    assert reason == ('prospect: "chief executive officer" in Position (your answer of '
                      '2026-01-25)')


WORDS = ["CEO", "Chief Executive Officer", "H-E-B", "Co-Founder", "R&D", "Owner", "of", "och",
         "LLC", "Austin", "Web", "Developer", "Developers", "Sr.", "St. Edward's", "Human",
         "Resources", "IT", "Information Technology", "Électricien", "/", ",", "&", " - ",
         "(", ")", "GmbH", "Plumber", "Plumbing"]


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=6),
                          st.lists(st.sampled_from(WORDS), max_size=4)),
                min_size=1, max_size=12))
def test_an_answer_to_a_phrase_would_match_every_one_of_its_holders(
        rows: list[tuple[list[str], list[str]]]) -> None:
    """Every holder of a phrase has one of its forms as whole words of their Position or
    Company: the count a phrase shows is the people its answer would tag."""
    frame = people(*[(" ".join(p), " ".join(c)) for p, c in rows])
    for candidate in phrase_candidates(frame, RULES, min_holders=1):
        pattern = tagging.compile_keywords(candidate.forms)
        assert pattern is not None
        for row in candidate.people:
            texts = [tagging.fold(pd.Series([frame.at[row, f]])).iloc[0]
                     for f in ("position", "company")]
            assert any(pattern.search(t) for t in texts), (candidate.phrase, texts)
