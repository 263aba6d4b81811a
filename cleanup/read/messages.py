"""messages.csv: how many messages the owner and each connection sent each other, and when.

The owner is recognised from their own profile, or from the sender who takes part in nearly
every conversation; a message's direction comes from who sent it. Recipients are matched to
connections by profile URL or, without one, by a full name only one connection carries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cleanup.errors import Notice
from cleanup.read.csvio import column
from cleanup.read.identity import Directory, Keys, name_key, word
from cleanup.text import parse_dates

MESSAGES = "messages.csv"  # found in any case, so the 2018 `Messages.csv` too
_YES = ("yes", "true", "1", "y")
_OUTGOING = ("outgoing", "sent")
_INCOMING = ("incoming", "received", "inbox")
# The messages.csv columns we use; CONTENT and SUBJECT are never parsed into memory.
MESSAGE_COLUMNS = ("conversation id", "from", "sender profile url", "to",
                    "recipient profile urls", "date", "folder", "is message draft",
                    "is conversation draft", "direction")


def _message_dates(values: pd.Series) -> pd.Series:
    """`2024-10-26 11:43:11 UTC` vectorised; any other form through `parse_dates`."""
    quick = pd.to_datetime(values, format="%Y-%m-%d %H:%M:%S", exact=False, errors="coerce")
    slow = values.ne("") & quick.isna()
    if slow.any():
        quick = quick.copy()
        quick[slow] = parse_dates(values[slow])
    return quick


# ---------------------------------------------------------------------------- messages

@dataclass
class _Owner:
    """Who the owner is in messages.csv: their URL key, name key and how we know."""

    key: str = ""
    name: str = ""
    how: str = ""


def _find_owner(convs: np.ndarray, sender_keys: pd.Series, sender_names: pd.Series,
                recipients: pd.DataFrame, to: pd.Series, book: Directory,
                hint: str) -> tuple[_Owner, list[Notice]]:
    """The owner is in every conversation of their own archive, and is never their own
    connection: among the URLs that are not a connection, the one in most conversations.

    Counting conversations alone is fooled by a small archive where the other person is in
    as many; "not a connection" alone is fooled by recruiters and other strangers. Together
    they are reliable, and the name in Profile.csv breaks a tie. Without any URL (older files)
    the same reasoning runs on names.

    `convs` holds one integer code per message (its conversation).
    """
    notes: list[Notice] = []
    total = max(len(np.unique(convs)), 1)
    counts = _conversations_per(
        np.concatenate([convs, convs[recipients["msg"].to_numpy()]]),
        np.concatenate([sender_keys.to_numpy(dtype=object),
                        recipients["key"].to_numpy(dtype=object)]))
    if not counts.empty:
        strangers = counts[~counts.index.isin(book.by_key.index)]
        pool = strangers if not strangers.empty else counts
        best = pool[pool.eq(pool.max())].index
        if len(best) > 1 and hint:
            named = set(sender_keys[sender_names.eq(hint)])
            best = pd.Index([k for k in best if k in named]) if named & set(best) else best
        key = sorted(best)[0]
        names = sender_names[sender_keys.eq(key) & sender_names.ne("")]
        owner = _Owner(key=key, name=names.mode().iloc[0] if not names.empty else hint,
                       how=f"{key} (in {int(pool[key]):,} of {total:,} conversations"
                       + (", not a connection)" if not strangers.empty else ")"))
        if strangers.empty:
            notes.append(Notice("", None, "every profile URL in messages.csv belongs to a "
                                f"connection, so the owner was taken to be {key}, the one in "
                                "most conversations."))
        elif len(best) > 1:
            notes.append(Notice(MESSAGES, None, f"{len(best)} profile URLs are in every "
                                f"conversation and none is a connection; {key} was taken to "
                                "be yours."))
        return owner, notes
    counts = _conversations_per(np.concatenate([convs, convs]), np.concatenate(
        [sender_names.to_numpy(dtype=object), name_key(to).to_numpy(dtype=object)]))
    if counts.empty:
        return _Owner(), notes
    if hint and hint in counts.index:
        return _Owner(name=hint, how=f"{hint} (your name in Profile.csv)"), notes
    strangers = counts[~counts.index.isin(book.names)]
    pool = strangers if not strangers.empty else counts
    name = sorted(pool[pool.eq(pool.max())].index)[0]
    return _Owner(name=name, how=f"{name} (the name in most conversations)"), notes


def _conversations_per(convs: np.ndarray, who: np.ndarray) -> pd.Series:
    """In how many distinct conversations each non-empty `who` appears (integer arithmetic:
    hashing 400,000 (conversation, URL) string pairs would cost far more)."""
    codes, uniques = pd.factorize(who)
    if not len(uniques):
        return pd.Series(dtype=np.int64)
    pairs = np.unique(convs.astype(np.int64) * len(uniques) + codes)
    per = np.bincount(pairs % len(uniques), minlength=len(uniques))
    counts = pd.Series(per, index=pd.Index(uniques, dtype=object))
    return counts[(counts.index != "") & (counts > 0)].sort_index()


def _recipients(listed: pd.Series, keys_of: Keys) -> pd.DataFrame:
    """(msg, URL key) per recipient: `RECIPIENT PROFILE URLS` holds several, comma-separated
    inside one field. Split once per distinct field value, then joined back by code."""
    codes, uniques = pd.factorize(listed)
    parts = pd.Series(uniques, dtype=object).str.split(",").explode()
    keys = keys_of(parts.fillna("").str.strip())
    table = pd.DataFrame({"code": parts.index.to_numpy(dtype=np.int64),
                          "key": keys.to_numpy(dtype=object)})
    table = table[table["key"].ne("")]
    return pd.DataFrame({"msg": np.arange(len(codes), dtype=np.int64), "code": codes}).merge(
        table, on="code")[["msg", "key"]]


def _split_names(to: pd.Series) -> pd.DataFrame:
    """(msg, name key) for each recipient name of a `To` field.

    A name may itself hold a comma (`Smith, PhD O'Neil`), so the whole field is tried first
    and its comma-separated pieces are offered as well; a piece only counts if it is a
    connection's full name.
    """
    whole = pd.DataFrame({"msg": to.index, "name": name_key(to).to_numpy()})
    multi = to[to.str.contains(",", regex=False).fillna(False).astype(bool)]
    pieces = multi.str.split(",").explode()
    parts = pd.DataFrame({"msg": pieces.index, "name": name_key(pieces).to_numpy()})
    return pd.concat([whole, parts], ignore_index=True)


def count_messages(frame: pd.DataFrame, book: Directory,
                   hint: str) -> tuple[pd.DataFrame, str, list[Notice]]:
    """Per connection position: messages sent, received and the last date; how the owner
    was recognised; and what was noticed on the way."""
    notices: list[Notice] = []
    folder = word(column(frame, "folder"))
    draft = (word(column(frame, "is message draft")).isin(_YES)
             | word(column(frame, "is conversation draft")).isin(_YES))
    m = frame[folder.ne("spam") & ~draft].reset_index(drop=True)
    direction = word(column(m, "direction"))
    keys_of = Keys()
    sender_keys = keys_of(column(m, "sender profile url"))
    sender_names = name_key(column(m, "from"))
    to = column(m, "to")
    dates = _message_dates(column(m, "date").str.strip())
    # One integer per conversation; without conversation ids (2018) each message is its own.
    convs = (pd.factorize(column(m, "conversation id"))[0] if "conversation id" in m.columns
             else np.arange(len(m)))
    recipients = _recipients(column(m, "recipient profile urls"), keys_of)

    outgoing = direction.isin(_OUTGOING)
    incoming = direction.isin(_INCOMING)
    owner = _Owner(how="the Direction column")
    if not (outgoing | incoming).all():
        owner, notes = _find_owner(convs, sender_keys, sender_names, recipients, to, book,
                                   hint)
        notices += notes
    if owner.key:
        mine = sender_keys.eq(owner.key) | (sender_keys.eq("") & sender_names.eq(owner.name))
    else:
        mine = sender_names.eq(owner.name) & sender_names.ne("")
    # The 2018 file says who sent each message; trust it where it does.
    mine = (mine & ~incoming) | outgoing

    theirs = m.index[~mine]
    got, amb = book.locate(sender_keys[theirs], sender_names[theirs])
    received = pd.DataFrame({"pos": got.to_numpy(), "date": dates[theirs].to_numpy()})
    received = received[received["pos"].ge(0)]
    unclear = column(m, "from")[theirs][amb.to_numpy()]

    # Whom the owner wrote to: the listed URLs; where a message lists none (older files, a
    # deleted member), the other people of its conversation and the names in `To`.
    ours = m.index[mine]
    by_url = recipients[recipients["msg"].isin(ours) & recipients["key"].ne(owner.key)]
    bare = ours.difference(pd.Index(by_url["msg"].unique()))
    others = pd.DataFrame({"conv": convs[theirs], "key": sender_keys[theirs].to_numpy(),
                           "name": sender_names[theirs].to_numpy()})
    others = others[pd.Index(others["conv"]).isin(convs[bare])].drop_duplicates()
    in_conv = pd.DataFrame({"msg": bare, "conv": convs[bare]}).merge(
        others, on="conv")[["msg", "key", "name"]]
    by_name = _split_names(to[bare])
    by_name = by_name[by_name["name"].ne(owner.name)].assign(key="")
    wanted = pd.concat([by_url.assign(name=""), in_conv, by_name], ignore_index=True)
    got, amb = book.locate(wanted["key"], wanted["name"])
    sent = pd.DataFrame({"msg": wanted["msg"].to_numpy(), "pos": got.to_numpy()})
    sent = sent[sent["pos"].ge(0)].drop_duplicates()
    sent["date"] = dates.to_numpy()[sent["msg"].to_numpy()]
    # A message is lost to a shared name only if nothing else told us its recipient.
    lost = pd.Index(wanted.loc[amb.to_numpy(), "msg"].unique()).difference(
        pd.Index(sent["msg"].unique()))
    unclear = pd.concat([unclear, to[lost]])
    notices += ambiguity_notices(MESSAGES, "messages", unclear)

    counts = pd.DataFrame({
        "sent": sent.groupby("pos").size(),
        "received": received.groupby("pos").size(),
        "last": pd.concat([sent[["pos", "date"]], received]).groupby("pos")["date"].max(),
    })
    return counts, owner.how, notices


def ambiguity_notices(filename: str, what: str, written: pd.Series) -> list[Notice]:
    """How many rows a shared full name left unmatched, with an example as written."""
    if written.empty:
        return []
    return [Notice(filename, None, f"{len(written):,} {what} name someone whose full name two "
                   f"or more connections share (e.g. {written.iloc[0]!r}); they were not "
                   "counted, because a name alone cannot tell those connections apart.")]
