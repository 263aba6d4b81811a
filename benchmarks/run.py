"""`make bench`: end-to-end speed and memory of `linkedin-cleanup run`.

Measures, on a synthetic archive of N connections (default 30,000, LinkedIn's cap) with
messages and an enrichment file:

1. the run's wall time as a ratio to `pandas.read_csv(Connections.csv).to_excel(...)` of the
   same file, measured in the same benchmark run (target <= 0.8);
2. the run's peak memory (max RSS of the child process; target <= 300 MB);
3. a run on 10 x N connections, which must complete in at most 11 times the N-row time and
   within 1 GB;
4. start-up and the gazetteer: `linkedin-cleanup --help` and `--version` (target <= 0.3 s),
   building the gazetteer index from the packages, loading it from the cache file (target
   < 0.2 s), and the demo run of `sample_data` (2,000 connections with enrichment) with an
   empty and with a filled cache. With `--before PYTHON` (the interpreter of an install of an
   earlier commit) `--help` and the demo run are also timed with that install.

Every child process keeps its cache in `benchmarks/work/`, never in the user's cache folder.
Prints tables and writes `benchmarks/RESULTS.md` with the machine and date; `--places-only`
measures item 4 alone and replaces only its section of RESULTS.md.
Usage: python benchmarks/run.py [--connections 30000] [--scale 10] [--repeat 3]
                                [--places-only] [--before PYTHON [--before-label TEXT]]
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import resource
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
DEMO = ROOT / "sample_data" / "Basic_LinkedInDataExport_11-25-2026"
DEMO_ENRICH = ROOT / "sample_data" / "enrichment.csv"
PLACES_HEADER = "## Start-up, gazetteer and the demo run"


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
    p = subprocess.run(cli, capture_output=True, text=True, check=False, env=_env(WORK / "cache"))
    wall = time.perf_counter() - start
    if p.returncode not in (0, None) and "Error" in p.stderr:
        raise SystemExit(f"run failed: {p.stderr}")
    rss_kb = int(p.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024


def best(values: list[float]) -> float:
    return min(values)


def _env(cache: Path) -> dict[str, str]:
    """The environment of a child process whose cache files live in `cache`, and whose
    record of each network's folders stays in the benchmark's work folder."""
    return {**os.environ, "LINKEDIN_CLEANUP_CACHE": str(cache),
            "LINKEDIN_CLEANUP_STATE": str(WORK / "state")}


def _timed(cmd: list[str], cache: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a child process; CPU time varies less on a busy machine."""
    # Run from WORK: `python -c` puts the current folder first on sys.path, and from the
    # repository that would import this checkout whatever interpreter runs.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=_env(cache), cwd=WORK)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(r[0] for r in runs), min(r[1] for r in runs)


def _reported(code: str, cache: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of `gazetteer.<code>()` measured inside a fresh child process."""
    program = ("import time\nfrom cleanup.places import gazetteer\n"
               "w, c = time.perf_counter(), time.process_time()\n"
               f"gazetteer.{code}()\n"
               "print(time.perf_counter() - w, time.process_time() - c)")
    p = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True,
                       text=True, env=_env(cache), cwd=WORK)
    wall, cpu = p.stdout.split()[-2:]
    return float(wall), float(cpu)


def places_rows(repeat: int, before: str | None,
                before_label: str) -> tuple[list[tuple[str, ...]], list[tuple[str, bool]]]:
    """Start-up, gazetteer build and load, and the demo run (item 4 of the docstring)."""
    cache = WORK / "cache-places"
    shutil.rmtree(cache, ignore_errors=True)
    built = _best([_reported("build", cache) for _ in range(repeat)])
    _reported("load", cache)  # builds and writes the cache file
    loaded = _best([_reported("load", cache) for _ in range(max(repeat, 5))])

    def cli(python: str, *args: str) -> list[str]:
        return [python, "-c", "from cleanup.cli import main; main()", *args]

    def demo(python: str, out: Path) -> list[str]:
        return cli(python, "run", str(DEMO), "--rules", str(RULES), "--enrich", str(DEMO_ENRICH),
                   "--out", str(out), "--as-of", "2026-11-25", "--quiet")

    def startup(python: str) -> tuple[tuple[float, float], tuple[float, float]]:
        return (_best([_timed(cli(python, "--help"), cache) for _ in range(5)]),
                _best([_timed(cli(python, "--version"), cache) for _ in range(5)]))

    def demo_runs(python: str) -> tuple[tuple[float, float], tuple[float, float]]:
        cold = []
        for i in range(repeat):
            empty = WORK / f"cache-empty-{i}"
            shutil.rmtree(empty, ignore_errors=True)
            shutil.rmtree(WORK / "demo", ignore_errors=True)
            cold.append(_timed(demo(python, WORK / "demo"), empty))
            shutil.rmtree(empty, ignore_errors=True)
        warm = []
        for _ in range(repeat):
            shutil.rmtree(WORK / "demo", ignore_errors=True)
            warm.append(_timed(demo(python, WORK / "demo"), cache))
        return _best(cold), _best(warm)

    def row(what: str, times: tuple[float, float], note: str = "",
            digits: int = 2) -> tuple[str, ...]:
        return (what, f"{times[0]:.{digits}f} s", f"{times[1]:.{digits}f} s", note)

    help_s, version_s = startup(sys.executable)
    pandas_s = _best([_timed([sys.executable, "-c", "import pandas"], cache) for _ in range(5)])
    cold_s, warm_s = demo_runs(sys.executable)
    rows = [
        row("`linkedin-cleanup --help`", help_s, "target <= 0.3 s"),
        row("`linkedin-cleanup --version`", version_s, "target <= 0.3 s"),
        row("gazetteer index built from the packages", built, "once per package version"),
        row("gazetteer index loaded from the cache file", loaded, "target < 0.2 s", 3),
        row("demo run (2,000 connections, enrichment), empty cache", cold_s),
        row("demo run, cache filled", warm_s, "target <= 1.5 s and <= 2 x import pandas"),
        row("`python -c 'import pandas'`", pandas_s),
    ]
    if before:
        b_help, _ = startup(before)
        _, b_warm = demo_runs(before)
        rows += [row("before: `linkedin-cleanup --help`", b_help, before_label),
                 row("before: demo run", b_warm, before_label)]
    verdict = [("--help within 0.3 s", help_s[0] <= 0.3),
               ("--version within 0.3 s", version_s[0] <= 0.3),
               ("gazetteer cache loads within 0.2 s", loaded[0] < 0.2),
               ("demo run within 1.5 s", warm_s[0] <= 1.5),
               ("demo run within 2 x import pandas", warm_s[0] <= 2 * pandas_s[0])]
    return rows, verdict


def places_section(rows: list[tuple[str, ...]], verdict: list[tuple[str, bool]],
                   repeat: int) -> list[str]:
    """The RESULTS.md section of item 4."""
    load = os.getloadavg()[0]
    md = [PLACES_HEADER, "",
          f"Each figure is the best of {repeat} (start-up and cache load: of 5) fresh processes;",
          "CPU is the user + system time of the process, which a busy machine inflates less "
          f"than wall time (load average {load:.1f} on {os.cpu_count()} cores at the end).", "",
          "| what | wall | CPU | |", "|---|---|---|---|"]
    md += ["| " + " | ".join(r) + " |" for r in rows]
    md += [""] + [f"- {'PASS' if ok else 'FAIL'}: {name}" for name, ok in verdict] + [""]
    return md


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("\n".join(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))
                    for r in [header, *rows]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=30_000)
    ap.add_argument("--scale", type=int, default=10, help="the large run is N x scale rows")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--places-only", action="store_true",
                    help="only start-up, gazetteer and demo-run figures")
    ap.add_argument("--before", metavar="PYTHON",
                    help="also time --help and the demo run with this interpreter's install")
    ap.add_argument("--before-label", default="earlier install",
                    help="what to call the --before install in the table, e.g. its commit")
    a = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    # An installed package carries its modules compiled (pip compiles them); an editable
    # install run with PYTHONDONTWRITEBYTECODE set would compile the tool's modules again
    # in every measured run, which no user's run does.
    compileall.compile_dir(ROOT / "cleanup", quiet=1)
    place_rows, place_verdict = places_rows(a.repeat, a.before, a.before_label)
    print_table(("what", "wall", "CPU", ""), place_rows)
    for name, ok in place_verdict:
        print(f"{'PASS' if ok else 'FAIL'} {name}")
    section = places_section(place_rows, place_verdict, a.repeat)
    results = HERE / "RESULTS.md"
    if a.places_only:
        kept = results.read_text(encoding="utf-8") if results.exists() else ""
        kept = kept.split(PLACES_HEADER)[0].rstrip("\n")
        results.write_text(f"{kept}\n\n" + "\n".join(section), encoding="utf-8")
        print(f"\nwritten {results}")
        return 0
    n = a.connections
    folder, enrich = make_archive(n)
    base = best([baseline(folder / "Connections.csv", WORK / "baseline.xlsx")
                 for _ in range(a.repeat)])
    # One run first, not timed: it fills the cache folder (the gazetteer index) as the first
    # run after installing does; the demo rows time that cold start.
    run_cli(folder, enrich, WORK / "out")
    runs = [run_cli(folder, enrich, WORK / "out") for _ in range(a.repeat)]
    wall = best([r[0] for r in runs])
    rss = max(r[1] for r in runs)
    big = n * a.scale
    big_folder, big_enrich = make_archive(big)
    big_wall, big_rss = run_cli(big_folder, big_enrich, WORK / "out-big")

    rows = [
        ("baseline: read_csv + to_excel", f"{n:,}", f"{base:.2f} s", "", ""),
        ("linkedin-cleanup run", f"{n:,}", f"{wall:.2f} s", f"{rss:.0f} MB",
         f"ratio {wall / base:.2f} (target <= 0.8)"),
        ("linkedin-cleanup run", f"{big:,}", f"{big_wall:.2f} s", f"{big_rss:.0f} MB",
         f"{big_wall / wall:.1f} x the {n:,}-row time (target <= {a.scale + 1})"),
    ]
    verdict = [
        ("time ratio <= 0.8", wall / base <= 0.8),
        ("peak memory <= 300 MB", rss <= 300),
        (f"{big:,} rows within {a.scale + 1} x", big_wall <= (a.scale + 1) * wall),
        (f"{big:,} rows within 1 GB", big_rss <= 1024),
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
    md += section
    (HERE / "RESULTS.md").write_text("\n".join(md), encoding="utf-8")
    print(f"\nwritten {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
