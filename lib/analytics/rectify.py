"""整改 (rectification): where each issue of the 督办清单 stands, and changing it.

An issue — a finding, a missing or a late filing — is open until somebody acknowledges it
(整改中), marks it fixed (已整改) or waives it with a reason (不予整改). A re-ingested report that
no longer raises it closes it as fixed (lib.store.actions.close_fixed). Statuses and their
history live in the warehouse; this module reads them beside the list and writes new ones.
"""

from __future__ import annotations

import pandas as pd

from lib import store
from lib.analytics import queries
from lib.analytics.timeliness import supervision_table as issues_table
from lib.check.catalog import check_of
from lib.i18n import cell_names, t
from lib.store.actions import AUTO_NOTE, STATUSES, Action, Refused  # noqa: F401 (for pages)

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}
_ISSUE_RULE = {"missing": "MISSING", "late": "LATE"}
STATUS_COLS = ("fix", "owner", "due", "status", "status_note", "status_by", "status_at")
_ID = ["county", "body", "year", "rule", "ident"]


def tracking_rule(issue: str, rule) -> str:
    """The rule an issue is tracked under: the finding's, or MISSING / LATE for filings."""
    return _ISSUE_RULE.get(issue) or str(rule or "")


def note_text(note, lang: str) -> str:
    """A status note for people: automatic closings in words."""
    note = "" if note is None or note != note else str(note)
    if note.startswith(AUTO_NOTE):
        return t("rectify.auto_note", lang, report=note[len(AUTO_NOTE) :])
    return note


def with_status(issues: pd.DataFrame, status: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The 督办清单 rows with 整改要求 (what to fix), 责任单位 (the body unless somebody named
    another), 期限, 状态 and the last change's note, author and time; sorted by severity, then
    status (open first), keeping the list's order (county, body, year, …) within.

    issues: lib.analytics.timeliness.supervision_list rows (with "ident"); status: queries.issue_status."""
    out = issues.copy()
    out["rule"] = [tracking_rule(i, r) for i, r in zip(out["issue"], out["rule"], strict=True)]
    out["ident"] = out["ident"].fillna("").astype(str) if "ident" in out else ""
    st = status[[*_ID, "status", "note", "owner", "due", "user_name", "acted_at"]].copy()
    st["ident"] = st["ident"].fillna("").astype(str)
    st["year"] = st["year"].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    out = out.merge(st, on=_ID, how="left", validate="many_to_one")
    out["status"] = out["status"].fillna("open")
    out["fix"] = [check_of(r).fix(lang) for r in out["rule"]]
    out["owner"] = out["owner"].where(out["owner"].notna() & (out["owner"] != ""), out["body"])
    out["status_note"] = [note_text(n, lang) for n in out.pop("note")]
    out = out.rename(columns={"user_name": "status_by", "acted_at": "status_at"})
    rank = out["severity"].map(SEVERITY_ORDER).fillna(9) * 10 + out["status"].map(STATUS_ORDER)
    return out.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def supervision_table(db, filters=None, lang: str = "zh", **kw) -> pd.DataFrame:
    """The 督办清单 with where each issue stands (with_status), read from the database."""
    with queries.session(db) as s:
        out = with_status(issues_table(s, filters, lang, **kw), queries.issue_status(s, filters),
                          lang)  # fmt: skip
        ids = queries.bodies(s, filters)[["body_id", "name", "county"]]
    ids = ids.rename(columns={"name": "body"})
    out = out.merge(ids, on=["county", "body"], how="left", validate="many_to_one")
    out["body_id"] = out["body_id"].astype("Int64")
    return out


def findings_status(db, filters=None) -> pd.DataFrame:
    """Findings of current reports (queries.findings) with body_id, ident and their status."""
    cols = (*queries.FINDINGS_COLS, "body_id", "ident")
    with queries.session(db) as s:
        found = queries.findings(s, filters, columns=cols)
        status = queries.issue_status(s, filters)
    st = status[["body_id", "year", "rule", "ident", "status"]].copy()
    for c in ("body_id", "year"):
        st[c] = st[c].astype("Int64")
        found[c] = found[c].astype("Int64")
    out = found.merge(st, on=["body_id", "year", "rule", "ident"], how="left")
    out["status"] = out["status"].fillna("open")
    return out


def history(db, filters=None, lang: str = "zh") -> pd.DataFrame:
    """Every status change, newest first, for people: check name, status and note in words."""
    h = queries.action_history(db, filters)
    return pd.DataFrame(
        {
            "status_at": h["acted_at"],
            "status_by": h["user_name"],
            "body": h["body"],
            "year": h["year"],
            "check": [check_of(str(r)).name(lang) for r in h["rule"]],
            "status": [t(f"rectify.status.{s}", lang) for s in h["status"]],
            "status_note": [note_text(n, lang) for n in h["note"]],
            "owner": h["owner"],
            "due": h["due"],
        }
    )


def record(db, actions: list[Action], user: str, on_wait=None) -> int:
    """Store status changes (one transaction, published like an ingest); returns how many.
    Refused (a ValueError) before anything is written when one of them is wrong."""
    for a in actions:
        store.actions.check(a, user)
    with store.Writer(db, on_wait=on_wait) as w:
        return store.actions.record(w, actions, user)


def issue_id(row) -> str:
    """A stable id of an issue row, for pickers: body, year, rule, ident."""
    return f"{row.body_id}|{row.year}|{row.rule}|{row.ident}"


def issue_labels(rows: pd.DataFrame, lang: str) -> dict[str, str]:
    """issue_id → "body year · check · cells · status", in the rows' order."""
    out = {}
    for r in rows.itertuples(index=False):
        parts = [f"{r.body} {r.year}", check_of(str(r.rule)).name(lang),
                 cell_names(r.keys, lang), t(f"rectify.status.{r.status}", lang)]  # fmt: skip
        out.setdefault(issue_id(r), " · ".join(p for p in parts if p))
    return out


def picked(rows: pd.DataFrame, ids) -> pd.DataFrame:
    """The rows of the chosen issue ids, one per issue."""
    want = set(ids)
    keep = [issue_id(r) in want for r in rows.itertuples(index=False)]
    return rows[keep].drop_duplicates(["body_id", "year", "rule", "ident"])


def actions_for(rows: pd.DataFrame, status: str, note: str = "", owner=None, due=None):
    """One Action per chosen issue row (rows of findings_status or supervision_table: body_id
    or body+county looked up by the caller, year, rule, ident, report_id)."""
    return [
        Action(int(r.body_id), int(r.year), str(r.rule), str(r.ident or ""), status, note,
               owner, due, None if pd.isna(r.report_id) else int(r.report_id))
        for r in rows.itertuples(index=False)
    ]  # fmt: skip


DISPLAY_COLS = ("county", "body", "year", "issue", "check", "severity", "message", "cells",
                "evidence", "where", "fix", "owner", "due", "status", "status_note",
                "status_by", "status_at", "report_id")  # fmt: skip


def supervision_display(df: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """supervision_table for people and spreadsheets: words for the issue kind, check, severity
    and status, cell labels for keys; no internal codes."""
    return pd.DataFrame(
        {
            **{c: df[c] for c in ("county", "body", "year")},
            "issue": [t(f"issue.{i}", lang) for i in df["issue"]],
            "check": [check_of(str(r)).name(lang) for r in df["rule"]],
            "severity": [t(f"severity.{s}", lang) for s in df["severity"]],
            "message": df["message"],
            "cells": [cell_names(k, lang) for k in df["keys"]],
            **{c: df[c] for c in ("evidence", "where", "fix", "owner", "due")},
            "status": [t(f"rectify.status.{s}", lang) for s in df["status"]],
            **{c: df[c] for c in ("status_note", "status_by", "status_at", "report_id")},
        },
        columns=list(DISPLAY_COLS),
    )
