"""What do the Phrases sheet and the phrase answers cost on LinkedIn's cap of 30,000 connections?

Runs the whole pipeline (`pipeline.run`, workbook and report written) on the synthetic
archive of sample_data/generate.py with its rules, alternately:

- **with** the Phrases sheet: as shipped, with a phrases.csv of answers in the output folder,
  so that the answers are read, applied as keywords and the Phrases sheet is ranked and
  written;
- **without**: the same run, the same answers applied, but with the ranking and the sheet
  replaced by no-ops (no Phrases sheet, no Phrase column). Both runs tag the same people,
  so the difference is the sheet's cost alone.

Reports the best of `--repeat` runs of each and the overhead (target: at most 10 %), and,
because the difference of two wall times is noisy on a busy machine, the time spent inside
the phrase steps themselves (reading the answers, judging, ranking, writing the sheet) as a
share of the run. Exits 2 when that share is over budget. Timings depend on the machine and
on what else runs on it: compare runs on a quiet machine.

Run:  .venv/bin/python benchmarks/bench_phrases.py [--connections 30000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for sample_data, which is not an installed package

from cleanup import pipeline  # noqa: E402
from cleanup.judge import phrases  # noqa: E402
from cleanup.memory import answers  # noqa: E402
from cleanup.model import Answers, Phrases  # noqa: E402
from cleanup.writers import phrases as sheet  # noqa: E402
from sample_data.generate import build_archive, make_network, write_folder  # noqa: E402

AS_OF = date(2026, 11, 25)
BUDGET = 0.10
RULES = ROOT / "sample_data" / "rules.toml"
ANSWERS = ROOT / "tests" / "data" / "phrases" / "sample_answers.csv"


def _no_sheet(wb: Any, *args: object) -> Any:
    """An empty sheet in place of the Phrases sheet (the workbook sets up its printing)."""
    return wb.add_worksheet("Phrases")


def _no_rank(people: pd.DataFrame, rules: object, given: Answers,
             coverage: object) -> tuple[Phrases, pd.Series]:
    return (Phrases(sheet=pd.DataFrame(columns=["Phrase", "Connections", "Found In",
                                                "Other Forms", "Examples", "Answer",
                                                "Answered On"]), answers=given),
            pd.Series("", index=people.index, dtype=object))


STEPS = [(answers, "load"), (phrases, "judge"), (phrases, "rank"), (sheet, "add_sheet")]
inside: list[float] = []


def _stopwatch(fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed_fn(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            inside[-1] += time.perf_counter() - start
    return timed_fn


def timed(folder: Path, out: Path, with_phrases: bool) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    saved = [getattr(module, name) for module, name in STEPS]
    inside.append(0.0)
    shutil.copy(ANSWERS, out / "phrases.csv")
    if with_phrases:
        for module, name in STEPS:
            setattr(module, name, _stopwatch(getattr(module, name)))
    else:
        phrases.rank, sheet.add_sheet = _no_rank, _no_sheet  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        pipeline.run(folder, RULES, out, as_of=AS_OF)
        return time.perf_counter() - start
    finally:
        for (module, name), fn in zip(STEPS, saved, strict=True):
            setattr(module, name, fn)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "Basic_LinkedInDataExport_11-25-2026"
        write_folder(build_archive(args.connections, network=make_network(args.connections)),
                     folder)
        runs: dict[bool, list[float]] = {True: [], False: []}
        steps: list[float] = []
        timed(folder, Path(tmp) / "warm", True)  # imports, caches
        for _ in range(args.repeat):
            for flag in (False, True):
                runs[flag].append(timed(folder, Path(tmp) / "out", flag))
                if flag:
                    steps.append(inside[-1])
    without, with_ = min(runs[False]), min(runs[True])
    overhead = with_ / without - 1
    own = min(steps)
    share = own / (with_ - own)
    print(f"{args.connections:,} connections, best of {args.repeat}:")
    print(f"  without phrases  {without:6.2f} s")
    print(f"  with phrases     {with_:6.2f} s   ({overhead:+.1%})")
    print(f"  phrase steps     {own:6.2f} s   (+{share:.1%} on the rest of the run; budget "
          f"{BUDGET:.0%})")
    return 0 if share <= BUDGET else 2


if __name__ == "__main__":
    sys.exit(main())
