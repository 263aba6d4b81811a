"""What `init` proposes from the owner's Profile.csv, and why.

The proposals are deliberately simple, so that the user can check each one against the comment
that explains it:

- **location**: `Geo Location` resolved with the gazetteer; the region when the text names one
  (`Austin, Texas, United States` -> `Texas`), else the city (`Greater Houston` -> `Houston,
  Texas`), else the country. Scope is `local` only when the Headline or Summary names that
  place ("Web design for Texas small businesses"); a place that cannot be resolved is written
  as a commented-out suggestion.
- **business name**: the company after "at" in the Headline, else the current job in
  Positions.csv.
- **competitor keywords**: what the Headline and the current job titles say you do, cut
  before "for/to/in/with/para/für/pour...", split at "and" (words shared across "and" given
  back to each: "web design & development" -> "web development"), with job-rank words
  (founder, senior, fundador, Inhaber, ...), stop words, the company and the place removed;
  plus the person who does it (`web design` -> `web designer`). Only a phrase that names a
  trade (ends or, in Spanish and French, starts with a word for a trade or an industry) and is
  not a place nor one generic word alone ("development") is proposed; the rest is listed in a
  comment, never guessed. English, Spanish, German and French are read; an emoji separates
  segments.
- **prospect keywords**: the titles of the people who buy for a business (owner, founder,
  CEO, managing director, in the language of the words found), only when the Headline (else
  the Summary) says the business sells to businesses ("for small businesses", "B2B", "para
  pymes"). The Industry is kept
  whole; a one-word Industry, or one of several parts ("Food and Beverage Manufacturing"), is
  only suggested in a comment: it is usually too broad.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import pandas as pd

from cleanup import places
from cleanup.judge.tagging import compile_keywords, found_each, tokens
from cleanup.proposal_words import (
    AGENT_NOUNS,
    AND_WORDS,
    B2B,
    CUT_WORDS,
    GENERIC,
    OCCUPATIONS,
    OWNER_EXCEPT,
    OWNER_TITLES,
    RANK_WORDS,
    STOP_WORDS,
)
from cleanup.read.profile import Profile
from cleanup.text import fold, fold_one

#: Where the part of a Headline that says what you do ends, and whom it is for begins.
_CUT = re.compile(rf"\s+(?:{CUT_WORDS})\s+|\s+at\s+|\s+@\s+", re.IGNORECASE)
_SEGMENT = re.compile(r"\s*(?:[|•·;/,]|\s[-–—]\s)\s*")
_AND = re.compile(rf"\s+(?:{AND_WORDS}|&|\+)\s+|\s*&\s*", re.IGNORECASE)
_AT = re.compile(r"\s+(?:at|@)\s+|\s*@\s*", re.IGNORECASE)
#: LinkedIn's Headline holds 220 characters; longer text is cut before it is split. With its
#: runs of spaces made one (`_line`), the patterns above never rescan a run, so they run in
#: time linear in the text.
_LINE_CHARS = 500
_GENERIC_INDUSTRY = frozenset("services service industry industries solutions products "
                              "activities".split())
_WORD = re.compile(r"[^\W_][\w'’+#.-]*")



def split_words(text: str) -> list[str]:
    """The words of `text`, folded (lower case, no accents), without edge punctuation."""
    return [w.strip(".'’-") for w in _WORD.findall(fold_one(text))]


def _phrase(text: str, drop: set[str]) -> str:
    """Lower-case words with rank, stop and dropped words taken out."""
    words = [w for w in split_words(text) if w and w not in RANK_WORDS and w not in STOP_WORDS
             and w not in drop]
    return " ".join(words)


def _line(text: str) -> str:
    """A Headline or Industry as the patterns above split it: one line, runs of spaces made
    one, at most `_LINE_CHARS` long; an emoji or other symbol separates segments like `|`
    ("🚀 Web designer ✨ Photographer")."""
    text = "".join(" | " if unicodedata.category(c) in ("So", "Sk", "Cs", "Co")
                   or c == "\u200d" else c for c in text[: _LINE_CHARS * 4])
    return " ".join(text.split())[:_LINE_CHARS]


def propose_business(profile: Profile) -> str:
    """The company after "at" in the first Headline segment that has one ("Founder at
    Brightline Web Studio"), or the segment after a bare rank ("Founder, Brightline Web
    Studio"); else the current job in Positions.csv."""
    segments = [s for s in _SEGMENT.split(_line(profile.headline)) if s.strip()]
    for i, segment in enumerate(segments):
        parts = _AT.split(segment, maxsplit=1)
        if len(parts) == 2 and parts[1].strip():
            return parts[1].strip()
        words = split_words(segment)
        if words and all(w in RANK_WORDS for w in words) and i + 1 < len(segments):
            return segments[i + 1].strip()
    return profile.current_company


class Proposal(NamedTuple):
    """Competitor keywords, broader suggestions (comment only) and what was left out, why."""

    keywords: list[str]
    broad: list[str]
    skipped: list[str]


def _trade(words: list[str]) -> bool:
    """Whether a phrase names a trade: it ends in an occupation word (English, German) or
    starts with one (Spanish, French: "diseño web")."""
    return words[-1] in OCCUPATIONS or words[0] in OCCUPATIONS


def _shared(parts: list[str]) -> list[str]:
    """Phrases joined by "and" with the words they share given back to each: "web design &
    development" -> "web design", "web development"; "diseño y desarrollo web" -> "diseño
    web", "desarrollo web". A lone word gets the other phrase's words only when both are
    trades."""
    out = list(parts)
    for i, part in enumerate(parts):
        words = part.split()
        if len(words) != 1 or words[0] not in OCCUPATIONS:
            continue
        for j in (i - 1, i + 1):
            other = parts[j].split() if 0 <= j < len(parts) else []
            if len(other) < 2:
                continue
            if other[-1] in OCCUPATIONS and j < i:
                out[i] = " ".join([*other[:-1], words[0]])
                break
            if other[0] in OCCUPATIONS and j > i:
                out[i] = " ".join([words[0], *other[1:]])
                break
    return out


def propose_keywords(profile: Profile, business: str = "",
                     place_words: tuple[str, ...] = ()) -> Proposal:
    """Competitor keywords from the Headline, the titles of the current jobs (Positions.csv)
    and the Industry, broader suggestions, and the phrases left out.

    A Headline segment "Founder at Brightline Web Studio" yields its role ("Founder", a rank
    word: nothing); "Web design for Texas small businesses" yields what comes before "for":
    "web design", and the person who does it: "web designer". A phrase is proposed only when
    it names a trade (`OCCUPATIONS`, in English, Spanish, German or French), is not a place
    the gazetteer knows ("Germany", "U.K.") and is not one generic word alone
    ("development", "consultant": they tag a "Business Development Manager"); a wrong
    competitor keyword recommends removing real connections, a missing one only leaves them
    to review. The Industry is kept whole ("food and beverage manufacturing", never
    "beverage manufacturing"): a keyword when it is a plain term of two or three words
    ("real estate"), else only suggested in a comment.
    """
    drop = set(place_words) | {fold_one(w) for w in place_words}
    company = " ".join(split_words(business))
    found: list[str] = []
    skipped: list[str] = []

    def add(phrase: str) -> None:
        words = phrase.split()
        if not words or len(phrase) < 3 or phrase == company or (company and phrase in company):
            return
        if len(words) > 3 or not _trade(words) or places.resolve(phrase) or (
                len(words) == 1 and words[0] in GENERIC):
            skipped.append(phrase)
            return
        found.append(phrase)
        if words[-1] in AGENT_NOUNS:
            found.append(" ".join([*words[:-1], AGENT_NOUNS[words[-1]]]))
        elif words[0] in AGENT_NOUNS and words[-1] not in OCCUPATIONS:
            found.append(" ".join([AGENT_NOUNS[words[0]], *words[1:]]))

    for text in (profile.headline, *profile.titles):
        for segment in _SEGMENT.split(_line(text)):
            role = _AT.split(segment, maxsplit=1)[0] if _AT.search(segment) else segment
            offer = _CUT.split(role, maxsplit=1)[0]
            for part in _shared([_phrase(p, drop) for p in _AND.split(offer)]):
                add(part)
    keywords = list(dict.fromkeys(found))
    broad: list[str] = []
    industry = [w for w in split_words(_line(profile.industry)) if w]
    while industry and industry[-1] in _GENERIC_INDUSTRY:
        industry.pop()
    whole = " ".join(industry)
    if whole and not places.resolve(whole) and whole not in keywords:
        plain = 2 <= len(industry) <= 3 and not set(industry) & STOP_WORDS
        (keywords if plain else broad).append(whole)
    return Proposal(keywords, broad,
                    [p for p in dict.fromkeys(skipped) if p not in keywords])


#: How much of the Summary is read for the words that say whom the business sells to.
_SUMMARY_CHARS = 4_000


def propose_prospects(profile: Profile) -> tuple[list[str], list[str], str, str]:
    """(owner-title prospect keywords, their except phrases, the words that say the business
    sells to businesses, where they are: "Headline" or "Summary"), or empty lists and ""
    when neither says so.

    The titles are in the language of the words found ("para pymes": `dueño`, `fundador`).
    """
    for where, text in (("Headline", _line(profile.headline)),
                        ("Summary", profile.summary[:_SUMMARY_CHARS])):
        said = " ".join(split_words(text))
        for phrase, language in B2B.items():
            if re.search(rf"(?<!\w){re.escape(phrase)}(?:e?s)?(?!\w)", said):
                return list(OWNER_TITLES[language]), list(OWNER_EXCEPT), phrase, where
    return [], [], "", ""


def propose_location(geo: str) -> tuple[str, str]:
    """(location for `[business] locations`, or "" when none can be placed; a note saying why).

    The region if the Geo Location names one, else the city (with its region, so it cannot
    be mistaken for a namesake elsewhere), else the country.
    """
    geo = " ".join(geo.split())
    if not geo:
        return "", "your profile has no Geo Location"
    place = places.resolve(geo)
    if place is None:
        return "", f"{geo!r} cannot be placed with the gazetteer"
    candidates: list[str] = []
    for part in (p.strip() for p in geo.split(",")):
        p = places.resolve(part) if part else None
        if p is not None and p.city is None and p.region is not None and p.region == place.region:
            candidates.append(part)
    if not candidates and place.city is not None:
        candidates.append(", ".join(place.label.split(", ")[:-1]) or place.city)
    if not candidates:
        candidates.append(place.label)
    for candidate in candidates:
        try:
            target = places.resolve_target(candidate)
        except ValueError:
            continue
        if target.country == place.country:
            return candidate, f"from your Geo Location {geo!r}"
    return "", f"{geo!r} could not be turned into a place name the rules accept"


class Reach(NamedTuple):
    """How many connections a proposed keyword matches, of how many, and three examples."""

    matched: int
    total: int
    examples: list[str]


def reach(keywords: list[str], people: pd.DataFrame,
          excepted: tuple[str, ...] = ()) -> dict[str, Reach]:
    """What each keyword would match in this network's Positions and Companies, as a run
    matches it (`tagging.found_each`: whole words, any case or accents, plural endings, not
    inside an `excepted` phrase), with up to three of the Positions (else Companies) matched.
    """
    pattern = compile_keywords(tuple(keywords))
    index = {tokens(k): k for k in keywords}
    hits: dict[str, set[int]] = {k: set() for k in keywords}
    shown: dict[str, list[str]] = {k: [] for k in keywords}
    for f in ("position", "company"):
        if f not in people.columns or pattern is None:
            continue
        texts = people[f].fillna("").astype(str).to_numpy(dtype=object)
        codes, values = pd.factorize(fold(people[f].fillna("").astype(str)).to_numpy(
            dtype=object))
        found = found_each(list(values), pattern, index, excepted)
        for row, code in enumerate(codes):
            for k in found[code]:
                hits[k].add(row)
                text = " ".join(str(texts[row]).split())
                if len(shown[k]) < 3 and text not in shown[k]:
                    shown[k].append(text)
    return {k: Reach(len(hits[k]), len(people), shown[k]) for k in keywords}
