"""Rows for the warehouse, built in Python: parsed reports → DataFrames for bulk inserts.

No database here (lib.store opens it); this is the shape of what lib.store writes.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field

import pandas as pd

from lib import PARSER_VERSION
from lib.report import Finding, Report
from lib.template import KEYS, template_keys


@dataclass
class Staged:
    """A parsed report ready to store, with everything the ingest decided about it."""

    report: Report
    body_id: int
    file_name: str
    source: bytes
    findings: list[tuple[str, Finding]] = field(default_factory=list)  # (source, finding)
    prose_sig: bytes | None = None  # MinHash signature of the prose (lib.check.similarity)


@dataclass
class Written:
    report_id: int
    superseded: int | None


def keys_frame() -> pd.DataFrame:
    order = {}
    for tpl in ("2019", "2021"):
        for so in (False, True):
            for k in template_keys(tpl, so):
                order.setdefault(k, len(order))
    rows = []
    for k in KEYS.values():
        rows.append(
            (k.key, order.get(k.key, len(order) + len(rows)), k.section, k.row, k.col)
            + (k.row_zh, k.row_en, k.col_zh, k.col_en, k.label_zh, k.label_en, k.kind)
            + (",".join(k.templates), k.derived)
        )
    cols = "key ord section row col row_zh row_en col_zh col_en label_zh label_en kind"
    return pd.DataFrame(rows, columns=cols.split() + ["templates", "derived"])


# published arrives as text (ISO date or None): DuckDB casts it, NULL when not a date
INSERT_SELECT = {"reports": "* REPLACE (TRY_CAST(published AS DATE) AS published)"}
BODY_COLS = ["body_id", "name", "county", "level", "aliases", "population", "assigned"]
LOG_COLS = ["log_id", "logged_at", "user_name", "file", "sha256", "result", "reason", "report_id"]
FINDING_COLS = [
    "report_id", "body_id", "year", "rule", "keys", "expected", "actual", "severity",
    "message_zh", "message_en", "source",
]  # fmt: skip


def finding_row(rid, body_id, year, source: str, f: Finding) -> tuple:
    return (rid, body_id, year, f.rule, ",".join(f.keys), f.expected, f.actual, f.severity,
            f.message_zh, f.message_en, source)  # fmt: skip


def finding_types(df: pd.DataFrame) -> pd.DataFrame:
    for c in ("report_id", "body_id", "year"):
        df[c] = df[c].astype("Int64")
    for c in ("expected", "actual"):
        df[c] = df[c].astype("float64")
    return df


def report_frames(staged, ids, now, user: str, sup: dict[int, int]) -> dict[str, pd.DataFrame]:
    reps, prose, finds = [], [], []
    c_id, c_key, c_val, c_blank, c_der, c_prov = [], [], [], [], [], []
    for rid, s in zip(ids, staged):
        r = s.report
        reps.append((rid, s.body_id, r.year, r.template, r.format, s.file_name, r.sha256,
                     r.encoding, PARSER_VERSION, now, user, r.published or None, r.title,
                     bool(r.single_other), json.dumps(r.units, ensure_ascii=False),
                     json.dumps(r.extra_rows, ensure_ascii=False), rid not in sup, sup.get(rid),
                     len(s.source),
                     zlib.compress(s.source, 6), s.prose_sig))  # fmt: skip
        # column-wise: one list per column is much faster to frame than one tuple per cell
        keys = list(r.cells)
        blank, derived, prov = r.blank, r.derived, r.provenance
        c_id += [rid] * len(keys)
        c_key += keys
        c_val += r.cells.values()
        c_blank += [k in blank for k in keys]
        c_der += [k in derived for k in keys]
        c_prov += [prov.get(k) for k in keys]
        for sec, text in r.prose.items():
            prose.append((rid, sec, text))
        for f in r.findings:
            finds.append(finding_row(rid, s.body_id, r.year, "parse", f))
        for src, f in s.findings:
            finds.append(finding_row(rid, s.body_id, r.year, src, f))
    rep_cols = (
        "report_id body_id year template format file_name sha256 encoding parser_version "
        "ingested_at ingested_by published title single_other units extra_rows current "
        "superseded_by source_size source prose_sig"
    ).split()
    rdf = pd.DataFrame(reps, columns=rep_cols)
    rdf["year"] = rdf["year"].astype("Int64")
    rdf["superseded_by"] = rdf["superseded_by"].astype("Int64")
    cdf = pd.DataFrame(
        {"report_id": c_id, "key": c_key, "value": pd.array(c_val, dtype="float64"),
         "blank": c_blank, "derived": c_der, "prov": c_prov}
    )  # fmt: skip
    pdf = pd.DataFrame(prose, columns=["report_id", "section", "text"])
    fdf = finding_types(pd.DataFrame(finds, columns=FINDING_COLS))
    return {"reports": rdf, "cells": cdf, "prose": pdf, "findings": fdf}
