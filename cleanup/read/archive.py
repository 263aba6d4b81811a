"""Where the export's files come from: a lone CSV, LinkedIn's zip (read in place) or its folder.

Files are found by case-insensitive name at any depth, the shallowest first. A zip is never
extracted: members are read into memory with a cap on both their declared and actual size,
so a zip bomb is refused before it can fill memory or disk.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from cleanup.errors import InputError, Notice
from cleanup.files import check_regular, read_capped
from cleanup.limits import EXPORT_FILE_BYTES
from cleanup.model import SourceFile

#: The largest single file we accept from an archive. LinkedIn's biggest realistic file,
#: messages.csv of a very active account, stays far below this.
MAX_MEMBER_BYTES = EXPORT_FILE_BYTES
#: A compression ratio no CSV reaches honestly (text compresses roughly 5 to 20 times).
MAX_RATIO = 200
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_ARCHIVE_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
_NOT_A_WORKBOOK = ("{path}: this is {what}, not LinkedIn's archive. Give the archive you "
                   "downloaded from LinkedIn (Basic_LinkedInDataExport_MM-DD-YYYY.zip), the "
                   "folder it was unzipped into, or its Connections.csv.")


def _is_workbook(path: Path, magic: bytes) -> bool:
    """Whether a zip is an .xlsx (renamed): it holds xl/workbook.xml."""
    if magic != _ZIP_MAGIC:
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError):  # _open_zip says what is wrong
        return False


@dataclass
class Archive:
    """A LinkedIn export in any of the shapes users hand us. Use it as a context manager:
    leaving the `with` block closes the zip."""

    path: Path
    kind: str  # "csv", "zip", "folder" or "memory" (a DataFrame given to the Python API)
    members: dict[str, int] = field(default_factory=dict)  # relative path -> size in bytes
    #: What opening it noticed (two zip members with one name): facts about the archive,
    #: fixed when it is opened.
    notes: tuple[Notice, ...] = ()
    _zip: zipfile.ZipFile | None = None
    _infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    _data: dict[str, bytes] = field(default_factory=dict)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip, if it is one; the archive cannot be read after this."""
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    @classmethod
    def in_memory(cls, label: str, files: dict[str, bytes],
                  notes: tuple[Notice, ...] = ()) -> Archive:
        """An export held in memory: file name -> bytes (the Python API's DataFrame)."""
        return cls(path=Path(label), kind="memory", notes=notes,
                   members={name: len(data) for name, data in files.items()}, _data=files)

    @classmethod
    def open(cls, path: str | Path) -> Archive:
        """Open EXPORT: a Connections.csv, an archive zip or the folder it was unzipped into."""
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p}: no such file or folder. Give the LinkedIn archive "
                             "(.zip), the folder it was unzipped into, or Connections.csv.")
        if p.is_dir():
            return cls._open_folder(p)
        check_regular(p)
        try:
            with p.open("rb") as fh:
                magic = fh.read(4)
        except OSError as exc:
            raise InputError(f"{p}: cannot be read ({exc.strerror}).") from None
        if p.suffix.lower() in _SPREADSHEETS or _is_workbook(p, magic):
            raise InputError(_NOT_A_WORKBOOK.format(
                path=p, what="a workbook linkedin-cleanup wrote" if p.name.startswith(
                    "linkedin-cleanup-") else "a spreadsheet workbook"))
        if magic in (_ZIP_MAGIC, _EMPTY_ZIP_MAGIC) or p.suffix.lower() == ".zip":
            return cls._open_zip(p)
        return cls(path=p, kind="csv", members={p.name: p.stat().st_size})

    @classmethod
    def _open_folder(cls, root: Path) -> Archive:
        zips = sorted(f for f in root.iterdir() if f.suffix.lower() == ".zip" and f.is_file())
        has_csv = any(f.name.casefold() == "connections.csv" for f in root.rglob("*"))
        if len(zips) > 1 and not has_csv:
            raise InputError(f"{root}: this folder holds {len(zips)} zip archives ("
                             + ", ".join(f.name for f in zips) + "); give one of them, "
                             f"such as {root / zips[-1].name}.")
        members: dict[str, int] = {}
        for f in sorted(root.rglob("*")):
            if f.is_file() and not f.is_symlink():
                members[f.relative_to(root).as_posix()] = f.stat().st_size
        return cls(path=root, kind="folder", members=members)

    @classmethod
    def _open_zip(cls, p: Path) -> Archive:
        try:
            zf = zipfile.ZipFile(p)
        except UnicodeDecodeError:
            raise InputError(f"{p}: a file name inside the zip is marked as UTF-8 but is not; "
                             "the archive is damaged. Download it again from LinkedIn, or "
                             "unzip it with another tool and give the folder.") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(f"{p}: not a readable zip archive ({exc}). Download the archive "
                             "again from LinkedIn, or unzip it and give the folder.") from None
        infos: dict[str, zipfile.ZipInfo] = {}
        notes: list[Notice] = []
        for info in zf.infolist():
            if info.is_dir() or info.filename.startswith("__MACOSX/"):
                continue
            # Names such as "../x" or "/etc/x" are only ever used as lookup keys, never as
            # paths on disk, so they cannot escape anywhere; normalise them for matching.
            parts = [part for part in PurePosixPath(info.filename.replace("\\", "/")).parts
                     if part not in ("/", "..", ".")]
            if not parts:
                continue
            key = PurePosixPath(*parts).as_posix()
            if key in infos:
                # Two members read as the same name: the one named plainly wins, and we say so.
                kept, other = ((info, infos[key]) if info.filename == key
                               and infos[key].filename != key else (infos[key], info))
                infos[key] = kept
                notes.append(Notice("", None, f"{p.name} holds two members named {key}: read "
                                    f"{kept.filename!r}, ignored {other.filename!r}"))
            else:
                infos[key] = info
        return cls(path=p, kind="zip", members={n: i.file_size for n, i in infos.items()},
                   notes=tuple(notes), _zip=zf, _infos=infos)

    @property
    def archive_date(self) -> date | None:
        """The date in LinkedIn's archive name (`..._MM-DD-YYYY.zip`), if it carries one."""
        m = _ARCHIVE_DATE.search(self.path.name) or (
            _ARCHIVE_DATE.search(self.path.parent.name) if self.kind == "csv" else None)
        if not m:
            return None
        try:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        except ValueError:
            return None

    def _hits(self, filename: str) -> list[str]:
        want = filename.casefold()
        return [name for _depth, name in sorted(
            (name.count("/"), name) for name in self.members
            if PurePosixPath(name).name.casefold() == want)]

    def find(self, filename: str) -> str | None:
        """The member called `filename` (any case, any depth), preferring the shallowest."""
        if self.kind == "csv":
            return self._sibling(filename)
        hits = self._hits(filename)
        return hits[0] if hits else None

    def duplicates(self, filename: str) -> list[Notice]:
        """A notice when the archive holds several files called `filename` (`find` reads the
        shallowest); the stage that reads the file returns it with its own notices."""
        hits = self._hits(filename) if self.kind != "csv" else []
        if len(hits) < 2:
            return []
        return [Notice("", None, f"{self.path.name} holds {len(hits)} files named {filename}; "
                       f"read {hits[0]}, ignored " + ", ".join(hits[1:]))]

    def _sibling(self, filename: str) -> str | None:
        # A lone Connections.csv is the connections file whatever its name; the archive's
        # other files are used when they sit beside it in an unzipped archive folder. Like the
        # folder's, they are read only when they are plain files: a symbolic link could point
        # at any file on the disk, whose first line would end up in the shared report.
        if filename.casefold() == "connections.csv":
            return self.path.name
        for f in sorted(self.path.parent.iterdir()):
            if not f.is_symlink() and f.is_file() and f.name.casefold() == filename.casefold():
                return "../" + f.name
        return None

    def label(self, member: str) -> str:
        """How a member is named in messages: `Connections.csv in Basic_...zip`."""
        if self.kind == "memory":
            return f"{member} ({self.path})"
        if self.kind == "csv":
            return str(self.path.parent / member.removeprefix("../")) if member.startswith(
                "../") else str(self.path)
        return f"{member} in {self.path}"

    def read(self, member: str) -> bytes:
        """The bytes of a member, refusing anything that inflates past a sane size."""
        if self.kind == "zip":
            return self._read_zip(member)
        if self.kind == "memory":
            return self._data[member]
        path = (self.path.parent / member.removeprefix("../") if self.kind == "csv"
                and member.startswith("../") else self.path if self.kind == "csv"
                else self.path / member)
        try:
            size = path.stat().st_size
            if size > MAX_MEMBER_BYTES:
                raise InputError(f"{self.label(member)}: {size:,} bytes is more than any LinkedIn "
                                 f"export file holds ({MAX_MEMBER_BYTES:,}); refusing to read it.")
            return read_capped(path, MAX_MEMBER_BYTES, "a LinkedIn export file")
        except OSError as exc:
            raise InputError(f"{self.label(member)}: cannot be read ({exc.strerror}).") from None

    def _read_zip(self, member: str) -> bytes:
        assert self._zip is not None
        info = self._infos[member]
        where = self.label(member)
        if info.flag_bits & 0x1:
            raise InputError(f"{where}: the archive is encrypted. Download it again from "
                             "LinkedIn (its archives are not password protected), or unzip it "
                             "yourself and give the folder.")
        limit = min(MAX_MEMBER_BYTES, max(info.compress_size, 1) * MAX_RATIO + 1024 * 1024)
        if info.file_size > limit:
            raise InputError(f"{where}: declares {info.file_size:,} bytes, more than a LinkedIn "
                             "export file can hold; refusing to inflate it (zip bomb?).")
        chunks, total = [], 0
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    total += len(chunk)
                    if total > limit:
                        raise InputError(f"{where}: inflates past {limit:,} bytes although it "
                                         "declares less; refusing it (zip bomb?).")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise InputError(f"{where}: cannot be read from the zip ({exc}). Download the "
                             "archive again, or unzip it and give the folder.") from None
        return b"".join(chunks)

    def source(self, member: str, data: bytes) -> SourceFile:
        """Identify a file that was read, with its SHA-256, for the Summary sheet."""
        return SourceFile(label=self.label(member), sha256=hashlib.sha256(data).hexdigest(),
                          size=len(data))
