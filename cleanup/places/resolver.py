"""A location string as LinkedIn writes it -> the `Place` it names, or None.

A string resolves only when the whole of it, or its comma-separated parts read from the most
specific to the widest, name places that agree: a city inside the region inside the country
given. Nothing is fuzzy-matched and nothing is guessed from part of a name:

- a string of one part (`Austin`, `Greater Houston`, `Bavaria`) must be a country, a
  first-level region or a city of at least 100,000 people, named as it is or with LinkedIn's
  decorations (`Greater`, `Area`, `Metropolitan Area`, `Metroplex`, `Région de`);
- a city's other names count only when the city has a million people (`Cologne`, `Bombay`),
  or they begin its own name (`Frankfurt` for Frankfurt am Main) or write its letters out
  (`Aarhus` for Århus, `Muenster` for Münster), or they are spelled much like it (`Seville`
  for Sevilla) and something else in the string says it is a place: a region or country
  beside it (`Seville, Spain`) or a decoration only places wear (`Greater Seville`).
  Geonames also lists nicknames (`Google` for Topeka) and names that are words or company
  names (`Monster` for Münster, `Panda` for Pandi), so a Location field holding `Monster`
  names no place; a word the name merely contains never counts (`Iberia` is not New Iberia).
  The rules file's own locations are the user's words for a place, so there `Seville` alone
  is Sevilla;
- a short word in capitals names a place only when it is a known abbreviation (`USA`, `TX`,
  `NYC`), not `EMEA` or `MENA Region`; a name made only of words such as `West`, `Coast` or
  `Central` names no one place;
- when the last part is a country and the parts before it do not name a place in it
  (`Somewhere Unknown, Kenya`), the string still says the country.

How ambiguity settles, always the same way:

- a bare city name is its likeliest bearer: the most populous city of that name (`Paris` is
  in France, `Austin` in Texas), or nothing when that is a town too small to stand alone - a
  namesake elsewhere is not taken instead (`San Marcos` is not the region of Guatemala); a
  region or country in the string narrows the choice first (`Paris, Texas`, `London,
  Ontario, Canada`);
- a name that is both a region and a city in it (`New York`, `Berlin`, `São Paulo`), alone or
  as `Name, Country`, is the region: the wider reading can never put someone off target by
  mistake. LinkedIn writes the city as `New York, New York, United States`;
- across borders the bigger place wins (`Ontario` the province, `Portland` the Oregon city);
- `Town, Region, Country` with a town too small for the gazetteer is the region.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cleanup.places import gazetteer
from cleanup.places.gazetteer import City, Gazetteer, Region
from cleanup.places.names import (
    CITY_SUFFIX,
    METRO_PREFIXES,
    METRO_SUFFIXES,
    REGION_SUFFIXES,
    fold_part,
    generic,
    key_of,
    name_key,
)
from cleanup.places.place import Place, same_region

if TYPE_CHECKING:
    import pandas as pd

#: A city named alone, without a region or country, has at least this many people.
BARE_CITY_POPULATION = 100_000
#: A city named by one of its other names has at least this many people, unless that name is
#: plainly a spelling of its own (`Bangalore` for Bengaluru, `Frankfurt` for Frankfurt am
#: Main): geonames also lists nicknames and old names (`Google` for Topeka, `Africa` for Mahdia).
ALIAS_POPULATION = 1_000_000
_SPELLING_RATIO = 0.6
#: Letters also written out in plain ASCII (`Aarhus` for Århus, `Muenster` for Münster): a
#: name that is the city's own written so is its own name, wherever it stands.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "æ": "ae", "ø": "oe",
                              "ß": "ss"})


# ---------------------------------------------------------------------------- public API

def resolve(text: str) -> Place | None:
    """The place a LinkedIn location string names, or None when it names none.

    `resolve("Austin, Texas, United States")` is Austin in US-TX; `resolve("Greater Houston")`
    is Houston; `resolve("Remote")` is None. Case, accents and extra spaces do not matter.
    """
    return _resolved(text, alike=False)


def _resolved(text: str, *, alike: bool) -> Place | None:
    if not isinstance(text, str) or len(text) > PLACE_CHARS:
        return None
    key = " ".join(text.split())
    return _resolve(key, alike) if key else None


#: No place name LinkedIn writes is longer; longer text is not looked up at all, so a hostile
#: location costs no more than a real one.
PLACE_CHARS = 200


def resolve_target(text: str) -> Place:
    """A `[business] locations` entry resolved like `resolve`; ValueError when it cannot be.

    The user names a place there on purpose, so a name spelled like a city's own stands for it
    alone too (`Seville`, `Cracow`), where a Location field needs a region or country beside
    it."""
    place = _resolved(text, alike=True)
    if place is None:
        raise ValueError(f"cannot place {text!r}: use a country, state/region or city name as "
                         "LinkedIn writes it, e.g. 'Texas' or 'Austin, Texas'")
    return place


def resolve_many(values: pd.Series) -> pd.Series:
    """`resolve` over a column: an object Series of Place or None on the same index.

    Each distinct string is resolved once, so 30,000 rows with 2,000 distinct locations cost
    2,000 look-ups. Missing and non-string values give None.
    """
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    resolved = np.empty(len(uniques) + 1, dtype=object)
    resolved[:] = None
    for i, value in enumerate(uniques):
        resolved[i] = resolve(value) if isinstance(value, str) else None
    # The sentinel -1 picks the last slot, which stays None for missing values.
    return pd.Series(resolved[np.asarray(codes)], index=values.index, dtype=object,
                     name=values.name)


def release() -> None:
    """Let go of the gazetteer index and the places resolved so far (about 20 MB at 30,000
    connections); the next string resolved loads the index again from the cache file."""
    _resolve.cache_clear()
    gazetteer.load.cache_clear()


def off_target(place: Place | None, targets: Sequence[Place]) -> bool:
    """True only when `place` is known to lie outside every target.

    An unresolved place, a place the string does not pin down (`United States` against
    `Texas`) and an empty target list are never off target.
    """
    if place is None or not targets:
        return False
    return all(place.relation(target) is False for target in targets)


# ---------------------------------------------------------------------------- resolving

@functools.lru_cache(maxsize=100_000)
def _resolve(text: str, alike: bool) -> Place | None:
    """`alike`: a name spelled like a city's own may stand for it with nothing beside it."""
    g = gazetteer.load()
    written = [p.strip() for p in text.split(",")]
    parts = [fold_part(p) for p in written]
    if not all(parts):
        return None
    # `APAC`, `EMEA Region`: a short word in capitals is an abbreviation, and only those known
    # as such (`USA`, `TX`, `NYC`) name a place - not a town that happens to be called Apac.
    known = [not _unknown_abbreviation(g, raw) for raw in written]
    country = g.countries.get(key_of(parts[-1])) if known[-1] and len(parts) > 1 else None
    if not all(known):
        return _country_place(g, country) if country is not None else None
    if len(parts) > 3:
        # `Bogotá, D.C., Capital District, Colombia`: city, region and country at the ends;
        # whatever stands between must be a place name or a short form.
        middle = [key_of(p) for p in parts[1:-2]]
        if all(g.is_city(p) or g.is_region(p) or len(p) <= 3 for p in middle):
            parts = [parts[0], parts[-2], parts[-1]]
        else:
            parts = []
    if len(parts) == 1:
        place = _one_part(g, parts[0], alike)
    elif len(parts) == 2:
        place = _two_parts(g, *parts)
    elif len(parts) == 3:
        place = _three_parts(g, *parts)
    else:
        place = None
    if place is None and country is not None:
        # The parts before the country name no place in it: the country is still said.
        return _country_place(g, country)
    return place


def _unknown_abbreviation(g: Gazetteer, raw: str) -> bool:
    """Whether a part holds a word of two to four capitals that is no known short form (single
    letters and Roman numerals are parts of names: `A Coruña`, `Pedro II`)."""
    words = raw.replace("-", " ").replace("/", " ").split()
    return any(2 <= len(w) <= 4 and w.isalpha() and w.isupper() and w.strip("IVX")
               and w.lower() not in g.abbreviations for w in words)


def _one_part(g: Gazetteer, part: str, alike: bool) -> Place | None:
    metro, plain = _undecorated(part, METRO_SUFFIXES, METRO_PREFIXES)
    decorated = metro != plain or part.endswith(CITY_SUFFIX)
    if decorated:
        # `Greater Houston`, `Bangkok City`: a decoration that only cities wear.
        city = _find_city(g, part, bare=True, alike=True)
        if city is not None and city.population >= BARE_CITY_POPULATION:
            return _city_place(g, city)
    key = key_of(part)
    if key in g.countries:
        return _country_place(g, g.countries[key])
    if generic(key) or generic(key_of(metro)):  # `Central`, `West Coast`, `Central Region`
        return None
    regions = _find_regions(g, part, bare=True)
    city = _find_city(g, part, bare=True, alike=alike or decorated)
    if regions:
        region = regions[0]
        # `New York`, `Berlin`, `Lagos`: a region named after its own city means the region,
        # the wider and so the safer reading. Across borders the bigger place wins: `Ontario`
        # is the province, not the Californian city; `Portland` is Oregon's, not Jamaica's.
        if (city is None
                or (city.country == region.country
                    and same_region(city.region, region.key) is not False)
                or g.region_population.get(region.key, 0) >= city.population):
            return _region_place(g, region)
    if city is None or city.population < BARE_CITY_POPULATION:
        # `San Marcos` is a town in Texas: too small to be named alone, and not for that
        # the region of Guatemala.
        return None
    return _city_place(g, city)


def _two_parts(g: Gazetteer, first: str, second: str) -> Place | None:
    country = g.countries.get(key_of(second))
    if country is not None:
        metro, _ = _undecorated(first, METRO_SUFFIXES, METRO_PREFIXES)
        if metro == first:
            # `New York, United States` is the state; LinkedIn writes the city with its state.
            regions = _find_regions(g, first, country=country)
            if regions:
                return _region_place(g, regions[0])
        city = _find_city(g, first, country=country)
        if city is not None:
            return _city_place(g, city)
    # `Austin, Texas`, `Austin, TX`, `London, Ontario`
    for region in _find_regions(g, second, codes=True):
        city = _find_city(g, first, country=region.country, region=region.key)
        if city is not None:
            return _city_place(g, city, region)
    return None


def _three_parts(g: Gazetteer, first: str, second: str, third: str) -> Place | None:
    country = g.countries.get(key_of(third))
    if country is None:
        return None
    regions = _find_regions(g, second, country=country, codes=True)
    for region in regions:
        city = _find_city(g, first, country=country, region=region.key)
        if city is not None:
            return _city_place(g, city, region)
    if regions:
        # LinkedIn names towns far smaller than the gazetteer holds; the region still stands.
        return _region_place(g, regions[0])
    if _find_regions(g, second, codes=True) or key_of(second) in g.countries:
        return None  # a region of another country: the parts disagree
    # A region name the gazetteer does not know: the city and country still pin the place.
    city = _find_city(g, first, country=country)
    return _city_place(g, city) if city is not None else None


def _undecorated(part: str, suffixes: Iterable[str], prefixes: Iterable[str] = ()) -> tuple[
        str, str]:
    """(the part without decorations, the part) - equal when it wears none."""
    base = part
    for prefix in prefixes:
        if base.startswith(prefix) and len(base) > len(prefix):
            base = base[len(prefix):]
            break
    for _ in range(2):  # `Paris Metropolitan Region`, `Munich Metropolitan Area`
        for suffix in suffixes:
            if base.endswith(suffix) and len(base) > len(suffix):
                base = base[: -len(suffix)]
                break
        else:
            break
    return base, part


def _city_spellings(part: str) -> list[str]:
    """The city names a part may stand for, most literal first."""
    out = [part]
    metro, _ = _undecorated(part, METRO_SUFFIXES, METRO_PREFIXES)
    out.append(metro)
    if metro.endswith(CITY_SUFFIX) and len(metro) > len(CITY_SUFFIX):
        out.append(metro[: -len(CITY_SUFFIX)])
    return out


def _find_city(g: Gazetteer, part: str, *, country: str | None = None,
               region: str | None = None, bare: bool = False, alike: bool = False
               ) -> City | None:
    """The likeliest city a part names, within a country and region when given.

    With `bare` (nothing else in the string to confirm it) a name means its likeliest bearer
    or nothing: when that is not the city meant, another that also goes by the name, or by a
    name like it, is not taken instead (`Bethlehem` is not Belém); and another name of a city
    under a million people that is only spelled like its own (`Monster` for Münster) stands
    for it only with `alike`.
    """
    similar = alike or not bare
    for spelling in _city_spellings(part):
        key = key_of(spelling)
        city = _pick_city(g, key, country, region, bare, similar)
        if city is not None or (bare and g.is_city(key)):
            return city
        first = _metro_head(g, spelling)
        if first is not None:
            city = _pick_city(g, first, country, region, bare, similar)
            if city is not None or bare:
                return city
    return None


def _metro_head(g: Gazetteer, spelling: str) -> str | None:
    """The key of the first city of a metro named after its cities - `Dallas-Fort Worth`,
    `Washington DC-Baltimore`, `Pune/Pimpri-Chinchwad` - when every name in it is a city."""
    names: list[str] = []
    for name in spelling.split("/"):
        if g.is_city(key_of(name)):
            names.append(key_of(name))
        else:
            segments = name.split("-")
            if not all(g.is_city(s) for s in segments):
                return None
            names.extend(segments)
    return names[0] if len(names) > 1 else None


def _pick_city(g: Gazetteer, key: str, country: str | None, region: str | None,
               bare: bool, similar: bool) -> City | None:
    for city, by_alias in g.cities(key):
        if country is not None and city.country != country:
            continue
        # When the gazetteer cannot say which region a city is in, the string is trusted.
        if region is not None and same_region(city.region, region) is False:
            continue
        if not by_alias or _alias_fits(city, key, similar):
            return city
        if bare:
            return None
    return None


def _alias_fits(city: City, key: str, similar: bool) -> bool:
    """Whether another name of a city may stand for it: the start of its own name, any name
    of a city of a million people or more, or with `similar` a name spelled much like its
    own; never a word its name merely contains."""
    own = name_key(city.name).split()
    words = key.split()
    if own[: len(words)] == words:
        return True  # `Frankfurt` for Frankfurt am Main
    if any(own[i: i + len(words)] == words for i in range(1, len(own))):
        return False  # `Iberia` in New Iberia
    if city.population >= ALIAS_POPULATION or key == name_key(
            city.name.lower().translate(_SPELLED_OUT)):
        return True
    if not similar:
        return False
    import difflib  # seldom needed: imported on first use

    return difflib.SequenceMatcher(None, key, " ".join(own)).ratio() >= _SPELLING_RATIO


def _find_regions(g: Gazetteer, part: str, *, country: str | None = None, codes: bool = False,
                  bare: bool = False) -> list[Region]:
    """Regions a part names (`Lagos State` -> NG-LA, `Oregon Metropolitan Area` -> US-OR),
    within a country when given."""
    state, _ = _undecorated(part, REGION_SUFFIXES)
    # `Oregon Metropolitan Area` after a city; alone, `Bay Area` is no region of Somalia.
    metro = part if bare else _undecorated(part, METRO_SUFFIXES)[0]
    found: list[Region] = []
    for spelling in dict.fromkeys((part, state, metro)):
        key = key_of(spelling)
        if bare and generic(key):
            continue
        found.extend(g.regions(key))
        if codes:
            found.extend(g.region_codes(key))
    if country is not None:
        found = [r for r in found if r.country == country]
    return list(dict.fromkeys(found))


def _country_place(g: Gazetteer, country: str) -> Place:
    return Place(country=country, region=None, city=None, label=g.country_labels[country])


def _region_place(g: Gazetteer, region: Region) -> Place:
    return Place(country=region.country, region=region.key, city=None,
                 label=f"{region.name}, {g.country_labels[region.country]}")


def _city_place(g: Gazetteer, city: City, said: Region | None = None) -> Place:
    region = g.region_by_key.get(city.region or "")
    if said is not None and (region is None or city.region is None or ":" in city.region):
        region = said  # the gazetteer has no ISO region for this city; the string named one
    key = region.key if region is not None else city.region
    names = [city.name, *([region.name] if region is not None else []),
             g.country_labels[city.country]]
    return Place(country=city.country, region=key, city=city.name, label=", ".join(names),
                 lat=city.lat, lon=city.lon)
