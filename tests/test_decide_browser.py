"""The `decide` page in a real headless Chromium, by keyboard only: open it, answer a phrase by
its key, undo, answer again, and say done; the server stops and the ledger holds the answers.

Chromium is found like the report's browser tests; without one the test is skipped, or fails
when $CI is set.
"""

from __future__ import annotations

import csv
import threading
from datetime import date
from pathlib import Path

import pytest
from helpers import require_program
from test_browser import LAUNCH_ARGS, find_chromium

from cleanup.session import Session, web

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AS_OF = date(2026, 11, 25)


def test_deciding_by_keyboard_from_open_to_done(tmp_path: Path) -> None:
    from helpers import decide_network
    from playwright.sync_api import expect, sync_playwright

    path = require_program(find_chromium(), "no Chromium found: set CHROMIUM=/path/to/chromium")
    export, rules, out = decide_network(tmp_path)
    urls: list[str] = []
    ready, stop = threading.Event(), threading.Event()
    with Session.open(export, rules, out, as_of=AS_OF) as session:
        def announce(url: str) -> None:
            urls.append(url)
            ready.set()

        server = threading.Thread(target=web.serve, args=(session,),
                                  kwargs={"open_browser": False, "ready": announce,
                                          "stop": stop})
        server.start()
        try:
            assert ready.wait(10)
            requests: list[str] = []
            problems: list[str] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
                page = browser.new_page()
                page.on("request", lambda r: requests.append(r.url))
                page.on("console", lambda m: problems.append(m.text)
                        if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda e: problems.append(str(e)))
                page.goto(urls[0])
                assert "token=" not in page.url  # traded for the cookie, gone from the address
                expect(page.locator("#kind")).not_to_be_empty()
                assert page.text_content("#kind") == "Phrase (in Position)"
                assert page.text_content("#text") == "“dental hygienist”"
                assert page.text_content("#count") == "decides 4 people now"
                keys = page.inner_text("#keys")
                for hint in ("p", "prospect", "n", "not my audience", "u", "undo", "d", "done"):
                    assert hint in keys
                before = page.text_content("#left") or ""
                assert before.startswith("Left: 10 to review, 9 removals to confirm")

                page.keyboard.press("p")
                expect(page.locator("#message")).to_contain_text("decided")
                assert page.text_content("#message") == "“prospect”: 4 decided."
                assert (page.text_content("#left") or "").startswith("Left: 6 to review")
                assert page.text_content("#text") != "“dental hygienist”"

                page.keyboard.press("u")
                expect(page.locator("#message")).to_contain_text("taken back")
                assert page.text_content("#text") == "“dental hygienist”"
                assert (page.text_content("#left") or "").startswith("Left: 10 to review")

                page.keyboard.press("m")  # see all: the four profile links
                page.wait_for_selector("#members a")
                links = page.eval_on_selector_all("#members a", "as => as.map(a => a.href)")
                assert len(links) == 4
                assert all(x.startswith("https://www.linkedin.com/in/") for x in links)

                page.keyboard.press("n")
                expect(page.locator("#message")).to_contain_text("decided")
                assert page.text_content("#message") == "“not my audience”: 4 decided."

                page.keyboard.press("d")
                expect(page.locator("#text")).to_have_text("Done: every answer is saved")
                browser.close()
            server.join(10)
            assert not server.is_alive()  # the page said done: the server stopped
        finally:
            if server.is_alive():  # never leave the server behind a failed assertion
                stop.set()
                server.join(10)
    assert problems == []
    assert {r.split("/")[2] for r in requests} == {urls[0].split("/")[2]}  # nothing else
    with (out / "phrases.csv").open(encoding="utf-8-sig", newline="") as fh:
        lines = [(r["Phrase"], r["Answer"]) for r in csv.DictReader(fh)]
    assert lines == [("dental hygienist", "prospect"), ("dental hygienist", ""),
                     ("dental hygienist", "not my audience")]
