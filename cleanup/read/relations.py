"""Evidence of a relationship from the archive: messages, recommendations, endorsements.

Each file is optional and read in every header form LinkedIn has written since 2018.
A person in a file is matched to a connection by profile URL (scheme, `www.`, trailing slash
and case ignored) and, where either side has no URL, by full name compared without case or
accents. A full name that two connections share identifies nobody: such a match is skipped and
counted in a warning, never guessed (a recommendation, which names the company, is settled
when exactly one of the namesakes works there).

The counts feed the guard: a rule's *remove* softens to *review* when the owner and
the connection wrote to each other, or when a recommendation or an endorsement links them.

Everything is vectorised: a messages.csv of 200,000 rows is parsed by pandas' C reader,
recipient lists are exploded, and people are looked up once per distinct URL or name.
"""

from __future__ import annotations

import io
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.model import Relations, SourceFile
from cleanup.read.archive import Archive
from cleanup.read.csvio import column, find_header, read_table
from cleanup.read.decoding import damage_notices
from cleanup.read.identity import Directory, name_key, url_keys
from cleanup.read.messages import MESSAGE_COLUMNS, MESSAGES, ambiguity_notices, count_messages
from cleanup.read.profile import read_profile
from cleanup.text import header_key

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

# ---------------------------------------------------------------------------- reading

class _Read(NamedTuple):
    frame: pd.DataFrame | None
    source: SourceFile | None
    notices: list[Notice]


def _open(archive: Archive, filename: str, must: tuple[str, ...], *,
          fast: tuple[str, ...] = ()) -> _Read:
    """The file as a frame of text cells with normalised column names (None when it is
    absent or unreadable), the file read, and the notices.

    An optional file that cannot be read is reported and skipped: the run still serves the
    user, and the warning says which evidence is missing.
    """
    member = archive.find(filename)
    if member is None:
        return _Read(None, None, [])
    notices = archive.duplicates(filename)
    try:
        data = archive.read(member)
        source = archive.source(member, data)
        frame = (_fast_frame(data, source, must, fast) if fast else None)
        if frame is None:
            table = read_table(data, source, must=must, name=filename)
            frame = table.frame
            notices += table.notices
        else:
            notices += damage_notices(data.decode("utf-8-sig"), source.label)
    except InputError as exc:
        notices.append(Notice("", None, f"{exc} The relationship evidence in {filename} was "
                              "not used.", code="file-unreadable"))
        return _Read(None, None, notices)
    frame = frame.rename(columns=header_key)
    # Cells are not stripped here (seconds on 200,000 messages): every use below strips or
    # normalises once per distinct value instead.
    frame = frame.loc[:, ~frame.columns.duplicated()].fillna("").astype(object)
    return _Read(frame, source, notices)


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
                            usecols=lambda c: header_key(str(c)) in wanted)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError):
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _ending(frame: pd.DataFrame, suffix: str) -> pd.Series:
    """The column whose name ends with `suffix` (`Endorser First Name`, `Endorsee ...`)."""
    return column(frame, *[c for c in frame.columns if c.endswith(suffix)])


# ---------------------------------------------------------------------------- the rest

def _by_name(frame: pd.DataFrame, book: Directory, filename: str,
             what: str) -> tuple[pd.Series, list[Notice]]:
    """Rows per connection position, matched by URL where the file has one, else by name;
    and a notice of the rows a shared name left unmatched."""
    first, last = _ending(frame, "first name"), _ending(frame, "last name")
    written = (first + " " + last).str.strip()
    names = name_key(written)
    keys = url_keys(_ending(frame, "public url")) if any(
        c.endswith("public url") for c in frame.columns) else pd.Series(
        "", index=frame.index, dtype=object)
    companies = name_key(frame["company"]) if "company" in frame.columns else None
    got, amb = book.locate(keys, names, companies)
    return got[got.ge(0)].value_counts(), ambiguity_notices(filename, what,
                                                            written[amb.to_numpy()])


def _join(parts: list[np.ndarray], index: pd.Index) -> pd.Series:
    """Non-empty notes (arrays of text, "" for none) joined with "; ", row by row."""
    out = np.full(len(index), "", dtype=object)
    for part in parts:
        has = part != ""
        joined = part[has]
        before = out[has]
        after = before != ""
        joined[after] = before[after] + "; " + joined[after]
        out[has] = joined
    return pd.Series(out, index=index, dtype=object)


def read(archive: Archive, people: pd.DataFrame, as_of: date,
         book: Directory | None = None) -> Relations:
    """Count the relationship evidence for each connection (`book`: `Directory(people)`,
    when the caller has it already).

    `as_of` does not drop evidence: a conversation counts whatever its date, because the
    guard only ever softens a removal and missing evidence would be the harmful mistake.
    """
    del as_of  # accepted for the pipeline's uniform call; see the docstring
    notices: list[Notice] = []
    inputs: list[SourceFile] = []
    rows: dict[str, int] = {}
    book = book if book is not None else Directory(people)
    n = len(people)
    counts = pd.DataFrame({c: np.zeros(n, dtype=np.int64) for c in
                           ("sent", "received", "rec_given", "rec_received", "end_given",
                            "end_received")})
    counts["last"] = pd.Series(pd.NaT, index=counts.index, dtype="datetime64[ns]")
    present: list[str] = []
    owner = ""

    frame, source, said = _open(archive, MESSAGES, ("from", "date"), fast=MESSAGE_COLUMNS)
    notices += said
    if frame is not None and source is not None:
        inputs.append(source)
        hint = _owner_name(archive)
        found, owner, said = count_messages(frame, book, hint)
        notices += said
        # Without a known owner no message has a direction: no column, rather than zeros.
        if found is not None:
            for c in ("sent", "received"):
                counts[c] = found[c].reindex(counts.index).fillna(0).astype(
                    np.int64).to_numpy()
            counts["last"] = found["last"].reindex(counts.index).astype(
                "datetime64[ns]").to_numpy()
            present += ["sent", "received", "last"]
        rows[MESSAGES] = len(frame)

    kinds = (("rec", RECOMMENDATIONS, ("first name", "last name"), "recommendations"),
             ("end", ENDORSEMENTS, ("skill name",), "endorsements"))
    for prefix, files, must, label in kinds:
        for direction, filename in files.items():
            frame, source, said = _open(archive, filename, must)
            notices += said
            if frame is None or source is None:
                continue
            inputs.append(source)
            column = f"{prefix}_{direction}"
            found, said = _by_name(frame, book, filename, label)
            notices += said
            counts[column] = found.reindex(counts.index).fillna(0).astype(np.int64).to_numpy()
            present.append(column)
            rows[filename] = len(frame)

    counts.index = people.index
    last = counts["last"].dt.strftime("%Y-%m-%d").fillna("").astype(object)
    # Each note is written for the rows that have one: most connections have none.
    two_way = (counts["sent"].ge(1) & counts["received"].ge(1)).to_numpy()
    talk = np.full(n, "", dtype=object)
    both, when = (counts["sent"] + counts["received"])[two_way], last[two_way]
    talk[two_way] = (both.astype(str) + " messages exchanged"
                     + np.where(when.ne(""), ", last on " + when, "")).to_numpy(dtype=object)
    notes = [talk]
    for column, words in (("rec_received", "recommendation received"),
                          ("rec_given", "recommendation given"),
                          ("end_received", "endorsement received"),
                          ("end_given", "endorsement given")):
        some = counts[column].ge(1).to_numpy()
        c = counts[column][some]
        noun, verb = words.split(" ")
        text = np.full(n, "", dtype=object)
        text[some] = np.where(c.eq(1), noun + " " + verb,
                              c.astype(str) + " " + noun + "s " + verb).astype(object)
        notes.append(text)
    evidence = _join(notes, people.index)

    columns = pd.DataFrame(index=people.index)
    for key in COLUMNS:
        if key in present:
            columns[COLUMNS[key]] = last if key == "last" else counts[key]
    return Relations(columns=columns, evidence=evidence, inputs=inputs, notices=notices,
                     counts=counts, owner=owner, rows=rows)


def _owner_name(archive: Archive) -> str:
    """The owner's full name from Profile.csv (name key), "" when there is none to read."""
    try:
        profile = read_profile(archive)
    except InputError:
        return ""
    if profile is None:
        return ""
    return str(name_key(pd.Series([profile.full_name], dtype=object)).iloc[0])
