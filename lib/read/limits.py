"""Resource limits shared by the readers: hostile files must fail fast with bounded memory."""

from __future__ import annotations

MB = 1024 * 1024

MAX_FILE_BYTES = 50 * MB  # a published annual report is a few MB at most
MAX_UNZIPPED_BYTES = 200 * MB  # sum of a DOCX's declared member sizes
MAX_MEMBER_RATIO = 200  # uncompressed/compressed for one large member (zip bomb)
RATIO_MIN_BYTES = 10 * MB  # the ratio check applies to members larger than this
MAX_ZIP_MEMBERS = 5000
XML_PROLOG_BYTES = 64 * 1024  # where a DOCTYPE/ENTITY declaration would have to be
MAX_PDF_PAGES = 100  # annual reports run to 5-30 pages; each page costs ~0.2 s
MAX_PDF_INFLATED = 300 * MB  # all Flate streams of a PDF together, once inflated
MAX_TABLE_CELLS = 200_000  # rows × columns after rowspan/colspan expansion
MAX_SPAN = 1000  # largest rowspan/colspan honoured


def human_size(n: int) -> str:
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.1f} GB"
    if n >= MB:
        return f"{n / MB:.1f} MB"
    return f"{n / 1024:.0f} KB"


def too_large(n: int) -> str:
    return f"file too large ({human_size(n)}; limit {human_size(MAX_FILE_BYTES)})"
