"""Tag -> keep / remove / review, then the guards, then the overrides.

An `unknown` row follows `[business] unrelated` when an `[unrelated]` keyword matched it
(not the user's audience), else `[business] in_touch` when the archive shows a real
relationship (messages both ways, a recommendation, an endorsement), else `[business]
no_profile` when it shows no Position and no Company (a hidden or empty profile: nothing to
judge by), else `[business] unknown`.

Guards only ever soften a rule's *remove* to *review*; overrides are final, strongest first:
the user's own earlier decision, the `[keep]` lists, the `[remove]` lists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from cleanup.judge.tagging import no_profile
from cleanup.rules import Lists, Rules
from cleanup.terms import TAG_INFO, UNKNOWN
from cleanup.text import url_key, whole

#: What the rules recommend for each tag (the registry's); the others follow the settings.
_BY_TAG = {t.name: t.recommendation for t in TAG_INFO if t.recommendation}


def on_list(people: pd.DataFrame, lists: Lists,
            compared: dict[str, pd.Series] | None = None) -> pd.Series:
    """Why each row is on a keep/remove list (`name "Jane Doe"`), or "" when it is not.

    `compared` keeps the columns as compared (URL key, whole company, whole name) from one
    call to the next, when the caller checks several lists."""
    compared = {} if compared is None else compared
    why = pd.Series("", index=people.index, dtype=object)
    checks: list[tuple[str, Any, Callable[[], pd.Series], Callable[[pd.Series], pd.Series]]] = [
        ("url", lists.urls, lambda: people["key"], url_key),
        ("company", lists.companies, lambda: whole(people["company"]), whole),
        ("name", lists.names, lambda: whole(people["name"]), whole),
    ]
    # Written weakest first so that the most specific reason (the URL) is the one shown.
    for label, originals, column_of, key_of in reversed(checks):
        wanted = key_of(pd.Series(list(originals), dtype=object))
        lookup = {w: o for w, o in zip(wanted, originals, strict=True) if w}
        if not lookup:  # an empty list: no column to compare
            continue
        column = compared.get(label)
        if column is None:
            column = compared[label] = column_of()
        hit = column.map(lookup).astype(object)
        found = hit.notna() & column.ne("")
        why = why.mask(found, label + ' "' + hit[found] + '"')
    return why


def recommend(people: pd.DataFrame, tags: pd.DataFrame, rules: Rules, as_of: date,
              evidence: pd.Series | None = None,
              decisions: pd.DataFrame | None = None,
              compared: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """Recommendation and Reason per row.

    `evidence` is a readable relationship note per row ("14 messages exchanged, last on
    2026-03-02") or "" (the guard). `decisions` has `decision` and `decided_on` per row,
    empty where the user has not decided. `compared`, when given, keeps the columns the keep
    and remove lists are compared with from one call to the next (for the same `people`).
    """
    rec = tags["tag"].map(_BY_TAG).fillna(rules.unknown)
    reason = tags["tag_reason"].copy()
    unknown = tags["tag"].eq(UNKNOWN)
    unrelated = unknown & (tags["unrelated"].astype(bool) if "unrelated" in tags else False)
    rec = rec.mask(unrelated, rules.unrelated)
    rec = rec.mask(unknown & ~unrelated & no_profile(people), rules.no_profile)
    if evidence is not None:
        talk = unknown & ~unrelated & evidence.fillna("").ne("")
        said = "kept" if rules.in_touch == "keep" else "review"
        reason = reason.mask(talk, said + ": you talk — " + evidence[talk] + " ("
                             + reason[talk] + ")")
        rec = rec.mask(talk, rules.in_touch)

    # Guards: soften a rule's remove to review, and say why.
    removing = rec.eq("remove")
    if evidence is not None:
        guarded = removing & evidence.fillna("").ne("")
        reason = reason.mask(guarded, "review: " + evidence[guarded] + " (" + reason[guarded]
                             + ")")
        rec = rec.mask(guarded, "review")
    if rules.protect_recent_days > 0:
        age = (pd.Timestamp(as_of) - people["connected"]).dt.days
        recent = rec.eq("remove") & age.le(rules.protect_recent_days) & age.notna()
        note = ("review: connected " + age[recent].astype("Int64").astype(str) + " days ago; "
                f"you protect the last {rules.protect_recent_days} days (" + reason[recent]
                + ")")
        reason = reason.mask(recent, note)
        rec = rec.mask(recent, "review")

    # Overrides, weakest first so that the strongest one is written last and wins.
    compared = {} if compared is None else compared
    removed = on_list(people, rules.remove, compared)
    hit = removed.ne("")
    reason = reason.mask(hit, "removed: on your remove list (" + removed[hit] + "); "
                         + tags["tag_reason"][hit])
    rec = rec.mask(hit, "remove")
    kept = on_list(people, rules.keep, compared)
    hit = kept.ne("")
    reason = reason.mask(hit, "kept: on your keep list (" + kept[hit] + "); "
                         + tags["tag_reason"][hit])
    rec = rec.mask(hit, "keep")
    if decisions is not None:
        decided = decisions["decision"].fillna("").isin(("keep", "remove"))
        reason = reason.mask(decided, "your decision of "
                             + decisions["decided_on"][decided].astype(str) + "; rules: "
                             + tags["tag_reason"][decided])
        rec = rec.mask(decided, decisions["decision"])
    return pd.DataFrame({"recommendation": rec, "reason": reason}, index=people.index)
