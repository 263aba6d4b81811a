"""The shared test helpers do what the tests rely on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import marker_needed
from helpers import Page, connections_csv, require_program, write_rules

from cleanup import rules


def test_rules_builder_writes_what_the_rules_loader_reads(tmp_path: Path) -> None:
    path = write_rules(tmp_path / "new", {"prospect": ['the "best" realtor', "back\\slash"],
                                          "competitor": ["web developer"]},
                       name="Ünïcode & <Co>", scope="international", unknown="remove",
                       protect_recent_days=30, keep={"urls": ["linkedin.com/in/kim"]},
                       remove={"companies": ["Acme"]})
    loaded = rules.load(path)
    assert (loaded.name, loaded.scope, loaded.unknown) == ("Ünïcode & <Co>", "international",
                                                           "remove")
    assert loaded.protect_recent_days == 30
    assert loaded.keywords["prospect"] == ('the "best" realtor', "back\\slash")
    assert loaded.keep.urls == ("linkedin.com/in/kim",) and loaded.remove.companies == ("Acme",)


def test_connections_writer_quotes_only_what_needs_it() -> None:
    text = connections_csv([("Ada", "Example", "", "", 'The "Best" Co, LLC', "Realtor",
                             "05 Mar 2024")])
    assert text == ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    'Ada,Example,,,"The ""Best"" Co, LLC",Realtor,05 Mar 2024\n')


def test_page_keeps_scripts_and_styles_out_of_the_text() -> None:
    page = Page('<p id="a">Hi <a href="#x">there</a></p><script id="data">{"k": 1}</script>'
                "<style>p{}</style><br/>")
    assert page.ids == {"a", "data"} and page.links == ["#x"]
    assert page.all_text() == "Hi there"
    assert page.data == {"k": 1} and page.styles == ["p{}"]
    assert [t for t, _ in page.tags] == ["p", "a", "script", "style", "br"]


def test_a_missing_program_skips_the_test_on_a_developer_machine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found"):
        require_program(None, "no Chromium found")
    assert require_program("/usr/bin/x", "unused") == "/usr/bin/x"


def test_a_missing_program_fails_the_test_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no Chromium found"):
        require_program(None, "no Chromium found")


@pytest.mark.parametrize(("argv", "marker"), [
    (["/usr/bin/soffice", "--headless"], "soffice"),
    (["libreoffice", "--convert-to", "csv"], "soffice"),
    ("soffice --headless --convert-to xlsx", "soffice"),
    (["/usr/bin/chromium", "--headless"], "browser"),
    (["/x/node", "/x/playwright/driver/package/cli.js", "run-driver"], "browser"),
    ([sys.executable, "-c", "print(1)"], None),
])
def test_the_programs_that_need_a_marker_are_recognised(argv: object, marker: str | None
                                                        ) -> None:
    assert marker_needed(argv) == marker


def test_an_unmarked_test_may_not_start_libreoffice(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"  # refused before it is looked for: nothing runs
    with pytest.raises(AssertionError, match=r"without @pytest.mark.soffice"):
        subprocess.run([str(fake), "--headless"], check=False)


def test_an_unmarked_test_may_not_start_a_browser(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=r"without @pytest.mark.browser"):
        subprocess.run([str(tmp_path / "chromium")], check=False)
