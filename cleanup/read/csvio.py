"""CSV files in, tables of text cells out: decoding, the header found by content, one reader.

The header is found by its content, never by a fixed skip count: files come with and without
LinkedIn's `Notes:` preamble, re-saved by Excel (BOM, cp1252, `;`, CRLF) or hand-edited.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NoReturn

import numpy as np
import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.limits import MAX_COLUMNS
from cleanup.model import SourceFile

# Python's csv module refuses fields over 128 KiB by default; LinkedIn messages can be longer.
csv.field_size_limit(64 * 1024 * 1024)

DELIMITERS = (",", ";", "\t")
_HEADER_SCAN_LINES = 50


class NoHeader(InputError):
    """No line of the file holds the header asked for (other faults are plain InputError)."""


@dataclass(frozen=True)
class Table:
    """A CSV file parsed to text cells: original header and rows, with their line numbers."""

    source: SourceFile
    columns: list[str]
    frame: pd.DataFrame  # original column names, every cell a stripped str
    lines: np.ndarray  # the file line on which each row starts (1-based)
    header_line: int
    notices: list[Notice] = field(default_factory=list)


# ---------------------------------------------------------------------------- decoding

def decode(data: bytes, label: str, *, check: bool = True) -> tuple[str, list[Notice]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Excel's cp1252.

    `check=False` skips looking for accents broken before the file was saved (a scan of the
    whole text): for a caller that only reads the header, the notices come with the table."""
    notices: list[Notice] = []
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16 and (cut := _utf16_cut(data)):  # the file was cut short: half a character is no row
        data = data[:-cut]
        lost = "its last byte was" if cut == 1 else f"its last {cut} bytes were"
        notices.append(Notice(label, None, f"the file ends in the middle of a character: "
                              f"{lost} dropped. If a row is missing at the end, export the "
                              "file again from LinkedIn."))
    if padding := _zero_padding(data, utf16):  # what a copy cut short leaves: no row either
        data = data[:-padding]
        notices.append(Notice(label, None, f"the file ends in {padding:,} zero bytes (what a "
                              "copy cut short leaves): they were dropped. If a row is missing "
                              "at the end, export the file again from LinkedIn."))
    if utf16:
        try:
            return data.decode("utf-16"), notices
        except UnicodeDecodeError as exc:  # a lone surrogate, or an odd number of bytes
            text = data.decode("utf-16", errors="replace")
            notices.append(Notice(label, None, "bytes that are not valid UTF-16 were replaced "
                                  f"by \ufffd (first at byte {exc.start:,})."))
            return text, notices
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if head and (b"\x00" in head[:64] or controls > len(head) // 20):
        raise InputError(f"{label}: this is not a CSV file (it holds binary data). Give "
                         "LinkedIn's Connections.csv, the archive .zip or its folder.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, [*notices, *damage_notices(text, label)] if check else notices
    # Each byte that is not UTF-8 becomes one lone surrogate (U+DC80-U+DCFF), in one pass.
    text = data.decode("utf-8-sig", errors="surrogateescape")
    if _SOUND_NON_ASCII.search(text):
        # UTF-8 with some lines that are not: lines saved in Windows-1252 (two files pasted
        # together, a line edited in another program) are read as such, and only bytes that
        # belong to neither are replaced.
        text, notices = _line_by_line(text, label)
    else:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return text, [*notices, *damage_notices(text, label, replaced=True)] if check else notices


#: Bytes that Windows-1252 reads as a letter of a Western European name (`é` `ü` `ß` `Š` `œ`),
#: none of them possible alone in UTF-8 text: a line whose only non-ASCII bytes are these,
#: with no UTF-8 sequence among them, was saved in Windows-1252. `ÿ` (0xFF) and `þ` (0xFE),
#: rare in names, are left out: a stray 0xFF is a broken byte, not a letter.
_CP1252_LETTERS = frozenset([0x8A, 0x8C, 0x8E, 0x9A, 0x9C, 0x9E, 0x9F,
                             *range(0xC0, 0xFE)]) - {0xD7, 0xF7}


#: A character that is neither ASCII nor a byte the UTF-8 decoder escaped, nor U+FFFD (the
#: three bytes of U+FFFD are also `ï¿½` in a Windows-1252 file).
_SOUND_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff\ufffd]")
#: A byte the UTF-8 decoder escaped (`surrogateescape`).
_ESCAPED = re.compile("[\udc80-\udcff]")


def _line_by_line(text: str, label: str) -> tuple[str, list[Notice]]:
    """`text`, decoded as UTF-8 with its faulty bytes escaped (`surrogateescape`), with each
    line holding one read as Windows-1252 when it is that, else with its broken bytes
    replaced by U+FFFD. Only the lines holding a fault are looked at one by one; the text
    between them is taken as it is, so the work is linear in the file."""
    parts: list[str] = []
    legacy: list[int] = []  # line numbers read as Windows-1252
    broken: list[int] = []  # line numbers with replaced bytes
    replaced = 0
    line_no = 1
    pos = 0
    for hit in _ESCAPED.finditer(text):
        if hit.start() < pos:
            continue  # on a line already read
        start = max(text.rfind("\n", pos, hit.start()), text.rfind("\r", pos, hit.start()))
        start = pos if start < 0 else start + 1
        end = text.find("\n", hit.start())
        end = len(text) if end < 0 else end
        cr = text.find("\r", hit.start(), end)  # searched no further than the line feed
        end = cr if cr >= 0 else end
        good = text[pos:start]
        parts.append(good)
        line_no += good.count("\n") + good.count("\r") - good.count("\r\n")
        read, is_legacy = _one_line(text[start:end].encode("utf-8", "surrogateescape"))
        parts.append(read)
        if is_legacy:
            legacy.append(line_no)
        else:
            replaced += read.count("\ufffd")
            broken.append(line_no)
        pos = end
    parts.append(text[pos:])
    notices = []
    if legacy:
        notices.append(Notice(label, legacy[0], f"{len(legacy):,} line"
                              f"{'s were' if len(legacy) != 1 else ' was'} saved in "
                              "Windows-1252 while the rest of the file is UTF-8; "
                              f"{'they were' if len(legacy) != 1 else 'it was'} read as "
                              "Windows-1252."))
    if broken:
        notices.append(Notice(label, None, f"{replaced:,} bytes that are not valid UTF-8 were "
                              f"replaced by \ufffd (first on line {broken[0]})."))
    return "".join(parts), notices


def _one_line(line: bytes) -> tuple[str, bool]:
    """A line that is not valid UTF-8, read as Windows-1252 when its only non-ASCII bytes are
    letters there and none is part of a UTF-8 character (True), else as UTF-8 with its broken
    bytes replaced (False)."""
    as_utf8 = line.decode("utf-8", errors="replace")
    if as_utf8.isascii() or not all(c.isascii() or c == "\ufffd" for c in as_utf8) or not all(
            b < 0x80 or b in _CP1252_LETTERS for b in line):
        return as_utf8, False
    return line.decode("cp1252"), True


def _zero_padding(data: bytes, utf16: bool) -> int:
    """How many zero bytes end `data`: in UTF-16 (an even length by then) whole code units
    only, since the last character's own byte may be zero (`A` is 41 00); the BOM ends in a
    byte that is not."""
    zeros = len(data) - len(data.rstrip(b"\x00"))
    return zeros - zeros % 2 if utf16 else zeros


def _utf16_cut(data: bytes) -> int:
    """How many bytes at the end of UTF-16 `data` (with its BOM) are a character cut short:
    a byte without its pair, and the first half of a surrogate pair without its second."""
    cut = len(data) % 2
    high = data[-cut - 2:len(data) - cut]
    if len(data) - cut > 2 and len(high) == 2:
        unit = int.from_bytes(high, "little" if data.startswith(b"\xff\xfe") else "big")
        if 0xD800 <= unit <= 0xDBFF:
            cut += 2
    return cut


#: A UTF-8 lead byte read as Windows-1252 (or Latin-1), then a continuation byte read the same
#: way: `Ã¼` for `ü`, `â€™` for `’`. Two character classes in a row: linear, never slow. Only
#: a first sieve: ftfy decides whether the text around a hit is mojibake (`OÜ–` is not).
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                       "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a"
                       "\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac"
                       "\u2122]")
#: Characters lost before the file was saved: U+FFFD itself, U+FFFD saved as UTF-8 and read
#: back as Windows-1252 (`ï¿½`), or a run of `ý` or `ÿ` (bytes 0xFD, 0xFF) standing in for
#: each lost character (`ýýý`), which no name holds. Literal runs only: linear, and found by
#: a plain substring search first.
_LOST_MARKS = ("\u00ef\u00bf\u00bd", "\u00fd" * 3, "\u00ff" * 3)
_LOST = re.compile("\ufffd|\u00ef\u00bf\u00bd|\u00fd{3,}|\u00ff{3,}")
_REPLACEMENT = "\ufffd"
#: Candidates found sound after which the rest of a file is not looked at.
_SOUND_HITS = 200
#: Characters on each side of a hit that ftfy looks at.
_AROUND = 40


def damage_notices(text: str, label: str, *, replaced: bool = False) -> list[Notice]:
    """Notices for text that decoded cleanly but whose accents were broken before: UTF-8 read
    as Windows-1252 and saved again (`MÃ¼ller`), or characters already lost (`M\ufffdller`,
    `Mï¿½ller`, `Mýýýller`). Such names match nobody elsewhere, so the user is told, with an
    example. `replaced`: the decoder itself put U+FFFD in (and said so), which then is not a
    loss from before.
    """
    if text.isascii():
        return []
    notices: list[Notice] = []
    for checked, hit in enumerate(_MOJIBAKE.finditer(text)):
        example = _word_at(text, hit.start())
        fixed = _repaired(text, hit.start(), example)
        if fixed is not None:
            notices.append(Notice(label, text.count("\n", 0, hit.start()) + 1, "accented "
                                  f"letters look broken (e.g. {example!r}, which would read "
                                  f"{fixed!r}): the file was read as Windows-1252 and saved "
                                  "again as UTF-8 somewhere on its way. Names written so match "
                                  "nobody in the other files; export the file again from "
                                  "LinkedIn, or open it as UTF-8 before saving."))
            break
        if hit.start() > (1 << 20) or checked >= _SOUND_HITS:
            break  # only genuine accents so far: not worth scanning further
    lost = _lost_lines(text, replaced)
    if lost:
        first, lines, chars = lost
        notices.append(Notice(label, text.count("\n", 0, first) + 1, f"{chars:,} character"
                              f"{'s were' if chars != 1 else ' was'} already lost before the "
                              f"file was saved, on {lines:,} line{'s' if lines != 1 else ''} "
                              f"(shown as \ufffd, ï¿½ or a run such as ýýý, e.g. "
                              f"{_word_at(text, first)!r}). Names with them match nobody in "
                              "the other files; export the file again from LinkedIn."))
    return notices


def _lost_lines(text: str, replaced: bool) -> tuple[int, int, int] | None:
    """(offset of the first lost character, lines holding one, characters lost), or None."""
    # A one-character search first: fast on any text, where a longer substring is not.
    if (replaced or _REPLACEMENT not in text) and not any(
            m[0] in text and m in text for m in _LOST_MARKS):
        return None
    first, lines, chars, at, line = -1, 0, 0, 0, -1
    for hit in _LOST.finditer(text):
        if replaced and hit.group() == _REPLACEMENT:
            continue
        here = text.count("\n", at, hit.start())
        at = hit.start()
        if first < 0:
            first, line, lines = at, here, 1
        elif here:
            line += here
            lines += 1
        # A run: every letter of it stands for one lost character.
        chars += len(hit.group()) if hit.group()[0] in "\u00fd\u00ff" else 1
    return (first, lines, chars) if first >= 0 else None


def _word_at(text: str, at: int) -> str:
    """The whitespace- or comma-delimited word around position `at`, at most 40 characters."""
    start, end = at, at
    while start > 0 and at - start < 20 and text[start - 1] not in ' \t\r\n,;"':
        start -= 1
    while end < len(text) and end - at < 20 and text[end] not in ' \t\r\n,;"':
        end += 1
    return text[start:end]


def _repaired(text: str, at: int, word: str) -> str | None:
    """`word` as it was before it was mis-decoded, or None when ftfy finds the text around
    position `at` sound (a real `OÜ–` or `è—`) or the repair only brings back a character
    already lost (`ï¿½` is U+FFFD, counted as lost instead)."""
    import ftfy  # imported only when a file holds a candidate (most hold none)
    from ftfy.badness import is_bad

    if not is_bad(text[max(0, at - _AROUND):at + _AROUND]):
        return None
    fixed = ftfy.fix_encoding(word)
    return fixed if fixed != word and _REPLACEMENT not in fixed else None


# ---------------------------------------------------------------------------- tables

#: One line as `open(newline="")` reads it: ending at LF, CRLF or a lone CR, or at the end.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def each_line(text: str) -> Iterator[str]:
    """The lines of `text` with their line ends, as `io.StringIO(text, newline="")` yields
    them, one at a time: a StringIO first copies the whole text at four bytes a character."""
    return map(re.Match.group, _LINE.finditer(text))


def norm_header(cell: str) -> str:
    return re.sub(r"[\s_]+", " ", cell.replace("\ufeff", "").strip().strip('"')).casefold()


def find_header(text: str, must: Iterable[str]) -> tuple[int, int, str]:
    """(character offset, line number, delimiter) of the first line holding every `must`."""
    want = {norm_header(m) for m in must}
    offset = 0
    for number, line in enumerate(each_line(text), start=1):
        if number > _HEADER_SCAN_LINES:
            break
        for delim in DELIMITERS:
            if delim not in line and len(want) > 1:
                continue
            cells = next(csv.reader([line], delimiter=delim), [])
            if want <= {norm_header(c) for c in cells}:
                return offset, number, delim
        offset += len(line)
    return -1, 0, ""


def read_table(data: bytes, source: SourceFile, must: Iterable[str],
               expected: Iterable[str] | None = None, *, name: str = "") -> Table:
    """Parse a CSV whose header holds every column in `must` (found by content).

    `name` is the file LinkedIn calls it (`Invitations.csv`), for the message when no header
    is found."""
    label = source.label
    text, notices = decode(data, label)
    must = tuple(must)
    offset, header_line, delim = find_header(text, must)
    if offset < 0:
        _refuse_header(text, label, must, tuple(expected or must), name)
    # newline="": a line ends at CR (old Mac Excel), LF or CRLF, even mixed in one file,
    # while line breaks inside quoted fields are kept as they are.
    body = text[offset:] + "\n"
    del text  # only `body` is read from here on
    reader = csv.reader(each_line(body), delimiter=delim, strict=False)
    try:
        last = raw = next(reader)
        last_line = header_line
        header = [h.replace("\ufeff", "").strip() for h in raw]
        width = len(header)
        while width and not header[width - 1]:
            width -= 1  # Excel pads re-saved rows with empty trailing columns
        if width > MAX_COLUMNS:
            raise InputError(f"{label}, line {header_line}: the header has {width:,} columns; "
                             f"at most {MAX_COLUMNS:,} can be read (LinkedIn writes 7). Remove "
                             "the extra columns or export the file again from LinkedIn.")
        header = header[:width]
        cells_read: list[str] = []  # row after row, `width` cells each
        lines: list[int] = []
        merged: list[int] = []  # lines where a quoted field holds what look like whole rows
        start = header_line + 1
        for raw in reader:
            line_no = start
            start = header_line + reader.line_num
            last, last_line = raw, line_no
            cells = [cell.strip() for cell in raw]
            if not any(cells):
                continue  # a blank line, or Excel's `;;;;;;` padding: not a data row
            if start - 1 > line_no and width > 2 and any(
                    cell.count(delim) >= width - 1 and ("\n" in cell or "\r" in cell)
                    for cell in raw):
                merged.append(line_no)
            if len(cells) > width:
                if any(cells[width:]):
                    raise InputError(
                        f"{label}, line {line_no}: {len(raw)} fields where the header has "
                        f"{width}. A field holding a '{delim}' must be in double quotes; fix "
                        "the line or export the file again from LinkedIn.")
                cells = cells[:width]
            elif len(cells) < width:
                cells += [""] * (width - len(cells))
            cells_read += cells
            lines.append(line_no)
    except csv.Error as exc:
        raise InputError(f"{label}, line {header_line + reader.line_num}: cannot be read as "
                         f"CSV ({exc}). Export the file again from LinkedIn.") from None
    # A quote left open swallows the rest of the file, the newline added above included, into
    # the last field. Only then is the last record parsed again to tell that from a quoted
    # field that ends in a line break.
    if last and last[-1].endswith(("\n", "\r")) and _ends_in_quotes(
            body[_line_offset(body, last_line - header_line + 1):], delim):
        _refuse_open_quote(label, last_line, delim)
    if merged:
        more = f" (and {len(merged) - 1:,} more such fields)" if len(merged) > 1 else ""
        notices.append(Notice(label, merged[0], "a quoted field runs over several lines and "
                              f"holds as many '{delim}' as a whole row{more}; if a closing "
                              "double quote is missing there, several connections were read "
                              "as one. Check the line."))
    names = _unique_names(header)
    return Table(source=source, columns=names, frame=_frame(cells_read, names),
                 lines=np.asarray(lines, dtype=np.int64), header_line=header_line,
                 notices=notices)


def _frame(cells: list[str], names: list[str]) -> pd.DataFrame:
    """The cells, row after row, as a frame of text columns, each text that repeats in a
    column one object (a column of few distinct values - first names, companies - then holds
    few strings)."""
    if not cells:
        return pd.DataFrame(columns=names, dtype=object)
    width = len(names)
    columns = {}
    for j, name in enumerate(names):
        codes, uniques = pd.factorize(np.array(cells[j::width], dtype=object))
        columns[name] = uniques.take(codes)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(cells) // width), dtype=object)


def _line_offset(text: str, line: int) -> int:
    """Where line `line` (1-based, as the csv reader counts them) starts in `text`."""
    position = 0
    for number, chunk in enumerate(each_line(text), start=1):
        if number == line:
            break
        position += len(chunk)
    return position


def _ends_in_quotes(text: str, delim: str) -> bool:
    """Whether the CSV record at the start of `text` runs to its end inside a quoted field,
    read as the csv module reads it (`strict=False`): a quote opens a quoted field only at
    the start of a field, `""` inside one is a quote, and after the closing quote the field
    goes on as plain text. Linear: each search starts where the previous one stopped."""
    n = len(text)
    ahead: dict[str, int] = {}

    def after(pos: int, char: str) -> int:
        found = ahead.get(char, -1)
        if found < pos:
            found = text.find(char, pos)
            found = n if found < 0 else found
            ahead[char] = found
        return found

    pos = 0
    while pos < n:
        if text[pos] == '"':
            pos += 1
            while True:
                close = text.find('"', pos)
                if close < 0:
                    return True
                if text.startswith('"', close + 1):
                    pos = close + 2
                    continue
                pos = close + 1
                break
        end = min(after(pos, delim), after(pos, "\n"), after(pos, "\r"))
        if end < n and text[end] == delim:
            pos = end + 1
            continue
        return False
    return False


def _refuse_open_quote(label: str, line: int, delim: str) -> NoReturn:
    raise InputError(f"{label}, line {line}: a double quote (\") opens a field here and is "
                     "never closed, so every line after it would be read as one field. Add the "
                     f"missing quote, or remove the stray one (a field holding '{delim}' or \" "
                     "must be in double quotes, its quotes doubled), or export the file again "
                     "from LinkedIn.")


def _unique_names(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for i, h in enumerate(header):
        h = h or f"Column {i + 1}"
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        names.append(h)
    return names


def _refuse_header(text: str, label: str, must: tuple[str, ...],
                   expected: tuple[str, ...], name: str = "") -> None:
    if not text.strip():
        raise NoHeader(f"{label}: the file is empty. Download your LinkedIn data archive "
                         "again (Settings > Data privacy > Get a copy of your data).")
    found = _likely_header(text, {norm_header(c) for c in (*must, *expected)})
    shown = ", ".join(repr(c[:40]) for c in found[:12]) + (" ..." if len(found) > 12 else "")
    missing = [m for m in must if norm_header(m) not in {norm_header(c) for c in found}]
    question = f"Is this LinkedIn's {name}?" if name else "Is this the right file?"
    raise NoHeader(f"{label}: no header with the columns {', '.join(expected)} was found. "
                     f"Columns found: {shown or 'none'}; missing: {', '.join(missing)}. "
                     f"{question}")


def _likely_header(text: str, wanted: set[str]) -> list[str]:
    """The cells of the line meant as the header: the one holding most of the `wanted`
    columns, else the first line that looks like a header (two or more short cells, not
    LinkedIn's `Notes:` preamble or its one-sentence note)."""
    best: list[str] = []
    best_hits = 0
    fallback: list[str] = []
    for number, line in enumerate(each_line(text)):
        if number >= _HEADER_SCAN_LINES:
            break
        if not line.strip() or line.lstrip('\ufeff"').startswith("Notes:"):
            continue
        delim = max(DELIMITERS, key=line.count)
        cells = [c.strip() for c in next(csv.reader([line], delimiter=delim), [])]
        hits = sum(norm_header(c) in wanted for c in cells)
        if hits > best_hits:
            best, best_hits = cells, hits
        filled = [c for c in cells if c]
        if not fallback and len(filled) >= 2 and all(len(c) <= 60 for c in filled):
            fallback = cells
    return best or fallback


def column(frame: pd.DataFrame, *names: str) -> pd.Series:
    """The first of `names` present in `frame` (compared like headers: case, spaces and
    underscores ignored), else a column of empty text."""
    by_norm = {norm_header(str(c)): c for c in frame.columns}
    for name in names:
        if (found := by_norm.get(norm_header(name))) is not None:
            return frame[found]
    return pd.Series("", index=frame.index, dtype=object)
