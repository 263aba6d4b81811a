"""The decide session's engine (`cleanup.Session`): questions best first, each answer applied at
once and in the ledger before `answer` returns, undo, the confirmation before overturning the
rules file, and the next run showing every answer in the workbook."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import SLUG, decide_network, type_decision, write_rules
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleanup
from cleanup import pipeline
from cleanup.errors import InputError
from cleanup.session import asking, record

AS_OF = date(2026, 11, 25)
@pytest.fixture()
def case(tmp_path: Path) -> tuple[Path, Path, Path]:
    return decide_network(tmp_path)


def open_session(case: tuple[Path, Path, Path]) -> cleanup.Session:
    export, rules, out = case
    return cleanup.Session.open(export, rules=rules, out=out, as_of=AS_OF)


def ledger(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_questions_come_best_first_phrases_then_groups_then_people(case) -> None:
    with open_session(case) as s:
        qs = s.questions()
        kinds = [q.kind for q in qs]
        assert kinds == sorted(kinds, key=["phrase", "group", "person"].index)
        first = qs[0]
        assert first.kind == "phrase" and first.people == 4  # the four hygienists
        assert first.text in ("dental", "hygienist", "dental hygienist")
        assert "Dental Hygienist · Smile Studio 0" in first.examples
        assert sorted(s.members(first.key)) == sorted(f"{SLUG}hy{i}-example" for i in range(4))
        groups = [q for q in qs if q.kind == "group"]
        # The nine web designers share one reason: one question confirms them all.
        assert [(g.text, g.people) for g in groups] == [
            ('competitor: "web designer" in Position', 9)]
        people = [q for q in qs if q.kind == "person"]
        assert {q.text for q in people} >= {"Plum Example"}
        assert all(q.link.startswith(SLUG) for q in people)
        assert s.questions(limit=2) == qs[:2]
        assert s.left() == {"review": 10, "remove": 9, "keep": 2, "to_confirm": 9,
                            "anonymous": 0,
                            "undecided_minutes": s.left()["undecided_minutes"]}


def test_a_phrase_answer_applies_at_once_and_is_in_the_ledger_before_it_returns(case) -> None:
    with open_session(case) as s:
        key = next(q.key for q in s.questions() if q.text == "dental hygienist")
        done = s.answer(key, "Prospect")
        assert done.applied and done.decided == 4
        rows = ledger(case[2] / "phrases.csv")
        assert rows == [{"Phrase": "dental hygienist", "Answer": "prospect",
                         "Answered On": "2026-11-25", "Source Workbook": "decide session"}]
        assert s.left()["review"] == 6 and s.left()["keep"] == 6
        asked = {q.text for q in s.questions() if q.kind == "phrase"}
        assert not asked & {"hygienist", "dental", "dental hygienist"}  # nobody left to decide
        assert s.members(key) == []


def test_undo_takes_the_answer_back_in_memory_and_in_the_ledger(case) -> None:
    with open_session(case) as s:
        before, first = s.left(), s.questions()[0]
        s.answer(first.key, "not my audience")
        assert s.left()["review"] == before["review"] - 4
        assert s.undo() == first.key
        assert s.left() == before and s.questions()[0] == first
        lines = ledger(case[2] / "phrases.csv")
        assert [line["Answer"] for line in lines] == ["not my audience", ""]  # the last stands
        assert s.undo() is None


def test_a_group_answer_decides_every_member_and_each_gets_a_ledger_line(case) -> None:
    with open_session(case) as s:
        group = next(q for q in s.questions() if q.kind == "group")
        members = s.members(group.key)
        done = s.answer(group.key, "remove")
        assert done.applied and done.decided == 9
        lines = ledger(case[2] / "decisions.csv")
        assert sorted(line["Profile URL"] for line in lines) == sorted(members)
        assert {line["Decision"] for line in lines} == {"remove"}
        assert s.left()["to_confirm"] == 0 and s.left()["remove"] == 9
        assert all(q.kind != "group" for q in s.questions())
        s.undo()
        assert s.left()["to_confirm"] == 9
        assert [line["Decision"] for line in ledger(case[2] / "decisions.csv")][-9:] == [""] * 9


def test_skipped_questions_are_not_asked_again_and_a_skip_of_a_person_writes_nothing(case) -> None:
    with open_session(case) as s:
        plum = next(q for q in s.questions() if q.text == "Plum Example")
        assert s.answer(plum.key, "skip").applied
        assert plum.key not in {q.key for q in s.questions()}
        assert not (case[2] / "decisions.csv").exists()
        phrase = s.questions()[0]
        s.answer(phrase.key, "skip")
        assert phrase.key not in {q.key for q in s.questions()}
        assert ledger(case[2] / "phrases.csv")[-1]["Answer"] == "skip"


def test_an_answer_overturning_the_rules_files_tags_for_more_than_five_asks_first(case) -> None:
    with open_session(case) as s:
        key = next(q.key for q in s.questions() if q.text == "photographer")
        asked = s.answer(key, "complementary")  # six web designers are photographers too
        assert not asked.applied and "6 people" in asked.confirm
        assert not (case[2] / "phrases.csv").exists()
        assert s.left()["remove"] == 9
        done = s.answer(key, "complementary", confirm=True)
        assert done.applied and s.left()["remove"] == 3
        assert ledger(case[2] / "phrases.csv")[-1]["Answer"] == "complementary"


def test_wrong_answers_and_unknown_questions_are_refused(case) -> None:
    with open_session(case) as s:
        q = s.questions()[0]
        with pytest.raises(ValueError, match="not an answer"):
            s.answer(q.key, "remove")
        with pytest.raises(ValueError, match="not a question"):
            s.answer("nonsense", "keep")
        with pytest.raises(ValueError, match="not a question"):
            s.members("nonsense:x")
        for key in ("phrase:", "phrase: - ", "person:nobody", "group:", "phrase:" + "x" * 201):
            with pytest.raises(ValueError, match="not a question"):
                s.answer(key, "skip")
        assert s.answered == 0 and not (case[2] / "phrases.csv").exists()


def test_answers_read_no_file(case, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_session(case) as s:
        def refuse(*_a: object, **_k: object) -> None:
            raise AssertionError("a file was read again")

        monkeypatch.setattr(pipeline, "analyse", refuse)
        monkeypatch.setattr(pipeline.Archive, "open", refuse)
        for q in s.questions()[:3]:
            s.answer(q.key, "skip" if q.kind != "phrase" else "not my audience")


def test_a_second_session_on_the_same_folder_is_refused(case) -> None:
    with open_session(case):
        with pytest.raises(InputError, match="another decide session"):
            open_session(case)
    assert not (case[2] / record.LOCK).exists()
    open_session(case).close()  # free again


@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero"])
def test_a_lock_file_that_is_no_file_is_taken_over(tmp_path: Path, kind: str) -> None:
    # A named pipe hung the session's start for ever; a link to /dev/zero read until memory ran out.
    import os
    import subprocess
    import sys

    lock_path = tmp_path / record.LOCK
    if kind == "named pipe":
        os.mkfifo(lock_path)
    else:
        lock_path.symlink_to("/dev/zero")
    code = ("import resource, sys; from pathlib import Path; from cleanup.session import record\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "with record.lock(Path(sys.argv[1])):\n    print('held')\n")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                              text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the lock file was waited on")
    assert done.returncode == 0 and done.stdout == "held\n", done.stderr[-300:]
    assert not os.path.lexists(lock_path)  # released, and the odd file gone


@pytest.mark.slow
def test_the_next_run_shows_every_answer_in_the_workbook(case) -> None:
    export, rules, out = case
    pipeline.run(export, rules, out, as_of=AS_OF)  # a workbook of the same date exists
    with open_session(case) as s:
        s.answer(next(q.key for q in s.questions() if q.text == "dental hygienist"), "prospect")
        s.answer(next(q.key for q in s.questions() if q.kind == "group"), "remove")
        s.answer(next(q.key for q in s.questions() if q.text == "Plum Example"), "keep")
    with open_session(case) as s:  # a session reopened still sees them all
        assert s.left()["to_confirm"] == 0 and s.left()["review"] == 5
    result = pipeline.run(export, rules, out, as_of=AS_OF)
    book = openpyxl.load_workbook(result.paths["xlsx"], read_only=True)
    rows = list(book["Connections"].iter_rows(values_only=True))
    decision = {r[0]: r[rows[0].index("Decision")] for r in rows[1:]}
    assert decision["Plum"] == "keep"
    assert {decision[f"Wd{i}"] for i in range(3)} | {decision[f"Wp{i}"] for i in range(6)} == {
        "remove"}
    sheet = list(book["Phrases"].iter_rows(values_only=True))
    phrases = {r[0]: r[sheet[0].index("Answer")] for r in sheet[1:]}
    assert phrases["dental hygienist"] == "prospect"
    book.close()
    # Run once more: the workbook the last run wrote shows the answers, so nothing changes,
    # and a decision typed there afterwards still counts.
    type_decision(result.paths["xlsx"], "Plum", "remove")
    again = pipeline.run(export, rules, out, as_of=AS_OF)
    rows = again.rows.set_index("First Name")
    assert rows.at["Plum", "Decision"] == "remove"
    assert rows.at["Wd0", "Decision"] == "remove"
    assert rows.at["Hy0", "Recommendation"] == "keep"


def test_people_with_nothing_to_judge_by_are_one_group_question(tmp_path: Path) -> None:
    blank = [[f"Bl{i}", "Example", f"{SLUG}bl{i}-example", "", "", "", "05 Mar 2020"]
             for i in range(3)]
    hidden = [["", "", "", "", "", "", "05 Mar 2020"]] * 2  # only a date: nobody to remember
    case = decide_network(tmp_path, [*blank, *hidden])
    with open_session(case) as s:
        group = next(q for q in s.questions() if q.text == asking.NOTHING)
        assert group.kind == "group" and group.people == 3
        assert all(q.text not in {"Bl0 Example", "Bl1 Example", "(no name)"}
                   for q in s.questions())
        assert s.left()["to_confirm"] == 9  # the web designers; these are in Review
        assert s.left()["anonymous"] == 2 and s.left()["review"] == 13
        assert s.answer(group.key, "keep").decided == 3
        assert s.left()["review"] == 10
    lines = ledger(case[2] / "decisions.csv")
    assert sorted(line["Name"] for line in lines) == ["Bl0 Example", "Bl1 Example",
                                                      "Bl2 Example"]


def test_removals_resting_on_your_own_answer_are_not_asked_to_be_confirmed(case) -> None:
    with open_session(case) as s:
        key = next(q.key for q in s.questions() if q.text == "software engineer")
        s.answer(key, "not my audience")
        assert s.left()["remove"] == 12 and s.left()["to_confirm"] == 9
        groups = [q.text for q in s.questions() if q.kind == "group"]
        assert groups == ['competitor: "web designer" in Position']


@pytest.mark.slow
def test_everyone_outside_your_locations_is_one_group(tmp_path: Path) -> None:
    export, _, out = decide_network(tmp_path)
    rules = write_rules(tmp_path, {"prospect": ["realtor"], "competitor": ["web designer"]},
                        unrelated="remove", scope="local", locations=["Texas"])
    enrich = tmp_path / "enrich.csv"
    enrich.write_text("LinkedIn URL,Location\n"
                      f"{SLUG}sw0-example,\"Berlin, Germany\"\n"
                      f"{SLUG}sw1-example,\"Denver, Colorado, United States\"\n"
                      f"{SLUG}hy0-example,\"Austin, Texas, United States\"\n", encoding="utf-8")
    with cleanup.Session.open(export, rules, out, enrich=[enrich], as_of=AS_OF) as s:
        off = [q for q in s.questions() if q.text.startswith(asking.OFF_TARGET)]
        assert [(q.text, q.people) for q in off] == [
            ("off-target location: outside Texas", 2)]
        assert sorted(s.members(off[0].key)) == [f"{SLUG}sw0-example", f"{SLUG}sw1-example"]


@pytest.mark.slow
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 4), st.booleans()),
                      max_size=8))
def test_whatever_is_answered_and_undone_a_new_session_starts_where_it_ended(
        tmp_path_factory: pytest.TempPathFactory,
        steps: list[tuple[int, int, bool]]) -> None:
    case = decide_network(tmp_path_factory.mktemp("net"))
    with open_session(case) as s:
        total = len(s.outcome())
        for pick, choice, undo in steps:
            if undo:
                s.undo()
                continue
            qs = s.questions()
            if not qs:
                break
            q = qs[pick % len(qs)]
            s.answer(q.key, q.answers[choice % len(q.answers)], confirm=True)
            left = s.left()
            assert left["review"] + left["remove"] + left["keep"] + left["anonymous"] == total
        ended = s.outcome()[["recommendation", "decision"]]
        left = s.left()
    with open_session(case) as again:  # every answer given (and every undo) was saved
        assert again.outcome()[["recommendation", "decision"]].equals(ended)
        assert again.left()["review"] == left["review"]
        assert again.left()["to_confirm"] == left["to_confirm"]


def test_an_answer_keeps_the_rules_files_except_phrases(tmp_path: Path) -> None:
    extra = [[f"Po{i}", "Example", f"{SLUG}po{i}-example", "", f"Soft {i}", "Product Owner",
              "05 Mar 2020"] for i in range(2)]
    export, _, out = decide_network(tmp_path, extra)
    rules = tmp_path / "except.toml"
    rules.write_text('[prospect]\nkeywords = ["realtor", "owner"]\nexcept = ["product owner"]\n'
                     '[competitor]\nkeywords = ["web designer"]\n', encoding="utf-8")
    with cleanup.Session.open(export, rules, out, as_of=AS_OF) as s:
        key = next(q.key for q in s.questions() if q.text == "dental hygienist")
        s.answer(key, "prospect")  # the prospect keywords are matched again, with the except
        product = s.outcome().set_index("name").loc[["Po0 Example", "Po1 Example"]]
        assert set(product["tag"]) == {"unknown"}


def test_an_answer_the_ledger_cannot_take_changes_nothing(case, monkeypatch) -> None:
    from cleanup.errors import OutputError

    with open_session(case) as s:
        before, first = s.left(), s.questions()[0]
        s.answer(first.key, "prospect")
        after = s.left()

        def full(*_a: object, **_k: object) -> None:
            raise OutputError("phrases.csv: cannot be written (No space left on device).")

        monkeypatch.setattr(record.Recorder, "answers", full)
        second = s.questions()[0]
        with pytest.raises(OutputError):
            s.answer(second.key, "competitor")
        assert s.left() == after and s.answered == 1
        with pytest.raises(OutputError):
            s.undo()
        assert s.left() == after and s.answered == 1  # the answer stands, as in the ledger
        monkeypatch.undo()
        assert s.undo() == first.key and s.left() == before


def test_a_phrase_counts_everyone_its_answer_would_match(tmp_path: Path) -> None:
    """A word found at the end of two company names also matches inside a third: the
    question counts (and lists) all three, as the answer would decide them."""
    extra = [[f"Ch{i}", "Example", f"{SLUG}ch{i}-example", "", "Lone Oak Kitchen", "Chef",
              "05 Mar 2020"] for i in range(2)]
    extra.append(["Ba", "Example", f"{SLUG}ba-example", "", "Kitchen Works", "Barista",
                  "05 Mar 2020"])
    with open_session(decide_network(tmp_path, extra)) as s:
        q = next(q for q in s.questions() if q.text == "kitchen")
        assert q.field == "Company" and q.people == 3
        assert f"{SLUG}ba-example" in s.members(q.key)
        assert s.answer(q.key, "not my audience").decided == 3


def test_what_a_session_took_from_a_workbook_lands_whole_with_its_first_answer(case) -> None:
    export, rules, out = case
    pipeline.run(export, rules, out, as_of=AS_OF)
    type_decision(out / f"linkedin-cleanup-{AS_OF.isoformat()}.xlsx", "Plum", "keep")
    started = pipeline.analyse(export, rules, out=out, as_of=AS_OF)
    decided = started.decisions
    assert decided.ledger is not None and decided.added == 1
    recorder = record.Recorder(out, AS_OF, decided.ledger.tail(decided.added), None,
                               taken=decided.scan)
    recorder.answers([("hygienist", "prospect")])
    # The workbook's edit is in decisions.csv with the first answer, and the folder remembers
    # it was taken: the next run does not take it again (over a later answer).
    assert [r["Decision"] for r in ledger(out / "decisions.csv")] == ["keep"]
    again = pipeline.analyse(export, rules, out=out, as_of=AS_OF)
    assert again.decisions.added == 0 and again.decisions.read_from == ()
