"""The national annual-report template as data: every canonical key, its labels, its label variants.

This is the single definition that the parser, validator, store, exports and UI read.
See ../shared/spec/report-template.md (templates 2019 and 2021, rules R1-R7).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

TEMPLATES = ("2019", "2021")

# Value kinds: "count" whole >= 0 (R7); "signed" whole, may be negative; "amount" decimal >= 0.
COUNT, SIGNED, AMOUNT = "count", "signed", "amount"


@dataclass(frozen=True)
class Column:
    code: str
    zh: str
    en: str
    kind: str = COUNT
    # Label stems that identify this column header (normalised text, see parse.text.norm).
    stems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    code: str
    zh: str
    en: str
    stems: tuple[str, ...] = ()
    group: str = ""  # e.g. "（一）" in section II, "withheld" in section III


@dataclass(frozen=True)
class S2Group:
    code: str  # the 第二十条 item: "1", "5", "6", "8", "9"
    zh: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Key:
    """One canonical cell."""

    key: str
    section: int
    row: str
    col: str
    row_zh: str
    row_en: str
    col_zh: str
    col_en: str
    kind: str
    templates: tuple[str, ...]
    derived: bool = False

    @property
    def label_zh(self) -> str:
        return f"{self.row_zh} · {self.col_zh}"

    @property
    def label_en(self) -> str:
        return f"{self.row_en} · {self.col_en}"


# ---------------------------------------------------------------- section II
# fmt: off
_PREV = Column("prev_items", "上一年项目数量", "Items last year", COUNT, ("上一年项目数量", "上一年项目数", "上年项目数量"))
_CHANGE = Column("change", "本年增/减", "Change this year", SIGNED, ("本年增/减", "本年增减", "增/减", "增减"))
_DECISIONS_19 = Column("decisions", "处理决定数量", "Decisions", COUNT, ("处理决定数量", "处理决定数"))
_DECISIONS_21 = Column("decisions", "本年处理决定数量", "Decisions this year", COUNT, ("本年处理决定数量", "处理决定数量", "处理决定数"))

S2_2019: tuple[S2Group, ...] = (
    S2Group("1", "第二十条第（一）项", (
        Row("rules", "规章", "Rules", ("规章",)),
        Row("normative_docs", "规范性文件", "Normative documents", ("规范性文件", "行政规范性文件")),
    ), (
        Column("made", "本年新制作数量", "Made this year", COUNT, ("本年新制作数量", "新制作数量", "本年制作数量")),
        Column("published", "本年新公开数量", "Published this year", COUNT, ("本年新公开数量", "新公开数量", "本年公开数量")),
        Column("total_published", "对外公开总数量", "Total published", COUNT, ("对外公开总数量", "公开总数量")),
    )),
    S2Group("5", "第二十条第（五）项", (
        Row("licensing", "行政许可", "Administrative licensing", ("行政许可",)),
        Row("other_services", "其他对外管理服务事项", "Other public services", ("其他对外管理服务事项", "对外管理服务事项")),
    ), (_PREV, _CHANGE, _DECISIONS_19)),
    S2Group("6", "第二十条第（六）项", (
        Row("penalty", "行政处罚", "Administrative penalties", ("行政处罚",)),
        Row("enforcement", "行政强制", "Administrative enforcement", ("行政强制",)),
    ), (_PREV, _CHANGE, _DECISIONS_19)),
    S2Group("8", "第二十条第（八）项", (
        Row("fees", "行政事业性收费", "Administrative fees", ("行政事业性收费",)),
    ), (_PREV, _CHANGE)),
    S2Group("9", "第二十条第（九）项", (
        Row("procurement", "政府集中采购", "Government procurement", ("政府集中采购", "集中采购")),
    ), (
        Column("projects", "采购项目数量", "Procurement projects", COUNT, ("采购项目数量", "项目数量")),
        Column("amount", "采购总金额", "Procurement amount (yuan)", AMOUNT, ("采购总金额", "总金额")),
    )),
)

S2_2021: tuple[S2Group, ...] = (
    S2Group("1", "第二十条第（一）项", (
        Row("rules", "规章", "Rules", ("规章",)),
        Row("normative_docs", "行政规范性文件", "Normative documents", ("行政规范性文件", "规范性文件")),
    ), (
        Column("issued", "本年制发件数", "Issued this year", COUNT, ("本年制发件数", "制发件数", "本年制发")),
        Column("abolished", "本年废止件数", "Abolished this year", COUNT, ("本年废止件数", "废止件数", "本年废止")),
        Column("in_force", "现行有效件数", "In force", COUNT, ("现行有效件数", "现行有效件", "现行有效")),
    )),
    S2Group("5", "第二十条第（五）项", (
        Row("licensing", "行政许可", "Administrative licensing", ("行政许可",)),
    ), (_DECISIONS_21,)),
    S2Group("6", "第二十条第（六）项", (
        Row("penalty", "行政处罚", "Administrative penalties", ("行政处罚",)),
        Row("enforcement", "行政强制", "Administrative enforcement", ("行政强制",)),
    ), (_DECISIONS_21,)),
    S2Group("8", "第二十条第（八）项", (
        Row("fees", "行政事业性收费", "Administrative fees", ("行政事业性收费",)),
    ), (
        Column("amount_wan", "本年收费金额（单位：万元）", "Fees collected (10k yuan)", AMOUNT, ("本年收费金额", "收费金额")),
    )),
)
# fmt: on

S2 = {"2019": S2_2019, "2021": S2_2021}

# ---------------------------------------------------------------- section III
# fmt: off
S3_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人", "Natural persons", COUNT, ("自然人",)),
    Column("commercial", "商业企业", "Commercial enterprises", COUNT, ("商业企业",)),
    Column("research", "科研机构", "Research institutions", COUNT, ("科研机构",)),
    Column("social", "社会公益组织", "Public-interest organisations", COUNT, ("社会公益组织", "公益组织")),
    Column("legal", "法律服务机构", "Legal service providers", COUNT, ("法律服务机构",)),
    Column("other_org", "其他", "Other organisations", COUNT, ("其他",)),
    Column("total", "总计", "Total", COUNT, ("总计", "合计")),
)
ORG_COLUMNS = ("commercial", "research", "social", "legal", "other_org")

_OTHER_2021 = ("other_no_correction", "other_no_fee", "other_misc")

S3_ROWS: tuple[Row, ...] = (
    Row("new", "本年新收政府信息公开申请数量", "New applications this year", ("本年新收", "新收政府信息公开申请", "本年度新收", "新收"), "intake"),
    Row("carried_over", "上年结转政府信息公开申请数量", "Carried over from last year", ("上年结转", "上年度结转", "上一年度结转", "上一年结转"), "intake"),
    Row("granted", "予以公开", "Granted", ("予以公开",), "granted"),
    Row("partial", "部分公开", "Partly granted", ("部分公开",), "partial"),
    Row("withheld_secret", "属于国家秘密", "Withheld: state secret", ("属于国家秘密", "国家秘密", "属于国家"), "withheld"),
    Row("withheld_law", "其他法律行政法规禁止公开", "Withheld: prohibited by other laws", ("其他法律行政法规禁止公开", "法律行政法规禁止", "其他法律行政止公开", "其他法律行政法规", "其他法律行政", "禁止公开"), "withheld"),
    Row("withheld_security", "危及“三安全一稳定”", "Withheld: endangers security and stability", ("危及三安全一稳定", "三安全一稳定", "危及"), "withheld"),
    Row("withheld_third_party", "保护第三方合法权益", "Withheld: third-party rights", ("保护第三方合法权益", "第三方合法权益", "第三方"), "withheld"),
    Row("withheld_internal", "属于三类内部事务信息", "Withheld: internal affairs", ("属于三类内部事务信息", "内部事务信息", "内部事务", "三类内部"), "withheld"),
    Row("withheld_process", "属于四类过程性信息", "Withheld: process information", ("属于四类过程性信息", "过程性信息", "过程性", "四类过程"), "withheld"),
    Row("withheld_enforcement_file", "属于行政执法案卷", "Withheld: enforcement case file", ("属于行政执法案卷", "行政执法案卷", "执法案卷", "行政执法"), "withheld"),
    Row("withheld_query", "属于行政查询事项", "Withheld: administrative query", ("属于行政查询事项", "行政查询事项", "查询事项", "行政查询"), "withheld"),
    Row("unable_not_held", "本机关不掌握相关政府信息", "Unable: not held", ("本机关不掌握相关政府信息", "不掌握相关政府信息", "不掌握"), "unable"),
    Row("unable_needs_creation", "没有现成信息需要另行制作", "Unable: would need to be created", ("没有现成信息需要另行制作", "另行制作", "没有现成信息"), "unable"),
    Row("unable_unclear", "补正后申请内容仍不明确", "Unable: still unclear after correction", ("补正后申请内容仍不明确", "仍不明确", "补正后"), "unable"),
    Row("refused_petition", "信访举报投诉类申请", "Refused: petition or complaint", ("信访举报投诉类申请", "信访举报投诉", "信访"), "refused"),
    Row("refused_repeat", "重复申请", "Refused: repeated application", ("重复申请", "重复申"), "refused"),
    Row("refused_publication", "要求提供公开出版物", "Refused: published material", ("要求提供公开出版物", "公开出版物", "要求提供", "出版物"), "refused"),
    Row("refused_mass", "无正当理由大量反复申请", "Refused: mass repeated applications", ("无正当理由大量反复申请", "大量反复申请", "大量反复", "理由大量"), "refused"),
    Row("refused_confirm", "要求行政机关确认或重新出具已获取信息", "Refused: confirm information already obtained", ("要求行政机关确认或重新出具已获取信息", "确认或重新出具", "重新出具", "确认或重新", "行政机关确认", "已获取信息"), "refused"),
    Row("other", "其他处理", "Other handling", ("其他处理",), "other"),
    Row("other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "Other: applicant did not correct in time", ("逾期不补正", "逾期不补", "不补正", "未补正", "理由逾期"), "other"),
    Row("other_no_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "Other: applicant did not pay the fee", ("逾期未按收费通知", "缴纳费用", "收费通知", "缴费", "收费"), "other"),
    Row("other_misc", "其他", "Other: miscellaneous", ("其他",), "other"),
    Row("handled_total", "总计", "Handled in total", ("总计",), "handled"),
    Row("carried_forward", "结转下年度继续办理", "Carried forward to next year", ("结转下年度继续办理", "结转下年度", "结转下一年度", "继续办理"), "carried_forward"),
)
# fmt: on
S3_ROW = {r.code: r for r in S3_ROWS}
# fmt: off
# The outcome groups of 三、本年度办理结果 (rows （一）…（六）); stems match their spanning group
# labels, also when a page break cuts them ("（四）无" / "法提供").
S3_GROUPS: tuple[Row, ...] = (
    Row("granted", "予以公开", "Granted"),
    Row("partial", "部分公开", "Partly granted"),
    Row("withheld", "不予公开", "Withheld", ("不予公开",)),
    Row("unable", "无法提供", "Unable to provide", ("无法提供", "(四)无")),
    Row("refused", "不予处理", "Not processed", ("不予处理", "(五)不")),
    Row("other", "其他处理", "Other handling", ("其他处理", "(六)其")),
)
# fmt: on
S3_GROUP = {g.code: g for g in S3_GROUPS}
S3_OUTCOME_GROUPS = tuple(g.code for g in S3_GROUPS)


def s3_rows(template: str, single_other: bool | None = None) -> tuple[Row, ...]:
    """Section III rows stated in a report of `template`.

    2019 has one （六） row `other`; 2021 has three `other_*` rows (but some 2021 reports keep
    the single 2019 row: `single_other=True`).
    """
    if single_other is None:
        single_other = template == "2019"
    drop = set(_OTHER_2021) if single_other else {"other"}
    return tuple(r for r in S3_ROWS if r.code not in drop)


def s3_outcome_rows(template: str, single_other: bool | None = None) -> tuple[str, ...]:
    """Codes of the rows that add up to handled_total (R3)."""
    return tuple(r.code for r in s3_rows(template, single_other) if r.group in S3_OUTCOME_GROUPS)


# ---------------------------------------------------------------- section IV
# fmt: off
S4_GROUPS: tuple[Row, ...] = (
    Row("review", "行政复议", "Administrative review", ("行政复议", "行政法复议")),
    Row("suit_direct", "行政诉讼 · 未经复议直接起诉", "Lawsuit, direct", ("未经复议直接起诉", "直接起诉")),
    Row("suit_after", "行政诉讼 · 复议后起诉", "Lawsuit after review", ("复议后起诉",)),
)
S4_OUTCOMES: tuple[Column, ...] = (
    Column("upheld", "结果维持", "Upheld", COUNT, ("结果维持", "维持")),
    Column("corrected", "结果纠正", "Corrected", COUNT, ("结果纠正", "纠正")),
    Column("other", "其他结果", "Other result", COUNT, ("其他结果",)),
    Column("pending", "尚未审结", "Pending", COUNT, ("尚未审结", "未审结")),
    Column("total", "总计", "Total", COUNT, ("总计",)),
)
# fmt: on


# ---------------------------------------------------------------- keys
def _build_keys() -> dict[str, Key]:
    keys: dict[str, Key] = {}

    def add(k: Key) -> None:
        if k.key in keys:  # a key shared by both templates: widen its template set
            old = keys[k.key]
            merged = tuple(sorted(set(old.templates) | set(k.templates)))
            keys[k.key] = Key(**{**old.__dict__, "templates": merged})
        else:
            keys[k.key] = k

    for tpl, groups in S2.items():
        for g in groups:
            for r in g.rows:
                for c in g.columns:
                    add(
                        Key(
                            f"s2.{r.code}.{c.code}",
                            2,
                            r.code,
                            c.code,
                            r.zh,
                            r.en,
                            c.zh,
                            c.en,
                            c.kind,
                            (tpl,),
                        )
                    )
    for r in S3_ROWS:
        tpls = (
            ("2019", "2021")
            if r.code == "other"
            else ("2021",)
            if r.code in _OTHER_2021
            else ("2019", "2021")
        )
        for c in S3_COLUMNS:
            add(
                Key(f"s3.{r.code}.{c.code}", 3, r.code, c.code, r.zh, r.en, c.zh, c.en, COUNT, tpls)
            )
    for g in S4_GROUPS:
        for c in S4_OUTCOMES:
            add(
                Key(
                    f"s4.{g.code}_{c.code}",
                    4,
                    g.code,
                    c.code,
                    g.zh,
                    g.en,
                    c.zh,
                    c.en,
                    COUNT,
                    TEMPLATES,
                )
            )
    return keys


KEYS: dict[str, Key] = _build_keys()


@cache
def template_keys(template: str, single_other: bool = False) -> tuple[str, ...]:
    """Every key a parsed report of `template` holds, in table order.

    For 2021 with three （六） rows the derived `s3.other.*` is included too.
    """
    out = [f"s2.{r.code}.{c.code}" for g in S2[template] for r in g.rows for c in g.columns]
    rows = [r.code for r in s3_rows(template, single_other if template == "2021" else None)]
    if template == "2021" and not single_other:
        rows.append("other")  # derived: sum of the three other_* rows
    out += [f"s3.{r}.{c.code}" for r in rows for c in S3_COLUMNS]
    out += [f"s4.{g.code}_{c.code}" for g in S4_GROUPS for c in S4_OUTCOMES]
    return tuple(out)


def key_kind(key: str) -> str:
    return KEYS[key].kind if key in KEYS else COUNT


def key_label(key: str, lang: str = "zh") -> str:
    """A canonical key's label in `lang` (the key itself when unknown)."""
    k = KEYS.get(key)
    return (k.label_en if lang == "en" else k.label_zh) if k else key


# ---------------------------------------------------------------- sections
SECTIONS = (
    ("s1", "一", "总体情况", "Overview"),
    ("s2", "二", "主动公开政府信息情况", "Proactive disclosure"),
    ("s3", "三", "收到和处理政府信息公开申请情况", "Applications received and handled"),
    ("s4", "四", "政府信息公开行政复议、行政诉讼情况", "Administrative review and litigation"),
    ("s5", "五", "存在的主要问题及改进情况", "Main problems and improvements"),
    ("s6", "六", "其他需要报告的事项", "Other matters"),
)


# ---------------------------------------------------------------- rules
@dataclass(frozen=True)
class Rule:
    id: str
    scope: str  # "report" | "years" | "cell"
    severity: str  # "error" | "warning"
    zh: str
    en: str


# fmt: off
RULES: tuple[Rule, ...] = (
    Rule("R1", "report", "error", "勾稽关系：本年新收 + 上年结转 = 办理结果总计 + 结转下年度（每一列）",
         "Balance: new + carried over = handled total + carried forward (every column)"),
    Rule("R2", "report", "error", "申请情况表每一行：总计 = 自然人 + 五类法人或其他组织",
         "Every section-III row: total = natural persons + the five organisation columns"),
    Rule("R3", "report", "error", "每一列：办理结果总计 = 各项办理结果之和",
         "Every column: handled total = sum of all outcome rows"),
    Rule("R4", "report", "error", "行政复议、行政诉讼：每组总计 = 维持 + 纠正 + 其他 + 尚未审结",
         "Review and litigation: each total = upheld + corrected + other + pending"),
    Rule("R5", "years", "warning", "本年“上年结转”应等于上一年报告的“结转下年度继续办理”",
         "Carried over this year should equal last year's carried forward"),
    Rule("R6", "years", "warning", "现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止（2021模板）",
         "In force = last year's in force + issued − abolished (template 2021)"),
    Rule("R7", "cell", "error", "数量应为非负整数（本年增/减可为负，金额可有小数）",
         "Counts are whole numbers ≥ 0 (change may be negative, amounts may have decimals)"),
    Rule("OCR", "cell", "warning", "扫描件识别：数字识别把握不足、未识别或校验不通过，请对照扫描件核对",
         "Read from a scan: a number read with low confidence, not read, or failing the rules; "
         "check it against the scan"),
)
# fmt: on
RULE = {r.id: r for r in RULES}
