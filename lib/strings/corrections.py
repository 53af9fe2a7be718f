"""Strings of corrections with audit and of making an earlier revision current again (the
township page): key -> (zh, en)."""

CORRECTIONS: dict[str, tuple[str, str]] = {
    "correct.section": (
        "更正数字与恢复版本（需登录）",
        "Correct a number or restore a revision (login)",
    ),
    "correct.intro": (
        "核对原件后可更正识读有误的数字：原值保留，更正记录更正人、时间和理由，规则和指标随即重算，"
        "各页面标出更正过的数字。",
        "After checking the source document you may correct a misread number: the value as read "
        "is kept, the correction records who, when and why, rules and metrics are recomputed and "
        "every page marks corrected numbers.",
    ),
    "correct.cell": ("要更正的单元格", "Cell to correct"),
    "correct.value": ("正确数值", "Correct value"),
    "correct.reason": ("理由（原件所示）", "Reason (what the source shows)"),
    "correct.submit": ("更正", "Correct"),
    "correct.done": (
        "已更正 {cell}：{old} → {new}；规则已重新核对。",
        "Corrected {cell}: {old} → {new}; rules checked again.",
    ),
    "correct.undo_cell": ("撤销更正的单元格", "Corrected cell to undo"),
    "correct.undo_submit": ("撤销更正（恢复原值）", "Undo (back to the value as read)"),
    "correct.undone": (
        "已撤销 {cell} 的更正，恢复为原值 {new}。",
        "Undid {cell}: back to {new} as read.",
    ),
    "correct.failed": ("未保存：{reason}", "Not saved: {reason}"),
    "correct.err.user": ("需要登录用户名", "a signed-in user name is needed"),
    "correct.err.kind": ("未知的操作", "unknown operation"),
    "correct.err.reason": ("请写明理由", "a reason is needed"),
    "correct.err.note_long": (
        "理由过长（最多 2000 字）",
        "the reason is too long (2,000 characters at most)",
    ),
    "correct.err.cell": ("报告中没有这个单元格", "the report has no such cell"),
    "correct.err.derived": (
        "这是由其他单元格计算得出的数字，请更正其组成项",
        "this number is computed from other cells: correct those",
    ),
    "correct.err.not_corrected": ("该单元格没有更正可撤销", "that cell has no correction to undo"),
    "correct.err.value": (
        "数值须为不小于 0 的数，件数须为整数",
        "the value must be a number ≥ 0, and a count a whole number",
    ),
    "correct.err.same": ("与现有数值相同，无需更正", "that is the value already stored"),
    "correct.err.report": ("没有这个报告版本", "no such revision"),
    "correct.marked": (
        "蓝色为更正过的数字（点击可查看原值和更正记录）。",
        "Blue numbers were corrected (click one to see the value as read and the record).",
    ),
    "correct.line": (
        "已更正：原识读值 {original}，{user} 于 {at} 更正为 {value}。理由：{reason}",
        "Corrected: read as {original}, set to {value} by {user} on {at}. Reason: {reason}",
    ),
    "correct.page_note": (
        "本视图的数字含 {n} 处经核对原件的更正（乡镇详情页以蓝色标出，导出文件“已更正”列）。",
        "The numbers in this view include {n} corrections made against the source documents "
        "(blue on the township page, the “corrected” column of the extracts).",
    ),
    "correct.history": ("更正记录", "Corrections"),
    "correct.kind.correct": ("更正", "correct"),
    "correct.kind.undo": ("撤销", "undo"),
    "correct.revision": ("恢复为当前版本的报告", "Revision to make current"),
    "correct.revision_label": (
        "报告 {rid}（{source}，导入于 {at}）",
        "report {rid} ({source}, loaded {at})",
    ),
    "correct.revision_submit": ("设为当前版本", "Make current"),
    "correct.revision_done": (
        "报告 {rid} 已恢复为当前版本（替换报告 {old}）；规则已重新核对。",
        "Report {rid} is current again (replacing report {old}); rules checked again.",
    ),
    "correct.no_revisions": ("该年度没有更早的版本。", "No earlier revision for this year."),
    "col.original": ("原识读值", "value as read"),
    "col.corrected": ("已更正", "corrected"),
    "col.corrected_at": ("更正时间", "corrected at"),
    "col.previous": ("更正前", "before"),
    "col.fix_kind": ("操作", "action"),
}
