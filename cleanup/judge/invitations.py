"""Pending connection requests from Invitations.csv, triaged with the same rules.

Incoming requests get the connection rules, applied to what an invitation carries: its
message text and whatever an `--enrich` file knows about the inviter (Industry, Headline,
Location, joined on the profile URL). The tag maps to an action (the registry's `invitation`:
prospect and complementary -> **accept**, competitor and off-target location -> **ignore**,
nothing known -> **review**).
The `[keep]` and `[remove]` lists still win. Outgoing requests pending for more than three
weeks are listed as candidates to withdraw: LinkedIn limits how many may be pending, and an
old one is unlikely to be accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from cleanup import places
from cleanup.errors import InputError, Notice
from cleanup.judge import tagging
from cleanup.judge.recommend import on_list
from cleanup.model import Invitations
from cleanup.read.archive import Archive
from cleanup.read.csvio import column, read_table
from cleanup.read.enrich import FACTS, read_enrichment
from cleanup.read.identity import Directory, name_key
from cleanup.rules import CATEGORIES, Rules
from cleanup.terms import TAG_INFO, UNKNOWN, WITHDRAW_AFTER_DAYS
from cleanup.text import parse_dates, profile_links, url_key

FILENAME = "Invitations.csv"
_BY_TAG = {t.name: t.invitation for t in TAG_INFO}
# The message text is matched as if it were a field of its own; tagging knows the four
# connection fields, so it travels in "position" and is named "Message" in every reason.
_AS_FIELD = {"Position": "Message"}
NO_EVIDENCE = "review: no position in the invitation; no keyword in the message"


def _facts(paths: Sequence[str | Path], keys: pd.Series,
           frames: Sequence[pd.DataFrame] | None = None) -> pd.DataFrame:
    """Industry, Headline and Location per inviter from the enrichment files (first file with
    a fact wins, as for connections), on the same index as `keys`. `frames` are the files
    already read (`Enrichment.frames`); without them the files are read here."""
    facts = pd.DataFrame({f: "" for f in FACTS}, index=keys.index, dtype=object)
    if frames is None:
        frames = [read_enrichment(Path(p))[0] for p in paths]
    if not frames:
        return facts
    # Only the inviters' rows: a file describes every connection, the requests are few.
    wanted = set(keys.tolist())
    merged = (pd.concat([f[f["key"].isin(wanted)] for f in frames], ignore_index=True)
              .replace("", pd.NA).groupby("key", sort=False).first())
    merged = merged[merged.index != ""]
    joined = pd.DataFrame({"key": keys}).join(merged, on="key")
    for fact in FACTS:
        if fact in joined:
            facts[fact] = joined[fact].fillna("").astype(object)
    return facts


def _triage(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """tag, action and reason for each incoming request."""
    subjects = pd.DataFrame({
        "position": frame["message"], "industry": frame["industry"],
        "headline": frame["headline"], "hidden": False,
        "place": places.resolve_many(frame["location"]),
    }, index=frame.index)
    matches = tagging.match(subjects, rules)
    tags = tagging.tag(subjects, rules, matches)
    fields = [f for f in tagging.FIELDS if f in subjects.columns]
    # A tag with a rule of its own keeps the rule's reason; a keyword's is said anew, with the
    # message named as such and without the signals that pulled the other way.
    reason = tags["tag_reason"].copy()
    for category in CATEGORIES:
        keyword, where = matches.first(category, fields)
        said = category + ': "' + keyword + '" in ' + where.replace(_AS_FIELD)
        reason = reason.mask(tags["tag"].eq(category), said)
    known = frame["industry"].ne("") | frame["headline"].ne("")
    unknown = tags["tag"].eq(UNKNOWN)
    reason = reason.mask(unknown, NO_EVIDENCE)
    reason = reason.mask(unknown & known, "review: no keyword in the message or in the "
                         "inviter's Industry or Headline (from your enrichment file)")
    action = tags["tag"].map(_BY_TAG)

    # The keep and remove lists are final here too; keep is written last, so it wins.
    people = pd.DataFrame({"key": frame["key"], "name": frame["name"], "company": ""},
                          index=frame.index)
    for lists, verb, label in ((rules.remove, "ignore", "remove"),
                               (rules.keep, "accept", "keep")):
        on = on_list(people, lists)
        hit = on.ne("")
        action = action.mask(hit, verb)
        reason = reason.mask(hit, f"on your {label} list (" + on + ")")
    return pd.DataFrame({"tag": tags["tag"], "action": action, "reason": reason},
                        index=frame.index)


def read(archive: Archive, rules: Rules, people: pd.DataFrame, as_of: date, *,
         enrich_paths: Sequence[str | Path] = (),
         enriched: Sequence[pd.DataFrame] | None = None,
         book: Directory | None = None) -> Invitations | None:
    """Triage Invitations.csv, or None when the archive has none.

    `people` (the connections) drops requests to or from someone who is a connection by now
    (same profile URL, or the same unique full name where there are no URLs);
    `enrich_paths` are the run's `--enrich` files, read again for the inviters, who are not
    connections and so are not in `people`, unless `enriched` holds them as already read
    (`Enrichment.frames`). `book` is `Directory(people)` when the caller has it already.
    """
    member = archive.find(FILENAME)
    if member is None:
        return None
    notices = archive.duplicates(FILENAME)
    try:
        data = archive.read(member)
        source = archive.source(member, data)
        table = read_table(data, source, must=("From", "To", "Direction"), name=FILENAME)
    except InputError as exc:
        return _empty(as_of, [*notices, Notice("", None, f"{exc} Pending invitations were not "
                                                "triaged.", code="file-unreadable")])
    notices += table.notices
    f = table.frame
    direction = column(f, "Direction").str.strip().str.upper()
    incoming = direction.eq("INCOMING")
    outgoing = direction.eq("OUTGOING")
    odd = ~(incoming | outgoing)
    if odd.any():
        notices.append(Notice(source.label, None, f"{int(odd.sum())} rows have a Direction "
                              "other than INCOMING or OUTGOING and were left out.",
                              code="rows-left-out"))
    # The other person: the sender of an incoming request, the invitee of an outgoing one.
    name = column(f, "From").where(incoming, column(f, "To"))
    url = column(f, "inviterProfileUrl").where(incoming, column(f, "inviteeProfileUrl"))
    key = url_key(url)
    sent_on = parse_dates(column(f, "Sent At"))
    raw_date = column(f, "Sent At")
    bad = sent_on.isna() & raw_date.ne("") & ~odd
    if bad.any():
        notices.append(Notice(source.label, None, f"{int(bad.sum())} 'Sent At' dates could not "
                              f"be read (e.g. {raw_date[bad].iloc[0]!r}); those requests have "
                              "no age.", code="dates-unread"))
    rows = pd.DataFrame({"name": name, "url": url, "key": key, "link": profile_links(key),
                         "sent": sent_on.dt.strftime("%Y-%m-%d").fillna("").astype(object),
                         "age_days": (pd.Timestamp(as_of) - sent_on).dt.days.astype("Int64"),
                         "message": column(f, "Message")}, index=f.index)

    connected, by_name, shared = _accepted(people, key, name, sent_on, book)
    connected &= ~odd
    already = int(connected.sum())
    if (by_name & ~odd).any():
        n = int((by_name & ~odd).sum())
        notices.append(Notice(source.label, None, f"{n:,} request{'s' if n != 1 else ''} "
                              f"{'were' if n != 1 else 'was'} recognised as accepted by the "
                              "full name of a connection (this file or your Connections.csv "
                              "has no profile URLs); they are not listed as pending.",
                              code="matched-by-name"))
    shared &= ~odd
    if shared.any():
        n = int(shared.sum())
        notices.append(Notice(source.label, None, f"{n:,} request{'s' if n != 1 else ''} "
                              f"name{'' if n != 1 else 's'} someone whose full name two or "
                              "more connections share (e.g. "
                              f"{name[shared].iloc[0]!r}); {'they are' if n != 1 else 'it is'}"
                              " still listed as pending, because a name alone cannot tell "
                              "whether it was accepted.", code="shared-name"))

    inc = rows[incoming & ~connected].copy()
    # The enrichment files are the run's own inputs already: not listed a second time.
    facts = _facts(enrich_paths, inc["key"], enriched)
    for fact in FACTS:
        inc[fact] = facts[fact]
    if len(inc):
        inc = inc.join(_triage(inc, rules))
    else:
        inc = inc.assign(tag="", action="", reason="")
    inc = inc.drop(columns=list(FACTS))

    out = rows[outgoing & ~connected].copy()
    age = out["age_days"]
    out["withdraw"] = age.gt(WITHDRAW_AFTER_DAYS).fillna(False).astype(bool)
    order = np.argsort(-age.fillna(-1).to_numpy(dtype=np.int64), kind="stable")
    out = out.iloc[order]
    return Invitations(incoming=inc.reset_index(drop=True), outgoing=out.reset_index(drop=True),
                       inputs=[source], notices=notices, as_of=as_of,
                       already_connected=already)


def _accepted(people: pd.DataFrame, key: pd.Series, name: pd.Series, sent_on: pd.Series,
              book: Directory | None = None) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(accepted, accepted by name, name shared by several connections) per request.

    A request was accepted when the other person is a connection by now: the same profile
    URL, or, where the file or Connections.csv has no URLs (before 2024, or the `urn:li:`
    form), the same full name carried by exactly one connection who was connected on or after
    the day the request was sent. A name two connections share is never guessed.
    """
    book = book if book is not None else Directory(people)
    pos, shared = book.locate(key, name_key(name))
    found = pos.ge(0)
    on_url = found & key.ne("") & key.isin(book.by_key.index)
    by_name = found & ~on_url
    connected_on = pd.Series(pd.to_datetime(people["connected"]).to_numpy()[
        pos.clip(lower=0).to_numpy()] if len(people) else pd.NaT, index=key.index)
    too_early = (by_name & sent_on.notna() & connected_on.notna()
                 & (connected_on.dt.normalize() < sent_on.dt.normalize()))
    by_name &= ~too_early
    return on_url | by_name, by_name, shared & ~found


def _empty(as_of: date, notices: list[Notice]) -> Invitations:
    cols = ["name", "url", "key", "link", "sent", "age_days", "message"]
    return Invitations(incoming=pd.DataFrame(columns=[*cols, "tag", "action", "reason"]),
                       outgoing=pd.DataFrame(columns=[*cols, "withdraw"]),
                       notices=notices, as_of=as_of)
