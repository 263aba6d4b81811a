"""Evidence of a relationship from the archive: messages, recommendations, endorsements (§5.4).

Each file is optional and read in every header form LinkedIn has written (EXPORT-FORMAT.md).
A person in a file is matched to a connection by profile URL (scheme, `www.`, trailing slash
and case ignored) and, where either side has no URL, by full name compared without case or
accents. A full name that two connections share identifies nobody: such a match is skipped and
counted in a warning, never guessed (a recommendation, which names the company, is settled
when exactly one of the namesakes works there).

The counts feed the guard of §5.4: a rule's *remove* softens to *review* when the owner and
the connection wrote to each other, or when a recommendation or an endorsement links them.

Everything is vectorised: a messages.csv of 200,000 rows is parsed by pandas' C reader,
recipient lists are exploded, and people are looked up once per distinct URL or name.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from cleanup.errors import InputError
from cleanup.model import Relations, SourceFile
from cleanup.read.archive import Archive

# The header finder of export.py, shared so that every file's header is found the same way.
from cleanup.read.csvio import find_header, norm_header, read_table
from cleanup.starter import read_profile  # the one reader of the owner's Profile.csv
from cleanup.text import fold, parse_dates, url_key

MESSAGES = "messages.csv"  # found in any case, so the 2018 `Messages.csv` too
RECOMMENDATIONS = {"given": "Recommendations_Given.csv",
                   "received": "Recommendations_Received.csv"}
ENDORSEMENTS = {"given": "Endorsement_Given_Info.csv",
                "received": "Endorsement_Received_Info.csv"}

#: Output columns (appended after Decision), each present only when its file was read, so
#: that a missing file never shows up as a misleading 0.
COLUMNS = {"sent": "Messages sent", "received": "Messages received",
           "last": "Last message",
           "rec_given": "Recommendations given", "rec_received": "Recommendations received",
           "end_given": "Endorsements given", "end_received": "Endorsements received"}

_YES = ("yes", "true", "1", "y")
_OUTGOING = ("outgoing", "sent")
_INCOMING = ("incoming", "received", "inbox")
# The messages.csv columns we use; CONTENT and SUBJECT are never parsed into memory.
_MESSAGE_COLUMNS = ("conversation id", "from", "sender profile url", "to",
                    "recipient profile urls", "date", "folder", "is message draft",
                    "is conversation draft", "direction")


# ---------------------------------------------------------------------------- lookups

def name_key(names: pd.Series) -> pd.Series:
    """Full names compared whole, without case, accents or extra spaces."""
    return _per_value(names, lambda s: fold(s).str.split().str.join(" "))


def _per_value(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`func` computed once per distinct value: 200,000 messages hold a few thousand URLs."""
    codes, uniques = pd.factorize(values.fillna("").astype(str))
    done = func(pd.Series(uniques, dtype=object)).fillna("").to_numpy(dtype=object)
    return pd.Series(done[codes] if len(done) else np.array([], dtype=object)[codes],
                     index=values.index, dtype=object)


class _Keys:
    """`url_key` remembered across columns: messages.csv names the same few thousand people
    as senders and as recipients, so each URL is normalised once."""

    def __init__(self) -> None:
        self.memo: dict[str, str] = {}

    def __call__(self, urls: pd.Series) -> pd.Series:
        codes, found = pd.factorize(urls.fillna("").astype(str))
        uniques = np.asarray(found, dtype=object)  # plain objects iterate ten times faster
        new = [u for u in uniques if u not in self.memo]
        if new:
            self.memo.update(zip(new, url_key(pd.Series(new, dtype=object)), strict=True))
        done = np.array([self.memo[u] for u in uniques] or [""], dtype=object)
        return pd.Series(done[codes], index=urls.index, dtype=object)


def _keys(urls: pd.Series) -> pd.Series:
    return _Keys()(urls)


def _word(values: pd.Series) -> pd.Series:
    """A flag or folder cell compared without case or surrounding spaces."""
    return _per_value(values, lambda s: s.str.strip().str.casefold())


class Directory:
    """The connections, looked up by profile URL or, where a side has no URL, by full name.

    URLs decide when both sides have one: a different URL is a different person even when the
    names agree. A name stands in only when the file or the connection has no URL, and only
    when exactly one connection carries it.
    """

    def __init__(self, people: pd.DataFrame) -> None:
        keys = people["key"].fillna("").astype(str).to_numpy(dtype=object)
        names = name_key(people["name"]).to_numpy(dtype=object)
        positions = np.arange(len(people))
        by_key = pd.Series(positions, index=keys)
        by_key = by_key[by_key.index != ""]
        self.by_key = by_key[~by_key.index.duplicated()]
        by_name = pd.Series(positions, index=names)
        by_name = by_name[by_name.index != ""]
        shared = by_name.index.duplicated(keep=False)
        self.ambiguous = pd.Index(by_name.index[shared].unique())
        self.by_name = by_name[~shared]
        self.keyless_names = pd.Index(pd.unique(names[(keys == "") & (names != "")]))
        self.names = pd.Index(by_name.index.unique())
        # Namesakes told apart by their company, where exactly one of them works there.
        shared_rows = pd.Series(names).isin(self.ambiguous).to_numpy()  # hashed, not sorted
        pair = pd.Series(positions[shared_rows], index=_pair(
            names[shared_rows], name_key(people["company"]).to_numpy(dtype=object)[shared_rows]))
        pair = pair[pair.index != ""]
        self.by_name_company = pair[~pair.index.duplicated(keep=False)]

    def locate(self, keys: pd.Series, names: pd.Series,
               companies: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
        """(position of the connection each (URL key, name key) is, -1 for none;
        True where a name was skipped because several connections share it).

        `companies` (name keys too) settles a shared name when exactly one of the namesakes
        has that company; otherwise the row stays unmatched and is reported.
        """
        found = keys.map(self.by_key)
        may_name = found.isna() & (keys.eq("") | names.isin(self.keyless_names))
        found = found.fillna(names.map(self.by_name).where(may_name))
        ambiguous = may_name & names.isin(self.ambiguous)
        if companies is not None and ambiguous.any():
            settled = pd.Series(_pair(names[ambiguous].to_numpy(dtype=object),
                                      companies[ambiguous].to_numpy(dtype=object)),
                                index=names.index[ambiguous]).map(self.by_name_company)
            found = found.fillna(settled)
            ambiguous = ambiguous & found.isna()
        return found.fillna(-1).astype(np.int64), ambiguous


def _pair(names: np.ndarray, companies: np.ndarray) -> np.ndarray:
    """One lookup key per (name, company); an empty company never settles anything."""
    joined = pd.Series(names, dtype=object) + "\x1f" + pd.Series(companies, dtype=object)
    return joined.where(pd.Series(companies, dtype=object).ne(""), "").to_numpy(dtype=object)


# ---------------------------------------------------------------------------- reading

def _open(archive: Archive, filename: str, must: tuple[str, ...], warnings: list[str],
          inputs: list[SourceFile], *, fast: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """The file as a frame of text cells with normalised column names, or None.

    An optional file that cannot be read is reported and skipped: the run still serves the
    user, and the warning says which evidence is missing.
    """
    member = archive.find(filename)
    if member is None:
        return None
    try:
        data = archive.read(member)
        source = archive.source(member, data)
        frame = (_fast_frame(data, source, must, fast) if fast else None)
        if frame is None:
            frame = read_table(data, source, must=must).frame
    except InputError as exc:
        warnings.append(f"{exc} The relationship evidence in {filename} was not used.")
        return None
    inputs.append(source)
    frame = frame.rename(columns=norm_header)
    # Cells are not stripped here (seconds on 200,000 messages): every use below strips or
    # normalises once per distinct value instead.
    return frame.loc[:, ~frame.columns.duplicated()].fillna("").astype(object)


def _fast_frame(data: bytes, source: SourceFile, must: tuple[str, ...],
                usecols: tuple[str, ...]) -> pd.DataFrame | None:
    """Large UTF-8 files through pandas' C parser, reading only the columns we use.

    `read_table` walks every row in Python, which costs seconds on 200,000 messages. This
    path finds the header the same way, then hands the bytes to pandas; anything unusual
    (another encoding, a ragged row) returns None and the careful reader takes over.
    """
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        # pandas decodes only the columns it keeps and would not notice a re-saved cp1252
        # file: decide the encoding from the whole file first (C speed, ~50 ms for 50 MB).
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = data[bom:bom + (1 << 16)].decode("utf-8", errors="ignore")
    offset, _, delim = find_header(head, must)
    if offset < 0:
        return None
    start = bom + len(head[:offset].encode("utf-8"))
    wanted = set(usecols)
    try:
        frame = pd.read_csv(io.BytesIO(data[start:]), sep=delim, dtype=str, encoding="utf-8",
                            keep_default_na=False, na_filter=False, engine="c",
                            usecols=lambda c: norm_header(str(c)) in wanted)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError):
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _column(frame: pd.DataFrame, *names: str) -> pd.Series:
    """The first of `names` present, else a column of empty text."""
    for name in names:
        if name in frame.columns:
            return frame[name]
    return pd.Series("", index=frame.index, dtype=object)


def _ending(frame: pd.DataFrame, suffix: str) -> pd.Series:
    """The column whose name ends with `suffix` (`Endorser First Name`, `Endorsee ...`)."""
    return _column(frame, *[c for c in frame.columns if c.endswith(suffix)])


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
                hint: str) -> tuple[_Owner, list[str]]:
    """The owner is in every conversation of their own archive, and is never their own
    connection: among the URLs that are not a connection, the one in most conversations.

    Counting conversations alone is fooled by a small archive where the other person is in
    as many; "not a connection" alone is fooled by recruiters and other strangers. Together
    they are reliable, and the name in Profile.csv breaks a tie. Without any URL (older files)
    the same reasoning runs on names.

    `convs` holds one integer code per message (its conversation).
    """
    notes: list[str] = []
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
            notes.append("every profile URL in messages.csv belongs to a connection, so the "
                         f"owner was taken to be {key}, the one in most conversations.")
        elif len(best) > 1:
            notes.append(f"messages.csv: {len(best)} profile URLs are in every conversation "
                         f"and none is a connection; {key} was taken to be yours.")
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


def _recipients(listed: pd.Series, keys_of: _Keys) -> pd.DataFrame:
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


def _messages(frame: pd.DataFrame, book: Directory, hint: str,
              warnings: list[str]) -> tuple[pd.DataFrame, str]:
    """Per connection position: messages sent, received and the last date, and the owner."""
    folder = _word(_column(frame, "folder"))
    draft = (_word(_column(frame, "is message draft")).isin(_YES)
             | _word(_column(frame, "is conversation draft")).isin(_YES))
    m = frame[folder.ne("spam") & ~draft].reset_index(drop=True)
    direction = _word(_column(m, "direction"))
    keys_of = _Keys()
    sender_keys = keys_of(_column(m, "sender profile url"))
    sender_names = name_key(_column(m, "from"))
    to = _column(m, "to")
    dates = _message_dates(_column(m, "date").str.strip())
    # One integer per conversation; without conversation ids (2018) each message is its own.
    convs = (pd.factorize(_column(m, "conversation id"))[0] if "conversation id" in m.columns
             else np.arange(len(m)))
    recipients = _recipients(_column(m, "recipient profile urls"), keys_of)

    outgoing = direction.isin(_OUTGOING)
    incoming = direction.isin(_INCOMING)
    owner = _Owner(how="the Direction column")
    if not (outgoing | incoming).all():
        owner, notes = _find_owner(convs, sender_keys, sender_names, recipients, to, book,
                                   hint)
        warnings += notes
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
    unclear = _column(m, "from")[theirs][amb.to_numpy()]

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
    _warn_ambiguous(warnings, MESSAGES, "messages", unclear)

    counts = pd.DataFrame({
        "sent": sent.groupby("pos").size(),
        "received": received.groupby("pos").size(),
        "last": pd.concat([sent[["pos", "date"]], received]).groupby("pos")["date"].max(),
    })
    return counts, owner.how


def _warn_ambiguous(warnings: list[str], filename: str, what: str, written: pd.Series) -> None:
    """Say how many rows a shared full name left unmatched, with an example as written."""
    if written.empty:
        return
    warnings.append(f"{filename}: {len(written):,} {what} name someone whose full name two or "
                    f"more connections share (e.g. {written.iloc[0]!r}); they were not counted, "
                    "because a name alone cannot tell those connections apart.")


# ---------------------------------------------------------------------------- the rest

def _by_name(frame: pd.DataFrame, book: Directory, filename: str, what: str,
             warnings: list[str]) -> pd.Series:
    """Rows per connection position, matched by URL where the file has one, else by name."""
    first, last = _ending(frame, "first name"), _ending(frame, "last name")
    written = (first + " " + last).str.strip()
    names = name_key(written)
    keys = _keys(_ending(frame, "public url")) if any(
        c.endswith("public url") for c in frame.columns) else pd.Series(
        "", index=frame.index, dtype=object)
    companies = name_key(frame["company"]) if "company" in frame.columns else None
    got, amb = book.locate(keys, names, companies)
    _warn_ambiguous(warnings, filename, what, written[amb.to_numpy()])
    return got[got.ge(0)].value_counts()


def _join(parts: list[pd.Series], index: pd.Index) -> pd.Series:
    """Non-empty notes joined with "; ", vectorised."""
    out = pd.Series("", index=index, dtype=object)
    for part in parts:
        part = part.astype(object)
        sep = np.where(out.ne("") & part.ne(""), "; ", "")
        out = out + sep + part
    return out


def read(archive: Archive, people: pd.DataFrame, as_of: date) -> Relations:
    """Count the relationship evidence for each connection.

    `as_of` does not drop evidence: a conversation counts whatever its date, because the
    guard only ever softens a removal and missing evidence would be the harmful mistake.
    """
    del as_of  # accepted for the pipeline's uniform call; see the docstring
    warnings: list[str] = []
    inputs: list[SourceFile] = []
    rows: dict[str, int] = {}
    book = Directory(people)
    n = len(people)
    counts = pd.DataFrame({c: np.zeros(n, dtype=np.int64) for c in
                           ("sent", "received", "rec_given", "rec_received", "end_given",
                            "end_received")})
    counts["last"] = pd.Series(pd.NaT, index=counts.index, dtype="datetime64[ns]")
    present: list[str] = []
    owner = ""

    frame = _open(archive, MESSAGES, ("from", "date"), warnings, inputs, fast=_MESSAGE_COLUMNS)
    if frame is not None:
        hint = _owner_name(archive)
        found, owner = _messages(frame, book, hint, warnings)
        for c in ("sent", "received"):
            counts[c] = found[c].reindex(counts.index).fillna(0).astype(np.int64).to_numpy()
        counts["last"] = found["last"].reindex(counts.index).astype("datetime64[ns]").to_numpy()
        present += ["sent", "received", "last"]
        rows[MESSAGES] = len(frame)

    kinds = (("rec", RECOMMENDATIONS, ("first name", "last name"), "recommendations"),
             ("end", ENDORSEMENTS, ("skill name",), "endorsements"))
    for prefix, files, must, label in kinds:
        for direction, filename in files.items():
            frame = _open(archive, filename, must, warnings, inputs)
            if frame is None:
                continue
            column = f"{prefix}_{direction}"
            found = _by_name(frame, book, filename, label, warnings)
            counts[column] = found.reindex(counts.index).fillna(0).astype(np.int64).to_numpy()
            present.append(column)
            rows[filename] = len(frame)

    counts.index = people.index
    last = counts["last"].dt.strftime("%Y-%m-%d").fillna("").astype(object)
    two_way = counts["sent"].ge(1) & counts["received"].ge(1)
    talk = (counts["sent"] + counts["received"]).astype(str) + " messages exchanged" + np.where(
        last.ne(""), ", last on " + last, "")
    notes = [talk.where(two_way, "")]
    for column, words in (("rec_received", "recommendation received"),
                          ("rec_given", "recommendation given"),
                          ("end_received", "endorsement received"),
                          ("end_given", "endorsement given")):
        c = counts[column]
        noun, verb = words.split(" ")
        text = np.where(c.eq(1), noun + " " + verb, c.astype(str) + " " + noun + "s " + verb)
        notes.append(pd.Series(text, index=people.index).where(c.ge(1), ""))
    evidence = _join(notes, people.index)

    columns = pd.DataFrame(index=people.index)
    for key in COLUMNS:
        if key in present:
            columns[COLUMNS[key]] = last if key == "last" else counts[key]
    return Relations(columns=columns, evidence=evidence, inputs=inputs, warnings=warnings,
                     counts=counts, owner=owner, rows=rows)


def _owner_name(archive: Archive) -> str:
    """The owner's full name from Profile.csv (name key), "" when there is none to read."""
    try:
        profile = read_profile(archive)
    except InputError:
        return ""
    if profile is None:
        return ""
    return name_key(pd.Series([profile.full_name], dtype=object)).iloc[0]
