"""Bytes in, text out, with a notice for each fault found on the way.

A file holding binary data is refused; text is read as UTF-8 (with or without BOM), UTF-16
with BOM, or Excel's Windows-1252; a UTF-8 file with some lines saved in Windows-1252 is read
line by line. A file cut short in the middle of a character or padded with zero bytes loses
only those bytes. Accents broken before the file was saved (UTF-8 read as Windows-1252 and
saved again, characters already lost) are told, with an example, since names written so
match nobody in the other files.
"""

from __future__ import annotations

import re

from cleanup.errors import InputError, Notice


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
