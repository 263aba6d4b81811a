"""`linkedin-cleanup init`: a commented starter rules.toml, prefilled from Profile.csv."""

from __future__ import annotations

import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest
from helpers import invoke, under_umask

from cleanup import proposals, rules, starter
from cleanup.errors import OutputError, RulesError
from cleanup.model import SourceFile
from cleanup.read.profile import Profile

ARCHIVE = Path(__file__).parent / "data" / "archive"
#: Every key a rules file may hold, table by table.
KEYS = {"business": {"name", "scope", "locations", "unknown", "protect_recent_days",
                     "unrelated", "in_touch", "no_profile"},
        "prospect": {"keywords"}, "complementary": {"keywords"}, "competitor": {"keywords"},
        "unrelated": {"keywords"},
        "keep": {"names", "companies", "urls"}, "remove": {"names", "companies", "urls"}}


def write(tmp_path: Path, fixture: str | None) -> tuple[starter.Starter, rules.Rules]:
    out = tmp_path / "rules.toml"
    written = starter.write(out, profile_path=ARCHIVE / fixture if fixture else None)
    return written, rules.load(out)


def uncomment_examples(text: str) -> str:
    """The template with its `# e.g. keywords = [...]` examples switched on."""
    text = re.sub(r"^keywords = \[\]\n", "", text, flags=re.M)
    return re.sub(r"^# e\.g\. (keywords = .*)$", r"\1", text, flags=re.M)


# ---------------------------------------------------------------------------- from Profile.csv

def test_13_column_profile_round_trips_through_rules_load(tmp_path: Path) -> None:
    written, loaded = write(tmp_path, "profile_13col.csv")
    assert loaded.name == "Brightline Web Studio"
    assert loaded.locations == ("Texas",)
    assert loaded.targets[0].region == "US-TX"
    # The Headline says "for Texas small businesses": the business is local.
    assert loaded.scope == "local"
    assert loaded.keywords["competitor"] == ("web design", "web designer")
    # "... for Texas small businesses": the people who buy for a business are prospects.
    assert loaded.keywords["prospect"] == ("owner", "founder", "co-founder", "ceo",
                                           "managing director", "general manager")
    assert loaded.excepts["prospect"][0] == "product owner"
    assert loaded.keywords["complementary"] == ()
    assert written.competitor == ("web design", "web designer")


def test_15_column_profile_of_2018_proposes_the_city(tmp_path: Path) -> None:
    _, loaded = write(tmp_path, "profile_15col.csv")
    # "Greater Houston" names no region: the city, with its region so it is unambiguous.
    assert loaded.locations == ("Houston, Texas",)
    assert loaded.targets[0].city == "Houston"
    assert loaded.scope == "international"  # neither Headline nor Summary names Houston
    assert {"photographer", "videographer"} <= set(loaded.keywords["competitor"])


def test_unplaceable_location_becomes_a_commented_suggestion(tmp_path: Path) -> None:
    written, loaded = write(tmp_path, "profile_unplaceable.csv")
    assert loaded.locations == () and loaded.scope == "international"
    assert '# locations = ["Middle-earth"]' in written.text
    assert any("cannot be placed" in n for n in written.notes)


def test_business_name_with_quotes_and_backslash_survives_toml(tmp_path: Path) -> None:
    _, loaded = write(tmp_path, "profile_unplaceable.csv")
    assert loaded.name == 'Quill "&" Ink\\Co'
    assert loaded.keywords["competitor"] == ("copywriter", "content strategist")


def test_every_key_of_the_spec_is_written_with_a_comment(tmp_path: Path) -> None:
    written, _ = write(tmp_path, "profile_13col.csv")
    doc = tomllib.loads(written.text)
    # The Headline says it sells to small businesses: the owner titles come with an except.
    assert {t: set(v) for t, v in doc.items()} == {**KEYS, "prospect": {"keywords", "except"}}
    lines = written.text.splitlines()
    for table, keys in KEYS.items():
        start = lines.index(f"[{table}]")
        block = lines[start + 1:]
        end = next((i for i, line in enumerate(block) if line.startswith("[")), len(block))
        block = block[:end]
        for key in keys:
            at = next(i for i, line in enumerate(block) if line.startswith(f"{key} ="))
            assert any(line.startswith("#") for line in block[:at]), (table, key)


def test_profile_found_in_the_export_zip_at_any_depth(tmp_path: Path) -> None:
    export = tmp_path / "Basic_LinkedInDataExport_03-05-2024.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.write(ARCHIVE / "connections.csv", "Connections.csv")
        zf.write(ARCHIVE / "profile_13col.csv", "Me/PROFILE.CSV")
    written = starter.write(tmp_path / "rules.toml", export=export)
    assert written.business == "Brightline Web Studio"
    assert "Me/PROFILE.CSV" in written.profile


def test_current_position_names_the_business_when_the_headline_does_not(
        tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(ARCHIVE / "profile_15col.csv", export / "Profile.csv")
    shutil.copy(ARCHIVE / "positions.csv", export / "Positions.csv")
    written = starter.write(tmp_path / "rules.toml", export=export)
    assert written.business == "Lens & Light Studio"
    assert rules.load(tmp_path / "rules.toml").name == "Lens & Light Studio"


# ---------------------------------------------------------------------------- without a profile

def test_template_without_profile_has_examples_commented(tmp_path: Path) -> None:
    out = tmp_path / "rules.toml"
    written = starter.write(out)
    doc = tomllib.loads(written.text)  # valid TOML
    assert all(doc[c]["keywords"] == [] for c in ("prospect", "complementary", "competitor"))
    assert '# e.g. keywords = ["web designer", "web developer"]' in written.text
    # The run refuses a file without keywords, and says what to do.
    with pytest.raises(RulesError, match="no keywords"):
        rules.load(out)
    out.write_text(uncomment_examples(written.text), encoding="utf-8")
    loaded = rules.load(out)
    assert loaded.keywords["competitor"] == ("web designer", "web developer")
    assert not written.has_keywords


# ---------------------------------------------------------------------------- heuristics

@pytest.mark.parametrize("geo, proposed", [
    ("Austin, Texas, United States", "Texas"),
    ("Lagos State, Nigeria", "Lagos State"),
    ("Greater Houston", "Houston, Texas"),
    ("Dallas-Fort Worth Metroplex", "Dallas, Texas"),
    ("United States", "United States"),
    ("Middle-earth", ""),
    ("", ""),
])
def test_location_is_the_region_else_the_city(geo: str, proposed: str) -> None:
    assert proposals.propose_location(geo)[0] == proposed


@pytest.mark.parametrize("headline, industry, keywords", [
    ("Founder at Brightline Web Studio | Web design for Texas small businesses",
     "Design Services", ["web design", "web designer"]),
    ("Senior Software Engineer @ Google", "", ["software engineer"]),
    ("Freelance copywriter & content strategist for SaaS", "", ["copywriter",
                                                                "content strategist"]),
    ("Founder, Brightline Web Studio", "", []),  # the company is not a keyword
    ("CEO", "", []),
    ("Realtor at Keller Williams", "Real Estate", ["realtor", "real estate"]),
])
def test_competitor_keywords_from_headline_and_industry(headline: str, industry: str,
                                                        keywords: list[str]) -> None:
    profile = Profile("Sam", "Rivera", headline, "", industry, "", _source())
    business = proposals.propose_business(profile)
    assert proposals.propose_keywords(profile, business)[0] == keywords


def test_one_word_industry_is_only_suggested(tmp_path: Path) -> None:
    written, loaded = write(tmp_path, "profile_13col.csv")
    assert "design" not in loaded.keywords["competitor"]
    assert '# "design"' in written.text


def test_places_in_the_headline_are_never_keywords(tmp_path: Path) -> None:
    written, loaded = write(tmp_path, "profile_places_in_headline.csv")
    assert loaded.keywords["competitor"] == ("ux designer",)
    assert '# "germany", "france", "u.k"' in written.text
    assert any("not proposed (a place, or not a trade): 'germany', 'france', 'u.k'" in n
               for n in written.notes)


def test_industry_is_kept_whole(tmp_path: Path) -> None:
    written = starter.write(tmp_path / "rules.toml",
                            profile_path=ARCHIVE / "profile_industry_with_and.csv")
    assert tomllib.loads(written.text)["competitor"]["keywords"] == []
    assert "beverage manufacturing" not in written.text.replace(
        "food and beverage manufacturing", "")
    assert '# "food and beverage manufacturing"' in written.text  # suggested, whole


def test_sentence_headline_proposes_nothing_and_says_so(tmp_path: Path) -> None:
    written = starter.write(tmp_path / "rules.toml",
                            profile_path=ARCHIVE / "profile_sentence_headline.csv")
    assert tomllib.loads(written.text)["competitor"]["keywords"] == []
    assert "# Not proposed from your Headline" in written.text
    assert '"tireless builder"' in written.text and "keywords = []" in written.text
    assert "competitor keywords: none found in your Headline or Industry" in written.notes


@pytest.mark.parametrize("headline, industry, keywords", [
    ("Web design | Germany | France | U.K.", "", ["web design", "web designer"]),
    ("Marketing consultant in London", "", ["marketing consultant"]),
    ("Helping founders ship faster", "", []),
    ("Account manager", "Computer Software", ["computer software"]),
    ("Baker", "Food and Beverage Services", ["baker"]),
])
def test_only_trades_and_industries_are_proposed(headline: str, industry: str,
                                                 keywords: list[str]) -> None:
    profile = Profile("Sam", "Rivera", headline, "", industry, "", _source())
    assert proposals.propose_keywords(profile)[0] == keywords


def _source() -> SourceFile:
    return SourceFile(label="Profile.csv", sha256="", size=0)


# ---------------------------------------------------------------------------- writing

def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "rules.toml"
    out.write_text("# my rules\n", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists"):
        starter.write(out, profile_path=ARCHIVE / "profile_13col.csv")
    assert out.read_text(encoding="utf-8") == "# my rules\n"
    starter.write(out, profile_path=ARCHIVE / "profile_13col.csv", force=True)
    assert rules.load(out).name == "Brightline Web Studio"


@pytest.mark.slow  # a fresh interpreter that imports pandas, twice
@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask-022", "umask-077"])
def test_written_file_gets_the_usual_mode_not_a_private_one(tmp_path: Path, umask: int) -> None:
    # mkstemp makes 0600 files; the rules file gets the mode any new file gets under the
    # umask (set here, in a fresh interpreter, so that the test holds under any umask).
    out = tmp_path / "rules.toml"
    mode = under_umask(umask, f"""
import stat
from pathlib import Path
from cleanup import starter
out = Path({str(out)!r})
starter.write(out)
print(oct(stat.S_IMODE(out.stat().st_mode)))
""")
    assert int(mode, 8) == 0o666 & ~umask


# ---------------------------------------------------------------------------- CLI

def test_cli_init_from_export_prints_what_and_next_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(ARCHIVE / "profile_13col.csv", export / "Profile.csv")
    monkeypatch.chdir(tmp_path)
    result = invoke("init", str(export))
    assert result.code == 0, result.output
    assert result.output.startswith(f"Wrote rules.toml from Profile.csv in {export}.\n")
    assert "competitor keywords: 'web design', 'web designer'" in result.output
    assert result.output.endswith(f"then run:\n  linkedin-cleanup run {export}\n")
    assert rules.load(tmp_path / "rules.toml").scope == "local"


def test_cli_init_refuses_overwrite_with_exit_1_then_force(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.toml").write_text("# mine\n", encoding="utf-8")
    result = invoke("init", "--output", "mine.toml")
    assert result.code == 1
    assert result.output == ("Error: mine.toml already exists; not replacing it, since it "
                             "may hold your rules. Overwrite it on purpose, or write elsewhere "
                             "(--force; or --output FILE).\n")
    assert (tmp_path / "mine.toml").read_text(encoding="utf-8") == "# mine\n"
    forced = invoke("init", "--output", "mine.toml", "--force", "--profile",
                    str(ARCHIVE / "profile_15col.csv"))
    assert forced.code == 0, forced.output
    assert "linkedin-cleanup run EXPORT --rules mine.toml" in forced.output


def test_cli_init_without_profile_says_to_add_keywords(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert result.code == 0
    assert "Add keywords to [prospect], [complementary] or [competitor]" in result.output
    assert (tmp_path / "rules.toml").exists()


def test_cli_init_export_and_profile_together_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path), "--profile",
                    str(ARCHIVE / "profile_13col.csv"))
    assert result.code == 2
    assert "give EXPORT or --profile, not both" in result.output


def test_cli_init_missing_profile_is_exit_1(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "--profile", "nope.csv")
    assert result.code == 1
    assert result.output.startswith("Error: nope.csv: cannot read the profile")
    assert not (tmp_path / "rules.toml").exists()
