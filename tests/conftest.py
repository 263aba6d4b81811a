"""Shared fixtures: small exports and rules files written into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

RULES = """[business]
name = "Brightline Web Studio"
scope = "international"
unknown = "review"

[prospect]
keywords = ["realtor", "real estate", "broker", "bakery"]

[complementary]
keywords = ["copywriter", "photographer", "seo"]

[competitor]
keywords = ["web designer", "web developer", "creatrice de sites web"]

[keep]
names = []
companies = []
urls = []

[remove]
names = []
companies = []
urls = []
"""


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    """A valid rules.toml for the demo business, international scope."""
    p = tmp_path / "rules.toml"
    p.write_text(RULES, encoding="utf-8")
    return p


@pytest.fixture
def data_dir() -> Path:
    """The folder of committed, case-named fixtures."""
    return DATA
