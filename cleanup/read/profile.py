"""The owner's own profile: Profile.csv (13 columns, or 15 in 2018) and their current company
from Positions.csv. Read by `init` for its proposals and by the relationship reader to find the
owner in messages.csv."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from cleanup.errors import InputError
from cleanup.files import read_capped
from cleanup.limits import PROFILE_BYTES
from cleanup.model import SourceFile
from cleanup.read.archive import Archive
from cleanup.read.csvio import read_table


@dataclass(frozen=True)
class Profile:
    """The owner's own row of Profile.csv (13 columns, or 15 in 2018)."""

    first: str
    last: str
    headline: str
    summary: str
    industry: str
    geo_location: str
    source: SourceFile
    current_company: str = ""  # from Positions.csv, when the archive has one
    #: the Titles of the current jobs in Positions.csv (of every job when none is current)
    titles: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """First and last name, as the owner's messages are signed."""
        return f"{self.first} {self.last}".strip()


def _profile(data: bytes, source: SourceFile) -> Profile | None:
    table = read_table(data, source, must=("First Name", "Last Name", "Headline"),
                       expected=("First Name", "Last Name", "Headline", "Industry",
                                 "Geo Location"))
    if table.frame.empty:
        return None
    row = table.frame.iloc[0]
    by_norm = {" ".join(c.split()).casefold(): c for c in table.columns}

    def cell(name: str) -> str:
        column = by_norm.get(name)
        return str(row[column]) if column else ""

    return Profile(first=cell("first name"), last=cell("last name"), headline=cell("headline"),
                   summary=cell("summary"), industry=cell("industry"),
                   geo_location=cell("geo location"), source=source)


def read_profile(archive: Archive) -> Profile | None:
    """The owner's profile from the export (Profile.csv at any depth), or None without one."""
    member = archive.find("Profile.csv")
    if member is None:
        return None
    data = archive.read(member)
    profile = _profile(data, archive.source(member, data))
    if profile is None:
        return None
    company, titles = _current_jobs(archive)
    return replace(profile, current_company=company, titles=titles)


def read_profile_file(path: Path) -> Profile | None:
    """A Profile.csv given on its own (`init --profile`)."""
    try:
        data = read_capped(path, PROFILE_BYTES, "a Profile.csv")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the profile ({exc.strerror}). Give the "
                         "Profile.csv of your LinkedIn archive.") from None
    source = SourceFile(label=str(path), sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data))
    return _profile(data, source)


def _current_jobs(archive: Archive) -> tuple[str, tuple[str, ...]]:
    """The company of the first job without an end date in Positions.csv, or "", and the
    Titles of the jobs without an end date (of every job when all have ended)."""
    member = archive.find("Positions.csv")
    if member is None:
        return "", ()
    data = archive.read(member)
    try:
        table = read_table(data, archive.source(member, data), must=("Company Name",))
    except InputError:
        return "", ()  # only hints for the business name and keywords; the profile was fine
    frame = table.frame
    current = frame[frame["Finished On"].eq("")] if "Finished On" in frame.columns else frame
    names = current["Company Name"][current["Company Name"].ne("")] if len(current) else (
        pd.Series())
    jobs = current if len(current) else frame
    titles = jobs["Title"][jobs["Title"].ne("")] if "Title" in jobs.columns else pd.Series()
    return (str(names.iloc[0]) if len(names) else "",
            tuple(dict.fromkeys(str(t) for t in titles)))
