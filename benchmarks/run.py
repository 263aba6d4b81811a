"""`make bench`: end-to-end speed and memory of `linkedin-cleanup run`.

Measures, on a synthetic archive of N connections (default 30,000, LinkedIn's cap) with
messages and an enrichment file:

1. the run's wall time as a ratio to `pandas.read_csv(Connections.csv).to_excel(...)` of the
   same file, measured in the same benchmark run (target <= 1.5);
2. the run's peak memory (max RSS of the child process; target <= 400 MB);
3. a run on 10 x N connections, which must complete in at most 11 times the N-row time.

Prints a table and writes `benchmarks/RESULTS.md` with the machine and date.
Usage: python benchmarks/run.py [--connections 30000] [--scale 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from sample_data.generate import (  # noqa: E402
    build_archive,
    build_enrichment,
    make_network,
    write_folder,
)

WORK = HERE / "work"
RULES = ROOT / "sample_data" / "rules.toml"


def make_archive(n: int) -> tuple[Path, Path]:
    """A synthetic archive folder of n connections (with messages) and its enrichment CSV."""
    folder = WORK / f"n{n}" / "Basic_LinkedInDataExport_11-25-2026"
    enrich = WORK / f"n{n}" / "enrichment.csv"
    if not (folder / "Connections.csv").exists():
        network = make_network(n)
        write_folder(build_archive(n, network=network), folder)
        enrich.write_bytes(build_enrichment(n, network=network))
    return folder, enrich


def baseline(connections: Path, out: Path) -> float:
    """pandas.read_csv(...).to_excel(...) of the same Connections.csv, in a fresh process."""
    code = ("import pandas as pd, sys\n"
            "pd.read_csv(sys.argv[1], skiprows=3).to_excel(sys.argv[2], index=False)\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(connections), str(out)], check=True)
    return time.perf_counter() - start


def run_cli(folder: Path, enrich: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `linkedin-cleanup run` in a child process."""
    if out.exists():
        shutil.rmtree(out)
    cli = [sys.executable, "-c",
           "import resource, sys\n"
           "from cleanup.cli import main\n"
           "try:\n    main()\n"
           "finally:\n"
           "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n",
           "run", str(folder), "--rules", str(RULES), "--enrich", str(enrich), "--out", str(out),
           "--as-of", "2026-11-25", "--quiet"]
    start = time.perf_counter()
    p = subprocess.run(cli, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if p.returncode not in (0, None) and "Error" in p.stderr:
        raise SystemExit(f"run failed: {p.stderr}")
    rss_kb = int(p.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024


def best(values: list[float]) -> float:
    return min(values)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=30_000)
    ap.add_argument("--scale", type=int, default=10, help="the large run is N x scale rows")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    n = a.connections
    folder, enrich = make_archive(n)
    base = best([baseline(folder / "Connections.csv", WORK / "baseline.xlsx")
                 for _ in range(a.repeat)])
    runs = [run_cli(folder, enrich, WORK / "out") for _ in range(a.repeat)]
    wall = best([r[0] for r in runs])
    rss = max(r[1] for r in runs)
    big = n * a.scale
    big_folder, big_enrich = make_archive(big)
    big_wall, big_rss = run_cli(big_folder, big_enrich, WORK / "out-big")

    rows = [
        ("baseline: read_csv + to_excel", f"{n:,}", f"{base:.2f} s", "", ""),
        ("linkedin-cleanup run", f"{n:,}", f"{wall:.2f} s", f"{rss:.0f} MB",
         f"ratio {wall / base:.2f} (target <= 1.5)"),
        ("linkedin-cleanup run", f"{big:,}", f"{big_wall:.2f} s", f"{big_rss:.0f} MB",
         f"{big_wall / wall:.1f} x the {n:,}-row time (target <= {a.scale + 1})"),
    ]
    verdict = [
        ("time ratio <= 1.5", wall / base <= 1.5),
        ("peak memory <= 400 MB", rss <= 400),
        (f"{big:,} rows within {a.scale + 1} x", big_wall <= (a.scale + 1) * wall),
    ]
    header = ("what", "connections", "wall (best)", "max RSS", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))
             for r in [header, *rows]]
    print("\n".join(lines))
    for name, ok in verdict:
        print(f"{'PASS' if ok else 'FAIL'} {name}")
    machine = (f"{platform.node() or 'machine'}: {platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}, {platform.platform()}")
    md = [f"# Benchmark results ({date.today().isoformat()})", "", f"Machine: {machine}", "",
          f"Archive: synthetic, {n:,} connections with messages and enrichment "
          f"(`sample_data/generate.py`); best of {a.repeat}.", "",
          "| " + " | ".join(header) + " |", "|" + "---|" * 5]
    md += ["| " + " | ".join(r) + " |" for r in rows]
    md += [""] + [f"- {'PASS' if ok else 'FAIL'}: {name}" for name, ok in verdict] + [""]
    (HERE / "RESULTS.md").write_text("\n".join(md), encoding="utf-8")
    print(f"\nwritten {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
