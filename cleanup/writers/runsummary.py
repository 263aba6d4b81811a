"""The run summary, defined once: the counts per tag and recommendation, the user's decisions
and phrase answers, what changed, the notes and the next steps, as figures. The command line,
the Summary sheet and the report's first screen each word it in their own medium; none of them
counts anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cleanup.errors import Notice
from cleanup.judge.tagging import NO_LOCATION_NOTE
from cleanup.model import Result
from cleanup.terms import DECISIONS, PHRASE_ANSWERS, RECOMMENDATIONS, on_target

Figures = list[tuple[str, int | str]]


@dataclass(frozen=True)
class Step:
    """One thing to do next, with the figures it cites."""

    kind: str  # "remove", "review", "by phrase", "decide", "next month"
    count: int = 0  # people (or, for "by phrase", people to review holding a phrase)
    phrases: int = 0  # for "by phrase": the phrases open on the Phrases sheet


@dataclass(frozen=True)
class RunSummary:
    """What a run found and what to do next, as figures."""

    total: int
    by_tag: dict[str, int]  # every tag, in order
    counts: dict[str, int]  # per recommendation, every one
    on_target: int  # people whose tag is on target (prospect, complementary)
    decided: dict[str, int]  # the user's own decisions in force: keep, remove
    in_force: int
    carried_over: int  # decided in an earlier run, unchanged
    cleared: int  # decisions cleared this run
    unclear: int  # Decision cells not understood
    read_from: tuple[Path, ...]  # the workbooks whose decisions were read
    decision_figures: Figures  # the decisions, label and value (Summary sheet)
    phrase_figures: Figures  # the phrase answers, label and value
    phrases: int  # phrases open on the Phrases sheet
    phrase_people: int  # connections to review that hold one of them
    previous: str  # as-of date of the run before this one, "" on a first run
    delta: dict[str, int]  # per recommendation, against the previous run (empty without)
    changes: dict[str, int]  # per kind of change since the previous run (empty without)
    since: str  # the run the changes compare with, "" without
    removals_confirmed: int
    no_location: str  # the note when the rules are local and no place is known, else ""
    notices: tuple[Notice, ...] = field(default=())  # each said once, in order

    @property
    def steps(self) -> list[Step]:
        """What to do next, in order: remove, review (or decide by phrase, or question by
        question in the browser), next month."""
        return [Step("remove", self.counts.get("remove", 0)),
                Step("review", self.counts.get("review", 0)),
                *([Step("by phrase", self.phrase_people, self.phrases)]
                  if self.phrase_people else []),
                Step("decide"),  # question by question, in the browser
                Step("next month")]

    @property
    def changed(self) -> list[str]:
        """The changes since the previous run as phrases, kinds without any left out."""
        c, out = self.changes, []
        if c.get("new connection"):
            out.append(counted(c["new connection"], "new connection"))
        if c.get("gone"):
            out.append(f"{c['gone']:,} gone" + (
                f" ({self.removals_confirmed:,} of them removed as you decided)"
                if self.removals_confirmed else ""))
        for kind, words in (("company changed", "changed company"),
                            ("position changed", "changed position"),
                            ("tag changed", "changed tag")):
            if c.get(kind):
                out.append(f"{c[kind]:,} {words}")
        return out


def summarise(result: Result) -> RunSummary:
    """The run summary of `result`."""
    counts = result.counts_by_recommendation
    by_tag = result.counts_by_tag
    history = result.history.frame
    earlier = history[history["As Of"].astype(str) < result.as_of.isoformat()] if len(
        history) else history
    previous, delta = "", {}
    if len(earlier):
        last = earlier.iloc[-1]
        previous = str(last["As Of"])
        delta = {r: counts[r] - int(last[r]) for r in RECOMMENDATIONS if r in last.index}
    d = result.decisions
    decisions = d.frame["decision"].value_counts()
    changes = result.changes
    phrases, phrase_people = _phrase_step(result)
    unclear = int(d.frame["unclear"].ne("").sum()) if "unclear" in d.frame.columns else 0
    return RunSummary(
        total=len(result.people), by_tag=by_tag, counts=counts,
        on_target=on_target(by_tag),
        decided={k: int(decisions.get(k, 0)) for k in DECISIONS},
        in_force=d.in_force, carried_over=d.carried_over, cleared=d.cleared, unclear=unclear,
        read_from=d.read_from, decision_figures=_decision_figures(result),
        phrase_figures=_phrase_figures(result), phrases=phrases, phrase_people=phrase_people,
        previous=previous, delta=delta,
        changes=changes.counts if changes is not None else {},
        since=changes.since.isoformat() if changes is not None else "",
        removals_confirmed=changes.removals_confirmed if changes is not None else 0,
        no_location=NO_LOCATION_NOTE if result.location_unknown else "",
        notices=tuple({str(n): n for n in result.notices}.values()))


def _decision_figures(result: Result) -> Figures:
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


def _phrase_figures(result: Result) -> Figures:
    p = result.phrases
    if p is None:
        return []
    return [("Phrase answers in force", int(p.answers.standing["answer"].isin(
                [a for a, t in PHRASE_ANSWERS.items() if t]).sum())),
            ("New or changed phrase answers read this run", p.answers.added - p.answers.cleared),
            ("Connections decided by your phrase answers", p.decided)]


def _phrase_step(result: Result) -> tuple[int, int]:
    """(phrases open on the Phrases sheet, connections to review that hold one of them), or
    (0, 0) when there is none."""
    p, people = result.phrases, result.people
    if p is None or not p.offered or "phrase" not in people.columns:
        return 0, 0
    # A person's phrase is the commonest unanswered one they hold, which may be too rare
    # for the sheet: only the phrases the sheet offers count.
    held = people["phrase"].isin(set(p.sheet["Phrase"].head(p.offered)))
    return p.offered, int((held & people["recommendation"].eq("review")).sum())


def signed(n: int) -> str:
    """+12, \u221223 (a real minus sign), or 0."""
    return f"+{n:,}" if n > 0 else f"\u2212{-n:,}" if n < 0 else "0"


def counted(n: int, noun: str, plural: str = "") -> str:
    """`1 connection`, `2,000 connections`: the number and the noun that agrees with it."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
