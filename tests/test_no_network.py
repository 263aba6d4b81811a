"""No network: a whole run, enrichment and locations included, opens no socket,
and the report it writes loads nothing from anywhere."""

from __future__ import annotations

import re
import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import rules_toml

from cleanup import pipeline

EXPORT = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ada,Example,https://www.linkedin.com/in/ada-example,,Acme Realty,Realtor,05 Mar 2024
Wes,Webdev,https://www.linkedin.com/in/wes-webdev,wes@example.com,Pixel,Web Developer,04 Mar 2024
Carl,Copy,https://www.linkedin.com/in/carl-copy,,Words Inc,Owner,03 Mar 2023
Bea,Berlin,https://www.linkedin.com/in/bea-berlin,,Haus GmbH,Web Designer,02 Mar 2022
,,,,,,01 Mar 2021
"""
ENRICHMENT = """LinkedIn URL,Location,Industry,Headline
https://www.linkedin.com/in/ada-example,"Austin, Texas, United States",Real Estate,Realtor
https://www.linkedin.com/in/carl-copy,Greater Houston,Writing and Editing,Copywriter for hire
https://www.linkedin.com/in/bea-berlin,"Berlin, Germany",Design,Web designer
https://www.linkedin.com/in/nobody-here,"Lagos State, Nigeria",,
"""
RULES = rules_toml({"prospect": ["realtor"], "complementary": ["copywriter"],
                    "competitor": ["web developer", "web designer"]},
                   name="Offline Studio", scope="local", locations=["Texas"])


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way to open a connection or resolve a name raises, and is recorded."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args!r}")
            raise OSError(f"network access attempted: socket.{name}")
        return call

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname",
                 "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_the_guard_itself_stops_a_connection(no_sockets: list[str]) -> None:
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("example.com", 443))
    with pytest.raises(OSError, match="network access attempted"):
        socket.socket()
    assert len(no_sockets) == 2
    no_sockets.clear()


def test_whole_run_with_enrichment_opens_no_socket(tmp_path: Path,
                                                   no_sockets: list[str]) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(EXPORT, encoding="utf-8")
    enrichment = tmp_path / "enrichment.csv"
    enrichment.write_text(ENRICHMENT, encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")

    result = pipeline.run(export, rules, tmp_path / "out", as_of=date(2026, 11, 25),
                          enrich=[enrichment])

    assert no_sockets == []
    assert len(result.rows) == 5
    assert result.enrichment.matched == 3 and result.enrichment.unmatched == 1
    tags = dict(zip(result.people["name"], result.people["tag"], strict=True))
    assert tags["Ada Example"] == "prospect"
    assert tags["Carl Copy"] == "complementary"  # from the enrichment's Headline
    assert tags["Bea Berlin"] == "off-target location"  # Berlin is outside Texas
    assert {p.name for p in result.paths.values()} >= {
        "linkedin-cleanup-2026-11-25.xlsx", "linkedin-cleanup-2026-11-25.html", "decisions.csv"}
    # The report loads nothing: no http(s) URL in it but LinkedIn profile links.
    html = result.paths["html"].read_text(encoding="utf-8")
    for url in re.findall(r"(?:https?:)?//[^\s\"'<>)]+", html):
        assert url.startswith("https://www.linkedin.com/"), url
    assert not re.search(r"""\bsrc\s*=|@import|url\(\s*['"]?(?:https?:)?//""", html)
