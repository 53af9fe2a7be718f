"""Strings of the extracts' columns and values (lib.export_values): key -> (zh, en)."""

EXTRACTS: dict[str, tuple[str, str]] = {
    "col.origin": ("发现环节", "found by"),
    "origin.parse": ("表格核对", "table checks"),
    "origin.prose": ("正文核对", "prose checks"),
    "origin.years": ("跨年度核对", "year-on-year checks"),
    "origin.similarity": ("雷同检测", "copied-text check"),
    "export.num": ("{metric}·分子", "{metric}: numerator"),
    "export.den": ("{metric}·分母", "{metric}: denominator"),
}
