"""The metric catalogue: well-formed data, formulas over real keys, the doc in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.analytics.metrics import (
    INPUTS,
    METRIC,
    METRICS,
    UNITS,
    label,
    metric_inputs,
    metrics_markdown,
    report_metrics,
)
from lib.template import KEYS, RULES, S3_ROWS, template_keys

ROOT = Path(__file__).resolve().parent.parent


def test_ids_unique_and_fields_valid():
    ids = [m.id for m in METRICS]
    assert len(ids) == len(set(ids))
    for m in METRICS:
        assert m.unit in UNITS, m.id
        assert m.higher_is_better in (True, False, None), m.id
        assert m.scope in ("report", "filing"), m.id
        assert m.name_zh and m.name_en and m.definition_zh and m.definition_en, m.id
        assert "\n" not in m.definition_en and "|" not in m.definition_en, m.id
        if not m.comparable:
            assert m.note_zh and m.note_en, f"{m.id}: say why it is not comparable"


def test_the_issue_lists_these_metrics():
    wanted = {
        "new", "carried_over", "handled", "carried_forward", "share_natural", "share_org",
        "apps_per_10k", "granted", "partial", "withheld", "unable", "refused", "other",
        "granted_share", "withheld_share", "disclosure_rate", "not_held_rate", "backlog_ratio",
        "reviews", "lawsuits", "review_correction_rate", "suit_correction_rate", "pending",
        "disputes_per_100", "normative_docs_issued", "normative_docs_in_force",
        "licensing_decisions", "penalty_decisions", "enforcement_decisions", "fees_amount",
        "findings", "blank_totals", "filed", "missing", "late",
    }  # fmt: skip
    assert wanted <= set(METRIC)
    assert {f"findings_{r.id}" for r in RULES} <= set(METRIC)


def test_every_input_is_a_canonical_key_or_a_named_input():
    for m in METRICS:
        for k in m.inputs():
            assert k in KEYS or k in INPUTS, f"{m.id}: unknown input {k}"


@pytest.mark.parametrize("m", report_metrics(), ids=lambda m: m.id)
def test_inputs_exist_in_every_template_the_metric_claims(m):
    """A metric offered for a template reads keys that template's reports hold (2021 reports
    hold s3.other.* too: stated in the single-row layout, derived in the three-row one)."""
    for tpl in m.templates:
        held = set(template_keys(tpl, False)) | set(template_keys(tpl, True))
        keys = [k for k in m.numerator(tpl) + m.den if k in KEYS]
        missing = [k for k in keys if k not in held]
        assert not missing, f"{m.id} on template {tpl}: {missing}"


def test_sums_follow_the_template_groups():
    withheld = [r.code for r in S3_ROWS if r.group == "withheld"]
    assert len(withheld) == 8
    assert METRIC["withheld"].num == tuple(f"s3.{c}.total" for c in withheld)
    assert len(METRIC["unable"].num) == 3 and len(METRIC["refused"].num) == 5
    assert METRIC["other"].num == ("s3.other.total",)
    assert METRIC["lawsuits"].num == ("s4.suit_direct_total", "s4.suit_after_total")
    assert METRIC["review_correction_rate"].den == (
        "s4.review_upheld",
        "s4.review_corrected",
        "s4.review_other",
    )


def test_section_ii_harmonised_only_where_the_meaning_is_the_same():
    # decisions: the same question in both templates
    for mid in ("licensing_decisions", "penalty_decisions", "enforcement_decisions"):
        assert METRIC[mid].templates == ("2019", "2021") and METRIC[mid].comparable
    # "made" (2019) vs "issued" (2021): offered across, marked not comparable
    m = METRIC["normative_docs_new"]
    assert not m.comparable
    assert m.numerator("2019") == ("s2.normative_docs.made",)
    assert m.numerator("2021") == ("s2.normative_docs.issued",)
    assert METRIC["fees_amount"].templates == ("2021",) and METRIC["fees_amount"].unit == "wan_yuan"
    assert METRIC["fee_items"].templates == ("2019",)


def test_formula_text():
    assert METRIC["disclosure_rate"].formula_text() == (
        "(`s3.granted.total` + `s3.partial.total`) / `s3.handled_total.total`"
    )
    assert METRIC["disputes_per_100"].formula_text().endswith("/ `s3.new.total` × 100")
    assert METRIC["new"].formula_text() == "`s3.new.total`"


def test_gated_rates():
    assert METRIC["disclosure_rate"].gated and METRIC["disputes_per_100"].gated
    assert not METRIC["new"].gated and not METRIC["apps_per_10k"].gated


def test_labels():
    assert label("disclosure_rate") == "公开率"
    assert label("disclosure_rate", "en") == "Disclosure rate"


def test_metric_inputs_cover_report_metrics():
    inputs = set(metric_inputs())
    assert "s3.handled_total.total" in inputs and "registry.population" in inputs
    assert not any(k.startswith("filing.") for k in inputs)  # filing metrics are per body-year


def test_doc_matches_the_catalogue():
    doc = (ROOT / "docs" / "METRICS.md").read_text(encoding="utf-8")
    assert doc == metrics_markdown(), "docs/METRICS.md is stale: run `gongkai metrics-docs`"
    for m in METRICS:
        assert f"| `{m.id}` |" in doc


def test_regenerating_the_docs_changes_nothing(tmp_path):
    """`gongkai metrics-docs` rewrites docs/METRICS.md and the README's metrics section;
    on the committed files it must be a no-op (both are current)."""
    import shutil

    from lib.analytics.metrics import write_docs

    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    write_docs(tmp_path)
    assert (tmp_path / "docs" / "METRICS.md").read_text(encoding="utf-8") == (
        ROOT / "docs" / "METRICS.md"
    ).read_text(encoding="utf-8")
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (ROOT / "README.md").read_text(
        encoding="utf-8"
    )


def test_metrics_docs_command(tmp_path, capsys):
    from lib.cli import main

    assert main(["metrics-docs", "--root", str(tmp_path)]) == 1  # no docs/ here: one line, no write
    assert "no docs/ folder" in capsys.readouterr().err
    (tmp_path / "docs").mkdir()
    assert main(["metrics-docs", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "docs" / "METRICS.md").read_text(encoding="utf-8") == metrics_markdown()
