"""How much of a network the Phrases sheet reaches: on the demo archive and a larger synthetic
one, of the people with a Phrase, how many hold one the sheet lists, and how many of the
undecided people an answer to the top 100 phrases would reach (matched as the answers' keywords
would be, every form of a phrase included).

Measured (without the enrichment file) when the owner words, aliases, merging and filters came
in (the sheet was 50 words and 50 two-word phrases before): demo 2,000 connections 70 % ->
85 % listed, top 100 reach 619 -> 726 of 911 undecided; 10,000 connections (seed 11) 68 % ->
83 %, 3,168 -> 3,682 of 4,678.

Run:  .venv/bin/python benchmarks/bench_phrase_cover.py [--connections 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for sample_data, which is not an installed package

from cleanup import lexicon, pipeline  # noqa: E402
from cleanup.judge.candidates import undecided  # noqa: E402
from cleanup.judge.tagging import compile_keywords, found_each, tokens  # noqa: E402
from cleanup.terms import NO_PROFILE_PHRASE  # noqa: E402
from cleanup.text import fold  # noqa: E402
from sample_data.generate import build_archive, make_network, write_folder  # noqa: E402

RULES = ROOT / "sample_data" / "rules.toml"
TOP = 100


def measure(label: str, source: Path) -> None:
    result = pipeline.analyse(source, RULES, as_of=date(2026, 11, 25))
    assert result.phrases is not None
    people = result.people
    sheet = result.phrases.sheet.head(result.phrases.offered)
    offered = [p for p in sheet["Phrase"] if p != NO_PROFILE_PHRASE]
    listed = {lexicon.key(p) for p in offered}
    has = people["phrase"].ne("") & people["phrase"].ne(NO_PROFILE_PHRASE)
    on_sheet = has & people["phrase"].map(lexicon.key).isin(listed)
    pool = people[undecided(people)]
    words = tuple(f for p in offered[:TOP] for f in lexicon.forms(p))
    pattern = compile_keywords(words)
    reached = pd.Series(False, index=pool.index)
    if pattern is not None:
        index = {tokens(w): w for w in words}
        for field in ("position", "company"):
            found = found_each(fold(pool[field].fillna("").astype(str)).tolist(), pattern, index)
            reached |= pd.Series([bool(f) for f in found], index=pool.index)
    print(f"{label}: {int(has.sum()):,} people with a Phrase, {int(on_sheet.sum()):,} hold one "
          f"the sheet lists ({on_sheet.sum() / max(int(has.sum()), 1):.0%}); the top {TOP} "
          f"phrases reach {int(reached.sum()):,} of {len(pool):,} undecided "
          f"({reached.sum() / max(len(pool), 1):.0%})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=10_000)
    args = parser.parse_args()
    measure("demo", ROOT / "sample_data" / "Basic_LinkedInDataExport_11-25-2026")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "Basic_LinkedInDataExport_11-25-2026"
        n = args.connections
        write_folder(build_archive(n, network=make_network(n, seed=11), seed=11), folder)
        measure(f"{n:,} connections", folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
