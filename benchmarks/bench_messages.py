"""How long the relationship evidence takes on a very active account: 200,000 messages.

Builds a 30,000-connection archive with a 200,000-row messages.csv (sample_data/generate.py
when it is there, else a plain synthetic one built here), then measures, best of --repeat:

- reading Connections.csv (for scale);
- `relations.read`: messages.csv, recommendations and endorsements, matched to connections;
- `pipeline.analyse` on the whole archive, and on the same archive without messages.csv, so
  the difference is what 200,000 messages add to a run.

Run:  .venv/bin/python benchmarks/bench_messages.py [--connections 30000] [--messages 200000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleanup import pipeline  # noqa: E402
from cleanup.read import connections as export
from cleanup.read import relations
from cleanup.read.archive import Archive  # noqa: E402

AS_OF = date(2026, 11, 25)
RULES = """[business]
name = "Brightline Web Studio"

[prospect]
keywords = ["realtor", "real estate", "restaurant", "dentist"]

[complementary]
keywords = ["copywriter", "photographer", "seo"]

[competitor]
keywords = ["web designer", "web developer"]
"""


def plain_archive(n_connections: int, n_messages: int) -> dict[str, bytes]:
    """Connections.csv and a 2024-form messages.csv, when sample_data is not there."""
    rng = random.Random(7)
    titles = ["Realtor", "Web Developer", "Copywriter", "Teacher", "Engineer", "Dentist"]
    conns = io.StringIO()
    w = csv.writer(conns, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])
    urls = []
    for i in range(n_connections):
        url = f"https://www.linkedin.com/in/person-{i}"
        urls.append(url)
        w.writerow([f"First{i}", f"Last{i}", url, "", f"Company {i % 500}",
                    rng.choice(titles), "05 Mar 2024"])
    owner = "https://www.linkedin.com/in/sam-rivera"
    msgs = io.StringIO()
    w = csv.writer(msgs, lineterminator="\n")
    w.writerow(["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER",
                "ATTACHMENTS", "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"])
    start = date(2019, 1, 1)
    for _ in range(n_messages):
        other = rng.randrange(n_connections)
        mine = rng.random() < 0.5
        when = start + timedelta(days=rng.randrange(2500))
        sender, to = (owner, urls[other]) if mine else (urls[other], owner)
        w.writerow([f"conv-{other}", "", "Sam Rivera" if mine else f"First{other} Last{other}",
                    sender, "x", to, f"{when.isoformat()} 10:00:00 UTC", "",
                    "Hello, this is a message of a realistic length. " * 3, "INBOX", "", "No",
                    "No"])
    return {"Connections.csv": conns.getvalue().encode(), "messages.csv": msgs.getvalue().encode()}


def build(n_connections: int, n_messages: int) -> tuple[dict[str, bytes], str]:
    try:
        from sample_data.generate import build_archive
    except ImportError:
        return plain_archive(n_connections, n_messages), "plain synthetic archive"
    files = build_archive(n_connections, seed=7, as_of=AS_OF, n_messages=n_messages)
    return files, "sample_data.generate.build_archive"


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    files, origin = build(args.connections, args.messages)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        full, bare = root / "full", root / "bare"
        for folder, skip in ((full, ""), (bare, "messages.csv")):
            for name, data in files.items():
                if name != skip:
                    (folder / name).parent.mkdir(parents=True, exist_ok=True)
                    (folder / name).write_bytes(data)
        rules = root / "rules.toml"
        rules.write_text(RULES, encoding="utf-8")

        archive = Archive.open(full)
        people = export.read_connections(archive).people
        rel = relations.read(archive, people, AS_OF)
        rows = [
            ("read Connections.csv",
             best(args.repeat, lambda: export.read_connections(Archive.open(full)))),
            ("relations.read (messages + recommendations + endorsements)",
             best(args.repeat, lambda: relations.read(archive, people, AS_OF))),
            ("pipeline.analyse, whole archive",
             best(args.repeat, lambda: pipeline.analyse(full, rules, as_of=AS_OF))),
            ("pipeline.analyse, without messages.csv",
             best(args.repeat, lambda: pipeline.analyse(bare, rules, as_of=AS_OF))),
        ]
    size = len(files["messages.csv"])
    print(f"{args.connections:,} connections, {rel.rows.get('messages.csv', 0):,} messages "
          f"({size / 1e6:.1f} MB), from {origin}; best of {args.repeat}")
    print(f"owner: {rel.owner}; connections with evidence: {int(rel.evidence.ne('').sum()):,}")
    width = max(len(label) for label, _ in rows)
    for label, seconds in rows:
        print(f"  {label:<{width}}  {seconds:6.2f} s")
    print(f"  {'messages add to a run':<{width}}  {rows[2][1] - rows[3][1]:6.2f} s")


if __name__ == "__main__":
    main()
