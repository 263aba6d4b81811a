"""Where keywords count in a text that holds an excepted phrase (`owner` inside `product owner`).

Every occurrence of every keyword and every excepted phrase is found, overlapping ones too; a
keyword occurrence counts unless an excepted occurrence covers it. The patterns come compiled
(one per number of words in a phrase); this module only places them.
"""

from __future__ import annotations

import bisect
import itertools
import re


def _stretches(patterns: tuple[re.Pattern[str], ...], text: str) -> list[tuple[int, int]]:
    """Every stretch of `text` one of `patterns` matches, overlapping ones too: each search
    starts one character after the last match began, instead of after it ended. A match starts
    at the start of a word, so each place is tried once per pattern, as one scan would."""
    spans = []
    for pattern in patterns:
        m = pattern.search(text)
        while m is not None:
            spans.append(m.span())
            m = pattern.search(text, m.start() + 1)
    return spans


def outside(text: str, keywords: tuple[re.Pattern[str], ...],
            excepted: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    """Where in `text` a keyword lies outside every excepted phrase, in order. A keyword
    occurrence counts unless some occurrence of an excepted phrase starts at or before it and
    ends at or after it, however the excepted occurrences overlap each other
    (`senior product owner` holds both `senior product` and `product owner`)."""
    covers = sorted(_stretches(excepted, text))
    firsts = [a for a, _ in covers]
    reach = list(itertools.accumulate((b for _, b in covers), max))  # furthest end so far
    found = []
    for start, end in sorted(_stretches(keywords, text), key=lambda s: (s[0], -s[1])):
        j = bisect.bisect_right(firsts, start) - 1
        if j < 0 or reach[j] < end:
            found.append((start, end))
    return found
