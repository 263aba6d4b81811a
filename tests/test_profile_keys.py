"""One profile key for every file: a URL written with %-escapes, with the letters themselves,
in either case or either Unicode form is the same person in connections, invitations,
messages, enrichment, decisions and snapshots."""

from __future__ import annotations

import posixpath
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from helpers import rules_toml, write_connections
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import rules
from cleanup.judge import invitations
from cleanup.memory import decisions, history
from cleanup.memory import ledger as ledgers
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections
from cleanup.read.identity import url_keys
from cleanup.text import parsed_key, profile_link_one, url_key, url_key_one

PREFIX = "https://www.linkedin.com/in/"
#: The same made-up address written the ways different files write it.
SAME = [
    ("grosse-stra%C3%9Fe", "grosse-straße", "GROSSE-STRAẞE", "Grosse-Stra%c3%9fe"),
    ("%C3%89lodie-exemple", "Élodie-exemple", "élodie-exemple", "E\u0301lodie-exemple",
     "%C3%A9lodie-exemple", "e%CC%81lodie-exemple"),
    ("%C5%81ukasz-przyk%C5%82ad", "Łukasz-przykład", "łukasz-PRZYKŁAD"),
]


@pytest.mark.parametrize("forms", SAME)
def test_every_way_of_writing_an_address_is_one_key(forms: tuple[str, ...]) -> None:
    keys = {url_key_one(PREFIX + f) for f in forms} | {url_key_one(PREFIX + f + "/")
                                                        for f in forms}
    keys |= {url_key_one("http://linkedin.com/in/" + f + "?trk=x") for f in forms}
    assert len(keys) == 1
    assert keys == set(url_keys(pd.Series([PREFIX + f for f in forms])))


def test_sharp_s_stays_sharp_s_in_the_key_and_the_link() -> None:
    """Full case folding makes `ß` `ss`: another profile's address once written as a link."""
    key = url_key_one(PREFIX + "grosse-straße")
    assert key == "linkedin.com/in/grosse-straße"
    assert url_key_one(PREFIX + "grosse-strasse") != key


@pytest.mark.parametrize("forms", SAME)
def test_the_link_is_a_valid_escaped_url_naming_the_same_profile(forms: tuple[str, ...]) -> None:
    link = profile_link_one(url_key_one(PREFIX + forms[0]))
    assert link.startswith(PREFIX) and link.isascii()
    assert not any(c in link for c in " \"'<>\\")
    path = unquote(urlsplit(link).path)
    assert posixpath.normpath(path) == path and path.count("/") == 2
    # The link read back is the same key.
    assert url_key_one(link) == url_key_one(PREFIX + forms[1])


@pytest.mark.parametrize("raw", ["https://www.linkedin.com/in/a%2525c3", "https://www.linkedin.com/in/a.b",
                                 "https://www.linkedin.com/in/%252e%252e"])
def test_a_key_holding_a_percent_or_dot_gets_no_link(raw: str) -> None:
    assert profile_link_one(url_key_one(raw)) == ""


_PARTS = st.sampled_from(["ada", "ß", "%C3%9F", "%c3%9f", "ẞ", "É", "é", "e\u0301", "%C3%89",
                          "%CC%81", "İ", "-", "_", "%2F", "%25", "Ł", "%"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARTS, min_size=1, max_size=8).map("".join))
def test_fast_path_and_parser_agree_and_escapes_change_nothing(slug: str) -> None:
    raw = PREFIX + slug
    assert url_key_one(raw) == parsed_key(raw)
    key = url_key_one(raw)
    link = profile_link_one(key)
    if link:  # a link, read back, is the same person
        assert url_key_one(link) == key


def _archive(folder: Path, connection_url: str, invitee_url: str) -> Archive:
    write_connections(folder / "Connections.csv", [
        ["Greta", "Example", connection_url, "", "Acme", "Realtor", "01 Mar 2024"],
        ["Ada", "Other", PREFIX + "ada-other", "", "Acme", "Realtor", "01 Mar 2024"]])
    (folder / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f"Sam Owner,Greta Example,\"1/5/24, 9:07 AM\",,OUTGOING,{PREFIX}sam-owner,"
        f"{invitee_url}\n"
        f"Sam Owner,Nora Pending,\"1/5/24, 9:07 AM\",,OUTGOING,{PREFIX}sam-owner,"
        f"{PREFIX}nora-pending\n", encoding="utf-8")
    return Archive.open(folder)


@pytest.mark.parametrize(("connection", "invitee"), [
    ("greta-stra%C3%9Fe", "greta-straße"), ("greta-straße", "greta-stra%C3%9Fe"),
    ("%C3%89lodie", "élodie"), ("élodie", "%C3%89LODIE")])
def test_an_accepted_invitation_is_not_listed_to_withdraw(tmp_path: Path, connection: str,
                                                          invitee: str) -> None:
    archive = _archive(tmp_path / "export", PREFIX + connection, PREFIX + invitee)
    people = read_connections(archive).people
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(rules_toml({"prospect": ["realtor"]}), encoding="utf-8")
    found = invitations.read(archive, rules.load(rules_file), people, date(2024, 4, 1))
    assert found is not None
    assert found.already_connected == 1
    assert list(found.outgoing["name"]) == ["Nora Pending"]


def test_an_old_ledger_line_with_escapes_still_matches(tmp_path: Path) -> None:
    """decisions.csv keeps the URL as written; its key is computed when it is read."""
    out = tmp_path / "out"
    out.mkdir()
    frame = pd.DataFrame([[PREFIX + "greta-stra%C3%9Fe", "Greta Example", "Acme", "remove",
                           "2026-01-25", "earlier.xlsx"]], columns=ledgers.LEDGER_COLUMNS[:6])
    ledgers.write_ledger(frame, out / ledgers.LEDGER)
    people = pd.DataFrame({"url": [PREFIX + "greta-straße", PREFIX + "ada-other"],
                           "name": ["Greta Example", "Ada Other"],
                           "company": ["Another Co", "Acme"]}, dtype=object)
    d = decisions.load(out, None, people, date(2026, 2, 25))
    assert d.frame["decision"].tolist() == ["remove", ""]


def test_a_snapshot_written_with_other_keys_still_matches(tmp_path: Path) -> None:
    """A snapshot's person ids are computed again on read: one written by an earlier version
    (which kept `%C3%9F` undecoded in the id) still follows the person."""
    out = tmp_path / "out"
    rows = pd.DataFrame({"url": [PREFIX + "greta-stra%C3%9Fe"], "name": ["Greta Example"],
                         "company": ["Acme"], "position": ["Realtor"], "tag": ["prospect"],
                         "recommendation": ["keep"]}, dtype=object)
    old = history.snapshot_of_rows(rows).assign(id="linkedin.com/in/greta-stra%c3%9fe")
    path = history.snapshot_path(out, date(2026, 1, 25))
    path.parent.mkdir(parents=True)
    history._write_snapshot(old, path)
    previous, _, notices = history.previous_snapshot(out, date(2026, 2, 25))
    assert previous is not None and not notices
    now = history.snapshot_of_rows(rows.assign(url=PREFIX + "greta-straße"))
    assert previous["id"].tolist() == now["id"].tolist()


def test_enrichment_and_message_keys_are_the_same_function() -> None:
    urls = pd.Series([PREFIX + "grosse-stra%C3%9Fe", PREFIX + "GROSSE-STRAẞE"])
    assert url_key(urls).nunique() == 1
    assert url_keys(urls).tolist() == url_key(urls).tolist()
