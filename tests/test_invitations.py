"""Pending invitations: incoming triaged accept / ignore / review, outgoing to withdraw."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import Page, rules_toml

from cleanup import pipeline, rules
from cleanup.judge import invitations
from cleanup.read.archive import Archive
from cleanup.read.connections import read_connections
from cleanup.writers import report, workbook

ARCHIVE = Path(__file__).parent / "data" / "archive"
AS_OF = date(2024, 4, 1)
RULES = rules_toml({"prospect": ["realtor", "real estate"], "complementary": ["photographer"],
                    "competitor": ["web developer", "web designer"]},
                   name="Brightline", scope="local", locations=["Texas"],
                   keep={"urls": ["linkedin.com/in/kim-keeper/"]})


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    p = tmp_path / "rules.toml"
    p.write_text(RULES, encoding="utf-8")
    return p


def archive_with(folder: Path, fixture: str, connections: str = "connections.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARCHIVE / connections, folder / "Connections.csv")
    shutil.copy(ARCHIVE / fixture, folder / "Invitations.csv")
    return folder


def triage(tmp_path: Path, rules_path: Path, fixture: str = "invitations_2024.csv",
           enrich: tuple[Path, ...] = (), connections: str = "connections.csv",
           as_of: date = AS_OF) -> invitations.Invitations:
    archive = Archive.open(archive_with(tmp_path / "export", fixture, connections))
    people = read_connections(archive).people
    found = invitations.read(archive, rules.load(rules_path), people, as_of,
                             enrich_paths=enrich)
    assert found is not None
    return found


def incoming(inv: invitations.Invitations, name: str) -> pd.Series:
    return inv.incoming.set_index("name").loc[name]


def test_keyword_in_the_message_accepts_and_says_where(tmp_path: Path,
                                                       rules_path: Path) -> None:
    rita = incoming(triage(tmp_path, rules_path), "Rita Realtor")
    assert rita["action"] == "accept"
    assert rita["reason"] == 'prospect: "realtor" in Message'


def test_no_evidence_is_review_and_says_so(tmp_path: Path, rules_path: Path) -> None:
    nina = incoming(triage(tmp_path, rules_path), "Nina Nobody")
    assert nina["action"] == "review"
    assert nina["reason"] == invitations.NO_EVIDENCE
    assert nina["reason"] == "review: no position in the invitation; no keyword in the message"


def test_enrichment_for_the_inviter_is_used(tmp_path: Path, rules_path: Path) -> None:
    inv = triage(tmp_path, rules_path, enrich=(ARCHIVE / "enrich_inviters.csv",))
    wes = incoming(inv, "Wes Webdev")
    assert (wes["action"], wes["reason"]) == ("ignore", 'competitor: "web developer" in Headline')
    # Located outside Texas: off target wins over the Headline's "photographer".
    olga = incoming(inv, "Olga Offsite")
    assert olga["action"] == "ignore"
    assert olga["reason"] == "off-target location: Berlin, Germany is outside Texas"


def test_without_enrichment_those_inviters_are_reviewed(tmp_path: Path,
                                                        rules_path: Path) -> None:
    inv = triage(tmp_path, rules_path)
    assert incoming(inv, "Wes Webdev")["action"] == "review"
    assert incoming(inv, "Olga Offsite")["action"] == "review"


def test_keep_list_wins_over_a_competitor_message(tmp_path: Path, rules_path: Path) -> None:
    kim = incoming(triage(tmp_path, rules_path), "Kim Keeper")
    assert kim["tag"] == "competitor"
    assert kim["action"] == "accept"
    assert kim["reason"].startswith("on your keep list (url")


def test_request_from_someone_already_connected_is_left_out(tmp_path: Path,
                                                            rules_path: Path) -> None:
    inv = triage(tmp_path, rules_path)
    assert "Ada Example" not in set(inv.incoming["name"])
    assert inv.already_connected == 1


def test_outgoing_older_than_21_days_are_to_withdraw_with_their_age(
        tmp_path: Path, rules_path: Path) -> None:
    out = triage(tmp_path, rules_path).outgoing.set_index("name")
    # 3/1/24 is 31 days before 2024-04-01; 3/11/24 exactly 21 (not more); 3/27/24 5 days.
    assert out.loc["Old Request", "age_days"] == 31
    assert bool(out.loc["Old Request", "withdraw"]) is True
    assert out.loc["Border Case", "age_days"] == 21
    assert bool(out.loc["Border Case", "withdraw"]) is False
    assert bool(out.loc["Fresh Request", "withdraw"]) is False
    assert list(out.index) == ["Old Request", "Border Case", "Fresh Request"]  # oldest first


def test_sent_at_is_read_month_first(tmp_path: Path, rules_path: Path) -> None:
    inv = triage(tmp_path, rules_path)
    assert incoming(inv, "Rita Realtor")["sent"] == "2024-03-28"
    assert inv.outgoing.set_index("name").loc["Old Request", "sent"] == "2024-03-01"


@pytest.mark.parametrize("fixture", ["invitations_2024.csv", "invitations_no_url.csv",
                                     "invitations_urn.csv"])
def test_every_header_form_is_triaged(tmp_path: Path, rules_path: Path, fixture: str) -> None:
    inv = triage(tmp_path, rules_path, fixture)
    assert incoming(inv, "Rita Realtor")["action"] == "accept"
    assert incoming(inv, "Nina Nobody")["action"] == "review"
    assert bool(inv.outgoing.set_index("name").loc["Old Request", "withdraw"]) is True


def test_urn_form_gives_no_profile_link(tmp_path: Path, rules_path: Path) -> None:
    inv = triage(tmp_path, rules_path, "invitations_urn.csv")
    assert inv.incoming["link"].eq("").all()
    assert triage(tmp_path / "b", rules_path).incoming.set_index("name").loc[
        "Rita Realtor", "link"] == "https://www.linkedin.com/in/rita-realtor"


def test_counts_cover_every_action(tmp_path: Path, rules_path: Path) -> None:
    assert triage(tmp_path, rules_path).counts == {"accept": 2, "review": 3, "ignore": 0,
                                                   "withdraw": 1}


def test_no_invitations_file_gives_none(tmp_path: Path, rules_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(ARCHIVE / "connections.csv", folder / "Connections.csv")
    archive = Archive.open(folder)
    people = read_connections(archive).people
    assert invitations.read(archive, rules.load(rules_path), people, AS_OF) is None


# ---------------------------------------------------------------------------- without URLs
# Before 2024 neither Invitations.csv nor (until late 2023) Connections.csv held profile URLs;
# mid-2023 files hold `urn:li:member:` numbers, which match nothing. An accepted request is
# then recognised by the full name of exactly one connection, connected on or after it was sent.
OLD_ARCHIVES = [("invitations_2018.csv", "connections_2018.csv", date(2018, 9, 1)),
                ("invitations_2022.csv", "connections_2022.csv", date(2022, 9, 1)),
                ("invitations_urn_2023.csv", "connections_2022.csv", date(2022, 9, 1))]


@pytest.mark.parametrize("fixture, connections, as_of", OLD_ARCHIVES)
def test_accepted_requests_are_recognised_by_unique_full_name(
        tmp_path: Path, rules_path: Path, fixture: str, connections: str, as_of: date) -> None:
    inv = triage(tmp_path, rules_path, fixture, connections=connections, as_of=as_of)
    # Bob and Ada (outgoing), Pat and "Jose Muller" (José Müller, incoming) connected since.
    assert inv.already_connected == 4
    assert list(inv.outgoing["name"]) == ["Old Request", "John Smith"]
    assert list(inv.incoming["name"]) == ["Nina Nobody", "Rita Realtor", "Erin Quiet"]
    assert inv.counts["withdraw"] == 2
    assert any("4 requests were recognised as accepted by the full name of a connection"
               in str(n) for n in inv.notices)


@pytest.mark.parametrize("fixture, connections, as_of", OLD_ARCHIVES)
def test_shared_name_is_reported_never_taken_as_accepted(
        tmp_path: Path, rules_path: Path, fixture: str, connections: str, as_of: date) -> None:
    inv = triage(tmp_path, rules_path, fixture, connections=connections, as_of=as_of)
    john = inv.outgoing.set_index("name").loc["John Smith"]
    assert bool(john["withdraw"]) is True  # two connections are called John Smith
    assert any("1 request names someone whose full name two or more connections share "
               "(e.g. 'John Smith'); it is still listed as pending" in str(n)
               for n in inv.notices)


def test_connection_older_than_the_request_is_a_namesake(tmp_path: Path,
                                                         rules_path: Path) -> None:
    # Erin Quiet was a connection on 27 Feb; a request from "Erin Quiet" on 25 Mar is
    # someone else's: it stays to review.
    inv = triage(tmp_path, rules_path, "invitations_2022.csv",
                 connections="connections_2022.csv", as_of=date(2022, 9, 1))
    assert incoming(inv, "Erin Quiet")["action"] == "review"


def test_name_never_overrides_a_different_url(tmp_path: Path, rules_path: Path) -> None:
    folder = archive_with(tmp_path / "export", "invitations_2024.csv")
    text = (folder / "Invitations.csv").read_text(encoding="utf-8")
    (folder / "Invitations.csv").write_text(text.replace(
        "in/ada-example,", "in/ada-example-2,"), encoding="utf-8")
    archive = Archive.open(folder)
    inv = invitations.read(archive, rules.load(rules_path), read_connections(archive).people,
                           AS_OF)
    assert inv is not None and inv.already_connected == 0
    assert "Ada Example" in set(inv.incoming["name"])


def test_summary_names_the_requests_recognised_as_accepted(tmp_path: Path,
                                                           rules_path: Path) -> None:
    folder = archive_with(tmp_path / "export", "invitations_2022.csv", "connections_2022.csv")
    result = pipeline.analyse(folder, rules_path, as_of=date(2022, 9, 1))
    assert result.invitations is not None and result.invitations.already_connected == 4
    assert any("4 requests were recognised as accepted" in str(w) for w in result.warnings)


# ---------------------------------------------------------------------------- outputs

def _analysed(tmp_path: Path, rules_path: Path) -> pipeline.Result:
    folder = archive_with(tmp_path / "export", "invitations_2024.csv")
    return pipeline.analyse(folder, rules_path, as_of=AS_OF,
                            enrich=[ARCHIVE / "enrich_inviters.csv"])


def test_pipeline_passes_the_enrichment_files(tmp_path: Path, rules_path: Path) -> None:
    result = _analysed(tmp_path, rules_path)
    assert incoming(result.invitations, "Wes Webdev")["action"] == "ignore"
    labels = [s.label for s in result.inputs]
    assert len(labels) == len(set(labels))  # the enrichment file is listed once


def test_invitations_sheet(tmp_path: Path, rules_path: Path) -> None:
    result = _analysed(tmp_path, rules_path)
    path = tmp_path / "out.xlsx"
    workbook.write(result, path)
    ws = openpyxl.load_workbook(path)["Invitations"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Direction", "Name", "Profile", "Sent", "Age (days)", "Message",
                       "Action", "Reason")
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Rita Realtor"][6:] == ("accept", 'prospect: "realtor" in Message')
    assert by_name["Old Request"][4] == 31  # a number, not text
    assert by_name["Old Request"][6] == "withdraw"
    assert ws["C2"].hyperlink.target == "https://www.linkedin.com/in/rita-realtor"


def test_invitations_html_section(tmp_path: Path, rules_path: Path) -> None:
    result = _analysed(tmp_path, rules_path)
    page = Page(report.render(result))
    assert {"invitations", "invitations-incoming", "invitations-outgoing"} <= page.ids
    assert 'prospect: "realtor" in Message' in page.text
    assert "https://www.linkedin.com/in/rita-realtor" in page.links


def test_message_text_is_escaped_in_the_report(tmp_path: Path, rules_path: Path) -> None:
    folder = archive_with(tmp_path / "export", "invitations_2024.csv")
    text = (folder / "Invitations.csv").read_text(encoding="utf-8")
    (folder / "Invitations.csv").write_text(text.replace(
        "Fellow web developer here", "<script>alert(1)</script>"), encoding="utf-8")
    html = report.render(pipeline.analyse(folder, rules_path, as_of=AS_OF))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_request_pending_one_day_says_day() -> None:
    from cleanup.model import Invitations

    out = pd.DataFrame({"name": ["A", "B"], "url": ["", ""], "key": ["", ""], "link": ["", ""],
                        "sent": ["2026-11-24", "2026-11-20"], "age_days": [1, 5],
                        "message": ["", ""], "withdraw": [False, False]})
    incoming = pd.DataFrame(columns=["name", "url", "key", "link", "sent", "age_days",
                                     "message", "tag", "action", "reason"])
    reasons = Invitations(incoming=incoming, outgoing=out).table()["Reason"].tolist()
    assert reasons == ["pending 1 day; withdraw after 21", "pending 5 days; withdraw after 21"]
