"""Relationship evidence: messages, recommendations and endorsements, and the guard they feed."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cleanup import pipeline
from cleanup.read import relations
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections

ARCHIVE = Path(__file__).parent / "data" / "archive"
AS_OF = date(2024, 11, 1)


def make_archive(folder: Path, connections: str = "connections.csv", **files: str) -> Path:
    """An unzipped archive folder: Connections.csv plus fixtures under LinkedIn's names.

    `files` maps the name LinkedIn uses to the case-named fixture, e.g.
    `make_archive(tmp, **{"messages.csv": "messages_2024.csv"})`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARCHIVE / connections, folder / "Connections.csv")
    for name, fixture in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ARCHIVE / fixture, target)
    return folder


def relations_of(folder: Path) -> tuple[relations.Relations, pd.DataFrame]:
    archive = Archive.open(folder)
    people = read_connections(archive).people
    return relations.read(archive, people, AS_OF), people


def row(rel: relations.Relations, people: pd.DataFrame, url_slug: str) -> pd.Series:
    """The relationship columns and evidence of the connection with this profile slug."""
    i = people.index[people["key"].eq(f"linkedin.com/in/{url_slug}")][0]
    return pd.concat([rel.columns.loc[i], pd.Series({"evidence": rel.evidence.loc[i]})])


# ---------------------------------------------------------------------------- messages.csv

def test_messages_2024_counts_sent_received_and_last_date(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2024.csv"}))
    bob = row(rel, people, "bob-builder")
    assert (bob["Messages sent"], bob["Messages received"]) == (2, 1)
    assert bob["Last message"] == "2024-10-26"
    assert bob["evidence"] == "3 messages exchanged, last on 2024-10-26"


def test_url_variants_match_the_same_connection(tmp_path: Path) -> None:
    # Bob's URLs in the fixture: `/in/Bob-Builder/`, `http://linkedin.com/in/bob-builder?trk=`
    # and the plain form; all three must count for him.
    rel, people = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2024.csv"}))
    bob = row(rel, people, "bob-builder")
    assert bob["Messages sent"] + bob["Messages received"] == 3


def test_recipient_list_inside_one_field_is_exploded(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2024.csv"}))
    ada, john = row(rel, people, "ada-example"), row(rel, people, "john-smith-1")
    assert (ada["Messages sent"], ada["Messages received"]) == (1, 1)
    assert ada["Last message"] == "2024-07-02"
    assert (john["Messages sent"], john["Messages received"]) == (1, 1)
    # The namesake with another URL is not touched by the first John's conversation.
    other = row(rel, people, "john-smith-2")
    assert (other["Messages sent"], other["Messages received"]) == (0, 0)


def test_a_namesake_with_another_url_is_another_person(tmp_path: Path) -> None:
    # "Ada Example" at /in/ada-example-2 wrote and was answered; she is not the connection
    # Ada at /in/ada-example, whose counts come from the group conversation only.
    rel, people = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2024.csv"}))
    ada = row(rel, people, "ada-example")
    assert (ada["Messages sent"], ada["Messages received"]) == (1, 1)
    assert ada["Last message"] == "2024-07-02"


def test_drafts_and_spam_are_ignored(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2024.csv"}))
    erin, jose = row(rel, people, "erin-quiet"), row(rel, people, "jose-muller")
    assert (erin["Messages sent"], erin["Messages received"], erin["evidence"]) == (0, 0, "")
    assert (jose["Messages sent"], jose["Messages received"]) == (1, 0)  # the draft is not sent
    assert jose["evidence"] == ""  # one way only: no evidence of a relationship


def test_owner_is_in_every_conversation_and_not_a_connection(tmp_path: Path) -> None:
    rel, _ = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2024.csv"}))
    assert rel.owner.startswith("linkedin.com/in/sam-rivera ")
    assert "not a connection" in rel.owner


def test_owner_is_the_url_that_is_not_a_connection_when_counts_tie(tmp_path: Path) -> None:
    # One conversation: Bob and Sam are both in 1 of 1, and Bob's URL sorts first. Only "not
    # a connection" tells that Sam is the owner, so Bob's reply counts as received.
    rel, people = relations_of(make_archive(tmp_path,
                                            **{"messages.csv": "messages_owner_tie.csv"}))
    bob = row(rel, people, "bob-builder")
    assert (bob["Messages sent"], bob["Messages received"]) == (2, 1)
    assert rel.owner.startswith("linkedin.com/in/sam-rivera")


def test_messages_2023_without_recipient_urls_use_conversation_and_names(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2023.csv"}))
    bob, jose = row(rel, people, "bob-builder"), row(rel, people, "jose-muller")
    # Sam wrote to "Bobby B.": only Bob's reply in the same conversation says who that is.
    assert (bob["Messages sent"], bob["Messages received"]) == (1, 1)
    assert (jose["Messages sent"], jose["Messages received"]) == (1, 1)  # "Jose Muller" folded
    erin = row(rel, people, "erin-quiet")
    assert (erin["Messages sent"], erin["Messages received"]) == (1, 0)  # by the To name only


def test_shared_full_name_is_skipped_and_warned(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2023.csv"}))
    for slug in ("john-smith-1", "john-smith-2"):
        assert row(rel, people, slug)["Messages sent"] == 0
    assert any("messages.csv: 1 message names someone whose full name two or more "
               "connections share (e.g. 'John Smith')" in w for w in list(map(str, rel.notices)))


def test_messages_2018_by_name_and_direction(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, **{"Messages.csv": "messages_2018.csv"}))
    bob = row(rel, people, "bob-builder")
    assert (bob["Messages sent"], bob["Messages received"]) == (1, 2)
    assert bob["Last message"] == "2018-03-07"
    erin = row(rel, people, "erin-quiet")
    assert (erin["Messages sent"], erin["Messages received"]) == (1, 0)  # her SPAM is ignored
    for slug in ("john-smith-1", "john-smith-2"):
        assert row(rel, people, slug)["Messages received"] == 0
    assert any("2 messages" in w and "'John Smith'" in w for w in list(map(str, rel.notices)))


def test_messages_found_at_any_depth_and_any_case(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path,
                                            **{"Inbox/MESSAGES.CSV": "messages_2024.csv"}))
    assert row(rel, people, "bob-builder")["Messages received"] == 1


def test_fast_and_careful_readers_agree(tmp_path: Path) -> None:
    # The fast reader (pandas' C parser) and the careful one must agree: the same file
    # re-saved as cp1252 forces the careful reader.
    data = (ARCHIVE / "messages_2024.csv").read_bytes()
    source = Archive.open(ARCHIVE).source("messages.csv", data)
    assert relations._fast_frame(data, source, ("from", "date"), ("from",)) is not None
    assert relations._fast_frame(data.decode().encode("cp1252"), source, ("from", "date"),
                                 ("from",)) is None
    fast, people = relations_of(make_archive(tmp_path / "a",
                                             **{"messages.csv": "messages_2024.csv"}))
    folder = make_archive(tmp_path / "b")
    text = (ARCHIVE / "messages_2024.csv").read_text(encoding="utf-8")
    (folder / "messages.csv").write_bytes(text.encode("cp1252"))
    slow, _ = relations_of(folder)
    pd.testing.assert_frame_equal(fast.columns, slow.columns)


# ---------------------------------------------------------------------------- without URLs
# Connections.csv had no URL column until late 2023, while messages.csv already named
# senders (and, from 2023, recipients) by URL: names stand in, under the same rule.

def by_name(rel: relations.Relations, people: pd.DataFrame, name: str) -> pd.Series:
    """The relationship columns of the one connection with this full name."""
    i = people.index[people["name"].eq(name)]
    assert len(i) == 1, name
    return rel.columns.loc[i[0]]


@pytest.mark.parametrize("connections, messages", [
    ("connections_2022.csv", "messages_2023_recipient_urls.csv"),
    ("connections_2022.csv", "messages_2022.csv"),
])
def test_sent_messages_count_by_name_when_connections_have_no_url(
        tmp_path: Path, connections: str, messages: str) -> None:
    rel, people = relations_of(make_archive(tmp_path, connections,
                                            **{"messages.csv": messages}))
    assert people["key"].eq("").all()
    bob, pat = by_name(rel, people, "Bob Builder"), by_name(rel, people, "Pat Partner")
    assert (bob["Messages sent"], bob["Messages received"]) == (2 if "2023" in messages else 1, 1)
    assert (pat["Messages sent"], pat["Messages received"]) == (1, 1)
    assert by_name(rel, people, "Ada Example")["Messages sent"] >= 1


def test_two_way_guard_fires_when_connections_have_no_url(tmp_path: Path) -> None:
    folder = make_archive(tmp_path / "export", "connections_2022.csv",
                          **{"messages.csv": "messages_2023_recipient_urls.csv"})
    result = pipeline.analyse(folder, _rules(tmp_path), as_of=AS_OF)
    by = result.people.set_index("name")
    assert by.loc["Bob Builder", "recommendation"] == "review"
    assert by.loc["Bob Builder", "reason"].startswith("review: 3 messages exchanged")
    assert by.loc["Ada Example", "recommendation"] == "remove"  # one way only


def test_shared_name_without_urls_is_never_guessed(tmp_path: Path) -> None:
    # Both John Smiths lack a URL; the message to and from /in/john-smith-1 names "John
    # Smith", which either of them could be: neither is counted, the notice says why.
    rel, people = relations_of(make_archive(
        tmp_path, "connections_2022.csv", **{"messages.csv": "messages_2023_recipient_urls.csv"}))
    johns = rel.columns.loc[people["name"].eq("John Smith")]
    assert johns[["Messages sent", "Messages received"]].to_numpy().sum() == 0
    assert any("2 messages name someone whose full name two or more connections share "
               "(e.g. 'John Smith')" in str(n) for n in rel.notices)


def test_messages_2018_with_connections_2018(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, "connections_2018.csv",
                                            **{"Messages.csv": "messages_2018.csv"}))
    bob = by_name(rel, people, "Bob Builder")
    assert (bob["Messages sent"], bob["Messages received"]) == (1, 2)
    assert by_name(rel, people, "Erin Quiet")["Messages sent"] == 1
    assert rel.columns.loc[people["name"].eq("John Smith"), "Messages sent"].sum() == 0
    assert any("'John Smith'" in str(n) for n in rel.notices)


def test_owner_is_not_a_stranger_in_one_conversation_of_five(tmp_path: Path) -> None:
    # Each URL is in 1 of the 5 conversations (the file lists no recipient URLs); the owner's
    # name is in all 5, as sender or in To.
    rel, people = relations_of(make_archive(tmp_path, "connections_2022.csv",
                                            **{"messages.csv": "messages_owner_rare.csv"}))
    assert rel.owner == "Sam Rivera (in 5 of 5 conversations, not a connection)"
    assert by_name(rel, people, "Ada Example")["Messages sent"] == 1
    assert by_name(rel, people, "Bob Builder")["Messages received"] == 1
    assert not any("every conversation" in str(n) for n in rel.notices)


def test_owner_named_by_profile_csv(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(
        tmp_path, **{"messages.csv": "messages_owner_tie.csv", "Profile.csv": "profile_13col.csv"}))
    assert rel.owner == "Sam Rivera (your name in Profile.csv)"
    bob = row(rel, people, "bob-builder")
    assert (bob["Messages sent"], bob["Messages received"]) == (2, 1)


def test_unknown_owner_counts_nothing_and_says_so(tmp_path: Path) -> None:
    rel, _ = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_owner_unknown.csv"}))
    assert "Messages sent" not in rel.columns and rel.owner == ""
    assert any(str(n).startswith("messages.csv: your own profile URL or name could not be "
                                 "found: none is in at least 90% of the 2 conversations")
               for n in rel.notices)


# ---------------------------------------------------------------------------- the other files

def test_recommendations_match_by_folded_name_and_company_settles_namesakes(
        tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(
        tmp_path, **{"Recommendations_Received.csv": "recommendations_received.csv",
                     "Recommendations_Given.csv": "recommendations_given.csv"}))
    assert row(rel, people, "ada-example")["Recommendations received"] == 1
    assert row(rel, people, "ada-example")["evidence"] == "recommendation received"
    # "John Smith" at "Other Co": exactly one namesake works there.
    assert row(rel, people, "john-smith-2")["Recommendations received"] == 1
    assert row(rel, people, "john-smith-1")["Recommendations received"] == 0
    # "jose muller" is José Müller, case and accents aside.
    assert row(rel, people, "jose-muller")["evidence"] == "recommendation given"
    assert any("Recommendations_Received.csv: 1 recommendation names" in w
               and "'John Smith'" in w for w in list(map(str, rel.notices)))


def test_endorsements_by_schemeless_url_and_by_name(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(
        tmp_path, **{"Endorsement_Received_Info.csv": "endorsements_received_2024.csv",
                     "Endorsement_Given_Info.csv": "endorsements_given_2023.csv"}))
    assert row(rel, people, "bob-builder")["Endorsements received"] == 2
    assert row(rel, people, "bob-builder")["evidence"] == "2 endorsements received"
    assert row(rel, people, "ada-example")["evidence"] == "endorsement given"
    assert any("Endorsement_Given_Info.csv: 1 endorsement names" in str(n) for n in rel.notices)


def test_several_kinds_of_evidence_are_combined(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(
        tmp_path, **{"messages.csv": "messages_2024.csv",
                     "Recommendations_Received.csv": "recommendations_received.csv",
                     "Endorsement_Given_Info.csv": "endorsements_given_2023.csv"}))
    assert row(rel, people, "ada-example")["evidence"] == (
        "2 messages exchanged, last on 2024-07-02; recommendation received; "
        "endorsement given")


def test_columns_exist_only_for_files_present(tmp_path: Path) -> None:
    rel, _ = relations_of(make_archive(
        tmp_path, **{"Recommendations_Given.csv": "recommendations_given.csv"}))
    assert list(rel.columns.columns) == ["Recommendations given"]
    none, _ = relations_of(make_archive(tmp_path / "bare"))
    assert list(none.columns.columns) == [] and none.evidence.eq("").all()


def test_counts_are_numbers_and_last_message_is_iso_text(tmp_path: Path) -> None:
    rel, _ = relations_of(make_archive(tmp_path, **{"messages.csv": "messages_2024.csv"}))
    assert rel.columns["Messages sent"].dtype == "int64"
    assert set(rel.columns["Last message"].map(type)) == {str}


def test_hidden_members_get_no_evidence(tmp_path: Path) -> None:
    rel, people = relations_of(make_archive(tmp_path, **{"Messages.csv": "messages_2018.csv"}))
    hidden = people.index[people["hidden"]]
    assert rel.columns.loc[hidden].sum(numeric_only=True).sum() == 0


def test_unreadable_optional_file_is_reported_not_fatal(tmp_path: Path) -> None:
    folder = make_archive(tmp_path)
    (folder / "Recommendations_Received.csv").write_text("nothing,useful\n1,2\n")
    rel, _ = relations_of(folder)
    assert list(rel.columns.columns) == []
    assert any("Recommendations_Received.csv" in w and "was not used" in w
               for w in list(map(str, rel.notices)))
    said = next(str(n) for n in rel.notices if "was not used" in str(n))
    assert "Columns found: 'nothing', 'useful'" in said
    assert "Is this LinkedIn's Recommendations_Received.csv?" in said
    assert "Connections.csv" not in said


def test_broken_accents_in_messages_are_reported(tmp_path: Path) -> None:
    folder = make_archive(tmp_path)
    text = (ARCHIVE / "messages_2024.csv").read_text(encoding="utf-8")
    broken = text.replace("Müller", "Müller".encode().decode("cp1252"))
    (folder / "messages.csv").write_text(broken, encoding="utf-8")
    rel, _ = relations_of(folder)
    assert any(str(n).startswith("messages.csv in ") and "line 5: accented letters look "
               "broken (e.g. 'MÃ¼ller'" in str(n)
               for n in rel.notices)


# ---------------------------------------------------------------------------- the guard

def _rules(tmp_path: Path, extra: str = "") -> Path:
    p = tmp_path / "rules.toml"
    p.write_text('[business]\nname = "Brightline"\n\n[competitor]\n'
                 'keywords = ["web developer", "web designer"]\n' + extra, encoding="utf-8")
    return p


def _result_row(result: pipeline.Result, slug: str) -> pd.Series:
    i = result.people.index[result.people["key"].eq(f"linkedin.com/in/{slug}")][0]
    return result.people.loc[i]


def test_two_way_conversation_softens_remove_to_review(tmp_path: Path) -> None:
    folder = make_archive(tmp_path / "export", **{"messages.csv": "messages_2024.csv"})
    result = pipeline.analyse(folder, _rules(tmp_path), as_of=AS_OF)
    bob = _result_row(result, "bob-builder")
    assert bob["tag"] == "competitor"
    assert bob["recommendation"] == "review"
    assert bob["reason"] == ('review: 3 messages exchanged, last on 2024-10-26 (competitor: '
                             '"web developer" in Position)')
    # One-way (José) and spam/draft-only (Erin) conversations do not protect anyone.
    assert _result_row(result, "jose-muller")["recommendation"] == "remove"
    assert _result_row(result, "erin-quiet")["recommendation"] == "remove"


def test_relationship_columns_follow_decision_in_the_output(tmp_path: Path) -> None:
    folder = make_archive(tmp_path / "export", **{"messages.csv": "messages_2024.csv"})
    result = pipeline.analyse(folder, _rules(tmp_path), as_of=AS_OF)
    columns = list(result.rows.columns)
    assert columns[columns.index("Decision") + 1:] == ["Messages sent", "Messages received",
                                                       "Last message", "Phrase"]


def test_remove_list_is_never_softened_by_a_conversation(tmp_path: Path) -> None:
    folder = make_archive(tmp_path / "export", **{"messages.csv": "messages_2024.csv"})
    rules = _rules(tmp_path, '\n[remove]\nnames = ["Bob Builder"]\n')
    bob = _result_row(pipeline.analyse(folder, rules, as_of=AS_OF), "bob-builder")
    assert bob["recommendation"] == "remove"
    assert bob["reason"].startswith('removed: on your remove list (name "Bob Builder")')


@pytest.mark.parametrize("fixture, name", [
    ("recommendations_received.csv", "Recommendations_Received.csv"),
    ("endorsements_given_2023.csv", "Endorsement_Given_Info.csv"),
])
def test_recommendation_or_endorsement_alone_softens_remove(tmp_path: Path, fixture: str,
                                                            name: str) -> None:
    folder = make_archive(tmp_path / "export", **{name: fixture})
    ada = _result_row(pipeline.analyse(folder, _rules(tmp_path), as_of=AS_OF), "ada-example")
    assert ada["recommendation"] == "review"
    assert ada["reason"].startswith("review: " + ("recommendation received" if "recomm" in
                                                  fixture else "endorsement given"))


def test_a_notice_about_one_row_speaks_of_it_in_the_singular() -> None:
    from cleanup.read.messages import ambiguity_notices

    one = str(ambiguity_notices("R.csv", "recommendations", pd.Series(["John Smith"]))[0])
    two = str(ambiguity_notices("R.csv", "recommendations", pd.Series(["A B", "C D"]))[0])
    assert one.startswith("R.csv: 1 recommendation names someone") and "it was not" in one
    assert two.startswith("R.csv: 2 recommendations name someone") and "they were not" in two
