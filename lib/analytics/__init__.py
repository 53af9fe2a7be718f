"""Trend and comparison analytics: DataFrame in, DataFrame out (pages hold no formulas).

Two layers:
- entry points taking the database path and simple filters (`metric_table(db, filters)`,
  `composition_table`, `findings_table`), which read through lib.analytics.queries;
- pure pandas functions over those frames (`compute_metrics`, `county_totals`, `yoy`, `ranks`,
  `peer_gap`, `top_movers`, `composition`, `findings_summary`, `metric_long`).

Honest arithmetic everywhere: a rate with a zero or unknown denominator is NaN (shown "—"),
never 0 or inf; a year without a report has no row (a gap, never a zero); the views only hold
current reports, so superseded versions are never counted; every rate column `<id>` travels
with `<id>_num` and `<id>_den`; county figures say how many bodies they cover; ranking by a
rate only includes bodies with at least `min_handled` handled applications; a blank 总计 cell
is "total not given" (missing), other blank cells count as their stored 0.
Filing completeness, timeliness and the 督办清单 live in lib.analytics.timeliness.

Typical use (pages, export):

    mt = metric_table(db, {"county": "示例县", "years": (2019, 2025)})
    county_totals(mt, "disclosure_rate")     # per year: pooled rate, median, bodies covered
    yoy(mt, "new")                           # per body: change from the year before
    ranks(mt, "disclosure_rate", year=2024)  # rank, percentile; "too_few" under 30 handled
    peer_gap(mt, "城北街道", ["new", "disclosure_rate"])
    composition_table(db, filters, "outcomes", by=("year",))  # long form for stacked bars

Modules: `queries` (every named query over the warehouse), `metrics` (the metric catalogue),
`table` (metric table), `compare` (county totals, YoY, ranks, peer gap, movers), `composition`
(stacked compositions, findings summary), `contrast` (one body, two years side by side: cells,
findings, prose sentence diff), `timeliness` (filing grid, lateness, the 督办清单's issues),
`worklist` (worst body-years first), `copied` (copied-text pairs), `rectify` (整改 status).
"""

from lib.analytics.compare import county_totals, peer_gap, ranks, top_movers, yoy
from lib.analytics.composition import (
    composition,
    composition_table,
    findings_summary,
    findings_table,
)
from lib.analytics.contrast import contrast
from lib.analytics.table import (
    HANDLED_KEY,
    ID_COLS,
    MIN_HANDLED,
    compute_metrics,
    group_codes,
    metric_long,
    metric_table,
    wide_inputs,
)
from lib.analytics.timeliness import supervision_table

__all__ = [
    "HANDLED_KEY", "ID_COLS", "MIN_HANDLED", "composition", "composition_table",
    "compute_metrics", "contrast", "county_totals", "findings_summary", "findings_table", "group_codes",
    "metric_long", "metric_table", "peer_gap", "ranks", "supervision_table", "top_movers",
    "wide_inputs", "yoy",
]  # fmt: skip
