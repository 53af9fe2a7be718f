"""Reader speed per format, and the ratio to the format library's bare read of the same file.

Run: .venv/bin/python benchmarks/bench_read.py [--seconds 2]
Inputs are the real reports (HTML, PDF) and the Shuyang report converted to DOCX by the test
helper, and one generated 3-page sample PDF. Bare reads: lxml.html.document_fromstring on the
decoded page, docx.Document plus iterating its body; for PDFs pdfplumber extracting every page's
text (what the reader cost before it moved to PDFium) and pypdfium2's characters with their
boxes (the floor of the reader now)."""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import docx  # noqa: E402
import lxml.html  # noqa: E402
import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from convert import docx_from_parts, fixture, html_parts  # noqa: E402

from lib.read import read_document  # noqa: E402


def per_call(ours, bare, data: bytes, seconds: float) -> tuple[float, float]:
    """Best seconds per call of both; calls interleaved so machine load hits both alike."""
    ours(data), bare(data)  # warm-up (imports, caches)
    a: list[float] = []
    b: list[float] = []
    start = time.perf_counter()
    while len(a) < 3 or time.perf_counter() - start < 2 * seconds:
        for fn, out in ((ours, a), (bare, b)):
            t = time.perf_counter()
            fn(data)
            out.append(time.perf_counter() - t)
    return min(a), min(b)


def bare_html(data: bytes) -> None:
    lxml.html.document_fromstring(data.decode("utf-8"))


def bare_docx(data: bytes) -> None:
    d = docx.Document(io.BytesIO(data))
    for _ in d.element.body.iterchildren():
        pass


def bare_pdf(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def bare_pdfium(data: bytes) -> None:
    """PDFium's characters with their boxes: the floor any PDF reader built on it can reach."""
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        tp = page.get_textpage()
        for i in range(tp.count_chars()):
            tp.get_charbox(i, loose=True)
        tp.close()
        page.close()
    pdf.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sy = fixture("shuyang-fgj-2023.html")
        docx_path = docx_from_parts(html_parts(sy), Path(tmp) / "shuyang.docx")
        cases = [
            ("html", sy.name, sy.read_bytes(), bare_html, "lxml.html"),
            ("docx", "shuyang (converted)", docx_path.read_bytes(), bare_docx, "docx.Document"),
        ]
        for name in (
            "huaian-city-gov-2024.pdf",
            "hongze-district-gov-2023.pdf",
            "hongze-district-gov-2024.pdf",
        ):
            data = fixture(name).read_bytes()
            cases.append(("pdf", name, data, bare_pdf, "pdfplumber text"))
            cases.append(("pdf", name, data, bare_pdfium, "pypdfium2 chars+boxes"))
        sample = sorted((ROOT / "data" / "sample").rglob("*.pdf"))[0]  # a generated 3-page PDF
        cases.append(("pdf", f"sample {sample.parent.name}/{sample.name}", sample.read_bytes(),
                      bare_pdfium, "pypdfium2 chars+boxes"))  # fmt: skip
        print(f"{'format':6} {'file':30} {'read/s':>8} {'bare/s':>8} {'ratio':>6}  bare read")
        for fmt, label, data, bare, bare_label in cases:

            def ours(d: bytes, name: str = label) -> None:
                read_document(None, data=d, name=name)

            t_ours, t_bare = per_call(ours, bare, data, args.seconds)
            print(
                f"{fmt:6} {label:30} {1 / t_ours:8.1f} {1 / t_bare:8.1f} "
                f"{t_ours / t_bare:6.2f}  {bare_label}"
            )


if __name__ == "__main__":
    main()
