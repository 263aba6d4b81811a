"""Every fast path agrees with the slow, general code it short-cuts, on awkward input too.

The fast paths exist for speed only: LinkedIn's own URL form keyed without parsing, columns
computed once per distinct value. Each is checked here against the general code on the
inputs that could tell them apart (case, trailing slashes, queries, %-escapes, other hosts,
missing values, long hostile strings).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.judge import tagging
from cleanup.text import (
    checked_link,
    fold_one,
    parsed_key,
    per_distinct,
    profile_link_one,
    url_key,
    url_key_one,
    whole_one,
)

AWKWARD_URLS = [
    "https://www.linkedin.com/in/ada-example",
    "https://www.linkedin.com/in/Ada-Example",
    "https://www.linkedin.com/in/ADA_EXAMPLE/",
    "https://www.linkedin.com/in/ada-example//",
    "https://www.linkedin.com/in/ada-example/?utm=x",
    "https://www.linkedin.com/in/ada-example?trk=y",
    "https://www.linkedin.com/in/ada-example#top",
    "https://www.linkedin.com/in/ada-example/details",
    "https://www.linkedin.com/in/J%C3%BCrgen",
    "https://www.linkedin.com/in/%2e%2e",
    "https://www.linkedin.com/in/ada%20example",
    "https://www.linkedin.com/in/",
    "https://www.linkedin.com/in//ada",
    "https://www.linkedin.com/pub/ada/1/2/3",
    "https://www.linkedin.com/in/jürgen",
    "https://www.linkedin.com/in/ada.example",
    "HTTPS://WWW.LINKEDIN.COM/IN/ADA",
    "https://WWW.linkedin.com/in/ada",
    "http://www.linkedin.com/in/ada",
    "https://linkedin.com/in/ada",
    "https://de.linkedin.com/in/ada",
    "www.linkedin.com/in/ada",
    "https://www.linkedin.com.evil.example/in/ada",
    "https://evil.example/www.linkedin.com/in/ada",
    "https://www.linkedin.com/in/ada\n",
    " https://www.linkedin.com/in/ada",
    "https://www.linkedin.com/in/ada ",
    "https://www.linkedin.com/in/a\u0130b",  # capital dotted I: lower() and casefold() differ
    "https://www.linkedin.com/in/\uff41da",  # a full-width letter
    "https://www.linkedin.com/in/ada\u00a0",
    "https://www.linkedin.com/in/" + "a" * 200,
    "https://www.linkedin.com/in/" + "a" * 201,
    "https://www.linkedin.com/in/" + "a" * 3000,
    "https://www.linkedin.com/in/" + "-/" * 2000,
    "https://www.linkedin.com/in/-",
    "https://www.linkedin.com/in/_",
    "",
    "not a url",
]


@pytest.mark.parametrize("raw", AWKWARD_URLS)
def test_url_key_fast_path_agrees(raw: str) -> None:
    assert url_key_one(raw) == parsed_key(raw)


_URL_PARTS = st.sampled_from(["https://", "http://", "HTTPS://", "//", "www.", "WWW.", "de.",
                              "linkedin.com", "LinkedIn.com", ".evil", "/", "//", "in", "IN",
                              "pub", "ada", "Ada", "-", "_", ".", "..", "%2e", "%2F", "%C3%BC",
                              "ü", "İ", "?", "#", "=", " ", "\t", "\n", "\u00a0", "a" * 150])


@settings(max_examples=400, deadline=None)
@given(st.lists(_URL_PARTS, max_size=12).map("".join))
def test_url_key_fast_path_agrees_on_generated_urls(raw: str) -> None:
    assert url_key_one(raw) == parsed_key(raw)
    assert url_key_one("https://www.linkedin.com/in/" + raw) == parsed_key(
        "https://www.linkedin.com/in/" + raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_url_key_fast_path_agrees_on_any_slug(slug: str) -> None:
    raw = "https://www.linkedin.com/in/" + slug
    assert url_key_one(raw) == parsed_key(raw)


def test_per_distinct_is_a_plain_map_with_missing_values_as_empty() -> None:
    values = pd.Series(["Ada", None, "ada", np.nan, "Ada", "  b  ", 3, "", pd.NA],
                       index=[9, 8, 7, 6, 5, 4, 3, 2, 1], dtype=object)
    for function in (fold_one, whole_one, url_key_one, lambda s: f"<{s}>"):
        got = per_distinct(values, function)
        expected = values.fillna("").astype(str).map(function).astype(object)
        assert got.dtype == object
        assert got.index.equals(values.index)
        assert got.tolist() == expected.tolist()


def test_per_distinct_tells_apart_values_equal_only_as_numbers() -> None:
    """1, 1.0 and True are one value to a hash table, three texts to `str`."""
    values = pd.Series([1, True, 1.0, "1", 0, False, -0.0, None, "True"], dtype=object)
    for order in (values, values[::-1]):
        got = per_distinct(order, lambda s: f"<{s}>")
        assert got.tolist() == ("<" + order.fillna("").astype(str) + ">").tolist()


def test_per_distinct_on_empty_and_string_dtype_columns() -> None:
    assert per_distinct(pd.Series([], dtype=object), fold_one).tolist() == []
    text = pd.Series(["Ada", None, "ADA"], dtype="string")
    assert per_distinct(text, fold_one).tolist() == ["ada", "", "ada"]
    assert url_key(pd.Series([None, "https://www.linkedin.com/in/Ada/"])).tolist() == [
        "", "linkedin.com/in/ada"]


AWKWARD_SLUGS = ["ada-example", "Ada_Example", "-", "_", "", ".", "..", "%2e%2e", "j%c3%bcrgen",
                 "jürgen", "ada/more", "ada example", "a" * 200, "a" * 201, "a" * 5000,
                 "ada\n", "ada?x", "ada#x", "<b>", "ada%", "\uff41da", "a\u0130b"]


@pytest.mark.parametrize("slug", AWKWARD_SLUGS)
def test_profile_link_fast_path_agrees(slug: str) -> None:
    assert profile_link_one("linkedin.com/in/" + slug) == checked_link(slug)


@settings(max_examples=300, deadline=None)
@given(st.lists(_URL_PARTS, max_size=8).map("".join))
def test_profile_link_fast_path_agrees_on_generated_slugs(slug: str) -> None:
    assert profile_link_one("linkedin.com/in/" + slug) == checked_link(slug)
    key = url_key_one("https://www.linkedin.com/in/" + slug)
    if key.startswith("linkedin.com/in/"):
        assert profile_link_one(key) == checked_link(key[len("linkedin.com/in/"):])


# ---------------------------------------------------------------------------- keywords

_KEYWORDS = ("real estate", "estate agent", "seo", "c++", "web design", "owner", "x-ray",
             "realtor", "z", "a a a b", "İstanbul")
_EXCEPT = ("product owner", "real estate agent", "senior product", "estate agents")
_TEXTS = ["real", "estate", "real estate", "estate agent", "real estate agents", "Seoul", "seo",
          "c++ dev", "c++", "product owner", "owner", "owners", "web-design", "web_design",
          "x ray", "realtors", "z", "Z", "a a a a b", "", "\n", "real\nestate", "real\nZ\nestate",
          "İstanbul", "istanbul", "senior product owner", "real estate agents owner",
          "seo" * 3000, "a " * 3000 + "b", "-" * 500 + "seo"]


def _spans(phrases: tuple[str, ...], value: str) -> set[tuple[int, int]]:
    """Where each of `phrases` matches in `value`, tried at every character on its own."""
    patterns = [tagging.compile_keywords((p,)) for p in phrases]
    return {m.span() for p in patterns if p is not None for i in range(len(value))
            if (m := p.match(value, i))}


def _found(value: str, pattern: re.Pattern[str], index: dict[tuple[str, ...], str],
           excepts: tuple[str, ...]) -> list[str]:
    """The scan `found_each` replaced, one text at a time: the reference it must agree with.
    Where an excepted phrase occurs, every occurrence of every keyword is weighed against
    every occurrence of every excepted phrase, place by place."""
    if not value:
        return []
    found = pattern.findall(value)
    if not found:
        return []
    covers = _spans(excepts, value)
    if not covers:
        return list(dict.fromkeys(tagging.keyword_of(m, index) for m in found))
    return list(dict.fromkeys(
        tagging.keyword_of(value[s:e], index)
        for s, e in sorted(_spans(tuple(index.values()), value), key=lambda s: (s[0], -s[1]))
        if not any(a <= s and e <= b for a, b in covers)))


def _found_one_by_one(values: list[str], excepted: bool) -> list[list[str]]:
    pattern = tagging.compile_keywords(_KEYWORDS)
    index = {tagging.tokens(w): w for w in _KEYWORDS}
    assert pattern is not None
    return [_found(v, pattern, index, _EXCEPT if excepted else ()) for v in values]


def _found_at_once(values: list[str], excepted: bool) -> list[list[str]]:
    pattern = tagging.compile_keywords(_KEYWORDS)
    index = {tagging.tokens(w): w for w in _KEYWORDS}
    assert pattern is not None
    return tagging.found_each(values, pattern, index, _EXCEPT if excepted else ())


@pytest.mark.parametrize("excepted", [False, True])
def test_one_scan_over_all_texts_finds_what_one_scan_per_text_finds(excepted: bool) -> None:
    values = [fold_one(t) for t in _TEXTS]
    assert _found_at_once(values, excepted) == _found_one_by_one(values, excepted)
    # Neighbours never join into a keyword: "real" then "estate" is not "real estate".
    assert _found_at_once(["real", "estate"], excepted) == [[], []]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["real", "estate", "agent", "seo", "c++", "owner",
                                          "product", "senior", "z", "a", "b", " ", "-", "_",
                                          "\n", "s", "es", "x", "ray", "é", "+"]),
                          max_size=8).map("".join),
                max_size=6),
       st.booleans())
def test_one_scan_agrees_on_generated_texts(texts: list[str], excepted: bool) -> None:
    values = list(dict.fromkeys(fold_one(t) for t in texts)) or [""]
    assert _found_at_once(values, excepted) == _found_one_by_one(values, excepted)


def test_the_keyword_pattern_checks_the_word_start_as_before() -> None:
    pattern = tagging.compile_keywords(_KEYWORDS)
    assert pattern is not None
    for text in ["seoul", "xseo", "_seo", "9seo", "éseo", "-seo", " seo", "seo", "c++",
                 "ac++", "\nseo", "a seo", "realtor", "surrealtor"]:
        folded = fold_one(text)
        old = re.compile(r"(?<!\w)" + pattern.pattern.replace(r"(?<!\w.)", ""))
        assert pattern.findall(folded) == old.findall(folded), text


def test_column_letters_are_openpyxl_s() -> None:
    from openpyxl.utils import get_column_letter

    from cleanup.memory.xlsx import column_letter

    assert all(column_letter(n) == get_column_letter(n) for n in range(1, 16_385))
