"""Only a canonical `https://www.linkedin.com/in/<slug>` is ever a link, in every section of
the report and every sheet of the workbook, whatever URLs the inputs carry.

Every input that can hold a profile URL (Connections.csv, Invitations.csv in both directions,
messages.csv, endorsements, an enrichment file, the snapshot of an earlier run that the
Changes list reads) is given URLs that start like a profile link and leave it (`/in/../feed/`,
`/in/x/../../m/logout`, escapes of dots and slashes), other hosts and schemes, and markup.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import Page
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanup
from cleanup.text import PROFILE_PREFIX, profile_link_one, url_key_one, vetted_link

#: A link the report or the workbook may make: the profile prefix, then one slug of ASCII
#: letters, digits, `-`, `_` and the %-escapes of the bytes of non-ASCII letters.
CANONICAL = re.compile(r"https://www\.linkedin\.com/in/(?:[A-Za-z0-9_-]|%[89A-Fa-f][0-9A-Fa-f])+")
SLUG = re.compile(r"(?:[A-Za-z0-9_-]|%[89A-Fa-f][0-9A-Fa-f])+")

HOSTILE = [
    "https://www.linkedin.com/feed/",
    "https://www.linkedin.com/in/../feed/",
    "https://www.linkedin.com/in/x/../../m/logout",
    "https://www.linkedin.com/in/..%2F..%2Fevil",
    "https://www.linkedin.com/in/%2e%2e/evil",
    "https://www.linkedin.com/in/%252e%252e",
    "https://www.linkedin.com/in/..",
    "https://www.linkedin.com/in/.",
    "https://www.linkedin.com/in/a\\..\\..\\evil",
    "https://www.linkedin.com/in/?next=/evil",
    "https://www.linkedin.com/in/#/../evil",
    "/evil",
    "//evil.example/in/x",
    "javascript:alert(1)//https://www.linkedin.com/in/x",
    "https://evil.example/in/x",
    "https://www.linkedin.com.evil.example/in/x",
    "https://www.linkedin.com/in/x\"onmouseover=\"alert(1)",
    "https://www.linkedin.com/in/<b>x</b>",
    "https://www.linkedin.com/in/x%0a%0dy",
    "https://www.linkedin.com/in/x y",
]
GOOD = {"ada-example": "https://www.linkedin.com/in/ada-example",
        "zo%C3%AB-x": "https://www.linkedin.com/in/zo%C3%AB-x/"}
#: Good profiles of people who are not connections: an inviter, and one who left.
INVITER, GONE = "https://www.linkedin.com/in/inviter-good", "https://www.linkedin.com/in/gone-good"
AS_OF, BEFORE = date(2026, 11, 25), date(2026, 10, 25)
RULES = cleanup.Rules.from_dict({"prospect": {"keywords": ["realtor"]},
                                 "competitor": {"keywords": ["web designer"]}})


def _csv(header: list[str], rows: list[list[str]]) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    return text.getvalue()


def _export(folder: Path, *, gone: bool) -> Path:
    """An archive folder whose every URL-carrying file holds the hostile URLs. With `gone`
    (the earlier run) it has one more connection per hostile URL, who leave by the next run
    and are listed as gone on its Changes sheet, their URL read back from the snapshot."""
    folder.mkdir(parents=True)
    urls = [*HOSTILE, *GOOD.values()]
    people = [[f"P{i}", "Example", url, "", "Acme", ("Realtor", "Web Designer")[i % 2],
               "05 Mar 2024"] for i, url in enumerate(urls)]
    if gone:
        people += [[f"Gone{i}", "Example", url, "", "Gone Co", "Realtor", "05 Mar 2023"]
                   for i, url in enumerate([*HOSTILE, GONE])]
    (folder / "Connections.csv").write_text(_csv(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
         "Connected On"], people), encoding="utf-8")
    owner = "https://www.linkedin.com/in/owner-self"
    invitations = [[f"In{i}", "Owner Self", "3/28/24, 9:07 AM", "Hi", "INCOMING", url, owner]
                   for i, url in enumerate([*HOSTILE, INVITER])]
    invitations += [["Owner Self", f"Out{i}", "3/28/23, 9:07 AM", "", "OUTGOING", owner, url]
                    for i, url in enumerate(HOSTILE)]
    (folder / "Invitations.csv").write_text(_csv(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
         "inviteeProfileUrl"], invitations), encoding="utf-8")
    messages = []
    for i, url in enumerate(urls):
        messages.append([f"c{i}", "", f"P{i} Example", url, "Owner Self", owner,
                         "2024-10-26 11:43:11 UTC", "", "Hello", "INBOX", "", "No", "No"])
        messages.append([f"c{i}", "", "Owner Self", owner, f"P{i} Example", url,
                         "2024-10-27 11:43:11 UTC", "", "Hi", "INBOX", "", "No", "No"])
    (folder / "messages.csv").write_text(_csv(
        ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
         "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS",
         "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"], messages), encoding="utf-8")
    (folder / "Endorsement_Received_Info.csv").write_text(_csv(
        ["Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name",
         "Endorser Public Url", "Endorsement Status"],
        [["2024/03/05 14:07:09 UTC", "HTML", f"P{i}", "Example", url, "ACCEPTED"]
         for i, url in enumerate(urls)]), encoding="utf-8")
    return folder


def _enrichment(path: Path) -> Path:
    path.write_text(_csv(["Profile URL", "Location", "Industry", "Headline"],
                         [[url, "", "Real Estate", "Realtor"] for url in HOSTILE]
                         + [["https://www.linkedin.com/in/in0/", "", "", "Realtor"]]),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> cleanup.Result:
    root = tmp_path_factory.mktemp("links")
    enrich = [_enrichment(root / "enrich.csv")]
    out = root / "out"
    cleanup.run(_export(root / "before", gone=True), RULES, out, enrich=enrich, as_of=BEFORE)
    return cleanup.run(_export(root / "now", gone=False), RULES, out, enrich=enrich,
                       as_of=AS_OF)


def test_every_link_in_the_report_is_a_canonical_profile(written: cleanup.Result) -> None:
    html = written.paths["html"].read_text(encoding="utf-8")
    page = Page(html)
    hrefs = [(tag, named["href"] or "") for tag, named in page.elements if "href" in named]
    profiles = [href for _, href in hrefs if not href.startswith("#")
                and href != "data:,"]
    bad = [href for href in profiles if not CANONICAL.fullmatch(href)]
    assert not bad, bad
    for section in ("invitations", "changes", "worklists"):
        assert f'id="{section}"' in html
    # Not vacuous: the good profiles are links in the worklists, the Invitations and Changes.
    assert set(profiles) >= {"https://www.linkedin.com/in/ada-example",
                             "https://www.linkedin.com/in/zo%C3%AB-x", INVITER, GONE}
    island = json.loads(next(body for attrs, body in page.scripts
                             if attrs.get("type") == "application/json"))
    slugs = [s for s in island["columns"]["slug"] if s]
    assert sorted(slugs) == sorted(GOOD)
    assert all(SLUG.fullmatch(s) for s in slugs)


def test_every_hyperlink_in_the_workbook_is_a_canonical_profile(
        written: cleanup.Result) -> None:
    wb = openpyxl.load_workbook(written.paths["xlsx"])
    targets: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.hyperlink is not None:
                    targets.setdefault(ws.title, []).append(cell.hyperlink.target or "")
    bad = {sheet: [t for t in links if not CANONICAL.fullmatch(t)]
           for sheet, links in targets.items()}
    assert not any(bad.values()), bad
    # Not vacuous: each sheet that lists people links the good profiles.
    assert "https://www.linkedin.com/in/ada-example" in targets["Connections"]
    assert INVITER in targets["Invitations"]
    assert GONE in targets["Changes"]
    # A hostile URL stays visible as text where the sheet shows the URL as written.
    shown = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "https://www.linkedin.com/in/../feed/" in shown


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.sampled_from(HOSTILE))
def test_a_vetted_link_is_canonical_or_nothing(tail: str) -> None:
    for text in (PROFILE_PREFIX + tail, tail):
        link = vetted_link(text)
        assert link == "" or (link == text and CANONICAL.fullmatch(link)), text


@pytest.mark.parametrize("url", [*HOSTILE, *GOOD.values()])
def test_the_vetted_link_of_a_url_as_written(url: str) -> None:
    """What a template or a sheet is handed is a link only when it is a canonical one."""
    expected = {"https://www.linkedin.com/in/ada-example"}
    assert vetted_link(url) == (url if url in expected else "")
    assert vetted_link(profile_link_one(url_key_one(url))) in ("", *[
        u.rstrip("/") for u in GOOD.values()])
