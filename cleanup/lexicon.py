"""The words the Phrases sheet weighs: abbreviations and their long forms, stop words of many
languages, legal forms of companies, and the rank and role words of job titles.

- **Aliases**: `CEO` and `Chief Executive Officer` are one phrase. `forms` gives every form
  of a phrase, so that an answer for one applies to all (`Rules.with_answers`) and the people
  holding any form are counted as one group.
- **Stop words**: English function words (a short list of our own: the packaged English list
  also holds trade words such as "home" and "information"), and the stop words of the other
  languages of the `stop-words` package, used for the languages a network's titles are written
  in (`stop_words_for`).
- **Legal forms**: `LLC`, `GmbH`, `plc`, `AB`, ... from the `cleanco` package.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from cleanup.text import fold_one

_KEY = re.compile(r"[^\W_]+[+#]*")


@functools.lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """A phrase as keyword matching sees it: its folded words joined by one space
    (`Co-Founder` -> `co founder`, `R&D` -> `r d`)."""
    return " ".join(_KEY.findall(fold_one(text)))


#: Forms of one phrase, the form shown first. An answer to any form applies to all of them.
ALIASES: tuple[tuple[str, ...], ...] = (
    ("ceo", "chief executive officer"),
    ("cto", "chief technology officer", "chief technical officer"),
    ("cfo", "chief financial officer"),
    ("coo", "chief operating officer", "chief operations officer"),
    ("cmo", "chief marketing officer"),
    ("cio", "chief information officer"),
    ("ciso", "chief information security officer"),
    ("cro", "chief revenue officer"),
    ("cpo", "chief product officer"),
    ("vp", "vice president"),
    ("svp", "senior vice president"),
    ("evp", "executive vice president"),
    ("avp", "assistant vice president"),
    ("md", "managing director"),
    ("gm", "general manager"),
    ("hr", "human resources"),
    ("qa", "quality assurance"),
    ("qc", "quality control"),
    ("ux", "user experience"),
    ("ui", "user interface"),
    ("pr", "public relations"),
    ("information technology", "it"),
    ("r&d", "research and development", "research & development"),
    ("bd", "business development"),
    ("cpa", "certified public accountant"),
    ("seo", "search engine optimization", "search engine optimisation"),
    ("ai", "artificial intelligence"),
    ("ml", "machine learning"),
    ("co-founder", "cofounder"),
    ("co-owner", "coowner"),
)
#: Short forms that are also common words: never a keyword of their own (a keyword cannot
#: tell "IT" from "it"); their long form is.
AMBIGUOUS = frozenset({"it"})

_GROUP: dict[str, tuple[str, ...]] = {key(f): g for g in ALIASES for f in g}
_LONGEST = max(len(k.split()) for k in _GROUP)
_MOST_FORMS = 16  # a phrase of many aliases: its first forms only


def canonical(text: str) -> str:
    """The shown form of an alias group the text is a form of, else the text itself."""
    group = _GROUP.get(key(text))
    return group[0] if group else text


def forms(phrase: str) -> tuple[str, ...]:
    """`phrase` and its other forms, for matching: `ceo` -> (ceo, chief executive officer),
    `vp hr` -> (vp hr, vp human resources, vice president hr, vice president human
    resources). Every alias in the phrase (the longest first) is swapped for each of its
    forms; an ambiguous short form (`AMBIGUOUS`) is never one of the other forms."""
    words = key(phrase).split()
    parts: list[list[str]] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            part = " ".join(words[i:i + size])
            group = _GROUP.get(part)
            if group is not None:
                parts.append([part, *(f for f in group
                                      if key(f) != part and f not in AMBIGUOUS)])
                i += size
                break
        else:
            parts.append([words[i]])
            i += 1
    found = [phrase, *(" ".join(c) for c in itertools.islice(itertools.product(*parts), 1,
                                                               _MOST_FORMS))]
    return tuple(dict.fromkeys(found))


#: English function words: never a phrase, and a phrase never spans one.
FUNCTION_WORDS = frozenset("""
a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my no nor not now of off on once only or other our ours out over own same she should so
some such than that the their them then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your
amp etc via per self employed
""".split()) | {"self employed"}
#: Grade and scope words that qualify a title or a company rather than name a trade
#: ("senior", "global", "group"):
#: never a phrase, and a phrase never spans one.
GRADE_WORDS = frozenset("""
senior sr junior jr lead chief head vice assistant associate interim acting former aspiring
current new global regional national international local ii iii iv group enterprises
worldwide
""".split())
#: Generic role words: not offered alone ("manager"), but kept in a phrase ("property
#: manager"). Owner and leader words (owner, founder, ceo, president, partner, principal) are
#: not among them: for a business that sells to small firms they are the prospects.
ROLE_WORDS = frozenset("""
manager director executive officer specialist coordinator consultant member team student
intern administrator supervisor representative managing general board chair
""".split())


@functools.cache
def _languages() -> dict[str, frozenset[str]]:
    """Language code -> its folded stop words, from the `stop-words` package (English
    left out: `FUNCTION_WORDS` stands for it)."""
    from stop_words import LANGUAGE_MAPPING, get_stop_words

    out: dict[str, frozenset[str]] = {}
    for code in sorted(LANGUAGE_MAPPING):
        if code == "en":
            continue
        out[code] = frozenset(w for w in (key(x) for x in get_stop_words(code)) if w
                              and " " not in w)
    return out


@functools.cache
def _english_common() -> frozenset[str]:
    """Words that tell nothing about a title's language: the English function words, and the
    longer words of the packaged English list ("home", "information"); its short ones are
    mostly other languages' ("de", "la", "et"), which are exactly what tells."""
    from stop_words import get_stop_words

    return frozenset(w for w in (key(x) for x in get_stop_words("en"))
                     if len(w) > 3) | FUNCTION_WORDS


#: A language counts as used when at least this many people's titles hold its stop words
#: (and at least this share of the titles), through at least `MIN_DISTINCT` different ones.
MIN_TITLES = 3
MIN_SHARE = 0.005
MIN_DISTINCT = 3


def stop_words_for(titles: Iterable[tuple[frozenset[str], int]]) -> frozenset[str]:
    """The stop words for a network: the English function words, and the stop words of each
    other language its titles use.

    `titles` are the distinct titles as (their folded words, how many people hold it). A
    language is used when its own stop words (those that are not common English words) are
    held by enough titles, through enough different words. Languages are taken greedily,
    the one explaining the most titles first, and the titles it explains are not counted for
    the next: French titles full of "de" and "la" bring in French, not also Romanian, whose
    list holds those words too (and "care").
    """
    english = _english_common()
    own = {code: words - english for code, words in _languages().items()}
    foreign = frozenset().union(*own.values())
    held, total = [], 0
    for words, n in titles:
        total += n
        if not words.isdisjoint(foreign):  # most titles of most networks: none
            held.append((words & foreign, n))
    chosen: set[str] = set(FUNCTION_WORDS)
    left = held
    while left:
        best, best_n, best_rows = "", 0, set()
        for code in sorted(own):
            rows = {i for i, (words, _) in enumerate(left) if not words.isdisjoint(own[code])}
            n = sum(left[i][1] for i in rows)
            distinct = set().union(*(left[i][0] & own[code] for i in rows)) if rows else set()
            if n > best_n and len(distinct) >= MIN_DISTINCT:
                best, best_n, best_rows = code, n, rows
        if not best or best_n < max(MIN_TITLES, MIN_SHARE * total):
            break
        chosen |= _languages()[best]
        del own[best]
        left = [t for i, t in enumerate(left) if i not in best_rows]
    return frozenset(chosen)


#: Legal forms that are also common words of titles: "PT" is a physical therapist, "AE" an
#: account executive.
_NOT_LEGAL = frozenset({"pt", "da", "ae", "private"})


@functools.cache
def legal_forms() -> frozenset[str]:
    """The legal forms of companies (`LLC`, `GmbH`, `plc`, `AB`, `S.A.`, ...) from the
    `cleanco` package, as `key`s and with their dots dropped (`s a`, `sa`)."""
    from cleanco.termdata import terms_by_type

    found: set[str] = set()
    for terms in terms_by_type.values():
        for term in terms:
            k = key(term)
            joined = k.replace(" ", "")
            # `s.a.` is `sa`, `l.l.c.` is `llc`; `a.d.` is not `ad`, nor `a.e.` `ae`.
            found |= {k, joined} if len(joined) > 2 else {k}
    return frozenset(found - _NOT_LEGAL) | {"co", "inc", "corp", "ltd", "llc", "pllc"}
