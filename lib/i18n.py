"""Every UI string in Chinese and English, and number formatting for people.

`t(key, lang)` looks a string up; `{name}` placeholders are filled from keyword arguments.
Labels of canonical keys and metrics come from lib.template / lib.metrics, not from here.
"""

from __future__ import annotations

import math
import re
from numbers import Number

from lib.errors import safe_text

LANGS = ("zh", "en")
MISSING = "—"

# key -> (zh, en)
STRINGS: dict[str, tuple[str, str]] = {
    # ---- app and navigation
    "app.page_title": ("gongkai 公开 · 政府信息公开年报", "gongkai · disclosure reports"),
    "lang.zh": ("中文", "中文"),
    "lang.en": ("English", "English"),
    "app.title": ("政府信息公开年报监督", "Disclosure report supervision"),
    "app.sample_banner": (
        "当前显示的是虚构的示例数据（示例县），仅供演示，不代表任何真实机关。",
        "You are looking at fictional sample data (示例县) for demonstration only.",
    ),
    "app.building_db": (
        "首次启动：正在用示例数据建立数据库…",
        "First start: building the database from the sample data…",
    ),
    "app.error": ("出错了：{msg}", "Something went wrong: {msg}"),
    "app.db_error": ("无法读取数据库：{msg}", "Cannot read the database: {msg}"),
    "app.db_busy": (
        "数据库正被其他程序（{holder}）以写入方式打开或正在更新，暂时无法读取。请关闭该程序或稍后刷新页面。",
        "The database is open for writing in another program ({holder}) or being updated, so it "
        "cannot be read right now. Close that program or reload the page in a moment.",
    ),
    "app.db_busy_unknown": ("另一个程序", "another program"),
    "app.empty_db": (
        "数据库中还没有任何报告。请在“导入”页上传年报。",
        "The database holds no reports yet. Upload reports on the Upload page.",
    ),
    "app.no_data_filter": (
        "当前筛选条件下没有数据。",
        "No data for the current filters.",
    ),
    "page.overview": ("总览", "Overview"),
    "page.compare": ("乡镇对比", "Compare"),
    "page.trends": ("趋势", "Trends"),
    "page.township": ("乡镇详情", "Township"),
    "page.quality": ("数据质量", "Data quality"),
    "page.export": ("导出", "Export"),
    "page.upload": ("导入", "Upload"),
    "page.copied": ("报告雷同", "Copied text"),
    # ---- sidebar filters
    "filter.header": ("筛选", "Filters"),
    "filter.county": ("县（区）", "County"),
    "filter.all_counties": ("全部", "All"),
    "filter.years": ("年度范围", "Years"),
    "filter.level": ("机关层级", "Body level"),
    "filter.lang": ("语言 / Language", "语言 / Language"),
    "filter.share": (
        "当前视图的链接已写入地址栏，可直接复制分享。",
        "The address bar holds a link to this view: copy it to share.",
    ),
    "level.township": ("乡", "Township (乡)"),
    "level.town": ("镇", "Town (镇)"),
    "level.subdistrict": ("街道", "Subdistrict (街道)"),
    "level.county_dept": ("县级部门", "County department"),
    "level.government": ("政府", "Government"),
    "level.other": ("其他", "Other"),
    "level.unassigned": ("未登记", "Unassigned"),
    # ---- generic
    "common.year": ("年度", "Year"),
    "common.body": ("机关", "Body"),
    "common.metric": ("指标", "Metric"),
    "common.value": ("数值", "Value"),
    "common.county": ("县（区）", "County"),
    "common.county_total": ("全县合计", "County total"),
    "common.county_median": ("全县中位数", "County median"),
    "common.rank": ("排名", "Rank"),
    "common.percentile": ("百分位", "Percentile"),
    "common.count": ("数量", "Count"),
    "common.share": ("占比", "Share"),
    "common.none": ("无", "None"),
    "common.yes": ("是", "Yes"),
    "common.no": ("否", "No"),
    "common.all": ("全部", "All"),
    "common.definition": ("定义", "Definition"),
    "common.too_few": ("数量过少，不计比率", "Too few to rate"),
    "common.bodies_covered": ("覆盖 {n} 个机关", "covers {n} bodies"),
    "common.of": ("{a} / {b}", "{a} of {b}"),
    "common.delta_vs": ("较 {year} 年", "vs {year}"),
    "common.template_change": ("2021 模板变更", "2021 template change"),
    "severity.error": ("错误", "Error"),
    "severity.warning": ("警告", "Warning"),
    "severity.info": ("提示", "Info"),
    "status.filed": ("已报送", "Filed"),
    "status.missing": ("缺报", "Missing"),
    "status.findings": ("有问题", "Has findings"),
    "status.revised": ("已修订", "Revised"),
    "status.superseded": ("已被替换", "Superseded"),
    # ---- overview
    "overview.title": ("总览", "Overview"),
    "overview.year": ("年度", "Year"),
    "kpi.filed": ("已报送 / 应报送", "Filed / expected"),
    "kpi.applications": ("新收申请", "New applications"),
    "kpi.disclosure_rate": ("公开率", "Disclosure rate"),
    "kpi.disputes": ("复议 + 诉讼", "Reviews + lawsuits"),
    "kpi.correction_rate": ("纠错率", "Correction rate"),
    "kpi.with_findings": ("有问题的报告", "Reports with findings"),
    "kpi.copied": ("报告雷同", "Copied text"),
    "kpi.copied_help": (
        "本年度与其他报告（同年其他机关或本机关上年）内容基本相同的报告数。",
        "Reports of the year nearly identical to another report (another body's of the same "
        "year, or the body's own of the year before).",
    ),
    "overview.open_copied": ("查看报告雷同", "Open copied text"),
    "overview.trend": ("全县趋势", "County trends"),
    "overview.grid": ("报送情况（机关 × 年度）", "Filings (body × year)"),
    "overview.grid_help": (
        "点击表格中的机关名称查看详情。",
        "Click a body's name to open its details.",
    ),
    "overview.open_body": ("查看机关详情", "Open body details"),
    # ---- compare
    "compare.title": ("乡镇对比", "Compare bodies"),
    "compare.metric": ("指标", "Metric"),
    "compare.metric_y": ("第二个指标（散点图纵轴）", "Second metric (scatter y axis)"),
    "compare.year": ("年度", "Year"),
    "compare.highlight": ("突出显示机关", "Highlight a body"),
    "compare.bar": ("排序", "Ranking"),
    "compare.heatmap": ("热力图（机关 × 年度）", "Heatmap (body × year)"),
    "compare.scatter": ("两个指标的散点图", "Two metrics"),
    "compare.table": ("排名与百分位", "Ranks and percentiles"),
    "compare.select_help": (
        "在图中点击一个机关，其他图同时突出显示。",
        "Click a body in a chart to highlight it in every chart.",
    ),
    "compare.movers": ("变化最大（{a} → {b}）", "Largest changes ({a} → {b})"),
    "col.value_from": ("上年", "from"),
    "col.value_to": ("本年", "to"),
    "col.change": ("变化", "change"),
    "compare.no_data": ("{year} 年没有该指标的数据。", "No data for this metric in {year}."),
    # ---- trends
    "trends.title": ("趋势", "Trends"),
    "trends.metric": ("指标", "Metric"),
    "trends.bodies": ("对比机关", "Bodies to compare"),
    "trends.line": ("指标趋势", "Metric over years"),
    "trends.outcomes": ("办理结果构成", "Outcomes"),
    "trends.withheld": ("不予公开理由构成", "Reasons for withholding"),
    "trends.applicants": ("申请人类型", "Applicant types"),
    "trends.not_comparable": (
        "该指标在 2020 年与 2021 年之间口径不同（模板变更），前后不可直接比较。",
        "This metric changed meaning between 2020 and 2021 (template change): "
        "do not compare across it.",
    ),
    "trends.no_applications": ("所选年度没有政府信息公开申请。", "No applications in these years."),
    # ---- township
    "township.title": ("乡镇详情", "Township details"),
    "township.body": ("机关", "Body"),
    "township.year": ("年度", "Year"),
    "township.key_metrics": ("主要指标", "Key metrics"),
    "township.report": ("{year} 年度报告", "Report for {year}"),
    "township.no_report": ("{body} 没有 {year} 年度的报告。", "{body} filed no report for {year}."),
    "township.s2": ("二、主动公开政府信息情况", "II. Proactive disclosure"),
    "township.s3": ("三、收到和处理政府信息公开申请情况", "III. Applications received and handled"),
    "township.s4": (
        "四、政府信息公开行政复议、行政诉讼情况",
        "IV. Administrative review and litigation",
    ),
    "township.prose": ("文字部分", "Text sections"),
    "township.findings": ("发现的问题", "Findings"),
    "township.no_findings": ("未发现问题。", "No findings."),
    "township.provenance": ("数字出处", "Where a number was read"),
    "township.provenance_pick": ("选择一个单元格", "Pick a cell"),
    "township.provenance_at": ("读取位置：{where}", "Read at: {where}"),
    "township.blank": ("原报告此处为空（按 0 计）", "Blank in the report (counted as 0)"),
    "township.revisions": ("报告版本", "Revisions"),
    "township.download": ("下载原始文件", "Download the source file"),
    "township.vs_median": ("与全县中位数比较", "Against the county median"),
    "township.template": ("模板：{tpl}", "Template: {tpl}"),
    "township.highlight_note": (
        "标红的单元格违反了校验规则，说明见下方。",
        "Cells in red break a consistency rule, explained below.",
    ),
    "township.pick_body": ("请选择一个机关。", "Pick a body."),
    "township.deep_link": ("本页链接", "Link to this page"),
    "prose.s1": ("一、总体情况", "I. Overview"),
    "prose.s5": ("五、存在的主要问题及改进情况", "V. Main problems and improvements"),
    "prose.s6": ("六、其他需要报告的事项", "VI. Other matters"),
    "prose.s7": ("七、其他", "VII. Further sections"),
    "township.cell_key": ("单元格", "Cell"),
    "township.findings_on_cell": ("该单元格涉及的问题", "Findings on this cell"),
    "township.extra_rows": ("模板以外的行", "Rows outside the template"),
    "township.copied": ("报告雷同（对）", "Copied-text pairs"),
    "township.copied_pair": (
        "与{body} {year} 年度报告雷同（相似度 {score}）",
        "Nearly identical to {body}'s {year} report (similarity {score})",
    ),
    # ---- quality
    "quality.title": ("数据质量", "Data quality"),
    "quality.findings": ("全部问题", "All findings"),
    "quality.rule": ("规则", "Rule"),
    "quality.severity": ("严重程度", "Severity"),
    "quality.rules_explained": ("规则说明", "What each rule checks"),
    "quality.missing": ("缺报", "Missing filings"),
    "quality.superseded": ("被替换的报告", "Superseded reports"),
    "quality.failed": ("未能导入的文件", "Files that failed to load"),
    "quality.none_missing": ("没有缺报。", "No missing filings."),
    "quality.late": ("逾期发布", "Published late"),
    "quality.late_help": (
        "发布日期晚于截止日期（次年 1 月 31 日）的报告；发布日期不明的不计入。",
        "Reports published after the deadline (31 January of the following year); reports "
        "without a known date are not counted.",
    ),
    "quality.none_late": ("没有逾期发布的报告。", "No report was published late."),
    "col.deadline": ("截止日期", "deadline"),
    "col.days_late": ("逾期天数", "days_late"),
    "quality.none_failed": ("没有导入失败的文件。", "No file failed to load."),
    "quality.none_superseded": ("没有被替换的报告。", "No superseded reports."),
    "check.BLANK_TOTAL": (
        "总计单元格空白而分项有数：视为“未给出总计”，不按 0 比较。",
        "A total left blank beside filled parts: the total was not given (not compared as 0).",
    ),
    "check.EXTRA_ROW": (
        "表格中有模板以外的行（如地方增加的行），已保留但不计入标准指标。",
        "A row outside the national template (e.g. added by a province): kept, not counted.",
    ),
    "check.LAYOUT": (
        "表格版式异常，部分数字的位置需人工核对。",
        "Unusual table layout: check where some numbers stand by hand.",
    ),
    "check.MISREAD": (
        "某个单元格无法读成数字，已按原文保留。",
        "A cell could not be read as a number; its text is kept as written.",
    ),
    "check.UNIT": (
        "金额未写明单位（元或万元），按原数保留，未换算。",
        "An amount without a stated unit (yuan or 10,000 yuan): kept as written, not converted.",
    ),
    "check.SIM": (
        "与同年另一机关的报告文字高度相似（内容雷同）。",
        "Prose nearly identical to another body's report of the same year (copied text).",
    ),
    "check.SIM_PRIOR": (
        "与本机关上一年报告基本相同。",
        "Prose nearly identical to this body's report of the year before.",
    ),
    "check.NAME": (
        "正文中出现了其他机关的名称。",
        "The text names another body of the registry.",
    ),
    "check.LEVEL": (
        "层级用词不符（如乡的报告写“全镇”）。",
        "Wrong level word for the body (e.g. a 乡 writing 全镇).",
    ),
    "check.YEAR": (
        "正文把另一年份当作本年度。",
        "The text gives another year as the current one.",
    ),
    "check.PROSE_TABLE": (
        "文字部分所述数字与表格不一致。",
        "A number stated in the text contradicts the tables.",
    ),
    "check.NFKC": (
        "文本含全角或兼容字符，已规范化后读取。",
        "Full-width or compatibility characters were normalised before reading.",
    ),
    "quality.other_checks": ("其他检查", "Other checks"),
    "quality.count": ("共 {n} 条", "{n} in total"),
    # ---- export
    "export.title": ("导出", "Export"),
    "export.supervision": ("督办清单", "Supervision list"),
    "export.supervision_help": (
        "每个机关一张工作表：全部问题、缺报，以及对应的数字或语句和所在位置。",
        "One sheet per body: every finding and missing filing with the evidence "
        "and where it stands in the report.",
    ),
    "export.supervision_button": ("下载督办清单（XLSX）", "Download supervision list (XLSX)"),
    "export.extract": ("数据提取", "Extracts"),
    "export.what": ("内容", "Contents"),
    "export.what.cells": ("单元格（长表）", "Cells (long)"),
    "export.what.metrics": ("指标（每份报告一行）", "Metrics (one row per report)"),
    "export.what.findings": ("问题", "Findings"),
    "export.what.reports": ("报告清单", "Report list"),
    "export.format": ("格式", "Format"),
    "export.columns": ("列名语言", "Column names"),
    "export.body": ("机关（可选）", "Body (optional)"),
    "export.download": ("下载 {name}", "Download {name}"),
    "export.rows": ("{n} 行", "{n} rows"),
    "export.preview": ("预览（前 20 行）", "Preview (first 20 rows)"),
    # ---- upload and login
    "upload.title": ("导入年报", "Upload reports"),
    "upload.files": (
        "选择年报文件（txt、html、docx、pdf）或 zip 压缩包",
        "Report files (txt, html, docx, pdf) or a zip archive",
    ),
    "upload.preview": ("解析预览", "Parse preview"),
    "upload.commit": ("确认导入", "Load into the database"),
    "upload.waiting": (
        "另一次导入正在写入数据库，等待其完成后开始……",
        "Another import is writing to the database; this one starts when it has finished…",
    ),
    "upload.committing": ("正在导入…", "Loading…"),
    "upload.done": (
        "导入完成：新增 {loaded} 份，替换旧版本 {superseded} 份，已存在 {already} 份，失败 {failed} 份。",
        "Done: {loaded} loaded, {superseded} replacing an older version, {already} already "
        "loaded, {failed} failed.",
    ),
    "upload.parse_ok": (
        "{file}：{body} {year} 年（模板 {tpl}），{n} 个问题",
        "{file}: {body} {year} (template {tpl}), {n} findings",
    ),
    "upload.parse_failed": ("{file}：无法解析 — {reason}", "{file}: cannot be read — {reason}"),
    "upload.nothing": ("没有可导入的文件。", "Nothing to load."),
    "upload.audit": ("操作日志", "Audit log"),
    "upload.logged_in_as": ("当前用户：{user}", "Signed in as {user}"),
    "login.title": ("登录", "Sign in"),
    "login.user": ("用户名", "User name"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Sign in"),
    "login.logout": ("退出登录", "Sign out"),
    "login.throttled": (
        "登录失败次数过多，请 {seconds} 秒后再试。",
        "Too many failed logins: try again in {seconds} s.",
    ),
    "login.failed": ("用户名或密码错误。", "Wrong user name or password."),
    "login.no_users": (
        "尚未配置任何用户。请在服务器上运行 `python -m lib adduser 用户名` 添加用户。",
        "No users are configured. Run `python -m lib adduser NAME` on the server to add one.",
    ),
    "login.required": ("导入数据需要登录。", "Loading data requires signing in."),
    # ---- copied text (pages/copied.py)
    "copied.intro": (
        "比较同一年度不同机关报告的正文（第一、五、六部分，不含表格和模板标题、数字和本机关名称），"
        "以及同一机关相邻两年的报告。相似度为两份正文5字片段重合程度（Jaccard）的估计值：同年度"
        "达到 {same} 记为“报告内容雷同”，相邻年度达到 {prior} 记为“与上年报告基本相同”。",
        "The prose of reports of different bodies in the same year (sections I, V and VI, without "
        "tables, template headings, numbers or the body's own name) is compared, and each body's "
        "report with its previous year's. The score estimates the overlap (Jaccard) of their "
        "5-character pieces: {same} or more in the same year is “copied text”, {prior} or more "
        "between consecutive years “basically the same as last year”.",
    ),
    "copied.kind": ("类型", "Kind"),
    "copied.kind.same_year": (
        "报告内容雷同（同年度不同机关）",
        "Copied text (same year, two bodies)",
    ),
    "copied.kind.prior_year": (
        "与上年报告基本相同（同一机关）",
        "Same as last year (one body)",
    ),
    "copied.count": ("共 {n} 对", "{n} pairs"),
    "copied.none": (
        "当前筛选条件下没有发现内容雷同的报告。",
        "No copied text found for the current filters.",
    ),
    "copied.pick": ("查看报告对", "Open a pair"),
    "copied.pair_label": (
        "{a}（{ya}）↔ {b}（{yb}） 相似度 {score}",
        "{a} ({ya}) ↔ {b} ({yb}), {score}",
    ),
    "copied.score_s1": ("第一部分相似度", "Section I similarity"),
    "copied.score_s5": ("第五部分相似度", "Section V similarity"),
    "copied.score_prose": ("正文整体相似度", "All prose similarity"),
    "copied.side_by_side": (
        "并排对照：黄色标出两份报告共有的段落（至少 {n} 字）",
        "Side by side: passages both reports share ({n} characters or more) in yellow",
    ),
    "copied.passages": ("共有段落（由长到短）", "Shared passages (longest first)"),
    "copied.no_passages": (
        "没有长度达到 {n} 字的共有段落。",
        "No shared passage of {n} characters or more.",
    ),
    "copied.too_short": ("正文过短，无法比较", "Too little prose to compare"),
    "col.kind": ("类型", "kind"),
    "col.score": ("相似度", "similarity"),
    "col.body_a": ("机关 A", "body A"),
    "col.year_a": ("年度 A", "year A"),
    "col.body_b": ("机关 B", "body B"),
    "col.year_b": ("年度 B", "year B"),
    # ---- export/table column names (also used by lib.export)
    "col.body": ("机关", "body"),
    "col.county": ("县（区）", "county"),
    "col.level": ("层级", "level"),
    "col.year": ("年度", "year"),
    "col.template": ("模板", "template"),
    "col.format": ("格式", "format"),
    "col.source": ("源文件", "source"),
    "col.file": ("文件", "file"),
    "col.sha256": ("SHA-256", "sha256"),
    "col.ingested_at": ("导入时间", "ingested_at"),
    "col.ingested_by": ("导入人", "ingested_by"),
    "col.report_id": ("报告编号", "report_id"),
    "col.logged_at": ("时间", "logged_at"),
    "col.user_name": ("用户", "user_name"),
    "col.log_id": ("日志编号", "log_id"),
    "col.findings": ("问题数", "findings"),
    "col.key": ("键", "key"),
    "col.section": ("部分", "section"),
    "col.row": ("行", "row"),
    "col.col": ("列", "col"),
    "col.label": ("项目", "label"),
    "col.label_zh": ("项目（中文）", "label_zh"),
    "col.label_en": ("项目（英文）", "label_en"),
    "col.value": ("数值", "value"),
    "col.blank": ("空白", "blank"),
    "col.rule": ("规则", "rule"),
    "col.severity": ("严重程度", "severity"),
    "col.message": ("说明", "message"),
    "col.keys": ("涉及单元格", "keys"),
    "col.expected": ("应为", "expected"),
    "col.actual": ("实为", "actual"),
    "col.evidence": ("证据", "evidence"),
    "col.where": ("位置", "where"),
    "col.status": ("状态", "status"),
    "col.reason": ("原因", "reason"),
    "col.issue": ("类别", "issue"),
    "col.result": ("结果", "result"),
    "col.user": ("用户", "user"),
    "col.time": ("时间", "time"),
    "col.metric": ("指标", "metric"),
    "col.rank": ("排名", "rank"),
    "col.percentile": ("百分位", "percentile"),
    "col.count": ("数量", "count"),
    "col.published": ("发布日期", "published"),
    "col.replaced_by": ("替换为", "replaced by"),
    "col.replaced_at": ("替换时间", "replaced at"),
    "col.current": ("当前版本", "current"),
}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


# GFM turns bare URLs and e-mail addresses into links after escapes are resolved, so a
# backslash cannot stop it: an invisible WORD JOINER after the scheme, "www" or "@" does.
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|mailto|xmpp)(?=:)|www(?=\.)|@")
_WJ = "\u2060"


def _no_autolink(s: str) -> str:
    return _AUTOLINK.sub(lambda m: m.group() + _WJ, s)


def md_escape(text: object) -> str:
    """Text from a report or a file name shown as Markdown literally (no links, images, HTML
    or directives such as :red[…] from it, no bare URL made a link); undecodable bytes
    escaped, line breaks kept."""
    s = _no_autolink(safe_text(text))
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\n", "  \n")


_HTML_MD = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~$:@/"}


def html_text(text: object) -> str:
    """Text from a report placed inside HTML that Streamlit renders with Markdown on: HTML
    escaped, and Markdown's characters written as character references so that neither a
    link, an image nor a bare URL (autolink) can form; the text looks the same."""
    import html

    return html.escape(_no_autolink(safe_text(text))).translate(_HTML_MD)


def t_md(key: str, lang: str = "zh", **kwargs) -> str:
    """`t` for text that Streamlit renders as Markdown: every text parameter is escaped."""
    return t(key, lang, **{k: md_escape(v) if isinstance(v, str) else v
                           for k, v in kwargs.items()})  # fmt: skip


def t(key: str, lang: str = "zh", **kwargs) -> str:
    """The string `key` in `lang` ("zh" default); unknown keys show as the key itself."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


def is_missing(v) -> bool:
    """None, NaN, pandas NA/NaT (checked without importing pandas)."""
    if v is None or type(v).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(v, Number):
        try:
            return math.isnan(float(v))
        except (TypeError, ValueError):
            return False
    return False


def fmt_int(v) -> str:
    """1234 -> "1,234"; None/NaN -> "—". Non-whole numbers keep up to two decimals."""
    if is_missing(v):
        return MISSING
    f = float(v)
    if f.is_integer():
        return f"{int(f):,}"
    return f"{f:,.2f}".rstrip("0").rstrip(".")


def fmt_pct(v, digits: int = 1) -> str:
    """A share as a fraction (0.123) -> "12.3%"; None/NaN -> "—"."""
    if is_missing(v):
        return MISSING
    return f"{float(v) * 100:.{digits}f}%"


def fmt_delta(v, pct: bool = False) -> str:
    """A signed change: +12 / −3 / +1.5 pp; None/NaN -> "—"."""
    if is_missing(v):
        return MISSING
    f = float(v)
    if pct:
        return f"{f * 100:+.1f} pp"
    return ("+" if f > 0 else "") + fmt_int(f)


def fmt_value(v, unit: str = "count") -> str:
    """Format by a metric's unit: "%" shares as percentages, everything else as numbers."""
    if unit in ("%", "pct", "share", "rate"):
        return fmt_pct(v)
    return fmt_int(v)


def level_label(code: str | None, lang: str = "zh") -> str:
    if not code:
        return MISSING
    return t(f"level.{code}", lang) if f"level.{code}" in STRINGS else str(code)


def column_names(cols, lang: str = "zh") -> dict[str, str]:
    """Map data column names to display names where i18n knows them (`col.<name>`)."""
    return {c: t(f"col.{c}", lang) for c in cols if f"col.{c}" in STRINGS}
