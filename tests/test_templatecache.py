"""The report's compiled templates are kept in the user's cache folder and checked on every load.

The file holds code, so besides the checks of every cache file (digest, key) it is only loaded
when it belongs to the user running the tool and no one else may write to it; anything else
means compiling the templates again, never an error and never a different page.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

import jinja2
import pytest

from cleanup.model import Result
from cleanup.places import cache
from cleanup.writers import report
from cleanup.writers.templatecache import TemplateCache
from tests.test_report import analyse

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file owners")

TEMPLATES = {"page.html": "{% from 'macros.html' import hello %}{{ hello(name) }}",
             "macros.html": "{% macro hello(n) %}<p>Hello {{ n }}</p>{% endmacro %}"}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(where))
    return where


class Counting(jinja2.Environment):
    """An environment over `TEMPLATES` that counts the templates it compiles."""

    def __init__(self, templates: dict[str, str] = TEMPLATES, **options: object) -> None:
        super().__init__(loader=jinja2.DictLoader(templates), autoescape=True,
                         bytecode_cache=TemplateCache(), **options)  # type: ignore[arg-type]
        self.compiled = 0

    def compile(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        self.compiled += 1
        return super().compile(*args, **kwargs)  # type: ignore[arg-type]


def render(env: jinja2.Environment, name: str = "<b>") -> str:
    return env.get_template("page.html").render(name=name)


def test_compiled_once_then_loaded(folder: Path) -> None:
    first = Counting()
    assert render(first) == "<p>Hello &lt;b&gt;</p>"
    assert first.compiled == 2
    assert len(list(folder.glob("template-*.bin"))) == 2
    second = Counting()
    assert render(second) == "<p>Hello &lt;b&gt;</p>"
    assert second.compiled == 0


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "empty", "foreign file"])
def test_a_damaged_file_is_compiled_again_and_replaced(folder: Path, damage: str) -> None:
    render(Counting())
    for path in folder.glob("template-*.bin"):
        blob = bytearray(path.read_bytes())
        if damage == "flip a byte":
            blob[-20] ^= 0xFF
        elif damage == "truncate":
            blob = blob[: len(blob) // 2]
        elif damage == "empty":
            blob = bytearray()
        else:
            blob = bytearray(b"import os; os.system('echo owned')")
        path.write_bytes(bytes(blob))
    again = Counting()
    assert render(again) == "<p>Hello &lt;b&gt;</p>"
    assert again.compiled == 2
    repaired = Counting()
    assert render(repaired) == "<p>Hello &lt;b&gt;</p>" and repaired.compiled == 0


def test_a_changed_template_or_setting_is_compiled_again(folder: Path) -> None:
    render(Counting())
    changed = Counting({**TEMPLATES, "macros.html": TEMPLATES["macros.html"].replace(
        "Hello", "Hi")})
    assert render(changed) == "<p>Hi &lt;b&gt;</p>" and changed.compiled == 1
    other = Counting(trim_blocks=True)
    render(other)
    assert other.compiled == 2


@pytest.mark.parametrize("mode", [0o660, 0o602])
def test_a_file_others_may_write_is_not_loaded(folder: Path, mode: int) -> None:
    render(Counting())
    for path in folder.glob("template-*.bin"):
        os.chmod(path, mode)
    again = Counting()
    render(again)
    assert again.compiled == 2
    for path in folder.glob("template-*.bin"):  # replaced by files of our own
        assert not path.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def test_a_file_of_another_user_is_not_loaded(folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    render(Counting())
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    again = Counting()
    render(again)
    assert again.compiled == 2


def test_an_unusable_folder_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # cannot be created
    for _ in range(2):
        env = Counting()
        assert render(env) == "<p>Hello &lt;b&gt;</p>" and env.compiled == 2


def test_a_folder_that_refuses_writes_still_renders(folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only cache folder (simulated: as root, chmod would not stop the writes)."""
    folder.mkdir()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(cache.os, "replace", refuse)
    for _ in range(2):
        env = Counting()
        assert render(env) == "<p>Hello &lt;b&gt;</p>" and env.compiled == 2
    assert list(folder.iterdir()) == []


def test_the_report_is_the_same_from_a_cold_and_a_warm_cache(
        folder: Path, monkeypatch: pytest.MonkeyPatch,
        report_inputs: tuple[Path, Path, Path]) -> None:
    result: Result = analyse(report_inputs)
    fresh = functools.cache(report.environment.__wrapped__)
    monkeypatch.setattr(report, "environment", fresh)
    cold = report.render(result)
    assert list(folder.glob("template-*.bin"))
    fresh.cache_clear()
    compiled: list[str] = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, source, name=None, *a, **k:
                        compiled.append(str(name)) or original(self, source, name, *a, **k))
    assert report.render(result) == cold
    assert compiled == []
    monkeypatch.setenv(cache.ENV, str(folder.parent / "a-file-not-a-folder" / "x"))
    (folder.parent / "a-file-not-a-folder").write_text("")
    fresh.cache_clear()
    assert report.render(result) == cold  # and without any cache


def _moved_out(folder: Path, how: str) -> None:
    """Each compiled file moved out of the cache folder and put back as a link to it: the
    bytes are intact and the user's own, but the file is not one the cache folder keeps."""
    elsewhere = folder.parent / "downloads"
    elsewhere.mkdir()
    for path in folder.glob("template-*.bin"):
        target = elsewhere / path.name
        os.replace(path, target)
        if how == "symlink":
            path.symlink_to(target)
        else:
            os.link(target, path)


@pytest.mark.parametrize("how", ["symlink", "hard link"])
def test_a_linked_file_is_not_loaded(folder: Path, how: str) -> None:
    """A link in the cache folder can point at any file of the user's (a download, an
    attachment) whose bytes someone else chose: it is never loaded as code."""
    render(Counting())
    _moved_out(folder, how)
    again = Counting()
    assert render(again) == "<p>Hello &lt;b&gt;</p>"
    assert again.compiled == 2


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o1777])
def test_nothing_is_loaded_from_a_folder_others_may_write(folder: Path, mode: int) -> None:
    """In a folder others may write to, they could swap a file for a link at any moment."""
    render(Counting())
    os.chmod(folder, mode)
    again = Counting()
    render(again)
    assert again.compiled == 2


def test_a_cache_folder_is_created_private(folder: Path) -> None:
    old = os.umask(0o002)  # a common user umask: new folders would be group-writable
    try:
        render(Counting())
    finally:
        os.umask(old)
    assert not folder.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    again = Counting()
    render(again)
    assert again.compiled == 0


def test_a_fifo_in_the_cache_folder_does_not_hang_the_run(folder: Path) -> None:
    render(Counting())
    for path in folder.glob("template-*.bin"):
        path.unlink()
        os.mkfifo(path, 0o600)
    again = Counting()
    assert render(again) == "<p>Hello &lt;b&gt;</p>"
    assert again.compiled == 2


@pytest.mark.parametrize("code", [b"", b"\x80\x04", b"\x80\x04\x95garbage", b"(S'x'\n"])
def test_an_intact_file_whose_code_does_not_load_is_compiled_again(folder: Path,
                                                                   code: bytes) -> None:
    """A file whose digest and key are right but whose compiled code Jinja cannot read
    (Jinja's own header, then a broken checksum record) is compiled again, not an error."""
    env = Counting()
    render(env)
    for path in folder.glob("template-*.bin"):
        key = next(k for k in TEMPLATES if path.name == TemplateCache._file(
            jinja2.bccache.Bucket(env, k, "")))
        source = TEMPLATES[key]
        bucket = jinja2.bccache.Bucket(env, key, TemplateCache().get_source_checksum(source))
        path.unlink()
        cache.write(path, cache.full_key(TemplateCache._key(bucket)),
                    jinja2.bccache.bc_magic + code)
    again = Counting()
    assert render(again) == "<p>Hello &lt;b&gt;</p>"
    assert again.compiled == 2
