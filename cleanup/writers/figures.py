"""The figures of the user's decisions and phrase answers, as the Summary sheet, the report
and the command line show them: label and value."""

from __future__ import annotations

from cleanup.model import Result
from cleanup.terms import PHRASE_ANSWERS


def decision_figures(result: Result) -> list[tuple[str, int | str]]:
    """The decision figures for the Summary sheet and the report, label and value."""
    decided = result.decisions
    changes = result.changes
    return [
        ("Decisions in force", decided.in_force),
        ("Decisions carried over", decided.carried_over),
        ("New or changed decisions read this run", decided.added - decided.cleared),
        ("Decisions cleared this run", decided.cleared),
        ("Removals confirmed since last run", changes.removals_confirmed if changes else 0),
        ("Decisions read from", ", ".join(p.name for p in decided.read_from)
         or "no earlier workbook"),
        ("Changes since", changes.since.isoformat() if changes else "first run"),
    ]


def phrase_figures(result: Result) -> list[tuple[str, int | str]]:
    """The phrase figures for the summaries, label and value."""
    p = result.phrases
    if p is None:
        return []
    return [("Phrase answers in force", int(p.answers.standing["answer"].isin(
                [a for a, t in PHRASE_ANSWERS.items() if t]).sum())),
            ("New or changed phrase answers read this run", p.answers.added - p.answers.cleared),
            ("Connections decided by your phrase answers", p.decided)]


def phrase_step(result: Result) -> tuple[int, int]:
    """(phrases open on the Phrases sheet, connections to review that hold one of them):
    the step "decide by phrase" of the next steps, or (0, 0) when there is none."""
    p, people = result.phrases, result.people
    if p is None or not p.offered or "phrase" not in people.columns:
        return 0, 0
    # A person's phrase is the commonest unanswered one they hold, which may be too rare
    # for the sheet: only the phrases the sheet offers count.
    held = people["phrase"].isin(set(p.sheet["Phrase"].head(p.offered)))
    return p.offered, int((held & people["recommendation"].eq("review")).sum())
