"""Hostile input, second round: no hang, no blow-up, no silent loss.

Every big input is generated here, at test time, and bounded: a long run of one character, a
workbook whose XML inflates, a FIFO, a gzip bomb. The caps that would take long to reach are
lowered for a test (monkeypatched), so the same code refuses a small file. The cases that
could hang run in a subprocess with a timeout or under an alarm (a guard against a hang, never
a measure of speed). The text functions are shown linear by the ratio of their times on two
lengths of the same text, with a margin wide enough that a loaded machine never decides: it
catches quadratic work, not slow work.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import gzip
import os
import posixpath
import shutil
import signal
import time
import xml.parsers.expat
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pandas as pd
import pytest
from helpers import HANG_SECONDS, libreoffice_convert
from test_hostile import check_html, cli, cli_process, mh, ooxml_text, refused

import cleanup
from cleanup import places, proposals
from cleanup import rules as rules_module
from cleanup.errors import InputError
from cleanup.judge import coverage, tagging
from cleanup.memory import history, ledger, xlsx
from cleanup.model import SourceFile
from cleanup.places import resolver
from cleanup.read import connections, csvio, enrich
from cleanup.read.profile import Profile
from cleanup.text import (
    fold_one,
    forget,
    header_key,
    parse_date,
    profile_link_one,
    url_key_one,
    whole_one,
)
from cleanup.writers import report, xmlescape

# ---------------------------------------------------------------------------- linear time

#: Every character a pattern could treat specially, and letters and digits.
RUN_CHARS = list("/\\.-_,;:'\"@#+%?&=()[] \t\n|·–") + ["a", "7", "é", "\u0301"]
#: Pairs that make a path, a date, a URL or a list that never ends.
PAIRS = ["a/", "/a", "(/a", " in a/", "1/", "1-", "a,", "_x", "a-", "a ", " a", "in/", "1 "]
#: Two lengths of each text: linear work takes about 32 times as long on the long one,
#: quadratic work 1,024 times.
SHORT, LONG = 3_200, 102_400  # even: a run of quotes stays a quoted field
#: The most the long text may take, as a multiple of the short one: between the two, more
#: than five times either away (a long text's memory use alone adds some).
MAX_RATIO = 180
#: A measurement times calls for at least this long, so that the timer's grain is no matter.
SAMPLE_SECONDS = 0.002

_KEYWORDS = tagging.compile_keywords(("real estate", "seo", "web design", "c++", "a", "a a a b",
                                      "x-ray", "1"))
_SOURCE = SourceFile(label="Connections.csv", sha256="", size=0)


def _profile(text: str) -> Profile:
    return Profile(first=text, last=text, headline=text, summary=text, industry=text,
                   geo_location=text, source=_SOURCE)


TEXT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "fold_one": fold_one,
    "whole_one": whole_one,
    "url_key_one": url_key_one,
    "profile_link_one": lambda s: profile_link_one("linkedin.com/in/" + s),
    "parse_date": parse_date,
    "header_key": header_key,
    "find_header": lambda s: csvio.find_header(s + "\n" + s, ("First Name", "URL")),
    "read_table": lambda s: csvio.read_table(
        ("First Name,URL\n" + '"' + s.replace('"', '""') + '",' + s.replace(",", "")
         + "\n").encode("utf-8"), _SOURCE, must=("First Name", "URL")),
    "enrich header": enrich._squash,
    "tagging tokens": tagging.tokens,
    "keyword pattern": lambda s: _KEYWORDS.findall(fold_one(s)) if _KEYWORDS else None,
    "coverage tokenizer": lambda s: coverage._TOKEN.findall(fold_one(s)),
    "places.resolve": places.resolve,
    "report display_label": report.display_label,
    "sheet escape": xmlescape.escape,
    "starter business": lambda s: proposals.propose_business(_profile(s)),
    "starter keywords": lambda s: proposals.propose_keywords(_profile(s)),
    "starter location": proposals.propose_location,
}


def _forget() -> None:
    """Empty the caches of the text functions, so that every call does its work anew."""
    forget()
    url_key_one.cache_clear()
    resolver._resolve.cache_clear()


def _per_call(function: Callable[[str], object], value: str) -> float:
    """CPU seconds one call takes, timed over calls adding up to SAMPLE_SECONDS. CPU time, not
    the clock on the wall: time spent waiting while other processes run is not counted. The
    garbage collector waits meanwhile: a pass over the whole heap, which a long text's many
    objects may start, is no work of the function."""
    spent, calls = 0.0, 0
    gc.disable()
    try:
        while spent < SAMPLE_SECONDS:
            _forget()
            start = time.process_time()
            function(value)
            spent += time.process_time() - start
            calls += 1
    finally:
        gc.enable()
    return spent / calls


def _texts(length: int) -> list[str]:
    """Runs of every character and pair that could make a pattern backtrack."""
    texts = [unit * (length // len(unit)) for unit in RUN_CHARS + PAIRS]
    return texts + ["https://www.linkedin.com/in/" + c * length + "x" for c in RUN_CHARS]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TEXT_FUNCTIONS))
def test_text_functions_take_linear_time_on_long_runs(name: str) -> None:
    """Time on a long text over time on a short one: a ratio, never a budget. The best of a
    few measurements counts, since a loaded machine only ever adds time."""
    function = TEXT_FUNCTIONS[name]
    function("Austin, Texas")  # load what loads once (the gazetteer) before timing
    slow = []
    for short, long in zip(_texts(SHORT), _texts(LONG), strict=True):
        base = min(_per_call(function, short) for _ in range(3))
        # Stop at the first measurement within bounds; only a real excess is measured thrice.
        ratios = []
        for _ in range(3):
            ratios.append(_per_call(function, long) / base)
            if ratios[-1] <= MAX_RATIO:
                break
        if min(ratios) > MAX_RATIO:
            slow.append((short[:40], round(min(ratios))))
    assert not slow, f"{name} is slower than linear on long runs (long/short time): {slow}"


def test_the_ratio_catches_quadratic_work() -> None:
    """The measure above fails a function that does quadratic work, and passes linear work."""
    def quadratic(value: str) -> int:
        return sum(value.count(value[i:i + 2]) for i in range(0, len(value), 50))

    def linear(value: str) -> int:
        return value.count("a")

    for function, is_linear in ((quadratic, False), (linear, True)):
        short, long = "ab" * (SHORT // 2), "ab" * (LONG // 2)
        base = min(_per_call(function, short) for _ in range(3))
        ratio = min(_per_call(function, long) for _ in range(3)) / base
        assert (ratio <= MAX_RATIO) == is_linear, (function.__name__, ratio)


# ---------------------------------------------------------------------------- XML-invalid text

#: Characters XML 1.0 cannot hold, as they come in a CSV (surrogates cannot: UTF-8 has none).
XML_INVALID = "\ufffe\uffff\x01\x0b\x0c\x1f\x7f"


def strict_xml(data: bytes, where: str) -> None:
    """Parse with expat, which refuses every character XML 1.0 does not allow."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise AssertionError(f"{where}: not well-formed XML ({exc})") from None


def libreoffice_csv(path: Path, tmp_path: Path) -> list[list[str]]:
    """The Connections sheet as LibreOffice reads it (headless conversion to CSV)."""
    folder = libreoffice_convert(path, tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,"
                                 "0,false,true,false,false,false,2")
    sheet = next(f for f in folder.iterdir() if f.name.endswith("-Connections.csv"))
    with sheet.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh) if any(row)]


def _xml_invalid_run(tmp_path: Path) -> tuple[list[str], Path, Path, Path]:
    """A run on names holding every XML-invalid character: (names, export, out, workbook)."""
    names = [f"Ann{c}Bad" for c in XML_INVALID] + ["Zed"]
    rows = [[name, "Example" + XML_INVALID, f"https://www.linkedin.com/in/p{i}", "",
             "Acme\ufffe", "Realtor\uffff", "05 Mar 2024"] for i, name in enumerate(names)]
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text(rows), encoding="utf-8")
    (tmp_path / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f"Owner,Ivy{XML_INVALID},\"11/20/26, 9:07 AM\",Hi\ufffe,OUTGOING,,"
        "https://www.linkedin.com/in/ivy\n", encoding="utf-8")
    out = tmp_path / "out"
    run = cli(export, out, as_of=date(2026, 10, 25))
    assert run.code == 0, run.stderr
    return names, export, out, out / "linkedin-cleanup-2026-10-25.xlsx"


@pytest.mark.soffice
def test_libreoffice_reads_every_row_of_a_sheet_with_xml_invalid_characters(
        tmp_path: Path) -> None:
    names, _, _, book = _xml_invalid_run(tmp_path)
    sheet = libreoffice_csv(book, tmp_path)
    assert [r[0] for r in sheet[1:]][-1] == "Zed"
    assert len(sheet) == len(names) + 1


def test_xml_invalid_characters_are_escaped_in_every_sheet(tmp_path: Path) -> None:
    names, export, out, book = _xml_invalid_run(tmp_path)
    with zipfile.ZipFile(book) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                strict_xml(zf.read(name), name)
    wb = openpyxl.load_workbook(book)
    ws = wb["Connections"]
    got = [(ooxml_text(r[0].value), ooxml_text(r[1].value)) for r in ws.iter_rows(min_row=2)]
    assert got == [(name, "Example" + XML_INVALID) for name in names]
    wb.close()
    check_html(out / "linkedin-cleanup-2026-10-25.html")

    # Next month's run reads the decision typed below the hostile rows.
    wb = openpyxl.load_workbook(book)
    ws = wb["Connections"]
    column = [c.value for c in ws[1]].index("Decision") + 1
    ws.cell(ws.max_row, column).value = "remove"
    wb.save(book)
    again = cli(export, out)
    assert again.code == 0, again.stderr
    ledger = (out / "decisions.csv").read_text(encoding="utf-8-sig")
    assert "Zed" in ledger and "remove" in ledger


def test_escape_writes_every_xml_invalid_code_point_as_an_escape() -> None:
    text = "a\ud800b\udcffc\ufffe\uffff\x00\x1f\t\n_x0041_"
    escaped = xmlescape.escape(text)
    strict_xml(f"<t>{escaped}</t>".encode(), "escape")
    assert "_xD800_" in escaped and "_xFFFE_" in escaped and "_x005F_x0041_" in escaped


# ---------------------------------------------------------------------------- previous workbook

def _month_one(tmp_path: Path) -> tuple[Path, Path]:
    """Last month's run of a small export: (the export, the output folder)."""
    rows = [[f"Ann{i}", "Example", f"https://www.linkedin.com/in/ann{i}", "", "Acme", "Realtor",
             "05 Mar 2024"] for i in range(5)]
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text(rows), encoding="utf-8")
    out = tmp_path / "out"
    run = cli(export, out, as_of=date(2026, 10, 25))
    assert run.code == 0, run.stderr
    return export, out


def _rewrite(book: Path, change: Callable[[str, bytes], bytes],
             add: dict[str, bytes] | None = None) -> None:
    """Rewrite every member of the workbook zip through `change(name, data)`, and `add`."""
    with zipfile.ZipFile(book) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            zf.writestr(info.filename, change(info.filename, data))
        for name, data in (add or {}).items():
            zf.writestr(name, data)


def _connections_sheet(name: str, data: bytes) -> bool:
    return name.startswith("xl/worksheets/sheet") and b"Ann0" in data


@pytest.mark.parametrize("case", ["comment", "shared strings", "rows", "cell"])
def test_previous_workbook_past_a_cap_is_refused(tmp_path: Path, case: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    export, out = _month_one(tmp_path)
    book = out / "linkedin-cleanup-2026-10-25.xlsx"
    # The caps are lowered so that the hostile parts stay small; the code path is the same.
    limit = {"comment": ("WORKBOOK_PART_BYTES", 1 << 20), "shared strings":
             ("WORKBOOK_STRINGS", 1_000), "rows": ("EXCEL_ROWS", 100),
             "cell": ("EXCEL_CELL_CHARS", 1_000)}[case]
    monkeypatch.setattr(xlsx, *limit)

    def change(name: str, data: bytes) -> bytes:
        if case == "comment" and _connections_sheet(name, data):
            return data.replace(b"<sheetData>", b"<!--" + b"x" * (2 << 20) + b"--><sheetData>")
        if case == "shared strings" and name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://'
                                b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                b'sharedStrings" Target="strings.xml"/></Relationships>')
        if case == "rows" and _connections_sheet(name, data):
            return data.replace(b"</sheetData>", b"<row/>" * 200 + b"</sheetData>")
        if case == "cell" and _connections_sheet(name, data):
            return data.replace(b"Ann0", b"Ann0" + b"y" * 2_000)
        return data

    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>s</t></si>" * 2_000 + b"</sst>")
    _rewrite(book, change, {"xl/strings.xml": strings} if case == "shared strings" else None)
    run = cli(export, out)
    assert run.code == 1, run.stderr
    assert run.error.startswith(f"Error: {book}: ")
    assert "refusing to read it" in run.error
    assert {"comment": "past 1,048,576 bytes", "shared strings": "more than 1,000 "
            "entries", "rows": "more than 100 rows", "cell": "more than 1,000 characters"}[
                case] in run.error


# ---------------------------------------------------------------------------- special files

@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a blocked open() of a FIFO is interrupted by the alarm."""
    def expired(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_fifo_as_export_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "Connections.csv"
    os.mkfifo(fifo)
    with deadline(120):
        run = cli(fifo, tmp_path / "out")
    refused(run, str(fifo), "named pipe (FIFO), not a regular file")


def test_a_fifo_as_the_ledger_is_refused_at_once(tmp_path: Path) -> None:
    export, out = _month_one(tmp_path)
    (out / "decisions.csv").unlink()
    os.mkfifo(out / "decisions.csv")
    with deadline(120):
        run = cli(export, out)
    assert run.code == 1
    assert "decisions.csv: this is a named pipe (FIFO)" in run.error


@pytest.mark.slow  # a subprocess each
@pytest.mark.parametrize("where", ["export", "enrich", "rules"])
def test_dev_zero_is_refused_at_once(tmp_path: Path, where: str) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text([["Ann", "Example", "", "", "Acme", "Realtor", ""]]),
                      encoding="utf-8")
    extra = {"export": (), "enrich": ("--enrich", "/dev/zero"),
             "rules": ("--rules", "/dev/zero")}[where]
    run, peak = cli_process(Path("/dev/zero") if where == "export" else export,
                            tmp_path / "out", *extra, cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert "/dev/zero: this is a device, not a regular file" in run.error
    assert peak < 1024, f"{peak:.0f} MiB"


@pytest.mark.parametrize("which", ["rules", "enrich", "ledger", "history"])
def test_a_file_past_its_size_limit_is_refused(tmp_path: Path, which: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    export, out = _month_one(tmp_path)
    module, name = {"rules": (rules_module, "RULES_BYTES"), "enrich": (enrich, "ENRICH_BYTES"),
                    "ledger": (ledger, "LEDGER_BYTES"), "history": (history, "HISTORY_BYTES")
                    }[which]
    monkeypatch.setattr(module, name, 32)
    lead = tmp_path / "leads.csv"
    lead.write_text("URL,Industry\n" + "https://www.linkedin.com/in/ann0,Realty\n" * 10,
                    encoding="utf-8")
    run = cli(export, out, *(("--enrich", str(lead)) if which == "enrich" else ()))
    assert run.code == 1, run.stderr
    assert "more than 32 bytes" in run.error and "refusing to read it" in run.error


def test_a_symlink_beside_a_lone_connections_csv_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("From,To,Direction\nTOP-SECRET-LINE,x,OUTGOING\n", encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    export = folder / "Connections.csv"
    export.write_text(mh.csv_text([["Ann", "Example", "", "", "Acme", "Realtor", ""]]),
                      encoding="utf-8")
    for name in ("Invitations.csv", "messages.csv", "Profile.csv"):
        (folder / name).symlink_to(secret)
    run = cli(export, tmp_path / "out")
    assert run.code == 0, run.stderr
    for written in (tmp_path / "out").glob("linkedin-cleanup-*"):
        data = written.read_bytes()
        if written.suffix == ".xlsx":
            with zipfile.ZipFile(written) as zf:
                data = b"".join(zf.read(n) for n in zf.namelist())
        assert b"TOP-SECRET" not in data and b"secret.txt" not in data, written.name


# ---------------------------------------------------------------------------- reader's own data

#: What the reader once appended to the text to find a quote left open.
OLD_END_MARK = "\ufdd0end of file\ufdd0"


@pytest.mark.parametrize("text", [OLD_END_MARK, f"Ann {OLD_END_MARK}", "\ufdd0", '"', "\n"])
def test_no_text_imitates_the_readers_control_data(tmp_path: Path, text: str) -> None:
    rows = [["Ann", text, "https://www.linkedin.com/in/ann", "", "Acme", "Realtor", ""],
            [text, "", "", "", "", "", ""],
            ["Zed", "Last", "https://www.linkedin.com/in/zed", "", text, text, ""]]
    raw = mh.csv_text(rows).replace(mh.csv_text([]), mh.csv_text([]) + OLD_END_MARK + "\n")
    table = csvio.read_table(raw.encode("utf-8"), _SOURCE, must=("First Name", "URL"))
    shown = [text.strip()] if text.strip() else []  # a row of blanks is no row
    assert table.frame["First Name"].tolist() == [OLD_END_MARK, "Ann", *shown, "Zed"]
    assert table.frame["Last Name"].tolist()[-1] == "Last"


def test_an_end_marker_in_an_invitation_keeps_the_file(tmp_path: Path) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text([["Ann", "Example", "", "", "Acme", "Realtor", ""]]),
                      encoding="utf-8")
    (tmp_path / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f"Ivy Lee,Owner,\"11/20/26, 9:07 AM\",{OLD_END_MARK},INCOMING,"
        "https://www.linkedin.com/in/ivy,\n"
        f"{OLD_END_MARK}\n", encoding="utf-8")
    run = cli(export, tmp_path / "out")
    assert run.code == 0, run.stderr
    wb = openpyxl.load_workbook(tmp_path / "out" / "linkedin-cleanup-2026-11-25.xlsx")
    values = [c.value for row in wb["Invitations"].iter_rows() for c in row]
    assert "Ivy Lee" in values


@pytest.mark.parametrize(("raw", "line"), [
    ('First Name,URL\nAnn,x\n"Bob,y\nCy,z\n', 3),
    ('First Name,URL\nAnn,"x""\n', 2),
    ('First Name,URL,Note\nAnn,"a"b,"c\n', 2),
])
def test_a_quote_left_open_is_still_refused_on_its_line(raw: str, line: int) -> None:
    with pytest.raises(InputError, match=rf", line {line}: a double quote"):
        csvio.read_table(raw.encode(), _SOURCE, must=("First Name", "URL"))


def test_a_quoted_field_ending_in_a_line_break_is_not_an_open_quote() -> None:
    raw = 'First Name,URL\nAnn,"x\n"\nBob,"y\r\n"'
    table = csvio.read_table(raw.encode(), _SOURCE, must=("First Name", "URL"))
    assert table.frame["First Name"].tolist() == ["Ann", "Bob"]


# ---------------------------------------------------------------------------- crashes

def _rules_with(tmp_path: Path, keywords: list[str]) -> Path:
    path = tmp_path / "rules" / "big.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(mh.RULES.replace('keywords = ["realtor", "broker"]', "keywords = ["
                                     + ", ".join(f'"{k}"' for k in keywords) + "]"),
                    encoding="utf-8")
    return path


def _export(tmp_path: Path) -> Path:
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text([["Ann", "Example", "https://www.linkedin.com/in/ann", "",
                                    "Acme", "w w w realtor", "05 Mar 2024"]]), encoding="utf-8")
    return export


def test_a_keyword_of_a_thousand_letters_is_refused_by_name(tmp_path: Path) -> None:
    rules = _rules_with(tmp_path, ["realtor", "a" * 1_000])
    run = cli(_export(tmp_path), tmp_path / "out", rules=rules)
    refused(run, "big.toml, line 7: [prospect] keywords entry 'aaaa", "1,000 characters long")
    # The matcher itself builds such a trie without recursion.
    pattern = tagging.compile_keywords(("a" * 1_000,))
    assert pattern is not None and pattern.search("x " + "a" * 1_000)


def test_hundreds_of_nested_prefix_keywords_are_matched(tmp_path: Path) -> None:
    words = [" ".join(["w"] * i) for i in range(1, 100)]
    run = cli(_export(tmp_path), tmp_path / "out", rules=_rules_with(tmp_path, words))
    assert run.code == 0, run.stderr
    pattern = tagging.compile_keywords(tuple("w" * i for i in range(1, 401)))
    assert pattern is not None and pattern.fullmatch("w" * 400)


def test_deeply_nested_toml_is_refused(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "deep.toml"
    rules.parent.mkdir()
    rules.write_text(mh.RULES + "x = " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    refused(cli(_export(tmp_path), tmp_path / "out", rules=rules), "deep.toml: arrays or tables "
            "nest too deeply")


@pytest.mark.parametrize(("data", "note"), [
    ("From,To,Direction\nIvy,Owner,INCOMING\n".encode("utf-16") + b"\x00\xd8,\x00",
     "bytes that are not valid UTF-16 were replaced"),  # a lone surrogate
    ("From,To,Direction\nIvy,Owner,INCOMING\n".encode("utf-16") + b"\x41",
     "ends in the middle of a character"),  # odd byte count
])
def test_broken_utf16_in_an_optional_file_is_a_note(tmp_path: Path, data: bytes,
                                                    note: str) -> None:
    (tmp_path / "Invitations.csv").write_bytes(data)
    run = cli(_export(tmp_path), tmp_path / "out")
    assert run.code == 0, run.stderr
    assert note in run.stdout + run.stderr


def test_a_zip_with_a_false_utf8_member_name_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Connections_.csv", mh.csv_text([["Ann", "E", "", "", "", "", ""]]))
    data = bytearray(archive.read_bytes().replace(b"Connections_.csv", b"Connections\xff.csv"))
    # Mark the name UTF-8 (general purpose flag bit 11) in the local and central headers.
    for magic, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(magic) + flags
        data[at + 1] |= 0x08
    archive.write_bytes(data)
    refused(cli(archive, tmp_path / "out"), "a file name inside the zip is marked as UTF-8")


def test_file_and_folder_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/Basic_\xff\xfe"))
    folder.mkdir()
    _export(folder)
    out = tmp_path / "out"
    assert cli(folder, out, as_of=date(2026, 10, 25)).code == 0
    previous = Path(os.fsdecode(os.fsencode(tmp_path) + b"/last\xff.xlsx"))
    shutil.copyfile(out / "linkedin-cleanup-2026-10-25.xlsx", previous)
    wb = openpyxl.load_workbook(previous)
    ws = wb["Connections"]
    ws.cell(2, [c.value for c in ws[1]].index("Decision") + 1).value = "keep"
    wb.save(previous)
    run = cli(folder / "Connections.csv", out, "--previous", str(previous))
    assert run.code == 0, run.stderr
    ledger_text = (out / "decisions.csv").read_text(encoding="utf-8-sig")
    assert "keep" in ledger_text and "last\ufffd.xlsx" in ledger_text
    check_html(out / "linkedin-cleanup-2026-11-25.html")


def test_history_counts_that_are_not_counts_are_a_note(tmp_path: Path) -> None:
    export, out = _month_one(tmp_path)
    path = out / "history.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    width = lines[0].count(",")
    lines += ["2026-09-25," + ",".join(["inf"] + ["1e30"] * (width - 1)),
              "2026-08-25," + ",".join(["-3"] + ["2.5"] * (width - 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli(export, out)
    assert run.code == 0, run.stderr
    assert "values that are not counts of connections were read as 0" in run.stdout + run.stderr


def test_a_gzip_bomb_among_the_snapshots_is_a_note(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    export, out = _month_one(tmp_path)
    monkeypatch.setattr(history, "SNAPSHOT_BYTES", 1 << 20)  # so that the bomb stays small
    [snapshot] = (out / ".history").iterdir()
    with gzip.open(snapshot, "wb") as gz:
        for _ in range(16):
            gz.write(b"\0" * (1 << 20))
    run = cli(export, out)
    assert run.code == 0, run.stderr
    assert "inflates past 1,048,576 bytes" in run.stdout + run.stderr


# ---------------------------------------------------------------------------- decisions kept

def test_decisions_for_names_with_escape_like_text_are_found(tmp_path: Path) -> None:
    names = ["Ann_x0041_", "Bob_x005F_x0042_", "Cy\x01Tab", "Dee\ufffeNon", "Eve_x00"]
    rows = [[name, "Example", "", "", f"Firm {i}", "Realtor", ""] for i, name in
            enumerate(names)]
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text(rows), encoding="utf-8")
    out = tmp_path / "out"
    assert cli(export, out, as_of=date(2026, 10, 25)).code == 0
    book = out / "linkedin-cleanup-2026-10-25.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Connections"]
    column = [c.value for c in ws[1]].index("Decision") + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row, column).value = "remove"
    wb.save(book)
    run = cli(export, out)
    assert run.code == 0, run.stderr
    decided = {row[0] for row in csv.reader(
        (out / "decisions.csv").read_text(encoding="utf-8-sig").splitlines()[1:])}
    with (out / "decisions.csv").open(encoding="utf-8-sig", newline="") as fh:
        decided = {row["Name"]: row["Decision"] for row in csv.DictReader(fh)}
    assert decided == {f"{name} Example": "remove" for name in names}
    assert "were not matched" not in run.stdout


# ---------------------------------------------------------------------------- profile links

#: URLs that start like a profile and leave `/in/` once a browser or Excel resolves them.
ESCAPING_URLS = ["https://www.linkedin.com/in/../../evil", "https://www.linkedin.com/in/%2e%2e/x",
                 "https://www.linkedin.com/in/%252e%252e", "https://www.linkedin.com/in/%252E.",
                 "https://www.linkedin.com/in/a%252fb", "https://www.linkedin.com/in/.%2e",
                 "https://www.linkedin.com/in/a%255c..%255c"]


def _stays_on_a_profile(link: str) -> bool:
    """The link is canonical, and resolving it as a browser does keeps one /in/ segment."""
    if not link.startswith("https://www.linkedin.com/in/"):
        return False
    path = posixpath.normpath(unquote(unquote(link[len("https://www.linkedin.com"):])))
    return path.startswith("/in/") and path.count("/") == 2 and "\\" not in path


def test_only_canonical_profile_links_are_links(tmp_path: Path) -> None:
    rows = [[f"P{i}", "Example", url, "", "Acme", "Realtor", ""]
            for i, url in enumerate([*ESCAPING_URLS, "https://www.linkedin.com/in/ok-slug"])]
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text(rows), encoding="utf-8")
    (tmp_path / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n" + "".join(
            f"Ivy{i},Owner,\"11/20/26, 9:07 AM\",Hi,INCOMING,{url},\n"
            for i, url in enumerate([*ESCAPING_URLS, "https://www.linkedin.com/in/ivy"])),
        encoding="utf-8")
    out = tmp_path / "out"
    run = cli(export, out)
    assert run.code == 0, run.stderr
    links = []
    wb = openpyxl.load_workbook(out / "linkedin-cleanup-2026-11-25.xlsx")
    for ws in wb.worksheets:
        links += [cell.hyperlink.target for row in ws.iter_rows() for cell in row
                  if cell.hyperlink is not None]
    assert sorted(links) == ["https://www.linkedin.com/in/ivy",
                             "https://www.linkedin.com/in/ok-slug"]
    _, island = check_html(out / "linkedin-cleanup-2026-11-25.html")
    slugs = [s for s in island["columns"]["slug"] if s]
    assert slugs == ["ok-slug"]
    for link in ESCAPING_URLS:
        assert not _stays_on_a_profile(profile_link_one(url_key_one(link)) or "x")
    assert _stays_on_a_profile(profile_link_one(url_key_one("https://linkedin.com/in/J%C3%BCrgen")))


def test_export_columns_named_like_the_tools_are_kept_apart(tmp_path: Path) -> None:
    header = [*mh.HEADER, "decision", "TAG", "Reason", "messages SENT"]
    rows = [["Ann", "Example", "https://www.linkedin.com/in/ann", "", "Acme", "Realtor", "",
             "remove", "vip", "met at fair", "lots"],
            ["Bob", "Example", "https://www.linkedin.com/in/bob", "", "Acme", "Realtor", "",
             "remove", "vip", "old friend", "few"]]
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text(rows, header=header), encoding="utf-8")
    out = tmp_path / "out"
    assert cli(export, out, as_of=date(2026, 10, 25)).code == 0
    book = out / "linkedin-cleanup-2026-10-25.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Connections"]
    titles = [c.value for c in ws[1]]
    for name, value in (("decision (export)", "remove"), ("TAG (export)", "vip"),
                        ("Reason (export)", "met at fair"), ("messages SENT (export)", "lots")):
        assert ws.cell(2, titles.index(name) + 1).value == value
    assert ws.cell(2, titles.index("Tag") + 1).value == "prospect"
    assert ws.cell(2, titles.index("Decision") + 1).value is None
    ws.cell(3, titles.index("Decision") + 1).value = "keep"  # Bob, in the tool's column
    wb.save(book)
    run = cli(export, out)
    assert run.code == 0, run.stderr
    with (out / "decisions.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [(r["Name"], r["Decision"]) for r in csv.DictReader(fh)] == [
            ("Bob Example", "keep")]


# ---------------------------------------------------------------------------- the cycle

def test_a_previous_workbook_dated_in_the_future_stamps_this_runs_date(tmp_path: Path) -> None:
    export, out = _month_one(tmp_path)
    future = tmp_path / "linkedin-cleanup-2027-05-01.xlsx"
    shutil.move(out / "linkedin-cleanup-2026-10-25.xlsx", future)
    wb = openpyxl.load_workbook(future)
    ws = wb["Connections"]
    ws.cell(2, [c.value for c in ws[1]].index("Decision") + 1).value = "keep"
    wb.save(future)
    run = cli(export, out, "--previous", str(future))
    assert run.code == 0, run.stderr
    with (out / "decisions.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [(r["Decision"], r["Decided On"]) for r in csv.DictReader(fh)] == [
            ("keep", "2026-11-25")]


def test_more_connections_than_a_sheet_holds_is_refused(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connections, "EXCEL_ROWS", 4)  # a header and 3 rows, to stay small
    rows = [[f"P{i}", "Example", "", "", "Acme", "Realtor", ""] for i in range(4)]
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text(rows), encoding="utf-8")
    refused(cli(export, tmp_path / "out"), "Connections.csv: 4 connections, more than the 3 "
            "rows a worksheet holds")


@pytest.mark.parametrize("name", ["decisions.csv", "history.csv"])
def test_a_quote_left_open_in_the_ledger_or_history_is_named(tmp_path: Path, name: str) -> None:
    export, out = _month_one(tmp_path)
    path = out / name
    text = path.read_text(encoding="utf-8-sig")
    line = ('"https://www.linkedin.com/in/ann0,Ann0 Example,Acme,keep,2026-10-25,x\n'
            if name == "decisions.csv" else '"2026-09-25,1,1,0,0,0,0,1,0,0\n')
    path.write_text(text + line, encoding="utf-8")
    run = cli(export, out)
    assert run.code == 1, run.stderr
    lines = len(text.splitlines()) + 1
    assert f"{name}, line {lines}: a double quote (\") opens a field here and is never " \
           "closed" in run.error


@pytest.mark.slow  # over a second: out of the quick loop
def test_a_megabyte_of_slashes_in_every_url_is_read(tmp_path: Path) -> None:
    """Profile URLs of one megabyte of `/` (and of `\\`) in every file that holds URLs."""
    slashes = "https://www.linkedin.com/in/" + "/" * 1_000_000
    backslashes = "https://www.linkedin.com/in/" + "\\" * 1_000_000
    rows = [["Ann", "Example", slashes, "", "Acme", "Realtor", "05 Mar 2024"],
            ["Bob", "Example", backslashes, "", "Acme", "Realtor", "05 Mar 2024"],
            ["Cy", "Example", "https://www.linkedin.com/in/cy", "", "Acme", "Realtor", ""]]
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_text(mh.csv_text(rows), encoding="utf-8")
    (folder / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f"Ivy,Owner,\"11/20/26, 9:07 AM\",Hi,INCOMING,{slashes},\n", encoding="utf-8")
    (folder / "messages.csv").write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER\n"
        f"c1,,Ann Example,{slashes},Owner,\"{backslashes},{slashes}\",2024-10-26 11:43:11 UTC,"
        ",Hi,INBOX\n", encoding="utf-8")
    lead = tmp_path / "leads.csv"
    lead.write_text(f"URL,Industry\n{slashes},Realty\n", encoding="utf-8")
    rules = tmp_path / "keep.toml"  # given last, it wins over the corpus' rules file
    rules.write_text(mh.RULES + f'\n[keep]\nurls = ["{slashes}", "'
                     + backslashes.replace("\\", "\\\\") + '"]\n', encoding="utf-8")
    run, _ = cli_process(folder, tmp_path / "out", "--enrich", str(lead), "--rules", str(rules),
                         cwd=tmp_path, timeout=HANG_SECONDS)
    assert run.code == 0, run.stderr


def test_a_frame_with_lone_surrogates_through_the_python_api(tmp_path: Path) -> None:
    frame = pd.DataFrame({"First Name": ["Ann\ud800"], "Last Name": ["Ex\udcff"], "URL": [""],
                          "Company": ["Acme"], "Position": ["Realtor"]})
    rules = tmp_path / "rules.toml"
    rules.write_text(mh.RULES, encoding="utf-8")
    cleanup.run(frame, rules, tmp_path / "out", as_of=date(2026, 11, 25))
    wb = openpyxl.load_workbook(tmp_path / "out" / "linkedin-cleanup-2026-11-25.xlsx")
    assert wb["Connections"]["A2"].value == "Ann\ufffd"


def test_a_slug_that_reads_as_an_excel_escape_links_to_its_own_profile(tmp_path: Path) -> None:
    """`_x0041_` is Excel's escape of `A` in a cell's text, which the cell protects as
    `_x005F_x0041_`; a link's target is not cell text and is written as it is."""
    slugs = ["ada_x0041_", "bo_x005f_x0041_b", "cy_x00e9_"]
    rows = [[f"P{i}", "Example", f"https://www.linkedin.com/in/{slug}/", "", "Acme",
             "Realtor", ""] for i, slug in enumerate(slugs)]
    export = tmp_path / "Connections.csv"
    export.write_text(mh.csv_text(rows), encoding="utf-8")
    out = tmp_path / "out"
    run = cli(export, out)
    assert run.code == 0, run.stderr
    wb = openpyxl.load_workbook(out / "linkedin-cleanup-2026-11-25.xlsx")
    ws = wb["Connections"]
    targets = {row[0].value: cell.hyperlink.target for row in ws.iter_rows(min_row=2)
               for cell in row if cell.hyperlink is not None}
    assert targets == {f"P{i}": f"https://www.linkedin.com/in/{slug}"
                       for i, slug in enumerate(slugs)}
    for other in wb.worksheets:  # every sheet's links, also those XlsxWriter writes
        assert {c.hyperlink.target for row in other.iter_rows() for c in row
                if c.hyperlink is not None} <= set(targets.values())
