"""Copied-text pairs for the dashboard: the SIM / SIM_PRIOR findings the ingest stored, one row
per pair, and the side-by-side view of a pair (shared passages marked).

The pairs are computed at ingest (lib.ingest → lib.check.similarity); nothing is rescored here except
the per-section detail of the one pair a user opens.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.analytics import queries
from lib.check import similarity

RULES = {"SIM": "same_year", "SIM_PRIOR": "prior_year"}
KINDS = ("same_year", "prior_year")
THRESHOLDS = {
    "same_year": similarity.SAME_YEAR_THRESHOLD,
    "prior_year": similarity.PRIOR_YEAR_THRESHOLD,
}
MIN_PASSAGE = 15  # characters: shorter common runs are set phrases, not copying
PAIR_COLS = ["kind", "score", "report_a", "body_a", "year_a", "report_b", "body_b", "year_b"]


def pairs(db, filters=None) -> pd.DataFrame:
    """One row per similar pair whose either report passes `filters`, highest score first.
    For a prior_year pair, report_a is the earlier year."""
    with queries.session(db) as s:  # one connection: opening one costs more than the query
        found = queries.findings(s, filters, columns=["report_id", "rule", "keys", "actual"])
        found = found[found["rule"].isin(list(RULES))]
        if found.empty:
            return pd.DataFrame(columns=PAIR_COLS)
        info = queries.report_list(s, columns=["report_id", "body", "year"])
    # vectorised: a county with thousands of findings made row-by-row lookups the hot spot
    other = found["keys"].astype(str).str.extract(r"(?:^|,)report:(\d+)(?:,|$)", expand=False)
    df = pd.DataFrame({"rid": found["report_id"].astype("int64"),
                       "other": pd.to_numeric(other, errors="coerce"),
                       "kind": found["rule"].map(RULES), "score": found["actual"].astype(float)})  # fmt: skip
    df = df.dropna(subset=["other"]).astype({"other": "int64"})
    info = info.astype({"report_id": "int64"}).set_index("report_id")
    df = df[df["rid"].isin(info.index) & df["other"].isin(info.index)]
    y_r, y_o = (
        info["year"].reindex(df["rid"]).to_numpy(),
        info["year"].reindex(df["other"]).to_numpy(),
    )
    r, o = df["rid"].to_numpy(), df["other"].to_numpy()
    first = (y_r < y_o) | ((y_r == y_o) & (r < o))  # the earlier year (then lower id) is a
    df = df.assign(report_a=np.where(first, r, o), report_b=np.where(first, o, r))
    df = df.drop_duplicates(["report_a", "report_b"])  # a pair's first finding, as listed
    out = df.assign(
        body_a=info["body"].reindex(df["report_a"]).to_numpy(),
        year_a=info["year"].reindex(df["report_a"]).to_numpy().astype(int),
        body_b=info["body"].reindex(df["report_b"]).to_numpy(),
        year_b=info["year"].reindex(df["report_b"]).to_numpy().astype(int),
    )[PAIR_COLS]
    return out.sort_values(
        ["score", "year_a", "body_a"], ascending=[False, True, True]
    ).reset_index(drop=True)


def counts(db, filters=None) -> pd.DataFrame:
    """Per report with a copied-text finding: report_id, body, year, same_year, prior_year
    (how many pairs of each kind it is in): for the overview and township pages."""
    found = queries.findings(db, filters, columns=["report_id", "body", "year", "rule"])
    found = found[found["rule"].isin(list(RULES))]
    cols = ["report_id", "body", "year", "same_year", "prior_year"]
    if found.empty:
        return pd.DataFrame(columns=cols)
    found = found.assign(kind=found["rule"].map(RULES))
    table = pd.crosstab([found["report_id"], found["body"], found["year"]], found["kind"])
    table = table.reindex(columns=["same_year", "prior_year"], fill_value=0).reset_index()
    return table[cols]


def involved(pairs_df: pd.DataFrame, year: int) -> list[int]:
    """The reports of `year` that are in at least one pair of `pairs_df` (from `pairs`)."""
    ids = set(pairs_df.loc[pairs_df["year_a"] == year, "report_a"])
    ids |= set(pairs_df.loc[pairs_df["year_b"] == year, "report_b"])
    return sorted(int(i) for i in ids)


def pairs_of(pairs_df: pd.DataFrame, report_id: int) -> pd.DataFrame:
    """The pairs of `pairs_df` (from `pairs`) that one report is in, with a `pair` column: the
    copied page's ?pair= value."""
    rid = int(report_id)
    mine = pairs_df[(pairs_df["report_a"] == rid) | (pairs_df["report_b"] == rid)]
    return mine.assign(pair=[f"{a}-{b}" for a, b in zip(mine["report_a"], mine["report_b"])])


def _prose(db, report_id: int) -> tuple[dict[str, str], str]:
    df = queries.prose(db, report_id)
    sections = dict(zip(df["section"], df["text"], strict=True))
    text = "\n".join(sections[c] for c in similarity.PROSE_SECTIONS if sections.get(c))
    return sections, text


def pair_view(db, report_a: int, report_b: int, min_len: int = MIN_PASSAGE) -> dict:
    """Both reports' prose cut into (text, shared?) segments, the shared passages (longest
    first), and the exact similarity of sections I and V and of all the prose."""
    with queries.session(db) as s:  # one connection for the three reads
        sec_a, text_a = _prose(s, int(report_a))
        sec_b, text_b = _prose(s, int(report_b))
        info = queries.report_list(s, columns=["report_id", "body"]).set_index("report_id")
    body_a = str(info.at[int(report_a), "body"]) if int(report_a) in info.index else ""
    body_b = str(info.at[int(report_b), "body"]) if int(report_b) in info.index else ""
    left, right = similarity.side_by_side(text_a, text_b, min_len)
    # the shared segments of the left side are the shared passages (in text_a's order): no
    # second diff of the two texts
    shared = [t.strip("\n") for t, is_shared in left if is_shared]
    passages = sorted(shared, key=len, reverse=True)
    scores = {
        c: similarity.jaccard(sec_a.get(c, ""), sec_b.get(c, ""), body_a, body_b)
        for c in ("s1", "s5")
    }
    scores["prose"] = similarity.jaccard(text_a, text_b, body_a, body_b)
    return {"left": left, "right": right, "passages": passages, "scores": scores}
