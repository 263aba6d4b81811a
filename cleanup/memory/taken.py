"""The edits found in the tool's own workbooks (`scan`), turned into ledger lines.

One workbook: when two of its cells for one person disagree, the worklist (Remove, Review)
wins over Connections. Several workbooks: the later save wins. Each new line is dated by this
run and names the workbook it came from; the run's notes say which file each new decision or
answer came from, and which answer won when two disagree.
"""

from __future__ import annotations

import pandas as pd

from cleanup.errors import Notice
from cleanup.memory import ledger as ledgers
from cleanup.memory.ledger import LEDGER_COLUMNS, SHOWN, UNCLEAR
from cleanup.read.identity import person_ids
from cleanup.text import profile_link_one, whole


def _shown(value: str) -> str:
    return repr(value.removeprefix(UNCLEAR)[:40]) if value.startswith(UNCLEAR) else (
        value or "nothing")


def _capped(name: str, said: list[str], more: str) -> list[Notice]:
    shown = said if len(said) <= SHOWN else [*said[:SHOWN], f"{len(said) - SHOWN} {more}."]
    return [Notice(name, None, m) for m in shown]


def _who(keys: pd.Series, people: pd.DataFrame) -> pd.DataFrame:
    """url, name, company, url_id, name_id per person key: from this run's connections, else
    from the key itself (a profile URL, or a folded name and company)."""
    ids = person_ids(people["url"], people["name"], people["company"], keys=people.get("key"))
    known = pd.DataFrame({"url": people["url"].fillna("").astype(str).to_numpy(),
                          "name": people["name"].fillna("").astype(str).to_numpy(),
                          "company": people["company"].fillna("").astype(str).to_numpy(),
                          "url_id": ids["url_id"].to_numpy(), "name_id": ids["name_id"].to_numpy()},
                         index=ids["id"].to_numpy(), dtype=object)
    known = known[~known.index.duplicated(keep="first")]
    rows = []
    for key in keys.tolist():
        if key in known.index:
            rows.append(known.loc[key].tolist())
        elif key.startswith("name:"):
            name, _, company = key.removeprefix("name:").partition("|")
            rows.append(["", name, company, "", key])
        else:
            rows.append([profile_link_one(key) or key, "", "", key, ""])
    frame = pd.DataFrame(rows, columns=["url", "name", "company", "url_id", "name_id"],
                         index=keys.index, dtype=object)
    return frame


def decision_lines(edits: pd.DataFrame, parsed: pd.DataFrame, people: pd.DataFrame,
                   today: str, named: pd.DataFrame | None = None
                   ) -> tuple[pd.DataFrame, list[Notice], pd.Series]:
    """The ledger lines the edits add (those that change a standing decision), the notices,
    and the cells holding a value not understood (Sheet!cell by person key). `named` gives
    the ledger's name and company per person id, for someone no longer connected."""
    if edits.empty:
        return ledgers.empty_ledger(), [], pd.Series(dtype=object)
    notices: list[Notice] = []
    edits = edits.sort_values(["saved", "book", "key", "rank"], kind="stable")
    said = []
    for _, group in edits.groupby(["book", "key"], sort=False):
        if group["value"].nunique() > 1:
            cells = "; ".join(f"{s}!{c} says {_shown(v)}" for s, c, v
                              in zip(group["sheet"], group["cell"], group["value"], strict=True))
            first = group.iloc[0]
            said.append(f"conflicting decisions for {first['label'] or first['key']}: {cells}. "
                        f"Used {_shown(first['value'])} from {first['sheet']} (a worklist wins "
                        "over Connections); fix the other cell in the new workbook if that is "
                        "wrong.")
    per_book = edits.drop_duplicates(["book", "key"], keep="first")
    notices += _capped("", said, "more people have conflicting decisions; the same rule "
                       "was applied")
    said = []
    for key, group in per_book.groupby("key", sort=False):
        if group["value"].nunique() > 1:
            told = "; ".join(f"{b} says {_shown(v)}" for b, v
                             in zip(group["book"], group["value"], strict=True))
            said.append(f"{group.iloc[-1]['label'] or key}: {told}. The later save, "
                        f"{group.iloc[-1]['book']}, wins.")
    notices += _capped("", said, "more people were decided differently in two workbooks; "
                       "the later save won")
    final = per_book.drop_duplicates("key", keep="last").reset_index(drop=True)
    who = _who(final["key"], people)
    # Someone no longer connected is named as the ledger or the workbook's row named them.
    for column, fallback in (("name", final["label"]), ("company", None)):
        empty = who[column].eq("").to_numpy()
        if named is not None and len(named):
            earlier = named[column].reindex(final["key"]).fillna("").to_numpy()
            who.loc[empty, column] = earlier[empty]
            empty = who[column].eq("").to_numpy()
        if fallback is not None:
            who.loc[empty, column] = fallback.fillna("").to_numpy()[empty]
    now = ledgers.match(who, ledgers.standing(parsed))["decision"].fillna("")
    take = final["value"].ne(now).to_numpy()
    final, who = final[take], who[take]
    unclear = final[final["value"].str.startswith(UNCLEAR)]
    where = pd.Series((unclear["sheet"] + "!" + unclear["cell"]).to_numpy(),
                      index=unclear["key"].to_numpy(), dtype=object)
    lines = pd.DataFrame({"Profile URL": who["url"].to_numpy(), "Name": who["name"].to_numpy(),
                          "Company": who["company"].to_numpy(),
                          "Decision": final["value"].str.removeprefix(UNCLEAR).to_numpy(),
                          "Decided On": today, "Source Workbook": final["book"].to_numpy()},
                         columns=LEDGER_COLUMNS, dtype=object)
    for book, group in lines.groupby("Source Workbook", sort=False):
        shown = ", ".join(f"{n or u} {_shown(d) if d else '(cleared)'}" for n, u, d in zip(
            group["Name"][:SHOWN], group["Profile URL"][:SHOWN], group["Decision"][:SHOWN],
            strict=True))
        more = f" and {len(group) - SHOWN} more" if len(group) > SHOWN else ""
        notices.append(Notice(str(book), None, f"{len(group)} decisions taken from this "
                              f"workbook, where they were changed: {shown}{more}."))
    lines = (lines.assign(_k=whole(lines["Name"]))
             .sort_values(["_k", "Name", "Profile URL", "Company"], kind="stable")
             .drop(columns="_k").reset_index(drop=True))
    return lines, notices, where


def answer_lines(edits: pd.DataFrame, standing: pd.DataFrame, known: tuple[str, ...],
                 today: str) -> tuple[pd.DataFrame, list[Notice]]:
    """The phrases.csv lines the Answer edits add (Phrase, Answer, Answered On, Source
    Workbook), and the notices: two rows of one sheet answering one phrase differently, two
    workbooks disagreeing, which file each answer came from."""
    columns = ["Phrase", "Answer", "Answered On", "Source Workbook"]
    if edits.empty:
        return pd.DataFrame(columns=columns, dtype=object), []
    notices: list[Notice] = []
    edits = edits.sort_values(["saved", "book"], kind="stable")
    for (book, _), group in edits.groupby(["book", "key"], sort=False):
        if group["answer"].nunique() > 1:
            cells = "; ".join(f"Phrases!{c} says {a or 'nothing'}" for c, a
                              in zip(group["cell"], group["answer"], strict=True))
            first = group.iloc[0]
            notices.append(Notice(str(book), None, f"two rows answer \"{first['phrase']}\" "
                                  f"differently ({cells}): the first row, "
                                  f"Phrases!{first['cell']}, is used; fix the other row."))
    per_book = edits.drop_duplicates(["book", "key"], keep="first")
    for _, group in per_book.groupby("key", sort=False):
        if group["answer"].nunique() > 1:
            told = "; ".join(f"{b} says {a or 'nothing'}" for b, a
                             in zip(group["book"], group["answer"], strict=True))
            notices.append(Notice("", None, f"\"{group.iloc[-1]['phrase']}\": {told}. The "
                                  f"later save, {group.iloc[-1]['book']}, wins."))
    final = per_book.drop_duplicates("key", keep="last")
    now = standing["answer"].reindex(final["key"]).fillna("").to_numpy()
    final = final[final["answer"].to_numpy() != now]
    lines = pd.DataFrame({"Phrase": final["phrase"].to_numpy(),
                          "Answer": final["answer"].where(final["answer"].isin(list(known))
                                                          | final["answer"].eq(""),
                                                          final["text"]).to_numpy(),
                          "Answered On": today, "Source Workbook": final["book"].to_numpy()},
                         columns=columns, dtype=object)
    for book, group in lines.groupby("Source Workbook", sort=False):
        shown = ", ".join(f"\"{p}\" {a or '(cleared)'}" for p, a
                          in zip(group["Phrase"][:SHOWN], group["Answer"][:SHOWN], strict=True))
        notices.append(Notice(str(book), None, f"{len(group)} phrase answers taken from this "
                              f"workbook, where they were changed: {shown}."))
    return lines.sort_values("Phrase", kind="stable").reset_index(drop=True), notices
