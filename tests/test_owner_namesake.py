"""The owner shares a connection's name and no sender URL tells them apart (made-up people)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import write_connections

from cleanup.read import relations
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections

IN = "https://www.linkedin.com/in/"
HEADER = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
          "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n")


def _message(conv: str, sender: str, to: str, to_url: str, day: int) -> str:
    return f"{conv},,{sender},,{to},{to_url},2024-05-{day:02d} 10:00:00 UTC,,Hello,INBOX\n"


def _archive(folder: Path, recipient_urls: bool) -> Archive:
    write_connections(folder / "Connections.csv", [
        ["Sam", "Rivera", IN + "sam-rivera-namesake", "", "Other Co", "Baker", "01 Mar 2024"],
        ["Ada", "Example", IN + "ada-example", "", "Acme", "Realtor", "01 Mar 2024"],
        ["Bob", "Builder", IN + "bob-builder", "", "Pixel", "Plumber", "01 Mar 2024"]])
    url = (lambda slug: IN + slug) if recipient_urls else (lambda slug: "")
    lines = [_message("c1", "Sam Rivera", "Ada Example", url("ada-example"), 1),
             _message("c1", "Sam Rivera", "Ada Example", url("ada-example"), 2),
             _message("c1", "Ada Example", "Sam Rivera", url("sam-owner"), 3),
             _message("c2", "Bob Builder", "Sam Rivera", url("sam-owner"), 4),
             _message("c2", "Bob Builder", "Sam Rivera", url("sam-owner"), 5),
             _message("c2", "Sam Rivera", "Bob Builder", url("bob-builder"), 6),
             _message("c3", "Sam Rivera", "Cy Stranger", url("cy-stranger"), 7),
             _message("c3", "Cy Stranger", "Sam Rivera", url("sam-owner"), 8)]
    (folder / "messages.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    return Archive.open(folder)


@pytest.mark.parametrize("recipient_urls", [True, False])
def test_the_owner_is_never_taken_for_a_connection_of_the_same_name(
        tmp_path: Path, recipient_urls: bool) -> None:
    archive = _archive(tmp_path / "export", recipient_urls)
    people = read_connections(archive).people
    rel = relations.read(archive, people, date(2024, 6, 1))
    counts = rel.columns.set_index(people["name"])[["Messages sent", "Messages received"]]
    assert counts.loc["Sam Rivera"].tolist() == [0, 0]
    assert counts.loc["Ada Example"].tolist() == [2, 1]
    assert counts.loc["Bob Builder"].tolist() == [1, 2]
    said = [str(n) for n in rel.notices if "your name as messages.csv writes it" in str(n)]
    assert said == ["messages.csv: your name as messages.csv writes it ('Sam Rivera') is also "
                    "the name of one of your connections, and the file gives no sender profile "
                    "URL to tell you apart: the messages sent under that name were taken as "
                    "yours, and no message was counted as sent to or received from that "
                    "connection."]
