"""Keyword matching, precedence and recommendations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from helpers import write_rules
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import rules
from cleanup.judge import recommend, tagging
from cleanup.terms import TAGS
from cleanup.text import fold_one

BASE = {
    "prospect": ["realtor", "real estate", "broker", "restaurant", "dental practice"],
    "complementary": ["copywriter", "photographer", "seo", "art director"],
    "competitor": ["web designer", "web developer", "creatrice", "art", "c++"],
}


def make_rules(tmp_path: Path, extra: str = "", *, keep: dict[str, list[str]] | None = None,
               remove: dict[str, list[str]] | None = None, **keywords: list[str]) -> rules.Rules:
    """BASE's keywords (or others), with `extra` lines in [business], written and loaded."""
    return rules.load(write_rules(tmp_path, {**BASE, **keywords}, scope="international",
                                  business_lines=extra, keep=keep, remove=remove))


def people(rows: list[tuple[str, str]], **more: list[str]) -> pd.DataFrame:
    n = len(rows)
    frame = pd.DataFrame({
        "first": ["Ann"] * n, "last": ["Lee"] * n, "name": ["Ann Lee"] * n,
        "position": [r[0] for r in rows], "company": [r[1] for r in rows],
        "url": [""] * n, "key": [""] * n, "link": [""] * n, "email": [""] * n,
        "connected": pd.to_datetime(["2020-01-01"] * n),
        "hidden": [False] * n,
    })
    for column, values in more.items():
        frame[column] = values
    return frame


# (position, company, expected tag, expected keyword or None)
CASES = [
    ("Realtor", "", "prospect", "realtor"),
    ("REALTOR®", "Keller Williams", "prospect", "realtor"),
    ("Realtors", "", "prospect", "realtor"),
    ("Realtor's assistant", "", "prospect", "realtor"),
    ("Real-Estate Agent", "", "prospect", "real estate"),
    ("Real  Estate Investor", "", "prospect", "real estate"),
    ("real/estate", "", "prospect", "real estate"),
    ("Real_Estate", "", "prospect", "real estate"),
    ("Brokerage Operations Analyst", "", "unknown", None),
    ("Mortgage Broker", "", "prospect", "broker"),
    ("Brokers", "", "prospect", "broker"),
    ("Owner", "Joe's Restaurant", "prospect", "restaurant"),
    ("Restaurants Consultant", "", "prospect", "restaurant"),
    ("Office Manager", "Smile Dental Practice", "prospect", "dental practice"),
    ("Dental Practices Advisor", "", "prospect", "dental practice"),
    ("Dental Assistant", "", "unknown", None),
    ("Copywriter", "", "complementary", "copywriter"),
    ("Freelance COPYWRITER", "", "complementary", "copywriter"),
    ("SEO Consultant", "", "complementary", "seo"),
    ("Software Engineer", "Seoul Systems", "unknown", None),
    ("Head of Seo-Marketing", "", "complementary", "seo"),
    ("Photographer", "", "complementary", "photographer"),
    ("Photography Studio Owner", "", "unknown", None),
    ("Web Designer", "", "competitor", "web designer"),
    ("Web-Designer", "", "competitor", "web designer"),
    ("Senior Web Developer", "Agency", "competitor", "web developer"),
    ("Web Developers Lead", "", "competitor", "web developer"),
    ("Créatrice de contenu", "", "competitor", "creatrice"),
    ("CRÉATRICE", "", "competitor", "creatrice"),
    ("Artist", "", "unknown", None),
    ("Smart Home Installer", "", "unknown", None),
    ("Art teacher", "", "competitor", "art"),
    ("Arts Council", "", "competitor", "art"),
    ("Art Director", "", "complementary", "art director"),
    ("Web Developer & Realtor", "", "prospect", "realtor"),
    ("Web Developer and SEO", "", "complementary", "seo"),
    ("Web Designer", "Century 21 Real Estate", "prospect", "real estate"),
    ("Developer", "Web Designers Inc", "competitor", "web designer"),
    ("C++ Developer", "", "competitor", "c++"),
    ("C Developer", "", "unknown", None),
    ("", "", "unknown", None),
    ("Nurse", "St. Mary's Hospital", "unknown", None),
    ("Teacher", "Austin ISD", "unknown", None),
    ("Estate Planner", "Real Trust", "unknown", None),
    ("Webdesigner", "", "unknown", None),
]


@pytest.mark.parametrize("position,company,tag,keyword", CASES)
def test_keyword_matching_and_precedence(tmp_path: Path, position: str, company: str,
                                         tag: str, keyword: str | None) -> None:
    r = make_rules(tmp_path)
    out = tagging.tag(people([(position, company)]), r)
    assert out["tag"].iloc[0] == tag
    if keyword:
        assert out["keyword"].iloc[0] == keyword
        assert f'"{keyword}" in ' in out["tag_reason"].iloc[0]


def test_reason_names_rule_keyword_and_field(tmp_path: Path) -> None:
    out = tagging.tag(people([("Senior Web Developer", "Agency"), ("Owner", "Joe's Restaurant")]),
                      make_rules(tmp_path))
    assert out["tag_reason"].tolist() == ['competitor: "web developer" in Position',
                                          'prospect: "restaurant" in Company']


def test_reason_names_the_signal_that_lost(tmp_path: Path) -> None:
    out = tagging.tag(people([("Web Developer & Realtor", "")]), make_rules(tmp_path))
    assert out["tag_reason"].iloc[0] == ('prospect: "realtor" in Position; '
                                         'also competitor: "web developer" in Position')


def test_names_are_never_matched(tmp_path: Path) -> None:
    frame = people([("Nurse", "Hospital")])
    frame["first"], frame["last"], frame["name"] = "Realtor", "Broker", "Realtor Broker"
    assert tagging.tag(frame, make_rules(tmp_path))["tag"].iloc[0] == "unknown"


def test_enrichment_industry_and_headline_are_matched(tmp_path: Path) -> None:
    frame = people([("Owner", "Smith LLC"), ("Partner", "Jones")],
                   industry=["Real Estate", ""], headline=["", "Helping you rank | SEO"])
    out = tagging.tag(frame, make_rules(tmp_path))
    assert out["tag_reason"].tolist() == ['prospect: "real estate" in Industry',
                                          'complementary: "seo" in Headline']


def test_hidden_member_is_unknown_with_reason(tmp_path: Path) -> None:
    frame = people([("", "")])
    frame["hidden"] = True
    out = tagging.tag(frame, make_rules(tmp_path))
    assert out["tag"].iloc[0] == "unknown"
    assert "hidden by LinkedIn" in out["tag_reason"].iloc[0]


@pytest.mark.slow
def test_ten_thousand_keywords_compile_and_match(tmp_path: Path) -> None:
    many = [f"title{i} word{i}" for i in range(10_000)]
    r = make_rules(tmp_path, prospect=many)
    frame = people([("Title9999 Word9999", ""), ("Title1 Word2", ""), ("title5s word5s", "")])
    out = tagging.tag(frame, r)
    assert out["keyword"].tolist() == ["title9999 word9999", "", "title5 word5"]


# ---------------------------------------------------------------------------- properties

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@given(keyword=WORD, prefix=st.text(alphabet="abcxyz", min_size=1, max_size=3),
       suffix=st.sampled_from(["x", "ing", "age", "ly", "er"]))
def test_keyword_never_matches_inside_a_longer_word(keyword: str, prefix: str,
                                                    suffix: str) -> None:
    pattern = tagging.compile_keywords((keyword,))
    assert pattern is not None
    assert not pattern.search(prefix + keyword)
    if not suffix.startswith(("s", "es")):
        assert not pattern.search(keyword + suffix)
    assert pattern.search(fold_one(f"the {keyword.upper()}, inc"))


_VOCAB = ["owner", "product", "senior", "real", "estate"]
_PHRASE = st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=2).map(" ".join)


def _occurrences(phrase: str, text: str) -> list[tuple[int, int]]:
    """Every place `phrase` matches in `text`, tried at each character on its own."""
    pattern = tagging.compile_keywords((phrase,))
    assert pattern is not None
    return [m.span() for i in range(len(text)) if (m := pattern.match(text, i))]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.tuples(st.sampled_from([*_VOCAB, "owners", "xreal"]),
                                st.sampled_from([" ", "-", ", ", "", " / "])), max_size=6),
       keywords=st.lists(_PHRASE, min_size=1, max_size=3),
       excepts=st.lists(_PHRASE, min_size=1, max_size=4))
@example(words=[("senior", " "), ("product", " "), ("owner", "")], keywords=["owner"],
         excepts=["product owner", "senior product"])
def test_a_keyword_counts_only_outside_every_excepted_phrase(
        words: list[tuple[str, str]], keywords: list[str], excepts: list[str]) -> None:
    """A keyword occurrence that lies inside some occurrence of an excepted phrase never
    counts, however the excepted occurrences overlap one another; one outside them all
    does. (Where no excepted phrase occurs, overlapping keywords are not all listed: the
    first of them is enough to tag.)"""
    text = "".join(w + sep for w, sep in words)
    keywords = list(dict.fromkeys(keywords))
    covers = [span for phrase in excepts for span in _occurrences(phrase, text)]
    outside = {k for k in keywords if any(not any(a <= s and e <= b for a, b in covers)
                                          for s, e in _occurrences(k, text))}
    pattern = tagging.compile_keywords(tuple(keywords))
    assert pattern is not None
    index = {tagging.tokens(k): k for k in keywords}
    found = set(tagging.found_each([text], pattern, index, tuple(excepts))[0])
    assert found <= outside
    if covers:
        assert found == outside
    else:
        assert bool(found) == bool(outside)


@settings(deadline=None, max_examples=60)
@pytest.mark.slow
@given(rows=st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), min_size=1,
                     max_size=20))
def test_tagging_is_deterministic(rows: list[tuple[str, str]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        r = make_rules(Path(d))
        first = tagging.tag(people(rows), r)
        second = tagging.tag(people(list(rows)), r)
    pd.testing.assert_frame_equal(first, second)
    assert first["tag"].isin(TAGS).all()
    assert first["tag_reason"].str.len().gt(0).all()


# ---------------------------------------------------------------------------- recommend

def _recommend(tmp_path: Path, rows: list[tuple[str, str]], extra: str = "",
               **kw: object) -> pd.DataFrame:
    r = make_rules(tmp_path, extra)
    frame = people(rows)
    for column, values in kw.items():
        frame[column] = values
    tags = tagging.tag(frame, r)
    return recommend.recommend(frame, tags, r, date(2026, 11, 25))


def test_recommendation_follows_tag_and_unknown_policy(tmp_path: Path) -> None:
    out = _recommend(tmp_path, [("Realtor", ""), ("SEO", ""), ("Web Designer", ""),
                                ("Nurse", "")], extra='unknown = "remove"')
    assert out["recommendation"].tolist() == ["keep", "keep", "remove", "remove"]


def test_keep_list_overrides_and_is_final(tmp_path: Path) -> None:
    out = _recommend(tmp_path, [("Web Designer", "Pixel Partners"), ("Web Designer", "Other")])
    assert out["recommendation"].tolist() == ["remove", "remove"]
    r = make_rules(tmp_path / "r2", keep={"companies": ["pixel  partners"], "names": ["ANN LÉE"]})
    frame = people([("Web Designer", "Pixel Partners"), ("Web Designer", "Other")])
    frame["name"] = ["Bo Li", "Ann Lee"]
    rec = recommend.recommend(frame, tagging.tag(frame, r), r, date(2026, 11, 25))
    assert rec["recommendation"].tolist() == ["keep", "keep"]
    assert rec["reason"].iloc[0].startswith('kept: on your keep list (company "pixel partners")')
    assert rec["reason"].iloc[1].startswith('kept: on your keep list (name "ANN LÉE")')


def test_company_list_matches_whole_names_only(tmp_path: Path) -> None:
    r = make_rules(tmp_path, remove={"companies": ["Acme"]})
    frame = people([("Nurse", "Acme"), ("Nurse", "Acme Realty Group")])
    rec = recommend.recommend(frame, tagging.tag(frame, r), r, date(2026, 11, 25))
    assert rec["recommendation"].tolist() == ["remove", "review"]


def test_remove_list_loses_to_keep_list(tmp_path: Path) -> None:
    r = make_rules(tmp_path, keep={"names": ["Ann Lee"]}, remove={"names": ["Ann Lee"]})
    frame = people([("Realtor", "")])
    rec = recommend.recommend(frame, tagging.tag(frame, r), r, date(2026, 11, 25))
    assert rec["recommendation"].iloc[0] == "keep"


def test_recent_connections_are_protected(tmp_path: Path) -> None:
    out = _recommend(tmp_path, [("Web Designer", ""), ("Web Designer", "")],
                     extra="protect_recent_days = 30",
                     connected=pd.to_datetime(["2026-11-10", "2026-01-01"]))
    assert out["recommendation"].tolist() == ["review", "remove"]
    # Plain words, no settings key.
    assert out["reason"].iloc[0].startswith("review: connected 15 days ago; you protect the "
                                            "last 30 days (competitor: ")
    assert "protect_recent_days" not in out["reason"].iloc[0]


def test_relationship_evidence_softens_remove_only(tmp_path: Path) -> None:
    r = make_rules(tmp_path)
    frame = people([("Web Designer", ""), ("Realtor", "")])
    tags = tagging.tag(frame, r)
    evidence = pd.Series(["14 messages exchanged, last on 2026-03-02", "3 messages exchanged"])
    out = recommend.recommend(frame, tags, r, date(2026, 11, 25), evidence=evidence)
    assert out["recommendation"].tolist() == ["review", "keep"]
    assert out["reason"].iloc[0] == ('review: 14 messages exchanged, last on 2026-03-02 '
                                     '(competitor: "web designer" in Position)')


def test_user_decision_beats_everything(tmp_path: Path) -> None:
    r = make_rules(tmp_path)
    frame = people([("Realtor", ""), ("Web Designer", "")])
    decisions = pd.DataFrame({"decision": ["remove", ""], "decided_on": ["2026-10-25", ""]})
    out = recommend.recommend(frame, tagging.tag(frame, r), r, date(2026, 11, 25),
                              decisions=decisions)
    assert out["recommendation"].tolist() == ["remove", "remove"]
    assert out["reason"].iloc[0].startswith("your decision of 2026-10-25")
