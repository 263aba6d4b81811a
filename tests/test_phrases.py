"""Decide by phrase: the Phrases sheet, answers remembered in phrases.csv, `[unrelated]`,
`except`, and the in-touch rule."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import libreoffice

from cleanup import cli, pipeline
from cleanup.errors import RulesError
from cleanup.judge import phrases, recommend, tagging
from cleanup.model import Answers
from cleanup.rules import Rules
from cleanup.writers.runsummary import summarise

DATA = Path(__file__).parent / "data" / "phrases"
SAMPLE = Path(__file__).parent.parent / "sample_data"
JAN, FEB, MAR = date(2026, 1, 25), date(2026, 2, 25), date(2026, 3, 25)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"

RULES = """[business]
name = "Brightline Web Studio"
unrelated = "remove"

[prospect]
keywords = ["realtor"]

[complementary]
keywords = ["copywriter"]

[competitor]
keywords = ["web developer"]
"""

#: (first, last, company, position): made-up people.
PEOPLE = [
    ("Ada", "Example", "Acme Realty", "Realtor"),
    ("Bob", "Builder", "Pixel", "Web Developer"),
    ("Cy", "Copy", "Words", "Copywriter"),
    ("Sol", "One", "Gadget Inc", "Senior Software Engineer"),
    ("Sam", "Two", "Widget Co", "Software Engineer II"),
    ("Sid", "Three", "Orbit", "Software Engineer"),
    ("Tia", "Four", "Northside", "Math Teacher"),
    ("Tom", "Five", "Southside", "Art Teacher"),
    ("Dot", "Six", "Smile Dental", "Dental Hygienist"),
    ("Dan", "Seven", "Bright Teeth", "Dental Hygienist"),
    ("Zed", "Eight", "Nowhere", "Adventurer"),
]


def url(first: str, last: str) -> str:
    return f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"


def export(folder: Path, people: list[tuple[str, str, str, str]] = PEOPLE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Connections.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER.split(","))
        out.writerows([f, ln, url(f, ln), "", c, p, "05 Mar 2024"] for f, ln, c, p in people)
    return path


def rules_file(tmp_path: Path, text: str = RULES) -> Path:
    p = tmp_path / "rules.toml"
    p.write_text(text, encoding="utf-8")
    return p


def book(out: Path, as_of: date) -> Path:
    return out / f"linkedin-cleanup-{as_of.isoformat()}.xlsx"


def sheet_rows(path: Path) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["Phrases"].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def answer(path: Path, **answers: str | None) -> None:
    """Type answers into the Phrases sheet (phrase with _ for spaces = answer), sort it
    by Connections ascending first, as a user might, and save."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Phrases"]
    header = [c.value for c in ws[1]]
    body = sorted(([c.value for c in row] for row in ws.iter_rows(min_row=2)),
                  key=lambda r: (r[header.index("Connections")] or 0, str(r[0])))
    for i, values in enumerate(body, start=2):
        for j, v in enumerate(values, start=1):
            ws.cell(row=i, column=j).value = v  # cell(value=None) would not clear it
    wanted = {k.replace("_", " "): v for k, v in answers.items()}
    col = header.index("Answer") + 1
    for row in range(2, ws.max_row + 1):
        phrase = ws.cell(row=row, column=1).value
        if phrase in wanted:
            ws.cell(row=row, column=col).value = wanted.pop(phrase)
    assert not wanted, f"not on the sheet: {wanted}"
    wb.save(path)


def ledger(out: Path) -> list[tuple[str, str, str]]:
    with open(out / "phrases.csv", encoding="utf-8-sig", newline="") as fh:
        return [(r["Phrase"], r["Answer"], r["Answered On"]) for r in csv.DictReader(fh)]


def by_name(result: pipeline.Result) -> pd.DataFrame:
    return result.people.set_index("name")


# ---------------------------------------------------------------------------- ranking

def test_phrases_are_ranked_by_how_many_untagged_people_hold_them(tmp_path: Path) -> None:
    result = pipeline.analyse(export(tmp_path / "x"), rules_file(tmp_path), as_of=JAN)
    assert result.phrases is not None
    sheet = result.phrases.sheet
    assert list(sheet.columns) == ["Phrase", "Connections", "Found In", "Other Forms",
                                   "Examples", "Answer", "Answered On"]
    top = list(zip(sheet["Phrase"], sheet["Connections"], strict=True))
    # Three software engineers, two teachers, two dental hygienists; "senior" and "ii" are
    # left out, tagged people (the realtor) are not counted, a phrase held once is not offered;
    # "software", "engineer", "dental" and "hygienist" only come inside the longer phrase.
    assert top[:1] == [("software engineer", 3)]
    assert set(top[1:]) == {("dental hygienist", 2), ("teacher", 2)}
    assert not {"senior", "ii", "realtor", "adventurer", "math teacher"} & set(sheet["Phrase"])
    examples = dict(zip(sheet["Phrase"], sheet["Examples"], strict=True))
    assert examples["software engineer"] == ("Senior Software Engineer | Software Engineer II"
                                             " | Software Engineer")
    assert (sheet["Answer"] == "").all()
    # Each untagged person is grouped by the commonest phrase they hold.
    people = by_name(result)
    assert people.loc["Sam Two", "phrase"] == "software engineer"
    assert people.loc["Tia Four", "phrase"] == "teacher"
    assert people.loc["Ada Example", "phrase"] == ""
    assert result.rows["Phrase"].tolist() == result.people["phrase"].tolist()


def test_company_names_offer_their_trade_words_not_their_place_names(tmp_path: Path) -> None:
    people = [("A", f"P{i}", f"{town} Credit Union", "Teller")
              for i, town in enumerate(["Lone Star", "Lone Star", "Sunset"])]
    result = pipeline.analyse(export(tmp_path / "x", people), rules_file(tmp_path), as_of=JAN)
    assert result.phrases is not None
    sheet = result.phrases.sheet
    offered = set(sheet["Phrase"])
    # "union" only comes inside "credit union": one question for them.
    assert {"credit union", "teller"} == offered
    assert not {"lone", "star", "lone star", "sunset", "union"} & offered
    # A word of Company names is labelled so, its examples show the Positions too.
    row = sheet.set_index("Phrase").loc["credit union"]
    assert row["Found In"] == "Company"
    assert row["Examples"].split(" | ")[0] == "Teller (Lone Star Credit Union)"


# ---------------------------------------------------------------------------- the cycle

@pytest.mark.slow  # over a second: out of the quick loop
def test_answers_are_applied_remembered_and_cleared(tmp_path: Path) -> None:
    rules = rules_file(tmp_path)
    out = tmp_path / "reports"
    pipeline.run(export(tmp_path / "jan"), rules, out, as_of=JAN)
    assert not (out / "phrases.csv").exists()  # nothing to remember yet
    names = [r["Phrase"] for r in sheet_rows(book(out, JAN))]
    assert "software engineer" in names
    answer(book(out, JAN), software_engineer="not my audience", dental_hygienist="prospect",
           teacher="skip")

    feb = pipeline.run(export(tmp_path / "feb"), rules, out, as_of=FEB)
    assert ledger(out) == [("dental hygienist", "prospect", "2026-02-25"),
                           ("software engineer", "not my audience", "2026-02-25"),
                           ("teacher", "skip", "2026-02-25")]
    people = by_name(feb)
    assert people.loc["Dot Six", "tag"] == "prospect"
    assert people.loc["Dot Six", "reason"] == ('prospect: "dental hygienist" in Position '
                                              "(your answer of 2026-02-25)")
    assert people.loc["Sam Two", "tag"] == "unknown"
    assert people.loc["Sam Two", "recommendation"] == "remove"
    assert people.loc["Sam Two", "reason"] == ('unknown: not your audience ("software '
                                              'engineer" in Position) (your answer of '
                                              "2026-02-25)")
    assert people.loc["Tia Four", "recommendation"] == "review"  # skip decides nobody
    assert feb.phrases is not None and feb.phrases.decided == 5
    rows = {r["Phrase"]: r for r in sheet_rows(book(out, FEB))}
    # Answered phrases are not offered again as open ones, but listed with their answer.
    assert rows["software engineer"]["Answer"] == "not my audience"
    assert rows["software engineer"]["Connections"] == 3
    assert rows["teacher"]["Answer"] == "skip"
    assert feb.phrases.sheet.head(feb.phrases.offered)["Answer"].eq("").all()
    assert "software engineer" not in set(feb.phrases.sheet.head(feb.phrases.offered)["Phrase"])

    # March: the February workbook is untouched but one answer is emptied.
    answer(book(out, FEB), software_engineer=None)
    mar = pipeline.run(export(tmp_path / "mar"), rules, out, as_of=MAR)
    assert ledger(out)[-1] == ("software engineer", "", "2026-03-25")
    assert len(ledger(out)) == 4
    people = by_name(mar)
    assert people.loc["Dot Six", "tag"] == "prospect"  # remembered without retyping
    assert people.loc["Sam Two", "recommendation"] == "review"  # cleared: the rules decide
    assert mar.phrases is not None
    assert "software engineer" in set(mar.phrases.sheet.head(mar.phrases.offered)["Phrase"])


@pytest.mark.soffice
def test_answers_typed_in_libreoffice_are_read(tmp_path: Path) -> None:
    rules = rules_file(tmp_path)
    out = tmp_path / "reports"
    pipeline.run(export(tmp_path / "jan"), rules, out, as_of=JAN)
    answer(book(out, JAN), teacher="not my audience", dental_hygienist="maybe")
    libreoffice(book(out, JAN), tmp_path)
    wb = openpyxl.load_workbook(book(out, JAN))
    [rule] = [v for v in wb["Phrases"].data_validations.dataValidation if v.type == "list"]
    assert rule.formula1 == '"prospect,complementary,competitor,not my audience,skip"'
    wb.close()

    feb = pipeline.run(export(tmp_path / "feb"), rules, out, as_of=FEB)
    assert ledger(out) == [("dental hygienist", "maybe", "2026-02-25"),
                           ("teacher", "not my audience", "2026-02-25")]
    assert by_name(feb).loc["Tom Five", "recommendation"] == "remove"
    # The value it does not understand is kept, reported, and offered again with it.
    assert any('"dental hygienist": \'maybe\'' in w for w in feb.warnings)
    rows = {r["Phrase"]: r for r in sheet_rows(book(out, FEB))}
    assert rows["dental hygienist"]["Answer"] == "maybe"


def test_a_formula_looking_phrase_stays_text_in_the_ledger(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "phrases.csv").write_text(
        "Phrase,Answer,Answered On,Source Workbook\n'=cmd,skip,2026-01-25,x.xlsx\n",
        encoding="utf-8")
    rules = rules_file(tmp_path)
    pipeline.run(export(tmp_path / "jan"), rules, out, as_of=JAN)
    text = (out / "phrases.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd,skip,2026-01-25" in text


# ---------------------------------------------------------------------------- precedence

def _tag(people: list[tuple[str, str]], rules: Rules,
         given: dict[str, str]) -> tuple[pd.DataFrame, int, list[str]]:
    frame = pd.DataFrame({"name": [p[0] for p in people],
                          "position": [p[1] for p in people], "hidden": False})
    standing = pd.DataFrame({"key": list(given), "phrase": list(given),
                             "answer": list(given.values()),
                             "answered_on": "2026-01-25"})
    answers = Answers(standing=standing)
    used = rules.with_answers(answers.keywords())
    matches = tagging.match(frame, used)
    tags = tagging.tag(frame, used, matches)
    tags, decided, notices = phrases.judge(frame, tags, matches, used, answers)
    return tags, decided, [str(n) for n in notices]


def test_the_rules_file_wins_over_an_answer_for_the_same_phrase() -> None:
    rules = Rules.from_toml(RULES)
    tags, decided, notices = _tag([("a", "Web Developer"), ("b", "Realtor")], rules,
                                  {"web developer": "prospect", "realtor": "not my audience"})
    assert tags["tag"].tolist() == ["competitor", "prospect"]
    assert decided == 0
    assert any('"web developer" is not applied' in n and "[competitor]" in n for n in notices)


def test_rules_file_keywords_come_before_answers_of_the_same_category() -> None:
    rules = Rules.from_toml(RULES)
    tags, _, _ = _tag([("a", "Realtor and Broker")], rules, {"broker": "prospect"})
    assert tags.loc[0, "tag_reason"] == 'prospect: "realtor" in Position'


def test_an_answer_outranking_the_rules_files_tag_is_warned_about() -> None:
    rules = Rules.from_toml(RULES)
    people = [(f"p{i}", "Web Developer and SEO Writer") for i in range(6)]
    tags, decided, notices = _tag(people, rules, {"seo writer": "complementary"})
    assert set(tags["tag"]) == {"complementary"} and decided == 6
    assert any('"seo writer" = complementary outranks the rules file\'s competitor tag for 6'
               in n for n in notices)
    _, _, few = _tag(people[:5], rules, {"seo writer": "complementary"})
    assert not any("outranks" in n for n in few)


def test_category_keywords_win_over_unrelated_ones() -> None:
    rules = Rules.from_toml(RULES + '\n[unrelated]\nkeywords = ["student"]\n')
    tags, _, _ = _tag([("a", "Realtor and Student"), ("b", "Student")], rules, {})
    assert tags["tag"].tolist() == ["prospect", "unknown"]
    assert tags["unrelated"].tolist() == [False, True]
    assert tags.loc[1, "tag_reason"] == 'unknown: not your audience ("student" in Position)'


# ---------------------------------------------------------------------------- except

def test_a_match_inside_an_excepted_phrase_does_not_count() -> None:
    rules = Rules.from_toml('[prospect]\nkeywords = ["owner"]\nexcept = ["product owner"]\n')
    frame = pd.DataFrame({"position": ["Product Owner", "Business Owner",
                                       "Product Owners & Shop Owner", "Owner"]})
    tags = tagging.tag(frame, rules)
    assert tags["tag"].tolist() == ["unknown", "prospect", "prospect", "prospect"]


def test_overlapping_excepted_phrases_each_count() -> None:
    """`senior product` and `product owner` overlap in "Senior Product Owner"; `real estate`
    and `estate agent` in "Real Estate Agent": the keyword inside the second still does not
    count, as it does not in "Product Owner" alone."""
    rules = Rules.from_toml('[prospect]\nkeywords = ["owner", "agent"]\nexcept = ["product owner", '
                            '"senior product", "real estate", "estate agent"]\n')
    frame = pd.DataFrame({"position": [
        "Product Owner", "Senior Product Owner", "Real Estate Agent", "Senior Product Owner, "
        "Shop Owner", "Travel Agent", "Estate Agent", "Real Estate Agents Association"]})
    tags = tagging.tag(frame, rules)
    assert tags["tag"].tolist() == ["unknown", "unknown", "unknown", "prospect", "prospect",
                                    "unknown", "unknown"]
    assert tags.loc[3, "tag_reason"] == 'prospect: "owner" in Position'


def test_except_works_for_unrelated_too() -> None:
    rules = Rules.from_toml('[prospect]\nkeywords = ["realtor"]\n[unrelated]\n'
                            'keywords = ["student"]\nexcept = ["student housing"]\n')
    frame = pd.DataFrame({"position": ["Student", "Student Housing Manager"]})
    assert tagging.tag(frame, rules)["unrelated"].tolist() == [True, False]


@pytest.mark.parametrize(("text", "message"), [
    ('[prospect]\nkeywords = ["a"]\nexcept = "b"\n',
     "line 3: [prospect] except must be a list of strings"),
    ('[prospect]\nkeywords = ["a"]\n[unrelated]\nkeyword = ["b"]\n',
     "line 4: unknown key 'keyword' in [unrelated]"),
    ('[business]\nunrelated = "drop"\n[prospect]\nkeywords = ["a"]\n',
     "line 2: [business] unrelated = 'drop' is not one of"),
    ('[business]\nin_touch = "remove"\n[prospect]\nkeywords = ["a"]\n',
     "line 2: [business] in_touch = 'remove' is not one of \"keep\", \"review\""),
    ('[unrelated]\nkeywords = ["student"]\n', "no keywords in [prospect]"),
    ('[business]\nno_profile = "drop"\n[prospect]\nkeywords = ["a"]\n',
     "line 2: [business] no_profile = 'drop' is not one of \"review\", \"keep\", \"remove\""),
])
def test_new_rules_keys_are_checked(text: str, message: str) -> None:
    with pytest.raises(RulesError) as err:
        Rules.from_toml(text)
    assert message in str(err.value)


# ---------------------------------------------------------------------------- in touch

IN_TOUCH_PEOPLE = [
    ("Mo", "Both", "Misc", "Adventurer"),  # messages both ways
    ("Ona", "Way", "Misc", "Adventurer"),  # a message one way only
    ("Rex", "Received", "Misc", "Adventurer"),  # recommended the owner
    ("Gus", "Given", "Misc", "Adventurer"),  # recommended by the owner
    ("Eli", "Endorser", "Misc", "Adventurer"),  # endorsed the owner
    ("Ed", "Endorsee", "Misc", "Adventurer"),  # endorsed by the owner
    ("No", "Body", "Misc", "Adventurer"),  # nothing
    ("Wes", "Webdev", "Misc", "Web Developer"),  # a competitor you talk with
    ("Stu", "Student", "Misc", "Student"),  # not your audience, but you talk
]
MESSAGE_HEADER = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                  "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS")


def _in_touch_archive(folder: Path) -> Path:
    export(folder, IN_TOUCH_PEOPLE)
    owner = "https://www.linkedin.com/in/owen-owner"
    lines = [MESSAGE_HEADER]
    for first, last, n in (("Mo", "Both", 0), ("Wes", "Webdev", 1), ("Stu", "Student", 2)):
        who = url(first, last)
        lines.append(f"c{n},,{first} {last},{who},Owen Owner,{owner},2026-03-0{n + 1} 10:00:00"
                     " UTC,,hi,INBOX,")
        lines.append(f"c{n},,Owen Owner,{owner},{first} {last},{who},2026-03-02 10:00:00 UTC,,"
                     "hello,INBOX,")
    lines.append(f"c9,,Owen Owner,{owner},Ona Way,{url('Ona', 'Way')},2026-03-02 10:00:00 UTC,"
                 ",hello?,INBOX,")
    (folder / "messages.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rec = "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
    (folder / "Recommendations_Received.csv").write_text(
        rec + 'Rex,Received,Misc,,"Great.","03/05/23, 02:07 PM",VISIBLE\n', encoding="utf-8")
    (folder / "Recommendations_Given.csv").write_text(
        rec + 'Gus,Given,Misc,,"Great.","03/05/23, 02:07 PM",VISIBLE\n', encoding="utf-8")
    (folder / "Endorsement_Received_Info.csv").write_text(
        "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public "
        "Url,Endorsement Status\n2024/03/05 14:07:09 UTC,HTML,Eli,Endorser,"
        f"{url('Eli', 'Endorser')},ACCEPTED\n", encoding="utf-8")
    (folder / "Endorsement_Given_Info.csv").write_text(
        "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,Endorsement "
        "Status\n2024/03/05 14:07:09 UTC,HTML,Ed,Endorsee,ACCEPTED\n", encoding="utf-8")
    return folder


def test_untagged_people_you_are_in_touch_with_are_kept(tmp_path: Path) -> None:
    folder = _in_touch_archive(tmp_path / "export")
    rules = rules_file(tmp_path, RULES.replace('unrelated = "remove"', 'unrelated = "remove"\n'
                                               'unknown = "remove"')
                       + '\n[unrelated]\nkeywords = ["student"]\n')
    people = by_name(pipeline.analyse(folder, rules, as_of=MAR))
    rec = people["recommendation"].to_dict()
    assert {k: rec[k] for k in ("Mo Both", "Rex Received", "Gus Given", "Eli Endorser",
                                "Ed Endorsee")} == dict.fromkeys(
        ("Mo Both", "Rex Received", "Gus Given", "Eli Endorser", "Ed Endorsee"), "keep")
    assert people.loc["Mo Both", "reason"].startswith(
        "kept: you talk — 2 messages exchanged, last on 2026-03-02")
    assert rec["Ona Way"] == "remove"  # one way is no relationship: the unknown policy
    assert rec["No Body"] == "remove"
    assert rec["Wes Webdev"] == "review"  # a tag still goes through the guard, as before
    assert rec["Stu Student"] == "review"  # unrelated -> remove, softened by the guard
    assert people.loc["Mo Both", "tag"] == "unknown"


def test_in_touch_review_and_the_overrides_still_win(tmp_path: Path) -> None:
    folder = _in_touch_archive(tmp_path / "export")
    rules = rules_file(tmp_path, RULES.replace('unrelated = "remove"', 'in_touch = "review"')
                       + '\n[remove]\nnames = ["Rex Received"]\n')
    people = by_name(pipeline.analyse(folder, rules, as_of=MAR))
    assert people.loc["Mo Both", "recommendation"] == "review"
    assert people.loc["Mo Both", "reason"].startswith("review: you talk — 2 messages")
    assert people.loc["Rex Received", "recommendation"] == "remove"


def test_recommend_leaves_tagged_people_alone() -> None:
    rules = Rules.from_toml(RULES)
    frame = pd.DataFrame({"position": ["Realtor", "Web Developer"], "name": ["a", "b"],
                          "company": "", "key": "", "connected": pd.NaT})
    tags = tagging.tag(frame, rules)
    evidence = pd.Series(["3 messages exchanged", "3 messages exchanged"])
    got = recommend.recommend(frame, tags, rules, JAN, evidence=evidence)
    assert got["recommendation"].tolist() == ["keep", "review"]
    assert got["reason"].tolist()[0] == 'prospect: "realtor" in Position'


# ---------------------------------------------------------------------------- sample data

def test_answering_the_sample_personas_phrases_shrinks_review(tmp_path: Path) -> None:
    archive = SAMPLE / "Basic_LinkedInDataExport_11-25-2026"
    kw = {"enrich": [SAMPLE / "enrichment.csv"]}
    before = pipeline.analyse(archive, SAMPLE / "rules.toml", **kw)  # type: ignore[arg-type]
    out = tmp_path / "out"
    out.mkdir()
    (out / "phrases.csv").write_bytes((DATA / "sample_answers.csv").read_bytes())
    after = pipeline.analyse(archive, SAMPLE / "rules.toml", out=out,
                             **kw)  # type: ignore[arg-type]
    answers = len((DATA / "sample_answers.csv").read_text(encoding="utf-8").splitlines()) - 1
    share = {r: res.counts_by_recommendation["review"] / len(res.people)
             for r, res in (("before", before), ("after", after))}
    assert after.phrases is not None and after.phrases.decided > 300
    assert share["after"] < share["before"] / 2
    assert answers <= 60
    assert not any("not applied" in w for w in after.warnings)


def test_init_writes_the_unrelated_table_and_explains_phrases() -> None:
    from cleanup import starter

    text = starter.render(None).text
    assert "[unrelated]" in text and "Phrases sheet" in text and "except" in text
    loaded = Rules.from_toml(text.replace(
        '# e.g. keywords = ["web designer", "web developer"]\nkeywords = []',
        'keywords = ["web designer"]'))
    assert (loaded.unrelated, loaded.in_touch, loaded.no_profile,
            loaded.keywords["unrelated"]) == ("remove", "keep", "review", ())


def test_phrase_cells_and_examples_stay_text(tmp_path: Path) -> None:
    hostile = [("A", f"H{i}", "Misc", text) for i, text in enumerate(
        ['=HYPERLINK("http://x.example","Gizmo Wrangler")', "+1 Gizmo Wrangler",
         "<script>alert(1)</script> Gizmo Wrangler"])]
    out = tmp_path / "reports"
    result = pipeline.run(export(tmp_path / "x", hostile), rules_file(tmp_path), out, as_of=JAN)
    wb = openpyxl.load_workbook(book(out, JAN))
    ws = wb["Phrases"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    cell = ws.cell(row=rows["gizmo wrangler"], column=header.index("Examples") + 1)
    assert cell.data_type == "s" and cell.value.startswith('=HYPERLINK("http://x.example"')
    wb.close()
    html = result.paths["html"].read_text(encoding="utf-8")
    assert 'id="phrases"' in html and "gizmo wrangler" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_the_cli_summary_says_how_many_people_the_answers_decided(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleanup import cli

    out = tmp_path / "reports"
    out.mkdir()
    (out / "phrases.csv").write_text("Phrase,Answer,Answered On,Source Workbook\n"
                                     "teacher,not my audience,2026-01-20,x.xlsx\n",
                                     encoding="utf-8")
    got = CliRunner().invoke(cli.main, ["run", str(export(tmp_path / "x")), "--rules",
                                        str(rules_file(tmp_path)), "--out", str(out),
                                        "--as-of", "2026-01-25"])
    assert got.exit_code == 0, got.output
    assert "Connections decided by your phrase answers: 2" in got.output
    assert str(out / "phrases.csv") in got.output


def test_the_rules_sheet_shows_three_examples_per_keyword(tmp_path: Path) -> None:
    people = [("A", f"R{i}", "Misc", title) for i, title in enumerate(
        ["Realtor", "Senior Realtor", "REALTORS®", "Realtor", "Lead Realtor", "Student"])]
    out = tmp_path / "reports"
    rules = rules_file(tmp_path, RULES + '\n[unrelated]\nkeywords = ["student"]\n')
    result = pipeline.run(export(tmp_path / "x", people), rules, out, as_of=JAN)
    table = result.coverage.keywords.set_index("keyword")
    assert table.loc["realtor", "examples"] == "Realtor | Senior Realtor | REALTORS®"
    assert table.loc["student", "category"] == "unrelated"
    wb = openpyxl.load_workbook(book(out, JAN), read_only=True)
    values = [v for row in wb["Rules"].iter_rows(values_only=True) for v in row if v]
    wb.close()
    assert "Examples" in values and "Realtor | Senior Realtor | REALTORS®" in values


def test_not_my_audience_under_the_review_default_says_how_to_remove_them(
        tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "phrases.csv").write_text("Phrase,Answer,Answered On,Source Workbook\n"
                                     "teacher,not my audience,2026-01-20,x.xlsx\n",
                                     encoding="utf-8")
    rules = rules_file(tmp_path, RULES.replace('unrelated = "remove"\n', ""))
    result = pipeline.analyse(export(tmp_path / "x"), rules, out=out, as_of=JAN)
    assert by_name(result).loc["Tia Four", "recommendation"] == "review"
    assert any('2 connections you answered "not my audience" for stay in Review' in w
               for w in result.warnings)


def test_the_review_sheet_groups_people_by_their_commonest_phrase(tmp_path: Path) -> None:
    result = pipeline.run(export(tmp_path / "x"), rules_file(tmp_path), tmp_path / "out",
                          as_of=JAN)
    wb = openpyxl.load_workbook(result.paths["xlsx"], read_only=True)
    rows = list(wb["Review"].iter_rows(values_only=True))
    wb.close()
    phrase = [r[rows[0].index("Phrase")] or "" for r in rows[1:]]
    # Each phrase's rows stand together, the commonest first, and no phrase comes last.
    groups = [p for i, p in enumerate(phrase) if i == 0 or p != phrase[i - 1]]
    assert len(groups) == len(set(groups))
    sizes = [phrase.count(p) for p in groups if p]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] >= 2
    assert "" not in groups or groups[-1] == ""


def test_the_next_steps_offer_deciding_by_phrase(tmp_path: Path) -> None:
    result = pipeline.run(export(tmp_path / "x"), rules_file(tmp_path), tmp_path / "out",
                          as_of=JAN)
    assert result.phrases is not None
    people = by_name(result)
    on_sheet = set(result.phrases.sheet["Phrase"].head(result.phrases.offered))
    holders = people[people["recommendation"].eq("review") & people["phrase"].isin(on_sheet)]
    assert "Ada Example" not in holders.index and len(holders) >= 5
    said = summarise(result)
    offered, held = said.phrases, said.phrase_people
    assert (offered, held) == (result.phrases.offered, len(holders))
    said = "\n".join(cli.next_steps(result))
    assert (f"Or decide by phrase: {held} connections to review hold one of the {offered} "
            "phrases on the Phrases sheet") in said
    html = result.paths["html"].read_text(encoding="utf-8")
    assert f"{held} connections to review hold one of the {offered} phrases" in html
    assert 'href="#phrases"' in html


def test_without_phrases_to_answer_the_next_steps_do_not_offer_them(tmp_path: Path) -> None:
    people = [("Rae", "Realtor", "Home Realty", "Realtor"),
              ("Roy", "Realtor", "Best Homes", "Realtor")]
    result = pipeline.run(export(tmp_path / "x", people), rules_file(tmp_path),
                          tmp_path / "out", as_of=JAN)
    assert summarise(result).phrase_people == 0
    assert "decide by phrase" not in "\n".join(cli.next_steps(result))
    assert 'id="phrase-step"' not in result.paths["html"].read_text(encoding="utf-8")


def test_phrase_order_keeps_each_groups_rows_in_their_own_order() -> None:
    from cleanup.writers.layout import phrase_order

    order = phrase_order(pd.Series(["b", "", "a", "b", "a", "b", None]))
    assert order.tolist() == [0, 3, 5, 2, 4, 1, 6]


# ---------------------------------------------------------------------------- no profile

EMPTY = [("Ann", "Gone", "", ""), ("Bo", "Blank", "", " "), ("Cy", "Void", "", ""),
         ("Di", "Dev", "Pixel", "Web Developer")]


def test_people_with_no_position_or_company_are_one_question(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    rules = rules_file(tmp_path, RULES.replace('unrelated = "remove"', 'no_profile = "keep"'))
    jan = pipeline.run(export(tmp_path / "jan", EMPTY), rules, out, as_of=JAN)
    people = by_name(jan)
    assert people.loc["Ann Gone", "reason"] == "unknown: no Position and no Company to judge by"
    assert people.loc[["Ann Gone", "Bo Blank", "Cy Void"], "recommendation"].eq("keep").all()
    assert people.loc["Di Dev", "recommendation"] == "remove"
    rows = sheet_rows(book(out, JAN))
    assert (rows[0]["Phrase"], rows[0]["Connections"]) == ("(no position or company)", 3)
    assert 'now "keep"' in str(rows[0]["Examples"])
    assert people.loc["Bo Blank", "phrase"] == "(no position or company)"
    wb = openpyxl.load_workbook(book(out, JAN))
    own = [v for v in wb["Phrases"].data_validations.dataValidation if "E2" in str(v.sqref)
           or "F2" in str(v.sqref)]
    wb.close()
    assert [v.formula1 for v in own] == ['"keep,review,remove"']

    # One answer on the sheet decides them all, and stands in for the rules file's setting.
    answer(book(out, JAN), **{"(no position or company)": "remove"})
    feb = pipeline.run(export(tmp_path / "feb", EMPTY), rules, out, as_of=FEB)
    people = by_name(feb)
    assert people.loc[["Ann Gone", "Bo Blank", "Cy Void"], "recommendation"].eq("remove").all()
    assert not any("not understood" in w or "are not one of" in w for w in feb.warnings)
    rows = {r["Phrase"]: r for r in sheet_rows(book(out, FEB))}
    assert rows["(no position or company)"]["Answer"] == "remove"
    assert feb.phrases is not None and "(no position or company)" not in set(
        feb.phrases.sheet.head(feb.phrases.offered)["Phrase"])
