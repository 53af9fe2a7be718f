"""Every kind of finding a supervisor can see, as data: its plain name, what it checks and what
to fix, in Chinese and English. The consistency rules' wording comes from lib.template.RULES;
the pages, exports and the 督办清单 read names and advice from here and show no rule code
alone."""

from __future__ import annotations

from dataclasses import dataclass

from lib.template import RULE


@dataclass(frozen=True)
class Check:
    id: str  # the rule column of a finding: "R1", "SIM", "OCR", …
    name_zh: str
    name_en: str
    what_zh: str  # what it checks
    what_en: str
    fix_zh: str  # what the body (or the supervisor) should do
    fix_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    def what(self, lang: str) -> str:
        return self.what_en if lang == "en" else self.what_zh

    def fix(self, lang: str) -> str:
        return self.fix_en if lang == "en" else self.fix_zh


def _rule(id_: str, name_zh: str, name_en: str, fix_zh: str, fix_en: str) -> Check:
    r = RULE[id_]
    return Check(id_, name_zh, name_en, r.zh, r.en, fix_zh, fix_en)


# fmt: off
CHECKS: tuple[Check, ...] = (
    _rule("R1", "收支不平衡", "Intake and outcome do not balance",
          "核对申请情况表的本年新收、上年结转、办理结果总计和结转下年度四行，改正算错或填错的数字后重新发布报告。",
          "Check the four rows new, carried over, handled total and carried forward of the "
          "applications table; correct the wrong number and republish the report."),
    _rule("R2", "行合计不符", "Row total does not add up",
          "核对该行自然人与五类法人或其他组织的数字及总计，改正后重新发布。",
          "Check the row's natural persons, the five organisation columns and the total; "
          "correct and republish."),
    _rule("R3", "办理结果合计不符", "Outcomes do not add up to the total",
          "核对各项办理结果与“总计”行，补上漏填的结果或改正总计后重新发布。",
          "Check the outcome rows against the handled total; fill the missing outcome or "
          "correct the total and republish."),
    _rule("R4", "复议诉讼合计不符", "Review or litigation total does not add up",
          "核对行政复议、行政诉讼表中维持、纠正、其他、尚未审结与总计，改正后重新发布。",
          "Check upheld, corrected, other, pending and the total of the review and litigation "
          "table; correct and republish."),
    _rule("R5", "与上年结转不衔接", "Does not carry on from last year",
          "对照上一年报告的“结转下年度继续办理”，说明差异原因或改正本年的“上年结转”。",
          "Compare with last year's carried forward; explain the difference or correct this "
          "year's carried over."),
    _rule("R6", "现行有效件数不衔接", "Documents in force do not carry on",
          "核对上年现行有效件数、本年制发和废止件数，改正或说明差异。",
          "Check last year's documents in force and this year's issued and abolished; correct "
          "or explain the difference."),
    _rule("R7", "数字不合规", "Not a valid count",
          "数量应为非负整数，改正该单元格（增减可为负，金额可有小数）。",
          "Counts are whole numbers of 0 or more; correct the cell (a change may be negative, "
          "an amount may have decimals)."),
    _rule("OCR", "扫描件识别存疑", "Doubtful reading of a scan",
          "对照扫描件核对该数字；如有误，请在机关详情页更正或要求报送文本版。",
          "Check the number against the scan; if it is wrong, correct it or ask for a text "
          "version of the report."),
    Check("MISSING", "未报送年度报告", "Report not filed",
          "应报送本年度报告的机关没有报告。", "A body that must report has no report for the year.",
          "督促该机关编制并在政府网站公开本年度报告，报送后重新导入。",
          "Have the body write and publish the year's report, then load it."),
    Check("LATE", "逾期发布", "Published late",
          "报告的发布日期晚于法定截止日期（次年1月31日）。",
          "The report was published after the legal deadline (31 January of the next year).",
          "要求该机关说明逾期原因，下一年度按期发布。",
          "Ask the body why it was late and to publish on time next year."),
    Check("BLANK_TOTAL", "总计空白", "Total left blank",
          "总计单元格空白而分项有数：视为“未给出总计”，不按 0 比较。",
          "A total left blank beside filled parts: the total was not given (not compared as 0).",
          "请补填总计并重新发布报告。", "Ask the body to fill in the total and republish."),
    Check("EXTRA_ROW", "模板以外的行", "Row outside the template",
          "表格中有模板以外的行（如地方增加的行），已保留但不计入标准指标。",
          "A row outside the national template (e.g. added by a province): kept, not counted.",
          "确认该行是否应并入模板中的某一行；按国家模板报送。",
          "Check whether the row belongs in a template row; report in the national template."),
    Check("LAYOUT", "版式异常", "Unusual layout",
          "表格版式异常，部分数字的位置无法确定，已按空白记录。",
          "Unusual table layout: where some numbers stand could not be told; stored as blank.",
          "对照原文核对所涉单元格；如网页转存丢了表格线，请取得原始文件重新导入。",
          "Check the cells against the source; if a web copy lost the table lines, load the "
          "original file instead."),
    Check("MISREAD", "数字已按规则修正读取", "Number read with a repair",
          "某个单元格的数字粘连或错位，已按表内关系读出，提示核对。",
          "A cell's digits ran together or shifted; read so that the table adds up.",
          "对照原文确认该数字。", "Confirm the number against the source."),
    Check("UNIT", "金额单位不明", "Amount without a unit",
          "金额未写明单位（元或万元），按原数保留，未换算。",
          "An amount without a stated unit (yuan or 10,000 yuan): kept as written, not converted.",
          "请在表头或单元格中写明单位。", "Ask the body to state the unit in the table."),
    Check("SIM", "与其他机关雷同", "Copied from another body",
          "与同年另一机关的报告文字高度相似（内容雷同）。",
          "Prose nearly identical to another body's report of the same year (copied text).",
          "要求该机关按本单位实际情况重写文字部分。",
          "Ask the body to rewrite its prose from its own work."),
    Check("SIM_PRIOR", "与上年报告雷同", "Same as last year's report",
          "与本机关上一年报告基本相同。",
          "Prose nearly identical to this body's report of the year before.",
          "要求该机关写明本年度的工作与问题，不照搬上年报告。",
          "Ask the body to report this year's work and problems, not last year's text."),
    Check("NAME", "出现其他机关名称", "Names another body",
          "正文中出现了其他机关的名称，疑似照搬。",
          "The text names another body of the registry: possibly copied.",
          "核对该句是否照搬其他机关报告，改正机关名称后重新发布。",
          "Check whether the sentence was copied; correct the name and republish."),
    Check("LEVEL", "层级用词不符", "Wrong level word",
          "层级用词不符（如乡的报告写“全镇”）。",
          "Wrong level word for the body (e.g. a 乡 writing 全镇).",
          "改正用词后重新发布。", "Correct the wording and republish."),
    Check("YEAR", "年份有误", "Wrong year",
          "正文把另一年份当作本年度。", "The text gives another year as the current one.",
          "改正年份后重新发布。", "Correct the year and republish."),
    Check("PROSE_TABLE", "文字与表格不符", "Text contradicts the tables",
          "文字部分所述数字与表格不一致。", "A number stated in the text contradicts the tables.",
          "核对文字与表格，改正错误的一方后重新发布。",
          "Check the text against the tables; correct whichever is wrong and republish."),
)
# fmt: on
CHECK = {c.id: c for c in CHECKS}


def check_of(rule: str) -> Check:
    """The check of a finding's rule; an unknown code gets a neutral entry, never a crash."""
    return CHECK.get(rule) or Check(rule, rule, rule, "", "", "对照原文核对。", "Check the source.")
