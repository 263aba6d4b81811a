"""Tag -> keep / remove / review, then the guards, then the overrides.

An `unknown` row follows `[business] unrelated` when an `[unrelated]` keyword matched it
(not the user's audience), else `[business] in_touch` when the archive shows a real
relationship (messages both ways, a recommendation, an endorsement), else `[business] unknown`.

Guards only ever soften a rule's *remove* to *review*; overrides are final, strongest first:
the user's own earlier decision, the `[keep]` lists, the `[remove]` lists.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from cleanup.rules import Lists, Rules
from cleanup.text import url_key, whole

RECOMMENDATIONS = ("keep", "remove", "review")
_BY_TAG = {"prospect": "keep", "complementary": "keep", "competitor": "remove",
           "off-target location": "remove"}


def on_list(people: pd.DataFrame, lists: Lists) -> pd.Series:
    """Why each row is on a keep/remove list (`name "Jane Doe"`), or "" when it is not."""
    why = pd.Series("", index=people.index, dtype=object)
    checks = [
        ("url", lists.urls, people["key"], url_key(pd.Series(list(lists.urls), dtype=object))),
        ("company", lists.companies, whole(people["company"]),
         whole(pd.Series(list(lists.companies), dtype=object))),
        ("name", lists.names, whole(people["name"]),
         whole(pd.Series(list(lists.names), dtype=object))),
    ]
    # Written weakest first so that the most specific reason (the URL) is the one shown.
    for label, originals, column, wanted in reversed(checks):
        lookup = {w: o for w, o in zip(wanted, originals, strict=True) if w}
        hit = column.map(lookup).astype(object)
        found = hit.notna() & column.ne("")
        why = why.mask(found, label + ' "' + hit.where(found, "") + '"')
    return why


def recommend(people: pd.DataFrame, tags: pd.DataFrame, rules: Rules, as_of: date,
              evidence: pd.Series | None = None,
              decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Recommendation and Reason per row.

    `evidence` is a readable relationship note per row ("14 messages exchanged, last on
    2026-03-02") or "" (the guard). `decisions` has `decision` and `decided_on` per row,
    empty where the user has not decided.
    """
    rec = tags["tag"].map(_BY_TAG).fillna(rules.unknown)
    reason = tags["tag_reason"].copy()
    unknown = tags["tag"].eq("unknown")
    unrelated = unknown & (tags["unrelated"].astype(bool) if "unrelated" in tags else False)
    rec = rec.mask(unrelated, rules.unrelated)
    if evidence is not None:
        talk = unknown & ~unrelated & evidence.fillna("").ne("")
        said = "kept" if rules.in_touch == "keep" else "review"
        reason = reason.mask(talk, said + ": you talk — " + evidence + " (" + reason + ")")
        rec = rec.mask(talk, rules.in_touch)

    # Guards: soften a rule's remove to review, and say why.
    removing = rec.eq("remove")
    if evidence is not None:
        guarded = removing & evidence.fillna("").ne("")
        reason = reason.mask(guarded, "review: " + evidence + " (" + reason + ")")
        rec = rec.mask(guarded, "review")
    if rules.protect_recent_days > 0:
        age = (pd.Timestamp(as_of) - people["connected"]).dt.days
        recent = rec.eq("remove") & age.le(rules.protect_recent_days) & age.notna()
        note = ("review: connected " + age.astype("Int64").astype(str) + " days ago; you "
                f"protect the last {rules.protect_recent_days} days (" + reason + ")")
        reason = reason.mask(recent, note)
        rec = rec.mask(recent, "review")

    # Overrides, weakest first so that the strongest one is written last and wins.
    removed = on_list(people, rules.remove)
    hit = removed.ne("")
    reason = reason.mask(hit, "removed: on your remove list (" + removed + "); "
                         + tags["tag_reason"])
    rec = rec.mask(hit, "remove")
    kept = on_list(people, rules.keep)
    hit = kept.ne("")
    reason = reason.mask(hit, "kept: on your keep list (" + kept + "); " + tags["tag_reason"])
    rec = rec.mask(hit, "keep")
    if decisions is not None:
        decided = decisions["decision"].fillna("").isin(("keep", "remove"))
        reason = reason.mask(decided, "your decision of " + decisions["decided_on"].astype(str)
                             + "; rules: " + tags["tag_reason"])
        rec = rec.mask(decided, decisions["decision"])
    return pd.DataFrame({"recommendation": rec, "reason": reason}, index=people.index)
