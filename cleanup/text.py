"""Text as every stage compares it: one fold, whole names, dates and profile-URL keys.

Everything here works on plain strings or pandas columns and knows nothing about files. Every
regular expression is anchored or bounded so that it runs in time linear in its input: names,
positions and URLs are written by strangers.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from urllib.parse import quote, unquote

import numpy as np
import pandas as pd

# ---------------------------------------------------------------------------- per distinct


def per_distinct(values: pd.Series, function: Callable[[str], str]) -> pd.Series:
    """`function` of each string, computed once per distinct value (object dtype, same index);
    a missing value counts as "".

    Columns of names, companies and URLs repeat a lot across sheets and files. The distinct
    values are walked as plain Python strings: pandas' string arrays iterate slowly, and a
    chain of pandas string methods loops in Python for these columns anyway.
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    if pd.api.types.infer_dtype(uniques, skipna=True) not in ("string", "empty"):
        # Not text only: values equal as numbers (1, 1.0, True) are one value to factorize
        # but differ as text; each is made text first.
        codes, uniques = pd.factorize(values.map(str, na_action="ignore").to_numpy(
            dtype=object))
    # Missing values (code -1) take the last slot: the function of "".
    done = np.fromiter((function(v if isinstance(v, str) else str(v))
                        for v in (*np.asarray(uniques, dtype=object), "")),
                       dtype=object, count=len(uniques) + 1)
    return pd.Series(done[codes], index=values.index, dtype=object)


# ---------------------------------------------------------------------------- folding

#: Letters that Unicode decomposition does not take apart into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
                          "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "þ": "th",
                          "Þ": "th", "ß": "ss", "ð": "d", "Ð": "d",
                          **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015", "-")})


@functools.lru_cache(maxsize=1 << 17)
def fold_one(text: str) -> str:
    """Case- and accent-insensitive form of a string: `Créatrice` -> `creatrice`,
    `Łódź` -> `lodz`, `Ørsted` -> `orsted`, `Straße` -> `strasse`; dashes become `-`."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: pd.Series) -> pd.Series:
    """`fold_one` over a column."""
    return per_distinct(text, fold_one)


@functools.lru_cache(maxsize=1 << 17)
def whole_one(text: str) -> str:
    """A name or company compared whole: folded, runs of spaces made one."""
    return " ".join(fold_one(text).split())


def whole(values: pd.Series) -> pd.Series:
    """`whole_one` over a column."""
    return per_distinct(values, whole_one)


def forget() -> None:
    """Empty the caches of folded texts and names (`fold_one`, `whole_one`), which hold every
    name, company and position seen; the URL keys stay cached for the writers' links."""
    fold_one.cache_clear()
    whole_one.cache_clear()


# ---------------------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_FULL_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july",
                          "august", "september", "october", "november", "december"})
_DMY_NAME = re.compile(r"(\d{1,2})[ \-/.]([a-z]{3,9})\.?[ \-/.,]{1,3}(\d{4}|\d{2})")
_NAME_DY = re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,? {1,3}\d{1,2}:\d{2}(?::\d{2})?"
                      r"(?: ?[ap]m)?)?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?.{0,40})?")
#: No date form LinkedIn or Excel writes is longer; longer text is not parsed at all.
_DATE_CHARS = 64


def _month(name: str) -> int | None:
    if name == "sept":
        return 9
    if len(name) > 3 and name not in _FULL_MONTHS:
        return None
    return _MONTHS.get(name[:3])


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def parse_date(value: str) -> date | None:
    """One of the date forms LinkedIn and Excel write, in English whatever the locale.

    `05 Mar 2024` (current), `3/5/18, 9:07 AM` (2018: month first), `05-Mar-24`,
    `05.03.2024` (day first), `2024-03-05`. None when it is none of them.
    """
    if len(value) > _DATE_CHARS:
        return None
    v = " ".join(value.split()).casefold()
    try:
        if m := _DMY_NAME.fullmatch(v):
            month = _month(m.group(2))
            return date(_year(m.group(3)), month, int(m.group(1))) if month else None
        if m := _NAME_DY.fullmatch(v):
            month = _month(m.group(1))
            return date(int(m.group(3)), month, int(m.group(2))) if month else None
        if m := _SLASHED.fullmatch(v):
            return date(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
        if m := _DOTTED.fullmatch(v):
            return date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _ISO.fullmatch(v):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:  # 31 Feb and friends
        return None
    return None


def parse_dates(values: pd.Series) -> pd.Series:
    """`parse_date` over a column, once per distinct value; NaT where it does not parse."""
    distinct = {v: parse_date(v) for v in pd.unique(values) if v}
    return pd.to_datetime(values.map(distinct), errors="coerce")


# ---------------------------------------------------------------------------- profile URLs

#: The only profile link the tool ever writes starts with this.
PROFILE_PREFIX = "https://www.linkedin.com/in/"
#: A profile slug as a key holds it (every %-escape decoded): letters of any script, digits,
#: `-` and `_`; never `%`, `/`, `.`, quotes or spaces.
_SLUG = re.compile(r"[\w-]{1,200}")
_HOSTS = ("linkedin.com", "www.linkedin.com")
_LANG_HOST = re.compile(r"[a-z]{2,3}\.linkedin\.com")
#: Longer text is not a profile URL; it is not even looked at.
_URL_CHARS = 2_000
#: The form LinkedIn itself writes in every export, whose key needs no parsing: the slug
#: lower-cased. Plain ASCII letters, digits, `-` and `_` only (no `%`, `.` or query), which
#: decoding, normalising and lower-casing leave as they are.
_CANONICAL = re.compile(r"https://www\.linkedin\.com/in/([A-Za-z0-9_-]{1,200})/?")
#: A slug of plain ASCII letters, digits, `-` and `_`: its link needs no check nor escape.
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]{1,200}")
_PLAIN_LINK = re.compile(re.escape(PROFILE_PREFIX) + _PLAIN_SLUG.pattern)
#: What a slug never holds: a space of any kind (as `str.isspace` reads it), a slash or
#: backslash, a quote, `<` or `>`.
_NOT_IN_SLUG = re.compile(r"[\s/\\\"'<>]")


def _host_and_path(raw: str) -> tuple[str, str] | None:
    """Split a URL-ish string into (host, path) without regular expressions that can
    backtrack: scheme and any number of slashes are stripped with plain string methods. The
    host is lower-cased, the path left as written."""
    s = raw.strip()
    for scheme in ("https:", "http:"):
        if s[:len(scheme)].lower() == scheme:
            s = s[len(scheme):]
            break
    s = s.lstrip("/")
    host, slash, path = s.partition("/")
    host = host.casefold()
    if not slash:
        return None
    if host not in _HOSTS and not _LANG_HOST.fullmatch(host):
        return None
    return host, path


def plain(part: str) -> str:
    """A part of a profile URL's path as every file's key holds it: %-escapes decoded, then
    Unicode NFC, then lower case. `Stra%C3%9Fe`, `Straße` and `STRAẞE` are one key.

    Lower-casing rather than full case folding: folding makes `ß` `ss`, another profile's
    address once the key is written back as a link.
    """
    return unicodedata.normalize("NFC", unquote(part)).lower()


@functools.lru_cache(maxsize=1 << 17)
def url_key_one(raw: str) -> str:
    """`url_key` of one URL: LinkedIn's own form at once, any other through `parsed_key`."""
    if canonical := _CANONICAL.fullmatch(raw):
        return "linkedin.com/in/" + canonical.group(1).lower()
    return parsed_key(raw)


def parsed_key(raw: str) -> str:
    """`url_key` of one URL of any form, parsed step by step."""
    if len(raw) > _URL_CHARS:
        return ""
    split = _host_and_path(raw)
    if split is None:
        return ""
    path = split[1]
    for end in "?#":
        path = path.partition(end)[0]
    parts = [p for p in path.split("/") if p]
    kind = parts[0].lower() if parts else ""
    if len(parts) < 2 or kind not in ("in", "pub"):
        return ""
    slug = plain(parts[1])
    if not slug or slug in (".", "..") or _NOT_IN_SLUG.search(slug):
        return ""
    rest = "/".join(parts[2:])
    return f"linkedin.com/{kind}/{slug}" + (f"/{plain(rest)}" if rest else "")


def url_key(urls: pd.Series) -> pd.Series:
    """A profile URL normalised for joining: no scheme, `www.`, query, trailing slash, case;
    %-escapes decoded and Unicode normalised (`plain`), so every file's way of writing the
    same address gives one key. This is the one key every file is joined by.

    `https://www.linkedin.com/in/Ada-Example/?utm=x` -> `linkedin.com/in/ada-example`;
    empty when the value is not a LinkedIn profile URL at all.
    """
    return per_distinct(urls, url_key_one)


def profile_link_one(key: str) -> str:
    """The canonical `https://www.linkedin.com/in/<slug>` for a URL key, or "" when the key is
    not exactly one safe profile slug (dot segments, more path, odd characters: no link)."""
    if not key.startswith("linkedin.com/in/"):
        return ""
    slug = key[len("linkedin.com/in/"):]
    if _PLAIN_SLUG.fullmatch(slug):  # most slugs: nothing to check further or to escape
        return PROFILE_PREFIX + slug
    return checked_link(slug)


def checked_link(slug: str) -> str:
    """`profile_link_one` of `linkedin.com/in/<slug>`, for a slug of any form: letters of
    other scripts are %-escaped, so the link is a valid URL; a slug holding anything else than
    letters, digits, `-` and `_` (a `%` left by a doubly escaped URL, a dot) gets no link."""
    if not _SLUG.fullmatch(slug):
        return ""
    if slug.isascii():  # nothing to escape: most slugs
        return PROFILE_PREFIX + slug
    return PROFILE_PREFIX + quote(slug, safe="-_")


def profile_links(keys: pd.Series) -> pd.Series:
    """`profile_link_one` over a column of URL keys."""
    return per_distinct(keys, profile_link_one)


def vetted_link(link: object) -> str:
    """`link` when it is a canonical profile link, `https://www.linkedin.com/in/<slug>` as
    `profile_link_one` builds it, else "". Every link the report and the workbook make passes
    this check where it is written, whichever input or earlier stage the text came from: a URL
    that only starts like a profile (`/in/../feed/`, `/in/%2e%2e/x`) is never a link."""
    if not isinstance(link, str) or not link.startswith(PROFILE_PREFIX):
        return ""
    if _PLAIN_SLUG.fullmatch(link, len(PROFILE_PREFIX)):  # most links: nothing more to check
        return link
    return link if profile_link_one(url_key_one(link)) == link else ""


def vetted_links(links: pd.Series) -> pd.Series:
    """`vetted_link` over a column (object dtype, same index)."""
    plain = _PLAIN_LINK.fullmatch  # most links, checked without a call of vetted_link each
    return pd.Series([x if isinstance(x, str) and plain(x) else vetted_link(x)
                      for x in links.tolist()], index=links.index, dtype=object)
