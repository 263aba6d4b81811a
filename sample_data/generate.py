"""Deterministic generator of synthetic LinkedIn data archives.

Everything here is invented: names are drawn from lists of common first and last names of
many cultures, companies are made up from neutral words, e-mail addresses only use the
reserved ``example.com`` / ``example.org`` domains. The owner of the archive is "Sam Rivera"
of the fictional "Brightline Web Studio" in Austin, Texas (see ``rules.toml``).

The files follow LinkedIn's current (late 2023 onward) export shapes: ``Connections.csv``
byte for byte (``Notes:`` preamble, LF, no newline at the end, newest first),
``messages.csv``, ``Invitations.csv``, ``Profile.csv``, the recommendation and endorsement
files, plus a few files the tool never reads.

Same arguments, same bytes: every random choice comes from :class:`random.Random` instances
seeded with strings derived from ``seed`` (string seeds are hashed with SHA-512, so the
result does not depend on ``PYTHONHASHSEED`` or the platform), and the connections do not
depend on the number of messages.

The vocabulary (names, companies, job titles, places, message texts) lives in
:mod:`sample_data.vocab`; this module holds only the drawing logic.

Run it from the repository root as a module::

    python -m sample_data.generate --connections 2000 --seed 7 \\
        --out sample_data/Basic_LinkedInDataExport_11-25-2026 --enrich sample_data/enrichment.csv
    python -m sample_data.generate --connections 300000 --messages 1000000 --zip big.zip

or from Python::

    from sample_data.generate import build_archive, build_enrichment, write_zip
    files = build_archive(2000, seed=7)          # {"Connections.csv": b"Notes:...", ...}
    enrichment = build_enrichment(2000, seed=7)  # rows match the connections of `files`
"""

from __future__ import annotations

import argparse
import base64
import csv
import gc
import io
import random
import re
import sys
import time
import unicodedata
import zipfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import accumulate, islice
from math import log as _log
from operator import itemgetter
from pathlib import Path
from typing import Generic, TypeVar

from .vocab import (
    ANCHORS,
    CAFE_WORDS,
    CREDENTIALS,
    CULTURES,
    DRAFTS,
    FIRM_FIRSTS,
    FIRM_SURNAMES,
    GROUP_TITLES,
    INBOUND_BY_CATEGORY,
    INDUSTRIES,
    INVITE_IN_MESSAGES,
    INVITE_OUT_MESSAGES,
    JOBS,
    LOC_MIX,
    LOC_TEXAS,
    LOC_US,
    LOC_WORLD,
    NICKNAMES,
    NON_LATIN,
    OUTBOUND,
    OWNER_OPENERS,
    OWNER_REPLIES,
    OWNER_SKILLS,
    PARTNER_OPENERS,
    PARTNER_REPLIES,
    PREFIXES,
    REC_GIVEN,
    REC_RECEIVED,
    SKILLS_BY_SUB,
    SPAM,
    SPAM_SUBJECTS,
    TAGLINES,
)

T = TypeVar("T")

__all__ = [
    "AS_OF",
    "OWNER_NAME",
    "OWNER_URL",
    "Network",
    "Person",
    "build_archive",
    "build_enrichment",
    "make_network",
    "write_folder",
    "write_zip",
]

AS_OF = date(2026, 11, 25)
"""Default export date (the archive is ``Basic_LinkedInDataExport_11-25-2026``)."""

PROFILE_PREFIX = "https://www.linkedin.com/in/"
OWNER_FIRST = "Sam"
OWNER_LAST = "Rivera"
OWNER_NAME = f"{OWNER_FIRST} {OWNER_LAST}"
OWNER_SLUG = "sam-rivera-brightline"
OWNER_URL = PROFILE_PREFIX + OWNER_SLUG

CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
CONNECTIONS_HEADER = (
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
)
MESSAGES_HEADER = (
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS",
    "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT",
)
INVITATIONS_HEADER = (
    "From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl",
)
PROFILE_HEADER = (
    "First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary",
    "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers",
)
RECOMMENDATIONS_HEADER = (
    "First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status",
)
ENDORSEMENT_RECEIVED_HEADER = (
    "Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name",
    "Endorser Public Url", "Endorsement Status",
)
ENDORSEMENT_GIVEN_HEADER = (
    "Endorsement Date", "Skill Name", "Endorsee First Name", "Endorsee Last Name",
    "Endorsee Public Url", "Endorsement Status",
)
ENRICHMENT_HEADER = ("LinkedIn URL", "Location", "Industry", "Headline")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY = 86_400
_CHUNK_ROWS = 20_000

# What the generator means a person to be, and how often (vocab.JOBS has a table for each).
_CATEGORIES = ("prospect", "complementary", "competitor", "unrelated")
_CATEGORY_WEIGHTS = (31, 17.5, 12.5, 39)
_CULTURE_WEIGHTS = tuple(c[2] for c in CULTURES)


# --------------------------------------------------------------------------------------------
# Data model.
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    """One invented LinkedIn member, as the export would show them.

    ``first``/``last``/``company``/``position`` are the exact field texts (they may carry
    stray spaces, credentials after a comma, nicknames in quotes). ``category`` is the
    generator's intent (``prospect``, ``complementary``, ``competitor``, ``unrelated`` or
    ``hidden``); whether a keyword really matches is up to the tool.
    """

    first: str
    last: str
    slug: str
    email: str
    company: str
    position: str
    connected: int  # date ordinal
    category: str
    sub: str

    @property
    def url(self) -> str:
        """Canonical profile URL, or "" for a hidden member."""
        return PROFILE_PREFIX + self.slug if self.slug else ""

    @property
    def name(self) -> str:
        """Display name with stray spaces removed."""
        return f"{self.first.strip()} {self.last.strip()}".strip()

    @property
    def first_name(self) -> str:
        """First name without nickname quotes or spaces, as used in a greeting."""
        return self.first.split('"')[0].strip() or self.first.strip()


@dataclass(slots=True)
class Network:
    """The owner's connections (newest first) and the pending invitations' people."""

    n_connections: int
    seed: int
    as_of: date
    people: list[Person]
    slugs: set[str] = field(repr=False)


# --------------------------------------------------------------------------------------------
# Small helpers.
# --------------------------------------------------------------------------------------------

_FOLD_EXTRA = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
    "Æ": "AE", "œ": "oe", "ı": "i", "®": "",
})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@cache
def _ascii_fold(text: str) -> str:
    """Lower-case ASCII rendering of ``text`` ("Nguyễn" -> "nguyen"), cached."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


@cache
def _slug_part(text: str) -> str:
    """``"Nguyễn-Đặng"`` -> ``"nguyen-dang"`` (cached)."""
    return _NON_ALNUM.sub("-", _ascii_fold(text)).strip("-")


def _pick(rand: Callable[[], float], seq: Sequence[T]) -> T:
    """Uniform choice driven by ``rand`` (faster than ``Random.choice``)."""
    return seq[int(rand() * len(seq))]


class _W(Generic[T]):
    """A weighted table with O(log n) draws from one ``random()`` call."""

    __slots__ = ("items", "cum", "total", "last")

    def __init__(self, items: Iterable[T], weights: Iterable[float]) -> None:
        self.items: tuple[T, ...] = tuple(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]
        self.last = len(self.items) - 1

    def draw(self, rand: Callable[[], float]) -> T:
        """One item, with probability proportional to its weight."""
        i = bisect_right(self.cum, rand() * self.total)
        return self.items[i if i < self.last else self.last]


@cache
def _connected_on(ordinal: int) -> str:
    """``05 Mar 2024`` (English month, two-digit day), independent of the locale."""
    d = date.fromordinal(ordinal)
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def _epoch(d: date) -> int:
    return (d.toordinal() - _EPOCH_ORDINAL) * _DAY


@cache
def _iso_day(day: int) -> str:
    """``2024-10-26`` for a day number since 1970-01-01."""
    return date.fromordinal(day + _EPOCH_ORDINAL).isoformat()


def _utc_stamp(ts: int) -> str:
    """``2024-10-26 11:43:11 UTC`` for a Unix time stamp."""
    day, rest = divmod(ts, _DAY)
    prefix = _iso_day(day)
    hh, rest = divmod(rest, 3600)
    mm, ss = divmod(rest, 60)
    return f"{prefix} {hh:02d}:{mm:02d}:{ss:02d} UTC"


def _endorsement_stamp(ts: int) -> str:
    """``2024/03/05 14:07:09 UTC``."""
    return _utc_stamp(ts).replace("-", "/")


def _twelve_hour(ts: int) -> tuple[date, int, int, str]:
    day, rest = divmod(ts, _DAY)
    hh, rest = divmod(rest, 3600)
    return date.fromordinal(day + _EPOCH_ORDINAL), hh % 12 or 12, rest // 60, (
        "AM" if hh < 12 else "PM")


def _invitation_stamp(ts: int) -> str:
    """``3/5/26, 9:07 AM`` (month first, no padding, two-digit year)."""
    d, h, m, ampm = _twelve_hour(ts)
    return f"{d.month}/{d.day}/{d.year % 100:02d}, {h}:{m:02d} {ampm}"


def _recommendation_stamp(ts: int) -> str:
    """``03/05/23, 02:07 PM``."""
    d, h, m, ampm = _twelve_hour(ts)
    return f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}, {h:02d}:{m:02d} {ampm}"


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _q(text: str) -> str:
    """One CSV field, quoted exactly when ``csv.writer`` (QUOTE_MINIMAL) would quote it."""
    if _NEEDS_QUOTES.search(text) is None:
        return text
    return '"' + text.replace('"', '""') + '"'


def _lines_bytes(header: Sequence[str], chunks: Iterable[str]) -> bytes:
    """UTF-8 bytes of a header plus pre-rendered CSV text (lines ending in LF)."""
    out = io.BytesIO()
    out.write((",".join(_q(h) for h in header) + "\n").encode("utf-8"))
    iterator = iter(chunks)
    while True:
        batch = "".join(islice(iterator, _CHUNK_ROWS // 4))
        if not batch:
            break
        out.write(batch.encode("utf-8"))
    return out.getvalue()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _csv_bytes(
    header: Sequence[str] | None,
    rows: Iterable[Sequence[str]],
    *,
    preamble: str = "",
    newline: str = "\n",
    final_newline: bool = True,
) -> bytes:
    """Encode rows as UTF-8 CSV (minimal quoting), streaming in chunks to bound memory."""
    out = io.BytesIO()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=newline)
    text.write(preamble)
    if header is not None:
        writer.writerow(header)
    iterator = iter(rows)
    while True:
        batch = [row for _, row in zip(range(_CHUNK_ROWS), iterator, strict=False)]
        if batch:
            writer.writerows(batch)
        out.write(text.getvalue().encode("utf-8"))
        text.seek(0)
        text.truncate()
        if len(batch) < _CHUNK_ROWS:
            break
    if not final_newline and out.tell() >= len(newline):
        out.seek(-len(newline), io.SEEK_END)
        out.truncate()
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# People.
# --------------------------------------------------------------------------------------------

_CULTURE_W = _W(CULTURES, _CULTURE_WEIGHTS)
_CATEGORY_W = _W(_CATEGORIES, _CATEGORY_WEIGHTS)
_SUB_W = {cat: _W(subs, [w for w, _ in subs.values()]) for cat, subs in JOBS.items()}
_RECIPE_W = {
    sub: _W(recipes, [r[0] for r in recipes])
    for subs in JOBS.values()
    for sub, (_, recipes) in subs.items()
}


class _PersonFactory:
    """Draws invented people; guarantees unique profile slugs within one network."""

    def __init__(self, rng: random.Random, slugs: set[str]) -> None:
        self.rng = rng
        self.rand = rng.random
        self.bits = rng.getrandbits
        self.slugs = slugs

    def name(self) -> tuple[str, str, str, bool]:
        """(first, last, slug base, is Latin script)."""
        rand = self.rand
        if rand() < 0.006:
            first, last, base = _pick(rand, NON_LATIN)
            return first, last, base, False
        culture = _CULTURE_W.draw(rand)
        firsts = culture[0]
        first = firsts[int(rand() * len(firsts))]
        lasts = (_CULTURE_W.draw(rand) if rand() < 0.12 else culture)[1]
        last = lasts[int(rand() * len(lasts))]
        f, la = _slug_part(first), _slug_part(last)
        r = rand()
        if r < 0.08:
            base = f.replace("-", "") + la.replace("-", "")
        elif r < 0.12:
            base = f[:1] + la.replace("-", "")
        else:
            base = f"{f}-{la}"
        return first, last, base, True

    def unique_slug(self, base: str) -> str:
        """``base`` or ``base-<suffix>``; always unused so far."""
        rand, bits, slugs = self.rand, self.bits, self.slugs
        slug = base
        if rand() < 0.45 or slug in slugs:
            while True:
                r = rand()
                if r < 0.6:
                    suffix = f"{bits(32):08x}"
                elif r < 0.75:
                    suffix = f"{bits(36):09x}"
                elif r < 0.9:
                    suffix = str(10**6 + int(rand() * (10**9 - 10**6)))
                else:
                    suffix = f"{bits(24):06x}"
                slug = f"{base}-{suffix}"
                if slug not in slugs:
                    break
        slugs.add(slug)
        return slug

    def fill(self, template: str) -> str:
        """Resolve {P}/{S}/{S2}/{F}/{W} in a company template."""
        if "{" not in template:
            return template
        rand = self.rand
        if "{P}" in template:
            template = template.replace("{P}", _pick(rand, PREFIXES))
        if "{S}" in template:
            template = template.replace("{S}", _pick(rand, FIRM_SURNAMES))
        if "{S2}" in template:
            template = template.replace("{S2}", _pick(rand, FIRM_SURNAMES))
        if "{F}" in template:
            template = template.replace("{F}", _pick(rand, FIRM_FIRSTS))
        if "{W}" in template:
            template = template.replace("{W}", _pick(rand, CAFE_WORDS))
        return template

    def job(self, category: str) -> tuple[str, str, str]:
        """(sub-category, company, position) for a category."""
        rand = self.rand
        sub = _SUB_W[category].draw(rand)
        _, positions, companies = _RECIPE_W[sub].draw(rand)
        return sub, self.fill(_pick(rand, companies)), _pick(rand, positions)

    def person(self, connected: int, category: str | None = None) -> Person:
        """A fully dressed random person (possibly with blanks, spaces, credentials)."""
        rand = self.rand
        if category is None:
            category = _CATEGORY_W.draw(rand)
        first, last, base, latin = self.name()
        slug = self.unique_slug(base)
        sub, company, position = self.job(category)
        email = ""
        if latin and rand() < 0.03:
            f, la = _slug_part(first).replace("-", ""), _slug_part(last).replace("-", "")
            domain = "example.com" if rand() < 0.7 else "example.org"
            style = rand()
            if style < 0.7:
                local = f"{f}.{la}"
            else:
                local = f"{f[:1]}{la}" if style < 0.85 else f"{f}_{la}"
            email = f"{local}@{domain}"
        r = rand()
        if r < 0.030:
            company = position = ""
        elif r < 0.038:
            company = ""
        elif r < 0.043:
            position = ""
        r = rand()
        if r < 0.010:
            last += _pick(rand, CREDENTIALS)
        elif r < 0.06 and first in NICKNAMES:
            first = f'{first} "{NICKNAMES[first]}"'
        r = rand()
        if r < 0.005:
            first += " "
        elif r < 0.009:
            last += " "
        elif r < 0.013 and company:
            company += " "
        elif r < 0.016 and position:
            position = " " + position
        return Person(first, last, slug, email, company, position, connected, category, sub)


def _connection_dates(rng: random.Random, n: int, as_of: date) -> list[int]:
    """``n`` date ordinals over the last ~14 years, recent years heavier, newest first."""
    start_year = as_of.year - 14
    spans: list[tuple[int, int]] = []
    weights: list[float] = []
    for year in range(start_year, as_of.year + 1):
        lo = date(year, 1, 1).toordinal()
        hi = min(date(year, 12, 31).toordinal(), as_of.toordinal())
        spans.append((lo, hi))
        weights.append(1.2 ** (year - start_year) * (hi - lo + 1) / 365)
    rand = rng.random
    out = []
    for i in rng.choices(range(len(spans)), weights, k=n):
        lo, hi = spans[i]
        out.append(lo + int(rand() * (hi - lo + 1)))
    out.sort(reverse=True)
    return out


def make_network(n_connections: int, seed: int = 7, as_of: date = AS_OF) -> Network:
    """Generate the owner's connections: deterministic in (n_connections, seed, as_of).

    About 2 % are hidden members (only a date). For ``n_connections >= 20`` the rows named in
    ``rules.toml`` (Tomás Herrera, Pixel Partners, Rank Rocket Offshore, Joe's Diner) are
    planted at random positions.
    """
    with _gc_paused():
        rng = random.Random(f"linkedin-sample:{seed}:connections")
        slugs: set[str] = {OWNER_SLUG}
        factory = _PersonFactory(rng, slugs)
        people: list[Person] = []
        rand = rng.random
        for ordinal in _connection_dates(rng, n_connections, as_of):
            if rand() < 0.02:
                people.append(Person("", "", "", "", "", "", ordinal, "hidden", ""))
            else:
                people.append(factory.person(ordinal))
        if n_connections >= 20:
            spots = rng.sample(range(n_connections), len(ANCHORS))
            for spot, (first, last, position, company, category, sub) in zip(
                spots, ANCHORS, strict=True
            ):
                slug = factory.unique_slug(f"{_slug_part(first)}-{_slug_part(last)}")
                old = people[spot]
                if old.slug:
                    slugs.discard(old.slug)
                people[spot] = Person(first, last, slug, "", company, position, old.connected,
                                      category, sub)
        return Network(n_connections, seed, as_of, people, slugs)


def _check_network(network: Network | None, n: int, seed: int, as_of: date) -> Network:
    if network is None:
        return make_network(n, seed, as_of)
    if (network.n_connections, network.seed, network.as_of) != (n, seed, as_of):
        raise ValueError("network was made with other arguments than n_connections/seed/as_of")
    return network


# --------------------------------------------------------------------------------------------
# Connections.csv
# --------------------------------------------------------------------------------------------


def _connections_csv(net: Network) -> bytes:
    def rows() -> Iterator[tuple[str, ...]]:
        for p in net.people:
            yield (p.first, p.last, p.url, p.email, p.company, p.position,
                   _connected_on(p.connected))

    return _csv_bytes(CONNECTIONS_HEADER, rows(), preamble=CONNECTIONS_PREAMBLE,
                      final_newline=False)


# --------------------------------------------------------------------------------------------
# messages.csv
# --------------------------------------------------------------------------------------------

_KIND_W = _W(("two_way", "inbound", "spam", "outbound", "group", "draft"), (50, 23, 8, 14, 3, 2))
_PARTNER_W = {
    kind: _W(_CATEGORIES, mix)
    for kind, mix in (
        ("two_way", (40, 30, 10, 20)),
        ("inbound", (10, 25, 30, 35)),
        ("spam", (0, 20, 30, 50)),
        ("outbound", (70, 30, 0, 0)),
        ("group", (40, 60, 0, 0)),
        ("draft", (80, 20, 0, 0)),
    )
}
_Party = tuple[str, str, str, str, str]  # name, url, first name, company, category
_Plan = tuple[int, int, str, tuple[_Party, ...], int]  # end, start, kind, partners, length


class _MessageWriter:
    """Plans conversations, then expands them into rows, newest conversation first."""

    def __init__(self, net: Network, n_messages: int) -> None:
        self.rng = random.Random(f"linkedin-sample:{net.seed}:messages")
        self.rand = self.rng.random
        self.net = net
        self.n_messages = n_messages
        self.end = _epoch(net.as_of) + 9 * 3600
        self.lo = _epoch(date(net.as_of.year - 8, net.as_of.month, 1))
        pools: dict[str, list[Person]] = {c: [] for c in _CATEGORIES}
        for p in net.people:
            if p.slug:
                pools[p.category].append(p)
        self.pools = pools
        self.any_pool = [p for c in _CATEGORIES for p in pools[c]]
        self.owner: _Party = (OWNER_NAME, OWNER_URL, OWNER_FIRST, "Brightline Web Studio", "")
        self.strangers = _PersonFactory(self.rng, set(net.slugs))

    @staticmethod
    def _party(p: Person) -> _Party:
        name = f"{p.first.strip()} {p.last.strip()}".strip()
        first = p.first.split('"')[0].strip() or p.first.strip()
        return (name, PROFILE_PREFIX + p.slug, first, p.company.strip() or "your business",
                p.category)

    def _partner(self, kind: str) -> tuple[_Party, int]:
        rand = self.rand
        pool: list[Person] = []
        if kind != "spam" or rand() >= 0.6:
            pool = self.pools[_PARTNER_W[kind].draw(rand)] or self.any_pool
        if not pool:  # spam from a stranger, or an archive without visible connections
            p = self.strangers.person(self.net.as_of.toordinal(), "unrelated")
            return self._party(p), 0
        p = pool[int(rand() * len(pool))]
        return self._party(p), p.connected

    def _length(self, kind: str) -> int:
        rand = self.rand
        if kind == "two_way":
            return 2 + min(int(-_log(1.0 - rand()) * 4.5), 58)
        if kind == "inbound":
            return 1 + (rand() < 0.3) + (rand() < 0.1)
        if kind == "spam":
            return 1 + (rand() < 0.15)
        if kind == "outbound":
            return 1 + (rand() < 0.25)
        if kind == "group":
            return 3 + min(int(-_log(1.0 - rand()) * 5), 37)
        return 1

    def plan(self) -> list[_Plan]:
        """(end ts, start ts, kind, partners, length), sorted newest first."""
        rand = self.rand
        party = self._party
        pools, lo_all, end_all = self.pools, self.lo, self.end
        kinds = _KIND_W
        plans: list[_Plan] = []
        left = self.n_messages
        while left > 0:
            kind = kinds.draw(rand)
            length = self._length(kind)
            if length > left:
                length = left
            left -= length
            if kind == "group":
                members: dict[str, tuple[_Party, int]] = {}
                for _ in range(2 + int(rand() * 3)):
                    member, joined = self._partner(kind)
                    members[member[1]] = (member, joined)
                partners = tuple(m[0] for m in members.values())
                since = max(m[1] for m in members.values())
            elif kind == "spam" or not self.any_pool:
                member, since = self._partner(kind)
                partners = (member,)
            else:  # the common case, inlined
                pool = pools[_PARTNER_W[kind].draw(rand)] or self.any_pool
                person = pool[int(rand() * len(pool))]
                partners = (party(person),)
                since = person.connected
            lo = lo_all
            if since:
                lo = (since - _EPOCH_ORDINAL) * _DAY + 3600
                if lo < lo_all:
                    lo = lo_all
                elif lo > end_all - 60:
                    lo = end_all - 60
            end = end_all - int((end_all - lo) * rand() ** 1.6)
            duration = int(length * -_log(1.0 - rand()) * 129_600)
            if duration > end - lo:
                duration = end - lo
            plans.append((end, end - duration, kind, partners, length))
        plans.sort(key=itemgetter(0), reverse=True)
        return plans

    def _conversation_id(self) -> str:
        bits = f"{self.rng.getrandbits(128):032x}"
        uuid = f"{bits[:8]}-{bits[8:12]}-{bits[12:16]}-{bits[16:20]}-{bits[20:]}"
        tail = _pick(self.rand, ("_000", "_010", "_100"))
        return "2-" + base64.b64encode((uuid + tail).encode("ascii")).decode("ascii")

    def chunks(self) -> Iterator[str]:
        """CSV lines of one conversation per item; conversations newest first, messages
        newest first within a conversation."""
        rand = self.rand
        owner = self.owner
        hms = _hms_table()
        days: dict[int, str] = {}
        owner_side = f"{_q(OWNER_NAME)},{OWNER_URL}"
        for end, start, kind, partners, length in self.plan():
            conv_id = self._conversation_id()
            if length == 1:
                stamps = [end]
            else:
                span = end - start
                inner = sorted([start + int(span * rand()) for _ in range(length - 2)])
                stamps = [start, *inner, end]
            # "YYYY-MM-DD HH:MM:SS UTC" for every message, from two cached tables.
            dates = []
            for ts in stamps:
                day, sec = divmod(ts, _DAY)
                prefix = days.get(day)
                if prefix is None:
                    prefix = days[day] = date.fromordinal(day + _EPOCH_ORDINAL).isoformat()
                dates.append(prefix + hms[sec])
            partner = partners[0]
            folder, subject = "INBOX", ""
            if kind == "spam":
                folder, subject = "SPAM", _q(_pick(rand, SPAM_SUBJECTS))
            elif kind == "draft":
                folder = ""
            elif kind != "outbound" and rand() < 0.18:
                folder = "ARCHIVE"
            draft = "Yes" if kind == "draft" else "No"
            tail = f"{folder},,{draft},{draft}\n"
            out: list[str] = []
            if kind == "group":
                title = _q(_pick(rand, GROUP_TITLES))
                members = (owner, *partners)
                heads = [
                    ",".join((conv_id, title, _q(m[0]), m[1],
                              _q(", ".join(o[0] for o in members if o is not m)),
                              _q(",".join(o[1] for o in members if o is not m))))
                    for m in members
                ]
                n_partners = len(partners)
                for stamp in dates:
                    if rand() < 0.35:
                        head, pool = heads[0], _OWNER_REPLIES_Q
                    else:
                        head, pool = heads[1 + int(rand() * n_partners)], _PARTNER_REPLIES_Q
                    content = pool[int(rand() * len(pool))]
                    if "{" in content:
                        content = _q(_unq(content).replace("{first}", partner[2]))
                    out.append(f"{head},{stamp},{subject},{content},{tail}")
                out.reverse()
                yield "".join(out)
                continue
            other_side = f"{_q(partner[0])},{partner[1]}"
            from_owner = f"{conv_id},,{owner_side},{other_side},"
            from_partner = f"{conv_id},,{other_side},{owner_side},"
            if kind == "two_way":
                owner_turn = rand() < 0.55
                pool = _OWNER_OPENERS_Q if owner_turn else _PARTNER_OPENERS_Q
                last = length - 1
                for i, stamp in enumerate(dates):
                    if i:
                        if i == 1 or rand() < 0.7:
                            owner_turn = not owner_turn
                        pool = _OWNER_REPLIES_Q if owner_turn else _PARTNER_REPLIES_Q
                    content = pool[int(rand() * len(pool))]
                    if "{" in content:
                        content = _q(_unq(content).replace("{first}", partner[2]).replace(
                            "{company}", partner[3]))
                    if not owner_turn:
                        out.append(f"{from_partner}{stamp},,{content},{tail}")
                    elif i == last and rand() < 0.04:  # a reply still being typed
                        out.append(f"{from_owner}{stamp},,{content},{folder},,Yes,No\n")
                    else:
                        out.append(f"{from_owner}{stamp},,{content},{tail}")
            else:
                if kind == "inbound":
                    head, pool = from_partner, _INBOUND_Q[partner[4] or "unrelated"]
                elif kind == "spam":
                    head, pool = from_partner, _SPAM_Q
                elif kind == "outbound":
                    head, pool = from_owner, _OUTBOUND_Q
                else:
                    head, pool = from_owner, _DRAFTS_Q
                for stamp in dates:
                    content = pool[int(rand() * len(pool))]
                    if "{" in content:
                        content = _q(_unq(content).replace("{first}", partner[2]).replace(
                            "{company}", partner[3]))
                    out.append(f"{head}{stamp},{subject},{content},{tail}")
            out.reverse()
            yield "".join(out)


@cache
def _hms_table() -> tuple[str, ...]:
    """``" HH:MM:SS UTC"`` for every second of a day (built once)."""
    return tuple(
        f" {h:02d}:{m:02d}:{sec:02d} UTC"
        for h in range(24) for m in range(60) for sec in range(60)
    )


def _unq(field_text: str) -> str:
    """Inverse of :func:`_q`."""
    if field_text.startswith('"'):
        return field_text[1:-1].replace('""', '"')
    return field_text


def _quoted(pool: Iterable[str]) -> tuple[str, ...]:
    return tuple(_q(t) for t in pool)


_OWNER_OPENERS_Q = _quoted(OWNER_OPENERS)
_PARTNER_OPENERS_Q = _quoted(PARTNER_OPENERS)
_OWNER_REPLIES_Q = _quoted(OWNER_REPLIES)
_PARTNER_REPLIES_Q = _quoted(PARTNER_REPLIES)
_INBOUND_Q = {cat: _quoted(pool) for cat, pool in INBOUND_BY_CATEGORY.items()}
_SPAM_Q = _quoted(SPAM)
_OUTBOUND_Q = _quoted(OUTBOUND)
_DRAFTS_Q = _quoted(DRAFTS)


# --------------------------------------------------------------------------------------------
# Invitations, recommendations, endorsements, profile and the files nobody reads.
# --------------------------------------------------------------------------------------------


def _invitations(net: Network) -> list[tuple[int, str, Person, str]]:
    """(sent ts, direction, other person, message), newest first. Not connections."""
    rng = random.Random(f"linkedin-sample:{net.seed}:invitations")
    factory = _PersonFactory(rng, set(net.slugs))
    end = _epoch(net.as_of) + 8 * 3600
    out = []
    for direction, count, mix in (("INCOMING", 40, (40, 15, 20, 25)),
                                  ("OUTGOING", 30, (70, 30, 0, 0))):
        for _ in range(count):
            ts = end - rng.randrange(90 * _DAY)
            category = rng.choices(_CATEGORIES, mix)[0]
            person = factory.person(ts // _DAY + _EPOCH_ORDINAL, category)
            message = ""
            if direction == "INCOMING" and rng.random() < 0.35:
                message = rng.choice(INVITE_IN_MESSAGES[category])
            elif direction == "OUTGOING" and rng.random() < 0.3:
                message = rng.choice(INVITE_OUT_MESSAGES).replace(
                    "{first}", person.first_name).replace(
                    "{company}", person.company.strip() or "your business")
            out.append((ts, direction, person, message))
    out.sort(key=lambda t: t[0], reverse=True)
    return out


def _invitations_csv(invitations: list[tuple[int, str, Person, str]]) -> bytes:
    rows = []
    for ts, direction, p, message in invitations:
        if direction == "INCOMING":
            rows.append((p.name, OWNER_NAME, _invitation_stamp(ts), message, direction, p.url,
                         OWNER_URL))
        else:
            rows.append((OWNER_NAME, p.name, _invitation_stamp(ts), message, direction,
                         OWNER_URL, p.url))
    return _csv_bytes(INVITATIONS_HEADER, rows)


def _random_after(rng: random.Random, person: Person, end: int) -> int:
    lo = min(_epoch(date.fromordinal(person.connected)) + _DAY, end - _DAY)
    lo = max(lo, end - 6 * 365 * _DAY)
    return lo + rng.randrange(end - lo)


def _relationship_files(net: Network) -> dict[str, bytes]:
    rng = random.Random(f"linkedin-sample:{net.seed}:relationships")
    end = _epoch(net.as_of) + 8 * 3600
    n = net.n_connections
    visible = [p for p in net.people if p.slug]
    by_cat: dict[str, list[Person]] = {c: [p for p in visible if p.category == c]
                                       for c in _CATEGORIES}

    def pick(mix: Sequence[float]) -> Person:
        pool = by_cat[rng.choices(_CATEGORIES, mix)[0]] or visible
        return rng.choice(pool)

    rec_rows: dict[str, list[tuple[int, tuple[str, ...]]]] = {"received": [], "given": []}
    if visible:
        n_received = max(2, min(40, n // 250))
        n_given = max(1, min(25, n // 400))
        chosen: list[Person] = []
        if by_cat["competitor"]:
            chosen.append(by_cat["competitor"][0])  # a competitor who vouched for Sam
        while len(chosen) < n_received:
            chosen.append(pick((60, 40, 0, 0)))
        for i, p in enumerate(chosen):
            ts = _random_after(rng, p, end)
            status = "HIDDEN" if i == 3 else "VISIBLE"
            rec_rows["received"].append((ts, (
                p.first, p.last, p.company, p.position, rng.choice(REC_RECEIVED),
                _recommendation_stamp(ts), status)))
        for _ in range(n_given):
            p = pick((40, 60, 0, 0))
            ts = _random_after(rng, p, end)
            text = rng.choice(REC_GIVEN.get(p.category, REC_GIVEN["complementary"]))
            text = text.replace("{first}", p.first_name)
            rec_rows["given"].append((ts, (
                p.first, p.last, p.company, p.position, text, _recommendation_stamp(ts),
                "VISIBLE")))

    end_rows: dict[str, list[tuple[int, tuple[str, ...]]]] = {"received": [], "given": []}
    if visible:
        for _ in range(max(5, n // 50)):
            p = pick((35, 40, 10, 15))
            ts = _random_after(rng, p, end)
            end_rows["received"].append((ts, (
                _endorsement_stamp(ts), rng.choice(OWNER_SKILLS), p.first.strip(),
                p.last.strip(), "www.linkedin.com/in/" + p.slug, "ACCEPTED")))
        for _ in range(max(3, n // 100)):
            p = pick((50, 50, 0, 0))
            ts = _random_after(rng, p, end)
            skill = rng.choice(SKILLS_BY_SUB.get(p.sub, ("Customer Service",)))
            end_rows["given"].append((ts, (
                _endorsement_stamp(ts), skill, p.first.strip(), p.last.strip(),
                "www.linkedin.com/in/" + p.slug, "ACCEPTED")))

    def ordered(rows: list[tuple[int, tuple[str, ...]]]) -> list[tuple[str, ...]]:
        return [r for _, r in sorted(rows, key=lambda t: t[0], reverse=True)]

    return {
        "Recommendations_Received.csv": _csv_bytes(RECOMMENDATIONS_HEADER,
                                                   ordered(rec_rows["received"])),
        "Recommendations_Given.csv": _csv_bytes(RECOMMENDATIONS_HEADER,
                                                ordered(rec_rows["given"])),
        "Endorsement_Received_Info.csv": _csv_bytes(ENDORSEMENT_RECEIVED_HEADER,
                                                    ordered(end_rows["received"])),
        "Endorsement_Given_Info.csv": _csv_bytes(ENDORSEMENT_GIVEN_HEADER,
                                                 ordered(end_rows["given"])),
    }


def _profile_csv() -> bytes:
    summary = (
        "Brightline Web Studio builds fast, friendly websites for Austin-area small businesses: "
        "realtors, restaurants, dental practices, law firms and contractors.\n\n"
        "Fifteen years in web design, ten of them running my own studio. I answer my own phone."
    )
    row = (
        OWNER_FIRST, OWNER_LAST, "", "", "",
        "Founder at Brightline Web Studio | Web design for Texas small businesses", summary,
        "Design Services", "78704", "Austin, Texas, United States", "",
        "[COMPANY:https://brightline.example.com]", "",
    )
    return _csv_bytes(PROFILE_HEADER, [row])


def _unread_files(as_of: date) -> dict[str, bytes]:
    """Files LinkedIn ships that the tool ignores (CRLF, as several real ones are)."""
    skills = _csv_bytes(("Name",), [(s,) for s in OWNER_SKILLS], newline="\r\n")
    positions = _csv_bytes(
        ("Company Name", "Title", "Description", "Location", "Started On", "Finished On"),
        [
            ("Brightline Web Studio", "Founder",
             "Websites, hosting and care plans for local businesses.",
             "Austin, Texas, United States", "Mar 2016", ""),
            ("Lakeshore Interactive", "Senior Web Designer",
             "Designed and built sites for regional clients.", "Dallas, Texas, United States",
             "Jun 2011", "Feb 2016"),
        ],
        newline="\r\n",
    )
    languages = _csv_bytes(
        ("Name", "Proficiency"),
        [("English", "Native or bilingual proficiency"),
         ("Spanish", "Professional working proficiency")],
        newline="\r\n",
    )
    applications = _csv_bytes(
        ("Application Date", "Contact Email", "Contact Phone Number", "Company Name",
         "Job Title", "Job Url", "Resume Name", "Question And Answers"),
        [
            ("2/11/16, 10:42 AM", "sam.rivera@example.com", "", "Northwind Analytics",
             "UX Designer", "https://www.linkedin.com/jobs/view/1000000001", "Sam_Rivera.pdf", ""),
            ("1/28/16, 4:05 PM", "sam.rivera@example.com", "", "Cobalt Software",
             "Senior Web Designer", "https://www.linkedin.com/jobs/view/1000000002",
             "Sam_Rivera.pdf", "How many years of experience do you have?:5"),
        ],
        newline="\r\n",
    )
    return {
        "Skills.csv": skills,
        "Positions.csv": positions,
        "Languages.csv": languages,
        "Jobs/Job Applications.csv": applications,
    }


# --------------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------------


def build_archive(
    n_connections: int,
    seed: int = 7,
    as_of: date = AS_OF,
    n_messages: int | None = None,
    *,
    network: Network | None = None,
) -> dict[str, bytes]:
    """Every file of a synthetic ``Basic_LinkedInDataExport``: name -> exact bytes.

    Names are relative POSIX paths (``"Connections.csv"``, ``"Jobs/Job Applications.csv"``).
    ``n_messages`` defaults to ``3 * n_connections // 10``. ``network`` (from
    :func:`make_network` with the same arguments) avoids generating the connections twice
    when the caller also wants :func:`build_enrichment`.
    """
    if n_connections < 0:
        raise ValueError("n_connections must be >= 0")
    with _gc_paused():
        net = _check_network(network, n_connections, seed, as_of)
        if n_messages is None:
            n_messages = 3 * n_connections // 10
        files: dict[str, bytes] = {"Connections.csv": _connections_csv(net)}
        messages = _MessageWriter(net, n_messages).chunks()
        files["messages.csv"] = _lines_bytes(MESSAGES_HEADER, messages)
        files["Invitations.csv"] = _invitations_csv(_invitations(net))
        files["Profile.csv"] = _profile_csv()
        files.update(_relationship_files(net))
        files.update(_unread_files(as_of))
        return files


def build_enrichment(
    n_connections: int,
    seed: int = 7,
    as_of: date = AS_OF,
    *,
    coverage: float = 0.6,
    n_unmatched: int = 20,
    network: Network | None = None,
) -> bytes:
    """A CRM-style enrichment CSV for the archive ``build_archive(n_connections, seed, as_of)``.

    Header ``LinkedIn URL,Location,Industry,Headline``; one row for about ``coverage`` of all
    connections (hidden members have no URL and never get one), URLs written in mixed forms
    (scheme or not, ``www.`` or not, trailing slash, upper case), plus ``n_unmatched`` rows
    whose URL matches no connection (half of them are people with a pending incoming
    invitation). Rows are shuffled; UTF-8, CRLF, as spreadsheet exports usually are.
    """
    with _gc_paused():
        net = _check_network(network, n_connections, seed, as_of)
        rng = random.Random(f"linkedin-sample:{seed}:enrichment")
        visible = [p for p in net.people if p.slug]
        share = min(1.0, coverage * len(net.people) / len(visible)) if visible else 0.0
        rand = rng.random
        chosen = [p for p in visible if rand() < share]
        inviters = [p for _, d, p, _ in _invitations(net) if d == "INCOMING"]
        extra: list[Person] = inviters[: min(len(inviters), n_unmatched // 2)]
        factory = _PersonFactory(rng, set(net.slugs) | {p.slug for p in extra})
        while len(extra) < n_unmatched:
            extra.append(factory.person(as_of.toordinal()))
        rows = [_enrichment_row(factory, p) for p in chosen + extra]
        rng.shuffle(rows)
        return _csv_bytes(ENRICHMENT_HEADER, rows, newline="\r\n")


def _enrichment_url(rand: Callable[[], float], slug: str) -> str:
    r = rand()
    if r < 0.40:
        return PROFILE_PREFIX + slug
    if r < 0.55:
        return f"https://www.linkedin.com/in/{slug}/"
    if r < 0.60:
        return f"http://www.linkedin.com/in/{slug}"
    if r < 0.70:
        return f"linkedin.com/in/{slug}"
    if r < 0.80:
        return f"www.linkedin.com/in/{slug}/"
    if r < 0.88:
        return f"https://linkedin.com/in/{slug}/"
    if r < 0.94:
        return f"https://www.LinkedIn.com/in/{slug}"
    return f"https://www.linkedin.com/in/{'-'.join(w.capitalize() for w in slug.split('-'))}"


_LOC_MIX_W = {
    cat: _W((_W(*zip(*LOC_TEXAS, strict=True)), _W(*zip(*LOC_US, strict=True)),
             _W(*zip(*LOC_WORLD, strict=True)), None), mix)
    for cat, mix in LOC_MIX.items()
}


def _enrichment_row(factory: _PersonFactory, p: Person) -> tuple[str, str, str, str]:
    rand = factory.rand
    region = _LOC_MIX_W[p.category].draw(rand)
    location = region.draw(rand) if region is not None else ""
    industry = "" if rand() < 0.08 else _pick(rand, INDUSTRIES[p.sub])
    company, position = p.company.strip(), p.position.strip()
    if not position:  # the enrichment knows what the export left blank
        _, company, position = factory.job(p.category)
    if rand() < 0.05:
        headline = ""
    elif company and company not in ("Self-employed", "Freelance", "Retired"):
        headline = f"{position} at {company}"
    else:
        headline = position
    if headline and rand() < 0.3:
        headline += " | " + _pick(rand, TAGLINES[p.category])
    return _enrichment_url(rand, p.slug), location, industry, headline


def write_folder(files: Mapping[str, bytes], path: str | Path) -> Path:
    """Write ``files`` under ``path`` (created if needed, subfolders too). Returns the path."""
    root = Path(path)
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def write_zip(
    files: Mapping[str, bytes],
    path: str | Path,
    date_time: tuple[int, int, int, int, int, int] = (2026, 11, 25, 9, 0, 0),
) -> Path:
    """Write ``files`` as a deflated zip (members at the root, ``Jobs/...`` in a subfolder).

    The zip is assembled in memory and then written in one go; member time stamps and
    attributes are fixed, so the same ``files`` give the same bytes (with the same zlib).
    Compression level 1: a 300,000-connection archive compresses 2.5 times faster than at
    the default level, for a zip about a fifth larger.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=1)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getbuffer())
    return target


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic LinkedIn data archive (no real person's data).")
    parser.add_argument("--connections", type=int, default=2000, help="number of connections")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF,
                        help="export date, YYYY-MM-DD (default 2026-11-25)")
    parser.add_argument("--messages", type=int, default=None,
                        help="number of messages (default 3 x connections / 10)")
    parser.add_argument("--out", type=Path, help="write the archive unzipped into this folder")
    parser.add_argument("--zip", type=Path, help="write the archive as this zip file")
    parser.add_argument("--enrich", type=Path, help="also write an enrichment CSV here")
    args = parser.parse_args(argv)
    if args.out is None and args.zip is None and args.enrich is None:
        parser.error("give at least one of --out, --zip, --enrich")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    args = _parse_args(argv)
    started = time.perf_counter()
    net = make_network(args.connections, args.seed, args.as_of)
    if args.out is not None or args.zip is not None:
        files = build_archive(args.connections, args.seed, args.as_of, args.messages,
                              network=net)
        if args.out is not None:
            write_folder(files, args.out)
            print(f"wrote {args.out}/ ({len(files)} files)", file=sys.stderr)
        if args.zip is not None:
            stamp = (args.as_of.year, args.as_of.month, args.as_of.day, 9, 0, 0)
            write_zip(files, args.zip, stamp)
            print(f"wrote {args.zip}", file=sys.stderr)
        del files
    if args.enrich is not None:
        args.enrich.parent.mkdir(parents=True, exist_ok=True)
        args.enrich.write_bytes(build_enrichment(args.connections, args.seed, args.as_of,
                                                 network=net))
        print(f"wrote {args.enrich}", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
