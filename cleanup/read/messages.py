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
from cleanup.read.identity import SOME_URL, Directory, Keys, name_key, word
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
    """Who the owner is in messages.csv: their URL key, name key and how we know ("" for
    `how` when nobody could be told to be the owner)."""

    key: str = ""
    name: str = ""
    how: str = ""


#: The share of conversations a profile URL (or name) must be in to be taken for the owner's:
#: the owner is in every conversation of their own archive, bar a few system messages.
OWNER_SHARE = 0.9


def _find_owner(convs: np.ndarray, sender_keys: pd.Series, sender_names: pd.Series,
                recipients: pd.DataFrame, to_names: pd.DataFrame, book: Directory,
                hint: str, written: pd.Series) -> tuple[_Owner, list[Notice]]:
    """The owner: the name in Profile.csv (`hint`) when the file has one and messages.csv
    names it; else the profile URL, or failing URLs the name, that is in at least
    `OWNER_SHARE` of the conversations. When several are (a small archive), the one that is
    not a connection; when that still leaves several or none, nobody: a notice says so, and
    the caller counts nothing by direction rather than guess.

    `convs` holds one integer code per message (its conversation); `to_names` is (msg, name
    key) per recipient name; `written` the From column as written, to show a name found.
    """

    def shown(name: str) -> str:
        said = written[sender_names.eq(name)]
        return " ".join(str(said.iloc[0]).split()) if len(said) else name

    total = max(len(np.unique(convs)), 1)
    if hint and (sender_names.eq(hint).any() or to_names["name"].eq(hint).any()):
        keys = sender_keys[sender_names.eq(hint) & sender_keys.ne("")]
        key = str(keys.value_counts().sort_index(kind="stable").idxmax()) if len(keys) else ""
        return _Owner(key=key, name=hint, how=f"{shown(hint)} (your name in Profile.csv)"), []
    need = int(np.ceil(OWNER_SHARE * total))
    by_url = _conversations_per(
        np.concatenate([convs, convs[recipients["msg"].to_numpy()]]),
        np.concatenate([sender_keys.to_numpy(dtype=object),
                        recipients["key"].to_numpy(dtype=object)]))
    by_name = _conversations_per(
        np.concatenate([convs, convs[to_names["msg"].to_numpy(dtype=np.int64)]]),
        np.concatenate([sender_names.to_numpy(dtype=object),
                        to_names["name"].to_numpy(dtype=object)]))
    for counts, known, what in ((by_url, book.by_key.index, "profile URL"),
                                (by_name, book.names, "name")):
        best = counts[counts.ge(need)]
        if len(best) > 1:
            strangers = best[~best.index.isin(known)]
            if len(strangers) == 1:
                best = strangers
            else:
                listed = ", ".join(sorted(best.index)[:3])
                return _Owner(), [Notice(MESSAGES, None, f"{len(best)} {what}s ({listed}) are "
                                         f"each in at least {OWNER_SHARE:.0%} of the {total:,} "
                                         "conversations, so which one is yours is unknown; "
                                         "messages were not counted as sent or received. "
                                         "Put your Profile.csv in the archive folder to "
                                         "name you.")]
        if len(best) == 1:
            found = str(best.index[0])
            stranger = found not in known
            how = (f"{shown(found) if what == 'name' else found} (in {int(best.iloc[0]):,} "
                   f"of {total:,} conversations"
                   + (", not a connection)" if stranger else ")"))
            if what == "name":
                return _Owner(name=found, how=how), []
            names = sender_names[sender_keys.eq(found) & sender_names.ne("")]
            name = str(names.value_counts().sort_index(kind="stable").idxmax()) if len(
                names) else hint
            if not name:
                # No message from that URL names it (senders without URLs): the one name in
                # as many conversations stands for it, so that the owner's messages, sent
                # under that name, are theirs.
                named = by_name[by_name.ge(need)]
                name = str(named.index[0]) if len(named) == 1 else ""
            return _Owner(key=found, name=name, how=how), []
    top = by_url if not by_url.empty else by_name
    most = f" (the most is {int(top.max()):,})" if not top.empty else ""
    return _Owner(), [Notice(MESSAGES, None, "your own profile URL or name could not be found: "
                             f"none is in at least {OWNER_SHARE:.0%} of the {total:,} "
                             f"conversations{most}, and there is no Profile.csv naming you. "
                             "Messages were not counted as sent or received, rather than "
                             "taking a stranger for you; put your Profile.csv in the archive "
                             "folder to name you.")]


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
                   hint: str) -> tuple[pd.DataFrame | None, str, list[Notice]]:
    """Per connection position: messages sent, received and the last date; how the owner
    was recognised; and what was noticed on the way. The counts are None when the owner
    could not be recognised: nothing is counted by direction then."""
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
    to_names = _split_names(to)
    dates = _message_dates(column(m, "date").str.strip())
    # One integer per conversation; without conversation ids (2018) each message is its own.
    convs = (pd.factorize(column(m, "conversation id"))[0] if "conversation id" in m.columns
             else np.arange(len(m)))
    recipients = _recipients(column(m, "recipient profile urls"), keys_of)

    outgoing = direction.isin(_OUTGOING)
    incoming = direction.isin(_INCOMING)
    owner = _Owner(how="the Direction column")
    if not (outgoing | incoming).all():
        owner, notes = _find_owner(convs, sender_keys, sender_names, recipients, to_names,
                                   book, hint, column(m, "from"))
        notices += notes
        if not owner.how:
            return None, "", notices
    if owner.key:
        mine = sender_keys.eq(owner.key) | (sender_keys.eq("") & sender_names.eq(owner.name)
                                            & sender_names.ne(""))
    else:
        mine = sender_names.eq(owner.name) & sender_names.ne("")
    # The 2018 file says who sent each message; trust it where it does.
    mine = (mine & ~incoming) | outgoing
    namesakes, said = _namesakes(owner, book, sender_keys, sender_names, mine & ~outgoing)
    notices += said

    theirs = m.index[~mine]
    got, amb = book.locate(sender_keys[theirs], sender_names[theirs])
    received = pd.DataFrame({"pos": got.to_numpy(), "date": dates[theirs].to_numpy()})
    received = received[received["pos"].ge(0)]
    unclear = column(m, "from")[theirs][amb.to_numpy()]

    # Whom the owner wrote to: the listed URLs; where they name no connection (a connection
    # file without URLs, before late 2023), the names in `To`, for connections without a URL
    # only; where a message lists no URL (older files, a deleted member), the other people of
    # its conversation and the names in `To`.
    ours = m.index[mine]
    listed = recipients[recipients["msg"].isin(ours) & recipients["key"].ne(owner.key)]
    got, _ = book.locate(listed["key"], pd.Series("", index=listed.index, dtype=object))
    by_url = pd.DataFrame({"msg": listed["msg"].to_numpy(), "pos": got.to_numpy()})
    by_url = by_url[by_url["pos"].ge(0)]
    with_url = pd.Index(listed["msg"].unique())
    bare = ours.difference(with_url)
    unpaired = with_url.difference(pd.Index(by_url["msg"].unique()))
    others = pd.DataFrame({"conv": convs[theirs], "key": sender_keys[theirs].to_numpy(),
                           "name": sender_names[theirs].to_numpy()})
    others = others[pd.Index(others["conv"]).isin(convs[bare])].drop_duplicates()
    in_conv = pd.DataFrame({"msg": bare, "conv": convs[bare]}).merge(
        others, on="conv")[["msg", "key", "name"]]
    named = to_names[to_names["msg"].isin(bare.union(unpaired))
                     & to_names["name"].ne(owner.name)]
    named = named.assign(key=np.where(named["msg"].isin(unpaired), SOME_URL, ""))
    wanted = pd.concat([in_conv, named], ignore_index=True)
    got, amb = book.locate(wanted["key"], wanted["name"])
    sent = pd.concat([by_url, pd.DataFrame({"msg": wanted["msg"].to_numpy(),
                                            "pos": got.to_numpy()})], ignore_index=True)
    sent = sent[sent["pos"].ge(0)].drop_duplicates()
    sent["date"] = dates.to_numpy()[sent["msg"].to_numpy(dtype=np.int64)]
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
    return counts.drop(index=namesakes, errors="ignore"), owner.how, notices


def _namesakes(owner: _Owner, book: Directory, sender_keys: pd.Series,
               sender_names: pd.Series, taken: pd.Series) -> tuple[list[int], list[Notice]]:
    """The positions of connections who carry the owner's own name when messages are taken
    for the owner's (`taken`) by that name alone, no sender URL telling them apart; and a
    notice: nothing is counted by direction for them, since a message from that name may be
    the owner's or theirs."""
    by_name = taken & sender_keys.eq("") & sender_names.eq(owner.name)
    if not owner.name or not by_name.any():
        return [], []
    positions = np.flatnonzero(book.name_keys == owner.name).tolist()
    if not positions:
        return [], []
    written = " ".join(str(book.people_names.iloc[positions[0]]).split())
    many = len(positions) > 1
    return positions, [Notice(MESSAGES, None, f"your name as messages.csv writes it "
                              f"({written!r}) is also the name of "
                              f"{f'{len(positions)}' if many else 'one'} of your "
                              "connections, and the file gives no sender "
                              "profile URL to tell you apart: the messages sent under that "
                              "name were taken as yours, and no message was counted as sent "
                              f"to or received from {'them' if many else 'that connection'}.")]


def ambiguity_notices(filename: str, what: str, written: pd.Series) -> list[Notice]:
    """How many rows a shared full name left unmatched, with an example as written."""
    if written.empty:
        return []
    one = len(written) == 1
    said = f"1 {what.removesuffix('s')} names" if one else f"{len(written):,} {what} name"
    return [Notice(filename, None, f"{said} someone whose full name two or more connections "
                   f"share (e.g. {written.iloc[0]!r}); {'it was' if one else 'they were'} not "
                   "counted, because a name alone cannot tell those connections apart.")]
