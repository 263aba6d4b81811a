"""The report's first screen, Next steps: what to do now, with the figures to go by (how
many to remove and to review, how many of those a phrase answer can decide, the decisions
already made, what changed since the previous run)."""

from __future__ import annotations

from dataclasses import dataclass

from cleanup.judge.tagging import NO_LOCATION_NOTE
from cleanup.model import Result
from cleanup.terms import DECISIONS, RECOMMENDATIONS
from cleanup.writers.figures import phrase_step


@dataclass(frozen=True)
class NextSteps:
    """What the first screen tells the reader to do, with the figures to go by."""

    counts: dict[str, int]  # per recommendation
    previous: str  # as-of date of the run before this one, "" on a first run
    delta: dict[str, int]  # per recommendation, against the previous run (empty without)
    decided: dict[str, int]  # the user's own decisions in force: keep, remove
    changes: dict[str, int]  # per kind of change since the previous run (empty without)
    since: str  # the run the changes compare with, "" without
    removals_confirmed: int
    no_location: str  # the note when the rules are local and no place is known, else ""
    phrases: int = 0  # phrases open on the Phrases sheet
    phrase_people: int = 0  # connections to review that hold one of them

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


def next_steps(result: Result) -> NextSteps:
    """The Next steps panel's figures, from the Result and its history."""
    counts = result.counts_by_recommendation
    history = result.history.frame
    earlier = history[history["As Of"].astype(str) < result.as_of.isoformat()] if len(
        history) else history
    previous, delta = "", {}
    if len(earlier):
        last = earlier.iloc[-1]
        previous = str(last["As Of"])
        delta = {r: counts[r] - int(last[r]) for r in RECOMMENDATIONS if r in last.index}
    decisions = result.decisions.frame["decision"].value_counts()
    changes = result.changes
    phrases, phrase_people = phrase_step(result)
    return NextSteps(
        counts=counts, previous=previous, delta=delta,
        decided={d: int(decisions.get(d, 0)) for d in DECISIONS},
        changes=changes.counts if changes is not None else {},
        since=changes.since.isoformat() if changes is not None else "",
        removals_confirmed=changes.removals_confirmed if changes is not None else 0,
        no_location=NO_LOCATION_NOTE if result.location_unknown else "", phrases=phrases,
        phrase_people=phrase_people)


def signed(n: int) -> str:
    """+12, \u221223 (a real minus sign), or 0."""
    return f"+{n:,}" if n > 0 else f"\u2212{-n:,}" if n < 0 else "0"


def counted(n: int, noun: str, plural: str = "") -> str:
    """`1 connection`, `2,000 connections`: the number and the noun that agrees with it."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
