"""The metric catalogue as data: what every number on the dashboard means and how it is computed.

A metric is `sum(numerator inputs) / sum(denominator inputs) × scale` (no denominator: the
numerator sum itself). Inputs are canonical cell keys (lib.template.KEYS) or one of the few
non-cell inputs in `INPUTS` (registry population, findings counts, blank counts). Formulas are
data, never code strings: lib.analytics evaluates them, docs/METRICS.md is generated from them
(`gongkai metrics-docs` rewrites it; a test checks the file matches).

Units: "count"; "%" (stored as a fraction 0–1, formatted by lib.i18n.fmt_pct); "per_100";
"per_10k" (per 10,000 residents); "wan_yuan" (万元); "yuan" (元).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lib.template import ORG_COLUMNS, RULES, S3_COLUMNS, S3_GROUP, S3_ROWS, TEMPLATES

BOTH = TEMPLATES  # ("2019", "2021")

# Non-cell inputs a formula may name (besides canonical keys), with where they come from.
INPUTS: dict[str, tuple[str, str]] = {
    "registry.population": ("机关登记表中的常住人口", "Population from the body registry"),
    "quality.findings": ("该报告的问题总数", "Findings on the report (all rules)"),
    "quality.blank_cells": ("该报告中空白的单元格数", "Blank cells in the report"),
    "quality.blank_totals": (
        "该报告中空白的“总计”单元格数",
        "Blank 总计 (total) cells in the report",
    ),
    **{
        f"quality.findings.{r.id}": (f"违反 {r.id} 的问题数", f"Findings of rule {r.id}")
        for r in RULES
    },
    "filing.filed": ("应报送且已报送（当前版本）", "Expected and filed (current version)"),
    "filing.missing": ("应报送而未报送", "Expected and not filed"),
    "filing.late": ("发布日期晚于截止日期", "Published after the deadline"),
    "filing.superseded": ("被新版本替换的报告", "Reports replaced by a newer version"),
}

UNITS: dict[str, tuple[str, str]] = {
    "count": ("个/件", "count"),
    "%": ("%", "%"),
    "per_100": ("每百件申请", "per 100 applications"),
    "per_10k": ("每万人", "per 10,000 residents"),
    "wan_yuan": ("万元", "10,000 yuan"),
    "yuan": ("元", "yuan"),
}
SCALE = {"count": 1.0, "%": 1.0, "per_100": 100.0, "per_10k": 10000.0, "wan_yuan": 1.0, "yuan": 1.0}


@dataclass(frozen=True)
class Metric:
    id: str
    group: str  # "applications" | "outcomes" | "disputes" | "proactive" | "quality"
    name_zh: str
    name_en: str
    definition_zh: str
    definition_en: str
    num: tuple[str, ...]  # inputs summed for the numerator (or the value of a count)
    den: tuple[str, ...] = ()  # inputs summed for the denominator; empty: not a rate
    unit: str = "count"
    higher_is_better: bool | None = None  # None: neither (volume, context)
    templates: tuple[str, ...] = BOTH  # templates whose reports have the inputs
    comparable: bool = True  # same meaning in every template listed
    # Per-template numerator where the keys differ but the metric is offered across templates.
    num_by_template: dict[str, tuple[str, ...]] | None = field(
        default=None, compare=False, hash=False
    )
    # "report": computed per report by lib.analytics.compute_metrics; "filing": per body-year
    # by lib.analytics.timeliness (filed, missing, late need the registry, not a report).
    scope: str = "report"
    note_zh: str = ""
    note_en: str = ""

    @property
    def is_rate(self) -> bool:
        return bool(self.den)

    @property
    def gated(self) -> bool:
        """Ranking/flagging by this rate needs a minimum of handled applications."""
        return self.unit in ("%", "per_100")

    @property
    def scale(self) -> float:
        return SCALE[self.unit]

    def numerator(self, template: str) -> tuple[str, ...]:
        if self.num_by_template and template in self.num_by_template:
            return self.num_by_template[template]
        return self.num

    def inputs(self) -> tuple[str, ...]:
        """Every input this metric may read, in first-seen order."""
        seen: dict[str, None] = {}
        for k in self.num + self.den:
            seen[k] = None
        for keys in (self.num_by_template or {}).values():
            for k in keys:
                seen[k] = None
        return tuple(seen)

    def formula_text(self) -> str:
        """Human-readable formula, e.g. `(s3.granted.total + s3.partial.total) / s3.handled_total.total`."""
        if self.num_by_template:
            parts = [f"{t}: {_sum_text(k)}" for t, k in self.num_by_template.items()]
            num = "; ".join(parts)
        else:
            num = _sum_text(self.num)
        if not self.den:
            return num
        text = f"{_paren(self.num, num)} / {_paren(self.den, _sum_text(self.den))}"
        return text + (f" × {self.scale:g}" if self.scale != 1 else "")


def _sum_text(keys: tuple[str, ...]) -> str:
    return " + ".join(f"`{k}`" for k in keys)


def _paren(keys: tuple[str, ...], text: str) -> str:
    return f"({text})" if len(keys) > 1 else text


# Key groups (from the template, never re-listed by hand).
NEW = ("s3.new.total",)
HANDLED = ("s3.handled_total.total",)
WITHHELD = tuple(f"s3.{r.code}.total" for r in S3_ROWS if r.group == "withheld")
UNABLE = tuple(f"s3.{r.code}.total" for r in S3_ROWS if r.group == "unable")
REFUSED = tuple(f"s3.{r.code}.total" for r in S3_ROWS if r.group == "refused")
# 2019 states `other`; 2021 derives it as the sum of its three rows (or states it, single_other).
OTHER = ("s3.other.total",)
NEW_ORG = tuple(f"s3.new.{c}" for c in ORG_COLUMNS)
DISPUTES = ("s4.review_total", "s4.suit_direct_total", "s4.suit_after_total")
SUITS = ("s4.suit_direct_total", "s4.suit_after_total")
REVIEW_CONCLUDED = ("s4.review_upheld", "s4.review_corrected", "s4.review_other")
SUIT_CONCLUDED = tuple(
    f"s4.{g}_{c}" for g in ("suit_direct", "suit_after") for c in ("upheld", "corrected", "other")
)
PENDING = ("s4.review_pending", "s4.suit_direct_pending", "s4.suit_after_pending")

# fmt: off
# Outcome groups: (code, keys, definition zh, definition en, share higher is better); the
# names are the template's group labels (lib.template.S3_GROUP).
_OUTCOMES: tuple[tuple[str, tuple[str, ...], str, str, bool | None], ...] = (
    ("granted", ("s3.granted.total",), "予以公开", "Granted in full", True),
    ("partial", ("s3.partial.total",), "部分公开", "Partly granted", None),
    ("withheld", WITHHELD, "不予公开（八项理由之和）", "Withheld (sum of the eight reasons)", False),
    ("unable", UNABLE, "无法提供（三项之和）", "Unable to provide (sum of three)", None),
    ("refused", REFUSED, "不予处理（五项之和）", "Not processed (sum of five)", False),
    ("other", OTHER, "其他处理（2021 模板为三项之和）", "Other handling (2021: sum of three rows)",
     None),
)

METRICS: tuple[Metric, ...] = (
    # ---------------------------------------------------------------- applications
    Metric("new", "applications", "本年新收申请", "New applications",
           "本年新收政府信息公开申请数量（总计）", "Applications received this year (total column)",
           NEW),
    Metric("carried_over", "applications", "上年结转申请", "Carried over",
           "上年结转政府信息公开申请数量", "Applications carried over from last year",
           ("s3.carried_over.total",)),
    Metric("handled", "applications", "办理总数", "Handled",
           "本年度办理结果总计", "Applications handled this year (outcome total)", HANDLED),
    Metric("carried_forward", "applications", "结转下年度", "Carried forward",
           "结转下年度继续办理的申请数", "Applications carried forward to next year",
           ("s3.carried_forward.total",)),
    Metric("share_natural", "applications", "自然人申请占比", "Share from natural persons",
           "新收申请中自然人申请所占比例", "Share of new applications made by natural persons",
           ("s3.new.natural",), NEW, "%"),
    Metric("share_org", "applications", "法人或其他组织申请占比", "Share from organisations",
           "新收申请中法人或其他组织（五类）申请所占比例",
           "Share of new applications made by organisations (the five columns)",
           NEW_ORG, NEW, "%"),
    Metric("apps_per_10k", "applications", "每万人申请数", "Applications per 10,000 residents",
           "新收申请数 ÷ 登记人口 × 10000（登记表无人口时为空）",
           "New applications per 10,000 residents (empty where the registry has no population)",
           NEW, ("registry.population",), "per_10k"),
    Metric("backlog_ratio", "applications", "结转率", "Backlog ratio",
           "结转下年度 ÷（本年新收 + 上年结转）", "Carried forward ÷ (new + carried over)",
           ("s3.carried_forward.total",), ("s3.new.total", "s3.carried_over.total"), "%", False),
    # ---------------------------------------------------------------- outcomes
    *(
        m
        for code, keys, dzh, den_, hib in _OUTCOMES
        for zh, en in [(S3_GROUP[code].zh, S3_GROUP[code].en)]
        for m in (
            Metric(code, "outcomes", zh, en, f"办理结果：{dzh}", f"Outcome: {den_}", keys),
            Metric(f"{code}_share", "outcomes", f"{zh}占比", f"{en} (share)",
                   f"{dzh} ÷ 办理总数", f"{den_} ÷ handled", keys, HANDLED, "%", hib),
        )
    ),
    Metric("disclosure_rate", "outcomes", "公开率", "Disclosure rate",
           "（予以公开 + 部分公开）÷ 办理总数", "(granted + partly granted) ÷ handled",
           ("s3.granted.total", "s3.partial.total"), HANDLED, "%", True),
    Metric("not_held_rate", "outcomes", "“不掌握”比例", "Not-held rate",
           "“本机关不掌握相关政府信息” ÷ 办理总数", "“Information not held” ÷ handled",
           ("s3.unable_not_held.total",), HANDLED, "%", False),
    # ---------------------------------------------------------------- disputes
    Metric("reviews", "disputes", "行政复议", "Administrative reviews",
           "因政府信息公开被申请行政复议的总数", "Administrative reviews (total)",
           ("s4.review_total",), higher_is_better=False),
    Metric("lawsuits", "disputes", "行政诉讼", "Lawsuits",
           "行政诉讼总数（未经复议直接起诉 + 复议后起诉）", "Lawsuits (direct + after review)",
           SUITS, higher_is_better=False),
    Metric("pending", "disputes", "尚未审结", "Pending cases",
           "尚未审结的复议和诉讼", "Reviews and lawsuits not yet concluded", PENDING),
    Metric("review_correction_rate", "disputes", "复议纠错率", "Review correction rate",
           "复议结果纠正 ÷ 已审结（维持 + 纠正 + 其他）",
           "Reviews corrected ÷ concluded (upheld + corrected + other)",
           ("s4.review_corrected",), REVIEW_CONCLUDED, "%", False),
    Metric("suit_correction_rate", "disputes", "诉讼纠错率", "Lawsuit correction rate",
           "诉讼结果纠正 ÷ 已审结（两类诉讼）", "Lawsuits corrected ÷ concluded (both kinds)",
           ("s4.suit_direct_corrected", "s4.suit_after_corrected"), SUIT_CONCLUDED, "%", False),
    Metric("disputes_per_100", "disputes", "每百件申请的复议诉讼", "Disputes per 100 applications",
           "（复议 + 诉讼）÷ 本年新收申请 × 100", "(reviews + lawsuits) ÷ new applications × 100",
           DISPUTES, NEW, "per_100", False),
    # ---------------------------------------------------------------- proactive (section II)
    Metric("normative_docs_new", "proactive", "新制发规范性文件", "New normative documents",
           "2019 模板：本年新制作数量；2021 模板：本年制发件数",
           "Template 2019: made this year; template 2021: issued this year",
           ("s2.normative_docs.issued",), comparable=False,
           num_by_template={"2019": ("s2.normative_docs.made",),
                            "2021": ("s2.normative_docs.issued",)},
           note_zh="2020 年与 2021 年之间口径不同（“新制作”与“制发”），不可直接比较",
           note_en="Not comparable across 2020/2021 (“made” vs “issued”)"),
    Metric("normative_docs_issued", "proactive", "本年制发规范性文件", "Normative documents issued",
           "行政规范性文件本年制发件数（2021 模板）", "Normative documents issued (template 2021)",
           ("s2.normative_docs.issued",), templates=("2021",)),
    Metric("normative_docs_in_force", "proactive", "现行有效规范性文件",
           "Normative documents in force",
           "行政规范性文件现行有效件数（2021 模板）", "Normative documents in force (template 2021)",
           ("s2.normative_docs.in_force",), templates=("2021",)),
    Metric("normative_docs_published_total", "proactive", "规范性文件对外公开总数",
           "Normative documents published in total", "规范性文件对外公开总数量（2019 模板）",
           "Normative documents published in total (template 2019)",
           ("s2.normative_docs.total_published",), templates=("2019",)),
    Metric("licensing_decisions", "proactive", "行政许可决定", "Licensing decisions",
           "行政许可处理决定数量", "Administrative licensing decisions",
           ("s2.licensing.decisions",)),
    Metric("penalty_decisions", "proactive", "行政处罚决定", "Penalty decisions",
           "行政处罚处理决定数量", "Administrative penalty decisions", ("s2.penalty.decisions",)),
    Metric("enforcement_decisions", "proactive", "行政强制决定", "Enforcement decisions",
           "行政强制处理决定数量", "Administrative enforcement decisions",
           ("s2.enforcement.decisions",)),
    Metric("fees_amount", "proactive", "行政事业性收费金额", "Fees collected",
           "本年收费金额（2021 模板）", "Administrative fees collected (template 2021)",
           ("s2.fees.amount_wan",), unit="wan_yuan", templates=("2021",),
           note_zh="2019 模板只报收费项目数，没有金额",
           note_en="Template 2019 reports fee items, not amounts"),
    Metric("fee_items", "proactive", "行政事业性收费项目数", "Fee items",
           "上一年项目数量 + 本年增/减（2019 模板）", "Items last year + change (template 2019)",
           ("s2.fees.prev_items", "s2.fees.change"), templates=("2019",)),
    Metric("procurement_amount", "proactive", "政府集中采购金额", "Procurement amount",
           "采购总金额（2019 模板，单位已知时按元）",
           "Procurement amount (template 2019, yuan where the unit is known)",
           ("s2.procurement.amount",), unit="yuan", templates=("2019",)),
    # ---------------------------------------------------------------- data quality
    Metric("findings", "quality", "问题数", "Findings", "该报告发现的问题总数（全部规则）",
           "Findings on the report (all rules)", ("quality.findings",), higher_is_better=False),
    *(
        Metric(f"findings_{r.id}", "quality", f"{r.id} 问题数", f"{r.id} findings", r.zh, r.en,
               (f"quality.findings.{r.id}",), higher_is_better=False)
        for r in RULES
    ),
    Metric("blank_totals", "quality", "空白的总计单元格", "Blank totals",
           "“总计”单元格空白的个数（空白按 0 计，但标记为空白）",
           "Blank 总计 cells (stored as 0 with a blank mark)", ("quality.blank_totals",),
           higher_is_better=False),
    Metric("blank_cells", "quality", "空白单元格", "Blank cells", "空白单元格个数",
           "Blank cells in the report", ("quality.blank_cells",), higher_is_better=False),
    Metric("filed", "quality", "已报送", "Filed", "应报送且已报送的年度报告（当前版本）",
           "Expected reports that were filed (current version)", ("filing.filed",),
           higher_is_better=True, scope="filing"),
    Metric("missing", "quality", "缺报", "Missing", "应报送而未报送的年度报告",
           "Expected reports that were not filed", ("filing.missing",),
           higher_is_better=False, scope="filing"),
    Metric("late", "quality", "逾期发布", "Late",
           "发布日期晚于截止日期（默认次年 1 月 31 日）的报告",
           "Reports published after the deadline (default 31 January of the next year)",
           ("filing.late",), higher_is_better=False, scope="filing"),
    Metric("superseded", "quality", "被替换的版本", "Superseded versions",
           "被新上传版本替换的报告数", "Report versions replaced by a newer upload",
           ("filing.superseded",), scope="filing"),
)
# fmt: on

METRIC: dict[str, Metric] = {m.id: m for m in METRICS}

# Compositions for stacked charts: category code -> (keys summed, zh, en), in stacking order.
COMPOSITIONS: dict[str, tuple[tuple[str, tuple[str, ...], str, str], ...]] = {
    "outcomes": tuple((c, k, S3_GROUP[c].zh, S3_GROUP[c].en) for c, k, *_ in _OUTCOMES),
    "withheld": tuple(
        (r.code, (f"s3.{r.code}.total",), r.zh, r.en) for r in S3_ROWS if r.group == "withheld"
    ),
    # the template's column labels; other_org's printed header is a bare 其他 under 法人或其他组织,
    # which a legend of its own cannot show
    "applicants": tuple(
        (c.code, (f"s3.new.{c.code}",), c.zh if c.code != "other_org" else "其他组织", c.en)
        for c in S3_COLUMNS
        if c.code != "total"
    ),
}


def report_metrics() -> tuple[Metric, ...]:
    """Metrics computed per report (the metric table's columns)."""
    return tuple(m for m in METRICS if m.scope == "report")


def metric_inputs(metrics: tuple[Metric, ...] | None = None) -> tuple[str, ...]:
    """Every input the given metrics read (canonical keys and non-cell inputs)."""
    seen: dict[str, None] = {}
    for m in metrics or report_metrics():
        for k in m.inputs():
            seen[k] = None
    return tuple(seen)


def label(metric_id: str, lang: str = "zh") -> str:
    m = METRIC[metric_id]
    return m.name_en if lang == "en" else m.name_zh


def definition(metric_id: str, lang: str = "zh") -> str:
    m = METRIC[metric_id]
    return m.definition_en if lang == "en" else m.definition_zh


def comparability_text(m: Metric, lang: str = "en") -> str:
    if not m.comparable:
        return m.note_en if lang == "en" else m.note_zh
    if set(m.templates) == set(BOTH):
        return "all years" if lang == "en" else "各年可比"
    return f"template {m.templates[0]} only" if lang == "en" else f"仅 {m.templates[0]} 模板"


def metrics_markdown() -> str:
    """docs/METRICS.md: the metrics table, generated from METRICS so it never drifts."""
    out = [
        "# Metrics",
        "",
        "Generated from `lib/analytics/metrics.py` by `gongkai metrics-docs` — do not edit by hand.",
        "",
        "Rates are stored as fractions (0.25) and shown as percentages. A rate whose denominator",
        "is 0 is missing (shown “—”), never 0; a year without a report is a gap, never 0. Ranking",
        "by a % or per-100 rate only includes bodies with at least `min_handled` (default 30)",
        "handled applications. Every rate travels with its numerator and denominator. A blank",
        "总计 cell (total not given) is missing; other blank cells count as their stored 0.",
        "",
        "| id | 名称 | name | definition | formula | unit | higher is better | comparability |",
        "|---|---|---|---|---|---|---|---|",
    ]
    hib = {True: "yes", False: "no", None: "—"}
    for m in METRICS:
        formula = (
            m.formula_text()
            if m.scope == "report"
            else f"per body-year, see `lib/analytics/timeliness.py` ({_sum_text(m.num)})"
        )
        out.append(
            f"| `{m.id}` | {m.name_zh} | {m.name_en} | {m.definition_en} | {formula} | "
            f"{UNITS[m.unit][1]} | {hib[m.higher_is_better]} | {comparability_text(m)} |"
        )
    out += ["", "## Inputs other than canonical cell keys", "", "| input | meaning |", "|---|---|"]
    out += [f"| `{k}` | {en} |" for k, (_zh, en) in INPUTS.items()]
    return "\n".join(out) + "\n"


def readme_block() -> str:
    """The README's metrics section (between <!-- metrics:start --> and <!-- metrics:end -->):
    the same text as docs/METRICS.md without its title, and the inputs table without heading."""
    body = metrics_markdown().split("\n", 4)[4]
    return "\n" + body.replace("\n## Inputs other than canonical cell keys\n\n", "")


def write_docs(root) -> None:
    """Rewrite docs/METRICS.md and the README's generated metrics section under `root`."""
    from pathlib import Path

    root = Path(root)
    (root / "docs" / "METRICS.md").write_text(metrics_markdown(), encoding="utf-8")
    readme = root / "README.md"
    start, end = "<!-- metrics:start -->", "<!-- metrics:end -->"
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        if start in text and end in text:
            head, rest = text.split(start, 1)
            tail = rest.split(end, 1)[1]
            readme.write_text(head + start + readme_block() + end + tail, encoding="utf-8")
