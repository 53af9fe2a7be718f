"""Strings of the 年度对照 page (one body, two years side by side): key -> (zh, en)."""

CONTRAST: dict[str, tuple[str, str]] = {
    "page.contrast": ("年度对照", "Year vs year"),
    "contrast.intro": (
        "同一单位两个年度的报告并排对照：每张表的数字和增减、两年的问题，以及正文逐句比较"
        "（与上年一字不差或只改了数字的句子，多为照抄上年的套话）。",
        "One body's reports of two years side by side: every table with its changes, the "
        "findings of both years, and the prose sentence by sentence (a sentence copied from "
        "last year word for word, or with only its figures changed, is usually boilerplate).",
    ),
    "contrast.body": ("单位", "Body"),
    "contrast.year_a": ("对照年度", "Earlier year"),
    "contrast.year_b": ("本年度", "Later year"),
    "contrast.one_year": (
        "{body} 只有一个年度的报告，无法对照。",
        "{body} has a report for one year only: nothing to compare.",
    ),
    "contrast.missing": ("{body} 没有 {year} 年度的报告。", "{body} has no report for {year}."),
    "contrast.template_change": (
        "两个年度使用不同的模板（{a} 版 → {b} 版）：只在一个模板中出现的项目另一侧为空。",
        "The two years use different templates ({a} → {b}): an item only one template has is "
        "empty on the other side.",
    ),
    "contrast.tables": ("表格对照", "Tables side by side"),
    "contrast.only_changed": ("只显示有变化的项目", "Only items that changed"),
    "contrast.changed_n": ("{n} 项数字有变化", "{n} numbers changed"),
    "contrast.col.item": ("项目", "Item"),
    "contrast.col.delta": ("增减", "Change"),
    "contrast.findings": ("两年的问题", "Findings of both years"),
    "contrast.findings_year": ("{year} 年度：{n} 个问题", "{year}: {n} findings"),
    "contrast.no_findings": ("没有问题。", "No findings."),
    "contrast.prose": ("正文逐句对照", "Prose sentence by sentence"),
    "contrast.carried": ("与上年相同或仅改数字的正文", "Prose carried over from the earlier year"),
    "contrast.status.same": ("相同", "same"),
    "contrast.status.figures": ("仅数字不同", "figures changed"),
    "contrast.status.edited": ("有改动", "edited"),
    "contrast.status.new": ("新增", "new"),
    "contrast.status.dropped": ("删去", "dropped"),
    "contrast.counts": (
        "相同 {same} 句 · 仅数字不同 {figures} 句 · 有改动 {edited} 句 · 新增 {new} 句 · "
        "删去 {dropped} 句",
        "same {same} · figures changed {figures} · edited {edited} · new {new} · "
        "dropped {dropped} sentences",
    ),
    "contrast.open": ("与上一年度对照", "Compare with the year before"),
}
