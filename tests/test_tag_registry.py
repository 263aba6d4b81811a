"""The tags live in one registry (`cleanup.terms.TAG_INFO`): every stage reads them from there.

Adding a tag is one entry there and, unless it is found by keywords, its rule in
`judge/tagging.py`. These tests keep it so: no module or template writes a tag's name itself,
and the entries are complete.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import string_constants

import cleanup
from cleanup.judge import tagging
from cleanup.rules import CATEGORIES, KEYWORD_TABLES, load
from cleanup.terms import (
    ACTIONS,
    KEYWORD_TAGS,
    KEYWORDS,
    OFF_TARGET,
    PHRASE_ANSWERS,
    PRECEDENCE,
    RECOMMENDATIONS,
    TAG_INFO,
    TAGS,
    UNKNOWN,
)

PACKAGE = Path(cleanup.__file__).parent
README = PACKAGE.parent / "README.md"
#: A tag's name as a word of its own, in code or in a template.
TAG_WORD = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in TAGS if t != UNKNOWN) + r")\b")
#: Strings that name a tag on purpose: (file, text). `unknown` is also the name of a setting of
#: the rules file; the report script documents its address format with an example.
ALLOWED = {
    ("rules.py", "unknown"),
    ("report.js", '/** "#list-review?tag=competitor&q=web" sets that list\'s controls and '
                  'scrolls to it. */'),
}


def test_no_module_writes_a_tag_name_of_its_own() -> None:
    """A tag name typed outside the registry is a place a new tag would have to be added by
    hand (or a KeyError waiting for it): code takes the names from `cleanup.terms`."""
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.name != "terms.py"
             for line, text in string_constants(path)
             if (text in TAGS or TAG_WORD.search(text)) and (path.name, text) not in ALLOWED]
    assert found == []


def test_no_template_writes_a_tag_name_of_its_own() -> None:
    """The report's and the decide page's templates list the tags from the context (from the
    registry)."""
    found = [f"{path.relative_to(PACKAGE)}:{i}: {line.strip()}"
             for path in sorted(PACKAGE.rglob("*"))
             if path.is_file() and "templates" in path.relative_to(PACKAGE).parts
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if TAG_WORD.search(line) and (path.name, line.strip()) not in ALLOWED]
    assert found == []


def test_the_check_finds_a_tag_name_written_in_code(tmp_path: Path) -> None:
    module = tmp_path / "x.py"
    module.write_text('"""About prospects."""\nBY_TAG = {"competitor": "remove"}\n'
                      'WHY = "off-target location: outside"\n', encoding="utf-8")
    hits = [text for _, text in string_constants(module) if text in TAGS or TAG_WORD.search(text)]
    assert sorted(hits) == ["competitor", "off-target location: outside"]


def test_every_entry_is_complete() -> None:
    assert len({t.name for t in TAG_INFO}) == len(TAG_INFO)
    assert len({t.precedence for t in TAG_INFO}) == len(TAG_INFO)
    for t in TAG_INFO:
        assert t.recommendation in (*RECOMMENDATIONS, None), t
        assert t.invitation in ACTIONS, t
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", t.color) and re.fullmatch(
            r"#[0-9a-fA-F]{6}", t.fill), t
        if t.rule == KEYWORDS:  # a table of rules.toml, which the starter file explains
            assert t.about and t.example and len(t.key) == 1, t
        elif t.name != UNKNOWN:
            assert t.rule in tagging.TAG_RULES, t
    # What no rule tagged is asked last, and follows the user's [business] unknown setting.
    assert PRECEDENCE[-1].name == UNKNOWN and PRECEDENCE[-1].recommendation is None
    keys = [t.key for t in TAG_INFO if t.key]
    assert len(set(keys)) == len(keys) and not set(keys) & {"n", "s"}  # the other answers


def test_the_keyword_tags_are_the_tables_of_the_rules_file_and_the_phrase_answers(
        tmp_path: Path) -> None:
    assert CATEGORIES == KEYWORD_TAGS == ("prospect", "complementary", "competitor")
    assert KEYWORD_TABLES[:-1] == KEYWORD_TAGS
    assert [a for a, table in PHRASE_ANSWERS.items() if table in KEYWORD_TAGS] == list(
        KEYWORD_TAGS)
    path = tmp_path / "rules.toml"
    path.write_text('[competitor]\nkeywords = ["web designer"]\n', encoding="utf-8")
    rules = load(path)
    assert set(rules.keywords) == set(KEYWORD_TABLES)


def test_the_location_rule_is_asked_first_and_unknown_last() -> None:
    order = [t.name for t in PRECEDENCE]
    assert order[0] == OFF_TARGET and order[-1] == UNKNOWN
    assert [t for t in order if t in KEYWORD_TAGS] == list(KEYWORD_TAGS)


@pytest.mark.parametrize("tag", TAGS)
def test_the_readme_names_every_tag(tag: str) -> None:
    assert tag in README.read_text(encoding="utf-8")
