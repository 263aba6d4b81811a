"""Checking rules.toml before anything is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleanup import rules
from cleanup.errors import RulesError

RULES = Path(__file__).parent / "data" / "rules"


def test_valid_rules_load_frozen() -> None:
    r = rules.load(RULES / "rules_valid.toml")
    assert r.name == "Brightline Web Studio"
    assert r.scope == "international"
    assert r.protect_recent_days == 30
    assert r.keywords["prospect"] == ("realtor", "real estate")
    assert r.keep.names == ("Jane Doe",)
    assert r.keep.companies == ("Acme Realty",)
    assert not r.remove
    assert len(r.sha256) == 64
    with pytest.raises(AttributeError):
        r.scope = "local"  # type: ignore[misc]


@pytest.mark.parametrize("name,message", [
    ("rules_unknown_key.toml", "line 11: unknown key 'keywrds' in [complementary]"),
    ("rules_unknown_table.toml", "line 16: unknown table [keeep]"),
    ("rules_bad_scope.toml", "line 3: [business] scope = 'regional' is not one of"),
    ("rules_bad_unknown.toml", "line 4: [business] unknown = 'maybe' is not one of"),
    ("rules_wrong_type.toml", "line 5: [business] protect_recent_days must be a whole number"),
    ("rules_empty_keyword.toml", "line 8: [prospect] keywords holds an empty entry"),
    ("rules_keywords_not_list.toml", "line 8: [prospect] keywords must be a list of strings"),
    ("rules_broken_toml.toml", "not valid TOML"),
    ("rules_local_without_locations.toml", 'scope = "local" needs the places'),
    ("rules_negative_days.toml", "protect_recent_days must be 0 or more"),
    ("rules_no_keywords.toml", "no keywords in [prospect], [complementary] or [competitor]"),
])
def test_bad_rules_name_the_key_and_line(name: str, message: str) -> None:
    with pytest.raises(RulesError) as err:
        rules.load(RULES / name)
    assert message in str(err.value)
    assert name in str(err.value)


def test_missing_rules_file_points_to_init(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="linkedin-cleanup init"):
        rules.load(tmp_path / "rules.toml")


def test_duplicate_keywords_are_merged(tmp_path: Path) -> None:
    p = tmp_path / "rules.toml"
    p.write_text('[prospect]\nkeywords = ["Realtor", "realtor", "  real   estate "]\n')
    assert rules.load(p).keywords["prospect"] == ("Realtor", "real estate")


def test_keyword_without_letters_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "rules.toml"
    p.write_text('[prospect]\nkeywords = ["realtor", "--"]\n')
    with pytest.raises(RulesError, match="line 2: .*'--' has no letters or digits"):
        rules.load(p)
