"""Write the case-named Connections.csv fixtures (run once; the files are committed).

Every variant holds the same six people, so a test can check that each reads the same.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).parent
PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the email '
            'addresses are missing. You will only see email addresses for connections who have '
            'allowed their connections to see or download their email address using this setting '
            'https://www.linkedin.com/psettings/privacy/email. You can learn more here '
            'https://www.linkedin.com/help/linkedin/answer/261"\n\n')
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
# first, last, url, email, company, position, (day, month, year)
PEOPLE = [
    ["Ada", "Example", "https://www.linkedin.com/in/ada-example", "", "Acme, Inc.",
     "Realtor", (5, 3, 2024)],
    ["José", "Müller", "https://www.linkedin.com/in/jose-muller-4b2a", "jose@example.com",
     "Müller Immobilien", "Créatrice de sites web", (17, 9, 2023)],
    ["Smith, PhD", "O'Neil", "https://www.linkedin.com/in/smith-oneil", "", "",
     "Web Developer", (1, 12, 2021)],
    ["", "", "", "", "", "", (4, 3, 2020)],
    ["  Zoë ", " Nguyen  ", "https://www.linkedin.com/in/zoe-nguyen", "", " Seoul Bakery ",
     "Owner", (28, 2, 2019)],
    ["Bob", "Quote", "https://www.linkedin.com/in/bob-quote", "", 'The "Best" Co',
     "SEO Consultant", (9, 7, 2018)],
]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def date_text(d: tuple[int, int, int], style: str) -> str:
    day, month, year = d
    return {
        "current": f"{day:02d} {MONTHS[month - 1]} {year}",
        "2018": f"{month}/{day}/{year % 100:02d}, 9:07 AM",
        "excel": f"{day:02d}-{MONTHS[month - 1]}-{year % 100:02d}",
        "dotted": f"{day:02d}.{month:02d}.{year}",
        "iso": f"{year}-{month:02d}-{day:02d}",
    }[style]


def render(*, preamble: bool = True, url: bool = True, sep: str = ",", newline: str = "\n",
           dates: str = "current", extra: bool = False, padded: bool = False) -> str:
    buf = io.StringIO()
    if preamble:
        pre = PREAMBLE
        if padded:
            pad = sep * 6
            pre = pre.replace("Notes:\n", "Notes:" + pad + "\n").replace("\n\n", "\n" + pad + "\n")
        buf.write(pre.replace("\n", newline))
    header = [h for h in HEADER if url or h != "URL"] + (["Tags"] if extra else [])
    w = csv.writer(buf, delimiter=sep, lineterminator=newline)
    w.writerow(header)
    for p in PEOPLE:
        row = p[:6] + [date_text(p[6], dates)]
        if not url:
            row = row[:2] + row[3:]
        if extra:
            row.append("vip" if p[0] == "Ada" else "")
        w.writerow(row)
    return buf.getvalue().removesuffix(newline)


VARIANTS = {
    "connections_current.csv": (render(), "utf-8"),
    "connections_2018.csv": (render(preamble=False, url=False, dates="2018"), "utf-8"),
    "connections_2022_no_url.csv": (render(url=False), "utf-8"),
    "excel_resave_bom_crlf.csv": (render(newline="\r\n", dates="excel"), "utf-8-sig"),
    "excel_resave_cp1252_semicolon.csv": (
        render(preamble=False, sep=";", newline="\r\n", dates="dotted"), "cp1252"),
    "excel_resave_padded_notes.csv": (render(sep=";", padded=True, dates="excel"), "utf-8-sig"),
    "connections_iso_dates.csv": (render(dates="iso") + "\n", "utf-8"),
    "connections_extra_column.csv": (render(extra=True), "utf-8"),
}
BAD = {
    "empty.csv": b"",
    "header_only.csv": (PREAMBLE + ",".join(HEADER)).encode(),
    "binary.csv": bytes(range(256)) * 40,
    "wrong_columns.csv": b"Name,Title\nAda,Owner\n",
    "missing_company.csv": (b"First Name,Last Name,URL,Position,Connected On\n"
                            b"Ada,E,,Owner,05 Mar 2024\n"),
    "ragged_row.csv": (b"First Name,Last Name,Company,Position,Connected On\n"
                       b"Ada,Example,Acme, Inc.,Owner,05 Mar 2024\n"),
}

if __name__ == "__main__":
    for name, (text, encoding) in VARIANTS.items():
        (HERE / name).write_bytes(text.encode(encoding))
    for name, data in BAD.items():
        (HERE / "bad" / name).parent.mkdir(exist_ok=True)
        (HERE / "bad" / name).write_bytes(data)
