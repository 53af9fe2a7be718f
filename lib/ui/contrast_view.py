"""Display shaping for the 年度对照 page (no streamlit here): the contrast of
lib.analytics.contrast as tables per section and the prose diff as marked HTML."""

from __future__ import annotations

import pandas as pd

from lib.analytics.contrast import DROPPED, STATUSES
from lib.i18n import t
from lib.markup import html_text
from lib.template import key_label

# background per sentence status: carried-over text stands out (it is what the check is for)
COLOURS = {
    "same": "#ffc9c9",
    "figures": "#ffd8a8",
    "edited": "#fff3bf",
    "new": "#d3f9d8",
    "dropped": "#e9ecef",
}


def table_frame(
    cells: pd.DataFrame, section: str, lang: str, year_a: int, year_b: int, only_changed=False
) -> pd.DataFrame:
    """One section's cells: item label, the two years' values, the change (numbers stay
    numbers so the table sorts and a test can read them)."""
    rows = cells[cells["section"] == section]
    if only_changed:
        rows = rows[rows["changed"]]
    return pd.DataFrame(
        {
            t("contrast.col.item", lang): [key_label(k, lang) for k in rows["key"]],
            str(year_a): rows["a"].to_numpy(),
            str(year_b): rows["b"].to_numpy(),
            t("contrast.col.delta", lang): rows["delta"].to_numpy(),
        }
    )


def legend_html(lang: str) -> str:
    return " ".join(
        f'<span style="background:{COLOURS[s]};padding:0 0.4em">'
        f"{html_text(t('contrast.status.' + s, lang))}</span>"
        for s in STATUSES
    )


def prose_html(diff: list[tuple[str, str, str | None]], lang: str) -> str:
    """The later year's sentences coloured by status (the earlier wording as a tooltip for
    edited ones), then the dropped sentences struck through; text escaped, one <div>."""
    parts = []
    for status, sentence, before in diff:
        style = f"background:{COLOURS[status]}"
        if status == DROPPED:
            style += ";text-decoration:line-through;color:#868e96"
        tip = f' title="{html_text(before)}"' if before and before != sentence else ""
        label = html_text(t("contrast.status." + status, lang))
        parts.append(
            f'<span style="{style}" data-status="{status}" aria-label="{label}"{tip}>'
            f"{html_text(sentence)}</span>"
        )
    return '<div style="line-height:1.9">' + "".join(parts) + "</div>"


def sentence_counts(diff: list[tuple[str, str, str | None]]) -> dict[str, int]:
    return {s: sum(1 for st, _, _ in diff if st == s) for s in STATUSES}
