"""Person-minutes: how long a decide session takes to decide a whole network, and how often it
removes someone the user wants.

On a synthetic archive (`sample_data/generate.py`, default 3,000 connections, with its rules
and enrichment), an oracle that knows each synthetic person's true category (the generator's
intent: prospect, complementary, competitor, unrelated or hidden) drives `cleanup.Session`
until no question is left, answering as a careful user would:

- a phrase: the true category most of the people it decides share, when at least 90 % share
  it (unrelated -> "not my audience"), else skip; an answer that asks to be confirmed
  (it would overturn the rules file's tags) is not confirmed: skipped;
- a group of removals sharing one reason: remove when at most 1 % of it is wanted (prospect
  or complementary), keep when at most 10 % is unwanted, else skip (its people are asked one
  by one); the group of everyone outside the rules' locations is removed: the user's own
  location rule says those are not their audience, whatever their trade;
- the group of people with no position and no company: kept (nobody can judge them, and
  nobody is removed on nothing);
- a person: keep when wanted or hidden (nothing to judge by), else remove.

Hidden members (only a date in the export) are never asked about: nothing about them could be
remembered. They are counted at the end.

Modelled time: 4 s a phrase or group question, 2 s a person. Prints the minutes, the
questions asked by kind, and the wrong removes (people recommended for removal at the end
whose true category is prospect or complementary; those outside the user's locations, removed
by the user's own location rule, are counted apart). Targets: <= 15 minutes, <= 1 % wrong
removes (of all removals). Exits 1 when a target is missed. The figures replace the
"Person-minutes" section of `benchmarks/RESULTS.md` (before the start-up section that
`run.py --places-only` rewrites), unless `--no-results`.

Run:  .venv/bin/python benchmarks/bench_decide.py [--connections 3000] [--seed 7] [--no-results]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for sample_data, which is not an installed package

from cleanup.session import Session, asking  # noqa: E402
from cleanup.text import url_key_one  # noqa: E402
from sample_data.generate import (  # noqa: E402
    AS_OF,
    build_archive,
    build_enrichment,
    make_network,
    write_folder,
)

RULES = ROOT / "sample_data" / "rules.toml"
SECONDS = {"phrase": 4, "group": 4, "person": 2}
WANTED = {"prospect", "complementary"}
ANSWER = {"prospect": "prospect", "complementary": "complementary",
          "competitor": "competitor", "unrelated": "not my audience"}
SECTION = "## Person-minutes: deciding a network with `decide`"
PLACES = "## Start-up, gazetteer and the demo run"
TARGET_MINUTES = 15.0
TARGET_WRONG = 0.01


def oracle(kind: str, text: str, truth: list[str]) -> str:
    """What a user who knows every person's true category answers."""
    if kind == "group" and text == asking.NOTHING:
        return "keep"
    if kind == "group" and text.startswith(asking.OFF_TARGET):
        return "remove"
    if kind == "person":
        category = truth[0] if truth else "hidden"
        return "keep" if category in WANTED or category == "hidden" else "remove"
    if not truth:
        return "skip"
    counts = Counter(truth)
    if kind == "phrase":
        category, n = counts.most_common(1)[0]
        return ANSWER[category] if n >= 0.9 * len(truth) and category in ANSWER else "skip"
    wanted = sum(counts[c] for c in WANTED)
    if wanted <= 0.01 * len(truth):
        return "remove"
    if len(truth) - wanted <= 0.1 * len(truth):
        return "keep"
    return "skip"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-results", action="store_true", help="do not update RESULTS.md")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-decide-"))
    try:
        net = make_network(a.connections, seed=a.seed)
        folder = write_folder(build_archive(a.connections, seed=a.seed, network=net),
                              work / "Basic_LinkedInDataExport_11-25-2026")
        enrich = work / "enrichment.csv"
        enrich.write_bytes(build_enrichment(a.connections, seed=a.seed, network=net))
        truth = {url_key_one(p.url): p.category for p in net.people if p.slug}
        hidden = sum(1 for p in net.people if not p.slug)

        started = time.perf_counter()
        asked: Counter[str] = Counter()
        seconds = 0
        # A fresh folder of its own: whatever earlier runs of the same synthetic network
        # remember, this session starts afresh.
        with Session.open(folder, RULES, work / "reports", enrich=[enrich], as_of=AS_OF,
                          new_history=True) as s:
            opened = time.perf_counter() - started
            first = s.left()
            while True:
                questions = s.questions(limit=1)
                if not questions:
                    break
                q = questions[0]
                members = [truth.get(url_key_one(link), "hidden") for link in
                           s.members(q.key)]
                choice = oracle(q.kind, q.text, members)
                asked[q.kind] += 1
                seconds += SECONDS[q.kind]
                if not s.answer(q.key, choice).applied:
                    s.answer(q.key, "skip")
            left = s.left()
            end = s.outcome()
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)

    category = end["link"].map(lambda link: truth.get(url_key_one(link), "hidden")
                               if link else "hidden")
    removed = end["recommendation"].eq("remove")
    off = end["tag"].eq("off-target location")
    wrong = removed & category.isin(WANTED) & ~off
    wrong_off = removed & category.isin(WANTED) & off
    wrong_keep = end["recommendation"].eq("keep") & category.isin({"competitor", "unrelated"})
    minutes = seconds / 60
    share = int(wrong.sum()) / max(1, int(removed.sum()))
    lines = [
        f"synthetic network: {len(end):,} connections ({hidden:,} hidden), seed {a.seed}",
        f"before: {first['review']:,} to review, {first['to_confirm']:,} removals to confirm, "
        f"{first['keep']:,} kept (the session's own estimate: {first['undecided_minutes']} min)",
        f"questions asked: {sum(asked.values()):,} ({asked['phrase']:,} phrases, "
        f"{asked['group']:,} groups, {asked['person']:,} people)",
        f"modelled time: {minutes:.1f} min (target <= {TARGET_MINUTES:.0f})",
        f"end: {left['keep']:,} keep, {left['remove']:,} remove, {left['review']:,} review, "
        f"{left['anonymous']:,} with neither a profile address nor a name (never asked)",
        f"wrong removes: {int(wrong.sum()):,} of {int(removed.sum()):,} removals "
        f"({100 * share:.2f} %, target <= {100 * TARGET_WRONG:.0f} %)",
        f"removed by the location rule although prospect or complementary by trade: "
        f"{int(wrong_off.sum()):,} (outside the rules' locations; not counted as wrong)",
        f"wrong keeps (competitor or unrelated kept): {int(wrong_keep.sum()):,}",
        f"machine time: opening {opened:.2f} s, the whole session {elapsed:.1f} s "
        "(every answer written to the ledgers, synced)",
    ]
    print("\n".join(lines))
    ok = minutes <= TARGET_MINUTES and share <= TARGET_WRONG
    verdict = f"{'PASS' if ok else 'FAIL'} person-minutes"
    print(verdict)
    if not a.no_results:
        write_results(lines, verdict)
    return 0 if ok else 1


def write_results(lines: list[str], verdict: str) -> None:
    """Replace (or add) this benchmark's section of RESULTS.md, before the start-up section."""
    results = Path(__file__).resolve().parent / "RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    section = "\n".join([SECTION, "", f"Run on {date.today().isoformat()} by "
                         "`benchmarks/bench_decide.py` (an oracle answering through "
                         "`cleanup.Session`; 4 s a phrase or group, 2 s a person).", "",
                         *[f"- {line}" for line in lines], f"- {verdict}", "", ""])
    if SECTION in text:
        before, _, after = text.partition(SECTION)
        rest = after.find("\n## ")
        text = before + section + (after[rest + 1:] if rest >= 0 else "")
    elif PLACES in text:
        before, _, after = text.partition(PLACES)
        text = before + section + PLACES + after
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text, encoding="utf-8")
    print(f"written {results}")


if __name__ == "__main__":
    raise SystemExit(main())
