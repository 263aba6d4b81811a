"""`linkedin-cleanup init`: a commented starter rules.toml, prefilled from the owner's Profile.csv.

What is proposed (business, location, competitor keywords) and why comes from
`cleanup.proposals`; this module writes the commented file around it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError, OutputError
from cleanup.proposals import (
    Reach,
    propose_business,
    propose_keywords,
    propose_location,
    propose_prospects,
    reach,
    split_words,
)
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections
from cleanup.read.profile import Profile, read_profile, read_profile_file
from cleanup.terms import (
    BUYERS,
    KEYWORD_TAGS,
    OWN_TRADE,
    PHRASE_ANSWERS,
    TAG_BY_NAME,
    UNKNOWN,
)
from cleanup.text import fold_one
from cleanup.writers.output import staged


@dataclass(frozen=True)
class Starter:
    """What `init` wrote and why, for the CLI to print."""

    path: Path
    text: str
    business: str = ""
    locations: tuple[str, ...] = ()
    scope: str = "international"
    competitor: tuple[str, ...] = ()
    prospect: tuple[str, ...] = ()
    profile: str = ""  # where the profile came from, "" for the plain template
    notes: list[str] = field(default_factory=list)

    @property
    def has_keywords(self) -> bool:
        """False when the user must add keywords before `run` accepts the file."""
        return bool(self.competitor)




def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


#: A table name TOML takes without quotes.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _wrapped(text: str) -> list[str]:
    """A comment of several lines."""
    return ["# " + line for line in textwrap.wrap(text, 86)]


def _comment(text: str, limit: int = 90) -> str:
    """Profile text made safe for a one-line TOML comment."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _list(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


#: Proposed as `[unrelated]` (in a comment) when the business sells to businesses: people who
#: do not buy for one.
NOT_BUYERS = ["student", "intern", "retired"]


def _reach_lines(found: dict[str, Reach], words: list[str]) -> list[str]:
    """One comment line per keyword: how many of this network it would tag, three examples."""
    lines = []
    for w in words:
        r = found.get(w)
        if r is None:
            continue
        share = f" ({r.matched / r.total:.1%})" if r.total else ""
        shown = ", ".join(toml_string(_comment(e, 40)) for e in r.examples)
        lines.append(f"#   {toml_string(w)} tags {r.matched:,} of your {r.total:,} "
                     f"connections{share}" + (f", e.g. {shown}" if shown else ""))
    return lines


def render(profile: Profile | None, people: pd.DataFrame | None = None) -> Starter:
    """The starter rules text and what was proposed; nothing is written. `people` (the
    connections, when known) lets each proposed keyword's comment say how many it tags."""
    notes: list[str] = []
    business, location, why_location = "", "", ""
    keywords: list[str] = []
    broad: list[str] = []
    skipped: list[str] = []
    prospects: list[str] = []
    excepted: list[str] = []
    sells_to, said_where = "", ""
    scope = "international"
    if profile is not None:
        prospects, excepted, sells_to, said_where = propose_prospects(profile)
        business = propose_business(profile)
        location, why_location = propose_location(profile.geo_location)
        place_words = tuple(split_words(profile.geo_location))
        keywords, broad, skipped = propose_keywords(profile, business, place_words)
        if location:
            said = fold_one(f"{profile.headline} {profile.summary}")
            name = fold_one(location.split(",")[0])
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", said):
                scope = "local"

    head = ["# linkedin-cleanup rules: who belongs in your network (one file, checked before",
            "# every run). Keywords match a connection's Position and Company, and an --enrich",
            "# file's Industry and Headline, never a name: whole words, ignoring case, accents",
            '# and plural endings ("realtor" matches "REALTORS®"; "seo" never matches "Seoul").',
            "# After a run, the workbook's Rules sheet shows what each keyword matched, the ones",
            "# that matched nothing (typos?) and words common among untagged connections."]
    if profile is not None:
        head.append(f"# Prefilled from {_comment(profile.source.label, 70)}: check every line.")
    else:
        head.append("# No Profile.csv was given: fill in your business and keywords.")

    b = ["", "[business]", "# Your business, shown at the top of the report."]
    if business:
        b.append(f"# From your Headline or current job: {_comment(business, 60)}")
    b.append(f"name = {toml_string(business)}")
    b += ['# "local": a connection known to be outside `locations` is recommended for removal.',
          '# "international": location is never held against anyone.']
    if location and scope == "local":
        b.append(f"# local because your Headline or Summary names {_comment(location, 40)}.")
    elif location:
        b.append(f"# Your Headline and Summary do not name {_comment(location, 40)}: set "
                 '"local" if you only serve it.')
    b.append(f"scope = {toml_string(scope)}")
    b.append("# Where you do business: cities, metro areas, states or regions, countries, as")
    b.append('# LinkedIn writes them, e.g. ["Texas"] or ["Austin, Texas", "Oklahoma"].')
    if location:
        b.append(f"# {_comment(why_location)}")
        b.append(f"locations = {_list([location])}")
    else:
        if profile is not None and profile.geo_location.strip():
            b.append(f"# Not filled in: {_comment(why_location)}. Your Geo Location was:")
            b.append(f"# locations = {_list([_comment(profile.geo_location, 60)])}")
        else:
            b.append('# locations = ["Texas"]')
        b.append("locations = []")
    b += ['# For connections no keyword tags: "review" (default), "keep" or "remove".',
          'unknown = "review"',
          "# Never recommend removing anyone connected fewer than this many days ago (0: off).",
          "protect_recent_days = 0",
          '# People who are not your audience ([unrelated] keywords, or phrases you answered',
          '# "not my audience" on the Phrases sheet): "review" (default), "remove" or "keep".',
          'unrelated = "remove"',
          "# Untagged people you are in touch with (messages both ways, a recommendation or an",
          '# endorsement): "keep" (default) or "review".',
          'in_touch = "keep"',
          "# Untagged people with no Position and no Company (hidden or empty profiles: nothing",
          '# to judge them by): "review" (default), "keep" or "remove". One answer on the',
          "# Phrases sheet sets it too.",
          'no_profile = "review"']

    found = reach([*keywords, *prospects, *NOT_BUYERS], people, tuple(excepted)) if (
        people is not None and profile is not None) else {}

    def table(name: str, about: list[str], words: list[str], example: list[str],
              origin: tuple[str, ...] = (), excepts: list[str] | None = None) -> list[str]:
        header = f"[{name}]" if _BARE_KEY.fullmatch(name) else f"[{toml_string(name)}]"
        lines = ["", header, *[f"# {a}" for a in about]]
        if words:
            lines += [f"# {o}" for o in origin]
            if found:
                lines.append("# What each would tag in your network:")
                lines += _reach_lines(found, words)
            lines.append(f"keywords = {_list(words)}")
            if excepts:
                lines.append(f"except = {_list(excepts)}")
        else:
            lines.append(f"# e.g. keywords = {_list(example)}")
            lines.append("keywords = []")
        return lines

    origin: tuple[str, ...] = ()
    if profile is not None and keywords:
        origin = (f"From your Headline: {_comment(profile.headline, 80)}",)
        if profile.titles:
            origin += (f"your current job title: {_comment(', '.join(profile.titles), 60)}",)
        if profile.industry:
            origin += (f"and your Industry: {_comment(profile.industry, 60)}",)
    # What `init` fills in: who buys (when the owner sells to businesses), the owner's trade.
    proposed: dict[str, tuple[list[str], tuple[str, ...], list[str] | None]] = {
        BUYERS: (prospects, (
            f"Your {said_where} says you sell to businesses ({toml_string(sells_to)}): the",
            "people who buy for one. Add the trades you serve (e.g. \"restaurant\").")
            if prospects else (), excepted),
        OWN_TRADE: (keywords, origin, None)}
    c: list[str] = []
    for name in KEYWORD_TAGS:  # one table per tag found by keywords, from the registry
        info = TAG_BY_NAME[name]
        words, why, excepts = proposed.get(name, ([], (), None))
        c += table(name, list(info.about), words, list(info.example), why, excepts)
    if skipped and profile is not None:
        c.append("# Not proposed from your Headline (a place, or not a word for a trade or an")
        c.append("# industry; add any that really names your competitors):")
        c.append(f"# {_comment(', '.join(toml_string(w) for w in skipped), 100)}")
    if broad and profile is not None:
        c.append(f"# Broader, from your Industry {_comment(profile.industry, 50)} (add it if "
                 "it really is your trade):")
        c.append(f"# {', '.join(toml_string(w) for w in broad)}")
    c += ["", "[unrelated]",
          "# Not your audience: nothing to sell them, buy from them, partner on or learn. Their",
          f'# tag stays "{UNKNOWN}" and [business] unrelated decides; any keyword above wins.',
          "# Every table of keywords also takes except = [...]: phrases inside which a keyword",
          '# does not count (keywords = ["owner"], except = ["product owner"]).',
          "# You need not list everything here: each workbook has a Phrases sheet with the",
          *_wrapped("commonest words of the Positions no keyword tagged. Answer them there ("
                    + ", ".join(PHRASE_ANSWERS) + "); the next run remembers your answers in "
                    "phrases.csv and applies them as keywords, after the ones in this file."),
          '# e.g. keywords = ["student", "retired"]']
    if prospects:
        c += ["# You sell to businesses: people who do not buy for one could go here (not",
              "# switched on: your unrelated policy removes whom they match):",
              *_reach_lines(found, NOT_BUYERS),
              f"# keywords = {_list(NOT_BUYERS)}"]
    c.append("keywords = []")
    lists = ["", "[keep]", "# Always kept, whatever the rules say: full names, company names,",
             "# profile URLs (with or without https://www.).",
             "names = []", "companies = []", "urls = []",
             "", "[remove]", "# Always removed (a keep entry wins over a remove entry).",
             "names = []", "companies = []", "urls = []", ""]
    text = "\n".join(head + b + c + lists)

    if profile is not None:
        notes.append(f"business: {business!r}" if business else
                     "business: not found in your Headline (fill in name)")
        notes.append(f"locations: [{location!r}], scope {scope} ({why_location})" if location
                     else f"locations: none ({why_location}); scope international")
        def listed(words: list[str]) -> str:
            return ", ".join(repr(k) + (f" ({found[k].matched:,})" if k in found else "")
                             for k in words)

        if found:
            total = next(iter(found.values())).total
            notes.append(f"in brackets: how many of your {total:,} connections "
                         "each keyword tags")
        notes.append(f"{OWN_TRADE} keywords: " + (listed(keywords)
                                                or "none found in your Headline or Industry"))
        if skipped:
            notes.append("not proposed (a place, or not a trade): "
                         + ", ".join(repr(k) for k in skipped))
        if broad:
            notes.append("suggested in a comment (broad): " + ", ".join(repr(b) for b in broad))
        if prospects:
            notes.append(f"{BUYERS} keywords (you sell to businesses, {sells_to!r}): "
                         + listed(prospects))
    return Starter(path=Path(), text=text, business=business,
                   locations=(location,) if location else (), scope=scope,
                   competitor=tuple(keywords), prospect=tuple(prospects),
                   profile=profile.source.label if profile else "", notes=notes)


def write(output: Path, *, export: Path | None = None, profile_path: Path | None = None,
          force: bool = False) -> Starter:
    """Write the starter rules to `output`, prefilled from a Profile.csv when there is one.

    Refuses to replace an existing file unless `force`: it may hold rules the user wrote.
    """
    output = Path(output)
    if output.exists() and not force:
        raise OutputError(f"{output} already exists; not replacing it, since it may hold your "
                          "rules. Overwrite it on purpose, or write elsewhere.", hint="force")
    if output.is_dir():
        raise OutputError(f"{output} is a folder; name a file to write.", hint="output")
    notes: list[str] = []
    profile: Profile | None = None
    if profile_path is not None:
        profile = read_profile_file(Path(profile_path))
        if profile is None:
            notes.append(f"{profile_path} has a header but no profile row; wrote the template")
    people: pd.DataFrame | None = None
    if profile_path is None and export is not None:
        archive = Archive.open(export)
        profile = read_profile(archive)
        if profile is None:
            notes.append(f"no Profile.csv with a profile row in {export}; wrote the template")
        else:
            try:
                people = read_connections(archive).people
            except InputError as exc:  # only for the counts in the comments
                notes.append(f"the keywords' reach in your network is not shown: {exc}")
    starter = render(profile, people)
    folder = output.parent if str(output.parent) else Path(".")

    def put(tmp: Path) -> None:
        tmp.write_text(starter.text, encoding="utf-8")  # staged() gives it the umask's mode

    with staged(folder) as stage:  # all or nothing: never a half-written rules file
        stage(output, put)
    return replace(starter, path=output, notes=notes + starter.notes)
