"""The types every stage shares, and the shape of the data that flows between them.

Data flows one way, in this order: read the export (and enrichment, relations) -> recall the
earlier decisions and phrase answers (memory), which the judging needs -> judge (tags,
recommendations, invitations) -> compare with the earlier runs (memory: changes, trend) ->
write every file, all or nothing. Each stage returns one of the frozen types below; `Result`
gathers them for the writers, which render it and never recompute a tag. The values these
types hold (tags, recommendations, decisions, change kinds, ...) are named in `cleanup.terms`.

The `people` frame (one row per connection) is declared in `cleanup.people`: its columns,
their kinds and the stage that adds each. The input's own columns travel beside it as an
`Export` payload that only the Connections sheet writes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from cleanup import lexicon
from cleanup.errors import Notice, utf8_safe
from cleanup.people import Export
from cleanup.rules import Rules
from cleanup.terms import (
    ACTIONS,
    BROAD_SHARE,
    CHANGE_KINDS,
    DECISIONS,
    NO_PROFILE_ANSWERS,
    NO_PROFILE_KEY,
    PHRASE_ANSWERS,
    RECOMMENDATIONS,
    TAGS,
    WITHDRAW_AFTER_DAYS,
    count_values,
)


@dataclass(frozen=True)
class SourceFile:
    """One file that was read, for the workbook's list of inputs."""

    label: str
    sha256: str
    size: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", utf8_safe(self.label))


@dataclass(frozen=True)
class Enrichment:
    """What the enrichment files added, and how well they matched."""

    people: pd.DataFrame  # the connections, plus location_text, place, industry, headline
    inputs: list[SourceFile] = field(default_factory=list)
    rows: int = 0  # enrichment rows read, all files together
    matched: int = 0  # connections that received at least one fact
    unmatched: int = 0  # enrichment rows whose URL matches no connection
    notices: list[Notice] = field(default_factory=list)
    # Each file as read (key, pair and facts, every row), for the inviters' facts; the
    # pipeline empties it once the invitations are triaged.
    frames: list[pd.DataFrame] = field(default_factory=list, repr=False, compare=False)


@dataclass(frozen=True)
class Relations:
    """Per connection (same index as `people`): columns for the workbook and the guard's note."""

    columns: pd.DataFrame  # output columns such as "Messages sent", appended after Decision
    evidence: pd.Series  # "14 messages exchanged, last on 2026-03-02" or "" per row
    inputs: list[SourceFile] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    #: sent, received (int), last (datetime64, NaT when none), rec_given, rec_received,
    #: end_given, end_received (int); zero where the file is absent.
    counts: pd.DataFrame | None = None
    #: How the owner was recognised in messages.csv, for the report ("" without messages).
    owner: str = ""
    #: Rows used per file read, by file name.
    rows: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Invitations:
    """Incoming requests with accept/ignore/review, outgoing ones to withdraw."""

    #: name, url, key, link, sent (ISO date or ""), age_days (Int64), message, tag, action,
    #: reason; in file order (LinkedIn writes the newest first).
    incoming: pd.DataFrame
    #: name, url, key, link, sent, age_days (Int64), message, withdraw (bool); oldest first.
    outgoing: pd.DataFrame
    inputs: list[SourceFile] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    as_of: date | None = None
    #: Requests left out because the person is already a connection (accepted since).
    already_connected: int = 0

    @property
    def counts(self) -> dict[str, int]:
        """Incoming per action (every action listed) and outgoing to withdraw."""
        per = self.incoming["action"].value_counts() if len(self.incoming) else pd.Series()
        out = {a: int(per.get(a, 0)) for a in ACTIONS}
        out["withdraw"] = int(self.outgoing["withdraw"].sum()) if len(self.outgoing) else 0
        return out

    def table(self) -> pd.DataFrame:
        """Both directions as the workbook and the report show them: incoming first (file
        order), then outgoing (oldest first). `Age (days)` is an Int64 column, the rest text;
        `Profile` is the vetted https link, else the URL as written (never made a link)."""
        def shown(frame: pd.DataFrame, direction: str, action: pd.Series,
                  reason: pd.Series) -> pd.DataFrame:
            return pd.DataFrame({
                "Direction": direction, "Name": frame["name"],
                "Profile": frame["link"].where(frame["link"].ne(""), frame["url"]),
                "Sent": frame["sent"], "Age (days)": frame["age_days"].astype("Int64"),
                "Message": frame["message"], "Action": action, "Reason": reason})

        out = self.outgoing
        age = out["age_days"].astype("Int64")
        days = (age.astype(str) + np.where(age.eq(1).fillna(False), " day", " days")).where(
            age.notna(), "?")
        reason = ("pending " + days + ", more than " + str(WITHDRAW_AFTER_DAYS)
                  + ": unlikely to be accepted now")
        reason = reason.mask(~out["withdraw"], "pending " + days + "; withdraw after "
                             + str(WITHDRAW_AFTER_DAYS))
        reason = reason.mask(age.isna(), "no readable date: check it yourself")
        action = pd.Series(np.where(out["withdraw"], "withdraw", "wait"), index=out.index,
                           dtype=object)
        return pd.concat([shown(self.incoming, "incoming", self.incoming["action"],
                                self.incoming["reason"]),
                          shown(out, "outgoing", action, reason)], ignore_index=True)

    def records(self, direction: str, limit: int | None = None) -> list[dict[str, object]]:
        """Rows of `table()` for one direction as dicts, for the HTML template."""
        table = self.table()
        rows = table[table["Direction"].eq(direction)]
        rows = rows if limit is None else rows.head(limit)
        return [{k: ("" if v is pd.NA else v) for k, v in r.items()}
                for r in rows.astype(object).to_dict("records")]


@dataclass(frozen=True)
class Coverage:
    """Keyword hits and suggestions for the Rules sheet and the report."""

    #: category, keyword, field (Position, Company, ...), connections: one row per keyword and
    #: field with at least one hit.
    hits: pd.DataFrame
    #: category, keyword, one column per field searched (connections matched there),
    #: connections (in any field), share (of all connections), note, examples (up to three
    #: texts it matched, joined by " | "); every keyword of the rules (`[unrelated]`'s and
    #: answered phrases' included), in file order, including those that matched nothing.
    keywords: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: categories ("prospect + competitor"), connections, pairs (top keyword pairs as text).
    overlaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: kind ("word" or "phrase"), text, connections: among `unknown` Positions.
    suggestions: pd.DataFrame = field(default_factory=pd.DataFrame)
    total: int = 0  # connections
    unknown: int = 0  # connections tagged unknown (hidden members included)
    fields: tuple[str, ...] = ()  # the field labels searched, in order

    @property
    def unused(self) -> pd.DataFrame:
        """Keywords that matched nothing: likely typos, or words nobody uses in a title."""
        return self.keywords[self.keywords["connections"].eq(0)] if len(self.keywords) else (
            self.keywords)

    @property
    def broad_percent(self) -> int:
        """BROAD_SHARE as a whole percentage, for headings."""
        return round(BROAD_SHARE * 100)

    def records(self, name: str) -> list[dict[str, object]]:
        """One of the frames (`keywords`, `unused`, `broad`, `overlaps`, `suggestions`) as a
        list of dicts with plain Python values, for the HTML template."""
        frame: pd.DataFrame = getattr(self, name)
        return frame.astype(object).to_dict("records") if len(frame) else []

    @property
    def broad(self) -> pd.DataFrame:
        """Keywords matching more than BROAD_SHARE of the network: likely too broad."""
        return self.keywords[self.keywords["share"].gt(BROAD_SHARE)] if len(self.keywords) else (
            self.keywords)


@dataclass(frozen=True)
class Decisions:
    """The user's decisions: the ones that apply to this run, and the ledger to write."""

    #: per `people` row: decision ("keep", "remove" or ""), decided_on, unclear (a Decision
    #: cell not understood, as typed) and id (the person id the decision was looked up by)
    frame: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)
    ledger: pd.DataFrame | None = None  # the whole new ledger: earlier lines, then new ones
    added: int = 0  # ledger lines added this run: new, changed or cleared decisions
    cleared: int = 0  # of which clear a decision
    carried_over: int = 0  # connections decided in an earlier run, decision unchanged
    read_from: tuple[Path, ...] = ()  # the workbooks whose Decision column was read
    #: The latest ledger line per person id: decision ("" = cleared) and decided_on.
    standing: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"decision": pd.Series(dtype=object), "decided_on": pd.Series(dtype=object)}))
    #: The Connections sheet of the newest workbook read that is older than this run: the
    #: fallback for the list of changes when no snapshot of the previous run is kept.
    previous_rows: pd.DataFrame | None = None
    previous_date: date | None = None
    previous_source: str = ""
    #: The id of the workbook this run writes (`sheets.book_id`), carried in its hidden columns.
    book: str = ""
    #: What this run read of the earlier workbooks (`memory.workbooks.Scan`), to remember
    #: with the ledgers so that no edit is ever taken twice; None when nothing was scanned.
    scan: object = None

    @property
    def in_force(self) -> int:
        """Connections of this run with a keep or remove decision."""
        return int(self.frame["decision"].isin(DECISIONS).sum())


@dataclass(frozen=True)
class Answers:
    """The user's answers on the Phrases sheet: the standing ones, and the ledger to write."""

    #: The latest answer per phrase: key (the phrase's folded words), phrase, answer (one of
    #: PHRASE_ANSWERS, or text the tool does not understand, kept), answered_on (ISO date).
    #: Phrases whose latest line clears the answer are not listed.
    standing: pd.DataFrame
    ledger: pd.DataFrame | None = None  # the whole new phrases.csv: earlier lines, then new
    added: int = 0  # ledger lines added this run: new, changed or cleared answers
    cleared: int = 0  # of which clear an answer
    read_from: tuple[Path, ...] = ()  # the workbooks whose Phrases sheet was read
    notices: list[Notice] = field(default_factory=list)

    def no_profile(self) -> str | None:
        """The standing answer to the question about people with no Position and no Company
        (one of NO_PROFILE_ANSWERS), or None."""
        for phrase, answer in zip(self.standing["phrase"], self.standing["answer"],
                                  strict=True):
            if lexicon.key(phrase) == NO_PROFILE_KEY and answer in NO_PROFILE_ANSWERS:
                return str(answer)
        return None

    def keywords(self) -> dict[str, tuple[str, ...]]:
        """Keyword table -> the phrases answered into it, in the order they were answered."""
        out: dict[str, list[str]] = {}
        for phrase, answer in zip(self.standing["phrase"], self.standing["answer"],
                                  strict=True):
            table = PHRASE_ANSWERS.get(answer)
            if table is not None and lexicon.key(phrase) != NO_PROFILE_KEY:
                out.setdefault(table, []).append(phrase)
        return {t: tuple(ps) for t, ps in out.items()}


@dataclass(frozen=True)
class Phrases:
    """The Phrases sheet and what the answers did this run."""

    #: Phrase, Connections, Found In ("Position", or "Company" for a word of Company names
    #: only), Other Forms (what an answer also applies to), Examples, Answer, Answered On:
    #: the phrases to answer (commonest first, Answer empty), then the answers given
    #: (prefilled, to change or clear).
    sheet: pd.DataFrame
    answers: Answers
    decided: int = 0  # connections whose tag or audience an answer decided this run
    offered: int = 0  # rows of `sheet` that are open phrases
    notices: list[Notice] = field(default_factory=list)

    def records(self, limit: int | None = None) -> list[dict[str, object]]:
        """The open phrases as dicts of plain values, for the HTML template."""
        rows = self.sheet.head(self.offered)
        rows = rows if limit is None else rows.head(limit)
        return rows.astype(object).to_dict("records") if len(rows) else []


@dataclass(frozen=True)
class Changes:
    """What changed since the previous run: one row per change, in CHANGE_KINDS order."""

    since: date  # the as-of date of the run compared with
    frame: pd.DataFrame  # CHANGE_COLUMNS; `link` is a vetted https LinkedIn link or ""
    source: str  # what the previous rows came from: a snapshot file or a workbook
    removals_confirmed: int = 0  # gone connections the user had decided to remove

    @property
    def counts(self) -> dict[str, int]:
        """Changes per kind, every kind listed (zero included)."""
        counts = self.frame["change"].value_counts()
        return {k: int(counts.get(k, 0)) for k in CHANGE_KINDS}

    def of_kind(self, kind: str, limit: int | None = None) -> list[dict[str, str]]:
        """The changes of one kind as plain dicts (for the template), at most `limit`."""
        rows = self.frame[self.frame["change"].eq(kind)]
        if limit is not None:
            rows = rows.head(limit)
        records: list[dict[str, str]] = rows.to_dict("records")
        return records


@dataclass(frozen=True)
class History:
    """One line of counts per run, oldest first (history.csv)."""

    frame: pd.DataFrame  # As Of (ISO), Connections, one column per tag and recommendation
    notices: list[Notice] = field(default_factory=list)
    #: This run's people as the next run will compare against them (id, url, name, company,
    #: position, tag, recommendation, decision); None when not computed yet.
    snapshot: pd.DataFrame | None = None

    @property
    def runs(self) -> int:
        """How many runs the history holds."""
        return len(self.frame)

    def table(self) -> list[dict[str, str]]:
        """The history as rows of text, newest first, for the table under the charts."""
        shown = self.frame.iloc[::-1]
        records: list[dict[str, str]] = shown.astype(str).to_dict("records")
        return records


@dataclass(frozen=True)
class Network:
    """Whose network a run read, to find its earlier runs' folder (`memory.network`): its
    owner (a digest of the folded name in Profile.csv, "" without one) and a sketch of its
    connections (the smallest hashes of their person ids, sorted)."""

    owner: str
    sketch: tuple[int, ...]


@dataclass(frozen=True)
class Result:
    """Everything a writer needs; writers render it and never recompute a tag."""

    people: pd.DataFrame  # the people table (`cleanup.people.COLUMNS`)
    export: Export  # the input's own columns, for the Connections sheet only
    rules: Rules
    as_of: date
    inputs: list[SourceFile]
    notices: list[Notice]
    version: str
    enrichment: Enrichment
    relations: Relations
    invitations: Invitations | None  # None without Invitations.csv
    coverage: Coverage
    decisions: Decisions
    history: History
    changes: Changes | None = None  # None on a first run
    show_emails: bool = False
    #: The rules are local but no connection has a known place: the location rule tags no one.
    location_unknown: bool = False
    paths: dict[str, Path] = field(default_factory=dict)
    phrases: Phrases | None = None  # the Phrases sheet; None when the run made none
    network: Network | None = None  # whose network this is; None when it cannot be told
    #: What this machine remembers of the network's earlier folders (another folder holds its
    #: decisions, or is gone): said by the command line and in `warnings`, never written into
    #: the reports, which depend on the inputs and --as-of alone.
    said_only: list[Notice] = field(default_factory=list)

    @property
    def rows(self) -> pd.DataFrame:
        """The Connections sheet as a table: the input's own columns, then Tag,
        Recommendation, Reason, Location, Decision, the relationship counts and Phrase."""
        p = self.people
        added = {"Tag": p["tag"], "Recommendation": p["recommendation"],
                 "Reason": p["reason"], "Location": p["place_label"],
                 "Decision": p["decision"],
                 **{c: self.relations.columns[c] for c in self.relations.columns.columns},
                 "Phrase": p["phrase"]}
        out = self.export.frame.copy(deep=False)
        for column, values in added.items():
            out[column] = values.to_numpy()
        return out

    @property
    def warnings(self) -> list[str]:
        """The notices as the lines the summary and the reports print."""
        return list(dict.fromkeys(str(n) for n in [*self.said_only, *self.notices]))

    @property
    def counts_by_tag(self) -> dict[str, int]:
        """Rows per tag, every tag listed (zero included), in precedence order."""
        return count_values(self.people["tag"], TAGS)

    @property
    def counts_by_recommendation(self) -> dict[str, int]:
        """Rows per recommendation, every recommendation listed."""
        return count_values(self.people["recommendation"], RECOMMENDATIONS)
