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
- **competitor keywords**: what the Headline says you do, cut before "for/to/in/with...", split
  at "and", with job-rank words (founder, senior, ...), stop words, the company and the place
  removed; plus the person who does it (`web design` -> `web designer`). Only a phrase that
  ends in a word for a trade or an industry (designer, agency, marketing, ...) and is not a
  place is proposed; the rest is listed in a comment, never guessed. The Industry is kept
  whole; a one-word Industry, or one of several parts ("Food and Beverage Manufacturing"), is
  only suggested in a comment: it is usually too broad.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cleanup import places
from cleanup.read.profile import Profile
from cleanup.text import fold_one

#: Words that say rank or role rather than trade: never a keyword on their own.
RANK_WORDS = frozenset("""
founder cofounder co owner ceo cto cfo coo cmo president vice vp chief head lead senior
junior sr jr principal managing director manager partner executive officer self employed
freelance freelancer independent chair chairman board member team student intern
""".split())
#: Small English stop list (inline on purpose: a few dozen words explain themselves).
STOP_WORDS = frozenset("""
a an and the of at for to in on with by from into about as is are be your you my our we i
me us it its that this who which what how or nor but so than then just more most all any
each every both other some such only own same very can will via per amp
""".split())
#: Where the part of a Headline that says what you do ends, and whom it is for begins.
_CUT = re.compile(r"\s+(?:for|to|in|with|helping|helps|who|that|from|by|across|serving|"
                  r"since|near|around|@)\s+|\s+at\s+", re.IGNORECASE)
_SEGMENT = re.compile(r"\s*(?:[|•·;/,]|\s[-–—]\s)\s*")
_AND = re.compile(r"\s+(?:and|&|\+)\s+|\s*&\s*", re.IGNORECASE)
_AT = re.compile(r"\s+(?:at|@)\s+|\s*@\s*", re.IGNORECASE)
#: LinkedIn's Headline holds 220 characters; longer text is cut before it is split. With its
#: runs of spaces made one (`_line`), the patterns above never rescan a run, so they run in
#: time linear in the text.
_LINE_CHARS = 500
#: An activity and the person who does it: a competitor is called a "web designer" in
#: their Position far more often than "web design".
AGENT_NOUNS = {"design": "designer", "development": "developer", "photography": "photographer",
               "marketing": "marketer", "consulting": "consultant", "writing": "writer",
               "copywriting": "copywriter", "engineering": "engineer",
               "accounting": "accountant", "coaching": "coach", "programming": "programmer",
               "illustration": "illustrator", "translation": "translator",
               "architecture": "architect", "recruiting": "recruiter", "training": "trainer",
               "bookkeeping": "bookkeeper", "videography": "videographer",
               "editing": "editor", "planning": "planner", "landscaping": "landscaper",
               "cleaning": "cleaner", "tutoring": "tutor", "analytics": "analyst"}
_GENERIC_INDUSTRY = frozenset("services service industry industries solutions products "
                              "activities".split())
#: The last word of a keyword proposed from the Headline must be one of these: what a trade is
#: called (designer, agency, marketing, ...). A Headline also holds places, slogans and
#: sentences ("Tireless builder, shipped 40 products"); only an occupation or an industry is
#: a keyword that finds competitors, so anything else is left for the user to add.
OCCUPATIONS = frozenset("""
design designer designers developer developers development agency agencies studio studios
consultant consultants consulting consultancy photographer photographers photography
accountant accountants accounting marketing marketer marketers engineering engineer engineers
copywriter copywriters copywriting writer writers writing strategist strategists realtor
realtors broker brokers architect architects architecture coach coaches coaching
videographer videographers videography programmer programmers programming illustrator
illustrators illustration translator translators translation recruiter recruiters recruiting
recruitment staffing trainer trainers training bookkeeper bookkeepers bookkeeping editor
editors editing planner planners planning landscaper landscapers landscaping cleaner cleaners
cleaning tutor tutors tutoring analyst analysts analytics lawyer lawyers attorney attorneys
solicitor solicitors therapist therapists dentist dentists physician physicians nurse nurses
pharmacist pharmacists plumber plumbers electrician electricians contractor contractors
carpenter carpenters mechanic mechanics chef chefs baker bakers bakery caterer catering
florist florists stylist stylists hairdresser hairdressers barber barbers salon salons
clinic firm firms practice advertising branding seo sem ppc ux ui software saas hosting
manufacturing construction insurance finance banking logistics hospitality retail ecommerce
e-commerce publishing printing media production journalism journalist journalists
animator animators animation producer producers podcaster podcasters musician musicians
artist artists tax payroll investor investors advisor advisors adviser advisers planner
auditor auditors audit surveyor surveyors appraiser appraisers inspector inspectors
""".split())
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
    one, at most `_LINE_CHARS` long."""
    return " ".join(text[: _LINE_CHARS * 4].split())[:_LINE_CHARS]


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


def propose_keywords(profile: Profile, business: str = "",
                     place_words: tuple[str, ...] = ()) -> Proposal:
    """Competitor keywords from Headline and Industry, broader suggestions, and the Headline
    phrases left out.

    A Headline segment "Founder at Brightline Web Studio" yields its role ("Founder", a rank
    word: nothing); "Web design for Texas small businesses" yields what comes before "for":
    "web design", and the person who does it: "web designer". A phrase is proposed only when
    it ends in an occupation or industry word (`OCCUPATIONS`) and is not a place the gazetteer
    knows ("Germany", "U.K."): a wrong competitor keyword recommends removing real
    connections, a missing one only leaves them to review. The Industry is kept whole ("food
    and beverage manufacturing", never "beverage manufacturing"): a keyword when it is a
    plain term of two or three words ("real estate"), else only suggested in a comment.
    """
    drop = set(place_words) | {fold_one(w) for w in place_words}
    company = " ".join(split_words(business))
    found: list[str] = []
    skipped: list[str] = []

    def add(phrase: str) -> None:
        words = phrase.split()
        if not words or len(phrase) < 3 or phrase == company or (company and phrase in company):
            return
        if len(words) > 3 or words[-1] not in OCCUPATIONS or places.resolve(phrase):
            skipped.append(phrase)
            return
        found.append(phrase)
        if words[-1] in AGENT_NOUNS:
            found.append(" ".join([*words[:-1], AGENT_NOUNS[words[-1]]]))

    for segment in _SEGMENT.split(_line(profile.headline)):
        role = _AT.split(segment, maxsplit=1)[0] if _AT.search(segment) else segment
        offer = _CUT.split(role, maxsplit=1)[0]
        for part in _AND.split(offer):
            add(_phrase(part, drop))
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
