"""rules.toml in, a checked and frozen `Rules` out.

The whole file is checked before anything is read from the export: an unknown key, a wrong
type or a bad value is an error naming the key and its line, because a typo must never
silently switch a rule off.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cleanup import lexicon, places
from cleanup.errors import RulesError
from cleanup.files import read_capped
from cleanup.limits import KEYWORD_CHARS, RULES_BYTES
from cleanup.places import Place
from cleanup.terms import KEYWORD_TAGS, listed

#: The tags found by keywords, each a table of rules.toml named like it, in the order they are
#: weighed (from the tag registry).
CATEGORIES = KEYWORD_TAGS
#: People who are none of the categories and no reason to stay connected: their tag stays
#: `unknown`, their recommendation follows `[business] unrelated`.
UNRELATED = "unrelated"
#: Every table that holds `keywords` (and `except`), in the order they are weighed.
KEYWORD_TABLES = (*CATEGORIES, UNRELATED)
SCOPES = ("local", "international")
UNKNOWN_POLICIES = ("review", "keep", "remove")
UNRELATED_POLICIES = ("review", "remove", "keep")
IN_TOUCH_POLICIES = ("keep", "review")
NO_PROFILE_POLICIES = ("review", "keep", "remove")
LIST_KEYS = ("names", "companies", "urls")

# table -> key -> (type description, checker)
_SCHEMA: dict[str, dict[str, str]] = {
    "business": {"name": "str", "scope": "str", "locations": "list", "unknown": "str",
                 "protect_recent_days": "int", "unrelated": "str", "in_touch": "str",
                 "no_profile": "str"},
    **{c: {"keywords": "list", "except": "list"} for c in KEYWORD_TABLES},
    "keep": {k: "list" for k in LIST_KEYS},
    "remove": {k: "list" for k in LIST_KEYS},
}
MAX_KEYWORDS = 20_000


@dataclass(frozen=True)
class Lists:
    """The names, companies and profile URLs of a `[keep]` or `[remove]` table."""

    names: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names or self.companies or self.urls)


@dataclass(frozen=True)
class Rules:
    """The owner's rules, checked."""

    path: Path
    sha256: str
    name: str
    scope: str
    locations: tuple[str, ...]
    targets: tuple[Place, ...]
    unknown: str
    protect_recent_days: int
    keywords: dict[str, tuple[str, ...]]  # category -> keywords, in file order
    keep: Lists
    remove: Lists
    #: table -> phrases inside which a keyword match does not count (`product owner` for
    #: the keyword `owner`), for every table of KEYWORD_TABLES.
    excepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unrelated: str = "review"  # recommendation for `unrelated` people
    in_touch: str = "keep"  # recommendation for untagged people the archive shows you know
    #: recommendation for untagged people with no Position and no Company (hidden or empty
    #: profiles): nothing to judge them by
    no_profile: str = "review"
    #: table -> the keywords that came from answered phrases (`with_answers`), a tail of
    #: `keywords[table]`; empty for a rules file alone.
    answered: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def with_answers(self, answers: Mapping[str, Sequence[str]]) -> Rules:
        """These rules with answered phrases added as keywords of their table, after the
        rules file's own keywords, each with its other forms (`ceo` also adds `chief
        executive officer`: `lexicon.forms`). A form the rules file already lists in any
        table is left out: what the file says wins over an answer."""
        listed = {lexicon.key(k) for ws in self.keywords.values() for k in ws}
        keywords = dict(self.keywords)
        answered: dict[str, tuple[str, ...]] = {}
        for table in KEYWORD_TABLES:
            every = (f for a in answers.get(table, ()) for f in lexicon.forms(a))
            extra = [a for a in dict.fromkeys(every) if lexicon.key(a) not in listed]
            answered[table] = tuple(extra)
            keywords[table] = tuple(self.keywords.get(table, ())) + tuple(extra)
        return replace(self, keywords=keywords, answered=answered)

    @classmethod
    def from_toml(cls, text: str, label: str = "rules.toml") -> Rules:
        """Check rules given as TOML text, as a rules.toml file holds them. `label` names
        them in error messages."""
        return _parse(text, Path(label), hashlib.sha256(text.encode("utf-8")).hexdigest())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], label: str = "rules") -> Rules:
        """Check rules given as a dict of tables, as `tomllib.load` would return them:
        `{"business": {"scope": "international"}, "competitor": {"keywords": [...]}}`."""
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False,
                                           default=str).encode("utf-8")).hexdigest()
        return _check(dict(data), "", Path(label), digest)

    @property
    def target_label(self) -> str:
        """`Texas` or `Texas or Oklahoma`, for reasons."""
        return " or ".join(self.locations)


def _line_of(text: str, table: str, key: str | None = None) -> int:
    """The line where `key` is set in `[table]` (or the table header when key is None)."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if m := re.match(r"\[\s*([^\]\s]+)\s*\]", stripped):
            current = m.group(1).strip('"')
            if key is None and current == table:
                return number
            continue
        if current == table and key is not None and re.match(
                rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return 0


def _item_line(text: str, table: str, key: str, item: str) -> int:
    """The line of one list item, for errors about a single keyword."""
    start = _line_of(text, table, key)
    lines = text.splitlines()
    needle = [f'"{item}"', f"'{item}'"]
    for number in range(max(start, 1), len(lines) + 1):
        if any(n in lines[number - 1] for n in needle):
            return number
        if number > start and re.match(r"\s*\[", lines[number - 1]):
            break
    return start


def load(path: str | Path) -> Rules:
    """Read and check a rules file. Raises `RulesError` naming the key and line."""
    p = Path(path)
    if not p.exists():
        raise RulesError(f"{p}: no rules file. Run `linkedin-cleanup init` to write a starter "
                         "rules.toml, or name the rules file to use.", hint="rules")
    try:
        raw = read_capped(p, RULES_BYTES, "a rules file", RulesError, hint="rules")
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise RulesError(f"{p}: cannot be read ({exc.strerror}).") from None
    except UnicodeDecodeError as exc:
        raise RulesError(f"{p}: is not UTF-8 text (byte {exc.start}). Save it as UTF-8.") from None
    return _parse(text, p, hashlib.sha256(raw).hexdigest())


def _parse(text: str, p: Path, digest: str) -> Rules:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{p}: not valid TOML: {exc}. See the rules file section of the "
                         "README for the format.") from None
    except RecursionError:  # thousands of nested [ or { : the TOML parser recurses
        raise RulesError(f"{p}: arrays or tables nest too deeply to be read. A rules file "
                         "holds lists of words: remove the nested brackets.") from None
    return _check(doc, text, p, digest)


def _fail(p: Path, line: int, message: str) -> RulesError:
    where = f"{p}, line {line}" if line else str(p)
    return RulesError(f"{where}: {message}")


def _check(doc: dict[str, Any], text: str, p: Path, digest: str) -> Rules:
    for table, value in doc.items():
        if table not in _SCHEMA:
            raise _fail(p, _line_of(text, table), f"unknown table [{table}]; the tables are "
                        + ", ".join(f"[{t}]" for t in _SCHEMA) + ".")
        if not isinstance(value, dict):
            raise _fail(p, _line_of(text, "", table), f"{table} must be a table: [{table}].")
        for key, item in value.items():
            if key not in _SCHEMA[table]:
                raise _fail(p, _line_of(text, table, key), f"unknown key '{key}' in [{table}]; "
                            f"[{table}] takes " + ", ".join(_SCHEMA[table]) + ".")
            kind = _SCHEMA[table][key]
            ok = {"str": isinstance(item, str),
                  "int": isinstance(item, int) and not isinstance(item, bool),
                  "list": isinstance(item, list) and all(isinstance(x, str) for x in item)}[kind]
            if not ok:
                want = {"str": "a string in quotes", "int": "a whole number",
                        "list": 'a list of strings, e.g. ["a", "b"]'}[kind]
                raise _fail(p, _line_of(text, table, key), f"[{table}] {key} must be {want}.")
            if kind == "list":
                for x in item:
                    if not x.strip():
                        raise _fail(p, _item_line(text, table, key, x),
                                    f"[{table}] {key} holds an empty entry; remove it.")

    business = doc.get("business", {})

    def setting(key: str, default: Any, allowed: tuple[str, ...]) -> Any:
        value = business.get(key, default)
        if value not in allowed:
            raise _fail(p, _line_of(text, "business", key), f"[business] {key} = {value!r} is "
                        "not one of " + ", ".join(f'"{a}"' for a in allowed) + ".")
        return value

    scope = setting("scope", "international", SCOPES)
    unknown = setting("unknown", "review", UNKNOWN_POLICIES)
    unrelated = setting("unrelated", "review", UNRELATED_POLICIES)
    in_touch = setting("in_touch", "keep", IN_TOUCH_POLICIES)
    no_profile = setting("no_profile", "review", NO_PROFILE_POLICIES)
    recent = business.get("protect_recent_days", 0)
    if recent < 0:
        raise _fail(p, _line_of(text, "business", "protect_recent_days"),
                    "[business] protect_recent_days must be 0 or more.")
    wanted = tuple(x.strip() for x in business.get("locations", []))
    targets = []
    for place in wanted:
        try:
            targets.append(places.resolve_target(place))
        except ValueError as exc:
            raise _fail(p, _item_line(text, "business", "locations", place),
                        f"[business] locations: {exc}") from None
    if scope == "local" and not targets:
        raise _fail(p, _line_of(text, "business", "scope"), 'scope = "local" needs the places '
                    'you serve in [business] locations, e.g. locations = ["Texas"].')

    def phrases(category: str, key: str) -> tuple[str, ...]:
        words: list[str] = []
        seen: set[str] = set()
        for kw in doc.get(category, {}).get(key, []):
            kw = " ".join(kw.split())
            if not re.search(r"\w", kw):
                raise _fail(p, _item_line(text, category, key, kw),
                            f"[{category}] {key} entry {kw!r} has no letters or digits.")
            if len(kw) > KEYWORD_CHARS:
                raise _fail(p, _item_line(text, category, key, kw),
                            f"[{category}] {key} entry {kw[:40]!r}... is {len(kw):,} "
                            f"characters long; at most {KEYWORD_CHARS} are supported. A "
                            "keyword is a few words of a job title.")
            if kw.casefold() not in seen:
                seen.add(kw.casefold())
                words.append(kw)
        if len(words) > MAX_KEYWORDS:
            raise _fail(p, _line_of(text, category, key),
                        f"[{category}] has {len(words):,} {key} entries; at most "
                        f"{MAX_KEYWORDS:,} are supported. Keep the ones that describe whole "
                        "job titles.")
        return tuple(words)

    keywords = {c: phrases(c, "keywords") for c in KEYWORD_TABLES}
    excepts = {c: phrases(c, "except") for c in KEYWORD_TABLES}
    if not any(keywords[c] for c in CATEGORIES):
        tables = listed([f"[{c}]" for c in CATEGORIES], "or")
        raise _fail(p, 0, f"no keywords in {tables}: nothing could be tagged. Add keywords "
                    "(see the README).")

    def lists(table: str) -> Lists:
        t = doc.get(table, {})
        return Lists(*(tuple(" ".join(x.split()) for x in t.get(k, [])) for k in LIST_KEYS))

    return Rules(path=p, sha256=digest, name=business.get("name", "").strip(), scope=scope,
                 locations=wanted, targets=tuple(targets), unknown=unknown,
                 protect_recent_days=recent, keywords=keywords, keep=lists("keep"),
                 remove=lists("remove"), excepts=excepts, unrelated=unrelated,
                 in_touch=in_touch, no_profile=no_profile)
