"""The county 通报's text (key -> (zh, en)): official Chinese style, and an English version."""

BULLETIN: dict[str, tuple[str, str]] = {
    "bulletin.title": (
        "关于{county}{year}年度政府信息公开工作年度报告情况的通报",
        "{county}: the {year} government information disclosure annual reports — review bulletin",
    ),
    "bulletin.to": (
        "各乡镇人民政府、街道办事处，各有关单位：",
        "To every township, subdistrict and body concerned:",
    ),
    "bulletin.intro": (
        "根据《中华人民共和国政府信息公开条例》和政府信息公开工作年度报告格式要求，现将{county}各单位"
        "{year}年度政府信息公开工作年度报告的报送、主要数据、审查发现的问题及整改情况通报如下。",
        "Under the Regulations on the Disclosure of Government Information and the national format "
        "of the annual reports, this bulletin sets out how the bodies of {county} filed their "
        "{year} reports, their main figures, the problems the review found and where their "
        "rectification stands.",
    ),
    "bulletin.h.filing": ("一、报送情况", "1. Filing"),
    "bulletin.h.figures": ("二、主要数据", "2. Main figures"),
    "bulletin.h.bodies": ("三、各单位情况", "3. Body by body"),
    "bulletin.h.problems": ("四、审查发现的问题", "4. Problems found"),
    "bulletin.h.rectify": ("五、整改情况", "5. Rectification"),
    "bulletin.h.copied": ("六、报告雷同情况", "6. Copied reports"),
    "bulletin.h.demands": ("七、工作要求", "7. What is required"),
    "bulletin.filed": (
        "{year}年度应报送年度报告的单位{expected}家，已报送{filed}家（{filed}/{expected} 报送）。",
        "{filed} of the {expected} bodies that must report filed a {year} report "
        "({filed}/{expected} filed).",
    ),
    "bulletin.missing": ("未报送的单位：{names}。", "Not filed: {names}."),
    "bulletin.none_missing": ("应报送单位均已报送。", "Every body that must report has filed."),
    "bulletin.late": ("逾期发布的单位：{names}。", "Published late: {names}."),
    "bulletin.late_one": ("{body}（逾期{days}天）", "{body} ({days} days late)"),
    "bulletin.none_late": ("未发现逾期发布的报告。", "No report was published late."),
    "bulletin.new_up": (
        "全县本年新收政府信息公开申请{now}件，比上年增加{diff}件。",
        "The bodies received {now} new disclosure applications, {diff} more than the year before.",
    ),
    "bulletin.new_down": (
        "全县本年新收政府信息公开申请{now}件，比上年减少{diff}件。",
        "The bodies received {now} new disclosure applications, {diff} fewer than the year before.",
    ),
    "bulletin.new_same": (
        "全县本年新收政府信息公开申请{now}件，与上年持平。",
        "The bodies received {now} new disclosure applications, as many as the year before.",
    ),
    "bulletin.new_only": (
        "全县本年新收政府信息公开申请{now}件。",
        "The bodies received {now} new disclosure applications.",
    ),
    "bulletin.col.metric": ("指标", "Figure"),
    "bulletin.col.year": ("{year}年", "{year}"),
    "bulletin.col.change": ("变化", "Change"),
    "bulletin.col.no": ("序号", "No."),
    "bulletin.col.body": ("单位", "Body"),
    "bulletin.col.body_a": ("单位甲", "Body A"),
    "bulletin.col.body_b": ("单位乙", "Body B"),
    "bulletin.col.check": ("问题类型", "Problem"),
    "bulletin.col.severity": ("严重程度", "Severity"),
    "bulletin.col.count": ("数量", "Count"),
    "bulletin.col.missing": ("未报送", "Not filed"),
    "bulletin.col.errors": ("错误", "Errors"),
    "bulletin.col.warnings": ("警告", "Warnings"),
    "bulletin.col.days_late": ("逾期天数", "Days late"),
    "bulletin.col.copied": ("雷同", "Copied"),
    "bulletin.col.fix": ("整改要求", "What to fix"),
    "bulletin.col.owner": ("责任单位", "Responsible"),
    "bulletin.col.due": ("期限", "Deadline"),
    "bulletin.col.status": ("状态", "Status"),
    "bulletin.col.kind": ("类型", "Kind"),
    "bulletin.col.score": ("相似度", "Similarity"),
    "bulletin.kind.same_year": ("同年互相雷同", "Same year"),
    "bulletin.kind.prior_year": ("与上年雷同", "Same as the year before"),
    "bulletin.yes": ("是", "yes"),
    "bulletin.bodies_intro": (
        "各单位本年主要数据如下（按本年新收申请数由多到少排列）。",
        "Each body's main figures (most new applications first).",
    ),
    "bulletin.no_reports": ("本年度尚无报告。", "No report for this year yet."),
    "bulletin.found": (
        "审查共发现问题{n}项，其中错误{e}项、警告{w}项、提示{i}项。按问题类型统计如下。",
        "The review found {n} problems: {e} errors, {w} warnings and {i} notes. By kind:",
    ),
    "bulletin.none_found": ("审查未发现问题。", "The review found no problem."),
    "bulletin.ranking": (
        "问题较多的单位（按未报送、错误、警告、逾期天数、雷同排序）：",
        "Bodies with most problems (not filed, errors, warnings, days late, copied):",
    ),
    "bulletin.status": (
        "截至{date}，共{n}项问题中，待整改{open}项，整改中{acknowledged}项，已整改{fixed}项，"
        "不予整改{waived}项。错误和警告的整改情况如下。",
        "On {date}, of {n} issues {open} are open, {acknowledged} acknowledged, {fixed} fixed "
        "and {waived} waived. Errors and warnings:",
    ),
    "bulletin.more_issues": (
        "另有{n}项未列出，详见督办清单。",
        "{n} more are not listed here: see the supervision list.",
    ),
    "bulletin.none_copied": ("未发现雷同报告。", "No copied report was found."),
    "bulletin.copied_intro": (
        "以下报告的文字部分高度相似，请相关单位按本单位实际重新撰写：",
        "The prose of these reports is nearly the same; the bodies should rewrite it from their "
        "own work:",
    ),
    "bulletin.demand1": (
        "（一）存在问题的单位要对照督办清单逐项整改，自本通报印发之日起30日内将整改情况报送县政务公开办公室。",
        "(1) Bodies with problems rectify each item of the supervision list and report back "
        "within 30 days of this bulletin.",
    ),
    "bulletin.demand2": (
        "（二）未报送、逾期发布年度报告的单位要立即补报，并书面说明原因。",
        "(2) Bodies that did not file, or filed late, file now and explain why in writing.",
    ),
    "bulletin.demand3": (
        "（三）各单位要严格按照国家规定格式编制年度报告，确保数据准确、前后年度衔接，杜绝照搬照抄。",
        "(3) Every body writes its report in the national format, with numbers that add up and "
        "carry on from the year before, and in its own words.",
    ),
    "bulletin.signature": (
        "{county}政务公开办公室",
        "{county} Government Affairs Disclosure Office",
    ),
    "bulletin.date": ("{y}年{month}月{d}日", "{d} {month} {y}"),
    "bulletin.chart.trend": ("全县申请数量趋势", "Applications in the county by year"),
    "bulletin.chart.bodies": ("各单位本年新收申请", "New applications by body"),
    "bulletin.series.new": ("本年新收", "New"),
    "bulletin.series.handled": ("办理结果总计", "Handled"),
}
