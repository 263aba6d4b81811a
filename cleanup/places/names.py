"""The names behind the gazetteer: the tables the packages lack, and how a name becomes a key.

Every name, from the packages or from a location string, is compared by its key: folded with
the project's one fold (`cleanup.text.fold_one`: case, accents, ł ø æ ß), then cut down to
plain ASCII words. A change to any table here changes the index, and so the cache key.
"""

from __future__ import annotations

import re

from cleanup.text import fold_one

# ---------------------------------------------------------------------------- keys

# Any character outside the Latin blocks (Cyrillic, Arabic, CJK, ...).
_NON_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2010-\u2019]")
# St. John's -> st johns, D.C. -> dc; whatever the fold leaves outside ASCII goes too.
_DROPPED = str.maketrans("", "", ".'`\u2018\u2019\u02bb\u02bc")
_WORD = re.compile(r"[0-9a-z]+")
# The fold without its per-string cache, for the 300,000 names of a build.
_fold_uncached = getattr(fold_one, "__wrapped__", fold_one)


def _ascii(folded: str) -> str:
    """A folded text in lower-case ASCII, without dots or apostrophes, `&` spelled out."""
    if not folded.isascii():
        folded = folded.encode("ascii", "ignore").decode()
    return folded.replace("&", " and ").translate(_DROPPED)


def fold_part(text: str) -> str:
    """A part as written, folded to lower-case ASCII words separated by one space, with `-`
    between the segments of a hyphenated name and `/` between names: `Dallas–Fort Worth` ->
    `dallas-fort worth`, `Pune/Pimpri-Chinchwad` -> `pune/pimpri-chinchwad`."""
    folded = fold_one(text)
    if folded.startswith(("region d'", "region d\u2019")):  # Région d'Annecy
        folded = "region de " + folded[len("region d'"):]
    names = (_hyphenated(name) for name in _ascii(folded).split("/"))
    return "/".join(name for name in names if name)


def _hyphenated(name: str) -> str:
    segments = (" ".join(_WORD.findall(s)) for s in name.split("-"))
    return "-".join(s for s in segments if s)


def key_of(folded: str) -> str:
    """The index key of a folded part: its words, whatever separated them."""
    return folded.replace("-", " ").replace("/", " ")


def name_key(name: str) -> str:
    """The index key of a gazetteer name (`Winston-Salem` -> `winston salem`); "" for a name in
    a non-Latin script, so that keys are only ever made from whole Latin names."""
    if not name.isascii() and _NON_LATIN.search(name):
        return ""
    return " ".join(_WORD.findall(_ascii(_fold_uncached(name))))


# ---------------------------------------------------------------------------- tables

# geonames admin1 codes are FIPS or geonames numbers; tie them to ISO 3166-2 for the countries
# whose members LinkedIn users most often meet. Each pair reads "admin1 ISO-suffix".
ADMIN1_TO_ISO: dict[str, str] = {
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
ADMIN1_IS_ISO = frozenset({"US", "GB", "CH", "IE"})

# English names LinkedIn shows that pycountry spells only locally; the first is the label.
REGION_NAMES: dict[str, tuple[str, ...]] = {
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
    "KE-30": ("Nairobi City", "Nairobi County"),
    "CO-DC": ("Capital District", "Bogotá Capital District"),
}

# Short forms LinkedIn users write after a city (`Austin, TX`); not used on their own.
CODE_COUNTRIES = ("US", "CA", "AU")

# Country names LinkedIn and its members use that neither package spells that way.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
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
CITY_NAMES: dict[str, tuple[str, str, str]] = {
    "Washington DC": ("Washington", "US", "DC"), "Washington D.C.": ("Washington", "US", "DC"),
    "NYC": ("New York City", "US", "NY"), "New York": ("New York City", "US", "NY"),
    # LinkedIn's names for two German metro regions, placed at their main city.
    "Frankfurt Rhine-Main": ("Frankfurt am Main", "DE", "05"), "Cologne Bonn": ("Köln", "DE", "07"),
    # Renamed cities under a million people still written by their former names, which
    # geonames lists only as other names (standing alone only for bigger cities).
    "Gurgaon": ("Gurugram", "IN", "10"), "Dnipropetrovsk": ("Dnipro", "UA", "04"),
}

# Words that say where without saying which place: a name made only of them (`Central`, `West
# Coast`, `North East`) is a region in a dozen countries and does not stand alone.
GENERIC = frozenset({
    "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "centre", "center", "capital", "northeast", "northwest", "southeast", "southwest", "middle",
    "mid", "upper", "lower", "coast", "coastal", "island", "islands", "national", "region",
    "area", "the", "of", "and",
})

# LinkedIn's decorations around a place name, folded.
METRO_PREFIXES = ("greater ", "metro ", "region de ", "region du ", "region des ")
METRO_SUFFIXES = (" metropolitan area", " metropolitan region", " metro area", " metroplex",
                  " bay area", " area", " metro", " metropolitan", " region")
REGION_SUFFIXES = (" state", " province", " region", " territory", " county")
CITY_SUFFIX = " city"


def generic(key: str) -> bool:
    """Whether a key is made only of words that name no one place (`west coast`)."""
    return all(word in GENERIC for word in key.split())
