"""The committed sample archive is exactly what the generator writes."""

from __future__ import annotations

from pathlib import Path

from sample_data import generate

SAMPLE = Path(__file__).parents[1] / "sample_data"
FOLDER = SAMPLE / "Basic_LinkedInDataExport_11-25-2026"


def test_committed_sample_is_what_the_generator_writes() -> None:
    net = generate.make_network(2000, seed=7)
    files = generate.build_archive(2000, seed=7, network=net)
    on_disk = {p.relative_to(FOLDER).as_posix(): p.read_bytes()
               for p in FOLDER.rglob("*") if p.is_file()}
    assert sorted(on_disk) == sorted(files)
    for name, data in files.items():
        assert on_disk[name] == data, name
    enrichment = generate.build_enrichment(2000, seed=7, network=net)
    assert (SAMPLE / "enrichment.csv").read_bytes() == enrichment


def test_same_arguments_give_the_same_bytes_and_another_seed_others() -> None:
    first = generate.build_archive(30, seed=3)
    assert generate.build_archive(30, seed=3) == first
    assert generate.build_archive(30, seed=4) != first
